package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/mamori-sec/mamori"
)

var athenaService = &Service{
	Name:    "athena",
	Types:   []string{"aws_athena_workgroup"},
	Actions: []string{"athena:ListWorkGroups", "athena:GetWorkGroup"},
	Collect: collectAthena,
}

// collectAthena emits one aws_athena_workgroup per workgroup: where and how
// query results are written (encryption), whether the workgroup's settings
// override the client's, CloudWatch metrics and the per-query scan limit
// (docs/resources/athena.md). A workgroup deleted between the list and the
// describe is left out; a denied describe is an ERROR for the workgroups.
func collectAthena(ctx context.Context, r *Run) error {
	cl := athena.NewFromConfig(r.Config)
	p := athena.NewListWorkGroupsPaginator(cl, &athena.ListWorkGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, s := range page.WorkGroups {
			out, err := cl.GetWorkGroup(ctx, &athena.GetWorkGroupInput{WorkGroup: s.Name})
			switch {
			case isCode(err, "InvalidRequestException", "ResourceNotFoundException"):
				continue // deleted since it was listed
			case err != nil:
				r.Fail("athena:GetWorkGroup", err)
				continue
			}
			r.Emit(athenaWorkGroup(r, out.WorkGroup))
		}
	}
	return nil
}

func athenaWorkGroup(r *Run, w *types.WorkGroup) mamori.Resource {
	name := sdkaws.ToString(w.Name)
	attrs := map[string]any{
		"arn": r.ARN("athena", r.Region, "workgroup/"+name), "state": string(w.State),
		"output_location": "", "encryption_option": "", "kms_key": "", "managed_results": false,
		"enforce_configuration": false, "publish_cloudwatch_metrics": false, "bytes_scanned_cutoff": 0,
	}
	if c := w.Configuration; c != nil {
		if rc := c.ResultConfiguration; rc != nil {
			attrs["output_location"] = sdkaws.ToString(rc.OutputLocation)
			if e := rc.EncryptionConfiguration; e != nil {
				attrs["encryption_option"], attrs["kms_key"] = string(e.EncryptionOption), sdkaws.ToString(e.KmsKey)
			}
		}
		// Managed query results are always encrypted (by Athena's key or the
		// one named), with no bucket of the customer's to leave open.
		if m := c.ManagedQueryResultsConfiguration; m != nil && m.Enabled {
			attrs["managed_results"] = true
		}
		attrs["enforce_configuration"] = sdkaws.ToBool(c.EnforceWorkGroupConfiguration)
		attrs["publish_cloudwatch_metrics"] = sdkaws.ToBool(c.PublishCloudWatchMetricsEnabled)
		attrs["bytes_scanned_cutoff"] = int(sdkaws.ToInt64(c.BytesScannedCutoffPerQuery))
	}
	attrs["results_encrypted"] = attrs["encryption_option"] != "" || attrs["managed_results"] == true
	return mamori.Resource{Type: "aws_athena_workgroup", ID: attrs["arn"].(string), Name: name, Attributes: attrs}
}
