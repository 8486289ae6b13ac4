package aws

import (
	"context"
	"strconv"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"

	"github.com/mamori-sec/mamori"
)

var elasticacheService = &Service{
	Name:  "elasticache",
	Types: []string{"aws_elasticache_replication_group", "aws_elasticache_cluster", "aws_elasticache_serverless_cache"},
	Actions: []string{"elasticache:DescribeReplicationGroups", "elasticache:DescribeCacheClusters",
		"elasticache:DescribeCacheSubnetGroups", "elasticache:DescribeServerlessCaches"},
	Collect: collectElastiCache,
}

// elasticacheSupportEnds gives, per engine and major version, the day
// ElastiCache's standard support ended (or ends). Redis OSS 2 reached end of
// life on 2023-01-13 and Redis OSS 3 on 2023-07-31 (ElastiCache "Redis OSS
// versions end of life schedule",
// https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/deprecated-engine-versions.html);
// Redis OSS 4 and 5 left standard support on 2026-01-31 (Extended Support
// since). Versions not listed have no announced end.
var elasticacheSupportEnds = map[string]map[int]string{
	"redis": {2: "2023-01-13", 3: "2023-07-31", 4: "2026-01-31", 5: "2026-01-31"},
}

// elasticacheSupportEnd returns the end of standard support of an engine
// version, or nil when none is announced.
func elasticacheSupportEnd(engine, version string) any {
	major, err := strconv.Atoi(strings.SplitN(version, ".", 2)[0])
	if err != nil {
		return nil
	}
	if d, ok := elasticacheSupportEnds[strings.ToLower(engine)][major]; ok {
		return d
	}
	return nil
}

// collectElastiCache emits one aws_elasticache_replication_group per
// replication group (Redis OSS / Valkey, its nodes folded in) and one
// aws_elasticache_cluster per cache cluster outside any replication group
// (Memcached, single-node Redis) (docs/resources/elasticache.md). The
// network facts a reachability analysis needs (VPC, subnets, security
// groups, endpoint and port) are attributes of both.
func collectElastiCache(ctx context.Context, r *Run) error {
	cl := elasticache.NewFromConfig(r.Config)

	// Subnet groups: name -> VPC and subnets. When they cannot be read the
	// network attributes stay absent and the failure is reported.
	subnets := map[string]types.CacheSubnetGroup{}
	subnetsRead := true
	sp := elasticache.NewDescribeCacheSubnetGroupsPaginator(cl, &elasticache.DescribeCacheSubnetGroupsInput{})
	for sp.HasMorePages() {
		page, err := sp.NextPage(ctx)
		if err != nil {
			r.Fail("elasticache:DescribeCacheSubnetGroups", err)
			subnetsRead = false
			break
		}
		for _, g := range page.CacheSubnetGroups {
			subnets[sdkaws.ToString(g.CacheSubnetGroupName)] = g
		}
	}
	network := func(attrs map[string]any, group string, sgs []types.SecurityGroupMembership) {
		attrs["cache_subnet_group"] = group
		attrs["default_subnet_group"] = group == "" || group == "default"
		ids := []any{}
		for _, g := range sgs {
			ids = append(ids, sdkaws.ToString(g.SecurityGroupId))
		}
		attrs["security_group_ids"] = ids
		if !subnetsRead {
			return
		}
		g := subnets[group]
		ids = []any{}
		for _, s := range g.Subnets {
			ids = append(ids, sdkaws.ToString(s.SubnetIdentifier))
		}
		attrs["vpc_id"] = sdkaws.ToString(g.VpcId)
		attrs["subnet_ids"] = ids
	}

	// Cache clusters: every node of every engine. Members of a replication
	// group lend it their engine version and network placement.
	byGroup := map[string][]types.CacheCluster{}
	var standalone []types.CacheCluster
	cp := elasticache.NewDescribeCacheClustersPaginator(cl, &elasticache.DescribeCacheClustersInput{ShowCacheNodeInfo: sdkaws.Bool(true)})
	for cp.HasMorePages() {
		page, err := cp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, c := range page.CacheClusters {
			if g := sdkaws.ToString(c.ReplicationGroupId); g != "" {
				byGroup[g] = append(byGroup[g], c)
				continue
			}
			standalone = append(standalone, c)
		}
	}

	rp := elasticache.NewDescribeReplicationGroupsPaginator(cl, &elasticache.DescribeReplicationGroupsInput{})
	for rp.HasMorePages() {
		page, err := rp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range page.ReplicationGroups {
			r.Emit(replicationGroup(g, byGroup[sdkaws.ToString(g.ReplicationGroupId)], network))
		}
	}
	for _, c := range standalone {
		r.Emit(cacheCluster(c, network))
	}
	elasticacheServerless(ctx, r, cl)
	return nil
}

func replicationGroup(g types.ReplicationGroup, members []types.CacheCluster, network func(map[string]any, string, []types.SecurityGroupMembership)) mamori.Resource {
	id := sdkaws.ToString(g.ReplicationGroupId)
	engine := strings.ToLower(sdkaws.ToString(g.Engine))
	if engine == "" {
		engine = "redis"
	}
	userGroups := []any{}
	for _, u := range g.UserGroupIds {
		userGroups = append(userGroups, u)
	}
	logs := []any{}
	for _, l := range g.LogDeliveryConfigurations {
		if l.Status == types.LogDeliveryConfigurationStatusActive || l.Status == types.LogDeliveryConfigurationStatusEnabling {
			logs = append(logs, string(l.LogType))
		}
	}
	attrs := map[string]any{
		"arn": sdkaws.ToString(g.ARN), "replication_group_id": id, "engine": engine, "status": sdkaws.ToString(g.Status),
		"auth_token_enabled": sdkaws.ToBool(g.AuthTokenEnabled), "user_group_ids": userGroups,
		"transit_encryption_enabled": sdkaws.ToBool(g.TransitEncryptionEnabled), "transit_encryption_mode": string(g.TransitEncryptionMode),
		"at_rest_encryption_enabled": sdkaws.ToBool(g.AtRestEncryptionEnabled), "kms_key_id": sdkaws.ToString(g.KmsKeyId),
		"automatic_failover": string(g.AutomaticFailover), "multi_az": string(g.MultiAZ),
		"snapshot_retention_limit": int(sdkaws.ToInt32(g.SnapshotRetentionLimit)),
		"cluster_mode":             string(g.ClusterMode), "member_count": len(g.MemberClusters),
		"network_type":               string(g.NetworkType),
		"auto_minor_version_upgrade": sdkaws.ToBool(g.AutoMinorVersionUpgrade), "log_types": logs,
	}
	// The endpoint clients connect to: the configuration endpoint in
	// cluster mode, else the primary endpoint of the (single) node group.
	var ep *types.Endpoint
	if g.ConfigurationEndpoint != nil {
		ep = g.ConfigurationEndpoint
	} else if len(g.NodeGroups) > 0 {
		ep = g.NodeGroups[0].PrimaryEndpoint
	}
	endpoint(attrs, ep)
	if len(members) > 0 {
		m := members[0]
		attrs["engine_version"] = sdkaws.ToString(m.EngineVersion)
		attrs["engine_standard_support_end"] = elasticacheSupportEnd(engine, sdkaws.ToString(m.EngineVersion))
		network(attrs, sdkaws.ToString(m.CacheSubnetGroupName), m.SecurityGroups)
	}
	return mamori.Resource{Type: "aws_elasticache_replication_group", ID: attrs["arn"].(string), Name: id, Attributes: attrs}
}

func cacheCluster(c types.CacheCluster, network func(map[string]any, string, []types.SecurityGroupMembership)) mamori.Resource {
	id := sdkaws.ToString(c.CacheClusterId)
	engine := strings.ToLower(sdkaws.ToString(c.Engine))
	attrs := map[string]any{
		"arn": sdkaws.ToString(c.ARN), "cache_cluster_id": id, "engine": engine, "engine_version": sdkaws.ToString(c.EngineVersion),
		"engine_standard_support_end": elasticacheSupportEnd(engine, sdkaws.ToString(c.EngineVersion)),
		"status":                      sdkaws.ToString(c.CacheClusterStatus), "node_type": sdkaws.ToString(c.CacheNodeType), "node_count": int(sdkaws.ToInt32(c.NumCacheNodes)),
		"auth_token_enabled":         sdkaws.ToBool(c.AuthTokenEnabled),
		"transit_encryption_enabled": sdkaws.ToBool(c.TransitEncryptionEnabled), "transit_encryption_mode": string(c.TransitEncryptionMode),
		"at_rest_encryption_enabled": sdkaws.ToBool(c.AtRestEncryptionEnabled),
		"snapshot_retention_limit":   int(sdkaws.ToInt32(c.SnapshotRetentionLimit)),
		"auto_minor_version_upgrade": sdkaws.ToBool(c.AutoMinorVersionUpgrade),
		"network_type":               string(c.NetworkType),
	}
	ep := c.ConfigurationEndpoint // Memcached's discovery endpoint
	if ep == nil && len(c.CacheNodes) > 0 {
		ep = c.CacheNodes[0].Endpoint
	}
	endpoint(attrs, ep)
	network(attrs, sdkaws.ToString(c.CacheSubnetGroupName), c.SecurityGroups)
	return mamori.Resource{Type: "aws_elasticache_cluster", ID: attrs["arn"].(string), Name: id, Attributes: attrs}
}

// endpoint records where clients connect, for reachability: "endpoint"
// (host name) and "port"; absent when the service did not say.
func endpoint(attrs map[string]any, ep *types.Endpoint) {
	if ep == nil || ep.Address == nil {
		return
	}
	attrs["endpoint"] = sdkaws.ToString(ep.Address)
	attrs["port"] = int(sdkaws.ToInt32(ep.Port))
}
