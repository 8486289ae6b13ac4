package awsemu

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// CloudTrail is one region's CloudTrail state: the trails whose home region
// it is. A multi-region trail is also answered, as a shadow trail, in every
// other region of the account.
type CloudTrail struct {
	Trails []*Trail `yaml:"trails"`
}

// Trail is one CloudTrail trail.
type Trail struct {
	Name         string `yaml:"name"`
	MultiRegion  bool   `yaml:"multi_region"`
	Organization bool   `yaml:"organization"`
	// Owner is the account that created the trail; default the account
	// itself. An organization trail seen from a member account is owned by
	// the management account.
	Owner string `yaml:"owner"`
	// GlobalEvents is IncludeGlobalServiceEvents; default true, as in AWS.
	GlobalEvents  *bool  `yaml:"global_events"`
	LogValidation bool   `yaml:"log_validation"`
	KMSKeyID      string `yaml:"kms_key_id"`
	// S3Bucket defaults to aws-cloudtrail-logs-<account>-<name>.
	S3Bucket      string `yaml:"s3_bucket"`
	LogGroupArn   string `yaml:"log_group_arn"`
	Logging       bool   `yaml:"logging"`
	SNSTopicName  string `yaml:"sns_topic"`
	InsightEvents bool   `yaml:"insight_events"`
	// ManagementEvents is the read/write type of management events logged:
	// All (default), ReadOnly, WriteOnly or None.
	ManagementEvents string `yaml:"management_events"`
	// Advanced answers GetEventSelectors with advanced event selectors
	// instead of basic ones.
	Advanced bool `yaml:"advanced"`
	// EventSelectors, when set, is the GetEventSelectors answer in the API's
	// shape ({EventSelectors: [...]} or {AdvancedEventSelectors: [...]}), in
	// place of the one built from ManagementEvents and Advanced: data events
	// (S3 object-level logging) are written this way.
	EventSelectors map[string]any `yaml:"event_selectors"`
}

func cloudtrailRoute(c *Call) Handler {
	switch c.Op {
	case "DescribeTrails":
		return cloudtrailDescribeTrails
	case "GetTrailStatus":
		return cloudtrailGetTrailStatus
	case "GetEventSelectors":
		return cloudtrailGetEventSelectors
	}
	return nil
}

// homedTrail is a trail with the region it was created in.
type homedTrail struct {
	*Trail
	home string
}

func (c *Call) trailArn(t homedTrail) string {
	return fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/%s", t.home, rdsDefault(t.Owner, c.Account.ID), t.Name)
}

// visibleTrails are the trails DescribeTrails answers in the call's region:
// its own, then (with shadows) the multi-region trails of other regions.
func (c *Call) visibleTrails(shadows bool) []homedTrail {
	var out []homedTrail
	for _, t := range c.Account.regionState(c.Region).trails() {
		out = append(out, homedTrail{t, c.Region})
	}
	if !shadows {
		return out
	}
	for _, r := range c.Account.Regions {
		if r == c.Region {
			continue
		}
		for _, t := range c.Account.regionState(r).trails() {
			if t.MultiRegion {
				out = append(out, homedTrail{t, r})
			}
		}
	}
	return out
}

func (r *Region) trails() []*Trail {
	if r.CloudTrail == nil {
		return nil
	}
	return r.CloudTrail.Trails
}

// findTrail resolves a trail name (home region only) or ARN (any region,
// which is how a shadow trail is addressed).
func (c *Call) findTrail(name string) (homedTrail, error) {
	for _, t := range c.visibleTrails(true) {
		if (t.home == c.Region && t.Name == name) || c.trailArn(t) == name {
			return t, nil
		}
	}
	if strings.HasPrefix(name, "arn:") {
		return homedTrail{}, Errf("TrailNotFoundException", "Unknown trail: %s for the user: %s", name, c.Account.ID)
	}
	return homedTrail{}, Errf("TrailNotFoundException", "Unknown trail: arn:aws:cloudtrail:%s:%s:trail/%s for the user: %s", c.Region, c.Account.ID, name, c.Account.ID)
}

func cloudtrailDescribeTrails(c *Call) error {
	var in struct {
		TrailNameList       []string `json:"trailNameList"`
		IncludeShadowTrails *bool    `json:"includeShadowTrails"`
	}
	if err := c.DecodeJSON(&in); err != nil {
		return err
	}
	shadows := in.IncludeShadowTrails == nil || *in.IncludeShadowTrails
	list := []map[string]any{}
	for _, t := range c.visibleTrails(shadows) {
		if len(in.TrailNameList) > 0 && !slices.Contains(in.TrailNameList, t.Name) && !slices.Contains(in.TrailNameList, c.trailArn(t)) {
			continue
		}
		m := map[string]any{
			"Name":                       t.Name,
			"TrailARN":                   c.trailArn(t),
			"HomeRegion":                 t.home,
			"S3BucketName":               rdsDefault(t.S3Bucket, "aws-cloudtrail-logs-"+c.Account.ID+"-"+t.Name),
			"IncludeGlobalServiceEvents": t.GlobalEvents == nil || *t.GlobalEvents,
			"IsMultiRegionTrail":         t.MultiRegion,
			"IsOrganizationTrail":        t.Organization,
			"LogFileValidationEnabled":   t.LogValidation,
			"HasCustomEventSelectors":    rdsDefault(t.ManagementEvents, "All") != "All" || t.Advanced || t.EventSelectors != nil,
			"HasInsightSelectors":        t.InsightEvents,
		}
		if t.KMSKeyID != "" {
			m["KmsKeyId"] = t.KMSKeyID
		}
		if t.LogGroupArn != "" {
			m["CloudWatchLogsLogGroupArn"] = t.LogGroupArn
			m["CloudWatchLogsRoleArn"] = "arn:aws:iam::" + c.Account.ID + ":role/CloudTrail_CloudWatchLogs_Role"
		}
		if t.SNSTopicName != "" {
			m["SnsTopicName"] = t.SNSTopicName
			m["SnsTopicARN"] = fmt.Sprintf("arn:aws:sns:%s:%s:%s", t.home, c.Account.ID, t.SNSTopicName)
		}
		list = append(list, m)
	}
	return c.JSONResult(map[string]any{"trailList": list})
}

func cloudtrailGetTrailStatus(c *Call) error {
	var in struct{ Name string }
	if err := c.DecodeJSON(&in); err != nil {
		return err
	}
	if in.Name == "" {
		return Errf("InvalidTrailNameException", "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).")
	}
	t, err := c.findTrail(in.Name)
	if err != nil {
		return err
	}
	start := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	out := map[string]any{
		"IsLogging":          t.Logging,
		"StartLoggingTime":   float64(start.Unix()),
		"TimeLoggingStarted": start.Format(time.RFC3339),
	}
	if t.Logging {
		out["LatestDeliveryTime"] = float64(time.Date(2026, 1, 14, 23, 55, 0, 0, time.UTC).Unix())
		out["LatestDeliveryAttemptTime"] = "2026-01-14T23:55:00Z"
		out["LatestDeliveryAttemptSucceeded"] = "2026-01-14T23:55:00Z"
	} else {
		stop := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
		out["StopLoggingTime"] = float64(stop.Unix())
		out["TimeLoggingStopped"] = stop.Format(time.RFC3339)
	}
	return c.JSONResult(out)
}

func cloudtrailGetEventSelectors(c *Call) error {
	var in struct{ TrailName string }
	if err := c.DecodeJSON(&in); err != nil {
		return err
	}
	t, err := c.findTrail(in.TrailName)
	if err != nil {
		return err
	}
	if t.Owner != "" && t.Owner != c.Account.ID {
		// A member account cannot read the selectors of the organization
		// trail the management account owns.
		return Errf("TrailNotFoundException", "Unknown trail: %s for the user: %s", c.trailArn(t), c.Account.ID)
	}
	mgmt := rdsDefault(t.ManagementEvents, "All")
	out := map[string]any{"TrailARN": c.trailArn(t)}
	if t.EventSelectors != nil {
		for k, v := range t.EventSelectors {
			out[k] = v
		}
		return c.JSONResult(out)
	}
	if !t.Advanced {
		sel := map[string]any{"ReadWriteType": "All", "IncludeManagementEvents": mgmt != "None", "DataResources": []any{}, "ExcludeManagementEventSources": []any{}}
		if mgmt == "ReadOnly" || mgmt == "WriteOnly" {
			sel["ReadWriteType"] = mgmt
		}
		out["EventSelectors"] = []any{sel}
		return c.JSONResult(out)
	}
	advanced := []any{}
	if mgmt != "None" {
		fields := []any{map[string]any{"Field": "eventCategory", "Equals": []string{"Management"}}}
		switch mgmt {
		case "ReadOnly":
			fields = append(fields, map[string]any{"Field": "readOnly", "Equals": []string{"true"}})
		case "WriteOnly":
			fields = append(fields, map[string]any{"Field": "readOnly", "Equals": []string{"false"}})
		}
		advanced = append(advanced, map[string]any{"Name": "Management events selector", "FieldSelectors": fields})
	}
	advanced = append(advanced, map[string]any{"Name": "S3 data events", "FieldSelectors": []any{
		map[string]any{"Field": "eventCategory", "Equals": []string{"Data"}},
		map[string]any{"Field": "resources.type", "Equals": []string{"AWS::S3::Object"}},
	}})
	out["AdvancedEventSelectors"] = advanced
	return c.JSONResult(out)
}

func synthCloudTrail(g *Gen, a *Account, region string, n int) {
	ct := &CloudTrail{}
	// The home region usually holds the account's multi-region trail.
	if region == a.Regions[0] && g.Chance(0.75) {
		ct.Trails = append(ct.Trails, &Trail{
			Name: "management-events", MultiRegion: true, LogValidation: !g.Chance(0.2), Logging: !g.Chance(0.1),
			S3Bucket: "aws-cloudtrail-logs-" + a.ID + "-" + g.ID(8), LogGroupArn: ctMaybe(g, 0.5, "arn:aws:logs:"+region+":"+a.ID+":log-group:aws-cloudtrail-logs:*"),
			KMSKeyID: ctMaybe(g, 0.6, fmt.Sprintf("arn:aws:kms:%s:%s:key/%s-%s-%s-%s-%s", region, a.ID, g.ID(8), g.ID(4), g.ID(4), g.ID(4), g.ID(12))),
		})
	}
	// AWS allows five trails per region.
	for i := len(ct.Trails); i < min(n, 5); i++ {
		ct.Trails = append(ct.Trails, &Trail{
			Name: fmt.Sprintf("%s-trail-%d", g.Pick("app", "audit", "data", "security"), i), LogValidation: g.Chance(0.6), Logging: !g.Chance(0.2),
			KMSKeyID:         ctMaybe(g, 0.4, fmt.Sprintf("arn:aws:kms:%s:%s:key/%s-%s-%s-%s-%s", region, a.ID, g.ID(8), g.ID(4), g.ID(4), g.ID(4), g.ID(12))),
			ManagementEvents: g.Pick("All", "All", "All", "WriteOnly", "None"), Advanced: g.Chance(0.3),
		})
	}
	if len(ct.Trails) > 0 {
		a.Region(region).CloudTrail = ct
	}
}

// ctMaybe returns s with probability p, else "".
func ctMaybe(g *Gen, p float64, s string) string {
	if g.Chance(p) {
		return s
	}
	return ""
}
