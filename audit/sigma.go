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
type Sigma struct {
	bySource map[string]*sigma.Set
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
	s := &Sigma{bySource: map[string]*sigma.Set{}}
	for src, rs := range by {
		s.bySource[src] = sigma.NewSet(rs)
	}
	return s
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
		var parts []string
		for _, w := range why {
			parts = append(parts, w.Field+" = "+w.Value+" ("+w.Pattern+")")
		}
		en := "matched " + strings.Join(parts, "; ")
		ja := "一致した項目: " + strings.Join(parts, "、")
		a := NewAlert(r.ID, "sigma", r.Level, r.Title, mamori.Text{En: en, Ja: ja}, ev)
		a.Tags = r.Tags
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
