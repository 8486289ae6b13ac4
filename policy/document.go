package policy

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Document is an AWS policy document read strictly: every statement has a
// known effect, Action or NotAction (not both), and string elements. A
// document that does not have this shape is an error from Parse, never a
// document with fewer statements: a statement mamori cannot read could be the
// one that grants everything.
type Document struct {
	Version    string
	Statements []Statement
}

// Statement is one statement of a policy document. Every list is as written
// (a single string becomes a one-element list).
type Statement struct {
	Sid string
	// Effect is "Allow" or "Deny".
	Effect string
	// Action or NotAction, never both; NotAction is set when the statement
	// names the actions it does not cover.
	Action    []string
	NotAction bool
	// Resource or NotResource; absent in trust policies (HasResource false).
	Resource    []string
	NotResource bool
	HasResource bool
	// Principal or NotPrincipal, by kind ("AWS", "Service", "Federated",
	// "CanonicalUser", or "*" for the bare "*"); absent in identity policies.
	Principal    map[string][]string
	NotPrincipal bool
	// Condition is operator -> key -> values, values printed as strings.
	Condition map[string]map[string][]string
}

// Conditional reports whether the statement has a Condition block: mamori
// does not evaluate conditions, so such a statement "may" apply.
func (s *Statement) Conditional() bool { return len(s.Condition) > 0 }

// ConditionText is the condition as one line ("StringEquals aws:SourceAccount
// = 111122223333; Bool aws:MultiFactorAuthPresent = true"), for findings.
func (s *Statement) ConditionText() string {
	var parts []string
	for _, op := range sortedKeys(s.Condition) {
		for _, k := range sortedKeys(s.Condition[op]) {
			parts = append(parts, fmt.Sprintf("%s %s = %s", op, k, strings.Join(s.Condition[op][k], ",")))
		}
	}
	return strings.Join(parts, "; ")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Parse reads a policy document from JSON. It accepts the URL-encoded form
// IAM's API returns as well.
func Parse(b []byte) (*Document, error) {
	s := strings.TrimSpace(string(b))
	if strings.HasPrefix(s, "%7B") || strings.HasPrefix(s, "%7b") {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil, fmt.Errorf("policy document is not URL-encoded: %w", err)
		}
		s = u
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, fmt.Errorf("policy document is not JSON: %s", oneLine(err.Error()))
	}
	return FromValue(v)
}

// FromValue reads a policy document already decoded from JSON (a resource
// attribute), or a string holding its JSON.
func FromValue(v any) (*Document, error) {
	if s, ok := v.(string); ok {
		return Parse([]byte(s))
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("policy document is not a JSON object")
	}
	d := &Document{}
	if ver, ok := m["Version"]; ok {
		if d.Version, ok = ver.(string); !ok {
			return nil, fmt.Errorf("policy Version is not a string")
		}
	}
	var raw []any
	switch st := m["Statement"].(type) {
	case map[string]any:
		raw = []any{st}
	case []any:
		raw = st
	case nil:
		return nil, fmt.Errorf("policy document has no Statement")
	default:
		return nil, fmt.Errorf("policy Statement is neither an object nor a list")
	}
	for i, x := range raw {
		sm, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("statement %d is not an object", i+1)
		}
		st, err := statement(sm)
		if err != nil {
			return nil, fmt.Errorf("statement %d: %w", i+1, err)
		}
		d.Statements = append(d.Statements, st)
	}
	return d, nil
}

func statement(m map[string]any) (Statement, error) {
	var st Statement
	if sid, ok := m["Sid"]; ok {
		s, ok := sid.(string)
		if !ok {
			return st, fmt.Errorf("Sid is not a string")
		}
		st.Sid = s
	}
	switch e := m["Effect"]; e {
	case "Allow", "Deny":
		st.Effect = e.(string)
	default:
		return st, fmt.Errorf("Effect is %s, not Allow or Deny", show(e))
	}
	var err error
	if st.Action, st.NotAction, _, err = pair(m, "Action", "NotAction", true); err != nil {
		return st, err
	}
	if st.Resource, st.NotResource, st.HasResource, err = pair(m, "Resource", "NotResource", false); err != nil {
		return st, err
	}
	_, hasP := m["Principal"]
	_, hasNP := m["NotPrincipal"]
	switch {
	case hasP && hasNP:
		return st, fmt.Errorf("both Principal and NotPrincipal")
	case hasP || hasNP:
		key := "Principal"
		if hasNP {
			key, st.NotPrincipal = "NotPrincipal", true
		}
		if st.Principal, err = principal(m[key]); err != nil {
			return st, fmt.Errorf("%s: %w", key, err)
		}
	}
	if c, ok := m["Condition"]; ok {
		cm, ok := c.(map[string]any)
		if !ok {
			return st, fmt.Errorf("Condition is not an object")
		}
		st.Condition = map[string]map[string][]string{}
		for op, kv := range cm {
			km, ok := kv.(map[string]any)
			if !ok {
				return st, fmt.Errorf("Condition %s is not an object", op)
			}
			st.Condition[op] = map[string][]string{}
			for k, vals := range km {
				l, err := scalars(vals)
				if err != nil {
					return st, fmt.Errorf("Condition %s %s: %w", op, k, err)
				}
				st.Condition[op][k] = l
			}
		}
	}
	return st, nil
}

// pair reads an element that has a negated twin (Action / NotAction).
func pair(m map[string]any, pos, neg string, required bool) (list []string, negated, present bool, err error) {
	pv, hasPos := m[pos]
	nv, hasNeg := m[neg]
	switch {
	case hasPos && hasNeg:
		return nil, false, false, fmt.Errorf("both %s and %s", pos, neg)
	case hasPos:
		list, err = stringList(pv)
		if err != nil {
			err = fmt.Errorf("%s: %w", pos, err)
		}
		return list, false, true, err
	case hasNeg:
		list, err = stringList(nv)
		if err != nil {
			err = fmt.Errorf("%s: %w", neg, err)
		}
		return list, true, true, err
	case required:
		return nil, false, false, fmt.Errorf("neither %s nor %s", pos, neg)
	}
	return nil, false, false, nil
}

func stringList(v any) ([]string, error) {
	switch x := v.(type) {
	case string:
		return []string{x}, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s is not a string", show(e))
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s is neither a string nor a list of strings", show(v))
}

// scalars reads condition values: strings, bools and numbers, alone or listed.
func scalars(v any) ([]string, error) {
	switch x := v.(type) {
	case string, bool, float64, json.Number:
		return []string{fmt.Sprint(x)}, nil
	case []any:
		var out []string
		for _, e := range x {
			switch e.(type) {
			case string, bool, float64, json.Number:
				out = append(out, fmt.Sprint(e))
			default:
				return nil, fmt.Errorf("%s is not a value", show(e))
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s is not a value", show(v))
}

func principal(v any) (map[string][]string, error) {
	if v == "*" {
		return map[string][]string{"*": {"*"}}, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is neither \"*\" nor an object", show(v))
	}
	out := map[string][]string{}
	for k, x := range m {
		l, err := stringList(x)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = l
	}
	return out, nil
}

func show(v any) string {
	if v == nil {
		return "missing"
	}
	b, err := json.Marshal(v)
	if err != nil || len(b) > 40 {
		return fmt.Sprintf("a %T", v)
	}
	return string(b)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
