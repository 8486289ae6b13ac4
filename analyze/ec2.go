package analyze

import (
	"sort"
	"strings"

	"github.com/mamori-sec/mamori"
)

// ec2Exposure works out which ports of each EC2 instance anyone on the
// internet can open a connection to (owner: EC2). A port is reachable when all
// of these hold, for IPv4 or for IPv6:
//
//   - the instance has a public IPv4 address (an IPv6 address);
//   - the route table of its subnet (explicitly associated, else the VPC's
//     main table) has an active 0.0.0.0/0 (::/0) route to an internet gateway;
//   - one of its security groups allows the port from 0.0.0.0/0 (::/0);
//   - its subnet's network ACL lets traffic from 0.0.0.0/0 (::/0) to the port
//     in, judging rules in rule-number order as AWS does.
//
// Only TCP and UDP are counted, and only rules open to every address (a rule
// for one office range is not "the internet"). Return traffic through the
// ACL's egress rules is not modelled, so the answer errs on the side of
// reporting a port as reachable. When the subnet, its route table, its ACL or
// one of the security groups was not collected, the instance gets no facts at
// all, so a check that reads them is ERROR rather than a guess.
//
// Facts:
//   - aws_instance internet_reachable (bool): some port is reachable.
//   - aws_instance internet_open_ports (list of {protocol, from_port,
//     to_port}): the reachable port ranges, merged and sorted.
//   - aws_subnet internet_route (bool): the subnet's route table sends
//     0.0.0.0/0 to an internet gateway.
var ec2Exposure = Analyzer{
	Name: "ec2-internet-exposure",
	Facts: map[string][]string{
		"aws_instance": {"internet_reachable", "internet_open_ports"},
		"aws_subnet":   {"internet_route"},
	},
	Reads: map[string][]string{
		"aws_route_table":    {"main", "vpc_id", "subnet_ids", "routes"},
		"aws_network_acl":    {"subnet_ids", "ingress"},
		"aws_security_group": {"group_id", "ingress"},
		"aws_subnet":         {"subnet_id", "vpc_id"},
		"aws_instance":       {"network_interfaces", "vpc_id", "public_ip", "ipv6_address", "subnet_id", "security_groups"},
	},
	Run: runEC2Exposure,
}

func ec2Key(r *mamori.Resource, id string) string { return r.Account + "|" + r.Region + "|" + id }

func runEC2Exposure(ix *Index) {
	rtBySubnet := map[string]*mamori.Resource{}
	mainRT := map[string]*mamori.Resource{}
	for _, rt := range ix.Type("aws_route_table") {
		if b, _ := rt.Attributes["main"].(bool); b {
			mainRT[ec2Key(rt, ec2Str(rt.Attributes, "vpc_id"))] = rt
		}
		for _, s := range ec2List(rt.Attributes, "subnet_ids") {
			if id, ok := s.(string); ok {
				rtBySubnet[ec2Key(rt, id)] = rt
			}
		}
	}
	aclBySubnet := map[string]*mamori.Resource{}
	for _, a := range ix.Type("aws_network_acl") {
		for _, s := range ec2List(a.Attributes, "subnet_ids") {
			if id, ok := s.(string); ok {
				aclBySubnet[ec2Key(a, id)] = a
			}
		}
	}
	sgs := map[string]*mamori.Resource{}
	for _, sg := range ix.Type("aws_security_group") {
		sgs[ec2Key(sg, ec2Str(sg.Attributes, "group_id"))] = sg
	}
	subnets := map[string]*mamori.Resource{}
	routeOf := func(r *mamori.Resource, subnetID, vpcID string) *mamori.Resource {
		if rt := rtBySubnet[ec2Key(r, subnetID)]; rt != nil {
			return rt
		}
		return mainRT[ec2Key(r, vpcID)]
	}
	for _, s := range ix.Type("aws_subnet") {
		subnets[ec2Key(s, ec2Str(s.Attributes, "subnet_id"))] = s
		if rt := routeOf(s, ec2Str(s.Attributes, "subnet_id"), ec2Str(s.Attributes, "vpc_id")); rt != nil {
			SetFact(s, "internet_route", ec2IGWRoute(rt, "cidr_block", "0.0.0.0/0"))
		}
	}

	// exposure is the ports one network interface opens to the internet; ok
	// is false when something it depends on was not collected.
	exposure := func(in *mamori.Resource, iface map[string]any, open map[string]ec2Ranges) (ok bool) {
		pub4 := ec2Str(iface, "public_ip") != ""
		pub6 := len(ec2List(iface, "ipv6_addresses")) > 0
		if !pub4 && !pub6 {
			return true
		}
		subnetID := ec2Str(iface, "subnet_id")
		if subnets[ec2Key(in, subnetID)] == nil {
			return false
		}
		rt := routeOf(in, subnetID, ec2Str(in.Attributes, "vpc_id"))
		acl := aclBySubnet[ec2Key(in, subnetID)]
		if rt == nil || acl == nil {
			return false
		}
		var groups []*mamori.Resource
		for _, g := range ec2List(iface, "security_groups") {
			id, _ := g.(string)
			sg := sgs[ec2Key(in, id)]
			if sg == nil {
				return false
			}
			groups = append(groups, sg)
		}
		for _, path := range []struct {
			on                bool
			routeField, world string
			sgField, aclField string
		}{
			{pub4, "cidr_block", "0.0.0.0/0", "cidr_blocks", "cidr_block"},
			{pub6, "ipv6_cidr_block", "::/0", "ipv6_cidr_blocks", "ipv6_cidr_block"},
		} {
			if !path.on || !ec2IGWRoute(rt, path.routeField, path.world) {
				continue
			}
			for _, proto := range []string{"tcp", "udp"} {
				var fromSG ec2Ranges
				for _, sg := range groups {
					fromSG = fromSG.union(ec2SGOpen(sg, proto, path.sgField, path.world))
				}
				open[proto] = open[proto].union(fromSG.intersect(ec2ACLAllowed(acl, proto, path.aclField, path.world)))
			}
		}
		return true
	}

	for _, in := range ix.Type("aws_instance") {
		a := in.Attributes
		// Every interface counts: an Elastic IP on a secondary interface
		// exposes the instance as much as one on the primary. Without the
		// interface list (older data), the instance fields describe the
		// primary interface.
		var ifaces []map[string]any
		for _, x := range ec2List(a, "network_interfaces") {
			if m, ok := x.(map[string]any); ok {
				ifaces = append(ifaces, m)
			}
		}
		if len(ifaces) == 0 {
			v6 := []any{}
			if ip := ec2Str(a, "ipv6_address"); ip != "" {
				v6 = append(v6, ip)
			}
			ifaces = []map[string]any{{"public_ip": a["public_ip"], "ipv6_addresses": v6,
				"subnet_id": a["subnet_id"], "security_groups": a["security_groups"]}}
		}
		open := map[string]ec2Ranges{}
		known := true
		for _, iface := range ifaces {
			known = known && exposure(in, iface, open)
		}
		if !known {
			continue
		}
		ports := []any{}
		for _, proto := range []string{"tcp", "udp"} {
			for _, r := range open[proto] {
				ports = append(ports, map[string]any{"protocol": proto, "from_port": r.lo, "to_port": r.hi})
			}
		}
		SetFact(in, "internet_reachable", len(ports) > 0)
		SetFact(in, "internet_open_ports", ports)
	}
}

// ec2IGWRoute reports whether rt has an active route for world (field is
// cidr_block or ipv6_cidr_block) to an internet gateway.
func ec2IGWRoute(rt *mamori.Resource, field, world string) bool {
	for _, x := range ec2List(rt.Attributes, "routes") {
		m, _ := x.(map[string]any)
		if ec2Str(m, field) == world && strings.HasPrefix(ec2Str(m, "gateway_id"), "igw-") && ec2Str(m, "state") == "active" {
			return true
		}
	}
	return false
}

// ec2SGOpen is the ports of proto a security group opens to world.
func ec2SGOpen(sg *mamori.Resource, proto, field, world string) ec2Ranges {
	var out ec2Ranges
	for _, x := range ec2List(sg.Attributes, "ingress") {
		rule, _ := x.(map[string]any)
		if !ec2Contains(ec2List(rule, field), world) {
			continue
		}
		switch ec2Str(rule, "protocol") {
		case "-1":
			out = out.union(ec2Ranges{{0, 65535}})
		case proto:
			out = out.union(ec2Ranges{{max(0, ec2Int(rule, "from_port")), min(65535, ec2Int(rule, "to_port"))}})
		}
	}
	return out
}

// ec2ACLAllowed is the ports of proto that a network ACL lets in from world: for
// each port the lowest-numbered matching rule decides, and no match denies.
func ec2ACLAllowed(acl *mamori.Resource, proto, field, world string) ec2Ranges {
	type entry struct {
		rule   int64
		all    bool
		lo, hi int64
		allow  bool
	}
	var es []entry
	bps := []int64{0, 65536}
	for _, x := range ec2List(acl.Attributes, "ingress") {
		m, _ := x.(map[string]any)
		p := ec2Str(m, "protocol")
		if ec2Str(m, field) != world || (p != "-1" && p != proto) {
			continue
		}
		e := entry{rule: ec2Int(m, "rule_number"), all: p == "-1", lo: ec2Int(m, "from_port"), hi: ec2Int(m, "to_port"), allow: ec2Str(m, "action") == "allow"}
		if !e.all {
			bps = append(bps, e.lo, e.hi+1)
		}
		es = append(es, e)
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].rule < es[j].rule })
	sort.Slice(bps, func(i, j int) bool { return bps[i] < bps[j] })
	var out ec2Ranges
	for i := 0; i+1 < len(bps); i++ {
		lo, hi := bps[i], bps[i+1]-1
		if lo > hi || lo < 0 || lo > 65535 {
			continue
		}
		for _, e := range es {
			if e.all || (e.lo <= lo && lo <= e.hi) {
				if e.allow {
					out = out.union(ec2Ranges{{lo, min(hi, 65535)}})
				}
				break
			}
		}
	}
	return out
}

type ec2Range struct{ lo, hi int64 }

// ec2Ranges is a sorted list of disjoint, non-adjacent ranges.
type ec2Ranges []ec2Range

func (a ec2Ranges) union(b ec2Ranges) ec2Ranges {
	all := append(append(ec2Ranges(nil), a...), b...)
	sort.Slice(all, func(i, j int) bool { return all[i].lo < all[j].lo })
	var out ec2Ranges
	for _, r := range all {
		if r.lo > r.hi {
			continue
		}
		if n := len(out); n > 0 && r.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

func (a ec2Ranges) intersect(b ec2Ranges) ec2Ranges {
	var out ec2Ranges
	for _, x := range a {
		for _, y := range b {
			if lo, hi := max(x.lo, y.lo), min(x.hi, y.hi); lo <= hi {
				out = append(out, ec2Range{lo, hi})
			}
		}
	}
	return out.union(nil)
}

func ec2Str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func ec2List(m map[string]any, k string) []any {
	l, _ := m[k].([]any)
	return l
}

func ec2Int(m map[string]any, k string) int64 {
	switch v := m[k].(type) {
	case int64:
		return v
	case float64:
		return int64(v)
	case int:
		return int64(v)
	}
	return 0
}

func ec2Contains(l []any, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
