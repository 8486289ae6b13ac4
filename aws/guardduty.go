package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/guardduty/types"

	"github.com/mamori-sec/mamori"
)

var guarddutyService = &Service{
	Name:    "guardduty",
	Types:   []string{"aws_guardduty_detector"},
	Actions: []string{"guardduty:ListDetectors", "guardduty:GetDetector", "guardduty:ListMembers"},
	Collect: collectGuardDuty,
}

// collectGuardDuty emits one aws_guardduty_detector per detector, or, in a
// region without one, a placeholder with exists = false, so that "GuardDuty
// is enabled in every region" has a resource to judge in each region (see
// docs/resources/guardduty.md).
func collectGuardDuty(ctx context.Context, r *Run) error {
	cl := guardduty.NewFromConfig(r.Config)
	var ids []string
	p := guardduty.NewListDetectorsPaginator(cl, &guardduty.ListDetectorsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		ids = append(ids, page.DetectorIds...)
	}
	if len(ids) == 0 {
		r.Emit(mamori.Resource{Type: "aws_guardduty_detector", ID: r.ARN("guardduty", r.Region, "detector/none"), Name: "(none)",
			Attributes: map[string]any{"detector_id": nil, "exists": false, "enable": false, "finding_publishing_frequency": nil, "enabled_features": []any{}}})
		return nil
	}
	for _, id := range ids {
		d, err := cl.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: sdkaws.String(id)})
		if err != nil {
			r.Fail("guardduty:GetDetector", err)
			continue
		}
		attrs := map[string]any{
			"detector_id":                  id,
			"exists":                       true,
			"enable":                       d.Status == types.DetectorStatusEnabled,
			"finding_publishing_frequency": string(d.FindingPublishingFrequency),
			"enabled_features":             guarddutyFeatures(d),
		}
		// The accounts an administrator's detector watches (empty for most
		// accounts), so that an organisation scan can credit a delegated
		// administrator. A failure leaves the attribute out.
		if members, err := guarddutyMembers(ctx, cl, id); err != nil {
			r.Fail("guardduty:ListMembers", err)
		} else {
			attrs["member_accounts"] = members
		}
		r.Emit(mamori.Resource{Type: "aws_guardduty_detector", ID: r.ARN("guardduty", r.Region, "detector/"+id), Name: id, Tags: d.Tags,
			Attributes: attrs})
	}
	return nil
}

// guarddutyMembers lists the accounts associated with a detector and enabled.
func guarddutyMembers(ctx context.Context, cl *guardduty.Client, id string) ([]any, error) {
	out := []any{}
	p := guardduty.NewListMembersPaginator(cl, &guardduty.ListMembersInput{DetectorId: sdkaws.String(id), OnlyAssociated: sdkaws.String("true")})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range page.Members {
			if sdkaws.ToString(m.RelationshipStatus) == "Enabled" {
				out = append(out, sdkaws.ToString(m.AccountId))
			}
		}
	}
	return out, nil
}

// guarddutyFeatures names the detector's protection plans that are on
// (S3_DATA_EVENTS, RDS_LOGIN_EVENTS, ...); none while the detector is
// suspended.
func guarddutyFeatures(d *guardduty.GetDetectorOutput) []any {
	out := []any{}
	if d.Status != types.DetectorStatusEnabled {
		return out
	}
	for _, f := range d.Features {
		if f.Status == types.FeatureStatusEnabled {
			out = append(out, string(f.Name))
		}
	}
	return out
}
