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
	Actions: []string{"securityhub:DescribeHub", "securityhub:ListMembers"},
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
	attrs := map[string]any{
		"enabled":                   true,
		"hub_arn":                   sdkaws.ToString(out.HubArn),
		"subscribed_at":             shTime(sdkaws.ToString(out.SubscribedAt)),
		"auto_enable_controls":      sdkaws.ToBool(out.AutoEnableControls),
		"control_finding_generator": string(out.ControlFindingGenerator),
	}
	// The accounts this hub administers (a delegated administrator's):
	// members with status Enabled (organisation) or Associated (invited
	// and accepted) send their findings here.
	members := []any{}
	p := securityhub.NewListMembersPaginator(securityhub.NewFromConfig(r.Config), &securityhub.ListMembersInput{OnlyAssociated: sdkaws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.Fail("securityhub:ListMembers", err)
			members = nil
			break
		}
		for _, m := range page.Members {
			if st := sdkaws.ToString(m.MemberStatus); st == "Enabled" || st == "Associated" {
				members = append(members, sdkaws.ToString(m.AccountId))
			}
		}
	}
	if members != nil {
		attrs["member_accounts"] = members
	}
	r.Emit(mamori.Resource{Type: "aws_securityhub_account", ID: id, Name: "default", Attributes: attrs})
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
