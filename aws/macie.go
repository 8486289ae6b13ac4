package aws

import (
	"context"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/macie2"

	"github.com/mamori-sec/mamori"
)

var macieService = &Service{
	Name:  "macie",
	Types: []string{"aws_macie_region"},
	Actions: []string{"macie2:GetMacieSession", "macie2:GetAutomatedDiscoveryConfiguration",
		"macie2:GetClassificationExportConfiguration"},
	Collect: collectMacie,
}

// macieOff reports whether err is Macie's answer for a region where it was
// never enabled (AccessDeniedException "Macie is not enabled"), which is a
// finding about the region, not a failure to read it.
func macieOff(err error) bool {
	return isCode(err, "AccessDeniedException") && strings.Contains(ErrorMessage(err), "Macie is not enabled")
}

// collectMacie emits one aws_macie_region per region: whether Macie runs
// there, whether it discovers sensitive data in S3 on its own (automated
// sensitive data discovery) and where it keeps its discovery results
// (docs/resources/macie.md).
func collectMacie(ctx context.Context, r *Run) error {
	cl := macie2.NewFromConfig(r.Config)
	attrs := map[string]any{"status": "DISABLED", "enabled": false, "automated_discovery": false, "results_repository": false,
		"results_bucket": "", "results_kms_key": "", "finding_publishing_frequency": ""}
	res := mamori.Resource{Type: "aws_macie_region", ID: r.ARN("macie2", r.Region, "session"), Name: r.Region, Attributes: attrs}
	s, err := cl.GetMacieSession(ctx, &macie2.GetMacieSessionInput{})
	switch {
	case macieOff(err):
		r.Emit(res)
		return nil
	case err != nil:
		return err
	}
	attrs["status"] = string(s.Status)
	attrs["enabled"] = s.Status == "ENABLED"
	attrs["finding_publishing_frequency"] = string(s.FindingPublishingFrequency)
	// A paused Macie keeps its settings; they are read all the same, so the
	// finding says what resuming it would bring back.
	ad, err := cl.GetAutomatedDiscoveryConfiguration(ctx, &macie2.GetAutomatedDiscoveryConfigurationInput{})
	if err != nil {
		delete(attrs, "automated_discovery")
		r.Fail("macie2:GetAutomatedDiscoveryConfiguration", err)
	} else {
		attrs["automated_discovery"] = ad.Status == "ENABLED"
	}
	ex, err := cl.GetClassificationExportConfiguration(ctx, &macie2.GetClassificationExportConfigurationInput{})
	if err != nil {
		for _, k := range []string{"results_repository", "results_bucket", "results_kms_key"} {
			delete(attrs, k)
		}
		r.Fail("macie2:GetClassificationExportConfiguration", err)
	} else if ex.Configuration != nil && ex.Configuration.S3Destination != nil {
		d := ex.Configuration.S3Destination
		attrs["results_bucket"] = sdkaws.ToString(d.BucketName)
		attrs["results_kms_key"] = sdkaws.ToString(d.KmsKeyArn)
		attrs["results_repository"] = attrs["results_bucket"] != ""
	}
	r.Emit(res)
	return nil
}
