package framework

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/checks"
)

func builtinChecks(t testing.TB) []*mamori.Check {
	t.Helper()
	cs, err := checks.Builtin(aws.KnownType)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func builtinFrameworks(t testing.TB) []*mamori.Framework {
	t.Helper()
	fws, err := Builtin(builtinChecks(t))
	if err != nil {
		t.Fatal(err)
	}
	return fws
}

func mustFind(t *testing.T, fws []*mamori.Framework, id string) *mamori.Framework {
	t.Helper()
	fw := Find(fws, id)
	if fw == nil {
		t.Fatalf("framework %s is not shipped", id)
	}
	return fw
}

func ids(fw *mamori.Framework) []string {
	var out []string
	for _, c := range fw.Controls {
		out = append(out, c.ID)
	}
	return out
}

// The shipped frameworks, by id: a framework dropped or renamed fails here.
func TestBuiltinList(t *testing.T) {
	var got []string
	for _, fw := range builtinFrameworks(t) {
		got = append(got, fw.ID)
	}
	want := []string{"aws-fsbp", "cis-aws-3.0", "cis-aws-5.0", "dx-cloud-checklist", "fisc", "ipa-self-check", "ismap", "iso27001-2022", "meti-guidelines-3.0", "nist-csf-2.0", "scs-3", "scs-4", "security-action"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("shipped frameworks (-want +got):\n%s", d)
	}
}

// Every control (or criterion) of every shipped framework can get evidence
// (a check that exists or a question in both languages), and every check
// named exists.
func TestBuiltinEvidence(t *testing.T) {
	known := map[string]bool{}
	for _, c := range builtinChecks(t) {
		known[c.ID] = true
	}
	for _, fw := range builtinFrameworks(t) {
		if len(fw.Controls) == 0 {
			t.Errorf("%s: no controls", fw.ID)
		}
		for _, c := range fw.Items() {
			if len(c.Checks) == 0 && len(c.Sources) == 0 && !c.NeedsAnswer() {
				t.Errorf("%s %s: no evidence", fw.ID, c.ID)
			}
			if c.NeedsAnswer() && (c.Question.En == "" || c.Question.Ja == "") {
				t.Errorf("%s %s: question in one language only", fw.ID, c.ID)
			}
			for _, id := range c.Checks {
				if !known[id] {
					t.Errorf("%s %s: check %s does not exist", fw.ID, c.ID, id)
				}
			}
		}
	}
}

func TestIPASelfCheck(t *testing.T) {
	fw := mustFind(t, builtinFrameworks(t), "ipa-self-check")
	var want []string
	for i := 1; i <= 25; i++ {
		want = append(want, strconv.Itoa(i))
	}
	if d := cmp.Diff(want, ids(fw)); d != "" {
		t.Errorf("ids (-want +got):\n%s", d)
	}
	for _, c := range fw.Controls {
		n, _ := strconv.Atoi(c.ID)
		cat := "organisation"
		switch {
		case n <= 5:
			cat = "basic"
		case n <= 18:
			cat = "employees"
		}
		if c.Category != cat {
			t.Errorf("item %s in %s, want %s", c.ID, c.Category, cat)
		}
		if !c.NeedsAnswer() {
			t.Errorf("item %s has no question", c.ID)
		}
	}
	points := map[string]float64{}
	for _, ch := range fw.Scale {
		points[ch.Value] = ch.Points
	}
	if d := cmp.Diff(map[string]float64{"yes": 4, "partial": 2, "no": 0, "unknown": -1}, points); d != "" {
		t.Errorf("scale (-want +got):\n%s", d)
	}
	if fw.Scoring.Method != mamori.ScoreSum || fw.Max() != 100 || len(fw.Scoring.Bands) != 4 {
		t.Errorf("scoring %s out of %v with %d bands; want sum out of 100, 4 bands", fw.Scoring.Method, fw.Max(), len(fw.Scoring.Bands))
	}
}

var (
	scs3 = "1-2-1 1-2-3 1-3-1 2-1-1 2-1-2 2-1-4 3-1-1 3-1-2 3-1-3 3-1-4 4-1-1 4-1-2 4-1-3 4-1-4 4-1-5 4-1-6 4-1-7 4-2-2 4-3-4 4-4-1 4-4-4 4-4-5 4-5-1 5-1-1 6-1-1 7-1-1"
	scs4 = "1-1-1 1-2-2 1-4-1 2-1-3 2-1-5 3-1-5 3-2-1 4-1-8 4-1-9 4-2-1 4-3-1 4-3-2 4-3-3 4-4-2 4-4-3 5-1-2 5-2-1"
)

// The SCS requirement id sets are exactly those of IPA's workbook, with 81
// criteria at ★3 and 153 at ★4 numbered under their requirement, the seven
// categories follow the first number, and what ★3 and ★4 share reads the
// same in both.
func TestSCS(t *testing.T) {
	fws := builtinFrameworks(t)
	s3, s4 := mustFind(t, fws, "scs-3"), mustFind(t, fws, "scs-4")
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, id := range strings.Fields(s) {
			m[id] = true
		}
		return m
	}
	got := func(fw *mamori.Framework) map[string]bool { return set(strings.Join(ids(fw), " ")) }
	if d := cmp.Diff(set(scs3), got(s3)); d != "" || len(s3.Controls) != 26 {
		t.Errorf("scs-3: %d ids (-want +got):\n%s", len(s3.Controls), d)
	}
	for _, fw := range []*mamori.Framework{s3, s4} {
		if c := fw.Item("4-4-4-2"); c == nil || !contains(c.Sources, mamori.EvidenceVulnHighFixed14d) {
			t.Errorf("%s 4-4-4-2 (patches within 14 days) does not take the vulnerability cases' evidence: %+v", fw.ID, c)
		}
	}
	want4 := set(scs3 + " " + scs4)
	if d := cmp.Diff(want4, got(s4)); d != "" || len(s4.Controls) != 43 {
		t.Errorf("scs-4: %d ids (-want +got):\n%s", len(s4.Controls), d)
	}
	cats := []string{"governance", "supplier-management", "identify", "protect", "detect", "respond", "recover"}
	for fw, want := range map[*mamori.Framework]int{s3: 81, s4: 153} {
		var gotCats []string
		for _, c := range fw.Categories {
			gotCats = append(gotCats, c.ID)
		}
		if d := cmp.Diff(cats, gotCats); d != "" {
			t.Errorf("%s categories (-want +got):\n%s", fw.ID, d)
		}
		n := 0
		for _, c := range fw.Controls {
			if want := cats[c.ID[0]-'1']; c.Category != want {
				t.Errorf("%s %s in %s, want %s", fw.ID, c.ID, c.Category, want)
			}
			if c.NeedsAnswer() || len(c.Checks) > 0 || len(c.Criteria) == 0 {
				t.Errorf("%s %s: a requirement is judged by its criteria only (question %v, checks %v, %d criteria)", fw.ID, c.ID, c.NeedsAnswer(), c.Checks, len(c.Criteria))
			}
			for i, k := range c.Criteria {
				n++
				if want := fmt.Sprintf("%s-%d", c.ID, i+1); k.ID != want {
					t.Errorf("%s %s: criterion %d has id %s, want %s", fw.ID, c.ID, i+1, k.ID, want)
				}
				if !k.NeedsAnswer() || k.Category != c.Category {
					t.Errorf("%s %s: a self-assessment criterion needs a question and its requirement's category (%s)", fw.ID, k.ID, k.Category)
				}
			}
		}
		if n != want {
			t.Errorf("%s has %d criteria, want %d", fw.ID, n, want)
		}
		if len(fw.Items()) != want {
			t.Errorf("%s: %d items, want its %d criteria", fw.ID, len(fw.Items()), want)
		}
	}
	added := 0
	for _, c := range s3.Controls {
		c4 := s4.Control(c.ID)
		if c.Title != c4.Title {
			t.Errorf("%s is titled %q in scs-3 but %q in scs-4", c.ID, c.Title, c4.Title)
		}
		for _, k := range c.Criteria {
			if d := cmp.Diff(k, *s4.Item(k.ID)); d != "" {
				t.Errorf("%s differs between scs-3 and scs-4:\n%s", k.ID, d)
			}
		}
		added += len(c4.Criteria) - len(c.Criteria)
	}
	// IPA's workbook: ★4 adds 72 criteria, 30 of them to requirements ★3 has.
	if added != 30 {
		t.Errorf("★4 adds %d criteria to the ★3 requirements, want 30", added)
	}
}

func TestOthers(t *testing.T) {
	fws := builtinFrameworks(t)
	meti := mustFind(t, fws, "meti-guidelines-3.0")
	if d := cmp.Diff(strings.Fields("1 2 3 4 5 6 7 8 9 10"), ids(meti)); d != "" {
		t.Errorf("meti ids (-want +got):\n%s", d)
	}
	sa := mustFind(t, fws, "security-action")
	if d := cmp.Diff(strings.Fields("1 2 3 4 5 2-1 2-2 2-3"), ids(sa)); d != "" {
		t.Errorf("security-action ids (-want +got):\n%s", d)
	}
	// The cloud checklist: entrance, internal and exit measures, each
	// numbered with its letter.
	dx := mustFind(t, fws, "dx-cloud-checklist")
	prefix := map[string]string{"entrance": "E-", "internal": "I-", "exit": "X-"}
	per := map[string]int{}
	for _, c := range dx.Controls {
		if !strings.HasPrefix(c.ID, prefix[c.Category]) || prefix[c.Category] == "" {
			t.Errorf("dx-cloud-checklist %s is in %q", c.ID, c.Category)
		}
		per[c.Category]++
	}
	if len(dx.Categories) != 3 || per["entrance"] == 0 || per["internal"] == 0 || per["exit"] == 0 {
		t.Errorf("dx-cloud-checklist: %d categories, controls per category %v; want entrance, internal and exit, none empty", len(dx.Categories), per)
	}
}

// A framework built from compliance mappings has exactly the controls the
// checks map to, each with the checks that map to it.
func TestFromCompliance(t *testing.T) {
	cs := builtinChecks(t)
	fws := builtinFrameworks(t)
	for _, id := range []string{"cis-aws-3.0", "nist-csf-2.0", "iso27001-2022"} {
		fw := mustFind(t, fws, id)
		want := map[string][]string{}
		for _, c := range cs {
			for _, m := range c.Compliance {
				if ctl, ok := strings.CutPrefix(m, id+":"); ok {
					want[ctl] = append(want[ctl], c.ID)
				}
			}
		}
		got := map[string][]string{}
		for _, c := range fw.Controls {
			got[c.ID] = c.Checks
			if c.Category == "" {
				t.Errorf("%s %s: no category", id, c.ID)
			}
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s controls (-want +got):\n%s", id, d)
		}
	}
	cis := mustFind(t, fws, "cis-aws-3.0")
	// Numbered as people number them: 1.9 before 1.10.
	pos := map[string]int{}
	for i, c := range cis.Controls {
		pos[c.ID] = i
	}
	if pos["1.9"] > pos["1.10"] || pos["2.1.4"] > pos["2.2.1"] {
		t.Errorf("order: %v", ids(cis))
	}
}

// CIS AWS v5.0.0 lists every recommendation; automated ones take the checks
// that map to them (whichever checks exist: other checks join by mapping),
// manual ones are questions with the reason, and an automated one no check
// covers yet is asked until one does.
func TestCISAWS5(t *testing.T) {
	cs := builtinChecks(t)
	fw := mustFind(t, builtinFrameworks(t), "cis-aws-5.0")
	want := strings.Fields(`1.1 1.2 1.3 1.4 1.5 1.6 1.7 1.8 1.9 1.10 1.11 1.12 1.13 1.14 1.15 1.16 1.17 1.18 1.19 1.20 1.21
		2.1.1 2.1.2 2.1.3 2.1.4 2.2.1 2.2.2 2.2.3 2.2.4 2.3.1 3.1 3.2 3.3 3.4 3.5 3.6 3.7 3.8 3.9
		4.1 4.2 4.3 4.4 4.5 4.6 4.7 4.8 4.9 4.10 4.11 4.12 4.13 4.14 4.15 4.16 5.1.1 5.1.2 5.2 5.3 5.4 5.5 5.6 5.7`)
	if d := cmp.Diff(want, ids(fw)); d != "" {
		t.Errorf("cis-aws-5.0 ids (-want +got):\n%s", d)
	}
	manual := strings.Fields("1.1 1.2 1.5 1.6 1.10 1.20 1.21 2.1.2 2.1.3 2.2.4 3.1 3.4 4.1 4.2 4.3 4.4 4.5 4.6 4.7 4.8 4.9 4.10 4.11 4.12 4.13 4.14 4.15 5.6")
	mapped := map[string][]string{}
	for _, c := range cs {
		for _, m := range c.Compliance {
			if id, ok := strings.CutPrefix(m, "cis-aws-5.0:"); ok {
				mapped[id] = append(mapped[id], c.ID)
			}
		}
	}
	for _, c := range fw.Controls {
		isManual := c.Manual.En != ""
		if isManual != contains(manual, c.ID) {
			t.Errorf("%s: manual = %v", c.ID, isManual)
		}
		if d := cmp.Diff(mapped[c.ID], c.Checks); d != "" && !(len(mapped[c.ID]) == 0 && len(c.Checks) == 0) {
			t.Errorf("%s checks (-mapped +got):\n%s", c.ID, d)
		}
		switch {
		case isManual && !c.NeedsAnswer():
			t.Errorf("%s is manual but asks nothing", c.ID)
		case !isManual && len(c.Checks) > 0 && c.NeedsAnswer():
			t.Errorf("%s is automated and checked, but still asks a person", c.ID)
		case !isManual && len(c.Checks) == 0 && (!c.Unchecked || !c.NeedsAnswer()):
			t.Errorf("%s: no check covers it, so it must be asked (unchecked %v)", c.ID, c.Unchecked)
		}
	}
	// The checks shipped today cover these automated recommendations; one
	// losing its mapping fails here.
	for _, id := range strings.Fields("1.3 1.4 1.7 1.8 1.9 1.11 1.12 1.13 1.14 1.15 2.1.1 2.1.4 2.2.1 2.2.2 2.2.3 3.2 3.3 3.5 3.6 3.7 4.16 5.1.1 5.1.2 5.2 5.3 5.4 5.5 5.7") {
		if c := fw.Control(id); c == nil || len(c.Checks) == 0 {
			t.Errorf("%s: no check maps to it", id)
		}
	}
	// A check mapped to an id the benchmark does not have is an error, not a
	// new control.
	bad := *cs[0]
	bad.ID, bad.Compliance = "aws-test-typo", []string{"cis-aws-5.0:1.99"}
	if _, err := Builtin(append(append([]*mamori.Check(nil), cs...), &bad)); err == nil || !strings.Contains(err.Error(), "aws-test-typo maps to cis-aws-5.0:1.99, which is not one of the framework's controls") {
		t.Errorf("typo'd mapping: %v", err)
	}
}

// ISMAP: the 114 control objectives of the JIS Q 27002:2014 numbering and
// the 7 cloud additions, each a question; evidence from the checks mapped to
// the ISO 27001:2022 control that replaced it, so a check that maps to
// iso27001-2022 later joins here too.
func TestISMAP(t *testing.T) {
	cs := builtinChecks(t)
	fw := mustFind(t, builtinFrameworks(t), "ismap")
	perClause := map[string]int{}
	for _, c := range fw.Controls {
		perClause[c.Category]++
		if !c.NeedsAnswer() {
			t.Errorf("%s asks nothing", c.ID)
		}
	}
	// ISO/IEC 27002:2013 has 114 controls in clauses 5-18 (+7 of 27017).
	want := map[string]int{"c5": 2, "c6": 8, "c7": 6, "c8": 11, "c9": 16, "c10": 2, "c11": 15, "c12": 16, "c13": 8, "c14": 13, "c15": 5, "c16": 7, "c17": 4, "c18": 8}
	if d := cmp.Diff(want, perClause); d != "" {
		t.Errorf("controls per clause (-want +got):\n%s", d)
	}
	if c := fw.Control("9.4.2"); c == nil || !contains(c.Checks, "aws-iam-user-console-mfa") {
		t.Errorf("9.4.2 (secure log-on) lacks the console MFA check: %v", c)
	}
	extra := *cs[0]
	extra.ID, extra.Compliance = "aws-test-new-logging", []string{"iso27001-2022:A.8.15"}
	fws, err := Builtin(append(append([]*mamori.Check(nil), cs...), &extra))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"12.4.1", "12.4.2", "12.4.3"} {
		if c := Find(fws, "ismap").Control(id); !contains(c.Checks, "aws-test-new-logging") {
			t.Errorf("%s: a check mapped to iso27001-2022:A.8.15 did not join: %v", id, c.Checks)
		}
	}
}

// FISC: the practice standards by id only (no text of the standard), the
// ones AWS's public mapping ties to Security Hub controls with mamori's
// checks for them.
func TestFISC(t *testing.T) {
	fw := mustFind(t, builtinFrameworks(t), "fisc")
	got := ids(fw)
	if len(got) != 157 || got[0] != "実1" || got[14] != "実14-1" || got[15] != "実14-2" || got[len(got)-1] != "実153" {
		t.Errorf("fisc ids: %d, %v", len(got), got)
	}
	for _, c := range fw.Controls {
		if !strings.HasPrefix(c.Title.En, "Practice standard "+c.ID) || !strings.HasPrefix(c.Title.Ja, "実務基準 "+c.ID) {
			t.Errorf("%s: the title says more than the id: %q", c.ID, c.Title)
		}
	}
	if c := fw.Control("実3"); len(c.Checks) == 0 {
		t.Error("実3 has no evidence from checks")
	}
}

func TestLoadErrors(t *testing.T) {
	cs := builtinChecks(t)
	base := "id: my-fw\ntitle: {en: Mine, ja: 自社}\nsource: {url: https://example.com, licence: {en: ours, ja: 自社}}\ncategories: [{id: a, title: {en: A, ja: あ}}]\n"
	cases := []struct{ name, body, want string }{
		{"unknown field", base + "colour: red\ncontrols: [{id: '1', category: a, title: {en: x, ja: x}, checks: [aws-iam-root-mfa]}]\n", "field colour not found"},
		{"missing check", base + "controls: [{id: '1', category: a, title: {en: x, ja: x}, checks: [aws-no-such-check]}]\n", "check aws-no-such-check does not exist"},
		{"no evidence", base + "controls: [{id: '1', category: a, title: {en: x, ja: x}}]\n", "has neither checks nor a question"},
		{"bad category", base + "controls: [{id: '1', category: b, title: {en: x, ja: x}, checks: [aws-iam-root-mfa]}]\n", `category "b" is not one of`},
		{"duplicate", base + "controls: [{id: '1', category: a, title: {en: x, ja: x}, checks: [aws-iam-root-mfa]}, {id: '1', category: a, title: {en: y, ja: y}, checks: [aws-iam-root-mfa]}]\n", "listed twice"},
		{"half question", base + "controls: [{id: '1', category: a, title: {en: x, ja: x}, question: {en: Is it done}}]\n", "both en and ja"},
		{"bad scale", base + "scale: [{value: yes, label: {en: y, ja: y}, status: unanswered}]\ncontrols: [{id: '1', category: a, title: {en: x, ja: x}, question: {en: q, ja: q}}]\n", "want met, partial"},
		{"bands order", base + "scoring: {bands: [{id: lo, min: 0, label: {en: l, ja: l}}, {id: hi, min: 50, label: {en: h, ja: h}}]}\ncontrols: [{id: '1', category: a, title: {en: x, ja: x}, checks: [aws-iam-root-mfa]}]\n", "highest min down"},
		{"no licence", "id: x1\ntitle: {en: X, ja: X}\nsource: {url: u}\ncategories: [{id: a, title: {en: A, ja: あ}}]\ncontrols: []\n", "missing source.licence.en"},
		{"empty", "", "empty framework file"},
		{"manual without question", base + "controls: [{id: '1', category: a, title: {en: x, ja: x}, checks: [aws-iam-root-mfa], manual: {en: why, ja: なぜ}}]\n", "give it a question"},
		{"bad source", base + "controls: [{id: '1', category: a, title: {en: x, ja: x}, sources: [vuln-cases:whatever]}]\n", `evidence source "vuln-cases:whatever" is not one of mamori's`},
		{"bad via", base + "controls: [{id: '1', category: a, title: {en: x, ja: x}, question: {en: q, ja: q}, via: [A.8.5]}]\n", "want FRAMEWORK:CONTROL"},
		{"complete without mappings", base + "complete: true\ncontrols: [{id: '1', category: a, title: {en: x, ja: x}, checks: [aws-iam-root-mfa]}]\n", "complete needs from_compliance"},
		{"criteria and question", base + "controls: [{id: '1', category: a, title: {en: x, ja: x}, question: {en: q, ja: q}, criteria: [{id: '1-1', title: {en: y, ja: y}, question: {en: q, ja: q}}]}]\n", "give its checks, sources and questions to the criteria"},
		{"criterion without evidence", base + "controls: [{id: '1', category: a, title: {en: x, ja: x}, criteria: [{id: '1-1', title: {en: y, ja: y}}]}]\n", "control 1-1 has neither checks nor a question"},
		{"criterion twice", base + "controls: [{id: '1', category: a, title: {en: x, ja: x}, criteria: [{id: '1', title: {en: y, ja: y}, question: {en: q, ja: q}}]}]\n", "control 1 is listed twice"},
		{"criterion elsewhere", strings.Replace(base, "}}]\n", "}}, {id: b, title: {en: B, ja: い}}]\n", 1) + "controls: [{id: '1', category: a, title: {en: x, ja: x}, criteria: [{id: '1-1', category: b, title: {en: y, ja: y}, question: {en: q, ja: q}}]}]\n", "takes the category of its control 1"},
		{"nested criteria", base + "controls: [{id: '1', category: a, title: {en: x, ja: x}, criteria: [{id: '1-1', title: {en: y, ja: y}, question: {en: q, ja: q}, criteria: [{id: '1-1-1', title: {en: z, ja: z}, question: {en: q, ja: q}}]}]}]\n", "a criterion has no criteria of its own"},
		{"criteria summed", base + "scoring: {method: sum}\ncontrols: [{id: '1', category: a, title: {en: x, ja: x}, criteria: [{id: '1-1', title: {en: y, ja: y}, question: {en: q, ja: q}}]}]\n", "use the percent scoring method"},
		{"criterion missing check", base + "controls: [{id: '1', category: a, title: {en: x, ja: x}, criteria: [{id: '1-1', title: {en: y, ja: y}, checks: [aws-no-such-check]}]}]\n", "control 1-1: check aws-no-such-check does not exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"mine/fw.yaml": {Data: []byte(c.body)}}, "dir", cs)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "dir/mine/fw.yaml: ") {
				t.Errorf("error %v; want one naming dir/mine/fw.yaml and %q", err, c.want)
			}
		})
	}
	// A user's framework may not take a built-in id.
	user, err := Load(fstest.MapFS{"fw.yaml": {Data: []byte(strings.Replace(base, "my-fw", "scs-3", 1) + "controls: [{id: '1', category: a, title: {en: x, ja: x}, checks: [aws-iam-root-mfa]}]\n")}}, "dir", cs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Merge(builtinFrameworks(t), user); err == nil || !strings.Contains(err.Error(), "already defined") {
		t.Errorf("Merge = %v; want already defined", err)
	}
}

func ipa(t *testing.T) (*mamori.Framework, func(string) *mamori.Framework) {
	fws := builtinFrameworks(t)
	return mustFind(t, fws, "ipa-self-check"), func(id string) *mamori.Framework { return Find(fws, id) }
}

var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func TestReadAnswers(t *testing.T) {
	_, find := ipa(t)
	b := []byte(`framework: ipa-self-check
answers:
  "1": {answer: yes, by: tanaka, evidence: https://intra/patch-policy, reviewed: 2026-11-01}
  "2": {answer: partial, by: tanaka, note: "half the PCs"}
  3: no
  "4": {answer: unknown, at: 2026-01-02T03:04:05Z}
`)
	af, fw, err := ReadAnswers(b, find, now)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]mamori.Answer{
		"1": {Tenant: "default", Framework: "ipa-self-check", Control: "1", Value: "yes", By: "tanaka", At: now, Evidence: "https://intra/patch-policy", Reviewed: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		"2": {Tenant: "default", Framework: "ipa-self-check", Control: "2", Value: "partial", By: "tanaka", At: now, Note: "half the PCs"},
		"3": {Tenant: "default", Framework: "ipa-self-check", Control: "3", Value: "no", At: now},
		"4": {Tenant: "default", Framework: "ipa-self-check", Control: "4", Value: "unknown", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
	}
	if d := cmp.Diff(want, af.Answers); d != "" {
		t.Errorf("answers (-want +got):\n%s", d)
	}
	// Written back, they read the same.
	var sb strings.Builder
	if err := WriteAnswers(&sb, fw, "", af.Sorted(fw)); err != nil {
		t.Fatal(err)
	}
	again, _, err := ReadAnswers([]byte(sb.String()), find, now.Add(time.Hour))
	if err != nil {
		t.Fatalf("%v\n%s", err, sb.String())
	}
	if d := cmp.Diff(af.Answers, again.Answers); d != "" {
		t.Errorf("round trip (-first +again):\n%s\n%s", d, sb.String())
	}
}

func TestReadAnswersErrors(t *testing.T) {
	_, find := ipa(t)
	cases := []struct{ name, body, want string }{
		{"unknown control", "framework: ipa-self-check\nanswers:\n  \"1\": yes\n  \"26\": yes\n", `line 4: control "26" is not in ipa-self-check`},
		{"out of scale", "framework: ipa-self-check\nanswers:\n  \"1\": {answer: maybe}\n", `line 3: control 1: answer "maybe" is not on the scale (yes, partial, no, unknown)`},
		{"wrong framework", "framework: iso-9001\nanswers: {}\n", `line 1: unknown framework "iso-9001"`},
		{"no framework", "answers: {}\n", "missing framework"},
		{"unknown field", "framework: ipa-self-check\nanswers:\n  \"1\": {answer: yes, who: me}\n", `line 3: control 1: unknown field "who"`},
		{"bad date", "framework: ipa-self-check\nanswers:\n  \"1\": {answer: yes, reviewed: last week}\n", `line 3: control 1: reviewed: "last week" is not a date`},
		{"password", "framework: ipa-self-check\nanswers:\n  \"1\": {answer: yes, evidence: \"https://u:secret@intra/x\"}\n", "carries a password"},
		{"twice", "framework: ipa-self-check\nanswers:\n  \"1\": yes\n  1: no\n", "answered twice"},
		{"no answer", "framework: ipa-self-check\nanswers:\n  \"1\": {by: me}\n", "missing answer"},
		{"bad yaml", "framework: [\n", "bad YAML"},
		{"top field", "framework: ipa-self-check\nanwsers: {}\n", `line 2: unknown field "anwsers"`},
		{"checks only", "framework: cis-aws-3.0\nanswers:\n  \"1.5\": yes\n", "judged by checks only"},
		{"requirement with criteria", "framework: scs-3\nanswers:\n  \"4-1-3-1\": yes\n  \"4-1-3\": yes\n", "line 4: control 4-1-3 of scs-3 is judged by its criteria (4-1-3-1 ... 4-1-3-4): answer those"},
		{"★4 criterion in ★3", "framework: scs-3\nanswers:\n  \"4-1-3-5\": yes\n", `line 3: control "4-1-3-5" is not in scs-3`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := ReadAnswers([]byte(c.body), find, now)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v; want %q", err, c.want)
			}
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("the error repeats the password: %v", err)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"ipa-self-check.yaml", "scs-3.yaml", "cis-aws-3.0.yaml", "cis-aws-5.0.yaml", "fisc.yaml", "ismap.yaml", "security-action.yaml"} {
		b, err := builtin.ReadFile("data/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("id: x\ncontrols: [{id: '1'}]\n"))
	f.Add([]byte("id: my-fw\ntitle: {en: M, ja: M}\nsource: {url: u, licence: {en: l, ja: l}}\ncategories: [{id: a, title: {en: A, ja: A}, prefix: '1.'}]\n" +
		"from_compliance: cis-aws-3.0\ncontrols: [{id: '1.5', title: {en: x, ja: x}, question: {en: q, ja: q}, checks: [aws-iam-root-mfa]}]\n"))
	f.Add([]byte("id: my-fw\ntitle: {en: M, ja: M}\nsource: {url: u, licence: {en: l, ja: l}}\ncategories: [{id: a, title: {en: A, ja: A}}]\n" +
		"controls: [{id: '実1', category: a, title: {en: x, ja: x}, question: {en: q, ja: q}, via: [iso27001-2022:A.8.5], sources: [vuln-cases:cvss7-fixed-14d], manual: {en: m, ja: m}}]\n"))
	f.Add([]byte("id: my-fw\ntitle: {en: M, ja: M}\nsource: {url: u, licence: {en: l, ja: l}}\ncategories: [{id: a, title: {en: A, ja: A}}]\n" +
		"controls: [{id: '1', category: a, title: {en: x, ja: x}, criteria: [{id: '1-1', title: {en: y, ja: y}, question: {en: q, ja: q}, checks: [aws-iam-root-mfa]}, {id: '1-2', title: {en: z, ja: z}, via: [iso27001-2022:A.8.3]}]}]\n"))
	// Resolve needs only the checks' ids and compliance mappings: a fixed
	// list keeps each fuzzing worker from compiling every CEL condition.
	cs := []*mamori.Check{
		{ID: "aws-iam-root-mfa", Compliance: []string{"cis-aws-3.0:1.5", "cis-aws-5.0:1.4", "nist-csf-2.0:PR.AA-03", "iso27001-2022:A.8.5"}},
		{ID: "aws-s3-bucket-not-public", Compliance: []string{"nist-csf-2.0:PR.DS-01", "iso27001-2022:A.8.3"}},
		{ID: "aws-guardduty-enabled", Compliance: []string{"nist-csf-2.0:DE.CM-01"}},
	}
	fs := []mamori.Finding{{CheckID: "aws-iam-root-mfa", Status: mamori.StatusFail}, {CheckID: "aws-guardduty-enabled", Status: mamori.StatusPass}}
	f.Fuzz(func(t *testing.T, b []byte) {
		fw, err := Parse(b)
		if err != nil {
			return
		}
		if err := Resolve(fw, cs); err != nil {
			return
		}
		// Whatever loads can be assessed without a panic, within its maximum.
		answers := map[string]mamori.Answer{}
		for i, c := range fw.Items() {
			if sc := fw.ScaleOf(c); c.NeedsAnswer() && i%2 == 0 {
				answers[c.ID] = mamori.Answer{Value: sc[i%len(sc)].Value}
			}
		}
		a := mamori.Assess(fw, fs, true, answers, now)
		if a.Score > a.Max {
			t.Errorf("score %d over max %d", a.Score, a.Max)
		}
	})
}

func FuzzReadAnswers(f *testing.F) {
	f.Add([]byte("framework: ipa-self-check\nanswers:\n  \"1\": {answer: yes, by: tanaka, evidence: https://intra/p, reviewed: 2026-11-01}\n  \"2\": partial\n"))
	f.Add([]byte("framework: scs-3\nsubject: Tokyo Logistics\nanswers: {\"4-1-3\": {answer: no, note: x}}\n"))
	f.Add([]byte("framework: ipa-self-check\nanswers: ~\n"))
	f.Add([]byte("framework: scs-4\nanswers: {\"4-1-3-5\": {answer: na, by: sato}, \"4-4-4-2\": yes}\n"))
	fws := builtinFrameworks(f)
	find := func(id string) *mamori.Framework { return Find(fws, id) }
	f.Fuzz(func(t *testing.T, b []byte) {
		af, fw, err := ReadAnswers(b, find, now)
		if err != nil {
			return
		}
		a := mamori.Assess(fw, nil, false, af.Answers, now)
		if a.Score > a.Max {
			t.Errorf("score %d over max %d", a.Score, a.Max)
		}
		var sb strings.Builder
		if err := WriteAnswers(&sb, fw, af.Subject, af.Sorted(fw)); err != nil {
			t.Fatal(err)
		}
		again, _, err := ReadAnswers([]byte(sb.String()), find, now)
		if err != nil {
			t.Fatalf("written answers do not read back: %v\n%s", err, sb.String())
		}
		if d := cmp.Diff(af.Answers, again.Answers); d != "" {
			t.Errorf("round trip (-first +again):\n%s", d)
		}
	})
}

// Loading every shipped framework against the shipped checks: what every
// frameworks, assess and supplier command pays before it starts.
func BenchmarkBuiltin(b *testing.B) {
	cs := builtinChecks(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Builtin(cs); err != nil {
			b.Fatal(err)
		}
	}
}

// Reading the largest answers file a shipped framework takes: every one of
// FISC's 157 practice standards answered, with who, evidence and a note.
func BenchmarkReadAnswers(b *testing.B) {
	fws := builtinFrameworks(b)
	fw := Find(fws, "fisc")
	var sb strings.Builder
	sb.WriteString("framework: fisc\nanswers:\n")
	for _, c := range fw.Controls {
		sb.WriteString(`  "` + c.ID + `": {answer: partial, by: tanaka, evidence: "https://intra.example.jp/fisc/` + c.ID + `", note: "see the register", reviewed: 2026-11-01}` + "\n")
	}
	in := []byte(sb.String())
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	find := func(id string) *mamori.Framework { return Find(fws, id) }
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ReadAnswers(in, find, now); err != nil {
			b.Fatal(err)
		}
	}
}

// Criteria are answered by their own ids, and what is read is what scores.
func TestReadAnswersCriteria(t *testing.T) {
	_, find := ipa(t)
	b := []byte("framework: scs-3\nanswers:\n  \"4-1-3-1\": yes\n  \"4-1-3-2\": {answer: yes, by: sato}\n  \"4-1-3-3\": yes\n  \"4-1-3-4\": partial\n")
	af, fw, err := ReadAnswers(b, find, now)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range af.Sorted(fw) {
		got = append(got, a.Control+"="+a.Value)
	}
	if d := cmp.Diff([]string{"4-1-3-1=yes", "4-1-3-2=yes", "4-1-3-3=yes", "4-1-3-4=partial"}, got); d != "" {
		t.Errorf("answers (-want +got):\n%s", d)
	}
	a := mamori.Assess(fw, nil, false, af.Answers, now)
	for _, r := range a.Controls {
		if r.ID == "4-1-3" && (r.Status != mamori.ControlPartial || len(r.Criteria) != 4 || r.Criteria[3].Status != mamori.ControlPartial) {
			t.Errorf("4-1-3 is %s with %d criteria; want partial from its fourth criterion", r.Status, len(r.Criteria))
		}
	}
}
