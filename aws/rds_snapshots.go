package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/mamori-sec/mamori"
)

// collectRDSSnapshots emits one aws_db_snapshot per manual DB snapshot with
// who may restore it (docs/resources/rds.md). Automated snapshots cannot be
// shared, so they are not read. A failure here is reported against the
// snapshot type only: the instances already emitted stay trustworthy.
func collectRDSSnapshots(ctx context.Context, r *Run, cl *rds.Client) {
	p := rds.NewDescribeDBSnapshotsPaginator(cl, &rds.DescribeDBSnapshotsInput{SnapshotType: sdkaws.String("manual")})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.Fail("rds:DescribeDBSnapshots", err, "aws_db_snapshot")
			return
		}
		for _, s := range page.DBSnapshots {
			id := sdkaws.ToString(s.DBSnapshotIdentifier)
			attrs := map[string]any{
				"arn": sdkaws.ToString(s.DBSnapshotArn), "snapshot_id": id, "db_instance_identifier": sdkaws.ToString(s.DBInstanceIdentifier),
				"engine": sdkaws.ToString(s.Engine), "engine_version": sdkaws.ToString(s.EngineVersion),
				"encrypted": sdkaws.ToBool(s.Encrypted), "kms_key_id": sdkaws.ToString(s.KmsKeyId),
				"snapshot_type": sdkaws.ToString(s.SnapshotType), "create_time": timeOrNil(s.SnapshotCreateTime),
			}
			a, err := cl.DescribeDBSnapshotAttributes(ctx, &rds.DescribeDBSnapshotAttributesInput{DBSnapshotIdentifier: s.DBSnapshotIdentifier})
			switch {
			case err == nil:
				public, shared := false, []any{}
				if res := a.DBSnapshotAttributesResult; res != nil {
					for _, at := range res.DBSnapshotAttributes {
						if sdkaws.ToString(at.AttributeName) != "restore" {
							continue
						}
						for _, v := range at.AttributeValues {
							if v == "all" {
								public = true
							} else {
								shared = append(shared, v)
							}
						}
					}
				}
				attrs["public"], attrs["shared_with_accounts"] = public, shared
			case isCode(err, "DBSnapshotNotFound"):
				continue // deleted since it was listed
			default:
				r.Fail("rds:DescribeDBSnapshotAttributes", err, "aws_db_snapshot")
			}
			r.Emit(mamori.Resource{Type: "aws_db_snapshot", ID: attrs["arn"].(string), Name: id, Attributes: attrs})
		}
	}
}
