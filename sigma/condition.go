package sigma

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// The condition grammar, lowest precedence first:
//
//	expr    = and { "or" and }
//	and     = unary { "and" unary }
//	unary   = "not" unary | primary
//	primary = "(" expr ")" | quant | IDENT
//	quant   = ("1" | "all" | N) "of" (PATTERN | "them")

type node interface {
	eval(c *evalCtx, why *[]FieldMatch) bool
	// names returns the values, lower case, that field must equal (one of)
	// for the node to be true; ok is false when it cannot tell.
	names(field string) ([]string, bool)
}

type identNode struct{ s *search }

func (n *identNode) eval(c *evalCtx, why *[]FieldMatch) bool { return n.s.eval(c, why) }

func (n *identNode) names(field string) ([]string, bool) {
	if len(n.s.keywords) > 0 {
		return nil, false
	}
	var all []string
	for _, sel := range n.s.alts {
		found := false
		for _, fc := range sel.conds {
			if fc.field != field || fc.all || fc.exists != nil || fc.fieldref || fc.expand {
				continue
			}
			ok := true
			var vals []string
			for _, p := range fc.patterns {
				if p.mode != modeEqual || p.re != nil || len(p.alts) > 0 || p.isNum {
					ok = false
					break
				}
				vals = append(vals, strings.ToLower(p.lit))
			}
			if ok {
				all = append(all, vals...)
				found = true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return all, len(n.s.alts) > 0
}

type notNode struct{ x node }

func (n *notNode) eval(c *evalCtx, _ *[]FieldMatch) bool {
	var discard []FieldMatch
	return !n.x.eval(c, &discard)
}

func (n *notNode) names(string) ([]string, bool) { return nil, false }

type andNode struct{ a, b node }

func (n *andNode) eval(c *evalCtx, why *[]FieldMatch) bool {
	mark := len(*why)
	if n.a.eval(c, why) && n.b.eval(c, why) {
		return true
	}
	*why = (*why)[:mark]
	return false
}

func (n *andNode) names(field string) ([]string, bool) {
	a, aok := n.a.names(field)
	b, bok := n.b.names(field)
	switch {
	case aok && bok:
		set := map[string]bool{}
		for _, x := range b {
			set[x] = true
		}
		var out []string
		for _, x := range a {
			if set[x] {
				out = append(out, x)
			}
		}
		return out, true
	case aok:
		return a, true
	case bok:
		return b, true
	}
	return nil, false
}

type orNode struct{ a, b node }

func (n *orNode) eval(c *evalCtx, why *[]FieldMatch) bool {
	mark := len(*why)
	if n.a.eval(c, why) {
		return true
	}
	*why = (*why)[:mark]
	return n.b.eval(c, why)
}

func (n *orNode) names(field string) ([]string, bool) {
	a, aok := n.a.names(field)
	b, bok := n.b.names(field)
	if aok && bok {
		return append(append([]string(nil), a...), b...), true
	}
	return nil, false
}

// quantNode is "N of X": at least min of the searches are true (all of them
// when min is 0).
type quantNode struct {
	of  []node
	min int
}

func (n *quantNode) eval(c *evalCtx, why *[]FieldMatch) bool {
	need := n.min
	if need == 0 {
		need = len(n.of)
	}
	mark := len(*why)
	hits := 0
	for _, x := range n.of {
		m := len(*why)
		if x.eval(c, why) {
			hits++
			if hits >= need {
				return true
			}
		} else {
			*why = (*why)[:m]
		}
	}
	*why = (*why)[:mark]
	return false
}

func (n *quantNode) names(field string) ([]string, bool) {
	var expr node
	for _, x := range n.of {
		switch {
		case expr == nil:
			expr = x
		case n.min == 0:
			expr = &andNode{expr, x}
		default:
			expr = &orNode{expr, x}
		}
	}
	if expr == nil {
		return nil, false
	}
	return expr.names(field)
}

func tokenize(s string) ([]string, error) {
	var out []string
	for i := 0; i < len(s); {
		c := rune(s[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '(' || c == ')':
			out = append(out, string(c))
			i++
		case c == '|':
			return nil, fmt.Errorf("aggregations (%q) are not supported (deprecated in Sigma v2)", strings.TrimSpace(s[i:]))
		default:
			j := i
			for j < len(s) && !unicode.IsSpace(rune(s[j])) && s[j] != '(' && s[j] != ')' && s[j] != '|' {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out, nil
}

type condParser struct {
	toks     []string
	pos      int
	searches map[string]*search
}

func parseCondition(s string, searches map[string]*search) (node, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, fmt.Errorf("empty")
	}
	p := &condParser{toks: toks, searches: searches}
	n, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.toks[p.pos])
	}
	return n, nil
}

func (p *condParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *condParser) next() string {
	t := p.peek()
	p.pos++
	return t
}

// depth bounds brackets, so hostile input cannot exhaust the stack.
const maxDepth = 50

func (p *condParser) expr(depth int) (node, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested too deeply")
	}
	a, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	for strings.EqualFold(p.peek(), "or") {
		p.next()
		b, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		a = &orNode{a, b}
	}
	return a, nil
}

func (p *condParser) and(depth int) (node, error) {
	a, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	for strings.EqualFold(p.peek(), "and") {
		p.next()
		b, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		a = &andNode{a, b}
	}
	return a, nil
}

func (p *condParser) unary(depth int) (node, error) {
	if strings.EqualFold(p.peek(), "not") {
		p.next()
		if depth > maxDepth {
			return nil, fmt.Errorf("nested too deeply")
		}
		x, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return &notNode{x}, nil
	}
	return p.primary(depth)
}

func (p *condParser) primary(depth int) (node, error) {
	t := p.next()
	switch {
	case t == "":
		return nil, fmt.Errorf("ends too early")
	case t == "(":
		n, err := p.expr(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.next() != ")" {
			return nil, fmt.Errorf("missing )")
		}
		return n, nil
	case t == ")":
		return nil, fmt.Errorf("unexpected )")
	}
	low := strings.ToLower(t)
	if strings.EqualFold(p.peek(), "of") {
		min := 0
		if low != "all" {
			n, err := strconv.Atoi(t)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("%q of: want 1, all or a count", t)
			}
			min = n
		}
		p.next()
		target := p.next()
		if target == "" {
			return nil, fmt.Errorf("%s of what?", t)
		}
		var names []string
		for name := range p.searches {
			ok := strings.EqualFold(target, "them") && !strings.HasPrefix(name, "_")
			if !ok {
				ok, _ = path.Match(target, name)
			}
			if ok {
				names = append(names, name)
			}
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("%q matches no search identifier", target)
		}
		sort.Strings(names)
		q := &quantNode{min: min}
		for _, n := range names {
			q.of = append(q.of, &identNode{p.searches[n]})
		}
		return q, nil
	}
	switch low {
	case "and", "or", "not", "of":
		return nil, fmt.Errorf("unexpected %q", t)
	}
	s, ok := p.searches[t]
	if !ok {
		return nil, fmt.Errorf("unknown search identifier %q", t)
	}
	return &identNode{s}, nil
}
