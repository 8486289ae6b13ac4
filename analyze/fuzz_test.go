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
