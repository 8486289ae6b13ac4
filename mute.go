package mamori

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
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

	// Tags, when set, must all be on the resource: each value is a glob
	// ("*" for any value of the key). Tags can be changed by whoever can
	// tag a resource: combine them with an account or a check.
	Tags map[string]string `yaml:"tags"`
	// Pattern, when set, is a regular expression (RE2) the resource id must
	// match, for what a glob cannot say.
	Pattern string `yaml:"pattern"`
	// Owner is who owns the accepted risk (a person or a team), as opposed
	// to By, who recorded the mute.
	Owner string `yaml:"owner"`

	// ID identifies a rule kept in the store (mamori mute add); empty for a
	// mutelist file's rules.
	ID string `yaml:"-"`
	// Tenant is the tenant a stored rule belongs to.
	Tenant string `yaml:"-"`
	// Created is when a stored rule was added.
	Created time.Time `yaml:"-"`

	pattern *regexp.Regexp
}

// Validate checks a rule is complete and its globs are well formed. Check
// and Resource are required ("*" is explicit), and a rule must narrow by
// something: a check, a resource, an account, a region, tags or a pattern.
func (m *MuteRule) Validate() error {
	if m.Check == "" || m.Resource == "" {
		return fmt.Errorf("mute rule needs check and resource (\"*\" for any)")
	}
	if m.Check == "*" && m.Resource == "*" && m.Name == "" && m.Account == "" && m.Region == "" && len(m.Tags) == 0 && m.Pattern == "" {
		return fmt.Errorf("mute rule mutes everything: give a check, resource, account, region, tags or pattern")
	}
	if m.By == "" || m.Reason == "" {
		return fmt.Errorf("mute rule for %s needs by and reason", m.Check)
	}
	if m.Pattern != "" {
		re, err := regexp.Compile(m.Pattern)
		if err != nil {
			return fmt.Errorf("mute rule for %s: pattern: %s", m.Check, strings.Join(strings.Fields(err.Error()), " "))
		}
		m.pattern = re
	}
	return nil
}

// Expired reports whether the rule's Until has passed at now.
func (m *MuteRule) Expired(now time.Time) bool {
	return !m.Until.IsZero() && now.After(m.Until)
}

// Describe says what the rule matches, on one line ("check aws-s3-* resource
// arn:aws:s3:::site account 1111 tags env=dev").
func (m *MuteRule) Describe() string {
	parts := []string{"check " + m.Check, "resource " + m.Resource}
	if m.Name != "" {
		parts = append(parts, "name "+m.Name)
	}
	if m.Account != "" {
		parts = append(parts, "account "+m.Account)
	}
	if m.Region != "" {
		parts = append(parts, "region "+m.Region)
	}
	if len(m.Tags) > 0 {
		var kv []string
		for k, v := range m.Tags {
			kv = append(kv, k+"="+v)
		}
		sort.Strings(kv)
		parts = append(parts, "tags "+strings.Join(kv, ","))
	}
	if m.Pattern != "" {
		parts = append(parts, "pattern "+m.Pattern)
	}
	return strings.Join(parts, " ")
}

// UsesTags reports whether any rule matches on tags (a scan must then keep
// resources' tags until findings are muted).
func UsesTags(rules []MuteRule) bool {
	for i := range rules {
		if len(rules[i].Tags) > 0 {
			return true
		}
	}
	return false
}

// ExpiredMutes returns the rules past their Until at now: they mute nothing
// any more, and are reported so that someone renews or removes them.
func ExpiredMutes(rules []MuteRule, now time.Time) []MuteRule {
	var out []MuteRule
	for _, r := range rules {
		if r.Expired(now) {
			out = append(out, r)
		}
	}
	return out
}

// MuteChange is one recorded change to the stored mutes: who added or
// removed which rule, when.
type MuteChange struct {
	// Tenant the rule belongs to.
	Tenant string `json:"tenant"`
	// MuteID is the rule's ID.
	MuteID string `json:"mute_id"`
	// Action is "add" or "remove".
	Action string `json:"action"`
	// Actor is the person who made the change (--as, MAMORI_USER, the OS user).
	Actor string `json:"actor"`
	// At is when.
	At time.Time `json:"at"`
	// Rule is the rule as it was added or removed, on one line.
	Rule string `json:"rule"`
	// Note is the reason given for a removal.
	Note string `json:"note,omitempty"`
}

// MuteStore keeps mute rules with the history of their changes. Every
// change records who made it and when; a removed rule stays in the history.
// A store that also keeps the ChangeLog appends each change to it (kind
// "mute", the rule's ID, "add" or "remove") in the same transaction as the
// change itself, so that no mute changes without its log entry.
type MuteStore interface {
	// AddMute stores a validated rule for its Tenant and sets its ID and
	// Created, recording the change by actor at at.
	AddMute(ctx context.Context, m *MuteRule, actor string, at time.Time) error
	// RemoveMute removes a tenant's rule, recording the change with note;
	// ErrNotFound when there is no such rule.
	RemoveMute(ctx context.Context, tenant, id, actor, note string, at time.Time) error
	// Mutes lists a tenant's current rules (expired ones included), oldest first.
	Mutes(ctx context.Context, tenant string) ([]MuteRule, error)
	// MuteChanges lists a tenant's mute changes, oldest first.
	MuteChanges(ctx context.Context, tenant string) ([]MuteChange, error)
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
	if m.Expired(now) {
		return false
	}
	if m.Account != "" && m.Account != f.Account || m.Region != "" && m.Region != f.Region {
		return false
	}
	if !GlobMatch(m.Check, f.CheckID) || !GlobMatch(m.Resource, f.Resource.ID) {
		return false
	}
	if m.Pattern != "" {
		if m.pattern == nil {
			// A rule built without Validate: compile now, and a bad
			// pattern matches nothing.
			re, err := regexp.Compile(m.Pattern)
			if err != nil {
				return false
			}
			m.pattern = re
		}
		if !m.pattern.MatchString(f.Resource.ID) {
			return false
		}
	}
	for k, v := range m.Tags {
		got, ok := f.Resource.Tags[k]
		if !ok || !GlobMatch(v, got) {
			return false
		}
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
		for i := range rules {
			r := &rules[i]
			if r.matches(f, now) {
				f.Status = StatusMuted
				f.Mute = &Mute{By: r.By, Reason: r.Reason, Until: r.Until, Owner: r.Owner, Rule: r.ID}
				f.Reason = r.Reason
				n++
				break
			}
		}
	}
	return n
}
