package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzIndent holds appendIndent to json.Indent on whatever encoding/json
// writes for a decoded value: same bytes, any nesting, any string.
func FuzzIndent(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `{"a":[],"b":{}}`, `[1,"x",null,true,{"k":"v"}]`,
		`{"s":"quote \" backslash \\ brace { bracket [ comma , colon :"}`,
		`{"ja":"日本語\u2028","ctl":"\u0001\n\t","nested":[[[{"a":[{}]}]]]}`,
		`"just a string"`, `12.5e3`,
	} {
		f.Add([]byte(s), "    ")
	}
	f.Fuzz(func(t *testing.T, in []byte, prefix string) {
		var v any
		if json.Unmarshal(in, &v) != nil {
			return
		}
		var compact bytes.Buffer
		enc := json.NewEncoder(&compact)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Skip()
		}
		src := bytes.TrimSuffix(compact.Bytes(), []byte("\n"))
		var want bytes.Buffer
		if err := json.Indent(&want, src, prefix, "  "); err != nil {
			t.Fatalf("json.Indent(%q): %v", src, err)
		}
		if got := appendIndent(nil, src, prefix, "  "); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("appendIndent(%q, %q)\n got %q\nwant %q", src, prefix, got, want.Bytes())
		}
	})
}
