package report

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

// Golden files for the branches of the HTML pages that the main fixtures do
// not reach: an empty scan, a scan with more failing checks and resources
// than the page lists, the assessment of a supplier on its first run, the
// history and supplier pages, the cases report. Each page is rendered in
// both languages.

func goldenHTML(t *testing.T, name string, render func(lang string, w *bytes.Buffer) error) {
	t.Helper()
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			var b bytes.Buffer
			if err := render(lang, &b); err != nil {
				t.Fatal(err)
			}
			golden(t, name+"."+lang+".golden", b.Bytes())
		})
	}
}

// An empty scan that completed: no failures, no changes, no frameworks, no
// passes, no warning.
func htmlEmptyFixture(lang string) Input {
	in := fixtureInput(lang, nil)
	in.Scan.Partial, in.Scan.Errors, in.Scan.Counts, in.Scan.Resources = false, nil, nil, 0
	return in
}

// A scan with more failing checks than the summary lists, more resources of
// a check than the page lists, checks whose IDs and texts need escaping in
// every context (text, attribute, URL fragment, href), a muted finding with
// no expiry, a change set with no change, and a partial scan with no error
// to list.
func htmlManyFixture(lang string) Input {
	checks := fixtureChecks()
	checks["x-odd <check> & 'id'+"] = &mamori.Check{
		ID:          "x-odd <check> & 'id'+",
		Title:       mamori.Text{En: `Odd "title" <b>bold</b> & co+`, Ja: "奇妙な「題名」 <b>太字</b> & 株式会社+"},
		Description: mamori.Text{En: "Line one\nline <two>", Ja: "一行目\n二行目 <二>"},
		Severity:    mamori.SeverityHigh,
		Remediation: mamori.Remediation{CLI: "echo '<x>' && rm -rf \"/tmp/a b\"\n", Terraform: "resource \"x\" \"y\" { a = \"<&>\" }\n"},
		References: []string{
			"javascript:alert(1)",
			"JavaScript:alert(document.cookie)",
			"https://example.com/a b/ü?q=1&r='x'+y#frag(1)",
			"HTTPS://EXAMPLE.COM/%41%zz%4",
			"mailto:security@example.co.jp",
			"/relative/path?x=<y>",
			"data:text/html,<script>alert(1)</script>",
			"",
		},
		Compliance: []string{"cis-aws-3.0:9.9", "own:<ctl>", "nocolon"},
	}
	var fs []mamori.Finding
	add := func(check string, st mamori.Status, sev mamori.Severity, id, name string) *mamori.Finding {
		fs = append(fs, mamori.Finding{
			ScanID: "scan 'x'", Tenant: mamori.DefaultTenant, CheckID: check, Status: st, Severity: sev,
			Resource: mamori.ResourceRef{Type: "aws_s3_bucket", ID: id, Name: name},
			Provider: "aws", Account: account, Region: tokyo, FirstSeen: earlier, LastSeen: t0,
		})
		return &fs[len(fs)-1]
	}
	for i := range htmlFirst + 3 {
		add("aws-s3-bucket-public-access", mamori.StatusFail, mamori.SeverityCritical, fmt.Sprintf("arn:aws:s3:::bucket-%02d", i), fmt.Sprintf("bucket-%02d", i))
	}
	for i := range 11 {
		add(fmt.Sprintf("custom-%02d", i), mamori.StatusFail, mamori.Severity(i%5), fmt.Sprintf("id-%02d", i), "")
	}
	add("x-odd <check> & 'id'+", mamori.StatusFail, mamori.SeverityHigh, "arn:<id>&'+\"", `name <i>&'+"`)
	m := add("aws-s3-bucket-versioning", mamori.StatusMuted, mamori.SeverityLow, "arn:aws:s3:::muted", "muted <bucket>")
	m.Mute = &mamori.Mute{By: "o'brien+sec@example.com", Reason: "accepted <for now> & 'later'"}
	mamori.SortFindings(fs)
	in := fixtureInput(lang, fs)
	in.Checks = checks
	in.Scan.ID = "scan 'x'"
	in.Scan.Source = `aws:profile=<prod> & "co"+`
	in.Scan.Errors = nil
	in.Scan.Accounts = nil
	in.Changes = &Changes{Previous: mamori.Scan{ID: "prev <id>", FinishedAt: earlier}}
	return in
}

func TestGoldenHTMLBranches(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		goldenHTML(t, "html-empty", func(lang string, w *bytes.Buffer) error { return Render(w, "html", htmlEmptyFixture(lang)) })
	})
	t.Run("many", func(t *testing.T) {
		goldenHTML(t, "html-many", func(lang string, w *bytes.Buffer) error { return Render(w, "html", htmlManyFixture(lang)) })
	})
}

// The assessment of a supplier, its first one, with no scan, no band, no
// gap, and controls whose evidence has muted and erroneous findings and
// whose answers are stale.
func assessSupplierFixture() AssessInput {
	a := &mamori.Assessment{
		ID: "a1", Subject: `Tokyo "Logistics" <&>+`, Framework: "scs-3", FrameworkTitle: mamori.Text{En: "SCS ★3 <x>", Ja: "SCS ★3 <x>"},
		At: assessAt, Score: 7, Max: 9, Rule: mamori.Text{En: "sum of <points>", Ja: "点数の合計 <点>"},
		Counts: map[mamori.ControlStatus]int{mamori.ControlMet: 2, mamori.ControlNotApplicable: 1},
		Categories: []mamori.CategoryResult{
			{ID: "c1", Title: mamori.Text{En: "Category <one>", Ja: "分類 <一>"}, Points: 7, Max: 9, Score: 78, Rule: mamori.Text{En: "7 of 9 & more", Ja: "9 点中 7 点"}},
		},
		Controls: []mamori.ControlResult{
			{ID: "1-1", Title: mamori.Text{En: "Logs kept", Ja: "ログの保管"}, Category: "c1", Status: mamori.ControlMet, Points: 4, Max: 4.5,
				Rule: mamori.Text{En: "checks pass", Ja: "チェックが合格"},
				Evidence: []mamori.CheckEvidence{
					{CheckID: "aws-cloudtrail-logging", Pass: 3, Fail: 0, Muted: 2, Error: 1},
					{CheckID: "aws-s3-bucket-<x>", Pass: 1},
				}},
			{ID: "1-2", Title: mamori.Text{En: "Policy <written>", Ja: "方針 <文書>"}, Category: "c1", Status: mamori.ControlMet, Points: 3, Max: 4.5,
				Rule:   mamori.Text{En: "answered yes", Ja: "「はい」と回答"},
				Answer: &mamori.Answer{Value: "yes <&>", At: assessAt.AddDate(-2, 0, 0), Evidence: "policy 'v2'.pdf", Note: "see <note> & +"},
				Stale:  true},
			{ID: "1-3", Title: mamori.Text{En: "Not for us", Ja: "対象外"}, Category: "c-unknown", Status: mamori.ControlNotApplicable, Points: 0, Max: 0,
				Rule: mamori.Text{En: "n/a", Ja: "対象外"}},
		},
	}
	return AssessInput{Assessment: a, Version: "test <v>"}
}

func TestGoldenAssessmentHTMLBranches(t *testing.T) {
	goldenHTML(t, "assess-html-supplier", func(lang string, w *bytes.Buffer) error {
		in := assessSupplierFixture()
		in.Lang = lang
		return RenderAssessment(w, "html", in)
	})
}

func TestGoldenHistoryHTML(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	as := historyFixture()
	// A series longer than the chart shows.
	for i := range 13 {
		a := as[len(as)-1]
		a.ID, a.Subject, a.Framework, a.At, a.Score = fmt.Sprintf("long-%02d", i), "Long <Co> & 'sons'+", "scs-<4>", a.At.AddDate(0, 0, -i-1), 5*i
		as = append(as, a)
	}
	goldenHTML(t, "history-html", func(lang string, w *bytes.Buffer) error {
		return RenderHistory(w, "html", HistoryInput{Rows: HistoryRows(as), Lang: lang, Version: "test", Now: now})
	})
	goldenHTML(t, "history-html-empty", func(lang string, w *bytes.Buffer) error {
		return RenderHistory(w, "html", HistoryInput{Lang: lang, Version: "test", Now: now})
	})
}

func TestGoldenSuppliersHTML(t *testing.T) {
	six, ninety := 6, 90
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	rows := []SupplierRow{
		{Name: "Aoba Print", Required: "scs-3", Score: &six, Max: 100, Gaps: []string{"4-1-3", "1-2-1"}, NextReview: now.AddDate(0, 0, -3), Overdue: true,
			LastReview: now.AddDate(-1, 0, -3)},
		{Name: `Tokyo "Logistics" <&>+`, Contact: "sato+sec@example.jp <Sato>", Required: "scs-3", Score: &six, Max: 100, Gaps: []string{"4-1-3"}, NextReview: now.AddDate(0, 1, 0)},
		{Name: "New Co", Required: "scs-4", Risks: []string{"confidential", "critical"}, Gaps: []string{}, NextReview: now.AddDate(0, 2, 0)},
		{Name: "Good Co", Required: "scs-4", Level: "scs-4 <best>", Meets: true, Score: &ninety, Max: 100, Gaps: []string{}, NextReview: now.AddDate(0, 3, 0),
			LastReview: now.AddDate(0, -9, 0)},
	}
	title := func(fw, id string) mamori.Text {
		return mamori.Text{En: fw + "/" + id + " <title>", Ja: "題 <" + id + ">"}
	}
	goldenHTML(t, "suppliers-html", func(lang string, w *bytes.Buffer) error {
		return RenderSuppliers(w, "html", SuppliersInput{Rows: rows, Lang: lang, Version: "test", Now: now, ControlTitle: title})
	})
	goldenHTML(t, "suppliers-html-empty", func(lang string, w *bytes.Buffer) error {
		return RenderSuppliers(w, "html", SuppliersInput{Lang: lang, Version: "test", Now: now})
	})
}

// casesFixture has two customers: one with open cases (one overdue, one
// exposed), a closed one, decisions before and after the period and an
// accepted risk with and without evidence; one with a decision only.
func casesFixture(lang string) CasesReport {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	since := now.AddDate(0, -1, 0)
	pkgs := []mamori.CasePackage{{Ecosystem: "Go", Name: "golang.org/x/net", Version: "v0.1.0"}, {Ecosystem: "npm", Name: "<lodash>", Version: "4.17.0+x"}}
	cs := []mamori.Case{
		{Tenant: "acme", ID: "C-1", Group: "CVE-2025-0001", Title: "Heap <overflow> & 'more'", Asset: "web-01", Packages: pkgs, Status: mamori.CaseAffected,
			Assignee: "o'brien", Urgency: mamori.Urgency{Outcome: "act", Exposed: true}, Due: now.AddDate(0, 0, -3)},
		{Tenant: "acme", ID: "C-2", Group: "GHSA-xxxx", Title: "Minor", Asset: "db <primary>", Status: mamori.CaseNew,
			Urgency: mamori.Urgency{Outcome: "track"}, Due: now.AddDate(0, 0, 20)},
		{Tenant: "acme", ID: "C-3", Group: "CVE-2025-0003", Title: "Old", Asset: "web-02", Status: mamori.CaseClosed, Closed: now.AddDate(0, 0, -5)},
		{Tenant: "acme", ID: "C-4", Group: "CVE-2025-0004", Title: "Accepted", Asset: "legacy+1", Status: mamori.CaseRiskAccepted,
			Urgency: mamori.Urgency{Outcome: "attend"},
			Plan: &mamori.Plan{Kind: mamori.PlanAcceptRisk, Until: now.AddDate(0, 6, 0), Compensating: "WAF rule <42> & 'block'", RequestedBy: "yamada",
				ApprovedBy: "suzuki", ApprovedAt: now.AddDate(0, 0, -2), Evidence: &mamori.Evidence{Name: "risk <memo>.pdf", SHA256: "abc123", Size: 10}}},
		{Tenant: "acme", ID: "C-5", Group: "CVE-2025-0005", Title: "Accepted, no file", Asset: "legacy-2", Status: mamori.CaseRiskAccepted,
			Plan: &mamori.Plan{Kind: mamori.PlanAcceptRisk, Until: now.AddDate(0, 1, 0), Compensating: "isolated", RequestedBy: "yamada",
				ApprovedBy: "suzuki", ApprovedAt: now.AddDate(0, 0, -1)}},
		{Tenant: "acme", ID: "C-6", Group: "CVE-2025-0006", Title: "Closed long ago", Asset: "web-03", Status: mamori.CaseClosed, Closed: now.AddDate(-1, 0, 0)},
		{Tenant: "beta & <co>", ID: "C-7", Group: "CVE-2025-0007", Title: "Closed", Asset: "app", Status: mamori.CaseClosed, Closed: now.AddDate(0, 0, -1)},
	}
	ds := []mamori.Decision{
		{ID: "D-1", Tenant: "acme", Group: "CVE-2025-0003", Package: "pkg:golang/<x>", Range: ">=0, <1.2", Scope: "asset", Asset: "web-02",
			Status: mamori.DecisionNotAffected, Justification: "vulnerable_code_not_in_execute_path", Note: "we never call <it> & 'that'", Source: "mamori", By: "tanaka", At: now.AddDate(0, 0, -4)},
		{ID: "D-0", Tenant: "acme", Group: "CVE-2024-9999", Status: mamori.DecisionAffected, Source: "mamori", By: "tanaka", At: now.AddDate(0, -3, 0)},
		{ID: "D-2", Tenant: "gamma", Group: "CVE-2025-0008", Package: "pkg:npm/a", Scope: "customer", Status: mamori.DecisionFixed, Source: "Vendor <Inc>", By: "vex", At: now.AddDate(0, 0, -1)},
	}
	return CasesReport{Lang: lang, Version: "test", Now: now, Since: since, Cases: cs, Decisions: ds}
}

func TestGoldenCasesHTML(t *testing.T) {
	goldenHTML(t, "cases-html", func(lang string, w *bytes.Buffer) error {
		return RenderCasesReport(w, "html", casesFixture(lang))
	})
	goldenHTML(t, "cases-html-empty", func(lang string, w *bytes.Buffer) error {
		in := casesFixture(lang)
		in.Cases, in.Decisions = nil, nil
		return RenderCasesReport(w, "html", in)
	})
}
