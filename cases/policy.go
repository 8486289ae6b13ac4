package cases

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/mamori-sec/mamori"
)

// Policy maps urgency to due dates: each SSVC outcome has a number of days
// from the case's opening, and rules may set a shorter one (METI's
// supply-chain evaluation asks for CVSS >= 7.0 to be patched within 14
// days). The earliest date wins; the rule that gave it is recorded.
type Policy struct {
	// Outcomes gives the days for each outcome ("act", "attend", "track*",
	// "track").
	Outcomes map[string]Days `yaml:"outcomes"`
	// Rules are further limits.
	Rules []Rule `yaml:"rules"`
	// EPSSPoC is the EPSS score from which exploitation counts as poc.
	EPSSPoC float64 `yaml:"epss_poc"`
}

// Rule is one limit: a case matching every condition set is due within
// Within.
type Rule struct {
	Name string `yaml:"name"`
	// CVSS: the base score is at least this.
	CVSS float64 `yaml:"cvss"`
	// KEV: a CVE of the group is in CISA KEV.
	KEV bool `yaml:"kev"`
	// Exposed: the asset is reachable from the internet.
	Exposed bool `yaml:"exposed"`
	// Importance: the asset's importance is at least this.
	Importance string `yaml:"importance"`
	Within     Days   `yaml:"within"`
}

// Days is a number of days, written "14d" or "14".
type Days int

// UnmarshalYAML reads "14d" or 14.
func (d *Days) UnmarshalYAML(n *yaml.Node) error {
	s := strings.TrimSuffix(strings.TrimSpace(n.Value), "d")
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		return fmt.Errorf("line %d: %q is not a number of days (write 14d)", n.Line, n.Value)
	}
	*d = Days(v)
	return nil
}

// DefaultPolicy: act 7 days, attend 14, track* 30, track 90; METI's rule
// (CVSS >= 7.0 within 14 days); a CVE in CISA KEV within 14 days; EPSS
// 0.1 and above counts as a proof of concept.
func DefaultPolicy() *Policy {
	return &Policy{
		Outcomes: map[string]Days{"act": 7, "attend": 14, "track*": 30, "track": 90},
		Rules: []Rule{
			{Name: "METI supply-chain evaluation: CVSS >= 7.0 within 14 days", CVSS: 7.0, Within: 14},
			{Name: "CISA KEV: known exploited within 14 days", KEV: true, Within: 14},
		},
		EPSSPoC: 0.1,
	}
}

// ParsePolicy reads a policy file (YAML); what it leaves out keeps the
// default (outcomes one by one; rules as a whole).
func ParsePolicy(b []byte) (*Policy, error) {
	p := DefaultPolicy()
	var doc Policy
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("bad policy: %s", strings.Join(strings.Fields(err.Error()), " "))
	}
	for k, v := range doc.Outcomes {
		if mamori.OutcomeRank(k) < 0 {
			return nil, fmt.Errorf("bad policy: unknown outcome %q (want act, attend, track* or track)", k)
		}
		p.Outcomes[k] = v
	}
	if doc.Rules != nil {
		p.Rules = doc.Rules
	}
	for i, r := range p.Rules {
		if r.Within <= 0 {
			return nil, fmt.Errorf("bad policy: rule %d (%s) has no within", i+1, r.Name)
		}
		if r.Importance != "" {
			if _, err := mamori.ParseImportance(r.Importance); err != nil {
				return nil, fmt.Errorf("bad policy: rule %d: %w", i+1, err)
			}
		}
	}
	if doc.EPSSPoC < 0 || doc.EPSSPoC > 1 {
		return nil, fmt.Errorf("bad policy: epss_poc %v is not between 0 and 1", doc.EPSSPoC)
	}
	if doc.EPSSPoC > 0 {
		p.EPSSPoC = doc.EPSSPoC
	}
	return p, nil
}

var importanceRank = map[mamori.Importance]int{mamori.ImportanceLow: 0, mamori.ImportanceMedium: 1, mamori.ImportanceHigh: 2, mamori.ImportanceCritical: 3}

// Due gives the due date of a case opened at opened with urgency u, and
// names the rule that set it.
func (p *Policy) Due(u mamori.Urgency, kev bool, importance mamori.Importance, opened time.Time) (time.Time, string) {
	days, rule := -1, ""
	if d, ok := p.Outcomes[u.Outcome]; ok {
		days, rule = int(d), fmt.Sprintf("SSVC %s: within %d days", u.Outcome, d)
	}
	for _, r := range p.Rules {
		if r.CVSS > 0 && u.CVSS < r.CVSS {
			continue
		}
		if r.KEV && !kev {
			continue
		}
		if r.Exposed && !u.Exposed {
			continue
		}
		if r.Importance != "" && importanceRank[importance] < importanceRank[mamori.Importance(r.Importance)] {
			continue
		}
		if days < 0 || int(r.Within) < days {
			days, rule = int(r.Within), r.Name
		}
	}
	if days < 0 {
		return time.Time{}, ""
	}
	y, m, d := opened.UTC().Date()
	return time.Date(y, m, d, 23, 59, 59, 0, time.UTC).AddDate(0, 0, days), rule
}
