package aws

import (
	"context"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"

	"github.com/mamori-sec/mamori"
)

// elasticacheServerless emits one aws_elasticache_serverless_cache per
// serverless cache: engine, the key it is encrypted with, daily snapshots,
// the user group that authenticates its clients and its network placement
// (docs/resources/elasticache.md). A failure leaves the other ElastiCache
// resources standing and is reported against this type only.
func elasticacheServerless(ctx context.Context, r *Run, cl *elasticache.Client) {
	p := elasticache.NewDescribeServerlessCachesPaginator(cl, &elasticache.DescribeServerlessCachesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.Fail("elasticache:DescribeServerlessCaches", err, "aws_elasticache_serverless_cache")
			return
		}
		for _, c := range page.ServerlessCaches {
			name, arn := sdkaws.ToString(c.ServerlessCacheName), sdkaws.ToString(c.ARN)
			engine := strings.ToLower(sdkaws.ToString(c.Engine))
			attrs := map[string]any{
				"arn": arn, "name": name, "engine": engine, "major_engine_version": sdkaws.ToString(c.MajorEngineVersion),
				"status": sdkaws.ToString(c.Status), "kms_key_id": sdkaws.ToString(c.KmsKeyId),
				"customer_managed_key":     sdkaws.ToString(c.KmsKeyId) != "",
				"snapshot_retention_limit": int(sdkaws.ToInt32(c.SnapshotRetentionLimit)),
				"user_group_id":            sdkaws.ToString(c.UserGroupId), "security_group_ids": anyList(c.SecurityGroupIds),
				"subnet_ids": anyList(c.SubnetIds),
			}
			if c.Endpoint != nil {
				attrs["endpoint"] = sdkaws.ToString(c.Endpoint.Address)
				attrs["port"] = int(sdkaws.ToInt32(c.Endpoint.Port))
			}
			r.Emit(mamori.Resource{Type: "aws_elasticache_serverless_cache", ID: arn, Name: name, Attributes: attrs})
		}
	}
}
