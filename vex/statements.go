package vex

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// Statement is one VEX statement in the terms all three formats share: a
// vulnerability, a product (and the vulnerable component inside it), a
// status with its justification or action. OpenVEX, CSAF VEX and CycloneDX
// VEX are written from and read into Statements.
type Statement struct {
	// Vuln is the vulnerability's ID (the alias group's name on export);
	// Aliases its other IDs.
	Vuln    string
	Aliases []string
	Title   string
	// Product identifies what the statement is about: a mamori asset
	// ("urn:mamori:asset:<tenant>:<name>") or a package URL.
	Product string
	// Component is the vulnerable package inside the product (purl with
	// version), when the product is an asset.
	Component string
	// Status is not_affected, affected, fixed or under_investigation.
	Status        string
	Justification string
	// Note is why (not affected) or what to do (affected).
	Note      string
	Timestamp time.Time
	// Meta carries what only mamori reads back (the decision's ID, scope,
	// tenant and version range), so that a document it exported imports to
	// the same decisions; empty in other producers' documents.
	Meta url.Values
}

// AssetURN names a mamori asset as a VEX product.
func AssetURN(tenant, asset string) string {
	return "urn:mamori:asset:" + url.PathEscape(mamori.TenantOr(tenant)) + ":" + url.PathEscape(asset)
}

// ParseAssetURN reads an AssetURN; ok is false for anything else.
func ParseAssetURN(s string) (tenant, asset string, ok bool) {
	rest, ok := strings.CutPrefix(s, "urn:mamori:asset:")
	if !ok {
		return "", "", false
	}
	t, a, ok := strings.Cut(rest, ":")
	if !ok {
		return "", "", false
	}
	t, err1 := url.PathUnescape(t)
	a, err2 := url.PathUnescape(a)
	return t, a, err1 == nil && err2 == nil && t != "" && a != ""
}

const metaPrefix = "mamori:"

func encodeMeta(m url.Values) string {
	if len(m) == 0 {
		return ""
	}
	return metaPrefix + m.Encode()
}

func decodeMeta(s string) url.Values {
	for _, part := range strings.Split(s, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(part), metaPrefix); ok {
			if v, err := url.ParseQuery(rest); err == nil {
				return v
			}
		}
	}
	return nil
}

func purlWithVersion(p mamori.CasePackage) string {
	base := p.PURL
	if base == "" {
		base = purlFor(p.Ecosystem, p.Name)
	}
	if p.Version == "" {
		return base
	}
	return base + "@" + p.Version
}

// purlFor builds a package URL for the common ecosystems (OSV's names).
func purlFor(ecosystem, name string) string {
	t := map[string]string{"Go": "golang", "PyPI": "pypi", "npm": "npm", "crates.io": "cargo", "RubyGems": "gem",
		"Packagist": "composer", "Maven": "maven", "NuGet": "nuget", "Debian": "deb", "Alpine": "apk"}[mamori.BaseEcosystem(ecosystem)]
	if t == "" {
		t = "generic"
	}
	if t == "maven" {
		name = strings.Replace(name, ":", "/", 1)
	}
	return "pkg:" + t + "/" + name
}

func caseStatus(c *mamori.Case) string {
	if c.Decision != nil {
		return string(c.Decision.Status)
	}
	switch c.Status {
	case mamori.CaseNew, mamori.CaseInvestigating:
		return "under_investigation"
	case mamori.CasePatched:
		return "fixed"
	case mamori.CaseClosed:
		if !c.Present {
			return "fixed"
		}
		return "affected"
	}
	return "affected"
}

// FromCases turns cases and decisions into statements: one per case and
// vulnerable package (the product is the asset, the component the
// package), then one per decision of scope customer or all (the product is
// the package).
func FromCases(cs []mamori.Case, ds []mamori.Decision) []Statement {
	var out []Statement
	for i := range cs {
		c := &cs[i]
		for _, p := range c.Packages {
			s := Statement{Vuln: c.Group, Aliases: c.Aliases, Title: c.Title, Product: AssetURN(c.Tenant, c.Asset), Component: purlWithVersion(p),
				Status: caseStatus(c), Timestamp: c.Updated, Meta: url.Values{"range": {p.Range}, "case": {c.ID}}}
			if d := c.Decision; d != nil {
				s.Justification, s.Note, s.Timestamp = d.Justification, d.Note, d.At
				if d.Scope == mamori.ScopeAsset {
					s.Meta.Set("decision", d.ID)
					s.Meta.Set("by", d.By)
					s.Meta.Set("source", d.Source)
					s.Meta.Set("at", d.At.UTC().Format(time.RFC3339Nano))
				}
			}
			if s.Status == "affected" && s.Note == "" && c.Plan != nil {
				if c.Plan.Kind == mamori.PlanPatch {
					s.Note = "patch planned by " + c.Plan.By.Format(time.DateOnly)
				} else {
					s.Note = "risk accepted until " + c.Plan.Until.Format(time.DateOnly) + ": " + c.Plan.Compensating
				}
			}
			out = append(out, s)
		}
	}
	for _, d := range ds {
		if d.Scope == mamori.ScopeAsset {
			continue
		}
		out = append(out, Statement{Vuln: d.Group, Product: d.Package, Status: string(d.Status), Justification: d.Justification, Note: d.Note, Timestamp: d.At,
			Meta: url.Values{"decision": {d.ID}, "scope": {d.Scope}, "tenant": {d.Tenant}, "range": {d.Range}, "by": {d.By}, "source": {d.Source}, "at": {d.At.UTC().Format(time.RFC3339Nano)}}})
	}
	return out
}

// Lookup answers what importing needs of the store.
type Lookup interface {
	// Group returns the alias group's name of an ID known in the tenant
	// (or the shared tenant); ok is false when nobody knows it.
	Group(tenant, id string) (string, bool, error)
	// Asset reports whether the tenant has the asset.
	Asset(tenant, name string) (bool, error)
	// PackageRange returns the affected range under which the tenant's
	// cases of group hold the package (purl without version), and whether
	// the package is known in the tenant at all.
	PackageRange(tenant, group, pkg string) (rng string, known bool, err error)
}

// ErrUnknown is wrapped by the errors of statements that name a
// vulnerability or product mamori does not know.
var ErrUnknown = errors.New("unknown")

// ToDecisions turns statements into decisions. Statements of mamori's own
// export carry their decision's scope and range; a supplier's statements
// are decisions of scope customer (tenant not default) or all, with the
// supplier as their Source. Under-investigation statements, and mamori's
// statements of cases without a decision, decide nothing. A statement that
// names an unknown vulnerability or product fails the whole import.
func ToDecisions(ss []Statement, tenant, supplier, actor string, now time.Time, lk Lookup) ([]*mamori.Decision, int, error) {
	tenant = mamori.TenantOr(tenant)
	var out []*mamori.Decision
	skipped := 0
	seen := map[string]int{}
	for i, s := range ss {
		where := fmt.Sprintf("statement %d (%s, %s)", i+1, s.Vuln, s.Product)
		st := mamori.DecisionStatus(s.Status)
		switch st {
		case mamori.DecisionAffected, mamori.DecisionNotAffected, mamori.DecisionFixed:
		case "under_investigation":
			skipped++
			continue
		default:
			return nil, 0, fmt.Errorf("%s: unknown status %q", where, s.Status)
		}
		own := s.Meta != nil
		if own && s.Meta.Get("decision") == "" {
			skipped++
			continue
		}
		d := &mamori.Decision{Status: st, Justification: s.Justification, Note: s.Note, At: s.Timestamp, By: actor, Source: supplier}
		if d.At.IsZero() {
			d.At = now
		}
		if own {
			d.By, d.Source = s.Meta.Get("by"), s.Meta.Get("source")
			if at, err := time.Parse(time.RFC3339Nano, s.Meta.Get("at")); err == nil {
				d.At = at
			}
		}
		if d.By == "" {
			d.By = actor
		}
		if d.Source == "" {
			d.Source = mamori.SourceLocal
		}
		t := tenant
		pkg := s.Product
		if at, asset, ok := ParseAssetURN(s.Product); ok {
			t = at
			has, err := lk.Asset(t, asset)
			if err != nil {
				return nil, 0, err
			}
			if !has {
				return nil, 0, fmt.Errorf("%s: %w product: no asset %s for customer %s", where, ErrUnknown, asset, t)
			}
			d.Scope, d.Asset = mamori.ScopeAsset, asset
			pkg = s.Component
		} else if own {
			d.Scope, t = s.Meta.Get("scope"), s.Meta.Get("tenant")
		} else if t != mamori.DefaultTenant {
			d.Scope = mamori.ScopeCustomer
		} else {
			d.Scope = mamori.ScopeAll
		}
		if !strings.HasPrefix(pkg, "pkg:") {
			return nil, 0, fmt.Errorf("%s: %w product: %q is neither a mamori asset nor a package URL", where, ErrUnknown, pkg)
		}
		d.Tenant = mamori.TenantOr(t)
		d.Package = mamori.PackageKey("", "", pkg)
		g, ok, err := lk.Group(d.Tenant, s.Vuln)
		if err != nil {
			return nil, 0, err
		}
		for _, a := range s.Aliases {
			if ok {
				break
			}
			if g, ok, err = lk.Group(d.Tenant, a); err != nil {
				return nil, 0, err
			}
		}
		if !ok {
			return nil, 0, fmt.Errorf("%s: %w vulnerability %s (import its advisory first)", where, ErrUnknown, s.Vuln)
		}
		d.Group = g
		rng, known, err := lk.PackageRange(d.Tenant, g, d.Package)
		if err != nil {
			return nil, 0, err
		}
		if own {
			rng = s.Meta.Get("range")
		} else if !known {
			return nil, 0, fmt.Errorf("%s: %w product: no asset of customer %s runs %s", where, ErrUnknown, d.Tenant, d.Package)
		}
		d.Range = rng
		if err := d.Validate(); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", where, err)
		}
		if j, dup := seen[d.Key()]; dup {
			out[j] = d
			continue
		}
		seen[d.Key()] = len(out)
		out = append(out, d)
	}
	return out, skipped, nil
}

func justificationOK(j string) bool { return slices.Contains(mamori.Justifications, j) }
