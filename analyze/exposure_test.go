package analyze

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
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
		ec2Res("aws_subnet", "d", map[string]any{"subnet_id": "subnet-d", "vpc_id": "vpc-1"}),
		ec2Res("aws_subnet", "e", map[string]any{"subnet_id": "subnet-e", "vpc_id": "vpc-1"}),
		rt("private", "subnet-a", r4("nat_gateway_id", "nat-1"), r6("egress_only_gateway_id", "eigw-1")),
		// IPv4 through NAT, IPv6 straight to the internet gateway: the
		// "private" subnet is public over IPv6.
		rt("v6-leak", "subnet-d", r4("nat_gateway_id", "nat-1"), r6("gateway_id", "igw-1")),
		rt("dual", "subnet-e", r4("gateway_id", "igw-1"), r6("gateway_id", "igw-1")),
		// Ingress routing: igw-1's gateway route table sends what comes in
		// for subnet-f to a firewall's interface and for subnet-g to a
		// Gateway Load Balancer endpoint; the subnets route replies back
		// through them.
		ec2Res("aws_subnet", "f", map[string]any{"subnet_id": "subnet-f", "vpc_id": "vpc-1", "cidr_block": "10.0.5.0/24",
			"ipv6_cidr_blocks": []any{"2001:db8:0:5::/64"}}),
		ec2Res("aws_subnet", "g", map[string]any{"subnet_id": "subnet-g", "vpc_id": "vpc-1", "cidr_block": "10.0.6.0/24"}),
		rt("protected", "subnet-f", r4("network_interface_id", "eni-fw"), r6("network_interface_id", "eni-fw")),
		rt("protected-gwlb", "subnet-g", r4("gateway_id", "vpce-2")),
		ec2Res("aws_route_table", "edge", map[string]any{"route_table_id": "rtb-edge", "vpc_id": "vpc-1", "main": false, "subnet_ids": []any{},
			"gateway_ids": []any{"igw-1"}, "routes": []any{
				map[string]any{"cidr_block": "10.0.5.0/24", "network_interface_id": "eni-fw", "state": "active"},
				map[string]any{"ipv6_cidr_block": "2001:db8:0:5::/64", "network_interface_id": "eni-fw", "state": "active"},
				map[string]any{"cidr_block": "10.0.6.0/24", "gateway_id": "vpce-2", "state": "active"}}}),
		ec2Res("aws_instance", "behind-fw", map[string]any{"vpc_id": "vpc-1", "network_interfaces": []any{
			map[string]any{"subnet_id": "subnet-f", "public_ip": "198.51.100.20", "ipv6_addresses": []any{"2001:db8:0:5::20"}, "security_groups": []any{"sg-web"}}}}),
		ec2Res("aws_instance", "behind-gwlb", map[string]any{"vpc_id": "vpc-1", "network_interfaces": []any{
			map[string]any{"subnet_id": "subnet-g", "public_ip": "198.51.100.21", "ipv6_addresses": []any{}, "security_groups": []any{"sg-web"}}}}),
		rt("public", "subnet-b", r4("gateway_id", "igw-1")),
		rt("inspected", "subnet-c", r4("gateway_id", "vpce-1")),
		ec2Res("aws_network_acl", "acl", map[string]any{"network_acl_id": "acl-1", "subnet_ids": []any{"subnet-a", "subnet-b", "subnet-c", "subnet-d", "subnet-e", "subnet-f", "subnet-g"}, "ingress": []any{
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
		ec2Res("aws_instance", "v6-leak", map[string]any{"vpc_id": "vpc-1", "network_interfaces": []any{
			map[string]any{"subnet_id": "subnet-d", "public_ip": nil, "ipv6_addresses": []any{"2001:db8::2"}, "security_groups": []any{"sg-db"}}}}),
		ec2Res("aws_instance", "dual", map[string]any{"vpc_id": "vpc-1", "network_interfaces": []any{
			map[string]any{"subnet_id": "subnet-e", "public_ip": "198.51.100.8", "ipv6_addresses": []any{"2001:db8::3"}, "security_groups": []any{"sg-web"}}}}),
		ec2Res("aws_security_group", "sg-web", map[string]any{"group_id": "sg-web", "ingress": []any{
			ec2Rule("tcp", 443, 443, "0.0.0.0/0", "::/0"), ec2Rule("tcp", 22, 22, "::/0")}}),
		// Dual-stack RDS: public over IPv6 where ::/0 goes to the internet
		// gateway, though IPv4 goes through NAT; private stays private.
		ec2Res("aws_db_instance", "db-dual", map[string]any{"publicly_accessible": true, "network_type": "DUAL", "subnet_ids": []any{"subnet-d"}, "vpc_id": "vpc-1",
			"vpc_security_group_ids": []any{"sg-db"}, "port": int64(5432)}),
		ec2Res("aws_db_instance", "db-dual-private", map[string]any{"publicly_accessible": false, "network_type": "DUAL", "subnet_ids": []any{"subnet-e"}, "vpc_id": "vpc-1",
			"vpc_security_group_ids": []any{"sg-db"}, "port": int64(5432)}),
		// Dual-stack Redshift: the same, through its cluster subnet group.
		ec2Res("aws_redshift_cluster", "dw-dual", map[string]any{"publicly_accessible": true, "ip_address_type": "dualstack", "subnet_ids": []any{"subnet-d"}, "vpc_id": "vpc-1",
			"security_group_ids": []any{"sg-db"}, "port": int64(5439)}),
		ec2Res("aws_redshift_cluster", "dw-v4", map[string]any{"publicly_accessible": true, "ip_address_type": "ipv4", "subnet_ids": []any{"subnet-d"}, "vpc_id": "vpc-1",
			"security_group_ids": []any{"sg-db"}, "port": int64(5439)}),
		// ElastiCache: private over IPv4; a dual-stack cache's IPv6
		// addresses are judged through the VPC layers.
		ec2Res("aws_elasticache_replication_group", "cache-v6", map[string]any{"network_type": "dual_stack", "subnet_ids": []any{"subnet-e"}, "vpc_id": "vpc-1",
			"security_group_ids": []any{"sg-db"}, "port": 6379}),
		ec2Res("aws_elasticache_replication_group", "cache-v6-eigw", map[string]any{"network_type": "ipv6", "subnet_ids": []any{"subnet-a"}, "vpc_id": "vpc-1",
			"security_group_ids": []any{"sg-db"}, "port": 6379}),
		ec2Res("aws_elasticache_cluster", "cache-v4", map[string]any{"network_type": "ipv4", "subnet_ids": []any{"subnet-e"}, "vpc_id": "vpc-1",
			"security_group_ids": []any{"sg-db"}, "port": 11211}),
		// A dual-stack load balancer without public IPv4 answers over IPv6 only.
		ec2Res("aws_lb", "v6-alb", map[string]any{"scheme": "internet-facing", "load_balancer_type": "application", "subnet_ids": []any{"subnet-e"},
			"vpc_id": "vpc-1", "security_groups": []any{"sg-web"}, "ip_address_type": "dualstack-without-public-ipv4",
			"listeners": []any{map[string]any{"port": int64(443), "protocol": "HTTPS", "target_groups": []any{}}}}),
	}
	ec2Exposure.Run(NewIndex(rs))
	got := map[string]any{}
	for _, r := range rs {
		if r.Type == "aws_db_instance" || r.Type == "aws_instance" || r.Type == "aws_lb" || r.Type == "aws_elasticache_replication_group" || r.Type == "aws_elasticache_cluster" || r.Type == "aws_redshift_cluster" {
			if r.Facts == nil {
				got[r.Name] = nil
				continue
			}
			got[r.Name] = []any{r.Facts["internet_open_ports"], r.Facts["exposure_summary"]}
			if r.Facts["ipv6_reachable"] == true {
				got[r.Name+" ipv6"] = r.Facts["ipv6_open_ports"]
			}
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
		"v6-leak": []any{ports("tcp", 0, 65535, "udp", 0, 65535), "internet → internet-gateway igw-1 (IPv6) → route-table rtb-v6-leak (::/0) → subnet subnet-d → " +
			"network-acl acl-1 (allows tcp all) → security-group sg-db (opens tcp all) → listener v6-leak (tcp all)"},
		"v6-leak ipv6": ports("tcp", 0, 65535, "udp", 0, 65535),
		// SSH is open over IPv6 only; the summary gives both paths.
		"dual": []any{ports("tcp", 22, 22, "tcp", 443, 443), "internet → internet-gateway igw-1 → route-table rtb-dual (0.0.0.0/0) → subnet subnet-e → " +
			"network-acl acl-1 (allows tcp all) → security-group sg-web (opens tcp 443) → listener dual (tcp 443); over IPv6: " +
			"internet → internet-gateway igw-1 (IPv6) → route-table rtb-dual (::/0) → subnet subnet-e → " +
			"network-acl acl-1 (allows tcp all) → security-group sg-web (opens tcp 22,443) → listener dual (tcp 22,443)"},
		"dual ipv6": ports("tcp", 22, 22, "tcp", 443, 443),
		"v6-alb": []any{ports("tcp", 443, 443), "internet → internet-gateway igw-1 (IPv6) → route-table rtb-dual (::/0) → subnet subnet-e → " +
			"network-acl acl-1 (allows tcp all) → security-group sg-web (opens tcp 22,443) → listener v6-alb (tcp 443)"},
		"v6-alb ipv6": ports("tcp", 443, 443),
		"db-dual": []any{ports("tcp", 5432, 5432), "internet → internet-gateway igw-1 (IPv6) → route-table rtb-v6-leak (::/0) → subnet subnet-d → " +
			"network-acl acl-1 (allows tcp all) → security-group sg-db (opens tcp all) → listener db-dual (tcp 5432)"},
		"db-dual ipv6":    ports("tcp", 5432, 5432),
		"db-dual-private": []any{ports(), "not reachable: not publicly accessible"},
		"dw-dual": []any{ports("tcp", 5439, 5439), "internet → internet-gateway igw-1 (IPv6) → route-table rtb-v6-leak (::/0) → subnet subnet-d → " +
			"network-acl acl-1 (allows tcp all) → security-group sg-db (opens tcp all) → listener dw-dual (tcp 5439)"},
		"dw-dual ipv6": ports("tcp", 5439, 5439),
		"dw-v4":        []any{ports(), "not reachable: 0.0.0.0/0 routes through NAT gateway nat-1: outbound only"},
		"cache-v6": []any{ports("tcp", 6379, 6379), "internet → internet-gateway igw-1 (IPv6) → route-table rtb-dual (::/0) → subnet subnet-e → " +
			"network-acl acl-1 (allows tcp all) → security-group sg-db (opens tcp all) → listener cache-v6 (tcp 6379)"},
		"cache-v6 ipv6": ports("tcp", 6379, 6379),
		"cache-v6-eigw": []any{ports(), "not reachable: ::/0 routes through egress-only gateway eigw-1: outbound only"},
		"cache-v4":      []any{ports(), "not reachable: ElastiCache nodes have private addresses only"},
		"behind-fw": []any{ports("tcp", 22, 22, "tcp", 443, 443), "internet → internet-gateway igw-1 (ingress routing) → gateway-route-table rtb-edge (10.0.5.0/24 → eni-fw) → " +
			"appliance eni-fw (inspects the traffic) → route-table rtb-protected (0.0.0.0/0) → subnet subnet-f → network-acl acl-1 (allows tcp all) → " +
			"security-group sg-web (opens tcp 443) → listener behind-fw (tcp 443); over IPv6: internet → internet-gateway igw-1 (ingress routing, IPv6) → " +
			"gateway-route-table rtb-edge (2001:db8:0:5::/64 → eni-fw) → appliance eni-fw (inspects the traffic) → route-table rtb-protected (::/0) → subnet subnet-f → " +
			"network-acl acl-1 (allows tcp all) → security-group sg-web (opens tcp 22,443) → listener behind-fw (tcp 22,443)"},
		"behind-fw ipv6": ports("tcp", 22, 22, "tcp", 443, 443),
		"behind-gwlb": []any{ports("tcp", 443, 443), "internet → internet-gateway igw-1 (ingress routing) → gateway-route-table rtb-edge (10.0.6.0/24 → vpce-2) → " +
			"gateway-load-balancer-endpoint vpce-2 (inspects the traffic) → route-table rtb-protected-gwlb (0.0.0.0/0) → subnet subnet-g → network-acl acl-1 (allows tcp all) → " +
			"security-group sg-web (opens tcp 443) → listener behind-gwlb (tcp 443)"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// End to end through the collectors on the demo world: the public ALB and
// the web server behind it, the function URL without authentication, and
// the EKS API endpoint open to 0.0.0.0/0.
func TestExposureDemoServices(t *testing.T) {
	rs := emulated(t, awsemu.Demo(), aws.Options{Regions: []string{"ap-northeast-1"}, Services: []string{"ec2", "elbv2", "lambda", "eks"}})
	ec2Exposure.Run(NewIndex(rs))
	got := map[string]any{}
	for _, r := range rs {
		if _, ok := r.Facts["exposure_summary"]; ok {
			got[r.Type+" "+r.Name] = []any{r.Facts["internet_open_ports"], r.Facts["exposure_summary"], r.Facts["reachable_via"]}
		}
	}
	alb := "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:loadbalancer/app/shop-web-alb/5f2a9c1e3b7d4a60"
	want := map[string]any{
		"aws_lb shop-web-alb": []any{ports("tcp", 80, 80, "tcp", 443, 443), "internet → internet-gateway igw-0b7e2d9c4a1f36e58 → route-table rtb-0b7e2d9c4a1f36e52 (0.0.0.0/0) → " +
			"subnet subnet-0e9f8a7b6c5d4e301 → network-acl acl-0b7e2d9c4a1f36e51 (allows tcp all) → security-group sg-0c4f1e2d3a5b6c701 (opens tcp 80,443) → listener shop-web-alb (tcp 80,443)", nil},
		"aws_lb batch-nlb": []any{ports(), "not reachable: not publicly accessible", nil},
		// Public itself, and behind the ALB too.
		"aws_instance web-01": []any{ports("tcp", 80, 80, "tcp", 443, 443), "internet → internet-gateway igw-0b7e2d9c4a1f36e58 → route-table rtb-0b7e2d9c4a1f36e52 (0.0.0.0/0) → " +
			"subnet subnet-0e9f8a7b6c5d4e301 → network-acl acl-0b7e2d9c4a1f36e51 (allows tcp all) → security-group sg-0c4f1e2d3a5b6c701 (opens tcp 80,443) → listener web-01 (tcp 80,443)", []any{alb}},
		"aws_instance db-01":            []any{ports(), "not reachable: no public address", nil},
		"aws_lambda_function order-api": []any{ports("tcp", 443, 443), "internet → function-url order-api (auth NONE) → listener order-api (tcp 443)", nil},
		"aws_eks_cluster analytics":     []any{ports("tcp", 443, 443), "internet → eks-endpoint analytics (public access from 0.0.0.0/0) → listener analytics (tcp 443)", nil},
	}
	for k, v := range want {
		if d := cmp.Diff(v, got[k]); d != "" {
			t.Errorf("%s (-want +got):\n%s", k, d)
		}
	}
}

// A private instance behind a public load balancer is reachable through it
// (and the path says so); a network load balancer without security groups;
// a Lambda target; a function URL requiring IAM; an EKS endpoint limited to
// an office range; an internal load balancer exposes nothing.
func TestExposureThroughLoadBalancers(t *testing.T) {
	lb := func(name, scheme, typ string, sgs []any, listeners ...any) mamori.Resource {
		return ec2Res("aws_lb", name, map[string]any{"scheme": scheme, "load_balancer_type": typ, "subnet_ids": []any{"subnet-pub"},
			"vpc_id": "vpc-1", "security_groups": sgs, "ip_address_type": "ipv4", "listeners": listeners})
	}
	lis := func(port int64, proto string, tgs ...any) map[string]any {
		return map[string]any{"port": port, "protocol": proto, "target_groups": tgs}
	}
	tg := func(name, typ string, targets ...any) mamori.Resource {
		return ec2Res("aws_lb_target_group", name, map[string]any{"target_type": typ, "targets": targets})
	}
	target := func(id string, port int64) map[string]any {
		return map[string]any{"id": id, "port": port, "health": "healthy"}
	}
	rs := []mamori.Resource{
		ec2Res("aws_subnet", "pub", map[string]any{"subnet_id": "subnet-pub", "vpc_id": "vpc-1"}),
		ec2Res("aws_subnet", "priv", map[string]any{"subnet_id": "subnet-priv", "vpc_id": "vpc-1"}),
		ec2Res("aws_route_table", "rtb-pub", map[string]any{"route_table_id": "rtb-pub", "vpc_id": "vpc-1", "main": false, "subnet_ids": []any{"subnet-pub"},
			"routes": []any{map[string]any{"cidr_block": "0.0.0.0/0", "gateway_id": "igw-1", "state": "active"}}}),
		ec2Res("aws_route_table", "rtb-main", map[string]any{"route_table_id": "rtb-main", "vpc_id": "vpc-1", "main": true, "subnet_ids": []any{}, "routes": []any{}}),
		ec2Res("aws_network_acl", "acl", map[string]any{"network_acl_id": "acl-1", "subnet_ids": []any{"subnet-pub", "subnet-priv"},
			"ingress": []any{ec2ACLEntry(100, "-1", "allow", 0, 0, "0.0.0.0/0")}}),
		ec2Res("aws_security_group", "sg-lb", map[string]any{"group_id": "sg-lb", "ingress": []any{ec2Rule("tcp", 443, 443, "0.0.0.0/0")}}),
		ec2Res("aws_security_group", "sg-app", map[string]any{"group_id": "sg-app", "ingress": []any{}}),
		lb("alb", "internet-facing", "application", []any{"sg-lb"}, lis(443, "HTTPS", "tg-app", "tg-fn", "tg-alias"), lis(8443, "HTTPS", "tg-admin")),
		lb("nlb", "internet-facing", "network", []any{}, lis(22, "TCP", "tg-ssh")),
		lb("inner", "internal", "application", []any{"sg-lb"}, lis(443, "HTTPS", "tg-inner")),
		tg("tg-app", "instance", target("i-app", 8080), target("10.0.0.9", 8080)),
		tg("tg-fn", "lambda", target("fn-arn", 0)),
		tg("tg-alias", "lambda", target("arn:aws:lambda:ap-northeast-1:123456789012:function:api:live", 0)),
		tg("tg-admin", "instance", target("i-admin", 9000)),
		tg("tg-ssh", "instance", target("i-ssh", 22)),
		tg("tg-inner", "instance", target("i-inner", 80)),
		ec2Res("aws_instance", "i-app", map[string]any{"vpc_id": "vpc-1", "network_interfaces": []any{
			map[string]any{"subnet_id": "subnet-priv", "public_ip": nil, "ipv6_addresses": []any{}, "security_groups": []any{"sg-app"}}}}),
		ec2Res("aws_instance", "i-admin", map[string]any{"vpc_id": "vpc-1", "network_interfaces": []any{
			map[string]any{"subnet_id": "subnet-priv", "public_ip": nil, "ipv6_addresses": []any{}, "security_groups": []any{"sg-app"}}}}),
		ec2Res("aws_instance", "i-ssh", map[string]any{"vpc_id": "vpc-1", "network_interfaces": []any{
			map[string]any{"subnet_id": "subnet-priv", "public_ip": nil, "ipv6_addresses": []any{}, "security_groups": []any{"sg-app"}}}}),
		ec2Res("aws_instance", "i-inner", map[string]any{"vpc_id": "vpc-1", "network_interfaces": []any{
			map[string]any{"subnet_id": "subnet-priv", "public_ip": nil, "ipv6_addresses": []any{}, "security_groups": []any{"sg-app"}}}}),
		ec2Res("aws_lambda_function", "fn-arn", map[string]any{"url_auth_type": nil}),
		ec2Res("aws_lambda_function", "arn:aws:lambda:ap-northeast-1:123456789012:function:api", map[string]any{"url_auth_type": nil}),
		ec2Res("aws_lambda_function", "fn-iam", map[string]any{"url_auth_type": "AWS_IAM", "policy_public": false}),
		ec2Res("aws_lambda_function", "fn-private-policy", map[string]any{"url_auth_type": "NONE", "policy_public": false}),
		ec2Res("aws_eks_cluster", "office", map[string]any{"endpoint_public_access": true, "public_access_cidrs": []any{"203.0.113.0/24"}}),
		ec2Res("aws_eks_cluster", "private", map[string]any{"endpoint_public_access": false, "public_access_cidrs": []any{}}),
	}
	ec2Exposure.Run(NewIndex(rs))
	got := map[string]any{}
	for _, r := range rs {
		if _, ok := r.Facts["exposure_summary"]; ok {
			got[r.Name] = []any{r.Facts["internet_open_ports"], r.Facts["exposure_summary"], r.Facts["reachable_via"]}
		}
	}
	lbPath := "internet → internet-gateway igw-1 → route-table rtb-pub (0.0.0.0/0) → subnet subnet-pub → network-acl acl-1 (allows tcp all) → "
	want := map[string]any{
		"alb":   []any{ports("tcp", 443, 443), lbPath + "security-group sg-lb (opens tcp 443) → listener alb (tcp 443)", nil},
		"nlb":   []any{ports("tcp", 22, 22), lbPath + "security-group none (opens tcp all) → listener nlb (tcp 22)", nil},
		"inner": []any{ports(), "not reachable: not publicly accessible", nil},
		"i-app": []any{ports("tcp", 8080, 8080), lbPath + "security-group sg-lb (opens tcp 443) → load-balancer alb (listener tcp 443) → " +
			"target-group tg-app → target i-app (tcp 8080, healthy)", []any{"alb"}},
		// 8443 is not open on the ALB's security group.
		"i-admin": []any{ports(), "not reachable: no public address", nil},
		"i-ssh": []any{ports("tcp", 22, 22), lbPath + "security-group none (opens tcp all) → load-balancer nlb (listener tcp 22) → " +
			"target-group tg-ssh → target i-ssh (tcp 22, healthy)", []any{"nlb"}},
		"i-inner": []any{ports(), "not reachable: no public address", nil},
		"fn-arn": []any{ports("tcp", 443, 443), lbPath + "security-group sg-lb (opens tcp 443) → load-balancer alb (listener tcp 443) → " +
			"target-group tg-fn → target fn-arn (healthy)", []any{"alb"}},
		"arn:aws:lambda:ap-northeast-1:123456789012:function:api": []any{ports("tcp", 443, 443), lbPath + "security-group sg-lb (opens tcp 443) → load-balancer alb (listener tcp 443) → " +
			"target-group tg-alias → target arn:aws:lambda:ap-northeast-1:123456789012:function:api:live (healthy)", []any{"alb"}},
		"fn-iam":            []any{ports(), "not reachable: function URL requires signed requests (auth AWS_IAM)", nil},
		"fn-private-policy": []any{ports(), "not reachable: function URL with auth NONE, but the resource policy lets nobody invoke it", nil},
		"office":            []any{ports(), "not reachable: public API endpoint limited to 203.0.113.0/24", nil},
		"private":           []any{ports(), "not reachable: not publicly accessible", nil},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	var alb mamori.Resource
	for _, r := range rs {
		if r.Name == "alb" {
			alb = r
		}
	}
	wantTargets := []any{
		map[string]any{"target_group": "tg-app", "target": "i-app", "port": int64(8080), "listener_port": int64(443), "health": "healthy"},
		map[string]any{"target_group": "tg-app", "target": "10.0.0.9", "port": int64(8080), "listener_port": int64(443), "health": "healthy"},
		map[string]any{"target_group": "tg-fn", "target": "fn-arn", "port": int64(0), "listener_port": int64(443), "health": "healthy"},
		map[string]any{"target_group": "tg-alias", "target": "arn:aws:lambda:ap-northeast-1:123456789012:function:api:live", "port": int64(0), "listener_port": int64(443), "health": "healthy"},
	}
	if d := cmp.Diff(wantTargets, alb.Facts["exposed_targets"]); d != "" {
		t.Errorf("exposed_targets (-want +got):\n%s", d)
	}
}

// Routes by longest prefix, and every layer judged over address sets: a
// /1 pair is the internet, an office prefix is not, a narrower route or
// deny carved out of a broad one does not close it, and a network ACL must
// let the replies out as well as the requests in.
func TestExposureRoutesAndACLs(t *testing.T) {
	route := func(cidr, attr, gw string) map[string]any {
		return map[string]any{"cidr_block": cidr, "ipv6_cidr_block": "", attr: gw, "state": "active"}
	}
	rt := func(subnet string, routes ...any) mamori.Resource {
		return ec2Res("aws_route_table", "rtb-"+subnet, map[string]any{"route_table_id": "rtb-" + subnet, "vpc_id": "vpc-1", "main": false,
			"subnet_ids": []any{"subnet-" + subnet}, "routes": append([]any{route("10.0.0.0/16", "gateway_id", "local")}, routes...)})
	}
	acl := func(id string, subnets []any, ingress, egress []any) mamori.Resource {
		return ec2Res("aws_network_acl", id, map[string]any{"network_acl_id": id, "subnet_ids": subnets, "ingress": ingress, "egress": egress})
	}
	allowAll := []any{ec2ACLEntry(100, "-1", "allow", 0, 0, "0.0.0.0/0")}
	inst := func(name, subnet string, groups ...any) mamori.Resource {
		return ec2Res("aws_instance", name, map[string]any{"vpc_id": "vpc-1", "network_interfaces": []any{
			map[string]any{"subnet_id": "subnet-" + subnet, "public_ip": "198.51.100.7", "ipv6_addresses": []any{}, "security_groups": groups}}})
	}
	igw := route("0.0.0.0/0", "gateway_id", "igw-1")
	var rs []mamori.Resource
	for _, s := range []string{"halves", "office", "carved", "egress-closed", "egress-high", "acl-halves", "sg-halves", "sg-office"} {
		rs = append(rs, ec2Res("aws_subnet", s, map[string]any{"subnet_id": "subnet-" + s, "vpc_id": "vpc-1"}))
	}
	rs = append(rs,
		rt("halves", route("0.0.0.0/1", "gateway_id", "igw-1"), route("128.0.0.0/1", "gateway_id", "igw-1")),
		rt("office", route("0.0.0.0/0", "nat_gateway_id", "nat-1"), route("203.0.113.0/24", "gateway_id", "igw-1")),
		rt("carved", igw, route("52.0.0.0/8", "transit_gateway_id", "tgw-1")),
		rt("egress-closed", igw), rt("egress-high", igw), rt("acl-halves", igw), rt("sg-halves", igw), rt("sg-office", igw),
		acl("acl-open", []any{"subnet-halves", "subnet-office", "subnet-carved", "subnet-sg-halves", "subnet-sg-office"}, allowAll, allowAll),
		// Requests in, replies only to the VPC's own range: nothing works.
		acl("acl-inbound-only", []any{"subnet-egress-closed"}, allowAll, []any{ec2ACLEntry(100, "-1", "allow", 0, 0, "10.0.0.0/8")}),
		acl("acl-high", []any{"subnet-egress-high"}, allowAll, []any{ec2ACLEntry(100, "tcp", "allow", 32768, 65535, "0.0.0.0/0")}),
		acl("acl-halves", []any{"subnet-acl-halves"}, []any{
			ec2ACLEntry(90, "-1", "deny", 0, 0, "198.51.100.0/24"),
			ec2ACLEntry(100, "tcp", "allow", 22, 22, "0.0.0.0/1"), ec2ACLEntry(110, "tcp", "allow", 22, 22, "128.0.0.0/1"),
		}, allowAll),
		ec2Res("aws_security_group", "sg-ssh", map[string]any{"group_id": "sg-ssh", "ingress": []any{ec2Rule("tcp", 22, 22, "0.0.0.0/0")}}),
		ec2Res("aws_security_group", "sg-low", map[string]any{"group_id": "sg-low", "ingress": []any{ec2Rule("tcp", 22, 22, "0.0.0.0/1")}}),
		ec2Res("aws_security_group", "sg-high", map[string]any{"group_id": "sg-high", "ingress": []any{ec2Rule("tcp", 22, 22, "128.0.0.0/1")}}),
		ec2Res("aws_security_group", "sg-office", map[string]any{"group_id": "sg-office", "ingress": []any{ec2Rule("tcp", 22, 22, "203.0.113.0/24", "198.51.100.0/24")}}),
		inst("halves", "halves", "sg-ssh"),
		inst("office", "office", "sg-ssh"),
		inst("carved", "carved", "sg-ssh"),
		inst("egress-closed", "egress-closed", "sg-ssh"),
		inst("egress-high", "egress-high", "sg-ssh"),
		inst("acl-halves", "acl-halves", "sg-ssh"),
		inst("sg-halves", "sg-halves", "sg-low", "sg-high"),
		inst("sg-office", "sg-office", "sg-office"),
	)
	ec2Exposure.Run(NewIndex(rs))
	got := map[string]any{}
	for _, r := range rs {
		if r.Type == "aws_instance" {
			got[r.Name] = []any{r.Facts["internet_open_ports"], r.Facts["exposure_summary"]}
		}
	}
	path := func(subnet, routeDetail, acl, aclDetail, sg string) string {
		return "internet → internet-gateway igw-1 → route-table rtb-" + subnet + " (" + routeDetail + ") → subnet subnet-" + subnet + " → network-acl " + acl +
			" (" + aclDetail + ") → security-group " + sg + " (opens tcp 22) → listener " + subnet + " (tcp 22)"
	}
	want := map[string]any{
		"halves":        []any{ports("tcp", 22, 22), path("halves", "0.0.0.0/1,128.0.0.0/1", "acl-open", "allows tcp all", "sg-ssh")},
		"office":        []any{ports(), "not reachable: only 203.0.113.0/24 routes to internet gateway igw-1, not 0.0.0.0/0"},
		"carved":        []any{ports("tcp", 22, 22), path("carved", "0.0.0.0/0", "acl-open", "allows tcp all", "sg-ssh")},
		"egress-closed": []any{ports(), "not reachable: IPv4: network ACL acl-inbound-only lets the port in but its egress rules block the replies to 0.0.0.0/0"},
		"egress-high":   []any{ports("tcp", 22, 22), path("egress-high", "0.0.0.0/0", "acl-high", "allows tcp all, replies to 32768-65535", "sg-ssh")},
		"acl-halves":    []any{ports("tcp", 22, 22), path("acl-halves", "0.0.0.0/0", "acl-halves", "allows tcp 22", "sg-ssh")},
		"sg-halves":     []any{ports("tcp", 22, 22), path("sg-halves", "0.0.0.0/0", "acl-open", "allows tcp all", "sg-low,sg-high")},
		"sg-office":     []any{ports(), "not reachable: IPv4: security groups and network ACL open no listening port to 0.0.0.0/0"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// The managed services: each kind's public flag or endpoint, then the
// passes that judge one resource from others (an Aurora cluster from its
// instances, an ECS service behind a load balancer, CloudFront's origins).
func TestExposureServices(t *testing.T) {
	pub := "subnet-pub"
	rs := []mamori.Resource{
		ec2Res("aws_subnet", "pub", map[string]any{"subnet_id": pub, "vpc_id": "vpc-1"}),
		ec2Res("aws_subnet", "priv", map[string]any{"subnet_id": "subnet-priv", "vpc_id": "vpc-1"}),
		ec2Res("aws_route_table", "rtb-pub", map[string]any{"route_table_id": "rtb-pub", "vpc_id": "vpc-1", "main": false, "subnet_ids": []any{pub},
			"routes": []any{map[string]any{"cidr_block": "0.0.0.0/0", "gateway_id": "igw-1", "state": "active"}}}),
		ec2Res("aws_route_table", "rtb-main", map[string]any{"route_table_id": "rtb-main", "vpc_id": "vpc-1", "main": true, "subnet_ids": []any{}, "routes": []any{}}),
		ec2Res("aws_network_acl", "acl", map[string]any{"network_acl_id": "acl-1", "subnet_ids": []any{pub, "subnet-priv"},
			"ingress": []any{ec2ACLEntry(100, "-1", "allow", 0, 0, "0.0.0.0/0")}, "egress": []any{ec2ACLEntry(100, "-1", "allow", 0, 0, "0.0.0.0/0")}}),
		ec2Res("aws_security_group", "sg-open", map[string]any{"group_id": "sg-open", "ingress": []any{ec2Rule("-1", 0, 0, "0.0.0.0/0")}}),
		ec2Res("aws_security_group", "sg-lb", map[string]any{"group_id": "sg-lb", "ingress": []any{ec2Rule("tcp", 443, 443, "0.0.0.0/0")}}),
		// ElastiCache: private whatever its group says.
		ec2Res("aws_elasticache_replication_group", "sessions", map[string]any{"vpc_id": "vpc-1", "subnet_ids": []any{pub}, "security_group_ids": []any{"sg-open"}, "port": 6379}),
		ec2Res("aws_elasticache_cluster", "memcached", map[string]any{"vpc_id": "vpc-1", "subnet_ids": []any{pub}, "security_group_ids": []any{"sg-open"}, "port": 11211}),
		// Redshift: like RDS; without its subnets, unknown.
		ec2Res("aws_redshift_cluster", "dwh-public", map[string]any{"publicly_accessible": true, "subnet_ids": []any{pub}, "vpc_id": "vpc-1", "security_group_ids": []any{"sg-open"}, "port": 5439}),
		ec2Res("aws_redshift_cluster", "dwh-private", map[string]any{"publicly_accessible": false, "vpc_id": "vpc-1", "security_group_ids": []any{"sg-open"}, "port": 5439}),
		ec2Res("aws_redshift_cluster", "dwh-unknown", map[string]any{"publicly_accessible": true, "vpc_id": "vpc-1", "security_group_ids": []any{"sg-open"}, "port": 5439}),
		// OpenSearch: the public endpoint's access policy is its filter.
		ec2Res("aws_opensearch_domain", "search-open", map[string]any{"in_vpc": false, "policy_public": true, "enforce_https": false, "fine_grained_access_control": false}),
		ec2Res("aws_opensearch_domain", "search-signed", map[string]any{"in_vpc": false, "policy_public": false, "enforce_https": true}),
		ec2Res("aws_opensearch_domain", "search-vpc", map[string]any{"in_vpc": true, "vpc_id": "vpc-1", "policy_public": true}),
		// API Gateway.
		ec2Res("aws_apigateway_rest_api", "orders", map[string]any{"id": "o1", "private": false, "execute_api_endpoint_disabled": false, "endpoint_types": []any{"REGIONAL"},
			"unauthenticated_methods": []any{"GET /orders/{id}"}}),
		ec2Res("aws_apigateway_rest_api", "internal", map[string]any{"private": true, "execute_api_endpoint_disabled": false, "endpoint_types": []any{"PRIVATE"}}),
		ec2Res("aws_apigatewayv2_api", "mobile", map[string]any{"execute_api_endpoint_disabled": false, "protocol_type": "HTTP", "unauthorized_routes": []any{}}),
		ec2Res("aws_apigatewayv2_api", "custom-domain-only", map[string]any{"execute_api_endpoint_disabled": true, "protocol_type": "HTTP"}),
		// Custom domain names: one serves an API whose default endpoint is
		// disabled (reachable through it), one an API open on both.
		ec2Res("aws_apigatewayv2_api", "partner", map[string]any{"id": "p1", "execute_api_endpoint_disabled": true, "protocol_type": "HTTP",
			"unauthorized_routes": []any{"GET /status"}}),
		ec2Res("aws_apigatewayv2_domain_name", "partner.example.com", map[string]any{"security_policy": "TLS_1_2", "endpoint_type": "REGIONAL",
			"api_mappings": []any{map[string]any{"api_id": "p1", "stage": "v1", "key": ""}}}),
		ec2Res("aws_apigatewayv2_domain_name", "api.example.com", map[string]any{"security_policy": "TLS_1_0", "endpoint_type": "REGIONAL",
			"api_mappings": []any{map[string]any{"api_id": "o1", "stage": "prod", "key": "orders"}}}),
		// Aurora: through its instances.
		ec2Res("aws_db_instance", "aurora-public-1", map[string]any{"publicly_accessible": true, "subnet_ids": []any{pub}, "vpc_id": "vpc-1",
			"vpc_security_group_ids": []any{"sg-open"}, "port": int64(3306), "db_cluster_identifier": "aurora-public"}),
		ec2Res("aws_db_instance", "aurora-private-1", map[string]any{"publicly_accessible": false, "subnet_ids": []any{"subnet-priv"}, "vpc_id": "vpc-1",
			"vpc_security_group_ids": []any{"sg-open"}, "port": int64(3306), "db_cluster_identifier": "aurora-private"}),
		ec2Res("aws_db_instance", "aurora-unknown-1", map[string]any{"publicly_accessible": true, "vpc_id": "vpc-1", "port": int64(3306), "db_cluster_identifier": "aurora-unknown"}),
		ec2Res("aws_rds_cluster", "aurora-public", map[string]any{"db_cluster_identifier": "aurora-public"}),
		ec2Res("aws_rds_cluster", "aurora-private", map[string]any{"db_cluster_identifier": "aurora-private"}),
		ec2Res("aws_rds_cluster", "aurora-unknown", map[string]any{"db_cluster_identifier": "aurora-unknown"}),
		// ECS: a public task, a private one behind a public ALB, host networking.
		ec2Res("aws_ecs_service", "svc-public", map[string]any{"network_mode": "awsvpc", "assign_public_ip": true, "subnet_ids": []any{pub},
			"security_groups": []any{"sg-open"}, "container_ports": []any{map[string]any{"container": "app", "protocol": "tcp", "port": int64(8080)}}, "load_balancers": []any{}}),
		ec2Res("aws_ecs_service", "svc-behind-alb", map[string]any{"network_mode": "awsvpc", "assign_public_ip": false, "subnet_ids": []any{"subnet-priv"},
			"security_groups": []any{"sg-open"}, "container_ports": []any{}, "load_balancers": []any{map[string]any{"target_group_arn": "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/tg-ip/1",
				"container_name": "web", "container_port": int64(8080)}}}),
		// No vpc_id on a service: the subnet's VPC gives the main route table.
		ec2Res("aws_ecs_service", "svc-main-table", map[string]any{"network_mode": "awsvpc", "assign_public_ip": true, "subnet_ids": []any{"subnet-priv"},
			"security_groups": []any{"sg-open"}, "container_ports": []any{}, "load_balancers": []any{}}),
		ec2Res("aws_ecs_service", "svc-bridge", map[string]any{"network_mode": "bridge", "assign_public_ip": false, "subnet_ids": []any{}, "security_groups": []any{}, "load_balancers": []any{}}),
		ec2Res("aws_lb", "alb", map[string]any{"scheme": "internet-facing", "load_balancer_type": "application", "subnet_ids": []any{pub}, "vpc_id": "vpc-1",
			"security_groups": []any{"sg-lb"}, "ip_address_type": "ipv4", "dns_name": "alb-1.ap-northeast-1.elb.amazonaws.com", "listeners": []any{
				map[string]any{"port": int64(443), "protocol": "HTTPS", "target_groups": []any{"arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/tg-ip/1"}}}}),
		ec2Res("aws_lb_target_group", "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/tg-ip/1", map[string]any{"target_type": "ip",
			"targets": []any{map[string]any{"id": "10.0.1.5", "port": int64(8080), "health": "healthy"}}}),
		// VPC endpoints: none has an address on the internet.
		ec2Res("aws_vpc_endpoint", "vpce-gwlb", map[string]any{"endpoint_type": "GatewayLoadBalancer", "service_name": "com.amazonaws.vpce.ap-northeast-1.vpce-svc-1"}),
		ec2Res("aws_vpc_endpoint", "vpce-api", map[string]any{"endpoint_type": "Interface", "service_name": "com.amazonaws.ap-northeast-1.execute-api"}),
		ec2Res("aws_vpc_endpoint", "vpce-old", map[string]any{}),
		// CloudFront: its edge, and which origins answer around it.
		{Provider: "aws", Account: "123456789012", Region: "global", Type: "aws_cloudfront_distribution", ID: "E1", Name: "E1", Attributes: map[string]any{
			"enabled": true, "domain_name": "d1.cloudfront.net", "geo_restriction": "whitelist", "origins": []any{
				map[string]any{"id": "api", "domain_name": "alb-1.ap-northeast-1.elb.amazonaws.com"},
				map[string]any{"id": "static", "domain_name": "static-bucket.s3.ap-northeast-1.amazonaws.com"},
				map[string]any{"id": "public-bucket", "domain_name": "open-bucket.s3.amazonaws.com"},
				map[string]any{"id": "elsewhere", "domain_name": "origin.example.com"},
			}}},
		{Provider: "aws", Account: "123456789012", Region: "global", Type: "aws_cloudfront_distribution", ID: "E2", Name: "E2", Attributes: map[string]any{
			"enabled": false, "domain_name": "d2.cloudfront.net", "origins": []any{}}},
		{Provider: "aws", Account: "123456789012", Region: "ap-northeast-1", Type: "aws_s3_bucket", ID: "arn:aws:s3:::static-bucket", Name: "static-bucket",
			Facts: map[string]any{"public": false}},
		{Provider: "aws", Account: "123456789012", Region: "ap-northeast-1", Type: "aws_s3_bucket", ID: "arn:aws:s3:::open-bucket", Name: "open-bucket",
			Facts: map[string]any{"public": true}},
	}
	ec2Exposure.Run(NewIndex(rs))
	got := map[string]any{}
	var dist mamori.Resource
	for _, r := range rs {
		if r.Type == "aws_cloudfront_distribution" && r.Name == "E1" {
			dist = r
		}
		switch r.Type {
		case "aws_subnet", "aws_route_table", "aws_network_acl", "aws_security_group", "aws_lb_target_group", "aws_s3_bucket", "aws_lb", "aws_apigatewayv2_domain_name":
			continue
		}
		if r.Facts == nil {
			got[r.Name] = nil
			continue
		}
		got[r.Name] = []any{r.Facts["internet_open_ports"], r.Facts["exposure_summary"], r.Facts["reachable_via"]}
	}
	vpcPath := "internet → internet-gateway igw-1 → route-table rtb-pub (0.0.0.0/0) → subnet subnet-pub → network-acl acl-1 (allows tcp all) → "
	want := map[string]any{
		"sessions":      []any{ports(), "not reachable: ElastiCache nodes have private addresses only", nil},
		"memcached":     []any{ports(), "not reachable: ElastiCache nodes have private addresses only", nil},
		"dwh-public":    []any{ports("tcp", 5439, 5439), vpcPath + "security-group sg-open (opens tcp all) → listener dwh-public (tcp 5439)", nil},
		"dwh-private":   []any{ports(), "not reachable: not publicly accessible", nil},
		"dwh-unknown":   nil,
		"search-open":   []any{ports("tcp", 80, 80, "tcp", 443, 443), "internet → opensearch-endpoint search-open (access policy open to everyone) → listener search-open (tcp 80,443)", nil},
		"search-signed": []any{ports(), "not reachable: public endpoint, but the access policy admits only named principals (signed requests)", nil},
		"search-vpc":    []any{ports(), "not reachable: in a VPC: private addresses only", nil},
		"orders": []any{ports("tcp", 443, 443), "internet → api-gateway orders (regional endpoint, without authorisation: GET /orders/{id}, " +
			"also on custom domain api.example.com (TLS_1_0)) → listener orders (tcp 443)", nil},
		"internal":           []any{ports(), "not reachable: private API: reached through interface VPC endpoints only", nil},
		"mobile":             []any{ports("tcp", 443, 443), "internet → api-gateway mobile (http API) → listener mobile (tcp 443)", nil},
		"custom-domain-only": []any{ports(), "not reachable: default execute-api endpoint disabled, and no custom domain name in the scan maps to it", nil},
		"partner": []any{ports("tcp", 443, 443), "internet → custom-domain partner.example.com (TLS_1_2, regional) → " +
			"api-gateway partner (default execute-api endpoint disabled, without authorisation: GET /status) → listener partner (tcp 443)", nil},
		"aurora-public-1":  []any{ports("tcp", 3306, 3306), vpcPath + "security-group sg-open (opens tcp all) → listener aurora-public-1 (tcp 3306)", nil},
		"aurora-public":    []any{ports("tcp", 3306, 3306), vpcPath + "security-group sg-open (opens tcp all) → cluster-member aurora-public-1 → listener aurora-public (tcp 3306)", nil},
		"aurora-private-1": []any{ports(), "not reachable: not publicly accessible", nil},
		"aurora-private":   []any{ports(), "not reachable: aurora-private-1: not publicly accessible", nil},
		"aurora-unknown-1": nil,
		"aurora-unknown":   nil,
		"svc-public":       []any{ports("tcp", 8080, 8080), vpcPath + "security-group sg-open (opens tcp all) → listener svc-public (tcp 8080)", nil},
		"svc-behind-alb": []any{ports("tcp", 8080, 8080), vpcPath + "security-group sg-lb (opens tcp 443) → load-balancer alb (listener tcp 443) → target-group tg-ip → " +
			"target svc-behind-alb (container web tcp 8080)", []any{"alb"}},
		"svc-bridge":     []any{ports(), "not reachable: tasks get no public address", nil},
		"svc-main-table": []any{ports(), "not reachable: public IPv4 address but no 0.0.0.0/0 route to an internet gateway", nil},
		"vpce-gwlb":      []any{ports(), "not reachable: Gateway Load Balancer endpoint: inspects the traffic routed to it, no address of its own", nil},
		"vpce-api":       []any{ports(), "not reachable: interface endpoint to com.amazonaws.ap-northeast-1.execute-api: private addresses in its subnets only", nil},
		"vpce-old":       nil,
		"E1":             []any{ports("tcp", 80, 80, "tcp", 443, 443), "internet → cloudfront E1 (d1.cloudfront.net, geo restriction whitelist) → listener E1 (tcp 80,443)", nil},
		"E2":             []any{ports(), "not reachable: distribution disabled", nil},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	wantOrigins := []any{
		map[string]any{"origin": "api", "domain": "alb-1.ap-northeast-1.elb.amazonaws.com", "resource": "alb", "directly_reachable": true,
			"summary": vpcPath + "security-group sg-lb (opens tcp 443) → listener alb (tcp 443)"},
		map[string]any{"origin": "static", "domain": "static-bucket.s3.ap-northeast-1.amazonaws.com", "resource": "arn:aws:s3:::static-bucket", "directly_reachable": false,
			"summary": "bucket not public: reached through CloudFront only"},
		map[string]any{"origin": "public-bucket", "domain": "open-bucket.s3.amazonaws.com", "resource": "arn:aws:s3:::open-bucket", "directly_reachable": true,
			"summary": "bucket is public: readable without CloudFront"},
		map[string]any{"origin": "elsewhere", "domain": "origin.example.com", "resource": "", "directly_reachable": nil, "summary": "not in the scan"},
	}
	if d := cmp.Diff(wantOrigins, dist.Facts["origin_exposure"]); d != "" {
		t.Errorf("origin_exposure (-want +got):\n%s", d)
	}
}

// The managed services of the demo world, end to end through the
// collectors: the marketing Redshift opened for a BI trial, the tutorial
// OpenSearch domain, the back-office ECS task with a public IP, the order
// API, CloudFront whose /api/* origin is the public ALB; and the private
// ones with their reasons.
func TestExposureDemoManagedServices(t *testing.T) {
	rs := emulated(t, awsemu.Demo(), aws.Options{Regions: []string{"ap-northeast-1"},
		Services: []string{"ec2", "vpc", "elbv2", "rds", "elasticache", "opensearch", "redshift", "ecs", "apigateway", "cloudfront", "s3"}})
	Run(rs, nil)
	got := map[string]any{}
	var origins any
	for _, r := range rs {
		if _, ok := r.Facts["exposure_summary"]; ok && r.Type != "aws_instance" && r.Type != "aws_lb" && r.Type != "aws_db_instance" {
			got[r.Type+" "+r.Name] = []any{r.Facts["internet_open_ports"], r.Facts["exposure_summary"]}
		}
		if r.Name == "E2SHOPFRONT" {
			origins = r.Facts["origin_exposure"]
		}
	}
	no := func(why string) []any { return []any{ports(), "not reachable: " + why} }
	prod := "internet → internet-gateway igw-0b7e2d9c4a1f36e58 → route-table rtb-0b7e2d9c4a1f36e52 (0.0.0.0/0) → subnet subnet-0e9f8a7b6c5d4e301 → " +
		"network-acl acl-0b7e2d9c4a1f36e51 (allows tcp all) → security-group sg-0c4f1e2d3a5b6c701 (opens tcp 80,443) → "
	want := map[string]any{
		"aws_redshift_cluster marketing-analytics": []any{ports("tcp", 5439, 5439), "internet → internet-gateway igw-0a11de4a5f1a2b3c4 → route-table rtb-0a11de4a5f1a2b3c4 (0.0.0.0/0) → " +
			"subnet subnet-0d1a2b3c4d5e6f701 → network-acl acl-0a11de4a5f1a2b3c4 (allows tcp all) → security-group sg-0c4f1e2d3a5b6c706 (opens tcp 5439) → listener marketing-analytics (tcp 5439)"},
		"aws_redshift_cluster finance-dwh":        no("not publicly accessible"),
		"aws_vpc_endpoint ecr-dkr":                no("interface endpoint to com.amazonaws.ap-northeast-1.ecr.dkr: private addresses in its subnets only"),
		"aws_vpc_endpoint vpce-0a1b2c3d4e5f60711": no("gateway endpoint to com.amazonaws.ap-northeast-1.s3: a route target, no address of its own"),
		"aws_vpc_endpoint vpce-0a1b2c3d4e5f60712": no("interface endpoint to com.amazonaws.ap-northeast-1.ec2: private addresses in its subnets only"),
		"aws_opensearch_domain shop-search": []any{ports("tcp", 80, 80, "tcp", 443, 443),
			"internet → opensearch-endpoint shop-search (access policy open to everyone) → listener shop-search (tcp 80,443)"},
		"aws_opensearch_domain security-logs":             no("in a VPC: private addresses only"),
		"aws_elasticache_replication_group shop-sessions": no("ElastiCache nodes have private addresses only"),
		"aws_elasticache_replication_group api-ratelimit": no("ElastiCache nodes have private addresses only"),
		"aws_elasticache_cluster page-cache":              no("ElastiCache nodes have private addresses only"),
		"aws_rds_cluster member-portal":                   no("member-portal-1: not publicly accessible"),
		"aws_ecs_service shop-web":                        no("tasks get no public address"),
		"aws_ecs_service thumbnail-worker":                no("tasks get no public address"),
		"aws_ecs_service backoffice":                      []any{ports("tcp", 80, 80), prod + "listener backoffice (tcp 80)"},
		"aws_apigateway_rest_api shop-order-api": []any{ports("tcp", 443, 443),
			"internet → api-gateway shop-order-api (regional endpoint, without authorisation: GET /orders/{id}, also on custom domain api.sakura-shop.example (TLS_1_0)) → listener shop-order-api (tcp 443)"},
		"aws_apigateway_rest_api partner-api": []any{ports("tcp", 443, 443),
			"internet → custom-domain partner.sakura-shop.example (TLS_1_2, regional) → api-gateway partner-api (default execute-api endpoint disabled) → listener partner-api (tcp 443)"},
		"aws_apigatewayv2_api shop-mobile-api": []any{ports("tcp", 443, 443),
			"internet → api-gateway shop-mobile-api (http API, without authorisation: POST /webhooks/payment) → listener shop-mobile-api (tcp 443)"},
		"aws_cloudfront_distribution E1CAMPAIGN2020": []any{ports("tcp", 80, 80, "tcp", 443, 443),
			"internet → cloudfront E1CAMPAIGN2020 (d1campaign2020.cloudfront.net) → listener E1CAMPAIGN2020 (tcp 80,443)"},
		"aws_cloudfront_distribution E2SHOPFRONT": []any{ports("tcp", 80, 80, "tcp", 443, 443),
			"internet → cloudfront E2SHOPFRONT (d2shopfront.cloudfront.net) → listener E2SHOPFRONT (tcp 80,443)"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	// The shop front's API origin is the public ALB: reachable around
	// CloudFront and its web ACL. Its static bucket is private; the replica
	// is in us-east-1, a region this scan leaves out.
	wantOrigins := []any{
		map[string]any{"origin": "shop-static", "domain": "sakura-shop-static.s3.ap-northeast-1.amazonaws.com", "resource": "arn:aws:s3:::sakura-shop-static", "directly_reachable": false,
			"summary": "bucket not public: reached through CloudFront only"},
		map[string]any{"origin": "shop-api", "domain": "shop-web-alb-1234567890.ap-northeast-1.elb.amazonaws.com",
			"resource": "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:loadbalancer/app/shop-web-alb/5f2a9c1e3b7d4a60", "directly_reachable": true,
			"summary": prod + "listener shop-web-alb (tcp 80,443)"},
		map[string]any{"origin": "shop-static-dr", "domain": "sakura-shop-static-dr.s3.us-east-1.amazonaws.com", "resource": "", "directly_reachable": nil, "summary": "not in the scan"},
	}
	if d := cmp.Diff(wantOrigins, origins); d != "" {
		t.Errorf("origin_exposure (-want +got):\n%s", d)
	}
}

// Managed prefix lists in security group rules and routes: a
// customer-managed list counts by its entries (one holding 0.0.0.0/0 is the
// internet), an AWS-managed list is its service's ranges and is named, a
// list that was not collected leaves the answer unknown.
func TestExposurePrefixLists(t *testing.T) {
	pl := func(id, name string, awsManaged bool, entries ...any) mamori.Resource {
		a := map[string]any{"prefix_list_id": id, "name": name, "aws_managed": awsManaged}
		if !awsManaged {
			a["entries"] = entries
		}
		return ec2Res("aws_ec2_managed_prefix_list", id, a)
	}
	sg := func(id string, port int64, pls ...any) mamori.Resource {
		return ec2Res("aws_security_group", id, map[string]any{"group_id": id, "ingress": []any{map[string]any{"protocol": "tcp", "from_port": port, "to_port": port,
			"cidr_blocks": []any{}, "ipv6_cidr_blocks": []any{}, "prefix_list_ids": pls}}})
	}
	inst := func(name, subnet, group string) mamori.Resource {
		return ec2Res("aws_instance", name, map[string]any{"vpc_id": "vpc-1", "network_interfaces": []any{
			map[string]any{"subnet_id": subnet, "public_ip": "198.51.100.7", "ipv6_addresses": []any{}, "security_groups": []any{group}}}})
	}
	rs := []mamori.Resource{
		ec2Res("aws_subnet", "pub", map[string]any{"subnet_id": "subnet-pub", "vpc_id": "vpc-1"}),
		ec2Res("aws_subnet", "pl-routed", map[string]any{"subnet_id": "subnet-pl", "vpc_id": "vpc-1"}),
		ec2Res("aws_route_table", "rtb-pub", map[string]any{"route_table_id": "rtb-pub", "vpc_id": "vpc-1", "main": false, "subnet_ids": []any{"subnet-pub"},
			"routes": []any{map[string]any{"cidr_block": "0.0.0.0/0", "gateway_id": "igw-1", "state": "active"},
				// An S3 gateway endpoint's route: AWS-managed, not the internet.
				map[string]any{"destination_prefix_list_id": "pl-s3", "gateway_id": "vpce-s3", "state": "active"}}}),
		ec2Res("aws_route_table", "rtb-pl", map[string]any{"route_table_id": "rtb-pl", "vpc_id": "vpc-1", "main": false, "subnet_ids": []any{"subnet-pl"},
			"routes": []any{map[string]any{"destination_prefix_list_id": "pl-anyone", "gateway_id": "igw-1", "state": "active"}}}),
		ec2Res("aws_network_acl", "acl", map[string]any{"network_acl_id": "acl-1", "subnet_ids": []any{"subnet-pub", "subnet-pl"},
			"ingress": []any{ec2ACLEntry(100, "-1", "allow", 0, 0, "0.0.0.0/0")}}),
		pl("pl-office", "office", false, "203.0.113.0/24"),
		pl("pl-anyone", "partners", false, "0.0.0.0/0", "::/0"),
		pl("pl-cf", "com.amazonaws.global.cloudfront.origin-facing", true),
		pl("pl-s3", "com.amazonaws.ap-northeast-1.s3", true),
		sg("sg-office", 22, "pl-office"),
		sg("sg-anyone", 22, "pl-anyone"),
		sg("sg-cf", 443, "pl-cf"),
		sg("sg-missing", 22, "pl-404"),
		inst("office", "subnet-pub", "sg-office"),
		inst("anyone", "subnet-pub", "sg-anyone"),
		inst("cf-origin", "subnet-pub", "sg-cf"),
		inst("missing", "subnet-pub", "sg-missing"),
		inst("routed", "subnet-pl", "sg-anyone"),
	}
	ec2Exposure.Run(NewIndex(rs))
	got := map[string]any{}
	for _, r := range rs {
		if r.Type == "aws_instance" {
			if r.Facts == nil {
				got[r.Name] = nil
				continue
			}
			got[r.Name] = []any{r.Facts["internet_open_ports"], r.Facts["exposure_summary"]}
		}
	}
	path := "internet → internet-gateway igw-1 → route-table rtb-pub (0.0.0.0/0) → subnet subnet-pub → network-acl acl-1 (allows tcp all) → "
	want := map[string]any{
		"office":  []any{ports(), "not reachable: IPv4: security groups and network ACL open no listening port to 0.0.0.0/0"},
		"anyone":  []any{ports("tcp", 22, 22), path + "security-group sg-anyone (opens tcp 22) → listener anyone (tcp 22)"},
		"missing": nil,
		"cf-origin": []any{ports(), "not reachable: IPv4: security groups and network ACL open no listening port to 0.0.0.0/0; " +
			"sg-cf: tcp 443 from AWS-managed prefix list com.amazonaws.global.cloudfront.origin-facing (pl-cf), that service's addresses, not the internet"},
		"routed": []any{ports("tcp", 22, 22), "internet → internet-gateway igw-1 → route-table rtb-pl (pl-anyone:0.0.0.0/0) → subnet subnet-pl → " +
			"network-acl acl-1 (allows tcp all) → security-group sg-anyone (opens tcp 22) → listener routed (tcp 22)"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// End to end through the SDK and the emulator: ingress routing through a
// firewall appliance, security groups naming a customer-managed prefix list
// that holds 0.0.0.0/0 and CloudFront's AWS-managed one, a dual-stack RDS
// instance reachable over IPv6 only.
func TestExposureEmulatedIPv6AndIngress(t *testing.T) {
	w, err := awsemu.ParseWorld([]byte(`
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1]
    per_region:
      ap-northeast-1:
        ec2:
          vpcs: [{id: vpc-1, cidr: 10.0.0.0/16, ipv6_cidr: "2406:da14:aa:bb00::/56"}]
          subnets:
            - {id: subnet-fw, vpc: vpc-1, cidr: 10.0.1.0/24}
            - {id: subnet-app, vpc: vpc-1, cidr: 10.0.2.0/24}
            - {id: subnet-v6, vpc: vpc-1, cidr: 10.0.3.0/24, ipv6_cidr: "2406:da14:aa:bb03::/64"}
          route_tables:
            - {id: rtb-fw, vpc: vpc-1, subnets: [subnet-fw], routes: [{destination: 0.0.0.0/0, target: igw-1}]}
            - {id: rtb-app, vpc: vpc-1, subnets: [subnet-app], routes: [{destination: 0.0.0.0/0, target: eni-fw}]}
            - {id: rtb-edge, vpc: vpc-1, gateways: [igw-1], routes: [{destination: 10.0.2.0/24, target: eni-fw}]}
            - {id: rtb-v6, vpc: vpc-1, subnets: [subnet-v6], routes: [{destination: 0.0.0.0/0, target: nat-1}, {destination: "::/0", target: igw-1}]}
          network_acls:
            - id: acl-1
              vpc: vpc-1
              default: true
              subnets: [subnet-fw, subnet-app, subnet-v6]
              entries:
                - {rule: 100, action: allow, cidr: 0.0.0.0/0}
                - {rule: 101, action: allow, ipv6_cidr: "::/0"}
                - {rule: 100, egress: true, action: allow, cidr: 0.0.0.0/0}
                - {rule: 101, egress: true, action: allow, ipv6_cidr: "::/0"}
          security_groups:
            - {id: sg-partners, name: partners, vpc: vpc-1, ingress: [{protocol: tcp, port: 8443, prefix_lists: [pl-anyone]}]}
            - {id: sg-origin, name: origin, vpc: vpc-1, ingress: [{protocol: tcp, port: 443, prefix_lists: [pl-cf]}]}
            - {id: sg-db, name: db, vpc: vpc-1, ingress: [{protocol: tcp, port: 5432, cidrs: [0.0.0.0/0], ipv6_cidrs: ["::/0"]}]}
          instances:
            - {id: i-app, subnet: subnet-app, private_ip: 10.0.2.10, public_ip: 198.51.100.10, groups: [sg-partners], tags: {Name: app}}
            - {id: i-origin, subnet: subnet-app, private_ip: 10.0.2.11, public_ip: 198.51.100.11, groups: [sg-origin], tags: {Name: origin}}
        vpc:
          prefix_lists:
            - {prefixListId: pl-anyone, prefixListName: partners, ownerId: "123456789012", addressFamily: IPv4, state: create-complete, maxEntries: 5, entrySet: [{cidr: 0.0.0.0/0}]}
            - {prefixListId: pl-cf, prefixListName: com.amazonaws.global.cloudfront.origin-facing, ownerId: AWS, addressFamily: IPv4, state: create-complete, maxEntries: 55}
        rds:
          instances:
            - {id: orders-db, engine: postgres, public: true, network_type: DUAL, vpc: vpc-1, subnets: [subnet-v6], security_groups: [sg-db]}
`))
	if err != nil {
		t.Fatal(err)
	}
	rs := emulated(t, w, aws.Options{Regions: []string{"ap-northeast-1"}, Services: []string{"ec2", "vpc", "rds"}})
	ec2Exposure.Run(NewIndex(rs))
	got := map[string]any{}
	for _, r := range rs {
		if r.Type == "aws_instance" || r.Type == "aws_db_instance" {
			got[r.Name] = []any{r.Facts["internet_open_ports"], r.Facts["exposure_summary"], r.Facts["ipv6_reachable"]}
		}
	}
	want := map[string]any{
		"app": []any{ports("tcp", 8443, 8443), "internet → internet-gateway igw-1 (ingress routing) → gateway-route-table rtb-edge (10.0.2.0/24 → eni-fw) → " +
			"appliance eni-fw (inspects the traffic) → route-table rtb-app (0.0.0.0/0) → subnet subnet-app → network-acl acl-1 (allows tcp all) → " +
			"security-group sg-partners (opens tcp 8443) → listener app (tcp 8443)", false},
		"origin": []any{ports(), "not reachable: IPv4: security groups and network ACL open no listening port to 0.0.0.0/0; " +
			"sg-origin: tcp 443 from AWS-managed prefix list com.amazonaws.global.cloudfront.origin-facing (pl-cf), that service's addresses, not the internet", false},
		"orders-db": []any{ports("tcp", 5432, 5432), "internet → internet-gateway igw-1 (IPv6) → route-table rtb-v6 (::/0) → subnet subnet-v6 → " +
			"network-acl acl-1 (allows tcp all) → security-group sg-db (opens tcp 5432) → listener orders-db (tcp 5432)", true},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
