package aws

import (
	"context"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/mamori-sec/mamori"
)

var elbv2Service = &Service{
	Name:  "elbv2",
	Types: []string{"aws_lb"},
	Actions: []string{"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeListeners",
		"elasticloadbalancing:DescribeLoadBalancerAttributes"},
	Collect: collectELBv2,
}

// collectELBv2 emits one aws_lb per application, network or gateway load
// balancer, with its listeners and attributes (see docs/resources/elbv2.md).
func collectELBv2(ctx context.Context, r *Run) error {
	cl := elb.NewFromConfig(r.Config)
	p := elb.NewDescribeLoadBalancersPaginator(cl, &elb.DescribeLoadBalancersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, lb := range page.LoadBalancers {
			arn := sdkaws.ToString(lb.LoadBalancerArn)
			azs := []any{}
			for _, az := range lb.AvailabilityZones {
				azs = append(azs, sdkaws.ToString(az.ZoneName))
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
				"dns_name":           sdkaws.ToString(lb.DNSName),
			}
			listeners, err := elbListeners(ctx, cl, arn)
			if isCode(err, "LoadBalancerNotFound") {
				continue // deleted since it was listed
			}
			if err != nil {
				r.Fail("elasticloadbalancing:DescribeListeners", err)
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
// policy, and whether a plain-HTTP listener only redirects to HTTPS.
func elbListeners(ctx context.Context, cl *elb.Client, arn string) ([]any, error) {
	out := []any{}
	p := elb.NewDescribeListenersPaginator(cl, &elb.DescribeListenersInput{LoadBalancerArn: sdkaws.String(arn)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, l := range page.Listeners {
			redirect := len(l.DefaultActions) > 0
			for _, a := range l.DefaultActions {
				if a.Type != "redirect" || a.RedirectConfig == nil || !strings.EqualFold(sdkaws.ToString(a.RedirectConfig.Protocol), "HTTPS") {
					redirect = false
				}
			}
			out = append(out, map[string]any{
				"port":               int64(sdkaws.ToInt32(l.Port)),
				"protocol":           string(l.Protocol),
				"ssl_policy":         sdkaws.ToString(l.SslPolicy),
				"redirects_to_https": redirect,
			})
		}
	}
	return out, nil
}
