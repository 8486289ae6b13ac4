package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/mamori-sec/mamori"
)

var configService = &Service{
	Name:    "config",
	Types:   []string{"aws_config_configuration_recorder"},
	Actions: []string{"config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus"},
	Collect: collectConfig,
}

// collectConfig emits one aws_config_configuration_recorder per recorder, or,
// in a region without one, a placeholder with exists = false, so that "AWS
// Config records in every region" has a resource to judge in each region
// (see docs/resources/config.md).
func collectConfig(ctx context.Context, r *Run) error {
	cl := configservice.NewFromConfig(r.Config)
	recs, err := cl.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		return err
	}
	if len(recs.ConfigurationRecorders) == 0 {
		r.Emit(mamori.Resource{Type: "aws_config_configuration_recorder", ID: r.ARN("config", r.Region, "configuration-recorder/none"), Name: "(none)",
			Attributes: map[string]any{
				"exists": false, "name": nil, "recording": false, "all_supported": false,
				"include_global_resource_types": false, "last_status": nil,
			}})
		return nil
	}
	// A failed status call leaves recording and last_status out, so that the
	// checks reading them are ERROR rather than FAIL or PASS.
	statuses := map[string]types.ConfigurationRecorderStatus{}
	st, err := cl.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
	if err != nil {
		r.Fail("config:DescribeConfigurationRecorderStatus", err)
	} else {
		for _, s := range st.ConfigurationRecordersStatus {
			statuses[sdkaws.ToString(s.Name)] = s
		}
	}
	for _, rec := range recs.ConfigurationRecorders {
		name := sdkaws.ToString(rec.Name)
		attrs := map[string]any{
			"exists": true, "name": name, "all_supported": false, "include_global_resource_types": false,
		}
		if g := rec.RecordingGroup; g != nil {
			attrs["all_supported"] = g.AllSupported
			attrs["include_global_resource_types"] = g.IncludeGlobalResourceTypes
		}
		if err == nil {
			s, ok := statuses[name]
			attrs["recording"] = ok && s.Recording
			attrs["last_status"] = nil
			if ok && s.LastStatus != "" {
				attrs["last_status"] = string(s.LastStatus)
			}
		}
		id := sdkaws.ToString(rec.Arn)
		if id == "" {
			id = r.ARN("config", r.Region, "configuration-recorder/"+name)
		}
		r.Emit(mamori.Resource{Type: "aws_config_configuration_recorder", ID: id, Name: name, Attributes: attrs})
	}
	return nil
}
