package analyze

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
)

func TestCloudTrailAccount(t *testing.T) {
	account := func(id string) mamori.Resource {
		return mamori.Resource{Provider: "aws", Account: id, Region: "global", Type: "aws_account", ID: "arn:aws::" + id + ":account", Name: id,
			Attributes: map[string]any{"account_id": id}}
	}
	good := map[string]any{"is_multi_region_trail": true, "include_global_service_events": true, "is_logging": true, "management_events": "All"}
	trail := func(acct string, change map[string]any, drop ...string) mamori.Resource {
		a := changed(good, change, drop...)
		return mamori.Resource{Provider: "aws", Account: acct, Region: "ap-northeast-1", Type: "aws_cloudtrail", ID: "trail", Attributes: a}
	}
	// logging < 0: the logging_trails fact is left out.
	facts := func(n, logging int64, covered any) map[string]any {
		m := map[string]any{"trails": n}
		if logging >= 0 {
			m["logging_trails"] = logging
		}
		if covered != nil {
			m["multi_region_trail_logging"] = covered
		}
		return m
	}
	no := func(n, logging int64) map[string]any { return facts(n, logging, false) }
	yes := func(n, logging int64) map[string]any { return facts(n, logging, true) }
	cases := []struct {
		name   string
		trails []mamori.Resource
		want   map[string]any
	}{
		{"no trails", nil, no(0, 0)},
		{"logging multi-region trail", []mamori.Resource{trail("A", nil)}, yes(1, 1)},
		{"single-region trail only", []mamori.Resource{trail("A", map[string]any{"is_multi_region_trail": false})}, no(1, 1)},
		{"multi-region trail stopped", []mamori.Resource{trail("A", map[string]any{"is_logging": false})}, no(1, 0)},
		{"without global service events", []mamori.Resource{trail("A", map[string]any{"include_global_service_events": false})}, no(1, 1)},
		{"write-only management events", []mamori.Resource{trail("A", map[string]any{"management_events": "WriteOnly"})}, no(1, 1)},
		{"no management events", []mamori.Resource{trail("A", map[string]any{"management_events": "None"})}, no(1, 1)},
		{"organization trail, selectors unreadable", []mamori.Resource{trail("A", map[string]any{"management_events": nil, "is_organization_trail": true})}, yes(1, 1)},
		{"one bad, one good", []mamori.Resource{trail("A", map[string]any{"is_logging": false}), trail("A", nil)}, yes(2, 1)},
		{"status unknown", []mamori.Resource{trail("A", nil, "is_logging")}, facts(1, -1, nil)},
		{"selectors unknown", []mamori.Resource{trail("A", nil, "management_events")}, facts(1, 1, nil)},
		{"unknown but another covers", []mamori.Resource{trail("A", nil, "is_logging"), trail("A", nil)}, yes(2, 1)},
		{"unknown but stopped anyway", []mamori.Resource{trail("A", map[string]any{"is_logging": false}, "management_events")}, no(1, 0)},
		{"unknown single-region", []mamori.Resource{trail("A", map[string]any{"is_multi_region_trail": false}, "is_logging")}, no(1, -1)},
		{"other account's trail", []mamori.Resource{trail("B", nil)}, no(0, 0)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := append([]mamori.Resource{account("A")}, c.trails...)
			cloudtrailAccount.Run(NewIndex(rs))
			if d := cmp.Diff(c.want, rs[0].Facts); d != "" {
				t.Errorf("facts (-want +got):\n%s", d)
			}
			for _, r := range rs[1:] {
				if r.Facts != nil {
					t.Errorf("trail got facts %v", r.Facts)
				}
			}
		})
	}
}

// Two accounts in one scan are judged apart, and trails of an account
// without an aws_account resource change nothing.
func TestCloudTrailAccountMatchesAccount(t *testing.T) {
	rs := []mamori.Resource{
		{Account: "111111111111", Type: "aws_account", ID: "a1", Attributes: map[string]any{"account_id": "111111111111"}},
		{Account: "222222222222", Type: "aws_account", ID: "a2", Attributes: map[string]any{"account_id": "222222222222"}},
		{Account: "222222222222", Type: "aws_cloudtrail", ID: "t2", Attributes: map[string]any{
			"is_multi_region_trail": true, "include_global_service_events": true, "is_logging": true, "management_events": "All"}},
		{Account: "333333333333", Type: "aws_cloudtrail", ID: "t3", Attributes: map[string]any{"is_multi_region_trail": true}},
	}
	cloudtrailAccount.Run(NewIndex(rs))
	if d := cmp.Diff(map[string]any{"trails": int64(0), "logging_trails": int64(0), "multi_region_trail_logging": false}, rs[0].Facts); d != "" {
		t.Errorf("account 1 (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]any{"trails": int64(1), "logging_trails": int64(1), "multi_region_trail_logging": true}, rs[1].Facts); d != "" {
		t.Errorf("account 2 (-want +got):\n%s", d)
	}
	if rs[2].Facts != nil || rs[3].Facts != nil {
		t.Errorf("trails got facts: %v %v", rs[2].Facts, rs[3].Facts)
	}
}

// End to end on the demo world: its only trail is single-region, so the
// account is not covered.
func TestCloudTrailAccountDemo(t *testing.T) {
	rs := append([]mamori.Resource{{Provider: "aws", Account: "111122223333", Region: "global", Type: "aws_account", ID: "arn:aws:iam::111122223333:root",
		Attributes: map[string]any{"account_id": "111122223333"}}}, emulated(t, awsemu.Demo(), aws.Options{Services: []string{"cloudtrail"}})...)
	cloudtrailAccount.Run(NewIndex(rs))
	if d := cmp.Diff(map[string]any{"trails": int64(1), "logging_trails": int64(1), "multi_region_trail_logging": false}, rs[0].Facts); d != "" {
		t.Errorf("demo account facts (-want +got):\n%s", d)
	}
}

// A scan that did not read CloudTrail (--services iam) must not conclude that
// the account has no trail.
func TestCloudTrailAccountNotCollected(t *testing.T) {
	rs := []mamori.Resource{{Account: "111111111111", Type: "aws_account", ID: "a1", Attributes: map[string]any{}}}
	Run(rs, func(s string) bool { return s == "iam" })
	if rs[0].Facts != nil {
		t.Errorf("facts set without CloudTrail collected: %v", rs[0].Facts)
	}
}

// S3 object-level logging for every bucket (CIS 3.8, 3.9): some multi-region,
// logging trail records the writes (reads); an unknown never becomes a FAIL.
func TestCloudTrailS3Objects(t *testing.T) {
	good := map[string]any{"is_multi_region_trail": true, "is_logging": true, "s3_data_events": "All"}
	trail := func(acct string, change map[string]any, drop ...string) mamori.Resource {
		a := changed(good, change, drop...)
		return mamori.Resource{Account: acct, Type: "aws_cloudtrail", ID: "arn:aws:cloudtrail:ap-northeast-1:" + acct + ":trail/t", Attributes: a}
	}
	facts := func(write, read any) map[string]any {
		m := map[string]any{}
		if write != nil {
			m["s3_object_write_logging"] = write
		}
		if read != nil {
			m["s3_object_read_logging"] = read
		}
		if len(m) == 0 {
			return nil
		}
		return m
	}
	const a = "111111111111"
	cases := []struct {
		name   string
		trails []mamori.Resource
		want   map[string]any
	}{
		{"no trails", nil, facts(false, false)},
		{"all data events", []mamori.Resource{trail(a, nil)}, facts(true, true)},
		{"writes only", []mamori.Resource{trail(a, map[string]any{"s3_data_events": "WriteOnly"})}, facts(true, false)},
		{"reads only", []mamori.Resource{trail(a, map[string]any{"s3_data_events": "ReadOnly"})}, facts(false, true)},
		{"no data events", []mamori.Resource{trail(a, map[string]any{"s3_data_events": "None"})}, facts(false, false)},
		{"single-region trail", []mamori.Resource{trail(a, map[string]any{"is_multi_region_trail": false})}, facts(false, false)},
		{"stopped", []mamori.Resource{trail(a, map[string]any{"is_logging": false})}, facts(false, false)},
		{"write trail and read trail", []mamori.Resource{trail(a, map[string]any{"s3_data_events": "WriteOnly"}), trail(a, map[string]any{"s3_data_events": "ReadOnly"})}, facts(true, true)},
		{"selectors unknown", []mamori.Resource{trail(a, nil, "s3_data_events")}, nil},
		{"status unknown, writes only", []mamori.Resource{trail(a, map[string]any{"s3_data_events": "WriteOnly"}, "is_logging")}, facts(nil, false)},
		{"organization trail of another account", []mamori.Resource{trail(a, map[string]any{"s3_data_events": nil, "is_organization_trail": true})}, nil},
		{"unknown but another covers", []mamori.Resource{trail(a, nil, "s3_data_events"), trail(a, nil)}, facts(true, true)},
		{"other account's trail", []mamori.Resource{trail("222222222222", nil)}, facts(false, false)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := append([]mamori.Resource{{Account: a, Type: "aws_account", ID: "arn:aws:iam::" + a + ":root"}}, c.trails...)
			cloudtrailS3Objects.Run(NewIndex(rs))
			got := map[string]any{}
			for k, v := range rs[0].Facts {
				if k != "s3_object_logging_trails" {
					got[k] = v
				}
			}
			if len(got) == 0 {
				got = nil
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("facts (-want +got):\n%s", d)
			}
			if _, ok := rs[0].Facts["s3_object_logging_trails"]; !ok {
				t.Error("no s3_object_logging_trails: the finding would not say which trails were judged")
			}
		})
	}
	// The detail names each trail and what keeps it from counting.
	for _, c := range []struct {
		trails []mamori.Resource
		want   string
	}{
		{nil, "no trail"},
		{[]mamori.Resource{trail(a, map[string]any{"s3_data_events": "WriteOnly"})}, "t (multi-region, logging, S3 data events for every bucket: WriteOnly)"},
		{[]mamori.Resource{trail(a, map[string]any{"is_multi_region_trail": false, "is_logging": false}), trail(a, nil, "s3_data_events")},
			"t (multi-region, logging, S3 data events for every bucket: unknown); t (single-region, not logging, S3 data events for every bucket: All)"},
		{[]mamori.Resource{trail(a, map[string]any{"s3_data_events": nil, "is_organization_trail": true}, "is_logging")},
			"t (multi-region, logging unknown, S3 data events for every bucket: set in the management account)"},
	} {
		for i := range c.trails {
			c.trails[i].Name = "t"
		}
		rs := append([]mamori.Resource{{Account: a, Type: "aws_account", ID: "arn:aws:iam::" + a + ":root"}}, c.trails...)
		cloudtrailS3Objects.Run(NewIndex(rs))
		if got := rs[0].Facts["s3_object_logging_trails"]; got != c.want {
			t.Errorf("s3_object_logging_trails = %q, want %q", got, c.want)
		}
	}
	// CloudTrail not read: nothing concluded.
	rs := []mamori.Resource{{Account: a, Type: "aws_account", ID: "acct"}}
	Run(rs, func(s string) bool { return s == "iam" })
	if _, ok := rs[0].Facts["s3_object_write_logging"]; ok {
		t.Errorf("facts set without CloudTrail collected: %v", rs[0].Facts)
	}
}

// In an organisation scan, the management account's organisation trail, as
// read there, covers a member whose own view of it shows no selectors.
func TestCloudTrailS3ObjectsOrganization(t *testing.T) {
	const mg, member = "111111111111", "222222222222"
	orgTrail := "arn:aws:cloudtrail:us-east-1:" + mg + ":trail/org"
	rs := []mamori.Resource{
		{Account: mg, Type: "aws_account", ID: "m"},
		{Account: member, Type: "aws_account", ID: "a"},
		{Account: mg, Type: "aws_cloudtrail", ID: orgTrail, Attributes: map[string]any{
			"is_multi_region_trail": true, "is_logging": true, "s3_data_events": "WriteOnly", "is_organization_trail": true}},
		{Account: member, Type: "aws_cloudtrail", ID: orgTrail, Attributes: map[string]any{
			"is_multi_region_trail": true, "is_logging": true, "s3_data_events": nil, "is_organization_trail": true}},
		{Account: member, Type: "aws.organizations.account", ID: "o", Attributes: map[string]any{"ManagementAccountId": mg}},
	}
	RunIn(rs, nil, func(string, string) bool { return true })
	want := map[string]any{"s3_object_write_logging": true, "s3_object_read_logging": false}
	for i, r := range rs[:2] {
		desc := orgTrail + " (multi-region, logging, S3 data events for every bucket: WriteOnly)"
		if i == 1 {
			desc += " as read in " + mg
		}
		want["s3_object_logging_trails"] = desc
		got := map[string]any{}
		for k, v := range r.Facts {
			if strings.HasPrefix(k, "s3_object_") {
				got[k] = v
			}
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s facts (-want +got):\n%s", r.Account, d)
		}
	}
}
