package mamori

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// CPE is the part of a CPE name mamori compares: part (a application, o
// operating system, h hardware), vendor, product and version, lower case
// and unescaped ("cpe:/a:apache:http_server:2.4.57" or
// "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*").
type CPE struct {
	Part, Vendor, Product, Version string
}

// ParseCPE reads a CPE 2.2 URI ("cpe:/a:vendor:product[:version...]") or a
// CPE 2.3 formatted string ("cpe:2.3:a:vendor:product:version:..."). "*",
// "-" and an empty field are "any" (empty).
func ParseCPE(s string) (CPE, error) {
	s = strings.TrimSpace(s)
	var fields []string
	switch {
	case strings.HasPrefix(strings.ToLower(s), "cpe:2.3:"):
		fields = splitCPE23(s[len("cpe:2.3:"):])
	case strings.HasPrefix(strings.ToLower(s), "cpe:/"):
		fields = strings.Split(s[len("cpe:/"):], ":")
		for i, f := range fields {
			if u, err := url.PathUnescape(f); err == nil {
				fields[i] = u
			}
		}
	default:
		return CPE{}, fmt.Errorf("%q is not a CPE name (cpe:/... or cpe:2.3:...)", s)
	}
	get := func(i int) string {
		if i >= len(fields) {
			return ""
		}
		f := strings.ToLower(strings.TrimSpace(fields[i]))
		if f == "*" || f == "-" {
			return ""
		}
		return f
	}
	c := CPE{Part: get(0), Vendor: get(1), Product: get(2), Version: get(3)}
	if c.Product == "" && c.Vendor == "" {
		return c, errors.New("CPE names no vendor or product")
	}
	switch c.Part {
	case "a", "o", "h", "":
	default:
		return c, fmt.Errorf("CPE part %q is not a, o or h", c.Part)
	}
	return c, nil
}

// splitCPE23 splits at the colons that are not escaped, and unescapes.
func splitCPE23(s string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case s[i] == ':':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(out, b.String())
}

// String writes the CPE as a 2.3 formatted string.
func (c CPE) String() string {
	f := func(s string) string {
		if s == "" {
			return "*"
		}
		return strings.NewReplacer(":", `\:`).Replace(s)
	}
	return "cpe:2.3:" + f(c.Part) + ":" + f(c.Vendor) + ":" + f(c.Product) + ":" + f(c.Version) + ":*:*:*:*:*:*:*"
}

// CPEKey is the key advisories and components are looked up by CPE:
// "part:vendor:product" ("a:postgresql:postgresql"); "" when the CPE cannot
// be read or lacks the vendor or product (such a CPE matches nothing: a
// product alone, without its vendor, is the usual CPE false positive).
func CPEKey(cpe string) string {
	c, err := ParseCPE(cpe)
	if err != nil || c.Vendor == "" || c.Product == "" {
		return ""
	}
	return c.Part + ":" + c.Vendor + ":" + c.Product
}

// CPEEcosystem is the ecosystem under which VulnStore.AdvisoriesAffecting
// finds advisories by CPEKey.
const CPEEcosystem = "cpe"
