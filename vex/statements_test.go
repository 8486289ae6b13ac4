package vex

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

type fakeLookup struct{}

func (fakeLookup) Group(tenant, id string) (string, bool, error) {
	switch id {
	case "CVE-2024-1111", "GHSA-aaaa-bbbb-cccc":
		return "CVE-2024-1111", true, nil
	case "GHSA-dddd-eeee-ffff":
		return "GHSA-dddd-eeee-ffff", true, nil
	}
	return "", false, nil
}

func (fakeLookup) Asset(tenant, name string) (bool, error) {
	return tenant == "sakura" && name == "shop-web", nil
}

func (fakeLookup) PackageRange(tenant, group, pkg string) (string, bool, error) {
	if pkg == "pkg:golang/example.com/lib" {
		return ">=0, <1.2.0", true, nil
	}
	return "", false, nil
}

func fixture() ([]mamori.Case, []mamori.Decision) {
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	asset := mamori.Decision{ID: "D-1", Tenant: "sakura", Group: "CVE-2024-1111", Package: "pkg:golang/example.com/lib", Range: ">=0, <1.2.0",
		Scope: mamori.ScopeAsset, Asset: "shop-web", Status: mamori.DecisionNotAffected, Justification: "vulnerable_code_not_in_execute_path",
		Note: "the template engine is not used", Source: mamori.SourceLocal, By: "tanaka", At: at}
	cust := mamori.Decision{ID: "D-2", Tenant: "sakura", Group: "GHSA-dddd-eeee-ffff", Package: "pkg:golang/example.com/other", Range: ">=0, <2.0.0",
		Scope: mamori.ScopeCustomer, Status: mamori.DecisionAffected, Note: "upgrade to 2.0.0", Source: "Example Supplier", By: "suzuki", At: at.Add(time.Hour)}
	all := mamori.Decision{ID: "D-3", Tenant: "default", Group: "GHSA-dddd-eeee-ffff", Package: "pkg:npm/left-pad", Range: "",
		Scope: mamori.ScopeAll, Status: mamori.DecisionNotAffected, Justification: "component_not_present", Source: mamori.SourceLocal, By: "sato", At: at.Add(2 * time.Hour)}
	cs := []mamori.Case{
		{ID: "C-1", Tenant: "sakura", Group: "CVE-2024-1111", Aliases: []string{"GHSA-aaaa-bbbb-cccc"}, Title: "flaw in lib", Asset: "shop-web",
			Packages: []mamori.CasePackage{{Ecosystem: "Go", Name: "example.com/lib", Version: "1.1.0", PURL: "pkg:golang/example.com/lib", Range: ">=0, <1.2.0"}},
			Status:   mamori.CaseNotAffected, Decision: &asset, Present: true, Updated: at},
		{ID: "C-2", Tenant: "sakura", Group: "GHSA-dddd-eeee-ffff", Asset: "shop-web",
			Packages: []mamori.CasePackage{{Ecosystem: "Go", Name: "example.com/other", Version: "1.0.0", Range: ">=0, <2.0.0"}},
			Status:   mamori.CaseInvestigating, Present: true, Updated: at},
	}
	return cs, []mamori.Decision{asset, cust, all}
}

func TestRoundTrip(t *testing.T) {
	cs, ds := fixture()
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	for _, f := range []struct {
		name  string
		write func(*bytes.Buffer, []Statement) error
	}{
		{"openvex", func(b *bytes.Buffer, ss []Statement) error { return WriteOpenVEX(b, ss, "mamori", "test", now) }},
		{"csaf", func(b *bytes.Buffer, ss []Statement) error { return WriteCSAF(b, ss, "mamori", "test", now) }},
		{"cyclonedx", func(b *bytes.Buffer, ss []Statement) error { return WriteCycloneDXVEX(b, ss, "mamori", "test", now) }},
	} {
		t.Run(f.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := f.write(&b, FromCases(cs, ds)); err != nil {
				t.Fatal(err)
			}
			ss, _, kind, err := Read(b.Bytes())
			if err != nil {
				t.Fatalf("%v\n%s", err, b.String())
			}
			if kind != f.name {
				t.Errorf("read as %s", kind)
			}
			got, skipped, err := ToDecisions(ss, "", "somebody", "importer", now, fakeLookup{})
			if err != nil {
				t.Fatal(err)
			}
			if skipped != 1 { // C-2: under investigation, no decision
				t.Errorf("skipped %d statements, want 1", skipped)
			}
			var gotV []mamori.Decision
			for _, d := range got {
				x := *d
				x.ID = ""
				gotV = append(gotV, x)
			}
			var want []mamori.Decision
			for _, d := range ds {
				d.ID = ""
				want = append(want, d)
			}
			byKey := func(a, b mamori.Decision) int { return strings.Compare(a.Key(), b.Key()) }
			slices.SortFunc(want, byKey)
			slices.SortFunc(gotV, byKey)
			if diff := cmp.Diff(want, gotV); diff != "" {
				t.Errorf("decisions after the round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSupplierVEX(t *testing.T) {
	doc := `{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://supplier.example/vex/1","author":"Example Supplier","timestamp":"2026-11-30T00:00:00Z","version":1,
"statements":[{"vulnerability":{"name":"GHSA-aaaa-bbbb-cccc"},"products":[{"@id":"pkg:golang/example.com/lib@1.1.0"}],"status":"not_affected","justification":"vulnerable_code_not_present","impact_statement":"patched in our build"}]}`
	ss, author, _, err := Read([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	ds, _, err := ToDecisions(ss, "sakura", author, "tanaka", time.Now(), fakeLookup{})
	if err != nil {
		t.Fatal(err)
	}
	want := mamori.Decision{Tenant: "sakura", Group: "CVE-2024-1111", Package: "pkg:golang/example.com/lib", Range: ">=0, <1.2.0", Scope: mamori.ScopeCustomer,
		Status: mamori.DecisionNotAffected, Justification: "vulnerable_code_not_present", Note: "patched in our build", Source: "Example Supplier", By: "tanaka",
		At: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}
	if len(ds) != 1 {
		t.Fatalf("%d decisions", len(ds))
	}
	if diff := cmp.Diff(want, *ds[0]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSupplierCSAFBranches(t *testing.T) {
	doc := `{"document": {"category": "csaf_vex", "csaf_version": "2.0", "title": "Example VEX",
  "publisher": {"category": "vendor", "name": "Example Supplier", "namespace": "https://supplier.example"},
  "tracking": {"id": "EX-2026-1", "status": "final", "version": "1", "initial_release_date": "2026-11-30T00:00:00Z",
    "current_release_date": "2026-11-30T00:00:00Z", "revision_history": [{"date": "2026-11-30T00:00:00Z", "number": "1", "summary": "Initial"}]}},
 "product_tree": {"branches": [{"category": "vendor", "name": "Example", "branches": [{"category": "product_name", "name": "lib",
   "branches": [{"category": "product_version", "name": "1.1.0", "product": {"name": "Example lib 1.1.0", "product_id": "LIB-110",
     "product_identification_helper": {"purl": "pkg:golang/example.com/lib@1.1.0"}}}]}]}]},
 "vulnerabilities": [{"cve": "CVE-2024-1111", "product_status": {"known_not_affected": ["LIB-110"]},
   "flags": [{"label": "vulnerable_code_not_in_execute_path", "product_ids": ["LIB-110"]}]}]}`
	ss, author, kind, err := Read([]byte(doc))
	if err != nil || kind != "csaf" || author != "Example Supplier" {
		t.Fatal(err, kind, author)
	}
	ds, _, err := ToDecisions(ss, "sakura", author, "tanaka", time.Now(), fakeLookup{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Package != "pkg:golang/example.com/lib" || ds[0].Justification != "vulnerable_code_not_in_execute_path" || ds[0].Source != "Example Supplier" {
		t.Fatalf("%+v", ds)
	}
}

func TestBadVEX(t *testing.T) {
	for name, doc := range map[string]string{
		"garbage":          `{{{`,
		"not vex":          `{"hello": 1}`,
		"unknown vuln":     `{"@context":"https://openvex.dev/ns/v0.2.0","author":"x","statements":[{"vulnerability":{"name":"CVE-1999-0001"},"products":[{"@id":"pkg:golang/example.com/lib@1"}],"status":"affected"}]}`,
		"unknown product":  `{"@context":"https://openvex.dev/ns/v0.2.0","author":"x","statements":[{"vulnerability":{"name":"CVE-2024-1111"},"products":[{"@id":"pkg:npm/nothing@1"}],"status":"affected"}]}`,
		"unknown asset":    `{"@context":"https://openvex.dev/ns/v0.2.0","author":"x","statements":[{"vulnerability":{"name":"CVE-2024-1111"},"products":[{"@id":"urn:mamori:asset:sakura:nope","subcomponents":[{"@id":"pkg:golang/example.com/lib@1"}]}],"status":"affected"}]}`,
		"no product":       `{"@context":"https://openvex.dev/ns/v0.2.0","author":"x","statements":[{"vulnerability":{"name":"CVE-2024-1111"},"status":"affected"}]}`,
		"bad status":       `{"@context":"https://openvex.dev/ns/v0.2.0","author":"x","statements":[{"vulnerability":{"name":"CVE-2024-1111"},"products":[{"@id":"pkg:golang/example.com/lib@1"}],"status":"maybe"}]}`,
		"csaf invalid":     `{"document":{"category":"csaf_vex"}}`,
		"cyclonedx broken": `{"bomFormat":"CycloneDX","specVersion":"1.5","vulnerabilities":[{"id":"CVE-2024-1111","analysis":{"state":"not_affected"}}]}`,
	} {
		ss, author, _, err := Read([]byte(doc))
		if err == nil {
			_, _, err = ToDecisions(ss, "sakura", author, "t", time.Now(), fakeLookup{})
		}
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if strings.Contains(name, "unknown") && !errors.Is(err, ErrUnknown) {
			t.Errorf("%s: %v does not wrap ErrUnknown", name, err)
		}
	}
}

func FuzzRead(f *testing.F) {
	cs, ds := fixture()
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	for _, w := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return WriteOpenVEX(b, FromCases(cs, ds), "m", "t", now) },
		func(b *bytes.Buffer) error { return WriteCSAF(b, FromCases(cs, ds), "m", "t", now) },
		func(b *bytes.Buffer) error { return WriteCycloneDXVEX(b, FromCases(cs, ds), "m", "t", now) },
	} {
		var b bytes.Buffer
		if err := w(&b); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ss, author, _, err := Read(b)
		if err != nil {
			return
		}
		ToDecisions(ss, "sakura", author, "t", now, fakeLookup{})
	})
}
