package aws

import (
	"context"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/mamori-sec/mamori"
)

var lambdaService = &Service{
	Name:    "lambda",
	Types:   []string{"aws_lambda_function"},
	Actions: []string{"lambda:ListFunctions", "lambda:GetPolicy", "lambda:ListFunctionUrlConfigs"},
	Collect: collectLambda,
}

// lambdaDeprecated are the dates AWS stops security patches for a runtime
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html): a
// function on a runtime past its date runs an unpatched language runtime.
var lambdaDeprecated = map[string]string{
	"nodejs":        "2016-10-31",
	"nodejs4.3":     "2020-03-05",
	"nodejs6.10":    "2019-08-12",
	"nodejs8.10":    "2020-03-06",
	"nodejs10.x":    "2021-07-30",
	"nodejs12.x":    "2023-03-31",
	"nodejs14.x":    "2023-12-04",
	"nodejs16.x":    "2024-06-12",
	"nodejs18.x":    "2025-09-01",
	"nodejs20.x":    "2026-04-30",
	"python2.7":     "2021-07-15",
	"python3.6":     "2022-07-18",
	"python3.7":     "2023-12-04",
	"python3.8":     "2024-10-14",
	"python3.9":     "2025-12-15",
	"java8":         "2024-01-08",
	"go1.x":         "2024-01-08",
	"provided":      "2024-01-08",
	"ruby2.5":       "2021-07-30",
	"ruby2.7":       "2023-12-07",
	"ruby3.2":       "2026-03-31",
	"dotnetcore1.0": "2019-07-30",
	"dotnetcore2.0": "2019-05-30",
	"dotnetcore2.1": "2022-01-05",
	"dotnetcore3.1": "2023-04-03",
	"dotnet5.0":     "2022-05-10",
	"dotnet6":       "2024-12-20",
	"dotnet7":       "2024-05-14",
}

// collectLambda emits one aws_lambda_function per function (see
// docs/resources/lambda.md). Environment variables are read for their names
// only: a name or value that looks like a secret is reported by name, and no
// value is ever kept.
func collectLambda(ctx context.Context, r *Run) error {
	cl := lambda.NewFromConfig(r.Config)
	p := lambda.NewListFunctionsPaginator(cl, &lambda.ListFunctionsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, f := range page.Functions {
			name := sdkaws.ToString(f.FunctionName)
			var env map[string]string
			if f.Environment != nil {
				env = f.Environment.Variables
			}
			attrs := map[string]any{
				"arn":                      sdkaws.ToString(f.FunctionArn),
				"function_name":            name,
				"runtime":                  string(f.Runtime),
				"runtime_deprecation_date": nil,
				"package_type":             string(f.PackageType),
				"role":                     sdkaws.ToString(f.Role),
				"handler":                  sdkaws.ToString(f.Handler),
				"kms_key_arn":              sdkaws.ToString(f.KMSKeyArn),
				"vpc_id":                   nil,
				"subnet_ids":               []any{},
				"tracing_mode":             "PassThrough",
				"dead_letter_target":       nil,
				"env_var_names":            anyList(sortedKeys(env)),
				"env_secret_like":          secretLikeEnv(env),
			}
			if d, ok := lambdaDeprecated[string(f.Runtime)]; ok {
				attrs["runtime_deprecation_date"] = d + "T00:00:00Z"
			}
			if v := f.VpcConfig; v != nil && sdkaws.ToString(v.VpcId) != "" {
				attrs["vpc_id"] = sdkaws.ToString(v.VpcId)
				attrs["subnet_ids"] = anyList(v.SubnetIds)
			}
			if f.TracingConfig != nil && f.TracingConfig.Mode != "" {
				attrs["tracing_mode"] = string(f.TracingConfig.Mode)
			}
			if f.DeadLetterConfig != nil && f.DeadLetterConfig.TargetArn != nil {
				attrs["dead_letter_target"] = *f.DeadLetterConfig.TargetArn
			}
			pol, err := cl.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: f.FunctionName})
			switch {
			case err == nil:
				publicPolicy(attrs, sdkaws.ToString(pol.Policy))
			case lambdaGone(err):
				continue // deleted since it was listed: nothing left to judge
			case isCode(err, "ResourceNotFoundException"):
				publicPolicy(attrs, "") // no resource policy
			default:
				r.Fail("lambda:GetPolicy", err)
			}
			// ListFunctionUrlConfigs rather than GetFunctionUrlConfig: the
			// AWS managed SecurityAudit policy grants lambda:List* but not
			// lambda:GetFunctionUrlConfig.
			u, err := cl.ListFunctionUrlConfigs(ctx, &lambda.ListFunctionUrlConfigsInput{FunctionName: f.FunctionName})
			switch {
			case err == nil:
				// A function has at most one URL per alias or $LATEST; the
				// weakest authentication among them is what the function exposes.
				attrs["url_auth_type"] = nil
				origins := []any{}
				for _, c := range u.FunctionUrlConfigs {
					if attrs["url_auth_type"] == nil || c.AuthType == "NONE" {
						attrs["url_auth_type"] = string(c.AuthType)
					}
					if c.Cors != nil {
						origins = append(origins, anyList(c.Cors.AllowOrigins)...)
					}
				}
				attrs["url_cors_allow_origins"] = origins
			case lambdaGone(err):
				continue
			default:
				r.Fail("lambda:ListFunctionUrlConfigs", err)
			}
			r.Emit(mamori.Resource{Type: "aws_lambda_function", ID: sdkaws.ToString(f.FunctionArn), Name: name, Attributes: attrs})
		}
	}
	return nil
}

// lambdaGone tells "no such function" from "no policy / no URL": Lambda
// answers ResourceNotFoundException for both, with "Function not found" in
// the message when the function itself is missing.
func lambdaGone(err error) bool {
	return isCode(err, "ResourceNotFoundException") && strings.Contains(ErrorMessage(err), "Function not found")
}
