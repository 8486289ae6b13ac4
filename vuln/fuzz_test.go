package vuln

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"

	"github.com/mamori-sec/mamori"
)

// seeds adds every file matching glob to the corpus.
func seeds(f *testing.F, glob string) {
	f.Helper()
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds for %s: %v", glob, err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// An OSV record either parses into a valid advisory or is an error; never a
// panic, and a parsed one keeps its bytes.
func FuzzParseOSV(f *testing.F) {
	seeds(f, "testdata/osv/*/*.json")
	f.Add([]byte(`{"id":"X","withdrawn":"2024-01-01T00:00:00Z","affected":[{"ranges":[{"type":"GIT","repo":"r","events":[{"introduced":"0"}]}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseOSV(b)
		if err != nil {
			return
		}
		if err := a.Validate(); err != nil {
			t.Errorf("ParseOSV returned an invalid advisory: %v", err)
		}
		if !bytes.Equal(a.Raw, b) {
			t.Error("ParseOSV did not keep the raw record")
		}
	})
}

func FuzzParseOSVYAML(f *testing.F) {
	seeds(f, "testdata/osv/pypi/*/*.yaml")
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseOSVYAML(b)
		if err == nil && a.Validate() != nil {
			t.Errorf("ParseOSVYAML returned an invalid advisory: %v", a.Validate())
		}
	})
}

func FuzzParseKEV(f *testing.F) {
	seeds(f, "testdata/kev.json")
	f.Add([]byte(`{"catalogVersion":"1","vulnerabilities":[{"cveID":"CVE-1","dateAdded":"2024-13-40"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, _, err := ParseKEV(b)
		if err != nil && len(es) > 0 {
			t.Error("ParseKEV returned entries with an error")
		}
		for _, e := range es {
			if e.CVE == "" {
				t.Error("ParseKEV returned an entry without a CVE")
			}
		}
	})
}

func FuzzParseEPSS(f *testing.F) {
	seeds(f, "testdata/epss.csv")
	f.Add([]byte("cve,epss,percentile\n\"CVE-1,0.1,0.2\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ss, _, err := ParseEPSS(bytes.NewReader(b))
		if err != nil && len(ss) > 0 {
			t.Error("ParseEPSS returned scores with an error")
		}
		for _, s := range ss {
			if !(s.Score >= 0 && s.Score <= 1 && s.Percentile >= 0 && s.Percentile <= 1) {
				t.Errorf("ParseEPSS returned %+v", s)
			}
		}
	})
}

// Matching never panics on the versions of an advisory or a component,
// whatever the ecosystem's parser makes of them.
func FuzzAffects(f *testing.F) {
	f.Add("Go", "0", "1.2.3", "", "1.2.0")
	f.Add("PyPI", "2.0.0rc1", "2.0.1", "", "2.0.0.dev1")
	f.Add("Debian", "0", "3.0.11-1~deb12u2", "", "1:3.0.0")
	f.Add("Maven", "1.0", "", "2.0-SNAPSHOT", "1.5.RELEASE")
	f.Add("npm", "1.0.0", "1.0.0", "1.0.0", "v1.0.0")
	f.Fuzz(func(t *testing.T, eco, intro, fixed, last, version string) {
		a := mamori.Advisory{ID: "F-1", Source: "osv", Affected: []mamori.Affected{{Ecosystem: eco, Name: "p",
			Ranges: []mamori.VersionRange{{Type: "ECOSYSTEM", Events: []mamori.RangeEvent{{Introduced: intro}, {Fixed: fixed}, {LastAffected: last}}}}}}}
		Affects(&a, mamori.Component{Ecosystem: eco, Name: "p", Version: version})
	})
}

func FuzzParseVULDEF(f *testing.F) {
	seeds(f, "testdata/jvn/*.rdf")
	f.Fuzz(func(t *testing.T, b []byte) {
		as, _, err := ParseVULDEF(b)
		if err != nil && len(as) > 0 {
			t.Error("ParseVULDEF returned advisories with an error")
		}
		for _, a := range as {
			if err := a.Validate(); err != nil {
				t.Errorf("invalid advisory: %v", err)
			}
		}
	})
}

// A JVNRSS feed or MyJVN answer gives valid overviews or errors.
func FuzzParseJVNRSS(f *testing.F) {
	seeds(f, "testdata/jvnrss/*.rdf")
	seeds(f, "testdata/myjvn/*.rdf")
	f.Fuzz(func(t *testing.T, b []byte) {
		as, _, _, err := ParseJVNRSS(b)
		if err != nil && len(as) > 0 {
			t.Error("ParseJVNRSS returned advisories with an error")
		}
		for _, a := range as {
			if err := a.Validate(); err != nil || !a.Overview {
				t.Errorf("invalid overview: %v", err)
			}
		}
	})
}

// A CSAF document gives a valid advisory or an error.
func FuzzParseCSAF(f *testing.F) {
	seeds(f, "testdata/csaf/*.json")
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseCSAF(b)
		if err != nil {
			return
		}
		if err := a.Validate(); err != nil {
			t.Errorf("invalid advisory: %v", err)
		}
	})
}

// A CPE name parses or is an error; a parsed one names a vendor or product.
func FuzzParseCPE(f *testing.F) {
	for _, s := range []string{"cpe:/a:apache:http_server:2.4.57", "cpe:2.3:a:postgresql:postgresql:13.4:*:*:*:*:*:*:*",
		`cpe:2.3:a:foo\:bar:baz:*:*:*:*:*:*:*:*`, "cpe:/o:linux:linux_kernel", "cpe:/a:rockwellautomation:industrial_data_center_%28idc%29_with_veeam"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := mamori.ParseCPE(s)
		if err == nil && c.Vendor == "" && c.Product == "" {
			t.Errorf("ParseCPE(%q) = %+v without error", s, c)
		}
	})
}

// A provider's indexes (ROLIE feed, changes.csv) give documents under the
// provider's server, or errors; never a panic.
func FuzzParseCSAFIndex(f *testing.F) {
	f.Add([]byte(`{"feed": {"id": "w", "title": "w", "updated": "2024-03-01T00:00:00Z", "entry": [{"id": "a", "title": "t", "published": "2024-01-09T12:00:00Z", "updated": "2024-01-10T12:00:00Z", "link": [{"rel": "hash", "href": "2024/a.json.sha512"}], "content": {"type": "application/json", "src": "2024/a.json"}, "format": {"schema": "s", "version": "2.0"}}]}}`))
	f.Add([]byte(`"2024/a.json","2024-03-01T00:00:00Z"` + "\n" + `"../x.json","2024-03-01T00:00:00Z"` + "\n"))
	f.Add([]byte(`{"feed": {"entry": [null]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		const base = "https://csaf.example/.well-known/csaf/white/"
		for _, parse := range []func(string, []byte) ([]csafDoc, error){parseROLIE, parseChanges} {
			docs, _ := parse(base, b)
			for _, d := range docs {
				if d.url == "" {
					t.Errorf("a document without a URL: %+v", d)
				}
			}
		}
	})
}

// JVN's checksum list: the lines of yearly detail files, or an error.
func FuzzParseChecksumList(f *testing.F) {
	seeds(f, "testdata/jvnrss/*.rdf")
	f.Add([]byte(`[{"url": "https://jvndb.jvn.jp/ja/feed/detail/jvndb_detail_2024.rdf", "filename": "jvndb_detail_2024.rdf", "sha256": "00", "size": 1}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		list, err := parseChecksumList(b)
		if err != nil && len(list) > 0 {
			t.Error("entries with an error")
		}
	})
}

// Lockfiles and SBOMs through osv-scalibr's extractors: components with a
// name, or errors naming the file; never a panic.
func FuzzInventory(f *testing.F) {
	names := []string{"go.mod", "requirements.txt", "package-lock.json", "bom.cdx.json", "bom.spdx.json", "Cargo.lock", "Gemfile.lock", "composer.lock", "pom.xml", "packages.lock.json", "poetry.lock", "yarn.lock", "pnpm-lock.yaml"}
	for i, p := range []string{"testdata/project/go.mod", "testdata/project/requirements.txt", "testdata/project/package-lock.json", "testdata/bom.cdx.json"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
	}
	f.Add(uint8(4), []byte(`{"spdxVersion": "SPDX-2.3", "packages": [{"name": "x", "versionInfo": "1", "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:npm/x@1"}]}]}`))
	f.Add(uint8(5), []byte("[[package]]\nname = \"x\"\nversion = \"1.0.0\"\n"))
	f.Add(uint8(2), []byte(`{"lockfileVersion": 3, "packages": {"node_modules/x": {"version": "not a version"}}}`))
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		p := filepath.Join(t.TempDir(), names[int(which)%len(names)])
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		cs, _, err := Inventory(context.Background(), p)
		if err != nil && len(cs) > 0 {
			t.Error("components with an error")
		}
		for _, c := range cs {
			if c.Name == "" {
				t.Errorf("a component without a name: %+v", c)
			}
		}
	})
}

// A provider's detached signature (outside data): good, or an error; never
// a panic, and never good for other bytes than those signed.
func FuzzVerifyCSAFSignature(f *testing.F) {
	key, err := openpgp.NewEntity("fuzz", "", "fuzz@example.com", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		f.Fatal(err)
	}
	data := []byte(`{"document": {}}`)
	var sig bytes.Buffer
	if err := openpgp.ArmoredDetachSign(&sig, key, bytes.NewReader(data), nil); err != nil {
		f.Fatal(err)
	}
	f.Add(sig.Bytes())
	f.Add([]byte("-----BEGIN PGP SIGNATURE-----\n\n-----END PGP SIGNATURE-----\n"))
	keys := openpgp.EntityList{key}
	f.Fuzz(func(t *testing.T, b []byte) {
		signatureTime(b)
		if verifyDetached(keys, append([]byte("x"), data...), b, time.Now()) == nil {
			t.Error("a signature verified for bytes that were never signed")
		}
		verifyDetached(keys, data, b, time.Now())
	})
}

// A range written by a person (mamori vuln report --version): events and
// versions that each name a version, or an error.
func FuzzParseVersions(f *testing.F) {
	for _, s := range []string{"", "*", "<2.4.1", "<=2.4.1", ">=1.0, <2.4.1", "=2.4.0", "2.4.0, 2.4.1", ">1.0", "<", "1,,2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		evs, list, err := ParseVersions(s)
		if err != nil {
			return
		}
		if len(evs) == 0 && len(list) == 0 {
			t.Fatalf("%q: no range and no versions", s)
		}
		for _, e := range evs {
			if e.Introduced == "" && e.Fixed == "" && e.LastAffected == "" {
				t.Errorf("%q: an event without a version: %+v", s, evs)
			}
		}
		for _, v := range list {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%q: an empty version in %q", s, list)
			}
		}
	})
}
