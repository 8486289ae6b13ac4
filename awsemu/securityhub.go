package awsemu

import (
	"net/http"
	"strings"
)

// SecurityHub is one region's Security Hub state; nil (absent) means the
// account is not subscribed to Security Hub in the region.
type SecurityHub struct {
	// Enabled subscribes the account; an explicit false behaves like no
	// Security Hub state at all.
	Enabled bool `yaml:"enabled"`
	// AutoEnableControls defaults to true, as in AWS.
	AutoEnableControls *bool `yaml:"auto_enable_controls"`
	// SubscribedAt is an ISO 8601 time; default 2024-04-01T00:00:00.000Z.
	SubscribedAt string `yaml:"subscribed_at"`
	// ControlFindingGenerator is SECURITY_CONTROL (default) or STANDARD_CONTROL.
	ControlFindingGenerator string `yaml:"control_finding_generator"`
	// Members are the accounts this hub administers (a delegated
	// administrator's), all with MemberStatus Enabled.
	Members []string `yaml:"members"`
}

func securityhubRoute(c *Call) Handler {
	if c.Req.Method == http.MethodGet && strings.Trim(c.Req.URL.Path, "/") == "accounts" {
		c.Op = "DescribeHub"
		return securityhubDescribeHub
	}
	if c.Req.Method == http.MethodGet && strings.Trim(c.Req.URL.Path, "/") == "members" {
		c.Op = "ListMembers"
		return securityhubListMembers
	}
	return nil
}

func securityhubListMembers(c *Call) error {
	h := c.Account.regionState(c.Region).SecurityHub
	if h == nil || !h.Enabled {
		return &APIError{Code: "InvalidAccessException", Message: "Account " + c.Account.ID + " is not subscribed to AWS Security Hub", Status: 401}
	}
	q := c.Req.URL.Query()
	start, end, next := Page(len(h.Members), q.Get("NextToken"), 0, 50)
	members := []map[string]any{}
	for _, m := range h.Members[start:end] {
		members = append(members, map[string]any{"AccountId": m, "Email": "aws+" + m + "@example.com", "AdministratorId": c.Account.ID,
			"MasterId": c.Account.ID, "MemberStatus": "Enabled", "UpdatedAt": "2024-04-01T00:00:00.000Z"})
	}
	out := map[string]any{"Members": members}
	if next != "" {
		out["NextToken"] = next
	}
	return c.JSONResult(out)
}

func securityhubDescribeHub(c *Call) error {
	h := c.Account.regionState(c.Region).SecurityHub
	arn := "arn:aws:securityhub:" + c.Region + ":" + c.Account.ID + ":hub/default"
	if q := c.Req.URL.Query().Get("HubArn"); q != "" && q != arn {
		return &APIError{Code: "InvalidAccessException", Message: "Account " + c.Account.ID + " is not subscribed to AWS Security Hub", Status: 401}
	}
	if h == nil || !h.Enabled {
		// What AWS answers an account that has not enabled Security Hub in
		// the region: 401 InvalidAccessException.
		return &APIError{Code: "InvalidAccessException", Message: "Account " + c.Account.ID + " is not subscribed to AWS Security Hub", Status: 401}
	}
	return c.JSONResult(map[string]any{
		"HubArn":                  arn,
		"SubscribedAt":            rdsDefault(h.SubscribedAt, "2024-04-01T00:00:00.000Z"),
		"AutoEnableControls":      h.AutoEnableControls == nil || *h.AutoEnableControls,
		"ControlFindingGenerator": rdsDefault(h.ControlFindingGenerator, "SECURITY_CONTROL"),
	})
}

func synthSecurityHub(g *Gen, a *Account, region string, n int) {
	// Security Hub is on or off per region, whatever n.
	if g.Chance(0.45) {
		return
	}
	h := &SecurityHub{Enabled: true, ControlFindingGenerator: g.Pick("SECURITY_CONTROL", "SECURITY_CONTROL", "STANDARD_CONTROL")}
	if g.Chance(0.2) {
		f := false
		h.AutoEnableControls = &f
	}
	a.Region(region).SecurityHub = h
}
