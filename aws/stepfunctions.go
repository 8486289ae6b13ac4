package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/mamori-sec/mamori"
)

var stepfunctionsService = &Service{
	Name:    "stepfunctions",
	Types:   []string{"aws_sfn_state_machine"},
	Actions: []string{"states:ListStateMachines", "states:DescribeStateMachine"},
	Collect: collectStepFunctions,
}

// collectStepFunctions emits one aws_sfn_state_machine per state machine
// with its logging, X-Ray tracing and encryption (docs/resources/stepfunctions.md).
// The definition DescribeStateMachine returns is not kept: it can hold
// literal parameters.
func collectStepFunctions(ctx context.Context, r *Run) error {
	cl := sfn.NewFromConfig(r.Config)
	p := sfn.NewListStateMachinesPaginator(cl, &sfn.ListStateMachinesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, m := range page.StateMachines {
			arn, name := sdkaws.ToString(m.StateMachineArn), sdkaws.ToString(m.Name)
			attrs := map[string]any{"arn": arn, "name": name, "type": string(m.Type)}
			d, err := cl.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: m.StateMachineArn})
			switch {
			case err == nil:
				level, include, groups := "OFF", false, []any{}
				if lc := d.LoggingConfiguration; lc != nil {
					if lc.Level != "" {
						level = string(lc.Level)
					}
					include = lc.IncludeExecutionData
					for _, dst := range lc.Destinations {
						if dst.CloudWatchLogsLogGroup != nil {
							groups = append(groups, sdkaws.ToString(dst.CloudWatchLogsLogGroup.LogGroupArn))
						}
					}
				}
				attrs["log_level"] = level
				attrs["logging_enabled"] = level != "OFF" && len(groups) > 0
				attrs["include_execution_data"] = include
				attrs["log_groups"] = groups
				attrs["tracing_enabled"] = d.TracingConfiguration != nil && d.TracingConfiguration.Enabled
				enc, key := "AWS_OWNED_KEY", ""
				if ec := d.EncryptionConfiguration; ec != nil {
					if ec.Type != "" {
						enc = string(ec.Type)
					}
					key = sdkaws.ToString(ec.KmsKeyId)
				}
				attrs["encryption_type"] = enc
				attrs["kms_key_id"] = key
				attrs["customer_managed_key"] = enc == "CUSTOMER_MANAGED_KMS_KEY"
				attrs["role_arn"] = sdkaws.ToString(d.RoleArn)
				attrs["status"] = string(d.Status)
			case isCode(err, "StateMachineDoesNotExist"):
				continue // deleted since it was listed
			default:
				r.Fail("states:DescribeStateMachine", err)
			}
			r.Emit(mamori.Resource{Type: "aws_sfn_state_machine", ID: arn, Name: name, Attributes: attrs})
		}
	}
	return nil
}
