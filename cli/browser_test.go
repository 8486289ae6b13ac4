package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/checks"
	"github.com/mamori-sec/mamori/framework"
)

// TestQuestionnaireInBrowser fills the supplier questionnaire form in a real
// browser (Debian chromium driven by playwright-core), saves the answers file
// with the form's own button, imports it, and checks the answers and the
// score are those that were clicked. It needs chromium, node and
// `npm ci` in cli/testdata/browser; without them it is skipped, except in CI
// (CI set), where a missing install step must fail rather than hide.
func TestQuestionnaireInBrowser(t *testing.T) {
	dir, _ := filepath.Abs("testdata/browser")
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	var missing []string
	if _, err := exec.LookPath("node"); err != nil {
		missing = append(missing, "node")
	}
	if _, err := os.Stat(chromium); err != nil {
		missing = append(missing, chromium+" (apt-get install chromium)")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "playwright-core")); err != nil {
		missing = append(missing, "playwright-core (cd cli/testdata/browser && npm ci)")
	}
	if len(missing) > 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("the browser test needs %s", strings.Join(missing, ", "))
		}
		t.Skipf("needs %s", strings.Join(missing, ", "))
	}

	tmp := t.TempDir()
	db := filepath.Join(tmp, "mamori.db")
	run := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := Main(append(args, "--db", db, "--lang", "en"), strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("mamori %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
		}
		return out.String()
	}
	run("supplier", "add", "Tokyo Logistics", "--required", "scs-3")
	form := filepath.Join(tmp, "form.html")
	run("supplier", "questionnaire", "export", "Tokyo Logistics", "--framework", "scs-3", "-o", form)

	type ans struct {
		Answer   string `json:"answer"`
		Evidence string `json:"evidence,omitempty"`
		Note     string `json:"note,omitempty"`
	}
	spec := struct {
		By      string         `json:"by"`
		Lang    string         `json:"lang"`
		Answers map[string]ans `json:"answers"`
	}{By: "佐藤 \"Sato\"", Lang: "ja", Answers: map[string]ans{
		"1-2-1-1": {Answer: "yes", Evidence: "https://intra.example.jp/規程/役割.pdf"},
		"4-1-3-2": {Answer: "no", Note: "MFA は来期導入: \"VPN\" も対象 # 予定"},
		"4-4-4-2": {Answer: "partial", Note: "a: b, {c} # 'not' a comment \\ back"},
		"7-1-1-1": {Answer: "na"},
		"2-1-1-1": {Answer: "yes"},
	}}
	b, _ := json.Marshal(spec)
	saved := filepath.Join(tmp, "answers.yaml")
	cmd := exec.Command("node", filepath.Join(dir, "fill.mjs"), form, saved, string(b))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("browser: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), `"count":"5 / 81"`) || !strings.Contains(string(out), "answers-scs-3.yaml") {
		t.Errorf("the form counted or named the file wrong: %s", out)
	}

	js := run("supplier", "questionnaire", "import", "Tokyo Logistics", saved, "--format", "json")
	type item struct {
		ID     string `json:"id"`
		Answer *struct {
			Answer, By, Evidence, Note string
		} `json:"answer"`
	}
	var got struct {
		Score    int `json:"score"`
		Controls []struct {
			item
			Criteria []item `json:"criteria"`
		} `json:"controls"`
	}
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatal(err)
	}
	// The same answers given directly score the same.
	cs, err := checks.Builtin(aws.KnownType)
	if err != nil {
		t.Fatal(err)
	}
	fws, err := framework.Builtin(cs)
	if err != nil {
		t.Fatal(err)
	}
	direct := map[string]mamori.Answer{}
	for id, a := range spec.Answers {
		direct[id] = mamori.Answer{Value: a.Answer}
	}
	if want := mamori.Assess(framework.Find(fws, "scs-3"), nil, false, direct, time.Now()).Score; got.Score != want {
		t.Errorf("imported score %d, want %d", got.Score, want)
	}
	n := 0
	var items []item
	for _, c := range got.Controls {
		if c.Answer != nil {
			t.Errorf("%s: a requirement judged by its criteria has an answer of its own", c.ID)
		}
		items = append(items, c.Criteria...)
	}
	if len(items) != 81 {
		t.Errorf("%d criteria in the assessment, want 81", len(items))
	}
	for _, c := range items {
		w, asked := spec.Answers[c.ID]
		if !asked {
			if c.Answer != nil {
				t.Errorf("%s: answered %q, but nothing was clicked", c.ID, c.Answer.Answer)
			}
			continue
		}
		n++
		if c.Answer == nil {
			t.Errorf("%s: no answer imported", c.ID)
			continue
		}
		wantNote := strings.Join(strings.Fields(w.Note), " ") // a text input keeps one line
		if c.Answer.Answer != w.Answer || c.Answer.By != spec.By || c.Answer.Evidence != w.Evidence || strings.Join(strings.Fields(c.Answer.Note), " ") != wantNote {
			t.Errorf("%s: imported %+v, clicked %+v by %q", c.ID, *c.Answer, w, spec.By)
		}
	}
	if n != len(spec.Answers) {
		t.Errorf("%d answers imported, %d clicked", n, len(spec.Answers))
	}
}
