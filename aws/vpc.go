package aws

import (
	"context"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/mamori-sec/mamori"
)

// VPC endpoints and peering connections are read through the EC2 API, as a
// service of their own so that a scan can leave them out (--services).
var vpcService = &Service{
	Name:    "vpc",
	Types:   []string{"aws_vpc_endpoint", "aws_vpc_peering_connection"},
	Actions: []string{"ec2:DescribeVpcEndpoints", "ec2:DescribeVpcPeeringConnections"},
	Collect: collectVPC,
}

// collectVPC emits one aws_vpc_endpoint per VPC endpoint (its service and
// whether its policy lets any principal use it for any action) and one
// aws_vpc_peering_connection per peering connection with both sides' CIDRs
// (docs/resources/vpc.md). The analyzers vpc-endpoints and peering-routes
// judge them together with the VPCs and route tables.
func collectVPC(ctx context.Context, r *Run) error {
	cl := ec2.NewFromConfig(r.Config)
	ep := ec2.NewDescribeVpcEndpointsPaginator(cl, &ec2.DescribeVpcEndpointsInput{MaxResults: sdkaws.Int32(1000)})
	for ep.HasMorePages() {
		page, err := ep.NextPage(ctx)
		if err != nil {
			if NotOffered(err) {
				return err
			}
			r.Fail("ec2:DescribeVpcEndpoints", err, "aws_vpc_endpoint")
			break
		}
		for _, e := range page.VpcEndpoints {
			vpcEmitEndpoint(r, e)
		}
	}
	pp := ec2.NewDescribeVpcPeeringConnectionsPaginator(cl, &ec2.DescribeVpcPeeringConnectionsInput{MaxResults: sdkaws.Int32(1000)})
	for pp.HasMorePages() {
		page, err := pp.NextPage(ctx)
		if err != nil {
			r.Fail("ec2:DescribeVpcPeeringConnections", err, "aws_vpc_peering_connection")
			break
		}
		for _, p := range page.VpcPeeringConnections {
			vpcEmitPeering(r, p)
		}
	}
	return nil
}

func vpcEmitEndpoint(r *Run, e types.VpcEndpoint) {
	id := sdkaws.ToString(e.VpcEndpointId)
	svc := sdkaws.ToString(e.ServiceName)
	doc := sdkaws.ToString(e.PolicyDocument)
	attrs := map[string]any{
		"endpoint_id": id, "vpc_id": sdkaws.ToString(e.VpcId), "service_name": svc, "service": vpcEndpointService(svc),
		"endpoint_type": string(e.VpcEndpointType), "state": strings.ToLower(string(e.State)),
		"private_dns_enabled": sdkaws.ToBool(e.PrivateDnsEnabled), "route_table_ids": anyList(e.RouteTableIds),
		"subnet_ids": anyList(e.SubnetIds), "has_policy": doc != "",
	}
	groups := []any{}
	for _, g := range e.Groups {
		groups = append(groups, sdkaws.ToString(g.GroupId))
	}
	attrs["security_group_ids"] = groups
	publicPolicy(attrs, doc)
	r.Emit(mamori.Resource{Type: "aws_vpc_endpoint", ID: r.ARN("ec2", r.Region, "vpc-endpoint/"+id), Name: ec2NameTag(e.Tags, id), Tags: ec2TagMap(e.Tags),
		Attributes: attrs, Relations: []mamori.Relation{{Kind: "in_vpc", Type: "aws_vpc", ID: r.ARN("ec2", r.Region, "vpc/"+sdkaws.ToString(e.VpcId))}}})
}

// vpcEndpointService is the short name of an endpoint service
// ("com.amazonaws.ap-northeast-1.ec2" -> "ec2"; "com.amazonaws.vpce.…" kept whole).
func vpcEndpointService(name string) string {
	parts := strings.Split(name, ".")
	if len(parts) >= 4 && parts[0] == "com" && parts[1] == "amazonaws" && parts[2] != "vpce" {
		return strings.Join(parts[3:], ".")
	}
	return name
}

func vpcPeerSide(v *types.VpcPeeringConnectionVpcInfo) map[string]any {
	if v == nil {
		return map[string]any{"vpc_id": "", "owner_id": "", "region": "", "cidrs": []any{}}
	}
	cidrs := []any{}
	seen := map[string]bool{}
	add := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			cidrs = append(cidrs, c)
		}
	}
	add(sdkaws.ToString(v.CidrBlock))
	for _, c := range v.CidrBlockSet {
		add(sdkaws.ToString(c.CidrBlock))
	}
	for _, c := range v.Ipv6CidrBlockSet {
		add(sdkaws.ToString(c.Ipv6CidrBlock))
	}
	dns := v.PeeringOptions != nil && sdkaws.ToBool(v.PeeringOptions.AllowDnsResolutionFromRemoteVpc)
	return map[string]any{"vpc_id": sdkaws.ToString(v.VpcId), "owner_id": sdkaws.ToString(v.OwnerId), "region": sdkaws.ToString(v.Region),
		"cidrs": cidrs, "allow_remote_dns": dns}
}

func vpcEmitPeering(r *Run, p types.VpcPeeringConnection) {
	id := sdkaws.ToString(p.VpcPeeringConnectionId)
	req, acc := vpcPeerSide(p.RequesterVpcInfo), vpcPeerSide(p.AccepterVpcInfo)
	status := ""
	if p.Status != nil {
		status = string(p.Status.Code)
	}
	r.Emit(mamori.Resource{Type: "aws_vpc_peering_connection", ID: r.ARN("ec2", r.Region, "vpc-peering-connection/"+id), Name: ec2NameTag(p.Tags, id), Tags: ec2TagMap(p.Tags),
		Attributes: map[string]any{
			"peering_connection_id": id, "status": status, "requester": req, "accepter": acc,
			"cross_account": req["owner_id"] != acc["owner_id"], "cross_region": req["region"] != acc["region"],
		}})
}
