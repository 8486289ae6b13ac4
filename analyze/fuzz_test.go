package analyze

import (
	"encoding/json"
	"testing"

	"github.com/mamori-sec/mamori"
)

// FuzzS3Public: a bucket policy is whatever the account owner wrote. The
// analyzer must judge any JSON object without panicking.
func FuzzS3Public(f *testing.F) {
	for _, s := range []string{
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
		`{"Statement":{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:*"],"Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","NotAction":"s3:Delete*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["0.0.0.0/1","10.0.0.0/8"]}}}]}`,
		`{"Statement":[null,1,"x",{"Effect":7}]}`,
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, policy string, blocked bool) {
		var p map[string]any
		if json.Unmarshal([]byte(policy), &p) != nil {
			return
		}
		pab := map[string]any{"block_public_acls": blocked, "ignore_public_acls": blocked, "block_public_policy": blocked, "restrict_public_buckets": blocked}
		rs := []mamori.Resource{
			{Provider: "aws", Account: "1", Type: "aws_s3_account_public_access_block", ID: "a", Attributes: map[string]any{"exists": true, "block_public_acls": false, "ignore_public_acls": false, "block_public_policy": false, "restrict_public_buckets": false}},
			{Provider: "aws", Account: "1", Type: "aws_s3_bucket", ID: "arn:aws:s3:::b", Name: "b", Attributes: map[string]any{
				"bucket": "b", "policy": p, "public_access_block": pab,
				"acl_grants": []any{map[string]any{"grantee_type": "Group", "grantee_uri": "http://acs.amazonaws.com/groups/global/AllUsers", "permission": "READ"}},
			}},
		}
		Run(rs, nil)
	})
}

// FuzzIAMEffective: identity, boundary, trust and SCP documents are
// whatever the account's administrators wrote. Any text gives facts or an
// unreadable_policies fact naming it — never a panic, and never
// admin_equivalent=false for a principal with a document that cannot be read.
func FuzzIAMEffective(f *testing.F) {
	for _, s := range []string{
		`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
		`{"Statement":[{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::x","Condition":{"Bool":{"aws:MultiFactorAuthPresent":true}}}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*","Service":["sns.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`,
		`{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`,
		`{"Statement":[1]}`, `not json`, `{}`,
	} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, identity, other string) {
		rs := []mamori.Resource{
			iamRes("aws_iam_user", "u", map[string]any{"inline_policies": iamInline("p", identity), "permissions_boundary": "arn:aws:iam::111122223333:policy/b"}),
			iamPolicyRes("b", other),
			iamRes("aws_iam_role", "r", map[string]any{"inline_policies": iamInline("p", other), "assume_role_policy": identity, "instance_profile_arns": []any{"x"}}),
			{Provider: "aws", Account: "1", Region: "global", Type: "aws.organizations.policy", ID: "p-1",
				Attributes: map[string]any{"Content": other, "Targets": []any{"r-1", map[string]any{"TargetId": iamAcct}}}},
		}
		Run(rs, nil)
		u := rs[0].Facts
		if _, bad := u["unreadable_policies"]; bad && u["admin_equivalent"] == false {
			t.Fatalf("an unreadable policy and admin_equivalent=false: %v", u)
		}
		if _, bad := u["unreadable_policies"]; !bad {
			if _, ok := u["admin_equivalent"]; !ok {
				t.Fatalf("readable policies and no admin fact: %v", u)
			}
		}
	})
}
