package aws

import (
	"context"
	"regexp"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/mamori-sec/mamori"
)

var route53Service = &Service{
	Name:    "route53",
	Global:  true,
	Types:   []string{"aws_route53_hosted_zone"},
	Actions: []string{"route53:ListHostedZones", "route53:GetDNSSEC", "route53:ListResourceRecordSets", "route53:ListQueryLoggingConfigs"},
	Collect: collectRoute53,
}

// collectRoute53 emits one aws_route53_hosted_zone per hosted zone: public
// or private, DNSSEC signing and query logging (public zones only: neither
// exists for private ones), and the records that send a name to an S3
// bucket, which the dangling-dns analyzer compares with the buckets the scan
// found (docs/resources/route53.md). Record values are not kept otherwise.
func collectRoute53(ctx context.Context, r *Run) error {
	cl := route53.NewFromConfig(r.Config)
	p := route53.NewListHostedZonesPaginator(cl, &route53.ListHostedZonesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, z := range page.HostedZones {
			id := strings.TrimPrefix(sdkaws.ToString(z.Id), "/hostedzone/")
			private := z.Config != nil && z.Config.PrivateZone
			attrs := map[string]any{
				"id": id, "name": strings.TrimSuffix(sdkaws.ToString(z.Name), "."), "private": private,
				"record_count": int(sdkaws.ToInt64(z.ResourceRecordSetCount)),
			}
			s3, n, err := zoneRecords(ctx, cl, id)
			switch {
			case isCode(err, "NoSuchHostedZone"):
				continue // deleted since it was listed
			case err != nil:
				r.Fail("route53:ListResourceRecordSets", err)
			default:
				attrs["s3_targets"] = s3
				attrs["record_count"] = n
			}
			if !private {
				d, err := cl.GetDNSSEC(ctx, &route53.GetDNSSECInput{HostedZoneId: &id})
				if err != nil {
					r.Fail("route53:GetDNSSEC", err)
				} else {
					attrs["dnssec_signing"] = d.Status != nil && sdkaws.ToString(d.Status.ServeSignature) == "SIGNING"
				}
				q, err := cl.ListQueryLoggingConfigs(ctx, &route53.ListQueryLoggingConfigsInput{HostedZoneId: &id})
				if err != nil {
					r.Fail("route53:ListQueryLoggingConfigs", err)
				} else {
					attrs["query_logging"] = len(q.QueryLoggingConfigs) > 0
				}
			}
			arn := "arn:" + r.Partition + ":route53:::hostedzone/" + id
			r.Emit(mamori.Resource{Type: "aws_route53_hosted_zone", ID: arn, Name: attrs["name"].(string), Region: "global", Attributes: attrs})
		}
	}
	return nil
}

// s3Host matches the S3 endpoints a record can name a bucket by:
// bucket.s3.amazonaws.com, bucket.s3.<region>.amazonaws.com,
// bucket.s3-website-<region>.amazonaws.com, bucket.s3-website.<region>.amazonaws.com.
var s3Host = regexp.MustCompile(`^(.+)\.s3([.-]website)?([.-][a-z0-9-]+)?\.amazonaws\.com$`)

// s3WebsiteAlias is the endpoint an alias record to an S3 website names; the
// bucket is then the record's own name.
var s3WebsiteAlias = regexp.MustCompile(`^s3-website[.-]([a-z0-9-]+\.)?amazonaws\.com$`)

// zoneRecords reads a zone's records and returns those pointing at an S3
// bucket ({record, type, bucket}) and the number of records.
func zoneRecords(ctx context.Context, cl *route53.Client, zone string) ([]any, int, error) {
	out := []any{}
	n := 0
	p := route53.NewListResourceRecordSetsPaginator(cl, &route53.ListResourceRecordSetsInput{HostedZoneId: &zone})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, 0, err
		}
		for _, rs := range page.ResourceRecordSets {
			n++
			name := strings.TrimSuffix(sdkaws.ToString(rs.Name), ".")
			if b := s3Bucket(rs, name); b != "" {
				out = append(out, map[string]any{"record": name, "type": string(rs.Type), "bucket": b})
			}
		}
	}
	return out, n, nil
}

func s3Bucket(rs types.ResourceRecordSet, name string) string {
	if rs.AliasTarget != nil {
		if s3WebsiteAlias.MatchString(strings.TrimSuffix(sdkaws.ToString(rs.AliasTarget.DNSName), ".")) {
			return name
		}
		return ""
	}
	if rs.Type != types.RRTypeCname {
		return ""
	}
	for _, v := range rs.ResourceRecords {
		if m := s3Host.FindStringSubmatch(strings.TrimSuffix(strings.ToLower(sdkaws.ToString(v.Value)), ".")); m != nil {
			return m[1]
		}
	}
	return ""
}
