package aws

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori/awsemu"
)

const guarddutyWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, eu-west-1, us-east-1]
    per_region:
      ap-northeast-1:
        guardduty:
          detectors:
            - {id: 0123456789abcdef0123456789abcdef, frequency: FIFTEEN_MINUTES, tags: {team: sec}, disabled_features: [RDS_LOGIN_EVENTS, RUNTIME_MONITORING]}
      eu-west-1:
        guardduty:
          detectors:
            - {id: fedcba9876543210fedcba9876543210, status: DISABLED}
`

func TestGuardDuty(t *testing.T) {
	got := collect(t, world(t, guarddutyWorld), awsemu.Faults{}, "guardduty")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	ds := got.byType("aws_guardduty_detector")
	if len(ds) != 3 {
		t.Fatalf("got %d detectors, want one per region", len(ds))
	}
	tokyo := got.byName(t, "aws_guardduty_detector", "0123456789abcdef0123456789abcdef")
	want := map[string]any{"detector_id": "0123456789abcdef0123456789abcdef", "exists": true, "enable": true, "finding_publishing_frequency": "FIFTEEN_MINUTES",
		"member_accounts": []any{}, "enabled_features": []any{"CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS", "S3_DATA_EVENTS", "EKS_AUDIT_LOGS",
			"EBS_MALWARE_PROTECTION", "LAMBDA_NETWORK_LOGS"}}
	if d := cmp.Diff(want, tokyo.Attributes); d != "" {
		t.Errorf("tokyo detector (-want +got):\n%s", d)
	}
	if tokyo.ID != "arn:aws:guardduty:ap-northeast-1:123456789012:detector/0123456789abcdef0123456789abcdef" || tokyo.Region != "ap-northeast-1" || tokyo.Tags["team"] != "sec" {
		t.Errorf("tokyo detector: id %s region %s tags %v", tokyo.ID, tokyo.Region, tokyo.Tags)
	}
	eu := got.byName(t, "aws_guardduty_detector", "fedcba9876543210fedcba9876543210")
	if eu.Attributes["enable"] != false || eu.Attributes["exists"] != true || eu.Attributes["finding_publishing_frequency"] != "SIX_HOURS" ||
		len(eu.Attributes["enabled_features"].([]any)) != 0 {
		t.Errorf("suspended detector: %v", eu.Attributes)
	}
	none := got.byName(t, "aws_guardduty_detector", "(none)")
	wantNone := map[string]any{"detector_id": nil, "exists": false, "enable": false, "finding_publishing_frequency": nil, "enabled_features": []any{}}
	if d := cmp.Diff(wantNone, none.Attributes); d != "" {
		t.Errorf("placeholder (-want +got):\n%s", d)
	}
	if none.ID != "arn:aws:guardduty:us-east-1:123456789012:detector/none" || none.Region != "us-east-1" {
		t.Errorf("placeholder: id %s region %s", none.ID, none.Region)
	}
}

func TestGuardDutyPagination(t *testing.T) {
	var b strings.Builder
	b.WriteString("accounts:\n  - id: \"123456789012\"\n    regions: [eu-west-1]\n    per_region:\n      eu-west-1:\n        guardduty:\n          detectors:\n")
	for i := 0; i < 120; i++ {
		fmt.Fprintf(&b, "            - {id: %032d}\n", i)
	}
	got := collect(t, world(t, b.String()), awsemu.Faults{}, "guardduty")
	if n := len(got.byType("aws_guardduty_detector")); n != 120 {
		t.Fatalf("got %d detectors, want 120", n)
	}
	if n := got.Stats.Calls["guardduty:ListDetectors"]; n != 3 {
		t.Errorf("ListDetectors called %d times, want 3 pages", n)
	}
}

// Without ListDetectors nothing is known: no placeholder (which would read as
// "GuardDuty is off"), an error instead. Without GetDetector the detector is
// missing and the error says why.
func TestGuardDutyAccessDenied(t *testing.T) {
	got := collect(t, world(t, guarddutyWorld), awsemu.Faults{Deny: []string{"guardduty:ListDetectors@us-east-1", "guardduty:GetDetector@ap-northeast-1"}}, "guardduty")
	ds := got.byType("aws_guardduty_detector")
	if len(ds) != 1 || ds[0].Region != "eu-west-1" {
		t.Errorf("got %d detectors, want only eu-west-1's", len(ds))
	}
	if len(got.Errors) != 2 {
		t.Fatalf("errors = %+v, want two", got.Errors)
	}
	for _, e := range got.Errors {
		if !strings.Contains(e.Message, "AccessDenied") || !cmp.Equal(e.Types, []string{"aws_guardduty_detector"}) {
			t.Errorf("error = %+v", e)
		}
		if e.Region == "ap-northeast-1" && e.Action != "guardduty:GetDetector" {
			t.Errorf("error = %+v, want the GetDetector action", e)
		}
	}
}
