package framework

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

// Every mapping a shipped check makes to a framework with a catalog names
// an id of the catalog: a typo'd or invented id fails here.
func TestCatalogMappings(t *testing.T) {
	for _, id := range []string{"cis-aws-3.0", "aws-fsbp"} {
		cat, ok, err := Catalog(id)
		if err != nil || !ok {
			t.Fatalf("catalog %s: ok=%v err=%v", id, ok, err)
		}
		known := map[string]bool{}
		for _, e := range cat {
			known[e.ID] = true
		}
		for _, c := range builtinChecks(t) {
			for _, m := range c.Compliance {
				if cid, ok := strings.CutPrefix(m, id+":"); ok && !known[cid] {
					t.Errorf("check %s maps to %s, which is not in framework/catalog/%s.txt", c.ID, m, id)
				}
			}
		}
	}
	// Titles are for ids of the catalog only.
	titles, err := CatalogTitles("aws-fsbp")
	if err != nil || len(titles) == 0 {
		t.Fatalf("aws-fsbp titles: %d, %v", len(titles), err)
	}
	cat, _, _ := Catalog("aws-fsbp")
	known := map[string]bool{}
	for _, e := range cat {
		known[e.ID] = true
	}
	for id := range titles {
		if !known[id] {
			t.Errorf("framework/catalog/aws-fsbp.titles.yaml: %s is not in the catalog", id)
		}
	}
	if cat, _, _ := Catalog("cis-aws-3.0"); len(cat) != 62 {
		t.Errorf("cis-aws-3.0 catalog: %d recommendations, want 62", len(cat))
	}
}

func TestCatalogBadLine(t *testing.T) {
	if _, ok, err := Catalog("no-such-framework"); ok || err != nil {
		t.Errorf("missing catalog: ok=%v err=%v", ok, err)
	}
}

func TestCoverage(t *testing.T) {
	fw := &mamori.Framework{ID: "aws-fsbp", Controls: []mamori.Control{
		{ID: "S3.1", Title: mamori.Text{En: "t", Ja: "t"}, Checks: []string{"c-yaml"}},
	}}
	cs := []*mamori.Check{
		{ID: "c-s3", Compliance: []string{"aws-fsbp:S3.5", "cis-aws-5.0:2.1.1"}},
		{ID: "c-iam", Compliance: []string{"aws-fsbp:IAM.15"}}, // unconfirmed
		{ID: "c-none"},
	}
	cov, err := CoverageOf(fw, cs, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range cov.Controls {
		got[r.ID] = r.Status + "/" + strings.Join(r.Checks, ",")
	}
	for id, want := range map[string]string{"S3.1": "automated/c-yaml", "S3.5": "automated/c-s3", "S3.2": "not_covered/", "IAM.15": "unconfirmed/c-iam", "IAM.1": "not_covered/"} {
		if got[id] != want {
			t.Errorf("%s: got %q, want %q", id, got[id], want)
		}
	}
	// Only S3 has a covered control: IAM and the rest are out of scope.
	if d := cmp.Diff([]string{"S3"}, cov.Services); d != "" {
		t.Errorf("services (-want +got):\n%s", d)
	}
	s3 := 0
	for _, r := range cov.Controls {
		if r.Service == "S3" {
			s3++
		}
	}
	// Every unconfirmed id of the catalog is shown as such (their number
	// grows as services are added, so it is counted, not written down),
	// and so is IAM.15, which c-iam maps and the catalog lacks.
	entries, _, err := Catalog("aws-fsbp")
	if err != nil {
		t.Fatal(err)
	}
	unconfirmed := 0
	for _, e := range entries {
		if e.Unconfirmed {
			unconfirmed++
		}
	}
	if cov.Automated != 2 || cov.Automatable != s3 || cov.InScope != s3 || cov.Unconfirmed != unconfirmed+1 || cov.Checks != 3 {
		t.Errorf("figures: automated %d of %d, in scope %d, unconfirmed %d, checks %d (S3 controls %d)", cov.Automated, cov.Automatable, cov.InScope, cov.Unconfirmed, cov.Checks, s3)
	}
}

func TestCoverageCIS5(t *testing.T) {
	cs := builtinChecks(t)
	fw := mustFind(t, builtinFrameworks(t), "cis-aws-5.0")
	cov, err := CoverageOf(fw, cs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cov.All != 63 || cov.InScope != 63 || cov.Manual != 28 || cov.Automatable != 35 || !cov.Complete {
		t.Errorf("figures: all %d, in scope %d, manual %d, automatable %d", cov.All, cov.InScope, cov.Manual, cov.Automatable)
	}
	for _, r := range cov.Controls {
		switch {
		case r.Status == CoverManual && r.Reason.En == "":
			t.Errorf("%s: manual without a reason", r.ID)
		case r.Status == CoverAutomated && len(r.Checks) == 0, r.Status == CoverNone && len(r.Checks) > 0:
			t.Errorf("%s: %s with checks %v", r.ID, r.Status, r.Checks)
		}
	}
}

func TestCoverageCIS3(t *testing.T) {
	cs := builtinChecks(t)
	fws := builtinFrameworks(t)
	fw := mustFind(t, fws, "cis-aws-3.0")
	cov, err := CoverageOf(fw, cs, fws)
	if err != nil {
		t.Fatal(err)
	}
	// The framework file lists only what checks cover; the catalog gives
	// all 62, 8 of them manual.
	if cov.All != 62 || cov.Manual != 8 || cov.Automatable != 54 || cov.Unconfirmed != 0 {
		t.Errorf("figures: all %d, manual %d, automatable %d, unconfirmed %d", cov.All, cov.Manual, cov.Automatable, cov.Unconfirmed)
	}
	// Titles come from the v5.0.0 recommendation with the same requirement;
	// every entry but 1.3 (dropped in v5) names one that exists.
	for _, r := range cov.Controls {
		if (r.Title.En == "") != (r.ID == "1.3") {
			t.Errorf("%s (same as %q): title %q", r.ID, r.SameAs, r.Title.En)
		}
	}
	byID := map[string]CoverageRow{}
	for _, r := range cov.Controls {
		byID[r.ID] = r
	}
	if r := byID["1.10"]; r.SameAs != "cis-aws-5.0:1.9" || !contains(r.Checks, "aws-iam-user-console-mfa") {
		t.Errorf("1.10: %+v", r)
	}
	if r := byID["1.21"]; r.Status != CoverManual || r.Reason.En == "" {
		t.Errorf("1.21 is manual in v3 and v5 and takes v5's reason: %+v", r)
	}
}

func TestCatalogParse(t *testing.T) {
	for _, bad := range []string{"1.1 sometimes", "1.1 manual same=nocolon", "1.1 manual automated same=a:1 x", "1.1\n1.1", "bad id!"} {
		if _, err := parseCatalog("x", []byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	got, err := parseCatalog("x", []byte("# comment\n\n1.1 manual same=cis-aws-5.0:1.1\nS3.1 unconfirmed\n2.1\n"))
	want := []CatalogEntry{{ID: "1.1", Manual: true, Same: "cis-aws-5.0:1.1"}, {ID: "S3.1", Unconfirmed: true}, {ID: "2.1"}}
	if err != nil || !cmp.Equal(want, got) {
		t.Errorf("parse: err %v, diff (-want +got):\n%s", err, cmp.Diff(want, got))
	}
}

// aws-fsbp.yaml names its controls' checks itself (it is not built from
// the mappings), so the two must say the same: a check that maps to
// aws-fsbp:X is listed under X in the file, and the other way round.
func TestFSBPFileMatchesMappings(t *testing.T) {
	fw := mustFind(t, builtinFrameworks(t), "aws-fsbp")
	inFile := map[string]bool{}
	for _, c := range fw.Controls {
		for _, id := range c.Checks {
			inFile[c.ID+" "+id] = true
		}
	}
	mapped := map[string]bool{}
	for _, c := range builtinChecks(t) {
		for _, m := range c.Compliance {
			if id, ok := strings.CutPrefix(m, "aws-fsbp:"); ok {
				mapped[id+" "+c.ID] = true
			}
		}
	}
	for k := range mapped {
		if !inFile[k] {
			ctl, check, _ := strings.Cut(k, " ")
			t.Errorf("check %s maps to aws-fsbp:%s, but framework/data/aws-fsbp.yaml does not list it under %s", check, ctl, ctl)
		}
	}
	for k := range inFile {
		if !mapped[k] {
			ctl, check, _ := strings.Cut(k, " ")
			t.Errorf("framework/data/aws-fsbp.yaml lists %s under %s, but the check has no aws-fsbp:%s mapping", check, ctl, ctl)
		}
	}
}
