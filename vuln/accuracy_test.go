package vuln

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

// TestAccuracyAgainstOSVScanner: on the same OSV data (testdata/accuracy/db,
// 680 Go and PyPI advisories and one npm advisory), mamori's exact matches
// are the package × advisory pairs osv-scanner v2.6.0 reports offline, for
// go.mod, requirements.txt, package-lock.json and a CycloneDX SBOM. The
// expected pairs were made by testdata/accuracy/make-expected.sh with
// osv-scanner itself. osv-scanner leaves out the standard library version
// of go.mod's go line; mamori keeps it as candidates, which are not
// compared here.
func TestAccuracyAgainstOSVScanner(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	res := importAll(t, db, "testdata/accuracy/db")
	if len(res.Errors) > 0 || res.Advisories.Added != 681 {
		t.Fatalf("import: %+v", res)
	}
	for _, c := range []struct{ path, expected string }{
		{"testdata/accuracy/input", "testdata/accuracy/expected-input.json"},
		{"testdata/accuracy/sbom/bom.cdx.json", "testdata/accuracy/expected-sbom.json"},
	} {
		t.Run(c.path, func(t *testing.T) {
			b, err := os.ReadFile(c.expected)
			if err != nil {
				t.Fatal(err)
			}
			var want [][4]string
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			cs, probs, err := Inventory(ctx, c.path)
			if err != nil || len(probs) > 0 {
				t.Fatalf("Inventory: %v %v", err, probs)
			}
			ms, probs, err := (&Matcher{Store: db}).Match(ctx, cs)
			if err != nil || len(probs) > 0 {
				t.Fatalf("Match: %v %v", err, probs)
			}
			got := map[[4]string]bool{}
			candidates := 0
			for _, m := range ms {
				if m.Confidence != mamori.ConfidenceExact {
					candidates++
					if m.Component.Name != "stdlib" {
						t.Errorf("candidate other than go.mod's stdlib: %+v", m.Component)
					}
					continue
				}
				// osv-scanner writes versions as the lockfile or SBOM does, less a leading v.
				got[[4]string{m.Component.Ecosystem, m.Component.Name, strings.TrimPrefix(m.Component.Version, "v"), m.AdvisoryID}] = true
			}
			wantSet := map[[4]string]bool{}
			for _, w := range want {
				w[2] = strings.TrimPrefix(w[2], "v")
				wantSet[w] = true
			}
			if d := cmp.Diff(wantSet, got); d != "" {
				t.Errorf("pairs differ from osv-scanner's (-osv-scanner +mamori):\n%s", d)
			}
			if len(want) < 150 {
				t.Errorf("only %d expected pairs: the comparison would prove little", len(want))
			}
			t.Logf("%d pairs as osv-scanner, %d stdlib candidates besides", len(got), candidates)
		})
	}
}
