package aws

import (
	"context"
	"slices"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	"github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/mamori-sec/mamori"
)

var wafv2Actions = []string{"wafv2:ListWebACLs", "wafv2:GetWebACL", "wafv2:GetLoggingConfiguration", "wafv2:ListResourcesForWebACL"}

// wafv2Service reads the regional web ACLs (ALB, API Gateway, AppSync...) of
// each scanned region and, once, the web ACLs of CloudFront scope, which live
// in us-east-1 whatever regions are scanned (read with the us-east-1 run, or
// with the first region's when us-east-1 is not scanned) and are global.
var wafv2Service = &Service{
	Name:    "wafv2",
	Types:   []string{"aws_wafv2_web_acl"},
	Actions: wafv2Actions,
	Collect: func(ctx context.Context, r *Run) error {
		if err := collectWAFv2(ctx, r, r.Config, types.ScopeRegional); err != nil {
			return err
		}
		if r.Region == "us-east-1" || (len(r.Regions) > 0 && r.Region == r.Regions[0] && !slices.Contains(r.Regions, "us-east-1")) {
			cfg := r.Config.Copy()
			cfg.Region = "us-east-1"
			return collectWAFv2(ctx, r, cfg, types.ScopeCloudfront)
		}
		return nil
	},
}

// collectWAFv2 emits one aws_wafv2_web_acl per web ACL of a scope: its rules
// (count, managed rule groups, those without CloudWatch metrics), default
// action, logging, and for regional ACLs the load balancers and API Gateway
// stages it protects (docs/resources/wafv2.md). CloudFront ACLs are attached
// on the distribution (its web_acl_id), so they are not listed here.
func collectWAFv2(ctx context.Context, r *Run, cfg sdkaws.Config, scope types.Scope) error {
	cl := wafv2.NewFromConfig(cfg)
	var marker *string
	for {
		page, err := cl.ListWebACLs(ctx, &wafv2.ListWebACLsInput{Scope: scope, NextMarker: marker, Limit: sdkaws.Int32(100)})
		if err != nil {
			return err
		}
		for _, s := range page.WebACLs {
			got, err := cl.GetWebACL(ctx, &wafv2.GetWebACLInput{Id: s.Id, Name: s.Name, Scope: scope})
			switch {
			case isCode(err, "WAFNonexistentItemException"):
				continue // deleted since it was listed
			case err != nil:
				r.Fail("wafv2:GetWebACL", err)
				continue
			}
			if got.WebACL == nil {
				continue
			}
			attrs := webACLAttrs(got.WebACL, scope)
			arn := sdkaws.ToString(got.WebACL.ARN)
			lg, err := cl.GetLoggingConfiguration(ctx, &wafv2.GetLoggingConfigurationInput{ResourceArn: got.WebACL.ARN})
			switch {
			case err == nil:
				attrs["logging_enabled"] = lg.LoggingConfiguration != nil && len(lg.LoggingConfiguration.LogDestinationConfigs) > 0
			case isCode(err, "WAFNonexistentItemException"):
				attrs["logging_enabled"] = false
			default:
				r.Fail("wafv2:GetLoggingConfiguration", err)
			}
			if scope == types.ScopeRegional {
				if res, ok := webACLResources(ctx, r, cl, got.WebACL.ARN); ok {
					attrs["associated_resources"] = res
				}
			}
			region := r.Region
			if scope == types.ScopeCloudfront {
				region = "global"
			}
			r.Emit(mamori.Resource{Type: "aws_wafv2_web_acl", ID: arn, Name: sdkaws.ToString(got.WebACL.Name), Region: region, Attributes: attrs})
		}
		if page.NextMarker == nil || *page.NextMarker == "" {
			return nil
		}
		marker = page.NextMarker
	}
}

// webACLResources lists what a regional ACL protects. The API answers one
// resource type per call (application load balancers when none is given), so
// the two types mamori's checks read are asked for in turn; ok is false when
// a call failed, leaving the attribute absent.
func webACLResources(ctx context.Context, r *Run, cl *wafv2.Client, arn *string) ([]any, bool) {
	out := []any{}
	for _, t := range []struct {
		typ    types.ResourceType
		prefix string
	}{{types.ResourceTypeApplicationLoadBalancer, ":elasticloadbalancing:"}, {types.ResourceTypeApiGateway, ":apigateway:"}} {
		res, err := cl.ListResourcesForWebACL(ctx, &wafv2.ListResourcesForWebACLInput{WebACLArn: arn, ResourceType: t.typ})
		if err != nil {
			r.Fail("wafv2:ListResourcesForWebACL", err)
			return nil, false
		}
		for _, a := range res.ResourceArns {
			if strings.Contains(a, t.prefix) {
				out = append(out, a)
			}
		}
	}
	return out, true
}

func webACLAttrs(w *types.WebACL, scope types.Scope) map[string]any {
	def := "allow"
	if w.DefaultAction != nil && w.DefaultAction.Block != nil {
		def = "block"
	}
	var rules, managed, noMetrics []any
	for _, rl := range w.Rules {
		name := sdkaws.ToString(rl.Name)
		rules = append(rules, name)
		if rl.Statement != nil && rl.Statement.ManagedRuleGroupStatement != nil {
			m := rl.Statement.ManagedRuleGroupStatement
			managed = append(managed, sdkaws.ToString(m.VendorName)+"/"+sdkaws.ToString(m.Name))
		}
		if rl.VisibilityConfig == nil || !rl.VisibilityConfig.CloudWatchMetricsEnabled {
			noMetrics = append(noMetrics, name)
		}
	}
	// Rule groups Firewall Manager puts before and after the ACL's own rules
	// count as rules too.
	fms := len(w.PreProcessFirewallManagerRuleGroups) + len(w.PostProcessFirewallManagerRuleGroups)
	return map[string]any{
		"arn": sdkaws.ToString(w.ARN), "id": sdkaws.ToString(w.Id), "name": sdkaws.ToString(w.Name), "scope": string(scope),
		"default_action": def, "rules": nonNil(rules), "rule_count": len(w.Rules) + fms, "managed_rule_groups": nonNil(managed),
		"rules_without_metrics": nonNil(noMetrics),
	}
}
