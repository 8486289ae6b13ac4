package audit

import (
	"context"
	"strconv"
	"strings"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/sigma"
)

// Sigma is the detector that runs Sigma rules; its alerts carry the rule's
// id, level, title and tags, and as the reason the fields that matched.
// Each event is tried against the rules of its log source only: CloudTrail
// rules (service cloudtrail, or none) on CloudTrail events, VPC flow log
// rules (service vpcflowlogs) on flow records.
//
// Each alert carries its rule's tier (RuleTier, or SetTier). A match on a
// failed call by a rule that does not read the outcome is a signal; a rule
// with a judge raises only the matches its judge confirms.
type Sigma struct {
	bySource map[string]*sigma.Set
	rules    map[string]*ruleState
}

type ruleState struct {
	tier         TierSetting
	readsOutcome bool
	own          bool // mamori's own rule: handles failed calls in its condition
	judge        Judge
}

// NewSigma sorts rules by the event source their logsource names. Rules
// for other products or services (Windows, GCP, ...) are left out: no
// event of theirs is read.
func NewSigma(rules []*sigma.Rule) *Sigma {
	by := map[string][]*sigma.Rule{}
	for _, r := range rules {
		if src := EventSource(r.Logsource); src != "" {
			by[src] = append(by[src], r)
		}
	}
	s := &Sigma{bySource: map[string]*sigma.Set{}, rules: map[string]*ruleState{}}
	for src, rs := range by {
		s.bySource[src] = sigma.NewSet(rs)
		for _, r := range rs {
			s.rules[r.ID] = &ruleState{tier: RuleTier(r), readsOutcome: readsOutcome(r), own: r.Source == "mamori", judge: judges[r.Judge]}
		}
	}
	return s
}

// SetTier changes the tier of a rule's alerts; it reports whether the rule
// is one of s's.
func (s *Sigma) SetTier(ruleID string, t TierSetting) bool {
	st := s.rules[ruleID]
	if st == nil {
		return false
	}
	st.tier = t
	return true
}

// EventSource is the mamori.Event Source a Sigma logsource describes:
// "aws.cloudtrail", "aws.vpcflow", or "" for logs mamori does not read.
func EventSource(ls sigma.Logsource) string {
	product, service := strings.ToLower(ls.Product), strings.ToLower(ls.Service)
	if product != "" && product != "aws" {
		return ""
	}
	switch service {
	case "", "cloudtrail":
		return "aws.cloudtrail"
	case "vpcflowlogs", "vpcflow", "vpc_flow_logs", "flowlogs":
		return "aws.vpcflow"
	}
	return ""
}

// Name implements Detector.
func (s *Sigma) Name() string { return "sigma" }

// Observe implements Detector.
func (s *Sigma) Observe(_ context.Context, ev *mamori.Event, emit func(mamori.Alert)) error {
	set := s.bySource[ev.Source]
	if set == nil {
		return nil
	}
	set.Match(ev, func(r *sigma.Rule, why []sigma.FieldMatch) {
		st := s.rules[r.ID]
		var judged mamori.Text
		if st.judge != nil {
			ok, w := st.judge(ev)
			if !ok {
				return
			}
			judged = w
		}
		var parts []string
		for _, w := range why {
			parts = append(parts, w.Field+" = "+w.Value+" ("+w.Pattern+")")
		}
		reason := mamori.Text{En: "matched " + strings.Join(parts, "; "), Ja: "一致した項目: " + strings.Join(parts, "、")}
		if judged.En != "" {
			reason.En += "; " + judged.En
			reason.Ja += "。" + judged.Ja
		}
		tier := st.tier.Tier
		if ev.ErrorCode != "" && !st.readsOutcome && !st.own && tier == mamori.TierAlert {
			tier = mamori.TierSignal
			n := failedNote(ev.ErrorCode)
			reason.En += n.En
			reason.Ja += n.Ja
		}
		a := newAlert(r.ID, "sigma", r.Level, r.Title, reason, tier != mamori.TierSignal, ev)
		a.Tags, a.Tier = r.Tags, tier
		emit(a)
	})
	return nil
}

// Close implements Detector.
func (s *Sigma) Close(context.Context) error { return nil }

// Placeholders are the values mamori gives the %placeholders% of rules
// (Sigma's expand modifier): %mining_ports% is the ports of --mining-ports.
func Placeholders(miningPorts []int) map[string][]string {
	ports := make([]string, len(miningPorts))
	for i, p := range miningPorts {
		ports[i] = strconv.Itoa(p)
	}
	return map[string][]string{"mining_ports": ports}
}
