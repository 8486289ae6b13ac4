package audit

import (
	"strings"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/sigma"
)

// DefaultTenant is the tenant of the alerts the CLI raises while it has one.
const DefaultTenant = "default"

// Tiering: every rule and detector has a tier, alert (a person should look)
// or signal (stored, searchable, used by detectors, not pushed at anyone).
//
//   - A rule file may say "tier: alert|signal"; else
//   - a rule known to fire on routine activity is a signal (routineRules,
//     with the reason); else
//   - a rule of level low or informational is a signal; else it is an alert.
//   - mamori's own rules are alerts, root activity included, and the CIS 4.x
//     change alarms on successful calls.
//   - The user changes any of them with --tier RULE_ID=alert|signal.
//
// A rule that does not read the call's outcome (errorCode, errorMessage,
// responseElements) and matches a call that failed describes a change that
// did not happen: that one match is stored as a signal whatever the rule's
// tier (mamori's own rules leave failed calls out in their conditions and
// raise "attempt denied" alerts of their own for the sensitive ones).

// TierSetting is a tier and why it was chosen.
type TierSetting struct {
	Tier mamori.Tier
	Why  mamori.Text
}

// routineRules are rules that match everyday activity, with the reason they
// default to signal.
var routineRules = map[string]mamori.Text{
	"905d389b-b853-46d0-9d3d-dea0d3a3cd49": { // SigmaHQ AWS STS AssumeRole Misuse
		En: "routine: matches nearly every call made with a role session",
		Ja: "日常的な操作: ロールのセッションによるほぼすべての呼び出しに一致します",
	},
	"f43f5d2f-3f2a-4cc8-b1af-81fde7dbaf0e": { // SigmaHQ AWS Suspicious SAML Activity
		En: "routine: matches every SAML federated sign-in (AssumeRoleWithSAML)",
		Ja: "日常的な操作: SAML フェデレーションによるすべてのサインイン（AssumeRoleWithSAML）に一致します",
	},
	"77caf516-34e5-4df9-b4db-20744fea0a60": { // SigmaHQ AWS Successful Console Login Without MFA
		En: "routine: flags federated sign-ins, whose MFA is at the identity provider; mamori's rule c466b015-e47a-51a4-b8f1-285835a7a1a8 judges IAM users and root only",
		Ja: "日常的な操作: MFA を ID プロバイダー側で行うフェデレーションのサインインも検知します。mamori のルール c466b015-e47a-51a4-b8f1-285835a7a1a8 が IAM ユーザーとルートだけを判定します",
	},
}

// Why texts of the defaults.
var (
	whyRuleFile = mamori.Text{En: "set in the rule file (tier:)", Ja: "ルールファイルで指定（tier:）"}
	whyLowLevel = mamori.Text{En: "level low or informational", Ja: "レベルが low または informational"}
	whyLevel    = mamori.Text{En: "level medium or above", Ja: "レベルが medium 以上"}
	whyMamori   = mamori.Text{En: "mamori rule: judges what the call did (its request, and whether it succeeded)", Ja: "mamori のルール: 呼び出しの内容（リクエストと成否）を判定します"}
	whyRoot     = mamori.Text{En: "root activity: CIS asks that any use of root be looked at", Ja: "ルートの操作: CIS はルートの利用をすべて確認するよう求めています"}
	whyFlag     = mamori.Text{En: "set with --tier", Ja: "--tier で指定"}
	// WhyLowDetector is why a low-severity behavioural detector is a signal.
	WhyLowDetector = mamori.Text{En: "a first sighting: context for other alerts, common in a changing account", Ja: "初めての観測: 他のアラートの文脈となる情報で、変化するアカウントではよく起こります"}
	// WhyDetector is why the other detectors are alerts.
	WhyDetector = mamori.Text{En: "unusual for the account or principal, and rare", Ja: "アカウントやプリンシパルにとって珍しく、まれな事象です"}
)

// RootRuleID is mamori's rule for root activity, which stays an alert.
const RootRuleID = "62cba6d5-d41b-5e16-b40a-88028ba69774"

// RuleTier is the tier a rule has unless the user says otherwise, and why.
func RuleTier(r *sigma.Rule) TierSetting {
	switch {
	case r.Tier != "":
		return TierSetting{r.Tier, whyRuleFile}
	case r.ID == RootRuleID:
		return TierSetting{mamori.TierAlert, whyRoot}
	}
	if why, ok := routineRules[r.ID]; ok {
		return TierSetting{mamori.TierSignal, why}
	}
	if r.Level <= mamori.SeverityLow {
		return TierSetting{mamori.TierSignal, whyLowLevel}
	}
	if r.Source == "mamori" {
		return TierSetting{mamori.TierAlert, whyMamori}
	}
	return TierSetting{mamori.TierAlert, whyLevel}
}

// FlagTier is the setting --tier gives.
func FlagTier(t mamori.Tier) TierSetting { return TierSetting{t, whyFlag} }

// readsOutcome reports whether a rule looks at whether the call succeeded.
func readsOutcome(r *sigma.Rule) bool {
	for _, f := range r.Fields() {
		if f == "errorCode" || f == "errorMessage" || strings.HasPrefix(f, "responseElements") {
			return true
		}
	}
	return false
}

// failedNote is added to the reason of a match demoted because the call failed.
func failedNote(code string) mamori.Text {
	return mamori.Text{
		En: "; the call failed (" + code + "), so nothing changed: stored as a signal",
		Ja: "。呼び出しは失敗（" + code + "）しており何も変わっていないため、シグナルとして保存しました",
	}
}
