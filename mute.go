package mamori

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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
	// Resource is a glob over the resource id, an ARN for AWS ("*" matches
	// any run of characters, "/" and ":" included; "?" one character).
	Resource string `yaml:"resource"`
	// Name, if set, is a glob the resource's name must also match. Names can
	// often be changed by whoever can tag a resource, so prefer Resource.
	Name string `yaml:"name"`
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
	return nil
}

// GlobMatch reports whether s matches pattern, where "*" is any run of
// characters (separators included) and "?" is one character: the wildcard
// of IAM policies (actions, resources, condition values) and of mute rules.
func GlobMatch(pattern, s string) bool {
	// Iterative wildcard matching with backtracking to the last star.
	p, i, star, mark := 0, 0, -1, 0
	pr, sr := []rune(pattern), []rune(s)
	for i < len(sr) {
		switch {
		case p < len(pr) && (pr[p] == '?' || pr[p] == sr[i]):
			p++
			i++
		case p < len(pr) && pr[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pr) && pr[p] == '*' {
		p++
	}
	return p == len(pr)
}

func (m *MuteRule) matches(f *Finding, now time.Time) bool {
	if !m.Until.IsZero() && now.After(m.Until) {
		return false
	}
	if m.Account != "" && m.Account != f.Account || m.Region != "" && m.Region != f.Region {
		return false
	}
	if !GlobMatch(m.Check, f.CheckID) || !GlobMatch(m.Resource, f.Resource.ID) {
		return false
	}
	return m.Name == "" || GlobMatch(m.Name, f.Resource.Name)
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
