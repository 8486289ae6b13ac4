// Package mamori holds the vocabulary of the whole product: the resources that
// collectors read, the checks that judge them, the findings a scan produces and
// the interfaces that the dependency packages (aws, sqlite, report, ...) implement.
//
// Data flows one way (see README, "Architecture"):
//
//	collectors -> resources -> analyzers (facts) -> engine (checks) -> findings -> store -> reports
//
// Nothing in this package talks to a cloud, a database or a terminal.
package mamori

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Resource is one thing in a cloud account or an IaC file. The Type follows the
// Terraform resource type names (aws_s3_bucket, aws_security_group, ...) so that a
// check reads a resource the same way whatever produced it. The attributes each
// type carries are documented in docs/resources.md.
type Resource struct {
	// Provider is the cloud or platform: "aws".
	Provider string `json:"provider"`
	// Account is the account (or project / subscription) id.
	Account string `json:"account"`
	// Region is the region the resource lives in, or "global" for global services.
	Region string `json:"region"`
	// Type is the Terraform-style resource type, e.g. "aws_s3_bucket".
	Type string `json:"type"`
	// ID identifies the resource uniquely within the provider (an ARN for AWS).
	ID string `json:"id"`
	// Name is the human name (bucket name, user name, security group name).
	Name string `json:"name"`
	// Tags are the resource's key/value tags.
	Tags map[string]string `json:"tags,omitempty"`
	// Attributes is the resource's configuration as a JSON-like tree: values are
	// nil, bool, int64, float64, string, []any or map[string]any.
	Attributes map[string]any `json:"attributes"`
	// Relations point at other resources this one refers to.
	Relations []Relation `json:"relations,omitempty"`
	// Facts are conclusions analyzers derived from more than one resource
	// (for example "public" for an S3 bucket). Collectors never set them.
	Facts map[string]any `json:"facts,omitempty"`
}

// Ref returns the short reference used in findings.
func (r *Resource) Ref() ResourceRef {
	return ResourceRef{Type: r.Type, ID: r.ID, Name: r.Name, Tags: r.Tags}
}

// Relation is a directed link from one resource to another.
type Relation struct {
	// Kind says what the link means, e.g. "attached_to", "member_of", "uses_key".
	Kind string `json:"kind"`
	// Type is the target resource's type.
	Type string `json:"type"`
	// ID is the target resource's ID.
	ID string `json:"id"`
}

// ResourceRef identifies a resource inside a finding.
type ResourceRef struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Name string `json:"name"`
	// Tags are the resource's tags while its findings are muted; they are
	// not stored with the finding.
	Tags map[string]string `json:"-"`
}

// Severity ranks how bad a failed check is.
type Severity int

// Severities from least to most severe.
const (
	SeverityInfo Severity = iota
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

// String returns the lower-case name of the severity.
func (s Severity) String() string {
	if s < SeverityInfo || s > SeverityCritical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want one of %s)", s, strings.Join(severityNames[:], ", "))
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Status is the outcome of one check on one resource.
type Status string

// The four outcomes. ERROR means the resource could not be read or the check
// could not be evaluated; it is never turned into a PASS.
const (
	StatusPass  Status = "PASS"
	StatusFail  Status = "FAIL"
	StatusMuted Status = "MUTED"
	StatusError Status = "ERROR"
)

// ParseStatus reads a status name, case-insensitively.
func ParseStatus(s string) (Status, error) {
	switch st := Status(strings.ToUpper(strings.TrimSpace(s))); st {
	case StatusPass, StatusFail, StatusMuted, StatusError:
		return st, nil
	}
	return "", fmt.Errorf("unknown status %q (want PASS, FAIL, MUTED or ERROR)", s)
}

// Text is a user-facing string in both languages the product speaks.
type Text struct {
	En string `json:"en" yaml:"en"`
	Ja string `json:"ja" yaml:"ja"`
}

// In returns the text in lang ("ja" or "en"), falling back to English.
func (t Text) In(lang string) string {
	if lang == "ja" && t.Ja != "" {
		return t.Ja
	}
	return t.En
}

// Remediation says how to fix a failed check, in three ways.
type Remediation struct {
	// Console is the step-by-step fix in the provider's web console.
	Console Text `json:"console" yaml:"console"`
	// CLI is a command line that fixes it (placeholders in <angle brackets>).
	CLI string `json:"cli,omitempty" yaml:"cli"`
	// Terraform is the Terraform snippet of the compliant configuration.
	Terraform string `json:"terraform,omitempty" yaml:"terraform"`
}

// Check is one rule, written as data (a YAML file): its Condition is a CEL
// expression over one resource that is true when the resource is compliant.
type Check struct {
	// ID is stable and unique, e.g. "aws-s3-bucket-public-access".
	ID string `json:"id" yaml:"id"`
	// Title is one line in both languages.
	Title Text `json:"title" yaml:"title"`
	// Description says what is checked and why.
	Description Text `json:"description" yaml:"description"`
	// Severity of a FAIL.
	Severity Severity `json:"severity" yaml:"severity"`
	// Provider of the resources the check reads: "aws".
	Provider string `json:"provider" yaml:"provider"`
	// Service groups checks in listings: "s3", "iam", "ec2", ...
	Service string `json:"service" yaml:"service"`
	// ResourceType is the one resource type the check applies to.
	ResourceType string `json:"resource_type" yaml:"resource_type"`
	// Condition is a CEL expression, true when the resource passes. It sees the
	// resource as `resource` (attributes at the top level plus id, name, region,
	// account, tags) and analyzer facts as `facts`.
	Condition string `json:"condition" yaml:"condition"`
	// Detail, when set, is a CEL expression of type string, evaluated when
	// the check fails or errs: its value becomes the finding's reason (for
	// example the steps of a privilege-escalation path). Empty values are
	// ignored.
	Detail string `json:"detail,omitempty" yaml:"detail"`
	// Risk says what an attacker can do when the check fails.
	Risk Text `json:"risk" yaml:"risk"`
	// Remediation says how to fix it.
	Remediation Remediation `json:"remediation" yaml:"remediation"`
	// References are URLs to provider documentation.
	References []string `json:"references,omitempty" yaml:"references"`
	// Compliance lists "framework:control" mappings, e.g. "cis-aws-3.0:2.1.1".
	Compliance []string `json:"compliance,omitempty" yaml:"compliance"`
	// Tests are the check's own fixtures: at least one resource that passes and
	// one that fails. Every shipped check has both; `mamori checks test` runs them.
	Tests []CheckTest `json:"-" yaml:"tests"`
	// Source is where the check was loaded from: "builtin" or a file path.
	Source string `json:"source" yaml:"-"`
}

// CheckTest is one fixture of a check: a resource and the status it must get.
type CheckTest struct {
	// Name says what the fixture shows.
	Name string `yaml:"name"`
	// Want is PASS or FAIL.
	Want Status `yaml:"want"`
	// Resource gives the fixture's name, tags and attributes.
	Resource struct {
		Name       string            `yaml:"name"`
		Region     string            `yaml:"region"`
		Tags       map[string]string `yaml:"tags"`
		Attributes map[string]any    `yaml:"attributes"`
		Facts      map[string]any    `yaml:"facts"`
	} `yaml:"resource"`
}

// Finding is the result of one check on one resource in one scan.
type Finding struct {
	// ScanID is the scan that produced the finding.
	ScanID string `json:"scan_id"`
	// Tenant is the customer (of an MSP) or company the scanned account
	// belongs to: always its scan's tenant.
	Tenant string `json:"tenant"`
	// CheckID is the check that was evaluated.
	CheckID string `json:"check_id"`
	// Status is PASS, FAIL, MUTED or ERROR.
	Status Status `json:"status"`
	// Severity is copied from the check at scan time.
	Severity Severity `json:"severity"`
	// Resource is the resource judged. For ERROR findings from a collector that
	// could not read a service, the ID names the region and service instead.
	Resource ResourceRef `json:"resource"`
	// Provider, Account and Region locate the resource.
	Provider string `json:"provider"`
	Account  string `json:"account"`
	Region   string `json:"region"`
	// Reason explains ERROR (what failed) and MUTED (why muted); empty otherwise.
	Reason string `json:"reason,omitempty"`
	// Mute is set for MUTED findings.
	Mute *Mute `json:"mute,omitempty"`
	// FirstSeen is when this check first had this status on this resource,
	// across scans; LastSeen is this scan's time.
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// Key identifies the same check on the same resource across scans.
func (f *Finding) Key() string {
	return f.CheckID + "|" + f.Provider + "|" + f.Account + "|" + f.Region + "|" + f.Resource.ID
}

// Mute records who muted a finding, why and until when.
type Mute struct {
	By     string    `json:"by" yaml:"by"`
	Reason string    `json:"reason" yaml:"reason"`
	Until  time.Time `json:"until,omitempty" yaml:"until"`
	// Owner owns the accepted risk; Rule is the stored rule's ID (empty for
	// a mutelist file's rule).
	Owner string `json:"owner,omitempty" yaml:"owner"`
	Rule  string `json:"rule,omitempty" yaml:"rule"`
}

// Scan is one run of the collectors and the checks.
type Scan struct {
	// ID is unique, sortable by time.
	ID string `json:"id"`
	// Tenant is the customer (of an MSP) or company whose accounts were
	// scanned; DefaultTenant while mamori runs for one company.
	Tenant string `json:"tenant"`
	// Source says what was scanned: "demo", "aws", "aws:profile=prod".
	Source string `json:"source"`
	// Provider is "aws".
	Provider string `json:"provider"`
	// Accounts and Regions that were scanned.
	Accounts []string `json:"accounts"`
	Regions  []string `json:"regions"`
	// StartedAt and FinishedAt bracket the scan.
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// Partial is true when some service or region could not be read; the
	// reasons are in Errors and as ERROR findings.
	Partial bool `json:"partial"`
	// Errors lists what could not be read.
	Errors []CollectError `json:"errors,omitempty"`
	// Resources is the number of resources collected.
	Resources int `json:"resources"`
	// Counts tallies findings by status.
	Counts map[Status]int `json:"counts"`
}

// CollectError says which service in which region of which account could not
// be read, and why.
type CollectError struct {
	Provider string `json:"provider"`
	Account  string `json:"account"`
	Region   string `json:"region"`
	Service  string `json:"service"`
	// Action is the API call that failed, e.g. "s3:GetBucketPolicy".
	Action string `json:"action,omitempty"`
	// Types are the resource types the failed collector would have produced.
	Types []string `json:"types,omitempty"`
	// Message is the reason, with no secret in it.
	Message string `json:"message"`
	// NotApplicable marks what was not read because it cannot be used in the
	// account at all — a region it has not enabled, a region or service a
	// service control policy denies, a suspended account — rather than
	// because reading failed. It is reported (once) but makes no ERROR
	// finding and does not make the scan partial.
	NotApplicable bool `json:"not_applicable,omitempty"`
}

func (e *CollectError) Error() string {
	where := e.Service
	if e.Region != "" {
		where += " in " + e.Region
	}
	if e.Action != "" {
		return fmt.Sprintf("%s: %s: %s", where, e.Action, e.Message)
	}
	return where + ": " + e.Message
}

// Collector reads one provider's resources.
type Collector interface {
	// Collect sends every resource it reads to emit and every service or region
	// it could not read to fail; it returns an error only when nothing at all
	// can be read (no credentials, for example). emit and fail are never
	// called concurrently.
	Collect(ctx context.Context, emit func(Resource), fail func(CollectError)) error
}

// DefaultTenant is the tenant of records made without one: the company that
// runs mamori for itself.
const DefaultTenant = "default"

// FindingFilter selects stored findings. Zero fields select everything.
type FindingFilter struct {
	// ScanID selects one scan; empty means the latest scan.
	ScanID      string
	Status      []Status
	MinSeverity Severity
	CheckID     string
	ResourceID  string
	// Account selects one account's findings.
	Account string
	Limit   int
}

// Store keeps scans, resources and findings. Implementations: sqlite (default)
// and, later, postgres; both pass store/storetest.
type Store interface {
	// CreateScan records a scan that has started.
	CreateScan(ctx context.Context, s *Scan) error
	// PutResources stores resources of a scan.
	PutResources(ctx context.Context, scanID string, rs []Resource) error
	// PutFacts replaces the facts of resources already stored for a scan.
	PutFacts(ctx context.Context, scanID string, rs []Resource) error
	// PutFindings stores findings of a scan and sets each finding's FirstSeen
	// from the previous finished scan (same Key and Status), LastSeen to the
	// scan time.
	PutFindings(ctx context.Context, scanID string, fs []Finding) error
	// FinishScan records the end, counts and errors of a scan.
	FinishScan(ctx context.Context, s *Scan) error
	// DeleteScan removes a scan with everything stored for it.
	DeleteScan(ctx context.Context, id string) error
	// Scans lists finished scans, newest first, at most limit (0: all).
	Scans(ctx context.Context, limit int) ([]Scan, error)
	// Scan returns one scan; ErrNotFound when there is none.
	Scan(ctx context.Context, id string) (*Scan, error)
	// Findings lists findings matching f, ordered by severity (highest first),
	// check id, resource id.
	Findings(ctx context.Context, f FindingFilter) ([]Finding, error)
	// WalkFindings calls fn for each finding matching f, in the order of
	// Findings, reading them from the store a batch at a time, so that memory
	// does not grow with the number of findings. The finding passed to fn is
	// only valid during the call. An error from fn stops the walk and is
	// returned as it is.
	WalkFindings(ctx context.Context, f FindingFilter, fn func(*Finding) error) error
	// CountFindings counts the findings matching f (its Limit aside) by check,
	// status and severity, ordered by check ID, status and severity.
	CountFindings(ctx context.Context, f FindingFilter) ([]FindingCount, error)
	// CountChanges counts, by check, what changed between the failures of two
	// scans as Compare defines it, without loading either scan's findings:
	// failures of cur that did not fail in prev (New), and failures of prev
	// that pass, are muted or are gone in cur (Resolved). Checks with neither
	// are left out; the order is by check ID.
	CountChanges(ctx context.Context, prevID, curID string) ([]CheckChange, error)
	// Resources lists a scan's resources.
	Resources(ctx context.Context, scanID string) ([]Resource, error)
	// Close releases the store.
	Close() error
}

// FindingCount is how many findings of one check had one status and severity.
type FindingCount struct {
	CheckID  string   `json:"check_id"`
	Status   Status   `json:"status"`
	Severity Severity `json:"severity"`
	Count    int      `json:"count"`
}

// CheckChange is how many failures of one check are new, and how many are
// resolved, between two scans.
type CheckChange struct {
	CheckID  string   `json:"check_id"`
	Severity Severity `json:"severity"`
	New      int      `json:"new"`
	Resolved int      `json:"resolved"`
}

// ErrNotFound is returned when a requested record does not exist.
var ErrNotFound = fmt.Errorf("not found")

// AllAttributes, as a name in Reads, stands for every attribute of a type.
const AllAttributes = "*"

// ReadsTags, as a name in Reads, says that the resource's tags are read; a
// type without it (or AllAttributes) is kept without its tags.
const ReadsTags = "@tags"

// Reads names, by resource type, the top-level attributes that checks and
// analyzers read. A scan stores each resource whole and keeps in memory only
// what is read, which is what lets a 100k-resource scan stay small.
type Reads map[string]map[string]bool

// Add records that attributes of typ are read.
func (r Reads) Add(typ string, names ...string) {
	set := r[typ]
	if set == nil {
		set = map[string]bool{}
		r[typ] = set
	}
	for _, n := range names {
		set[n] = true
	}
}

// Merge adds every read of o to r.
func (r Reads) Merge(o Reads) {
	for typ, set := range o {
		r.Add(typ)
		for n := range set {
			r[typ][n] = true
		}
	}
}

// Prune drops the top-level attributes of res that nothing reads, and its
// tags unless they are read. The kept values are shared with the original
// tree, not copied.
func (r Reads) Prune(res *Resource) {
	set := r[res.Type]
	if set[AllAttributes] {
		return
	}
	if !set[ReadsTags] {
		res.Tags = nil
	}
	if res.Attributes == nil {
		return
	}
	n := 0
	for k := range res.Attributes {
		if set[k] {
			n++
		}
	}
	if n == len(res.Attributes) {
		return
	}
	// Never nil: an empty tree and no tree mean different things to readers.
	kept := make(map[string]any, n)
	for k, v := range res.Attributes {
		if set[k] {
			kept[k] = v
		}
	}
	res.Attributes = kept
}
