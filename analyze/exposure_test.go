package analyze

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

// The types beyond instances, IPv6 through egress-only gateways, and
// ingress through a Gateway Load Balancer endpoint.
func TestExposureKinds(t *testing.T) {
	rt := func(name, subnet string, routes ...any) mamori.Resource {
		return ec2Res("aws_route_table", name, map[string]any{"route_table_id": "rtb-" + name, "vpc_id": "vpc-1", "main": false,
			"subnet_ids": []any{subnet}, "routes": routes})
	}
	r4 := func(gwAttr, gw string) map[string]any {
		return map[string]any{"cidr_block": "0.0.0.0/0", "ipv6_cidr_block": "", gwAttr: gw, "state": "active"}
	}
	r6 := func(gwAttr, gw string) map[string]any {
		return map[string]any{"cidr_block": "", "ipv6_cidr_block": "::/0", gwAttr: gw, "state": "active"}
	}
	db := func(name string, public bool, subnets ...any) mamori.Resource {
		return ec2Res("aws_db_instance", name, map[string]any{"publicly_accessible": public, "subnet_ids": subnets, "vpc_id": "vpc-1",
			"vpc_security_group_ids": []any{"sg-db"}, "port": int64(5432)})
	}
	rs := []mamori.Resource{
		ec2Res("aws_subnet", "a", map[string]any{"subnet_id": "subnet-a", "vpc_id": "vpc-1"}),
		ec2Res("aws_subnet", "b", map[string]any{"subnet_id": "subnet-b", "vpc_id": "vpc-1"}),
		ec2Res("aws_subnet", "c", map[string]any{"subnet_id": "subnet-c", "vpc_id": "vpc-1"}),
		rt("private", "subnet-a", r4("nat_gateway_id", "nat-1"), r6("egress_only_gateway_id", "eigw-1")),
		rt("public", "subnet-b", r4("gateway_id", "igw-1")),
		rt("inspected", "subnet-c", r4("gateway_id", "vpce-1")),
		ec2Res("aws_network_acl", "acl", map[string]any{"network_acl_id": "acl-1", "subnet_ids": []any{"subnet-a", "subnet-b", "subnet-c"}, "ingress": []any{
			ec2ACLEntry(100, "-1", "allow", 0, 0, "0.0.0.0/0"), ec2ACLEntry(101, "-1", "allow", 0, 0, "::/0"),
		}}),
		ec2Res("aws_security_group", "sg-db", map[string]any{"group_id": "sg-db", "ingress": []any{ec2Rule("-1", 0, 0, "0.0.0.0/0", "::/0")}}),
		// PubliclyAccessible in private subnets only: not reachable.
		db("flag-only", true, "subnet-a"),
		// One public subnet in the group is enough; only the listener port counts.
		db("public", true, "subnet-a", "subnet-b"),
		db("private", false, "subnet-b"),
		db("through-gwlb", true, "subnet-c"),
		// Older data without subnets: no facts, so the check is ERROR.
		ec2Res("aws_db_instance", "old", map[string]any{"publicly_accessible": true, "vpc_security_group_ids": []any{"sg-db"}}),
		// IPv6 behind an egress-only gateway: outbound only.
		ec2Res("aws_instance", "v6", map[string]any{"vpc_id": "vpc-1", "network_interfaces": []any{
			map[string]any{"subnet_id": "subnet-a", "public_ip": nil, "ipv6_addresses": []any{"2001:db8::1"}, "security_groups": []any{"sg-db"}}}}),
	}
	ec2Exposure.Run(NewIndex(rs))
	got := map[string]any{}
	for _, r := range rs {
		if r.Type == "aws_db_instance" || r.Type == "aws_instance" {
			if r.Facts == nil {
				got[r.Name] = nil
				continue
			}
			got[r.Name] = []any{r.Facts["internet_open_ports"], r.Facts["exposure_summary"]}
		}
	}
	want := map[string]any{
		"flag-only": []any{ports(), "not reachable: 0.0.0.0/0 routes through NAT gateway nat-1: outbound only"},
		"public": []any{ports("tcp", 5432, 5432), "internet → internet-gateway igw-1 → route-table rtb-public (0.0.0.0/0) → subnet subnet-b → " +
			"network-acl acl-1 (allows tcp all) → security-group sg-db (opens tcp all) → listener public (tcp 5432)"},
		"private": []any{ports(), "not reachable: not publicly accessible"},
		"through-gwlb": []any{ports("tcp", 5432, 5432), "internet → gateway-load-balancer-endpoint vpce-1 → route-table rtb-inspected (0.0.0.0/0) → subnet subnet-c → " +
			"network-acl acl-1 (allows tcp all) → security-group sg-db (opens tcp all) → listener through-gwlb (tcp 5432)"},
		"old": nil,
		"v6":  []any{ports(), "not reachable: ::/0 routes through egress-only gateway eigw-1: outbound only"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
