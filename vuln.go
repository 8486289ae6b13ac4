package mamori

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The vulnerability-response half of the vocabulary: advisories come in from
// their sources (OSV, CISA KEV, EPSS, later JVN, CSAF and staff reports), are
// merged by alias, and are matched to the components each asset runs. Data
// flows one way here too:
//
//	sources -> advisories (alias groups) -> matcher <- components (SBOM, lockfiles) of assets -> matches -> store -> reports

// DefaultTenant (mamori.go) is also the tenant of the data shared by all
// customers of an MSP: public advisories, KEV, EPSS.

// TenantOr returns t, or DefaultTenant when t is empty.
func TenantOr(t string) string {
	if t == "" {
		return DefaultTenant
	}
	return t
}

// Advisory is one entry of one source: an OSV record, a JVN entry, a CSAF
// document, a staff report. The same vulnerability often has several
// advisories under different IDs (CVE, GHSA, GO-, PYSEC, JVNDB); their IDs
// and aliases join them into one AliasGroup.
type Advisory struct {
	// Tenant owns the advisory: DefaultTenant for public sources, shared by
	// every tenant; a customer's tenant for a report only it may see.
	Tenant string `json:"tenant"`
	// ID is the source's identifier ("GO-2024-3228", "GHSA-...", "CVE-...").
	ID string `json:"id"`
	// Aliases are other IDs of the same vulnerability, as the source lists them.
	Aliases []string `json:"aliases,omitempty"`
	// Source names where it came from: "osv", "jvn", "csaf", "manual".
	Source string `json:"source"`
	// Origin is the file or URL it was read from (with the entry inside a
	// zip: "go/all.zip!GO-2024-3228.json").
	Origin string `json:"origin,omitempty"`
	// Modified and Published are the source's times; zero when it gives none
	// (OSV's Go data writes 0001-01-01 for "unknown").
	Modified  time.Time `json:"modified"`
	Published time.Time `json:"published,omitempty"`
	// Withdrawn is when the source withdrew the advisory; a withdrawn
	// advisory is kept and shown, but matches nothing.
	Withdrawn time.Time `json:"withdrawn,omitempty"`
	// Summary is one line; Details is the full text, as the source wrote it
	// (in Japanese for JVN).
	Summary string `json:"summary,omitempty"`
	Details string `json:"details,omitempty"`
	// Affected lists the packages and version ranges the advisory covers.
	Affected []Affected `json:"affected,omitempty"`
	// Severity holds the source's scores (CVSS vectors).
	Severity []SeverityScore `json:"severity,omitempty"`
	// References are links (advisory pages, fixes, reports).
	References []Reference `json:"references,omitempty"`
	// Raw is the source's payload for this entry, exactly as read (JSON,
	// YAML or XML, as the source gives it).
	Raw []byte `json:"-"`
	// FetchedAt is when mamori read it.
	FetchedAt time.Time `json:"fetched_at"`
	// Reporter and Channel are the provenance of a manual advisory (Source
	// "manual"): who reported it ("suzuki@sakura.example") and how it came
	// in ("customer", "staff", "vendor-mail").
	Reporter string `json:"reporter,omitempty"`
	Channel  string `json:"channel,omitempty"`
	// Overview is set when the source gave only an overview of the entry
	// (JVNRSS: title, description, products, no version ranges). An
	// overview never replaces a detailed entry of the same ID, and a
	// detailed entry always replaces an overview.
	Overview bool `json:"overview,omitempty"`
	// Distro names the OS distribution whose own advisory this is ("Debian",
	// "Alpine", "Red Hat" ...): for a distro package it takes precedence
	// over upstream advisories of the same vulnerability.
	Distro string `json:"distro,omitempty"`
}

// SourceManual names advisories reported by people (mamori vuln report).
const SourceManual = "manual"

// Affected is one package an advisory covers, with its version ranges.
type Affected struct {
	// Ecosystem is OSV's ecosystem name ("Go", "PyPI", "npm", "Debian:12").
	Ecosystem string `json:"ecosystem"`
	// Name is the package name in that ecosystem ("stdlib" for Go's
	// standard library).
	Name string `json:"name"`
	// PURL is the package URL when the source gives one.
	PURL string `json:"purl,omitempty"`
	// Ranges are the affected version ranges.
	Ranges []VersionRange `json:"ranges,omitempty"`
	// Versions lists affected versions one by one.
	Versions []string `json:"versions,omitempty"`
	// CPE is the product's CPE name (2.2 URI "cpe:/a:vendor:product" or 2.3
	// "cpe:2.3:a:vendor:product:..."), when the source gives one (JVN, NVD,
	// CSAF). A component with a CPE matches it by vendor and product, as a
	// candidate (see vuln.MatchCPE).
	CPE string `json:"cpe,omitempty"`
}

// VersionRange is an OSV range: events in version order, each introducing
// or ending an affected stretch.
type VersionRange struct {
	// Type is SEMVER, ECOSYSTEM or GIT (GIT ranges are kept, not matched).
	Type string `json:"type"`
	// Repo is the repository of a GIT range.
	Repo string `json:"repo,omitempty"`
	// Events open (Introduced) and close (Fixed, LastAffected, Limit) the
	// affected stretches.
	Events []RangeEvent `json:"events"`
}

// RangeEvent is one event of a range; exactly one field is set.
type RangeEvent struct {
	Introduced   string `json:"introduced,omitempty"`
	Fixed        string `json:"fixed,omitempty"`
	LastAffected string `json:"last_affected,omitempty"`
	Limit        string `json:"limit,omitempty"`
}

// Kind names the event's field: "introduced", "fixed", "last_affected" or
// "limit"; "" when none is set.
func (e RangeEvent) Kind() string {
	switch {
	case e.Introduced != "":
		return "introduced"
	case e.Fixed != "":
		return "fixed"
	case e.LastAffected != "":
		return "last_affected"
	case e.Limit != "":
		return "limit"
	}
	return ""
}

// Version is the version the event names.
func (e RangeEvent) Version() string {
	return e.Introduced + e.Fixed + e.LastAffected + e.Limit
}

// SeverityScore is one score of an advisory: a CVSS vector and its type.
type SeverityScore struct {
	// Type is "CVSS_V2", "CVSS_V3", "CVSS_V4" or the source's own.
	Type string `json:"type"`
	// Score is the vector ("CVSS:3.1/AV:N/...") or the source's value.
	Score string `json:"score"`
}

// Reference is one link of an advisory.
type Reference struct {
	Type string `json:"type,omitempty"`
	URL  string `json:"url"`
}

// IDs returns the advisory's ID followed by its aliases, without repeats.
func (a *Advisory) IDs() []string {
	ids := []string{a.ID}
	for _, x := range a.Aliases {
		if x != "" && !slices.Contains(ids, x) {
			ids = append(ids, x)
		}
	}
	return ids
}

// IsWithdrawn reports whether the source withdrew the advisory.
func (a *Advisory) IsWithdrawn() bool { return !a.Withdrawn.IsZero() }

// Validate reports what makes the advisory unusable: no ID, no source, an
// affected package without ecosystem or name, a range without events or of
// an unknown type.
func (a *Advisory) Validate() error {
	if strings.TrimSpace(a.ID) == "" {
		return errors.New("advisory has no id")
	}
	if a.Source == "" {
		return fmt.Errorf("advisory %s has no source", a.ID)
	}
	if a.Source == SourceManual && (a.Reporter == "" || a.Channel == "") {
		return fmt.Errorf("advisory %s: a manual advisory needs a reporter and a channel", a.ID)
	}
	for i, af := range a.Affected {
		// A manual, JVN or CSAF advisory may name a product without an
		// ecosystem: it is matched by name (or CPE) only, as candidates.
		nameOnly := (a.Source == SourceManual || a.Source == "jvn" || a.Source == "csaf") && af.Name != ""
		if (af.Ecosystem == "" || af.Name == "") && !nameOnly {
			if af.PURL != "" || af.CPE != "" {
				continue
			}
			return fmt.Errorf("advisory %s: affected[%d] has no package ecosystem and name", a.ID, i)
		}
		for j, r := range af.Ranges {
			switch r.Type {
			case "SEMVER", "ECOSYSTEM", "GIT":
			default:
				return fmt.Errorf("advisory %s: affected[%d].ranges[%d]: unknown range type %q", a.ID, i, j, r.Type)
			}
			if len(r.Events) == 0 {
				return fmt.Errorf("advisory %s: affected[%d].ranges[%d] has no events", a.ID, i, j)
			}
		}
	}
	return nil
}

// Digest is a hash of what the advisory says (not when it was fetched nor
// where from): two imports of the same entry have the same digest.
func (a *Advisory) Digest() string {
	c := *a
	c.Tenant, c.FetchedAt, c.Origin, c.Raw = "", time.Time{}, "", nil
	b, _ := json.Marshal(&c)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

// Supersedes reports whether a should replace old, a stored advisory with
// the same ID: when a was modified later, or at the same time but says
// something else (sources that do not move the modification time). An
// older or identical a changes nothing. An overview (JVNRSS) never
// replaces a detailed entry, and a detailed entry always replaces an
// overview.
func (a *Advisory) Supersedes(old *Advisory) bool {
	switch {
	case a.Overview && !old.Overview:
		return false
	case !a.Overview && old.Overview:
		return true
	case a.Modified.After(old.Modified):
		return true
	case a.Modified.Equal(old.Modified):
		return a.Digest() != old.Digest()
	}
	return false
}

// AliasGroup is every ID known to name the same vulnerability, merged across
// sources (CVE ↔ GHSA ↔ GO- ↔ PYSEC ↔ JVNDB ...).
type AliasGroup struct {
	Tenant string `json:"tenant"`
	// ID is the group's name: GroupID of its members.
	ID string `json:"id"`
	// Members are all the IDs, sorted.
	Members []string `json:"members"`
}

// GroupID names a group of IDs: its first CVE ID in sort order when it has
// one (the name people search for), else its first ID in sort order. The
// same members always give the same name.
func GroupID(ids []string) string {
	best := ""
	for _, id := range ids {
		if strings.HasPrefix(id, "CVE-") && (best == "" || id < best) {
			best = id
		}
	}
	if best != "" {
		return best
	}
	for _, id := range ids {
		if best == "" || id < best {
			best = id
		}
	}
	return best
}

// AdvisoryChange records that an import replaced a stored advisory.
type AdvisoryChange struct {
	Tenant string `json:"tenant"`
	ID     string `json:"id"`
	Source string `json:"source"`
	// OldModified and NewModified are the modification times before and after.
	OldModified time.Time `json:"old_modified"`
	NewModified time.Time `json:"new_modified"`
	// OldDigest and NewDigest are the Digests before and after.
	OldDigest string `json:"old_digest"`
	NewDigest string `json:"new_digest"`
	// At is when the change was stored.
	At time.Time `json:"at"`
}

// ImportStats counts what an import did to the stored records.
type ImportStats struct {
	// Added were new; Updated replaced a stored record (an AdvisoryChange
	// each, for advisories); Unchanged were already stored as they are;
	// Stale were older than what is stored and left out.
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Stale     int `json:"stale"`
}

// Add adds o's counts to s.
func (s *ImportStats) Add(o ImportStats) {
	s.Added += o.Added
	s.Updated += o.Updated
	s.Unchanged += o.Unchanged
	s.Stale += o.Stale
}

// KEVEntry is one entry of CISA's Known Exploited Vulnerabilities catalogue.
type KEVEntry struct {
	Tenant           string          `json:"tenant"`
	CVE              string          `json:"cve"`
	VendorProject    string          `json:"vendor_project"`
	Product          string          `json:"product"`
	Name             string          `json:"name"`
	DateAdded        time.Time       `json:"date_added"`
	ShortDescription string          `json:"short_description,omitempty"`
	RequiredAction   string          `json:"required_action,omitempty"`
	DueDate          time.Time       `json:"due_date,omitempty"`
	KnownRansomware  string          `json:"known_ransomware,omitempty"` // "Known", "Unknown"
	Notes            string          `json:"notes,omitempty"`
	CatalogVersion   string          `json:"catalog_version,omitempty"`
	Raw              json.RawMessage `json:"-"`
	FetchedAt        time.Time       `json:"fetched_at"`
}

// EPSSScore is FIRST's Exploit Prediction Scoring System score of one CVE
// on one day.
type EPSSScore struct {
	Tenant string `json:"tenant"`
	CVE    string `json:"cve"`
	// Score is the probability of exploitation in the next 30 days (0..1).
	Score float64 `json:"score"`
	// Percentile ranks the score among all CVEs (0..1).
	Percentile float64 `json:"percentile"`
	// Date is the score's day; ModelVersion the model that computed it.
	Date         time.Time `json:"date"`
	ModelVersion string    `json:"model_version,omitempty"`
}

// Importance is how much an asset matters to its owner (part 2 weighs
// urgency by it).
type Importance string

// The importances, from least to most.
const (
	ImportanceLow      Importance = "low"
	ImportanceMedium   Importance = "medium"
	ImportanceHigh     Importance = "high"
	ImportanceCritical Importance = "critical"
)

// ParseImportance reads an importance name, case-insensitively; empty is medium.
func ParseImportance(s string) (Importance, error) {
	switch i := Importance(strings.ToLower(strings.TrimSpace(s))); i {
	case "":
		return ImportanceMedium, nil
	case ImportanceLow, ImportanceMedium, ImportanceHigh, ImportanceCritical:
		return i, nil
	}
	return "", fmt.Errorf("unknown importance %q (want low, medium, high or critical)", s)
}

// Asset is something we run and look after: an application, a server, an
// account. What it runs is its list of Components.
type Asset struct {
	// Tenant is the customer the asset belongs to (DefaultTenant for the
	// company itself).
	Tenant string `json:"tenant"`
	// Name is unique within the tenant ("shop-web").
	Name string `json:"name"`
	// Owner is who answers for it (a person or a team).
	Owner string `json:"owner,omitempty"`
	// Importance is the declared importance.
	Importance Importance `json:"importance"`
	// Source says where its components came from (an SBOM file, a directory).
	Source string `json:"source,omitempty"`
	// UpdatedAt is when its components were last stored.
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate reports a missing name or a bad importance.
func (a *Asset) Validate() error {
	if strings.TrimSpace(a.Name) == "" {
		return errors.New("asset has no name")
	}
	if _, err := ParseImportance(string(a.Importance)); err != nil {
		return fmt.Errorf("asset %s: %w", a.Name, err)
	}
	return nil
}

// Component is one package an asset runs, at one version.
type Component struct {
	Tenant string `json:"tenant"`
	// Asset is the asset's name; empty for a one-off `vuln scan`.
	Asset string `json:"asset,omitempty"`
	// Ecosystem is OSV's ecosystem name ("Go", "PyPI", "npm"); empty when
	// unknown (such a component is never matched exactly).
	Ecosystem string `json:"ecosystem"`
	// Name is the package name as its ecosystem spells it.
	Name string `json:"name"`
	// Version is the version in use; empty when unknown.
	Version string `json:"version"`
	// PURL is the package URL.
	PURL string `json:"purl,omitempty"`
	// Location is the file it was found in (lockfile, SBOM).
	Location string `json:"location,omitempty"`
	// CPE is the component's CPE name when its source gives one (an SBOM's
	// cpe field, a cloud engine's product): it is matched against the CPEs
	// of advisories that name no package (JVN, CSAF, NVD-style), by part,
	// vendor and product, as a candidate.
	CPE string `json:"cpe,omitempty"`
	// MinVersion is set when Version is the least version a manifest
	// allows rather than the one that runs (Go's standard library from the
	// go line of go.mod: the toolchain that builds may be newer). Matches
	// against it are candidates.
	MinVersion bool `json:"min_version,omitempty"`
}

// Key identifies the component within its asset.
func (c *Component) Key() string {
	return c.Ecosystem + "|" + c.Name + "|" + c.Version + "|" + c.Location
}

var pypiSeparators = regexp.MustCompile(`[-_.]+`)

// NormalizeName returns the name under which an ecosystem compares package
// names: PyPI's PEP 503 normal form (lower case, runs of "-", "_" and "."
// as one "-"); a product named without an ecosystem in lower case; other
// ecosystems compare names as written.
func NormalizeName(ecosystem, name string) string {
	switch BaseEcosystem(ecosystem) {
	case "PyPI":
		return strings.ToLower(pypiSeparators.ReplaceAllLiteralString(name, "-"))
	case "":
		return strings.ToLower(strings.TrimSpace(name))
	}
	return name
}

// BaseEcosystem drops the release suffix of an ecosystem ("Debian:12" -> "Debian").
func BaseEcosystem(ecosystem string) string {
	b, _, _ := strings.Cut(ecosystem, ":")
	return b
}

// Confidence says how sure a match is.
type Confidence string

const (
	// ConfidenceExact: the component's ecosystem, name and version fall in
	// the advisory's affected ranges by the ecosystem's own version rules.
	ConfidenceExact Confidence = "exact"
	// ConfidenceCandidate: matched by product name or CPE only, without a
	// version, or against a least version (Component.MinVersion); it needs
	// triage and is never counted as affected.
	ConfidenceCandidate Confidence = "candidate"
)

// Match says that an advisory applies to a component of an asset, and why.
type Match struct {
	Tenant string `json:"tenant"`
	// Asset is the asset's name; empty for a one-off scan.
	Asset string `json:"asset,omitempty"`
	// Group is the alias group of the advisory; AdvisoryID the advisory
	// whose ranges matched; Aliases the group's other IDs.
	Group      string   `json:"group"`
	AdvisoryID string   `json:"advisory_id"`
	Aliases    []string `json:"aliases,omitempty"`
	// Summary is the advisory's summary.
	Summary string `json:"summary,omitempty"`
	// Component is what matched.
	Component Component `json:"component"`
	// Confidence is exact or candidate.
	Confidence Confidence `json:"confidence"`
	// Why says which range, event and versions were compared.
	Why MatchReason `json:"why"`
	// Severity holds the advisory's scores.
	Severity []SeverityScore `json:"severity,omitempty"`
	// KEV and EPSS are set when the group's CVE is in the KEV catalogue and
	// has an EPSS score.
	KEV  *KEVEntry  `json:"kev,omitempty"`
	EPSS *EPSSScore `json:"epss,omitempty"`
	// MatchedAt is when the match was made.
	MatchedAt time.Time `json:"matched_at"`
}

// MatchReason records the comparison that made a match.
type MatchReason struct {
	// Ecosystem is the affected entry's ecosystem; Package its name.
	Ecosystem string `json:"ecosystem"`
	Package   string `json:"package"`
	// RangeType is SEMVER or ECOSYSTEM; "versions" when the version is
	// listed one by one; "none" for a component without a version.
	RangeType string `json:"range_type"`
	// Range is the affected stretch in interval form (">=1.2.0, <1.2.5").
	Range string `json:"range,omitempty"`
	// Introduced and the closing event (Fixed, LastAffected or Limit) bound
	// the stretch the version fell in.
	Introduced   string `json:"introduced,omitempty"`
	Fixed        string `json:"fixed,omitempty"`
	LastAffected string `json:"last_affected,omitempty"`
	Limit        string `json:"limit,omitempty"`
	// Version is the component's version as compared.
	Version string `json:"version"`
}

// String says the reason in one line: "Go stdlib 1.22.1 in SEMVER >=0, <1.22.5".
func (r MatchReason) String() string {
	if r.RangeType == "cpe" {
		return fmt.Sprintf("CPE %s (vendor and product) matched, version %s: %s", r.Package, r.Version, r.Range)
	}
	if r.Ecosystem == "" {
		switch {
		case r.RangeType == "name" && r.Version == "":
			return fmt.Sprintf("product %s matched by name only (no version)", r.Package)
		case r.RangeType == "name":
			return fmt.Sprintf("product %s %s matched by name only (%s)", r.Package, r.Version, r.Range)
		}
		return fmt.Sprintf("product %s %s matched by name only, in %s %s", r.Package, r.Version, r.RangeType, r.Range)
	}
	if r.RangeType == "versions" {
		return fmt.Sprintf("%s %s %s listed as affected", r.Ecosystem, r.Package, r.Version)
	}
	if r.RangeType == "none" {
		return fmt.Sprintf("%s %s has no version: assumed affected", r.Ecosystem, r.Package)
	}
	return fmt.Sprintf("%s %s %s in %s %s", r.Ecosystem, r.Package, r.Version, r.RangeType, r.Range)
}

// MatchFilter selects stored matches.
type MatchFilter struct {
	// Tenant is required; Asset, when set, keeps one asset's matches.
	Tenant string
	Asset  string
}

// VulnStore keeps advisories, their alias groups, KEV and EPSS data, assets
// with their components, and matches. Every method takes or fills a tenant;
// an empty tenant means DefaultTenant.
type VulnStore interface {
	// PutAdvisories stores advisories in one transaction: a new ID is added;
	// a stored one is replaced when the new one Supersedes it (and an
	// AdvisoryChange recorded), else left as it is. IDs and aliases are
	// merged into alias groups. An advisory that fails Validate fails the
	// whole call and nothing is stored.
	PutAdvisories(ctx context.Context, as []Advisory) (ImportStats, error)
	// Advisory returns one advisory by its ID; ErrNotFound when none.
	Advisory(ctx context.Context, tenant, id string) (*Advisory, error)
	// AliasGroup returns the group an ID belongs to (an advisory's ID or
	// one of its aliases); ErrNotFound when no advisory names it.
	AliasGroup(ctx context.Context, tenant, id string) (*AliasGroup, error)
	// AdvisoriesAffecting returns the advisories of the tenants with an
	// affected entry for the package (ecosystem without release suffix, name
	// normalized by NormalizeName), ordered by ID.
	AdvisoriesAffecting(ctx context.Context, tenants []string, ecosystem, name string) ([]Advisory, error)
	// AdvisoryChanges lists the recorded changes of an advisory, oldest first.
	AdvisoryChanges(ctx context.Context, tenant, id string) ([]AdvisoryChange, error)
	// PutKEV stores KEV entries: a new CVE is added, a changed entry replaced.
	PutKEV(ctx context.Context, es []KEVEntry) (ImportStats, error)
	// KEV returns the KEV entry of a CVE; ErrNotFound when it is not listed.
	KEV(ctx context.Context, tenant, cve string) (*KEVEntry, error)
	// PutEPSS stores scores: a CVE's score is replaced by one of a later or
	// the same date; an older one is Stale.
	PutEPSS(ctx context.Context, ss []EPSSScore) (ImportStats, error)
	// EPSS returns a CVE's score; ErrNotFound when it has none.
	EPSS(ctx context.Context, tenant, cve string) (*EPSSScore, error)
	// PutAsset creates or updates an asset and replaces its components: it
	// is PutAssetBy on behalf of mamori itself (ActorMamori).
	PutAsset(ctx context.Context, a *Asset, cs []Component) error
	// PutAssetBy is PutAsset on behalf of actor (a person, or ActorMamori).
	// A store that keeps the ChangeLog appends the change to it (kind
	// "asset", the asset's name, action "put") in the same transaction.
	PutAssetBy(ctx context.Context, a *Asset, cs []Component, actor string) error
	// Asset returns one asset; ErrNotFound when none.
	Asset(ctx context.Context, tenant, name string) (*Asset, error)
	// Assets lists a tenant's assets by name.
	Assets(ctx context.Context, tenant string) ([]Asset, error)
	// Components lists an asset's components (ecosystem, name, version order).
	Components(ctx context.Context, tenant, asset string) ([]Component, error)
	// PutMatches replaces the stored matches of an asset.
	PutMatches(ctx context.Context, tenant, asset string, ms []Match) error
	// Matches lists stored matches (group, ecosystem, name, version order),
	// without KEV and EPSS.
	Matches(ctx context.Context, f MatchFilter) ([]Match, error)
	// FeedState returns what the last sync of a feed URL recorded (the
	// zero FeedState when none); PutFeedState records it.
	FeedState(ctx context.Context, url string) (FeedState, error)
	PutFeedState(ctx context.Context, url string, s FeedState) error
}

// FeedState is what mamori vuln sync remembers of a feed, so that an
// unchanged feed is not downloaded again (HTTP conditional requests).
type FeedState struct {
	ETag         string
	LastModified string
}
