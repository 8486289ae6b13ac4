package aws

import (
	"context"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshift"

	"github.com/mamori-sec/mamori"
)

var redshiftService = &Service{
	Name:  "redshift",
	Types: []string{"aws_redshift_cluster"},
	Actions: []string{"redshift:DescribeClusters", "redshift:DescribeLoggingStatus",
		"redshift:DescribeClusterParameters", "redshift:DescribeClusterSubnetGroups"},
	Collect: collectRedshift,
}

// collectRedshift emits one aws_redshift_cluster per provisioned cluster:
// network placement, encryption, audit logging and require_ssl from its
// parameter group (docs/resources/redshift.md). A per-cluster call that is
// denied leaves its attributes absent (the checks reading them are ERROR);
// a cluster deleted since it was listed is left out.
func collectRedshift(ctx context.Context, r *Run) error {
	cl := redshift.NewFromConfig(r.Config)
	// require_ssl per parameter group, read once per group; nil: unreadable.
	ssl := map[string]*bool{}
	requireSSL := func(group string) *bool {
		if v, ok := ssl[group]; ok {
			return v
		}
		on := false // the default parameter groups have require_ssl false
		p := redshift.NewDescribeClusterParametersPaginator(cl, &redshift.DescribeClusterParametersInput{ParameterGroupName: sdkaws.String(group)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				r.Fail("redshift:DescribeClusterParameters", err)
				ssl[group] = nil
				return nil
			}
			for _, x := range page.Parameters {
				if sdkaws.ToString(x.ParameterName) == "require_ssl" {
					on = strings.EqualFold(sdkaws.ToString(x.ParameterValue), "true")
				}
			}
		}
		ssl[group] = &on
		return &on
	}
	// Subnets per cluster subnet group, for reachability; when they cannot
	// be read, subnet_ids stays absent and the failure is reported.
	subnetGroups := map[string][]any{}
	groupsRead := true
	gp := redshift.NewDescribeClusterSubnetGroupsPaginator(cl, &redshift.DescribeClusterSubnetGroupsInput{})
	for gp.HasMorePages() {
		page, err := gp.NextPage(ctx)
		if err != nil {
			r.Fail("redshift:DescribeClusterSubnetGroups", err)
			groupsRead = false
			break
		}
		for _, g := range page.ClusterSubnetGroups {
			ids := []any{}
			for _, sn := range g.Subnets {
				ids = append(ids, sdkaws.ToString(sn.SubnetIdentifier))
			}
			subnetGroups[sdkaws.ToString(g.ClusterSubnetGroupName)] = ids
		}
	}
	p := redshift.NewDescribeClustersPaginator(cl, &redshift.DescribeClustersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, c := range page.Clusters {
			id := sdkaws.ToString(c.ClusterIdentifier)
			arn := r.ARN("redshift", r.Region, "cluster:"+id)
			sgs := []any{}
			for _, g := range c.VpcSecurityGroups {
				sgs = append(sgs, sdkaws.ToString(g.VpcSecurityGroupId))
			}
			attrs := map[string]any{
				"arn": arn, "cluster_identifier": id, "status": sdkaws.ToString(c.ClusterStatus), "node_type": sdkaws.ToString(c.NodeType),
				"cluster_version": sdkaws.ToString(c.ClusterVersion), "publicly_accessible": sdkaws.ToBool(c.PubliclyAccessible),
				"encrypted": sdkaws.ToBool(c.Encrypted), "kms_key_id": sdkaws.ToString(c.KmsKeyId),
				"vpc_id": sdkaws.ToString(c.VpcId), "cluster_subnet_group": sdkaws.ToString(c.ClusterSubnetGroupName), "security_group_ids": sgs,
				"automated_snapshot_retention": int(sdkaws.ToInt32(c.AutomatedSnapshotRetentionPeriod)),
				"allow_version_upgrade":        sdkaws.ToBool(c.AllowVersionUpgrade), "enhanced_vpc_routing": sdkaws.ToBool(c.EnhancedVpcRouting),
				"default_admin_username": sdkaws.ToString(c.MasterUsername) == "awsuser",
				"db_name":                sdkaws.ToString(c.DBName),
				// ipv4 or dualstack; ipv4 when AWS does not say.
				"ip_address_type": redshiftIPType(c.IpAddressType),
			}
			if c.Endpoint != nil {
				attrs["endpoint"], attrs["port"] = sdkaws.ToString(c.Endpoint.Address), int(sdkaws.ToInt32(c.Endpoint.Port))
			}
			if groupsRead {
				attrs["subnet_ids"] = nonNil(subnetGroups[sdkaws.ToString(c.ClusterSubnetGroupName)])
			}
			l, err := cl.DescribeLoggingStatus(ctx, &redshift.DescribeLoggingStatusInput{ClusterIdentifier: c.ClusterIdentifier})
			switch {
			case err == nil:
				attrs["audit_logging"] = sdkaws.ToBool(l.LoggingEnabled)
				attrs["log_destination"] = string(l.LogDestinationType)
			case isCode(err, "ClusterNotFound"):
				continue
			default:
				r.Fail("redshift:DescribeLoggingStatus", err)
			}
			if len(c.ClusterParameterGroups) > 0 {
				group := sdkaws.ToString(c.ClusterParameterGroups[0].ParameterGroupName)
				attrs["parameter_group"] = group
				if on := requireSSL(group); on != nil {
					attrs["require_ssl"] = *on
				}
			}
			r.Emit(mamori.Resource{Type: "aws_redshift_cluster", ID: arn, Name: id, Attributes: attrs})
		}
	}
	return nil
}

// redshiftIPType is a cluster's IP address type, ipv4 when not given.
func redshiftIPType(v *string) string {
	if t := sdkaws.ToString(v); t != "" {
		return t
	}
	return "ipv4"
}
