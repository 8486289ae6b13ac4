package awsemu

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// GuardDuty is one region's GuardDuty state. A region has at most one
// detector; none means GuardDuty was never enabled there.
type GuardDuty struct {
	Detectors []*GuardDutyDetector `yaml:"detectors"`
}

// GuardDutyDetector is one GuardDuty detector.
type GuardDutyDetector struct {
	// ID is the 32-character detector id; default derived from the account
	// and region.
	ID string `yaml:"id"`
	// Status is ENABLED (default) or DISABLED (suspended).
	Status string `yaml:"status"`
	// Frequency is the finding publishing frequency: SIX_HOURS (default),
	// ONE_HOUR or FIFTEEN_MINUTES.
	Frequency string            `yaml:"frequency"`
	Tags      map[string]string `yaml:"tags"`
	// Members are the accounts this detector administers (a delegated
	// administrator's), all with relationship Enabled.
	Members []string `yaml:"members"`
	// DisabledFeatures are protection plans left off (S3_DATA_EVENTS,
	// RDS_LOGIN_EVENTS, EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION,
	// LAMBDA_NETWORK_LOGS, RUNTIME_MONITORING); the others follow Status.
	DisabledFeatures []string `yaml:"disabled_features"`
}

func guarddutyRoute(c *Call) Handler {
	if c.Req.Method != http.MethodGet {
		return nil
	}
	parts := strings.Split(strings.Trim(c.Req.URL.Path, "/"), "/")
	switch {
	case len(parts) == 1 && parts[0] == "detector":
		c.Op = "ListDetectors"
		return guarddutyListDetectors
	case len(parts) == 2 && parts[0] == "detector":
		c.Op = "GetDetector"
		c.Params["DetectorId"] = parts[1]
		return guarddutyGetDetector
	case len(parts) == 3 && parts[0] == "detector" && parts[2] == "member":
		c.Op = "ListMembers"
		c.Params["DetectorId"] = parts[1]
		return guarddutyListMembers
	}
	return nil
}

func (c *Call) guardDutyDetectors() []*GuardDutyDetector {
	if g := c.Account.regionState(c.Region).GuardDuty; g != nil {
		return g.Detectors
	}
	return nil
}

func (c *Call) detectorID(d *GuardDutyDetector) string {
	if d.ID != "" {
		return d.ID
	}
	return rdsHash(c.Account.ID+"/"+c.Region+"/detector", 32)
}

func guarddutyListDetectors(c *Call) error {
	q := c.Req.URL.Query()
	size := 0
	if s := q.Get("maxResults"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 50 {
			return Errf("BadRequestException", "The request is rejected because an invalid or out-of-range value is specified as an input parameter.")
		}
		size = n
	}
	ds := c.guardDutyDetectors()
	start, end, next := Page(len(ds), q.Get("nextToken"), size, 50)
	out := map[string]any{"detectorIds": []string{}}
	for _, d := range ds[start:end] {
		out["detectorIds"] = append(out["detectorIds"].([]string), c.detectorID(d))
	}
	if next != "" {
		out["nextToken"] = next
	}
	return c.JSONResult(out)
}

func guarddutyGetDetector(c *Call) error {
	id := c.Params["DetectorId"]
	for _, d := range c.guardDutyDetectors() {
		if c.detectorID(d) != id {
			continue
		}
		status := rdsDefault(d.Status, "ENABLED")
		feature := func(name string) map[string]any {
			st := status
			if slices.Contains(d.DisabledFeatures, name) {
				st = "DISABLED"
			}
			return map[string]any{"name": name, "status": st, "updatedAt": 1711929600}
		}
		tags := map[string]string{}
		for k, v := range d.Tags {
			tags[k] = v
		}
		return c.JSONResult(map[string]any{
			"createdAt":                  "2024-04-01T00:00:00.000Z",
			"updatedAt":                  "2024-04-01T00:00:00.000Z",
			"findingPublishingFrequency": rdsDefault(d.Frequency, "SIX_HOURS"),
			"serviceRole":                "arn:aws:iam::" + c.Account.ID + ":role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
			"status":                     status,
			"features": []any{feature("CLOUD_TRAIL"), feature("DNS_LOGS"), feature("FLOW_LOGS"), feature("S3_DATA_EVENTS"),
				feature("EKS_AUDIT_LOGS"), feature("EBS_MALWARE_PROTECTION"), feature("RDS_LOGIN_EVENTS"), feature("LAMBDA_NETWORK_LOGS"),
				feature("RUNTIME_MONITORING")},
			"tags": tags,
		})
	}
	return Errf("BadRequestException", "The request is rejected because the input detectorId is not owned by the current account.")
}

func guarddutyListMembers(c *Call) error {
	id := c.Params["DetectorId"]
	for _, d := range c.guardDutyDetectors() {
		if c.detectorID(d) != id {
			continue
		}
		q := c.Req.URL.Query()
		start, end, next := Page(len(d.Members), q.Get("nextToken"), 0, 50)
		members := []map[string]any{}
		for _, m := range d.Members[start:end] {
			members = append(members, map[string]any{"accountId": m, "detectorId": id, "email": "aws+" + m + "@example.com",
				"administratorId": c.Account.ID, "masterId": c.Account.ID, "relationshipStatus": "Enabled", "updatedAt": "2024-04-01T00:00:00.000Z"})
		}
		out := map[string]any{"members": members}
		if next != "" {
			out["nextToken"] = next
		}
		return c.JSONResult(out)
	}
	return Errf("BadRequestException", "The request is rejected because the input detectorId is not owned by the current account.")
}

func synthGuardDuty(g *Gen, a *Account, region string, n int) {
	// One detector or none per region, whatever n: GuardDuty is a regional
	// switch, not a resource that scales with the account.
	if g.Chance(0.3) {
		return
	}
	d := &GuardDutyDetector{ID: g.ID(32), Frequency: g.Pick("SIX_HOURS", "SIX_HOURS", "ONE_HOUR", "FIFTEEN_MINUTES")}
	if g.Chance(0.1) {
		d.Status = "DISABLED"
	}
	a.Region(region).GuardDuty = &GuardDuty{Detectors: []*GuardDutyDetector{d}}
}
