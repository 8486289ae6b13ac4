package awsemu

import (
	"time"
)

// ConfigSvc is one region's AWS Config state: its customer-managed
// configuration recorder, if any.
type ConfigSvc struct {
	Recorder *ConfigRecorder `yaml:"recorder"`
}

// ConfigRecorder is one configuration recorder.
type ConfigRecorder struct {
	// Name defaults to "default".
	Name string `yaml:"name"`
	// Recording says whether the recorder is started.
	Recording bool `yaml:"recording"`
	// AllSupported defaults to true (record every supported resource type).
	AllSupported *bool `yaml:"all_supported"`
	// IncludeGlobal records global resources (IAM) in this region.
	IncludeGlobal bool `yaml:"include_global"`
	// ResourceTypes are recorded when AllSupported is false.
	ResourceTypes []string `yaml:"resource_types"`
	// LastStatus is the status of the last recording attempt: Success
	// (default), Pending, Failure or NotApplicable. Stopping a recorder
	// does not change it.
	LastStatus string `yaml:"last_status"`
}

func configRoute(c *Call) Handler {
	switch c.Op {
	case "DescribeConfigurationRecorders":
		return configDescribeRecorders
	case "DescribeConfigurationRecorderStatus":
		return configDescribeRecorderStatus
	}
	return nil
}

func (c *Call) configRecorder(names []string) (*ConfigRecorder, error) {
	cfg := c.Account.regionState(c.Region).Config
	var rec *ConfigRecorder
	if cfg != nil {
		rec = cfg.Recorder
	}
	for _, n := range names {
		if rec == nil || rdsDefault(rec.Name, "default") != n {
			return nil, Errf("NoSuchConfigurationRecorderException", "Cannot find configuration recorder with the specified name '%s'.", n)
		}
	}
	return rec, nil
}

func (c *Call) configRecorderArn(r *ConfigRecorder) string {
	return "arn:aws:config:" + c.Region + ":" + c.Account.ID + ":configuration-recorder/" + rdsDefault(r.Name, "default") + "/" + rdsHash(c.Account.ID+c.Region+"recorder", 16)
}

func configDescribeRecorders(c *Call) error {
	var in struct{ ConfigurationRecorderNames []string }
	if err := c.DecodeJSON(&in); err != nil {
		return err
	}
	rec, err := c.configRecorder(in.ConfigurationRecorderNames)
	if err != nil {
		return err
	}
	list := []any{}
	if rec != nil {
		all := rec.AllSupported == nil || *rec.AllSupported
		types := []string{}
		strategy := "ALL_SUPPORTED_RESOURCE_TYPES"
		if !all {
			types = append(types, rec.ResourceTypes...)
			strategy = "INCLUSION_BY_RESOURCE_TYPES"
		}
		list = append(list, map[string]any{
			"arn":     c.configRecorderArn(rec),
			"name":    rdsDefault(rec.Name, "default"),
			"roleARN": "arn:aws:iam::" + c.Account.ID + ":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
			"recordingGroup": map[string]any{
				"allSupported":               all,
				"includeGlobalResourceTypes": rec.IncludeGlobal,
				"resourceTypes":              types,
				"exclusionByResourceTypes":   map[string]any{"resourceTypes": []string{}},
				"recordingStrategy":          map[string]any{"useOnly": strategy},
			},
			"recordingMode":  map[string]any{"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []any{}},
			"recordingScope": "PAID",
		})
	}
	return c.JSONResult(map[string]any{"ConfigurationRecorders": list})
}

func configDescribeRecorderStatus(c *Call) error {
	var in struct{ ConfigurationRecorderNames []string }
	if err := c.DecodeJSON(&in); err != nil {
		return err
	}
	rec, err := c.configRecorder(in.ConfigurationRecorderNames)
	if err != nil {
		return err
	}
	list := []any{}
	if rec != nil {
		start := float64(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC).Unix())
		st := map[string]any{
			"arn":                  c.configRecorderArn(rec),
			"name":                 rdsDefault(rec.Name, "default"),
			"recording":            rec.Recording,
			"lastStartTime":        start,
			"lastStatusChangeTime": float64(time.Date(2026, 1, 14, 23, 0, 0, 0, time.UTC).Unix()),
		}
		status := rdsDefault(rec.LastStatus, "Success")
		st["lastStatus"] = status
		if !rec.Recording {
			st["lastStopTime"] = float64(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC).Unix())
		}
		if status == "Failure" {
			st["lastErrorCode"] = "AccessDenied"
			st["lastErrorMessage"] = "Insufficient delivery policy to s3 bucket: config-bucket, unable to write to bucket, provided s3 key prefix is 'null'."
		}
		list = append(list, st)
	}
	return c.JSONResult(map[string]any{"ConfigurationRecordersStatus": list})
}

func synthConfig(g *Gen, a *Account, region string, n int) {
	// One recorder or none per region, whatever n.
	if g.Chance(0.25) {
		return
	}
	rec := &ConfigRecorder{Recording: !g.Chance(0.15), IncludeGlobal: region == a.Regions[0]}
	if g.Chance(0.1) {
		f := false
		rec.AllSupported = &f
		rec.ResourceTypes = []string{"AWS::EC2::Instance", "AWS::EC2::SecurityGroup", "AWS::S3::Bucket"}
	}
	if rec.Recording && g.Chance(0.05) {
		rec.LastStatus = "Failure"
	}
	a.Region(region).Config = &ConfigSvc{Recorder: rec}
}
