package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"

	"github.com/mamori-sec/mamori"
)

// collectDomainNames reads the region's API Gateway custom domain names
// through the v2 API, which lists them for REST, HTTP and WebSocket APIs
// alike, with their API mappings (which API and stage each serves):
// aws_apigatewayv2_domain_name (docs/resources/apigateway.md). Its TLS
// security policy is what clients negotiate on that name, and a mapped API
// stays reachable through it after its default execute-api endpoint is
// disabled. A failure is reported against the domain type only.
func collectDomainNames(ctx context.Context, r *Run) {
	cl := apigatewayv2.NewFromConfig(r.Config)
	var token *string
	for {
		page, err := cl.GetDomainNames(ctx, &apigatewayv2.GetDomainNamesInput{NextToken: token})
		if err != nil {
			r.Fail("apigateway:GET", err, "aws_apigatewayv2_domain_name")
			return
		}
		for _, d := range page.Items {
			name := sdkaws.ToString(d.DomainName)
			attrs := map[string]any{"domain_name": name, "security_policy": "", "endpoint_type": "", "target_domain_name": "",
				"mutual_tls": d.MutualTlsAuthentication != nil && sdkaws.ToString(d.MutualTlsAuthentication.TruststoreUri) != ""}
			if len(d.DomainNameConfigurations) > 0 {
				c := d.DomainNameConfigurations[0]
				attrs["security_policy"] = string(c.SecurityPolicy)
				attrs["endpoint_type"] = string(c.EndpointType)
				attrs["target_domain_name"] = sdkaws.ToString(c.ApiGatewayDomainName)
			}
			mappings, err := apiMappings(ctx, cl, d.DomainName)
			switch {
			case err == nil:
				attrs["api_mappings"] = mappings
			case isCode(err, "NotFoundException"):
				continue // deleted since it was listed
			default:
				r.Fail("apigateway:GET", err, "aws_apigatewayv2_domain_name")
			}
			arn := "arn:" + r.Partition + ":apigateway:" + r.Region + "::/domainnames/" + name
			r.Emit(mamori.Resource{Type: "aws_apigatewayv2_domain_name", ID: arn, Name: name, Attributes: attrs})
		}
		if sdkaws.ToString(page.NextToken) == "" {
			return
		}
		token = page.NextToken
	}
}

// apiMappings lists a domain's API mappings: {api_id, stage, key}.
func apiMappings(ctx context.Context, cl *apigatewayv2.Client, domain *string) ([]any, error) {
	out := []any{}
	var token *string
	for {
		page, err := cl.GetApiMappings(ctx, &apigatewayv2.GetApiMappingsInput{DomainName: domain, NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, m := range page.Items {
			out = append(out, map[string]any{"api_id": sdkaws.ToString(m.ApiId), "stage": sdkaws.ToString(m.Stage), "key": sdkaws.ToString(m.ApiMappingKey)})
		}
		if sdkaws.ToString(page.NextToken) == "" {
			return out, nil
		}
		token = page.NextToken
	}
}
