// Package cases runs the case workflow of vulnerability response: it turns
// an asset's matches into cases (one per alias group and asset), judges
// their urgency with CISA's SSVC tree plus the asset's internet exposure,
// gives them due dates by a configurable policy, applies reusable
// decisions, and re-opens cases when a vulnerable version returns or a risk
// acceptance expires. The lifecycle rules themselves are methods of
// mamori.Case.
package cases

import (
	"fmt"
	"strings"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// reason builds one line of an urgency's explanation.
func reason(key string, args ...string) mamori.Reason {
	as := make([]any, len(args))
	for i, a := range args {
		as[i] = a
	}
	return mamori.Reason{Key: key, Args: args, Text: i18n.T(i18n.En, key, as...)}
}

// cisaTree is CISA's SSVC decision table (cisa_coordinator 2.0.3 in
// CERTCC/SSVC), indexed [exploitation][automatable][technical impact]
// [mission & well-being] with exploitation none, poc, active; automatable
// no, yes; technical impact partial, total; mission low, medium, high.
var cisaTree = [3][2][2][3]string{
	{ // none
		{{"track", "track", "track"}, {"track", "track", "track*"}},
		{{"track", "track", "attend"}, {"track", "track", "attend"}},
	},
	{ // poc
		{{"track", "track", "track*"}, {"track", "track*", "attend"}},
		{{"track", "track", "attend"}, {"track", "track*", "attend"}},
	},
	{ // active
		{{"track", "track", "attend"}, {"track", "attend", "act"}},
		{{"attend", "attend", "act"}, {"attend", "act", "act"}},
	},
}

var (
	exploitations = []string{"none", "poc", "active"}
	yesNo         = []string{"no", "yes"}
	impacts       = []string{"partial", "total"}
	missions      = []string{"low", "medium", "high"}
)

func index(vals []string, v string) int {
	for i, x := range vals {
		if x == v {
			return i
		}
	}
	return -1
}

// Outcome looks the decision points up in CISA's tree; "" when a value is
// unknown.
func Outcome(exploitation, automatable, technicalImpact, mission string) string {
	e, a, t, m := index(exploitations, exploitation), index(yesNo, automatable), index(impacts, technicalImpact), index(missions, mission)
	if e < 0 || a < 0 || t < 0 || m < 0 {
		return ""
	}
	return cisaTree[e][a][t][m]
}

// Inputs are the facts urgency is judged from.
type Inputs struct {
	// KEV is the KEV entry of one of the group's CVEs; EPSS the highest
	// EPSS score among them.
	KEV  *mamori.KEVEntry
	EPSS *mamori.EPSSScore
	// Evidence is a reference of the advisories that shows exploitation
	// (OSV's EVIDENCE type).
	Evidence string
	// Severity are the group's scores.
	Severity []mamori.SeverityScore
	// Importance is the asset's declared importance.
	Importance mamori.Importance
	// Exposure is the finding of the latest scan that makes the asset
	// reachable from the internet; nil when none does.
	Exposure *Exposure
}

// Exposure is a failing exposure finding of the latest scan.
type Exposure struct {
	Type, ID, Check string
}

// Judge computes the SSVC outcome and says where each input came from.
// Exploitation: active when a CVE of the group is in CISA's KEV catalogue;
// poc when an advisory references evidence of exploitation or EPSS is at or
// above the policy's threshold; else none. Automatable and Technical Impact
// come from the highest CVSS vector (network, low complexity, no privileges,
// no user interaction = automatable; high confidentiality and integrity
// impact = total); without a vector they are assumed yes and total, and
// said so. Mission & Well-being follows the asset's importance. Exposure to
// the internet raises the outcome one step.
func Judge(in Inputs, p *Policy) mamori.Urgency {
	var u mamori.Urgency
	switch {
	case in.KEV != nil:
		u.Exploitation = "active"
		u.Why = append(u.Why, reason("ssvc.why.kev", in.KEV.CVE, in.KEV.DateAdded.Format("2006-01-02")))
	case in.Evidence != "":
		u.Exploitation = "poc"
		u.Why = append(u.Why, reason("ssvc.why.evidence", in.Evidence))
	case in.EPSS != nil && in.EPSS.Score >= p.EPSSPoC:
		u.Exploitation = "poc"
		u.Why = append(u.Why, reason("ssvc.why.epss_poc", in.EPSS.CVE, fmt.Sprintf("%.3f", in.EPSS.Score), fmt.Sprintf("%.3f", p.EPSSPoC)))
	default:
		u.Exploitation = "none"
		if in.EPSS != nil {
			u.Why = append(u.Why, reason("ssvc.why.none_epss", fmt.Sprintf("%.3f", in.EPSS.Score), fmt.Sprintf("%.3f", p.EPSSPoC)))
		} else {
			u.Why = append(u.Why, reason("ssvc.why.none"))
		}
	}
	best, bestScore := "", -1.0
	for _, s := range in.Severity {
		sc, ok := BaseScore(s.Score)
		if !ok {
			if _, m, err := cvssMetrics(s.Score); err == nil && m["AV"] != "" && best == "" {
				best = s.Score // metrics that do not make a score
			}
			continue
		}
		if sc > bestScore {
			best, bestScore = s.Score, sc
		}
	}
	if bestScore >= 0 {
		u.CVSS = bestScore
	}
	u.Vector = best
	_, m, _ := cvssMetrics(best)
	if best == "" {
		u.Automatable, u.TechnicalImpact = "yes", "total"
		u.Why = append(u.Why, reason("ssvc.why.automatable_assumed"), reason("ssvc.why.impact_assumed"))
	} else {
		net := m["AV"] == "N" && m["AC"] == "L" && (m["PR"] == "N" || m["Au"] == "N") && (m["UI"] == "N" || (m["UI"] == "" && m["Au"] != ""))
		if strings.HasPrefix(best, "CVSS:4") {
			net = m["AV"] == "N" && m["AC"] == "L" && m["AT"] == "N" && m["PR"] == "N" && m["UI"] == "N"
		}
		u.Automatable = "no"
		if net {
			u.Automatable = "yes"
		}
		u.Why = append(u.Why, reason("ssvc.why.automatable_"+u.Automatable, best))
		high := func(k ...string) bool {
			for _, x := range k {
				if m[x] == "H" || m[x] == "C" {
					return true
				}
			}
			return false
		}
		total := high("C") && high("I")
		if strings.HasPrefix(best, "CVSS:4") {
			total = high("VC") && high("VI")
		}
		u.TechnicalImpact = "partial"
		if total {
			u.TechnicalImpact = "total"
		}
		u.Why = append(u.Why, reason("ssvc.why.impact_"+u.TechnicalImpact, best))
	}
	switch in.Importance {
	case mamori.ImportanceLow:
		u.Mission = "low"
	case mamori.ImportanceHigh, mamori.ImportanceCritical:
		u.Mission = "high"
	default:
		u.Mission = "medium"
	}
	imp := in.Importance
	if imp == "" {
		imp = mamori.ImportanceMedium
	}
	u.Why = append(u.Why, reason("ssvc.why.mission", u.Mission, string(imp)))
	u.TreeOutcome = Outcome(u.Exploitation, u.Automatable, u.TechnicalImpact, u.Mission)
	u.Outcome = u.TreeOutcome
	if in.Exposure != nil {
		u.Exposed = true
		if r := mamori.OutcomeRank(u.Outcome); r >= 0 && r < len(mamori.Outcomes)-1 {
			u.Outcome = mamori.Outcomes[r+1]
		}
		u.Why = append(u.Why, reason("ssvc.why.exposed", u.TreeOutcome, u.Outcome, in.Exposure.Type, in.Exposure.ID, in.Exposure.Check))
	} else {
		u.Why = append(u.Why, reason("ssvc.why.not_exposed"))
	}
	return u
}
