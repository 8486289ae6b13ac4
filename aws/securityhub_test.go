package aws

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori/awsemu"
)

const securityhubWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, us-east-1]
    per_region:
      ap-northeast-1:
        securityhub: {enabled: true, auto_enable_controls: false, subscribed_at: "2024-05-01T09:30:00.123Z", members: ["222222222222", "333333333333"]}
`

func TestSecurityHub(t *testing.T) {
	got := collect(t, world(t, securityhubWorld), awsemu.Faults{}, "securityhub")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	hubs := got.byType("aws_securityhub_account")
	if len(hubs) != 2 {
		t.Fatalf("got %d hubs, want one per region", len(hubs))
	}
	want := map[string]any{
		"ap-northeast-1": map[string]any{
			"enabled": true, "hub_arn": "arn:aws:securityhub:ap-northeast-1:123456789012:hub/default",
			"subscribed_at": "2024-05-01T09:30:00Z", "auto_enable_controls": false, "control_finding_generator": "SECURITY_CONTROL",
			"member_accounts": []any{"222222222222", "333333333333"},
		},
		// Not subscribed: DescribeHub answers InvalidAccessException, which
		// is "not enabled", not a failure.
		"us-east-1": map[string]any{
			"enabled": false, "hub_arn": nil, "subscribed_at": nil, "auto_enable_controls": nil, "control_finding_generator": nil,
		},
	}
	for _, h := range hubs {
		if d := cmp.Diff(want[h.Region], any(h.Attributes)); d != "" {
			t.Errorf("%s (-want +got):\n%s", h.Region, d)
		}
		if h.ID != "arn:aws:securityhub:"+h.Region+":123456789012:hub/default" || h.Name != "default" {
			t.Errorf("%s: id %s name %s", h.Region, h.ID, h.Name)
		}
	}
}

func TestSecurityHubAccessDenied(t *testing.T) {
	got := collect(t, world(t, securityhubWorld), awsemu.Faults{Deny: []string{"securityhub:DescribeHub@us-east-1"}}, "securityhub")
	hubs := got.byType("aws_securityhub_account")
	if len(hubs) != 1 || hubs[0].Region != "ap-northeast-1" {
		t.Errorf("got %d hubs, want only ap-northeast-1's (a denied region is not 'not enabled')", len(hubs))
	}
	if len(got.Errors) != 1 || got.Errors[0].Region != "us-east-1" || !strings.Contains(got.Errors[0].Message, "AccessDenied") ||
		!cmp.Equal(got.Errors[0].Types, []string{"aws_securityhub_account"}) {
		t.Fatalf("errors = %+v, want one AccessDenied in us-east-1", got.Errors)
	}
}
