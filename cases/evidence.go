package cases

import (
	"context"
	"time"

	"github.com/mamori-sec/mamori"
)

// The evidence of mamori.EvidenceVulnHighFixed14d (SCS criterion 4-4-4-2, "serious
// vulnerabilities (CVSS 7.0 or higher) fixed within 14 days"), read from the
// cases: each case of CVSS 7.0 or more is judged on its own, from the time it
// was found (opened, or re-opened when the vulnerable version came back) to
// the time it became patched.
const (
	// FixCVSS is the lowest CVSS base score a case is judged at.
	FixCVSS = 7.0
	// FixDays is how many days a case has, counted like the due dates:
	// until the end (UTC) of the 14th day after the day it was found.
	FixDays = 14
)

// FixVerdict is how one case counts towards the evidence.
type FixVerdict string

// The verdicts. Only in-time, late, overdue and accepted cases are counted;
// a pending case has days left, and a case that is not counted has nothing
// to fix at this threshold.
const (
	// FixNotCounted: CVSS below 7.0 or none, decided not affected, or
	// closed without a patch or a risk acceptance.
	FixNotCounted FixVerdict = ""
	// FixInTime: patched by the deadline (passes).
	FixInTime FixVerdict = "in_time"
	// FixLate: patched after the deadline (fails).
	FixLate FixVerdict = "late"
	// FixOverdue: not patched, and the deadline has passed (fails).
	FixOverdue FixVerdict = "overdue"
	// FixAccepted: the risk was accepted instead, and the deadline has
	// passed: an accepted risk, counted as muted (which fails, as a muted
	// finding does: the gap stays visible).
	FixAccepted FixVerdict = "accepted"
	// FixPending: not patched yet, but within its 14 days.
	FixPending FixVerdict = "pending"
)

// FixFound is when the case was found: its last opening (a re-opened case
// starts again, as its due date does), else its creation.
func FixFound(c *mamori.Case) time.Time {
	if !c.Opened.IsZero() {
		return c.Opened
	}
	return c.Created
}

// FixDeadline is the first instant at which a case found at found is late:
// the start (UTC) of the 15th day after the day it was found.
func FixDeadline(found time.Time) time.Time {
	y, m, d := found.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, FixDays+1)
}

// FixedAt is when the case became patched, and whether it is (patched, or
// closed after a patch). A case stored before mamori recorded the time of
// the patch takes its last update (patched) or its closing time (closed):
// never earlier than the patch, so that such a case is never judged in time
// when it was not.
func FixedAt(c *mamori.Case) (time.Time, bool) {
	switch c.Status {
	case mamori.CasePatched:
		if !c.Patched.IsZero() {
			return c.Patched, true
		}
		return c.Updated, true
	case mamori.CaseClosed:
		if !c.Patched.IsZero() {
			return c.Patched, true
		}
		if notAffected(c) || c.Plan == nil || c.Plan.Kind != mamori.PlanPatch {
			return time.Time{}, false
		}
		return c.Closed, true
	}
	return time.Time{}, false
}

func notAffected(c *mamori.Case) bool {
	return c.Status == mamori.CaseNotAffected || (c.Decision != nil && c.Decision.Status == mamori.DecisionNotAffected)
}

func riskAccepted(c *mamori.Case) bool {
	return c.Status == mamori.CaseRiskAccepted || (c.Status == mamori.CaseClosed && c.Plan != nil && c.Plan.Kind == mamori.PlanAcceptRisk)
}

// JudgeFix says how the case counts at now.
func JudgeFix(c *mamori.Case, now time.Time) FixVerdict {
	found := FixFound(c)
	if c.Urgency.CVSS < FixCVSS || found.IsZero() {
		return FixNotCounted
	}
	deadline := FixDeadline(found)
	if at, ok := FixedAt(c); ok {
		if at.Before(deadline) {
			return FixInTime
		}
		return FixLate
	}
	if notAffected(c) || (c.Status == mamori.CaseClosed && !riskAccepted(c)) {
		return FixNotCounted
	}
	if now.Before(deadline) {
		return FixPending
	}
	if riskAccepted(c) {
		return FixAccepted
	}
	return FixOverdue
}

// FixCounts tallies the cases by verdict; Failing names the late and
// overdue cases, Accepted the accepted risks, in the store's order.
type FixCounts struct {
	InTime, Late, Overdue, Accepted, Pending int
	Failing, AcceptedIDs                     []string
}

// Evidence is the evidence the counts give: in-time cases pass, late and
// overdue ones fail, accepted risks are muted.
func (n FixCounts) Evidence() mamori.CheckEvidence {
	return mamori.CheckEvidence{CheckID: mamori.EvidenceVulnHighFixed14d, Pass: n.InTime, Fail: n.Late + n.Overdue, Muted: n.Accepted}
}

// CaseLister lists cases (mamori.CaseStore has it).
type CaseLister interface {
	Cases(ctx context.Context, f mamori.CaseFilter) ([]mamori.Case, error)
}

// FixEvidence is the mamori.EvidenceSource of
// mamori.EvidenceVulnHighFixed14d: it judges a tenant's cases with
// JudgeFix. The cases are read as stored; bring them up to date with the
// matches first (Syncer.Sync) so that a vulnerability matched but not yet a
// case is counted.
type FixEvidence struct {
	Store CaseLister
}

var _ mamori.EvidenceSource = FixEvidence{}

// ID implements mamori.EvidenceSource.
func (FixEvidence) ID() string { return mamori.EvidenceVulnHighFixed14d }

// Count judges the tenant's cases (the default tenant's when tenant is
// empty; never another tenant's) at now.
func (s FixEvidence) Count(ctx context.Context, tenant string, now time.Time) (FixCounts, error) {
	var n FixCounts
	cs, err := s.Store.Cases(ctx, mamori.CaseFilter{Tenant: mamori.TenantOr(tenant)})
	if err != nil {
		return n, err
	}
	for i := range cs {
		c := &cs[i]
		switch JudgeFix(c, now) {
		case FixInTime:
			n.InTime++
		case FixLate:
			n.Late++
			n.Failing = append(n.Failing, c.ID)
		case FixOverdue:
			n.Overdue++
			n.Failing = append(n.Failing, c.ID)
		case FixAccepted:
			n.Accepted++
			n.AcceptedIDs = append(n.AcceptedIDs, c.ID)
		case FixPending:
			n.Pending++
		}
	}
	return n, nil
}

// Evidence implements mamori.EvidenceSource: ok is false while no case of
// the tenant has been judged yet (none of CVSS 7.0 or more, or all within
// their 14 days).
func (s FixEvidence) Evidence(ctx context.Context, tenant string, now time.Time) (mamori.CheckEvidence, bool, error) {
	n, err := s.Count(ctx, tenant, now)
	if err != nil {
		return mamori.CheckEvidence{}, false, err
	}
	ev := n.Evidence()
	return ev, ev.Pass+ev.Fail+ev.Muted > 0, nil
}
