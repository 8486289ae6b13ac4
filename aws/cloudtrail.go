package aws

import (
	"context"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/mamori-sec/mamori"
)

var cloudtrailService = &Service{
	Name:    "cloudtrail",
	Types:   []string{"aws_cloudtrail"},
	Actions: []string{"cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"},
	Collect: collectCloudTrail,
}

// cloudtrailFailTypes are the types whose checks a CloudTrail failure makes
// untrustworthy: the trails and the account-wide "is there a logging
// multi-region trail" fact the analyzer sets on aws_account.
var cloudtrailFailTypes = []string{"aws_cloudtrail", "aws_account"}

// collectCloudTrail emits one aws_cloudtrail per trail (see
// docs/resources/cloudtrail.md). A multi-region trail is listed in every
// region (as a shadow trail elsewhere); it is emitted once, by the run of its
// home region, or by the run of the first scanned region when its home
// region is not scanned.
func collectCloudTrail(ctx context.Context, r *Run) error {
	cl := cloudtrail.NewFromConfig(r.Config)
	out, err := cl.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: sdkaws.Bool(true)})
	if err != nil {
		r.Fail("cloudtrail:DescribeTrails", err, cloudtrailFailTypes...)
		return nil
	}
	for _, t := range out.TrailList {
		home := sdkaws.ToString(t.HomeRegion)
		if home != r.Region && (contains(r.Regions, home) || len(r.Regions) == 0 || r.Region != r.Regions[0]) {
			continue
		}
		arn := sdkaws.ToString(t.TrailARN)
		attrs := map[string]any{
			"name":                           sdkaws.ToString(t.Name),
			"arn":                            arn,
			"home_region":                    home,
			"is_multi_region_trail":          sdkaws.ToBool(t.IsMultiRegionTrail),
			"is_organization_trail":          sdkaws.ToBool(t.IsOrganizationTrail),
			"include_global_service_events":  sdkaws.ToBool(t.IncludeGlobalServiceEvents),
			"log_file_validation_enabled":    sdkaws.ToBool(t.LogFileValidationEnabled),
			"kms_key_id":                     ctOpt(t.KmsKeyId),
			"s3_bucket_name":                 sdkaws.ToString(t.S3BucketName),
			"cloud_watch_logs_log_group_arn": ctOpt(t.CloudWatchLogsLogGroupArn),
		}
		var rels []mamori.Relation
		if t.KmsKeyId != nil {
			rels = append(rels, mamori.Relation{Kind: "uses_key", Type: "aws_kms_key", ID: *t.KmsKeyId})
		}
		if t.S3BucketName != nil {
			rels = append(rels, mamori.Relation{Kind: "writes_to", Type: "aws_s3_bucket", ID: "arn:" + r.Partition + ":s3:::" + *t.S3BucketName})
		}
		// A failed status call leaves is_logging out, so that the checks
		// reading it are ERROR rather than FAIL or PASS.
		st, err := cl.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: sdkaws.String(arn)})
		if err != nil {
			r.Fail("cloudtrail:GetTrailStatus", err, cloudtrailFailTypes...)
		} else {
			attrs["is_logging"] = sdkaws.ToBool(st.IsLogging)
		}
		// The event selectors of an organization trail owned by the
		// management account cannot be read from a member account: null.
		if ctArnAccount(arn) != r.Account {
			attrs["management_events"] = nil
			attrs["s3_data_events"] = nil
		} else if sel, err := cl.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: sdkaws.String(arn)}); err != nil {
			r.Fail("cloudtrail:GetEventSelectors", err, cloudtrailFailTypes...)
		} else {
			attrs["management_events"] = ctManagementEvents(sel)
			attrs["s3_data_events"] = ctS3DataEvents(sel, r.Partition)
		}
		r.Emit(mamori.Resource{Type: "aws_cloudtrail", ID: arn, Name: sdkaws.ToString(t.Name), Region: home, Attributes: attrs, Relations: rels})
	}
	return nil
}

// ctOpt is a string attribute that is null when absent.
func ctOpt(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	return *s
}

// ctArnAccount is the account field of an ARN.
func ctArnAccount(arn string) string {
	p := strings.SplitN(arn, ":", 6)
	if len(p) < 6 {
		return ""
	}
	return p[4]
}

// ctManagementEvents sums up which management events a trail records: "All",
// "ReadOnly", "WriteOnly" or "None", from basic or advanced event selectors.
func ctManagementEvents(out *cloudtrail.GetEventSelectorsOutput) string {
	var read, write bool
	for _, s := range out.EventSelectors {
		if !sdkaws.ToBool(s.IncludeManagementEvents) {
			continue
		}
		r, w := ctReadWrite(s.ReadWriteType)
		read, write = read || r, write || w
	}
	for _, s := range out.AdvancedEventSelectors {
		mgmt, r, w := false, true, true
		for _, f := range s.FieldSelectors {
			switch sdkaws.ToString(f.Field) {
			case "eventCategory":
				mgmt = contains(f.Equals, "Management")
			case "readOnly":
				if len(f.Equals) == 1 {
					r, w = f.Equals[0] == "true", f.Equals[0] == "false"
				}
			}
		}
		if mgmt {
			read, write = read || r, write || w
		}
	}
	return ctRecorded(read, write)
}

// ctS3DataEvents sums up which S3 object-level (data) events a trail records
// for every bucket: "All", "ReadOnly", "WriteOnly" or "None" (CIS 3.8 and
// 3.9). A basic selector counts when its data resources name all buckets
// (AWS::S3::Object with "arn:aws:s3" or "arn:aws:s3:::"); an advanced one
// when it selects eventCategory Data and resources.type AWS::S3::Object with
// at most a readOnly filter besides — a selector limited to some buckets,
// events or principals records only part of the activity and does not count.
func ctS3DataEvents(out *cloudtrail.GetEventSelectorsOutput, partition string) string {
	if partition == "" {
		partition = "aws"
	}
	all := map[string]bool{"arn:" + partition + ":s3": true, "arn:" + partition + ":s3:::": true}
	var read, write bool
	for _, s := range out.EventSelectors {
		every := false
		for _, d := range s.DataResources {
			if sdkaws.ToString(d.Type) != "AWS::S3::Object" {
				continue
			}
			for _, v := range d.Values {
				every = every || all[v]
			}
		}
		if !every {
			continue
		}
		r, w := ctReadWrite(s.ReadWriteType)
		read, write = read || r, write || w
	}
	for _, s := range out.AdvancedEventSelectors {
		data, object, other := false, false, false
		r, w := true, true
		for _, f := range s.FieldSelectors {
			plain := len(f.StartsWith) == 0 && len(f.EndsWith) == 0 && len(f.NotEquals) == 0 &&
				len(f.NotStartsWith) == 0 && len(f.NotEndsWith) == 0
			switch sdkaws.ToString(f.Field) {
			case "eventCategory":
				data = plain && contains(f.Equals, "Data")
			case "resources.type":
				object = plain && contains(f.Equals, "AWS::S3::Object")
			case "readOnly":
				switch {
				case !plain:
					other = true
				case len(f.Equals) == 1:
					r, w = f.Equals[0] == "true", f.Equals[0] == "false"
				}
			default: // resources.ARN, eventName, userIdentity.arn, ...: a part only
				other = true
			}
		}
		if data && object && !other {
			read, write = read || r, write || w
		}
	}
	return ctRecorded(read, write)
}

// ctRecorded names what a trail's selectors record, all told: "All",
// "ReadOnly", "WriteOnly" or "None".
func ctRecorded(read, write bool) string {
	switch {
	case read && write:
		return "All"
	case read:
		return "ReadOnly"
	case write:
		return "WriteOnly"
	}
	return "None"
}

// ctReadWrite is what a basic event selector's ReadWriteType records: reads,
// writes, or both (All, and the default when it is not set).
func ctReadWrite(t types.ReadWriteType) (read, write bool) {
	switch t {
	case types.ReadWriteTypeReadOnly:
		return true, false
	case types.ReadWriteTypeWriteOnly:
		return false, true
	}
	return true, true
}
