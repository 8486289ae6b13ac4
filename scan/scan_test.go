package scan

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/analyze"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
	"github.com/mamori-sec/mamori/checks"
	"github.com/mamori-sec/mamori/engine"
	"github.com/mamori-sec/mamori/sqlite"
)

func demoScan(t *testing.T, db mamori.Store, f awsemu.Faults, now time.Time) *Result {
	t.Helper()
	w := awsemu.Demo()
	emu := awsemu.New(w, f)
	if err := emu.Start(); err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	cs, err := checks.Builtin(aws.KnownType)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(cs)
	if err != nil {
		t.Fatal(err)
	}
	col := aws.New(aws.Options{Config: emu.Config("ap-northeast-1")})
	res, err := Run(context.Background(), Options{
		Source: "demo", Collector: col, Engine: eng, Store: db,
		Describe:      func() ([]string, []string) { return []string{col.Account}, col.Regions },
		Now:           func() time.Time { return now },
		KeepResources: true,
		KeepFindings:  true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestDemoScanStoredAndCarried(t *testing.T) {
	db, err := sqlite.Open(":memory:", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	t0 := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	first := demoScan(t, db, awsemu.Faults{}, t0)
	if first.Scan.Partial || len(first.Scan.Errors) > 0 {
		t.Fatalf("demo scan partial: %v", first.Scan.Errors)
	}
	if first.Scan.Counts[mamori.StatusFail] == 0 || first.Scan.Counts[mamori.StatusPass] == 0 {
		t.Fatalf("demo counts %v: the demo must have failures and passes", first.Scan.Counts)
	}
	if first.Scan.Counts[mamori.StatusError] != 0 {
		for _, f := range first.Findings {
			if f.Status == mamori.StatusError {
				t.Errorf("ERROR %s on %s: %s", f.CheckID, f.Resource.ID, f.Reason)
			}
		}
	}
	second := demoScan(t, db, awsemu.Faults{}, t0.Add(24*time.Hour))
	stored, err := db.Findings(context.Background(), mamori.FindingFilter{ScanID: second.Scan.ID, Status: []mamori.Status{mamori.StatusFail}})
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != second.Scan.Counts[mamori.StatusFail] {
		t.Fatalf("stored %d FAIL findings, scan counted %d", len(stored), second.Scan.Counts[mamori.StatusFail])
	}
	for _, f := range stored {
		if !f.FirstSeen.Equal(t0) || !f.LastSeen.Equal(t0.Add(24*time.Hour)) {
			t.Fatalf("%s on %s: first seen %v, last seen %v; want %v and a day later", f.CheckID, f.Resource.ID, f.FirstSeen, f.LastSeen, t0)
		}
	}
	d := mamori.Compare(first.Findings, second.Findings)
	if len(d.New) != 0 || len(d.Resolved) != 0 || len(d.Unchanged) != len(stored) {
		t.Errorf("same world twice: %d new, %d resolved, %d unchanged", len(d.New), len(d.Resolved), len(d.Unchanged))
	}
}

// A denied service is ERROR findings and a partial scan, never a PASS.
func TestDeniedServiceIsErrorNotPass(t *testing.T) {
	res := demoScan(t, nil, awsemu.Faults{Deny: []string{"ec2:DescribeSecurityGroups@ap-northeast-1"}}, time.Now())
	if !res.Scan.Partial {
		t.Fatal("scan not partial")
	}
	var errs int
	for _, f := range res.Findings {
		if f.Resource.Type != "aws_security_group" || f.Region != "ap-northeast-1" {
			continue
		}
		switch f.Status {
		case mamori.StatusError:
			errs++
			if !strings.Contains(f.Reason, "AccessDenied") {
				t.Errorf("reason %q does not say AccessDenied", f.Reason)
			}
		case mamori.StatusPass:
			t.Errorf("PASS for %s on %s although security groups could not be read", f.CheckID, f.Resource.ID)
		}
	}
	if errs == 0 {
		t.Error("no ERROR findings for the denied security groups")
	}
}

// The scanner's own credentials never reach a resource, a finding or the scan.
func TestNoSecretStored(t *testing.T) {
	res := demoScan(t, nil, awsemu.Faults{}, time.Now())
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"emulator-secret", "AKIA111122223333EMUL"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("scan result contains %q", secret)
		}
	}
}

// When CloudTrail cannot be read, nothing concludes "no trail": the account
// check is ERROR, and the trail-bucket check is ERROR for every bucket whose
// answer depends on it (a bucket with access logging on passes either way).
func TestUnreadableCloudTrailConcludesNothing(t *testing.T) {
	res := demoScan(t, nil, awsemu.Faults{Deny: []string{"cloudtrail:DescribeTrails"}}, time.Now())
	logging := map[string]bool{}
	for _, r := range res.Resources {
		if r.Type == "aws_s3_bucket" {
			l, _ := r.Attributes["logging"].(map[string]any)
			logging[r.ID] = l["enabled"] == true
		}
	}
	var errs int
	for _, f := range res.Findings {
		switch f.CheckID {
		case "aws-cloudtrail-multi-region-logging":
			if f.Status != mamori.StatusError {
				t.Errorf("%s: %s, want ERROR", f.CheckID, f.Status)
			}
		case "aws-s3-cloudtrail-bucket-access-logging":
			want := mamori.StatusError
			if logging[f.Resource.ID] {
				want = mamori.StatusPass
			}
			if f.Status != want {
				t.Errorf("%s on %s: %s, want %s", f.CheckID, f.Resource.Name, f.Status, want)
			}
			if f.Status == mamori.StatusError {
				errs++
			}
		}
	}
	if errs == 0 {
		t.Error("no bucket's trail-logging check is ERROR; the test proves nothing")
	}
}

// The scan keeps in memory only the attributes checks and analyzers read.
// Over the demo world and a synthetic one, that must change nothing: the
// findings equal those of analyzing and evaluating the whole resources, and
// the store holds every resource whole, with its facts.
func TestPrunedScanEqualsWhole(t *testing.T) {
	cs, err := checks.Builtin(aws.KnownType)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(cs)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		world *awsemu.World
	}{
		{"demo", awsemu.Demo()},
		{"synthetic", awsemu.Synthetic(3000, 7)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			emu := awsemu.New(tc.world, awsemu.Faults{})
			if err := emu.Start(); err != nil {
				t.Fatal(err)
			}
			defer emu.Close()
			col := aws.New(aws.Options{Config: emu.Config("ap-northeast-1")})

			// Whole: collect, analyze, evaluate without pruning.
			var whole []mamori.Resource
			if err := col.Collect(context.Background(), func(r mamori.Resource) { whole = append(whole, r) }, func(e mamori.CollectError) {
				t.Fatalf("collect: %v", e)
			}); err != nil {
				t.Fatal(err)
			}
			analyze.Run(whole, nil)
			want, err := eng.Run(context.Background(), whole, now)
			if err != nil {
				t.Fatal(err)
			}
			mamori.SortFindings(want)

			db, err := sqlite.Open(":memory:", nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			res, err := Run(context.Background(), Options{Source: tc.name, Collector: col, Engine: eng, Store: db,
				Now: func() time.Time { return now }, KeepResources: true, KeepFindings: true})
			if err != nil {
				t.Fatal(err)
			}
			pruned := 0
			for i := range res.Resources {
				pruned += len(res.Resources[i].Attributes)
			}
			all := 0
			for i := range whole {
				all += len(whole[i].Attributes)
			}
			if pruned >= all {
				t.Errorf("scan kept %d top-level attributes of %d: nothing pruned", pruned, all)
			}
			short := func(fs []mamori.Finding) []string {
				var out []string
				for _, f := range fs {
					out = append(out, fmt.Sprintf("%s %s %s %s", f.CheckID, f.Resource.ID, f.Status, f.Reason))
				}
				return out
			}
			if d := cmp.Diff(short(want), short(res.Findings)); d != "" {
				t.Errorf("findings from pruned resources differ (-whole +pruned):\n%s", d)
			}

			stored, err := db.Resources(context.Background(), res.Scan.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantStored, err := json.Marshal(sortedByKey(whole))
			if err != nil {
				t.Fatal(err)
			}
			gotStored, err := json.Marshal(sortedByKey(stored))
			if err != nil {
				t.Fatal(err)
			}
			if string(wantStored) != string(gotStored) {
				t.Errorf("stored resources are not the whole resources with their facts (%d vs %d bytes as JSON)", len(gotStored), len(wantStored))
			}

			// The way the CLI scans: nothing kept, findings streamed to the
			// store as they are evaluated. The store holds the same findings.
			db2, err := sqlite.Open(":memory:", nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db2.Close()
			streamed, err := Run(context.Background(), Options{Source: tc.name, Collector: col, Engine: eng, Store: db2,
				Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			if streamed.Findings != nil || streamed.Resources != nil {
				t.Errorf("a streamed scan kept %d findings and %d resources in its result", len(streamed.Findings), len(streamed.Resources))
			}
			back, err := db2.Findings(context.Background(), mamori.FindingFilter{ScanID: streamed.Scan.ID})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(short(want), short(back)); d != "" {
				t.Errorf("findings streamed to the store differ (-whole +stored):\n%s", d)
			}
			n := 0
			for _, c := range streamed.Scan.Counts {
				n += c
			}
			if n != len(want) {
				t.Errorf("streamed scan counted %d findings, want %d", n, len(want))
			}
			fails := 0
			for _, f := range want {
				if f.Status == mamori.StatusFail && f.Severity >= mamori.SeverityHigh {
					fails++
				}
			}
			if got := streamed.FailedAtOrAbove(mamori.SeverityHigh); got != fails {
				t.Errorf("FailedAtOrAbove(high) = %d, want %d", got, fails)
			}
		})
	}
}

func sortedByKey(rs []mamori.Resource) []mamori.Resource {
	out := append([]mamori.Resource(nil), rs...)
	sort.Slice(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		return a.Account+a.Region+a.Type+a.ID < b.Account+b.Region+b.Type+b.ID
	})
	return out
}

// failingCollector emits some resources and then stops with an error, as a
// collector does when the credentials expire half-way.
type failingCollector struct{}

func (failingCollector) Collect(_ context.Context, emit func(mamori.Resource), _ func(mamori.CollectError)) error {
	for i := 0; i < 2500; i++ { // more than two batches reach the store
		emit(mamori.Resource{Provider: "aws", Account: "1", Region: "r", Type: "aws_s3_bucket", ID: fmt.Sprint(i), Attributes: map[string]any{}})
	}
	return fmt.Errorf("credentials expired")
}

// A scan that fails half-way leaves nothing behind: its resources were
// already stored in batches, and they go with the scan.
func TestFailedScanLeavesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mamori.db")
	db, err := sqlite.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = Run(context.Background(), Options{Source: "x", Collector: failingCollector{}, Engine: builtinEngine(t), Store: db})
	if err == nil || !strings.Contains(err.Error(), "credentials expired") {
		t.Fatalf("Run = %v, want the collector's error", err)
	}
	wantEmpty(t, path)
}

// builtinEngine compiles the built-in checks.
func builtinEngine(t *testing.T) *engine.Engine {
	t.Helper()
	cs, err := checks.Builtin(aws.KnownType)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(cs)
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

// wantEmpty fails unless the database at path holds no scan, resource or
// finding, read with a connection of its own.
func wantEmpty(t *testing.T, path string) {
	t.Helper()
	raw, err := sql.Open("sqlite", path) // the driver modernc.org/sqlite registers
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	for _, q := range []string{"SELECT count(*) FROM scans", "SELECT count(*) FROM resources", "SELECT count(*) FROM findings"} {
		if err := raw.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s = %d after a failed scan, want 0", q, n)
		}
	}
}

// failingStore refuses findings, as a full disk would.
type failingStore struct{ mamori.Store }

func (failingStore) PutFindings(context.Context, string, []mamori.Finding) error {
	return fmt.Errorf("disk full")
}

// A store that fails while findings stream in stops the scan with its error,
// and the half-stored scan is deleted.
func TestStoreFailureStopsScan(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mamori.db")
	db, err := sqlite.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	emu := awsemu.New(awsemu.Demo(), awsemu.Faults{})
	if err := emu.Start(); err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	col := aws.New(aws.Options{Config: emu.Config("ap-northeast-1")})
	_, err = Run(context.Background(), Options{Source: "x", Collector: col, Engine: builtinEngine(t), Store: failingStore{db}})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Run = %v, want the store's error", err)
	}
	wantEmpty(t, path)
}

// A join whose other side could not be read (SSM.1 needs the managed
// instances, EC2.10 the VPC endpoints) is ERROR with the failed call and its
// reason, never a FAIL; a failure in another region leaves a region judged.
func TestUnreadJoinIsErrorWithReason(t *testing.T) {
	res := demoScan(t, nil, awsemu.Faults{Deny: []string{"ssm:DescribeInstanceInformation", "ec2:DescribeVpcEndpoints@us-east-1"}}, time.Now())
	states := map[string]string{}
	for _, r := range res.Resources {
		if r.Type == "aws_instance" {
			states[r.ID], _ = r.Attributes["state"].(string)
		}
	}
	var ssmErrs, vpcErrs, vpcJudged int
	for _, f := range res.Findings {
		switch f.CheckID {
		case "aws-ssm-ec2-managed":
			if states[f.Resource.ID] != "running" {
				continue
			}
			if f.Status != mamori.StatusError || !strings.Contains(f.Reason, "ssm:DescribeInstanceInformation: AccessDenied") {
				t.Errorf("%s on %s: %s %q, want ERROR naming the denied call", f.CheckID, f.Resource.ID, f.Status, f.Reason)
			}
			ssmErrs++
		case "aws-vpc-ec2-endpoint":
			if !strings.HasPrefix(f.Resource.ID, "arn:") {
				continue // the collection error's own finding
			}
			switch {
			case f.Region == "us-east-1":
				if f.Status != mamori.StatusError || !strings.Contains(f.Reason, "VPC endpoints could not be read: vpc in us-east-1: ec2:DescribeVpcEndpoints: AccessDenied") {
					t.Errorf("%s on %s: %s %q, want ERROR naming the denied call", f.CheckID, f.Resource.ID, f.Status, f.Reason)
				}
				vpcErrs++
			case f.Status == mamori.StatusError:
				t.Errorf("%s on %s in %s: ERROR %q, although that region's endpoints were read", f.CheckID, f.Resource.ID, f.Region, f.Reason)
			default:
				vpcJudged++
			}
		}
	}
	if ssmErrs == 0 || vpcErrs == 0 || vpcJudged == 0 {
		t.Errorf("%d SSM.1 ERRORs, %d EC2.10 ERRORs, %d EC2.10 judged: the test proves nothing", ssmErrs, vpcErrs, vpcJudged)
	}
}
