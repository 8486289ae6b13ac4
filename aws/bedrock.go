package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrock"
	"github.com/aws/aws-sdk-go-v2/service/bedrock/types"

	"github.com/mamori-sec/mamori"
)

var bedrockService = &Service{
	Name:  "bedrock",
	Types: []string{"aws_bedrock_region", "aws_bedrock_guardrail"},
	Actions: []string{"bedrock:GetModelInvocationLoggingConfiguration", "bedrock:ListGuardrails",
		"bedrock:GetGuardrail"},
	Collect: collectBedrock,
}

// collectBedrock emits one aws_bedrock_region per region (is model
// invocation logging on, and where to; how many guardrails there are) and one
// aws_bedrock_guardrail per guardrail (working draft) with the filters it
// applies (docs/resources/bedrock.md). Prompts and answers themselves are
// never read.
func collectBedrock(ctx context.Context, r *Run) error {
	cl := bedrock.NewFromConfig(r.Config)
	lc, err := cl.GetModelInvocationLoggingConfiguration(ctx, &bedrock.GetModelInvocationLoggingConfigurationInput{})
	if err != nil {
		return err // the first call: a region without Bedrock ends here
	}
	region := map[string]any{"logging_enabled": false, "log_group": "", "log_bucket": "", "text_data_logged": false}
	if c := lc.LoggingConfig; c != nil {
		if c.CloudWatchConfig != nil {
			region["log_group"] = sdkaws.ToString(c.CloudWatchConfig.LogGroupName)
		}
		if c.S3Config != nil {
			region["log_bucket"] = sdkaws.ToString(c.S3Config.BucketName)
		}
		region["logging_enabled"] = region["log_group"] != "" || region["log_bucket"] != ""
		region["text_data_logged"] = sdkaws.ToBool(c.TextDataDeliveryEnabled)
	}
	count := 0
	listed := true
	p := bedrock.NewListGuardrailsPaginator(cl, &bedrock.ListGuardrailsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.Fail("bedrock:ListGuardrails", err, "aws_bedrock_guardrail")
			listed = false
			break
		}
		for _, g := range page.Guardrails {
			count++
			d, err := cl.GetGuardrail(ctx, &bedrock.GetGuardrailInput{GuardrailIdentifier: g.Id, GuardrailVersion: g.Version})
			switch {
			case isCode(err, "ResourceNotFoundException"):
				count--
				continue // deleted since it was listed
			case err != nil:
				r.Fail("bedrock:GetGuardrail", err, "aws_bedrock_guardrail")
				continue
			}
			r.Emit(bedrockGuardrail(d))
		}
	}
	if listed {
		region["guardrails"] = count
	}
	r.Emit(mamori.Resource{Type: "aws_bedrock_region", ID: r.ARN("bedrock", r.Region, "model-invocation-logging"), Name: r.Region, Attributes: region})
	return nil
}

// bedrockStrong is a filter strength that blocks more than the obvious.
func bedrockStrong(s types.GuardrailFilterStrength) bool {
	return s == types.GuardrailFilterStrengthMedium || s == types.GuardrailFilterStrengthHigh
}

func bedrockGuardrail(d *bedrock.GetGuardrailOutput) mamori.Resource {
	arn := sdkaws.ToString(d.GuardrailArn)
	attrs := map[string]any{
		"arn": arn, "guardrail_id": sdkaws.ToString(d.GuardrailId), "version": sdkaws.ToString(d.Version), "status": string(d.Status),
		"prompt_attack_filter": "NONE", "content_filters": []any{}, "weak_content_filters": []any{},
		"pii_entities": 0, "regexes": 0, "denied_topics": 0, "kms_key_arn": sdkaws.ToString(d.KmsKeyArn),
		"contextual_grounding": d.ContextualGroundingPolicy != nil && len(d.ContextualGroundingPolicy.Filters) > 0,
	}
	if c := d.ContentPolicy; c != nil {
		var all, weak []any
		for _, f := range c.Filters {
			if f.Type == types.GuardrailContentFilterTypePromptAttack {
				attrs["prompt_attack_filter"] = string(f.InputStrength) // prompt attacks are judged on input only
				continue
			}
			all = append(all, string(f.Type))
			if !bedrockStrong(f.InputStrength) || !bedrockStrong(f.OutputStrength) {
				weak = append(weak, string(f.Type))
			}
		}
		if all != nil {
			attrs["content_filters"] = all
		}
		if weak != nil {
			attrs["weak_content_filters"] = weak
		}
	}
	if s := d.SensitiveInformationPolicy; s != nil {
		attrs["pii_entities"], attrs["regexes"] = len(s.PiiEntities), len(s.Regexes)
	}
	if t := d.TopicPolicy; t != nil {
		attrs["denied_topics"] = len(t.Topics)
	}
	return mamori.Resource{Type: "aws_bedrock_guardrail", ID: arn, Name: sdkaws.ToString(d.Name), Attributes: attrs}
}
