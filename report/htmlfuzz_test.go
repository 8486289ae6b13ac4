package report

import (
	"bytes"
	"html/template"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// The HTML pages were html/template templates; they are Go code now (see
// htmlw.go). testdata/oracle holds those templates, unchanged, as the
// oracle: FuzzHTMLPages fills every text field of every page with arbitrary
// strings and requires the Go code to write exactly what html/template
// writes from the same view. When a page changes on purpose, change its
// template under testdata/oracle the same way.

var (
	oracleReport = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
		"detailsOf": func(v *htmlView, g *htmlGroup) oracleGroup { return oracleGroup{v, g} },
	}).ParseFiles("testdata/oracle/report.html.tmpl"))
	oracleAssess = template.Must(template.New("assess.html.tmpl").Funcs(template.FuncMap{"num": num}).
			ParseFiles("testdata/oracle/assess.html.tmpl"))
	oracleHistory       = template.Must(template.ParseFiles("testdata/oracle/history.html.tmpl"))
	oracleQuestionnaire = template.Must(template.ParseFiles("testdata/oracle/questionnaire.html.tmpl"))
	oracleCasesTemplate = template.Must(template.New("cases.html.tmpl").Funcs(template.FuncMap{
		"t":   func(string, ...any) string { return "" }, // replaced per report
		"day": day,
		"outcomes": func() []string {
			o := slices.Clone(mamori.Outcomes)
			slices.Reverse(o)
			return o
		},
	}).ParseFiles("testdata/oracle/cases.html.tmpl"))
)

type oracleGroup struct {
	V *htmlView
	G *htmlGroup
}

// oracleCases runs the cases template, whose functions speak the report's
// language.
func oracleCases(in CasesReport, bs []*customerBlock) (string, error) {
	tm, err := oracleCasesTemplate.Clone()
	if err != nil {
		return "", err
	}
	tm.Funcs(template.FuncMap{"t": func(k string, a ...any) string { return i18n.T(in.Lang, k, a...) }})
	var b strings.Builder
	err = tm.Execute(&b, map[string]any{"In": in, "Blocks": bs, "Lang": in.Lang})
	return b.String(), err
}

// fuzzPages renders every page from the strings a, b, c, in lang, with the
// Go code and with the oracle templates.
func fuzzPages(t *testing.T, lang, a, b, c string) (names []string, got, want []string) {
	t.Helper()
	page := func(name string, write func(h *htmlWriter), oracle func(w *bytes.Buffer) error) {
		var g, w bytes.Buffer
		h := newHTMLWriter(&g)
		write(h)
		if err := h.flush(); err != nil {
			t.Fatal(err)
		}
		if err := oracle(&w); err != nil {
			t.Fatalf("%s: oracle: %v", name, err)
		}
		names, got, want = append(names, name), append(got, g.String()), append(want, w.String())
	}

	in := fuzzReportInput(lang, a, b, c)
	v, err := htmlViewOf(in)
	if err != nil {
		t.Fatal(err)
	}
	page("report", func(h *htmlWriter) { writeHTMLReport(h, v) }, func(w *bytes.Buffer) error { return oracleReport.Execute(w, v) })

	av := assessViewOf(fuzzAssessInput(lang, a, b, c))
	page("assess", func(h *htmlWriter) { writeAssessHTML(h, av) }, func(w *bytes.Buffer) error { return oracleAssess.Execute(w, av) })

	hv := historyViewOf(HistoryInput{Rows: HistoryRows(fuzzAssessments(a, b, c)), Lang: lang, Version: a, Now: assessAt})
	page("history", func(h *htmlWriter) { writeHistoryHTML(h, hv) }, func(w *bytes.Buffer) error { return oracleHistory.Execute(w, hv) })

	sv := suppliersViewOf(fuzzSuppliersInput(lang, a, b, c))
	page("suppliers", func(h *htmlWriter) { writeHistoryHTML(h, sv) }, func(w *bytes.Buffer) error { return oracleHistory.Execute(w, sv) })

	cin := fuzzCases(lang, a, b, c)
	bs := customerBlocks(cin)
	page("cases", func(h *htmlWriter) { writeCasesHTML(h, cin, bs) }, func(w *bytes.Buffer) error {
		s, err := oracleCases(cin, bs)
		w.WriteString(s)
		return err
	})

	qv := questionnaireViewOf(fuzzQuestionnaireInput(lang, a, b, c))
	page("questionnaire", func(h *htmlWriter) { writeQuestionnaire(h, qv) }, func(w *bytes.Buffer) error { return oracleQuestionnaire.Execute(w, qv) })
	return names, got, want
}

// pageTags are the elements the pages are made of; a tag of any other name
// in a page came from the data.
var pageTags = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`!doctype html head meta title style body header h1 h2 h3 h4 div span strong ul li table thead tbody
		tr th td a p section details summary pre code dl dt dd footer small svg rect text line polyline circle br
		form label input fieldset legend button textarea script`) {
		pageTags[n] = true
	}
}

var tagStart = regexp.MustCompile(`<(/?)([!A-Za-z][^\s/>]*)`)

func FuzzHTMLPages(f *testing.F) {
	for _, seed := range [][3]string{
		{"", "", ""},
		{"plain", "本番-Webサーバー", "0"},
		{`<script>alert("x")</script>`, `"><img src=x onerror=alert(1)>`, `'><svg onload=alert(1)>`},
		{"javascript:alert(1)", "https://example.com/a b?q=<x>&r='y'+z#f", "data:text/html,<b>"},
		{"=cmd|' /C calc'!A0", "a+b&c", "\x00\xff\xfe"},
		{"</title><script>x</script>", "</textarea><q>", "</style><q>"},
		{"%41%zz%", "mailto:a@b", "/rel?x=1"},
		{"\u2028\u2029", "{{.}}", "<!-- c -->"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		for _, lang := range []string{"en", "ja"} {
			names, got, want := fuzzPages(t, lang, a, b, c)
			for i, name := range names {
				if got[i] != want[i] {
					t.Fatalf("%s (%s): the Go page differs from html/template's at byte %d:\ngot  %q\nwant %q",
						name, lang, diffAt(got[i], want[i]), around(got[i], diffAt(got[i], want[i])), around(want[i], diffAt(got[i], want[i])))
				}
				for _, m := range tagStart.FindAllStringSubmatch(got[i], -1) {
					if !pageTags[strings.ToLower(m[2])] {
						t.Fatalf("%s (%s): tag %q from the data is not escaped", name, lang, m[0])
					}
				}
			}
		}
	})
}

func diffAt(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func around(s string, i int) string { return s[max(0, i-60):min(len(s), i+60)] }

// The fuzz fixtures: every text field of every page holds one of a, b, c,
// and the fields the pages branch on (empty or not, equal or not) are set
// both ways.

func fuzzReportInput(lang, a, b, c string) Input {
	checks := map[string]*mamori.Check{
		a: {ID: a, Title: mamori.Text{En: b, Ja: c}, Description: mamori.Text{En: c, Ja: a}, Risk: mamori.Text{En: a, Ja: b},
			Remediation: mamori.Remediation{Console: mamori.Text{En: b, Ja: c}, CLI: c, Terraform: a},
			References:  []string{a, b, c, "https://example.com/" + a}, Compliance: []string{a, b + ":" + c, "fw:" + a}},
		"fixed": {ID: "fixed", Title: mamori.Text{En: a, Ja: b}, Compliance: []string{"fw:" + c}},
	}
	var fs []mamori.Finding
	add := func(check string, st mamori.Status, name, id, reason string) *mamori.Finding {
		fs = append(fs, mamori.Finding{ScanID: b, Tenant: mamori.DefaultTenant, CheckID: check, Status: st, Severity: mamori.SeverityHigh,
			Resource: mamori.ResourceRef{Type: "t", ID: id, Name: name}, Provider: "aws", Account: a, Region: b, FirstSeen: earlier, LastSeen: t0, Reason: reason})
		return &fs[len(fs)-1]
	}
	for _, check := range []string{a, "fixed", b, c} {
		add(check, mamori.StatusFail, a, b, c)
		add(check, mamori.StatusPass, b, c, a)
		add(check, mamori.StatusError, c, a, b)
		add(check, mamori.StatusMuted, a, c, "").Mute = &mamori.Mute{By: b, Reason: c}
		add(check, mamori.StatusMuted, b, a, a).Mute = &mamori.Mute{By: c, Until: t1}
	}
	for range htmlFirst {
		add("fixed", mamori.StatusFail, c, a, b)
	}
	mamori.SortFindings(fs)
	in := Input{
		Scan: mamori.Scan{ID: a, Source: b, Provider: c, Accounts: []string{a, b}, Regions: []string{c}, StartedAt: t0, FinishedAt: t1,
			Partial: a != "", Resources: len(a),
			Errors: []mamori.CollectError{{Provider: "aws", Account: a, Region: b, Service: c, Action: a, Message: b}}},
		Findings: Slice(fs), Checks: checks, Lang: lang, Version: c,
		Changes: &Changes{Previous: mamori.Scan{ID: c, FinishedAt: earlier},
			ByCheck: []mamori.CheckChange{{CheckID: a, Severity: mamori.SeverityLow, New: len(b)}, {CheckID: "fixed", Resolved: len(c)}}},
	}
	if b == "" {
		in.Changes = nil
	}
	return in
}

func fuzzAssessInput(lang, a, b, c string) AssessInput {
	ev := []mamori.CheckEvidence{{CheckID: a, Pass: 1, Fail: len(b), Muted: len(c), Error: len(a) % 3}}
	as := &mamori.Assessment{ID: a, Subject: b, Framework: c, FrameworkTitle: mamori.Text{En: a, Ja: b}, ScanID: c, At: assessAt,
		Score: len(a), Max: 10, Rule: mamori.Text{En: b, Ja: c}, Band: a, BandLabel: mamori.Text{En: c, Ja: a},
		Counts:     map[mamori.ControlStatus]int{mamori.ControlMet: 1, mamori.ControlNotMet: len(b)},
		Categories: []mamori.CategoryResult{{ID: a, Title: mamori.Text{En: b, Ja: c}, Score: len(c), Rule: mamori.Text{En: a, Ja: a}}},
		Controls: []mamori.ControlResult{
			{ID: a, Title: mamori.Text{En: b, Ja: c}, Category: a, Status: mamori.ControlNotMet, Points: 0.5, Max: 1, Rule: mamori.Text{En: c, Ja: a},
				Evidence: ev, Action: mamori.Text{En: a, Ja: b}, Stale: a != "",
				Answer: &mamori.Answer{Value: b, By: c, At: assessAt, Evidence: a, Note: b, Reviewed: assessAt}},
			{ID: b, Title: mamori.Text{En: c, Ja: a}, Category: c, Status: mamori.ControlUnanswered, Max: 2, Rule: mamori.Text{En: a, Ja: b},
				Answer: &mamori.Answer{Value: c}},
			{ID: c, Title: mamori.Text{En: a, Ja: b}, Category: b, Status: mamori.ControlMet, Points: 1, Max: 1},
		},
	}
	in := AssessInput{Assessment: as, Lang: lang, Version: a, TopGaps: 5}
	if c != "" {
		in.Trend = []mamori.Assessment{{At: assessAt.AddDate(0, -1, 0), Score: len(c), Max: 10}}
	}
	return in
}

func fuzzAssessments(a, b, c string) []mamori.Assessment {
	mk := func(subject, fw string, days, score int) mamori.Assessment {
		return mamori.Assessment{ID: subject + fw, Subject: subject, Framework: fw, FrameworkTitle: mamori.Text{En: a, Ja: b},
			At: assessAt.AddDate(0, 0, days), Score: score, Max: 100, BandLabel: mamori.Text{En: c, Ja: a},
			Controls: []mamori.ControlResult{{ID: "1", Status: mamori.ControlNotMet}}}
	}
	return []mamori.Assessment{mk(a, b, 3, len(c)), mk(a, b, 2, 50), mk(c, a, 1, 10), mk("", c, 0, 100)}
}

func fuzzSuppliersInput(lang, a, b, c string) SuppliersInput {
	n := len(a)
	rows := []SupplierRow{
		{Name: a, Contact: b, Required: c, Risks: []string{a, "critical"}, Level: b, Meets: true, Score: &n, Max: 10, Gaps: []string{a, b},
			LastReview: assessAt, NextReview: assessAt, Overdue: true},
		{Name: b, Required: c, Gaps: []string{a}, NextReview: assessAt},
		{Name: c, Required: c, Score: &n, Gaps: []string{c}, NextReview: assessAt},
	}
	title := func(fw, id string) mamori.Text { return mamori.Text{En: fw + id, Ja: id} }
	return SuppliersInput{Rows: rows, Lang: lang, Version: b, Now: assessAt, ControlTitle: title}
}

func fuzzCases(lang, a, b, c string) CasesReport {
	now := assessAt
	pkgs := []mamori.CasePackage{{Name: a, Version: b}, {Name: c}}
	cs := []mamori.Case{
		{Tenant: a, ID: b, Group: c, Title: a, Asset: b, Packages: pkgs, Status: mamori.CaseAffected, Assignee: c,
			Urgency: mamori.Urgency{Outcome: a, Exposed: true}, Due: now.AddDate(0, 0, -1)},
		{Tenant: a, ID: c, Group: a, Title: b, Asset: c, Status: mamori.CaseNew, Urgency: mamori.Urgency{Outcome: "act"}, Due: now.AddDate(0, 0, 1)},
		{Tenant: b, ID: a, Group: b, Title: c, Asset: a, Status: mamori.CaseRiskAccepted, Urgency: mamori.Urgency{Outcome: b},
			Plan: &mamori.Plan{Kind: mamori.PlanAcceptRisk, Until: now, Compensating: a, RequestedBy: b, ApprovedBy: c, ApprovedAt: now,
				Evidence: &mamori.Evidence{Name: a, SHA256: b}}},
		{Tenant: c, ID: a, Status: mamori.CaseClosed, Closed: now},
	}
	ds := []mamori.Decision{{ID: a, Tenant: b, Group: c, Package: a, Range: b, Scope: c, Asset: a, Status: mamori.DecisionStatus(b),
		Justification: c, Note: a, Source: b, By: c, At: now}}
	return CasesReport{Lang: lang, Version: c, Now: now, Since: now.AddDate(0, -1, 0), Cases: cs, Decisions: ds}
}

func fuzzQuestionnaireInput(lang, a, b, c string) QuestionnaireInput {
	fw := &mamori.Framework{
		ID: a, Title: mamori.Text{En: b, Ja: c}, Source: mamori.Source{Document: mamori.Text{En: a}, URL: b},
		Categories: []mamori.Category{{ID: "k", Title: mamori.Text{En: c, Ja: a}}, {ID: "empty", Title: mamori.Text{En: a}}},
		Scale: mamori.AnswerScale{
			{Value: a, Label: mamori.Text{En: b, Ja: c}, Status: mamori.ControlMet},
			{Value: "no", Label: mamori.Text{En: c, Ja: a}, Status: mamori.ControlNotMet},
		},
		Controls: []mamori.Control{
			{ID: c, Category: "k", Title: mamori.Text{En: a, Ja: b}, Question: mamori.Text{En: b, Ja: c}},
			{ID: "2", Category: "k", Title: mamori.Text{En: c, Ja: a}, Question: mamori.Text{En: a, Ja: b}},
		},
	}
	prev := []mamori.Answer{{Control: c, Value: a, By: b, At: time.Unix(1, 0), Evidence: c, Note: a}}
	return QuestionnaireInput{Framework: fw, Supplier: a, Previous: prev, Lang: lang, Version: b, Now: assessAt}
}
