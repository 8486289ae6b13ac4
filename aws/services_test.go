package aws

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori/awsemu"
)

// One world for the services declared in the emulator's generic shape; each
// is read through its real SDK client.
const servicesWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1]
    per_region:
      ap-northeast-1:
        elasticloadbalancing:
          load_balancers:
            - LoadBalancerArn: arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/web/1
              LoadBalancerName: web
              Type: application
              Scheme: internet-facing
              VpcId: vpc-1
              SecurityGroups: [sg-1]
              IpAddressType: dualstack
              AvailabilityZones: [{ZoneName: ap-northeast-1a, SubnetId: subnet-a}, {ZoneName: ap-northeast-1c, SubnetId: subnet-c}]
              Attributes:
                - {Key: deletion_protection.enabled, Value: "false"}
                - {Key: access_logs.s3.enabled, Value: "true"}
                - {Key: access_logs.s3.bucket, Value: lb-logs}
                - {Key: routing.http.drop_invalid_header_fields.enabled, Value: "false"}
                - {Key: routing.http.desync_mitigation_mode, Value: defensive}
          listeners:
            - {ListenerArn: l1, LoadBalancerArn: "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/web/1", Port: 80, Protocol: HTTP, DefaultActions: [{Type: redirect, RedirectConfig: {Protocol: HTTPS, Port: "443", StatusCode: HTTP_301}}]}
            - {ListenerArn: l2, LoadBalancerArn: "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/web/1", Port: 443, Protocol: HTTPS, SslPolicy: ELBSecurityPolicy-2016-08, DefaultActions: [{Type: forward, TargetGroupArn: tg}]}
            - {ListenerArn: l3, LoadBalancerArn: other, Port: 8080, Protocol: HTTP}
          rules:
            - {ListenerArn: l2, RuleArn: r1, Priority: "10", Actions: [{Type: forward, ForwardConfig: {TargetGroups: [{TargetGroupArn: tg-admin, Weight: 1}]}}]}
            - {ListenerArn: l1, RuleArn: r2, Priority: "default", Actions: [{Type: redirect}]}
          target_groups:
            - TargetGroupArn: tg
              TargetGroupName: web
              TargetType: instance
              Protocol: HTTP
              Port: 8080
              VpcId: vpc-1
              LoadBalancerArns: ["arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/web/1"]
              Targets:
                - {Target: {Id: i-1, Port: 8080}, TargetHealth: {State: healthy}}
                - {Target: {Id: i-2}, TargetHealth: {State: unhealthy}}
            - {TargetGroupArn: tg-admin, TargetGroupName: admin, TargetType: lambda, VpcId: vpc-1}
        logs:
          log_groups:
            - {logGroupName: cloudtrail/main, arn: "arn:aws:logs:ap-northeast-1:123456789012:log-group:cloudtrail/main:*", logGroupArn: "arn:aws:logs:ap-northeast-1:123456789012:log-group:cloudtrail/main", retentionInDays: 365}
            - {logGroupName: /aws/lambda/api, logGroupArn: "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/lambda/api"}
          metric_filters:
            - {filterName: root, logGroupName: cloudtrail/main, filterPattern: '{ $.userIdentity.type = "Root" }', metricTransformations: [{metricName: RootUsage, metricNamespace: CIS, metricValue: "1"}]}
        monitoring:
          alarms:
            - {AlarmName: root-usage, AlarmArn: "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:root-usage", MetricName: RootUsage, Namespace: CIS, ActionsEnabled: true, AlarmActions: ["arn:aws:sns:ap-northeast-1:123456789012:security"], StateValue: OK}
        sns:
          topics:
            - TopicArn: arn:aws:sns:ap-northeast-1:123456789012:security
              Attributes: {KmsMasterKeyId: alias/aws/sns, SubscriptionsConfirmed: "1", Policy: '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"SNS:Publish"}]}'}
          subscriptions:
            - {TopicArn: "arn:aws:sns:ap-northeast-1:123456789012:security", Protocol: email, Endpoint: secops@example.jp, SubscriptionArn: "arn:aws:sns:ap-northeast-1:123456789012:security:1"}
        sqs:
          queues:
            - QueueUrl: https://sqs.ap-northeast-1.amazonaws.com/123456789012/orders
              Attributes: {QueueArn: "arn:aws:sqs:ap-northeast-1:123456789012:orders", SqsManagedSseEnabled: "false", MessageRetentionPeriod: "345600"}
        secretsmanager:
          secrets:
            - {ARN: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf", Name: db, RotationEnabled: false, LastAccessedDate: 1700000000, CreatedDate: 1600000000}
        ecr:
          repositories:
            - {repositoryName: web, repositoryArn: "arn:aws:ecr:ap-northeast-1:123456789012:repository/web", imageTagMutability: MUTABLE, imageScanningConfiguration: {scanOnPush: false}, encryptionConfiguration: {encryptionType: AES256}, policy: {policyText: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}]}'}}
        ecs:
          clusters:
            - {clusterArn: "arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod", clusterName: prod, status: ACTIVE, settings: [{name: containerInsights, value: disabled}]}
          task_definitions:
            - taskDefinitionArn: arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:3
              family: web
              revision: 3
              networkMode: host
              containerDefinitions:
                - {name: app, privileged: true, environment: [{name: DB_PASSWORD, value: s3cr3t-value}, {name: PORT, value: "80"}]}
        eks:
          clusters:
            - {name: main, arn: "arn:aws:eks:ap-northeast-1:123456789012:cluster/main", version: "1.27", resourcesVpcConfig: {endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: [0.0.0.0/0]}, logging: {clusterLogging: [{types: [api, audit], enabled: true}, {types: [scheduler], enabled: false}]}}
        dynamodb:
          tables:
            - TableName: orders
              TableArn: arn:aws:dynamodb:ap-northeast-1:123456789012:table/orders
              TableStatus: ACTIVE
              DeletionProtectionEnabled: false
              SSEDescription: {Status: ENABLED, SSEType: KMS, KMSMasterKeyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/k"}
              ContinuousBackups: {ContinuousBackupsStatus: ENABLED, PointInTimeRecoveryDescription: {PointInTimeRecoveryStatus: DISABLED}}
        acm:
          certificates:
            - {CertificateArn: "arn:aws:acm:ap-northeast-1:123456789012:certificate/1", DomainName: shop.example.jp, Status: ISSUED, Type: IMPORTED, KeyAlgorithm: RSA_1024, NotAfter: 1767139200, InUse: true}
`

func TestGenericServices(t *testing.T) {
	got := collect(t, world(t, servicesWorld), awsemu.Faults{}, "elbv2", "logs", "cloudwatch", "sns", "sqs", "secretsmanager", "ecr", "ecs", "eks", "dynamodb", "acm")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	cases := []struct {
		typ, name string
		want      map[string]any
	}{
		{"aws_lb", "web", map[string]any{
			"arn": "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/web/1", "name": "web",
			"load_balancer_type": "application", "scheme": "internet-facing", "internal": false, "vpc_id": "vpc-1",
			"security_groups": []any{"sg-1"}, "availability_zones": []any{"ap-northeast-1a", "ap-northeast-1c"}, "dns_name": "",
			"subnet_ids": []any{"subnet-a", "subnet-c"}, "ip_address_type": "dualstack",
			"listeners": []any{
				map[string]any{"port": int64(80), "protocol": "HTTP", "ssl_policy": "", "redirects_to_https": true, "target_groups": []any{}},
				map[string]any{"port": int64(443), "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08", "redirects_to_https": false,
					"target_groups": []any{"tg", "tg-admin"}},
			},
			"deletion_protection": false, "access_logs_enabled": true, "access_logs_bucket": "lb-logs",
			"drop_invalid_header_fields": false, "desync_mitigation_mode": "defensive", "cross_zone": false,
		}},
		{"aws_lb_target_group", "web", map[string]any{
			"arn": "tg", "name": "web", "target_type": "instance", "protocol": "HTTP", "port": int64(8080), "vpc_id": "vpc-1",
			"load_balancer_arns": []any{"arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/web/1"},
			"targets": []any{
				map[string]any{"id": "i-1", "port": int64(8080), "availability_zone": "", "health": "healthy"},
				map[string]any{"id": "i-2", "port": int64(8080), "availability_zone": "", "health": "unhealthy"},
			},
		}},
		{"aws_lb_target_group", "admin", map[string]any{
			"arn": "tg-admin", "name": "admin", "target_type": "lambda", "protocol": "", "port": int64(0), "vpc_id": "vpc-1",
			"load_balancer_arns": []any{}, "targets": []any{},
		}},
		{"aws_cloudwatch_log_group", "cloudtrail/main", map[string]any{
			"arn": "arn:aws:logs:ap-northeast-1:123456789012:log-group:cloudtrail/main", "retention_in_days": int64(365), "kms_key_id": "",
			"metric_filters": []any{map[string]any{"name": "root", "pattern": `{ $.userIdentity.type = "Root" }`, "metrics": []any{map[string]any{"namespace": "CIS", "name": "RootUsage"}}}},
		}},
		{"aws_cloudwatch_metric_alarm", "root-usage", map[string]any{
			"arn": "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:root-usage", "namespace": "CIS", "metric_name": "RootUsage",
			"actions_enabled": true, "alarm_actions": []any{"arn:aws:sns:ap-northeast-1:123456789012:security"}, "state": "OK",
		}},
		{"aws_sns_topic", "security", map[string]any{
			"arn": "arn:aws:sns:ap-northeast-1:123456789012:security", "kms_master_key_id": "alias/aws/sns", "display_name": "",
			"subscriptions_confirmed": int64(1), "policy_public": true, "policy_public_reasons": []any{"statement #1 allows anyone SNS:Publish"},
			"subscriptions": []any{map[string]any{"protocol": "email", "confirmed": true}}, "delivery_status_logging": []any{},
		}},
		{"aws_sqs_queue", "orders", map[string]any{
			"arn": "arn:aws:sqs:ap-northeast-1:123456789012:orders", "url": "https://sqs.ap-northeast-1.amazonaws.com/123456789012/orders",
			"kms_master_key_id": "", "sqs_managed_sse_enabled": false, "message_retention_seconds": int64(345600), "has_dead_letter_queue": false,
			"policy_public": false, "policy_public_reasons": []any{},
		}},
		{"aws_secretsmanager_secret", "db", map[string]any{
			"arn": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf", "kms_key_id": "", "rotation_enabled": false,
			"rotation_days": nil, "last_rotated_date": nil, "last_accessed_date": "2023-11-14T22:13:20Z", "created_date": "2020-09-13T12:26:40Z",
			"owning_service": "", "policy_public": false, "policy_public_reasons": []any{},
		}},
		{"aws_ecr_repository", "web", map[string]any{
			"arn": "arn:aws:ecr:ap-northeast-1:123456789012:repository/web", "image_tag_mutability": "MUTABLE", "scan_on_push": false,
			"encryption_type": "AES256", "kms_key": "", "policy_public": true, "policy_public_reasons": []any{"statement #1 allows anyone ecr:BatchGetImage"},
			"lifecycle_policy": false,
		}},
		{"aws_ecs_cluster", "prod", map[string]any{"arn": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod", "container_insights": "disabled", "status": "ACTIVE"}},
		{"aws_ecs_task_definition", "web:3", map[string]any{
			"arn": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:3", "family": "web", "network_mode": "host", "pid_mode": "",
			"containers": []any{map[string]any{"name": "app", "privileged": true, "user": "", "readonly_root_filesystem": false,
				"env_var_names": []any{"DB_PASSWORD", "PORT"}, "env_secret_like": []any{"DB_PASSWORD"}, "log_driver": ""}},
		}},
		{"aws_eks_cluster", "main", map[string]any{
			"arn": "arn:aws:eks:ap-northeast-1:123456789012:cluster/main", "version": "1.27", "endpoint_public_access": true,
			"endpoint_private_access": false, "public_access_cidrs": []any{"0.0.0.0/0"}, "enabled_log_types": []any{"api", "audit"}, "secrets_encrypted": false,
			"standard_support_end": "2024-07-24T00:00:00Z",
		}},
		{"aws_dynamodb_table", "orders", map[string]any{
			"arn": "arn:aws:dynamodb:ap-northeast-1:123456789012:table/orders", "deletion_protection": false, "sse_type": "KMS",
			"kms_key_arn": "arn:aws:kms:ap-northeast-1:123456789012:key/k", "table_status": "ACTIVE", "point_in_time_recovery": false,
		}},
		{"aws_acm_certificate", "shop.example.jp", map[string]any{
			"arn": "arn:aws:acm:ap-northeast-1:123456789012:certificate/1", "domain_name": "shop.example.jp", "status": "ISSUED", "type": "IMPORTED",
			"key_algorithm": "RSA_1024", "not_after": "2025-12-31T00:00:00Z", "in_use": true, "renewal_eligibility": "",
		}},
	}
	for _, c := range cases {
		t.Run(c.typ, func(t *testing.T) {
			if d := cmp.Diff(c.want, got.byName(t, c.typ, c.name).Attributes); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	for _, r := range got.Resources {
		for k, v := range r.Attributes {
			if s := cmp.Diff(nil, v); strings.Contains(s, "s3cr3t") || strings.Contains(s, "secops@") {
				t.Errorf("%s %s: attribute %s holds a secret or personal value", r.Type, r.Name, k)
			}
		}
	}
}

// A resource deleted between list and describe is left out; a describe
// denied for one resource is an ERROR naming the call.
func TestGenericServicesGoneAndDenied(t *testing.T) {
	got := collect(t, world(t, servicesWorld), awsemu.Faults{Gone: []string{"dynamodb:orders", "eks:main"}}, "dynamodb", "eks")
	if len(got.Resources) != 0 || len(got.Errors) != 0 {
		t.Errorf("gone: resources %d, errors %v; want none", len(got.Resources), got.Errors)
	}
	got = collect(t, world(t, servicesWorld), awsemu.Faults{Deny: []string{"dynamodb:DescribeContinuousBackups#orders"}}, "dynamodb")
	if len(got.Errors) != 1 || got.Errors[0].Action != "dynamodb:DescribeContinuousBackups" {
		t.Fatalf("errors = %v", got.Errors)
	}
	if _, ok := got.byName(t, "aws_dynamodb_table", "orders").Attributes["point_in_time_recovery"]; ok {
		t.Error("point_in_time_recovery set although it could not be read")
	}
}

// The Account API is global: its data sits under the account, and only
// whether each alternate contact exists is kept.
func TestAccountContacts(t *testing.T) {
	w := world(t, `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, us-east-1]
    account:
      alternate_contacts:
        - {AlternateContactType: BILLING, Name: 経理 花子, EmailAddress: keiri@example.jp, PhoneNumber: "+81-3-0000-0000", Title: 経理部}
`)
	got := collect(t, w, awsemu.Faults{}, "account")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	c := got.byName(t, "aws_account_contacts", "123456789012")
	want := map[string]any{"security_contact": false, "billing_contact": true, "operations_contact": false}
	if d := cmp.Diff(want, c.Attributes); d != "" || c.Region != "global" {
		t.Errorf("region %s, (-want +got):\n%s", c.Region, d)
	}
	got = collect(t, w, awsemu.Faults{Deny: []string{"account:GetAlternateContact"}}, "account")
	if len(got.Errors) == 0 {
		t.Fatal("AccessDenied not reported")
	}
	if _, ok := got.byName(t, "aws_account_contacts", "123456789012").Attributes["security_contact"]; ok {
		t.Error("security_contact set although it could not be read")
	}
}

func TestEFS(t *testing.T) {
	w := world(t, `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1]
    per_region:
      ap-northeast-1:
        elasticfilesystem:
          file_systems:
            - {FileSystemId: fs-1, FileSystemArn: "arn:aws:elasticfilesystem:ap-northeast-1:123456789012:file-system/fs-1", Name: shared, Encrypted: false, PerformanceMode: generalPurpose}
            - {FileSystemId: fs-2, FileSystemArn: "arn:aws:elasticfilesystem:ap-northeast-1:123456789012:file-system/fs-2", Encrypted: true, KmsKeyId: k, PerformanceMode: generalPurpose, BackupPolicy: {Status: ENABLED}}
`)
	got := collect(t, w, awsemu.Faults{}, "efs")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	if d := cmp.Diff(map[string]any{"arn": "arn:aws:elasticfilesystem:ap-northeast-1:123456789012:file-system/fs-1", "file_system_id": "fs-1",
		"encrypted": false, "kms_key_id": "", "performance_mode": "generalPurpose", "backup_enabled": false},
		got.byName(t, "aws_efs_file_system", "shared").Attributes); d != "" {
		t.Errorf("shared (-want +got):\n%s", d)
	}
	if got.byName(t, "aws_efs_file_system", "fs-2").Attributes["backup_enabled"] != true {
		t.Error("fs-2: backup policy not read")
	}
}
