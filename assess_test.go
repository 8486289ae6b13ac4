package mamori

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var assessNow = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func testFramework(method string) *Framework {
	return &Framework{
		ID: "t", Title: Text{En: "T", Ja: "T"},
		Categories: []Category{{ID: "a", Title: Text{En: "A", Ja: "A"}}, {ID: "b", Title: Text{En: "B", Ja: "B"}}},
		Scale: AnswerScale{
			{Value: "yes", Points: 4, Status: ControlMet}, {Value: "partial", Points: 2, Status: ControlPartial},
			{Value: "no", Points: 0, Status: ControlNotMet}, {Value: "unknown", Points: -1, Status: ControlNotMet},
			{Value: "na", Points: 0, Status: ControlNotApplicable},
		},
		Scoring: Scoring{Method: method, Bands: []Band{{ID: "top", Min: 100}, {ID: "mid", Min: 50}, {ID: "low", Min: -100}}},
		Controls: []Control{
			{ID: "q", Category: "a", Question: Text{En: "?", Ja: "?"}},
			{ID: "qc", Category: "a", Question: Text{En: "?", Ja: "?"}, Checks: []string{"c1"}},
			{ID: "c", Category: "b", Checks: []string{"c1", "c2"}},
		},
	}
}

func find(id string, st Status) Finding { return Finding{CheckID: id, Status: st} }

func statuses(a *Assessment) map[string]ControlStatus {
	m := map[string]ControlStatus{}
	for _, c := range a.Controls {
		m[c.ID] = c.Status
	}
	return m
}

// A control that needs an answer is unanswered until answered, whatever its
// checks say; never met by default.
func TestAssessNeverMetByDefault(t *testing.T) {
	fw := testFramework(ScorePercent)
	a := Assess(fw, []Finding{find("c1", StatusPass), find("c2", StatusPass)}, true, nil, assessNow)
	want := map[string]ControlStatus{"q": ControlUnanswered, "qc": ControlUnanswered, "c": ControlMet}
	if d := cmp.Diff(want, statuses(a)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	// Without a scan, a control of checks alone has no evidence either.
	a = Assess(fw, nil, false, nil, assessNow)
	if got := statuses(a)["c"]; got != ControlUnanswered {
		t.Errorf("checks-only control without a scan: %s, want unanswered", got)
	}
	if a.Score != 0 {
		t.Errorf("nothing known scores %d, want 0", a.Score)
	}
}

func TestAssessRules(t *testing.T) {
	fw := testFramework(ScorePercent)
	ans := func(v string) map[string]Answer {
		return map[string]Answer{"q": {Value: v}, "qc": {Value: v, At: assessNow}}
	}
	cases := []struct {
		name string
		fs   []Finding
		ans  map[string]Answer
		want map[string]ControlStatus
	}{
		{"a failing check caps yes at partial", []Finding{find("c1", StatusFail), find("c2", StatusPass)}, ans("yes"),
			map[string]ControlStatus{"q": ControlMet, "qc": ControlPartial, "c": ControlNotMet}},
		{"muted counts as failing", []Finding{find("c1", StatusMuted), find("c2", StatusPass)}, ans("yes"),
			map[string]ControlStatus{"q": ControlMet, "qc": ControlPartial, "c": ControlNotMet}},
		{"an error is no evidence", []Finding{find("c1", StatusError), find("c2", StatusPass)}, ans("no"),
			map[string]ControlStatus{"q": ControlNotMet, "qc": ControlNotMet, "c": ControlUnanswered}},
		{"nothing scanned applies", nil, ans("na"),
			map[string]ControlStatus{"q": ControlNotApplicable, "qc": ControlNotApplicable, "c": ControlNotApplicable}},
		{"partial failing stays capped", []Finding{find("c1", StatusFail)}, ans("partial"),
			map[string]ControlStatus{"q": ControlPartial, "qc": ControlNotMet, "c": ControlNotMet}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := Assess(fw, c.fs, true, c.ans, assessNow)
			if d := cmp.Diff(c.want, statuses(a)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			for _, r := range a.Controls {
				if r.Rule.En == "" || r.Rule.Ja == "" {
					t.Errorf("%s: no rule", r.ID)
				}
			}
		})
	}
}

// A framework that allows partial makes a control partly met when some of
// its checks pass and others fail; by default one failure is not met.
func TestAssessAllowPartial(t *testing.T) {
	fs := []Finding{find("c1", StatusPass), find("c2", StatusFail)}
	fw := testFramework(ScorePercent)
	if got := statuses(Assess(fw, fs, true, nil, assessNow))["c"]; got != ControlNotMet {
		t.Errorf("default: %s, want not_met", got)
	}
	fw.AllowPartial = true
	a := Assess(fw, fs, true, nil, assessNow)
	if got := a.Controls[2]; got.Status != ControlPartial || got.Points != 0.5 {
		t.Errorf("allow_partial: %s %v points, want partial 0.5", got.Status, got.Points)
	}
	// Every check failing is still not met.
	if got := statuses(Assess(fw, []Finding{find("c1", StatusFail), find("c2", StatusMuted)}, true, nil, assessNow))["c"]; got != ControlNotMet {
		t.Errorf("all failing with allow_partial: %s, want not_met", got)
	}
}

// An answer off the scale (stored under an older framework) counts for
// nothing and asks to be answered again.
func TestAssessStaleScale(t *testing.T) {
	fw := testFramework(ScorePercent)
	a := Assess(fw, nil, true, map[string]Answer{"q": {Value: "maybe"}}, assessNow)
	if r := a.Controls[0]; r.Status != ControlUnanswered || r.Points != 0 || r.Answer == nil {
		t.Errorf("off-scale answer: %s, %v points, answer %v; want unanswered, 0, kept", r.Status, r.Points, r.Answer)
	}
}

func TestAssessScores(t *testing.T) {
	// Sum (IPA style): the answers' points; a failing check caps yes (4) at
	// partial's 2; unanswered counts 0.
	fw := testFramework(ScoreSum)
	fw.Controls = fw.Controls[:2]
	a := Assess(fw, []Finding{find("c1", StatusFail)}, true, map[string]Answer{"q": {Value: "yes"}, "qc": {Value: "yes"}}, assessNow)
	if a.Score != 6 || a.Max != 8 || a.Band != "low" {
		t.Errorf("sum: %d/%d band %s; want 6/8 low (bands of a sum are points)", a.Score, a.Max, a.Band)
	}
	a = Assess(fw, nil, true, map[string]Answer{"q": {Value: "unknown"}}, assessNow)
	if a.Score != -1 || a.Counts[ControlUnanswered] != 1 || a.Band != "low" {
		t.Errorf("sum with unknown: %d, counts %v, band %s; want -1, one unanswered, low", a.Score, a.Counts, a.Band)
	}
	// Percent: met 1, partial 0.5, not applicable out of the count.
	fw = testFramework(ScorePercent)
	a = Assess(fw, []Finding{find("c1", StatusPass), find("c2", StatusPass)}, true, map[string]Answer{"q": {Value: "partial"}, "qc": {Value: "na"}}, assessNow)
	if a.Score != 75 || a.Max != 100 {
		t.Errorf("percent: %d/%d; want 75/100 (1.5 of 2)", a.Score, a.Max)
	}
	want := []CategoryResult{
		{ID: "a", Points: 0.5, Max: 1, Score: 50},
		{ID: "b", Points: 1, Max: 1, Score: 100},
	}
	got := append([]CategoryResult(nil), a.Categories...)
	for i := range got {
		got[i].Title, got[i].Rule = Text{}, Text{}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("categories (-want +got):\n%s", d)
	}
	if gaps := a.Gaps(); len(gaps) != 1 || gaps[0].ID != "q" {
		t.Errorf("gaps %v; want q", gaps)
	}
}

func TestAnswerStale(t *testing.T) {
	year := 365 * 24 * time.Hour
	cases := []struct {
		a    Answer
		want bool
	}{
		{Answer{At: assessNow.Add(-400 * 24 * time.Hour)}, true},
		{Answer{At: assessNow.Add(-400 * 24 * time.Hour), Reviewed: assessNow.AddDate(0, -1, 0)}, false},
		{Answer{At: assessNow}, false},
		{Answer{}, false},
	}
	for i, c := range cases {
		if got := c.a.Stale(assessNow, year); got != c.want {
			t.Errorf("%d: Stale = %v, want %v", i, got, c.want)
		}
	}
	fw := testFramework(ScorePercent)
	a := Assess(fw, nil, true, map[string]Answer{"q": {Value: "yes", At: assessNow.AddDate(-2, 0, 0)}}, assessNow)
	if !a.Controls[0].Stale {
		t.Errorf("a two-year-old answer is not flagged")
	}
}

func TestSupplier(t *testing.T) {
	s := Supplier{Name: "Tokyo Logistics", Required: "scs-4", AddedAt: assessNow}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := s.NextReview(time.Time{}); !got.Equal(assessNow.AddDate(0, 0, 90)) {
		t.Errorf("NextReview = %v; want 90 days after added", got)
	}
	if err := (&Supplier{Name: " "}).Validate(); err == nil {
		t.Errorf("a supplier without a name validates")
	}
	if err := (&Supplier{Name: "x"}).Validate(); err == nil {
		t.Errorf("a supplier without a required framework validates")
	}
}

// A requirement with criteria is met only when every applicable criterion
// is; a failing check caps the criterion that names it.
func TestAssessCriteria(t *testing.T) {
	fw := &Framework{
		ID: "t", Categories: []Category{{ID: "a"}}, Scoring: Scoring{Method: ScorePercent},
		Controls: []Control{{ID: "r", Category: "a", Criteria: []Control{
			{ID: "r-1", Category: "a", Question: Text{En: "?", Ja: "?"}},
			{ID: "r-2", Category: "a", Question: Text{En: "?", Ja: "?"}, Checks: []string{"c1"}},
			{ID: "r-3", Category: "a", Checks: []string{"c2"}},
		}}},
	}
	pass := []Finding{find("c1", StatusPass), find("c2", StatusPass)}
	yes := map[string]Answer{"r-1": {Value: "yes"}, "r-2": {Value: "yes"}}
	cases := []struct {
		name    string
		fs      []Finding
		answers map[string]Answer
		want    ControlStatus
		points  float64
	}{
		{"all met", pass, yes, ControlMet, 1},
		{"one unanswered", pass, map[string]Answer{"r-1": {Value: "yes"}}, ControlUnanswered, 0},
		{"one partial", pass, map[string]Answer{"r-1": {Value: "partial"}, "r-2": {Value: "yes"}}, ControlPartial, 0.5},
		{"one not met", pass, map[string]Answer{"r-1": {Value: "no"}, "r-2": {Value: "yes"}}, ControlNotMet, 0},
		{"failing check caps its criterion", []Finding{find("c1", StatusFail), find("c2", StatusPass)}, yes, ControlPartial, 0.5},
		{"not met beats unanswered", []Finding{find("c2", StatusFail)}, nil, ControlNotMet, 0},
		{"not applicable criteria do not count", []Finding{find("c1", StatusPass)}, map[string]Answer{"r-1": {Value: "na"}, "r-2": {Value: "yes"}}, ControlMet, 1},
		{"all not applicable", nil, map[string]Answer{"r-1": {Value: "na"}, "r-2": {Value: "na"}}, ControlNotApplicable, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// r-3 has checks only: a scan that found nothing for c2 makes it
			// not applicable.
			a := Assess(fw, c.fs, true, c.answers, assessNow)
			r := a.Controls[0]
			if r.Status != c.want || r.Points != c.points || len(r.Criteria) != 3 {
				t.Errorf("%s with %v points and %d criteria, want %s with %v\n%s", r.Status, r.Points, len(r.Criteria), c.want, c.points, r.Rule.En)
			}
			if a.Counts[r.Status] != 1 || len(a.Counts) != 1 {
				t.Errorf("counts %v: the requirement counts once, its criteria not at all", a.Counts)
			}
		})
	}
	// A stale answer to a criterion marks the requirement stale.
	old := map[string]Answer{"r-1": {Value: "yes", Reviewed: assessNow.AddDate(-2, 0, 0)}, "r-2": {Value: "yes"}}
	if r := Assess(fw, pass, true, old, assessNow).Controls[0]; !r.Stale || !r.Criteria[0].Stale || r.Criteria[1].Stale {
		t.Errorf("stale: requirement %v, criteria %v %v; want true, true, false", r.Stale, r.Criteria[0].Stale, r.Criteria[1].Stale)
	}
}
