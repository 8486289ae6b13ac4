package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/detective"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	i2types "github.com/aws/aws-sdk-go-v2/service/inspector2/types"

	"github.com/mamori-sec/mamori"
)

var inspector2Service = &Service{
	Name:    "inspector2",
	Types:   []string{"aws_inspector2_region"},
	Actions: []string{"inspector2:BatchGetAccountStatus"},
	Collect: collectInspector2,
}

// collectInspector2 emits one aws_inspector2_region per region: which
// resource types Amazon Inspector scans there for this account
// (docs/resources/inspection.md).
func collectInspector2(ctx context.Context, r *Run) error {
	cl := inspector2.NewFromConfig(r.Config)
	out, err := cl.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{r.Account}})
	if err != nil {
		return err
	}
	attrs := map[string]any{"status": "DISABLED", "ec2_scanning": false, "ecr_scanning": false, "lambda_scanning": false, "lambda_code_scanning": false}
	for _, a := range out.Accounts {
		if sdkaws.ToString(a.AccountId) != r.Account {
			continue
		}
		if a.State != nil {
			attrs["status"] = string(a.State.Status)
		}
		on := func(s *i2types.State) bool { return s != nil && s.Status == i2types.StatusEnabled }
		if rs := a.ResourceState; rs != nil {
			attrs["ec2_scanning"], attrs["ecr_scanning"] = on(rs.Ec2), on(rs.Ecr)
			attrs["lambda_scanning"], attrs["lambda_code_scanning"] = on(rs.Lambda), on(rs.LambdaCode)
		}
	}
	r.Emit(mamori.Resource{Type: "aws_inspector2_region", ID: r.ARN("inspector2", r.Region, "account-status"), Name: r.Region, Attributes: attrs})
	return nil
}

var detectiveService = &Service{
	Name:    "detective",
	Types:   []string{"aws_detective_region"},
	Actions: []string{"detective:ListGraphs", "detective:ListInvitations"},
	Collect: collectDetective,
}

// collectDetective emits one aws_detective_region per region: whether the
// account administers a behaviour graph there or is an enabled member of
// another account's graph.
func collectDetective(ctx context.Context, r *Run) error {
	cl := detective.NewFromConfig(r.Config)
	graphs := []any{}
	var token *string
	for {
		page, err := cl.ListGraphs(ctx, &detective.ListGraphsInput{NextToken: token})
		if err != nil {
			return err
		}
		for _, g := range page.GraphList {
			graphs = append(graphs, sdkaws.ToString(g.Arn))
		}
		if sdkaws.ToString(page.NextToken) == "" {
			break
		}
		token = page.NextToken
	}
	member := []any{}
	token = nil
	for {
		page, err := cl.ListInvitations(ctx, &detective.ListInvitationsInput{NextToken: token})
		if err != nil {
			return err
		}
		for _, inv := range page.Invitations {
			if inv.Status == "ENABLED" {
				member = append(member, sdkaws.ToString(inv.GraphArn))
			}
		}
		if sdkaws.ToString(page.NextToken) == "" {
			break
		}
		token = page.NextToken
	}
	r.Emit(mamori.Resource{Type: "aws_detective_region", ID: r.ARN("detective", r.Region, "graphs"), Name: r.Region, Attributes: map[string]any{
		"enabled": len(graphs) > 0 || len(member) > 0, "administered_graphs": graphs, "member_of_graphs": member,
	}})
	return nil
}
