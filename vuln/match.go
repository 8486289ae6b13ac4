package vuln

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/osv-scalibr/semantic"

	"github.com/mamori-sec/mamori"
)

// Matcher matches components to the stored advisories with each
// ecosystem's own version rules (osv-scalibr's semantic package: SemVer for
// Go, npm, crates.io; PEP 440 for PyPI; Maven; RubyGems; NuGet; Debian, RPM,
// Alpine ...). It follows osv-scanner's rules (see Affects) so that the two
// report the same package × advisory pairs.
type Matcher struct {
	Store mamori.VulnStore
	// Tenants whose advisories count: mamori.DefaultTenant (the public
	// sources) and the asset's own.
	Tenants []string
	// Now stamps the matches; nil means time.Now.
	Now func() time.Time

	advisories map[string][]mamori.Advisory
	groups     map[string]*mamori.AliasGroup
	kev        map[string]*mamori.KEVEntry
	epss       map[string]*mamori.EPSSScore
}

// Match returns the matches of the components, ordered by group, ecosystem,
// name, version, and the components that could not be compared (an unknown
// ecosystem, an invalid version), each as an error naming it. The error
// returned is the store's.
func (m *Matcher) Match(ctx context.Context, cs []mamori.Component) ([]mamori.Match, []error, error) {
	if m.advisories == nil {
		m.advisories = map[string][]mamori.Advisory{}
		m.groups = map[string]*mamori.AliasGroup{}
		m.kev = map[string]*mamori.KEVEntry{}
		m.epss = map[string]*mamori.EPSSScore{}
	}
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	at := now()
	var (
		out      []mamori.Match
		problems []error
	)
	for _, c := range cs {
		if c.Name == "" {
			continue
		}
		key := mamori.BaseEcosystem(c.Ecosystem) + "\x00" + mamori.NormalizeName(c.Ecosystem, c.Name)
		as, ok := m.advisories[key]
		if c.Ecosystem == "" {
			as, ok = nil, true // an unknown ecosystem is matched by name only, below
		}
		if !ok {
			var err error
			if as, err = m.Store.AdvisoriesAffecting(ctx, m.Tenants, c.Ecosystem, c.Name); err != nil {
				return nil, nil, err
			}
			m.advisories[key] = as
		}
		var cands []mamori.Match
		byCPE := map[string]bool{}
		if key := mamori.CPEKey(c.CPE); key != "" {
			cpeAs, err := m.lookup(ctx, mamori.CPEEcosystem, key)
			if err != nil {
				return nil, nil, err
			}
			for i := range cpeAs {
				a := &cpeAs[i]
				if why, ok := affectsByCPE(a, c); ok && !a.IsWithdrawn() {
					mt := mamori.Match{Tenant: c.Tenant, Asset: c.Asset, AdvisoryID: a.ID, Summary: a.Summary, Component: c,
						Confidence: mamori.ConfidenceCandidate, Why: why, Severity: a.Severity, MatchedAt: at}
					if err := m.enrich(ctx, a, &mt); err != nil {
						return nil, nil, err
					}
					byCPE[a.Tenant+"\x00"+a.ID] = true
					cands = append(cands, mt)
				}
			}
		}
		named, err := m.lookup(ctx, "", c.Name)
		if err != nil {
			return nil, nil, err
		}
		for i := range named {
			a := &named[i]
			if byCPE[a.Tenant+"\x00"+a.ID] {
				continue // matched by CPE, the better reason
			}
			if why, ok := affectsByName(a, c); ok && !a.IsWithdrawn() {
				mt := mamori.Match{Tenant: c.Tenant, Asset: c.Asset, AdvisoryID: a.ID, Summary: a.Summary, Component: c,
					Confidence: mamori.ConfidenceCandidate, Why: why, Severity: a.Severity, MatchedAt: at}
				if err := m.enrich(ctx, a, &mt); err != nil {
					return nil, nil, err
				}
				cands = append(cands, mt)
			}
		}
		if len(cands) > 0 && IsDistro(c.Ecosystem) {
			// A distribution's own advisory of the package decides for its
			// vulnerability: drop the upstream candidates of those groups.
			decided, err := m.distroGroups(ctx, as, c)
			if err != nil {
				return nil, nil, err
			}
			cands = slices.DeleteFunc(cands, func(mt mamori.Match) bool { return decided[mt.Group] })
		}
		out = append(out, cands...)
		if len(as) == 0 {
			continue
		}
		if c.Version != "" {
			if _, err := semantic.Parse(c.Version, c.Ecosystem); err != nil {
				problems = append(problems, componentErr(c, err))
				continue
			}
		}
		for i := range as {
			a := &as[i]
			if a.IsWithdrawn() {
				continue
			}
			why, ok := Affects(a, c)
			if !ok {
				continue
			}
			mt := mamori.Match{Tenant: c.Tenant, Asset: c.Asset, AdvisoryID: a.ID, Summary: a.Summary, Component: c,
				Confidence: mamori.ConfidenceExact, Why: why, Severity: a.Severity, MatchedAt: at}
			if why.RangeType == "none" || c.MinVersion {
				mt.Confidence = mamori.ConfidenceCandidate
			}
			if err := m.enrich(ctx, a, &mt); err != nil {
				return nil, nil, err
			}
			out = append(out, mt)
		}
	}
	slices.SortStableFunc(out, func(a, b mamori.Match) int {
		return strings.Compare(a.Group+"\x00"+a.Component.Ecosystem+"\x00"+a.Component.Name+"\x00"+a.Component.Version+"\x00"+a.AdvisoryID+"\x00"+a.Component.Location,
			b.Group+"\x00"+b.Component.Ecosystem+"\x00"+b.Component.Name+"\x00"+b.Component.Version+"\x00"+b.AdvisoryID+"\x00"+b.Component.Location)
	})
	return out, problems, nil
}

// lookup returns the advisories naming a package (or a CPE key), cached.
func (m *Matcher) lookup(ctx context.Context, ecosystem, name string) ([]mamori.Advisory, error) {
	key := mamori.BaseEcosystem(ecosystem) + "\x00" + mamori.NormalizeName(ecosystem, name)
	if as, ok := m.advisories[key]; ok {
		return as, nil
	}
	as, err := m.Store.AdvisoriesAffecting(ctx, m.Tenants, ecosystem, name)
	if err != nil {
		return nil, err
	}
	m.advisories[key] = as
	return as, nil
}

// distroGroups lists the alias groups for which a distribution's advisory
// covers the component's package (whatever its verdict on the version).
func (m *Matcher) distroGroups(ctx context.Context, as []mamori.Advisory, c mamori.Component) (map[string]bool, error) {
	out := map[string]bool{}
	name := mamori.NormalizeName(c.Ecosystem, c.Name)
	for i := range as {
		a := &as[i]
		for _, af := range a.Affected {
			if sameEcosystem(af.Ecosystem, c.Ecosystem) && mamori.NormalizeName(af.Ecosystem, af.Name) == name {
				var mt mamori.Match
				if err := m.enrich(ctx, a, &mt); err != nil {
					return nil, err
				}
				out[mt.Group] = true
				break
			}
		}
	}
	return out, nil
}

// IsDistro reports whether an ecosystem is an OS distribution's (its
// packages are built, patched and versioned by the distribution).
func IsDistro(ecosystem string) bool {
	switch mamori.BaseEcosystem(ecosystem) {
	case "Debian", "Ubuntu", "Alpine", "Red Hat", "AlmaLinux", "Rocky Linux", "SUSE", "openSUSE", "SUSE Linux Enterprise",
		"Amazon Linux", "Oracle Linux", "Photon OS", "Wolfi", "Chainguard", "Mageia", "openEuler", "Azure Linux", "Alpaquita",
		"MinimOS", "Echo":
		return true
	}
	return false
}

// genericVersions is the ordering used for a product's version when the
// component has no ecosystem but a CPE (cloud engines, SBOM entries named by
// CPE): osv-scalibr's Maven ordering, which compares dotted numbers as
// numbers ("13.4" < "13.12") and puts qualifiers (alpha, beta, rc) before
// the release.
const genericVersions = "Maven"

// versionEcosystem is the ecosystem whose rules compare c's version.
func versionEcosystem(c mamori.Component) string {
	if c.Ecosystem == "" && c.CPE != "" {
		return genericVersions
	}
	return c.Ecosystem
}

// affectsByCPE matches a component with a CPE against an advisory's
// products named by CPE. Part, vendor and product must all be equal (never
// the product alone, and never a wildcard vendor or product: the usual CPE
// false positives); then the version must fall in the entry's ranges or be
// listed, else equal the CPE's own version when it names one. Without any
// version to compare, the match says so. Every CPE match is a candidate.
func affectsByCPE(a *mamori.Advisory, c mamori.Component) (mamori.MatchReason, bool) {
	key := mamori.CPEKey(c.CPE)
	if key == "" {
		return mamori.MatchReason{}, false
	}
	cc, _ := mamori.ParseCPE(c.CPE)
	version := c.Version
	if version == "" {
		version = cc.Version
	}
	eco := versionEcosystem(c)
	for _, af := range a.Affected {
		if mamori.CPEKey(af.CPE) != key {
			continue
		}
		ac, _ := mamori.ParseCPE(af.CPE)
		why := mamori.MatchReason{Package: af.CPE, Version: version, RangeType: "cpe"}
		switch {
		case version == "":
			why.Range = "no version"
			return why, true
		case len(af.Ranges) > 0 || len(af.Versions) > 0:
			if listed(af.Versions, version) {
				why.Range = "listed"
				return why, true
			}
			for _, r := range af.Ranges {
				if w, ok := inRange(r, eco, version); ok {
					w.Package, w.RangeType = af.CPE, "cpe"
					return w, true
				}
			}
		case ac.Version != "":
			if v, err := semantic.Parse(version, eco); err == nil {
				if o, err := v.CompareStr(ac.Version); err == nil && o == 0 {
					why.Range = "=" + ac.Version
					return why, true
				}
			}
		default:
			why.Range = "version not compared"
			return why, true
		}
	}
	return mamori.MatchReason{}, false
}

func componentErr(c mamori.Component, err error) error {
	what := "invalid version"
	if errors.Is(err, semantic.ErrUnsupportedEcosystem) {
		what = "unknown ecosystem"
	}
	loc := ""
	if c.Location != "" {
		loc = c.Location + ": "
	}
	return fmt.Errorf("%s%s %s %s: %s, not compared", loc, c.Ecosystem, c.Name, c.Version, what)
}

// enrich sets the match's group, aliases, KEV entry and EPSS score.
func (m *Matcher) enrich(ctx context.Context, a *mamori.Advisory, mt *mamori.Match) error {
	g, ok := m.groups[a.Tenant+"\x00"+a.ID]
	if !ok {
		var err error
		g, err = m.Store.AliasGroup(ctx, a.Tenant, a.ID)
		if errors.Is(err, mamori.ErrNotFound) {
			g, err = &mamori.AliasGroup{Tenant: a.Tenant, ID: a.ID, Members: a.IDs()}, nil
		}
		if err != nil {
			return err
		}
		m.groups[a.Tenant+"\x00"+a.ID] = g
	}
	mt.Group = g.ID
	for _, id := range g.Members {
		if id != a.ID {
			mt.Aliases = append(mt.Aliases, id)
		}
	}
	for _, id := range g.Members {
		if !strings.HasPrefix(id, "CVE-") {
			continue
		}
		k, err := m.lookupKEV(ctx, id)
		if err != nil {
			return err
		}
		if k != nil && mt.KEV == nil {
			mt.KEV = k
		}
		s, err := m.lookupEPSS(ctx, id)
		if err != nil {
			return err
		}
		if s != nil && (mt.EPSS == nil || s.Score > mt.EPSS.Score) {
			mt.EPSS = s
		}
	}
	return nil
}

func (m *Matcher) lookupKEV(ctx context.Context, cve string) (*mamori.KEVEntry, error) {
	if k, ok := m.kev[cve]; ok {
		return k, nil
	}
	k, err := m.Store.KEV(ctx, mamori.DefaultTenant, cve)
	if errors.Is(err, mamori.ErrNotFound) {
		k, err = nil, nil
	}
	if k != nil {
		k.Raw = nil
	}
	m.kev[cve] = k
	return k, err
}

func (m *Matcher) lookupEPSS(ctx context.Context, cve string) (*mamori.EPSSScore, error) {
	if s, ok := m.epss[cve]; ok {
		return s, nil
	}
	s, err := m.Store.EPSS(ctx, mamori.DefaultTenant, cve)
	if errors.Is(err, mamori.ErrNotFound) {
		s, err = nil, nil
	}
	m.epss[cve] = s
	return s, err
}

// Affects reports whether the advisory covers the component, and why. It
// follows osv-scanner's local matcher: the same ecosystem and (normalized)
// name; a version listed in versions (with or without a leading "v"); else
// a SEMVER or ECOSYSTEM range whose events, in version order, put the
// version at or after an introduced event and before the fixed event (at or
// before last_affected) that closes it. Unlike osv-scanner, a GIT range is
// skipped rather than ending the search, and a limit event closes a range.
// A component without a version is affected (as a candidate).
func Affects(a *mamori.Advisory, c mamori.Component) (mamori.MatchReason, bool) {
	name := mamori.NormalizeName(c.Ecosystem, c.Name)
	for _, af := range a.Affected {
		if !sameEcosystem(af.Ecosystem, c.Ecosystem) || mamori.NormalizeName(af.Ecosystem, af.Name) != name {
			continue
		}
		if len(af.Ranges) == 0 && len(af.Versions) == 0 {
			continue
		}
		why := mamori.MatchReason{Ecosystem: af.Ecosystem, Package: af.Name, Version: c.Version}
		if c.Version == "" {
			why.RangeType = "none"
			return why, true
		}
		if listed(af.Versions, c.Version) {
			why.RangeType = "versions"
			return why, true
		}
		for _, r := range af.Ranges {
			if r.Type != "SEMVER" && r.Type != "ECOSYSTEM" {
				continue
			}
			if w, ok := inRange(r, c.Ecosystem, c.Version); ok {
				w.Ecosystem, w.Package = af.Ecosystem, af.Name
				return w, true
			}
		}
	}
	return mamori.MatchReason{}, false
}

// affectsByName matches a product that a manual advisory names without an
// ecosystem: the same name (case-insensitively) and a version in its range
// by the component's ecosystem's rules, or no version. The match is a
// candidate: the name may be another product's.
func affectsByName(a *mamori.Advisory, c mamori.Component) (mamori.MatchReason, bool) {
	for _, af := range a.Affected {
		if af.Ecosystem != "" || mamori.NormalizeName("", af.Name) != mamori.NormalizeName("", c.Name) {
			continue
		}
		if af.CPE != "" && c.CPE != "" && mamori.CPEKey(af.CPE) != mamori.CPEKey(c.CPE) {
			continue // the same name, but the CPEs say another vendor's product
		}
		why := mamori.MatchReason{Package: af.Name, Version: c.Version, RangeType: "name"}
		if c.Version == "" || listed(af.Versions, c.Version) {
			return why, true
		}
		if _, err := semantic.Parse(c.Version, versionEcosystem(c)); err != nil || len(af.Ranges) == 0 && len(af.Versions) == 0 {
			// No version rules to compare by (no or an unknown ecosystem), or
			// no range to compare with: the name alone makes it a candidate.
			why.Range = "version not compared"
			return why, true
		}
		for _, r := range af.Ranges {
			if w, ok := inRange(r, versionEcosystem(c), c.Version); ok {
				w.Package, w.Ecosystem = af.Name, ""
				return w, true
			}
		}
	}
	return mamori.MatchReason{}, false
}

// sameEcosystem: the same base ecosystem, and the same release when both
// name one ("Debian:12").
func sameEcosystem(advisory, component string) bool {
	if mamori.BaseEcosystem(advisory) != mamori.BaseEcosystem(component) {
		return false
	}
	_, ra, okA := strings.Cut(advisory, ":")
	_, rc, okC := strings.Cut(component, ":")
	return !okA || !okC || ra == rc
}

func listed(versions []string, v string) bool {
	nv := strings.TrimPrefix(v, "v")
	for _, x := range versions {
		if x == v || strings.TrimPrefix(x, "v") == nv {
			return true
		}
	}
	return false
}

// inRange evaluates one range.
func inRange(r mamori.VersionRange, ecosystem, version string) (mamori.MatchReason, bool) {
	v, err := semantic.Parse(version, ecosystem)
	if err != nil || len(r.Events) == 0 {
		return mamori.MatchReason{}, false
	}
	cmp := func(s string) int {
		o, err := v.CompareStr(s)
		if err != nil {
			return 0
		}
		return o
	}
	events := slices.Clone(r.Events)
	sort.SliceStable(events, func(i, j int) bool {
		a, b := events[i], events[j]
		if a.Introduced == "0" {
			return true
		}
		if b.Introduced == "0" {
			return false
		}
		va, err := semantic.Parse(a.Version(), ecosystem)
		if err != nil {
			return false
		}
		o, _ := va.CompareStr(b.Version())
		return o < 0
	})
	for _, e := range events {
		if e.Limit != "" && cmp(e.Limit) >= 0 {
			return mamori.MatchReason{}, false
		}
	}
	why := mamori.MatchReason{RangeType: r.Type, Version: version}
	affected := false
	for _, e := range events {
		switch {
		case affected && e.Fixed != "":
			if cmp(e.Fixed) < 0 {
				why.Fixed = e.Fixed
				why.Range = ">=" + why.Introduced + ", <" + e.Fixed
				return why, true
			}
			affected = false
		case affected && e.LastAffected != "":
			if e.LastAffected == version || cmp(e.LastAffected) <= 0 {
				why.LastAffected = e.LastAffected
				why.Range = ">=" + why.Introduced + ", <=" + e.LastAffected
				return why, true
			}
			affected = false
		case !affected && e.Introduced != "":
			if e.Introduced == "0" || cmp(e.Introduced) >= 0 {
				affected, why.Introduced = true, e.Introduced
			}
		}
	}
	if affected {
		why.Range = ">=" + why.Introduced
		for _, e := range events {
			if e.Limit != "" {
				why.Limit = e.Limit
				why.Range += ", <" + e.Limit
			}
		}
		return why, true
	}
	return mamori.MatchReason{}, false
}
