package aws

import (
	"context"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/mamori-sec/mamori"
)

var elbv2Service = &Service{
	Name:  "elbv2",
	Types: []string{"aws_lb", "aws_lb_target_group"},
	Actions: []string{"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeListeners",
		"elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeRules",
		"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth"},
	Collect: collectELBv2,
}

// collectELBv2 emits one aws_lb per application, network or gateway load
// balancer, with its listeners (and the target groups each forwards to) and
// attributes, and one aws_lb_target_group per target group with its
// registered targets (see docs/resources/elbv2.md).
func collectELBv2(ctx context.Context, r *Run) error {
	cl := elb.NewFromConfig(r.Config)
	if err := collectTargetGroups(ctx, r, cl); err != nil {
		// The load balancers are still worth judging; what is behind them
		// stays unknown (the analyzer then says nothing about targets).
		r.Fail("elasticloadbalancing:DescribeTargetGroups", err)
	}
	p := elb.NewDescribeLoadBalancersPaginator(cl, &elb.DescribeLoadBalancersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, lb := range page.LoadBalancers {
			arn := sdkaws.ToString(lb.LoadBalancerArn)
			azs, subnets := []any{}, []any{}
			for _, az := range lb.AvailabilityZones {
				azs = append(azs, sdkaws.ToString(az.ZoneName))
				if id := sdkaws.ToString(az.SubnetId); id != "" {
					subnets = append(subnets, id)
				}
			}
			attrs := map[string]any{
				"arn":                arn,
				"name":               sdkaws.ToString(lb.LoadBalancerName),
				"load_balancer_type": string(lb.Type),
				"scheme":             string(lb.Scheme),
				"internal":           lb.Scheme != "internet-facing",
				"vpc_id":             sdkaws.ToString(lb.VpcId),
				"security_groups":    anyList(lb.SecurityGroups),
				"availability_zones": azs,
				"subnet_ids":         subnets,
				"ip_address_type":    string(lb.IpAddressType),
				"dns_name":           sdkaws.ToString(lb.DNSName),
			}
			listeners, action, err := elbListeners(ctx, cl, arn)
			if isCode(err, "LoadBalancerNotFound") || isCode(err, "ListenerNotFound") {
				continue // deleted since it was listed
			}
			if err != nil {
				r.Fail(action, err)
			} else {
				attrs["listeners"] = listeners
			}
			at, err := cl.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancerArn})
			if isCode(err, "LoadBalancerNotFound") {
				continue
			}
			if err != nil {
				r.Fail("elasticloadbalancing:DescribeLoadBalancerAttributes", err)
			} else {
				kv := map[string]string{}
				for _, a := range at.Attributes {
					kv[sdkaws.ToString(a.Key)] = sdkaws.ToString(a.Value)
				}
				attrs["deletion_protection"] = kv["deletion_protection.enabled"] == "true"
				attrs["access_logs_enabled"] = kv["access_logs.s3.enabled"] == "true"
				attrs["access_logs_bucket"] = kv["access_logs.s3.bucket"]
				attrs["drop_invalid_header_fields"] = kv["routing.http.drop_invalid_header_fields.enabled"] == "true"
				attrs["desync_mitigation_mode"] = kv["routing.http.desync_mitigation_mode"]
				attrs["cross_zone"] = kv["load_balancing.cross_zone.enabled"] == "true"
			}
			r.Emit(mamori.Resource{Type: "aws_lb", ID: arn, Name: sdkaws.ToString(lb.LoadBalancerName), Attributes: attrs})
		}
	}
	return nil
}

// elbListeners reads a load balancer's listeners: port, protocol, TLS
// policy, whether a plain-HTTP listener only redirects to HTTPS, and the
// target groups its default action and its rules forward to. On error it
// names the action that failed.
func elbListeners(ctx context.Context, cl *elb.Client, arn string) ([]any, string, error) {
	out := []any{}
	p := elb.NewDescribeListenersPaginator(cl, &elb.DescribeListenersInput{LoadBalancerArn: sdkaws.String(arn)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, "elasticloadbalancing:DescribeListeners", err
		}
		for _, l := range page.Listeners {
			redirect := len(l.DefaultActions) > 0
			for _, a := range l.DefaultActions {
				if a.Type != "redirect" || a.RedirectConfig == nil || !strings.EqualFold(sdkaws.ToString(a.RedirectConfig.Protocol), "HTTPS") {
					redirect = false
				}
			}
			tgs := map[string]bool{}
			forwardTargets(l.DefaultActions, tgs)
			// Rules exist on application load balancers' listeners only.
			if l.Protocol == "HTTP" || l.Protocol == "HTTPS" {
				var marker *string
				for {
					rules, err := cl.DescribeRules(ctx, &elb.DescribeRulesInput{ListenerArn: l.ListenerArn, Marker: marker})
					if err != nil {
						return nil, "elasticloadbalancing:DescribeRules", err
					}
					for _, rule := range rules.Rules {
						forwardTargets(rule.Actions, tgs)
					}
					if marker = rules.NextMarker; marker == nil || *marker == "" {
						break
					}
				}
			}
			out = append(out, map[string]any{
				"port":               int64(sdkaws.ToInt32(l.Port)),
				"protocol":           string(l.Protocol),
				"ssl_policy":         sdkaws.ToString(l.SslPolicy),
				"redirects_to_https": redirect,
				"target_groups":      anyList(sortedKeys(tgs)),
			})
		}
	}
	return out, "", nil
}

// forwardTargets adds the target groups forward actions send to.
func forwardTargets(actions []elbtypes.Action, into map[string]bool) {
	for _, a := range actions {
		if a.Type != elbtypes.ActionTypeEnumForward {
			continue
		}
		if arn := sdkaws.ToString(a.TargetGroupArn); arn != "" {
			into[arn] = true
		}
		if a.ForwardConfig != nil {
			for _, t := range a.ForwardConfig.TargetGroups {
				if arn := sdkaws.ToString(t.TargetGroupArn); arn != "" {
					into[arn] = true
				}
			}
		}
	}
}

// collectTargetGroups emits each target group with its registered targets
// (id: an instance id, an IP address, a Lambda function ARN or an
// application load balancer ARN; port; health state).
func collectTargetGroups(ctx context.Context, r *Run, cl *elb.Client) error {
	p := elb.NewDescribeTargetGroupsPaginator(cl, &elb.DescribeTargetGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, tg := range page.TargetGroups {
			arn := sdkaws.ToString(tg.TargetGroupArn)
			attrs := map[string]any{
				"arn":                arn,
				"name":               sdkaws.ToString(tg.TargetGroupName),
				"target_type":        string(tg.TargetType),
				"protocol":           string(tg.Protocol),
				"port":               int64(sdkaws.ToInt32(tg.Port)),
				"vpc_id":             sdkaws.ToString(tg.VpcId),
				"load_balancer_arns": anyList(tg.LoadBalancerArns),
			}
			h, err := cl.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tg.TargetGroupArn})
			switch {
			case isCode(err, "TargetGroupNotFound"):
				continue // deleted since it was listed
			case err != nil:
				r.Fail("elasticloadbalancing:DescribeTargetHealth", err)
			default:
				targets := []any{}
				for _, d := range h.TargetHealthDescriptions {
					if d.Target == nil {
						continue
					}
					port := int64(sdkaws.ToInt32(d.Target.Port))
					if port == 0 {
						port = attrs["port"].(int64)
					}
					state := ""
					if d.TargetHealth != nil {
						state = string(d.TargetHealth.State)
					}
					targets = append(targets, map[string]any{"id": sdkaws.ToString(d.Target.Id), "port": port,
						"availability_zone": sdkaws.ToString(d.Target.AvailabilityZone), "health": state})
				}
				attrs["targets"] = targets
			}
			r.Emit(mamori.Resource{Type: "aws_lb_target_group", ID: arn, Name: sdkaws.ToString(tg.TargetGroupName), Attributes: attrs})
		}
	}
	return nil
}
