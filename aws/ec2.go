package aws

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/mamori-sec/mamori"
)

var ec2Service = &Service{
	Name: "ec2",
	Types: []string{
		"aws_vpc", "aws_subnet", "aws_route_table", "aws_network_acl", "aws_security_group",
		"aws_instance", "aws_ebs_volume", "aws_ebs_encryption_by_default",
		"aws_ebs_snapshot", "aws_ami", "aws_launch_template", "aws_eip", "aws_ec2_managed_prefix_list",
	},
	Actions: []string{
		"ec2:GetEbsEncryptionByDefault", "ec2:DescribeVpcs", "ec2:DescribeFlowLogs", "ec2:DescribeSubnets",
		"ec2:DescribeRouteTables", "ec2:DescribeNetworkAcls", "ec2:DescribeSecurityGroups",
		"ec2:DescribeInstances", "ec2:DescribeVolumes",
		"ec2:DescribeSnapshots", "ec2:DescribeSnapshotAttribute", "ec2:DescribeImages",
		"ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions",
		"ec2:DescribeAddresses", "ec2:DescribeManagedPrefixLists", "ec2:GetManagedPrefixListEntries",
	},
	Collect: collectEC2,
}

// ec2Pager is what every SDK paginator offers.
type ec2Pager[O any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*ec2.Options)) (O, error)
}

// ec2AllPages reads every page of p and concatenates the items.
func ec2AllPages[O, T any](ctx context.Context, p ec2Pager[O], items func(O) []T) ([]T, error) {
	var out []T
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, items(page)...)
	}
	return out, nil
}

// ec2EachPage reads every page of p and hands each to page as it arrives, so
// that only one page of SDK structures is held at a time.
func ec2EachPage[O any](ctx context.Context, p ec2Pager[O], page func(O)) error {
	for p.HasMorePages() {
		o, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		page(o)
	}
	return nil
}

// ec2Data is what one region's calls returned that is needed once all have
// returned (VPCs are emitted with their flow logs); a nil error with a nil
// slice means the region has none.
type ec2Data struct {
	ebsDefault                 *bool
	vpcs                       []types.Vpc
	flowLogs                   []types.FlowLog
	vpcErr, flowErr, subnetErr error
	rtErr, aclErr, sgErr       error
	instErr, volErr, ebsErr    error
}

// collectEC2 reads a region's VPC network (VPCs with their flow logs, subnets,
// route tables, network ACLs), security groups, instances, EBS volumes and
// the EBS default-encryption setting (see docs/resources/ec2.md). The list
// calls run concurrently; each failure is recorded against the resource types
// it leaves unknown, and the others are still emitted.
func collectEC2(ctx context.Context, r *Run) error {
	cl := ec2.NewFromConfig(r.Config)
	var d ec2Data
	n1000 := sdkaws.Int32(1000)
	var wg sync.WaitGroup
	// Everything but VPCs is emitted page by page as it arrives (a region
	// with 10k instances never holds them all as SDK structures); mu keeps
	// the Emit calls one at a time.
	var mu sync.Mutex
	emit := func(f func()) { mu.Lock(); defer mu.Unlock(); f() }
	wg.Go(func() {
		out, err := cl.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
		if err == nil {
			d.ebsDefault = sdkaws.Bool(sdkaws.ToBool(out.EbsEncryptionByDefault))
		}
		d.ebsErr = err
	})
	wg.Go(func() {
		d.vpcs, d.vpcErr = ec2AllPages(ctx, ec2.NewDescribeVpcsPaginator(cl, &ec2.DescribeVpcsInput{MaxResults: n1000}),
			func(o *ec2.DescribeVpcsOutput) []types.Vpc { return o.Vpcs })
	})
	wg.Go(func() {
		d.flowLogs, d.flowErr = ec2AllPages(ctx, ec2.NewDescribeFlowLogsPaginator(cl, &ec2.DescribeFlowLogsInput{MaxResults: n1000}),
			func(o *ec2.DescribeFlowLogsOutput) []types.FlowLog { return o.FlowLogs })
	})
	wg.Go(func() {
		d.subnetErr = ec2EachPage(ctx, ec2.NewDescribeSubnetsPaginator(cl, &ec2.DescribeSubnetsInput{MaxResults: n1000}),
			func(o *ec2.DescribeSubnetsOutput) {
				emit(func() {
					for _, s := range o.Subnets {
						ec2EmitSubnet(r, s)
					}
				})
			})
	})
	wg.Go(func() {
		d.rtErr = ec2EachPage(ctx, ec2.NewDescribeRouteTablesPaginator(cl, &ec2.DescribeRouteTablesInput{MaxResults: sdkaws.Int32(100)}),
			func(o *ec2.DescribeRouteTablesOutput) {
				emit(func() {
					for _, rt := range o.RouteTables {
						ec2EmitRouteTable(r, rt)
					}
				})
			})
	})
	wg.Go(func() {
		d.aclErr = ec2EachPage(ctx, ec2.NewDescribeNetworkAclsPaginator(cl, &ec2.DescribeNetworkAclsInput{MaxResults: sdkaws.Int32(100)}),
			func(o *ec2.DescribeNetworkAclsOutput) {
				emit(func() {
					for _, a := range o.NetworkAcls {
						ec2EmitNetworkACL(r, a)
					}
				})
			})
	})
	wg.Go(func() {
		d.sgErr = ec2EachPage(ctx, ec2.NewDescribeSecurityGroupsPaginator(cl, &ec2.DescribeSecurityGroupsInput{MaxResults: n1000}),
			func(o *ec2.DescribeSecurityGroupsOutput) {
				emit(func() {
					for _, sg := range o.SecurityGroups {
						ec2EmitSecurityGroup(r, sg)
					}
				})
			})
	})
	wg.Go(func() {
		// Terminated instances linger in the API for an hour; they are gone.
		in := &ec2.DescribeInstancesInput{MaxResults: n1000, Filters: []types.Filter{{
			Name:   sdkaws.String("instance-state-name"),
			Values: []string{"pending", "running", "shutting-down", "stopping", "stopped"},
		}}}
		d.instErr = ec2EachPage(ctx, ec2.NewDescribeInstancesPaginator(cl, in), func(o *ec2.DescribeInstancesOutput) {
			emit(func() {
				for _, res := range o.Reservations {
					for _, in := range res.Instances {
						ec2EmitInstance(r, in)
					}
				}
			})
		})
	})
	wg.Go(func() {
		d.volErr = ec2EachPage(ctx, ec2.NewDescribeVolumesPaginator(cl, &ec2.DescribeVolumesInput{MaxResults: n1000}),
			func(o *ec2.DescribeVolumesOutput) {
				emit(func() {
					for _, v := range o.Volumes {
						ec2EmitVolume(r, v)
					}
				})
			})
	})
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, f := range []struct {
		err    error
		action string
		typ    string
	}{
		{d.ebsErr, "ec2:GetEbsEncryptionByDefault", "aws_ebs_encryption_by_default"},
		{d.vpcErr, "ec2:DescribeVpcs", "aws_vpc"},
		{d.flowErr, "ec2:DescribeFlowLogs", "aws_vpc"},
		{d.subnetErr, "ec2:DescribeSubnets", "aws_subnet"},
		{d.rtErr, "ec2:DescribeRouteTables", "aws_route_table"},
		{d.aclErr, "ec2:DescribeNetworkAcls", "aws_network_acl"},
		{d.sgErr, "ec2:DescribeSecurityGroups", "aws_security_group"},
		{d.instErr, "ec2:DescribeInstances", "aws_instance"},
		{d.volErr, "ec2:DescribeVolumes", "aws_ebs_volume"},
	} {
		if f.err != nil {
			r.Fail(f.action, f.err, f.typ)
		}
	}

	if d.ebsDefault != nil {
		r.Emit(mamori.Resource{Type: "aws_ebs_encryption_by_default", ID: r.ARN("ec2", r.Region, "ebs-encryption-by-default"),
			Name: "ebs-encryption-by-default", Attributes: map[string]any{"enabled": *d.ebsDefault}})
	}
	ec2EmitVPCs(r, &d)
	ec2Sharing(ctx, r, cl)
	ec2Addresses(ctx, r, cl)
	return nil
}

func ec2EmitSubnet(r *Run, s types.Subnet) {
	id := sdkaws.ToString(s.SubnetId)
	r.Emit(mamori.Resource{Type: "aws_subnet", ID: r.ARN("ec2", r.Region, "subnet/"+id), Name: ec2NameTag(s.Tags, id), Tags: ec2TagMap(s.Tags),
		Attributes: map[string]any{
			"subnet_id": id, "vpc_id": sdkaws.ToString(s.VpcId), "cidr_block": sdkaws.ToString(s.CidrBlock),
			"availability_zone": sdkaws.ToString(s.AvailabilityZone), "state": string(s.State),
			"map_public_ip_on_launch": sdkaws.ToBool(s.MapPublicIpOnLaunch), "default_for_az": sdkaws.ToBool(s.DefaultForAz),
			"ipv6_cidr_blocks": ec2SubnetIPv6(s),
		},
		Relations: []mamori.Relation{{Kind: "in_vpc", Type: "aws_vpc", ID: r.ARN("ec2", r.Region, "vpc/"+sdkaws.ToString(s.VpcId))}}})
}

// ec2SubnetIPv6 lists a subnet's associated IPv6 blocks.
func ec2SubnetIPv6(s types.Subnet) []any {
	out := []any{}
	for _, a := range s.Ipv6CidrBlockAssociationSet {
		if a.Ipv6CidrBlockState == nil || a.Ipv6CidrBlockState.State == types.SubnetCidrBlockStateCodeAssociated {
			out = append(out, sdkaws.ToString(a.Ipv6CidrBlock))
		}
	}
	return out
}

func ec2EmitSecurityGroup(r *Run, sg types.SecurityGroup) {
	id := sdkaws.ToString(sg.GroupId)
	name := sdkaws.ToString(sg.GroupName)
	res := mamori.Resource{Type: "aws_security_group", ID: r.ARN("ec2", r.Region, "security-group/"+id), Name: name, Tags: ec2TagMap(sg.Tags),
		Attributes: map[string]any{
			"group_id": id, "name": name, "description": sdkaws.ToString(sg.Description), "vpc_id": sdkaws.ToString(sg.VpcId),
			"is_default": name == "default", "ingress": ec2SGRules(sg.IpPermissions, id), "egress": ec2SGRules(sg.IpPermissionsEgress, id),
		}}
	if sg.VpcId != nil {
		res.Relations = []mamori.Relation{{Kind: "in_vpc", Type: "aws_vpc", ID: r.ARN("ec2", r.Region, "vpc/"+*sg.VpcId)}}
	}
	r.Emit(res)
}

func ec2EmitVPCs(r *Run, d *ec2Data) {
	logs := map[string][]any{}
	for _, f := range d.flowLogs {
		id := sdkaws.ToString(f.ResourceId)
		logs[id] = append(logs[id], map[string]any{
			"id": sdkaws.ToString(f.FlowLogId), "status": sdkaws.ToString(f.FlowLogStatus),
			"traffic_type": string(f.TrafficType), "destination_type": string(f.LogDestinationType),
			"destination": sdkaws.ToString(f.LogDestination), "deliver_logs_status": sdkaws.ToString(f.DeliverLogsStatus),
		})
	}
	for _, v := range d.vpcs {
		id := sdkaws.ToString(v.VpcId)
		attrs := map[string]any{
			"vpc_id": id, "cidr_block": sdkaws.ToString(v.CidrBlock), "is_default": sdkaws.ToBool(v.IsDefault),
			"state": string(v.State), "instance_tenancy": string(v.InstanceTenancy),
		}
		// Without the flow logs the VPC's logging is unknown: leave the
		// attributes out so that checks reading them are ERROR, not FAIL.
		if d.flowErr == nil {
			fl := append([]any{}, logs[id]...)
			enabled := false
			for _, f := range fl {
				if f.(map[string]any)["status"] == "ACTIVE" {
					enabled = true
				}
			}
			attrs["flow_logs"] = fl
			attrs["flow_logs_enabled"] = enabled
		}
		r.Emit(mamori.Resource{Type: "aws_vpc", ID: r.ARN("ec2", r.Region, "vpc/"+id), Name: ec2NameTag(v.Tags, id), Tags: ec2TagMap(v.Tags), Attributes: attrs})
	}
}

func ec2EmitRouteTable(r *Run, rt types.RouteTable) {
	id := sdkaws.ToString(rt.RouteTableId)
	main := false
	subnets, gateways := []any{}, []any{}
	for _, a := range rt.Associations {
		if sdkaws.ToBool(a.Main) {
			main = true
		}
		if a.SubnetId != nil {
			subnets = append(subnets, *a.SubnetId)
		}
		// An edge association: the table routes what comes in through
		// this gateway (ingress routing).
		if a.GatewayId != nil {
			gateways = append(gateways, *a.GatewayId)
		}
	}
	routes := []any{}
	for _, x := range rt.Routes {
		routes = append(routes, map[string]any{
			"cidr_block": sdkaws.ToString(x.DestinationCidrBlock), "ipv6_cidr_block": sdkaws.ToString(x.DestinationIpv6CidrBlock),
			"destination_prefix_list_id": sdkaws.ToString(x.DestinationPrefixListId),
			"gateway_id":                 sdkaws.ToString(x.GatewayId), "nat_gateway_id": sdkaws.ToString(x.NatGatewayId),
			"transit_gateway_id": sdkaws.ToString(x.TransitGatewayId), "vpc_peering_connection_id": sdkaws.ToString(x.VpcPeeringConnectionId),
			"network_interface_id": sdkaws.ToString(x.NetworkInterfaceId), "egress_only_gateway_id": sdkaws.ToString(x.EgressOnlyInternetGatewayId),
			"state": string(x.State),
		})
	}
	r.Emit(mamori.Resource{Type: "aws_route_table", ID: r.ARN("ec2", r.Region, "route-table/"+id), Name: ec2NameTag(rt.Tags, id), Tags: ec2TagMap(rt.Tags),
		Attributes: map[string]any{"route_table_id": id, "vpc_id": sdkaws.ToString(rt.VpcId), "main": main, "subnet_ids": subnets, "routes": routes,
			"gateway_ids": gateways},
		Relations: []mamori.Relation{{Kind: "in_vpc", Type: "aws_vpc", ID: r.ARN("ec2", r.Region, "vpc/"+sdkaws.ToString(rt.VpcId))}}})
}

func ec2EmitNetworkACL(r *Run, a types.NetworkAcl) {
	id := sdkaws.ToString(a.NetworkAclId)
	entries := append([]types.NetworkAclEntry(nil), a.Entries...)
	sort.SliceStable(entries, func(i, j int) bool {
		return sdkaws.ToInt32(entries[i].RuleNumber) < sdkaws.ToInt32(entries[j].RuleNumber)
	})
	ingress, egress := []any{}, []any{}
	for _, e := range entries {
		proto := ec2Protocol(sdkaws.ToString(e.Protocol))
		var from, to int64
		if e.PortRange != nil && (proto == "tcp" || proto == "udp") {
			from, to = int64(sdkaws.ToInt32(e.PortRange.From)), int64(sdkaws.ToInt32(e.PortRange.To))
		}
		m := map[string]any{
			"rule_number": int64(sdkaws.ToInt32(e.RuleNumber)), "protocol": proto, "action": string(e.RuleAction),
			"cidr_block": sdkaws.ToString(e.CidrBlock), "ipv6_cidr_block": sdkaws.ToString(e.Ipv6CidrBlock),
			"from_port": from, "to_port": to,
		}
		if sdkaws.ToBool(e.Egress) {
			egress = append(egress, m)
		} else {
			ingress = append(ingress, m)
		}
	}
	subnets := []any{}
	for _, as := range a.Associations {
		subnets = append(subnets, sdkaws.ToString(as.SubnetId))
	}
	r.Emit(mamori.Resource{Type: "aws_network_acl", ID: r.ARN("ec2", r.Region, "network-acl/"+id), Name: ec2NameTag(a.Tags, id), Tags: ec2TagMap(a.Tags),
		Attributes: map[string]any{
			"network_acl_id": id, "vpc_id": sdkaws.ToString(a.VpcId), "is_default": sdkaws.ToBool(a.IsDefault),
			"subnet_ids": subnets, "ingress": ingress, "egress": egress,
		},
		Relations: []mamori.Relation{{Kind: "in_vpc", Type: "aws_vpc", ID: r.ARN("ec2", r.Region, "vpc/"+sdkaws.ToString(a.VpcId))}}})
}

func ec2EmitInstance(r *Run, in types.Instance) {
	id := sdkaws.ToString(in.InstanceId)
	groups := []any{}
	var rels []mamori.Relation
	for _, g := range in.SecurityGroups {
		groups = append(groups, sdkaws.ToString(g.GroupId))
		rels = append(rels, mamori.Relation{Kind: "member_of", Type: "aws_security_group", ID: r.ARN("ec2", r.Region, "security-group/"+sdkaws.ToString(g.GroupId))})
	}
	if in.SubnetId != nil {
		rels = append(rels, mamori.Relation{Kind: "in_subnet", Type: "aws_subnet", ID: r.ARN("ec2", r.Region, "subnet/"+*in.SubnetId)})
	}
	if in.VpcId != nil {
		rels = append(rels, mamori.Relation{Kind: "in_vpc", Type: "aws_vpc", ID: r.ARN("ec2", r.Region, "vpc/"+*in.VpcId)})
	}
	attrs := map[string]any{
		"instance_id": id, "instance_type": string(in.InstanceType), "image_id": sdkaws.ToString(in.ImageId),
		"public_ip": ec2StrOrNil(in.PublicIpAddress), "ipv6_address": ec2StrOrNil(in.Ipv6Address), "private_ip": sdkaws.ToString(in.PrivateIpAddress),
		"subnet_id": sdkaws.ToString(in.SubnetId), "vpc_id": sdkaws.ToString(in.VpcId), "security_groups": groups,
		"iam_instance_profile": nil, "key_name": ec2StrOrNil(in.KeyName), "launch_time": nil, "monitoring": false,
		"metadata_options": nil, "state": "",
		"virtualization_type": string(in.VirtualizationType), "state_transition_reason": sdkaws.ToString(in.StateTransitionReason),
		"stopped_since": nil,
	}
	// Every network interface, and every public address on any of them: an
	// Elastic IP on a secondary interface makes the instance public too.
	enis, public := []any{}, []any{}
	seen := map[string]bool{}
	addPublic := func(ip string) {
		if ip != "" && !seen[ip] {
			seen[ip] = true
			public = append(public, ip)
		}
	}
	addPublic(sdkaws.ToString(in.PublicIpAddress))
	for _, n := range in.NetworkInterfaces {
		v6 := []any{}
		for _, a := range n.Ipv6Addresses {
			v6 = append(v6, sdkaws.ToString(a.Ipv6Address))
		}
		ngroups := []any{}
		for _, g := range n.Groups {
			ngroups = append(ngroups, sdkaws.ToString(g.GroupId))
		}
		var pub any
		if n.Association != nil && sdkaws.ToString(n.Association.PublicIp) != "" {
			pub = sdkaws.ToString(n.Association.PublicIp)
			addPublic(pub.(string))
		}
		var dev int64
		if n.Attachment != nil {
			dev = int64(sdkaws.ToInt32(n.Attachment.DeviceIndex))
		}
		enis = append(enis, map[string]any{
			"id": sdkaws.ToString(n.NetworkInterfaceId), "device_index": dev, "subnet_id": sdkaws.ToString(n.SubnetId),
			"public_ip": pub, "ipv6_addresses": v6, "security_groups": ngroups,
		})
	}
	attrs["network_interfaces"] = enis
	attrs["public_ips"] = public
	if in.State != nil {
		attrs["state"] = string(in.State.Name)
		if in.State.Name == types.InstanceStateNameStopped {
			if t, ok := ec2StoppedAt(sdkaws.ToString(in.StateTransitionReason)); ok {
				attrs["stopped_since"] = t.Format(time.RFC3339)
			}
		}
	}
	if in.Placement != nil {
		attrs["availability_zone"] = sdkaws.ToString(in.Placement.AvailabilityZone)
	}
	if in.IamInstanceProfile != nil {
		attrs["iam_instance_profile"] = ec2StrOrNil(in.IamInstanceProfile.Arn)
	}
	if in.LaunchTime != nil {
		attrs["launch_time"] = in.LaunchTime.UTC().Format(time.RFC3339)
	}
	if in.Monitoring != nil {
		attrs["monitoring"] = in.Monitoring.State == types.MonitoringStateEnabled
	}
	if m := in.MetadataOptions; m != nil {
		attrs["metadata_options"] = map[string]any{
			"http_tokens": string(m.HttpTokens), "http_endpoint": string(m.HttpEndpoint),
			"http_put_response_hop_limit": int64(sdkaws.ToInt32(m.HttpPutResponseHopLimit)),
		}
	}
	r.Emit(mamori.Resource{Type: "aws_instance", ID: r.ARN("ec2", r.Region, "instance/"+id), Name: ec2NameTag(in.Tags, id), Tags: ec2TagMap(in.Tags),
		Attributes: attrs, Relations: rels})
}

func ec2EmitVolume(r *Run, v types.Volume) {
	id := sdkaws.ToString(v.VolumeId)
	attached := []any{}
	var rels []mamori.Relation
	for _, a := range v.Attachments {
		inst := sdkaws.ToString(a.InstanceId)
		attached = append(attached, inst)
		rels = append(rels, mamori.Relation{Kind: "attached_to", Type: "aws_instance", ID: r.ARN("ec2", r.Region, "instance/"+inst)})
	}
	if v.KmsKeyId != nil {
		rels = append(rels, mamori.Relation{Kind: "uses_key", Type: "aws_kms_key", ID: *v.KmsKeyId})
	}
	r.Emit(mamori.Resource{Type: "aws_ebs_volume", ID: r.ARN("ec2", r.Region, "volume/"+id), Name: ec2NameTag(v.Tags, id), Tags: ec2TagMap(v.Tags),
		Attributes: map[string]any{
			"volume_id": id, "encrypted": sdkaws.ToBool(v.Encrypted), "kms_key_id": ec2StrOrNil(v.KmsKeyId),
			"size": int64(sdkaws.ToInt32(v.Size)), "type": string(v.VolumeType), "availability_zone": sdkaws.ToString(v.AvailabilityZone),
			"state": string(v.State), "attachments": attached,
		},
		Relations: rels})
}

// ec2SGRules turns security group permissions into Terraform-shaped rules: one
// per permission; the group's own id is reported as self, not in
// security_groups. Protocol -1 (all traffic) has ports 0 and 0.
func ec2SGRules(perms []types.IpPermission, self string) []any {
	out := []any{}
	for _, p := range perms {
		proto := ec2Protocol(sdkaws.ToString(p.IpProtocol))
		var from, to int64
		if proto != "-1" {
			from, to = int64(sdkaws.ToInt32(p.FromPort)), int64(sdkaws.ToInt32(p.ToPort))
			if (proto == "tcp" || proto == "udp") && p.FromPort == nil && p.ToPort == nil {
				from, to = 0, 65535
			}
		}
		cidrs, v6, groups, pls := []any{}, []any{}, []any{}, []any{}
		for _, x := range p.IpRanges {
			cidrs = append(cidrs, sdkaws.ToString(x.CidrIp))
		}
		for _, x := range p.Ipv6Ranges {
			v6 = append(v6, sdkaws.ToString(x.CidrIpv6))
		}
		isSelf := false
		for _, g := range p.UserIdGroupPairs {
			if id := sdkaws.ToString(g.GroupId); id == self {
				isSelf = true
			} else {
				groups = append(groups, id)
			}
		}
		for _, x := range p.PrefixListIds {
			pls = append(pls, sdkaws.ToString(x.PrefixListId))
		}
		out = append(out, map[string]any{
			"protocol": proto, "from_port": from, "to_port": to, "cidr_blocks": cidrs, "ipv6_cidr_blocks": v6,
			"security_groups": groups, "self": isSelf, "prefix_list_ids": pls,
		})
	}
	return out
}

// ec2Protocol normalises an IP protocol to the names Terraform uses: "-1"
// for all, tcp, udp, icmp, icmpv6; other protocols stay numbers.
func ec2Protocol(p string) string {
	switch p {
	case "", "-1", "all":
		return "-1"
	case "6", "tcp":
		return "tcp"
	case "17", "udp":
		return "udp"
	case "1", "icmp":
		return "icmp"
	case "58", "icmpv6":
		return "icmpv6"
	}
	return p
}

func ec2StrOrNil(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	return *s
}

// ec2TagMap turns EC2 tags into a map (nil when there are none).
func ec2TagMap(tags []types.Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[sdkaws.ToString(t.Key)] = sdkaws.ToString(t.Value)
	}
	return m
}

// ec2NameTag is the Name tag, or fallback.
func ec2NameTag(tags []types.Tag, fallback string) string {
	for _, t := range tags {
		if sdkaws.ToString(t.Key) == "Name" && sdkaws.ToString(t.Value) != "" {
			return *t.Value
		}
	}
	return fallback
}

// ec2StoppedAt reads when an instance was stopped from its state transition
// reason, which EC2 writes as "User initiated (2024-01-15 09:00:00 GMT)"
// (also "Service initiated", "Server.ScheduledStop", ... followed by the same
// parenthesised time); ok is false when the reason carries no such time.
func ec2StoppedAt(reason string) (t time.Time, ok bool) {
	open := strings.LastIndexByte(reason, '(')
	if open < 0 || !strings.HasSuffix(reason, " GMT)") {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02 15:04:05", reason[open+1:len(reason)-len(" GMT)")])
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}
