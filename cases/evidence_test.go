package cases_test

import (
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/cases"
)

// caseOf returns the case of the serious flaw (CVSS 9.8) on an asset.
func (w *world) caseOf(tenant, asset string) *mamori.Case {
	w.t.Helper()
	cs, err := w.db.Cases(w.ctx, mamori.CaseFilter{Tenant: mamori.TenantOr(tenant), Asset: asset, Group: "GHSA-aaaa-bbbb-cccc"})
	if err != nil || len(cs) != 1 {
		w.t.Fatalf("cases of %s/%s: %+v, %v", tenant, asset, cs, err)
	}
	return &cs[0]
}

// approvePatch decides the case affected and approves a patch.
func (w *world) approvePatch(c *mamori.Case) {
	w.t.Helper()
	d := &mamori.Decision{Tenant: c.Tenant, Group: c.Group, Package: "pkg:golang/example.com/lib", Range: c.Packages[0].Range, Scope: mamori.ScopeAsset, Asset: c.Asset, Status: mamori.DecisionAffected, By: "tanaka", Source: mamori.SourceLocal, At: w.now}
	if err := c.Decide(d, w.now); err != nil {
		w.t.Fatal(err)
	}
	if err := c.RequestPlan(&mamori.Plan{Kind: mamori.PlanPatch, By: w.now.AddDate(0, 0, 10), RequestedBy: "tanaka", RequestedAt: w.now}, w.now); err != nil {
		w.t.Fatal(err)
	}
	if err := c.Approve("suzuki", w.now); err != nil {
		w.t.Fatal(err)
	}
	w.save(c, "approve", "suzuki")
}

// The evidence of SCS 4-4-4 from a store of cases worked through the real
// workflow: patched by the end of the 14th day passes, patched later or
// still open fails, an accepted risk is muted, a case with days left, a
// low-CVSS case, a not-affected one and another tenant's are not counted.
func TestFixEvidence(t *testing.T) {
	w := newWorld(t)
	t0 := w.now // 2026-12-01 09:00 UTC: the deadline is 2026-12-16 00:00 UTC
	for _, a := range []string{"ontime", "edge", "late", "open", "notaff", "accepted"} {
		other := ""
		if a == "ontime" {
			other = "1.0.0" // a CVSS 2.x flaw besides: not counted
		}
		w.sbom("", a, "1.1.0", other)
	}
	w.sbom("sakura", "shop-web", "1.1.0", "")
	w.sync()
	src := cases.FixEvidence{Store: w.db}
	if ev, ok, err := src.Evidence(w.ctx, "", w.now); err != nil || ok {
		t.Fatalf("right after the cases opened: %+v, ok %v, %v; want nothing judged yet", ev, ok, err)
	}

	for _, a := range []string{"ontime", "edge", "late"} {
		w.approvePatch(w.caseOf("", a))
	}
	nd := w.caseOf("", "notaff")
	if err := nd.Decide(&mamori.Decision{Tenant: mamori.DefaultTenant, Group: nd.Group, Package: "pkg:golang/example.com/lib", Range: nd.Packages[0].Range, Scope: mamori.ScopeAsset, Asset: "notaff",
		Status: mamori.DecisionNotAffected, Justification: "vulnerable_code_not_in_execute_path", By: "tanaka", Source: mamori.SourceLocal, At: w.now}, w.now); err != nil {
		t.Fatal(err)
	}
	w.save(nd, "decide", "tanaka")
	ac := w.caseOf("", "accepted")
	w.approvePatch(ac)
	ac = w.caseOf("", "accepted")
	if err := ac.RequestPlan(&mamori.Plan{Kind: mamori.PlanAcceptRisk, Until: w.now.AddDate(0, 3, 0), Compensating: "WAF rule", Evidence: &mamori.Evidence{Name: "waf.pdf", SHA256: "00", Size: 1},
		RequestedBy: "tanaka", RequestedAt: w.now}, w.now); err != nil {
		t.Fatal(err)
	}
	if err := ac.Approve("suzuki", w.now); err != nil || ac.Status != mamori.CaseRiskAccepted {
		t.Fatalf("risk acceptance: %v, status %s", err, ac.Status)
	}
	w.save(ac, "approve", "suzuki")

	// The fixed SBOMs: on day 5, at 23:00 on day 14 (the last hour), on day 20.
	fix := func(asset string, at time.Time) {
		w.now = at
		w.sbom("", asset, "1.2.0", "")
		w.sync()
		if c := w.caseOf("", asset); c.Status != mamori.CasePatched || !c.Patched.Equal(at) {
			t.Fatalf("%s after its fix: status %s patched %v, want patched at %v", asset, c.Status, c.Patched, at)
		}
	}
	fix("ontime", t0.AddDate(0, 0, 5))
	c := w.caseOf("", "ontime")
	w.now = t0.AddDate(0, 0, 6)
	if err := c.Close(w.now); err != nil {
		t.Fatal(err)
	}
	w.save(c, "close", "tanaka")
	fix("edge", time.Date(2026, 12, 15, 23, 0, 0, 0, time.UTC))
	fix("late", t0.AddDate(0, 0, 20))
	// A case found on day 25 still has days left.
	w.now = t0.AddDate(0, 0, 25)
	w.sbom("", "recent", "1.1.0", "")
	w.sync()

	now := t0.AddDate(0, 0, 30)
	n, err := src.Count(w.ctx, "", now)
	if err != nil {
		t.Fatal(err)
	}
	if n.InTime != 2 || n.Late != 1 || n.Overdue != 1 || n.Accepted != 1 || n.Pending != 1 {
		t.Errorf("counts %+v; want 2 in time (ontime, edge), 1 late, 1 overdue (open), 1 accepted, 1 pending (recent)", n)
	}
	if want := []string{w.caseOf("", "late").ID, w.caseOf("", "open").ID}; len(n.Failing) != 2 || !sameSet(n.Failing, want) {
		t.Errorf("failing %v, want %v", n.Failing, want)
	}
	ev, ok, err := src.Evidence(w.ctx, mamori.DefaultTenant, now)
	if err != nil || !ok || ev != (mamori.CheckEvidence{CheckID: mamori.EvidenceVulnHighFixed14d, Pass: 2, Fail: 2, Muted: 1}) {
		t.Errorf("evidence %+v, ok %v, %v; want 2 pass, 2 fail, 1 muted", ev, ok, err)
	}
	// The other tenant's overdue case is its own.
	if ev, ok, err := src.Evidence(w.ctx, "sakura", now); err != nil || !ok || ev.Fail != 1 || ev.Pass+ev.Muted != 0 {
		t.Errorf("sakura's evidence %+v, ok %v, %v; want its one overdue case", ev, ok, err)
	}
	// Before day 15 the open case had days left: only the fixes count.
	if n, _ := src.Count(w.ctx, "", time.Date(2026, 12, 15, 23, 59, 0, 0, time.UTC)); n.Overdue != 0 || n.Accepted != 0 {
		t.Errorf("on the last day: %+v; want nothing overdue or accepted yet", n)
	}

	// The control: a "yes" for 4-4-4 is capped at partial by the late fix
	// and the open case; with the late and open cases left out it stands.
	fw := &mamori.Framework{ID: "scs-4", Controls: []mamori.Control{{ID: "4-4-4", Question: mamori.Text{En: "q", Ja: "q"}, Sources: []string{mamori.EvidenceVulnHighFixed14d}}}}
	yes := map[string]mamori.Answer{"4-4-4": {Value: "yes"}}
	counts := func(ev mamori.CheckEvidence) []mamori.FindingCount {
		return []mamori.FindingCount{{CheckID: ev.CheckID, Status: mamori.StatusPass, Count: ev.Pass}, {CheckID: ev.CheckID, Status: mamori.StatusFail, Count: ev.Fail}, {CheckID: ev.CheckID, Status: mamori.StatusMuted, Count: ev.Muted}}
	}
	if st := mamori.AssessCounts(fw, counts(ev), false, yes, now).Controls[0].Status; st != mamori.ControlPartial {
		t.Errorf("4-4-4 with late and open cases: %s, want partial", st)
	}
	if st := mamori.AssessCounts(fw, counts(mamori.CheckEvidence{CheckID: ev.CheckID, Pass: ev.Pass}), false, yes, now).Controls[0].Status; st != mamori.ControlMet {
		t.Errorf("4-4-4 with every case fixed in time: %s, want met", st)
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return len(a) == len(b)
}

// JudgeFix case by case: the deadline is the end (UTC) of the 14th day after
// the day found; a re-opened case counts from its re-opening; cases stored
// before the patch time was recorded fall back to a time never earlier than
// the patch.
func TestJudgeFix(t *testing.T) {
	found := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	deadline := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	if got := cases.FixDeadline(found); !got.Equal(deadline) {
		t.Fatalf("deadline %v, want %v", got, deadline)
	}
	now := found.AddDate(0, 2, 0)
	patch := &mamori.Plan{Kind: mamori.PlanPatch}
	accept := &mamori.Plan{Kind: mamori.PlanAcceptRisk}
	notAffected := &mamori.Decision{Status: mamori.DecisionNotAffected}
	base := mamori.Case{Created: found, Opened: found, Urgency: mamori.Urgency{CVSS: 7.0}}
	for _, c := range []struct {
		name string
		edit func(c *mamori.Case)
		now  time.Time
		want cases.FixVerdict
	}{
		{"patched in the last second", func(c *mamori.Case) { c.Status, c.Patched = mamori.CasePatched, deadline.Add(-time.Second) }, now, cases.FixInTime},
		{"patched at the deadline", func(c *mamori.Case) { c.Status, c.Patched = mamori.CasePatched, deadline }, now, cases.FixLate},
		{"closed after a timely patch", func(c *mamori.Case) {
			c.Status, c.Plan, c.Patched, c.Closed = mamori.CaseClosed, patch, found.AddDate(0, 0, 3), found.AddDate(0, 1, 0)
		}, now, cases.FixInTime},
		{"CVSS 6.9", func(c *mamori.Case) { c.Urgency.CVSS = 6.9 }, now, cases.FixNotCounted},
		{"no CVSS score", func(c *mamori.Case) { c.Urgency.CVSS = 0 }, now, cases.FixNotCounted},
		{"open, days left", func(c *mamori.Case) { c.Status = mamori.CaseAffected }, deadline.Add(-time.Minute), cases.FixPending},
		{"open at the deadline", func(c *mamori.Case) { c.Status = mamori.CaseApproved; c.Plan = patch }, deadline, cases.FixOverdue},
		{"new, long ago", func(c *mamori.Case) { c.Status = mamori.CaseNew }, now, cases.FixOverdue},
		{"re-opened recently", func(c *mamori.Case) {
			c.Status, c.Opened, c.Reopens = mamori.CaseInvestigating, now.AddDate(0, 0, -3), 1
		}, now, cases.FixPending},
		{"not affected", func(c *mamori.Case) { c.Status, c.Decision = mamori.CaseNotAffected, notAffected }, now, cases.FixNotCounted},
		{"closed as not affected", func(c *mamori.Case) { c.Status, c.Decision, c.Closed = mamori.CaseClosed, notAffected, found }, now, cases.FixNotCounted},
		{"risk accepted", func(c *mamori.Case) { c.Status, c.Plan = mamori.CaseRiskAccepted, accept }, now, cases.FixAccepted},
		{"closed as an accepted risk", func(c *mamori.Case) { c.Status, c.Plan, c.Closed = mamori.CaseClosed, accept, found }, now, cases.FixAccepted},
		{"risk accepted, days left", func(c *mamori.Case) { c.Status, c.Plan = mamori.CaseRiskAccepted, accept }, found.AddDate(0, 0, 1), cases.FixPending},
		{"stored before Patched: patched, last update late", func(c *mamori.Case) { c.Status, c.Updated = mamori.CasePatched, deadline.AddDate(0, 0, 1) }, now, cases.FixLate},
		{"stored before Patched: closed patch, closed in time", func(c *mamori.Case) { c.Status, c.Plan, c.Closed = mamori.CaseClosed, patch, found.AddDate(0, 0, 2) }, now, cases.FixInTime},
		{"no opening time", func(c *mamori.Case) { c.Status, c.Created, c.Opened = mamori.CaseNew, time.Time{}, time.Time{} }, now, cases.FixNotCounted},
	} {
		k := base
		c.edit(&k)
		if got := cases.JudgeFix(&k, c.now); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// A case whose vulnerable version comes back after a timely patch starts
// again: its patch time is cleared, and it has 14 days from the return.
func TestFixEvidenceReopen(t *testing.T) {
	w := newWorld(t)
	t0 := w.now
	w.sbom("", "web", "1.1.0", "")
	w.sync()
	w.approvePatch(w.caseOf("", "web"))
	w.now = t0.AddDate(0, 0, 3)
	w.sbom("", "web", "1.2.0", "")
	w.sync()
	c := w.caseOf("", "web")
	if err := c.Close(w.now); err != nil {
		t.Fatal(err)
	}
	w.save(c, "close", "tanaka")
	src := cases.FixEvidence{Store: w.db}
	if n, _ := src.Count(w.ctx, "", t0.AddDate(0, 0, 30)); n.InTime != 1 {
		t.Fatalf("after the patch: %+v, want 1 in time", n)
	}
	back := t0.AddDate(0, 0, 40)
	w.now = back
	w.sbom("", "web", "1.1.5", "")
	if r := w.sync(); r.Reopened != 1 {
		t.Fatalf("sync after the return: %+v", r)
	}
	if c := w.caseOf("", "web"); !c.Patched.IsZero() || !c.Opened.Equal(back) {
		t.Fatalf("re-opened case: patched %v opened %v; want no patch time, opened at the return", c.Patched, c.Opened)
	}
	if n, _ := src.Count(w.ctx, "", back.AddDate(0, 0, 10)); n.Pending != 1 || n.InTime+n.Late+n.Overdue != 0 {
		t.Errorf("10 days after the return: %+v, want pending", n)
	}
	if n, _ := src.Count(w.ctx, "", back.AddDate(0, 0, 20)); n.Overdue != 1 {
		t.Errorf("20 days after the return: %+v, want overdue", n)
	}
}
