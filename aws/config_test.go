package aws

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori/awsemu"
)

const configWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, eu-west-1, us-east-1]
    per_region:
      ap-northeast-1:
        config:
          recorder: {name: default, recording: true, include_global: true}
      eu-west-1:
        config:
          recorder: {name: eu-rec, recording: false, all_supported: false, resource_types: ["AWS::S3::Bucket"], last_status: Failure}
`

func TestConfig(t *testing.T) {
	got := collect(t, world(t, configWorld), awsemu.Faults{}, "config")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	recs := got.byType("aws_config_configuration_recorder")
	if len(recs) != 3 {
		t.Fatalf("got %d recorders, want one per region", len(recs))
	}
	want := map[string]map[string]any{
		"ap-northeast-1": {"exists": true, "name": "default", "recording": true, "all_supported": true, "include_global_resource_types": true, "last_status": "Success"},
		"eu-west-1":      {"exists": true, "name": "eu-rec", "recording": false, "all_supported": false, "include_global_resource_types": false, "last_status": "Failure"},
		"us-east-1":      {"exists": false, "name": nil, "recording": false, "all_supported": false, "include_global_resource_types": false, "last_status": nil},
	}
	for _, r := range recs {
		if d := cmp.Diff(want[r.Region], r.Attributes); d != "" {
			t.Errorf("%s (-want +got):\n%s", r.Region, d)
		}
	}
	if r := got.byName(t, "aws_config_configuration_recorder", "(none)"); r.ID != "arn:aws:config:us-east-1:123456789012:configuration-recorder/none" {
		t.Errorf("placeholder id %s", r.ID)
	}
	if r := got.byName(t, "aws_config_configuration_recorder", "default"); !strings.HasPrefix(r.ID, "arn:aws:config:ap-northeast-1:123456789012:configuration-recorder/default/") {
		t.Errorf("recorder id %s", r.ID)
	}
}

// A failed status call leaves recording unknown (absent), never false or true.
func TestConfigStatusDenied(t *testing.T) {
	got := collect(t, world(t, configWorld), awsemu.Faults{Deny: []string{"config:DescribeConfigurationRecorderStatus@ap-northeast-1"}}, "config")
	a := got.byName(t, "aws_config_configuration_recorder", "default").Attributes
	if v, ok := a["recording"]; ok {
		t.Errorf("recording = %v after a failed status call", v)
	}
	if _, ok := a["last_status"]; ok {
		t.Errorf("last_status set after a failed status call")
	}
	if len(got.Errors) != 1 || got.Errors[0].Action != "config:DescribeConfigurationRecorderStatus" || got.Errors[0].Region != "ap-northeast-1" {
		t.Fatalf("errors = %+v", got.Errors)
	}
}

func TestConfigAccessDenied(t *testing.T) {
	got := collect(t, world(t, configWorld), awsemu.Faults{Deny: []string{"config:*@us-east-1"}}, "config")
	for _, r := range got.byType("aws_config_configuration_recorder") {
		if r.Region == "us-east-1" {
			t.Errorf("us-east-1 recorder emitted although denied: %v", r.Attributes)
		}
	}
	if len(got.Errors) != 1 || got.Errors[0].Region != "us-east-1" || !strings.Contains(got.Errors[0].Message, "AccessDenied") ||
		!cmp.Equal(got.Errors[0].Types, []string{"aws_config_configuration_recorder"}) {
		t.Fatalf("errors = %+v", got.Errors)
	}
}

// The demo world is insecure in the documented ways for RDS, CloudTrail,
// GuardDuty, Security Hub and Config.
func TestDemoRDSAndMonitoring(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "rds", "cloudtrail", "guardduty", "securityhub", "config")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	check := func(typ, name, region string, want map[string]any) {
		t.Helper()
		for _, r := range got.byType(typ) {
			if r.Name == name && r.Region == region {
				for k, v := range want {
					if d := cmp.Diff(v, r.Attributes[k]); d != "" {
						t.Errorf("%s %s in %s: %s (-want +got):\n%s", typ, name, region, k, d)
					}
				}
				return
			}
		}
		t.Errorf("no %s %s in %s", typ, name, region)
	}
	check("aws_db_instance", "shop-db", "ap-northeast-1", map[string]any{"engine": "mysql", "publicly_accessible": true, "storage_encrypted": false, "backup_retention_period": int64(1)})
	check("aws_db_instance", "hr-db", "ap-northeast-1", map[string]any{"engine": "postgres", "publicly_accessible": false, "storage_encrypted": true, "backup_retention_period": int64(7), "deletion_protection": false})
	check("aws_cloudtrail", "tokyo-audit", "ap-northeast-1", map[string]any{"is_multi_region_trail": false, "log_file_validation_enabled": false, "kms_key_id": nil, "is_logging": true})
	check("aws_guardduty_detector", "4ec2a1b3c5d7e9f0a1b2c3d4e5f60718", "ap-northeast-1", map[string]any{"exists": true, "enable": true})
	check("aws_guardduty_detector", "(none)", "us-east-1", map[string]any{"exists": false, "enable": false})
	check("aws_securityhub_account", "default", "ap-northeast-1", map[string]any{"enabled": false})
	check("aws_securityhub_account", "default", "us-east-1", map[string]any{"enabled": false})
	check("aws_config_configuration_recorder", "default", "ap-northeast-1", map[string]any{"exists": true, "recording": false})
	check("aws_config_configuration_recorder", "(none)", "us-east-1", map[string]any{"exists": false, "recording": false})
	if n := len(got.byType("aws_cloudtrail")); n != 1 {
		t.Errorf("demo has %d trails, want 1", n)
	}
}
