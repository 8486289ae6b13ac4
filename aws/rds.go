package aws

import (
	"context"
	"fmt"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/mamori-sec/mamori"
)

var rdsService = &Service{
	Name:    "rds",
	Types:   []string{"aws_db_instance", "aws_db_snapshot", "aws_rds_cluster", "aws_db_event_subscription"},
	Actions: []string{"rds:DescribeDBInstances", "rds:DescribeDBSnapshots", "rds:DescribeDBSnapshotAttributes", "rds:DescribeDBClusters", "rds:DescribeEventSubscriptions"},
	Collect: collectRDS,
}

// collectRDS emits one aws_db_instance per DB instance (see
// docs/resources/rds.md). DescribeDBInstances carries everything, tags
// included, so it is the only call for instances; manual snapshots follow
// (rds_snapshots.go).
func collectRDS(ctx context.Context, r *Run) error {
	cl := rds.NewFromConfig(r.Config)
	p := rds.NewDescribeDBInstancesPaginator(cl, &rds.DescribeDBInstancesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, db := range page.DBInstances {
			sgs := []any{}
			var rels []mamori.Relation
			for _, g := range db.VpcSecurityGroups {
				id := sdkaws.ToString(g.VpcSecurityGroupId)
				sgs = append(sgs, id)
				rels = append(rels, mamori.Relation{Kind: "member_of", Type: "aws_security_group", ID: r.ARN("ec2", r.Region, "security-group/"+id)})
			}
			// Where it can be placed, for the exposure analyzer.
			subnets := []any{}
			var vpc, port any
			if g := db.DBSubnetGroup; g != nil {
				for _, s := range g.Subnets {
					subnets = append(subnets, sdkaws.ToString(s.SubnetIdentifier))
				}
				if g.VpcId != nil {
					vpc = *g.VpcId
				}
			}
			if db.Endpoint != nil && db.Endpoint.Port != nil {
				port = int64(*db.Endpoint.Port)
			}
			if db.DBSubnetGroup != nil && db.DBSubnetGroup.VpcId != nil {
				rels = append(rels, mamori.Relation{Kind: "in_vpc", Type: "aws_vpc", ID: r.ARN("ec2", r.Region, "vpc/"+*db.DBSubnetGroup.VpcId)})
			}
			var kmsKey, endpoint, cluster, source any
			if db.KmsKeyId != nil {
				kmsKey = *db.KmsKeyId
				rels = append(rels, mamori.Relation{Kind: "uses_key", Type: "aws_kms_key", ID: *db.KmsKeyId})
			}
			if db.Endpoint != nil && db.Endpoint.Address != nil {
				endpoint = fmt.Sprintf("%s:%d", *db.Endpoint.Address, sdkaws.ToInt32(db.Endpoint.Port))
			}
			if db.DBClusterIdentifier != nil {
				cluster = *db.DBClusterIdentifier
			}
			if db.ReadReplicaSourceDBInstanceIdentifier != nil {
				source = *db.ReadReplicaSourceDBInstanceIdentifier
			}
			logs := []any{}
			for _, l := range db.EnabledCloudwatchLogsExports {
				logs = append(logs, l)
			}
			tags := map[string]string{}
			for _, t := range db.TagList {
				tags[sdkaws.ToString(t.Key)] = sdkaws.ToString(t.Value)
			}
			id := sdkaws.ToString(db.DBInstanceIdentifier)
			r.Emit(mamori.Resource{
				Type: "aws_db_instance", ID: sdkaws.ToString(db.DBInstanceArn), Name: id, Tags: tags, Relations: rels,
				Attributes: map[string]any{
					"arn":                                 sdkaws.ToString(db.DBInstanceArn),
					"db_instance_identifier":              id,
					"db_cluster_identifier":               cluster,
					"replicate_source_db":                 source,
					"status":                              sdkaws.ToString(db.DBInstanceStatus),
					"engine":                              sdkaws.ToString(db.Engine),
					"engine_version":                      sdkaws.ToString(db.EngineVersion),
					"instance_class":                      sdkaws.ToString(db.DBInstanceClass),
					"publicly_accessible":                 sdkaws.ToBool(db.PubliclyAccessible),
					"network_type":                        sdkaws.ToString(db.NetworkType),
					"storage_encrypted":                   sdkaws.ToBool(db.StorageEncrypted),
					"kms_key_id":                          kmsKey,
					"backup_retention_period":             int64(sdkaws.ToInt32(db.BackupRetentionPeriod)),
					"deletion_protection":                 sdkaws.ToBool(db.DeletionProtection),
					"multi_az":                            sdkaws.ToBool(db.MultiAZ),
					"auto_minor_version_upgrade":          sdkaws.ToBool(db.AutoMinorVersionUpgrade),
					"iam_database_authentication_enabled": sdkaws.ToBool(db.IAMDatabaseAuthenticationEnabled),
					"endpoint":                            endpoint,
					"vpc_security_group_ids":              sgs,
					"subnet_ids":                          subnets,
					"vpc_id":                              vpc,
					"port":                                port,
					"ca_certificate_identifier":           sdkaws.ToString(db.CACertificateIdentifier),
					"engine_standard_support_end":         rdsSupportEnd(sdkaws.ToString(db.Engine), sdkaws.ToString(db.EngineVersion)),
					"monitoring_interval":                 int64(sdkaws.ToInt32(db.MonitoringInterval)),
					"cloudwatch_logs_exports":             logs,
					"copy_tags_to_snapshot":               sdkaws.ToBool(db.CopyTagsToSnapshot),
					"master_username":                     sdkaws.ToString(db.MasterUsername),
				},
			})
		}
	}
	collectRDSSnapshots(ctx, r, cl)
	collectRDSClusters(ctx, r, cl)
	collectRDSEventSubscriptions(ctx, r, cl)
	return nil
}
