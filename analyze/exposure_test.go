package analyze

import (
	"context"
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

// End to end through the collectors on the demo world: the public ALB and
// the web server behind it, the function URL without authentication, and
// the EKS API endpoint open to 0.0.0.0/0.
func TestExposureDemoServices(t *testing.T) {
	s := awsemu.New(awsemu.Demo(), awsemu.Faults{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var rs []mamori.Resource
	c := aws.New(aws.Options{Config: s.Config("ap-northeast-1"), Regions: []string{"ap-northeast-1"}, Services: []string{"ec2", "elbv2", "lambda", "eks"}})
	if err := c.Collect(context.Background(), func(r mamori.Resource) { rs = append(rs, r) }, func(e mamori.CollectError) { t.Errorf("collect: %v", e) }); err != nil {
		t.Fatal(err)
	}
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
