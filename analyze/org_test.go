package analyze

import (
	"context"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
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

// Security Hub run by the delegated administrator, read through the real
// collectors from an emulated organisation: the member region the admin's
// hub lists passes, a region the admin has no hub in does not.
func TestSecurityHubDelegatedAdminOrg(t *testing.T) {
	w, err := awsemu.ParseWorld([]byte(`
organization:
  management: "111111111111"
  root: r-ab12
  role: {name: MamoriAudit}
  members:
    - {id: "222222222222", name: security}
    - {id: "333333333333", name: app}
  delegated_administrators:
    - {account: "222222222222", services: [securityhub.amazonaws.com]}
accounts:
  - id: "111111111111"
    regions: [ap-northeast-1, us-east-1]
  - id: "222222222222"
    regions: [ap-northeast-1, us-east-1]
    per_region:
      ap-northeast-1:
        securityhub: {enabled: true, members: ["333333333333"]}
  - id: "333333333333"
    regions: [ap-northeast-1, us-east-1]
`))
	if err != nil {
		t.Fatal(err)
	}
	s := awsemu.New(w, awsemu.Faults{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := aws.NewOrg(aws.OrgOptions{Options: aws.Options{Config: s.Config("ap-northeast-1"), Regions: []string{"ap-northeast-1", "us-east-1"},
		Services: []string{"securityhub", "organizations"}}, Role: "MamoriAudit"})
	var rs []mamori.Resource
	var mu sync.Mutex
	if err := c.Collect(context.Background(), func(r mamori.Resource) { mu.Lock(); rs = append(rs, r); mu.Unlock() },
		func(e mamori.CollectError) { t.Errorf("collect error: %+v", e) }); err != nil {
		t.Fatal(err)
	}
	Run(rs, nil)
	got := map[string]any{}
	for _, r := range rs {
		if r.Type == "aws_securityhub_account" {
			got[r.Account+" "+r.Region] = r.Facts["delegated_admin"]
		}
	}
	want := map[string]any{
		"111111111111 ap-northeast-1": nil, "111111111111 us-east-1": nil,
		"222222222222 ap-northeast-1": nil, "222222222222 us-east-1": nil,
		"333333333333 ap-northeast-1": "222222222222", "333333333333 us-east-1": nil,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("delegated_admin (-want +got):\n%s", d)
	}
}
