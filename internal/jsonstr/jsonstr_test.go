package jsonstr

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// Append quotes as encoding/json does, with HTML escaping on and off.
func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "plain", "quote \" back \\ slash", "\x00\x01\b\f\n\r\t\x1f\x7f", "日本語", "\u2028\u2029", "\xff\xfe bad", "a\xe3\x81", "<a href='x'>&amp;</a>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, html := range []bool{false, true} {
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(html)
			if err := enc.Encode(s); err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSuffix(b.String(), "\n")
			if got := string(Append(nil, s, html)); got != want {
				t.Fatalf("Append(%q, html %v) = %s, encoding/json: %s", s, html, got, want)
			}
		}
	})
}
