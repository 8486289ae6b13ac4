package analyze

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/mamori-sec/mamori"
)

// Analyzers of branch h-awsb: facts that join a resource with another
// service's (an instance with Systems Manager, a distribution with S3, a
// VPC with its endpoints, a route table with the peering connections its
// routes use). Each sets its fact only when the other side was read, so
// that an unknown is an ERROR of the check rather than a FAIL or a PASS.

// ssmManaged says, for each EC2 instance, whether Systems Manager manages
// it (FSBP SSM.1).
//
// Facts on aws_instance:
//   - ssm_managed (bool): the instance is among the region's managed
//     instances (DescribeInstanceInformation). Not set when the account's
//     managed instances in the instance's region were not read.
//   - ssm_ping_status (string): the agent's last ping status, when managed.
//   - ssm_unread (string): why ssm_managed is not set (the failed call and
//     its reason, or "ssm was not read in this scan").
var ssmManaged = Analyzer{
	Name:  "ssm-managed",
	Facts: map[string][]string{"aws_instance": {"ssm_managed", "ssm_ping_status", "ssm_unread"}},
	Reads: map[string][]string{
		"aws_instance":             {"instance_id"},
		"aws_ssm_managed_instance": {"instance_id", "ping_status"},
	},
	Run: runSSMManaged,
}

func runSSMManaged(ix *Index) {
	type key struct{ account, region, id string }
	managed := map[key]string{}
	for _, m := range ix.Type("aws_ssm_managed_instance") {
		id, _ := m.Attributes["instance_id"].(string)
		ping, _ := m.Attributes["ping_status"].(string)
		managed[key{m.Account, m.Region, id}] = ping
	}
	for _, in := range ix.Type("aws_instance") {
		if why := ix.Unread(in.Account, in.Region, "ssm", "aws_ssm_managed_instance"); why != "" {
			SetFact(in, "ssm_unread", why)
			continue
		}
		id, _ := in.Attributes["instance_id"].(string)
		ping, ok := managed[key{in.Account, in.Region, id}]
		SetFact(in, "ssm_managed", ok)
		if ok {
			SetFact(in, "ssm_ping_status", ping)
		}
	}
}

// cloudfrontS3Origins finds CloudFront S3 origins whose bucket no scanned
// account holds (FSBP CloudFront.12). Bucket names are global: whoever
// creates a bucket of that name serves content through the distribution.
// A bucket of an account outside the scan reads as missing too; the check's
// text says so.
//
// Facts on aws_cloudfront_distribution:
//   - missing_s3_origins (list of "origin -> bucket"). Not set when S3 was
//     not read.
var cloudfrontS3Origins = Analyzer{
	Name:  "cloudfront-s3-origins",
	Facts: map[string][]string{"aws_cloudfront_distribution": {"missing_s3_origins"}},
	Reads: map[string][]string{
		"aws_cloudfront_distribution": {"origins"},
		"aws_s3_bucket":               {"arn"},
	},
	Run: runCloudFrontS3Origins,
}

// s3OriginRE takes the bucket out of an S3 origin's domain name
// (bucket.s3.amazonaws.com, bucket.s3.<region>.amazonaws.com,
// bucket.s3-<region>.amazonaws.com).
var s3OriginRE = regexp.MustCompile(`^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$`)

// S3OriginBucket returns the bucket an S3 origin domain names, or "".
func S3OriginBucket(domain string) string {
	m := s3OriginRE.FindStringSubmatch(strings.ToLower(strings.TrimSuffix(domain, ".")))
	if m == nil {
		return ""
	}
	return m[1]
}

func runCloudFrontS3Origins(ix *Index) {
	if !ix.Collected("s3") {
		return
	}
	ours := map[string]bool{}
	for _, b := range ix.Type("aws_s3_bucket") {
		ours[b.Name] = true
	}
	for _, d := range ix.Type("aws_cloudfront_distribution") {
		origins, ok := d.Attributes["origins"].([]any)
		if !ok {
			continue
		}
		missing := []any{}
		for _, o := range origins {
			m, _ := o.(map[string]any)
			if t, _ := m["type"].(string); t != "s3" {
				continue
			}
			domain, _ := m["domain_name"].(string)
			if bucket := S3OriginBucket(domain); bucket != "" && !ours[bucket] {
				id, _ := m["id"].(string)
				missing = append(missing, id+" -> "+bucket)
			}
		}
		SetFact(d, "missing_s3_origins", missing)
	}
}

// vpcEndpoints says, for each VPC, whether an interface endpoint for the
// EC2 API is available in it (FSBP EC2.10).
//
// Facts on aws_vpc:
//   - ec2_endpoint (bool). Not set when the VPC endpoints of the VPC's
//     account and region were not read.
//   - vpc_endpoints_unread (string): why ec2_endpoint is not set.
var vpcEndpoints = Analyzer{
	Name:  "vpc-endpoints",
	Facts: map[string][]string{"aws_vpc": {"ec2_endpoint", "vpc_endpoints_unread"}},
	Reads: map[string][]string{
		"aws_vpc":          {"vpc_id"},
		"aws_vpc_endpoint": {"vpc_id", "service", "state"},
	},
	Run: runVPCEndpoints,
}

func runVPCEndpoints(ix *Index) {
	type key struct{ account, region, vpc string }
	has := map[key]bool{}
	for _, e := range ix.Type("aws_vpc_endpoint") {
		svc, _ := e.Attributes["service"].(string)
		state, _ := e.Attributes["state"].(string)
		vpc, _ := e.Attributes["vpc_id"].(string)
		if svc == "ec2" && state == "available" {
			has[key{e.Account, e.Region, vpc}] = true
		}
	}
	for _, v := range ix.Type("aws_vpc") {
		if why := ix.Unread(v.Account, v.Region, "vpc", "aws_vpc_endpoint"); why != "" {
			SetFact(v, "vpc_endpoints_unread", why)
			continue
		}
		id, _ := v.Attributes["vpc_id"].(string)
		SetFact(v, "ec2_endpoint", has[key{v.Account, v.Region, id}])
	}
}

// peeringRoutes finds routes through a VPC peering connection that send
// traffic to the whole peer VPC (or everywhere) rather than to the subnets
// that need it (CIS "routing tables for VPC peering are least access").
//
// Facts on aws_route_table:
//   - broad_peering_routes (list of "destination -> pcx"). Not set when a
//     peering connection a route uses was not read (peering not read, or in
//     another account's scan), so the check is then ERROR for that table.
var peeringRoutes = Analyzer{
	Name:  "peering-routes",
	Facts: map[string][]string{"aws_route_table": {"broad_peering_routes"}},
	Reads: map[string][]string{
		"aws_route_table":            {"vpc_id", "routes"},
		"aws_vpc_peering_connection": {"peering_connection_id", "requester", "accepter"},
	},
	Run: runPeeringRoutes,
}

func runPeeringRoutes(ix *Index) {
	type key struct{ account, id string }
	pcx := map[key]*mamori.Resource{}
	for _, p := range ix.Type("aws_vpc_peering_connection") {
		id, _ := p.Attributes["peering_connection_id"].(string)
		pcx[key{p.Account, id}] = p
	}
	for _, rt := range ix.Type("aws_route_table") {
		if !ix.CollectedIn(rt.Account, "vpc") {
			continue
		}
		routes, ok := rt.Attributes["routes"].([]any)
		if !ok {
			continue
		}
		vpc, _ := rt.Attributes["vpc_id"].(string)
		broad := []any{}
		known := true
		for _, x := range routes {
			r, _ := x.(map[string]any)
			id, _ := r["vpc_peering_connection_id"].(string)
			if id == "" {
				continue
			}
			p := pcx[key{rt.Account, id}]
			if p == nil {
				known = false
				break
			}
			dest, _ := r["cidr_block"].(string)
			if dest == "" {
				dest, _ = r["ipv6_cidr_block"].(string)
			}
			if coversPeer(dest, peerCIDRs(p, vpc)) {
				broad = append(broad, dest+" -> "+id)
			}
		}
		if known {
			SetFact(rt, "broad_peering_routes", broad)
		}
	}
}

// peerCIDRs are the CIDRs of the side of p that is not vpc.
func peerCIDRs(p *mamori.Resource, vpc string) []string {
	side := "accepter"
	if a, _ := p.Attributes["accepter"].(map[string]any); a != nil && a["vpc_id"] == vpc {
		side = "requester"
	}
	m, _ := p.Attributes[side].(map[string]any)
	list, _ := m["cidrs"].([]any)
	var out []string
	for _, c := range list {
		if s, ok := c.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// coversPeer reports whether the destination dest holds a whole peer CIDR
// (or is a default route): the route opens the peer VPC entirely.
func coversPeer(dest string, peer []string) bool {
	d, err := netip.ParsePrefix(dest)
	if err != nil {
		return false
	}
	if d.Bits() == 0 {
		return true
	}
	for _, c := range peer {
		p, err := netip.ParsePrefix(c)
		if err != nil || p.Addr().Is4() != d.Addr().Is4() {
			continue
		}
		if d.Bits() <= p.Bits() && d.Contains(p.Masked().Addr()) {
			return true
		}
	}
	return false
}
