package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

// RunAlerts runs the conformance suite of mamori.AlertStore. open must return
// a new, empty store for each call; RunAlerts does not close it.
func RunAlerts(t *testing.T, open func(t *testing.T) mamori.AlertStore) {
	t.Helper()
	for _, tc := range []struct {
		name string
		f    func(*testing.T, mamori.AlertStore)
	}{
		{"PutAndDedup", testAlertsDedup},
		{"Filters", testAlertFilters},
		{"Baseline", testBaseline},
		{"TierAndTenant", testTierAndTenant},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.f(t, open(t)) })
	}
}

func alert(n int, rule string, sev mamori.Severity, at time.Time) mamori.Alert {
	return mamori.Alert{
		ID: fmt.Sprintf("%s-%03d", rule, n), Tenant: "default", Tier: mamori.TierAlert, RuleID: rule, Detector: "sigma", Severity: sev,
		Title: mamori.Text{En: "CloudTrail logging stopped", Ja: "CloudTrail のログ記録が停止されました"},
		Time:  at, Principal: fmt.Sprintf("arn:aws:iam::111111111111:user/u%d", n%3), Account: "111111111111", Region: "us-east-1",
		EventNames: []string{"StopLogging"}, EventIDs: []string{fmt.Sprintf("ev-%d", n)}, SourceIPs: []string{"198.51.100.7"},
		Reason:    mamori.Text{En: "eventName: StopLogging", Ja: "eventName: StopLogging"},
		Tags:      []string{"attack.t1562.008"},
		Evidence:  []json.RawMessage{json.RawMessage(fmt.Sprintf(`{"eventID":"ev-%d","eventName":"StopLogging"}`, n))},
		CreatedAt: t0.Add(48 * time.Hour),
	}
}

func testAlertsDedup(t *testing.T, s mamori.AlertStore) {
	ctx := context.Background()
	as := []mamori.Alert{alert(1, "r1", mamori.SeverityHigh, hour(1)), alert(2, "r1", mamori.SeverityHigh, hour(2))}
	n, err := s.PutAlerts(ctx, as)
	if err != nil || n != 2 {
		t.Fatalf("PutAlerts = %d, %v; want 2 new", n, err)
	}
	// The same alerts again, and one new: only the new one counts, and the
	// stored ones are not replaced (a changed title stays as first stored).
	again := append([]mamori.Alert(nil), as...)
	again[0].Title.En = "changed"
	again = append(again, alert(3, "r1", mamori.SeverityHigh, hour(3)))
	n, err = s.PutAlerts(ctx, again)
	if err != nil || n != 1 {
		t.Fatalf("PutAlerts again = %d, %v; want 1 new", n, err)
	}
	got, err := s.Alerts(ctx, mamori.AlertFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []mamori.Alert{alert(3, "r1", mamori.SeverityHigh, hour(3)), as[1], as[0]}
	if d := cmp.Diff(want, got, equateEmpty, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); d != "" {
		t.Errorf("Alerts (-want +got):\n%s", d)
	}
	if _, err := s.PutAlerts(ctx, []mamori.Alert{{RuleID: "no-id"}}); err == nil {
		t.Error("PutAlerts accepted an alert without an ID")
	}
}

func testAlertFilters(t *testing.T, s mamori.AlertStore) {
	ctx := context.Background()
	var as []mamori.Alert
	for i := 0; i < 12; i++ {
		rule := []string{"r1", "r2", "r3"}[i%3]
		a := alert(i, rule, mamori.Severity(i%5), hour(i))
		if i%4 == 3 {
			a.Tier = mamori.TierSignal
		}
		as = append(as, a)
	}
	if _, err := s.PutAlerts(ctx, as); err != nil {
		t.Fatal(err)
	}
	ids := func(f mamori.AlertFilter) []string {
		t.Helper()
		got, err := s.Alerts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		keys, err := s.AlertKeys(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for i, a := range got {
			out = append(out, a.ID)
			// The keys are the same alerts, in the same order.
			if want := (mamori.AlertKey{ID: a.ID, Time: a.Time, Severity: a.Severity, Tier: a.Tier}); i >= len(keys) || !keys[i].Time.Equal(want.Time) ||
				keys[i].ID != want.ID || keys[i].Severity != want.Severity || keys[i].Tier != want.Tier {
				t.Errorf("AlertKeys(%+v) differs from Alerts at %d: %+v", f, i, keys)
			}
		}
		if len(keys) != len(got) {
			t.Errorf("AlertKeys(%+v): %d keys for %d alerts", f, len(keys), len(got))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    mamori.AlertFilter
		want []string
	}{
		{"since", mamori.AlertFilter{Since: hour(10)}, []string{"r3-011", "r2-010"}},
		{"until", mamori.AlertFilter{Until: hour(2)}, []string{"r2-001", "r1-000"}},
		{"rule", mamori.AlertFilter{RuleID: "r3", Since: hour(6)}, []string{"r3-011", "r3-008"}},
		{"severity", mamori.AlertFilter{MinSeverity: mamori.SeverityCritical}, []string{"r1-009", "r2-004"}},
		{"principal", mamori.AlertFilter{Principal: "arn:aws:iam::111111111111:user/u0", Since: hour(6)}, []string{"r1-009", "r1-006"}},
		{"limit", mamori.AlertFilter{Limit: 3}, []string{"r3-011", "r2-010", "r1-009"}},
		{"ids", mamori.AlertFilter{IDs: []string{"r1-000", "r3-011", "nope"}}, []string{"r3-011", "r1-000"}},
		{"ids and rule", mamori.AlertFilter{IDs: []string{"r1-000", "r3-011"}, RuleID: "r1"}, []string{"r1-000"}},
		{"alerts only", mamori.AlertFilter{Tier: mamori.TierAlert, Since: hour(6)}, []string{"r2-010", "r1-009", "r3-008", "r1-006"}},
		{"signals only", mamori.AlertFilter{Tier: mamori.TierSignal}, []string{"r3-011", "r2-007", "r1-003"}},
	} {
		if d := cmp.Diff(tc.want, ids(tc.f)); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, d)
		}
	}
}

func testBaseline(t *testing.T, s mamori.AlertStore) {
	ctx := context.Background()
	if got, err := s.Baseline(ctx, "new-service", "p"); err != nil || len(got) != 0 {
		t.Fatalf("empty baseline = %v, %v", got, err)
	}
	put := func(items map[string]mamori.Seen) {
		t.Helper()
		if err := s.PutBaseline(ctx, "new-service", "p", items); err != nil {
			t.Fatal(err)
		}
	}
	put(map[string]mamori.Seen{"s3": {First: hour(5), Last: hour(6), Count: 2}, "ec2": {First: hour(1), Last: hour(1), Count: 1}})
	put(map[string]mamori.Seen{"s3": {First: hour(3), Last: hour(4), Count: 1}, "iam": {First: hour(7), Last: hour(8), Count: 4}})
	// Another subject and another detector stay apart.
	if err := s.PutBaseline(ctx, "new-service", "q", map[string]mamori.Seen{"kms": {First: hour(1), Last: hour(1), Count: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutBaseline(ctx, "new-region", "p", map[string]mamori.Seen{"eu-west-1": {First: hour(1), Last: hour(1), Count: 1}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Baseline(ctx, "new-service", "p")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]mamori.Seen{
		"s3":  {First: hour(3), Last: hour(6), Count: 3},
		"ec2": {First: hour(1), Last: hour(1), Count: 1},
		"iam": {First: hour(7), Last: hour(8), Count: 4},
	}
	if d := cmp.Diff(want, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); d != "" {
		t.Errorf("merged baseline (-want +got):\n%s", d)
	}
}

// An alert without a tier or tenant is stored as an alert of the default
// tenant; a tier that is neither is refused.
func testTierAndTenant(t *testing.T, s mamori.AlertStore) {
	ctx := context.Background()
	a := alert(1, "r1", mamori.SeverityHigh, hour(1))
	a.Tier, a.Tenant = "", ""
	b := alert(2, "r1", mamori.SeverityLow, hour(2))
	b.Tier, b.Tenant = mamori.TierSignal, "acme"
	if _, err := s.PutAlerts(ctx, []mamori.Alert{a, b}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Alerts(ctx, mamori.AlertFilter{})
	if err != nil {
		t.Fatal(err)
	}
	type tt struct {
		ID     string
		Tier   mamori.Tier
		Tenant string
	}
	var tiers []tt
	for _, x := range got {
		tiers = append(tiers, tt{x.ID, x.Tier, x.Tenant})
	}
	want := []tt{{"r1-002", mamori.TierSignal, "acme"}, {"r1-001", mamori.TierAlert, "default"}}
	if d := cmp.Diff(want, tiers); d != "" {
		t.Errorf("tiers and tenants (-want +got):\n%s", d)
	}
	// NoEvidence: the same alerts without their evidence.
	light, err := s.Alerts(ctx, mamori.AlertFilter{NoEvidence: true})
	if err != nil || len(light) != 2 || light[0].Evidence != nil || got[0].Evidence == nil || light[1].Reason != got[1].Reason {
		t.Errorf("NoEvidence: %d alerts, evidence %v, %v", len(light), light[0].Evidence, err)
	}
	bad := alert(3, "r1", mamori.SeverityLow, hour(3))
	bad.Tier = "urgent"
	if _, err := s.PutAlerts(ctx, []mamori.Alert{bad}); err == nil {
		t.Error("PutAlerts accepted the tier \"urgent\"")
	}
}
