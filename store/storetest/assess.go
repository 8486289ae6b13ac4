package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

// RunAssess runs the conformance suite of mamori.AssessStore. open must
// return a new, empty store for each call; RunAssess does not close it.
//
// Beyond the comments of mamori.AssessStore: an empty Tenant is stored as
// mamori.DefaultTenant; one tenant never sees another's answers,
// assessments or suppliers; an assessment comes back exactly as stored
// (times as the same instant).
func RunAssess(t *testing.T, open func(t *testing.T) mamori.AssessStore) {
	t.Helper()
	for _, tc := range []struct {
		name string
		f    func(*testing.T, mamori.AssessStore)
	}{
		{"Answers", testAnswers},
		{"Assessments", testAssessments},
		{"Suppliers", testSuppliers},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.f(t, open(t)) })
	}
}

func answer(tenant, subject, fw, ctl, v string) mamori.Answer {
	return mamori.Answer{Tenant: tenant, Subject: subject, Framework: fw, Control: ctl, Value: v, By: "tanaka",
		At: t0.Add(time.Hour), Evidence: "https://intra/policy", Note: "見直し済み", Reviewed: t0}
}

func testAnswers(t *testing.T, s mamori.AssessStore) {
	ctx := context.Background()
	put := func(as ...mamori.Answer) {
		t.Helper()
		if err := s.PutAnswers(ctx, as); err != nil {
			t.Fatal(err)
		}
	}
	put(answer("", "", "ipa-self-check", "1", "yes"), answer("", "", "ipa-self-check", "2", "no"),
		answer("", "Tokyo Logistics", "ipa-self-check", "1", "no"), answer("msp-a", "", "ipa-self-check", "1", "partial"),
		answer("", "", "scs-3", "4-1-3", "yes"))
	// A later answer to the same question replaces the first.
	later := answer("", "", "ipa-self-check", "2", "partial")
	later.At = t0.Add(48 * time.Hour)
	put(later)
	got, err := s.Answers(ctx, mamori.AnswerFilter{Framework: "ipa-self-check"})
	if err != nil {
		t.Fatal(err)
	}
	one := answer("default", "", "ipa-self-check", "1", "yes")
	later.Tenant = "default"
	if d := cmp.Diff([]mamori.Answer{one, later}, got, timeEqual); d != "" {
		t.Errorf("own answers (-want +got):\n%s", d)
	}
	got, err = s.Answers(ctx, mamori.AnswerFilter{Tenant: "msp-a"})
	if err != nil || len(got) != 1 || got[0].Value != "partial" {
		t.Errorf("another tenant's answers: %v, %v; want its one answer", got, err)
	}
	got, err = s.Answers(ctx, mamori.AnswerFilter{Subject: "Tokyo Logistics", Framework: "ipa-self-check"})
	if err != nil || len(got) != 1 || got[0].Value != "no" {
		t.Errorf("a supplier's answers: %v, %v; want its one answer", got, err)
	}
	// One bad answer stores none of the batch.
	if err := s.PutAnswers(ctx, []mamori.Answer{answer("", "", "ipa-self-check", "3", "yes"), {Framework: "ipa-self-check"}}); err == nil {
		t.Errorf("an answer without control and value was stored")
	}
	got, _ = s.Answers(ctx, mamori.AnswerFilter{Framework: "ipa-self-check"})
	if len(got) != 2 {
		t.Errorf("after a failed batch: %d answers, want the 2 stored before", len(got))
	}
}

var timeEqual = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

func assessment(subject, fw string, at time.Time, score int) *mamori.Assessment {
	return &mamori.Assessment{
		Subject: subject, Framework: fw, FrameworkTitle: mamori.Text{En: "IPA self-check", Ja: "自社診断"},
		ScanID: "scan-1", At: at, Score: score, Max: 100, Band: "partly", BandLabel: mamori.Text{En: "Partly", Ja: "一部"},
		Rule:   mamori.Text{En: "sum", Ja: "合計"},
		Counts: map[mamori.ControlStatus]int{mamori.ControlMet: 1, mamori.ControlUnanswered: 1},
		Categories: []mamori.CategoryResult{{ID: "basic", Title: mamori.Text{En: "Basic", Ja: "基本"}, Points: 4, Max: 8, Score: 50,
			Rule: mamori.Text{En: "r", Ja: "r"}}},
		Controls: []mamori.ControlResult{{
			ID: "1", Title: mamori.Text{En: "Updates", Ja: "更新"}, Category: "basic", Status: mamori.ControlMet, Points: 4, Max: 4,
			Rule:     mamori.Text{En: "answer yes", Ja: "回答 yes"},
			Evidence: []mamori.CheckEvidence{{CheckID: "aws-iam-root-mfa", Pass: 1, Fail: 0}},
			Answer:   &mamori.Answer{Tenant: "default", Framework: fw, Control: "1", Value: "yes", By: "tanaka", At: at},
		}},
	}
}

func testAssessments(t *testing.T, s mamori.AssessStore) {
	ctx := context.Background()
	a1 := assessment("", "ipa-self-check", t0.Add(time.Hour), 40)
	a2 := assessment("", "ipa-self-check", t0.Add(2*time.Hour), 60)
	a3 := assessment("", "scs-3", t0.Add(3*time.Hour), 70)
	a4 := assessment("Tokyo Logistics", "scs-4", t0.Add(4*time.Hour), 80)
	for _, a := range []*mamori.Assessment{a1, a2, a3, a4} {
		if err := s.PutAssessment(ctx, a); err != nil {
			t.Fatal(err)
		}
		if a.ID == "" || a.Tenant != mamori.DefaultTenant {
			t.Fatalf("PutAssessment left ID %q, tenant %q", a.ID, a.Tenant)
		}
	}
	got, err := s.Assessments(ctx, mamori.AssessmentFilter{Framework: "ipa-self-check"})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]mamori.Assessment{*a2, *a1}, got, timeEqual); d != "" {
		t.Errorf("history newest first (-want +got):\n%s", d)
	}
	got, _ = s.Assessments(ctx, mamori.AssessmentFilter{})
	if len(got) != 3 {
		t.Errorf("own assessments: %d, want 3 (the supplier's is not the company's)", len(got))
	}
	got, _ = s.Assessments(ctx, mamori.AssessmentFilter{AnySubject: true, Limit: 2})
	if len(got) != 2 || got[0].ID != a4.ID || got[1].ID != a3.ID {
		t.Errorf("any subject, limit 2: %d; want a4, a3", len(got))
	}
	got, _ = s.Assessments(ctx, mamori.AssessmentFilter{Tenant: "msp-a", AnySubject: true})
	if len(got) != 0 {
		t.Errorf("another tenant sees %d assessments", len(got))
	}
}

func testSuppliers(t *testing.T, s mamori.AssessStore) {
	ctx := context.Background()
	tl := &mamori.Supplier{Name: "Tokyo Logistics", Contact: "sato@example.jp", Required: "scs-4", AddedAt: t0}
	if err := s.PutSupplier(ctx, tl); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSupplier(ctx, &mamori.Supplier{Name: "Aoba Print", Required: "scs-3", ReviewDays: 180, AddedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSupplier(ctx, &mamori.Supplier{Tenant: "msp-a", Name: "Other", Required: "scs-3", AddedAt: t0}); err != nil {
		t.Fatal(err)
	}
	// Updating keeps when it was added.
	if err := s.PutSupplier(ctx, &mamori.Supplier{Name: "Tokyo Logistics", Contact: "ito@example.jp", Required: "scs-4", Asked: []string{"scs-3"}, Risks: []string{mamori.SupplierRiskConfidential, mamori.SupplierRiskAccess}, AddedAt: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Suppliers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []mamori.Supplier{
		{Tenant: "default", Name: "Aoba Print", Required: "scs-3", ReviewDays: 180, AddedAt: t0},
		{Tenant: "default", Name: "Tokyo Logistics", Contact: "ito@example.jp", Required: "scs-4", Asked: []string{"scs-3"}, Risks: []string{"confidential", "network-access"}, AddedAt: t0},
	}
	if d := cmp.Diff(want, got, timeEqual); d != "" {
		t.Errorf("suppliers (-want +got):\n%s", d)
	}
	if _, err := s.Supplier(ctx, "", "Nobody"); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("Supplier(Nobody) = %v; want ErrNotFound", err)
	}
	if _, err := s.Supplier(ctx, "", "Other"); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("another tenant's supplier is visible: %v", err)
	}
	if err := s.PutSupplier(ctx, &mamori.Supplier{Name: "No level"}); err == nil {
		t.Errorf("a supplier without a required framework was stored")
	}
}
