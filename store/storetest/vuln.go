package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mamori-sec/mamori"
)

// RunVuln runs the conformance suite of mamori.VulnStore. open must return a
// new, empty store for each call; RunVuln does not close it.
//
// Beyond the comments of mamori.VulnStore, the suite holds implementations
// to these rules: times round trip as the same instant (Equal), including
// 0001-01-01 as the zero time; Raw payloads round trip byte for byte; a
// record of one tenant is never seen through another.
func RunVuln(t *testing.T, open func(t *testing.T) mamori.VulnStore) {
	t.Helper()
	for _, tc := range []struct {
		name string
		f    func(*testing.T, mamori.VulnStore)
	}{
		{"Advisories", testAdvisories},
		{"AliasMerge", testAliasMerge},
		{"AdvisoryInvalid", testAdvisoryInvalid},
		{"KEV", testKEV},
		{"EPSS", testEPSS},
		{"Assets", testAssets},
		{"Matches", testMatches},
		{"FeedState", testFeedState},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.f(t, open(t)) })
	}
}

var vt0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func goAdvisory(modified time.Time, summary string) mamori.Advisory {
	return mamori.Advisory{
		ID: "GO-2024-0001", Aliases: []string{"GHSA-aaaa-bbbb-cccc", "CVE-2024-1111"}, Source: "osv", Origin: "go/GO-2024-0001.json",
		Modified: modified, Published: vt0.Add(-48 * time.Hour), Summary: summary, Details: "details",
		Affected: []mamori.Affected{{Ecosystem: "Go", Name: "example.com/mod", Ranges: []mamori.VersionRange{{Type: "SEMVER",
			Events: []mamori.RangeEvent{{Introduced: "0"}, {Fixed: "1.2.3"}}}}}},
		Severity:   []mamori.SeverityScore{{Type: "CVSS_V3", Score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}},
		References: []mamori.Reference{{Type: "FIX", URL: "https://example.com/fix"}},
		Raw:        []byte(`{"id":"GO-2024-0001"}`),
		FetchedAt:  vt0,
	}
}

func testAdvisories(t *testing.T, s mamori.VulnStore) {
	ctx := context.Background()
	ghsa := mamori.Advisory{ID: "GHSA-aaaa-bbbb-cccc", Aliases: []string{"CVE-2024-1111"}, Source: "osv", Modified: vt0,
		Affected: []mamori.Affected{{Ecosystem: "PyPI", Name: "Foo_Bar.baz", Versions: []string{"1.0"}}}, FetchedAt: vt0}
	old := mamori.Advisory{ID: "PYSEC-0000-1", Source: "osv", Modified: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), FetchedAt: vt0,
		Withdrawn: vt0, Affected: []mamori.Affected{{Ecosystem: "PyPI", Name: "foo-bar-baz"}}}
	first := []mamori.Advisory{goAdvisory(vt0, "first"), ghsa, old}
	st, err := s.PutAdvisories(ctx, first)
	if err != nil || st != (mamori.ImportStats{Added: 3}) {
		t.Fatalf("PutAdvisories = %+v, %v; want 3 added", st, err)
	}
	// Importing the same data again changes nothing.
	st, err = s.PutAdvisories(ctx, first)
	if err != nil || st != (mamori.ImportStats{Unchanged: 3}) {
		t.Fatalf("PutAdvisories again = %+v, %v; want 3 unchanged", st, err)
	}
	got, err := s.Advisory(ctx, "", "GO-2024-0001")
	if err != nil {
		t.Fatal(err)
	}
	want := goAdvisory(vt0, "first")
	want.Tenant = mamori.DefaultTenant
	if d := cmp.Diff(&want, got, timeEqual, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("Advisory (-want +got):\n%s", d)
	}
	got, err = s.Advisory(ctx, "", "PYSEC-0000-1")
	if err != nil || !got.Modified.IsZero() || !got.IsWithdrawn() {
		t.Errorf("Advisory PYSEC-0000-1 = %+v, %v; want a zero Modified and withdrawn", got, err)
	}
	if _, err := s.Advisory(ctx, "", "GO-9999-9999"); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("Advisory of an unknown ID: %v; want ErrNotFound", err)
	}
	if _, err := s.Advisory(ctx, "other", "GO-2024-0001"); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("Advisory of another tenant: %v; want ErrNotFound", err)
	}

	// Every ID of the group finds the same group, named by its CVE.
	wantGroup := &mamori.AliasGroup{Tenant: mamori.DefaultTenant, ID: "CVE-2024-1111",
		Members: []string{"CVE-2024-1111", "GHSA-aaaa-bbbb-cccc", "GO-2024-0001"}}
	for _, id := range wantGroup.Members {
		g, err := s.AliasGroup(ctx, "", id)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(wantGroup, g); d != "" {
			t.Errorf("AliasGroup(%s) (-want +got):\n%s", id, d)
		}
	}
	if _, err := s.AliasGroup(ctx, "", "CVE-0000-0000"); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("AliasGroup of an unknown ID: %v; want ErrNotFound", err)
	}

	// PyPI names compare in their normal form.
	as, err := s.AdvisoriesAffecting(ctx, nil, "PyPI", "FOO.bar__baz")
	if err != nil {
		t.Fatal(err)
	}
	if ids := advisoryIDs(as); !cmp.Equal(ids, []string{"GHSA-aaaa-bbbb-cccc", "PYSEC-0000-1"}) {
		t.Errorf("AdvisoriesAffecting PyPI foo-bar-baz = %v", ids)
	}
	as, err = s.AdvisoriesAffecting(ctx, []string{"other"}, "Go", "example.com/mod")
	if err != nil || len(as) != 0 {
		t.Errorf("AdvisoriesAffecting of another tenant = %v, %v; want none", advisoryIDs(as), err)
	}

	// A newer modification replaces and records the change; an older one
	// is stale and changes nothing.
	newer := goAdvisory(vt0.Add(time.Hour), "second")
	newer.Affected[0].Name = "example.com/renamed"
	st, err = s.PutAdvisories(ctx, []mamori.Advisory{newer})
	if err != nil || st != (mamori.ImportStats{Updated: 1}) {
		t.Fatalf("PutAdvisories newer = %+v, %v; want 1 updated", st, err)
	}
	st, err = s.PutAdvisories(ctx, []mamori.Advisory{goAdvisory(vt0.Add(-time.Hour), "older")})
	if err != nil || st != (mamori.ImportStats{Stale: 1}) {
		t.Fatalf("PutAdvisories older = %+v, %v; want 1 stale", st, err)
	}
	got, err = s.Advisory(ctx, "", "GO-2024-0001")
	if err != nil || got.Summary != "second" {
		t.Fatalf("Advisory after update = %+v, %v; want summary second", got, err)
	}
	cs, err := s.AdvisoryChanges(ctx, "", "GO-2024-0001")
	if err != nil || len(cs) != 1 || !cs[0].OldModified.Equal(vt0) || !cs[0].NewModified.Equal(vt0.Add(time.Hour)) ||
		cs[0].OldDigest == cs[0].NewDigest || cs[0].Source != "osv" {
		t.Errorf("AdvisoryChanges = %+v, %v; want one change from vt0 to vt0+1h", cs, err)
	}
	// The affected index follows the replacement.
	for name, n := range map[string]int{"example.com/mod": 0, "example.com/renamed": 1} {
		as, err := s.AdvisoriesAffecting(ctx, nil, "Go", name)
		if err != nil || len(as) != n {
			t.Errorf("AdvisoriesAffecting Go %s = %v, %v; want %d", name, advisoryIDs(as), err, n)
		}
	}
	// The same modification time with other content replaces too.
	same := newer
	same.Details = "corrected"
	st, err = s.PutAdvisories(ctx, []mamori.Advisory{same})
	if err != nil || st != (mamori.ImportStats{Updated: 1}) {
		t.Errorf("PutAdvisories same time, new text = %+v, %v; want 1 updated", st, err)
	}

	// Another tenant's advisory with the same ID is its own.
	mine := goAdvisory(vt0, "tenant's own")
	mine.Tenant = "sakura"
	st, err = s.PutAdvisories(ctx, []mamori.Advisory{mine})
	if err != nil || st != (mamori.ImportStats{Added: 1}) {
		t.Fatalf("PutAdvisories other tenant = %+v, %v; want 1 added", st, err)
	}
	as, err = s.AdvisoriesAffecting(ctx, []string{mamori.DefaultTenant, "sakura"}, "Go", "example.com/mod")
	if err != nil || len(as) != 1 || as[0].Tenant != "sakura" {
		t.Errorf("AdvisoriesAffecting both tenants = %+v, %v; want sakura's", as, err)
	}
}

func advisoryIDs(as []mamori.Advisory) []string {
	var ids []string
	for _, a := range as {
		ids = append(ids, a.ID)
	}
	return ids
}

// Two groups that a later advisory names together become one.
func testAliasMerge(t *testing.T, s mamori.VulnStore) {
	ctx := context.Background()
	for _, a := range []mamori.Advisory{
		{ID: "GHSA-1", Aliases: []string{"PYSEC-1"}, Source: "osv"},
		{ID: "JVNDB-2026-000001", Aliases: []string{"CVE-2026-0002"}, Source: "jvn"},
	} {
		if _, err := s.PutAdvisories(ctx, []mamori.Advisory{a}); err != nil {
			t.Fatal(err)
		}
	}
	if g, err := s.AliasGroup(ctx, "", "PYSEC-1"); err != nil || g.ID != "GHSA-1" {
		t.Fatalf("AliasGroup(PYSEC-1) = %+v, %v; want GHSA-1", g, err)
	}
	if _, err := s.PutAdvisories(ctx, []mamori.Advisory{{ID: "CVE-2026-0002", Aliases: []string{"GHSA-1"}, Source: "osv"}}); err != nil {
		t.Fatal(err)
	}
	want := []string{"CVE-2026-0002", "GHSA-1", "JVNDB-2026-000001", "PYSEC-1"}
	for _, id := range want {
		g, err := s.AliasGroup(ctx, "", id)
		if err != nil || g.ID != "CVE-2026-0002" || !cmp.Equal(g.Members, want) {
			t.Errorf("AliasGroup(%s) = %+v, %v; want CVE-2026-0002 with %v", id, g, err, want)
		}
	}
}

// An invalid advisory fails the call and stores nothing of it.
func testAdvisoryInvalid(t *testing.T, s mamori.VulnStore) {
	ctx := context.Background()
	bad := []mamori.Advisory{
		goAdvisory(vt0, "good"),
		{ID: "GO-BAD", Source: "osv", Affected: []mamori.Affected{{Ecosystem: "Go", Name: "x", Ranges: []mamori.VersionRange{{Type: "SEMVER"}}}}},
	}
	if _, err := s.PutAdvisories(ctx, bad); err == nil {
		t.Fatal("PutAdvisories accepted a range without events")
	}
	if _, err := s.Advisory(ctx, "", "GO-2024-0001"); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("a failed PutAdvisories stored part of its batch: %v", err)
	}
	if _, err := s.PutAdvisories(ctx, []mamori.Advisory{{Source: "osv"}}); err == nil {
		t.Error("PutAdvisories accepted an advisory without an ID")
	}
}

func testKEV(t *testing.T, s mamori.VulnStore) {
	ctx := context.Background()
	e := mamori.KEVEntry{CVE: "CVE-2024-3094", VendorProject: "XZ", Product: "XZ Utils", Name: "XZ Utils Embedded Malicious Code",
		DateAdded: vt0, DueDate: vt0.AddDate(0, 0, 21), KnownRansomware: "Unknown", CatalogVersion: "2026.03.01",
		Raw: []byte(`{"cveID":"CVE-2024-3094"}`), FetchedAt: vt0}
	st, err := s.PutKEV(ctx, []mamori.KEVEntry{e})
	if err != nil || st != (mamori.ImportStats{Added: 1}) {
		t.Fatalf("PutKEV = %+v, %v", st, err)
	}
	st, err = s.PutKEV(ctx, []mamori.KEVEntry{e})
	if err != nil || st != (mamori.ImportStats{Unchanged: 1}) {
		t.Fatalf("PutKEV again = %+v, %v", st, err)
	}
	e2 := e
	e2.Notes, e2.Raw = "updated", []byte(`{"cveID":"CVE-2024-3094","notes":"updated"}`)
	st, err = s.PutKEV(ctx, []mamori.KEVEntry{e2})
	if err != nil || st != (mamori.ImportStats{Updated: 1}) {
		t.Fatalf("PutKEV changed = %+v, %v", st, err)
	}
	got, err := s.KEV(ctx, "", "CVE-2024-3094")
	if err != nil {
		t.Fatal(err)
	}
	e2.Tenant = mamori.DefaultTenant
	if d := cmp.Diff(&e2, got, timeEqual); d != "" {
		t.Errorf("KEV (-want +got):\n%s", d)
	}
	if _, err := s.KEV(ctx, "", "CVE-0000-0000"); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("KEV of an unlisted CVE: %v; want ErrNotFound", err)
	}
	if _, err := s.PutKEV(ctx, []mamori.KEVEntry{{Product: "no cve"}}); err == nil {
		t.Error("PutKEV accepted an entry without a CVE")
	}
}

func testEPSS(t *testing.T, s mamori.VulnStore) {
	ctx := context.Background()
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	sc := mamori.EPSSScore{CVE: "CVE-2024-3094", Score: 0.84, Percentile: 0.99, Date: day, ModelVersion: "v2025.03.14"}
	for _, c := range []struct {
		s    mamori.EPSSScore
		want mamori.ImportStats
	}{
		{sc, mamori.ImportStats{Added: 1}},
		{sc, mamori.ImportStats{Unchanged: 1}},
		{mamori.EPSSScore{CVE: sc.CVE, Score: 0.5, Percentile: 0.9, Date: day.AddDate(0, 0, -1)}, mamori.ImportStats{Stale: 1}},
		{mamori.EPSSScore{CVE: sc.CVE, Score: 0.9, Percentile: 0.995, Date: day.AddDate(0, 0, 1), ModelVersion: "v2025.03.14"}, mamori.ImportStats{Updated: 1}},
	} {
		st, err := s.PutEPSS(ctx, []mamori.EPSSScore{c.s})
		if err != nil || st != c.want {
			t.Errorf("PutEPSS(%+v) = %+v, %v; want %+v", c.s, st, err, c.want)
		}
	}
	got, err := s.EPSS(ctx, "", "CVE-2024-3094")
	want := &mamori.EPSSScore{Tenant: mamori.DefaultTenant, CVE: sc.CVE, Score: 0.9, Percentile: 0.995, Date: day.AddDate(0, 0, 1), ModelVersion: "v2025.03.14"}
	if err != nil || !cmp.Equal(want, got, timeEqual) {
		t.Errorf("EPSS = %+v, %v; want %+v", got, err, want)
	}
	if _, err := s.EPSS(ctx, "other", "CVE-2024-3094"); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("EPSS of another tenant: %v; want ErrNotFound", err)
	}
}

func testAssets(t *testing.T, s mamori.VulnStore) {
	ctx := context.Background()
	a := &mamori.Asset{Tenant: "sakura", Name: "shop-web", Owner: "tanaka", Importance: mamori.ImportanceHigh, Source: "bom.cdx.json", UpdatedAt: vt0}
	cs := []mamori.Component{
		{Ecosystem: "npm", Name: "lodash", Version: "4.17.20", PURL: "pkg:npm/lodash@4.17.20", Location: "bom.cdx.json"},
		{Ecosystem: "Go", Name: "stdlib", Version: "1.22", Location: "go.mod", MinVersion: true},
	}
	if err := s.PutAsset(ctx, a, cs); err != nil {
		t.Fatal(err)
	}
	got, err := s.Asset(ctx, "sakura", "shop-web")
	if err != nil || !cmp.Equal(a, got, timeEqual) {
		t.Errorf("Asset = %+v, %v; want %+v", got, err, a)
	}
	if _, err := s.Asset(ctx, "", "shop-web"); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("Asset of another tenant: %v; want ErrNotFound", err)
	}
	gotCs, err := s.Components(ctx, "sakura", "shop-web")
	if err != nil {
		t.Fatal(err)
	}
	wantCs := []mamori.Component{cs[1], cs[0]}
	for i := range wantCs {
		wantCs[i].Tenant, wantCs[i].Asset = "sakura", "shop-web"
	}
	if d := cmp.Diff(wantCs, gotCs); d != "" {
		t.Errorf("Components (-want +got):\n%s", d)
	}
	// Putting the asset again replaces its components and details.
	a2 := &mamori.Asset{Tenant: "sakura", Name: "shop-web", Owner: "suzuki", Importance: "critical"}
	if err := s.PutAsset(ctx, a2, cs[:1]); err != nil {
		t.Fatal(err)
	}
	if a2.UpdatedAt.IsZero() {
		t.Error("PutAsset did not set UpdatedAt")
	}
	gotCs, err = s.Components(ctx, "sakura", "shop-web")
	if err != nil || len(gotCs) != 1 || gotCs[0].Name != "lodash" {
		t.Errorf("Components after replace = %+v, %v; want lodash only", gotCs, err)
	}
	all, err := s.Assets(ctx, "sakura")
	if err != nil || len(all) != 1 || all[0].Owner != "suzuki" || all[0].Importance != mamori.ImportanceCritical {
		t.Errorf("Assets = %+v, %v", all, err)
	}
	if err := s.PutAsset(ctx, &mamori.Asset{Name: "x", Importance: "vital"}, nil); err == nil {
		t.Error("PutAsset accepted an unknown importance")
	}
	if err := s.PutAsset(ctx, &mamori.Asset{}, nil); err == nil {
		t.Error("PutAsset accepted an asset without a name")
	}
}

func testMatches(t *testing.T, s mamori.VulnStore) {
	ctx := context.Background()
	if err := s.PutAsset(ctx, &mamori.Asset{Tenant: "sakura", Name: "shop-web"}, nil); err != nil {
		t.Fatal(err)
	}
	m := mamori.Match{Group: "CVE-2024-1111", AdvisoryID: "GO-2024-0001", Aliases: []string{"GHSA-aaaa-bbbb-cccc"}, Summary: "s",
		Component:  mamori.Component{Ecosystem: "Go", Name: "example.com/mod", Version: "1.2.0", Location: "go.mod"},
		Confidence: mamori.ConfidenceExact,
		Why: mamori.MatchReason{Ecosystem: "Go", Package: "example.com/mod", RangeType: "SEMVER", Range: ">=0, <1.2.3",
			Introduced: "0", Fixed: "1.2.3", Version: "1.2.0"},
		KEV:       &mamori.KEVEntry{CVE: "CVE-2024-1111"},
		MatchedAt: vt0,
	}
	m2 := m
	m2.Group, m2.AdvisoryID = "CVE-2024-2222", "GO-2024-0002"
	if err := s.PutMatches(ctx, "sakura", "shop-web", []mamori.Match{m2, m}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Matches(ctx, mamori.MatchFilter{Tenant: "sakura", Asset: "shop-web"})
	if err != nil {
		t.Fatal(err)
	}
	want := []mamori.Match{m, m2}
	for i := range want {
		want[i].Tenant, want[i].Asset, want[i].KEV = "sakura", "shop-web", nil
		want[i].Component.Tenant, want[i].Component.Asset = "sakura", "shop-web"
	}
	if d := cmp.Diff(want, got, timeEqual); d != "" {
		t.Errorf("Matches (-want +got):\n%s", d)
	}
	if err := s.PutMatches(ctx, "sakura", "shop-web", []mamori.Match{m2}); err != nil {
		t.Fatal(err)
	}
	got, err = s.Matches(ctx, mamori.MatchFilter{Tenant: "sakura"})
	if err != nil || len(got) != 1 || got[0].AdvisoryID != "GO-2024-0002" {
		t.Errorf("Matches after replace = %+v, %v; want GO-2024-0002 only", got, err)
	}
	got, err = s.Matches(ctx, mamori.MatchFilter{})
	if err != nil || len(got) != 0 {
		t.Errorf("Matches of the default tenant = %+v, %v; want none", got, err)
	}
}

func testFeedState(t *testing.T, s mamori.VulnStore) {
	ctx := context.Background()
	const u = "https://example.com/Go/all.zip"
	if st, err := s.FeedState(ctx, u); err != nil || st != (mamori.FeedState{}) {
		t.Errorf("FeedState of a new feed = %+v, %v; want zero", st, err)
	}
	for _, want := range []mamori.FeedState{{ETag: `"abc"`, LastModified: "Sun, 06 Dec 2026 09:00:00 GMT"}, {ETag: `"def"`}} {
		if err := s.PutFeedState(ctx, u, want); err != nil {
			t.Fatal(err)
		}
		if got, err := s.FeedState(ctx, u); err != nil || got != want {
			t.Errorf("FeedState = %+v, %v; want %+v", got, err, want)
		}
	}
}
