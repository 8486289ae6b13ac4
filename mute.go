package mamori

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// ParseMutelist reads a mutelist file: a YAML document with a `mutes` list of
// rules (docs/mutelist.md). Every rule must validate; unknown fields are errors.
func ParseMutelist(b []byte) ([]MuteRule, error) {
	var doc struct {
		Mutes []MuteRule `yaml:"mutes"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("bad YAML: %s", strings.Join(strings.Fields(err.Error()), " "))
	}
	for i := range doc.Mutes {
		if err := doc.Mutes[i].Validate(); err != nil {
			return nil, fmt.Errorf("rule %d: %w", i+1, err)
		}
	}
	return doc.Mutes, nil
}

// MuteRule mutes the findings it matches: a check id and resource pattern,
// optionally one account and region, with who muted it, why and until when.
// Mute rules live in a YAML file given with --mutelist (docs/mutelist.md).
type MuteRule struct {
	// Check is a check id or a glob ("aws-s3-*").
	Check string `yaml:"check"`
	// Resource is a glob over the resource id or name ("*" for all).
	Resource string `yaml:"resource"`
	// Account and Region narrow the rule; empty matches any.
	Account string `yaml:"account"`
	Region  string `yaml:"region"`
	// By, Reason and Until are recorded on each muted finding. Reason and By
	// are required; a rule past Until no longer mutes.
	By     string    `yaml:"by"`
	Reason string    `yaml:"reason"`
	Until  time.Time `yaml:"until"`
}

// Validate checks a rule is complete and its globs are well formed.
func (m *MuteRule) Validate() error {
	if m.Check == "" || m.Resource == "" {
		return fmt.Errorf("mute rule needs check and resource")
	}
	if m.By == "" || m.Reason == "" {
		return fmt.Errorf("mute rule for %s needs by and reason", m.Check)
	}
	for _, p := range []string{m.Check, m.Resource} {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("mute rule pattern %q: %v", p, err)
		}
	}
	return nil
}

func (m *MuteRule) matches(f *Finding, now time.Time) bool {
	if !m.Until.IsZero() && now.After(m.Until) {
		return false
	}
	if m.Account != "" && m.Account != f.Account || m.Region != "" && m.Region != f.Region {
		return false
	}
	if ok, _ := path.Match(m.Check, f.CheckID); !ok {
		return false
	}
	okID, _ := path.Match(m.Resource, f.Resource.ID)
	okName, _ := path.Match(m.Resource, f.Resource.Name)
	return okID || okName
}

// ApplyMutes turns FAIL findings matched by a rule into MUTED ones, recording
// the rule's who, why and until. PASS and ERROR findings are never muted: an
// ERROR must stay visible. It returns how many findings were muted.
func ApplyMutes(fs []Finding, rules []MuteRule, now time.Time) int {
	n := 0
	for i := range fs {
		f := &fs[i]
		if f.Status != StatusFail {
			continue
		}
		for _, r := range rules {
			if r.matches(f, now) {
				f.Status = StatusMuted
				f.Mute = &Mute{By: r.By, Reason: r.Reason, Until: r.Until}
				f.Reason = r.Reason
				n++
				break
			}
		}
	}
	return n
}
