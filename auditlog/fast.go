package auditlog

import (
	"bufio"
	"errors"
	"io"
	"strings"

	"github.com/valyala/fastjson"
)

// fastRecord is a mamori.Record over a record parsed with
// github.com/valyala/fastjson, which builds no maps; it is valid only until
// the next record is parsed (the parser is reused).
type fastRecord struct {
	v   *fastjson.Value
	raw []byte
}

// Values implements mamori.Record.
func (r *fastRecord) Values(path string, dst []any) ([]any, bool) {
	return fastValues(r.v, path, dst)
}

// JSON returns the record's JSON text (valid only during the callback).
func (r *fastRecord) JSON() []byte { return r.raw }

func fastValues(v *fastjson.Value, path string, dst []any) ([]any, bool) {
	for path != "" {
		key, rest, _ := strings.Cut(path, ".")
		switch v.Type() {
		case fastjson.TypeObject:
			o, _ := v.Object()
			next := o.Get(key)
			if next == nil {
				return dst, false
			}
			v, path = next, rest
		case fastjson.TypeArray:
			found := false
			arr, _ := v.Array()
			for _, e := range arr {
				var ok bool
				if dst, ok = fastValues(e, path, dst); ok {
					found = true
				}
			}
			return dst, found
		default:
			return dst, false
		}
	}
	if v.Type() == fastjson.TypeArray {
		arr, _ := v.Array()
		for _, e := range arr {
			dst = appendFast(dst, e)
		}
		return dst, true
	}
	return appendFast(dst, v), true
}

func appendFast(dst []any, v *fastjson.Value) []any {
	switch v.Type() {
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return append(dst, string(b))
	case fastjson.TypeNumber:
		f, _ := v.Float64()
		return append(dst, f)
	case fastjson.TypeTrue:
		return append(dst, true)
	case fastjson.TypeFalse:
		return append(dst, false)
	case fastjson.TypeNull:
		return append(dst, nil)
	}
	return append(dst, string(v.MarshalTo(nil)))
}

func fastString(v *fastjson.Value, keys ...string) string {
	b := v.GetStringBytes(keys...)
	if b == nil {
		return ""
	}
	return string(b)
}

// splitter cuts a stream into top-level JSON values without parsing them:
// it tracks strings, escapes and nesting depth only.
type splitter struct {
	br  *bufio.Reader
	buf []byte
	n   int // values read
}

var errCut = errors.New("the JSON ends in the middle of a value")

// skip consumes white space and the given separators; it returns the next
// byte without consuming it.
func (s *splitter) skip(seps string) (byte, error) {
	for {
		b, err := s.br.ReadByte()
		if err != nil {
			return 0, err
		}
		if b == ' ' || b == '\n' || b == '\r' || b == '\t' || strings.IndexByte(seps, b) >= 0 {
			continue
		}
		return b, s.br.UnreadByte()
	}
}

// value reads one object or array into s.buf, scanning the reader's buffer
// in place.
func (s *splitter) value() ([]byte, error) {
	s.buf = s.buf[:0]
	depth := 0
	inStr, esc := false, false
	for {
		if s.br.Buffered() == 0 {
			if _, err := s.br.Peek(1); err != nil {
				if err == io.EOF {
					if len(s.buf) == 0 {
						return nil, io.EOF
					}
					return nil, errCut
				}
				return nil, err
			}
		}
		chunk, _ := s.br.Peek(s.br.Buffered())
		for i := 0; i < len(chunk); i++ {
			c := chunk[i]
			if inStr {
				switch {
				case esc:
					esc = false
				case c == '\\':
					esc = true
				case c == '"':
					inStr = false
				}
				continue
			}
			switch c {
			case '"':
				inStr = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth <= 0 {
					s.buf = append(s.buf, chunk[:i+1]...)
					_, _ = s.br.Discard(i + 1)
					if depth < 0 {
						return nil, errors.New("unbalanced brackets")
					}
					s.n++
					return s.buf, nil
				}
			}
		}
		s.buf = append(s.buf, chunk...)
		_, _ = s.br.Discard(len(chunk))
		if len(s.buf) > 64<<20 {
			return nil, errors.New("a record is larger than 64 MB")
		}
	}
}
