package analyze

import (
	"strings"

	"github.com/mamori-sec/mamori"
)

// cisMonitoring follows the CIS AWS Foundations monitoring chain (CIS 3.0
// section 4) for each account, once for every kind of event CIS asks to be
// alerted on:
//
//	a multi-region trail that is logging and delivers to a CloudWatch Logs log group
//	→ a metric filter on that log group whose pattern catches the events
//	→ a metric alarm on the filter's metric, with its actions enabled
//	→ an SNS topic among the alarm's actions with at least one confirmed subscription.
//
// Facts on aws_account (matched by account id), one per monitored event kind,
// named "monitoring_<kind>" (see cisMonitors): true when some chain is
// complete, false when none is, absent when one of the four services was not
// read (or a link's attributes could not be), so that a check reading the
// fact is ERROR rather than a FAIL it cannot prove. Fact
// "monitoring_<kind>_reason" says where the best chain stops.
var cisMonitoring = Analyzer{
	Name:  "cis-monitoring",
	Facts: map[string][]string{"aws_account": monitoringFactNames()},
	Reads: map[string][]string{
		"aws_cloudtrail":              {"is_multi_region_trail", "is_logging", "cloud_watch_logs_log_group_arn"},
		"aws_cloudwatch_log_group":    {"metric_filters"},
		"aws_cloudwatch_metric_alarm": {"namespace", "metric_name", "actions_enabled", "alarm_actions"},
		"aws_sns_topic":               {"subscriptions"},
	},
	Run: runCISMonitoring,
}

// cisMonitor is one CIS "ensure ... is monitored" control: the terms a metric
// filter's pattern must contain (compared without spaces and quotes).
type cisMonitor struct {
	kind  string
	terms []string
}

func events(source string, names ...string) []string {
	var out []string
	if source != "" {
		out = append(out, "$.eventSource="+source)
	}
	for _, n := range names {
		out = append(out, "$.eventName="+n)
	}
	return out
}

// cisMonitors are CIS AWS Foundations 3.0 controls 4.1-4.15, in order.
var cisMonitors = []cisMonitor{
	{"unauthorized_api_calls", []string{"$.errorCode=*UnauthorizedOperation", "$.errorCode=AccessDenied*"}},
	{"console_signin_without_mfa", []string{"$.eventName=ConsoleLogin", "$.additionalEventData.MFAUsed!=Yes"}},
	{"root_usage", []string{"$.userIdentity.type=Root", "$.userIdentity.invokedByNOTEXISTS", "$.eventType!=AwsServiceEvent"}},
	{"iam_policy_changes", events("", "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy",
		"CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy",
		"DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy")},
	{"cloudtrail_changes", events("", "CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")},
	{"console_auth_failures", []string{"$.eventName=ConsoleLogin", "$.errorMessage=Failedauthentication"}},
	{"cmk_disable_or_deletion", events("kms.amazonaws.com", "DisableKey", "ScheduleKeyDeletion")},
	{"s3_bucket_policy_changes", events("s3.amazonaws.com", "PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle",
		"PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication")},
	{"config_changes", events("config.amazonaws.com", "StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder")},
	{"security_group_changes", events("", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
		"RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup")},
	{"nacl_changes", events("", "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry",
		"ReplaceNetworkAclAssociation")},
	{"network_gateway_changes", events("", "CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway",
		"DeleteInternetGateway", "DetachInternetGateway")},
	{"route_table_changes", events("ec2.amazonaws.com", "CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation",
		"DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable")},
	{"vpc_changes", events("", "CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection",
		"DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink",
		"EnableVpcClassicLink")},
	{"organizations_changes", events("organizations.amazonaws.com", "AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit",
		"CreatePolicy", "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy",
		"DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount",
		"RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit")},
}

func monitoringFactNames() []string {
	var out []string
	for _, m := range cisMonitors {
		out = append(out, "monitoring_"+m.kind, "monitoring_"+m.kind+"_reason")
	}
	return out
}

// normPattern drops spaces and quotes so that patterns written differently
// compare equal.
func normPattern(p string) string {
	return strings.NewReplacer(" ", "", "\t", "", "\n", "", `"`, "", "'", "").Replace(p)
}

// covers reports whether a pattern contains every term of m.
func (m cisMonitor) covers(pattern string) bool {
	p := normPattern(pattern)
	for _, t := range m.terms {
		if !strings.Contains(p, t) {
			return false
		}
	}
	return true
}

// stage of a chain, from nothing to complete.
const (
	stageNoTrail = iota
	stageNoFilter
	stageNoAlarm
	stageNoSubscriber
	stageComplete
)

var stageReason = []string{
	"no multi-region trail that is logging delivers to CloudWatch Logs",
	"no metric filter on the trail's log group matches the CIS pattern",
	"no alarm with enabled actions watches the filter's metric",
	"the alarm notifies no SNS topic with a confirmed subscription",
	"",
}

func runCISMonitoring(ix *Index) {
	for _, svc := range []string{"cloudtrail", "logs", "cloudwatch", "sns"} {
		if !ix.Collected(svc) {
			return // a link could not be read: the facts stay absent (ERROR)
		}
	}
	groups := map[string]*mamori.Resource{} // account|region|name
	for _, g := range ix.Type("aws_cloudwatch_log_group") {
		groups[g.Account+"|"+g.Region+"|"+g.Name] = g
	}
	type metric struct{ account, region, namespace, name string }
	alarms := map[metric][]*mamori.Resource{}
	for _, a := range ix.Type("aws_cloudwatch_metric_alarm") {
		ns, _ := a.Attributes["namespace"].(string)
		mn, _ := a.Attributes["metric_name"].(string)
		k := metric{a.Account, a.Region, ns, mn}
		alarms[k] = append(alarms[k], a)
	}
	subscribed := func(topicARN string) bool {
		t := ix.Get("aws_sns_topic", topicARN)
		if t == nil {
			return false
		}
		subs, _ := t.Attributes["subscriptions"].([]any)
		for _, s := range subs {
			if m, ok := s.(map[string]any); ok && m["confirmed"] == true {
				return true
			}
		}
		return false
	}
	best := map[string][]int{} // account -> stage per monitor
	unknown := map[string]bool{}
	for _, t := range ix.Type("aws_cloudtrail") {
		st := best[t.Account]
		if st == nil {
			st = make([]int, len(cisMonitors))
			best[t.Account] = st
		}
		if t.Attributes["is_multi_region_trail"] != true {
			continue
		}
		logging, ok := t.Attributes["is_logging"]
		if !ok {
			unknown[t.Account] = true
			continue
		}
		arn, _ := t.Attributes["cloud_watch_logs_log_group_arn"].(string)
		if logging != true || arn == "" {
			continue
		}
		// arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*
		p := strings.SplitN(arn, ":", 7)
		if len(p) < 7 || !strings.HasPrefix(p[5], "log-group") {
			continue
		}
		region, account, name := p[3], p[4], strings.TrimSuffix(p[6], ":*")
		if strings.HasPrefix(p[5], "log-group/") { // never seen, but tolerate
			name = strings.TrimPrefix(p[5], "log-group/")
		}
		g := groups[account+"|"+region+"|"+name]
		for i := range st {
			st[i] = max(st[i], stageNoFilter)
		}
		if g == nil {
			continue
		}
		filters, ok := g.Attributes["metric_filters"].([]any)
		if !ok {
			unknown[t.Account] = true
			continue
		}
		for i, m := range cisMonitors {
			for _, f := range filters {
				fm, _ := f.(map[string]any)
				pat, _ := fm["pattern"].(string)
				if !m.covers(pat) {
					continue
				}
				st[i] = max(st[i], stageNoAlarm)
				metrics, _ := fm["metrics"].([]any)
				for _, mt := range metrics {
					mm, _ := mt.(map[string]any)
					ns, _ := mm["namespace"].(string)
					mn, _ := mm["name"].(string)
					for _, a := range alarms[metric{g.Account, g.Region, ns, mn}] {
						acts, _ := a.Attributes["alarm_actions"].([]any)
						if a.Attributes["actions_enabled"] != true || len(acts) == 0 {
							continue
						}
						st[i] = max(st[i], stageNoSubscriber)
						for _, act := range acts {
							if s, _ := act.(string); strings.Contains(s, ":sns:") && subscribed(s) {
								st[i] = stageComplete
							}
						}
					}
				}
			}
		}
	}
	for _, a := range ix.Type("aws_account") {
		st := best[a.Account]
		if st == nil {
			st = make([]int, len(cisMonitors))
		}
		for i, m := range cisMonitors {
			if st[i] < stageComplete && unknown[a.Account] {
				continue // a trail or its filters could not be read: ERROR
			}
			SetFact(a, "monitoring_"+m.kind, st[i] == stageComplete)
			SetFact(a, "monitoring_"+m.kind+"_reason", stageReason[st[i]])
		}
	}
}
