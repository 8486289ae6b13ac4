package aws

import (
	"context"
	"errors"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/mamori-sec/mamori"
)

var securityhubService = &Service{
	Name:    "securityhub",
	Types:   []string{"aws_securityhub_account"},
	Actions: []string{"securityhub:DescribeHub"},
	Collect: collectSecurityHub,
}

// collectSecurityHub emits one aws_securityhub_account per region, enabled
// or not (see docs/resources/securityhub.md). Security Hub answers
// DescribeHub in a region where the account is not subscribed with
// InvalidAccessException (HTTP 401, "Account ... is not subscribed to AWS
// Security Hub"); that is the "not enabled" answer, not a failure. Missing
// permission is AccessDeniedException, which is a failure.
func collectSecurityHub(ctx context.Context, r *Run) error {
	id := r.ARN("securityhub", r.Region, "hub/default")
	out, err := securityhub.NewFromConfig(r.Config).DescribeHub(ctx, &securityhub.DescribeHubInput{})
	var notSubscribed *types.InvalidAccessException
	if errors.As(err, &notSubscribed) {
		r.Emit(mamori.Resource{Type: "aws_securityhub_account", ID: id, Name: "default", Attributes: map[string]any{
			"enabled": false, "hub_arn": nil, "subscribed_at": nil, "auto_enable_controls": nil, "control_finding_generator": nil,
		}})
		return nil
	}
	if err != nil {
		return err
	}
	if out.HubArn != nil {
		id = *out.HubArn
	}
	r.Emit(mamori.Resource{Type: "aws_securityhub_account", ID: id, Name: "default", Attributes: map[string]any{
		"enabled":                   true,
		"hub_arn":                   sdkaws.ToString(out.HubArn),
		"subscribed_at":             shTime(sdkaws.ToString(out.SubscribedAt)),
		"auto_enable_controls":      sdkaws.ToBool(out.AutoEnableControls),
		"control_finding_generator": string(out.ControlFindingGenerator),
	}})
	return nil
}

// shTime turns Security Hub's ISO 8601 time string into RFC 3339 UTC; null
// when absent, as is when unparsable.
func shTime(s string) any {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.RFC3339)
}
