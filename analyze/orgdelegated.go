package analyze

import (
	"slices"

	"github.com/mamori-sec/mamori"
)

// guarddutyDelegated credits GuardDuty run for the organisation by a
// delegated administrator: in an organisation scan, a member's region
// without an enabled detector of its own is still watched when the
// organisation's delegated administrator for guardduty.amazonaws.com has,
// in the same region, an enabled detector whose enabled members include the
// account.
//
// Facts on aws_guardduty_detector:
//   - delegated_admin (string): the administrator account watching this
//     account and region. Set only when the resource itself does not pass
//     (no detector, or a suspended one).
var guarddutyDelegated = Analyzer{
	Name:  "guardduty-delegated-admin",
	Facts: map[string][]string{"aws_guardduty_detector": {"delegated_admin"}},
	Reads: map[string][]string{
		"aws_guardduty_detector":    {"exists", "enable", "member_accounts"},
		"aws.organizations.account": {"DelegatedServices", "Status"},
	},
	Run: runGuardDutyDelegated,
}

func runGuardDutyDelegated(ix *Index) {
	var admins []string
	for _, a := range ix.Type("aws.organizations.account") {
		if svcs, ok := a.Attributes["DelegatedServices"].([]any); ok && slices.Contains(svcs, any("guardduty.amazonaws.com")) {
			admins = append(admins, a.Account)
		}
	}
	if len(admins) == 0 {
		return
	}
	// region -> member account -> the administrator watching it
	watched := map[string]map[string]string{}
	for _, d := range ix.Type("aws_guardduty_detector") {
		if !slices.Contains(admins, d.Account) || d.Attributes["exists"] != true || d.Attributes["enable"] != true {
			continue
		}
		members, _ := d.Attributes["member_accounts"].([]any)
		for _, m := range members {
			if id, ok := m.(string); ok {
				if watched[d.Region] == nil {
					watched[d.Region] = map[string]string{}
				}
				watched[d.Region][id] = d.Account
			}
		}
	}
	for _, d := range ix.Type("aws_guardduty_detector") {
		if d.Attributes["exists"] == true && d.Attributes["enable"] == true {
			continue
		}
		if admin, ok := watched[d.Region][d.Account]; ok {
			SetFact(d, "delegated_admin", admin)
		}
	}
}

// securityhubDelegated credits Security Hub run for the organisation by a
// delegated administrator, as guarddutyDelegated does GuardDuty: a
// member's region without Security Hub of its own is covered when the
// delegated administrator for securityhub.amazonaws.com has Security Hub
// enabled in the same region and lists the account among its members
// (Enabled or Associated).
//
// Facts on aws_securityhub_account:
//   - delegated_admin (string): the administrator account. Set only when
//     the account has no Security Hub of its own in the region.
var securityhubDelegated = Analyzer{
	Name:  "securityhub-delegated-admin",
	Facts: map[string][]string{"aws_securityhub_account": {"delegated_admin"}},
	Reads: map[string][]string{
		"aws_securityhub_account":   {"enabled", "member_accounts"},
		"aws.organizations.account": {"DelegatedServices", "Status"},
	},
	Run: func(ix *Index) {
		runDelegated(ix, "securityhub.amazonaws.com", "aws_securityhub_account", func(r *mamori.Resource) bool {
			return r.Attributes["enabled"] == true
		})
	},
}

// runDelegated sets delegated_admin on the resources of typ that are not on
// (on) in a member region watched by the delegated administrator of
// service: an administrator's resource that is on, in the same region,
// whose member_accounts lists the account.
func runDelegated(ix *Index, service, typ string, on func(*mamori.Resource) bool) {
	var admins []string
	for _, a := range ix.Type("aws.organizations.account") {
		if svcs, ok := a.Attributes["DelegatedServices"].([]any); ok && slices.Contains(svcs, any(service)) {
			admins = append(admins, a.Account)
		}
	}
	if len(admins) == 0 {
		return
	}
	watched := map[string]map[string]string{}
	for _, d := range ix.Type(typ) {
		if !slices.Contains(admins, d.Account) || !on(d) {
			continue
		}
		members, _ := d.Attributes["member_accounts"].([]any)
		for _, m := range members {
			if id, ok := m.(string); ok {
				if watched[d.Region] == nil {
					watched[d.Region] = map[string]string{}
				}
				watched[d.Region][id] = d.Account
			}
		}
	}
	for _, d := range ix.Type(typ) {
		if on(d) {
			continue
		}
		if admin, ok := watched[d.Region][d.Account]; ok {
			SetFact(d, "delegated_admin", admin)
		}
	}
}
