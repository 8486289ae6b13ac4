package aws

import (
	"context"
	"sort"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"

	"github.com/mamori-sec/mamori"
)

// API Gateway's IAM actions are HTTP verbs on resource paths: every read
// here is apigateway:GET (in SecurityAudit).
var apigatewayService = &Service{
	Name:    "apigateway",
	Types:   []string{"aws_apigateway_rest_api", "aws_apigateway_stage", "aws_apigatewayv2_api", "aws_apigatewayv2_stage", "aws_apigatewayv2_domain_name"},
	Actions: []string{"apigateway:GET"},
	Collect: collectAPIGateway,
}

// collectAPIGateway reads REST APIs (v1: their methods' authorisation and
// each stage's logging, client certificate, cache encryption, tracing and
// web ACL) and HTTP / WebSocket APIs (v2: their routes' authorisation and
// each stage's logging) (docs/resources/apigateway.md).
func collectAPIGateway(ctx context.Context, r *Run) error {
	if err := collectRestAPIs(ctx, r); err != nil {
		return err
	}
	if err := collectHTTPAPIs(ctx, r); err != nil {
		return err
	}
	collectDomainNames(ctx, r)
	return nil
}

func collectRestAPIs(ctx context.Context, r *Run) error {
	cl := apigateway.NewFromConfig(r.Config)
	p := apigateway.NewGetRestApisPaginator(cl, &apigateway.GetRestApisInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, api := range page.Items {
			id := sdkaws.ToString(api.Id)
			arn := "arn:" + r.Partition + ":apigateway:" + r.Region + "::/restapis/" + id
			var types []any
			private := false
			if api.EndpointConfiguration != nil {
				for _, t := range api.EndpointConfiguration.Types {
					types = append(types, string(t))
					private = private || t == apigwtypes.EndpointTypePrivate
				}
			}
			attrs := map[string]any{
				"arn": arn, "id": id, "name": sdkaws.ToString(api.Name), "endpoint_types": nonNil(types),
				"private": private, "execute_api_endpoint_disabled": api.DisableExecuteApiEndpoint,
				// For reachability: a non-private API with its default endpoint on is on the internet.
				"internet_facing":     !private && !api.DisableExecuteApiEndpoint,
				"has_resource_policy": sdkaws.ToString(api.Policy) != "",
			}
			if open, err := openMethods(ctx, cl, api.Id); err == nil {
				attrs["unauthenticated_methods"] = open
			} else if isCode(err, "NotFoundException") {
				continue // deleted since it was listed
			} else {
				r.Fail("apigateway:GET", err)
			}
			r.Emit(mamori.Resource{Type: "aws_apigateway_rest_api", ID: arn, Name: sdkaws.ToString(api.Name), Attributes: attrs})
			stages, err := cl.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: api.Id})
			if err != nil {
				if !isCode(err, "NotFoundException") {
					r.Fail("apigateway:GET", err)
				}
				continue
			}
			for _, s := range stages.Item {
				r.Emit(restStage(arn, attrs, s))
			}
		}
	}
	return nil
}

// openMethods lists "METHOD /path" of the methods callable without any
// authorisation (type NONE and no API key). OPTIONS is left out: CORS
// preflight has to be open.
func openMethods(ctx context.Context, cl *apigateway.Client, api *string) ([]any, error) {
	var out []string
	p := apigateway.NewGetResourcesPaginator(cl, &apigateway.GetResourcesInput{RestApiId: api, Embed: []string{"methods"}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, res := range page.Items {
			for verb, m := range res.ResourceMethods {
				if verb == "OPTIONS" || sdkaws.ToBool(m.ApiKeyRequired) {
					continue
				}
				if t := sdkaws.ToString(m.AuthorizationType); t == "" || t == "NONE" {
					out = append(out, verb+" "+sdkaws.ToString(res.Path))
				}
			}
		}
	}
	sort.Strings(out)
	return nonNil(anyList(out)), nil
}

func restStage(apiARN string, api map[string]any, s apigwtypes.Stage) mamori.Resource {
	name := sdkaws.ToString(s.StageName)
	arn := apiARN + "/stages/" + name
	level := "OFF"
	cacheUnencrypted := false
	for key, ms := range s.MethodSettings {
		if key == "*/*" && ms.LoggingLevel != nil {
			level = *ms.LoggingLevel
		}
		if ms.CachingEnabled && !ms.CacheDataEncrypted {
			cacheUnencrypted = true
		}
	}
	attrs := map[string]any{
		"arn": arn, "rest_api_id": api["id"], "rest_api_name": api["name"], "stage_name": name,
		"access_logging":          s.AccessLogSettings != nil && sdkaws.ToString(s.AccessLogSettings.DestinationArn) != "",
		"execution_logging_level": level,
		"client_certificate":      sdkaws.ToString(s.ClientCertificateId) != "",
		"cache_enabled":           s.CacheClusterEnabled,
		"cache_unencrypted":       s.CacheClusterEnabled && cacheUnencrypted,
		"tracing_enabled":         s.TracingEnabled,
		"web_acl_arn":             sdkaws.ToString(s.WebAclArn),
		"waf_attached":            sdkaws.ToString(s.WebAclArn) != "",
		"internet_facing":         api["internet_facing"],
	}
	return mamori.Resource{Type: "aws_apigateway_stage", ID: arn, Name: api["name"].(string) + "/" + name, Attributes: attrs}
}

func collectHTTPAPIs(ctx context.Context, r *Run) error {
	cl := apigatewayv2.NewFromConfig(r.Config)
	var token *string
	for {
		page, err := cl.GetApis(ctx, &apigatewayv2.GetApisInput{NextToken: token})
		if err != nil {
			return err
		}
		for _, api := range page.Items {
			id := sdkaws.ToString(api.ApiId)
			arn := "arn:" + r.Partition + ":apigateway:" + r.Region + "::/apis/" + id
			attrs := map[string]any{
				"arn": arn, "id": id, "name": sdkaws.ToString(api.Name), "protocol_type": string(api.ProtocolType),
				"api_endpoint": sdkaws.ToString(api.ApiEndpoint), "execute_api_endpoint_disabled": sdkaws.ToBool(api.DisableExecuteApiEndpoint),
				"internet_facing": !sdkaws.ToBool(api.DisableExecuteApiEndpoint),
			}
			if open, err := openRoutes(ctx, cl, api.ApiId, api.ProtocolType == "WEBSOCKET"); err == nil {
				attrs["unauthorized_routes"] = open
			} else if isCode(err, "NotFoundException") {
				continue
			} else {
				r.Fail("apigateway:GET", err)
			}
			r.Emit(mamori.Resource{Type: "aws_apigatewayv2_api", ID: arn, Name: sdkaws.ToString(api.Name), Attributes: attrs})
			if err := httpStages(ctx, r, cl, api.ApiId, attrs); err != nil && !isCode(err, "NotFoundException") {
				r.Fail("apigateway:GET", err)
			}
		}
		if sdkaws.ToString(page.NextToken) == "" {
			return nil
		}
		token = page.NextToken
	}
}

// openRoutes lists the route keys with authorisation type NONE and no API
// key. A WebSocket API authorises on $connect only (its other routes cannot
// carry an authoriser), so only $connect is judged there.
func openRoutes(ctx context.Context, cl *apigatewayv2.Client, api *string, websocket bool) ([]any, error) {
	var out []string
	var token *string
	for {
		page, err := cl.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: api, NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, rt := range page.Items {
			key := sdkaws.ToString(rt.RouteKey)
			if (websocket && key != "$connect") || sdkaws.ToBool(rt.ApiKeyRequired) {
				continue
			}
			if rt.AuthorizationType == "" || rt.AuthorizationType == "NONE" {
				out = append(out, key)
			}
		}
		if sdkaws.ToString(page.NextToken) == "" {
			break
		}
		token = page.NextToken
	}
	sort.Strings(out)
	return nonNil(anyList(out)), nil
}

func httpStages(ctx context.Context, r *Run, cl *apigatewayv2.Client, api *string, a map[string]any) error {
	var token *string
	for {
		page, err := cl.GetStages(ctx, &apigatewayv2.GetStagesInput{ApiId: api, NextToken: token})
		if err != nil {
			return err
		}
		for _, s := range page.Items {
			name := sdkaws.ToString(s.StageName)
			arn := a["arn"].(string) + "/stages/" + name
			level := "OFF"
			if s.DefaultRouteSettings != nil && s.DefaultRouteSettings.LoggingLevel != "" {
				level = string(s.DefaultRouteSettings.LoggingLevel)
			}
			r.Emit(mamori.Resource{Type: "aws_apigatewayv2_stage", ID: arn, Name: a["name"].(string) + "/" + name, Attributes: map[string]any{
				"arn": arn, "api_id": a["id"], "api_name": a["name"], "protocol_type": a["protocol_type"], "stage_name": name,
				"access_logging":          s.AccessLogSettings != nil && sdkaws.ToString(s.AccessLogSettings.DestinationArn) != "",
				"execution_logging_level": level, "auto_deploy": sdkaws.ToBool(s.AutoDeploy),
				"client_certificate": sdkaws.ToString(s.ClientCertificateId) != "", "internet_facing": a["internet_facing"],
			}})
		}
		if sdkaws.ToString(page.NextToken) == "" {
			return nil
		}
		token = page.NextToken
	}
}
