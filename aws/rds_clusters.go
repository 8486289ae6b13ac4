package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/mamori-sec/mamori"
)

// collectRDSClusters emits one aws_rds_cluster per Aurora (or Multi-AZ) DB
// cluster: encryption, deletion protection, IAM authentication, log exports
// and network placement (docs/resources/rds.md). A failure is reported
// against the cluster type only.
func collectRDSClusters(ctx context.Context, r *Run, cl *rds.Client) {
	p := rds.NewDescribeDBClustersPaginator(cl, &rds.DescribeDBClustersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.Fail("rds:DescribeDBClusters", err, "aws_rds_cluster")
			return
		}
		for _, c := range page.DBClusters {
			id := sdkaws.ToString(c.DBClusterIdentifier)
			engine, version := sdkaws.ToString(c.Engine), sdkaws.ToString(c.EngineVersion)
			sgs, logs, members := []any{}, []any{}, []any{}
			for _, g := range c.VpcSecurityGroups {
				sgs = append(sgs, sdkaws.ToString(g.VpcSecurityGroupId))
			}
			for _, l := range c.EnabledCloudwatchLogsExports {
				logs = append(logs, l)
			}
			for _, m := range c.DBClusterMembers {
				members = append(members, sdkaws.ToString(m.DBInstanceIdentifier))
			}
			attrs := map[string]any{
				"arn": sdkaws.ToString(c.DBClusterArn), "db_cluster_identifier": id, "status": sdkaws.ToString(c.Status),
				"engine": engine, "engine_version": version, "engine_standard_support_end": rdsSupportEnd(engine, version),
				"storage_encrypted": sdkaws.ToBool(c.StorageEncrypted), "kms_key_id": sdkaws.ToString(c.KmsKeyId),
				"deletion_protection":                 sdkaws.ToBool(c.DeletionProtection),
				"iam_database_authentication_enabled": sdkaws.ToBool(c.IAMDatabaseAuthenticationEnabled),
				"backup_retention_period":             int64(sdkaws.ToInt32(c.BackupRetentionPeriod)), "multi_az": sdkaws.ToBool(c.MultiAZ),
				"cloudwatch_logs_exports": logs, "members": members,
				"endpoint": sdkaws.ToString(c.Endpoint), "reader_endpoint": sdkaws.ToString(c.ReaderEndpoint), "port": int64(sdkaws.ToInt32(c.Port)),
				"db_subnet_group": sdkaws.ToString(c.DBSubnetGroup), "vpc_security_group_ids": sgs,
				"publicly_accessible": sdkaws.ToBool(c.PubliclyAccessible),
				"master_username":     sdkaws.ToString(c.MasterUsername), "copy_tags_to_snapshot": sdkaws.ToBool(c.CopyTagsToSnapshot),
				"backtrack_window": sdkaws.ToInt64(c.BacktrackWindow), "auto_minor_version_upgrade": sdkaws.ToBool(c.AutoMinorVersionUpgrade),
			}
			r.Emit(mamori.Resource{Type: "aws_rds_cluster", ID: attrs["arn"].(string), Name: id, Attributes: attrs})
		}
	}
}

// collectRDSEventSubscriptions emits one aws_db_event_subscription per RDS
// event notification subscription: which sources and event categories it
// sends to which SNS topic (docs/resources/rds.md). A failure is reported
// against the subscription type only.
func collectRDSEventSubscriptions(ctx context.Context, r *Run, cl *rds.Client) {
	p := rds.NewDescribeEventSubscriptionsPaginator(cl, &rds.DescribeEventSubscriptionsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.Fail("rds:DescribeEventSubscriptions", err, "aws_db_event_subscription")
			return
		}
		for _, s := range page.EventSubscriptionsList {
			ids, cats := []any{}, []any{}
			for _, id := range s.SourceIdsList {
				ids = append(ids, id)
			}
			for _, c := range s.EventCategoriesList {
				cats = append(cats, c)
			}
			name := sdkaws.ToString(s.CustSubscriptionId)
			attrs := map[string]any{
				"arn": sdkaws.ToString(s.EventSubscriptionArn), "name": name, "sns_topic": sdkaws.ToString(s.SnsTopicArn),
				"source_type": sdkaws.ToString(s.SourceType), "source_ids": ids, "event_categories": cats,
				"enabled": sdkaws.ToBool(s.Enabled), "status": sdkaws.ToString(s.Status),
			}
			r.Emit(mamori.Resource{Type: "aws_db_event_subscription", ID: attrs["arn"].(string), Name: name, Attributes: attrs})
		}
	}
}
