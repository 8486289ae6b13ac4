package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// The HTML pages are written by Go code, not by html/template. Executing any
// text/template or html/template makes the linker keep every exported method
// of every type stored in an interface (the template engine looks methods up
// by a name it learns at run time), and for mamori that is every operation of
// every AWS SDK client: a binary 2.7 times the size and some 85 MiB more
// resident memory in a large scan.
//
// htmlWriter escapes each value exactly as html/template escapes it in the
// place it is written (the golden files under testdata/golden were made by
// the templates and still pass byte for byte):
//
//   - text, <title> and quoted attribute values: escapeHTML, html/template's
//     one table for all three (& < > " ' + and NUL);
//   - an href: hrefURL, which drops a scheme other than http, https and
//     mailto (as "#ZgotmplZ"), percent-encodes what a URL may not hold, then
//     escapes the result for the attribute;
//   - a URL fragment after a literal "#": fragmentURL, which percent-encodes
//     everything but letters, digits and - . _ ~;
//   - numbers in a style attribute (width: N%) are ints, written as digits.
//
// Nothing is written inside <script> or <style>: those are constants.

// safeHTML is a string already escaped for the place it is written.
type safeHTML string

// htmlWriter writes a page to a buffered writer; the first write error is
// kept and returned by flush.
type htmlWriter struct{ w *bufio.Writer }

func newHTMLWriter(w io.Writer) *htmlWriter { return &htmlWriter{bufio.NewWriter(w)} }

// raw writes markup as it is.
func (h *htmlWriter) raw(s string) { h.w.WriteString(s) }

// f writes format with its verbs filled in: a string argument is escaped
// with escapeHTML, a safeHTML one written as it is, an int in decimal.
func (h *htmlWriter) f(format string, args ...any) {
	for i, a := range args {
		switch a := a.(type) {
		case string:
			args[i] = escapeHTML(a)
		case safeHTML:
			args[i] = string(a)
		case int:
		default:
			panic(fmt.Sprintf("htmlWriter.f: %T argument", a))
		}
	}
	fmt.Fprintf(h.w, format, args...)
}

func (h *htmlWriter) flush() error { return h.w.Flush() }

// escapeHTML escapes s for HTML text, RCDATA (<title>, <textarea>) and a
// quoted attribute value, as html/template does: the five HTML specials as
// &amp; &lt; &gt; &#34; &#39;, '+' as &#43; (it starts UTF-7 in old
// browsers), NUL as U+FFFD. Other bytes, invalid UTF-8 included, pass.
func escapeHTML(s string) string {
	i := strings.IndexAny(s, "&<>\"'+\x00")
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		case '+':
			b.WriteString("&#43;")
		case 0:
			b.WriteString("\uFFFD")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// hrefURL is s as the value of an href attribute: html/template's
// urlFilter, urlNormalizer and attribute escaping in turn.
func hrefURL(s string) safeHTML {
	if !safeURL(s) {
		return "#ZgotmplZ"
	}
	return safeHTML(escapeHTML(percentEncode(s, true)))
}

// fragmentURL is s written after a literal '#' in a URL attribute:
// html/template's urlEscaper (its output needs no HTML escaping).
func fragmentURL(s string) safeHTML { return safeHTML(percentEncode(s, false)) }

// safeURL reports whether s has no scheme, or http, https or mailto.
func safeURL(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// percentEncode percent-encodes (in lower-case hex) every byte of s but the
// unreserved ones (RFC 3986: letters, digits, - . _ ~). With norm, it
// also leaves the reserved characters that delimit a URL's parts and valid
// %XX escapes, as html/template's urlNormalizer does; without, it escapes
// them too, as its urlEscaper does.
func percentEncode(s string, norm bool) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~", c) >= 0:
			continue
		case norm && strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case norm && c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
