package aws

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori/awsemu"
)

// CloudFront is global and REST-XML: the list's elements are named per
// list, which the emulator's declaration carries.
const cloudfrontWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1]
    cloudfront:
      distributions:
        - Id: E1OLDSHOP
          ARN: arn:aws:cloudfront::123456789012:distribution/E1OLDSHOP
          DomainName: d111.cloudfront.net
          Enabled: true
          Aliases: {Quantity: 0}
          Origins:
            Quantity: 2
            Items:
              - {Id: assets, DomainName: shop-assets.s3.ap-northeast-1.amazonaws.com, S3OriginConfig: {OriginAccessIdentity: ""}}
              - {Id: app, DomainName: app.example.jp, CustomOriginConfig: {HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: match-viewer, OriginSslProtocols: {Quantity: 2, Items: [SSLv3, TLSv1]}}}
          DefaultCacheBehavior: {TargetOriginId: app, ViewerProtocolPolicy: allow-all}
          CacheBehaviors: {Quantity: 1, Items: [{PathPattern: "/img/*", TargetOriginId: assets, ViewerProtocolPolicy: redirect-to-https}]}
          ViewerCertificate: {CloudFrontDefaultCertificate: true, MinimumProtocolVersion: TLSv1, CertificateSource: cloudfront}
          Restrictions: {GeoRestriction: {RestrictionType: none, Quantity: 0}}
          WebACLId: ""
          DistributionConfig: {DefaultRootObject: "", Logging: {Enabled: false, IncludeCookies: false, Bucket: "", Prefix: ""}}
        - Id: E2NEWSHOP
          ARN: arn:aws:cloudfront::123456789012:distribution/E2NEWSHOP
          DomainName: d222.cloudfront.net
          Enabled: true
          Aliases: {Quantity: 1, Items: [www.example.jp]}
          Origins:
            Quantity: 1
            Items:
              - {Id: site, DomainName: site.s3.ap-northeast-1.amazonaws.com, OriginAccessControlId: E3OAC, S3OriginConfig: {OriginAccessIdentity: ""}}
          DefaultCacheBehavior: {TargetOriginId: site, ViewerProtocolPolicy: redirect-to-https}
          ViewerCertificate: {ACMCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/1", SSLSupportMethod: sni-only, MinimumProtocolVersion: TLSv1.2_2021}
          Restrictions: {GeoRestriction: {RestrictionType: whitelist, Quantity: 1, Items: [JP]}}
          WebACLId: arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop/1
          DistributionConfig: {DefaultRootObject: index.html, Logging: {Enabled: true, IncludeCookies: false, Bucket: logs.s3.amazonaws.com, Prefix: cf/}}
`

func TestCloudFront(t *testing.T) {
	got := collect(t, world(t, cloudfrontWorld), awsemu.Faults{}, "cloudfront")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	want := map[string]any{
		"arn": "arn:aws:cloudfront::123456789012:distribution/E1OLDSHOP", "id": "E1OLDSHOP", "domain_name": "d111.cloudfront.net",
		"enabled": true, "internet_facing": true, "aliases": []any{}, "web_acl_id": "", "waf_attached": false,
		"viewer_http_allowed": true, "default_certificate": true, "viewer_minimum_protocol": "TLSv1", "viewer_tls_below_1_2": true,
		"ssl_support_method": "",
		"origins": []any{
			map[string]any{"id": "assets", "domain_name": "shop-assets.s3.ap-northeast-1.amazonaws.com", "type": "s3", "origin_access_control": false, "origin_access_identity": false},
			map[string]any{"id": "app", "domain_name": "app.example.jp", "type": "custom", "origin_access_control": false, "origin_access_identity": false},
		},
		"origin_domains":         []any{"shop-assets.s3.ap-northeast-1.amazonaws.com", "app.example.jp"},
		"s3_origins_without_oac": []any{"assets"}, "origins_over_http": []any{"app"}, "origins_with_sslv3": []any{"app"},
		"geo_restriction": "none", "logging_enabled": false, "default_root_object": "",
		"origin_failover": false,
	}
	old := got.byName(t, "aws_cloudfront_distribution", "E1OLDSHOP")
	if d := cmp.Diff(want, old.Attributes); d != "" {
		t.Errorf("E1OLDSHOP (-want +got):\n%s", d)
	}
	if old.Region != "global" {
		t.Errorf("region %q", old.Region)
	}
	n := got.byName(t, "aws_cloudfront_distribution", "E2NEWSHOP").Attributes
	for k, v := range map[string]any{"waf_attached": true, "viewer_http_allowed": false, "default_certificate": false,
		"viewer_minimum_protocol": "TLSv1.2_2021", "viewer_tls_below_1_2": false, "logging_enabled": true,
		"default_root_object": "index.html", "geo_restriction": "whitelist"} {
		if n[k] != v {
			t.Errorf("E2NEWSHOP %s = %v, want %v", k, n[k], v)
		}
	}
	if d := cmp.Diff([]any{"www.example.jp"}, n["aliases"]); d != "" {
		t.Error(d)
	}
	if d := cmp.Diff([]any{}, n["s3_origins_without_oac"]); d != "" {
		t.Error(d)
	}
	// The demo's shop front fails over to a second bucket; the campaign site has one origin per path.
	demo := collect(t, awsemu.Demo(), awsemu.Faults{}, "cloudfront")
	if f := demo.byName(t, "aws_cloudfront_distribution", "E2SHOPFRONT").Attributes["origin_failover"]; f != true {
		t.Errorf("E2SHOPFRONT origin_failover = %v", f)
	}
	if f := demo.byName(t, "aws_cloudfront_distribution", "E1CAMPAIGN2020").Attributes["origin_failover"]; f != false {
		t.Errorf("E1CAMPAIGN2020 origin_failover = %v", f)
	}
}

func TestCloudFrontConfigDenied(t *testing.T) {
	got := collect(t, world(t, cloudfrontWorld), awsemu.Faults{Deny: []string{"cloudfront:GetDistributionConfig#E2NEWSHOP"}}, "cloudfront")
	if len(got.Errors) != 1 {
		t.Fatalf("errors: %v", got.Errors)
	}
	n := got.byName(t, "aws_cloudfront_distribution", "E2NEWSHOP").Attributes
	if _, ok := n["logging_enabled"]; ok {
		t.Error("logging_enabled set although the configuration could not be read")
	}
	if got.byName(t, "aws_cloudfront_distribution", "E1OLDSHOP").Attributes["logging_enabled"] != false {
		t.Error("E1OLDSHOP's configuration not read")
	}
}

const wafWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, us-east-1]
    per_region:
      ap-northeast-1:
        wafv2:
          web_acls:
            - Name: alb
              Id: a1
              ARN: arn:aws:wafv2:ap-northeast-1:123456789012:regional/webacl/alb/a1
              Scope: REGIONAL
              DefaultAction: {Allow: {}}
              Rules:
                - {Name: common, Priority: 1, Statement: {ManagedRuleGroupStatement: {VendorName: AWS, Name: AWSManagedRulesCommonRuleSet}}, OverrideAction: {None: {}}, VisibilityConfig: {CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: c}}
                - {Name: allow-office, Priority: 2, Statement: {IPSetReferenceStatement: {ARN: ipset}}, Action: {Allow: {}}, VisibilityConfig: {CloudWatchMetricsEnabled: false, SampledRequestsEnabled: false, MetricName: o}}
              ResourceArns: ["arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/web/1", "arn:aws:apigateway:ap-northeast-1::/restapis/abc/stages/prod"]
            - Name: empty
              Id: a2
              ARN: arn:aws:wafv2:ap-northeast-1:123456789012:regional/webacl/empty/a2
              Scope: REGIONAL
              DefaultAction: {Block: {}}
              LoggingConfiguration: {ResourceArn: "arn:aws:wafv2:ap-northeast-1:123456789012:regional/webacl/empty/a2", LogDestinationConfigs: [arn:aws:s3:::aws-waf-logs-x]}
      us-east-1:
        wafv2:
          web_acls:
            - Name: edge
              Id: g1
              ARN: arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/g1
              Scope: CLOUDFRONT
              DefaultAction: {Allow: {}}
              Rules: [{Name: rate, Priority: 1, Statement: {RateBasedStatement: {Limit: 100, AggregateKeyType: IP}}, Action: {Block: {}}, VisibilityConfig: {CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: r}}]
`

func TestWAFv2(t *testing.T) {
	w := world(t, wafWorld)
	got := collectIn(t, w, awsemu.Faults{}, []string{"ap-northeast-1", "us-east-1"}, "wafv2")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	if n := len(got.byType("aws_wafv2_web_acl")); n != 3 {
		t.Fatalf("%d web ACLs, want 3 (the CloudFront one once)", n)
	}
	want := map[string]any{
		"arn": "arn:aws:wafv2:ap-northeast-1:123456789012:regional/webacl/alb/a1", "id": "a1", "name": "alb", "scope": "REGIONAL",
		"default_action": "allow", "rules": []any{"common", "allow-office"}, "rule_count": 2,
		"managed_rule_groups": []any{"AWS/AWSManagedRulesCommonRuleSet"}, "rules_without_metrics": []any{"allow-office"},
		"logging_enabled": false,
		"associated_resources": []any{"arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/web/1",
			"arn:aws:apigateway:ap-northeast-1::/restapis/abc/stages/prod"},
	}
	if d := cmp.Diff(want, got.byName(t, "aws_wafv2_web_acl", "alb").Attributes); d != "" {
		t.Errorf("alb (-want +got):\n%s", d)
	}
	e := got.byName(t, "aws_wafv2_web_acl", "empty").Attributes
	if e["rule_count"] != 0 || e["logging_enabled"] != true || e["default_action"] != "block" {
		t.Errorf("empty: %v", e)
	}
	g := got.byName(t, "aws_wafv2_web_acl", "edge")
	if g.Region != "global" || g.Attributes["scope"] != "CLOUDFRONT" {
		t.Errorf("edge: region %q, %v", g.Region, g.Attributes)
	}
	if _, ok := g.Attributes["associated_resources"]; ok {
		t.Error("a CloudFront ACL names no resources (the distribution names it)")
	}
}

func TestWAFv2ResourcesDenied(t *testing.T) {
	got := collectIn(t, world(t, wafWorld), awsemu.Faults{Deny: []string{"wafv2:ListResourcesForWebACL#arn:aws:wafv2:ap-northeast-1:123456789012:regional/webacl/alb/a1"}},
		[]string{"ap-northeast-1"}, "wafv2")
	if len(got.Errors) != 1 {
		t.Fatalf("errors: %v", got.Errors)
	}
	if _, ok := got.byName(t, "aws_wafv2_web_acl", "alb").Attributes["associated_resources"]; ok {
		t.Error("associated_resources set although it could not be read")
	}
	// us-east-1 not scanned: the CloudFront ACLs are still read, from the first region's run.
	got.byName(t, "aws_wafv2_web_acl", "edge")
}

const apigatewayWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1]
    per_region:
      ap-northeast-1:
        apigateway:
          rest_apis:
            - {id: r1, name: orders, endpointConfiguration: {types: [REGIONAL]}, disableExecuteApiEndpoint: false}
            - {id: r2, name: internal, endpointConfiguration: {types: [PRIVATE]}, policy: '{"Statement":[]}'}
          resources:
            - {restApiId: r1, id: a, path: /orders, resourceMethods: {GET: {httpMethod: GET, authorizationType: NONE, apiKeyRequired: false}, POST: {httpMethod: POST, authorizationType: COGNITO_USER_POOLS}, OPTIONS: {httpMethod: OPTIONS, authorizationType: NONE}}}
            - {restApiId: r1, id: b, path: /health, resourceMethods: {GET: {httpMethod: GET, authorizationType: NONE, apiKeyRequired: true}}}
            - {restApiId: r2, id: c, path: /, resourceMethods: {GET: {httpMethod: GET, authorizationType: AWS_IAM}}}
          stages:
            - restApiId: r1
              stageName: prod
              cacheClusterEnabled: true
              tracingEnabled: false
              methodSettings: {"*/*": {loggingLevel: "OFF", cachingEnabled: true, cacheDataEncrypted: false}}
            - restApiId: r2
              stageName: prod
              accessLogSettings: {destinationArn: "arn:aws:logs:ap-northeast-1:123456789012:log-group:api", format: "$context.requestId"}
              clientCertificateId: cc1
              tracingEnabled: true
              webAclArn: arn:aws:wafv2:ap-northeast-1:123456789012:regional/webacl/api/1
              methodSettings: {"*/*": {loggingLevel: ERROR}}
          apis:
            - {apiId: h1, name: shop-http, protocolType: HTTP, apiEndpoint: "https://h1.execute-api.ap-northeast-1.amazonaws.com"}
            - {apiId: w1, name: chat, protocolType: WEBSOCKET, apiEndpoint: "wss://w1.execute-api.ap-northeast-1.amazonaws.com", disableExecuteApiEndpoint: false}
          routes:
            - {apiId: h1, routeId: x1, routeKey: "GET /items", authorizationType: NONE}
            - {apiId: h1, routeId: x2, routeKey: "POST /items", authorizationType: JWT, authorizerId: j}
            - {apiId: w1, routeId: y1, routeKey: $connect, authorizationType: CUSTOM}
            - {apiId: w1, routeId: y2, routeKey: sendMessage, authorizationType: NONE}
          api_stages:
            - {apiId: h1, stageName: $default, autoDeploy: true}
            - {apiId: w1, stageName: prod, accessLogSettings: {destinationArn: "arn:aws:logs:ap-northeast-1:123456789012:log-group:ws", format: "$context.requestId"}, defaultRouteSettings: {loggingLevel: INFO}}
`

func TestAPIGateway(t *testing.T) {
	got := collect(t, world(t, apigatewayWorld), awsemu.Faults{}, "apigateway")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	want := map[string]any{
		"arn": "arn:aws:apigateway:ap-northeast-1::/restapis/r1", "id": "r1", "name": "orders", "endpoint_types": []any{"REGIONAL"},
		"private": false, "execute_api_endpoint_disabled": false, "internet_facing": true, "has_resource_policy": false,
		"unauthenticated_methods": []any{"GET /orders"},
	}
	if d := cmp.Diff(want, got.byName(t, "aws_apigateway_rest_api", "orders").Attributes); d != "" {
		t.Errorf("orders (-want +got):\n%s", d)
	}
	if v := got.byName(t, "aws_apigateway_rest_api", "internal").Attributes; v["internet_facing"] != false || len(v["unauthenticated_methods"].([]any)) != 0 {
		t.Errorf("internal: %v", v)
	}
	wantStage := map[string]any{
		"arn": "arn:aws:apigateway:ap-northeast-1::/restapis/r1/stages/prod", "rest_api_id": "r1", "rest_api_name": "orders", "stage_name": "prod",
		"access_logging": false, "execution_logging_level": "OFF", "client_certificate": false, "cache_enabled": true,
		"cache_unencrypted": true, "tracing_enabled": false, "web_acl_arn": "", "waf_attached": false, "internet_facing": true,
	}
	if d := cmp.Diff(wantStage, got.byName(t, "aws_apigateway_stage", "orders/prod").Attributes); d != "" {
		t.Errorf("orders/prod (-want +got):\n%s", d)
	}
	s := got.byName(t, "aws_apigateway_stage", "internal/prod").Attributes
	for k, v := range map[string]any{"access_logging": true, "execution_logging_level": "ERROR", "client_certificate": true, "tracing_enabled": true, "waf_attached": true, "cache_unencrypted": false} {
		if s[k] != v {
			t.Errorf("internal/prod %s = %v, want %v", k, s[k], v)
		}
	}
	if d := cmp.Diff([]any{"GET /items"}, got.byName(t, "aws_apigatewayv2_api", "shop-http").Attributes["unauthorized_routes"]); d != "" {
		t.Errorf("shop-http routes: %s", d)
	}
	if d := cmp.Diff([]any{}, got.byName(t, "aws_apigatewayv2_api", "chat").Attributes["unauthorized_routes"]); d != "" {
		t.Errorf("chat routes (only $connect is judged): %s", d)
	}
	if v := got.byName(t, "aws_apigatewayv2_stage", "shop-http/$default").Attributes; v["access_logging"] != false || v["auto_deploy"] != true {
		t.Errorf("shop-http/$default: %v", v)
	}
	if v := got.byName(t, "aws_apigatewayv2_stage", "chat/prod").Attributes; v["access_logging"] != true || v["execution_logging_level"] != "INFO" {
		t.Errorf("chat/prod: %v", v)
	}
}

func TestAPIGatewayResourcesDenied(t *testing.T) {
	got := collect(t, world(t, apigatewayWorld), awsemu.Faults{Deny: []string{"apigateway:GetResources#r1"}}, "apigateway")
	if len(got.Errors) != 1 {
		t.Fatalf("errors: %v", got.Errors)
	}
	if _, ok := got.byName(t, "aws_apigateway_rest_api", "orders").Attributes["unauthenticated_methods"]; ok {
		t.Error("unauthenticated_methods set although the methods could not be read")
	}
	got.byName(t, "aws_apigateway_stage", "orders/prod")
}

const route53World = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1]
    route53:
      hosted_zones:
        - Id: /hostedzone/Z1PUBLIC
          Name: example.jp.
          CallerReference: a
          Config: {PrivateZone: false}
          ResourceRecordSetCount: 4
          DNSSEC: {Status: {ServeSignature: SIGNING}, KeySigningKeys: [{Name: ksk1, Status: ACTIVE}]}
        - Id: /hostedzone/Z2PRIVATE
          Name: corp.internal.
          CallerReference: b
          Config: {PrivateZone: true}
          ResourceRecordSetCount: 1
      records:
        - {HostedZoneId: Z1PUBLIC, Name: example.jp., Type: A, AliasTarget: {HostedZoneId: Z2M4EHUR26P7ZW, DNSName: s3-website-ap-northeast-1.amazonaws.com., EvaluateTargetHealth: false}}
        - {HostedZoneId: Z1PUBLIC, Name: img.example.jp., Type: CNAME, TTL: 300, ResourceRecords: [{Value: old-images.s3.ap-northeast-1.amazonaws.com}]}
        - {HostedZoneId: Z1PUBLIC, Name: www.example.jp., Type: CNAME, TTL: 300, ResourceRecords: [{Value: d111.cloudfront.net}]}
        - {HostedZoneId: Z1PUBLIC, Name: mail.example.jp., Type: A, TTL: 300, ResourceRecords: [{Value: 203.0.113.10}]}
        - {HostedZoneId: Z2PRIVATE, Name: db.corp.internal., Type: CNAME, TTL: 60, ResourceRecords: [{Value: db.cluster-1.ap-northeast-1.rds.amazonaws.com}]}
      query_logging_configs:
        - {Id: q1, HostedZoneId: Z1PUBLIC, CloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/example.jp"}
`

func TestRoute53(t *testing.T) {
	got := collect(t, world(t, route53World), awsemu.Faults{}, "route53")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	want := map[string]any{
		"id": "Z1PUBLIC", "name": "example.jp", "private": false, "record_count": 4, "dnssec_signing": true, "query_logging": true,
		"s3_targets": []any{
			map[string]any{"record": "example.jp", "type": "A", "bucket": "example.jp"},
			map[string]any{"record": "img.example.jp", "type": "CNAME", "bucket": "old-images"},
		},
	}
	z := got.byName(t, "aws_route53_hosted_zone", "example.jp")
	if d := cmp.Diff(want, z.Attributes); d != "" {
		t.Errorf("example.jp (-want +got):\n%s", d)
	}
	p := got.byName(t, "aws_route53_hosted_zone", "corp.internal").Attributes
	if _, ok := p["dnssec_signing"]; ok || p["private"] != true || p["record_count"] != 1 {
		t.Errorf("private zone: %v (DNSSEC is not asked of a private zone)", p)
	}
}

func TestRoute53Unsigned(t *testing.T) {
	w := world(t, strings.Replace(route53World, "DNSSEC: {Status: {ServeSignature: SIGNING}, KeySigningKeys: [{Name: ksk1, Status: ACTIVE}]}", "", 1))
	got := collect(t, w, awsemu.Faults{Deny: []string{"route53:ListResourceRecordSets#Z1PUBLIC"}}, "route53")
	if len(got.Errors) != 1 {
		t.Fatalf("errors: %v", got.Errors)
	}
	z := got.byName(t, "aws_route53_hosted_zone", "example.jp").Attributes
	if z["dnssec_signing"] != false {
		t.Errorf("dnssec_signing = %v", z["dnssec_signing"])
	}
	if _, ok := z["s3_targets"]; ok {
		t.Error("s3_targets set although the records could not be read")
	}
}

func TestSSM(t *testing.T) {
	w := world(t, `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1]
    per_region:
      ap-northeast-1:
        ssm:
          parameters:
            - {Name: /shop/prod/db_password, Type: String, Tier: Standard, Value: hunter2-must-never-appear}
            - {Name: /shop/prod/api-key, Type: SecureString, KeyId: alias/aws/ssm, Tier: Standard}
            - {Name: /shop/prod/feature-flags, Type: StringList}
          instances:
            - {InstanceId: i-1, PingStatus: Online, PlatformType: Linux, PlatformName: Amazon Linux, AgentVersion: 3.3.0.0, ResourceType: EC2Instance}
            - {InstanceId: i-2, PingStatus: ConnectionLost, PlatformType: Windows, ResourceType: EC2Instance}
            - {InstanceId: i-3, PingStatus: Online, PlatformType: Linux, ResourceType: EC2Instance}
          patch_states:
            - {InstanceId: i-1, BaselineId: pb-1, PatchGroup: web, Operation: Scan, OperationStartTime: 1764000000, OperationEndTime: 1764000100, MissingCount: 3, FailedCount: 0, CriticalNonCompliantCount: 1}
            - {InstanceId: i-2, BaselineId: pb-1, PatchGroup: web, Operation: Install, OperationStartTime: 1764000000, OperationEndTime: 1764000100, MissingCount: 0, FailedCount: 0}
          documents:
            - {Name: restart-shop, DocumentType: Command, Owner: "123456789012", Permission: {AccountIds: [all]}}
            - {Name: rotate-logs, DocumentType: Command, Owner: "123456789012", Permission: {AccountIds: ["210987654321"]}}
            - {Name: private-doc, DocumentType: Automation, Owner: "123456789012"}
`)
	got := collect(t, w, awsemu.Faults{}, "ssm")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	for _, r := range got.Resources {
		for k, v := range r.Attributes {
			if strings.Contains(fmt.Sprint(v), "hunter2") {
				t.Fatalf("%s: a parameter value reached attribute %s", r.Name, k)
			}
		}
	}
	p := got.byName(t, "aws_ssm_parameter", "/shop/prod/db_password").Attributes
	if p["secure_string"] != false || p["name_looks_secret"] != true || p["type"] != "String" {
		t.Errorf("db_password: %v", p)
	}
	if p := got.byName(t, "aws_ssm_parameter", "/shop/prod/api-key").Attributes; p["secure_string"] != true || p["name_looks_secret"] != true {
		t.Errorf("api-key: %v", p)
	}
	if p := got.byName(t, "aws_ssm_parameter", "/shop/prod/feature-flags").Attributes; p["name_looks_secret"] != false {
		t.Errorf("feature-flags: %v", p)
	}
	i1 := got.byName(t, "aws_ssm_managed_instance", "i-1").Attributes
	if i1["patch_compliant"] != false || i1["missing_patches"] != 3 || i1["critical_non_compliant"] != 1 || i1["ping_status"] != "Online" {
		t.Errorf("i-1: %v", i1)
	}
	if i2 := got.byName(t, "aws_ssm_managed_instance", "i-2").Attributes; i2["patch_compliant"] != true {
		t.Errorf("i-2: %v", i2)
	}
	if i3 := got.byName(t, "aws_ssm_managed_instance", "i-3").Attributes; i3["patch_state_reported"] != false {
		t.Errorf("i-3: %v", i3)
	}
	for name, want := range map[string]bool{"restart-shop": true, "rotate-logs": false, "private-doc": false} {
		if got.byName(t, "aws_ssm_document", name).Attributes["public"] != want {
			t.Errorf("%s: public != %v", name, want)
		}
	}
}

func TestAccessAnalyzer(t *testing.T) {
	w := world(t, `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, us-east-1, eu-west-1]
    per_region:
      ap-northeast-1:
        access-analyzer:
          analyzers:
            - {arn: "arn:aws:access-analyzer:ap-northeast-1:123456789012:analyzer/external", name: external, type: ACCOUNT, status: ACTIVE, createdAt: "2024-04-01T00:00:00Z"}
      us-east-1:
        access-analyzer:
          analyzers:
            - {arn: "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/unused", name: unused, type: ACCOUNT_UNUSED_ACCESS, status: ACTIVE, createdAt: "2024-04-01T00:00:00Z"}
      eu-west-1:
        access-analyzer:
          analyzers:
            - {arn: "arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/org", name: org, type: ORGANIZATION, status: FAILED, createdAt: "2024-04-01T00:00:00Z"}
`)
	got := collectIn(t, w, awsemu.Faults{}, []string{"ap-northeast-1", "us-east-1", "eu-west-1"}, "accessanalyzer")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	for region, want := range map[string]bool{"ap-northeast-1": true, "us-east-1": false, "eu-west-1": false} {
		if v := got.byName(t, "aws_accessanalyzer_region", region).Attributes["external_access_enabled"]; v != want {
			t.Errorf("%s: external_access_enabled = %v, want %v", region, v, want)
		}
	}
	if d := cmp.Diff([]any{map[string]any{"name": "unused", "arn": "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/unused",
		"type": "ACCOUNT_UNUSED_ACCESS", "status": "ACTIVE", "external_access": false}},
		got.byName(t, "aws_accessanalyzer_region", "us-east-1").Attributes["analyzers"]); d != "" {
		t.Error(d)
	}
}

func TestInspectorAndDetective(t *testing.T) {
	w := world(t, `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, us-east-1]
    per_region:
      ap-northeast-1:
        inspector2:
          account_status:
            - {accountId: "123456789012", state: {status: ENABLED}, resourceState: {ec2: {status: ENABLED}, ecr: {status: DISABLED}, lambda: {status: ENABLED}, lambdaCode: {status: DISABLED}}}
        detective:
          invitations:
            - {AccountId: "123456789012", GraphArn: "arn:aws:detective:ap-northeast-1:999999999999:graph:abc", Status: ENABLED}
      us-east-1:
        detective:
          invitations:
            - {AccountId: "123456789012", GraphArn: "arn:aws:detective:us-east-1:999999999999:graph:def", Status: INVITED}
`)
	got := collectIn(t, w, awsemu.Faults{}, []string{"ap-northeast-1", "us-east-1"}, "inspector2", "detective")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	want := map[string]any{"status": "ENABLED", "ec2_scanning": true, "ecr_scanning": false, "lambda_scanning": true, "lambda_code_scanning": false}
	if d := cmp.Diff(want, got.byName(t, "aws_inspector2_region", "ap-northeast-1").Attributes); d != "" {
		t.Errorf("inspector ap-northeast-1 (-want +got):\n%s", d)
	}
	if v := got.byName(t, "aws_inspector2_region", "us-east-1").Attributes; v["ec2_scanning"] != false || v["status"] != "DISABLED" {
		t.Errorf("inspector us-east-1: %v", v)
	}
	if v := got.byName(t, "aws_detective_region", "ap-northeast-1").Attributes; v["enabled"] != true {
		t.Errorf("detective ap-northeast-1 (member of an enabled graph): %v", v)
	}
	if v := got.byName(t, "aws_detective_region", "us-east-1").Attributes; v["enabled"] != false {
		t.Errorf("detective us-east-1 (only invited): %v", v)
	}
}

func TestBackup(t *testing.T) {
	w := world(t, `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1]
    per_region:
      ap-northeast-1:
        backup:
          vaults:
            - {BackupVaultName: Default, BackupVaultArn: "arn:aws:backup:ap-northeast-1:123456789012:backup-vault:Default", EncryptionKeyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/1", NumberOfRecoveryPoints: 12, Locked: false, VaultType: BACKUP_VAULT}
            - BackupVaultName: locked
              BackupVaultArn: "arn:aws:backup:ap-northeast-1:123456789012:backup-vault:locked"
              NumberOfRecoveryPoints: 30
              Locked: true
              MinRetentionDays: 35
              VaultType: BACKUP_VAULT
              AccessPolicy: {BackupVaultName: locked, Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"backup:CopyIntoBackupVault","Resource":"*"}]}'}
`)
	got := collect(t, w, awsemu.Faults{}, "backup")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	want := map[string]any{"arn": "arn:aws:backup:ap-northeast-1:123456789012:backup-vault:Default", "name": "Default", "vault_type": "BACKUP_VAULT",
		"locked": false, "min_retention_days": 0, "recovery_points": 12, "encryption_key_arn": "arn:aws:kms:ap-northeast-1:123456789012:key/1",
		"has_access_policy": false, "policy_public": false, "policy_public_reasons": []any{}}
	if d := cmp.Diff(want, got.byName(t, "aws_backup_vault", "Default").Attributes); d != "" {
		t.Errorf("Default (-want +got):\n%s", d)
	}
	l := got.byName(t, "aws_backup_vault", "locked").Attributes
	if l["locked"] != true || l["min_retention_days"] != 35 || l["policy_public"] != true || l["has_access_policy"] != true {
		t.Errorf("locked: %v", l)
	}
	denied := collect(t, w, awsemu.Faults{Deny: []string{"backup:GetBackupVaultAccessPolicy#locked"}}, "backup")
	if len(denied.Errors) != 1 {
		t.Fatalf("errors: %v", denied.Errors)
	}
	if _, ok := denied.byName(t, "aws_backup_vault", "locked").Attributes["policy_public"]; ok {
		t.Error("policy_public set although the policy could not be read")
	}
}

// Custom domain names through the v2 API on the demo world: the order API's
// TLS 1.0 domain and the partner API's, with their mappings; a denied
// mapping list is an ERROR against the domain type, the domain still
// emitted without its mappings.
func TestAPIGatewayDomainNames(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "apigateway")
	if len(got.Errors) != 0 {
		t.Fatal(got.Errors)
	}
	want := map[string]any{
		"domain_name": "api.sakura-shop.example", "security_policy": "TLS_1_0", "endpoint_type": "REGIONAL", "mutual_tls": false,
		"target_domain_name": "d-abc123def4.execute-api.ap-northeast-1.amazonaws.com",
		"api_mappings":       []any{map[string]any{"api_id": "k3x9m2p7q1", "stage": "prod", "key": "orders"}},
	}
	if d := cmp.Diff(want, got.byName(t, "aws_apigatewayv2_domain_name", "api.sakura-shop.example").Attributes); d != "" {
		t.Errorf("api.sakura-shop.example (-want +got):\n%s", d)
	}
	denied := collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"apigateway:GetApiMappings#partner.sakura-shop.example"}}, "apigateway")
	if len(denied.Errors) != 1 || denied.Errors[0].Types[0] != "aws_apigatewayv2_domain_name" {
		t.Fatalf("errors = %+v", denied.Errors)
	}
	if _, ok := denied.byName(t, "aws_apigatewayv2_domain_name", "partner.sakura-shop.example").Attributes["api_mappings"]; ok {
		t.Error("api_mappings set although they could not be read")
	}
}
