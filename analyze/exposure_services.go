package analyze

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mamori-sec/mamori"
)

// The managed services' entries of exposureKinds, and the passes that judge
// a resource from others' results (an Aurora cluster from its instances, a
// CloudFront distribution's origins, an ECS service behind a load balancer).

// dbListener is the tcp port a database listens on.
func dbListener(a map[string]any) map[string]ec2Ranges {
	p := ec2Int(a, "port")
	return map[string]ec2Ranges{"tcp": {{p, p}}}
}

var serviceKinds = []exposureKind{
	elasticacheKind("aws_elasticache_replication_group"),
	elasticacheKind("aws_elasticache_cluster"),
	{
		// A Redshift cluster with PubliclyAccessible gets a public address
		// in one of its cluster subnet group's subnets, like RDS; a
		// dual-stack one an IPv6 address too (judged like a dual-stack RDS
		// instance: a private cluster's IPv6 address is taken as private).
		Type:  "aws_redshift_cluster",
		Reads: []string{"publicly_accessible", "subnet_ids", "vpc_id", "security_group_ids", "port", "ip_address_type"},
		Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
			a := r.Attributes
			pub, ok := a["publicly_accessible"].(bool)
			if !ok {
				return nil, false
			}
			if !pub {
				return nil, true
			}
			subnets, ok := a["subnet_ids"].([]any)
			if !ok || len(subnets) == 0 || a["port"] == nil {
				return nil, false
			}
			return []netIface{{PublicIPv4: true, IPv6: ec2Str(a, "ip_address_type") == "dualstack", Subnets: exposureStrings(subnets), VPC: ec2Str(a, "vpc_id"),
				SecurityGroups: exposureStrings(ec2List(a, "security_group_ids")), Ports: dbListener(a)}}, true
		},
	},
	{
		// A domain outside any VPC has a public endpoint that AWS runs; its
		// access policy is the only filter in front of it (fine-grained
		// access control then asks for a password). A domain in a VPC has
		// private addresses only.
		Type:     "aws_opensearch_domain",
		Reads:    []string{"in_vpc", "vpc_id", "policy_public", "enforce_https", "fine_grained_access_control", "domain_name", "ip_address_type"},
		NoIfaces: "in a VPC: private addresses only",
		Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
			a := r.Attributes
			inVPC, ok := a["in_vpc"].(bool)
			if !ok {
				return nil, false
			}
			if inVPC {
				return nil, true
			}
			public, ok := a["policy_public"].(bool)
			if !ok {
				return nil, false
			}
			ep := &publicEndpoint{Hop: "opensearch-endpoint", ID: r.Name, Detail: "access policy open to everyone"}
			if a["fine_grained_access_control"] == true {
				ep.Detail += ", fine-grained access control"
			}
			if ec2Str(a, "ip_address_type") == "dualstack" {
				ep.Detail += ", IPv4 and IPv6"
			}
			if !public {
				ep.Closed = "public endpoint, but the access policy admits only named principals (signed requests)"
			}
			ports := ec2Ranges{{443, 443}}
			if a["enforce_https"] != true {
				ports = ec2Ranges{{80, 80}, {443, 443}}
			}
			return []netIface{{Endpoint: ep, Ports: map[string]ec2Ranges{"tcp": ports}}}, true
		},
	},
	{
		// A REST API's default endpoint (execute-api) is on the internet
		// unless the API is private (reached through interface VPC
		// endpoints only) or the endpoint is disabled.
		Type:  "aws_apigateway_rest_api",
		Reads: []string{"private", "execute_api_endpoint_disabled", "endpoint_types", "has_resource_policy", "unauthenticated_methods"},
		Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
			a := r.Attributes
			private, ok := a["private"].(bool)
			if !ok {
				return nil, false
			}
			types := strings.Join(exposureStrings(ec2List(a, "endpoint_types")), ",")
			ep := &publicEndpoint{Hop: "api-gateway", ID: r.Name, Detail: strings.ToLower(types) + " endpoint"}
			switch {
			case private:
				ep.Closed = "private API: reached through interface VPC endpoints only"
			case a["execute_api_endpoint_disabled"] == true:
				ep.Closed = noCustomDomain
			}
			ep.Detail += apiDetail(a, "unauthenticated_methods")
			if a["has_resource_policy"] == true {
				ep.Detail += ", resource policy not evaluated"
			}
			return []netIface{{Endpoint: ep, Ports: map[string]ec2Ranges{"tcp": {{443, 443}}}}}, true
		},
	},
	{
		Type:  "aws_apigatewayv2_api",
		Reads: []string{"execute_api_endpoint_disabled", "protocol_type", "unauthorized_routes"},
		Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
			a := r.Attributes
			disabled, ok := a["execute_api_endpoint_disabled"].(bool)
			if !ok {
				return nil, false
			}
			ep := &publicEndpoint{Hop: "api-gateway", ID: r.Name, Detail: strings.ToLower(ec2Str(a, "protocol_type")) + " API"}
			if disabled {
				ep.Closed = noCustomDomain
			}
			ep.Detail += apiDetail(a, "unauthorized_routes")
			return []netIface{{Endpoint: ep, Ports: map[string]ec2Ranges{"tcp": {{443, 443}}}}}, true
		},
	},
	{
		// A distribution answers on CloudFront's edge, on 80 and 443,
		// while it is enabled. Its origins are judged in cloudfrontOrigins.
		Type:  "aws_cloudfront_distribution",
		Reads: []string{"enabled", "domain_name", "geo_restriction", "origins"},
		Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
			a := r.Attributes
			enabled, ok := a["enabled"].(bool)
			if !ok {
				return nil, false
			}
			ep := &publicEndpoint{Hop: "cloudfront", ID: r.Name, Detail: ec2Str(a, "domain_name")}
			if g := ec2Str(a, "geo_restriction"); g != "" && g != "none" {
				ep.Detail += ", geo restriction " + g
			}
			if !enabled {
				ep.Closed = "distribution disabled"
			}
			return []netIface{{Endpoint: ep, Ports: map[string]ec2Ranges{"tcp": {{80, 80}, {443, 443}}}}}, true
		},
	},
	{
		// An ECS service's tasks in awsvpc mode each get a network
		// interface in the service's subnets, behind its security groups,
		// with a public IPv4 address when assignPublicIp is ENABLED; they
		// listen on their containers' ports.
		Type:     "aws_ecs_service",
		Reads:    []string{"network_mode", "assign_public_ip", "subnet_ids", "security_groups", "container_ports", "vpc_id", "load_balancers"},
		NoIfaces: "tasks get no public address",
		Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
			a := r.Attributes
			mode, ok := a["network_mode"].(string)
			if !ok {
				return nil, false
			}
			if mode != "awsvpc" {
				return nil, true // the tasks use their container instances' interfaces: judged on the instances
			}
			if a["assign_public_ip"] != true {
				return nil, true
			}
			subnets, ok := a["subnet_ids"].([]any)
			if !ok || len(subnets) == 0 {
				return nil, false
			}
			var p map[string]ec2Ranges
			if cp, ok := a["container_ports"].([]any); ok && len(cp) > 0 {
				p = map[string]ec2Ranges{}
				for _, x := range cp {
					m, _ := x.(map[string]any)
					port := ec2Int(m, "port")
					proto := ec2Str(m, "protocol")
					p[proto] = p[proto].union(ec2Ranges{{port, port}})
				}
			}
			return []netIface{{PublicIPv4: true, Subnets: exposureStrings(subnets), VPC: ec2Str(a, "vpc_id"),
				SecurityGroups: exposureStrings(ec2List(a, "security_groups")), Ports: p}}, true
		},
	},
	vpcEndpointKind,
}

// vpcEndpointKind: a VPC endpoint takes traffic from inside the VPC (an
// interface endpoint's addresses are private) or is a route target (a
// gateway or Gateway Load Balancer endpoint, which the route tables of the
// subnets it serves name in their paths); none has an address the
// internet can open a connection to.
var vpcEndpointKind = exposureKind{
	Type:  "aws_vpc_endpoint",
	Reads: []string{"endpoint_type", "service_name"},
	Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
		_, ok := r.Attributes["endpoint_type"].(string)
		return nil, ok
	},
	Why: func(r *mamori.Resource) string {
		svc := ec2Str(r.Attributes, "service_name")
		switch ec2Str(r.Attributes, "endpoint_type") {
		case "Gateway":
			return "gateway endpoint to " + svc + ": a route target, no address of its own"
		case "GatewayLoadBalancer":
			return "Gateway Load Balancer endpoint: inspects the traffic routed to it, no address of its own"
		}
		return "interface endpoint to " + svc + ": private addresses in its subnets only"
	},
}

// elasticacheKind: ElastiCache gives its nodes private IPv4 addresses only,
// and has no "publicly accessible" setting: over IPv4 the internet cannot
// open a connection to a cache, whatever its security groups say (a load
// balancer in front of it is judged as a load balancer). A cache of network
// type ipv6 or dual_stack has IPv6 addresses from its subnets, which are
// global: those are judged like an instance's, through the subnets' route
// tables and network ACLs and the cache's security groups, on its port.
func elasticacheKind(typ string) exposureKind {
	return exposureKind{
		Type:     typ,
		Reads:    []string{"vpc_id", "subnet_ids", "security_group_ids", "port", "network_type"},
		NoIfaces: "ElastiCache nodes have private addresses only",
		Interfaces: func(r *mamori.Resource) ([]netIface, bool) {
			a := r.Attributes
			if nt := ec2Str(a, "network_type"); nt != "ipv6" && nt != "dual_stack" {
				return nil, true
			}
			subnets, ok := a["subnet_ids"].([]any)
			if !ok || len(subnets) == 0 || a["port"] == nil {
				return nil, false
			}
			return []netIface{{IPv6: true, Subnets: exposureStrings(subnets), VPC: ec2Str(a, "vpc_id"),
				SecurityGroups: exposureStrings(ec2List(a, "security_group_ids")), Ports: dbListener(a)}}, true
		},
	}
}

// noCustomDomain is why an API whose default endpoint is disabled is not
// reachable, unless apiCustomDomains finds a custom domain name serving it.
const noCustomDomain = "default execute-api endpoint disabled, and no custom domain name in the scan maps to it"

// apiCustomDomains judges APIs by the custom domain names that serve them
// (their API mappings): an API whose default execute-api endpoint is
// disabled is still on the internet through such a name, and the path
// starts there; an API reachable on its default endpoint names its custom
// domains in the api-gateway hop. Every API gets custom_domains: the names
// mapped to it with their TLS security policy and endpoint type. A private
// API is left alone (a private custom domain name is reached through VPC
// endpoints only).
func apiCustomDomains(ix *Index, results map[*mamori.Resource]*exposureResult) {
	byAPI := map[string][]*mamori.Resource{}
	for _, d := range ix.Type("aws_apigatewayv2_domain_name") {
		seen := map[string]bool{}
		for _, x := range ec2List(d.Attributes, "api_mappings") {
			m, _ := x.(map[string]any)
			if id := ec2Str(m, "api_id"); id != "" && !seen[id] {
				seen[id] = true
				byAPI[ec2Key(d, id)] = append(byAPI[ec2Key(d, id)], d)
			}
		}
	}
	for _, typ := range []string{"aws_apigateway_rest_api", "aws_apigatewayv2_api"} {
		for _, api := range ix.Type(typ) {
			res := results[api]
			if res == nil {
				continue
			}
			doms := byAPI[ec2Key(api, idOf(api, "id"))]
			sort.Slice(doms, func(i, j int) bool { return doms[i].Name < doms[j].Name })
			fact := []any{}
			var names []string
			for _, d := range doms {
				pol := ec2Str(d.Attributes, "security_policy")
				fact = append(fact, map[string]any{"domain": d.Name, "security_policy": pol, "endpoint_type": ec2Str(d.Attributes, "endpoint_type")})
				names = append(names, d.Name+" ("+pol+")")
			}
			SetFact(api, "custom_domains", fact)
			if len(doms) == 0 || api.Attributes["private"] == true {
				continue
			}
			if len(res.open) == 0 && api.Attributes["execute_api_endpoint_disabled"] == true {
				d := doms[0]
				res.open["tcp"] = ec2Ranges{{443, 443}}
				res.notes = nil
				detail := "default execute-api endpoint disabled" + apiDetail(api.Attributes, "unauthenticated_methods") + apiDetail(api.Attributes, "unauthorized_routes")
				res.path = []hop{
					{"custom-domain", d.Name, ec2Str(d.Attributes, "security_policy") + ", " + strings.ToLower(ec2Str(d.Attributes, "endpoint_type"))},
					{"api-gateway", api.Name, detail},
					{"listener", api.Name, "tcp 443"},
				}
				continue
			}
			if len(res.path) > 0 && res.path[0].kind == "api-gateway" {
				res.path[0].detail += ", also on custom domain " + strings.Join(names, ", ")
			}
		}
	}
}

// apiDetail names what an API lets in without authorisation.
func apiDetail(a map[string]any, attr string) string {
	open := exposureStrings(ec2List(a, attr))
	switch {
	case len(open) == 0:
		return ""
	case len(open) > 3:
		return fmt.Sprintf(", %d routes without authorisation", len(open))
	}
	return ", without authorisation: " + strings.Join(open, ", ")
}

// derivedKinds are judged from the results of the others.
var derivedKinds = []struct {
	Type  string
	Reads []string
}{
	{"aws_rds_cluster", []string{"db_cluster_identifier"}},
}

// dbClusters judges an Aurora (or Multi-AZ) DB cluster from its DB
// instances: its endpoints resolve to them, so it is reachable through each
// member that is, and unknown when a member is.
func dbClusters(ix *Index, results map[*mamori.Resource]*exposureResult) []*mamori.Resource {
	members := map[string][]*mamori.Resource{}
	for _, db := range ix.Type("aws_db_instance") {
		if c := ec2Str(db.Attributes, "db_cluster_identifier"); c != "" {
			k := ec2Key(db, c)
			members[k] = append(members[k], db)
		}
	}
	var out []*mamori.Resource
	for _, c := range ix.Type("aws_rds_cluster") {
		id := ec2Str(c.Attributes, "db_cluster_identifier")
		if id == "" {
			continue
		}
		ms := members[ec2Key(c, id)]
		sort.Slice(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
		res := &exposureResult{open: map[string]ec2Ranges{}}
		known := true
		for _, m := range ms {
			mres := results[m]
			if mres == nil {
				known = false
				break
			}
			for proto, rs := range mres.open {
				res.open[proto] = res.open[proto].union(rs)
			}
			if res.path == nil && len(mres.path) > 0 {
				last := mres.path[len(mres.path)-1]
				res.path = append(append([]hop{}, mres.path[:len(mres.path)-1]...),
					hop{"cluster-member", m.Name, ""}, hop{"listener", c.Name, last.detail})
			}
			if len(mres.open) == 0 {
				for _, n := range mres.notes {
					res.note(m.Name + ": " + n)
				}
			}
		}
		if !known {
			continue
		}
		if len(ms) == 0 {
			res.note("no DB instances in the cluster")
		}
		results[c] = res
		out = append(out, c)
	}
	return out
}

// s3OriginBucket is the bucket an S3 origin domain names
// (BUCKET.s3.REGION.amazonaws.com, BUCKET.s3.amazonaws.com,
// BUCKET.s3-website-REGION.amazonaws.com, BUCKET.s3-website.REGION...).
func s3OriginBucket(domain string) string {
	for _, sep := range []string{".s3.", ".s3-website-", ".s3-website.", ".s3-"} {
		if i := strings.Index(domain, sep); i > 0 && strings.HasSuffix(domain, ".amazonaws.com") {
			return domain[:i]
		}
	}
	return ""
}

// cloudfrontOrigins records, on each distribution, which of its origins the
// internet can reach directly, around CloudFront (and its web ACL): an
// origin whose domain is a load balancer, an API or a Lambda function URL
// of the scan that is itself internet-reachable, or an S3 bucket that is
// public. Origins that name nothing in the scan (a custom domain, another
// account) are listed as unknown.
func cloudfrontOrigins(ix *Index, results map[*mamori.Resource]*exposureResult) {
	byDomain := map[string]*mamori.Resource{}
	for _, lb := range ix.Type("aws_lb") {
		if d := ec2Str(lb.Attributes, "dns_name"); d != "" {
			byDomain[strings.ToLower(d)] = lb
		}
	}
	for _, api := range ix.Type("aws_apigateway_rest_api") {
		byDomain[lastSegment(api.ID)+".execute-api."+api.Region+".amazonaws.com"] = api
	}
	for _, api := range ix.Type("aws_apigatewayv2_api") {
		byDomain[lastSegment(api.ID)+".execute-api."+api.Region+".amazonaws.com"] = api
	}
	buckets := map[string]*mamori.Resource{}
	for _, b := range ix.Type("aws_s3_bucket") {
		buckets[b.Account+"|"+b.Name] = b
	}
	for _, d := range ix.Type("aws_cloudfront_distribution") {
		if results[d] == nil {
			continue
		}
		out := []any{}
		for _, x := range ec2List(d.Attributes, "origins") {
			o, _ := x.(map[string]any)
			dom := strings.ToLower(ec2Str(o, "domain_name"))
			e := map[string]any{"origin": ec2Str(o, "id"), "domain": dom, "resource": "", "directly_reachable": nil, "summary": "not in the scan"}
			if b := s3OriginBucket(dom); b != "" && buckets[d.Account+"|"+b] != nil {
				bucket := buckets[d.Account+"|"+b]
				public, known := bucket.Facts["public"].(bool)
				e["resource"] = bucket.ID
				if known {
					e["directly_reachable"] = public
					e["summary"] = "bucket not public: reached through CloudFront only"
					if public {
						e["summary"] = "bucket is public: readable without CloudFront"
					}
				}
			} else if r := byDomain[dom]; r != nil {
				e["resource"] = r.ID
				if res := results[r]; res != nil {
					e["directly_reachable"] = len(res.open) > 0
					e["summary"] = exposureSummary(res)
				}
			}
			out = append(out, e)
		}
		SetFact(d, "origin_exposure", out)
	}
}

// ecsBehindLoadBalancers makes an ECS service reachable through each
// internet-reachable load balancer that forwards to one of its target
// groups (ip targets: the tasks' interfaces), on the container port.
func ecsBehindLoadBalancers(ix *Index, results map[*mamori.Resource]*exposureResult) {
	type tgRef struct {
		lb   *mamori.Resource
		port int64
	}
	exposed := map[string][]tgRef{}
	for _, lb := range ix.Type("aws_lb") {
		res := results[lb]
		if res == nil || len(res.open) == 0 {
			continue
		}
		for _, x := range ec2List(lb.Attributes, "listeners") {
			l, _ := x.(map[string]any)
			port := ec2Int(l, "port")
			reachable := false
			for _, p := range lbProtocols(ec2Str(l, "protocol")) {
				reachable = reachable || res.open[p].intersect(ec2Ranges{{port, port}}) != nil
			}
			if !reachable {
				continue
			}
			for _, tg := range exposureStrings(ec2List(l, "target_groups")) {
				exposed[tg] = append(exposed[tg], tgRef{lb, port})
			}
		}
	}
	for _, svc := range ix.Type("aws_ecs_service") {
		sres := results[svc]
		if sres == nil {
			continue
		}
		for _, x := range ec2List(svc.Attributes, "load_balancers") {
			m, _ := x.(map[string]any)
			tg := ec2Str(m, "target_group_arn")
			for _, ref := range exposed[tg] {
				cport := ec2Int(m, "container_port")
				sres.open["tcp"] = sres.open["tcp"].union(ec2Ranges{{cport, cport}})
				if !containsAny(sres.via, ref.lb.ID) {
					sres.via = append(sres.via, ref.lb.ID)
				}
				if sres.path == nil {
					lres := results[ref.lb]
					sres.path = append(append([]hop{}, lres.path[:len(lres.path)-1]...),
						hop{"load-balancer", ref.lb.Name, fmt.Sprintf("listener tcp %d", ref.port)},
						hop{"target-group", lastTGName(tg), ""},
						hop{"target", svc.Name, fmt.Sprintf("container %s tcp %d", ec2Str(m, "container_name"), cport)})
				}
			}
		}
	}
}

func containsAny(l []any, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// lastTGName names a target group by its ARN: ".../targetgroup/NAME/ID".
func lastTGName(arn string) string {
	parts := strings.Split(arn, "/")
	if len(parts) >= 3 {
		return parts[len(parts)-2]
	}
	return arn
}
