package cli

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori/i18n"
)

// docs/coverage.md and docs/coverage.ja.md give the coverage of CIS v5.0,
// v3.0 and FSBP by the built-in checks; a stale copy fails here. Refresh
// with: go test ./cli -run TestCoverageDoc -update
func TestCoverageDoc(t *testing.T) {
	for lang, path := range map[string]string{i18n.En: "../docs/coverage.md", i18n.Ja: "../docs/coverage.ja.md"} {
		var out bytes.Buffer
		e := &env{stdout: &out, lang: lang}
		cs, err := loadChecks(e, "")
		if err != nil {
			t.Fatal(err)
		}
		fws, err := loadFrameworks(e, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := coverageDoc(e, &out, cs, fws); err != nil {
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
			t.Fatalf("%v (run go test ./cli -run TestCoverageDoc -update)", err)
		}
		if d := cmp.Diff(string(want), out.String()); d != "" {
			t.Errorf("%s is stale; run go test ./cli -run TestCoverageDoc -update (-file +generated):\n%s", path, d)
		}
	}
}
