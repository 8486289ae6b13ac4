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

// orgIAMWorld: the same administrator policy and the same PassRole +
// RunInstances developer in the management account and in a member whose
// unit's SCP denies IAM writes and ec2:RunInstances; an SCP on the root
// denies leaving the organisation (an admin probe). FullAWSAccess is
// attached to every node, as AWS does when SCPs are enabled.
const orgIAMWorld = `
organization:
  management: "111111111111"
  root: r-ab12
  role: {name: MamoriAudit}
  units:
    - {id: ou-ab12-prod, name: Prod}
  members:
    - {id: "222222222222", name: prod-app, parent: ou-ab12-prod}
  policies:
    - id: p-FullAWSAccess
      name: FullAWSAccess
      aws_managed: true
      targets: [r-ab12, ou-ab12-prod, "111111111111", "222222222222"]
      content: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'
    - id: p-guard
      name: GuardRails
      targets: [ou-ab12-prod]
      content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["iam:Attach*","iam:Put*","iam:Create*","iam:Update*","ec2:RunInstances"],"Resource":"*"}]}'
    - id: p-stay
      name: DenyLeaving
      targets: [r-ab12]
      content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}'
accounts:
  - id: "111111111111"
    regions: [ap-northeast-1]
    iam: &iam
      users:
        - name: admin
          created: 100d ago
          inline_policies:
            all: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'
        - name: dev
          created: 100d ago
          inline_policies:
            launch: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"}}'
        - name: ops
          created: 100d ago
          inline_policies:
            iam: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["iam:AttachUserPolicy","iam:PutUserPolicy"],"Resource":"*"}}'
      roles:
        - name: web-admin
          created: 100d ago
          instance_profile: true
          assume_role_policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
          inline_policies:
            all: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'
  - id: "222222222222"
    regions: [ap-northeast-1]
    iam: *iam
`

// The IAM analyzer reads what the organisation collector produces: an SCP
// attached to the member's unit takes away what the identity policies give
// (admin equivalence, PassRole to an EC2 role), and the management account,
// which SCPs never restrict, keeps both.
func TestOrgSCPsReachIAMAnalysis(t *testing.T) {
	w, err := awsemu.ParseWorld([]byte(orgIAMWorld))
	if err != nil {
		t.Fatal(err)
	}
	s := awsemu.New(w, awsemu.Faults{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := aws.NewOrg(aws.OrgOptions{Options: aws.Options{Config: s.Config("ap-northeast-1"), Regions: []string{"ap-northeast-1"},
		Services: []string{"iam", "organizations"}}, Role: "MamoriAudit"})
	var rs []mamori.Resource
	var mu sync.Mutex
	err = c.Collect(context.Background(), func(r mamori.Resource) { mu.Lock(); rs = append(rs, r); mu.Unlock() },
		func(e mamori.CollectError) { t.Errorf("collect error: %+v", e) })
	if err != nil {
		t.Fatal(err)
	}
	Run(rs, nil)
	got := map[string]any{}
	for _, r := range rs {
		if r.Type != "aws_iam_user" && r.Type != "aws_iam_role" {
			continue
		}
		got[r.Account+" "+r.Name] = []any{r.Facts["admin_equivalent"], r.Facts["escalation_summary"], r.Facts["scp_incomplete"]}
	}
	want := map[string]any{
		"111111111111 admin":     []any{true, "", nil},
		"111111111111 web-admin": []any{true, "", nil},
		"111111111111 ops":       []any{false, "iam:AttachUserPolicy AdministratorAccess to arn:aws:iam::111111111111:user/ops (itself)", nil},
		"111111111111 dev": []any{false, "iam:PassRole arn:aws:iam::111111111111:role/web-admin with ec2:RunInstances (run code as the role) → " +
			"arn:aws:iam::111111111111:role/web-admin is admin-equivalent", nil},
		// Everything the SCPs leave to anyone in the account: still the
		// account's administrators (the probes the SCPs deny to all, IAM
		// writes and leaving the organisation, do not count).
		"222222222222 admin":     []any{true, "", nil},
		"222222222222 web-admin": []any{true, "", nil},
		// ec2:RunInstances is denied by the unit's SCP: no PassRole path.
		"222222222222 dev": []any{false, "", nil},
		// Denied only by the SCP: an identity policy allowing it is not enough.
		"222222222222 ops": []any{false, "", nil},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
