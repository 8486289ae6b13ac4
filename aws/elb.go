package aws

import (
	"context"
	"strconv"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"

	"github.com/mamori-sec/mamori"
)

// Classic Load Balancers sign and authorise as ELBv2 does
// (elasticloadbalancing:*), with the 2012-06-01 API.
var elbService = &Service{
	Name:  "elb",
	Types: []string{"aws_elb"},
	Actions: []string{"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
		"elasticloadbalancing:DescribeLoadBalancerPolicies"},
	Collect: collectELB,
}

// elbWeakProtocols are the SSL negotiation policy attributes that, when
// "true", let a client negotiate a protocol older than TLS 1.2.
var elbWeakProtocols = []string{"Protocol-SSLv2", "Protocol-SSLv3", "Protocol-TLSv1", "Protocol-TLSv1.1"}

// collectELB emits one aws_elb per Classic Load Balancer: listeners (plain
// HTTP/TCP, certificates not from ACM, SSL negotiation policies), access
// logs, connection draining, cross-zone balancing, desync mitigation and
// zones (docs/resources/elb.md).
func collectELB(ctx context.Context, r *Run) error {
	cl := elb.NewFromConfig(r.Config)
	p := elb.NewDescribeLoadBalancersPaginator(cl, &elb.DescribeLoadBalancersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, lb := range page.LoadBalancerDescriptions {
			name := sdkaws.ToString(lb.LoadBalancerName)
			arn := r.ARN("elasticloadbalancing", r.Region, "loadbalancer/"+name)
			attrs, gone := elbAttributes(ctx, r, cl, lb)
			if gone {
				continue
			}
			attrs["arn"] = arn
			r.Emit(mamori.Resource{Type: "aws_elb", ID: arn, Name: name, Attributes: attrs})
		}
	}
	return nil
}

func elbAttributes(ctx context.Context, r *Run, cl *elb.Client, lb types.LoadBalancerDescription) (map[string]any, bool) {
	name := sdkaws.ToString(lb.LoadBalancerName)
	instances := []any{}
	for _, i := range lb.Instances {
		instances = append(instances, sdkaws.ToString(i.InstanceId))
	}
	listeners, plain, notACM := []any{}, []any{}, []any{}
	secure := map[string][]string{} // "PROTOCOL:port" of TLS listeners -> their policies
	for _, ld := range lb.ListenerDescriptions {
		l := ld.Listener
		if l == nil {
			continue
		}
		proto := strings.ToUpper(sdkaws.ToString(l.Protocol))
		port := int(l.LoadBalancerPort)
		cert := sdkaws.ToString(l.SSLCertificateId)
		listeners = append(listeners, map[string]any{"protocol": proto, "port": port, "instance_protocol": strings.ToUpper(sdkaws.ToString(l.InstanceProtocol)),
			"instance_port": int(sdkaws.ToInt32(l.InstancePort)), "certificate": cert, "policies": anyList(ld.PolicyNames)})
		id := proto + ":" + strconv.Itoa(port)
		switch proto {
		case "HTTPS", "SSL":
			secure[id] = ld.PolicyNames
			if !strings.Contains(cert, ":acm:") {
				notACM = append(notACM, id)
			}
		default:
			plain = append(plain, id)
		}
	}
	attrs := map[string]any{
		"name": name, "dns_name": sdkaws.ToString(lb.DNSName), "scheme": sdkaws.ToString(lb.Scheme),
		"internet_facing": sdkaws.ToString(lb.Scheme) == "internet-facing", "vpc_id": sdkaws.ToString(lb.VPCId),
		"subnets": anyList(lb.Subnets), "security_groups": anyList(lb.SecurityGroups), "availability_zones": anyList(lb.AvailabilityZones),
		"instances": instances, "listeners": listeners, "plain_listeners": plain, "non_acm_certificate_listeners": notACM,
	}
	a, err := cl.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerName: lb.LoadBalancerName})
	switch {
	case err == nil && a.LoadBalancerAttributes != nil:
		at := a.LoadBalancerAttributes
		attrs["cross_zone"] = at.CrossZoneLoadBalancing != nil && at.CrossZoneLoadBalancing.Enabled
		attrs["access_logs_enabled"] = at.AccessLog != nil && at.AccessLog.Enabled
		attrs["connection_draining"] = at.ConnectionDraining != nil && at.ConnectionDraining.Enabled
		mode := "defensive" // the default when the attribute is absent
		for _, x := range at.AdditionalAttributes {
			if sdkaws.ToString(x.Key) == "elb.http.desyncmitigationmode" && sdkaws.ToString(x.Value) != "" {
				mode = sdkaws.ToString(x.Value)
			}
		}
		attrs["desync_mitigation_mode"] = mode
	case err == nil:
		r.Fail("elasticloadbalancing:DescribeLoadBalancerAttributes", errEmptyAnswer)
	case isCode(err, "LoadBalancerNotFound"):
		return nil, true // deleted since it was listed
	default:
		r.Fail("elasticloadbalancing:DescribeLoadBalancerAttributes", err)
	}
	if len(secure) == 0 {
		attrs["weak_tls_listeners"] = []any{}
		return attrs, false
	}
	pol, err := cl.DescribeLoadBalancerPolicies(ctx, &elb.DescribeLoadBalancerPoliciesInput{LoadBalancerName: lb.LoadBalancerName})
	switch {
	case err == nil:
		attrs["weak_tls_listeners"] = elbWeakListeners(secure, pol.PolicyDescriptions)
	case isCode(err, "LoadBalancerNotFound"):
		return nil, true
	default:
		r.Fail("elasticloadbalancing:DescribeLoadBalancerPolicies", err)
	}
	return attrs, false
}

// elbWeakListeners returns the TLS listeners whose SSL negotiation policy
// allows a protocol older than TLS 1.2, or that have none mamori can see
// (described as "listener (predefined policy)" when it names one).
func elbWeakListeners(secure map[string][]string, policies []types.PolicyDescription) []any {
	byName := map[string]types.PolicyDescription{}
	for _, p := range policies {
		byName[sdkaws.ToString(p.PolicyName)] = p
	}
	out := []any{}
	for _, id := range sortedKeys(secure) {
		weak, found, ref := false, false, ""
		for _, pn := range secure[id] {
			p, ok := byName[pn]
			if !ok || sdkaws.ToString(p.PolicyTypeName) != "SSLNegotiationPolicyType" {
				continue
			}
			found = true
			for _, a := range p.PolicyAttributeDescriptions {
				n, v := sdkaws.ToString(a.AttributeName), sdkaws.ToString(a.AttributeValue)
				if n == "Reference-Security-Policy" {
					ref = v
				}
				for _, w := range elbWeakProtocols {
					if n == w && strings.EqualFold(v, "true") {
						weak = true
					}
				}
			}
		}
		switch {
		case !found:
			out = append(out, id+" (no SSL negotiation policy)")
		case weak && ref != "":
			out = append(out, id+" ("+ref+")")
		case weak:
			out = append(out, id)
		}
	}
	return out
}
