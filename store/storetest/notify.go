package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

// RunDeliveries runs the conformance suite of mamori.DeliveryStore. open
// must return a new, empty store for each call; RunDeliveries does not
// close it.
//
// Beyond the comments of mamori.DeliveryStore: an empty Tenant is stored as
// mamori.DefaultTenant; a due delivery comes back with its notification as
// recorded; filters combine with AND.
func RunDeliveries(t *testing.T, open func(t *testing.T) mamori.DeliveryStore) {
	t.Helper()
	for _, tc := range []struct {
		name string
		f    func(*testing.T, mamori.DeliveryStore)
	}{
		{"RecordAndList", testDeliveriesRecord},
		{"Due", testDeliveriesDue},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.f(t, open(t)) })
	}
}

func note(tenant, ref, to string) mamori.Notification {
	return mamori.Notification{Tenant: tenant, Topic: "case", Ref: ref, To: to, Event: "case.notify", Actor: "suzuki",
		Fields: map[string]string{"case": ref, "title": "xz バックドア", "due": "2026-12-20"}}
}

func testDeliveriesRecord(t *testing.T, s mamori.DeliveryStore) {
	ctx := context.Background()
	ds := []mamori.Delivery{
		{Channel: "email", Target: "tanaka@example.jp", Status: mamori.DeliveryPending, NextAt: t0},
		{Channel: "slack", Target: "hooks.slack.com", Status: mamori.DeliveryPending, NextAt: t0},
	}
	if err := s.AddDeliveries(ctx, note("", "C-1", "tanaka"), ds); err != nil {
		t.Fatal(err)
	}
	if ds[0].ID == 0 || ds[1].ID == ds[0].ID || ds[0].Tenant != mamori.DefaultTenant || ds[0].Ref != "C-1" || ds[0].To != "tanaka" ||
		ds[0].Topic != "case" || ds[0].Created.IsZero() {
		t.Fatalf("recorded %+v", ds)
	}
	other := []mamori.Delivery{{Channel: "webhook", Target: "soc.example", Status: mamori.DeliveryFailed, Attempts: 1, LastError: "x"}}
	if err := s.AddDeliveries(ctx, note("sakura", "C-2", "sakura"), other); err != nil {
		t.Fatal(err)
	}
	ds[0].Status, ds[0].Attempts, ds[0].NextAt = mamori.DeliverySent, 1, time.Time{}
	if err := s.UpdateDelivery(ctx, &ds[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateDelivery(ctx, &mamori.Delivery{ID: 999999, Status: mamori.DeliverySent}); err == nil {
		t.Error("updating a delivery that does not exist: no error")
	}
	ids := func(f mamori.DeliveryFilter) []int64 {
		t.Helper()
		got, err := s.Deliveries(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, d := range got {
			out = append(out, d.ID)
		}
		return out
	}
	for _, tc := range []struct {
		f    mamori.DeliveryFilter
		want []int64
	}{
		{mamori.DeliveryFilter{}, []int64{other[0].ID, ds[1].ID, ds[0].ID}},
		{mamori.DeliveryFilter{Tenant: "sakura"}, []int64{other[0].ID}},
		{mamori.DeliveryFilter{Tenant: mamori.DefaultTenant, Status: mamori.DeliverySent}, []int64{ds[0].ID}},
		{mamori.DeliveryFilter{Ref: "C-1", To: "tanaka", Topic: "case"}, []int64{ds[1].ID, ds[0].ID}},
		{mamori.DeliveryFilter{Ref: "C-1", To: "sakura"}, nil},
		{mamori.DeliveryFilter{Limit: 1}, []int64{other[0].ID}},
	} {
		if d := cmp.Diff(tc.want, ids(tc.f)); d != "" {
			t.Errorf("Deliveries(%+v) (-want +got):\n%s", tc.f, d)
		}
	}
	got, err := s.Deliveries(ctx, mamori.DeliveryFilter{Status: mamori.DeliverySent})
	if err != nil || len(got) != 1 {
		t.Fatal(got, err)
	}
	if g := got[0]; g.Attempts != 1 || !g.NextAt.IsZero() || g.Target != "tanaka@example.jp" || g.Channel != "email" {
		t.Errorf("updated delivery %+v", g)
	}
	for _, tc := range []struct {
		tenant, topic, ref, to string
		want                   bool
	}{
		{"", "case", "C-1", "tanaka", true},
		{mamori.DefaultTenant, "case", "C-1", "tanaka", true},
		{"sakura", "case", "C-1", "tanaka", false},
		{"", "alert", "C-1", "tanaka", false},
		{"sakura", "case", "C-2", "sakura", true},
	} {
		if ok, err := s.Notified(ctx, tc.tenant, tc.topic, tc.ref, tc.to); err != nil || ok != tc.want {
			t.Errorf("Notified(%q, %q, %q, %q) = %v, %v", tc.tenant, tc.topic, tc.ref, tc.to, ok, err)
		}
	}
}

func testDeliveriesDue(t *testing.T, s mamori.DeliveryStore) {
	ctx := context.Background()
	a := []mamori.Delivery{{Channel: "email", Target: "a@example.jp", Status: mamori.DeliveryPending, NextAt: t0.Add(time.Minute)}}
	b := []mamori.Delivery{{Channel: "slack", Target: "hooks.slack.com", Status: mamori.DeliveryPending, NextAt: t0}}
	c := []mamori.Delivery{{Channel: "teams", Target: "x.logic.azure.com", Status: mamori.DeliveryPending, NextAt: t0.Add(time.Hour)}}
	for _, x := range []struct {
		n  mamori.Notification
		ds []mamori.Delivery
	}{{note("", "C-1", "a"), a}, {note("sakura", "C-2", "b"), b}, {note("", "C-3", "c"), c}} {
		if err := s.AddDeliveries(ctx, x.n, x.ds); err != nil {
			t.Fatal(err)
		}
	}
	due, err := s.DueDeliveries(ctx, "", t0.Add(time.Minute), 10*time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 2 || due[0].Delivery.ID != b[0].ID || due[1].Delivery.ID != a[0].ID {
		t.Fatalf("due = %+v", due)
	}
	want := note("sakura", "C-2", "b")
	if d := cmp.Diff(want, due[0].Notification); d != "" {
		t.Errorf("notification (-want +got):\n%s", d)
	}
	if !due[0].Delivery.NextAt.Equal(t0.Add(11 * time.Minute)) {
		t.Errorf("leased until %s", due[0].Delivery.NextAt)
	}
	// Taken: not due again within the lease; due after it.
	if again, err := s.DueDeliveries(ctx, "", t0.Add(5*time.Minute), 10*time.Minute, 10); err != nil || len(again) != 0 {
		t.Errorf("within the lease: %+v, %v", again, err)
	}
	if again, err := s.DueDeliveries(ctx, "sakura", t0.Add(2*time.Hour), time.Minute, 10); err != nil || len(again) != 1 || again[0].Delivery.ID != b[0].ID {
		t.Errorf("one tenant's: %+v, %v", again, err)
	}
	if again, err := s.DueDeliveries(ctx, "", t0.Add(2*time.Hour), time.Minute, 1); err != nil || len(again) != 1 {
		t.Errorf("limit 1: %+v, %v", again, err)
	}
	// Sent and failed deliveries are never due.
	c[0].Status, c[0].NextAt = mamori.DeliveryFailed, time.Time{}
	if err := s.UpdateDelivery(ctx, &c[0]); err != nil {
		t.Fatal(err)
	}
	left, err := s.DueDeliveries(ctx, "", t0.Add(24*time.Hour), time.Minute, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range left {
		if d.Delivery.ID == c[0].ID {
			t.Errorf("a failed delivery was due: %+v", d)
		}
	}
}
