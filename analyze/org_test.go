package analyze

import (
	"testing"

	"github.com/mamori-sec/mamori"
)

// An organisation trail of the management account covers a member whose
// own view of the trails could not be read; a trail that is not logging
// covers nobody, and the member stays unknown.
func TestOrganizationTrailCoversMembers(t *testing.T) {
	for _, c := range []struct {
		name    string
		logging bool
		want    any // the member's multi_region_trail_logging; nil: left out
	}{
		{"logging organisation trail", true, true},
		{"stopped organisation trail", false, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			rs := []mamori.Resource{
				{Account: "111111111111", Type: "aws_account", ID: "arn:aws:iam::111111111111:root"},
				{Account: "222222222222", Type: "aws_account", ID: "arn:aws:iam::222222222222:root"},
				{Account: "111111111111", Type: "aws_cloudtrail", ID: "arn:aws:cloudtrail:ap-northeast-1:111111111111:trail/org",
					Attributes: map[string]any{"is_multi_region_trail": true, "include_global_service_events": true, "is_logging": c.logging,
						"management_events": "All", "is_organization_trail": true}},
				{Account: "222222222222", Type: "aws.organizations.account", ID: "arn:aws:organizations::111111111111:account/o-x/222222222222",
					Attributes: map[string]any{"ManagementAccountId": "111111111111"}},
			}
			RunIn(rs, func(string) bool { return false }, func(account, svc string) bool { return account == "111111111111" })
			member := rs[1]
			if got := member.Facts["multi_region_trail_logging"]; got != c.want {
				t.Errorf("member multi_region_trail_logging = %v, want %v (facts %v)", got, c.want, member.Facts)
			}
			if c.want == true && member.Facts["organization_trail"] != "111111111111" {
				t.Errorf("organization_trail = %v", member.Facts["organization_trail"])
			}
			if rs[0].Facts["multi_region_trail_logging"] != c.logging {
				t.Errorf("management account: %v", rs[0].Facts)
			}
		})
	}
}

// GuardDuty run by the organisation's delegated administrator credits the
// member regions its enabled detector lists, and nothing else.
func TestGuardDutyDelegatedAdmin(t *testing.T) {
	det := func(acct, region string, exists, enable bool, members ...any) mamori.Resource {
		a := map[string]any{"exists": exists, "enable": enable}
		if members != nil {
			a["member_accounts"] = members
		}
		return mamori.Resource{Account: acct, Region: region, Type: "aws_guardduty_detector", ID: acct + "/" + region, Attributes: a}
	}
	rs := []mamori.Resource{
		{Account: "222222222222", Type: "aws.organizations.account", ID: "a/222", Attributes: map[string]any{"DelegatedServices": []any{"guardduty.amazonaws.com"}, "Status": "ACTIVE"}},
		{Account: "666666666666", Type: "aws.organizations.account", ID: "a/666", Attributes: map[string]any{"DelegatedServices": []any{}, "Status": "ACTIVE"}},
		det("222222222222", "ap-northeast-1", true, true, "666666666666"),
		det("222222222222", "us-east-1", true, false, "666666666666"), // suspended: watches nobody
		det("666666666666", "ap-northeast-1", false, false),
		det("666666666666", "us-east-1", false, false),
		det("777777777777", "ap-northeast-1", false, false),
		det("888888888888", "ap-northeast-1", true, true, "777777777777"), // not the delegated admin
	}
	Run(rs, nil)
	got := map[string]any{}
	for _, r := range rs {
		if v, ok := r.Facts["delegated_admin"]; ok {
			got[r.ID] = v
		}
	}
	if len(got) != 1 || got["666666666666/ap-northeast-1"] != "222222222222" {
		t.Errorf("delegated_admin facts: %v", got)
	}
}
