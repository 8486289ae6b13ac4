package sigma

import (
	"regexp"
	"strings"
	"testing"
)

// The glob matcher replaces a regular expression for values with * only; it
// must agree with that expression on every value.
func FuzzGlobMatchesRegexp(f *testing.F) {
	for _, seed := range []struct {
		pat, s string
		mode   uint8
		cased  bool
	}{
		{"*", "", 0, false},
		{"arn:aws:s3:::*/*", "arn:aws:s3:::bucket/key", 0, false},
		{"*AssumeRole*", "sts:assumerolewithsaml", 1, false},
		{"a*b*a", "aba", 0, true},
		{"a*a", "a", 0, false},
		{`\*x*`, "*xy", 2, false},
		{"İ*", "i̇x", 0, false},
		{"*K", "\u212a", 3, false},
		{"x*y", "x\ny", 0, false},
	} {
		f.Add(seed.pat, seed.s, seed.mode, seed.cased)
	}
	f.Fuzz(func(t *testing.T, pat, s string, m uint8, cased bool) {
		if strings.Contains(pat, "?") || !hasWildcard(pat) {
			return
		}
		mode := []mode{modeEqual, modeContains, modeStarts, modeEnds}[m%4]
		g, ok := compileGlob(pat, mode, cased)
		if !ok {
			if cased || isASCII(pat) {
				t.Fatalf("compileGlob(%q) refused a pattern without ?", pat)
			}
			return // not ASCII and folding case: the regexp does it
		}
		re, err := wildcardRegexp(pat, mode, cased)
		if err != nil {
			return
		}
		if got, want := g.match(s), re.MatchString(s); got != want {
			t.Fatalf("glob %q (mode %d, cased %v) on %q: %v, regexp %s says %v", pat, mode, cased, s, got, re, want)
		}
	})
}

// Every value a regular expression matches contains its required literals.
func FuzzRequiredLiterals(f *testing.F) {
	for _, seed := range [][2]string{
		{".+:assumed-role/aws:.+", "arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1"},
		{"(?i)abc.*def", "ABCxDEF"},
		{"ab|cd", "cd"},
		{"(abc)+x", "abcabcx"},
		{"a(bc)?d", "ad"},
		{"^foo$", "foo"},
		{"x{0}yz", "yz"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, expr, s string) {
		re, err := regexp.Compile(expr)
		if err != nil || !re.MatchString(s) {
			return
		}
		for _, l := range requiredLiterals(expr) {
			if !strings.Contains(s, l) {
				t.Fatalf("%q matches %q but lacks the required literal %q", s, expr, l)
			}
		}
	})
}

func TestRequiredLiterals(t *testing.T) {
	for expr, want := range map[string]string{
		".+:assumed-role/aws:.+": ":assumed-role/aws:",
		"(?i)abc.*def":           "",
		"ab|cd":                  "",
		"^foo$":                  "foo",
	} {
		if got := strings.Join(requiredLiterals(expr), ","); got != want {
			t.Errorf("requiredLiterals(%q) = %q, want %q", expr, got, want)
		}
	}
}
