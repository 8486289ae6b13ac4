package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori/i18n"
)

var update = flag.Bool("update", false, "rewrite generated documentation")

// docs/checks.md and docs/checks.ja.md are generated from the checks; a stale
// copy fails here. Refresh with: go test ./cli -run TestChecksDoc -update
func TestChecksDoc(t *testing.T) {
	for lang, path := range map[string]string{i18n.En: "../docs/checks.md", i18n.Ja: "../docs/checks.ja.md"} {
		var out bytes.Buffer
		e := &env{stdout: &out, lang: lang}
		cs, err := loadChecks(e, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := checksMarkdown(e, cs); err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./cli -run TestChecksDoc -update)", err)
		}
		if d := cmp.Diff(string(want), out.String()); d != "" {
			t.Errorf("%s is stale; run go test ./cli -run TestChecksDoc -update (-file +generated):\n%s", path, d)
		}
	}
}

// docs/frameworks/ID.md list each built-in framework's controls; a stale
// copy fails here. Refresh with: go test ./cli -run TestFrameworksDoc -update
func TestFrameworksDoc(t *testing.T) {
	e := &env{lang: i18n.En}
	fws, err := loadFrameworks(e, "", "")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, fw := range fws {
		path := "../docs/frameworks/" + fw.ID + ".md"
		want[path] = true
		var out bytes.Buffer
		if err := frameworkMarkdown(&out, fw); err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.MkdirAll("../docs/frameworks", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./cli -run TestFrameworksDoc -update)", err)
		}
		if d := cmp.Diff(string(b), out.String()); d != "" {
			t.Errorf("%s is stale; run go test ./cli -run TestFrameworksDoc -update (-file +generated):\n%s", path, d)
		}
	}
	// No page for a framework that is gone.
	files, _ := filepath.Glob("../docs/frameworks/*.md")
	for _, f := range files {
		if !want[filepath.ToSlash(f)] {
			t.Errorf("%s documents no built-in framework; remove it", f)
		}
	}
}
