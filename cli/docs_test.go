package cli

import (
	"bytes"
	"flag"
	"os"
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
