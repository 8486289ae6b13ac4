package report

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

var assessAt = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func assessFramework() *mamori.Framework {
	return &mamori.Framework{
		ID: "ipa-self-check", Title: mamori.Text{En: "IPA self-check", Ja: "IPA 自社診断"},
		Source:     mamori.Source{Document: mamori.Text{En: "Booklet", Ja: "冊子"}, URL: "https://www.ipa.go.jp/"},
		Categories: []mamori.Category{{ID: "basic", Title: mamori.Text{En: "Basic", Ja: "基本的対策"}}, {ID: "org", Title: mamori.Text{En: "Organisation", Ja: "組織としての対策"}}},
		Scale: mamori.AnswerScale{
			{Value: "yes", Label: mamori.Text{En: "Done", Ja: "実施している"}, Points: 4, Status: mamori.ControlMet},
			{Value: "partial", Label: mamori.Text{En: "Partly", Ja: "一部実施している"}, Points: 2, Status: mamori.ControlPartial},
			{Value: "no", Label: mamori.Text{En: "Not done", Ja: "実施していない"}, Points: 0, Status: mamori.ControlNotMet},
		},
		Scoring: mamori.Scoring{Method: mamori.ScoreSum, Bands: []mamori.Band{
			{ID: "good", Min: 12, Label: mamori.Text{En: "Good", Ja: "良好"}}, {ID: "weak", Min: -10, Label: mamori.Text{En: "Weak", Ja: "不十分"}}}},
		Controls: []mamori.Control{
			{ID: "1", Category: "basic", Title: mamori.Text{En: "Updates applied", Ja: "更新の適用"}, Question: mamori.Text{En: "Updated?", Ja: "更新していますか？"}, Checks: []string{"aws-rds-auto-upgrade"}},
			{ID: "2", Category: "basic", Title: mamori.Text{En: "<script>alert(1)</script>", Ja: "=cmd|' /C calc'!A0"}, Question: mamori.Text{En: "Q?", Ja: "設問？"},
				Action: mamori.Text{En: "Install anti-malware.", Ja: "ウイルス対策ソフトを導入しましょう。"}},
			{ID: "3", Category: "org", Title: mamori.Text{En: "Incident plan", Ja: "事故への備え"}, Question: mamori.Text{En: "Plan?", Ja: "手順はありますか？"}},
			{ID: "4", Category: "org", Title: mamori.Text{En: "Logging on", Ja: "ログの取得"}, Checks: []string{"aws-cloudtrail-logging"}, Scale: mamori.AnswerScale{}},
		},
	}
}

func assessFixture() AssessInput {
	fw := assessFramework()
	fs := []mamori.Finding{
		{CheckID: "aws-rds-auto-upgrade", Status: mamori.StatusPass}, {CheckID: "aws-rds-auto-upgrade", Status: mamori.StatusFail},
		{CheckID: "aws-cloudtrail-logging", Status: mamori.StatusPass},
	}
	answers := map[string]mamori.Answer{
		"1": {Framework: fw.ID, Control: "1", Value: "yes", By: "田中", At: assessAt.AddDate(-2, 0, 0), Evidence: "https://intra/patch", Note: "月次で確認"},
		"2": {Framework: fw.ID, Control: "2", Value: "no", By: "=HYPERLINK(1)", At: assessAt, Reviewed: assessAt},
	}
	a := mamori.Assess(fw, fs, true, answers, assessAt)
	a.ID, a.ScanID = "20261201T090000Z-00000001", "20261201T085500Z-0000000a"
	trend := []mamori.Assessment{
		{At: assessAt.AddDate(0, -1, 0), Score: 2, Max: 12, Band: "weak"},
		{At: assessAt.AddDate(0, -2, 0), Score: -1, Max: 12, Band: "weak"},
	}
	return AssessInput{Assessment: a, Trend: trend, Version: "test"}
}

func TestGoldenAssessment(t *testing.T) {
	for _, format := range AssessFormats() {
		for _, lang := range []string{"en", "ja"} {
			t.Run(format+"."+lang, func(t *testing.T) {
				in := assessFixture()
				in.Lang = lang
				var b bytes.Buffer
				if err := RenderAssessment(&b, format, in); err != nil {
					t.Fatal(err)
				}
				golden(t, "assess-"+format+"."+lang+".golden", b.Bytes())
			})
		}
	}
}

// The HTML report loads nothing and runs nothing; text from framework files
// and answers is escaped; the first page ends before the details.
func TestAssessmentHTMLSafe(t *testing.T) {
	in := assessFixture()
	in.Lang = "en"
	var b bytes.Buffer
	if err := RenderAssessment(&b, "html", in); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, bad := range []string{"<script", "http-equiv=\"refresh\"", "@import", "src=\"http", "url(http"} {
		if strings.Contains(s, bad) {
			t.Errorf("HTML report contains %q", bad)
		}
	}
	if !strings.Contains(s, template.HTMLEscapeString("<script>alert(1)</script>")) {
		t.Errorf("a control title is not escaped")
	}
	first, details, ok := strings.Cut(s, `class="firstpage"`)
	if !ok || !strings.Contains(details, "break-after: page") && !strings.Contains(first, "break-after: page") {
		t.Errorf("no page break after the first page")
	}
}

func TestGoldenQuestionnaire(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		var b bytes.Buffer
		err := RenderQuestionnaire(&b, QuestionnaireInput{Framework: assessFramework(), Supplier: `Tokyo "Logistics" <&>`, Lang: lang, Version: "test", Now: assessAt,
			Previous: []mamori.Answer{{Control: "1", Value: "partial", By: "佐藤", Evidence: "規程 v2", Note: "半分"}}})
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "questionnaire."+lang+".golden", b.Bytes())
		s := b.String()
		if strings.Contains(s, `fieldset class="control" data-id="4"`) {
			t.Errorf("the form asks a control judged by checks only")
		}
		if !strings.Contains(s, `id="by" name="by" autocomplete="name" value="佐藤"`) {
			t.Errorf("the previous answerer is not filled in")
		}
		if !strings.Contains(s, `value="partial" checked`) {
			t.Errorf("the previous answer is not filled in")
		}
		if strings.Contains(s, "src=") || strings.Contains(s, "fetch(") || strings.Contains(s, "XMLHttpRequest") {
			t.Errorf("the form loads or sends something")
		}
	}
}

// Criteria are shown under their requirement in every format: nested in
// JSON, rows naming their requirement in CSV, indented rows in the table
// and the HTML report.
func TestAssessmentCriteria(t *testing.T) {
	fw := &mamori.Framework{
		ID: "scs-3", Title: mamori.Text{En: "SCS", Ja: "SCS"}, Scoring: mamori.Scoring{Method: mamori.ScorePercent},
		Categories: []mamori.Category{{ID: "protect", Title: mamori.Text{En: "Protect", Ja: "防御"}}},
		Controls: []mamori.Control{{ID: "4-1-3", Category: "protect", Title: mamori.Text{En: "Authentication", Ja: "認証"}, Criteria: []mamori.Control{
			{ID: "4-1-3-1", Category: "protect", Title: mamori.Text{En: "Own credentials", Ja: "各自の認証情報"}, Question: mamori.Text{En: "?", Ja: "？"}},
			{ID: "4-1-3-2", Category: "protect", Title: mamori.Text{En: "MFA for cloud", Ja: "クラウドの多要素認証"}, Question: mamori.Text{En: "?", Ja: "？"}, Checks: []string{"aws-iam-root-mfa"}},
		}}},
	}
	a := mamori.Assess(fw, []mamori.Finding{{CheckID: "aws-iam-root-mfa", Status: mamori.StatusFail}}, true,
		map[string]mamori.Answer{"4-1-3-1": {Value: "yes", By: "sato"}, "4-1-3-2": {Value: "yes"}}, assessAt)
	want := map[string][]string{
		"json":  {`"criteria": [`, `"id": "4-1-3-1"`, `"by": "sato"`, `"id": "4-1-3-2"`},
		"csv":   {",criterion_of\n", "scs-3,4-1-3,Authentication,protect,partial,", "scs-3,4-1-3-1,Own credentials,protect,met,", ",4-1-3\n"},
		"table": {"\n4-1-3 ", "\n  4-1-3-1 ", "\n  4-1-3-2 "},
		"html":  {`<tr class="criterion">`, "4-1-3-2 MFA for cloud"},
	}
	for format, parts := range want {
		var b bytes.Buffer
		if err := RenderAssessment(&b, format, AssessInput{Assessment: a, Lang: "en", Version: "test", TopGaps: 5}); err != nil {
			t.Fatal(err)
		}
		for _, p := range parts {
			if !strings.Contains(b.String(), p) {
				t.Errorf("%s lacks %q:\n%s", format, p, b.String())
			}
		}
	}
	// The questionnaire asks the criteria, under their requirement's heading.
	var q bytes.Buffer
	if err := RenderQuestionnaire(&q, QuestionnaireInput{Framework: fw, Supplier: "Tokyo Logistics", Lang: "en", Now: assessAt}); err != nil {
		t.Fatal(err)
	}
	if h := q.String(); strings.Count(h, `<h3 class="req">4-1-3 `) != 1 || !strings.Contains(h, `data-id="4-1-3-1"`) || !strings.Contains(h, `data-id="4-1-3-2"`) || strings.Contains(h, `data-id="4-1-3"`) {
		t.Errorf("questionnaire: want one 4-1-3 heading over fieldsets 4-1-3-1 and 4-1-3-2 (none for 4-1-3 itself):\n%s", h)
	}
}
