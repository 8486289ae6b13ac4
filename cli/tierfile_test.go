package cli

import (
	"strings"
	"testing"
)

// A tier file is read as RULE_ID=tier values in order; anything else is
// named by line, never a panic.
func TestParseTierFile(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		line int
	}{
		{"new-service: alert\n905d389b-b853-46d0-9d3d-dea0d3a3cd49: signal\n", "new-service=alert 905d389b-b853-46d0-9d3d-dea0d3a3cd49=signal", 0},
		{"# nothing\n", "", 0},
		{"- new-service\n", "", -1},
		{"a: alert\nb: [signal]\n", "", 2},
	} {
		vals, line, err := parseTierFile([]byte(tc.in))
		if err != nil || line != tc.line || strings.Join(vals, " ") != tc.want {
			t.Errorf("%q: %v line %d %v; want %q line %d", tc.in, vals, line, err, tc.want, tc.line)
		}
	}
	if _, _, err := parseTierFile([]byte("a: [")); err == nil {
		t.Error("broken YAML accepted")
	}
}

func FuzzParseTierFile(f *testing.F) {
	for _, s := range []string{"new-service: alert\n", "- x\n", "a: {b: c}\n", "a: [", "", "? [a]\n: b\n", "a: &x alert\nb: *x\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vals, line, err := parseTierFile([]byte(s))
		if err == nil && line == 0 {
			for _, v := range vals {
				if !strings.Contains(v, "=") {
					t.Errorf("value %q without =", v)
				}
			}
		}
	})
}
