package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

// mamori assess --framework scs-4 judges 4-4-4-2 (patches within 14 days,
// a criterion of 4-4-4) from the cases worked through the CLI: one CVSS 9.8
// case patched on day 5 (in time), one on day 20 (late), one never (open
// past 14 days). A "yes" is capped at partial, and with it the requirement;
// the evidence counts 1 pass and 2 fail, and standard error names the
// failing cases. The same store judged on day 10 counts only the timely fix.
func TestAssessFromCases(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"osv/GHSA-aaaa-bbbb-cccc.json": `{"id": "GHSA-aaaa-bbbb-cccc", "modified": "2026-11-01T00:00:00Z", "aliases": ["CVE-2024-1111"], "summary": "remote code execution in lib",
  "affected": [{"package": {"name": "example.com/lib", "ecosystem": "Go"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.0"}]}]}],
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}`,
		"vuln.cdx.json":  `{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": [{"type": "library", "name": "example.com/lib", "version": "v1.1.0", "purl": "pkg:golang/example.com/lib@v1.1.0"}]}`,
		"fixed.cdx.json": `{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": [{"type": "library", "name": "example.com/lib", "version": "v1.2.0", "purl": "pkg:golang/example.com/lib@v1.2.0"}]}`,
		"answers.yaml":   "framework: scs-4\nanswers:\n  \"4-4-4-1\": yes\n  \"4-4-4-2\": yes\n  \"4-4-4-3\": yes\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	dbPath := filepath.Join(dir, "m.db")
	t.Setenv("MAMORI_DB", dbPath)
	t.Setenv("MAMORI_CASE_POLICY", "")
	t.Setenv("XDG_CONFIG_HOME", dir)
	e, _ := testEnv()
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	now := t0
	e.now = func() time.Time { return now }
	var stdout, stderr bytes.Buffer
	e.stdout, e.stderr = &stdout, &stderr
	run := func(args ...string) {
		t.Helper()
		stdout.Reset()
		stderr.Reset()
		root := newRoot(e)
		root.SetArgs(append(args, "--db", dbPath))
		if err := root.ExecuteContext(context.Background()); err != nil {
			t.Fatalf("mamori %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
	}
	run("vuln", "import", "osv")
	for _, a := range []string{"web1", "web2", "web3"} {
		run("asset", "add", a, "--owner", "tanaka", "--importance", "high", "--sbom", "vuln.cdx.json", "--as", "tanaka")
	}
	run("cases")
	e.dbPath = dbPath
	caseOf := func(asset string) mamori.Case {
		t.Helper()
		db, err := e.openDB()
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		cs, err := db.Cases(context.Background(), mamori.CaseFilter{Asset: asset})
		if err != nil || len(cs) != 1 {
			t.Fatalf("cases of %s: %+v, %v", asset, cs, err)
		}
		return cs[0]
	}
	ids := map[string]string{}
	for _, a := range []string{"web1", "web2", "web3"} {
		ids[a] = caseOf(a).ID
	}
	for _, a := range []string{"web1", "web2"} {
		run("case", "decide", ids[a], "--affected", "--as", "tanaka")
		run("case", "plan", ids[a], "--patch", "--by", "2026-12-14", "--as", "tanaka")
		run("case", "approve", ids[a], "--as", "suzuki")
	}
	now = t0.AddDate(0, 0, 5)
	run("asset", "add", "web1", "--owner", "tanaka", "--importance", "high", "--sbom", "fixed.cdx.json", "--as", "tanaka")
	run("cases")
	if c := caseOf("web1"); c.Status != mamori.CasePatched {
		t.Fatalf("web1 after its fix: %s", c.Status)
	}

	type control struct {
		ID       string                 `json:"id"`
		Status   mamori.ControlStatus   `json:"status"`
		Rule     string                 `json:"rule"`
		Evidence []mamori.CheckEvidence `json:"evidence"`
		Criteria []struct {
			ID     string               `json:"id"`
			Status mamori.ControlStatus `json:"status"`
			Rule   string               `json:"rule"`
		} `json:"criteria"`
	}
	assess := func() control {
		t.Helper()
		run("assess", "--framework", "scs-4", "--answers", "answers.yaml", "--no-input", "--format", "json")
		var a struct {
			Controls []control `json:"controls"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &a); err != nil {
			t.Fatalf("assess output: %v\n%s", err, stdout.String())
		}
		for _, c := range a.Controls {
			if c.ID == "4-4-4" {
				return c
			}
		}
		t.Fatal("no control 4-4-4")
		return control{}
	}
	source := func(c control) mamori.CheckEvidence {
		for _, ev := range c.Evidence {
			if ev.CheckID == mamori.EvidenceVulnHighFixed14d {
				return ev
			}
		}
		t.Fatalf("4-4-4 has no evidence from the cases: %+v", c.Evidence)
		return mamori.CheckEvidence{}
	}

	// The criterion that takes the cases' evidence.
	patched := func(c control) (mamori.ControlStatus, string) {
		for _, k := range c.Criteria {
			if k.ID == "4-4-4-2" {
				return k.Status, k.Rule
			}
		}
		t.Fatalf("4-4-4 has no criterion 4-4-4-2: %+v", c.Criteria)
		return "", ""
	}

	// Day 10: the timely fix counts; the others still have days left.
	now = t0.AddDate(0, 0, 10)
	c := assess()
	if ev := source(c); ev.Pass != 1 || ev.Fail != 0 || c.Status != mamori.ControlMet {
		t.Errorf("day 10: 4-4-4 %s with %+v; want met with 1 pass (%s)", c.Status, ev, c.Rule)
	}
	if !strings.Contains(stderr.String(), "1 fixed within 14 days, 0 fixed later, 0 still open past 14 days, 0 risks accepted instead, 2 within their 14 days") {
		t.Errorf("day 10 stderr:\n%s", stderr.String())
	}

	now = t0.AddDate(0, 0, 20)
	run("asset", "add", "web2", "--owner", "tanaka", "--importance", "high", "--sbom", "fixed.cdx.json", "--as", "tanaka")
	now = t0.AddDate(0, 0, 30)
	c = assess()
	if ev := source(c); ev.Pass != 1 || ev.Fail != 2 || ev.Muted != 0 {
		t.Errorf("day 30: evidence %+v; want 1 pass, 2 fail", ev)
	}
	if st, rule := patched(c); st != mamori.ControlPartial || c.Status != mamori.ControlPartial || !strings.Contains(rule, mamori.EvidenceVulnHighFixed14d) {
		t.Errorf("day 30: 4-4-4-2 %s (%s), 4-4-4 %s; want both partial, capped by the cases", st, rule, c.Status)
	}
	if s := stderr.String(); !strings.Contains(s, "1 fixed within 14 days, 1 fixed later, 1 still open past 14 days") ||
		!strings.Contains(s, "not fixed within 14 days: ") || !strings.Contains(s, ids["web2"]) || !strings.Contains(s, ids["web3"]) {
		t.Errorf("day 30 stderr:\n%s", s)
	}
	if c := caseOf("web2"); c.Status != mamori.CasePatched || !c.Patched.Equal(t0.AddDate(0, 0, 20)) {
		// The assessment brought the cases up to date with the matches
		// first, as every case command does: web2's fix is seen then, and
		// dated when its SBOM was stored.
		t.Errorf("web2 after the assessment: %s patched %v, want patched on day 20", c.Status, c.Patched)
	}
}
