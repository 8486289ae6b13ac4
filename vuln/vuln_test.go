package vuln

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/sqlite"
)

var now = time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)

func openDB(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(":memory:", func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func importAll(t *testing.T, db *sqlite.DB, paths ...string) Result {
	t.Helper()
	var res Result
	im := &Importer{Store: db, Now: func() time.Time { return now }}
	if err := im.Import(context.Background(), paths, &res); err != nil {
		t.Fatal(err)
	}
	return res
}

func errStrings(errs []error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func TestImport(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	res := importAll(t, db, "testdata/osv", "testdata/kev.json", "testdata/epss.csv.gz")
	want := Result{Files: 12, Advisories: mamori.ImportStats{Added: 10}, KEV: mamori.ImportStats{Added: 5}, EPSS: mamori.ImportStats{Added: 5}}
	if d := cmp.Diff(want, res, cmp.Comparer(func(a, b error) bool { return a.Error() == b.Error() })); d != "" {
		t.Errorf("first import (-want +got):\n%s", d)
	}
	// Importing the same data again changes nothing (the plain CSV has the
	// same scores as the gzipped one).
	res = importAll(t, db, "testdata/osv", "testdata/kev.json", "testdata/epss.csv")
	want = Result{Files: 12, Advisories: mamori.ImportStats{Unchanged: 10}, KEV: mamori.ImportStats{Unchanged: 5}, EPSS: mamori.ImportStats{Unchanged: 5}}
	if d := cmp.Diff(want, res, cmp.Comparer(func(a, b error) bool { return a.Error() == b.Error() })); d != "" {
		t.Errorf("second import (-want +got):\n%s", d)
	}
	// The Go entry, its GHSA alias and its CVE are one group.
	g, err := db.AliasGroup(ctx, "", "GHSA-4v7x-pqxf-cx7m")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"CVE-2023-45288", "GHSA-4v7x-pqxf-cx7m", "GO-2024-2687"}, g.Members); d != "" || g.ID != "CVE-2023-45288" {
		t.Errorf("group %s (-want +got):\n%s", g.ID, d)
	}
	a, err := db.Advisory(ctx, "", "PYSEC-2023-74")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(a.Raw), "id: PYSEC-2023-74") || a.Origin != filepath.Join("testdata/osv/pypi/requests/PYSEC-2023-74.yaml") ||
		!a.FetchedAt.Equal(now) || a.Modified.IsZero() {
		t.Errorf("PYSEC-2023-74 kept raw %.20q, origin %q, fetched %v, modified %v", a.Raw, a.Origin, a.FetchedAt, a.Modified)
	}
	w, err := db.Advisory(ctx, "", "GO-2022-0617")
	if err != nil || !w.IsWithdrawn() {
		t.Errorf("GO-2022-0617 = %v, %v; want withdrawn", w, err)
	}
	k, err := db.KEV(ctx, "", "CVE-2020-0601")
	if err != nil || k.VendorProject != "Microsoft" || k.CatalogVersion != "2025.08.25" {
		t.Errorf("KEV CVE-2020-0601 = %+v, %v", k, err)
	}
	e, err := db.EPSS(ctx, "", "CVE-2020-0601")
	if err != nil || e.Score != 0.9431 || e.Percentile != 0.9992 || e.ModelVersion != "v2025.03.14" || !e.Date.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("EPSS CVE-2020-0601 = %+v, %v", e, err)
	}
}

// A newer modification time replaces an advisory and records the change.
func TestImportNewer(t *testing.T) {
	db := openDB(t)
	importAll(t, db, "testdata/osv/npm")
	dir := t.TempDir()
	b, err := os.ReadFile("testdata/osv/npm/GHSA-35jh-r3h4-6jhm.json")
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "2024-02-01T00:00:00Z", "2025-01-01T00:00:00Z", 1))
	b = []byte(strings.Replace(string(b), `"fixed": "4.17.21"`, `"fixed": "4.17.22"`, 1))
	if err := os.WriteFile(filepath.Join(dir, "a.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	res := importAll(t, db, dir)
	if res.Advisories != (mamori.ImportStats{Updated: 1}) {
		t.Errorf("newer import = %+v; want 1 updated", res.Advisories)
	}
	cs, err := db.AdvisoryChanges(context.Background(), "", "GHSA-35jh-r3h4-6jhm")
	if err != nil || len(cs) != 1 || cs[0].NewModified.Year() != 2025 {
		t.Errorf("changes = %+v, %v", cs, err)
	}
	// The older file again is stale.
	res = importAll(t, db, "testdata/osv/npm")
	if res.Advisories != (mamori.ImportStats{Stale: 1}) {
		t.Errorf("older import = %+v; want 1 stale", res.Advisories)
	}
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Bad input: each error names the file and the entry; the rest is imported.
func TestImportBadInput(t *testing.T) {
	db := openDB(t)
	dir := t.TempDir()
	good, err := os.ReadFile("testdata/osv/go/GO-2021-0052.json")
	if err != nil {
		t.Fatal(err)
	}
	// An all.zip with one good and one broken entry, and a truncated copy.
	zp := filepath.Join(dir, "all.zip")
	f, err := os.Create(zp)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, body := range map[string]string{"GO-2021-0052.json": string(good), "BROKEN-1.json": `{"id": "BROKEN-1", "modified": "yesterday"}`} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	zw.Close()
	f.Close()
	zb, _ := os.ReadFile(zp)
	write(t, dir, "truncated.zip", string(zb[:len(zb)/2]))
	write(t, dir, "bad-range.json", `{"id": "GO-BAD-1", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "Go", "name": "x"}, "ranges": [{"type": "SEMVER", "events": []}]}]}`)
	write(t, dir, "notes.json", `{"hello": "world"}`)
	write(t, dir, "kev-bad.json", `{"catalogVersion": "1", "vulnerabilities": [{"cveID": "CVE-2024-0001", "dateAdded": "2024-01-02"}, {"cveID": "CVE-2024-0002", "dateAdded": "yesterday"}, {"cveID": 7}]}`)
	write(t, dir, "epss-bad.csv", "#model_version:v1,score_date:2026-12-01T00:00:00+0000\ncve,epss,percentile\nCVE-2024-0001,0.5,0.9\nCVE-2024-0002,high,0.9\nCVE-2024-0003,0.1\n")
	var res Result
	im := &Importer{Store: db}
	if err := im.Import(context.Background(), []string{dir, filepath.Join(dir, "missing.json")}, &res); err != nil {
		t.Fatal(err)
	}
	wantErrs := []string{
		dir + "/all.zip!BROKEN-1.json: not an OSV record: proto:",
		dir + "/bad-range.json: GO-BAD-1: advisory GO-BAD-1: affected[0].ranges[0] has no events",
		dir + "/epss-bad.csv: line 4 (CVE-2024-0002): epss and percentile must be numbers from 0 to 1",
		dir + "/epss-bad.csv: line 5: 2 fields, want 3",
		dir + "/kev-bad.json: vulnerabilities[1] (CVE-2024-0002): dateAdded: \"yesterday\" is not a date (YYYY-MM-DD)",
		dir + "/kev-bad.json: vulnerabilities[2]: json: cannot unmarshal number",
		dir + "/notes.json: not a file mamori can import",
		dir + "/truncated.zip: not a readable zip (truncated?)",
		dir + "/missing.json: no such file or directory",
	}
	got := errStrings(res.Errors)
	if len(got) != len(wantErrs) {
		t.Fatalf("errors:\n%s\nwant %d", strings.Join(got, "\n"), len(wantErrs))
	}
	for i := range got {
		if !strings.HasPrefix(got[i], wantErrs[i]) {
			t.Errorf("error %d = %q; want it to start with %q", i, got[i], wantErrs[i])
		}
	}
	if res.Advisories.Added != 1 || res.KEV.Added != 1 || res.EPSS.Added != 1 {
		t.Errorf("imported %+v; want the good advisory, KEV entry and EPSS row", res)
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		name, head string
		want       Kind
	}{
		{"x.json", `{"id": "GO-1", "modified": "2024-01-01T00:00:00Z"}`, KindOSV},
		{"x.json", `[{"id": "GO-1"}]`, KindOSV},
		{"x.json", `{"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "1"}`, KindKEV},
		{"x.csv", "#model_version:v2025.03.14,score_date:2026-12-01T00:00:00+0000\ncve,epss,percentile\n", KindEPSS},
		{"x.csv", "cve,epss,percentile\n", KindEPSS},
		{"all.zip", "PK\x03\x04rest", KindOSVZip},
		{"PYSEC-1.yaml", "id: PYSEC-1\nmodified: 2024-01-01T00:00:00Z\n", KindOSVYAML},
		{"x.json", `{"bomFormat": "CycloneDX"}`, KindUnknown},
		{"x.txt", "hello", KindUnknown},
		{"x.json", "{\n  \"document\": {\"acknowledgments\": [", KindCSAF},
		{"x.json", `{"product_tree": {}, "document": {"csaf_version": "2.0"`, KindCSAF},
		{"provider-metadata.json", `{"canonical_url": "https://x/provider-metadata.json", "metadata_version": "2.0"`, KindCSAFIndex},
		{"white-feed.json", `{"feed": {"id": "x"`, KindCSAFIndex},
		{"jvndb.rdf", `<?xml version="1.0"?><rdf:RDF xmlns="http://purl.org/rss/1.0/" xmlns:sec="http://jvn.jp/rss/mod_sec/">`, KindJVNRSS},
	} {
		if got := Detect(c.name, []byte(c.head)); got != c.want {
			t.Errorf("Detect(%s, %.30q) = %q; want %q", c.name, c.head, got, c.want)
		}
	}
}

func comp(eco, name, version string) mamori.Component {
	return mamori.Component{Ecosystem: eco, Name: name, Version: version}
}

func TestAffects(t *testing.T) {
	semver := func(evs ...mamori.RangeEvent) mamori.Advisory {
		return mamori.Advisory{ID: "T-1", Source: "osv", Affected: []mamori.Affected{{Ecosystem: "Go", Name: "example.com/m",
			Ranges: []mamori.VersionRange{{Type: "SEMVER", Events: evs}}}}}
	}
	in := func(v string) mamori.RangeEvent { return mamori.RangeEvent{Introduced: v} }
	fix := func(v string) mamori.RangeEvent { return mamori.RangeEvent{Fixed: v} }
	last := func(v string) mamori.RangeEvent { return mamori.RangeEvent{LastAffected: v} }
	lim := func(v string) mamori.RangeEvent { return mamori.RangeEvent{Limit: v} }
	twoStretches := semver(in("0"), fix("1.12.16"), in("1.13.0-0"), fix("1.13.7"))
	pypi := mamori.Advisory{ID: "P-1", Source: "osv", Affected: []mamori.Affected{{Ecosystem: "PyPI", Name: "Foo.Bar",
		Ranges: []mamori.VersionRange{
			{Type: "GIT", Repo: "https://example.com/foo", Events: []mamori.RangeEvent{in("0"), fix("abc123")}},
			{Type: "ECOSYSTEM", Events: []mamori.RangeEvent{in("2.0.0rc1"), fix("2.0.1")}}}}}}
	listed := mamori.Advisory{ID: "L-1", Source: "osv", Affected: []mamori.Affected{{Ecosystem: "npm", Name: "x", Versions: []string{"1.0.0", "v2.0.0"}}}}
	for _, c := range []struct {
		name string
		a    mamori.Advisory
		c    mamori.Component
		want string // the reason, "" for no match
	}{
		{"below fixed", twoStretches, comp("Go", "example.com/m", "1.12.15"), "Go example.com/m 1.12.15 in SEMVER >=0, <1.12.16"},
		{"at fixed", twoStretches, comp("Go", "example.com/m", "1.12.16"), ""},
		{"between stretches", twoStretches, comp("Go", "example.com/m", "1.12.99"), ""},
		{"second stretch", twoStretches, comp("Go", "example.com/m", "1.13.1"), "Go example.com/m 1.13.1 in SEMVER >=1.13.0-0, <1.13.7"},
		{"prerelease of second stretch", twoStretches, comp("Go", "example.com/m", "1.13.0-rc.1"), "Go example.com/m 1.13.0-rc.1 in SEMVER >=1.13.0-0, <1.13.7"},
		{"v prefix", twoStretches, comp("Go", "example.com/m", "v1.13.1"), "Go example.com/m v1.13.1 in SEMVER >=1.13.0-0, <1.13.7"},
		{"events out of order", semver(fix("1.13.7"), in("1.13.0-0")), comp("Go", "example.com/m", "1.13.1"), "Go example.com/m 1.13.1 in SEMVER >=1.13.0-0, <1.13.7"},
		{"pseudo-version before fix", semver(in("0"), fix("0.0.0-20190125091013-d26f9f9a57f3")), comp("Go", "example.com/m", "0.0.0-20180101000000-aaaaaaaaaaaa"),
			"Go example.com/m 0.0.0-20180101000000-aaaaaaaaaaaa in SEMVER >=0, <0.0.0-20190125091013-d26f9f9a57f3"},
		{"pseudo-version after fix", semver(in("0"), fix("0.0.0-20190125091013-d26f9f9a57f3")), comp("Go", "example.com/m", "0.0.0-20200101000000-aaaaaaaaaaaa"), ""},
		{"last_affected equal", semver(in("1.0.0"), last("1.4.0")), comp("Go", "example.com/m", "1.4.0"), "Go example.com/m 1.4.0 in SEMVER >=1.0.0, <=1.4.0"},
		{"after last_affected", semver(in("1.0.0"), last("1.4.0")), comp("Go", "example.com/m", "1.4.1"), ""},
		{"open-ended", semver(in("1.0.0")), comp("Go", "example.com/m", "9.0.0"), "Go example.com/m 9.0.0 in SEMVER >=1.0.0"},
		{"before introduced", semver(in("1.0.0")), comp("Go", "example.com/m", "0.9.0"), ""},
		{"under limit", semver(in("1.0.0"), lim("2.0.0")), comp("Go", "example.com/m", "1.5.0"), "Go example.com/m 1.5.0 in SEMVER >=1.0.0, <2.0.0"},
		{"at limit", semver(in("1.0.0"), lim("2.0.0")), comp("Go", "example.com/m", "2.0.0"), ""},
		{"other package", twoStretches, comp("Go", "example.com/other", "1.0.0"), ""},
		{"other ecosystem", twoStretches, comp("npm", "example.com/m", "1.0.0"), ""},
		{"PEP 440 rc in range, GIT range skipped, name normalized", pypi, comp("PyPI", "foo-bar", "2.0.0rc2"), "PyPI Foo.Bar 2.0.0rc2 in ECOSYSTEM >=2.0.0rc1, <2.0.1"},
		{"PEP 440 dev release before rc", pypi, comp("PyPI", "foo_bar", "2.0.0.dev1"), ""},
		{"PEP 440 post release after fix", pypi, comp("PyPI", "FOO_BAR", "2.0.1.post1"), ""},
		{"listed version", listed, comp("npm", "x", "1.0.0"), "npm x 1.0.0 listed as affected"},
		{"listed with v", listed, comp("npm", "x", "2.0.0"), "npm x 2.0.0 listed as affected"},
		{"no version", twoStretches, comp("Go", "example.com/m", ""), "Go example.com/m has no version: assumed affected"},
	} {
		t.Run(c.name, func(t *testing.T) {
			why, ok := Affects(&c.a, c.c)
			got := ""
			if ok {
				got = why.String()
			}
			if got != c.want {
				t.Errorf("Affects = %q; want %q", got, c.want)
			}
		})
	}
}

// pair is a package × advisory pair, the unit osv-scanner reports.
type pair struct{ Eco, Name, Version, ID, Range string }

func pairs(ms []mamori.Match) []pair {
	var out []pair
	for _, m := range ms {
		why := m.Why.Range + m.Why.RangeType
		if m.Confidence != mamori.ConfidenceExact {
			why += " " + string(m.Confidence)
		}
		out = append(out, pair{m.Component.Ecosystem, m.Component.Name, m.Component.Version, m.AdvisoryID, why})
	}
	return out
}

func TestScan(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	importAll(t, db, "testdata/osv", "testdata/kev.json", "testdata/epss.csv")
	for _, c := range []struct {
		path string
		want []pair
	}{
		{"testdata/project", []pair{
			{"PyPI", "Jinja2", "2.10", "PYSEC-2019-217", "versions"},
			{"Go", "github.com/gin-gonic/gin", "1.6.0", "GO-2021-0052", ">=0, <1.7.7SEMVER"},
			{"npm", "lodash", "4.17.15", "GHSA-35jh-r3h4-6jhm", ">=0, <4.17.21SEMVER"},
			{"PyPI", "requests", "2.25.0", "PYSEC-2023-74", "versions"},
			{"Go", "golang.org/x/net", "0.17.0", "GO-2024-2687", ">=0, <0.23.0SEMVER"},
			{"Go", "stdlib", "1.21.5", "GO-2024-2687", ">=0, <1.21.9SEMVER candidate"},
		}},
		{"testdata/bom.cdx.json", []pair{
			{"PyPI", "Jinja2", "2.10", "PYSEC-2019-217", "versions"},
			{"Go", "stdlib", "v1.13.1", "GO-2022-0535", ">=1.13.0-0, <1.13.7SEMVER"},
			{"Go", "github.com/gin-gonic/gin", "v1.6.0", "GO-2021-0052", ">=0, <1.7.7SEMVER"},
			{"npm", "lodash", "4.17.20", "GHSA-35jh-r3h4-6jhm", ">=0, <4.17.21SEMVER"},
			{"Go", "stdlib", "v1.13.1", "GO-2024-2687", ">=0, <1.21.9SEMVER"},
		}},
	} {
		t.Run(c.path, func(t *testing.T) {
			cs, probs, err := Inventory(ctx, c.path)
			if err != nil || len(probs) > 0 {
				t.Fatalf("Inventory: %v %v", err, probs)
			}
			m := &Matcher{Store: db}
			ms, probs, err := m.Match(ctx, cs)
			if err != nil || len(probs) > 0 {
				t.Fatalf("Match: %v %v", err, probs)
			}
			if d := cmp.Diff(c.want, pairs(ms)); d != "" {
				t.Errorf("pairs (-want +got):\n%s", d)
			}
			for _, x := range ms {
				if x.AdvisoryID == "GO-2022-0535" && (x.KEV == nil || x.EPSS == nil || x.EPSS.Score != 0.9431) {
					t.Errorf("GO-2022-0535 (CVE-2020-0601) without KEV or EPSS: %+v %+v", x.KEV, x.EPSS)
				}
			}
		})
	}
}

// A withdrawn advisory matches nothing; an invalid version is reported.
func TestMatchWithdrawnAndInvalid(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	importAll(t, db, "testdata/osv/go")
	m := &Matcher{Store: db}
	ms, probs, err := m.Match(ctx, []mamori.Component{
		comp("Go", "k8s.io/kubernetes", "1.20.0"), // GO-2022-0617, withdrawn, introduced 0
		{Ecosystem: "Go", Name: "stdlib", Version: "1.13.1", Location: "x/go.mod"},
	})
	if err != nil || len(probs) != 0 {
		t.Fatal(err, probs)
	}
	for _, x := range ms {
		if x.AdvisoryID == "GO-2022-0617" {
			t.Errorf("withdrawn GO-2022-0617 matched")
		}
	}
	if len(ms) != 2 {
		t.Errorf("matches = %v; want stdlib's two", pairs(ms))
	}
	if _, err := db.PutAdvisories(ctx, []mamori.Advisory{{ID: "DSA-1", Source: "osv", Affected: []mamori.Affected{{Ecosystem: "Debian:12", Name: "openssl",
		Ranges: []mamori.VersionRange{{Type: "ECOSYSTEM", Events: []mamori.RangeEvent{{Introduced: "0"}, {Fixed: "3.0.11-1~deb12u2"}}}}}}}}); err != nil {
		t.Fatal(err)
	}
	_, probs, err = m.Match(ctx, []mamori.Component{{Ecosystem: "Debian:12", Name: "openssl", Version: "a:1", Location: "bom.json"}})
	if err != nil || len(probs) != 1 || probs[0].Error() != "bom.json: Debian:12 openssl a:1: invalid version, not compared" {
		t.Errorf("invalid version: %v, %v", probs, err)
	}
	if _, err := db.PutAdvisories(ctx, []mamori.Advisory{{ID: "X-1", Source: "osv", Affected: []mamori.Affected{{Ecosystem: "Nowhere", Name: "thing", Versions: []string{"1"}}}}}); err != nil {
		t.Fatal(err)
	}
	_, probs, err = m.Match(ctx, []mamori.Component{{Ecosystem: "Nowhere", Name: "thing", Version: "1", Location: "bom.json"}})
	if err != nil || len(probs) != 1 || probs[0].Error() != "bom.json: Nowhere thing 1: unknown ecosystem, not compared" {
		t.Errorf("unknown ecosystem: %v, %v", probs, err)
	}
}

func TestParseVersions(t *testing.T) {
	in := func(v string) mamori.RangeEvent { return mamori.RangeEvent{Introduced: v} }
	for _, c := range []struct {
		in     string
		events []mamori.RangeEvent
		list   []string
		err    bool
	}{
		{in: "", events: []mamori.RangeEvent{in("0")}},
		{in: "*", events: []mamori.RangeEvent{in("0")}},
		{in: "<2.4.1", events: []mamori.RangeEvent{in("0"), {Fixed: "2.4.1"}}},
		{in: "<=2.4.1", events: []mamori.RangeEvent{in("0"), {LastAffected: "2.4.1"}}},
		{in: ">=1.0, <2.4.1", events: []mamori.RangeEvent{in("1.0"), {Fixed: "2.4.1"}}},
		{in: ">=1.0", events: []mamori.RangeEvent{in("1.0")}},
		{in: "=2.4.0", list: []string{"2.4.0"}},
		{in: "2.4.0, 2.4.1", list: []string{"2.4.0", "2.4.1"}},
		{in: ">1.0", err: true},
		{in: "<1, <=2", err: true},
		{in: ">=1, 2.0", err: true},
		{in: "<1 2", err: true},
		{in: "1,,2", err: true},
		{in: "<", err: true}, // would be every version
		{in: ">=, <2", err: true},
		{in: "=", err: true},
	} {
		evs, list, err := ParseVersions(c.in)
		if (err != nil) != c.err || !cmp.Equal(evs, c.events) || !cmp.Equal(list, c.list) {
			t.Errorf("ParseVersions(%q) = %v, %v, %v", c.in, evs, list, err)
		}
	}
}

// A manual advisory without an ecosystem matches by name only, as a
// candidate, whatever the component's ecosystem (or none).
func TestManualByName(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	a, err := Report{Title: "RCE", Product: "Shop-Plugin", Versions: "<2.4.1", Channel: "customer", Reporter: "suzuki"}.Advisory(now)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := db.PutAdvisories(ctx, []mamori.Advisory{a, a}); err != nil || st.Added != 1 || st.Unchanged != 1 {
		t.Fatalf("PutAdvisories = %+v, %v", st, err)
	}
	ms, _, err := (&Matcher{Store: db}).Match(ctx, []mamori.Component{
		comp("npm", "shop-plugin", "2.4.0"),
		comp("npm", "shop-plugin", "2.4.1"),
		comp("", "SHOP-PLUGIN", "v9"),
		comp("Go", "example.com/other", "1.0.0"),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := pairs(ms)
	want := []pair{
		{"", "SHOP-PLUGIN", "v9", a.ID, "version not comparedname candidate"},
		{"npm", "shop-plugin", "2.4.0", a.ID, ">=0, <2.4.1ECOSYSTEM candidate"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if _, err := (Report{Title: "x", Product: "y", Channel: "staff"}).Advisory(now); err == nil {
		t.Error("a report without a reporter was accepted")
	}
}

func TestJVN(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	res := importAll(t, db, "testdata/jvn")
	if len(res.Errors) > 0 || res.Advisories.Added != 4 {
		t.Fatalf("import: %+v", res)
	}
	if res = importAll(t, db, "testdata/jvn"); res.Advisories != (mamori.ImportStats{Unchanged: 4}) {
		t.Errorf("second import: %+v", res.Advisories)
	}
	a, err := db.Advisory(ctx, "", "JVNDB-2022-017704")
	if err != nil {
		t.Fatal(err)
	}
	if a.Source != "jvn" || a.Summary != "Linux の Linux Kernel における NULL ポインタデリファレンスに関する脆弱性" ||
		!cmp.Equal(a.Aliases, []string{"CVE-2023-23001"}) || a.Severity[0].Score != "CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H" ||
		!strings.HasPrefix(string(a.Raw), "<Vulinfo>") || !strings.HasSuffix(string(a.Raw), "</Vulinfo>") {
		t.Errorf("JVNDB-2022-017704 = %+v (raw %.40q)", a, a.Raw)
	}
	if d := cmp.Diff([]mamori.Affected{{Name: "Linux Kernel", CPE: "cpe:/o:linux:linux_kernel", Ranges: []mamori.VersionRange{{Type: "ECOSYSTEM",
		Events: []mamori.RangeEvent{{Introduced: "0"}, {Fixed: "5.16.3"}}}}}}, a.Affected); d != "" {
		t.Errorf("affected (-want +got):\n%s", d)
	}
	if g, err := db.AliasGroup(ctx, "", "CVE-2023-23001"); err != nil || g.ID != "CVE-2023-23001" {
		t.Errorf("group = %+v, %v", g, err)
	}
	// JVN names products: matched by name only, as candidates.
	ms, _, err := (&Matcher{Store: db}).Match(ctx, []mamori.Component{comp("", "linux kernel", "5.15.0"), comp("Debian:12", "Linux Kernel", "5.17.0")})
	if err != nil {
		t.Fatal(err)
	}
	if got := pairs(ms); !cmp.Equal(got, []pair{{"", "linux kernel", "5.15.0", "JVNDB-2022-017704", "version not comparedname candidate"}}) {
		t.Errorf("matches = %v", got)
	}
}

func TestJVNRange(t *testing.T) {
	for in, want := range map[string][]mamori.RangeEvent{
		"5.16.3 未満":     {{Introduced: "0"}, {Fixed: "5.16.3"}},
		"2.4 以下":        {{Introduced: "0"}, {LastAffected: "2.4"}},
		"v1.2 およびそれ以前":  {{Introduced: "0"}, {LastAffected: "v1.2"}},
		"1.0 以上 2.0 未満": {{Introduced: "1.0"}, {Fixed: "2.0"}},
		"1.0 以上":        {{Introduced: "1.0"}},
		"3.1.4":         {{Introduced: "3.1.4"}, {LastAffected: "3.1.4"}},
		"ファームウェア すべてのバージョン": nil,
	} {
		got, ok := jvnRange(in)
		if !cmp.Equal(got, want) || ok != (want != nil) {
			t.Errorf("jvnRange(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
}

func TestJVNBadInput(t *testing.T) {
	good, err := os.ReadFile("testdata/jvn/jvndb_detail_2023.rdf")
	if err != nil {
		t.Fatal(err)
	}
	// The first entry loses its ID; the file is cut off after the second.
	bad := strings.Replace(string(good), "<VulinfoID>JVNDB-2022-017704", "<VulinfoID>NOT-AN-ID", 1)
	as, errs, err := ParseVULDEF([]byte(bad[:len(bad)-200]))
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || len(errs) != 2 || !strings.Contains(errs[0].Error(), `Vulinfo[1] NOT-AN-ID: VulinfoID "NOT-AN-ID" is not a JVNDB ID`) ||
		!strings.Contains(errs[1].Error(), "unexpected EOF") {
		t.Errorf("got %d advisories, errors %v", len(as), errs)
	}
	if _, _, err := ParseVULDEF([]byte(`<rss/>`)); err == nil || !strings.Contains(err.Error(), "not a JVN VULDEF document") {
		t.Errorf("an RSS file: %v", err)
	}
}

// JVN's checksum.txt: a file that does not match is refused whole; a file
// imported before with the same checksum is skipped.
func TestJVNChecksum(t *testing.T) {
	db := openDB(t)
	dir := t.TempDir()
	var sums []string
	for _, name := range []string{"jvndb_detail_2022.rdf", "jvndb_detail_2023.rdf"} {
		b, err := os.ReadFile("testdata/jvn/" + name)
		if err != nil {
			t.Fatal(err)
		}
		write(t, dir, name, string(b))
		h := sha256.Sum256(b)
		sums = append(sums, hex.EncodeToString(h[:]))
	}
	sums[0] = strings.Repeat("0", 64) // 2022 was damaged on the way
	write(t, dir, "checksum.txt", `[{"filename": "jvndb_detail_2022.rdf", "sha256": "`+sums[0]+`"}, {"filename": "jvndb_detail_2023.rdf", "sha256": "`+sums[1]+`"}]`)
	res := importAll(t, db, dir)
	if res.Advisories.Added != 2 || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "jvndb_detail_2022.rdf: sha256 ") ||
		!strings.Contains(res.Errors[0].Error(), "does not match checksum.txt") {
		t.Fatalf("first import: %+v", res)
	}
	res = importAll(t, db, dir)
	if res.Skipped != 1 || res.Advisories != (mamori.ImportStats{}) || len(res.Errors) != 1 {
		t.Errorf("second import: %+v", res)
	}
}
