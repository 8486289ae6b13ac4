package vuln

import (
	"context"
	"crypto/sha512"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

func readCSAF(t *testing.T, name string) mamori.Advisory {
	t.Helper()
	b, err := os.ReadFile("testdata/csaf/" + name)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseCSAF(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return a
}

func TestParseCSAF(t *testing.T) {
	a := readCSAF(t, "rhsa-2024_0001.json")
	if a.ID != "RHSA-2024:0001" || a.Source != "csaf" || a.Distro != "Red Hat Product Security" ||
		!cmp.Equal(a.Aliases, []string{"CVE-2023-5678"}) || a.Summary != "Red Hat Security Advisory: openssl security update" ||
		a.Modified.Format("2006-01-02") != "2024-01-10" || !strings.HasPrefix(a.Details, "An update for openssl") {
		t.Errorf("RHSA: %+v", a)
	}
	want := []mamori.Affected{{Ecosystem: "Red Hat", Name: "openssl", PURL: "pkg:rpm/redhat/openssl@3.0.7-25.el9_3?epoch=1",
		Ranges: []mamori.VersionRange{{Type: "ECOSYSTEM", Events: []mamori.RangeEvent{{Introduced: "0"}, {Fixed: "1:3.0.7-25.el9_3"}}}}}}
	if d := cmp.Diff(want, a.Affected); d != "" {
		t.Errorf("RHSA affected (-want +got):\n%s", d)
	}

	v := readCSAF(t, "vendor-2024-001.json")
	if !cmp.Equal(v.Aliases, []string{"JVNVU#00000001", "CVE-2024-99999"}) || v.Summary != "Example Web Server におけるリクエストスマグリングの脆弱性" {
		t.Errorf("vendor: %+v", v)
	}
	if d := cmp.Diff([]mamori.Affected{
		{Name: "Example Web Server", CPE: "cpe:2.3:a:example:web_server:*:*:*:*:*:*:*:*",
			Ranges: []mamori.VersionRange{{Type: "ECOSYSTEM", Events: []mamori.RangeEvent{{Introduced: "2.4.0"}, {Fixed: "2.4.58"}}}}},
		{Ecosystem: "npm", Name: "@example/ews-client", PURL: "pkg:npm/%40example/ews-client@1.2.0", Versions: []string{"1.2.0"}},
	}, v.Affected); d != "" {
		t.Errorf("vendor affected (-want +got):\n%s", d)
	}

	// gocsaf's own test document: products by name, no package URLs.
	g := readCSAF(t, "gocsaf-avendor-advisory-0004.json")
	if g.ID != "Avendor-advisory-0004" {
		t.Errorf("gocsaf: %+v", g)
	}

	// Schema violations are refused with the schema's reason.
	b, _ := os.ReadFile("testdata/csaf/vendor-2024-001.json")
	for _, bad := range []string{
		strings.Replace(string(b), `"csaf_version": "2.0"`, `"csaf_version": "1.9"`, 1),
		strings.Replace(string(b), `"id": "EXAMPLE-SA-2024-001",`, ``, 1),
		`{"document": {"csaf_version": "2.0"`,
	} {
		if _, err := ParseCSAF([]byte(bad)); err == nil {
			t.Errorf("accepted %.80q", bad)
		}
	}
}

// The distribution's fixed version closes the range: an older package
// matches, the fixed one does not; the version is read by RPM's rules.
func TestCSAFMatch(t *testing.T) {
	a := readCSAF(t, "rhsa-2024_0001.json")
	for v, want := range map[string]bool{"1:3.0.7-24.el9": true, "1:3.0.7-25.el9_3": false, "1:3.0.8-1.el9": false} {
		_, ok := Affects(&a, mamori.Component{Ecosystem: "Red Hat", Name: "openssl", Version: v})
		if ok != want {
			t.Errorf("openssl %s: affected = %v, want %v", v, ok, want)
		}
	}
}

func TestSyncCSAF(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	rh, _ := os.ReadFile("testdata/csaf/rhsa-2024_0001.json")
	ven, _ := os.ReadFile("testdata/csaf/vendor-2024-001.json")
	sum := func(b []byte) string { h := sha512.Sum512(b); return hex.EncodeToString(h[:]) }
	fs := &feedServer{downloads: map[string]int{}, files: map[string][]byte{
		"/.well-known/csaf/provider-metadata.json": []byte(`{
  "canonical_url": "https://example.com/.well-known/csaf/provider-metadata.json",
  "distributions": [
    {"rolie": {"feeds": [
      {"summary": "TLP:WHITE advisories", "tlp_label": "WHITE", "url": "https://example.com/.well-known/csaf/white/feed-tlp-white.json"},
      {"summary": "TLP:AMBER advisories", "tlp_label": "AMBER", "url": "https://example.com/.well-known/csaf/amber/feed-tlp-amber.json"}]}},
    {"directory_url": "https://example.com/.well-known/csaf/dir/"}
  ],
  "last_updated": "2024-03-01T00:00:00Z", "list_on_CSAF_aggregators": true, "metadata_version": "2.0",
  "mirror_on_CSAF_aggregators": true,
  "publisher": {"category": "vendor", "name": "Example", "namespace": "https://example.com"},
  "role": "csaf_trusted_provider"}`),
		"/.well-known/csaf/white/feed-tlp-white.json": []byte(`{"feed": {"id": "white", "title": "white", "updated": "2024-03-01T00:00:00Z",
  "entry": [{"id": "RHSA-2024:0001", "title": "t", "published": "2024-01-09T12:00:00Z", "updated": "2024-01-10T12:00:00Z",
    "link": [{"rel": "self", "href": "2024/rhsa-2024_0001.json"}, {"rel": "hash", "href": "2024/rhsa-2024_0001.json.sha512"}],
    "content": {"type": "application/json", "src": "2024/rhsa-2024_0001.json"},
    "format": {"schema": "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json", "version": "2.0"}}]}}`),
		"/.well-known/csaf/white/2024/rhsa-2024_0001.json":        rh,
		"/.well-known/csaf/white/2024/rhsa-2024_0001.json.sha512": []byte(sum(rh) + "  rhsa-2024_0001.json\n"),
		"/.well-known/csaf/dir/changes.csv":                       []byte(`"2024/vendor-2024-001.json","2024-03-01T00:00:00+09:00"` + "\n"),
		"/.well-known/csaf/dir/2024/vendor-2024-001.json":         ven,
		"/.well-known/csaf/dir/2024/vendor-2024-001.json.sha512":  []byte(sum(ven) + "  vendor-2024-001.json\n"),
	}}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	// The documents' URLs name example.com; the test client sends every
	// request to the local server.
	client := srv.Client()
	client.Transport = rewriteHost{srv.URL, client.Transport}
	meta := "https://example.com/.well-known/csaf/provider-metadata.json"

	rs, err := SyncCSAF(ctx, client, db, meta, nil)
	if err != nil || len(rs) != 1 || rs[0].Err != nil || len(rs[0].Import.Errors) != 0 || rs[0].Import.Advisories.Added != 2 {
		t.Fatalf("first sync: %+v %v", rs, err)
	}
	if _, err := db.Advisory(ctx, "", "EXAMPLE-SA-2024-001"); err != nil {
		t.Error(err)
	}
	if fs.downloads["/.well-known/csaf/amber/feed-tlp-amber.json"] != 0 {
		t.Error("the TLP:AMBER feed was read")
	}
	// Unchanged: the documents are not downloaded again.
	rs, err = SyncCSAF(ctx, client, db, meta, nil)
	if err != nil || !rs[0].NotModified || fs.downloads["/.well-known/csaf/white/2024/rhsa-2024_0001.json"] != 1 {
		t.Errorf("second sync: %+v %v %v", rs, err, fs.downloads)
	}
	// A document that changed but does not match its hash is refused.
	fs.mu.Lock()
	fs.files["/.well-known/csaf/dir/changes.csv"] = []byte(`"2024/vendor-2024-001.json","2024-03-02T00:00:00+09:00"` + "\n")
	fs.files["/.well-known/csaf/dir/2024/vendor-2024-001.json"] = append(ven, ' ')
	fs.mu.Unlock()
	rs, err = SyncCSAF(ctx, client, db, meta, nil)
	if err != nil || len(rs[0].Import.Errors) != 1 || !strings.Contains(rs[0].Import.Errors[0].Error(), "does not match") {
		t.Errorf("hash mismatch: %+v %v", rs, err)
	}
}

// rewriteHost sends every request to the test server, keeping the path.
type rewriteHost struct {
	target string
	rt     http.RoundTripper
}

func (r rewriteHost) RoundTrip(req *http.Request) (*http.Response, error) {
	u, _ := url.Parse(r.target)
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host = u.Scheme, u.Host
	return r.rt.RoundTrip(req)
}

// A directory of CSAF documents imports like any other; a provider's
// index files beside them are skipped; twice changes nothing.
func TestImportCSAFDir(t *testing.T) {
	db := openDB(t)
	dir := t.TempDir()
	for _, n := range []string{"rhsa-2024_0001.json", "vendor-2024-001.json"} {
		b, err := os.ReadFile("testdata/csaf/" + n)
		if err != nil {
			t.Fatal(err)
		}
		write(t, dir, n, string(b))
	}
	write(t, dir, "provider-metadata.json", `{"canonical_url": "https://x/.well-known/csaf/provider-metadata.json", "metadata_version": "2.0", "role": "csaf_provider"}`)
	write(t, dir, "feed-tlp-white.json", `{"feed": {"id": "white", "entry": []}}`)
	res := importAll(t, db, dir)
	if res.Advisories.Added != 2 || len(res.Errors) != 0 {
		t.Errorf("first: %+v %v", res.Advisories, res.Errors)
	}
	if res = importAll(t, db, dir); res.Advisories != (mamori.ImportStats{Unchanged: 2}) {
		t.Errorf("again: %+v", res.Advisories)
	}
	g, err := db.AliasGroup(context.Background(), "", "JVNVU#00000001")
	if err != nil || g.ID != "CVE-2024-99999" {
		t.Errorf("group: %+v %v", g, err)
	}
}
