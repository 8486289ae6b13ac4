package aws

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/awsemu"
)

const cloudtrailWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, eu-west-1, us-east-1]
    per_region:
      ap-northeast-1:
        cloudtrail:
          trails:
            - name: main
              multi_region: true
              log_validation: true
              logging: true
              kms_key_id: arn:aws:kms:ap-northeast-1:123456789012:key/k1
              s3_bucket: audit-logs
              log_group_arn: "arn:aws:logs:ap-northeast-1:123456789012:log-group:trail:*"
            - {name: tokyo-only, logging: false, global_events: false, management_events: WriteOnly}
      eu-west-1:
        cloudtrail:
          trails:
            - {name: eu-multi, multi_region: true, logging: true, advanced: true, management_events: ReadOnly}
      us-east-1:
        cloudtrail:
          trails:
            - {name: use1, logging: true, advanced: true}
            - {name: org, owner: "999999999999", organization: true, multi_region: true, logging: true}
`

// collectIn is collect limited to some regions of the world.
func collectIn(t testing.TB, w *awsemu.World, f awsemu.Faults, regions []string, services ...string) collected {
	t.Helper()
	s := awsemu.New(w, f)
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := New(Options{Config: s.Config(regions[0]), Regions: regions, Services: services})
	var out collected
	err := c.Collect(context.Background(), func(r mamori.Resource) { out.Resources = append(out.Resources, r) },
		func(e mamori.CollectError) { out.Errors = append(out.Errors, e) })
	if err != nil {
		t.Fatal(err)
	}
	out.Stats = s.Stats()
	return out
}

func TestCloudTrail(t *testing.T) {
	got := collect(t, world(t, cloudtrailWorld), awsemu.Faults{}, "cloudtrail")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	// Each trail once, although the two multi-region trails are listed in
	// all three regions.
	trails := got.byType("aws_cloudtrail")
	var names []string
	for _, r := range trails {
		names = append(names, r.Name)
	}
	slices.Sort(names)
	if d := cmp.Diff([]string{"eu-multi", "main", "org", "tokyo-only", "use1"}, names); d != "" {
		t.Fatalf("trails (-want +got):\n%s", d)
	}
	if n := got.Stats.Calls["cloudtrail:DescribeTrails"]; n != 3 {
		t.Errorf("DescribeTrails called %d times, want once per region", n)
	}
	if n := got.Stats.Calls["cloudtrail:GetTrailStatus"]; n != 5 {
		t.Errorf("GetTrailStatus called %d times, want once per trail", n)
	}
	main := got.byName(t, "aws_cloudtrail", "main")
	want := map[string]any{
		"name": "main", "arn": "arn:aws:cloudtrail:ap-northeast-1:123456789012:trail/main", "home_region": "ap-northeast-1",
		"is_multi_region_trail": true, "is_organization_trail": false, "include_global_service_events": true,
		"log_file_validation_enabled": true, "kms_key_id": "arn:aws:kms:ap-northeast-1:123456789012:key/k1",
		"s3_bucket_name": "audit-logs", "cloud_watch_logs_log_group_arn": "arn:aws:logs:ap-northeast-1:123456789012:log-group:trail:*",
		"is_logging": true, "management_events": "All", "s3_data_events": "None",
	}
	if d := cmp.Diff(want, main.Attributes); d != "" {
		t.Errorf("main attributes (-want +got):\n%s", d)
	}
	if main.ID != want["arn"] || main.Region != "ap-northeast-1" {
		t.Errorf("main: id %s region %s", main.ID, main.Region)
	}
	wantRels := []mamori.Relation{
		{Kind: "uses_key", Type: "aws_kms_key", ID: "arn:aws:kms:ap-northeast-1:123456789012:key/k1"},
		{Kind: "writes_to", Type: "aws_s3_bucket", ID: "arn:aws:s3:::audit-logs"},
	}
	if d := cmp.Diff(wantRels, main.Relations); d != "" {
		t.Errorf("main relations (-want +got):\n%s", d)
	}
	tokyo := got.byName(t, "aws_cloudtrail", "tokyo-only").Attributes
	for k, v := range map[string]any{
		"is_logging": false, "include_global_service_events": false, "kms_key_id": nil, "log_file_validation_enabled": false,
		"s3_bucket_name": "aws-cloudtrail-logs-123456789012-tokyo-only", "cloud_watch_logs_log_group_arn": nil, "management_events": "WriteOnly",
	} {
		if d := cmp.Diff(v, tokyo[k]); d != "" {
			t.Errorf("tokyo-only %s (-want +got):\n%s", k, d)
		}
	}
	eu := got.byName(t, "aws_cloudtrail", "eu-multi")
	if eu.Region != "eu-west-1" || eu.Attributes["management_events"] != "ReadOnly" || eu.Attributes["is_logging"] != true {
		t.Errorf("eu-multi: region %s attributes %v", eu.Region, eu.Attributes)
	}
	// The selectors of an organization trail owned by the management
	// account cannot be read from a member account: null, and no call.
	org := got.byName(t, "aws_cloudtrail", "org")
	if v, ok := org.Attributes["management_events"]; !ok || v != nil || org.Attributes["is_organization_trail"] != true || org.Attributes["is_logging"] != true {
		t.Errorf("org trail attributes %v", org.Attributes)
	}
	if v, ok := org.Attributes["s3_data_events"]; !ok || v != nil {
		t.Errorf("org trail attributes %v", org.Attributes)
	}
	if org.ID != "arn:aws:cloudtrail:us-east-1:999999999999:trail/org" || org.Account != "123456789012" {
		t.Errorf("org trail id %s account %s", org.ID, org.Account)
	}
	if n := got.Stats.Calls["cloudtrail:GetEventSelectors"]; n != 4 {
		t.Errorf("GetEventSelectors called %d times, want 4 (not for the organization trail)", n)
	}
	if me := got.byName(t, "aws_cloudtrail", "use1").Attributes["management_events"]; me != "All" {
		t.Errorf("use1 (advanced selectors) management_events = %v, want All", me)
	}
}

// Which S3 object-level events a trail records for every bucket (CIS 3.8,
// 3.9), from event selectors written in the API's shape.
func TestCloudTrailS3DataEvents(t *testing.T) {
	const w = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1]
    per_region:
      ap-northeast-1:
        cloudtrail:
          trails:
            - name: basic-write-all-buckets
              event_selectors:
                EventSelectors:
                  - {ReadWriteType: All, IncludeManagementEvents: true, DataResources: []}
                  - {ReadWriteType: WriteOnly, IncludeManagementEvents: false, DataResources: [{Type: "AWS::S3::Object", Values: ["arn:aws:s3"]}]}
            - name: basic-one-bucket
              event_selectors:
                EventSelectors:
                  - {ReadWriteType: All, IncludeManagementEvents: true, DataResources: [{Type: "AWS::S3::Object", Values: ["arn:aws:s3:::payroll/"]}]}
            - name: basic-lambda-only
              event_selectors:
                EventSelectors:
                  - {ReadWriteType: All, IncludeManagementEvents: true, DataResources: [{Type: "AWS::Lambda::Function", Values: ["arn:aws:lambda"]}]}
            - name: advanced-read
              event_selectors:
                AdvancedEventSelectors:
                  - {Name: reads, FieldSelectors: [{Field: eventCategory, Equals: [Data]}, {Field: resources.type, Equals: ["AWS::S3::Object"]}, {Field: readOnly, Equals: ["true"]}]}
            - name: advanced-some-buckets
              event_selectors:
                AdvancedEventSelectors:
                  - {Name: some, FieldSelectors: [{Field: eventCategory, Equals: [Data]}, {Field: resources.type, Equals: ["AWS::S3::Object"]}, {Field: resources.ARN, StartsWith: ["arn:aws:s3:::payroll/"]}]}
            - name: advanced-split
              event_selectors:
                AdvancedEventSelectors:
                  - {Name: writes, FieldSelectors: [{Field: eventCategory, Equals: [Data]}, {Field: resources.type, Equals: ["AWS::S3::Object"]}, {Field: readOnly, Equals: ["false"]}]}
                  - {Name: reads, FieldSelectors: [{Field: eventCategory, Equals: [Data]}, {Field: resources.type, Equals: ["AWS::S3::Object"]}, {Field: readOnly, Equals: ["true"]}]}
            - {name: advanced-default, advanced: true}
            - {name: management-only}
`
	got := collect(t, world(t, w), awsemu.Faults{}, "cloudtrail")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	res := map[string]any{}
	for _, r := range got.byType("aws_cloudtrail") {
		res[r.Name] = r.Attributes["s3_data_events"]
	}
	want := map[string]any{
		"basic-write-all-buckets": "WriteOnly", "basic-one-bucket": "None", "basic-lambda-only": "None",
		"advanced-read": "ReadOnly", "advanced-some-buckets": "None", "advanced-split": "All",
		"advanced-default": "All", "management-only": "None",
	}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("s3_data_events (-want +got):\n%s", d)
	}
	if me := got.byName(t, "aws_cloudtrail", "basic-write-all-buckets").Attributes["management_events"]; me != "All" {
		t.Errorf("management_events beside a data selector = %v, want All", me)
	}
}

// A multi-region trail whose home region is not scanned is still emitted,
// once, from the first scanned region; a single-region trail of an unscanned
// region is invisible.
func TestCloudTrailHomeNotScanned(t *testing.T) {
	got := collectIn(t, world(t, cloudtrailWorld), awsemu.Faults{}, []string{"us-east-1", "eu-west-1"}, "cloudtrail")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	var names []string
	for _, r := range got.byType("aws_cloudtrail") {
		names = append(names, r.Name+"@"+r.Region)
	}
	slices.Sort(names)
	if d := cmp.Diff([]string{"eu-multi@eu-west-1", "main@ap-northeast-1", "org@us-east-1", "use1@us-east-1"}, names); d != "" {
		t.Errorf("trails (-want +got):\n%s", d)
	}
	if l := got.byName(t, "aws_cloudtrail", "main").Attributes["is_logging"]; l != true {
		t.Errorf("shadow trail status: is_logging = %v", l)
	}
}

// A failed GetTrailStatus is an error, and the trail carries no is_logging at
// all: neither false (a wrong FAIL) nor true.
func TestCloudTrailStatusDenied(t *testing.T) {
	got := collect(t, world(t, cloudtrailWorld), awsemu.Faults{Deny: []string{"cloudtrail:GetTrailStatus@ap-northeast-1"}}, "cloudtrail")
	for _, name := range []string{"main", "tokyo-only"} {
		a := got.byName(t, "aws_cloudtrail", name).Attributes
		if v, ok := a["is_logging"]; ok {
			t.Errorf("%s: is_logging = %v after a failed GetTrailStatus", name, v)
		}
		if a["log_file_validation_enabled"] == nil {
			t.Errorf("%s: other attributes missing", name)
		}
	}
	if l := got.byName(t, "aws_cloudtrail", "use1").Attributes["is_logging"]; l != true {
		t.Errorf("use1 is_logging = %v", l)
	}
	if len(got.Errors) != 2 {
		t.Fatalf("errors = %+v, want two", got.Errors)
	}
	for _, e := range got.Errors {
		if e.Action != "cloudtrail:GetTrailStatus" || e.Region != "ap-northeast-1" || !strings.Contains(e.Message, "AccessDenied") ||
			!cmp.Equal(e.Types, []string{"aws_cloudtrail", "aws_account"}) {
			t.Errorf("error = %+v", e)
		}
	}
}

func TestCloudTrailDescribeDenied(t *testing.T) {
	got := collect(t, world(t, cloudtrailWorld), awsemu.Faults{Deny: []string{"cloudtrail:DescribeTrails@ap-northeast-1"}}, "cloudtrail")
	var names []string
	for _, r := range got.byType("aws_cloudtrail") {
		names = append(names, r.Name)
	}
	slices.Sort(names)
	if d := cmp.Diff([]string{"eu-multi", "org", "use1"}, names); d != "" {
		t.Errorf("trails (-want +got):\n%s", d)
	}
	if len(got.Errors) != 1 || got.Errors[0].Action != "cloudtrail:DescribeTrails" || !slices.Contains(got.Errors[0].Types, "aws_account") {
		t.Fatalf("errors = %+v, want one DescribeTrails error covering aws_account", got.Errors)
	}
}

func TestCloudTrailEventSelectorsDenied(t *testing.T) {
	got := collect(t, world(t, cloudtrailWorld), awsemu.Faults{Deny: []string{"cloudtrail:GetEventSelectors"}}, "cloudtrail")
	if _, ok := got.byName(t, "aws_cloudtrail", "main").Attributes["management_events"]; ok {
		t.Errorf("management_events set after a failed GetEventSelectors")
	}
	if len(got.Errors) != 4 {
		t.Errorf("got %d errors, want one per trail", len(got.Errors))
	}
}
