// Package storetest is the conformance suite of mamori.Store: every Store
// implementation (sqlite today, postgres later) runs it from its own tests:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) mamori.Store { ... })
//	}
//
// Beyond the comments of mamori.Store, the suite holds implementations to
// these rules:
//
//   - Times round trip as the same instant (time.Time.Equal), to the
//     nanosecond; the location is not kept.
//   - nil and empty slices and maps are interchangeable.
//   - Resource.Attributes and Resource.Facts come back with JSON types: maps
//     with string keys as map[string]any, slices as []any, integers (any Go
//     integer type) as int64 and floats as float64. A whole float64 (3.0)
//     stays a float64 and an int64 keeps all its 64 bits.
//   - Resources lists a scan's resources ordered by provider, account,
//     region, type and ID.
//   - PutResources, PutFindings, Resources, FinishScan and Findings with a
//     ScanID return an error wrapping mamori.ErrNotFound for a scan that does
//     not exist, as does Scan.
//   - PutFindings sets ScanID, FirstSeen and LastSeen in the slice it is
//     given, not only in the store. The previous scan FirstSeen looks at is
//     the scan of the same Source, finished or not, that started last before
//     this one; a finding absent from it starts again.
//   - Findings orders by severity (highest first), check ID, account, region
//     and resource ID (mamori.SortFindings); an empty ScanID means the
//     finished scan that started last, and no finished scan means an empty
//     list and no error.
//   - 100,000 findings can be stored in one PutFindings call, and a scan's
//     findings can be stored in many small calls: FirstSeen is carried the
//     same way.
//   - A scan created without a Tenant belongs to mamori.DefaultTenant; every
//     finding of a scan names the scan's tenant.
//   - WalkFindings gives what Findings lists, in the same order; an error
//     from its callback stops it and comes back unchanged.
//   - CountFindings and CountChanges agree with counting what Findings lists
//     and with mamori.Compare.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mamori-sec/mamori"
)

// Run runs the conformance suite. open must return a new, empty store for
// each call; Run closes it (and fails the test if Close fails) when the
// subtest ends.
func Run(t *testing.T, open func(t *testing.T) mamori.Store) {
	t.Helper()
	tests := []struct {
		name string
		f    func(*testing.T, mamori.Store)
	}{
		{"Scans", testScans},
		{"Resources", testResources},
		{"AttributeTypes", testAttributeTypes},
		{"Findings", testFindings},
		{"FirstSeen", testFirstSeen},
		{"Filters", testFilters},
		{"LatestScan", testLatestScan},
		{"NotFound", testNotFound},
		{"FactsAndDelete", testFactsAndDelete},
		{"ManyFindings", testManyFindings},
		{"Tenant", testTenant},
		{"Walk", testWalk},
		{"Counts", testCounts},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.f(t, s)
		})
	}
}

// equateEmpty makes nil and empty slices and maps equal.
var equateEmpty = cmpopts.EquateEmpty()

// t0 has nanoseconds and a location other than UTC, to catch lossy time
// encodings.
var t0 = time.Date(2025, 3, 1, 9, 0, 0, 123456789, time.FixedZone("JST", 9*60*60))

func hour(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }

func create(t *testing.T, s mamori.Store, sc *mamori.Scan) {
	t.Helper()
	if err := s.CreateScan(context.Background(), sc); err != nil {
		t.Fatalf("CreateScan(%s): %v", sc.ID, err)
	}
}

func finish(t *testing.T, s mamori.Store, sc *mamori.Scan) {
	t.Helper()
	if sc.FinishedAt.IsZero() {
		sc.FinishedAt = sc.StartedAt.Add(10 * time.Minute)
	}
	if err := s.FinishScan(context.Background(), sc); err != nil {
		t.Fatalf("FinishScan(%s): %v", sc.ID, err)
	}
}

func putFindings(t *testing.T, s mamori.Store, scanID string, fs []mamori.Finding) {
	t.Helper()
	if err := s.PutFindings(context.Background(), scanID, fs); err != nil {
		t.Fatalf("PutFindings(%s): %v", scanID, err)
	}
}

func findings(t *testing.T, s mamori.Store, f mamori.FindingFilter) []mamori.Finding {
	t.Helper()
	got, err := s.Findings(context.Background(), f)
	if err != nil {
		t.Fatalf("Findings(%+v): %v", f, err)
	}
	return got
}

func testScans(t *testing.T, s mamori.Store) {
	ctx := context.Background()
	s1 := &mamori.Scan{
		ID:        "scan-1",
		Source:    "aws:profile=prod",
		Provider:  "aws",
		Accounts:  []string{"111111111111", "222222222222"},
		Regions:   []string{"ap-northeast-1", "us-east-1"},
		StartedAt: t0,
	}
	create(t, s, s1)
	got, err := s.Scan(ctx, "scan-1")
	if err != nil {
		t.Fatalf("Scan(scan-1) before finish: %v", err)
	}
	if diff := cmp.Diff(*s1, *got, equateEmpty); diff != "" {
		t.Errorf("Scan(scan-1) before finish (-want +got):\n%s", diff)
	}
	if !got.FinishedAt.IsZero() {
		t.Errorf("unfinished scan has FinishedAt %v", got.FinishedAt)
	}
	if err := s.CreateScan(ctx, &mamori.Scan{ID: "scan-1", Source: "demo", Provider: "aws", StartedAt: hour(5)}); err == nil {
		t.Errorf("CreateScan with an existing ID: no error")
	}

	s1.FinishedAt = t0.Add(5*time.Minute + time.Nanosecond)
	s1.Partial = true
	s1.Errors = []mamori.CollectError{{
		Provider: "aws", Account: "111111111111", Region: "us-east-1", Service: "s3",
		Action: "s3:GetBucketPolicy", Types: []string{"aws_s3_bucket_policy"}, Message: "AccessDenied",
	}, {Provider: "aws", Account: "222222222222", Region: "global", Service: "iam", Message: "throttled"}}
	s1.Resources = 42
	s1.Counts = map[mamori.Status]int{mamori.StatusPass: 30, mamori.StatusFail: 9, mamori.StatusMuted: 2, mamori.StatusError: 1}
	finish(t, s, s1)
	got, err = s.Scan(ctx, "scan-1")
	if err != nil {
		t.Fatalf("Scan(scan-1): %v", err)
	}
	if diff := cmp.Diff(*s1, *got, equateEmpty); diff != "" {
		t.Errorf("Scan(scan-1) after finish (-want +got):\n%s", diff)
	}

	// Created after scan-1 but started before it.
	s0 := &mamori.Scan{ID: "scan-0", Source: "demo", Provider: "aws", Accounts: []string{"123456789012"}, Regions: []string{"us-east-1"}, StartedAt: hour(-1)}
	create(t, s, s0)
	finish(t, s, s0)
	// Started last, never finished.
	s2 := &mamori.Scan{ID: "scan-2", Source: "demo", Provider: "aws", StartedAt: hour(1)}
	create(t, s, s2)

	ids := func(ss []mamori.Scan) []string {
		var out []string
		for _, sc := range ss {
			out = append(out, sc.ID)
		}
		return out
	}
	for _, tc := range []struct {
		limit int
		want  []string
	}{{0, []string{"scan-1", "scan-0"}}, {1, []string{"scan-1"}}, {2, []string{"scan-1", "scan-0"}}, {10, []string{"scan-1", "scan-0"}}} {
		list, err := s.Scans(ctx, tc.limit)
		if err != nil {
			t.Fatalf("Scans(%d): %v", tc.limit, err)
		}
		if diff := cmp.Diff(tc.want, ids(list), equateEmpty); diff != "" {
			t.Errorf("Scans(%d) IDs (-want +got):\n%s", tc.limit, diff)
		}
		if tc.limit == 0 && len(list) == 2 {
			if diff := cmp.Diff([]mamori.Scan{*s1, *s0}, list, equateEmpty); diff != "" {
				t.Errorf("Scans(0) (-want +got):\n%s", diff)
			}
		}
	}
	got, err = s.Scan(ctx, "scan-2")
	if err != nil {
		t.Fatalf("Scan(scan-2): %v", err)
	}
	if diff := cmp.Diff(*s2, *got, equateEmpty); diff != "" {
		t.Errorf("Scan(scan-2) (-want +got):\n%s", diff)
	}
}

func sampleResources() []mamori.Resource {
	return []mamori.Resource{
		{
			Provider: "aws", Account: "222222222222", Region: "us-east-1", Type: "aws_s3_bucket",
			ID: "arn:aws:s3:::logs", Name: "logs",
		},
		{
			Provider: "aws", Account: "111111111111", Region: "us-east-1", Type: "aws_s3_bucket",
			ID: "arn:aws:s3:::website", Name: "website",
			Tags: map[string]string{"env": "prod", "owner": "sec-team", "日本語": "値"},
			Attributes: map[string]any{
				"versioning": map[string]any{"enabled": true, "mfa_delete": false},
				"size":       int64(1234567890123),
				"max":        int64(math.MaxInt64),
				"min":        int64(math.MinInt64),
				"above_2_53": int64(1<<53 + 1),
				"ratio":      0.25,
				"whole":      float64(3),
				"zero_float": float64(0),
				"huge":       1e300,
				"tiny":       5e-324,
				"negative":   -2.5,
				"missing":    nil,
				"text":       "quote \" backslash \\ newline \n tab \t <html> & \u2028 日本語",
				"empty":      "",
				"list":       []any{int64(1), 2.5, "x", nil, true, []any{}, map[string]any{"k": []any{int64(-7)}}},
				"policy": map[string]any{
					"Version": "2012-10-17",
					"Statement": []any{map[string]any{
						"Effect": "Allow", "Principal": "*", "Action": []any{"s3:GetObject"},
						"Condition": map[string]any{"NumericLessThan": map[string]any{"aws:MultiFactorAuthAge": int64(3600)}},
					}},
				},
			},
			Relations: []mamori.Relation{
				{Kind: "uses_key", Type: "aws_kms_key", ID: "arn:aws:kms:us-east-1:111111111111:key/1"},
				{Kind: "logs_to", Type: "aws_s3_bucket", ID: "arn:aws:s3:::logs"},
			},
			Facts: map[string]any{"public": true, "exposure": map[string]any{"ports": []any{int64(22), int64(3389)}, "score": 7.5}},
		},
		{
			Provider: "aws", Account: "111111111111", Region: "global", Type: "aws_iam_user",
			ID: "arn:aws:iam::111111111111:user/alice", Name: "alice",
			Attributes: map[string]any{"mfa_enabled": false, "access_keys": []any{}},
		},
		{
			Provider: "aws", Account: "111111111111", Region: "global", Type: "aws_iam_role",
			ID: "arn:aws:iam::111111111111:role/admin", Name: "admin",
			Attributes: map[string]any{"assume_role_policy": map[string]any{}},
		},
	}
}

// sortResources sorts as Resources must: provider, account, region, type, ID.
func sortResources(rs []mamori.Resource) {
	slices.SortStableFunc(rs, func(a, b mamori.Resource) int {
		for _, c := range [][2]string{{a.Provider, b.Provider}, {a.Account, b.Account}, {a.Region, b.Region}, {a.Type, b.Type}, {a.ID, b.ID}} {
			if c[0] != c[1] {
				if c[0] < c[1] {
					return -1
				}
				return 1
			}
		}
		return 0
	})
}

func testResources(t *testing.T, s mamori.Store) {
	ctx := context.Background()
	a := &mamori.Scan{ID: "res-a", Source: "aws", Provider: "aws", StartedAt: t0}
	b := &mamori.Scan{ID: "res-b", Source: "aws", Provider: "aws", StartedAt: hour(1)}
	create(t, s, a)
	create(t, s, b)

	rs := sampleResources()
	// Two calls for the same scan add up.
	if err := s.PutResources(ctx, "res-a", rs[:2]); err != nil {
		t.Fatalf("PutResources(res-a, first part): %v", err)
	}
	if err := s.PutResources(ctx, "res-a", rs[2:]); err != nil {
		t.Fatalf("PutResources(res-a, second part): %v", err)
	}
	other := []mamori.Resource{{Provider: "aws", Account: "333333333333", Region: "eu-west-1", Type: "aws_kms_key", ID: "k", Name: "k",
		Attributes: map[string]any{"rotation": true}}}
	if err := s.PutResources(ctx, "res-b", other); err != nil {
		t.Fatalf("PutResources(res-b): %v", err)
	}
	if err := s.PutResources(ctx, "res-b", nil); err != nil {
		t.Fatalf("PutResources(res-b, nil): %v", err)
	}

	want := sampleResources()
	sortResources(want)
	got, err := s.Resources(ctx, "res-a")
	if err != nil {
		t.Fatalf("Resources(res-a): %v", err)
	}
	if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
		t.Errorf("Resources(res-a) (-want +got):\n%s", diff)
	}
	got, err = s.Resources(ctx, "res-b")
	if err != nil {
		t.Fatalf("Resources(res-b): %v", err)
	}
	if diff := cmp.Diff(other, got, equateEmpty); diff != "" {
		t.Errorf("Resources(res-b) (-want +got):\n%s", diff)
	}

	c := &mamori.Scan{ID: "res-c", Source: "aws", Provider: "aws", StartedAt: hour(2)}
	create(t, s, c)
	got, err = s.Resources(ctx, "res-c")
	if err != nil {
		t.Fatalf("Resources(res-c) of a scan without resources: %v", err)
	}
	if len(got) != 0 {
		t.Errorf("Resources(res-c) = %d resources, want none", len(got))
	}
}

// testAttributeTypes checks how Go values outside the JSON types come back.
func testAttributeTypes(t *testing.T, s mamori.Store) {
	ctx := context.Background()
	create(t, s, &mamori.Scan{ID: "types", Source: "aws", Provider: "aws", StartedAt: t0})
	in := []mamori.Resource{{Provider: "aws", Account: "1", Region: "r", Type: "x", ID: "1", Attributes: map[string]any{
		"int":         5,
		"int32":       int32(-7),
		"uint8":       uint8(9),
		"uint32":      uint32(4000000000),
		"float32":     float32(0.5),
		"float32_one": float32(1),
		"strings":     []string{"a", "b"},
		"ints":        []int{1, 2},
		"floats":      []float64{1, 1.5},
		"string_map":  map[string]string{"k": "v"},
		"nested":      map[string][]int{"k": {3}},
		"ptr_nil":     (*int)(nil),
	}}}
	want := []mamori.Resource{{Provider: "aws", Account: "1", Region: "r", Type: "x", ID: "1", Attributes: map[string]any{
		"int":         int64(5),
		"int32":       int64(-7),
		"uint8":       int64(9),
		"uint32":      int64(4000000000),
		"float32":     float64(0.5),
		"float32_one": float64(1),
		"strings":     []any{"a", "b"},
		"ints":        []any{int64(1), int64(2)},
		"floats":      []any{float64(1), 1.5},
		"string_map":  map[string]any{"k": "v"},
		"nested":      map[string]any{"k": []any{int64(3)}},
		"ptr_nil":     nil,
	}}}
	if err := s.PutResources(ctx, "types", in); err != nil {
		t.Fatalf("PutResources: %v", err)
	}
	got, err := s.Resources(ctx, "types")
	if err != nil {
		t.Fatalf("Resources: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Resources (-want +got):\n%s", diff)
	}
}

func testFindings(t *testing.T, s mamori.Store) {
	sc := &mamori.Scan{ID: "find-1", Source: "aws", Provider: "aws", StartedAt: t0}
	create(t, s, sc)
	bucket := mamori.ResourceRef{Type: "aws_s3_bucket", ID: "arn:aws:s3:::website", Name: "website"}
	in := []mamori.Finding{
		{CheckID: "aws-s3-bucket-versioning", Status: mamori.StatusPass, Severity: mamori.SeverityLow, Resource: bucket,
			Provider: "aws", Account: "111111111111", Region: "us-east-1"},
		{CheckID: "aws-s3-bucket-public-access", Status: mamori.StatusMuted, Severity: mamori.SeverityCritical, Resource: bucket,
			Provider: "aws", Account: "111111111111", Region: "us-east-1", Reason: "muted by alice: public website",
			Mute: &mamori.Mute{By: "alice", Reason: "public website\nreviewed", Until: t0.Add(30*24*time.Hour + time.Nanosecond)}},
		{CheckID: "aws-s3-bucket-encryption", Status: mamori.StatusFail, Severity: mamori.SeverityHigh, Resource: bucket,
			Provider: "aws", Account: "111111111111", Region: "us-east-1"},
		{CheckID: "aws-s3-bucket-policy", Status: mamori.StatusError, Severity: mamori.SeverityMedium,
			Resource: mamori.ResourceRef{Type: "aws_s3_bucket", ID: "aws/111111111111/us-east-1/s3"},
			Provider: "aws", Account: "111111111111", Region: "us-east-1", Reason: "s3:GetBucketPolicy: AccessDenied"},
		{CheckID: "aws-iam-user-mfa", Status: mamori.StatusMuted, Severity: mamori.SeverityInfo,
			Resource: mamori.ResourceRef{Type: "aws_iam_user", ID: "arn:aws:iam::111111111111:user/bot", Name: "bot"},
			Provider: "aws", Account: "111111111111", Region: "global", Reason: "service user",
			Mute: &mamori.Mute{By: "bob", Reason: "service user"}},
	}
	putFindings(t, s, "find-1", in)
	for i, f := range in {
		if f.ScanID != "find-1" || !f.FirstSeen.Equal(t0) || !f.LastSeen.Equal(t0) {
			t.Errorf("PutFindings did not set the passed finding %d: ScanID %q FirstSeen %v LastSeen %v, want find-1, %v, %v",
				i, f.ScanID, f.FirstSeen, f.LastSeen, t0, t0)
		}
	}
	want := slices.Clone(in)
	for i := range want {
		want[i].ScanID, want[i].FirstSeen, want[i].LastSeen = "find-1", t0, t0
	}
	mamori.SortFindings(want)
	got := findings(t, s, mamori.FindingFilter{ScanID: "find-1"})
	if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
		t.Errorf("Findings (-want +got):\n%s", diff)
	}

	// Adding more findings to the same scan keeps the first ones.
	more := []mamori.Finding{{CheckID: "aws-kms-key-rotation", Status: mamori.StatusFail, Severity: mamori.SeverityMedium,
		Resource: mamori.ResourceRef{Type: "aws_kms_key", ID: "key-1"}, Provider: "aws", Account: "111111111111", Region: "us-east-1"}}
	putFindings(t, s, "find-1", more)
	if n := len(findings(t, s, mamori.FindingFilter{ScanID: "find-1"})); n != len(in)+1 {
		t.Errorf("after a second PutFindings: %d findings, want %d", n, len(in)+1)
	}
	putFindings(t, s, "find-1", nil)
}

// key names a finding in test output.
func key(f mamori.Finding) string {
	return f.CheckID + "@" + f.Account + "/" + f.Region + "/" + f.Resource.ID
}

func testFirstSeen(t *testing.T, s mamori.Store) {
	type step struct {
		status mamori.Status // "" means absent from the scan
		first  int           // hour of the expected FirstSeen
	}
	const (
		P = mamori.StatusPass
		F = mamori.StatusFail
		M = mamori.StatusMuted
		E = mamori.StatusError
	)
	ref := func(id string) mamori.ResourceRef { return mamori.ResourceRef{Type: "aws_s3_bucket", ID: id} }
	// One row per finding; one step per scan at hours 1..4.
	tracks := []struct {
		f     mamori.Finding
		steps []step
	}{
		{mamori.Finding{CheckID: "c1", Resource: ref("a"), Region: "us-east-1"}, []step{{F, 1}, {F, 1}, {P, 3}, {F, 4}}},
		{mamori.Finding{CheckID: "c1", Resource: ref("b"), Region: "us-east-1"}, []step{{F, 1}, {F, 1}, {F, 1}, {F, 1}}},
		{mamori.Finding{CheckID: "c1", Resource: ref("c"), Region: "us-east-1"}, []step{{F, 1}, {"", 0}, {F, 3}, {F, 3}}},
		{mamori.Finding{CheckID: "c2", Resource: ref("a"), Region: "us-east-1"}, []step{{M, 1}, {M, 1}, {F, 3}, {F, 3}}},
		// Same check and resource ID as the first track, other region: another finding.
		{mamori.Finding{CheckID: "c1", Resource: ref("a"), Region: "eu-west-1"}, []step{{F, 1}, {P, 2}, {P, 2}, {P, 2}}},
		// Other account: another finding.
		{mamori.Finding{CheckID: "c1", Resource: ref("a"), Region: "us-east-1", Account: "999"}, []step{{"", 0}, {E, 2}, {F, 3}, {E, 4}}},
		{mamori.Finding{CheckID: "c3", Resource: ref("d"), Region: "us-east-1"}, []step{{P, 1}, {P, 1}, {P, 1}, {"", 0}}},
	}
	for n := 1; n <= 4; n++ {
		sc := &mamori.Scan{ID: fmt.Sprintf("hist-%d", n), Source: "aws:profile=prod", Provider: "aws", StartedAt: hour(n)}
		create(t, s, sc)
		var fs []mamori.Finding
		var want []mamori.Finding
		for _, tr := range tracks {
			st := tr.steps[n-1]
			if st.status == "" {
				continue
			}
			f := tr.f
			f.Provider, f.Status, f.Severity = "aws", st.status, mamori.SeverityHigh
			if f.Account == "" {
				f.Account = "111111111111"
			}
			fs = append(fs, f)
			f.ScanID, f.Tenant, f.FirstSeen, f.LastSeen = sc.ID, mamori.DefaultTenant, hour(st.first), hour(n)
			want = append(want, f)
		}
		// Stored one finding at a time from the second scan on, as a scan
		// streams them: FirstSeen is carried the same way.
		if n == 1 {
			putFindings(t, s, sc.ID, fs)
		} else {
			for i := range fs {
				putFindings(t, s, sc.ID, fs[i:i+1])
			}
		}
		for i := range fs {
			if !fs[i].FirstSeen.Equal(want[i].FirstSeen) || !fs[i].LastSeen.Equal(want[i].LastSeen) {
				t.Errorf("scan %d, passed finding %s %s: FirstSeen %v LastSeen %v, want %v %v", n, key(fs[i]), fs[i].Status,
					fs[i].FirstSeen, fs[i].LastSeen, want[i].FirstSeen, want[i].LastSeen)
			}
		}
		mamori.SortFindings(want)
		got := findings(t, s, mamori.FindingFilter{ScanID: sc.ID})
		if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
			t.Errorf("scan %d: stored findings (-want +got):\n%s", n, diff)
		}
		finish(t, s, sc)
		if n == 2 {
			// An interrupted scan of the same source in between never
			// finished: it must not count as the previous scan of hist-3,
			// or every finding would look new.
			broken := &mamori.Scan{ID: "hist-2b", Source: "aws:profile=prod", Provider: "aws", StartedAt: hour(2).Add(20 * time.Minute)}
			create(t, s, broken)
			var bfs []mamori.Finding
			for _, tr := range tracks {
				f := tr.f
				f.Provider, f.Status, f.Account = "aws", E, "111111111111"
				bfs = append(bfs, f)
			}
			putFindings(t, s, broken.ID, bfs)

			// A scan of another source in between must not count as the
			// previous scan of hist-3: here every finding passes.
			other := &mamori.Scan{ID: "other", Source: "demo", Provider: "aws", StartedAt: hour(2).Add(30 * time.Minute)}
			create(t, s, other)
			var ofs []mamori.Finding
			for _, tr := range tracks {
				f := tr.f
				f.Provider, f.Status, f.Account = "aws", P, "111111111111"
				ofs = append(ofs, f)
			}
			putFindings(t, s, "other", ofs)
			finish(t, s, other)
		}
	}
}

// filterFindings returns a scan with findings that tell every filter and
// sort key apart.
func filterFindings() []mamori.Finding {
	mk := func(check string, st mamori.Status, sev mamori.Severity, account, region, id string) mamori.Finding {
		return mamori.Finding{CheckID: check, Status: st, Severity: sev, Provider: "aws", Account: account, Region: region,
			Resource: mamori.ResourceRef{Type: "aws_s3_bucket", ID: id, Name: id}}
	}
	return []mamori.Finding{
		mk("aws-a", mamori.StatusFail, mamori.SeverityMedium, "2", "us-east-1", "r1"),
		mk("aws-a", mamori.StatusFail, mamori.SeverityMedium, "1", "us-east-1", "r2"),
		mk("aws-a", mamori.StatusPass, mamori.SeverityMedium, "1", "eu-west-1", "r3"),
		mk("aws-a", mamori.StatusFail, mamori.SeverityMedium, "1", "eu-west-1", "r1"),
		mk("aws-a-more", mamori.StatusFail, mamori.SeverityMedium, "1", "eu-west-1", "r1"),
		mk("aws-b", mamori.StatusError, mamori.SeverityCritical, "1", "us-east-1", "r1"),
		mk("aws-b", mamori.StatusFail, mamori.SeverityCritical, "1", "us-east-1", "r10"),
		mk("aws-c", mamori.StatusMuted, mamori.SeverityHigh, "1", "us-east-1", "r2"),
		mk("aws-d", mamori.StatusPass, mamori.SeverityLow, "1", "us-east-1", "r1"),
		mk("aws-e", mamori.StatusFail, mamori.SeverityInfo, "1", "us-east-1", "r1"),
		mk("aws-e", mamori.StatusFail, mamori.SeverityInfo, "1", "us-east-1", "R1"),
	}
}

func testFilters(t *testing.T, s mamori.Store) {
	sc := &mamori.Scan{ID: "filters", Source: "aws", Provider: "aws", StartedAt: t0}
	create(t, s, sc)
	in := filterFindings()
	putFindings(t, s, sc.ID, slices.Clone(in))
	finish(t, s, sc)
	// Findings of another scan must never show.
	noise := &mamori.Scan{ID: "noise", Source: "aws", Provider: "aws", StartedAt: hour(-1)}
	create(t, s, noise)
	putFindings(t, s, noise.ID, filterFindings())
	finish(t, s, noise)

	all := slices.Clone(in)
	mamori.SortFindings(all)
	sel := func(keep func(f mamori.Finding) bool) []string {
		var out []string
		for _, f := range all {
			if keep(f) {
				out = append(out, key(f)+" "+string(f.Status))
			}
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		filter mamori.FindingFilter
		want   []string
	}{
		{"all", mamori.FindingFilter{}, sel(func(mamori.Finding) bool { return true })},
		{"status FAIL", mamori.FindingFilter{Status: []mamori.Status{mamori.StatusFail}},
			sel(func(f mamori.Finding) bool { return f.Status == mamori.StatusFail })},
		{"status FAIL or ERROR", mamori.FindingFilter{Status: []mamori.Status{mamori.StatusError, mamori.StatusFail}},
			sel(func(f mamori.Finding) bool { return f.Status == mamori.StatusFail || f.Status == mamori.StatusError })},
		{"status MUTED", mamori.FindingFilter{Status: []mamori.Status{mamori.StatusMuted}},
			sel(func(f mamori.Finding) bool { return f.Status == mamori.StatusMuted })},
		{"min severity high", mamori.FindingFilter{MinSeverity: mamori.SeverityHigh},
			sel(func(f mamori.Finding) bool { return f.Severity >= mamori.SeverityHigh })},
		{"min severity low", mamori.FindingFilter{MinSeverity: mamori.SeverityLow},
			sel(func(f mamori.Finding) bool { return f.Severity >= mamori.SeverityLow })},
		{"check exact", mamori.FindingFilter{CheckID: "aws-a"},
			sel(func(f mamori.Finding) bool { return f.CheckID == "aws-a" })},
		{"check unknown", mamori.FindingFilter{CheckID: "aws"}, nil},
		{"resource exact", mamori.FindingFilter{ResourceID: "r1"},
			sel(func(f mamori.Finding) bool { return f.Resource.ID == "r1" })},
		{"account", mamori.FindingFilter{Account: "2"}, sel(func(f mamori.Finding) bool { return f.Account == "2" })},
		{"limit", mamori.FindingFilter{Limit: 3}, sel(func(mamori.Finding) bool { return true })[:3]},
		{"combined", mamori.FindingFilter{Status: []mamori.Status{mamori.StatusFail}, MinSeverity: mamori.SeverityMedium, ResourceID: "r1", Limit: 2},
			sel(func(f mamori.Finding) bool {
				return f.Status == mamori.StatusFail && f.Severity >= mamori.SeverityMedium && f.Resource.ID == "r1"
			})[:2]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.filter
			f.ScanID = sc.ID
			var got []string
			for _, x := range findings(t, s, f) {
				if x.ScanID != sc.ID {
					t.Errorf("finding %s has ScanID %q, want %q", key(x), x.ScanID, sc.ID)
				}
				got = append(got, key(x)+" "+string(x.Status))
			}
			if diff := cmp.Diff(tc.want, got, equateEmpty); diff != "" {
				t.Errorf("Findings(%+v) (-want +got):\n%s", f, diff)
			}
		})
	}
	// The order is the report order, spelled out.
	want := []string{
		"aws-b@1/us-east-1/r1 ERROR", "aws-b@1/us-east-1/r10 FAIL",
		"aws-c@1/us-east-1/r2 MUTED",
		"aws-a@1/eu-west-1/r1 FAIL", "aws-a@1/eu-west-1/r3 PASS", "aws-a@1/us-east-1/r2 FAIL", "aws-a@2/us-east-1/r1 FAIL",
		"aws-a-more@1/eu-west-1/r1 FAIL",
		"aws-d@1/us-east-1/r1 PASS",
		"aws-e@1/us-east-1/R1 FAIL", "aws-e@1/us-east-1/r1 FAIL",
	}
	if diff := cmp.Diff(want, sel(func(mamori.Finding) bool { return true })); diff != "" {
		t.Fatalf("test bug: mamori.SortFindings order changed (-want +got):\n%s", diff)
	}
}

func testLatestScan(t *testing.T, s mamori.Store) {
	latest := func() []string {
		t.Helper()
		var out []string
		for _, f := range findings(t, s, mamori.FindingFilter{}) {
			out = append(out, f.ScanID+":"+f.CheckID)
		}
		return out
	}
	one := func(id string) []mamori.Finding {
		return []mamori.Finding{{CheckID: "check-" + id, Status: mamori.StatusFail, Severity: mamori.SeverityHigh,
			Resource: mamori.ResourceRef{Type: "aws_s3_bucket", ID: "b"}, Provider: "aws", Account: "1", Region: "us-east-1"}}
	}
	if got := latest(); len(got) != 0 {
		t.Errorf("empty store: Findings(latest) = %v, want none", got)
	}
	s1 := &mamori.Scan{ID: "s1", Source: "aws", Provider: "aws", StartedAt: hour(1)}
	create(t, s, s1)
	putFindings(t, s, "s1", one("s1"))
	if got := latest(); len(got) != 0 {
		t.Errorf("no finished scan: Findings(latest) = %v, want none", got)
	}
	finish(t, s, s1)
	if diff := cmp.Diff([]string{"s1:check-s1"}, latest()); diff != "" {
		t.Errorf("one finished scan: Findings(latest) (-want +got):\n%s", diff)
	}
	s2 := &mamori.Scan{ID: "s2", Source: "demo", Provider: "aws", StartedAt: hour(2)}
	create(t, s, s2)
	putFindings(t, s, "s2", one("s2"))
	finish(t, s, s2)
	// Started last but unfinished: ignored.
	s3 := &mamori.Scan{ID: "s3", Source: "aws", Provider: "aws", StartedAt: hour(3)}
	create(t, s, s3)
	putFindings(t, s, "s3", one("s3"))
	// Finished last but started first: not the latest.
	s0 := &mamori.Scan{ID: "s0", Source: "aws", Provider: "aws", StartedAt: hour(0), FinishedAt: hour(4)}
	create(t, s, s0)
	putFindings(t, s, "s0", one("s0"))
	finish(t, s, s0)
	if diff := cmp.Diff([]string{"s2:check-s2"}, latest()); diff != "" {
		t.Errorf("Findings(latest) (-want +got):\n%s", diff)
	}
	got := findings(t, s, mamori.FindingFilter{Status: []mamori.Status{mamori.StatusPass}})
	if len(got) != 0 {
		t.Errorf("Findings(latest, PASS) = %d findings, want none", len(got))
	}
	finish(t, s, s3)
	if diff := cmp.Diff([]string{"s3:check-s3"}, latest()); diff != "" {
		t.Errorf("after finishing s3: Findings(latest) (-want +got):\n%s", diff)
	}
}

func testNotFound(t *testing.T, s mamori.Store) {
	ctx := context.Background()
	create(t, s, &mamori.Scan{ID: "exists", Source: "aws", Provider: "aws", StartedAt: t0})
	check := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, mamori.ErrNotFound) {
			t.Errorf("%s: error %v, want one wrapping mamori.ErrNotFound", what, err)
		}
	}
	sc, err := s.Scan(ctx, "missing")
	check("Scan", err)
	if sc != nil {
		t.Errorf("Scan(missing) returned a scan: %+v", sc)
	}
	check("FinishScan", s.FinishScan(ctx, &mamori.Scan{ID: "missing", FinishedAt: t0}))
	check("PutResources", s.PutResources(ctx, "missing", sampleResources()))
	check("PutFindings", s.PutFindings(ctx, "missing", filterFindings()))
	check("PutFacts", s.PutFacts(ctx, "missing", sampleResources()))
	check("DeleteScan", s.DeleteScan(ctx, "missing"))
	check("PutFacts of a resource not stored", s.PutFacts(ctx, "exists", sampleResources()[:1]))
	_, err = s.Resources(ctx, "missing")
	check("Resources", err)
	_, err = s.Findings(ctx, mamori.FindingFilter{ScanID: "missing"})
	check("Findings", err)
	// Nothing leaked into the scan that exists.
	if got := findings(t, s, mamori.FindingFilter{ScanID: "exists"}); len(got) != 0 {
		t.Errorf("Findings(exists) = %d findings, want none", len(got))
	}
	if _, err := s.Scan(ctx, "exists"); err != nil {
		t.Errorf("Scan(exists): %v", err)
	}
}

// testFactsAndDelete stores resources first and their facts later, as a
// scan does, and removes a scan with everything in it.
func testFactsAndDelete(t *testing.T, s mamori.Store) {
	ctx := context.Background()
	sc := &mamori.Scan{ID: "facts", Source: "aws", Provider: "aws", StartedAt: t0}
	keep := &mamori.Scan{ID: "keep", Source: "aws", Provider: "aws", StartedAt: hour(1)}
	create(t, s, sc)
	create(t, s, keep)
	rs := sampleResources()
	for i := range rs {
		rs[i].Facts = nil
	}
	if err := s.PutResources(ctx, sc.ID, rs); err != nil {
		t.Fatalf("PutResources: %v", err)
	}
	if err := s.PutResources(ctx, keep.ID, rs); err != nil {
		t.Fatalf("PutResources: %v", err)
	}
	withFacts := []mamori.Resource{rs[0], rs[len(rs)-1]}
	withFacts[0].Facts = map[string]any{"public": true, "reasons": []any{"acl"}}
	withFacts[1].Facts = map[string]any{"internet_reachable": false}
	if err := s.PutFacts(ctx, sc.ID, withFacts); err != nil {
		t.Fatalf("PutFacts: %v", err)
	}
	want := append([]mamori.Resource(nil), rs...)
	want[0].Facts, want[len(want)-1].Facts = withFacts[0].Facts, withFacts[1].Facts
	sortResources(want)
	got, err := s.Resources(ctx, sc.ID)
	if err != nil {
		t.Fatalf("Resources: %v", err)
	}
	if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
		t.Errorf("Resources after PutFacts (-want +got):\n%s", diff)
	}
	// The same resources in another scan keep their own (no) facts.
	got, err = s.Resources(ctx, keep.ID)
	if err != nil {
		t.Fatalf("Resources(keep): %v", err)
	}
	for _, r := range got {
		if len(r.Facts) != 0 {
			t.Errorf("PutFacts of scan %s changed %s in scan %s: %v", sc.ID, r.ID, keep.ID, r.Facts)
		}
	}

	putFindings(t, s, sc.ID, filterFindings())
	if err := s.DeleteScan(ctx, sc.ID); err != nil {
		t.Fatalf("DeleteScan: %v", err)
	}
	if _, err := s.Scan(ctx, sc.ID); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("Scan after DeleteScan: %v, want ErrNotFound", err)
	}
	if _, err := s.Resources(ctx, sc.ID); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("Resources after DeleteScan: %v, want ErrNotFound", err)
	}
	if got, err := s.Resources(ctx, keep.ID); err != nil || len(got) != len(rs) {
		t.Errorf("Resources of the other scan after DeleteScan: %d, %v; want %d", len(got), err, len(rs))
	}
}

// manyFindings returns n distinct findings.
func manyFindings(n int, status mamori.Status) []mamori.Finding {
	fs := make([]mamori.Finding, n)
	for i := range fs {
		fs[i] = mamori.Finding{
			CheckID:  fmt.Sprintf("aws-check-%03d", i%100),
			Status:   status,
			Severity: mamori.Severity(i % 5),
			Resource: mamori.ResourceRef{Type: "aws_s3_bucket", ID: fmt.Sprintf("arn:aws:s3:::bucket-%06d", i/100), Name: fmt.Sprintf("bucket-%06d", i/100)},
			Provider: "aws", Account: "111111111111", Region: "us-east-1",
		}
	}
	return fs
}

func testManyFindings(t *testing.T, s mamori.Store) {
	const n = 100_000
	for i, st := range []mamori.Status{mamori.StatusFail, mamori.StatusFail} {
		sc := &mamori.Scan{ID: fmt.Sprintf("big-%d", i), Source: "aws", Provider: "aws", StartedAt: hour(i)}
		create(t, s, sc)
		fs := manyFindings(n, st)
		putFindings(t, s, sc.ID, fs)
		for j := range fs {
			if !fs[j].FirstSeen.Equal(hour(0)) || !fs[j].LastSeen.Equal(hour(i)) {
				t.Fatalf("scan %d, passed finding %d: FirstSeen %v LastSeen %v, want %v %v", i, j, fs[j].FirstSeen, fs[j].LastSeen, hour(0), hour(i))
			}
		}
		finish(t, s, sc)
		got := findings(t, s, mamori.FindingFilter{ScanID: sc.ID})
		if len(got) != n {
			t.Fatalf("scan %d: Findings returned %d findings, want %d", i, len(got), n)
		}
		for j := range got {
			if !got[j].FirstSeen.Equal(hour(0)) {
				t.Fatalf("scan %d: stored finding %s: FirstSeen %v, want %v", i, key(got[j]), got[j].FirstSeen, hour(0))
			}
		}
		top := findings(t, s, mamori.FindingFilter{Limit: 5})
		if len(top) != 5 || top[0].Severity != mamori.SeverityCritical || top[0].CheckID != "aws-check-004" {
			t.Errorf("scan %d: Findings(latest, limit 5) = %v, want 5 findings led by a critical aws-check-004", i, top)
		}
	}
}

func testTenant(t *testing.T, s mamori.Store) {
	ctx := context.Background()
	def := &mamori.Scan{ID: "t-default", Source: "aws", Provider: "aws", StartedAt: t0}
	create(t, s, def)
	if def.Tenant != mamori.DefaultTenant {
		t.Errorf("CreateScan without a tenant set Tenant %q, want %q", def.Tenant, mamori.DefaultTenant)
	}
	sak := &mamori.Scan{ID: "t-sakura", Tenant: "sakura", Source: "aws", Provider: "aws", StartedAt: hour(1)}
	create(t, s, sak)
	fs := filterFindings()
	putFindings(t, s, sak.ID, fs)
	finish(t, s, sak)
	for _, f := range fs {
		if f.Tenant != "sakura" {
			t.Fatalf("PutFindings set the passed finding's tenant to %q, want sakura", f.Tenant)
		}
	}
	got, err := s.Scan(ctx, sak.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Tenant != "sakura" {
		t.Errorf("Scan: tenant %q, want sakura", got.Tenant)
	}
	for _, f := range findings(t, s, mamori.FindingFilter{ScanID: sak.ID}) {
		if f.Tenant != "sakura" {
			t.Errorf("stored finding %s: tenant %q, want sakura", key(f), f.Tenant)
		}
	}
	ss, err := s.Scans(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 1 || ss[0].Tenant != "sakura" {
		t.Errorf("Scans: %+v, want the sakura scan", ss)
	}
}

func testWalk(t *testing.T, s mamori.Store) {
	ctx := context.Background()
	sc := &mamori.Scan{ID: "walk", Source: "aws", Provider: "aws", StartedAt: t0}
	create(t, s, sc)
	putFindings(t, s, sc.ID, filterFindings())
	finish(t, s, sc)
	for _, f := range []mamori.FindingFilter{
		{},
		{ScanID: sc.ID, Status: []mamori.Status{mamori.StatusFail}},
		{ScanID: sc.ID, MinSeverity: mamori.SeverityHigh, Limit: 2},
		{ScanID: sc.ID, CheckID: "aws-a", ResourceID: "r1"},
	} {
		want := findings(t, s, f)
		var got []mamori.Finding
		err := s.WalkFindings(ctx, f, func(x *mamori.Finding) error {
			got = append(got, *x)
			return nil
		})
		if err != nil {
			t.Fatalf("WalkFindings(%+v): %v", f, err)
		}
		if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
			t.Errorf("WalkFindings(%+v) differs from Findings (-Findings +WalkFindings):\n%s", f, diff)
		}
	}
	stop := errors.New("stop here")
	n := 0
	err := s.WalkFindings(ctx, mamori.FindingFilter{ScanID: sc.ID}, func(*mamori.Finding) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Errorf("WalkFindings with a callback that fails on the 3rd finding: called %d times, error %v; want 3 and the callback's error", n, err)
	}
	if err := s.WalkFindings(ctx, mamori.FindingFilter{ScanID: "missing"}, func(*mamori.Finding) error { return nil }); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("WalkFindings of a missing scan: %v, want ErrNotFound", err)
	}
}

func testCounts(t *testing.T, s mamori.Store) {
	ctx := context.Background()
	// Two scans whose findings move between every pair of statuses.
	statuses := []mamori.Status{"", mamori.StatusPass, mamori.StatusFail, mamori.StatusMuted, mamori.StatusError}
	var prev, cur []mamori.Finding
	n := 0
	for _, a := range statuses {
		for _, b := range statuses {
			n++
			f := mamori.Finding{CheckID: fmt.Sprintf("c%d", n%3), Severity: mamori.Severity(n % 5), Provider: "aws", Account: "1",
				Region: "us-east-1", Resource: mamori.ResourceRef{Type: "aws_s3_bucket", ID: fmt.Sprintf("r%d", n)}}
			if a != "" {
				f.Status = a
				prev = append(prev, f)
			}
			if b != "" {
				f.Status = b
				cur = append(cur, f)
			}
		}
	}
	for i, fs := range [][]mamori.Finding{prev, cur} {
		sc := &mamori.Scan{ID: fmt.Sprintf("count-%d", i), Source: "aws", Provider: "aws", StartedAt: hour(i)}
		create(t, s, sc)
		putFindings(t, s, sc.ID, slices.Clone(fs))
		finish(t, s, sc)
	}

	d := mamori.Compare(prev, cur)
	want := map[string]mamori.CheckChange{}
	for _, l := range []struct {
		fs  []mamori.Finding
		new bool
	}{{d.New, true}, {d.Resolved, false}} {
		for _, f := range l.fs {
			c := want[f.CheckID]
			c.CheckID, c.Severity = f.CheckID, max(c.Severity, f.Severity)
			if l.new {
				c.New++
			} else {
				c.Resolved++
			}
			want[f.CheckID] = c
		}
	}
	got, err := s.CountChanges(ctx, "count-0", "count-1")
	if err != nil {
		t.Fatal(err)
	}
	wantList := []mamori.CheckChange{}
	for _, c := range want {
		wantList = append(wantList, c)
	}
	slices.SortFunc(wantList, func(a, b mamori.CheckChange) int { return strings.Compare(a.CheckID, b.CheckID) })
	if diff := cmp.Diff(wantList, got, equateEmpty); diff != "" {
		t.Errorf("CountChanges differs from mamori.Compare (-Compare +CountChanges):\n%s", diff)
	}
	if len(d.New) == 0 || len(d.Resolved) == 0 {
		t.Fatal("test bug: no new or no resolved failures")
	}
	if _, err := s.CountChanges(ctx, "count-0", "missing"); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("CountChanges to a missing scan: %v, want ErrNotFound", err)
	}

	for _, f := range []mamori.FindingFilter{
		{ScanID: "count-1"},
		{ScanID: "count-1", Status: []mamori.Status{mamori.StatusFail, mamori.StatusError}, MinSeverity: mamori.SeverityLow},
		{ScanID: "count-1", CheckID: "c1"},
	} {
		tally := map[mamori.FindingCount]int{}
		for _, x := range findings(t, s, f) {
			tally[mamori.FindingCount{CheckID: x.CheckID, Status: x.Status, Severity: x.Severity}]++
		}
		var want []mamori.FindingCount
		for k, v := range tally {
			k.Count = v
			want = append(want, k)
		}
		slices.SortFunc(want, func(a, b mamori.FindingCount) int {
			if c := strings.Compare(a.CheckID, b.CheckID); c != 0 {
				return c
			}
			if c := strings.Compare(string(a.Status), string(b.Status)); c != 0 {
				return c
			}
			return int(a.Severity - b.Severity)
		})
		got, err := s.CountFindings(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
			t.Errorf("CountFindings(%+v) (-counted +CountFindings):\n%s", f, diff)
		}
	}
}
