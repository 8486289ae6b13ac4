package csaf

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// The documents the vuln tests import are valid; breaking one in the
// document, in a product and in a CVSS score (a schema of its own, resolved
// from the embedded copy) is caught at the right place.
func TestValidate(t *testing.T) {
	for _, name := range []string{"rhsa-2024_0001.json", "vendor-2024-001.json", "gocsaf-avendor-advisory-0004.json"} {
		b, err := os.ReadFile("../testdata/csaf/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if err := Validate(b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		var adv Advisory
		if err := json.Unmarshal(b, &adv); err != nil || adv.Document == nil || adv.Document.Tracking == nil || adv.Document.Tracking.ID == nil {
			t.Errorf("%s: not read: %v", name, err)
		}
	}
	b, err := os.ReadFile("../testdata/csaf/rhsa-2024_0001.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ from, to, want string }{
		{`"csaf_version": "2.0"`, `"csaf_version": "2.1"`, "/document/csaf_version"},
		{`"category": "csaf_security_advisory"`, `"category": ""`, "/document/category"},
		{`"vectorString": "CVSS:3.1/`, `"vectorString": "CVSS:9.9/`, "/vulnerabilities/0/scores/0/cvss_v3"},
	} {
		if !bytes.Contains(b, []byte(tc.from)) {
			t.Fatalf("fixture lacks %s", tc.from)
		}
		err := Validate(bytes.Replace(b, []byte(tc.from), []byte(tc.to), 1))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s → %s: %v, want an error at %s", tc.from, tc.to, err, tc.want)
		}
	}
	if err := Validate([]byte(`{"document": `)); err == nil {
		t.Error("truncated JSON passed")
	}
}

// A feed entry that is JSON null is dropped; fields mamori does not read
// are allowed (providers add them).
func TestLoadROLIEFeed(t *testing.T) {
	rf, err := LoadROLIEFeed(strings.NewReader(`{"feed": {"id": "f", "title": "t", "updated": "2024-01-02T03:04:05Z", "extra": 1,
  "entry": [null, {"id": "a", "content": {"type": "application/json", "src": "a.json"}, "updated": "2024-01-01T00:00:00Z",
  "link": [{"rel": "hash", "href": "a.json.sha512"}], "format": {"schema": "s", "version": "2.0"}}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(rf.Feed.Entry) != 1 || rf.Feed.Entry[0].Content.Src != "a.json" || rf.Feed.Entry[0].Link[0].HRef != "a.json.sha512" {
		t.Errorf("%+v", rf.Feed)
	}
	if _, err := LoadROLIEFeed(strings.NewReader(`{"feed": {"updated": "yesterday"}}`)); err == nil {
		t.Error("a time that is not RFC 3339 passed")
	}
}
