package mamori

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTransitions(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, from := range CaseStatuses {
		for _, to := range CaseStatuses {
			c := &Case{ID: "C-1", Status: from}
			err := c.move(to, now)
			allowed := slices.Contains(from.Allowed(), to)
			if allowed != (err == nil) {
				t.Errorf("%s -> %s: err %v, allowed %v", from, to, err, allowed)
			}
			if err == nil {
				continue
			}
			if !errors.Is(err, ErrTransition) {
				t.Errorf("%s -> %s: %v does not wrap ErrTransition", from, to, err)
			}
			for _, a := range from.Allowed() {
				if !strings.Contains(err.Error(), string(a)) {
					t.Errorf("%s -> %s: %q does not name allowed %s", from, to, err, a)
				}
			}
			if c.Status != from {
				t.Errorf("%s -> %s refused but the status changed to %s", from, to, c.Status)
			}
		}
	}
}

func TestApproverIsNotRequester(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	c := &Case{ID: "C-1", Status: CaseAffected, Present: true}
	if err := c.Approve("b", now); err == nil {
		t.Fatal("approved without a plan")
	}
	if err := c.RequestPlan(&Plan{Kind: PlanPatch, By: now.AddDate(0, 0, 3), RequestedBy: "alice", RequestedAt: now}, now); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"alice", " Alice ", ""} {
		if err := c.Approve(who, now); !errors.Is(err, ErrRule) {
			t.Errorf("Approve(%q): %v, want refused by rule", who, err)
		}
	}
	if err := c.Approve("bob", now); err != nil || c.Status != CaseApproved || c.Plan.ApprovedBy != "bob" {
		t.Fatalf("Approve(bob): %v, %+v", err, c)
	}
	// A new plan needs a new approval.
	if err := c.RequestPlan(&Plan{Kind: PlanPatch, By: now.AddDate(0, 0, 9), RequestedBy: "bob", RequestedAt: now}, now); err != nil {
		t.Fatal(err)
	}
	if c.Status != CaseAffected || c.Plan.ApprovedBy != "" {
		t.Fatalf("after a new plan: %s, approved by %q", c.Status, c.Plan.ApprovedBy)
	}
}

func TestRiskAcceptanceNeeds(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	ev := &Evidence{Name: "e.pdf", SHA256: "ab", Size: 2}
	for name, p := range map[string]Plan{
		"no evidence":    {Kind: PlanAcceptRisk, Compensating: "WAF", Until: now.AddDate(0, 1, 0), RequestedBy: "a"},
		"no control":     {Kind: PlanAcceptRisk, Evidence: ev, Until: now.AddDate(0, 1, 0), RequestedBy: "a"},
		"no expiry":      {Kind: PlanAcceptRisk, Evidence: ev, Compensating: "WAF", RequestedBy: "a"},
		"past expiry":    {Kind: PlanAcceptRisk, Evidence: ev, Compensating: "WAF", Until: now.Add(-time.Hour), RequestedBy: "a"},
		"nobody asked":   {Kind: PlanAcceptRisk, Evidence: ev, Compensating: "WAF", Until: now.AddDate(0, 1, 0)},
		"patch, no date": {Kind: PlanPatch, RequestedBy: "a"},
		"unknown kind":   {Kind: "pray", RequestedBy: "a"},
	} {
		if err := p.Validate(now); !errors.Is(err, ErrRule) {
			t.Errorf("%s: %v, want refused", name, err)
		}
	}
}

func TestDecisionFor(t *testing.T) {
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	c := &Case{Tenant: "sakura", Asset: "web", Group: "CVE-1", Packages: []CasePackage{
		{Ecosystem: "npm", Name: "a", Version: "1.0.0", PURL: "pkg:npm/a", Range: ">=0, <2"},
		{Ecosystem: "npm", Name: "b", Version: "1.0.0", Range: ">=0, <3"}}}
	d := func(id, scope, tenant, asset, pkg, rng string, dt time.Duration) Decision {
		return Decision{ID: id, Group: "CVE-1", Scope: scope, Tenant: tenant, Asset: asset, Package: pkg, Range: rng, At: at.Add(dt), Status: DecisionNotAffected}
	}
	all := []Decision{
		d("D-1", ScopeAll, "default", "", "pkg:npm/a", "", 0),
		d("D-2", ScopeAll, "default", "", "npm/b", "", 0),
	}
	// Only one package covered by a decision: none applies.
	if got := DecisionFor(all[:1], c); got != nil {
		t.Errorf("one of two packages covered: %s applied", got.ID)
	}
	if got := DecisionFor(all, c); got == nil || got.ID != "D-1" {
		t.Errorf("both covered by scope all: %v, want the first package's", got)
	}
	cust := d("D-3", ScopeCustomer, "sakura", "", "pkg:npm/a", ">=0, <2", 0)
	cust2 := d("D-4", ScopeCustomer, "sakura", "", "npm/b", "", time.Hour)
	other := d("D-5", ScopeCustomer, "kaede", "", "pkg:npm/a", "", 2*time.Hour)
	cust3 := d("D-8", ScopeCustomer, "sakura", "", "pkg:npm/a", "", -time.Hour)
	asset := d("D-6", ScopeAsset, "sakura", "web", "npm/b", "", -time.Hour)
	asset.Status = DecisionAffected
	if got := DecisionFor(append(all, cust3, cust, cust2, other), c); got == nil || got.ID != "D-3" {
		t.Errorf("customer before all, latest among equals, another customer's ignored: %v", got)
	}
	if got := DecisionFor(append(all, cust, cust2, asset), c); got == nil || got.ID != "D-6" {
		t.Errorf("an affected package makes the case affected: %v", got)
	}
	wrongRange := d("D-7", ScopeAsset, "sakura", "web", "pkg:npm/a", ">=2, <3", 0)
	if wrongRange.Applies("sakura", "web", "CVE-1", c.Packages[0]) {
		t.Error("a decision for another range applied")
	}
}

// TestLogHashFormula holds ComputeHash to the formula docs/cases.md gives
// auditors.
func TestLogHashFormula(t *testing.T) {
	e := LogEntry{Seq: 7, Tenant: "sakura", At: time.Date(2026, 12, 1, 9, 30, 0, 5, time.FixedZone("JST", 9*3600)), Actor: "田中",
		Kind: "case", Ref: "C-42", Action: "approve", Data: []byte(`{"case":{"id":"C-42"}}`), Prev: "ab12"}
	doc := "mamori-log-v1\n" + "7" + "\n" + `"sakura"` + "\n" + "2026-12-01T00:30:00.000000005Z" + "\n" + `"田中"` + "\n" + `"case"` + "\n" + `"C-42"` + "\n" + `"approve"` + "\n" +
		`{"case":{"id":"C-42"}}` + "\n" + "ab12"
	sum := sha256.Sum256([]byte(doc))
	if got, want := e.ComputeHash(), hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("ComputeHash = %s, the documented formula gives %s", got, want)
	}
	var v LogVerifier
	e1 := LogEntry{Seq: 1, Kind: "case", Ref: "C-1", Action: "open", At: e.At}
	e1.Hash = e1.ComputeHash()
	e2 := LogEntry{Seq: 2, Kind: "case", Ref: "C-1", Action: "close", At: e.At, Prev: e1.Hash}
	e2.Hash = e2.ComputeHash()
	if err := v.Check(&e1); err != nil {
		t.Fatal(err)
	}
	e3 := e2
	e3.Seq = 3
	if err := v.Check(&e3); err == nil || !strings.HasPrefix(err.Error(), "entry 3") {
		t.Errorf("a gap: %v", err)
	}
	if err := v.Check(&e2); err != nil {
		t.Fatal(err)
	}
	if v.Checked != 2 {
		t.Errorf("checked %d entries, want 2", v.Checked)
	}
}
