package sigma

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// glob matches a value with * wildcards (any run of characters) without a
// regular expression: the literal parts must appear in order, the first at
// the start and the last at the end unless the mode or a * frees them.
// Values with ? still become regular expressions.
type glob struct {
	parts       []string // lower case unless cased
	anchorStart bool
	anchorEnd   bool
	cased       bool
	unicode     *regexp.Regexp // for values that are not ASCII, unless cased
}

// compileGlob builds a glob from a Sigma value s; ok is false when s has a
// ? wildcard.
func compileGlob(s string, m mode, cased bool) (*glob, bool) {
	g := &glob{cased: cased, anchorStart: m == modeEqual || m == modeStarts, anchorEnd: m == modeEqual || m == modeEnds}
	var cur strings.Builder
	var parts []string
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\'):
			i++
			cur.WriteByte(s[i])
		case c == '?':
			return nil, false
		case c == '*':
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	parts = append(parts, cur.String())
	if len(parts) > 0 && parts[0] == "" {
		g.anchorStart = false
	}
	if len(parts) > 0 && parts[len(parts)-1] == "" {
		g.anchorEnd = false
	}
	if !cased {
		if !isASCII(s) {
			return nil, false // Unicode case folding: leave it to the regexp
		}
		for i, p := range parts {
			parts[i] = strings.ToLower(p)
		}
		// A value that is not ASCII is matched by the regexp, which folds
		// case as the glob would not (the Kelvin sign matches k).
		re, err := wildcardRegexp(s, m, cased)
		if err != nil {
			return nil, false
		}
		g.unicode = re
	}
	g.parts = parts
	return g, true
}

// match reports whether s matches: a * crosses anything, newlines too, as
// the (?s) regular expression it replaces did.
func (g *glob) match(s string) bool {
	if g.cased {
		return g.matchIn(s, strings.Index, strings.HasPrefix, strings.HasSuffix)
	}
	if !isASCII(s) {
		return g.unicode.MatchString(s)
	}
	return g.matchIn(s, indexFoldASCII, hasPrefixFoldASCII, hasSuffixFoldASCII)
}

func (g *glob) matchIn(s string, index func(s, sub string) int, hasPrefix, hasSuffix func(s, fix string) bool) bool {
	parts := g.parts
	if g.anchorStart {
		if !hasPrefix(s, parts[0]) {
			return false
		}
		s = s[len(parts[0]):]
		parts = parts[1:]
	}
	var last string
	if g.anchorEnd && len(parts) > 0 {
		last = parts[len(parts)-1]
		parts = parts[:len(parts)-1]
	}
	for _, p := range parts {
		i := index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	if g.anchorEnd {
		return hasSuffix(s, last)
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFoldASCII: fix is lower case ASCII, s is ASCII.
func hasPrefixFoldASCII(s, fix string) bool {
	if len(s) < len(fix) {
		return false
	}
	for i := 0; i < len(fix); i++ {
		if lowerASCII(s[i]) != fix[i] {
			return false
		}
	}
	return true
}

func hasSuffixFoldASCII(s, fix string) bool {
	return len(s) >= len(fix) && hasPrefixFoldASCII(s[len(s)-len(fix):], fix)
}

func indexFoldASCII(s, sub string) int {
	if sub == "" {
		return 0
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if lowerASCII(s[i]) == sub[0] && hasPrefixFoldASCII(s[i:], sub) {
			return i
		}
	}
	return -1
}

// requiredLiterals returns literal strings that every match of the regular
// expression expr contains, case-sensitively, so that a value without one of
// them is refused without running the expression. It returns nil when it
// finds none (or cannot tell).
func requiredLiterals(expr string) []string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	var subs []*syntax.Regexp
	switch re.Op {
	case syntax.OpConcat:
		subs = re.Sub
	case syntax.OpLiteral:
		subs = []*syntax.Regexp{re}
	case syntax.OpCapture:
		return requiredLiterals(re.Sub[0].String())
	}
	var lits []string
	for _, sub := range subs {
		if sub.Op == syntax.OpLiteral && sub.Flags&syntax.FoldCase == 0 && len(sub.Rune) > 1 {
			lits = append(lits, string(sub.Rune))
		}
	}
	return lits
}
