package aws

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori/awsemu"
)

// The services of branch h-awsb read through the real SDK clients from the
// demo world's data.
var awsbServices = []string{"eventbridge", "kinesis", "stepfunctions", "transfer", "elb", "vpc", "elasticache"}

func TestAWSBDemo(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, awsbServices...)
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	for typ, n := range map[string]int{"aws_cloudwatch_event_bus": 3, "aws_kinesis_stream": 2, "aws_sfn_state_machine": 2, "aws_transfer_server": 2,
		"aws_elb": 2, "aws_vpc_endpoint": 3, "aws_vpc_peering_connection": 1, "aws_elasticache_serverless_cache": 2} {
		if c := len(got.byType(typ)); c != n {
			t.Errorf("%s: %d resources, want %d", typ, c, n)
		}
	}
	elb := got.byName(t, "aws_elb", "legacy-shop").Attributes
	want := map[string]any{
		"arn": "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:loadbalancer/legacy-shop", "name": "legacy-shop",
		"dns_name": "legacy-shop-1234567890.ap-northeast-1.elb.amazonaws.com", "scheme": "internet-facing", "internet_facing": true,
		"vpc_id": "vpc-0b7e2d9c4a1f36e58", "subnets": []any{"subnet-0e9f8a7b6c5d4e301"}, "security_groups": []any{"sg-0c4f1e2d3a5b6c701"},
		"availability_zones": []any{"ap-northeast-1a"}, "instances": []any{"i-0a1b2c3d4e5f60701"},
		"listeners": []any{
			map[string]any{"protocol": "HTTP", "port": 80, "instance_protocol": "HTTP", "instance_port": 80, "certificate": "", "policies": []any{}},
			map[string]any{"protocol": "HTTPS", "port": 443, "instance_protocol": "HTTP", "instance_port": 80,
				"certificate": "arn:aws:iam::111122223333:server-certificate/shop-2017", "policies": []any{"ELBSecurityPolicy-2016-08"}},
		},
		"plain_listeners": []any{"HTTP:80"}, "non_acm_certificate_listeners": []any{"HTTPS:443"},
		"cross_zone": false, "access_logs_enabled": false, "connection_draining": false, "desync_mitigation_mode": "monitor",
		"weak_tls_listeners": []any{"HTTPS:443 (ELBSecurityPolicy-2016-08)"},
	}
	if d := cmp.Diff(want, elb); d != "" {
		t.Errorf("legacy-shop (-want +got):\n%s", d)
	}
	if w := got.byName(t, "aws_elb", "intranet").Attributes["weak_tls_listeners"]; !cmp.Equal(w, []any{}) {
		t.Errorf("intranet weak_tls_listeners = %v", w)
	}
	for name, kv := range map[string]map[string]any{
		"shop-clickstream":       {"encrypted": false, "customer_managed_key": false, "retention_hours": 24},
		"payment-events":         {"encrypted": true, "customer_managed_key": true, "retention_hours": 168},
		"order-fulfilment":       {"logging_enabled": false, "log_level": "OFF", "tracing_enabled": false, "customer_managed_key": false},
		"nightly-batch":          {"logging_enabled": true, "log_level": "ALL", "tracing_enabled": true, "customer_managed_key": true},
		"s-01a2b3c4d5e6f7a80":    {"ftp_enabled": true, "public_endpoint": true, "security_policy_outdated": true, "logging_enabled": false},
		"s-09f8e7d6c5b4a3f20":    {"ftp_enabled": false, "public_endpoint": false, "security_policy_outdated": false, "logging_enabled": true},
		"sakura-orders":          {"custom": true, "has_policy": true, "policy_public": true, "customer_managed_key": false},
		"sakura-audit":           {"custom": true, "policy_public": false, "customer_managed_key": true},
		"default":                {"custom": false, "has_policy": false, "policy_public": false},
		"reco-cache":             {"engine": "redis", "user_group_id": "", "snapshot_retention_limit": 0, "customer_managed_key": false},
		"feature-flags":          {"engine": "valkey", "user_group_id": "flags-users", "snapshot_retention_limit": 7, "customer_managed_key": true},
		"vpce-0a1b2c3d4e5f60711": {"service": "s3", "endpoint_type": "Gateway", "policy_public": true, "vpc_id": "vpc-0b7e2d9c4a1f36e58"},
		"vpce-0a1b2c3d4e5f60712": {"service": "ec2", "endpoint_type": "Interface", "policy_public": false, "state": "available"},
	} {
		var attrs map[string]any
		for _, r := range got.Resources {
			if r.Name == name {
				attrs = r.Attributes
			}
		}
		if attrs == nil {
			t.Errorf("%s not collected", name)
			continue
		}
		for k, v := range kv {
			if !cmp.Equal(attrs[k], v) {
				t.Errorf("%s: %s = %v, want %v", name, k, attrs[k], v)
			}
		}
	}
	// The state machine's definition is never kept.
	for _, r := range got.byType("aws_sfn_state_machine") {
		for k, v := range r.Attributes {
			if s, ok := v.(string); ok && strings.Contains(s, "StartAt") {
				t.Errorf("%s: attribute %s holds the definition", r.Name, k)
			}
		}
	}
	p := got.byName(t, "aws_vpc_peering_connection", "analytics-vendor").Attributes
	if p["cross_account"] != true || !cmp.Equal(p["accepter"].(map[string]any)["cidrs"], []any{"10.50.0.0/16"}) {
		t.Errorf("peering: %v", p)
	}
}

const awsbRegionWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, ap-northeast-3]
    per_region:
      ap-northeast-1:
        kinesis:
          streams:
            - {StreamName: s1, StreamARN: "arn:aws:kinesis:ap-northeast-1:123456789012:stream/s1", StreamStatus: ACTIVE, EncryptionType: NONE, RetentionPeriodHours: 24}
      ap-northeast-3:
        unavailable: [events, kinesis, states, transfer, elasticloadbalancing]
`

// A region where a service has no endpoint is not applicable: no error, no
// call, and the services answer in the others.
func TestAWSBNotOffered(t *testing.T) {
	got := collect(t, world(t, awsbRegionWorld), awsemu.Faults{}, "eventbridge", "kinesis", "stepfunctions", "transfer", "elb")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	for k := range got.Stats.PerKey {
		if strings.Contains(k, "ap-northeast-3") {
			t.Errorf("%s reached the emulator; the region has no endpoint for it", k)
		}
	}
	if len(got.byType("aws_kinesis_stream")) != 1 {
		t.Errorf("streams: %v", got.byType("aws_kinesis_stream"))
	}
}

// A resource deleted between the list and its describe is gone, not an
// error; a describe denied on one resource is an error naming the call, and
// the attributes it would have given stay absent so that checks reading
// them are ERROR, never PASS.
func TestAWSBGoneAndDenied(t *testing.T) {
	const edi, vpcSFTP = "s-01a2b3c4d5e6f7a80", "s-09f8e7d6c5b4a3f20"
	const order = "arn:aws:states:ap-northeast-1:111122223333:stateMachine:order-fulfilment"
	cases := []struct {
		service, typ string
		gone         string // "service:name" deleted after the list
		goneName     string // the resource that must then be missing
		deny         string // "service:Op#name"
		deniedName   string
		absent       string // attribute the denied call gives
	}{
		{"eventbridge", "aws_cloudwatch_event_bus", "events:sakura-orders", "sakura-orders", "events:DescribeEventBus#sakura-audit", "sakura-audit", "customer_managed_key"},
		{"kinesis", "aws_kinesis_stream", "kinesis:shop-clickstream", "shop-clickstream", "kinesis:DescribeStreamSummary#payment-events", "payment-events", "encrypted"},
		{"stepfunctions", "aws_sfn_state_machine", "states:" + order, "order-fulfilment", "states:DescribeStateMachine#" + order, "order-fulfilment", "logging_enabled"},
		{"transfer", "aws_transfer_server", "transfer:" + edi, edi, "transfer:DescribeServer#" + vpcSFTP, vpcSFTP, "ftp_enabled"},
		{"elb", "aws_elb", "elasticloadbalancing:legacy-shop", "legacy-shop", "elasticloadbalancing:DescribeLoadBalancerPolicies#legacy-shop", "legacy-shop", "weak_tls_listeners"},
		{"elb", "aws_elb", "", "", "elasticloadbalancing:DescribeLoadBalancerAttributes#intranet", "intranet", "access_logs_enabled"},
	}
	for _, c := range cases {
		t.Run(c.deny, func(t *testing.T) {
			all := len(collect(t, awsemu.Demo(), awsemu.Faults{}, c.service).byType(c.typ))
			if c.gone != "" {
				got := collect(t, awsemu.Demo(), awsemu.Faults{Gone: []string{c.gone}}, c.service)
				if len(got.Errors) != 0 || len(got.byType(c.typ)) != all-1 {
					t.Fatalf("gone: %d of %d resources, errors %v; want one fewer and none", len(got.byType(c.typ)), all, got.Errors)
				}
				for _, r := range got.byType(c.typ) {
					if r.Name == c.goneName {
						t.Errorf("%s emitted although it was deleted", c.goneName)
					}
				}
			}
			got := collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{c.deny}}, c.service)
			op, _, _ := strings.Cut(c.deny, "#")
			if len(got.Errors) != 1 || got.Errors[0].Action != op || !strings.Contains(got.Errors[0].Message, "AccessDenied") {
				t.Fatalf("denied: errors = %+v", got.Errors)
			}
			if len(got.byType(c.typ)) != all {
				t.Errorf("denied: %d of %d resources emitted", len(got.byType(c.typ)), all)
			}
			if _, ok := got.byName(t, c.typ, c.deniedName).Attributes[c.absent]; ok {
				t.Errorf("%s set although the call giving it was denied (a check would PASS silently)", c.absent)
			}
		})
	}
}

// A list denied for one part of a service fails that part's resource type
// only, once per region: the rest of the service is still read.
func TestAWSBPartDenied(t *testing.T) {
	regions := len(awsemu.Demo().Accounts[0].Regions)
	onlyType := func(t *testing.T, got collected, typ string) {
		t.Helper()
		if len(got.Errors) != regions {
			t.Fatalf("errors = %+v, want one per region", got.Errors)
		}
		for _, e := range got.Errors {
			if !cmp.Equal(e.Types, []string{typ}) {
				t.Errorf("error %s covers %v, want only %s", e.Action, e.Types, typ)
			}
		}
	}
	got := collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"ec2:DescribeVpcEndpoints"}}, "vpc")
	onlyType(t, got, "aws_vpc_endpoint")
	if len(got.byType("aws_vpc_peering_connection")) != 1 || len(got.byType("aws_vpc_endpoint")) != 0 {
		t.Errorf("peerings %d, endpoints %d", len(got.byType("aws_vpc_peering_connection")), len(got.byType("aws_vpc_endpoint")))
	}
	got = collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"elasticache:DescribeServerlessCaches"}}, "elasticache")
	onlyType(t, got, "aws_elasticache_serverless_cache")
	if len(got.byType("aws_elasticache_replication_group")) == 0 {
		t.Error("replication groups not emitted although only serverless caches were denied")
	}
	got = collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"events:ListArchives"}}, "eventbridge")
	if len(got.Errors) != regions {
		t.Fatalf("errors = %+v", got.Errors)
	}
	if _, ok := got.byName(t, "aws_cloudwatch_event_bus", "sakura-audit").Attributes["archives"]; ok {
		t.Error("archives set although they could not be listed")
	}
}
