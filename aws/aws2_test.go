package aws

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori/awsemu"
)

// ElastiCache of the demo world, read through the real SDK client: a
// replication group takes its engine version and network placement from its
// member nodes; a cache cluster outside any group stands alone.
func TestElastiCache(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "elasticache")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	if n := len(got.byType("aws_elasticache_replication_group")); n != 2 {
		t.Errorf("%d replication groups, want 2", n)
	}
	if n := len(got.byType("aws_elasticache_cluster")); n != 1 {
		t.Errorf("%d standalone clusters, want 1 (group members are folded into their group)", n)
	}
	if d := cmp.Diff(map[string]any{
		"arn": "arn:aws:elasticache:ap-northeast-1:111122223333:replicationgroup:shop-sessions", "replication_group_id": "shop-sessions",
		"engine": "redis", "engine_version": "5.0.6", "engine_standard_support_end": "2026-01-31", "status": "available",
		"auth_token_enabled": false, "user_group_ids": []any{}, "transit_encryption_enabled": false, "transit_encryption_mode": "",
		"at_rest_encryption_enabled": false, "kms_key_id": "", "automatic_failover": "disabled", "multi_az": "disabled",
		"snapshot_retention_limit": 0, "cluster_mode": "", "member_count": 1, "auto_minor_version_upgrade": true, "log_types": []any{},
		"endpoint": "shop-sessions.x1y2z3.ng.0001.apne1.cache.amazonaws.com", "port": 6379,
		"cache_subnet_group": "prod-cache", "default_subnet_group": false, "security_group_ids": []any{"sg-0c4f1e2d3a5b6c703"},
		"vpc_id": "vpc-0b7e2d9c4a1f36e58", "subnet_ids": []any{"subnet-0e9f8a7b6c5d4e303", "subnet-0e9f8a7b6c5d4e304"},
	}, got.byName(t, "aws_elasticache_replication_group", "shop-sessions").Attributes); d != "" {
		t.Errorf("shop-sessions (-want +got):\n%s", d)
	}
	ok := got.byName(t, "aws_elasticache_replication_group", "api-ratelimit").Attributes
	if ok["engine_standard_support_end"] != nil || ok["transit_encryption_mode"] != "required" || len(ok["user_group_ids"].([]any)) != 1 {
		t.Errorf("api-ratelimit = %v", ok)
	}
	mc := got.byName(t, "aws_elasticache_cluster", "page-cache").Attributes
	if mc["engine"] != "memcached" || mc["default_subnet_group"] != true || mc["port"] != 11211 || mc["vpc_id"] != "vpc-0a11de4a5f1a2b3c4" {
		t.Errorf("page-cache = %v", mc)
	}
}

// Subnet groups that cannot be read leave the network attributes absent
// (not empty) and are reported; the rest is still collected.
func TestElastiCacheSubnetGroupsDenied(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"elasticache:DescribeCacheSubnetGroups"}}, "elasticache")
	if len(got.Errors) == 0 {
		t.Fatal("denial not reported")
	}
	for _, e := range got.Errors {
		if e.Action != "elasticache:DescribeCacheSubnetGroups" {
			t.Errorf("error names %s", e.Action)
		}
	}
	a := got.byName(t, "aws_elasticache_cluster", "page-cache").Attributes
	if _, ok := a["subnet_ids"]; ok {
		t.Error("subnet_ids set although the subnet groups could not be read")
	}
	if a["transit_encryption_enabled"] != false {
		t.Error("cluster not collected")
	}
}

func TestElastiCacheSupportEnd(t *testing.T) {
	for v, want := range map[string]any{"4.0.10": "2026-01-31", "5.0.6": "2026-01-31", "6.2.6": nil, "7.1": nil, "": nil, "x": nil} {
		if got := elasticacheSupportEnd("redis", v); got != want {
			t.Errorf("redis %q: %v, want %v", v, got, want)
		}
	}
	if got := elasticacheSupportEnd("valkey", "5.0"); got != nil {
		t.Errorf("valkey 5.0: %v", got)
	}
}
