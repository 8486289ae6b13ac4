package analyze

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
)

func ec2Res(typ, id string, attrs map[string]any) mamori.Resource {
	return mamori.Resource{Provider: "aws", Account: "123456789012", Region: "ap-northeast-1", Type: typ, ID: id, Name: id, Attributes: attrs}
}

func ec2Rule(proto string, from, to int64, cidrs ...any) map[string]any {
	var v4, v6 []any
	for _, c := range cidrs {
		if c == "::/0" {
			v6 = append(v6, c)
		} else {
			v4 = append(v4, c)
		}
	}
	return map[string]any{"protocol": proto, "from_port": from, "to_port": to, "cidr_blocks": v4, "ipv6_cidr_blocks": v6}
}

func ec2ACLEntry(rule int64, proto, action string, from, to int64, cidr string) map[string]any {
	m := map[string]any{"rule_number": rule, "protocol": proto, "action": action, "from_port": from, "to_port": to, "cidr_block": "", "ipv6_cidr_block": ""}
	if cidr == "::/0" {
		m["ipv6_cidr_block"] = cidr
	} else {
		m["cidr_block"] = cidr
	}
	return m
}

func ports(p ...any) []any {
	out := []any{}
	for i := 0; i+2 < len(p)+1; i += 3 {
		out = append(out, map[string]any{"protocol": p[i], "from_port": int64(p[i+1].(int)), "to_port": int64(p[i+2].(int))})
	}
	return out
}

func TestEC2Exposure(t *testing.T) {
	route := func(cidr, v6, gw, state string) map[string]any {
		return map[string]any{"cidr_block": cidr, "ipv6_cidr_block": v6, "gateway_id": gw, "state": state}
	}
	inst := func(id, subnet, pub, v6 string, groups ...any) mamori.Resource {
		a := map[string]any{"subnet_id": subnet, "vpc_id": "vpc-1", "public_ip": nil, "ipv6_address": nil, "security_groups": groups}
		if pub != "" {
			a["public_ip"] = pub
		}
		if v6 != "" {
			a["ipv6_address"] = v6
		}
		return ec2Res("aws_instance", id, a)
	}
	rs := []mamori.Resource{
		ec2Res("aws_subnet", "sn-public", map[string]any{"subnet_id": "subnet-pub", "vpc_id": "vpc-1"}),
		ec2Res("aws_subnet", "sn-private", map[string]any{"subnet_id": "subnet-priv", "vpc_id": "vpc-1"}),
		ec2Res("aws_subnet", "sn-hole", map[string]any{"subnet_id": "subnet-hole", "vpc_id": "vpc-1"}),
		ec2Res("aws_route_table", "main", map[string]any{"vpc_id": "vpc-1", "main": true, "subnet_ids": []any{},
			"routes": []any{route("10.0.0.0/16", "", "local", "active"), route("0.0.0.0/0", "", "nat-1", "active")}}),
		ec2Res("aws_route_table", "public", map[string]any{"vpc_id": "vpc-1", "main": false, "subnet_ids": []any{"subnet-pub"},
			"routes": []any{route("0.0.0.0/0", "", "igw-1", "active"), route("", "::/0", "igw-1", "active")}}),
		ec2Res("aws_route_table", "blackhole", map[string]any{"vpc_id": "vpc-1", "main": false, "subnet_ids": []any{"subnet-hole"},
			"routes": []any{route("0.0.0.0/0", "", "igw-1", "blackhole")}}),
		ec2Res("aws_network_acl", "acl", map[string]any{"subnet_ids": []any{"subnet-pub", "subnet-priv", "subnet-hole"}, "ingress": []any{
			ec2ACLEntry(50, "tcp", "deny", 3389, 3389, "0.0.0.0/0"),
			ec2ACLEntry(60, "tcp", "allow", 3389, 3389, "10.0.0.0/8"),
			ec2ACLEntry(100, "-1", "allow", 0, 0, "0.0.0.0/0"),
			ec2ACLEntry(110, "tcp", "allow", 1000, 2000, "::/0"),
			ec2ACLEntry(32767, "-1", "deny", 0, 0, "0.0.0.0/0"),
		}}),
		ec2Res("aws_security_group", "web", map[string]any{"group_id": "sg-web", "ingress": []any{
			ec2Rule("tcp", 443, 443, "0.0.0.0/0", "::/0"), ec2Rule("tcp", 80, 80, "0.0.0.0/0"), ec2Rule("tcp", 22, 22, "203.0.113.0/24"),
		}}),
		ec2Res("aws_security_group", "admin", map[string]any{"group_id": "sg-admin", "ingress": []any{
			ec2Rule("tcp", 3380, 3390, "0.0.0.0/0"), ec2Rule("udp", 53, 53, "0.0.0.0/0"), ec2Rule("-1", 0, 0, "::/0"),
		}}),
		inst("web", "subnet-pub", "198.51.100.1", "", "sg-web"),
		inst("admin", "subnet-pub", "198.51.100.2", "", "sg-admin", "sg-web"),
		inst("v6only", "subnet-pub", "", "2001:db8::1", "sg-admin"),
		inst("private", "subnet-priv", "", ""),
		inst("private-with-ip", "subnet-priv", "198.51.100.3", "", "sg-web"),
		inst("blackhole", "subnet-hole", "198.51.100.4", "", "sg-web"),
		inst("unknown-subnet", "subnet-404", "198.51.100.5", "", "sg-web"),
		inst("unknown-group", "subnet-pub", "198.51.100.6", "", "sg-404"),
		// A private primary interface and an Elastic IP on a secondary one
		// in the public subnet: exposed through the secondary.
		ec2Res("aws_instance", "secondary-eip", map[string]any{"subnet_id": "subnet-priv", "vpc_id": "vpc-1", "public_ip": nil, "ipv6_address": nil,
			"security_groups": []any{"sg-web"}, "network_interfaces": []any{
				map[string]any{"subnet_id": "subnet-priv", "public_ip": nil, "ipv6_addresses": []any{}, "security_groups": []any{"sg-web"}},
				map[string]any{"subnet_id": "subnet-pub", "public_ip": "198.51.100.9", "ipv6_addresses": []any{}, "security_groups": []any{"sg-admin"}},
			}}),
		// An unknown group on any interface makes the answer unknown.
		ec2Res("aws_instance", "secondary-unknown", map[string]any{"subnet_id": "subnet-pub", "vpc_id": "vpc-1", "public_ip": nil, "ipv6_address": nil,
			"security_groups": []any{"sg-web"}, "network_interfaces": []any{
				map[string]any{"subnet_id": "subnet-pub", "public_ip": nil, "ipv6_addresses": []any{}, "security_groups": []any{"sg-web"}},
				map[string]any{"subnet_id": "subnet-pub", "public_ip": "198.51.100.10", "ipv6_addresses": []any{}, "security_groups": []any{"sg-404"}},
			}}),
	}
	ec2Exposure.Run(NewIndex(rs))
	facts := map[string]map[string]any{}
	summary := map[string]any{}
	v6 := map[string]any{}
	for _, r := range rs {
		if r.Facts != nil {
			summary[r.Name] = r.Facts["exposure_summary"]
			if r.Facts["ipv6_reachable"] == true {
				v6[r.Name] = []any{r.Facts["ipv6_open_ports"], pathText(hopsOf(r.Facts["ipv6_exposure_path"]))}
			}
			for _, k := range []string{"exposure_summary", "exposure_path", "ipv6_reachable", "ipv6_open_ports", "ipv6_exposure_path"} {
				delete(r.Facts, k)
			}
		}
		facts[r.Name] = r.Facts
	}
	// Only v6only has an IPv6 address; the path names the IPv6 leg.
	wantV6 := map[string]any{"v6only": []any{ports("tcp", 1000, 2000), "internet → internet-gateway igw-1 (IPv6) → route-table public (::/0) → " +
		"subnet subnet-pub → network-acl acl (allows tcp 1000-2000) → security-group sg-admin (opens tcp all) → listener v6only (tcp 1000-2000)"}}
	if d := cmp.Diff(wantV6, v6); d != "" {
		t.Errorf("IPv6 (-want +got):\n%s", d)
	}
	for name, w := range map[string]any{
		"web": "internet → internet-gateway igw-1 → route-table public (0.0.0.0/0) → subnet subnet-pub → network-acl acl (allows tcp 0-3388,3390-65535) → security-group sg-web (opens tcp 80,443) → listener web (tcp 80,443)",
		// A public address and no route: not reachable, and said why.
		"private-with-ip": "not reachable: 0.0.0.0/0 routes through NAT gateway nat-1: outbound only",
		"blackhole":       "not reachable: the 0.0.0.0/0 route is a blackhole (its gateway is gone)",
		"private":         "not reachable: no public address",
		"unknown-group":   nil,
	} {
		if d := cmp.Diff(w, summary[name]); d != "" {
			t.Errorf("%s exposure_summary (-want +got):\n%s", name, d)
		}
	}
	open := func(p []any) map[string]any {
		return map[string]any{"internet_reachable": len(p) > 0, "internet_open_ports": p}
	}
	want := map[string]map[string]any{
		"sn-public":  {"internet_route": true, "ipv6_internet_route": true},
		"sn-private": {"internet_route": false, "ipv6_internet_route": false}, "sn-hole": {"internet_route": false, "ipv6_internet_route": false},
		"main": nil, "public": nil, "acl": nil,
		"web": open(ports("tcp", 80, 80, "tcp", 443, 443)),
		// 3389 is denied by rule 50 before rule 100 allows everything; the
		// ::/0 rule of sg-admin does not count without an IPv6 address.
		"admin": open(ports("tcp", 80, 80, "tcp", 443, 443, "tcp", 3380, 3388, "tcp", 3390, 3390, "udp", 53, 53)),
		// Over IPv6 the ACL lets in TCP 1000-2000 only (rule 110; the *
		// rule denies the rest).
		"v6only":            open(ports("tcp", 1000, 2000)),
		"private":           open(ports()),
		"private-with-ip":   open(ports()),
		"blackhole":         open(ports()),
		"unknown-subnet":    nil,
		"unknown-group":     nil,
		"secondary-eip":     open(ports("tcp", 3380, 3388, "tcp", 3390, 3390, "udp", 53, 53)),
		"secondary-unknown": nil,
	}
	for name, w := range want {
		if d := cmp.Diff(w, facts[name]); d != "" {
			t.Errorf("%s facts (-want +got):\n%s", name, d)
		}
	}
}

// hopsOf reads an exposure_path fact back.
func hopsOf(x any) []hop {
	var out []hop
	l, _ := x.([]any)
	for _, e := range l {
		m, _ := e.(map[string]any)
		out = append(out, hop{m["hop"].(string), m["id"].(string), m["detail"].(string)})
	}
	return out
}

func TestEC2ExposureRanges(t *testing.T) {
	a := ec2Ranges{{0, 10}, {20, 30}}.union(ec2Ranges{{11, 12}, {25, 40}, {50, 50}})
	if d := cmp.Diff(ec2Ranges{{0, 12}, {20, 40}, {50, 50}}, a, cmp.AllowUnexported(ec2Range{})); d != "" {
		t.Errorf("union (-want +got):\n%s", d)
	}
	b := a.intersect(ec2Ranges{{5, 22}, {45, 60}})
	if d := cmp.Diff(ec2Ranges{{5, 12}, {20, 22}, {50, 50}}, b, cmp.AllowUnexported(ec2Range{})); d != "" {
		t.Errorf("intersect (-want +got):\n%s", d)
	}
}

// End to end on the demo world: the bastion is reachable on SSH, the web
// server on HTTP(S) only, the Windows server on RDP, the database and the
// stopped mail relay not at all.
func TestEC2ExposureDemo(t *testing.T) {
	rs := emulated(t, awsemu.Demo(), aws.Options{Services: []string{"ec2"}})
	ec2Exposure.Run(NewIndex(rs))
	want := map[string][]any{
		"web-01":        ports("tcp", 80, 80, "tcp", 443, 443),
		"bastion-01":    ports("tcp", 22, 22),
		"db-01":         ports(),
		"legacy-win-01": ports("tcp", 3389, 3389),
		"mail-relay-01": ports(), // stopped, private
		// Private over IPv4 (NAT), but ::/0 goes to the internet gateway.
		"api-v6-01": ports("tcp", 22, 22),
	}
	seen := 0
	for _, r := range rs {
		if r.Type != "aws_instance" {
			continue
		}
		seen++
		if d := cmp.Diff(want[r.Name], r.Facts["internet_open_ports"]); d != "" {
			t.Errorf("%s open ports (-want +got):\n%s", r.Name, d)
		}
		if r.Name == "api-v6-01" {
			want := "internet → internet-gateway igw-0b7e2d9c4a1f36e58 (IPv6) → route-table rtb-0b7e2d9c4a1f36e53 (::/0) → subnet subnet-0e9f8a7b6c5d4e305 → " +
				"network-acl acl-0b7e2d9c4a1f36e51 (allows tcp all) → security-group sg-0c4f1e2d3a5b6c707 (opens tcp 22) → listener api-v6-01 (tcp 22)"
			if d := cmp.Diff(want, r.Facts["exposure_summary"]); d != "" {
				t.Errorf("api-v6-01 summary (-want +got):\n%s", d)
			}
			if r.Facts["ipv6_reachable"] != true {
				t.Errorf("api-v6-01 ipv6_reachable = %v", r.Facts["ipv6_reachable"])
			}
		}
	}
	if seen != len(want) {
		t.Errorf("saw %d instances, want %d", seen, len(want))
	}
}
