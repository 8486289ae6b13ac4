package aws

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori/awsemu"
)

// Macie, Glue, Athena, SageMaker, Bedrock and Cognito (h-awsa), each read
// through its real SDK client. Tokyo has one good and one bad of each; in
// Osaka Macie was never enabled and SageMaker is not offered.
const awsaWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, ap-northeast-3]
    per_region:
      ap-northeast-3:
        unavailable: [sagemaker]
      ap-northeast-1:
        macie2:
          session: [{status: ENABLED, findingPublishingFrequency: SIX_HOURS, serviceRole: "arn:aws:iam::123456789012:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie"}]
          automated_discovery: [{status: ENABLED}]
          export_configuration: [{s3Destination: {bucketName: macie-results, kmsKeyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/1"}}]
        glue:
          security_configurations:
            - {Name: encrypted, EncryptionConfiguration: {S3Encryption: [{S3EncryptionMode: SSE-KMS, KmsKeyArn: k}], CloudWatchEncryption: {CloudWatchEncryptionMode: SSE-KMS, KmsKeyArn: k}, JobBookmarksEncryption: {JobBookmarksEncryptionMode: CSE-KMS, KmsKeyArn: k}}}
          jobs:
            - {Name: nightly-etl, Role: etl, Command: {Name: glueetl}, GlueVersion: "4.0", SecurityConfiguration: encrypted, DefaultArguments: {"--enable-continuous-cloudwatch-log": "true", "--db_secret_arn": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db"}}
            - {Name: legacy-import, Role: etl, Command: {Name: glueetl}, GlueVersion: "1.0", DefaultArguments: {"--db_password": "hunter2", "--table": "orders"}}
          ml_transforms:
            - {TransformId: tfm-1, Name: dedupe, TransformEncryption: {MlUserDataEncryption: {MlUserDataEncryptionMode: SSE-KMS, KmsKeyId: k}}}
            - {TransformId: tfm-2, Name: match-old}
          databases: [{Name: sales}]
          catalog_encryption: [{EncryptionAtRest: {CatalogEncryptionMode: SSE-KMS, SseAwsKmsKeyId: k}, ConnectionPasswordEncryption: {ReturnConnectionPasswordEncrypted: false}}]
          catalog_policy: [{PolicyInJson: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"glue:GetTable","Resource":"*"}]}'}]
        athena:
          work_groups:
            - {Name: primary, State: ENABLED, Configuration: {ResultConfiguration: {OutputLocation: "s3://athena-results/"}, EnforceWorkGroupConfiguration: false, PublishCloudWatchMetricsEnabled: false}}
            - {Name: analysts, State: ENABLED, Configuration: {ResultConfiguration: {OutputLocation: "s3://athena-results/analysts/", EncryptionConfiguration: {EncryptionOption: SSE_KMS, KmsKey: k}}, EnforceWorkGroupConfiguration: true, PublishCloudWatchMetricsEnabled: true, BytesScannedCutoffPerQuery: 10737418240}}
        sagemaker:
          notebook_instances:
            - {NotebookInstanceName: open-nb, NotebookInstanceArn: "arn:aws:sagemaker:ap-northeast-1:123456789012:notebook-instance/open-nb", NotebookInstanceStatus: InService, InstanceType: ml.t3.medium, DirectInternetAccess: Enabled, RootAccess: Enabled, PlatformIdentifier: notebook-al2-v1, RoleArn: r}
            - {NotebookInstanceName: vpc-nb, NotebookInstanceArn: "arn:aws:sagemaker:ap-northeast-1:123456789012:notebook-instance/vpc-nb", NotebookInstanceStatus: Stopped, InstanceType: ml.t3.medium, SubnetId: subnet-1, SecurityGroups: [sg-1], DirectInternetAccess: Disabled, RootAccess: Disabled, PlatformIdentifier: notebook-al2023-v1, KmsKeyId: k, InstanceMetadataServiceConfiguration: {MinimumInstanceMetadataServiceVersion: "2"}, RoleArn: r}
          endpoint_configs:
            - {EndpointConfigName: churn, EndpointConfigArn: "arn:aws:sagemaker:ap-northeast-1:123456789012:endpoint-config/churn", ProductionVariants: [{VariantName: main, ModelName: churn, InitialInstanceCount: 1, InstanceType: ml.m5.large}, {VariantName: sls, ModelName: churn, ServerlessConfig: {MemorySizeInMB: 2048, MaxConcurrency: 5}}]}
          models:
            - {ModelName: churn, ModelArn: "arn:aws:sagemaker:ap-northeast-1:123456789012:model/churn", ExecutionRoleArn: r, EnableNetworkIsolation: false, PrimaryContainer: {Image: img, Environment: {API_TOKEN: "abc123", MODEL_DIR: /opt/ml}}}
          domains:
            - {DomainId: d-1, DomainArn: "arn:aws:sagemaker:ap-northeast-1:123456789012:domain/d-1", DomainName: studio, Status: InService, AppNetworkAccessType: PublicInternetOnly, VpcId: vpc-1, SubnetIds: [subnet-1]}
        bedrock:
          invocation_logging: [{cloudWatchConfig: {logGroupName: bedrock-invocations, roleArn: r}, textDataDeliveryEnabled: true}]
          guardrails:
            - id: g1
              guardrailId: g1
              arn: arn:aws:bedrock:ap-northeast-1:123456789012:guardrail/g1
              guardrailArn: arn:aws:bedrock:ap-northeast-1:123456789012:guardrail/g1
              name: support-bot
              version: DRAFT
              status: READY
              contentPolicy: {filters: [{type: PROMPT_ATTACK, inputStrength: HIGH, outputStrength: NONE}, {type: HATE, inputStrength: HIGH, outputStrength: HIGH}, {type: SEXUAL, inputStrength: LOW, outputStrength: HIGH}]}
              sensitiveInformationPolicy: {piiEntities: [{type: EMAIL, action: ANONYMIZE}]}
        cognito-idp:
          user_pools:
            - Id: ap-northeast-1_good
              Name: members
              Arn: arn:aws:cognito-idp:ap-northeast-1:123456789012:userpool/ap-northeast-1_good
              MfaConfiguration: "ON"
              DeletionProtection: ACTIVE
              UserPoolAddOns: {AdvancedSecurityMode: ENFORCED}
              AdminCreateUserConfig: {AllowAdminCreateUserOnly: true}
              Policies: {PasswordPolicy: {MinimumLength: 12, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 3}}
            - Id: ap-northeast-1_weak
              Name: campaign
              LambdaConfig: {DefineAuthChallenge: "arn:aws:lambda:ap-northeast-1:123456789012:function:define"}
              Policies: {PasswordPolicy: {MinimumLength: 6, RequireUppercase: false, RequireLowercase: true, RequireNumbers: false, RequireSymbols: false, TemporaryPasswordValidityDays: 30}}
        cognito-identity:
          identity_pools:
            - {IdentityPoolId: "ap-northeast-1:guest", IdentityPoolName: guest, AllowUnauthenticatedIdentities: true, AllowClassicFlow: true}
            - {IdentityPoolId: "ap-northeast-1:members", IdentityPoolName: members, AllowUnauthenticatedIdentities: false, CognitoIdentityProviders: [{ProviderName: "cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_good", ClientId: c}]}
`

var awsaServices = []string{"macie", "glue", "athena", "sagemaker", "bedrock", "cognito"}

func TestAWSAServices(t *testing.T) {
	got := collectIn(t, world(t, awsaWorld), awsemu.Faults{}, []string{"ap-northeast-1", "ap-northeast-3"}, awsaServices...)
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	check := func(typ, name string, want map[string]any) {
		t.Helper()
		a := got.byName(t, typ, name).Attributes
		for k, v := range want {
			if d := cmp.Diff(v, a[k]); d != "" {
				t.Errorf("%s %s: %s (-want +got):\n%s", typ, name, k, d)
			}
		}
	}
	// Macie: on in Tokyo, never enabled in Osaka (a finding, not a failure).
	check("aws_macie_region", "ap-northeast-1", map[string]any{"enabled": true, "status": "ENABLED", "automated_discovery": true,
		"results_repository": true, "results_bucket": "macie-results"})
	check("aws_macie_region", "ap-northeast-3", map[string]any{"enabled": false, "status": "DISABLED", "automated_discovery": false, "results_repository": false})

	check("aws_glue_job", "nightly-etl", map[string]any{"spark": true, "glue_version": "4.0", "s3_encryption": "SSE-KMS",
		"cloudwatch_encryption": "SSE-KMS", "bookmarks_encryption": "CSE-KMS", "continuous_logging": true, "secret_arguments": []any{}})
	// The password's name is reported, never its value.
	check("aws_glue_job", "legacy-import", map[string]any{"glue_version": "1.0", "s3_encryption": "DISABLED", "cloudwatch_encryption": "DISABLED",
		"bookmarks_encryption": "DISABLED", "secret_arguments": []any{"--db_password"}})
	for _, r := range got.Resources {
		for k, v := range r.Attributes {
			if strings.Contains(fmtAny(v), "hunter2") || strings.Contains(fmtAny(v), "abc123") {
				t.Errorf("%s %s: %s holds a secret value", r.Type, r.Name, k)
			}
		}
	}
	check("aws_glue_ml_transform", "dedupe", map[string]any{"encrypted": true})
	check("aws_glue_ml_transform", "match-old", map[string]any{"encrypted": false, "user_data_encryption": "DISABLED"})
	check("aws_glue_data_catalog", "ap-northeast-1", map[string]any{"metadata_encrypted": true, "connection_password_encrypted": false,
		"has_policy": true, "policy_public": true, "databases": 1})
	check("aws_glue_data_catalog", "ap-northeast-3", map[string]any{"metadata_encrypted": false, "has_policy": false, "policy_public": false, "databases": 0})

	check("aws_athena_workgroup", "primary", map[string]any{"results_encrypted": false, "enforce_configuration": false,
		"publish_cloudwatch_metrics": false, "bytes_scanned_cutoff": 0})
	check("aws_athena_workgroup", "analysts", map[string]any{"results_encrypted": true, "encryption_option": "SSE_KMS",
		"enforce_configuration": true, "publish_cloudwatch_metrics": true, "bytes_scanned_cutoff": 10737418240})

	check("aws_sagemaker_notebook_instance", "open-nb", map[string]any{"direct_internet_access": true, "root_access": true, "in_vpc": false,
		"platform_identifier": "notebook-al2-v1", "minimum_imds_version": "1", "kms_key_id": ""})
	check("aws_sagemaker_notebook_instance", "vpc-nb", map[string]any{"direct_internet_access": false, "root_access": false, "in_vpc": true,
		"minimum_imds_version": "2"})
	check("aws_sagemaker_endpoint_configuration", "churn", map[string]any{"variants": []any{"main", "sls"}, "single_instance_variants": []any{"main"}})
	check("aws_sagemaker_model", "churn", map[string]any{"network_isolation": false, "in_vpc": false, "secret_environment": []any{"API_TOKEN"}})
	check("aws_sagemaker_domain", "studio", map[string]any{"app_network_access_type": "PublicInternetOnly"})
	if n := len(got.byType("aws_sagemaker_notebook_instance")); n != 2 {
		t.Errorf("%d notebook instances, want 2 (SageMaker is not offered in Osaka: nothing there, no error)", n)
	}

	check("aws_bedrock_region", "ap-northeast-1", map[string]any{"logging_enabled": true, "log_group": "bedrock-invocations", "guardrails": 1})
	check("aws_bedrock_region", "ap-northeast-3", map[string]any{"logging_enabled": false, "guardrails": 0})
	check("aws_bedrock_guardrail", "support-bot", map[string]any{"prompt_attack_filter": "HIGH", "content_filters": []any{"HATE", "SEXUAL"},
		"weak_content_filters": []any{"SEXUAL"}, "pii_entities": 1})

	check("aws_cognito_user_pool", "members", map[string]any{"mfa_configuration": "ON", "deletion_protection": true, "threat_protection": "ENFORCED",
		"self_sign_up": false, "password_min_length": 12, "custom_auth": false})
	check("aws_cognito_user_pool", "campaign", map[string]any{"mfa_configuration": "OFF", "deletion_protection": false, "threat_protection": "OFF",
		"self_sign_up": true, "password_min_length": 6, "password_require_symbols": false, "temporary_password_days": 30, "custom_auth": true,
		"custom_auth_threat_protection": ""})
	check("aws_cognito_identity_pool", "guest", map[string]any{"allow_unauthenticated": true, "allow_classic_flow": true, "identity_providers": 0})
	check("aws_cognito_identity_pool", "members", map[string]any{"allow_unauthenticated": false, "allow_classic_flow": false, "identity_providers": 1})
}

func fmtAny(v any) string {
	var b strings.Builder
	switch x := v.(type) {
	case string:
		return x
	case []any:
		for _, e := range x {
			b.WriteString(fmtAny(e) + " ")
		}
	case map[string]any:
		for k, e := range x {
			b.WriteString(k + "=" + fmtAny(e) + " ")
		}
	}
	return b.String()
}

// A resource deleted between the list and the describe is left out (no
// finding to make, no error); a describe denied for one resource is an
// ERROR for its type in that region, and the others are still read.
func TestAWSAGoneAndDenied(t *testing.T) {
	f := awsemu.Faults{
		Gone: []string{"sagemaker:open-nb", "athena:primary", "cognito-idp:ap-northeast-1_weak", "bedrock:g1", "cognito-identity:ap-northeast-1:guest"},
		Deny: []string{"sagemaker:DescribeModel#churn", "athena:GetWorkGroup#analysts", "cognito-identity:DescribeIdentityPool#ap-northeast-1:members"},
	}
	got := collectIn(t, world(t, awsaWorld), f, []string{"ap-northeast-1"}, awsaServices...)
	for _, typ := range []string{"aws_sagemaker_model", "aws_athena_workgroup", "aws_cognito_identity_pool", "aws_bedrock_guardrail"} {
		if n := len(got.byType(typ)); n != 0 {
			t.Errorf("%d %s, want none (gone or denied)", n, typ)
		}
	}
	got.byName(t, "aws_sagemaker_notebook_instance", "vpc-nb")
	got.byName(t, "aws_cognito_user_pool", "members")
	if n := len(got.byType("aws_cognito_user_pool")); n != 1 {
		t.Errorf("%d user pools, want 1", n)
	}
	if g := got.byName(t, "aws_bedrock_region", "ap-northeast-1").Attributes["guardrails"]; g != 0 {
		t.Errorf("guardrails = %v, want 0 (the one listed was deleted)", g)
	}
	var denied []string
	for _, e := range got.Errors {
		denied = append(denied, e.Action+" "+strings.Join(e.Types, ","))
	}
	want := []string{"athena:GetWorkGroup aws_athena_workgroup", "cognito-identity:DescribeIdentityPool aws_cognito_identity_pool",
		"sagemaker:DescribeModel aws_sagemaker_model"}
	if d := cmp.Diff(want, sortedStrings(denied)); d != "" {
		t.Errorf("errors (-want +got):\n%s", d)
	}
}

// A setting read after the resource is known (Macie's automated discovery,
// Glue's catalog policy) that is denied removes only the attributes it
// would have set, so the checks reading them are ERROR and the others judge.
func TestAWSASettingDenied(t *testing.T) {
	f := awsemu.Faults{Deny: []string{"macie2:GetAutomatedDiscoveryConfiguration", "glue:GetResourcePolicy"}}
	got := collectIn(t, world(t, awsaWorld), f, []string{"ap-northeast-1"}, "macie", "glue")
	if len(got.Errors) != 2 {
		t.Fatalf("errors: %v", got.Errors)
	}
	m := got.byName(t, "aws_macie_region", "ap-northeast-1").Attributes
	if _, ok := m["automated_discovery"]; ok || m["enabled"] != true {
		t.Errorf("macie: %v", m)
	}
	c := got.byName(t, "aws_glue_data_catalog", "ap-northeast-1").Attributes
	if _, ok := c["policy_public"]; ok || c["metadata_encrypted"] != true {
		t.Errorf("catalog: %v", c)
	}
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// Guardrails that cannot be listed are an ERROR for the guardrail checks;
// the region's invocation logging is still judged, and its guardrail count
// is absent rather than 0.
func TestAWSAGuardrailsDenied(t *testing.T) {
	got := collectIn(t, world(t, awsaWorld), awsemu.Faults{Deny: []string{"bedrock:ListGuardrails"}}, []string{"ap-northeast-1"}, "bedrock")
	if len(got.Errors) != 1 || strings.Join(got.Errors[0].Types, ",") != "aws_bedrock_guardrail" {
		t.Fatalf("errors: %v", got.Errors)
	}
	a := got.byName(t, "aws_bedrock_region", "ap-northeast-1").Attributes
	if _, ok := a["guardrails"]; ok || a["logging_enabled"] != true {
		t.Errorf("region: %v", a)
	}
}
