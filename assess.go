package mamori

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// The assessment half of the vocabulary: a framework (IPA's self-check, the
// METI supply-chain evaluation, CIS, ...) is a list of controls; each control
// takes its evidence from checks (the findings of a scan) and/or from a
// person's answer to a question. An assessment scores one company (or one
// supplier) against one framework at one time:
//
//	findings ─┐
//	answers ──┴─> controls of a framework ─> statuses, scores, band, gaps
//
// The rules that protect the user live here as methods: a control that needs
// a person's answer is unanswered until somebody answers it (never met by
// default), an answer older than its review period is stale, a failing check
// caps what an answer can claim.

// ControlStatus is where one control of a framework stands.
type ControlStatus string

// The control statuses. Unanswered covers "nobody has said" as well as "no
// evidence could be read": it never counts as met.
const (
	ControlMet           ControlStatus = "met"
	ControlPartial       ControlStatus = "partial"
	ControlNotMet        ControlStatus = "not_met"
	ControlUnanswered    ControlStatus = "unanswered"
	ControlNotApplicable ControlStatus = "not_applicable"
)

// ControlStatuses lists the statuses in report order, worst first.
var ControlStatuses = []ControlStatus{ControlNotMet, ControlUnanswered, ControlPartial, ControlMet, ControlNotApplicable}

// ParseControlStatus reads a status name.
func ParseControlStatus(s string) (ControlStatus, error) {
	for _, st := range ControlStatuses {
		if string(st) == strings.TrimSpace(s) {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown control status %q (want met, partial, not_met, unanswered or not_applicable)", s)
}

// Choice is one answer a question accepts: its value in an answers file
// ("yes"), its label, the points it gives and the status it means.
type Choice struct {
	// Value is what an answers file says: "yes", "partial", "no", "unknown".
	Value string `json:"value" yaml:"value"`
	// Label is what a person reads ("実施している").
	Label Text `json:"label" yaml:"label"`
	// Points the answer gives under the "sum" scoring method.
	Points float64 `json:"points" yaml:"points"`
	// Status the answer puts the control in. "unknown" is not_met: not
	// knowing whether something is done is a gap.
	Status ControlStatus `json:"status" yaml:"status"`
}

// AnswerScale is the list of answers a question accepts, best first.
type AnswerScale []Choice

// Choice returns the choice with value v.
func (s AnswerScale) Choice(v string) (Choice, bool) {
	for _, c := range s {
		if c.Value == v {
			return c, true
		}
	}
	return Choice{}, false
}

// Values lists the accepted values, for messages.
func (s AnswerScale) Values() []string {
	out := make([]string, len(s))
	for i, c := range s {
		out[i] = c.Value
	}
	return out
}

// Max is the most points an answer can give.
func (s AnswerScale) Max() float64 {
	m := 0.0
	for i, c := range s {
		if i == 0 || c.Points > m {
			m = c.Points
		}
	}
	return m
}

// pointsFor is the points of the best choice with status st (used when a
// failing check caps an answer); 0 when the scale has none.
func (s AnswerScale) pointsFor(st ControlStatus) float64 {
	best, found := 0.0, false
	for _, c := range s {
		if c.Status == st && (!found || c.Points > best) {
			best, found = c.Points, true
		}
	}
	return best
}

// DefaultScale is the scale of a question that gives none: yes, partly, no,
// does not apply.
var DefaultScale = AnswerScale{
	{Value: "yes", Label: Text{En: "Done", Ja: "実施している"}, Points: 1, Status: ControlMet},
	{Value: "partial", Label: Text{En: "Partly done", Ja: "一部実施している"}, Points: 0.5, Status: ControlPartial},
	{Value: "no", Label: Text{En: "Not done", Ja: "実施していない"}, Points: 0, Status: ControlNotMet},
	{Value: "na", Label: Text{En: "Does not apply to us", Ja: "該当しない"}, Points: 0, Status: ControlNotApplicable},
}

// Category groups controls ("basic", "employees", "governance", ...).
type Category struct {
	ID    string `json:"id" yaml:"id"`
	Title Text   `json:"title" yaml:"title"`
	// Prefix, in a framework built from the checks' compliance mappings,
	// puts every control whose ID starts with it in this category.
	Prefix string `json:"prefix,omitempty" yaml:"prefix"`
}

// Band names a range of the overall score: the band of a score is the first
// one (bands are listed from the highest Min down) whose Min it reaches.
type Band struct {
	ID    string  `json:"id" yaml:"id"`
	Min   float64 `json:"min" yaml:"min"`
	Label Text    `json:"label" yaml:"label"`
	// Advice says what to do next from this band.
	Advice Text `json:"advice" yaml:"advice"`
}

// Scoring methods.
const (
	// ScoreSum adds up the points of each control's answer (IPA's
	// self-check: 25 questions of 4 points, out of 100).
	ScoreSum = "sum"
	// ScorePercent gives each control its weight (Points) when met, half
	// when partial, nothing otherwise, and reports the share of the weights
	// of the applicable controls, out of 100.
	ScorePercent = "percent"
)

// Scoring says how a framework's score is computed and banded.
type Scoring struct {
	// Method is ScoreSum or ScorePercent (the default).
	Method string `json:"method" yaml:"method"`
	// Bands from the highest Min down; the last one is the floor.
	Bands []Band `json:"bands,omitempty" yaml:"bands"`
}

// Source says where a framework comes from and what mamori did with it.
type Source struct {
	// Publisher: "IPA", "METI", "CIS".
	Publisher string `json:"publisher" yaml:"publisher"`
	// Document is the name of the source document.
	Document Text `json:"document" yaml:"document"`
	// URL of the source.
	URL string `json:"url" yaml:"url"`
	// Licence says what was paraphrased from where and under which terms.
	Licence Text `json:"licence" yaml:"licence"`
}

// Framework is a list of controls a company is measured against. It is data:
// one YAML file each (framework/data/*.yaml, or the user's own directory).
type Framework struct {
	// ID is stable: "ipa-self-check", "scs-3", "cis-aws-3.0".
	ID string `json:"id" yaml:"id"`
	// Title in both languages.
	Title Text `json:"title" yaml:"title"`
	// Version of the source document ("2026-03-27", "3.0").
	Version string `json:"version,omitempty" yaml:"version"`
	// Source and licence note.
	Source Source `json:"source" yaml:"source"`
	// Categories, in report order. Every control names one of them.
	Categories []Category `json:"categories" yaml:"categories"`
	// Scale is the answer scale of every question that gives none.
	Scale AnswerScale `json:"scale,omitempty" yaml:"scale"`
	// Scoring says how the overall score and band are computed.
	Scoring Scoring `json:"scoring" yaml:"scoring"`
	// ReviewDays is how long an answer stays current before it must be
	// reviewed again (365 when zero).
	ReviewDays int `json:"review_days,omitempty" yaml:"review_days"`
	// AllowPartial lets a control judged by several checks be partial when
	// some of its checks pass and others fail; otherwise one failing check
	// makes it not met.
	AllowPartial bool `json:"allow_partial,omitempty" yaml:"allow_partial"`
	// FromCompliance, when set, builds the controls from the checks'
	// compliance mappings with this prefix ("cis-aws-3.0"); Controls then
	// only gives titles to some of them.
	FromCompliance string `json:"from_compliance,omitempty" yaml:"from_compliance"`
	// Complete, with FromCompliance, says Controls lists every control of
	// the source: a check mapped to an id not listed is an error, and a
	// listed control that no check maps to yet (and that has no question)
	// is asked as a question until one does.
	Complete bool `json:"complete,omitempty" yaml:"complete"`
	// Controls in order.
	Controls []Control `json:"controls" yaml:"controls"`
	// Origin is "builtin" or the file the framework was loaded from.
	Origin string `json:"origin" yaml:"-"`
}

// Control is one requirement of a framework.
type Control struct {
	// ID as the source numbers it: "1", "4-1-3", "2.1.1", "PR.DS-01".
	ID string `json:"id" yaml:"id"`
	// Title is a short text in our own words, in both languages.
	Title Text `json:"title" yaml:"title"`
	// Category is the ID of one of the framework's categories.
	Category string `json:"category" yaml:"category"`
	// Checks give evidence: the control is not met while one of them fails.
	Checks []string `json:"checks,omitempty" yaml:"checks"`
	// Question is what a person must answer; empty when the checks alone
	// decide.
	Question Text `json:"question,omitempty" yaml:"question"`
	// Scale overrides the framework's answer scale for this question.
	Scale AnswerScale `json:"scale,omitempty" yaml:"scale"`
	// Points is the control's weight under ScorePercent (1 when zero).
	Points float64 `json:"points,omitempty" yaml:"points"`
	// Action says what closes the gap when the control is not met.
	Action Text `json:"action,omitempty" yaml:"action"`
	// Sources name evidence that no check gives but another part of mamori
	// does (EvidenceSources: the vulnerability cases' fix times, ...). A
	// source counts like a check: its failing items make the control not
	// met and cap an answer.
	Sources []string `json:"sources,omitempty" yaml:"sources"`
	// Via names controls of other frameworks by compliance id
	// ("iso27001-2022:A.8.5"): every check mapped to one of them gives
	// evidence here too, so checks added later join without editing this
	// framework.
	Via []string `json:"via,omitempty" yaml:"via"`
	// Manual, when set, says why the source leaves the control to a person
	// (CIS's "manual" recommendations): the control then needs a question,
	// and checks mapped to it only give evidence that caps the answer.
	Manual Text `json:"manual,omitempty" yaml:"manual"`
	// Unchecked is set (by the loader, never in a file) on a control of a
	// complete framework that no check covers yet: its question stands in
	// for the evidence a check would give.
	Unchecked bool `json:"unchecked,omitempty" yaml:"-"`
	// Criteria are the evaluation criteria of a requirement (SCS: 4-1-3-1
	// ... 4-1-3-4 under 4-1-3). Each is judged like a control, by its checks
	// and/or the answer to its question; the requirement itself then has no
	// checks or question of its own and is met only when every applicable
	// criterion is (see assessControl). Criteria take the category of their
	// requirement and have no criteria of their own.
	Criteria []Control `json:"criteria,omitempty" yaml:"criteria"`
}

// Items returns what is judged on its own: every control without criteria,
// and the criteria of the others (with their requirement's category), in
// the framework's order. Answers, questionnaires and the interactive mode
// work on items.
func (f *Framework) Items() []*Control {
	var out []*Control
	for i := range f.Controls {
		c := &f.Controls[i]
		if len(c.Criteria) == 0 {
			out = append(out, c)
			continue
		}
		for j := range c.Criteria {
			out = append(out, &c.Criteria[j])
		}
	}
	return out
}

// Item returns the control or criterion with id, or nil.
func (f *Framework) Item(id string) *Control {
	for i := range f.Controls {
		c := &f.Controls[i]
		if c.ID == id {
			return c
		}
		for j := range c.Criteria {
			if c.Criteria[j].ID == id {
				return &c.Criteria[j]
			}
		}
	}
	return nil
}

// NeedsAnswer reports whether a person must answer the control.
func (c *Control) NeedsAnswer() bool { return c.Question.En != "" || c.Question.Ja != "" }

// ScaleOf returns the scale of a control's question.
func (f *Framework) ScaleOf(c *Control) AnswerScale {
	switch {
	case len(c.Scale) > 0:
		return c.Scale
	case len(f.Scale) > 0:
		return f.Scale
	}
	return DefaultScale
}

// Control returns the control with id, or nil.
func (f *Framework) Control(id string) *Control {
	for i := range f.Controls {
		if f.Controls[i].ID == id {
			return &f.Controls[i]
		}
	}
	return nil
}

// ReviewPeriod is how long an answer stays current.
func (f *Framework) ReviewPeriod() time.Duration {
	d := f.ReviewDays
	if d <= 0 {
		d = 365
	}
	return time.Duration(d) * 24 * time.Hour
}

// Max is the highest score the framework gives.
func (f *Framework) Max() float64 {
	if f.Scoring.Method != ScoreSum {
		return 100
	}
	m := 0.0
	for i := range f.Controls {
		m += f.ScaleOf(&f.Controls[i]).Max()
	}
	return m
}

// Band returns the band of a score; nil when the framework has none.
func (f *Framework) Band(score float64) *Band {
	for i := range f.Scoring.Bands {
		if score >= f.Scoring.Bands[i].Min {
			return &f.Scoring.Bands[i]
		}
	}
	if n := len(f.Scoring.Bands); n > 0 {
		return &f.Scoring.Bands[n-1]
	}
	return nil
}

// Answer is what a person said about one control.
type Answer struct {
	// Tenant owns the answer (DefaultTenant for the company itself).
	Tenant string `json:"tenant" yaml:"-"`
	// Subject is who the answer is about: "" for the company itself, else a
	// supplier's name.
	Subject string `json:"subject,omitempty" yaml:"-"`
	// Framework and Control identify the question.
	Framework string `json:"framework" yaml:"-"`
	Control   string `json:"control" yaml:"-"`
	// Value is one of the question's scale ("yes", "partial", ...).
	Value string `json:"answer" yaml:"answer"`
	// By is who answered.
	By string `json:"by,omitempty" yaml:"by"`
	// At is when the answer was given (stored or imported).
	At time.Time `json:"at" yaml:"at,omitempty"`
	// Evidence is a file path or URL that shows it.
	Evidence string `json:"evidence,omitempty" yaml:"evidence,omitempty"`
	// Note is free text.
	Note string `json:"note,omitempty" yaml:"note,omitempty"`
	// Reviewed is when the answer was last reviewed (a date).
	Reviewed time.Time `json:"reviewed,omitempty" yaml:"reviewed,omitempty"`
}

// Stale reports whether the answer is older than the review period at now:
// counted from Reviewed, else from At.
func (a *Answer) Stale(now time.Time, period time.Duration) bool {
	last := a.Reviewed
	if last.IsZero() {
		last = a.At
	}
	if last.IsZero() {
		return false
	}
	return now.Sub(last) > period
}

// Evidence sources: evidence for a control that comes from elsewhere in
// mamori than a check's findings. A framework names them in a control's
// sources; the front end asks each registered EvidenceSource for its counts
// and passes them to AssessCounts as FindingCounts whose CheckID is the
// source's ID.
const (
	// EvidenceVulnHighFixed14d: vulnerability cases of CVSS 7.0 or more,
	// counted as passing when fixed within 14 days of being found and as
	// failing when fixed later or still open after 14 days (SCS criterion 4-4-4-2).
	EvidenceVulnHighFixed14d = "vuln-cases:cvss7-fixed-14d"
)

// EvidenceSources lists the sources a framework may name.
var EvidenceSources = []string{EvidenceVulnHighFixed14d}

// EvidenceSource gives the evidence of one source for a tenant at a time.
// Implementations live with the data they read (the vulnerability cases
// for EvidenceVulnHighFixed14d).
type EvidenceSource interface {
	// ID is one of EvidenceSources.
	ID() string
	// Evidence counts the items that pass and fail (CheckID is ID()); ok
	// is false when there is nothing to judge yet.
	Evidence(ctx context.Context, tenant string, now time.Time) (ev CheckEvidence, ok bool, err error)
}

// CheckEvidence counts the findings of one check behind a control.
type CheckEvidence struct {
	CheckID string `json:"check_id"`
	Pass    int    `json:"pass"`
	Fail    int    `json:"fail"`
	// Muted findings are accepted risks: they count as failing here (an
	// accepted risk is still a gap an auditor must see).
	Muted int `json:"muted,omitempty"`
	// Error findings could not be judged.
	Error int `json:"error,omitempty"`
}

// ControlResult is one control's outcome in an assessment.
type ControlResult struct {
	ID       string          `json:"id"`
	Title    Text            `json:"title"`
	Category string          `json:"category"`
	Status   ControlStatus   `json:"status"`
	Points   float64         `json:"points"`
	Max      float64         `json:"max"`
	Rule     Text            `json:"rule"`
	Evidence []CheckEvidence `json:"evidence"`
	Answer   *Answer         `json:"answer,omitempty"`
	// Stale is set when the answer is past its review period.
	Stale bool `json:"stale,omitempty"`
	// Action says what closes the gap (not met, partial, unanswered).
	Action Text `json:"action,omitempty"`
	// Criteria are the results of the control's evaluation criteria, when
	// it has some: the control's status is theirs taken together.
	Criteria []ControlResult `json:"criteria,omitempty"`
}

// Gap reports whether the control still needs work.
func (r *ControlResult) Gap() bool {
	return r.Status == ControlNotMet || r.Status == ControlPartial || r.Status == ControlUnanswered
}

// CategoryResult is the score of one category.
type CategoryResult struct {
	ID     string  `json:"id"`
	Title  Text    `json:"title"`
	Points float64 `json:"points"`
	Max    float64 `json:"max"`
	Score  int     `json:"score"`
	Rule   Text    `json:"rule"`
}

// Assessment is one framework scored for one subject at one time.
type Assessment struct {
	// ID is unique and sortable by time.
	ID string `json:"id"`
	// Tenant owns the assessment.
	Tenant string `json:"tenant"`
	// Subject is "" for the company itself, else a supplier's name.
	Subject string `json:"subject,omitempty"`
	// Framework is the framework's ID; FrameworkTitle its title then.
	Framework      string `json:"framework"`
	FrameworkTitle Text   `json:"framework_title"`
	// ScanID is the scan whose findings gave the evidence ("" for none).
	ScanID string `json:"scan_id,omitempty"`
	// Account limits the evidence to one account ("" for all).
	Account string `json:"account,omitempty"`
	// At is when the assessment was made.
	At time.Time `json:"at"`
	// Score out of Max, rounded; Rule says how it was computed.
	Score int  `json:"score"`
	Max   int  `json:"max"`
	Rule  Text `json:"rule"`
	// Band is the band's ID and BandLabel its label ("" when none).
	Band      string `json:"band,omitempty"`
	BandLabel Text   `json:"band_label"`
	// Counts tallies the controls by status.
	Counts     map[ControlStatus]int `json:"counts"`
	Categories []CategoryResult      `json:"categories"`
	Controls   []ControlResult       `json:"controls"`
}

// Gaps returns the controls that still need work, worst first: not met,
// unanswered, partial, then by the points they would add.
func (a *Assessment) Gaps() []ControlResult {
	rank := map[ControlStatus]int{ControlNotMet: 0, ControlUnanswered: 1, ControlPartial: 2}
	var out []ControlResult
	for _, c := range a.Controls {
		if c.Gap() {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Status] != rank[out[j].Status] {
			return rank[out[i].Status] < rank[out[j].Status]
		}
		return out[i].Max-out[i].Points > out[j].Max-out[j].Points
	})
	return out
}

// Assess scores fw from the findings of one scan (fs, already narrowed to
// the account asked for) and the answers given (by control ID). scanned
// says whether there is a scan at all: without one, a control backed only
// by checks has no evidence and is unanswered.
func Assess(fw *Framework, fs []Finding, scanned bool, answers map[string]Answer, now time.Time) *Assessment {
	counts := map[FindingCount]int{}
	for i := range fs {
		counts[FindingCount{CheckID: fs[i].CheckID, Status: fs[i].Status}]++
	}
	fc := make([]FindingCount, 0, len(counts))
	for k, n := range counts {
		k.Count = n
		fc = append(fc, k)
	}
	return AssessCounts(fw, fc, scanned, answers, now)
}

// AssessCounts is Assess from the findings counted by check and status
// (Store.CountFindings): what a scan of any size needs, without its findings.
func AssessCounts(fw *Framework, fc []FindingCount, scanned bool, answers map[string]Answer, now time.Time) *Assessment {
	ev := map[string]*CheckEvidence{}
	for _, x := range fc {
		e := ev[x.CheckID]
		if e == nil {
			e = &CheckEvidence{CheckID: x.CheckID}
			ev[x.CheckID] = e
		}
		switch x.Status {
		case StatusPass:
			e.Pass += x.Count
		case StatusFail:
			e.Fail += x.Count
		case StatusMuted:
			e.Muted += x.Count
		case StatusError:
			e.Error += x.Count
		}
	}
	a := &Assessment{
		Tenant: DefaultTenant, Framework: fw.ID, FrameworkTitle: fw.Title, At: now,
		Counts: map[ControlStatus]int{},
	}
	period := fw.ReviewPeriod()
	for i := range fw.Controls {
		c := &fw.Controls[i]
		if len(c.Criteria) > 0 {
			r := assessRequirement(fw, c, ev, scanned, answers, now)
			a.Counts[r.Status]++
			a.Controls = append(a.Controls, r)
			continue
		}
		var ans *Answer
		if x, ok := answers[c.ID]; ok {
			ans = &x
		}
		r := assessControl(fw, c, ev, scanned, ans)
		if ans != nil && ans.Stale(now, period) {
			r.Stale = true
		}
		a.Counts[r.Status]++
		a.Controls = append(a.Controls, r)
	}
	a.score(fw)
	return a
}

// assessControl decides one control. The order of the rules is the contract:
//  1. a check that fails (or is muted) means the control is not met, and
//     caps an answer at partial when the scale has partial;
//  2. a control with a question is what its answer says, and unanswered
//     while there is none, whatever the checks say;
//  3. a control with checks only is met when they have passing findings and
//     none failing, partial when the framework allows it and some of its
//     checks pass cleanly while others fail, unanswered when a check could
//     not be read or there is no scan, not applicable when the scan found
//     nothing to check.
func assessControl(fw *Framework, c *Control, ev map[string]*CheckEvidence, scanned bool, ans *Answer) ControlResult {
	r := ControlResult{ID: c.ID, Title: c.Title, Category: c.Category, Action: c.Action, Evidence: []CheckEvidence{}}
	var pass, fail, errs, clean int
	var failing []string
	for _, id := range append(append([]string(nil), c.Checks...), c.Sources...) {
		e := CheckEvidence{CheckID: id}
		if x := ev[id]; x != nil {
			e = *x
		}
		r.Evidence = append(r.Evidence, e)
		pass += e.Pass
		fail += e.Fail + e.Muted
		errs += e.Error
		if e.Fail+e.Muted > 0 {
			failing = append(failing, id)
		} else if e.Pass > 0 && e.Error == 0 {
			clean++
		}
	}
	weight := c.Points
	if weight <= 0 {
		weight = 1
	}
	scale := fw.ScaleOf(c)
	sum := fw.Scoring.Method == ScoreSum
	r.Max = weight
	if sum {
		r.Max = scale.Max()
	}
	earn := func(st ControlStatus) float64 {
		switch st {
		case ControlMet:
			return r.Max
		case ControlPartial:
			return r.Max / 2
		}
		return 0
	}
	fails := strings.Join(failing, ", ")
	if c.NeedsAnswer() {
		if ans == nil {
			r.Status = ControlUnanswered
			r.Rule = Text{En: "needs a person's answer; none given yet", Ja: "担当者の回答が必要ですが、まだ回答がありません"}
			if sum {
				r.Rule = Text{En: r.Rule.En + " (0 points)", Ja: r.Rule.Ja + "（0 点）"}
			}
			return r
		}
		ch, ok := scale.Choice(ans.Value)
		r.Answer = ans
		if !ok {
			// An answer stored under an older version of the framework.
			r.Status = ControlUnanswered
			r.Rule = Text{
				En: fmt.Sprintf("the answer %q is not on the question's scale (%s) any more: answer again", ans.Value, strings.Join(scale.Values(), ", ")),
				Ja: fmt.Sprintf("回答「%s」は現在の選択肢（%s）にありません。回答し直してください", ans.Value, strings.Join(scale.Values(), "、")),
			}
			return r
		}
		r.Status = ch.Status
		r.Points = earn(ch.Status)
		if sum {
			r.Points = ch.Points
		}
		r.Rule = Text{
			En: fmt.Sprintf("answer %q (%s): %s", ch.Value, ch.Label.En, fmtPoints(r.Points, r.Max)),
			Ja: fmt.Sprintf("回答「%s」(%s): %s", ch.Label.Ja, ch.Value, fmtPointsJa(r.Points, r.Max)),
		}
		if r.Status == ControlNotApplicable {
			r.Points, r.Max = 0, 0
			return r
		}
		if fail > 0 && (r.Status == ControlMet || r.Status == ControlPartial) {
			capped := ControlNotMet
			if r.Status == ControlMet && hasStatus(scale, ControlPartial) {
				capped = ControlPartial
			}
			r.Status = capped
			p := earn(capped)
			if sum {
				p = math.Min(r.Points, scale.pointsFor(capped))
			}
			r.Points = p
			r.Rule = Text{
				En: fmt.Sprintf("answer %q, but failing checks (%s) cap it at %s: %s", ch.Value, fails, capped, fmtPoints(p, r.Max)),
				Ja: fmt.Sprintf("回答は「%s」ですが、不合格のチェック（%s）があるため %s までとします: %s", ch.Label.Ja, fails, statusJa(capped), fmtPointsJa(p, r.Max)),
			}
		}
		return r
	}
	switch {
	case fail > 0 && fw.AllowPartial && clean > 0:
		r.Status = ControlPartial
		r.Rule = Text{
			En: fmt.Sprintf("%d of %d checks pass, %s fail (the framework allows partial)", clean, len(c.Checks)+len(c.Sources), fails),
			Ja: fmt.Sprintf("チェック %d 件中 %d 件が合格、%s が不合格（部分達成を認めるフレームワーク）", len(c.Checks)+len(c.Sources), clean, fails),
		}
	case fail > 0:
		r.Status = ControlNotMet
		r.Rule = Text{En: fmt.Sprintf("%d failing finding(s) of %s", fail, fails), Ja: fmt.Sprintf("%s に不合格の検出結果が %d 件あります", fails, fail)}
	case errs > 0:
		r.Status = ControlUnanswered
		r.Rule = Text{En: fmt.Sprintf("%d finding(s) could not be judged (ERROR): no evidence either way", errs), Ja: fmt.Sprintf("判定できなかった検出結果が %d 件あり（エラー）、根拠がありません", errs)}
	case !scanned:
		r.Status = ControlUnanswered
		r.Rule = Text{En: "no scan to take evidence from (run mamori scan)", Ja: "根拠にできるスキャンがありません（mamori scan を実行してください）"}
	case pass == 0:
		r.Status = ControlNotApplicable
		r.Rule = Text{En: "the scan found nothing these checks apply to", Ja: "スキャンでこれらのチェックの対象が見つかりませんでした"}
		r.Max = 0
		return r
	default:
		r.Status = ControlMet
		r.Rule = Text{En: fmt.Sprintf("all %d finding(s) pass", pass), Ja: fmt.Sprintf("検出結果 %d 件がすべて合格です", pass)}
	}
	r.Points = earn(r.Status)
	r.Rule.En += ": " + fmtPoints(r.Points, r.Max)
	r.Rule.Ja += ": " + fmtPointsJa(r.Points, r.Max)
	return r
}

// assessRequirement decides a control that has criteria: each criterion
// as assessControl decides a control, then the control from them, in this
// order:
//  1. not met when a criterion is not met (partial instead when the
//     framework allows partial and another criterion is met or partial);
//  2. unanswered when a criterion is unanswered;
//  3. partial when a criterion is partial;
//  4. not applicable when every criterion is;
//  5. met: every applicable criterion is met.
//
// It weighs what a control without criteria weighs: full when met, half
// when partial.
func assessRequirement(fw *Framework, c *Control, ev map[string]*CheckEvidence, scanned bool, answers map[string]Answer, now time.Time) ControlResult {
	r := ControlResult{ID: c.ID, Title: c.Title, Category: c.Category, Action: c.Action, Evidence: []CheckEvidence{}}
	n := map[ControlStatus]int{}
	period := fw.ReviewPeriod()
	seen := map[string]bool{}
	for i := range c.Criteria {
		k := &c.Criteria[i]
		var ans *Answer
		if x, ok := answers[k.ID]; ok {
			ans = &x
		}
		kr := assessControl(fw, k, ev, scanned, ans)
		kr.Category = c.Category
		if ans != nil && ans.Stale(now, period) {
			kr.Stale, r.Stale = true, true
		}
		n[kr.Status]++
		for _, e := range kr.Evidence {
			if !seen[e.CheckID] {
				seen[e.CheckID] = true
				r.Evidence = append(r.Evidence, e)
			}
		}
		r.Criteria = append(r.Criteria, kr)
	}
	switch {
	case n[ControlNotMet] > 0 && fw.AllowPartial && n[ControlMet]+n[ControlPartial] > 0:
		r.Status = ControlPartial
	case n[ControlNotMet] > 0:
		r.Status = ControlNotMet
	case n[ControlUnanswered] > 0:
		r.Status = ControlUnanswered
	case n[ControlPartial] > 0:
		r.Status = ControlPartial
	case n[ControlNotApplicable] == len(c.Criteria):
		r.Status = ControlNotApplicable
	default:
		r.Status = ControlMet
	}
	r.Max = c.Points
	if r.Max <= 0 {
		r.Max = 1
	}
	switch r.Status {
	case ControlMet:
		r.Points = r.Max
	case ControlPartial:
		r.Points = r.Max / 2
	case ControlNotApplicable:
		r.Max = 0
	}
	r.Rule = Text{
		En: fmt.Sprintf("%d criteria: %d met, %d partial, %d not met, %d unanswered, %d not applicable; the requirement is met only when every applicable criterion is: %s",
			len(c.Criteria), n[ControlMet], n[ControlPartial], n[ControlNotMet], n[ControlUnanswered], n[ControlNotApplicable], fmtPoints(r.Points, r.Max)),
		Ja: fmt.Sprintf("評価基準 %d 件のうち達成 %d、一部達成 %d、未達成 %d、未回答 %d、対象外 %d。要求事項は対象となる評価基準がすべて達成のときに達成となります: %s",
			len(c.Criteria), n[ControlMet], n[ControlPartial], n[ControlNotMet], n[ControlUnanswered], n[ControlNotApplicable], fmtPointsJa(r.Points, r.Max)),
	}
	return r
}

func hasStatus(s AnswerScale, st ControlStatus) bool {
	for _, c := range s {
		if c.Status == st {
			return true
		}
	}
	return false
}

func fmtPoints(p, max float64) string {
	return fmt.Sprintf("%s of %s points", fmtNum(p), fmtNum(max))
}

func fmtPointsJa(p, max float64) string {
	return fmt.Sprintf("%s / %s 点", fmtNum(p), fmtNum(max))
}

func fmtNum(f float64) string {
	if f == math.Trunc(f) {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%.1f", f)
}

var statusNamesJa = map[ControlStatus]string{
	ControlMet: "達成", ControlPartial: "一部達成", ControlNotMet: "未達成",
	ControlUnanswered: "未回答", ControlNotApplicable: "対象外",
}

func statusJa(s ControlStatus) string { return statusNamesJa[s] }

// score fills the category and overall scores and the band.
func (a *Assessment) score(fw *Framework) {
	sum := fw.Scoring.Method == ScoreSum
	var pts, max float64
	byCat := map[string]*CategoryResult{}
	for _, c := range fw.Categories {
		cr := &CategoryResult{ID: c.ID, Title: c.Title}
		byCat[c.ID] = cr
	}
	for _, r := range a.Controls {
		pts += r.Points
		max += r.Max
		if cr := byCat[r.Category]; cr != nil {
			cr.Points += r.Points
			cr.Max += r.Max
		}
	}
	pct := func(p, m float64) int {
		if m <= 0 {
			return 0
		}
		return int(math.Round(100 * p / m))
	}
	for _, c := range fw.Categories {
		cr := byCat[c.ID]
		cr.Score = pct(cr.Points, cr.Max)
		cr.Rule = Text{
			En: fmt.Sprintf("%s of %s points of the category's controls = %d%%", fmtNum(cr.Points), fmtNum(cr.Max), cr.Score),
			Ja: fmt.Sprintf("分類内の管理策の得点 %s / %s 点 = %d%%", fmtNum(cr.Points), fmtNum(cr.Max), cr.Score),
		}
		a.Categories = append(a.Categories, *cr)
	}
	un := a.Counts[ControlUnanswered]
	if sum {
		a.Score, a.Max = int(math.Round(pts)), int(math.Round(fw.Max()))
		a.Rule = Text{
			En: fmt.Sprintf("sum of the points of the %d controls, out of %d (unanswered: %d, counted as 0)", len(a.Controls), a.Max, un),
			Ja: fmt.Sprintf("%d 項目の点数の合計、%d 点満点（未回答 %d 件は 0 点）", len(a.Controls), a.Max, un),
		}
	} else {
		a.Score, a.Max = pct(pts, max), 100
		a.Rule = Text{
			En: fmt.Sprintf("met = full weight, partial = half, not met and unanswered = 0; %s of %s applicable points (unanswered: %d) = %d%%", fmtNum(pts), fmtNum(max), un, a.Score),
			Ja: fmt.Sprintf("達成は満点、一部達成は半分、未達成と未回答は 0 点として、対象となる %s 点のうち %s 点（未回答 %d 件）= %d%%", fmtNum(max), fmtNum(pts), un, a.Score),
		}
	}
	if b := fw.Band(float64(a.Score)); b != nil {
		a.Band, a.BandLabel = b.ID, b.Label
	}
}

// Supplier is a company in the supply chain that answers questionnaires.
type Supplier struct {
	// Tenant owns the record.
	Tenant string `json:"tenant"`
	// Name is unique within the tenant.
	Name string `json:"name"`
	// Contact is who to ask (a name, an address).
	Contact string `json:"contact,omitempty"`
	// Required is the framework the supplier must meet ("scs-4" for those
	// who handle confidential data, else "scs-3").
	Required string `json:"required"`
	// ReviewDays is how often the supplier's answers are reviewed (90:
	// quarterly, when zero).
	ReviewDays int `json:"review_days"`
	// Asked lists the frameworks whose questionnaire was sent to the
	// supplier; its answers are accepted for these and Required only.
	Asked []string `json:"asked,omitempty"`
	// Risks says why the supplier matters (SupplierRisks): any of them is
	// why METI's model asks ★4 of a supplier.
	Risks []string `json:"risks,omitempty"`
	// AddedAt is when the supplier was added.
	AddedAt time.Time `json:"added_at"`
}

// The supply-chain risks of METI's model for choosing the level to ask of
// a supplier: any one of them calls for ★4 (scs-4), none for ★3.
const (
	// SupplierRiskConfidential: the supplier's systems handle our important
	// confidential information.
	SupplierRiskConfidential = "confidential"
	// SupplierRiskCritical: the supplier stopping would hold up our
	// business beyond what we can accept.
	SupplierRiskCritical = "critical"
	// SupplierRiskAccess: the supplier's environment can reach our internal
	// systems.
	SupplierRiskAccess = "network-access"
)

// SupplierRisks lists the risks in the model's order.
var SupplierRisks = []string{SupplierRiskConfidential, SupplierRiskCritical, SupplierRiskAccess}

// SuggestedLevel is the SCS level METI's model asks of a supplier with
// these risks: scs-4 when any, else scs-3.
func SuggestedLevel(risks []string) string {
	if len(risks) > 0 {
		return "scs-4"
	}
	return "scs-3"
}

// Validate checks a supplier record is complete.
func (s *Supplier) Validate() error {
	if strings.TrimSpace(s.Name) == "" {
		return fmt.Errorf("a supplier needs a name")
	}
	if s.Required == "" {
		return fmt.Errorf("supplier %s: say which framework it must meet (--required)", s.Name)
	}
	if s.ReviewDays < 0 {
		return fmt.Errorf("supplier %s: review period must be positive", s.Name)
	}
	for _, r := range s.Risks {
		ok := false
		for _, k := range SupplierRisks {
			ok = ok || r == k
		}
		if !ok {
			return fmt.Errorf("supplier %s: unknown risk %q (want %s)", s.Name, r, strings.Join(SupplierRisks, ", "))
		}
	}
	return nil
}

// Accepts reports whether answers for framework fw are expected from the
// supplier: the framework required of it, or one it was sent.
func (s *Supplier) Accepts(fw string) bool {
	if fw == s.Required {
		return true
	}
	for _, a := range s.Asked {
		if a == fw {
			return true
		}
	}
	return false
}

// NextReview is when the supplier's answers are due again, counted from
// the last assessment (or from when the supplier was added).
func (s *Supplier) NextReview(last time.Time) time.Time {
	d := s.ReviewDays
	if d <= 0 {
		d = 90
	}
	from := last
	if from.IsZero() {
		from = s.AddedAt
	}
	return from.Add(time.Duration(d) * 24 * time.Hour)
}

// AnswerFilter selects stored answers.
type AnswerFilter struct {
	Tenant    string
	Subject   string
	Framework string
}

// AssessmentFilter selects stored assessments. Zero fields select all of
// the tenant's.
type AssessmentFilter struct {
	Tenant    string
	Subject   string
	Framework string
	// AnySubject lists the assessments of every subject (the company and
	// its suppliers); otherwise Subject is matched exactly.
	AnySubject bool
	Limit      int
}

// AssessStore keeps answers, assessments and suppliers. Implementations pass
// store/storetest.RunAssess.
type AssessStore interface {
	// PutAnswers stores answers in one transaction; an answer replaces the
	// stored one of the same tenant, subject, framework and control. Either
	// every answer is stored or none.
	PutAnswers(ctx context.Context, as []Answer) error
	// Answers lists the answers matching f, by control ID.
	Answers(ctx context.Context, f AnswerFilter) ([]Answer, error)
	// PutAssessment stores an assessment (its ID set when empty).
	PutAssessment(ctx context.Context, a *Assessment) error
	// Assessments lists assessments matching f, newest first.
	Assessments(ctx context.Context, f AssessmentFilter) ([]Assessment, error)
	// PutSupplier adds or updates a supplier.
	PutSupplier(ctx context.Context, s *Supplier) error
	// Supplier returns one supplier; ErrNotFound when there is none.
	Supplier(ctx context.Context, tenant, name string) (*Supplier, error)
	// Suppliers lists a tenant's suppliers by name.
	Suppliers(ctx context.Context, tenant string) ([]Supplier, error)
}
