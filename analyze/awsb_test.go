package analyze

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

const awsbAccount = "111122223333"

func awsbRes(typ, id string, attrs map[string]any) mamori.Resource {
	return mamori.Resource{Account: awsbAccount, Region: "ap-northeast-1", Type: typ, ID: id, Name: id, Attributes: attrs}
}

// fresh copies resources without the facts an earlier run set on them.
func fresh(rs []mamori.Resource) []mamori.Resource {
	out := make([]mamori.Resource, len(rs))
	for i, r := range rs {
		r.Facts = nil
		out[i] = r
	}
	return out
}

// fact returns a fact of one resource, or "unset".
func fact(ix *Index, typ, id, name string) any {
	r := ix.Get(typ, id)
	if v, ok := r.Facts[name]; ok {
		return v
	}
	return "unset"
}

func TestPeeringRoutes(t *testing.T) {
	pcx := awsbRes("aws_vpc_peering_connection", "p", map[string]any{"peering_connection_id": "pcx-1",
		"requester": map[string]any{"vpc_id": "vpc-a", "cidrs": []any{"10.20.0.0/16"}},
		"accepter":  map[string]any{"vpc_id": "vpc-b", "cidrs": []any{"10.50.0.0/16", "10.51.0.0/20"}}})
	rt := func(id, vpc string, routes ...map[string]any) mamori.Resource {
		rs := []any{map[string]any{"cidr_block": "10.20.0.0/16", "gateway_id": "local", "vpc_peering_connection_id": ""}}
		for _, r := range routes {
			rs = append(rs, r)
		}
		return awsbRes("aws_route_table", id, map[string]any{"vpc_id": vpc, "routes": rs})
	}
	via := func(dest, id string) map[string]any {
		return map[string]any{"cidr_block": dest, "vpc_peering_connection_id": id}
	}
	rs := []mamori.Resource{pcx,
		rt("narrow", "vpc-a", via("10.50.3.0/24", "pcx-1")),
		rt("whole", "vpc-a", via("10.50.0.0/16", "pcx-1")),
		rt("wider", "vpc-a", via("10.48.0.0/12", "pcx-1")),
		rt("second-cidr", "vpc-a", via("10.51.0.0/20", "pcx-1")),
		rt("default", "vpc-a", via("0.0.0.0/0", "pcx-1")),
		rt("other-side", "vpc-b", via("10.20.0.0/16", "pcx-1"), via("10.20.5.0/24", "pcx-1")),
		rt("no-peering", "vpc-a"),
		rt("unknown-pcx", "vpc-a", via("10.50.3.0/24", "pcx-404")),
	}
	ix := NewIndex(rs)
	peeringRoutes.Run(ix)
	want := map[string]any{
		"narrow": []any{}, "whole": []any{"10.50.0.0/16 -> pcx-1"}, "wider": []any{"10.48.0.0/12 -> pcx-1"},
		"second-cidr": []any{"10.51.0.0/20 -> pcx-1"}, "default": []any{"0.0.0.0/0 -> pcx-1"},
		"other-side": []any{"10.20.0.0/16 -> pcx-1"}, "no-peering": []any{}, "unknown-pcx": "unset",
	}
	for id, w := range want {
		if d := cmp.Diff(w, fact(ix, "aws_route_table", id, "broad_peering_routes")); d != "" {
			t.Errorf("%s (-want +got):\n%s", id, d)
		}
	}
	// Peering connections not read: unknown, for every table.
	ix = NewIndex(fresh(rs))
	ix.collected = func(s string) bool { return s != "vpc" }
	peeringRoutes.Run(ix)
	if got := fact(ix, "aws_route_table", "narrow", "broad_peering_routes"); got != "unset" {
		t.Errorf("vpc not read: fact = %v", got)
	}
}

func TestSSMManaged(t *testing.T) {
	rs := []mamori.Resource{
		awsbRes("aws_instance", "web", map[string]any{"instance_id": "i-1"}),
		awsbRes("aws_instance", "legacy", map[string]any{"instance_id": "i-2"}),
		awsbRes("aws_ssm_managed_instance", "m1", map[string]any{"instance_id": "i-1", "ping_status": "Online"}),
		// Same instance id in another region: not the same instance.
		{Account: awsbAccount, Region: "us-east-1", Type: "aws_ssm_managed_instance", ID: "m2", Attributes: map[string]any{"instance_id": "i-2", "ping_status": "Online"}},
	}
	ix := NewIndex(rs)
	ssmManaged.Run(ix)
	if fact(ix, "aws_instance", "web", "ssm_managed") != true || fact(ix, "aws_instance", "web", "ssm_ping_status") != "Online" {
		t.Errorf("web: %v", ix.Get("aws_instance", "web").Facts)
	}
	if fact(ix, "aws_instance", "legacy", "ssm_managed") != false {
		t.Errorf("legacy: %v", ix.Get("aws_instance", "legacy").Facts)
	}
	ix = NewIndex(fresh(rs))
	ix.collected = func(s string) bool { return s != "ssm" }
	ssmManaged.Run(ix)
	if got := fact(ix, "aws_instance", "legacy", "ssm_managed"); got != "unset" {
		t.Errorf("ssm not read: ssm_managed = %v, want unset", got)
	}
}

func TestS3OriginBucket(t *testing.T) {
	for domain, want := range map[string]string{
		"shop-assets.s3.amazonaws.com":                  "shop-assets",
		"shop-assets.s3.ap-northeast-1.amazonaws.com":   "shop-assets",
		"shop-assets.s3-ap-northeast-1.amazonaws.com":   "shop-assets",
		"my.dotted.bucket.s3.us-east-1.amazonaws.com":   "my.dotted.bucket",
		"Shop-Assets.S3.AMAZONAWS.COM.":                 "shop-assets",
		"logs.s3.cn-north-1.amazonaws.com.cn":           "logs",
		"app.example.jp":                                "",
		"s3.amazonaws.com":                              "",
		"shop-assets.s3-website-ap-northeast-1.example": "",
	} {
		if got := S3OriginBucket(domain); got != want {
			t.Errorf("%s: got %q, want %q", domain, got, want)
		}
	}
}

func TestCloudFrontS3Origins(t *testing.T) {
	dist := awsbRes("aws_cloudfront_distribution", "E1", map[string]any{"origins": []any{
		map[string]any{"id": "assets", "type": "s3", "domain_name": "shop-assets.s3.ap-northeast-1.amazonaws.com"},
		map[string]any{"id": "campaign", "type": "s3", "domain_name": "campaign-2020.s3.amazonaws.com"},
		map[string]any{"id": "app", "type": "custom", "domain_name": "app.example.jp"},
	}})
	unread := awsbRes("aws_cloudfront_distribution", "E2", map[string]any{})
	bucket := mamori.Resource{Account: awsbAccount, Region: "global", Type: "aws_s3_bucket", ID: "arn:aws:s3:::shop-assets", Name: "shop-assets", Attributes: map[string]any{"arn": "arn:aws:s3:::shop-assets"}}
	ix := NewIndex([]mamori.Resource{dist, unread, bucket})
	cloudfrontS3Origins.Run(ix)
	if d := cmp.Diff([]any{"campaign -> campaign-2020"}, fact(ix, "aws_cloudfront_distribution", "E1", "missing_s3_origins")); d != "" {
		t.Errorf("E1 (-want +got):\n%s", d)
	}
	if got := fact(ix, "aws_cloudfront_distribution", "E2", "missing_s3_origins"); got != "unset" {
		t.Errorf("origins not read: fact = %v", got)
	}
	ix = NewIndex(fresh([]mamori.Resource{dist, bucket}))
	ix.collected = func(s string) bool { return s != "s3" }
	cloudfrontS3Origins.Run(ix)
	if got := fact(ix, "aws_cloudfront_distribution", "E1", "missing_s3_origins"); got != "unset" {
		t.Errorf("s3 not read: fact = %v", got)
	}
}

func TestVPCEndpoints(t *testing.T) {
	rs := []mamori.Resource{
		awsbRes("aws_vpc", "prod", map[string]any{"vpc_id": "vpc-a"}),
		awsbRes("aws_vpc", "default", map[string]any{"vpc_id": "vpc-b"}),
		awsbRes("aws_vpc", "pending", map[string]any{"vpc_id": "vpc-c"}),
		awsbRes("aws_vpc_endpoint", "e1", map[string]any{"vpc_id": "vpc-a", "service": "ec2", "state": "available"}),
		awsbRes("aws_vpc_endpoint", "e2", map[string]any{"vpc_id": "vpc-b", "service": "s3", "state": "available"}),
		awsbRes("aws_vpc_endpoint", "e3", map[string]any{"vpc_id": "vpc-c", "service": "ec2", "state": "pendingacceptance"}),
	}
	ix := NewIndex(rs)
	vpcEndpoints.Run(ix)
	for id, want := range map[string]any{"prod": true, "default": false, "pending": false} {
		if got := fact(ix, "aws_vpc", id, "ec2_endpoint"); got != want {
			t.Errorf("%s: ec2_endpoint = %v, want %v", id, got, want)
		}
	}
	ix = NewIndex(fresh(rs))
	ix.collected = func(s string) bool { return s != "vpc" }
	vpcEndpoints.Run(ix)
	if got := fact(ix, "aws_vpc", "prod", "ec2_endpoint"); got != "unset" {
		t.Errorf("endpoints not read: %v", got)
	}
}

// FuzzS3OriginBucket: an origin's domain name is whatever the distribution's
// owner typed. Any text gives a bucket name that is a suffix-free prefix of
// it, or nothing, without panicking.
func FuzzS3OriginBucket(f *testing.F) {
	for _, s := range []string{"b.s3.amazonaws.com", "b.s3.ap-northeast-1.amazonaws.com", "a.b.s3-eu-west-1.amazonaws.com.cn", "s3.amazonaws.com", ".s3.amazonaws.com", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, domain string) {
		b := S3OriginBucket(domain)
		if b != "" && !strings.HasPrefix(strings.ToLower(domain), b) {
			t.Errorf("%q: bucket %q is not taken from the name", domain, b)
		}
	})
}
