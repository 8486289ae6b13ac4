// Package i18n holds every user-facing message of the CLI and the reports in
// English and Japanese, and picks the language from --lang, MAMORI_LANG, LANG.
//
// The catalogue is a plain map of message keys to an English and a Japanese
// format string: two languages with fixed messages need no plural rules or
// message extraction, and a test proves every key has both.
package i18n

import (
	"fmt"
	"os"
	"strings"
)

// Languages the product speaks.
const (
	En = "en"
	Ja = "ja"
)

type entry struct{ en, ja string }

// catalog maps a message key to its texts. Files in this package add to it
// with register, grouped by the part of the product that uses them.
var catalog = map[string]entry{}

func register(m map[string][2]string) {
	for k, v := range m {
		if _, dup := catalog[k]; dup {
			panic("i18n: duplicate key " + k)
		}
		catalog[k] = entry{en: v[0], ja: v[1]}
	}
}

// Resolve picks the language: the flag value if set, then MAMORI_LANG, then
// LANG / LC_ALL ("ja_JP.UTF-8" means Japanese), else English. It returns an
// error for a flag or MAMORI_LANG value that is neither ja nor en.
func Resolve(flag string) (string, error) {
	for _, v := range []struct{ name, val string }{{"--lang", flag}, {"MAMORI_LANG", os.Getenv("MAMORI_LANG")}} {
		if v.val == "" {
			continue
		}
		switch l := strings.ToLower(v.val); {
		case l == "ja" || strings.HasPrefix(l, "ja_") || strings.HasPrefix(l, "ja-"):
			return Ja, nil
		case l == "en" || strings.HasPrefix(l, "en_") || strings.HasPrefix(l, "en-"):
			return En, nil
		default:
			return En, fmt.Errorf("%s=%q: unsupported language (use ja or en)", v.name, v.val)
		}
	}
	for _, name := range []string{"LC_ALL", "LANG"} {
		if v := strings.ToLower(os.Getenv(name)); v != "" {
			if strings.HasPrefix(v, "ja") {
				return Ja, nil
			}
			return En, nil
		}
	}
	return En, nil
}

// T returns the message for key in lang, formatted with args. An unknown key is
// returned as is, so a missing message is visible rather than blank.
func T(lang, key string, args ...any) string {
	e, ok := catalog[key]
	if !ok {
		if len(args) > 0 {
			return key + fmt.Sprint(args...)
		}
		return key
	}
	f := e.en
	if lang == Ja && e.ja != "" {
		f = e.ja
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// Keys returns every key in the catalogue (for tests).
func Keys() []string {
	ks := make([]string, 0, len(catalog))
	for k := range catalog {
		ks = append(ks, k)
	}
	return ks
}

// Has reports whether key exists.
func Has(key string) bool { _, ok := catalog[key]; return ok }

// Texts returns the English and Japanese format strings for key.
func Texts(key string) (en, ja string) {
	e := catalog[key]
	return e.en, e.ja
}
