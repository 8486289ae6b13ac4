package aws

import (
	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/mamori-sec/mamori"
)

// ec2EmitVPCEndpoint emits one aws_vpc_endpoint: its type (Interface,
// Gateway, GatewayLoadBalancer), the service it reaches and where it sits
// (docs/resources/ec2.md). Its policy is not kept: an endpoint policy
// limits what goes out through it, which no check judges yet.
func ec2EmitVPCEndpoint(r *Run, e types.VpcEndpoint) {
	id := sdkaws.ToString(e.VpcEndpointId)
	groups := []any{}
	for _, g := range e.Groups {
		groups = append(groups, sdkaws.ToString(g.GroupId))
	}
	r.Emit(mamori.Resource{Type: "aws_vpc_endpoint", ID: r.ARN("ec2", r.Region, "vpc-endpoint/"+id), Name: ec2NameTag(e.Tags, id), Tags: ec2TagMap(e.Tags),
		Attributes: map[string]any{
			"vpc_endpoint_id": id, "vpc_id": sdkaws.ToString(e.VpcId), "vpc_endpoint_type": string(e.VpcEndpointType),
			"service_name": sdkaws.ToString(e.ServiceName), "state": string(e.State),
			"subnet_ids": nonNil(anyList(e.SubnetIds)), "security_group_ids": groups, "route_table_ids": nonNil(anyList(e.RouteTableIds)),
			"private_dns_enabled": sdkaws.ToBool(e.PrivateDnsEnabled),
		},
		Relations: []mamori.Relation{{Kind: "in_vpc", Type: "aws_vpc", ID: r.ARN("ec2", r.Region, "vpc/"+sdkaws.ToString(e.VpcId))}}})
}
