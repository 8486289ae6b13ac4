package policy

import (
	"strings"

	"github.com/mamori-sec/mamori"
)

// Decision is what a set of policies says about one request.
type Decision int

const (
	// Denied: no statement allows it, or one denies it without a condition.
	Denied Decision = iota
	// MayAllow: it is allowed only through statements with conditions, which
	// mamori does not evaluate; for risk it counts as allowed.
	MayAllow
	// Allowed: allowed without conditions, and nothing denies it.
	Allowed
)

func (d Decision) String() string {
	return [...]string{"denied", "may allow", "allowed"}[d]
}

// Named is a document with the name a finding shows for it (a policy ARN,
// "inline policy NAME of user X", an SCP's id).
type Named struct {
	Name string
	Doc  *Document
}

// Set is every policy that decides what one principal may do, as AWS
// combines them: an explicit Deny anywhere wins; otherwise an identity
// policy must allow, and the permission boundary (when set) and every level
// of SCPs (root, each OU, the account: at least one SCP at each level) must
// allow too. Resource policies and session policies are not part of it.
type Set struct {
	Identity []Named
	// Boundary is the permission boundary, nil when none is set.
	Boundary *Named
	// SCPs are the service control policies by level of the organisation
	// (root, OUs, account); empty outside an organisation.
	SCPs [][]Named
}

// Outcome is the decision on one request and why.
type Outcome struct {
	Decision Decision
	// Conditions are the conditions of the statements the allow depends on
	// (for MayAllow).
	Conditions []string
	// DeniedBy names the document whose Deny (or lack of Allow, for a
	// boundary or an SCP level) stops the request; empty when allowed, or
	// when no identity policy allows it.
	DeniedBy string
}

// Evaluate decides whether the set allows action on resource ("*" for any).
func (s *Set) Evaluate(action, resource string) Outcome {
	var out Outcome
	all := append([]Named(nil), s.Identity...)
	if s.Boundary != nil {
		all = append(all, *s.Boundary)
	}
	for _, lvl := range s.SCPs {
		all = append(all, lvl...)
	}
	for _, n := range all {
		if n.Doc != nil && n.Doc.denies(action, resource) {
			return Outcome{Decision: Denied, DeniedBy: n.Name}
		}
	}
	level, conds := allowOf(s.Identity, action, resource)
	if level == Denied {
		return out
	}
	limit := func(docs []Named) bool {
		l, c := allowOf(docs, action, resource)
		if l == Denied {
			names := make([]string, len(docs))
			for i, d := range docs {
				names[i] = d.Name
			}
			out.DeniedBy = strings.Join(names, ", ")
			return false
		}
		if l < level {
			level = l
		}
		conds = append(conds, c...)
		return true
	}
	if s.Boundary != nil && !limit([]Named{*s.Boundary}) {
		return out
	}
	for _, lvl := range s.SCPs {
		if !limit(lvl) {
			return out
		}
	}
	out.Decision = level
	if level == MayAllow {
		out.Conditions = conds
	}
	return out
}

// allowOf is the best allow among docs, and the conditions it hangs on.
func allowOf(docs []Named, action, resource string) (Decision, []string) {
	best := Denied
	var conds []string
	for _, n := range docs {
		if n.Doc == nil {
			continue
		}
		for i := range n.Doc.Statements {
			st := &n.Doc.Statements[i]
			if st.Effect != "Allow" || !st.matches(action, resource) {
				continue
			}
			if !st.Conditional() && !hasVariable(st.Resource) {
				return Allowed, nil
			}
			best = MayAllow
			c := st.ConditionText()
			if c == "" {
				c = "policy variables in Resource"
			}
			conds = append(conds, n.Name+": "+c)
		}
	}
	return best, conds
}

// denies reports whether a statement denies the request without condition.
// A conditional Deny may not apply, so for risk it does not deny.
func (d *Document) denies(action, resource string) bool {
	for i := range d.Statements {
		st := &d.Statements[i]
		if st.Effect == "Deny" && !st.Conditional() && st.matches(action, resource) {
			return true
		}
	}
	return false
}

// matches reports whether the statement covers the action and resource.
func (st *Statement) matches(action, resource string) bool {
	hit := false
	for _, p := range st.Action {
		if ActionMatch(p, action) {
			hit = true
			break
		}
	}
	if hit == st.NotAction {
		return false
	}
	if !st.HasResource {
		return true
	}
	hit = false
	for _, p := range st.Resource {
		if ResourceMatch(p, resource) {
			hit = true
			break
		}
	}
	return hit != st.NotResource
}

// ActionMatch matches an action pattern ("s3:Get*", "*") against an action,
// case-insensitively as IAM does. A request for "*" (any action) is matched
// only by a pattern that covers every action.
func ActionMatch(pattern, action string) bool {
	if action == "*" {
		return pattern == "*" || pattern == "*:*"
	}
	if pattern == "*:*" {
		pattern = "*"
	}
	return mamori.GlobMatch(strings.ToLower(pattern), strings.ToLower(action))
}

// ResourceMatch matches a resource pattern against an ARN. A request for "*"
// (any resource) is matched only by "*". Policy variables ("${aws:username}")
// match anything here; allowOf marks such an allow as MayAllow.
func ResourceMatch(pattern, resource string) bool {
	if resource == "*" {
		return pattern == "*"
	}
	if strings.Contains(pattern, "${") {
		pattern = variableRe(pattern)
	}
	return mamori.GlobMatch(pattern, resource)
}

func hasVariable(l []string) bool {
	for _, s := range l {
		if strings.Contains(s, "${") {
			return true
		}
	}
	return false
}

// variableRe turns each "${...}" of a pattern into "*".
func variableRe(p string) string {
	var b strings.Builder
	for {
		i := strings.Index(p, "${")
		if i < 0 {
			b.WriteString(p)
			return b.String()
		}
		j := strings.Index(p[i:], "}")
		if j < 0 {
			b.WriteString(p)
			return b.String()
		}
		b.WriteString(p[:i])
		b.WriteString("*")
		p = p[i+j+1:]
	}
}

// MayAllowSomewhere reports whether some identity statement allows action on
// some resource and no unconditional Deny covers it on every resource. It is
// an upper bound (boundaries and SCPs are not consulted) for skipping the
// requests that cannot be allowed anywhere.
func (s *Set) MayAllowSomewhere(action string) bool {
	for _, n := range s.Identity {
		if n.Doc != nil && n.Doc.denies(action, "*") {
			return false
		}
	}
	for _, n := range s.Identity {
		if n.Doc == nil {
			continue
		}
		for i := range n.Doc.Statements {
			st := &n.Doc.Statements[i]
			if st.Effect != "Allow" {
				continue
			}
			hit := false
			for _, p := range st.Action {
				if ActionMatch(p, action) {
					hit = true
					break
				}
			}
			if hit != st.NotAction {
				return true
			}
		}
	}
	return false
}
