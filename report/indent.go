package report

import (
	"bytes"
	"encoding/json"
)

// Reports of hundreds of thousands of findings spend most of their time
// indenting: encoding/json's Indent walks its scanner's state machine byte by
// byte. The JSON indented here is always what encoding/json itself just
// wrote, compact and valid, so a loop that only tracks strings gives the
// same bytes several times faster (FuzzIndent holds it to json.Indent).

// encoder marshals values compactly, as writeJSON would before indenting.
type encoder struct {
	buf bytes.Buffer
	enc *json.Encoder
	out []byte
}

func newEncoder() *encoder {
	e := &encoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}

// indent returns v encoded as writeJSON encodes it, each line after the first
// starting with prefix, without the final newline. The result is valid until
// the next call.
func (e *encoder) indent(v any, prefix string) ([]byte, error) {
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return nil, err
	}
	e.out = appendIndent(e.out[:0], bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")), prefix, "  ")
	return e.out, nil
}

// appendIndent appends src, compact JSON as encoding/json writes it, to dst
// indented as json.Indent(dst, src, prefix, indent) would.
func appendIndent(dst, src []byte, prefix, indent string) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, indent...)
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			// Copy the string through its closing quote: the first quote
			// not escaped by an odd run of backslashes before it.
			j := i + 1
			for {
				k := bytes.IndexByte(src[j:], '"')
				if k < 0 {
					j = len(src)
					break
				}
				j += k
				n := 0
				for b := j - 1; b > i && src[b] == '\\'; b-- {
					n++
				}
				if n%2 == 0 {
					break
				}
				j++
			}
			end := min(j+1, len(src))
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
