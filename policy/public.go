package policy

import (
	"encoding/json"
	"fmt"
	"strings"
)

// PublicStatements returns, for a resource policy (Lambda, SNS, SQS, ECR,
// Secrets Manager, ...), one reason per Allow statement that applies to
// anyone: Principal "*" (or {"AWS": "*"}, or a NotPrincipal) with no
// condition that pins the caller or the source to fixed values. An empty or
// unparsable document gives nil; the second result says whether it parsed.
func PublicStatements(doc string) ([]string, bool) {
	if strings.TrimSpace(doc) == "" {
		return nil, true
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		return nil, false
	}
	var out []string
	for i, st := range Statements(m) {
		if eff, _ := st["Effect"].(string); eff != "Allow" {
			continue
		}
		if !publicPrincipal(st) || restricted(st["Condition"]) {
			continue
		}
		name := fmt.Sprintf("#%d", i+1)
		if sid, _ := st["Sid"].(string); sid != "" {
			name = fmt.Sprintf("%q", sid)
		}
		what := strings.Join(Strings(st["Action"]), ", ")
		if na, ok := st["NotAction"]; ok {
			what = "all actions except " + strings.Join(Strings(na), ", ")
		}
		out = append(out, fmt.Sprintf("statement %s allows anyone %s", name, what))
	}
	return out, true
}

func publicPrincipal(st map[string]any) bool {
	if _, ok := st["NotPrincipal"]; ok {
		return true
	}
	switch x := st["Principal"].(type) {
	case string:
		return x == "*"
	case map[string]any:
		for k, v := range x {
			if k == "Service" {
				continue
			}
			for _, s := range Strings(v) {
				if strings.ContainsAny(s, "*?") {
					return true
				}
			}
		}
	}
	return false
}

// restrictingKeys are condition keys that, with fixed values, make a
// statement for everyone reach only known callers (lower case).
var restrictingKeys = map[string]bool{
	"aws:sourcearn": true, "aws:sourcevpc": true, "aws:sourcevpce": true, "aws:sourceowner": true,
	"aws:sourceaccount": true, "aws:sourceorgid": true, "aws:sourceorgpaths": true, "aws:userid": true,
	"aws:principalorgid": true, "aws:principalorgpaths": true, "aws:principalaccount": true, "aws:principalarn": true,
}

func restricted(cond any) bool {
	ops, _ := cond.(map[string]any)
	for op, kv := range ops {
		lop := strings.TrimPrefix(strings.ToLower(op), "foranyvalue:")
		if strings.HasSuffix(lop, "ifexists") || strings.HasPrefix(lop, "forallvalues:") {
			continue
		}
		switch lop {
		case "stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike":
		default:
			continue
		}
		keys, _ := kv.(map[string]any)
		for k, v := range keys {
			if !restrictingKeys[strings.ToLower(k)] {
				continue
			}
			vals := Strings(v)
			fixed := len(vals) > 0
			for _, s := range vals {
				if strings.ContainsAny(s, "*?") || strings.Contains(s, "${") {
					fixed = false
				}
			}
			if fixed {
				return true
			}
		}
	}
	return false
}
