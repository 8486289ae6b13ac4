package aws

import (
	"context"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront/types"

	"github.com/mamori-sec/mamori"
)

var cloudfrontService = &Service{
	Name:    "cloudfront",
	Global:  true,
	Types:   []string{"aws_cloudfront_distribution"},
	Actions: []string{"cloudfront:ListDistributions", "cloudfront:GetDistributionConfig"},
	Collect: collectCloudFront,
}

// collectCloudFront emits one aws_cloudfront_distribution per distribution:
// how viewers and origins are spoken to (protocol policies, minimum TLS,
// origin access control), whether a web ACL is attached, and, from its
// configuration, logging and the default root object (docs/resources/cloudfront.md).
func collectCloudFront(ctx context.Context, r *Run) error {
	cl := cloudfront.NewFromConfig(r.Config)
	p := cloudfront.NewListDistributionsPaginator(cl, &cloudfront.ListDistributionsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		if page.DistributionList == nil {
			continue
		}
		for _, d := range page.DistributionList.Items {
			attrs := cloudfrontAttrs(d)
			cfg, err := cl.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: d.Id})
			switch {
			case err == nil && cfg.DistributionConfig != nil:
				c := cfg.DistributionConfig
				attrs["logging_enabled"] = c.Logging != nil && sdkaws.ToBool(c.Logging.Enabled) && sdkaws.ToString(c.Logging.Bucket) != ""
				attrs["default_root_object"] = sdkaws.ToString(c.DefaultRootObject)
			case isCode(err, "NoSuchDistribution"):
				continue // deleted since it was listed
			case err != nil:
				r.Fail("cloudfront:GetDistributionConfig", err) // logging / root object stay absent: their checks are ERROR
			}
			r.Emit(mamori.Resource{Type: "aws_cloudfront_distribution", ID: sdkaws.ToString(d.ARN), Name: sdkaws.ToString(d.Id), Region: "global", Attributes: attrs})
		}
	}
	return nil
}

// weakViewerTLS are the minimum protocol versions below TLS 1.2.
var weakViewerTLS = map[string]bool{"SSLv3": true, "TLSv1": true, "TLSv1_2016": true, "TLSv1.1_2016": true}

func cloudfrontAttrs(d types.DistributionSummary) map[string]any {
	attrs := map[string]any{
		"arn": sdkaws.ToString(d.ARN), "id": sdkaws.ToString(d.Id), "domain_name": sdkaws.ToString(d.DomainName),
		"enabled": sdkaws.ToBool(d.Enabled), "internet_facing": true, "aliases": []any{},
		"web_acl_id": sdkaws.ToString(d.WebACLId), "waf_attached": sdkaws.ToString(d.WebACLId) != "",
	}
	if d.Aliases != nil {
		attrs["aliases"] = anyList(d.Aliases.Items)
	}
	// Viewers: a behaviour answering plain HTTP (allow-all) anywhere.
	var behaviours []string
	if d.DefaultCacheBehavior != nil {
		behaviours = append(behaviours, string(d.DefaultCacheBehavior.ViewerProtocolPolicy))
	}
	if d.CacheBehaviors != nil {
		for _, b := range d.CacheBehaviors.Items {
			behaviours = append(behaviours, string(b.ViewerProtocolPolicy))
		}
	}
	viewerHTTP := false
	for _, b := range behaviours {
		if b == string(types.ViewerProtocolPolicyAllowAll) {
			viewerHTTP = true
		}
	}
	attrs["viewer_http_allowed"] = viewerHTTP
	// The certificate: the *.cloudfront.net one accepts TLSv1 whatever the
	// distribution says, so that is its minimum.
	minTLS, defaultCert := "TLSv1", true
	if vc := d.ViewerCertificate; vc != nil {
		defaultCert = sdkaws.ToBool(vc.CloudFrontDefaultCertificate) || (sdkaws.ToString(vc.ACMCertificateArn) == "" && sdkaws.ToString(vc.IAMCertificateId) == "")
		if !defaultCert && vc.MinimumProtocolVersion != "" {
			minTLS = string(vc.MinimumProtocolVersion)
		}
		attrs["ssl_support_method"] = string(vc.SSLSupportMethod)
	}
	attrs["default_certificate"] = defaultCert
	// Origin failover: an origin group with a primary and a secondary.
	failover := false
	if d.OriginGroups != nil {
		for _, g := range d.OriginGroups.Items {
			if g.Members != nil && len(g.Members.Items) >= 2 {
				failover = true
			}
		}
	}
	attrs["origin_failover"] = failover
	attrs["viewer_minimum_protocol"] = minTLS
	attrs["viewer_tls_below_1_2"] = weakViewerTLS[minTLS]
	// Origins.
	var origins, domains, noOAC, httpOrigins, oldSSL []any
	if d.Origins != nil {
		for _, o := range d.Origins.Items {
			id, dom := sdkaws.ToString(o.Id), sdkaws.ToString(o.DomainName)
			kind := "custom"
			if o.S3OriginConfig != nil || (o.CustomOriginConfig == nil && strings.Contains(dom, ".s3.")) {
				kind = "s3"
				if sdkaws.ToString(o.OriginAccessControlId) == "" {
					noOAC = append(noOAC, id)
				}
			}
			if c := o.CustomOriginConfig; c != nil {
				if c.OriginProtocolPolicy == types.OriginProtocolPolicyHttpOnly || (c.OriginProtocolPolicy == types.OriginProtocolPolicyMatchViewer && viewerHTTP) {
					httpOrigins = append(httpOrigins, id)
				}
				if c.OriginSslProtocols != nil {
					for _, p := range c.OriginSslProtocols.Items {
						if p == types.SslProtocolSSLv3 {
							oldSSL = append(oldSSL, id)
						}
					}
				}
			}
			origins = append(origins, map[string]any{"id": id, "domain_name": dom, "type": kind,
				"origin_access_control":  sdkaws.ToString(o.OriginAccessControlId) != "",
				"origin_access_identity": o.S3OriginConfig != nil && sdkaws.ToString(o.S3OriginConfig.OriginAccessIdentity) != ""})
			domains = append(domains, dom)
		}
	}
	attrs["origins"] = nonNil(origins)
	attrs["origin_domains"] = nonNil(domains)
	attrs["s3_origins_without_oac"] = nonNil(noOAC)
	attrs["origins_over_http"] = nonNil(httpOrigins)
	attrs["origins_with_sslv3"] = nonNil(oldSSL)
	geo := "none"
	if d.Restrictions != nil && d.Restrictions.GeoRestriction != nil {
		geo = string(d.Restrictions.GeoRestriction.RestrictionType)
	}
	attrs["geo_restriction"] = geo
	return attrs
}

// nonNil is a list attribute that is [] rather than null when empty.
func nonNil(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}
