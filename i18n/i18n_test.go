package i18n

import (
	"fmt"
	"reflect"
	"regexp"
	"testing"
)

var verb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0-9.]*([a-zA-Z%])`)

// verbs maps each argument position to the verb that formats it; explicit
// indexes (%[2]s) let a translation reorder arguments.
func verbs(s string) map[int]string {
	out := map[int]string{}
	n := 0
	for _, m := range verb.FindAllStringSubmatch(s, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			fmt.Sscanf(m[1], "%d", &n)
		} else {
			n++
		}
		out[n] = m[2]
	}
	return out
}

// Every message exists in both languages with the same format verbs, so a
// translation can never drop or reorder an argument.
func TestCatalogComplete(t *testing.T) {
	if len(catalog) == 0 {
		t.Fatal("empty catalogue")
	}
	for k, e := range catalog {
		if e.en == "" || e.ja == "" {
			t.Errorf("%s: missing a language (en=%q ja=%q)", k, e.en, e.ja)
			continue
		}
		if a, b := verbs(e.en), verbs(e.ja); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: format verbs differ: en %v, ja %v", k, a, b)
		}
	}
}

func TestResolve(t *testing.T) {
	cases := []struct {
		flag, mamori, lang, lcall, want string
		err                             bool
	}{
		{want: "en"},
		{lang: "ja_JP.UTF-8", want: "ja"},
		{lang: "C.UTF-8", want: "en"},
		{mamori: "ja", lang: "en_US.UTF-8", want: "ja"},
		{flag: "en", mamori: "ja", want: "en"},
		{flag: "ja", want: "ja"},
		{lcall: "ja_JP.UTF-8", lang: "en_US", want: "ja"},
		{flag: "fr", err: true, want: "en"},
		{mamori: "de", err: true, want: "en"},
	}
	for _, c := range cases {
		t.Setenv("MAMORI_LANG", c.mamori)
		t.Setenv("LANG", c.lang)
		t.Setenv("LC_ALL", c.lcall)
		got, err := Resolve(c.flag)
		if got != c.want || (err != nil) != c.err {
			t.Errorf("Resolve(%q) MAMORI_LANG=%q LANG=%q LC_ALL=%q = %q, %v; want %q, err=%v", c.flag, c.mamori, c.lang, c.lcall, got, err, c.want, c.err)
		}
	}
}
