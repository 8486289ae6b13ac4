package analyze

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

// world_ingress keeps every rule that may be open to the world, and every
// rule it cannot judge, in order; it is not set when ingress is not a list.
func TestSGWorldIngress(t *testing.T) {
	rule := func(v4, v6 any) map[string]any {
		return map[string]any{"protocol": "tcp", "from_port": int64(22), "to_port": int64(22), "cidr_blocks": v4, "ipv6_cidr_blocks": v6}
	}
	office := rule([]any{"203.0.113.0/24"}, []any{})
	v4 := rule([]any{"10.0.0.0/8", "0.0.0.0/0"}, []any{})
	v6 := rule([]any{}, []any{"::/0"})
	typed := rule([]string{"10.0.0.0/8"}, []string{"2001:db8::/32"})
	typedWorld := rule([]string{"0.0.0.0/0"}, []string{})
	noV6 := map[string]any{"protocol": "-1", "cidr_blocks": []any{"10.0.0.0/8"}}
	oddEntry := rule([]any{int64(1)}, []any{})
	cases := []struct {
		name    string
		ingress any
		want    any // nil: not set
	}{
		{"none", []any{}, []any{}},
		{"private only", []any{office, typed}, []any{}},
		{"world over IPv4 and IPv6", []any{office, v4, typed, v6, typedWorld}, []any{v4, v6, typedWorld}},
		{"undecidable rules stay", []any{noV6, oddEntry, "not a rule"}, []any{noV6, oddEntry, "not a rule"}},
		{"ingress not a list", "oops", nil},
		{"ingress absent", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			attrs := map[string]any{}
			if c.ingress != nil {
				attrs["ingress"] = c.ingress
			}
			rs := []mamori.Resource{{Type: "aws_security_group", ID: "sg-1", Attributes: attrs}}
			sgWorldIngress.Run(NewIndex(rs))
			got, ok := rs[0].Facts["world_ingress"]
			if c.want == nil {
				if ok {
					t.Fatalf("world_ingress set: %v", got)
				}
				return
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("world_ingress (-want +got):\n%s", d)
			}
		})
	}
}
