package mamori

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The case workflow of vulnerability response: each (alias group, asset)
// pair that matches becomes a Case, which moves through its lifecycle under
// rules that are methods here, so that the CLI today and the server
// tomorrow cannot bypass them:
//
//	new -> investigating -> affected | not_affected -> notified -> remediation_approved -> patched | risk_accepted -> closed
//
// Decisions ("not affected", "affected") are kept apart from cases, keyed by
// alias group x package (purl and version range) x scope, so that they apply
// to new versions, assets and re-imports until someone says otherwise.

// CaseStatus is where a case is in its lifecycle.
type CaseStatus string

// The statuses, in lifecycle order.
const (
	CaseNew           CaseStatus = "new"
	CaseInvestigating CaseStatus = "investigating"
	CaseAffected      CaseStatus = "affected"
	CaseNotAffected   CaseStatus = "not_affected"
	CaseNotified      CaseStatus = "notified"
	CaseApproved      CaseStatus = "remediation_approved"
	CasePatched       CaseStatus = "patched"
	CaseRiskAccepted  CaseStatus = "risk_accepted"
	CaseClosed        CaseStatus = "closed"
)

// CaseStatuses lists every status in lifecycle order.
var CaseStatuses = []CaseStatus{CaseNew, CaseInvestigating, CaseAffected, CaseNotAffected, CaseNotified, CaseApproved, CasePatched, CaseRiskAccepted, CaseClosed}

// caseTransitions are the moves the lifecycle allows. A case may be decided
// straight from new (the decision is the investigation); approval may come
// before or after the notification; a closed case re-opens to investigating.
var caseTransitions = map[CaseStatus][]CaseStatus{
	CaseNew:           {CaseInvestigating, CaseAffected, CaseNotAffected},
	CaseInvestigating: {CaseAffected, CaseNotAffected},
	CaseAffected:      {CaseNotified, CaseApproved, CaseNotAffected, CaseInvestigating},
	CaseNotAffected:   {CaseClosed, CaseAffected, CaseInvestigating},
	CaseNotified:      {CaseApproved, CaseNotified},
	CaseApproved:      {CasePatched, CaseRiskAccepted, CaseNotified},
	CasePatched:       {CaseClosed},
	CaseRiskAccepted:  {CaseClosed, CaseInvestigating},
	CaseClosed:        {CaseInvestigating},
}

// Allowed lists the statuses a case in s may move to.
func (s CaseStatus) Allowed() []CaseStatus { return caseTransitions[s] }

// Open reports whether a case in s still needs work (everything but closed).
func (s CaseStatus) Open() bool { return s != CaseClosed && s != "" }

// ErrTransition is wrapped by the error of a move the lifecycle forbids.
var ErrTransition = errors.New("transition not allowed")

// TransitionError says which move was refused and which are allowed.
type TransitionError struct {
	Case     string
	From, To CaseStatus
	Allowed  []CaseStatus
	Reason   string // set when the move is allowed in general but not now
}

func (e *TransitionError) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("case %s: cannot move from %s to %s: %s", e.Case, e.From, e.To, e.Reason)
	}
	var as []string
	for _, a := range e.Allowed {
		as = append(as, string(a))
	}
	allowed := "none"
	if len(as) > 0 {
		allowed = strings.Join(as, ", ")
	}
	return fmt.Sprintf("case %s: cannot move from %s to %s (allowed from %s: %s)", e.Case, e.From, e.To, e.From, allowed)
}

func (e *TransitionError) Unwrap() error { return ErrTransition }

// ErrRule is wrapped by the error of a change a protective rule refuses (an
// approval by the requester, a risk acceptance without evidence).
var ErrRule = errors.New("refused by rule")

func ruleErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrRule}, args...)...)
}

// CasePackage is one vulnerable package of the case's asset.
type CasePackage struct {
	// Ecosystem, Name and Version as the match found them; PURL the
	// package URL without version (pkg:golang/golang.org/x/net) when known.
	Ecosystem string `json:"ecosystem"`
	Name      string `json:"name"`
	Version   string `json:"version"`
	PURL      string `json:"purl,omitempty"`
	// Range is the affected range the version fell in (">=0, <0.23.0");
	// Fixed the first fixed version, when known.
	Range string `json:"range,omitempty"`
	Fixed string `json:"fixed,omitempty"`
	// Confidence of the match.
	Confidence Confidence `json:"confidence"`
}

// Key is what a decision about the package is keyed by: purl (or
// ecosystem/name) and the affected range, not the version.
func (p CasePackage) Key() string {
	return PackageKey(p.Ecosystem, p.Name, p.PURL) + "|" + p.Range
}

// PackageKey names a package without version: its purl without version,
// else "ecosystem/name".
func PackageKey(ecosystem, name, purl string) string {
	if purl != "" {
		if i := strings.LastIndex(purl, "@"); i > strings.LastIndex(purl, "/") {
			purl = purl[:i]
		}
		return purl
	}
	return BaseEcosystem(ecosystem) + "/" + NormalizeName(ecosystem, name)
}

// Plan is the remediation someone asked for: a patch by a date, or the
// acceptance of the risk until a date.
type Plan struct {
	// Kind is "patch" or "accept_risk".
	Kind string `json:"kind"`
	// By is the date a patch is due; Until the expiry of a risk acceptance.
	By    time.Time `json:"by,omitempty"`
	Until time.Time `json:"until,omitempty"`
	// Evidence, Compensating: a risk acceptance's evidence file and
	// compensating control.
	Evidence     *Evidence `json:"evidence,omitempty"`
	Compensating string    `json:"compensating,omitempty"`
	Note         string    `json:"note,omitempty"`
	// RequestedBy asked for the plan at RequestedAt; ApprovedBy approved
	// it at ApprovedAt (never the same person).
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
	ApprovedBy  string    `json:"approved_by,omitempty"`
	ApprovedAt  time.Time `json:"approved_at,omitempty"`
}

// The plan kinds.
const (
	PlanPatch      = "patch"
	PlanAcceptRisk = "accept_risk"
)

// Evidence is a file that supports a risk acceptance: its name and SHA-256
// (the file itself stays where the user keeps it).
type Evidence struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Validate checks the plan's own rules: a patch needs a date; a risk
// acceptance needs evidence, a compensating control and an expiry after now.
func (p *Plan) Validate(now time.Time) error {
	switch p.Kind {
	case PlanPatch:
		if p.By.IsZero() {
			return ruleErr("a patch plan needs a date (--by)")
		}
	case PlanAcceptRisk:
		if p.Evidence == nil || p.Evidence.SHA256 == "" {
			return ruleErr("a risk acceptance needs an evidence file (--evidence)")
		}
		if strings.TrimSpace(p.Compensating) == "" {
			return ruleErr("a risk acceptance needs a compensating control (--compensating)")
		}
		if p.Until.IsZero() {
			return ruleErr("a risk acceptance needs an expiry (--until)")
		}
		if !p.Until.After(now) {
			return ruleErr("the risk acceptance's expiry %s is not in the future", p.Until.Format(time.DateOnly))
		}
	default:
		return ruleErr("unknown plan %q (want patch or accept_risk)", p.Kind)
	}
	if strings.TrimSpace(p.RequestedBy) == "" {
		return ruleErr("a plan needs the person who asks for it")
	}
	return nil
}

// Case is one vulnerability (an alias group) on one asset, and what has
// been decided and done about it.
type Case struct {
	Tenant string `json:"tenant"`
	// ID is "C-<n>", unique across tenants.
	ID string `json:"id"`
	// Group is the alias group's name; Aliases its other IDs; Title the
	// advisory's summary.
	Group   string   `json:"group"`
	Aliases []string `json:"aliases,omitempty"`
	Title   string   `json:"title,omitempty"`
	// Asset is the affected asset; Owner its owner when the case was last
	// synchronised.
	Asset string `json:"asset"`
	Owner string `json:"owner,omitempty"`
	// Packages are the asset's vulnerable packages (present or last seen).
	Packages []CasePackage `json:"packages"`
	// Present is whether the latest matches of the asset still contain the
	// vulnerability; a patched case needs it false to close.
	Present bool       `json:"present"`
	Status  CaseStatus `json:"status"`
	// Assignee works on the case.
	Assignee string `json:"assignee,omitempty"`
	// Decision is the current decision (affected / not affected).
	Decision *Decision `json:"decision,omitempty"`
	// Plan is the remediation asked for and, once approved, who approved.
	Plan *Plan `json:"plan,omitempty"`
	// Urgency is the SSVC outcome with its inputs; Due the date the policy
	// gives it.
	Urgency Urgency   `json:"urgency"`
	Due     time.Time `json:"due,omitempty"`
	// Opened is when the case was created or last re-opened; Updated its
	// last change; Closed when it was closed.
	Created time.Time `json:"created"`
	Opened  time.Time `json:"opened"`
	Updated time.Time `json:"updated"`
	Closed  time.Time `json:"closed,omitempty"`
	// Patched is when the case last became patched (an approved patch the
	// latest scan or SBOM confirms); zero while it is not, and again when
	// it re-opens. Cases stored before the field have it zero.
	Patched time.Time `json:"patched,omitempty"`
	// Reopens counts how often the case was re-opened; ReopenReason says
	// why the last time.
	Reopens      int    `json:"reopens,omitempty"`
	ReopenReason string `json:"reopen_reason,omitempty"`
	// Notified lists the recipients whose notification was delivered.
	Notified []string `json:"notified,omitempty"`
}

// Overdue reports whether the open case is past its due date at now.
func (c *Case) Overdue(now time.Time) bool {
	return c.Status.Open() && c.Status != CaseNotAffected && c.Status != CaseRiskAccepted && !c.Due.IsZero() && now.After(c.Due)
}

// move changes the status when the lifecycle allows it.
func (c *Case) move(to CaseStatus, now time.Time) error {
	if !slices.Contains(c.Status.Allowed(), to) {
		return &TransitionError{Case: c.ID, From: c.Status, To: to, Allowed: c.Status.Allowed()}
	}
	c.Status, c.Updated = to, now
	switch to {
	case CaseClosed:
		c.Closed = now
	case CasePatched:
		c.Patched = now
	}
	return nil
}

// Assign gives the case to a person; a new case moves to investigating.
func (c *Case) Assign(to string, now time.Time) error {
	if strings.TrimSpace(to) == "" {
		return ruleErr("assign to whom? (--to)")
	}
	if !c.Status.Open() {
		return &TransitionError{Case: c.ID, From: c.Status, To: CaseInvestigating, Reason: "a closed case is not assigned; it re-opens by itself when the vulnerability returns"}
	}
	c.Assignee, c.Updated = to, now
	if c.Status == CaseNew {
		return c.move(CaseInvestigating, now)
	}
	return nil
}

// Decide records a decision on the case and moves it to affected or not
// affected. A "not affected" decision needs a justification.
func (c *Case) Decide(d *Decision, now time.Time) error {
	if err := d.Validate(); err != nil {
		return err
	}
	to := CaseAffected
	if d.Status == DecisionNotAffected {
		to = CaseNotAffected
	}
	if c.Status == to {
		c.Decision, c.Updated = d, now
		return nil
	}
	if err := c.move(to, now); err != nil {
		return err
	}
	c.Decision = d
	return nil
}

// RequestPlan records the remediation asked for. It does not move the case:
// the plan waits for an approval by somebody else.
func (c *Case) RequestPlan(p *Plan, now time.Time) error {
	if c.Status != CaseAffected && c.Status != CaseNotified && c.Status != CaseApproved {
		return &TransitionError{Case: c.ID, From: c.Status, To: CaseApproved,
			Reason: "a remediation is planned for an affected case (decide first: mamori case decide " + c.ID + " --affected)"}
	}
	if err := p.Validate(now); err != nil {
		return err
	}
	p.ApprovedBy, p.ApprovedAt = "", time.Time{}
	c.Plan, c.Updated = p, now
	if c.Status == CaseApproved {
		// A new plan needs a new approval.
		c.Status = CaseAffected
	}
	return nil
}

// Approve approves the plan. The approver must differ from the person who
// asked for it. An approved risk acceptance makes the case risk_accepted.
func (c *Case) Approve(by string, now time.Time) error {
	if c.Plan == nil {
		return &TransitionError{Case: c.ID, From: c.Status, To: CaseApproved, Reason: "there is no plan to approve (mamori case plan " + c.ID + " --patch --by DATE)"}
	}
	if strings.TrimSpace(by) == "" {
		return ruleErr("an approval needs the approver's name")
	}
	if strings.EqualFold(strings.TrimSpace(by), strings.TrimSpace(c.Plan.RequestedBy)) {
		return ruleErr("%s asked for this plan and cannot approve it; another person must (--as NAME)", by)
	}
	if c.Plan.Kind == PlanAcceptRisk && !c.Plan.Until.After(now) {
		return ruleErr("the risk acceptance expired on %s; plan again", c.Plan.Until.Format(time.DateOnly))
	}
	if err := c.move(CaseApproved, now); err != nil {
		return err
	}
	c.Plan.ApprovedBy, c.Plan.ApprovedAt = by, now
	if c.Plan.Kind == PlanAcceptRisk {
		return c.move(CaseRiskAccepted, now)
	}
	if !c.Present {
		// The fix already shows in the latest scan or SBOM.
		return c.move(CasePatched, now)
	}
	return nil
}

// MarkNotified records delivered notifications; the case moves to notified
// when it was affected (a later notice of an approved case keeps its status).
func (c *Case) MarkNotified(to []string, now time.Time) error {
	for _, t := range to {
		if !slices.Contains(c.Notified, t) {
			c.Notified = append(c.Notified, t)
		}
	}
	c.Updated = now
	if c.Status == CaseAffected || c.Status == CaseNotified {
		return c.move(CaseNotified, now)
	}
	if c.Status == CaseApproved || c.Status == CasePatched || c.Status == CaseRiskAccepted {
		return nil
	}
	return &TransitionError{Case: c.ID, From: c.Status, To: CaseNotified, Allowed: c.Status.Allowed()}
}

// Close closes the case: a not-affected or risk-accepted case at once; an
// approved patch only when the latest matches no longer contain the
// vulnerability (a later scan or SBOM shows the fix).
func (c *Case) Close(now time.Time) error {
	switch c.Status {
	case CaseApproved:
		if c.Plan == nil || c.Plan.Kind != PlanPatch {
			break
		}
		if c.Present {
			return &TransitionError{Case: c.ID, From: c.Status, To: CaseClosed,
				Reason: "the asset's latest matches still contain the vulnerable version; record the fixed SBOM or scan first (mamori asset add / mamori vuln matches)"}
		}
		if err := c.move(CasePatched, now); err != nil {
			return err
		}
	case CasePatched:
		if c.Present {
			return &TransitionError{Case: c.ID, From: c.Status, To: CaseClosed, Reason: "the vulnerable version is back in the asset's latest matches"}
		}
	}
	return c.move(CaseClosed, now)
}

// Reopen re-opens the case to investigating, saying why.
func (c *Case) Reopen(reason string, now time.Time) {
	c.Status, c.Updated, c.Opened, c.Closed, c.Patched = CaseInvestigating, now, now, time.Time{}, time.Time{}
	c.Reopens++
	c.ReopenReason = reason
	if c.Plan != nil && c.Plan.Kind == PlanAcceptRisk {
		c.Plan = nil
	}
}

// Returned applies the rule for a vulnerable version that is back in the
// asset's latest matches after it was gone: a case closed or patched after
// a patch (or without a plan) re-opens; a not-affected decision and a risk
// acceptance still hold. It returns the reason when it re-opened the case.
func (c *Case) Returned(now time.Time) string {
	if c.Status != CaseClosed && c.Status != CasePatched {
		return ""
	}
	if c.Decision != nil && c.Decision.Status == DecisionNotAffected {
		return ""
	}
	if c.Plan != nil && c.Plan.Kind == PlanAcceptRisk {
		return ""
	}
	c.Reopen("the vulnerable version is back in the asset's latest scan or SBOM", now)
	return c.ReopenReason
}

// Reconcile applies the rule that runs with time: a risk acceptance past
// its expiry re-opens the case. It returns the reason when it re-opened it.
func (c *Case) Reconcile(now time.Time) string {
	if (c.Status == CaseRiskAccepted || c.Status == CaseClosed) && c.Plan != nil && c.Plan.Kind == PlanAcceptRisk && !c.Plan.Until.IsZero() && !now.Before(c.Plan.Until) {
		c.Reopen("the risk acceptance expired on "+c.Plan.Until.Format(time.DateOnly), now)
		return c.ReopenReason
	}
	return ""
}

// DecisionStatus is what a decision says of a package.
type DecisionStatus string

// The decisions.
const (
	DecisionAffected    DecisionStatus = "affected"
	DecisionNotAffected DecisionStatus = "not_affected"
	DecisionFixed       DecisionStatus = "fixed"
)

// Justifications are the reasons a package is not affected (OpenVEX's and
// CSAF's labels; CycloneDX's map onto them).
var Justifications = []string{
	"component_not_present",
	"vulnerable_code_not_present",
	"vulnerable_code_not_in_execute_path",
	"vulnerable_code_cannot_be_controlled_by_adversary",
	"inline_mitigations_already_exist",
}

// Decision scopes.
const (
	ScopeAsset    = "asset"
	ScopeCustomer = "customer"
	ScopeAll      = "all"
)

// Decision is a reusable judgement: the vulnerability (alias group) does or
// does not affect a package in a version range, for one asset, one customer
// or everything. It holds until someone decides otherwise.
type Decision struct {
	// ID is "D-<n>".
	ID     string `json:"id"`
	Tenant string `json:"tenant"`
	// Group is the alias group; Package the package key (PackageKey);
	// Range the affected version range it covers ("" is every version).
	Group   string `json:"group"`
	Package string `json:"package"`
	Range   string `json:"range,omitempty"`
	// Scope is asset, customer or all; Asset names the asset of an asset
	// scope.
	Scope string `json:"scope"`
	Asset string `json:"asset,omitempty"`
	// Status is affected, not_affected or fixed; Justification the reason
	// of a not_affected; Note free text.
	Status        DecisionStatus `json:"status"`
	Justification string         `json:"justification,omitempty"`
	Note          string         `json:"note,omitempty"`
	// Source is who made it: "mamori" for a person here, else a supplier
	// (its VEX document's author); By the person, At when.
	Source string    `json:"source"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// SourceLocal marks a decision made in mamori by a person.
const SourceLocal = "mamori"

// Key identifies what the decision is about (not what it says).
func (d *Decision) Key() string {
	return strings.Join([]string{d.Tenant, d.Group, d.Package, d.Range, d.Scope, d.Asset}, "|")
}

// Validate checks the decision's fields.
func (d *Decision) Validate() error {
	switch d.Status {
	case DecisionAffected, DecisionFixed:
	case DecisionNotAffected:
		if !slices.Contains(Justifications, d.Justification) {
			return ruleErr("a not-affected decision needs a justification: one of %s", strings.Join(Justifications, ", "))
		}
	default:
		return ruleErr("unknown decision %q", d.Status)
	}
	switch d.Scope {
	case ScopeAsset:
		if d.Asset == "" {
			return ruleErr("an asset-scoped decision names its asset")
		}
	case ScopeCustomer, ScopeAll:
	default:
		return ruleErr("unknown scope %q (want asset, customer or all)", d.Scope)
	}
	if d.Group == "" || d.Package == "" {
		return ruleErr("a decision names a vulnerability and a package")
	}
	if strings.TrimSpace(d.By) == "" {
		return ruleErr("a decision names who made it")
	}
	return nil
}

// Applies reports whether the decision covers a package of a case: the
// same group and package key, and the same range (or every range), within
// its scope.
func (d *Decision) Applies(tenant, asset, group string, p CasePackage) bool {
	if d.Group != group || d.Package != PackageKey(p.Ecosystem, p.Name, p.PURL) || (d.Range != "" && d.Range != p.Range) {
		return false
	}
	switch d.Scope {
	case ScopeAsset:
		return d.Tenant == tenant && d.Asset == asset
	case ScopeCustomer:
		return d.Tenant == tenant
	}
	return true
}

// scopeRank orders decisions from the most specific.
func (d *Decision) scopeRank() int {
	switch d.Scope {
	case ScopeAsset:
		return 0
	case ScopeCustomer:
		return 1
	}
	return 2
}

// DecisionFor picks the decision a case takes from ds: for each package the
// most specific decision covering it (asset before customer before all,
// the latest among equals); nil unless every package has one. When one of
// them says affected, that one; else the first package's.
func DecisionFor(ds []Decision, c *Case) *Decision {
	if len(c.Packages) == 0 {
		return nil
	}
	var pick *Decision
	for _, p := range c.Packages {
		var best *Decision
		for i := range ds {
			d := &ds[i]
			if !d.Applies(c.Tenant, c.Asset, c.Group, p) {
				continue
			}
			if best == nil || d.scopeRank() < best.scopeRank() || (d.scopeRank() == best.scopeRank() && d.At.After(best.At)) {
				best = d
			}
		}
		if best == nil {
			return nil
		}
		if pick == nil || (best.Status == DecisionAffected && pick.Status != DecisionAffected) {
			pick = best
		}
	}
	return pick
}

// CaseFilter selects cases.
type CaseFilter struct {
	// Tenant, when set, keeps one customer's cases; empty is every tenant.
	Tenant string
	// Open keeps the cases not closed; Status, when set, one status.
	Open   bool
	Status CaseStatus
	Asset  string
	Group  string
	// Light asks for the columns a list shows only: packages by name and
	// version, the decision's status and justification, a risk
	// acceptance's expiry; no urgency inputs, plan details or history.
	Light bool
	// ExpiresBefore, when set, keeps the cases whose risk acceptance
	// expires before it (risk_accepted or closed).
	ExpiresBefore time.Time
}

// CaseChange is one change to store: the case as it is now, and what was
// done (the change log's action) by whom.
type CaseChange struct {
	Case   *Case
	Action string
	Actor  string
	// Detail is what the log entry records beside the case (a reason, a
	// decision ID, the recipients).
	Detail map[string]string
}

// CaseStore keeps cases, decisions and the change log. Every change to a
// case or a decision is appended to the change log in the same transaction.
type CaseStore interface {
	// Case returns one case by ID; ErrNotFound when none.
	Case(ctx context.Context, id string) (*Case, error)
	// Cases lists cases, most urgent first (outcome, then due date, then ID).
	Cases(ctx context.Context, f CaseFilter) ([]Case, error)
	// SaveCases stores the changes in one transaction: a case without ID
	// is created (and its ID written back); each change is logged.
	SaveCases(ctx context.Context, cs []CaseChange) error
	// PutDecisions stores decisions (a decision with the Key of a stored
	// one replaces it; a new one gets an ID) and logs them, with the case
	// changes, in one transaction.
	PutDecisions(ctx context.Context, ds []*Decision, actor string, cs []CaseChange) error
	// Decisions lists the decisions of a tenant and of scope all.
	Decisions(ctx context.Context, tenant string) ([]Decision, error)
	ChangeLog
}

// Urgency is the SSVC outcome of a case (CISA's tree: Exploitation,
// Automatable, Technical Impact, Mission & Well-being) raised one step when
// the asset is reachable from the internet, with every input and where it
// came from, and the policy rule that set the due date.
type Urgency struct {
	// Outcome is "track", "track*", "attend" or "act".
	Outcome string `json:"outcome"`
	// TreeOutcome is the tree's outcome before the exposure step.
	TreeOutcome string `json:"tree_outcome"`
	// Exploitation is none, poc or active; Automatable no or yes;
	// TechnicalImpact partial or total; Mission low, medium or high.
	Exploitation    string `json:"exploitation"`
	Automatable     string `json:"automatable"`
	TechnicalImpact string `json:"technical_impact"`
	Mission         string `json:"mission"`
	// Exposed is whether the asset is reachable from the internet
	// according to the latest scan.
	Exposed bool `json:"exposed"`
	// Why says where each input came from, in the order above, then the
	// exposure.
	Why []Reason `json:"why"`
	// CVSS is the highest base score among the group's CVSS v3/v2 vectors
	// (0 when none); Vector that vector.
	CVSS   float64 `json:"cvss,omitempty"`
	Vector string  `json:"vector,omitempty"`
	// Rule names the policy rule that gave the due date.
	Rule string `json:"rule,omitempty"`
}

// Reason is one line of an explanation: a message key of the i18n
// catalogue with its arguments (so that it is shown in the reader's
// language), and the English text.
type Reason struct {
	Key  string   `json:"key"`
	Args []string `json:"args,omitempty"`
	Text string   `json:"text"`
}

// The SSVC outcomes, least urgent first.
var Outcomes = []string{"track", "track*", "attend", "act"}

// OutcomeRank orders outcomes: act 3 ... track 0; unknown -1.
func OutcomeRank(o string) int { return slices.Index(Outcomes, o) }
