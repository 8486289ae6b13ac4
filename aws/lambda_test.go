package aws

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori/awsemu"
)

const lambdaWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, ap-northeast-3]
    per_region:
      ap-northeast-1:
        lambda:
          functions:
            - FunctionName: public-api
              FunctionArn: arn:aws:lambda:ap-northeast-1:123456789012:function:public-api
              Runtime: python3.8
              Role: arn:aws:iam::123456789012:role/api
              Handler: app.handler
              PackageType: Zip
              Environment:
                Variables: {DB_PASSWORD: hunter2-not-a-real-one, STAGE: prod, KEY_ARN: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db", LEGACY: AKIAABCDEFGHIJKLMNOP}
              TracingConfig: {Mode: PassThrough}
              Policy:
                Policy: '{"Version":"2012-10-17","Statement":[{"Sid":"url","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"*"}]}'
              Urls: [{FunctionUrl: "https://abc.lambda-url.ap-northeast-1.on.aws/", AuthType: NONE, Cors: {AllowOrigins: ["*"]}}]
            - FunctionName: worker
              FunctionArn: arn:aws:lambda:ap-northeast-1:123456789012:function:worker
              Runtime: python3.13
              VpcConfig: {VpcId: vpc-1, SubnetIds: [subnet-a]}
              TracingConfig: {Mode: Active}
              Policy:
                Policy: '{"Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::uploads"}}}]}'
      ap-northeast-3:
        unavailable: [lambda]
`

func TestLambda(t *testing.T) {
	got := collect(t, world(t, lambdaWorld), awsemu.Faults{}, "lambda")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v (a service not offered in a region is not a failure)", got.Errors)
	}
	for k := range got.Stats.PerKey {
		if strings.Contains(k, "ap-northeast-3") {
			t.Errorf("%s reached the emulator; the region has no Lambda endpoint", k)
		}
	}
	fns := got.byType("aws_lambda_function")
	if len(fns) != 2 {
		t.Fatalf("got %d functions, want 2", len(fns))
	}
	api := got.byName(t, "aws_lambda_function", "public-api").Attributes
	want := map[string]any{
		"arn": "arn:aws:lambda:ap-northeast-1:123456789012:function:public-api", "function_name": "public-api",
		"runtime": "python3.8", "runtime_deprecation_date": "2024-10-14T00:00:00Z", "package_type": "Zip",
		"role": "arn:aws:iam::123456789012:role/api", "handler": "app.handler", "kms_key_arn": "",
		"vpc_id": nil, "subnet_ids": []any{}, "tracing_mode": "PassThrough", "dead_letter_target": nil,
		"env_var_names":   []any{"DB_PASSWORD", "KEY_ARN", "LEGACY", "STAGE"},
		"env_secret_like": []any{"DB_PASSWORD", "LEGACY"},
		"policy_public":   true, "policy_public_reasons": []any{`statement "url" allows anyone lambda:InvokeFunctionUrl`},
		"url_auth_type": "NONE", "url_cors_allow_origins": []any{"*"},
	}
	if d := cmp.Diff(want, api); d != "" {
		t.Errorf("public-api (-want +got):\n%s", d)
	}
	for _, r := range got.Resources {
		for k, v := range r.Attributes {
			if s, ok := v.(string); ok && (strings.Contains(s, "hunter2") || strings.Contains(s, "AKIAABCD")) {
				t.Errorf("%s: attribute %s holds a secret value", r.Name, k)
			}
		}
	}
	w := got.byName(t, "aws_lambda_function", "worker").Attributes
	if w["policy_public"] != false || w["url_auth_type"] != nil || w["vpc_id"] != "vpc-1" || w["runtime_deprecation_date"] != nil {
		t.Errorf("worker: %v", w)
	}
}

// A function deleted between the list and its per-function calls is gone,
// not an error; a call denied on one function is an error naming the call.
func TestLambdaGoneAndDenied(t *testing.T) {
	got := collect(t, world(t, lambdaWorld), awsemu.Faults{Gone: []string{"lambda:worker"}}, "lambda")
	if len(got.Errors) != 0 || len(got.byType("aws_lambda_function")) != 1 {
		t.Fatalf("gone: %d functions, errors %v; want 1 and none", len(got.byType("aws_lambda_function")), got.Errors)
	}
	got = collect(t, world(t, lambdaWorld), awsemu.Faults{Deny: []string{"lambda:GetPolicy#public-api"}}, "lambda")
	if len(got.Errors) != 1 || got.Errors[0].Action != "lambda:GetPolicy" || !strings.Contains(got.Errors[0].Message, "AccessDenied") {
		t.Fatalf("denied: errors = %+v", got.Errors)
	}
	api := got.byName(t, "aws_lambda_function", "public-api").Attributes
	if _, ok := api["policy_public"]; ok {
		t.Error("policy_public set although the policy could not be read (a check would PASS silently)")
	}
}
