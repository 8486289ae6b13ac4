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
		"at_rest_encryption_enabled": false, "kms_key_id": "", "automatic_failover": "disabled", "multi_az": "disabled", "network_type": "ipv4",
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
	for v, want := range map[string]any{"2.8.24": "2023-01-13", "3.2.10": "2023-07-31", "4.0.10": "2026-01-31", "5.0.6": "2026-01-31", "6.2.6": nil, "7.1": nil, "": nil, "x": nil} {
		if got := elasticacheSupportEnd("redis", v); got != want {
			t.Errorf("redis %q: %v, want %v", v, got, want)
		}
	}
	if got := elasticacheSupportEnd("valkey", "5.0"); got != nil {
		t.Errorf("valkey 5.0: %v", got)
	}
}

// OpenSearch of the demo world through the real SDK client: the public
// domain's access policy is read as public; the VPC domain carries its
// network placement for reachability.
func TestOpenSearch(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "opensearch")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	pub := got.byName(t, "aws_opensearch_domain", "shop-search").Attributes
	if d := cmp.Diff(map[string]any{
		"arn": "arn:aws:es:ap-northeast-1:111122223333:domain/shop-search", "domain_name": "shop-search", "domain_id": "111122223333/shop-search",
		"engine_version": "Elasticsearch_7.10", "in_vpc": false, "publicly_accessible": true, "vpc_id": "", "subnet_ids": []any{}, "security_group_ids": []any{},
		"endpoint": "search-shop-search-a1b2c3d4e5f6g7h8i9j0.ap-northeast-1.es.amazonaws.com", "port": 443,
		"policy_public": true, "policy_public_reasons": pub["policy_public_reasons"],
		"encryption_at_rest": false, "kms_key_id": "", "node_to_node_encryption": false, "enforce_https": false,
		"tls_policy": "Policy-Min-TLS-1-0-2019-07", "tls_1_2_required": false, "fine_grained_access_control": false,
		"internal_user_database": false, "anonymous_auth": false, "cognito_auth": false, "audit_logs_enabled": false, "error_logs_enabled": false,
		"ip_address_type": "ipv4", "instance_count": 1, "zone_awareness": false, "dedicated_master_count": 0, "software_update_available": true,
	}, pub); d != "" {
		t.Errorf("shop-search (-want +got):\n%s", d)
	}
	if len(pub["policy_public_reasons"].([]any)) == 0 {
		t.Error("no reason given for the public policy")
	}
	vpc := got.byName(t, "aws_opensearch_domain", "security-logs").Attributes
	for k, want := range map[string]any{"in_vpc": true, "vpc_id": "vpc-0b7e2d9c4a1f36e58", "policy_public": false, "tls_1_2_required": true,
		"fine_grained_access_control": true, "audit_logs_enabled": true, "dedicated_master_count": 3,
		"endpoint": "vpc-security-logs-k1l2m3n4o5p6q7r8s9t0.ap-northeast-1.es.amazonaws.com"} {
		if d := cmp.Diff(want, vpc[k]); d != "" {
			t.Errorf("security-logs %s: %s", k, d)
		}
	}
}

// A domain deleted between the list and the describe is left out; a denied
// describe is an ERROR naming the call, and the domain is not guessed at.
func TestOpenSearchGoneAndDenied(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{Gone: []string{"es:shop-search"}}, "opensearch")
	if len(got.Errors) != 0 || len(got.Resources) != 1 {
		t.Errorf("gone: %d resources, errors %v", len(got.Resources), got.Errors)
	}
	got = collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"es:DescribeDomain#shop-search"}}, "opensearch")
	if len(got.Errors) != 1 || got.Errors[0].Action != "es:DescribeDomain" || len(got.Resources) != 1 {
		t.Errorf("denied: %d resources, errors %v", len(got.Resources), got.Errors)
	}
}

// Redshift of the demo world through the real SDK client: require_ssl comes
// from each cluster's parameter group, audit logging from its logging status.
func TestRedshift(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "redshift")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	if d := cmp.Diff(map[string]any{
		"arn": "arn:aws:redshift:ap-northeast-1:111122223333:cluster:marketing-analytics", "cluster_identifier": "marketing-analytics",
		"status": "available", "node_type": "ra3.xlplus", "cluster_version": "1.0", "publicly_accessible": true, "encrypted": false, "kms_key_id": "",
		"vpc_id": "vpc-0a11de4a5f1a2b3c4", "cluster_subnet_group": "default", "security_group_ids": []any{"sg-0a11de4a5f1a2b3c4", "sg-0c4f1e2d3a5b6c706"},
		"subnet_ids":                   []any{"subnet-0d1a2b3c4d5e6f701", "subnet-0d1a2b3c4d5e6f702"},
		"automated_snapshot_retention": 1, "allow_version_upgrade": true, "enhanced_vpc_routing": false, "default_admin_username": true, "db_name": "dev",
		"endpoint": "marketing-analytics.c1a2b3c4d5e6.ap-northeast-1.redshift.amazonaws.com", "port": 5439, "ip_address_type": "dualstack",
		"audit_logging": false, "log_destination": "", "parameter_group": "default.redshift-1.0", "require_ssl": false,
	}, got.byName(t, "aws_redshift_cluster", "marketing-analytics").Attributes); d != "" {
		t.Errorf("marketing-analytics (-want +got):\n%s", d)
	}
	f := got.byName(t, "aws_redshift_cluster", "finance-dwh").Attributes
	if f["db_name"] != "finance" {
		t.Errorf("finance-dwh db_name = %v", f["db_name"])
	}
	if f["require_ssl"] != true || f["audit_logging"] != true || f["log_destination"] != "cloudwatch" {
		t.Errorf("finance-dwh = %v", f)
	}
}

// Denied parameters or logging status leave those attributes absent and are
// reported; the cluster is still emitted.
func TestRedshiftDenied(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"redshift:DescribeClusterParameters", "redshift:DescribeLoggingStatus#finance-dwh"}}, "redshift")
	actions := map[string]bool{}
	for _, e := range got.Errors {
		actions[e.Action] = true
	}
	if !actions["redshift:DescribeClusterParameters"] || !actions["redshift:DescribeLoggingStatus"] {
		t.Errorf("errors = %v", got.Errors)
	}
	f := got.byName(t, "aws_redshift_cluster", "finance-dwh").Attributes
	if _, ok := f["require_ssl"]; ok {
		t.Error("require_ssl set although the parameters could not be read")
	}
	if _, ok := f["audit_logging"]; ok {
		t.Error("audit_logging set although the logging status could not be read")
	}
	if got.byName(t, "aws_redshift_cluster", "marketing-analytics").Attributes["audit_logging"] != false {
		t.Error("marketing-analytics logging status not read")
	}
	// Subnet groups denied: no subnets (reachability is then unknown), reported.
	got = collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"redshift:DescribeClusterSubnetGroups"}}, "redshift")
	for _, e := range got.Errors {
		if e.Action != "redshift:DescribeClusterSubnetGroups" {
			t.Errorf("error = %v", e)
		}
	}
	if len(got.Errors) == 0 {
		t.Error("the denied subnet groups are not reported")
	}
	if _, ok := got.byName(t, "aws_redshift_cluster", "marketing-analytics").Attributes["subnet_ids"]; ok {
		t.Error("subnet_ids set although the subnet groups could not be read")
	}
}

func TestRDSSupportEnd(t *testing.T) {
	for _, c := range []struct {
		engine, version string
		want            any
	}{
		{"mysql", "8.0.35", "2026-07-31"}, {"mysql", "5.7.44", "2024-02-29"}, {"mysql", "5.6.51", "2024-02-29"},
		{"mysql", "8.4.3", nil}, {"postgres", "12.19", "2025-02-28"}, {"postgres", "16.3", nil}, {"postgres", "10.21", "2024-02-29"},
		{"aurora-mysql", "5.7.mysql_aurora.2.11.2", "2024-10-31"}, {"aurora-mysql", "8.0.mysql_aurora.3.05.2", nil},
		{"aurora-postgresql", "13.12", "2026-02-28"}, {"mariadb", "10.4.8", nil}, {"mysql", "", nil}, {"mysql", "8", nil},
	} {
		if got := rdsSupportEnd(c.engine, c.version); got != c.want {
			t.Errorf("%s %s: %v, want %v", c.engine, c.version, got, c.want)
		}
	}
}

// Manual RDS snapshots of the demo world: who may restore them is read from
// the "restore" attribute; "all" is public, account ids are shares.
func TestRDSSnapshots(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "rds")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	if d := cmp.Diff(map[string]any{
		"arn": "arn:aws:rds:ap-northeast-1:111122223333:snapshot:shop-db-for-agency-2023", "snapshot_id": "shop-db-for-agency-2023",
		"db_instance_identifier": "shop-db", "engine": "mysql", "engine_version": "8.0.32", "encrypted": false, "kms_key_id": "",
		"snapshot_type": "manual", "create_time": "2023-06-12T09:30:00Z", "public": true, "shared_with_accounts": []any{},
	}, got.byName(t, "aws_db_snapshot", "shop-db-for-agency-2023").Attributes); d != "" {
		t.Errorf("shop snapshot (-want +got):\n%s", d)
	}
	hr := got.byName(t, "aws_db_snapshot", "hr-db-before-pg15").Attributes
	if hr["public"] != false || cmp.Diff([]any{"444455556666"}, hr["shared_with_accounts"]) != "" {
		t.Errorf("hr snapshot = %v", hr)
	}
}

// A denied attribute read is an ERROR for snapshots only, and leaves
// "public" absent rather than false.
func TestRDSSnapshotAttributesDenied(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"rds:DescribeDBSnapshotAttributes#shop-db-for-agency-2023"}}, "rds")
	if len(got.Errors) != 1 || got.Errors[0].Action != "rds:DescribeDBSnapshotAttributes" || cmp.Diff([]string{"aws_db_snapshot"}, got.Errors[0].Types) != "" {
		t.Fatalf("errors = %v", got.Errors)
	}
	if _, ok := got.byName(t, "aws_db_snapshot", "shop-db-for-agency-2023").Attributes["public"]; ok {
		t.Error("public set although the attributes could not be read")
	}
	got = collect(t, awsemu.Demo(), awsemu.Faults{Gone: []string{"rds:hr-db-before-pg15"}}, "rds")
	if len(got.byType("aws_db_snapshot")) != 1 || len(got.Errors) != 0 {
		t.Errorf("gone: %d snapshots, errors %v", len(got.byType("aws_db_snapshot")), got.Errors)
	}
}

// The demo's Aurora cluster, with its member instance.
func TestRDSClusters(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "rds")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	c := got.byName(t, "aws_rds_cluster", "member-portal").Attributes
	for k, want := range map[string]any{"engine": "aurora-mysql", "storage_encrypted": true, "deletion_protection": false,
		"iam_database_authentication_enabled": false, "engine_standard_support_end": nil, "port": int64(3306),
		"members": []any{"member-portal-1"}, "cloudwatch_logs_exports": []any{"audit", "error", "slowquery"},
		"vpc_security_group_ids": []any{"sg-0c4f1e2d3a5b6c703"}, "db_subnet_group": "prod-db",
		"master_username": "admin", "copy_tags_to_snapshot": false, "backtrack_window": int64(0), "auto_minor_version_upgrade": true} {
		if d := cmp.Diff(want, c[k]); d != "" {
			t.Errorf("%s: %s", k, d)
		}
	}
	got = collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"rds:DescribeDBClusters"}}, "rds")
	if len(got.byType("aws_db_instance")) == 0 || len(got.Errors) == 0 || cmp.Diff([]string{"aws_rds_cluster"}, got.Errors[0].Types) != "" {
		t.Errorf("denied clusters: %d instances, errors %v", len(got.byType("aws_db_instance")), got.Errors)
	}
}

// The demo's RDS event subscriptions and the instance settings the FSBP
// RDS controls read (monitoring, log exports, admin name, port).
func TestRDSEventSubscriptionsAndSettings(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "rds")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	s := got.byName(t, "aws_db_event_subscription", "db-failures").Attributes
	for k, want := range map[string]any{"source_type": "db-instance", "event_categories": []any{"failure"}, "enabled": true,
		"sns_topic": "arn:aws:sns:ap-northeast-1:111122223333:ops-alerts", "source_ids": []any{}} {
		if d := cmp.Diff(want, s[k]); d != "" {
			t.Errorf("subscription %s: %s", k, d)
		}
	}
	shop := got.byName(t, "aws_db_instance", "shop-db").Attributes
	hr := got.byName(t, "aws_db_instance", "hr-db").Attributes
	for _, c := range []struct {
		a    map[string]any
		k    string
		want any
	}{
		{shop, "monitoring_interval", int64(0)}, {hr, "monitoring_interval", int64(60)},
		{shop, "cloudwatch_logs_exports", []any{}}, {hr, "cloudwatch_logs_exports", []any{"postgresql", "upgrade"}},
		{shop, "master_username", "admin"}, {hr, "master_username", "hr_owner"},
		{shop, "copy_tags_to_snapshot", true}, {hr, "port", int64(15432)},
	} {
		if d := cmp.Diff(c.want, c.a[c.k]); d != "" {
			t.Errorf("%s: %s", c.k, d)
		}
	}
	got = collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"rds:DescribeEventSubscriptions@ap-northeast-1"}}, "rds")
	if len(got.byType("aws_db_instance")) == 0 || len(got.Errors) != 1 || cmp.Diff([]string{"aws_db_event_subscription"}, got.Errors[0].Types) != "" {
		t.Errorf("denied subscriptions: %d instances, errors %v", len(got.byType("aws_db_instance")), got.Errors)
	}
}

// EBS snapshots, AMIs and launch templates of the demo world.
func TestEC2Sharing(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "ec2")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	if d := cmp.Diff(map[string]any{"snapshot_id": "snap-0a9b8c7d6e5f40701", "volume_id": "vol-0f1e2d3c4b5a69701", "encrypted": false,
		"kms_key_id": "", "volume_size": 30, "start_time": "2022-11-02T03:00:00Z", "public": true, "shared_with_accounts": []any{}},
		got.byName(t, "aws_ebs_snapshot", "snap-0a9b8c7d6e5f40701").Attributes); d != "" {
		t.Errorf("public snapshot (-want +got):\n%s", d)
	}
	if s := got.byName(t, "aws_ebs_snapshot", "snap-0a9b8c7d6e5f40702").Attributes; s["public"] != false || cmp.Diff([]any{"444455556666"}, s["shared_with_accounts"]) != "" {
		t.Errorf("shared snapshot = %v", s)
	}
	if a := got.byName(t, "aws_ami", "web-golden-2022-11").Attributes; a["public"] != true || a["encrypted"] != false {
		t.Errorf("web AMI = %v", a)
	}
	if a := got.byName(t, "aws_ami", "bastion-2024-04").Attributes; a["public"] != false || a["encrypted"] != true {
		t.Errorf("bastion AMI = %v", a)
	}
	if d := cmp.Diff(map[string]any{"launch_template_id": "lt-0a1b2c3d4e5f60701", "name": "web-asg", "default_version": int64(3), "latest_version": int64(3),
		"http_tokens": "optional", "associate_public_ip": true}, got.byName(t, "aws_launch_template", "web-asg").Attributes); d != "" {
		t.Errorf("web-asg (-want +got):\n%s", d)
	}
	if a := got.byName(t, "aws_launch_template", "batch-workers").Attributes; a["http_tokens"] != "required" || a["associate_public_ip"] != false {
		t.Errorf("batch-workers = %v", a)
	}
}

// A denied snapshot attribute read is an ERROR for snapshots only and
// leaves "public" absent.
func TestEC2SnapshotAttributeDenied(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"ec2:DescribeSnapshotAttribute#snap-0a9b8c7d6e5f40701"}}, "ec2")
	if len(got.Errors) != 1 || got.Errors[0].Action != "ec2:DescribeSnapshotAttribute" || cmp.Diff([]string{"aws_ebs_snapshot"}, got.Errors[0].Types) != "" {
		t.Fatalf("errors = %v", got.Errors)
	}
	if _, ok := got.byName(t, "aws_ebs_snapshot", "snap-0a9b8c7d6e5f40701").Attributes["public"]; ok {
		t.Error("public set although the attribute could not be read")
	}
}

// The demo's order topic logs SQS delivery status; the security alerts
// topic logs nothing.
func TestSNSDeliveryStatusLogging(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "sns")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	for name, want := range map[string][]any{"order-events": {"sqs"}, "security-alerts": {}} {
		if d := cmp.Diff(want, got.byName(t, "aws_sns_topic", name).Attributes["delivery_status_logging"]); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
	}
}

// The demo's worker repository expires old images; the web repository
// keeps every image; a denied lifecycle read is an ERROR and leaves the
// attribute out.
func TestECRLifecyclePolicy(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "ecr")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	for name, want := range map[string]bool{"thumbnail-worker": true, "shop-web": false} {
		if v := got.byName(t, "aws_ecr_repository", name).Attributes["lifecycle_policy"]; v != want {
			t.Errorf("%s lifecycle_policy = %v, want %v", name, v, want)
		}
	}
	got = collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"ecr:GetLifecyclePolicy"}}, "ecr")
	if len(got.Errors) == 0 || got.Errors[0].Action != "ecr:GetLifecyclePolicy" {
		t.Fatalf("errors = %v", got.Errors)
	}
	if _, ok := got.byName(t, "aws_ecr_repository", "shop-web").Attributes["lifecycle_policy"]; ok {
		t.Error("lifecycle_policy set although it could not be read")
	}
}

// The demo's two EFS access points: one locked to a directory and a user,
// one on the whole file system as any user; a denied read is an ERROR for
// access points only.
func TestEFSAccessPoints(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "efs")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	web := got.byName(t, "aws_efs_access_point", "web-uploads").Attributes
	if web["root_directory"] != "/uploads" || web["posix_user_uid"] != int64(1000) || web["file_system_id"] != "fs-09f8e7d6c5b4a3921" {
		t.Errorf("web-uploads = %v", web)
	}
	batch := got.byName(t, "aws_efs_access_point", "batch-all").Attributes
	if batch["root_directory"] != "/" || batch["posix_user_uid"] != nil {
		t.Errorf("batch-all = %v", batch)
	}
	got = collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"elasticfilesystem:DescribeAccessPoints@ap-northeast-1"}}, "efs")
	if len(got.byType("aws_efs_file_system")) == 0 || len(got.Errors) != 1 || cmp.Diff([]string{"aws_efs_access_point"}, got.Errors[0].Types) != "" {
		t.Errorf("denied: %d file systems, errors %v", len(got.byType("aws_efs_file_system")), got.Errors)
	}
}

// The demo's ECS services through ListServices and DescribeServices.
func TestECSServices(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "ecs")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	web := got.byName(t, "aws_ecs_service", "shop-web").Attributes
	if web["assign_public_ip"] != false || web["platform_version"] != "1.3.0" || web["launch_type"] != "FARGATE" {
		t.Errorf("shop-web = %v", web)
	}
	if w := got.byName(t, "aws_ecs_service", "thumbnail-worker").Attributes; w["assign_public_ip"] != false || w["platform_version"] != "LATEST" {
		t.Errorf("thumbnail-worker = %v", w)
	}
	if b := got.byName(t, "aws_ecs_service", "backoffice").Attributes; b["assign_public_ip"] != true || b["platform_version"] != "LATEST" {
		t.Errorf("backoffice = %v", b)
	}
	got = collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"ecs:ListServices"}}, "ecs")
	if len(got.byType("aws_ecs_cluster")) == 0 || len(got.Errors) == 0 || cmp.Diff([]string{"aws_ecs_service"}, got.Errors[0].Types) != "" {
		t.Errorf("denied: errors %v", got.Errors)
	}
}
