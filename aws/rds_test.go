package aws

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/awsemu"
)

const rdsWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, us-east-1]
    per_region:
      ap-northeast-1:
        rds:
          instances:
            - id: shop-db
              engine: mysql
              engine_version: "8.0.35"
              class: db.t3.medium
              public: true
              backup_retention: 1
              vpc: vpc-1
              subnets: [subnet-a, subnet-b]
              security_groups: [sg-1, sg-2]
              tags: {env: prod}
            - id: hr-db
              engine: postgres
              encrypted: true
              kms_key_id: arn:aws:kms:ap-northeast-1:123456789012:key/k1
              backup_retention: 7
              deletion_protection: true
              multi_az: true
              auto_minor_version_upgrade: false
              iam_auth: true
              status: creating
              vpc: vpc-1
              ca: rds-ca-ecc384-g1
            - {id: aurora-1, engine: aurora-mysql, cluster: shop-cluster, encrypted: true, backup_retention: 7}
      us-east-1:
        rds:
          instances:
            - {id: legacy-db, engine: mariadb}
            - {id: legacy-db-replica, engine: mariadb, replica_of: legacy-db}
`

func TestRDS(t *testing.T) {
	got := collect(t, world(t, rdsWorld), awsemu.Faults{}, "rds")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	if n := len(got.byType("aws_db_instance")); n != 5 {
		t.Fatalf("got %d instances, want 5", n)
	}
	shop := got.byName(t, "aws_db_instance", "shop-db")
	want := map[string]any{
		"arn":                                 "arn:aws:rds:ap-northeast-1:123456789012:db:shop-db",
		"db_instance_identifier":              "shop-db",
		"db_cluster_identifier":               nil,
		"replicate_source_db":                 nil,
		"status":                              "available",
		"engine":                              "mysql",
		"engine_version":                      "8.0.35",
		"engine_standard_support_end":         "2026-07-31",
		"instance_class":                      "db.t3.medium",
		"publicly_accessible":                 true,
		"storage_encrypted":                   false,
		"kms_key_id":                          nil,
		"backup_retention_period":             int64(1),
		"deletion_protection":                 false,
		"multi_az":                            false,
		"network_type":                        "IPV4",
		"auto_minor_version_upgrade":          true,
		"iam_database_authentication_enabled": false,
		"vpc_security_group_ids":              []any{"sg-1", "sg-2"},
		"subnet_ids":                          []any{"subnet-a", "subnet-b"},
		"vpc_id":                              "vpc-1",
		"port":                                int64(3306),
		"ca_certificate_identifier":           "rds-ca-rsa2048-g1",
		"monitoring_interval":                 int64(0),
		"cloudwatch_logs_exports":             []any{},
		"copy_tags_to_snapshot":               true,
		"master_username":                     "admin",
	}
	ep, _ := shop.Attributes["endpoint"].(string)
	if !strings.HasPrefix(ep, "shop-db.") || !strings.HasSuffix(ep, ".ap-northeast-1.rds.amazonaws.com:3306") {
		t.Errorf("endpoint = %q", shop.Attributes["endpoint"])
	}
	delete(shop.Attributes, "endpoint")
	if d := cmp.Diff(want, shop.Attributes); d != "" {
		t.Errorf("shop-db attributes (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]string{"env": "prod"}, shop.Tags); d != "" {
		t.Errorf("shop-db tags (-want +got):\n%s", d)
	}
	wantRels := []mamori.Relation{
		{Kind: "member_of", Type: "aws_security_group", ID: "arn:aws:ec2:ap-northeast-1:123456789012:security-group/sg-1"},
		{Kind: "member_of", Type: "aws_security_group", ID: "arn:aws:ec2:ap-northeast-1:123456789012:security-group/sg-2"},
		{Kind: "in_vpc", Type: "aws_vpc", ID: "arn:aws:ec2:ap-northeast-1:123456789012:vpc/vpc-1"},
	}
	if d := cmp.Diff(wantRels, shop.Relations); d != "" {
		t.Errorf("shop-db relations (-want +got):\n%s", d)
	}
	if shop.ID != "arn:aws:rds:ap-northeast-1:123456789012:db:shop-db" || shop.Region != "ap-northeast-1" {
		t.Errorf("shop-db id %s region %s", shop.ID, shop.Region)
	}

	hr := got.byName(t, "aws_db_instance", "hr-db").Attributes
	for k, v := range map[string]any{
		"storage_encrypted": true, "kms_key_id": "arn:aws:kms:ap-northeast-1:123456789012:key/k1",
		"backup_retention_period": int64(7), "deletion_protection": true, "multi_az": true,
		"auto_minor_version_upgrade": false, "iam_database_authentication_enabled": true,
		"endpoint": nil, "status": "creating", "engine": "postgres", "vpc_security_group_ids": []any{},
		"ca_certificate_identifier": "rds-ca-ecc384-g1", "publicly_accessible": false,
	} {
		if d := cmp.Diff(v, hr[k]); d != "" {
			t.Errorf("hr-db %s (-want +got):\n%s", k, d)
		}
	}
	if got := got.byName(t, "aws_db_instance", "aurora-1").Attributes["db_cluster_identifier"]; got != "shop-cluster" {
		t.Errorf("aurora-1 db_cluster_identifier = %v", got)
	}
	if src := got.byName(t, "aws_db_instance", "legacy-db-replica").Attributes["replicate_source_db"]; src != "legacy-db" {
		t.Errorf("replica replicate_source_db = %v", src)
	}
	if r := got.byName(t, "aws_db_instance", "legacy-db"); r.Region != "us-east-1" || r.Attributes["kms_key_id"] != nil {
		t.Errorf("legacy-db: region %s kms %v", r.Region, r.Attributes["kms_key_id"])
	}
}

func TestRDSPagination(t *testing.T) {
	var b strings.Builder
	b.WriteString("accounts:\n  - id: \"123456789012\"\n    regions: [eu-west-1]\n    per_region:\n      eu-west-1:\n        rds:\n          instances:\n")
	for i := 0; i < 230; i++ {
		fmt.Fprintf(&b, "            - {id: db-%03d, backup_retention: %d}\n", i, i%10)
	}
	got := collect(t, world(t, b.String()), awsemu.Faults{}, "rds")
	dbs := got.byType("aws_db_instance")
	if len(dbs) != 230 {
		t.Fatalf("got %d instances, want 230", len(dbs))
	}
	seen := map[string]bool{}
	for _, d := range dbs {
		seen[d.Name] = true
	}
	if len(seen) != 230 {
		t.Errorf("%d distinct instances, want 230", len(seen))
	}
	// Three pages of 100; at least three calls (the SDK occasionally retries a
	// large response when the emulator answers before the request body
	// write has been acknowledged, which adds a call but not a page).
	if n := got.Stats.Calls["rds:DescribeDBInstances"]; n < 3 || n > 4 {
		t.Errorf("DescribeDBInstances called %d times, want 3 pages", n)
	}
}

func TestRDSAccessDenied(t *testing.T) {
	got := collect(t, world(t, rdsWorld), awsemu.Faults{Deny: []string{"rds:DescribeDBInstances@ap-northeast-1"}}, "rds")
	if dbs := got.byType("aws_db_instance"); len(dbs) != 2 || dbs[0].Region != "us-east-1" || dbs[1].Region != "us-east-1" {
		t.Errorf("got %d instances, want only the two of us-east-1", len(dbs))
	}
	if len(got.Errors) != 1 {
		t.Fatalf("errors = %+v, want one", got.Errors)
	}
	e := got.Errors[0]
	if e.Region != "ap-northeast-1" || e.Service != "rds" || !strings.Contains(e.Message, "AccessDenied") || !cmp.Equal(e.Types, []string{"aws_db_instance", "aws_db_snapshot", "aws_rds_cluster", "aws_db_event_subscription"}) {
		t.Errorf("error = %+v", e)
	}
}
