package analyze

import (
	"fmt"
	"testing"

	"github.com/mamori-sec/mamori"
)

// iamAccount builds an account of users and roles: most users read-only
// through a group, one in fifty with PassRole + RunInstances, one in a
// hundred able to create access keys for anyone, roles trusting the account
// or EC2, a tenth of them admin.
func iamAccount(users, roles int) []mamori.Resource {
	admin := "arn:aws:iam::aws:policy/AdministratorAccess"
	ro := "arn:aws:iam::aws:policy/ReadOnlyAccess"
	rs := []mamori.Resource{
		{Provider: "aws", Account: iamAcct, Region: "global", Type: "aws_iam_policy", ID: admin, Name: "AdministratorAccess",
			Attributes: map[string]any{"arn": admin, "document": allowAll, "aws_managed": true}},
		{Provider: "aws", Account: iamAcct, Region: "global", Type: "aws_iam_policy", ID: ro, Name: "ReadOnlyAccess",
			Attributes: map[string]any{"arn": ro, "aws_managed": true, "document": `{"Statement":{"Effect":"Allow","Action":["*:Describe*","*:Get*","*:List*"],"Resource":"*"}}`}},
		iamRes("aws_iam_group", "readers", map[string]any{"group_name": "readers", "attached_policy_arns": []any{ro}}),
	}
	for i := 0; i < users; i++ {
		a := map[string]any{"groups": []any{"readers"}}
		switch {
		case i%100 == 0:
			a["inline_policies"] = iamInline("keys", `{"Statement":{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"}}`)
		case i%50 == 0:
			a["inline_policies"] = iamInline("ec2", `{"Statement":{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"}}`)
		case i%20 == 0:
			a["inline_policies"] = iamInline("assume", `{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}`)
		}
		rs = append(rs, iamRes("aws_iam_user", fmt.Sprintf("user-%05d", i), a))
	}
	for i := 0; i < roles; i++ {
		a := map[string]any{"attached_policy_arns": []any{ro}, "assume_role_policy": acctTrust}
		if i%10 == 0 {
			a["attached_policy_arns"] = []any{admin}
		}
		if i%3 == 0 {
			a["assume_role_policy"] = ec2Trust
			a["instance_profile_arns"] = []any{"x"}
		}
		rs = append(rs, iamRes("aws_iam_role", fmt.Sprintf("role-%04d", i), a))
	}
	return rs
}

// BenchmarkIAMEffective: the whole IAM analysis (effective permissions,
// admin-equivalence, escalation paths) of an account of 2,000 users and 300
// roles.
func BenchmarkIAMEffective(b *testing.B) {
	base := iamAccount(2000, 300)
	for b.Loop() {
		rs := make([]mamori.Resource, len(base))
		copy(rs, base)
		for i := range rs {
			rs[i].Facts = nil
		}
		ix := NewIndex(rs)
		iamEffective.Run(ix)
	}
}

func TestIAMAccountShape(t *testing.T) {
	rs := iamAccount(200, 30)
	Run(rs, nil)
	paths := 0
	for _, r := range rs {
		if p, ok := r.Facts["escalation_paths"].([]any); ok && len(p) > 0 {
			paths++
		}
	}
	// users 0 and 100 (CreateAccessKey on anyone, some of whom assume admin
	// roles), the PassRole users (50, 150), the AssumeRole users (10 of them),
	// and every user or role trusted by the account whose policy allows
	// sts:AssumeRole... the read-only ones do not.
	if paths == 0 {
		t.Fatal("no escalation found in the benchmark account")
	}
}
