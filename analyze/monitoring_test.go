package analyze

import (
	"testing"

	"github.com/mamori-sec/mamori"
)

func monitoringWorld(mut func(rs []mamori.Resource)) []mamori.Resource {
	const acct = "111122223333"
	rs := []mamori.Resource{
		{Account: acct, Type: "aws_account", ID: acct, Attributes: map[string]any{}},
		{Account: acct, Region: "ap-northeast-1", Type: "aws_cloudtrail", ID: "trail", Attributes: map[string]any{
			"is_multi_region_trail": true, "is_logging": true,
			"cloud_watch_logs_log_group_arn": "arn:aws:logs:ap-northeast-1:111122223333:log-group:ct-logs:*"}},
		{Account: acct, Region: "ap-northeast-1", Type: "aws_cloudwatch_log_group", ID: "lg", Name: "ct-logs", Attributes: map[string]any{
			"metric_filters": []any{map[string]any{"name": "root",
				"pattern": `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`,
				"metrics": []any{map[string]any{"namespace": "CIS", "name": "Root"}}}}}},
		{Account: acct, Region: "ap-northeast-1", Type: "aws_cloudwatch_metric_alarm", ID: "alarm", Attributes: map[string]any{
			"namespace": "CIS", "metric_name": "Root", "actions_enabled": true, "alarm_actions": []any{"arn:aws:sns:ap-northeast-1:111122223333:sec"}}},
		{Account: acct, Region: "ap-northeast-1", Type: "aws_sns_topic", ID: "arn:aws:sns:ap-northeast-1:111122223333:sec", Attributes: map[string]any{
			"subscriptions": []any{map[string]any{"protocol": "email", "confirmed": true}}}},
	}
	if mut != nil {
		mut(rs)
	}
	return rs
}

func TestCISMonitoringChain(t *testing.T) {
	cases := []struct {
		name   string
		mut    func(rs []mamori.Resource)
		want   any
		reason string
	}{
		{"complete chain", nil, true, ""},
		{"trail not logging", func(rs []mamori.Resource) { rs[1].Attributes["is_logging"] = false }, false, stageReason[stageNoTrail]},
		{"filter pattern misses a term", func(rs []mamori.Resource) {
			rs[2].Attributes["metric_filters"].([]any)[0].(map[string]any)["pattern"] = `{ $.userIdentity.type = "Root" }`
		}, false, stageReason[stageNoFilter]},
		{"alarm on another metric", func(rs []mamori.Resource) { rs[3].Attributes["metric_name"] = "Other" }, false, stageReason[stageNoAlarm]},
		{"alarm actions disabled", func(rs []mamori.Resource) { rs[3].Attributes["actions_enabled"] = false }, false, stageReason[stageNoAlarm]},
		{"subscription not confirmed", func(rs []mamori.Resource) {
			rs[4].Attributes["subscriptions"] = []any{map[string]any{"protocol": "email", "confirmed": false}}
		}, false, stageReason[stageNoSubscriber]},
		{"filters unreadable: unknown", func(rs []mamori.Resource) { delete(rs[2].Attributes, "metric_filters") }, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := monitoringWorld(c.mut)
			cisMonitoring.Run(NewIndex(rs))
			got, ok := rs[0].Facts["monitoring_root_usage"]
			if c.want == nil {
				if ok {
					t.Fatalf("fact set to %v although the filters could not be read", got)
				}
				return
			}
			if got != c.want || rs[0].Facts["monitoring_root_usage_reason"] != c.reason {
				t.Errorf("root_usage = %v (%v), want %v (%q)", got, rs[0].Facts["monitoring_root_usage_reason"], c.want, c.reason)
			}
			if rs[0].Facts["monitoring_unauthorized_api_calls"] != false {
				t.Error("a control with no filter is monitored")
			}
		})
	}
	// A scan that did not read CloudWatch proves nothing.
	rs := monitoringWorld(nil)
	ix := NewIndex(rs)
	ix.collected = func(s string) bool { return s != "cloudwatch" }
	cisMonitoring.Run(ix)
	if _, ok := rs[0].Facts["monitoring_root_usage"]; ok {
		t.Error("fact set although CloudWatch was not read")
	}
}
