package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/mamori-sec/mamori"
)

// ec2Addresses emits the region's Elastic IPs (aws_eip: associated with
// something or not) and its managed prefix lists
// (aws_ec2_managed_prefix_list), which security group rules and routes name
// instead of CIDRs (docs/resources/ec2.md). A customer-managed list's
// entries are read (a list may hold 0.0.0.0/0); an AWS-managed list's are
// not: they are the ranges of the AWS service it names, never the internet
// at large, and reading them would cost a call per list per region.
func ec2Addresses(ctx context.Context, r *Run, cl *ec2.Client) {
	out, err := cl.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{})
	if err != nil {
		r.Fail("ec2:DescribeAddresses", err, "aws_eip")
	} else {
		for _, a := range out.Addresses {
			ec2EmitAddress(r, a)
		}
	}

	pp := ec2.NewDescribeManagedPrefixListsPaginator(cl, &ec2.DescribeManagedPrefixListsInput{MaxResults: sdkaws.Int32(100)})
	err = ec2EachPage(ctx, pp, func(o *ec2.DescribeManagedPrefixListsOutput) {
		for _, pl := range o.PrefixLists {
			id := sdkaws.ToString(pl.PrefixListId)
			owner := sdkaws.ToString(pl.OwnerId)
			attrs := map[string]any{
				"prefix_list_id": id, "name": sdkaws.ToString(pl.PrefixListName), "owner_id": owner,
				"aws_managed": owner == "AWS", "address_family": sdkaws.ToString(pl.AddressFamily),
				"max_entries": int64(sdkaws.ToInt32(pl.MaxEntries)), "state": string(pl.State),
			}
			if owner != "AWS" {
				entries, err := ec2AllPages(ctx, ec2.NewGetManagedPrefixListEntriesPaginator(cl, &ec2.GetManagedPrefixListEntriesInput{PrefixListId: pl.PrefixListId, MaxResults: sdkaws.Int32(100)}),
					func(o *ec2.GetManagedPrefixListEntriesOutput) []types.PrefixListEntry { return o.Entries })
				if err != nil {
					// Without its entries the list is unknown: a rule naming
					// it leaves its resources' exposure unknown too.
					r.Fail("ec2:GetManagedPrefixListEntries", err, "aws_ec2_managed_prefix_list")
					continue
				}
				cidrs := []any{}
				for _, e := range entries {
					cidrs = append(cidrs, sdkaws.ToString(e.Cidr))
				}
				attrs["entries"] = cidrs
			}
			arn := sdkaws.ToString(pl.PrefixListArn)
			if arn == "" {
				arn = r.ARN("ec2", r.Region, "prefix-list/"+id)
			}
			r.Emit(mamori.Resource{Type: "aws_ec2_managed_prefix_list", ID: arn, Name: ec2NameTag(pl.Tags, sdkaws.ToString(pl.PrefixListName)),
				Tags: ec2TagMap(pl.Tags), Attributes: attrs})
		}
	})
	if err != nil {
		r.Fail("ec2:DescribeManagedPrefixLists", err, "aws_ec2_managed_prefix_list")
	}
}

func ec2EmitAddress(r *Run, a types.Address) {
	id := sdkaws.ToString(a.AllocationId)
	ip := sdkaws.ToString(a.PublicIp)
	if id == "" {
		id = ip // an EC2-Classic address has no allocation id
	}
	attrs := map[string]any{
		"allocation_id": sdkaws.ToString(a.AllocationId), "public_ip": ip, "domain": string(a.Domain),
		"association_id": sdkaws.ToString(a.AssociationId), "instance_id": sdkaws.ToString(a.InstanceId),
		"network_interface_id": sdkaws.ToString(a.NetworkInterfaceId), "private_ip": sdkaws.ToString(a.PrivateIpAddress),
		// associated: the address is in use (on an instance or an interface).
		"associated": sdkaws.ToString(a.AssociationId) != "" || sdkaws.ToString(a.InstanceId) != "" || sdkaws.ToString(a.NetworkInterfaceId) != "",
	}
	r.Emit(mamori.Resource{Type: "aws_eip", ID: r.ARN("ec2", r.Region, "elastic-ip/"+id), Name: ec2NameTag(a.Tags, ip), Tags: ec2TagMap(a.Tags), Attributes: attrs})
}
