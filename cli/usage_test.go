package cli

import (
	"strings"
	"testing"
)

// Usage is written by usageFunc, not cobra's template: every heading in
// both languages, and the same shape as cobra's default.
func TestUsageHeadings(t *testing.T) {
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"Usage:\n  mamori vuln [command]", "Available Commands:\n  ", "Flags:\n  -h, --help", "Global Flags:\n", `Use "mamori vuln [command] --help" for more information about a command.`}},
		{"ja", []string{"使い方:\n  mamori vuln [command]", "コマンド:\n  ", "フラグ:\n  -h, --help", "共通フラグ:\n", `各コマンドの詳細は "mamori vuln [command] --help" で表示します。`}},
	} {
		out, _, code := run(t, "--lang", tc.lang, "vuln", "--help")
		if code != 0 {
			t.Fatalf("%s: exit %d", tc.lang, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: help lacks %q:\n%s", tc.lang, w, out)
			}
		}
	}
	// A command with examples and no subcommands: runnable use line, examples, no "[command]".
	out, _, _ := run(t, "--lang", "ja", "scan", "--help")
	if !strings.Contains(out, "使い方:\n  mamori scan [flags]") || strings.Contains(out, "mamori scan [command]") {
		t.Errorf("scan help:\n%s", out)
	}
}
