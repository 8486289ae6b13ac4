package analyze

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

func TestWAFCoverage(t *testing.T) {
	const a = "111122223333"
	lb := func(id string) mamori.Resource {
		return mamori.Resource{Account: a, Region: "ap-northeast-1", Type: "aws_lb", ID: id, Attributes: map[string]any{"arn": id}}
	}
	acl := func(region string, res any) mamori.Resource {
		attrs := map[string]any{"scope": "REGIONAL"}
		if res != nil {
			attrs["associated_resources"] = res
		}
		return mamori.Resource{Account: a, Region: region, Type: "aws_wafv2_web_acl", ID: "acl-" + region, Attributes: attrs}
	}
	cases := []struct {
		name      string
		rs        []mamori.Resource
		collected func(string) bool
		want      map[string]any // lb id -> waf_protected (nil: not set)
	}{
		{"listed and not listed", []mamori.Resource{lb("lb-a"), lb("lb-b"), acl("ap-northeast-1", []any{"lb-a"})}, nil,
			map[string]any{"lb-a": true, "lb-b": false}},
		{"no web ACL at all", []mamori.Resource{lb("lb-a")}, nil, map[string]any{"lb-a": false}},
		{"an ACL of another region does not protect", []mamori.Resource{lb("lb-a"), acl("us-east-1", []any{"lb-a-other"})}, nil,
			map[string]any{"lb-a": false}},
		{"an ACL's resources unread: unknown", []mamori.Resource{lb("lb-a"), acl("ap-northeast-1", nil)}, nil, map[string]any{"lb-a": nil}},
		{"WAF not read: unknown", []mamori.Resource{lb("lb-a")}, func(s string) bool { return s != "wafv2" }, map[string]any{"lb-a": nil}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ix := NewIndex(c.rs)
			ix.collected = c.collected
			wafCoverage.Run(ix)
			for id, want := range c.want {
				r := ix.Get("aws_lb", id)
				got, ok := r.Facts["waf_protected"]
				if want == nil {
					if ok {
						t.Errorf("%s: waf_protected = %v, want unset", id, got)
					}
					continue
				}
				if got != want {
					t.Errorf("%s: waf_protected = %v, want %v", id, got, want)
				}
			}
		})
	}
}

func TestDanglingDNS(t *testing.T) {
	zone := func(targets any) mamori.Resource {
		attrs := map[string]any{}
		if targets != nil {
			attrs["s3_targets"] = targets
		}
		return mamori.Resource{Account: "111122223333", Region: "global", Type: "aws_route53_hosted_zone", ID: "z", Attributes: attrs}
	}
	bucket := mamori.Resource{Account: "111122223333", Region: "ap-northeast-1", Type: "aws_s3_bucket", ID: "arn:aws:s3:::static.example.jp", Name: "static.example.jp"}
	targets := []any{
		map[string]any{"record": "static.example.jp", "type": "A", "bucket": "static.example.jp"},
		map[string]any{"record": "campaign.example.jp", "type": "CNAME", "bucket": "campaign-2019"},
	}
	cases := []struct {
		name      string
		rs        []mamori.Resource
		collected func(string) bool
		want      any
	}{
		{"one bucket ours, one not", []mamori.Resource{zone(targets), bucket}, nil, []any{"campaign.example.jp -> campaign-2019"}},
		{"no S3 records", []mamori.Resource{zone([]any{})}, nil, []any{}},
		{"records unread", []mamori.Resource{zone(nil), bucket}, nil, nil},
		{"S3 not read", []mamori.Resource{zone(targets)}, func(s string) bool { return s != "s3" }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ix := NewIndex(c.rs)
			ix.collected = c.collected
			danglingDNS.Run(ix)
			got, ok := ix.Get("aws_route53_hosted_zone", "z").Facts["dangling_s3_records"]
			if c.want == nil {
				if ok {
					t.Errorf("fact set: %v", got)
				}
				return
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Error(d)
			}
		})
	}
}
