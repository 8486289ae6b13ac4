package analyze

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/mamori-sec/mamori"
)

// ec2Exposure works out, for every network-facing resource (exposureKinds),
// which ports anyone on the internet can open a connection to, and by which
// path. A port is reachable when all of these hold, for IPv4 or for IPv6:
//
//   - the resource has a public IPv4 address (an IPv6 address) on a network
//     interface;
//   - the route table of its subnet (explicitly associated, else the VPC's
//     main table) sends replies to the internet, by longest prefix match,
//     to an internet gateway, or to a Gateway Load Balancer endpoint that
//     inspects ingress traffic (a vpce- target); a route to an egress-only
//     internet gateway, a NAT gateway, a transit gateway or a peering
//     connection carries outbound traffic only, and a public address
//     without such a route is not reachable ("public IP but no route");
//   - its subnet's network ACL lets the internet in to the port, judging
//     rules in rule-number order as AWS does, and lets the replies out to
//     the clients' ephemeral ports (an ACL is stateless);
//   - its security groups allow the port from the internet;
//   - the resource listens on the port (every port for an instance; the
//     declared listeners otherwise).
//
// Only TCP and UDP are counted. Each layer is judged over address sets
// (reach.go): it is open to "the internet" when the rules that decide
// cover every public address together — 0.0.0.0/1 + 128.0.0.0/1 does, a
// rule for one office range does not, and a narrower deny or route carved
// out of a broad allow does not close it (the answer errs towards
// reachable). When a subnet, its route table, its ACL or a security group
// was not collected, the resource gets no facts at all, so a check that
// reads them is ERROR rather than a guess.
//
// Facts, on every type of exposureKinds:
//   - internet_reachable (bool): some port is reachable.
//   - internet_open_ports (list of {protocol, from_port, to_port}): the
//     reachable port ranges, merged and sorted.
//   - exposure_path (list of {hop, id, detail}): the first path found,
//     internet gateway → route table → subnet → network ACL → security
//     groups → listener; empty when not reachable.
//   - exposure_summary (string): the path on one line, or why the resource
//     is not reachable ("public IP but no route to an internet gateway").
//
// and aws_subnet internet_route (bool): the subnet's route table sends
// replies to the whole internet to an internet gateway (or a Gateway Load
// Balancer endpoint); ipv6_internet_route, the same for ::/0 (a route to an
// egress-only internet gateway does not count).
//
// The family-less facts cover IPv4 and IPv6 together; ipv6_reachable,
// ipv6_open_ports and ipv6_exposure_path say what of it is reachable over
// IPv6 (for resources with addresses in a VPC; an AWS-run endpoint has
// none of its own), and a path over IPv6 names it at its gateway hop.
var ec2Exposure = Analyzer{
	Name:  "internet-exposure",
	Facts: exposureFacts(),
	Reads: exposureReads(),
	Run:   runExposure,
}

// exposureKind declares one network-facing resource type: what it reads and
// where it listens. Adding a type (a load balancer, a cache cluster) is one
// entry in exposureKinds.
type exposureKind struct {
	// Type is the resource type.
	Type string
	// Reads are the attributes Interfaces reads.
	Reads []string
	// Interfaces says where the resource listens. ok is false when the
	// attributes it needs are missing (the resource then gets no facts).
	Interfaces func(r *mamori.Resource) (ifaces []netIface, ok bool)
	// NoIfaces says why a resource without interfaces is not reachable
	// (default: "not publicly accessible"); Why, when set, says it per
	// resource.
	NoIfaces string
	Why      func(r *mamori.Resource) string
}

// netIface is one place a resource listens: a network interface, or a
// placement in one of several subnets (a database in its subnet group).
type netIface struct {
	// PublicIPv4: it has a public IPv4 address (or resolves to one).
	PublicIPv4 bool
	// IPv6: it has an IPv6 address (IPv6 addresses are all public).
	IPv6 bool
	// Subnets it may be in; reachable when reachable through any of them.
	Subnets []string
	// VPC, for the main route table.
	VPC            string
	SecurityGroups []string
	// Ports it listens on, by protocol ("tcp", "udp"); nil: every port.
	Ports map[string]ec2Ranges
	// NoSecurityGroups: nothing filters at the security-group layer (a
	// network load balancer created without security groups).
	NoSecurityGroups bool
	// Endpoint, when set, is an endpoint AWS runs outside any of the
	// account's VPCs (a Lambda function URL, an EKS cluster's public API
	// endpoint): no route table, network ACL or security group applies, and
	// the endpoint itself says whether anyone may connect.
	Endpoint *publicEndpoint
}

// publicEndpoint is an AWS-managed public endpoint.
type publicEndpoint struct {
	// Hop names the endpoint in the path ("function-url", "eks-endpoint").
	Hop, ID, Detail string
	// Closed, when not empty, says why the internet at large cannot use it
	// (an allow-list of addresses, IAM authentication).
	Closed string
}

// exposureKinds are the network-facing types the analyzer judges; the
// managed services' entries are in serviceKinds (exposure_services.go).
var exposureKinds = append([]exposureKind{
	{
		Type:  "aws_instance",
		Reads: []string{"network_interfaces", "vpc_id", "public_ip", "ipv6_address", "subnet_id", "security_groups"},
		Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
			a := r.Attributes
			// Every interface counts: an Elastic IP on a secondary interface
			// exposes the instance as much as one on the primary. Without
			// the interface list (older data), the instance fields describe
			// the primary interface.
			var raw []map[string]any
			for _, x := range ec2List(a, "network_interfaces") {
				if m, ok := x.(map[string]any); ok {
					raw = append(raw, m)
				}
			}
			if len(raw) == 0 {
				v6 := []any{}
				if ip := ec2Str(a, "ipv6_address"); ip != "" {
					v6 = append(v6, ip)
				}
				raw = []map[string]any{{"public_ip": a["public_ip"], "ipv6_addresses": v6,
					"subnet_id": a["subnet_id"], "security_groups": a["security_groups"]}}
			}
			var out []netIface
			for _, m := range raw {
				out = append(out, netIface{
					PublicIPv4: ec2Str(m, "public_ip") != "", IPv6: len(ec2List(m, "ipv6_addresses")) > 0,
					Subnets: []string{ec2Str(m, "subnet_id")}, VPC: ec2Str(a, "vpc_id"), SecurityGroups: exposureStrings(ec2List(m, "security_groups")),
				})
			}
			return out, true
		},
	},
	{
		// An RDS instance with PubliclyAccessible resolves to a public
		// address in one of its subnet group's subnets; in dual-stack mode
		// (network type DUAL, or IPV6 alone) its IPv6 address is public
		// too. A private dual-stack instance's IPv6 address is not: RDS
		// turns off internet gateway access to it.
		Type:  "aws_db_instance",
		Reads: []string{"publicly_accessible", "subnet_ids", "vpc_id", "vpc_security_group_ids", "port", "db_cluster_identifier", "network_type"},
		Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
			a := r.Attributes
			pub, _ := a["publicly_accessible"].(bool)
			if !pub {
				return nil, true
			}
			subnets, ok := a["subnet_ids"].([]any)
			if !ok || len(subnets) == 0 || a["port"] == nil {
				return nil, false
			}
			port := ec2Int(a, "port")
			nt := ec2Str(a, "network_type")
			return []netIface{{PublicIPv4: nt != "IPV6", IPv6: nt == "DUAL" || nt == "IPV6", Subnets: exposureStrings(subnets), VPC: ec2Str(a, "vpc_id"),
				SecurityGroups: exposureStrings(ec2List(a, "vpc_security_group_ids")),
				Ports:          map[string]ec2Ranges{"tcp": {{port, port}}}}}, true
		},
	},
	{
		// An internet-facing load balancer has public addresses in each of
		// its subnets (IPv6 too when dual-stack) and listens on its
		// listeners' ports. What it forwards to is judged in lbTargets.
		Type:  "aws_lb",
		Reads: []string{"scheme", "load_balancer_type", "subnet_ids", "vpc_id", "security_groups", "listeners", "ip_address_type", "dns_name"},
		Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
			a := r.Attributes
			if ec2Str(a, "scheme") != "internet-facing" {
				return nil, a["scheme"] != nil
			}
			subnets, ok := a["subnet_ids"].([]any)
			listeners, ok2 := a["listeners"].([]any)
			if !ok || !ok2 || len(subnets) == 0 {
				return nil, false
			}
			ports := map[string]ec2Ranges{}
			for _, x := range listeners {
				l, _ := x.(map[string]any)
				p := ec2Int(l, "port")
				for _, proto := range lbProtocols(ec2Str(l, "protocol")) {
					ports[proto] = ports[proto].union(ec2Ranges{{p, p}})
				}
			}
			ipType := ec2Str(a, "ip_address_type")
			sgs := exposureStrings(ec2List(a, "security_groups"))
			return []netIface{{PublicIPv4: ipType != "dualstack-without-public-ipv4", IPv6: strings.HasPrefix(ipType, "dualstack"),
				Subnets: exposureStrings(subnets), VPC: ec2Str(a, "vpc_id"), SecurityGroups: sgs,
				NoSecurityGroups: len(sgs) == 0 && ec2Str(a, "load_balancer_type") == "network", Ports: ports}}, true
		},
	},
	{
		// A function URL is served by Lambda, outside any VPC (a function's
		// VPC settings govern its outbound traffic only). With auth type
		// NONE anyone can call it, provided the resource policy lets
		// everyone invoke it (Lambda refuses the call otherwise).
		Type:  "aws_lambda_function",
		Reads: []string{"url_auth_type", "policy_public", "function_name"},
		Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
			a := r.Attributes
			auth, present := a["url_auth_type"]
			if !present {
				return nil, false // the URLs could not be read
			}
			if auth == nil {
				return nil, true // no function URL
			}
			ep := &publicEndpoint{Hop: "function-url", ID: r.Name, Detail: "auth " + ec2Str(a, "url_auth_type")}
			switch {
			case auth != "NONE":
				ep.Closed = "function URL requires signed requests (auth " + ec2Str(a, "url_auth_type") + ")"
			case a["policy_public"] == false:
				ep.Closed = "function URL with auth NONE, but the resource policy lets nobody invoke it"
			case a["policy_public"] == nil:
				return nil, false
			}
			return []netIface{{Endpoint: ep, Ports: map[string]ec2Ranges{"tcp": {{443, 443}}}}}, true
		},
	},
	{
		// An EKS cluster's public API endpoint is AWS's, outside the
		// cluster's VPC; publicAccessCidrs is its only filter.
		Type:  "aws_eks_cluster",
		Reads: []string{"endpoint_public_access", "public_access_cidrs"},
		Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
			a := r.Attributes
			pub, ok := a["endpoint_public_access"].(bool)
			if !ok {
				return nil, false
			}
			if !pub {
				return nil, true
			}
			cidrs := exposureStrings(ec2List(a, "public_access_cidrs"))
			ep := &publicEndpoint{Hop: "eks-endpoint", ID: r.Name, Detail: "public access from " + strings.Join(cidrs, ",")}
			if len(cidrs) == 0 {
				ep.Detail = "public access from 0.0.0.0/0"
			} else if !slices.Contains(cidrs, "0.0.0.0/0") && !slices.Contains(cidrs, "::/0") {
				ep.Closed = "public API endpoint limited to " + strings.Join(cidrs, ", ")
			}
			return []netIface{{Endpoint: ep, Ports: map[string]ec2Ranges{"tcp": {{443, 443}}}}}, true
		},
	},
}, serviceKinds...)

// lbProtocols are the transport protocols a listener protocol uses.
func lbProtocols(p string) []string {
	switch p {
	case "UDP":
		return []string{"udp"}
	case "TCP_UDP":
		return []string{"tcp", "udp"}
	case "GENEVE", "":
		return nil // a gateway load balancer's listener takes no internet traffic
	}
	return []string{"tcp"} // HTTP, HTTPS, TCP, TLS
}

func exposureFacts() map[string][]string {
	out := map[string][]string{"aws_subnet": {"internet_route", "ipv6_internet_route"}}
	for _, typ := range ExposureTypes() {
		out[typ] = []string{"internet_reachable", "internet_open_ports", "exposure_path", "exposure_summary",
			"ipv6_reachable", "ipv6_open_ports", "ipv6_exposure_path"}
		switch typ {
		case "aws_lb":
			out[typ] = append(out[typ], "exposed_targets")
		case "aws_instance", "aws_lambda_function", "aws_ecs_service":
			out[typ] = append(out[typ], "reachable_via")
		case "aws_cloudfront_distribution":
			out[typ] = append(out[typ], "origin_exposure")
		case "aws_apigateway_rest_api", "aws_apigatewayv2_api":
			out[typ] = append(out[typ], "custom_domains")
		}
	}
	return out
}

func exposureReads() map[string][]string {
	out := map[string][]string{
		"aws_route_table":             {"main", "vpc_id", "subnet_ids", "routes", "route_table_id", "gateway_ids"},
		"aws_network_acl":             {"subnet_ids", "ingress", "egress", "network_acl_id"},
		"aws_security_group":          {"group_id", "ingress"},
		"aws_ec2_managed_prefix_list": {"prefix_list_id", "name", "aws_managed", "entries"},
		"aws_subnet":                  {"subnet_id", "vpc_id", "cidr_block", "ipv6_cidr_blocks"},
		"aws_lb_target_group":         {"target_type", "targets"},
		// CloudFront origins read the S3 analyzer's public fact only.
		"aws_s3_bucket":                {},
		"aws_apigatewayv2_domain_name": {"api_mappings", "security_policy", "endpoint_type"},
	}
	for _, k := range exposureKinds {
		out[k.Type] = k.Reads
	}
	for _, k := range derivedKinds {
		out[k.Type] = k.Reads
	}
	return out
}

func exposureStrings(l []any) []string {
	var out []string
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// hop is one element of an exposure path.
type hop struct{ kind, id, detail string }

func (h hop) fact() map[string]any {
	return map[string]any{"hop": h.kind, "id": h.id, "detail": h.detail}
}

func (h hop) String() string {
	if h.detail != "" {
		return h.id + " (" + h.detail + ")"
	}
	return h.id
}

// network is the scan's VPC plumbing, by account|region|id.
type network struct {
	rtBySubnet, mainRT, aclBySubnet, sgs, subnets map[string]*mamori.Resource
	// edgeRTs are the route tables associated with a gateway (ingress
	// routing), by account|region|vpc.
	edgeRTs map[string][]*mamori.Resource
	// pls are the managed prefix lists, by account|region|id.
	pls map[string]*mamori.Resource
	// What each layer lets through, worked out once: many resources share
	// a route table, an ACL or a set of security groups.
	routeCache map[string]routeVerdict
	aclCache   map[string]ec2Ranges
	sgCache    map[string]sgVerdict
}

func newNetwork(ix *Index) *network {
	n := &network{rtBySubnet: map[string]*mamori.Resource{}, mainRT: map[string]*mamori.Resource{},
		aclBySubnet: map[string]*mamori.Resource{}, sgs: map[string]*mamori.Resource{}, subnets: map[string]*mamori.Resource{},
		routeCache: map[string]routeVerdict{}, aclCache: map[string]ec2Ranges{}, sgCache: map[string]sgVerdict{},
		edgeRTs: map[string][]*mamori.Resource{}, pls: map[string]*mamori.Resource{}}
	for _, pl := range ix.Type("aws_ec2_managed_prefix_list") {
		n.pls[ec2Key(pl, ec2Str(pl.Attributes, "prefix_list_id"))] = pl
	}
	for _, rt := range ix.Type("aws_route_table") {
		if len(ec2List(rt.Attributes, "gateway_ids")) > 0 {
			k := ec2Key(rt, ec2Str(rt.Attributes, "vpc_id"))
			n.edgeRTs[k] = append(n.edgeRTs[k], rt)
		}
		if b, _ := rt.Attributes["main"].(bool); b {
			n.mainRT[ec2Key(rt, ec2Str(rt.Attributes, "vpc_id"))] = rt
		}
		for _, id := range exposureStrings(ec2List(rt.Attributes, "subnet_ids")) {
			n.rtBySubnet[ec2Key(rt, id)] = rt
		}
	}
	for _, a := range ix.Type("aws_network_acl") {
		for _, id := range exposureStrings(ec2List(a.Attributes, "subnet_ids")) {
			n.aclBySubnet[ec2Key(a, id)] = a
		}
	}
	for _, sg := range ix.Type("aws_security_group") {
		n.sgs[ec2Key(sg, ec2Str(sg.Attributes, "group_id"))] = sg
	}
	for _, s := range ix.Type("aws_subnet") {
		n.subnets[ec2Key(s, ec2Str(s.Attributes, "subnet_id"))] = s
	}
	return n
}

func ec2Key(r *mamori.Resource, id string) string { return r.Account + "|" + r.Region + "|" + id }

func (n *network) routeOf(r *mamori.Resource, subnetID, vpcID string) *mamori.Resource {
	if rt := n.rtBySubnet[ec2Key(r, subnetID)]; rt != nil {
		return rt
	}
	return n.mainRT[ec2Key(r, vpcID)]
}

// routes is judgeRoutes, once per route table, family and appliance.
func (n *network) routes(rt *mamori.Resource, fam family, appliance ...string) routeVerdict {
	via := ""
	if len(appliance) > 0 {
		via = appliance[0]
	}
	k := rt.Account + "|" + rt.Region + "|" + rt.ID + "|" + fam.name + "|" + via
	if v, ok := n.routeCache[k]; ok {
		return v
	}
	v := judgeRoutes(rt, fam, via, n.prefixList)
	n.routeCache[k] = v
	return v
}

// ingressRoute is a route of a gateway route table (one associated with an
// internet gateway) that sends what comes in for a subnet to an appliance.
type ingressRoute struct {
	rt                    *mamori.Resource
	gateway, dest, target string
	kind                  string
}

// ingress finds the gateway route table of vpc that sends the internet's
// traffic for subnet sn (its IPv4 block, or one of its IPv6 blocks) to a
// network interface or a Gateway Load Balancer endpoint; target, when not
// empty, must be that appliance. nil when there is none (or the subnet's
// blocks were not collected).
func (n *network) ingress(sn *mamori.Resource, vpc string, fam family, target string) *ingressRoute {
	var blocks []string
	if fam.v6 {
		blocks = exposureStrings(ec2List(sn.Attributes, "ipv6_cidr_blocks"))
	} else if c := ec2Str(sn.Attributes, "cidr_block"); c != "" {
		blocks = []string{c}
	}
	for _, rt := range n.edgeRTs[ec2Key(sn, vpc)] {
		var gw string
		for _, g := range exposureStrings(ec2List(rt.Attributes, "gateway_ids")) {
			if strings.HasPrefix(g, "igw-") {
				gw = g
			}
		}
		if gw == "" {
			continue // a virtual private gateway's table: not the internet
		}
		for _, x := range ec2List(rt.Attributes, "routes") {
			m, _ := x.(map[string]any)
			dest := ec2Str(m, fam.routeField)
			set := prefixSet(dest, fam.v6)
			t, kind := routeTarget(m)
			if set == nil || (kind != "eni" && kind != "vpce") || (target != "" && t != target) {
				continue
			}
			for _, b := range blocks {
				if bs := prefixSet(b, fam.v6); bs != nil && set.covers(bs) {
					return &ingressRoute{rt, gw, dest, t, kind}
				}
			}
		}
	}
	return nil
}

// aclOpen is aclOpen, once per ACL, direction, protocol and family.
func (n *network) aclOpen(acl *mamori.Resource, dir, proto string, fam family) ec2Ranges {
	k := acl.Account + "|" + acl.Region + "|" + acl.ID + "|" + dir + "|" + proto + "|" + fam.name
	if v, ok := n.aclCache[k]; ok {
		return v
	}
	v := aclOpen(acl, dir, proto, fam)
	n.aclCache[k] = v
	return v
}

type sgVerdict struct {
	open    ec2Ranges
	openers []string
	// managed: rules that let an AWS-managed prefix list in (notes);
	// unknown: a rule names a prefix list that was not collected.
	managed []string
	unknown bool
}

// sgOpen is sgOpen, once per set of groups, protocol and family.
func (n *network) sgOpen(r *mamori.Resource, ids []string, groups []*mamori.Resource, proto string, fam family) sgVerdict {
	k := r.Account + "|" + r.Region + "|" + strings.Join(ids, ",") + "|" + proto + "|" + fam.name
	if v, ok := n.sgCache[k]; ok {
		return v
	}
	var v sgVerdict
	v.open, v.openers, v.managed, v.unknown = sgOpen(groups, proto, fam, n.prefixList)
	n.sgCache[k] = v
	return v
}

// prefixList finds a managed prefix list of r's account and region.
func (n *network) prefixList(r *mamori.Resource, id string) *mamori.Resource {
	return n.pls[ec2Key(r, id)]
}

// idOf is a resource's own id attribute, else the last part of its ARN.
func idOf(r *mamori.Resource, attr string) string {
	if s := ec2Str(r.Attributes, attr); s != "" {
		return s
	}
	return lastSegment(r.ID)
}

func lastSegment(id string) string { return id[strings.LastIndex(id, "/")+1:] }

// exposureResult is what one resource's interfaces add up to.
type exposureResult struct {
	open  map[string]ec2Ranges
	path  []hop
	notes []string
	// open6 and path6: what is reachable over IPv6, and the first IPv6
	// path (path is the first path of either family).
	open6 map[string]ec2Ranges
	path6 []hop
	// via: the load balancers it is reachable through; targets: what a
	// load balancer exposes.
	via, targets []any
}

func (res *exposureResult) note(s string) {
	for _, n := range res.notes {
		if n == s {
			return
		}
	}
	res.notes = append(res.notes, s)
}

// judge adds what one interface exposes; false when something it depends
// on was not collected.
func (n *network) judge(r *mamori.Resource, iface netIface, res *exposureResult) bool {
	if ep := iface.Endpoint; ep != nil {
		if ep.Closed != "" {
			res.note(ep.Closed)
			return true
		}
		for proto, rs := range iface.Ports {
			res.open[proto] = res.open[proto].union(rs)
			if res.path == nil {
				res.path = []hop{{ep.Hop, ep.ID, ep.Detail}, {"listener", r.Name, proto + " " + rangesText(rs)}}
			}
		}
		return true
	}
	if !iface.PublicIPv4 && !iface.IPv6 {
		res.note("no public address")
		return true
	}
	var groups []*mamori.Resource
	for _, id := range iface.SecurityGroups {
		sg := n.sgs[ec2Key(r, id)]
		if sg == nil {
			return false
		}
		groups = append(groups, sg)
	}
	for _, subnetID := range iface.Subnets {
		sn := n.subnets[ec2Key(r, subnetID)]
		if sn == nil {
			return false
		}
		vpc := iface.VPC
		if vpc == "" {
			vpc = ec2Str(sn.Attributes, "vpc_id") // an ECS service names its subnets only
		}
		rt := n.routeOf(r, subnetID, vpc)
		acl := n.aclBySubnet[ec2Key(r, subnetID)]
		if rt == nil || acl == nil {
			return false
		}
		for _, fam := range families {
			if (fam.v6 && !iface.IPv6) || (!fam.v6 && !iface.PublicIPv4) {
				continue
			}
			rv := n.routes(rt, fam)
			if !rv.open && rv.otherKind == "eni" && n.ingress(sn, vpc, fam, rv.otherTarget) != nil {
				// Ingress routing: the internet gateway sends the
				// subnet's traffic through an appliance, and the subnet
				// sends its replies back through the same appliance.
				rv = n.routes(rt, fam, rv.otherTarget)
			}
			if !rv.open {
				res.note(routeNote(rv, fam))
				continue
			}
			var any, returnBlocked bool
			for _, proto := range []string{"tcp", "udp"} {
				sv := n.sgOpen(r, iface.SecurityGroups, groups, proto, fam)
				if sv.unknown && !iface.NoSecurityGroups {
					return false // a prefix list its groups name was not collected
				}
				for _, m := range sv.managed {
					res.note(m)
				}
				fromSG, openers := sv.open, sv.openers
				if iface.NoSecurityGroups {
					fromSG, openers = ec2Ranges{{0, 65535}}, []string{"none"}
				}
				in := n.aclOpen(acl, "ingress", proto, fam)
				got := fromSG.intersect(in)
				if iface.Ports != nil {
					got = got.intersect(iface.Ports[proto])
				}
				if len(got) == 0 {
					continue
				}
				// Replies go back to the client's ephemeral port, through
				// the ACL's egress rules; an ACL is stateless.
				var replies ec2Ranges
				if _, ok := acl.Attributes["egress"]; ok {
					replies = n.aclOpen(acl, "egress", proto, fam).intersect(ephemeralPorts)
					if len(replies) == 0 {
						returnBlocked = true
						continue
					}
				}
				any = true
				res.open[proto] = res.open[proto].union(got)
				if fam.v6 {
					if res.open6 == nil {
						res.open6 = map[string]ec2Ranges{}
					}
					res.open6[proto] = res.open6[proto].union(got)
				}
				if res.path == nil || (fam.v6 && res.path6 == nil) {
					aclDetail := "allows " + proto + " " + rangesText(in)
					if replies != nil && !replies.covers(ephemeralPorts) {
						aclDetail += ", replies to " + rangesText(replies)
					}
					p := append(n.entryHops(rv, fam, sn, vpc), []hop{
						{"route-table", idOf(rt, "route_table_id"), strings.Join(rv.dests, ",")},
						{"subnet", subnetID, ""},
						{"network-acl", idOf(acl, "network_acl_id"), aclDetail},
						{"security-group", strings.Join(openers, ","), "opens " + proto + " " + rangesText(fromSG)},
						{"listener", r.Name, proto + " " + rangesText(got)},
					}...)
					if res.path == nil {
						res.path = p
					}
					if fam.v6 && res.path6 == nil {
						res.path6 = p
					}
				}
			}
			switch {
			case any:
			case returnBlocked:
				res.note(fmt.Sprintf("%s: network ACL %s lets the port in but its egress rules block the replies to %s", fam.name, idOf(acl, "network_acl_id"), fam.world))
			default:
				res.note(fmt.Sprintf("%s: security groups and network ACL open no listening port to %s", fam.name, fam.world))
			}
		}
	}
	return true
}

// entryHops are the first hops of a path into a subnet: the gateway the
// internet comes in by (IPv6 named, so a path over IPv6 says so), and,
// with ingress routing, the gateway route table and the appliance
// (a firewall's network interface, a Gateway Load Balancer endpoint) it
// sends the subnet's traffic through.
func (n *network) entryHops(rv routeVerdict, fam family, sn *mamori.Resource, vpc string) []hop {
	v6 := ""
	if fam.v6 {
		v6 = "IPv6"
	}
	target := ""
	if rv.kind == "eni" || rv.kind == "vpce" {
		target = rv.target
	}
	if in := n.ingress(sn, vpc, fam, target); in != nil {
		detail := "ingress routing"
		if v6 != "" {
			detail += ", " + v6
		}
		app := hop{"appliance", in.target, "inspects the traffic"}
		if in.kind == "vpce" {
			app.kind = "gateway-load-balancer-endpoint"
		}
		return []hop{{"internet-gateway", in.gateway, detail},
			{"gateway-route-table", idOf(in.rt, "route_table_id"), in.dest + " → " + in.target}, app}
	}
	gw := hop{"internet-gateway", rv.target, v6}
	if rv.kind == "vpce" {
		gw.kind = "gateway-load-balancer-endpoint"
	}
	return []hop{gw}
}

// ephemeralPorts are the client ports replies go to (1024-65535 covers
// every operating system's and load balancer's range).
var ephemeralPorts = ec2Ranges{{1024, 65535}}

// routeNote says why replies to the internet do not leave through an
// internet gateway.
func routeNote(rv routeVerdict, fam family) string {
	switch {
	case rv.partial:
		return fmt.Sprintf("only %s routes to internet gateway %s, not %s", strings.Join(rv.dests, ", "), rv.target, fam.world)
	case rv.otherKind == "":
		return fmt.Sprintf("public %s address but no %s route to an internet gateway", fam.name, fam.world)
	case rv.otherKind == "eigw":
		return fmt.Sprintf("%s routes through egress-only gateway %s: outbound only", fam.world, rv.otherTarget)
	case rv.otherKind == "blackhole":
		return fmt.Sprintf("the %s route is a blackhole (its gateway is gone)", fam.world)
	case rv.otherKind == "nat":
		return fmt.Sprintf("%s routes through NAT gateway %s: outbound only", fam.world, rv.otherTarget)
	}
	return fmt.Sprintf("%s routes to %s %s, not to the internet", fam.world, rv.otherKind, rv.otherTarget)
}

func rangesText(rs ec2Ranges) string {
	var parts []string
	for _, r := range rs {
		if r.lo == r.hi {
			parts = append(parts, fmt.Sprint(r.lo))
		} else if r.lo == 0 && r.hi == 65535 {
			parts = append(parts, "all")
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", r.lo, r.hi))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ",")
}

func runExposure(ix *Index) {
	n := newNetwork(ix)
	for _, s := range ix.Type("aws_subnet") {
		if rt := n.routeOf(s, ec2Str(s.Attributes, "subnet_id"), ec2Str(s.Attributes, "vpc_id")); rt != nil {
			SetFact(s, "internet_route", n.routes(rt, families[0]).open)
			SetFact(s, "ipv6_internet_route", n.routes(rt, families[1]).open)
		}
	}
	// Every resource is judged on its own first; then what a reachable
	// load balancer forwards to is reachable through it.
	results := map[*mamori.Resource]*exposureResult{}
	var order []*mamori.Resource
	for _, k := range exposureKinds {
		for _, r := range ix.Type(k.Type) {
			ifaces, ok := k.Interfaces(r)
			if !ok {
				continue
			}
			res := &exposureResult{open: map[string]ec2Ranges{}}
			known := true
			for _, iface := range ifaces {
				known = known && n.judge(r, iface, res)
			}
			if !known {
				continue
			}
			if len(ifaces) == 0 {
				if k.Why != nil {
					res.note(k.Why(r))
				} else if k.NoIfaces != "" {
					res.note(k.NoIfaces)
				} else {
					res.note("not publicly accessible")
				}
			}
			results[r] = res
			order = append(order, r)
		}
	}
	lbTargets(ix, results)
	ecsBehindLoadBalancers(ix, results)
	order = append(order, dbClusters(ix, results)...)
	cloudfrontOrigins(ix, results)
	apiCustomDomains(ix, results)
	for _, r := range order {
		res := results[r]
		ports, ports6 := portsFact(res.open), portsFact(res.open6)
		SetFact(r, "internet_reachable", len(ports) > 0)
		SetFact(r, "internet_open_ports", ports)
		SetFact(r, "exposure_path", pathFact(res.path))
		SetFact(r, "exposure_summary", exposureSummary(res))
		SetFact(r, "ipv6_reachable", len(ports6) > 0)
		SetFact(r, "ipv6_open_ports", ports6)
		SetFact(r, "ipv6_exposure_path", pathFact(res.path6))
		if r.Type == "aws_lb" {
			SetFact(r, "exposed_targets", res.targets)
		} else if res.via != nil {
			SetFact(r, "reachable_via", res.via)
		}
	}
}

func portsFact(open map[string]ec2Ranges) []any {
	ports := []any{}
	for _, proto := range []string{"tcp", "udp"} {
		for _, rg := range open[proto] {
			ports = append(ports, map[string]any{"protocol": proto, "from_port": rg.lo, "to_port": rg.hi})
		}
	}
	return ports
}

func pathFact(hops []hop) []any {
	path := []any{}
	for _, h := range hops {
		path = append(path, h.fact())
	}
	return path
}

// exposureSummary is the path on one line, or why it is not reachable;
// when the path is IPv4 and the resource is reachable over IPv6 too, the
// IPv6 path follows it.
func exposureSummary(res *exposureResult) string {
	if len(res.open) == 0 {
		notes := append([]string(nil), res.notes...)
		sort.Strings(notes)
		return "not reachable: " + strings.Join(notes, "; ")
	}
	s := pathText(res.path)
	if len(res.path6) > 0 && len(res.path) > 0 && &res.path6[0] != &res.path[0] {
		s += "; over IPv6: " + pathText(res.path6)
	}
	return s
}

func pathText(hops []hop) string {
	var texts []string
	for _, h := range hops {
		texts = append(texts, h.kind+" "+h.String())
	}
	return "internet → " + strings.Join(texts, " → ")
}

// lbTargets makes what an internet-reachable load balancer forwards to
// reachable through it: for each listener on a reachable port, each target
// of each target group it (or one of its rules) forwards to. An instance or
// a Lambda function behind it gets the load balancer's path, continued by
// load-balancer → target-group → target, and the target's port among its
// open ports; reachable_via names the load balancers. The load balancer
// lists every target it exposes (exposed_targets), IP targets included.
//
// The target's own security groups are not judged: the load balancer
// reaches it from inside the VPC, and a target that refuses it shows as
// unhealthy (the health is in the path). A target whose own exposure is
// unknown (something it depends on was not collected) stays unknown.
func lbTargets(ix *Index, results map[*mamori.Resource]*exposureResult) {
	instances := map[string]*mamori.Resource{}
	for _, r := range ix.Type("aws_instance") {
		instances[ec2Key(r, lastSegment(r.ID))] = r
	}
	for _, lb := range ix.Type("aws_lb") {
		res := results[lb]
		if res == nil {
			continue
		}
		res.targets = []any{}
		if len(res.open) == 0 {
			continue
		}
		for _, x := range ec2List(lb.Attributes, "listeners") {
			l, _ := x.(map[string]any)
			port := ec2Int(l, "port")
			var proto string
			for _, p := range lbProtocols(ec2Str(l, "protocol")) {
				if res.open[p].intersect(ec2Ranges{{port, port}}) != nil {
					proto = p
					break
				}
			}
			if proto == "" {
				continue // this listener's port is not reachable
			}
			for _, arn := range exposureStrings(ec2List(l, "target_groups")) {
				tg := ix.Get("aws_lb_target_group", arn)
				if tg == nil {
					continue
				}
				for _, y := range ec2List(tg.Attributes, "targets") {
					t, _ := y.(map[string]any)
					id, tport, health := ec2Str(t, "id"), ec2Int(t, "port"), ec2Str(t, "health")
					res.targets = append(res.targets, map[string]any{"target_group": tg.Name, "target": id, "port": tport,
						"listener_port": port, "health": health})
					var target *mamori.Resource
					switch ec2Str(tg.Attributes, "target_type") {
					case "instance":
						target = instances[ec2Key(tg, id)]
					case "lambda":
						target = ix.Get("aws_lambda_function", id)
						if target == nil && strings.Count(id, ":") == 7 {
							// A qualified ARN (version or alias): the function.
							target = ix.Get("aws_lambda_function", id[:strings.LastIndex(id, ":")])
						}
					}
					tres := results[target]
					if tres == nil {
						continue
					}
					tproto := proto
					if ec2Str(tg.Attributes, "target_type") == "lambda" {
						tport, tproto = 0, ""
					}
					if tproto != "" {
						tres.open[tproto] = tres.open[tproto].union(ec2Ranges{{tport, tport}})
					}
					if !slices.Contains(tres.via, any(lb.ID)) {
						tres.via = append(tres.via, lb.ID)
					}
					if tres.path == nil {
						tres.path = append(append([]hop{}, res.path[:len(res.path)-1]...),
							hop{"load-balancer", lb.Name, fmt.Sprintf("listener %s %d", proto, port)},
							hop{"target-group", tg.Name, ""},
							hop{"target", id, targetDetail(tproto, tport, health)})
						if tproto == "" {
							// A Lambda target listens on no port: its path
							// is the only sign, so it counts as reachable
							// on the load balancer's listener.
							tres.open[proto] = tres.open[proto].union(ec2Ranges{{port, port}})
						}
					}
				}
			}
		}
	}
}

func targetDetail(proto string, port int64, health string) string {
	d := ""
	if proto != "" {
		d = fmt.Sprintf("%s %d", proto, port)
	}
	if health != "" {
		if d != "" {
			d += ", "
		}
		d += health
	}
	return d
}

// ExposureTypes lists the network-facing types the exposure analyzer judges.
func ExposureTypes() []string {
	out := make([]string, 0, len(exposureKinds)+len(derivedKinds))
	for _, k := range exposureKinds {
		out = append(out, k.Type)
	}
	for _, k := range derivedKinds {
		out = append(out, k.Type)
	}
	return out
}
