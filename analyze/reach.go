package analyze

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mamori-sec/mamori"
)

// The three VPC layers that stand between the internet and an address —
// the route back (route table), the network ACL both ways and the security
// groups — judged over address sets rather than by looking for a literal
// 0.0.0.0/0, so that 0.0.0.0/1 + 128.0.0.0/1, or an allow-list made of
// many ranges that add up to everything, count as what they are.
//
// "Open to the internet" means: the rules that decide, together, cover every
// internet address (internetSpace). Narrower rules that an earlier (ACL) or
// more specific (route) one carves out of a broad allow do not close it — a
// deny for one abusive /24 in front of allow 0.0.0.0/0 still leaves the port
// open to the internet — but an allow-list of office ranges is not the
// internet, whichever layer it is written in.

// family is IPv4 or IPv6 with the attribute names each layer uses.
type family struct {
	v6                bool
	name, world       string
	routeField        string
	sgField, aclField string
}

var families = []family{
	{false, "IPv4", "0.0.0.0/0", "cidr_block", "cidr_blocks", "cidr_block"},
	{true, "IPv6", "::/0", "ipv6_cidr_block", "ipv6_cidr_blocks", "ipv6_cidr_block"},
}

// claim is one rule in the order it is applied: it decides for the
// addresses of set that no earlier rule decided.
type claim struct {
	set   addrSet
	allow bool
	label string
}

// decide applies claims in order over the internet. It returns the
// addresses allowed, whether the allowing rules that decided something
// cover the whole internet together (open), and their labels.
func decide(space addrSet, claims []claim) (allowed addrSet, open bool, labels []string) {
	left := space
	var winners addrSet
	for _, c := range claims {
		got := left.intersect(c.set)
		left = left.minus(c.set)
		if len(got) == 0 {
			continue
		}
		if c.allow {
			allowed = allowed.union(got)
			winners = winners.union(c.set)
			if !slicesContains(labels, c.label) {
				labels = append(labels, c.label)
			}
		}
	}
	return allowed, len(allowed) > 0 && winners.covers(space), labels
}

func slicesContains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// routeVerdict is what a route table does with replies to the internet.
type routeVerdict struct {
	// open: replies to every internet address leave through the internet
	// gateway (or a Gateway Load Balancer endpoint); kind and target name it.
	open         bool
	kind, target string
	// dests are the destinations of the routes that carry them.
	dests []string
	// partial: some internet addresses, but not the internet, are routed
	// to the gateway (dests says which).
	partial bool
	// other: without an internet route, the kind and target of the route
	// that takes the bulk of the traffic ("nat", "eigw", "blackhole", ...,
	// or "" for none).
	otherKind, otherTarget string
}

// routeKinds names a route's target by the attribute holding it and its id
// prefix.
var routeKinds = []struct{ attr, prefix, kind string }{
	{"gateway_id", "igw-", "igw"}, {"gateway_id", "vpce-", "vpce"}, {"egress_only_gateway_id", "eigw-", "eigw"},
	{"gateway_id", "eigw-", "eigw"}, {"gateway_id", "nat-", "nat"},
	{"nat_gateway_id", "nat-", "nat"}, {"transit_gateway_id", "tgw-", "tgw"},
	{"vpc_peering_connection_id", "pcx-", "pcx"}, {"network_interface_id", "eni-", "eni"},
	{"gateway_id", "vgw-", "vgw"}, {"gateway_id", "local", "local"},
}

func routeTarget(m map[string]any) (target, kind string) {
	if ec2Str(m, "state") == "blackhole" {
		return "", "blackhole"
	}
	for _, c := range routeKinds {
		if id := ec2Str(m, c.attr); strings.HasPrefix(id, c.prefix) {
			return id, c.kind
		}
	}
	return ec2Str(m, "gateway_id"), "other"
}

// judgeRoutes finds, by longest prefix match as AWS routes, where rt sends
// replies to internet addresses of fam. appliance, when not empty, is a
// network interface that ingress routing sends the subnet's inbound
// traffic through (an internet gateway's edge-associated route table names
// it): replies routed to it go out the way the requests came in.
//
// A route to a customer-managed prefix list counts by the list's entries
// (one route per entry); routes to AWS-managed lists (an S3 or DynamoDB
// gateway endpoint's) and to lists not collected are a service's ranges,
// not the internet, and are left out.
func judgeRoutes(rt *mamori.Resource, fam family, appliance string, pls prefixLists) routeVerdict {
	type route struct {
		set          addrSet
		bits         int
		dest         string
		target, kind string
	}
	var routes []route
	for _, x := range ec2List(rt.Attributes, "routes") {
		m, _ := x.(map[string]any)
		if ec2Str(m, "state") != "active" && ec2Str(m, "state") != "blackhole" {
			continue
		}
		dests := []string{ec2Str(m, fam.routeField)}
		label := ""
		if id := ec2Str(m, "destination_prefix_list_id"); id != "" && pls != nil {
			if pl := pls(rt, id); pl != nil && pl.Attributes["aws_managed"] != true {
				dests = exposureStrings(ec2List(pl.Attributes, "entries"))
				label = id + ":"
			}
		}
		target, kind := routeTarget(m)
		for _, dest := range dests {
			set := prefixSet(dest, fam.v6)
			if set == nil {
				continue
			}
			bits := strings.LastIndex(dest, "/")
			n := 0
			for _, c := range dest[bits+1:] {
				n = n*10 + int(c-'0')
			}
			routes = append(routes, route{set, n, label + dest, target, kind})
		}
	}
	sort.SliceStable(routes, func(i, j int) bool { return routes[i].bits > routes[j].bits })
	space := internetSpace(fam.v6)
	var claims []claim
	var v routeVerdict
	for _, r := range routes {
		in := r.kind == "igw" || r.kind == "vpce" || (appliance != "" && r.target == appliance)
		claims = append(claims, claim{set: r.set, allow: in, label: r.dest})
		if in && v.target == "" {
			v.kind, v.target = r.kind, r.target
		}
	}
	allowed, open, dests := decide(space, claims)
	v.open, v.dests = open, dests
	v.partial = !open && len(allowed) > 0
	if !open {
		// The broadest route that takes some of the internet (the default
		// one when there is one) says where the rest goes.
		left := space
		best := 999
		for _, r := range routes {
			got := left.intersect(r.set)
			left = left.minus(r.set)
			if len(got) > 0 && r.bits < best {
				best, v.otherKind, v.otherTarget = r.bits, r.kind, r.target
			}
		}
		if v.otherKind == "igw" || v.otherKind == "vpce" || (appliance != "" && v.otherTarget == appliance) {
			v.otherKind, v.otherTarget = "", ""
		}
	}
	return v
}

// portSegments splits 0-65535 at the edges of the given ranges.
func portSegments(edges [][2]int64) ec2Ranges {
	bps := []int64{0, 65536}
	for _, e := range edges {
		bps = append(bps, max(0, e[0]), min(65536, e[1]+1))
	}
	sort.Slice(bps, func(i, j int) bool { return bps[i] < bps[j] })
	var out ec2Ranges
	for i := 0; i+1 < len(bps); i++ {
		if bps[i] < bps[i+1] {
			out = append(out, ec2Range{bps[i], bps[i+1] - 1})
		}
	}
	return out
}

// aclOpen is the ports of proto that a network ACL's rules in one direction
// ("ingress", "egress") open to the internet: for each port the rules are
// applied in rule-number order, the first that matches an address deciding
// for it, and no match denies.
func aclOpen(acl *mamori.Resource, dir, proto string, fam family) ec2Ranges {
	type entry struct {
		rule   int64
		all    bool
		lo, hi int64
		c      claim
	}
	var es []entry
	var edges [][2]int64
	for _, x := range ec2List(acl.Attributes, dir) {
		m, _ := x.(map[string]any)
		p := ec2Str(m, "protocol")
		set := prefixSet(ec2Str(m, fam.aclField), fam.v6)
		if set == nil || (p != "-1" && p != proto) {
			continue
		}
		e := entry{rule: ec2Int(m, "rule_number"), all: p == "-1", lo: ec2Int(m, "from_port"), hi: ec2Int(m, "to_port"),
			c: claim{set: set, allow: ec2Str(m, "action") == "allow", label: ec2Str(m, fam.aclField)}}
		if !e.all {
			edges = append(edges, [2]int64{e.lo, e.hi})
		}
		es = append(es, e)
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].rule < es[j].rule })
	space := internetSpace(fam.v6)
	var out ec2Ranges
	for _, seg := range portSegments(edges) {
		var claims []claim
		for _, e := range es {
			if e.all || (e.lo <= seg.lo && seg.lo <= e.hi) {
				claims = append(claims, e.c)
			}
		}
		if _, open, _ := decide(space, claims); open {
			out = out.union(ec2Ranges{seg})
		}
	}
	return out
}

// prefixLists resolves a managed prefix list id of a resource's account and
// region: the list, or nil when it was not collected.
type prefixLists func(r *mamori.Resource, id string) *mamori.Resource

// prefixListSet is the addresses of family fam a customer-managed prefix
// list holds; managed is true for an AWS-managed list (a service's own
// ranges, never the internet at large; its entries are not read).
func prefixListSet(pl *mamori.Resource, fam family) (set addrSet, managed bool) {
	if pl.Attributes["aws_managed"] == true {
		return nil, true
	}
	for _, c := range exposureStrings(ec2List(pl.Attributes, "entries")) {
		set = set.union(prefixSet(c, fam.v6))
	}
	return set, false
}

// plName names a prefix list for a note: "NAME (pl-...)".
func plName(pl *mamori.Resource) string {
	return ec2Str(pl.Attributes, "name") + " (" + ec2Str(pl.Attributes, "prefix_list_id") + ")"
}

// sgOpen is the ports of proto that a set of security groups opens to the
// internet (their rules add up: one group may open 0.0.0.0/1 and another
// 128.0.0.0/1), and the groups whose rules do it. A rule's prefix lists
// count by their entries (a customer-managed list holding 0.0.0.0/0 is the
// internet); an AWS-managed list is its service's ranges only, and is named
// in managed ("sg-1: tcp 443 from AWS-managed prefix list ..."). unknown is
// true when a rule names a prefix list that was not collected.
func sgOpen(groups []*mamori.Resource, proto string, fam family, pls prefixLists) (_ ec2Ranges, _ []string, managed []string, unknown bool) {
	type rule struct {
		lo, hi int64
		set    addrSet
		group  string
	}
	var rules []rule
	var edges [][2]int64
	for _, sg := range groups {
		for _, x := range ec2List(sg.Attributes, "ingress") {
			m, _ := x.(map[string]any)
			var lo, hi int64
			switch ec2Str(m, "protocol") {
			case "-1":
				lo, hi = 0, 65535
			case proto:
				lo, hi = max(0, ec2Int(m, "from_port")), min(65535, ec2Int(m, "to_port"))
			default:
				continue
			}
			var set addrSet
			for _, c := range ec2List(m, fam.sgField) {
				s, _ := c.(string)
				set = set.union(prefixSet(s, fam.v6))
			}
			for _, id := range exposureStrings(ec2List(m, "prefix_list_ids")) {
				var pl *mamori.Resource
				if pls != nil {
					pl = pls(sg, id)
				}
				if pl == nil {
					unknown = true
					continue
				}
				s, aws := prefixListSet(pl, fam)
				if aws {
					note := fmt.Sprintf("%s: %s %s from AWS-managed prefix list %s, that service's addresses, not the internet",
						ec2Str(sg.Attributes, "group_id"), proto, rangesText(ec2Ranges{{lo, hi}}), plName(pl))
					if !slicesContains(managed, note) {
						managed = append(managed, note)
					}
					continue
				}
				set = set.union(s)
			}
			if len(set) == 0 {
				continue
			}
			rules = append(rules, rule{lo, hi, set, ec2Str(sg.Attributes, "group_id")})
			edges = append(edges, [2]int64{lo, hi})
		}
	}
	space := internetSpace(fam.v6)
	var out ec2Ranges
	var openers []string
	for _, seg := range portSegments(edges) {
		var set addrSet
		var by []string
		for _, r := range rules {
			if r.lo <= seg.lo && seg.lo <= r.hi && len(r.set.intersect(space)) > 0 {
				set = set.union(r.set)
				if !slicesContains(by, r.group) {
					by = append(by, r.group)
				}
			}
		}
		if len(set) > 0 && set.covers(space) {
			out = out.union(ec2Ranges{seg})
			for _, g := range by {
				if !slicesContains(openers, g) {
					openers = append(openers, g)
				}
			}
		}
	}
	return out, openers, managed, unknown
}

// covers reports whether every port of b is in a.
func (a ec2Ranges) covers(b ec2Ranges) bool {
	got := b.intersect(a)
	if len(got) != len(b) {
		return false
	}
	for i := range got {
		if got[i] != b[i] {
			return false
		}
	}
	return true
}
