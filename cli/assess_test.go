package cli

import (
	"bufio"
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

func testEnv() (*env, *bytes.Buffer) {
	var out bytes.Buffer
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	return &env{stdout: &out, stderr: &out, lang: "en", now: func() time.Time { return now }}, &out
}

func qFramework() *mamori.Framework {
	q := mamori.Text{En: "Done?", Ja: "実施していますか？"}
	return &mamori.Framework{ID: "t", Controls: []mamori.Control{
		{ID: "1", Question: q}, {ID: "2", Question: q}, {ID: "3", Checks: []string{"c"}}, {ID: "4", Question: q}, {ID: "5", Question: q},
	}}
}

// The interactive mode asks only the unanswered questions, asks again after
// an answer off the scale, skips on an empty line and stops on q.
func TestAskUnanswered(t *testing.T) {
	e, out := testEnv()
	have := map[string]mamori.Answer{"2": {Value: "yes"}}
	in := bufio.NewReader(strings.NewReader("yes\n\nmaybe\nno\nq\n"))
	got, err := askUnanswered(e, in, qFramework(), have, "tanaka")
	if err != nil {
		t.Fatal(err)
	}
	at := e.now()
	want := []mamori.Answer{
		{Tenant: "default", Framework: "t", Control: "1", Value: "yes", By: "tanaka", At: at},
		{Tenant: "default", Framework: "t", Control: "5", Value: "no", By: "tanaka", At: at},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("answers (-want +got):\n%s", d)
	}
	if !strings.Contains(out.String(), `"maybe" is not one of: yes, partial, no, na`) {
		t.Errorf("no retry message in:\n%s", out.String())
	}
	if strings.Contains(out.String(), "[1/4] 2 ") || strings.Contains(out.String(), " 3 ") {
		t.Errorf("asked an answered or checks-only control:\n%s", out.String())
	}
	// The end of the input keeps what was answered.
	got, err = askUnanswered(e, bufio.NewReader(strings.NewReader("partial")), qFramework(), nil, "")
	if err != nil || len(got) != 1 || got[0].Value != "partial" {
		t.Errorf("at EOF: %v, %v; want the one answer", got, err)
	}
}

func TestSupplierView(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	s := &mamori.Supplier{Name: "Tokyo Logistics", Required: "scs-4", AddedAt: now.AddDate(-1, 0, 0)}
	met := mamori.ControlResult{ID: "1", Status: mamori.ControlMet}
	gap := mamori.ControlResult{ID: "2", Status: mamori.ControlNotMet}
	as := []mamori.Assessment{ // newest first
		{Framework: "scs-4", At: now.AddDate(0, -4, 0), Score: 50, Max: 100, Controls: []mamori.ControlResult{met, gap}},
		{Framework: "scs-3", At: now.AddDate(0, -5, 0), Score: 100, Max: 100, Controls: []mamori.ControlResult{met}},
		{Framework: "scs-4", At: now.AddDate(0, -6, 0), Score: 100, Max: 100, Controls: []mamori.ControlResult{met}},
	}
	r := supplierView(s, as, now)
	if r.Level != "scs-3" || r.Meets || *r.Score != 50 || !cmp.Equal(r.Gaps, []string{"2"}) {
		t.Errorf("level %q meets %v score %d gaps %v; want scs-3 (the latest scs-4 has a gap), false, 50, [2]", r.Level, r.Meets, *r.Score, r.Gaps)
	}
	if !r.Overdue || !r.NextReview.Equal(now.AddDate(0, -4, 0).AddDate(0, 0, 90)) {
		t.Errorf("next review %v overdue %v; want 90 days after the last assessment, overdue", r.NextReview, r.Overdue)
	}
	r = supplierView(s, nil, now)
	if r.Score != nil || r.Level != "" || !r.Overdue {
		t.Errorf("never assessed: %+v; want no score, no level, overdue (added a year ago)", r)
	}
}

func TestJoinLines(t *testing.T) {
	for in, want := range map[string]string{
		"要求事項の番号は\n  IPA のワークブックに従っています。\n  題と設問は": "要求事項の番号は IPA のワークブックに従っています。題と設問は",
		"The ids\n  follow the workbook.": "The ids follow the workbook.",
	} {
		if got := joinLines(in); got != want {
			t.Errorf("joinLines(%q) = %q, want %q", in, got, want)
		}
	}
}

type fakeSource struct {
	ev mamori.CheckEvidence
	ok bool
}

func (f fakeSource) ID() string { return mamori.EvidenceVulnHighFixed14d }
func (f fakeSource) Evidence(_ context.Context, _ string, _ time.Time) (mamori.CheckEvidence, bool, error) {
	return f.ev, f.ok, nil
}

// The hook the vulnerability cases fill: a registered source's counts reach
// the control that names it, and a late fix caps a "yes" at partial; with
// no source (or nothing to judge) the answer stands.
func TestSourceEvidence(t *testing.T) {
	e, _ := testEnv()
	fw := &mamori.Framework{ID: "scs-3", Controls: []mamori.Control{
		{ID: "4-4-4", Question: mamori.Text{En: "q", Ja: "q"}, Sources: []string{mamori.EvidenceVulnHighFixed14d}},
	}}
	answers := map[string]mamori.Answer{"4-4-4": {Value: "yes"}}
	defer func(f func(*env, mamori.Store) []mamori.EvidenceSource) { evidenceSources = f }(evidenceSources)
	for _, c := range []struct {
		name string
		src  []mamori.EvidenceSource
		want mamori.ControlStatus
	}{
		{"no provider yet", nil, mamori.ControlMet},
		{"nothing to judge", []mamori.EvidenceSource{fakeSource{ok: false}}, mamori.ControlMet},
		{"all fixed in time", []mamori.EvidenceSource{fakeSource{ev: mamori.CheckEvidence{Pass: 3}, ok: true}}, mamori.ControlMet},
		{"one fixed late", []mamori.EvidenceSource{fakeSource{ev: mamori.CheckEvidence{Pass: 3, Fail: 1}, ok: true}}, mamori.ControlPartial},
	} {
		t.Run(c.name, func(t *testing.T) {
			evidenceSources = func(*env, mamori.Store) []mamori.EvidenceSource { return c.src }
			fc, err := sourceEvidence(context.Background(), e, nil, fw)
			if err != nil {
				t.Fatal(err)
			}
			a := mamori.AssessCounts(fw, fc, false, answers, e.now())
			if got := a.Controls[0].Status; got != c.want {
				t.Errorf("status %s, want %s (%s)", got, c.want, a.Controls[0].Rule.En)
			}
		})
	}
}
