package analyze

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
)

func TestS3Public(t *testing.T) {
	allOn := map[string]any{"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": true}
	off := map[string]any{"exists": false, "block_public_acls": false, "ignore_public_acls": false, "block_public_policy": false, "restrict_public_buckets": false}
	pab := func(flags ...string) map[string]any {
		m := map[string]any{"block_public_acls": false, "ignore_public_acls": false, "block_public_policy": false, "restrict_public_buckets": false}
		for _, f := range flags {
			m[f] = true
		}
		return m
	}
	acct := func(flags ...string) map[string]any {
		m := pab(flags...)
		m["exists"] = true
		return m
	}
	policy := func(stmts ...string) map[string]any {
		var st []any
		for _, s := range stmts {
			var m map[string]any
			if err := json.Unmarshal([]byte(s), &m); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			st = append(st, m)
		}
		return map[string]any{"Version": "2012-10-17", "Statement": st}
	}
	grant := func(group, perm string) any {
		return map[string]any{"grantee_type": "Group", "grantee_uri": "http://acs.amazonaws.com/groups/" + group, "grantee_id": "", "permission": perm}
	}
	owner := map[string]any{"grantee_type": "CanonicalUser", "grantee_uri": "", "grantee_id": "abc", "permission": "FULL_CONTROL"}
	const (
		getObject  = `{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`
		withCond   = `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*","Condition":%s}`
		readReason = `bucket policy statement "PublicRead" allows Principal "*" s3:GetObject`
	)
	cond := func(c string) string { return fmt.Sprintf(withCond, c) }
	condReason := `bucket policy statement #1 allows Principal {AWS: *} s3:GetObject, s3:PutObject`
	notPublic := map[string]any{"public": false, "public_access": []any{}, "public_reasons": []any{}}
	pub := func(access []any, reasons ...any) map[string]any {
		return map[string]any{"public": true, "public_access": access, "public_reasons": reasons}
	}
	unknown := map[string]any{}
	read := []any{"read"}
	readWrite := []any{"read", "write"}

	type bucket = map[string]any
	base := func(change bucket, drop ...string) bucket {
		return changed(bucket{"policy": nil, "acl_grants": []any{owner}, "public_access_block": nil, "ownership_controls": ""}, change, drop...)
	}
	cases := []struct {
		name    string
		account map[string]any // nil: not collected
		bucket  bucket
		want    map[string]any
	}{
		{"private, nothing configured", off, base(nil), notPublic},
		{"policy Principal * GetObject", off, base(bucket{"policy": policy(getObject)}), pub(read, readReason)},
		{"public policy, account RestrictPublicBuckets", acct("restrict_public_buckets"), base(bucket{"policy": policy(getObject)}), notPublic},
		{"public policy, bucket RestrictPublicBuckets", off, base(bucket{"policy": policy(getObject), "public_access_block": pab("restrict_public_buckets")}), notPublic},
		{"public policy, BlockPublicPolicy only does not make it private", acct("block_public_policy"),
			base(bucket{"policy": policy(getObject), "public_access_block": pab("block_public_policy", "block_public_acls")}), pub(read, readReason)},
		{"public policy, IgnorePublicAcls does not apply to policies", acct("ignore_public_acls"), base(bucket{"policy": policy(getObject)}), pub(read, readReason)},
		{"SourceVpce fixed", off, base(bucket{"policy": policy(cond(`{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}`))}), notPublic},
		{"SourceVpc wildcard", off, base(bucket{"policy": policy(cond(`{"StringLike":{"aws:SourceVpc":"vpc-*"}}`))}), pub(readWrite, condReason)},
		{"SourceVpc policy variable", off, base(bucket{"policy": policy(cond(`{"StringEquals":{"aws:SourceVpc":"${aws:username}"}}`))}), pub(readWrite, condReason)},
		{"office IP range", off, base(bucket{"policy": policy(cond(`{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","198.51.100.7"]}}`))}), notPublic},
		{"private IP range", off, base(bucket{"policy": policy(cond(`{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`))}), notPublic},
		{"whole internet", off, base(bucket{"policy": policy(cond(`{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}`))}), pub(readWrite, condReason)},
		{"half the internet", off, base(bucket{"policy": policy(cond(`{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","0.0.0.0/1"]}}`))}), pub(readWrite, condReason)},
		{"IPv6 /16", off, base(bucket{"policy": policy(cond(`{"IpAddress":{"aws:SourceIp":"2001::/16"}}`))}), pub(readWrite, condReason)},
		{"NotIpAddress", off, base(bucket{"policy": policy(cond(`{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`))}), pub(readWrite, condReason)},
		{"PrincipalOrgID", off, base(bucket{"policy": policy(cond(`{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}`))}), notPublic},
		{"PrincipalOrgID IfExists", off, base(bucket{"policy": policy(cond(`{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc123"}}`))}), pub(readWrite, condReason)},
		{"StringNotEquals PrincipalOrgID", off, base(bucket{"policy": policy(cond(`{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}`))}), pub(readWrite, condReason)},
		{"SourceAccount", off, base(bucket{"policy": policy(cond(`{"StringEquals":{"aws:SourceAccount":"111122223333"}}`))}), notPublic},
		{"SourceArn ArnLike fixed", off, base(bucket{"policy": policy(cond(`{"ArnLike":{"aws:SourceArn":"arn:aws:cloudfront::111122223333:distribution/E1"}}`))}), notPublic},
		{"non-restricting key", off, base(bucket{"policy": policy(cond(`{"Bool":{"aws:SecureTransport":"true"}}`))}), pub(readWrite, condReason)},
		{"Deny for everyone", off, base(bucket{"policy": policy(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}`)}), notPublic},
		{"NotPrincipal", off, base(bucket{"policy": policy(`{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::b"}`)}),
			pub([]any{"list"}, `bucket policy statement #1 allows NotPrincipal {AWS: arn:aws:iam::111122223333:root} s3:ListBucket`)},
		{"wildcard account", off, base(bucket{"policy": policy(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}`)}),
			pub([]any{"write"}, `bucket policy statement #1 allows Principal {AWS: arn:aws:iam::*:root} s3:PutObject`)},
		{"one other account", off, base(bucket{"policy": policy(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*"}`)}), notPublic},
		{"service principal", off, base(bucket{"policy": policy(`{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}`)}), notPublic},
		{"s3:*", off, base(bucket{"policy": policy(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`)}),
			pub([]any{"list", "read", "write", "permissions"}, `bucket policy statement #1 allows Principal "*" s3:*`)},
		{"s3:Get*", off, base(bucket{"policy": policy(`{"Effect":"Allow","Principal":"*","Action":"s3:Get*","Resource":"*"}`)}),
			pub([]any{"read", "permissions"}, `bucket policy statement #1 allows Principal "*" s3:Get*`)},
		{"NotAction", off, base(bucket{"policy": policy(`{"Effect":"Allow","Principal":"*","NotAction":"s3:DeleteBucket","Resource":"*"}`)}),
			pub([]any{"list", "read", "write", "permissions"}, `bucket policy statement #1 allows Principal "*" all actions except s3:DeleteBucket`)},
		{"ACL AllUsers READ", off, base(bucket{"acl_grants": []any{owner, grant("global/AllUsers", "READ")}}), pub([]any{"list"}, "ACL grants AllUsers READ")},
		{"ACL AuthenticatedUsers FULL_CONTROL", off, base(bucket{"acl_grants": []any{owner, grant("global/AuthenticatedUsers", "FULL_CONTROL")}}),
			pub([]any{"list", "write", "permissions"}, "ACL grants AuthenticatedUsers FULL_CONTROL")},
		{"ACL AllUsers WRITE_ACP", off, base(bucket{"acl_grants": []any{grant("global/AllUsers", "WRITE_ACP")}}), pub([]any{"permissions"}, "ACL grants AllUsers WRITE_ACP")},
		{"public ACL, account IgnorePublicAcls", acct("ignore_public_acls"), base(bucket{"acl_grants": []any{grant("global/AllUsers", "READ")}}), notPublic},
		{"public ACL, bucket IgnorePublicAcls", off, base(bucket{"acl_grants": []any{grant("global/AllUsers", "READ")}, "public_access_block": pab("ignore_public_acls")}), notPublic},
		{"public ACL, ACLs disabled", off, base(bucket{"acl_grants": []any{grant("global/AllUsers", "READ")}, "ownership_controls": "BucketOwnerEnforced"}), notPublic},
		{"public ACL, BlockPublicAcls only", acct("block_public_acls"), base(bucket{"acl_grants": []any{grant("global/AllUsers", "READ")}}), pub([]any{"list"}, "ACL grants AllUsers READ")},
		{"public ACL, RestrictPublicBuckets does not apply to ACLs", acct("restrict_public_buckets"), base(bucket{"acl_grants": []any{grant("global/AllUsers", "READ")}}), pub([]any{"list"}, "ACL grants AllUsers READ")},
		{"log delivery group is not public", off, base(bucket{"acl_grants": []any{grant("s3/LogDelivery", "WRITE")}}), notPublic},
		{"policy and ACL", off, base(bucket{"policy": policy(getObject), "acl_grants": []any{grant("global/AllUsers", "WRITE")}}),
			pub([]any{"read", "write"}, readReason, "ACL grants AllUsers WRITE")},
		{"policy neutralised, ACL not", acct("restrict_public_buckets"), base(bucket{"policy": policy(getObject), "acl_grants": []any{grant("global/AllUsers", "WRITE")}}),
			pub([]any{"write"}, "ACL grants AllUsers WRITE")},
		{"everything blocked", acct("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"),
			base(bucket{"policy": policy(getObject), "acl_grants": []any{grant("global/AllUsers", "WRITE")}}), notPublic},

		{"policy unreadable", off, base(nil, "policy"), unknown},
		{"policy unreadable, but restricted anyway", acct("restrict_public_buckets"), base(nil, "policy"), notPublic},
		{"policy unreadable, ACL public", off, base(bucket{"acl_grants": []any{grant("global/AllUsers", "READ")}}, "policy"), pub([]any{"list"}, "ACL grants AllUsers READ")},
		{"ACL unreadable", off, base(nil, "acl_grants"), unknown},
		{"ACL unreadable, ACLs disabled", off, base(bucket{"ownership_controls": "BucketOwnerEnforced"}, "acl_grants"), notPublic},
		{"ownership unreadable, public ACL", off, base(bucket{"acl_grants": []any{grant("global/AllUsers", "READ")}}, "ownership_controls"), unknown},
		{"ownership unreadable, public ACL ignored", acct("ignore_public_acls"), base(bucket{"acl_grants": []any{grant("global/AllUsers", "READ")}}, "ownership_controls"), notPublic},
		{"account block unknown, nothing public", nil, base(nil), notPublic},
		{"account block unknown, public policy", nil, base(bucket{"policy": policy(getObject)}), unknown},
		{"account block unknown, bucket restricts", nil, base(bucket{"policy": policy(getObject), "public_access_block": allOn}), notPublic},
		{"bucket block unreadable, public policy", off, base(bucket{"policy": policy(getObject)}, "public_access_block"), unknown},
		{"bucket block unreadable, account restricts", acct("restrict_public_buckets"), base(bucket{"policy": policy(getObject)}, "public_access_block"), notPublic},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := []mamori.Resource{{Provider: "aws", Account: "A", Region: "ap-northeast-1", Type: "aws_s3_bucket", ID: "arn:aws:s3:::b", Name: "b", Attributes: c.bucket}}
			if c.account != nil {
				rs = append(rs, mamori.Resource{Provider: "aws", Account: "A", Region: "global", Type: "aws_s3_account_public_access_block", ID: "pab", Attributes: c.account})
			}
			// Another account's block never applies.
			rs = append(rs, mamori.Resource{Provider: "aws", Account: "B", Region: "global", Type: "aws_s3_account_public_access_block", ID: "pab-b", Attributes: acct(s3PABFlags...)})
			s3Public.Run(NewIndex(rs))
			got := map[string]any{}
			for _, k := range []string{"public", "public_access", "public_reasons"} {
				if v, ok := rs[0].Facts[k]; ok {
					got[k] = v
				}
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("facts (-want +got):\n%s", d)
			}
		})
	}
}

func TestS3OtherFacts(t *testing.T) {
	on := map[string]any{"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": true}
	some := map[string]any{"exists": true, "block_public_acls": true, "ignore_public_acls": false, "block_public_policy": true, "restrict_public_buckets": false}
	bucket := func(name string, pab any, known bool) mamori.Resource {
		a := map[string]any{"policy": nil, "acl_grants": []any{}, "ownership_controls": "BucketOwnerEnforced"}
		if known {
			a["public_access_block"] = pab
		}
		return mamori.Resource{Provider: "aws", Account: "A", Type: "aws_s3_bucket", ID: "arn:aws:s3:::" + name, Name: name, Attributes: a}
	}
	rs := []mamori.Resource{
		bucket("all-on", on, true),
		bucket("none", nil, true),
		bucket("partial", map[string]any{"block_public_acls": false, "ignore_public_acls": true, "block_public_policy": false, "restrict_public_buckets": true}, true),
		bucket("unreadable", nil, false),
		{Provider: "aws", Account: "A", Type: "aws_s3_bucket", ID: "arn:aws:s3:::logged", Name: "logged",
			Attributes: map[string]any{"logging": map[string]any{"enabled": true, "target_bucket": "all-on", "target_prefix": "logged/"}}},
		{Provider: "aws", Account: "B", Type: "aws_s3_bucket", ID: "arn:aws:s3:::other", Name: "other",
			Attributes: map[string]any{"logging": map[string]any{"enabled": true, "target_bucket": "none", "target_prefix": ""}}},
		{Provider: "aws", Account: "A", Type: "aws_s3_account_public_access_block", ID: "pab", Attributes: some},
		{Provider: "aws", Account: "A", Type: "aws_cloudtrail", ID: "trail", Relations: []mamori.Relation{{Kind: "writes_to", Type: "aws_s3_bucket", ID: "arn:aws:s3:::partial"}}},
	}
	s3Public.Run(NewIndex(rs))
	all := map[string]any{"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": true}
	want := map[string]any{
		"all-on":     all,
		"none":       map[string]any{"block_public_acls": true, "ignore_public_acls": false, "block_public_policy": true, "restrict_public_buckets": false},
		"partial":    all,
		"unreadable": nil,
	}
	for _, r := range rs[:4] {
		if d := cmp.Diff(want[r.Name], r.Facts["block_public_access"]); d != "" {
			t.Errorf("%s block_public_access (-want +got):\n%s", r.Name, d)
		}
		if got := r.Facts["cloudtrail_bucket"]; got != (r.Name == "partial") {
			t.Errorf("%s cloudtrail_bucket = %v", r.Name, got)
		}
		// Only a bucket of the same account receiving logs is a log target.
		if got := r.Facts["access_log_target"]; got != (r.Name == "all-on") {
			t.Errorf("%s access_log_target = %v", r.Name, got)
		}
	}
	// Without the account's settings only a bucket that blocks everything
	// itself is known; without CloudTrail, no bucket is known not to be a
	// trail's.
	rs = []mamori.Resource{bucket("all-on", on, true), bucket("none", nil, true)}
	ix := NewIndex(rs)
	ix.collected = func(s string) bool { return s == "s3" }
	s3Public.Run(ix)
	if v, ok := rs[0].Facts["cloudtrail_bucket"]; ok {
		t.Errorf("cloudtrail_bucket = %v without CloudTrail collected", v)
	}
	if d := cmp.Diff(all, rs[0].Facts["block_public_access"]); d != "" {
		t.Errorf("all-on without account block (-want +got):\n%s", d)
	}
	if v, ok := rs[1].Facts["block_public_access"]; ok {
		t.Errorf("none without account block = %v, want absent", v)
	}
}

// The demo world, collected through the emulator and analysed, has the
// public buckets the demo is meant to show, for the reasons it is meant to.
func TestS3DemoWorld(t *testing.T) {
	rs := emulated(t, awsemu.Demo(), aws.Options{Services: []string{"s3"}})
	Run(rs, nil)
	got := map[string]any{}
	for _, r := range rs {
		if r.Type == "aws_s3_bucket" {
			got[r.Name] = r.Facts["public_reasons"]
		}
	}
	want := map[string]any{
		"sakura-shop-assets":          []any{`bucket policy statement "PublicReadForWebsite" allows Principal "*" s3:GetObject`},
		"sakura-legacy-catalog":       []any{"ACL grants AllUsers READ"},
		"sakura-payroll-exports":      []any{},
		"sakura-backup":               []any{},
		"sakura-app-data":             []any{},
		"sakura-audit-logs":           []any{},
		"sakura-s3-access-logs":       []any{},
		"mamori-demo-cloudtrail-logs": []any{},
		"sakura-shop-static":          []any{},
		"sakura-shop-static-dr":       []any{},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("public reasons (-want +got):\n%s", d)
	}
}
