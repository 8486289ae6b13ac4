package cases_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/cases"
	"github.com/mamori-sec/mamori/sqlite"
	"github.com/mamori-sec/mamori/vuln"
)

// world is a store with two advisories, one of them in CISA KEV, and a
// clock the test moves.
type world struct {
	t   *testing.T
	ctx context.Context
	db  *sqlite.DB
	now time.Time
	s   *cases.Syncer
}

func advisory(id string, aliases []string, pkg, fixed, vector string) mamori.Advisory {
	return mamori.Advisory{ID: id, Aliases: aliases, Source: "osv", Summary: "flaw in " + pkg, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Affected: []mamori.Affected{{Ecosystem: "Go", Name: pkg, Ranges: []mamori.VersionRange{{Type: "SEMVER", Events: []mamori.RangeEvent{{Introduced: "0"}, {Fixed: fixed}}}}}},
		Severity: []mamori.SeverityScore{{Type: "CVSS_V3", Score: vector}}}
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, ctx: context.Background(), now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	db, err := sqlite.Open(":memory:", func() time.Time { return w.now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w.db = db
	w.s = &cases.Syncer{Store: db, Now: func() time.Time { return w.now }}
	if _, err := db.PutAdvisories(w.ctx, []mamori.Advisory{
		advisory("GHSA-aaaa-bbbb-cccc", nil, "example.com/lib", "1.2.0", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
		advisory("GHSA-dddd-eeee-ffff", nil, "example.com/other", "2.0.0", "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"),
	}); err != nil {
		t.Fatal(err)
	}
	return w
}

// sbom stores the asset with the given versions of the two packages and
// matches it, as mamori asset add does.
func (w *world) sbom(tenant, asset, lib, other string) {
	w.t.Helper()
	var cs []mamori.Component
	if lib != "" {
		cs = append(cs, mamori.Component{Ecosystem: "Go", Name: "example.com/lib", Version: lib, PURL: "pkg:golang/example.com/lib@" + lib})
	}
	if other != "" {
		cs = append(cs, mamori.Component{Ecosystem: "Go", Name: "example.com/other", Version: other, PURL: "pkg:golang/example.com/other@" + other})
	}
	a := &mamori.Asset{Tenant: tenant, Name: asset, Owner: "tanaka", Importance: mamori.ImportanceHigh, Source: "bom.json"}
	if err := w.db.PutAsset(w.ctx, a, cs); err != nil {
		w.t.Fatal(err)
	}
	stored, err := w.db.Components(w.ctx, tenant, asset)
	if err != nil {
		w.t.Fatal(err)
	}
	m := &vuln.Matcher{Store: w.db, Tenants: []string{mamori.DefaultTenant, tenant}, Now: func() time.Time { return w.now }}
	ms, probs, err := m.Match(w.ctx, stored)
	if err != nil || len(probs) > 0 {
		w.t.Fatal(err, probs)
	}
	if err := w.db.PutMatches(w.ctx, tenant, asset, ms); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) sync() cases.Result {
	w.t.Helper()
	r, err := w.s.Sync(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func (w *world) get(id string) *mamori.Case {
	w.t.Helper()
	c, err := w.db.Case(w.ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func (w *world) save(c *mamori.Case, action, actor string) {
	w.t.Helper()
	if err := w.db.SaveCases(w.ctx, []mamori.CaseChange{{Case: c, Action: action, Actor: actor}}); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) verifyLog() int64 {
	w.t.Helper()
	var v mamori.LogVerifier
	if err := w.db.WalkLog(w.ctx, v.Check); err != nil {
		w.t.Fatalf("change log: %v", err)
	}
	return v.Checked
}

func TestLifecyclePatchAndReturn(t *testing.T) {
	w := newWorld(t)
	w.sbom("sakura", "shop-web", "1.1.0", "1.0.0")
	if r := w.sync(); r.Opened != 2 {
		t.Fatalf("opened %d cases, want 2", r.Opened)
	}
	if r := w.sync(); r.Opened+r.Updated+r.Reopened != 0 {
		t.Fatalf("a second sync changed %+v; nothing changed", r)
	}
	open, err := w.db.Cases(w.ctx, mamori.CaseFilter{Open: true})
	if err != nil {
		t.Fatal(err)
	}
	// Most urgent first: the network-reachable, total-impact flaw on a high
	// importance asset is attend (no exploitation known); the local one track.
	if len(open) != 2 || open[0].Group != "GHSA-aaaa-bbbb-cccc" || open[0].Urgency.Outcome != "attend" || open[1].Urgency.Outcome != "track" {
		t.Fatalf("open cases = %+v", open)
	}
	c := w.get(open[0].ID)
	// METI's rule (CVSS 9.8 >= 7.0) and attend both give 14 days.
	if want := time.Date(2026, 12, 15, 23, 59, 59, 0, time.UTC); !c.Due.Equal(want) {
		t.Errorf("due %v, want %v (rule %q)", c.Due, want, c.Urgency.Rule)
	}
	if c.Urgency.CVSS != 9.8 {
		t.Errorf("CVSS %v, want 9.8", c.Urgency.CVSS)
	}

	now := w.now
	if err := c.Assign("tanaka", now); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(now); !errors.Is(err, mamori.ErrTransition) {
		t.Fatalf("closing an investigating case: %v, want a refused transition", err)
	}
	d := &mamori.Decision{Tenant: "sakura", Group: c.Group, Package: "pkg:golang/example.com/lib", Range: c.Packages[0].Range, Scope: mamori.ScopeAsset, Asset: "shop-web", Status: mamori.DecisionAffected, By: "tanaka", Source: mamori.SourceLocal, At: now}
	if err := c.Decide(d, now); err != nil {
		t.Fatal(err)
	}
	if err := c.RequestPlan(&mamori.Plan{Kind: mamori.PlanPatch, By: now.AddDate(0, 0, 10), RequestedBy: "tanaka", RequestedAt: now}, now); err != nil {
		t.Fatal(err)
	}
	if err := c.Approve("Tanaka", now); !errors.Is(err, mamori.ErrRule) {
		t.Fatalf("approval by the requester: %v, want refused", err)
	}
	if err := c.Approve("suzuki", now); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(now); err == nil {
		t.Fatal("closed an approved patch while the vulnerable version is still matched")
	}
	w.save(c, "approve", "suzuki")

	// The fixed SBOM: the case becomes patched, then closes.
	w.now = w.now.Add(time.Hour)
	w.sbom("sakura", "shop-web", "1.2.0", "1.0.0")
	w.sync()
	c = w.get(c.ID)
	if c.Status != mamori.CasePatched || c.Present {
		t.Fatalf("after the fixed SBOM: status %s present %v, want patched and gone", c.Status, c.Present)
	}
	if err := c.Close(w.now); err != nil {
		t.Fatal(err)
	}
	w.save(c, "close", "tanaka")

	// The vulnerable version comes back: the case re-opens, no new case.
	w.now = w.now.Add(time.Hour)
	w.sbom("sakura", "shop-web", "1.1.5", "1.0.0")
	r := w.sync()
	if r.Reopened != 1 || r.Opened != 0 {
		t.Fatalf("sync after the return: %+v, want one re-opened case", r)
	}
	c = w.get(c.ID)
	if c.Status != mamori.CaseInvestigating || c.Reopens != 1 || c.Packages[0].Version != "1.1.5" {
		t.Fatalf("re-opened case: %+v", c)
	}
	if n := w.verifyLog(); n < 6 {
		t.Errorf("only %d log entries", n)
	}
}

func TestRiskAcceptanceExpires(t *testing.T) {
	w := newWorld(t)
	w.sbom("", "billing", "", "1.0.0")
	w.sync()
	c := w.get("C-1")
	now := w.now
	d := &mamori.Decision{Tenant: mamori.DefaultTenant, Group: c.Group, Package: "pkg:golang/example.com/other", Range: c.Packages[0].Range, Scope: mamori.ScopeAsset, Asset: "billing", Status: mamori.DecisionAffected, By: "a", Source: mamori.SourceLocal, At: now}
	if err := c.Decide(d, now); err != nil {
		t.Fatal(err)
	}
	p := &mamori.Plan{Kind: mamori.PlanAcceptRisk, Until: now.AddDate(0, 0, 10), Compensating: "WAF rule", RequestedBy: "a", RequestedAt: now}
	if err := c.RequestPlan(p, now); !errors.Is(err, mamori.ErrRule) {
		t.Fatalf("risk acceptance without evidence: %v, want refused", err)
	}
	p.Evidence = &mamori.Evidence{Name: "waf.pdf", SHA256: "00", Size: 1}
	if err := c.RequestPlan(p, now); err != nil {
		t.Fatal(err)
	}
	if err := c.Approve("b", now); err != nil {
		t.Fatal(err)
	}
	if c.Status != mamori.CaseRiskAccepted {
		t.Fatalf("status %s, want risk_accepted", c.Status)
	}
	if err := c.Close(now); err != nil {
		t.Fatal(err)
	}
	w.save(c, "close", "b")
	w.now = now.AddDate(0, 0, 9)
	// New KEV data makes every asset sync again: the accepted, still
	// present vulnerability must not re-open before the expiry.
	if _, err := w.db.PutKEV(w.ctx, []mamori.KEVEntry{{CVE: "CVE-2099-0001", DateAdded: now}}); err != nil {
		t.Fatal(err)
	}
	if r := w.sync(); r.Reopened != 0 || r.Assets != 1 {
		t.Fatalf("sync before the expiry: %+v, want the asset re-read and nothing re-opened", r)
	}
	w.now = now.AddDate(0, 0, 11)
	if r := w.sync(); r.Reopened != 1 {
		t.Fatalf("sync after the expiry: %+v, want one re-opened case", r)
	}
	if c = w.get("C-1"); c.Status != mamori.CaseInvestigating || c.Plan != nil {
		t.Fatalf("after the expiry: %+v", c)
	}
	w.verifyLog()
}

func TestDecisionsAreReused(t *testing.T) {
	w := newWorld(t)
	w.sbom("sakura", "shop-web", "", "1.0.0")
	w.sync()
	c := w.get("C-1")
	d := &mamori.Decision{Tenant: "sakura", Group: c.Group, Package: "pkg:golang/example.com/other", Range: c.Packages[0].Range, Scope: mamori.ScopeCustomer,
		Status: mamori.DecisionNotAffected, Justification: "vulnerable_code_not_in_execute_path", By: "tanaka", Source: mamori.SourceLocal, At: w.now}
	if err := c.Decide(d, w.now); err != nil {
		t.Fatal(err)
	}
	if err := w.db.PutDecisions(w.ctx, []*mamori.Decision{d}, "tanaka", []mamori.CaseChange{{Case: c, Action: "decide", Actor: "tanaka"}}); err != nil {
		t.Fatal(err)
	}
	// A new asset of the same customer, a new version in the same range;
	// and an alias merge (a CVE joins the group) on the way.
	if _, err := w.db.PutAdvisories(w.ctx, []mamori.Advisory{advisory("GO-2024-0001", []string{"GHSA-dddd-eeee-ffff", "CVE-2024-2222"}, "example.com/other", "2.0.0", "")}); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.Add(time.Hour)
	w.sbom("sakura", "shop-api", "", "1.5.0")
	w.sync()
	cs, err := w.db.Cases(w.ctx, mamori.CaseFilter{Tenant: "sakura", Asset: "shop-api"})
	if err != nil || len(cs) != 1 {
		t.Fatal(err, cs)
	}
	if d.Group != "GHSA-dddd-eeee-ffff" || cs[0].Group != "CVE-2024-2222" {
		t.Fatalf("decision group %s, new case group %s: the merge did not rename the group", d.Group, cs[0].Group)
	}
	if cs[0].Status != mamori.CaseNotAffected || cs[0].Decision == nil || cs[0].Decision.ID != d.ID {
		t.Fatalf("new case: status %s decision %+v, want not_affected by %s", cs[0].Status, cs[0].Decision, d.ID)
	}
	// Another customer is not covered by a customer decision.
	w.sbom("kaede", "site", "", "1.0.0")
	w.sync()
	if cs, _ = w.db.Cases(w.ctx, mamori.CaseFilter{Tenant: "kaede"}); len(cs) != 1 || cs[0].Status != mamori.CaseNew {
		t.Fatalf("other customer's case: %+v", cs)
	}
	// The first asset's case kept its ID through the merge.
	if all, _ := w.db.Cases(w.ctx, mamori.CaseFilter{Tenant: "sakura", Asset: "shop-web"}); len(all) != 1 || all[0].ID != "C-1" || all[0].Group != "CVE-2024-2222" {
		t.Fatalf("shop-web cases after the alias merge: %+v", all)
	}
}

func TestOutcomeTable(t *testing.T) {
	// Spot checks against CISA's published tree.
	for _, tc := range []struct{ e, a, ti, m, want string }{
		{"none", "no", "partial", "low", "track"},
		{"none", "no", "total", "high", "track*"},
		{"poc", "no", "total", "medium", "track*"},
		{"active", "no", "total", "high", "act"},
		{"active", "yes", "partial", "low", "attend"},
		{"active", "yes", "total", "medium", "act"},
		{"none", "yes", "total", "high", "attend"},
		{"bogus", "yes", "total", "high", ""},
	} {
		if got := cases.Outcome(tc.e, tc.a, tc.ti, tc.m); got != tc.want {
			t.Errorf("Outcome(%s, %s, %s, %s) = %q, want %q", tc.e, tc.a, tc.ti, tc.m, got, tc.want)
		}
	}
}

func TestBaseScore(t *testing.T) {
	for v, want := range map[string]float64{
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H": 9.8,
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H": 10.0,
		"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N": 6.5,
		"CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:C/C:L/I:L/A:N": 4.7,
		"CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N": 1.8,
		"AV:N/AC:L/Au:N/C:P/I:P/A:P":                   7.5,
		"AV:N/AC:L/Au:N/C:C/I:C/A:C":                   10.0,
		// v4.0, scored from FIRST's tables (go-cvss).
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N": 9.3,
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N": 0,
	} {
		got, ok := cases.BaseScore(v)
		if !ok || got != want {
			t.Errorf("BaseScore(%s) = %v, %v; want %v", v, got, ok, want)
		}
	}
	for _, bad := range []string{"CVSS:3.1/AV:X", "CVSS:4.0/AV:N/AC:L"} {
		if _, ok := cases.BaseScore(bad); ok {
			t.Errorf("a malformed vector scored: %s", bad)
		}
	}
}

func TestPolicy(t *testing.T) {
	p, err := cases.ParsePolicy([]byte("outcomes:\n  act: 2d\nrules:\n  - name: exposed\n    exposed: true\n    within: 3d\n"))
	if err != nil {
		t.Fatal(err)
	}
	opened := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	due, rule := p.Due(mamori.Urgency{Outcome: "track", Exposed: true}, false, mamori.ImportanceLow, opened)
	if !due.Equal(time.Date(2026, 12, 4, 23, 59, 59, 0, time.UTC)) || rule != "exposed" {
		t.Errorf("due %v by %q", due, rule)
	}
	due, _ = p.Due(mamori.Urgency{Outcome: "act"}, false, mamori.ImportanceLow, opened)
	if !due.Equal(time.Date(2026, 12, 3, 23, 59, 59, 0, time.UTC)) {
		t.Errorf("act due %v", due)
	}
	for _, bad := range []string{"outcomes:\n  soon: 3d\n", "rules:\n  - name: x\n", "epss_poc: 2\n", "outcomes: [\n", "unknown: 1\n", "outcomes:\n  act: tomorrow\n"} {
		if _, err := cases.ParsePolicy([]byte(bad)); err == nil {
			t.Errorf("ParsePolicy(%q) accepted", bad)
		}
	}
}

func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte("outcomes:\n  act: 7d\nrules:\n  - name: meti\n    cvss: 7\n    within: 14d\n"))
	f.Add([]byte("epss_poc: 0.2\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := cases.ParsePolicy(b)
		if err != nil {
			return
		}
		p.Due(mamori.Urgency{Outcome: "act", CVSS: 9}, true, mamori.ImportanceHigh, time.Unix(0, 0))
	})
}

func FuzzBaseScore(f *testing.F) {
	f.Add("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
	f.Add("AV:N/AC:L/Au:N/C:P/I:P/A:P")
	f.Fuzz(func(t *testing.T, v string) {
		if s, ok := cases.BaseScore(v); ok && (s < 0 || s > 10) {
			t.Fatalf("BaseScore(%q) = %v", v, s)
		}
	})
}

func TestExposureRaisesUrgency(t *testing.T) {
	w := newWorld(t)
	w.sbom("", "orders-db", "", "1.0.0")
	w.sync()
	if c := w.get("C-1"); c.Urgency.Outcome != "track" || c.Urgency.Exposed {
		t.Fatalf("before the scan: %+v", c.Urgency)
	}
	// The latest scan finds the database publicly reachable.
	sc := &mamori.Scan{Source: "aws", Provider: "aws", StartedAt: w.now}
	if err := w.db.CreateScan(w.ctx, sc); err != nil {
		t.Fatal(err)
	}
	if err := w.db.PutFindings(w.ctx, sc.ID, []mamori.Finding{{ScanID: sc.ID, CheckID: "aws-rds-instance-not-public", Status: mamori.StatusFail, Severity: mamori.SeverityHigh,
		Resource: mamori.ResourceRef{Type: "aws_db_instance", ID: "arn:aws:rds:ap-northeast-1:123456789012:db:orders-db", Name: "orders-db"}, Provider: "aws", Account: "123456789012", Region: "ap-northeast-1"}}); err != nil {
		t.Fatal(err)
	}
	sc.FinishedAt = w.now.Add(time.Minute)
	if err := w.db.FinishScan(w.ctx, sc); err != nil {
		t.Fatal(err)
	}
	w.sync()
	c := w.get("C-1")
	if !c.Urgency.Exposed || c.Urgency.TreeOutcome != "track" || c.Urgency.Outcome != "track*" {
		t.Fatalf("after the scan: %+v", c.Urgency)
	}
	if last := c.Urgency.Why[len(c.Urgency.Why)-1].Text; last != "internet exposure raises track to track*: aws_db_instance arn:aws:rds:ap-northeast-1:123456789012:db:orders-db fails aws-rds-instance-not-public in the latest scan" {
		t.Errorf("why: %q", last)
	}
}
