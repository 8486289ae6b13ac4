package auditlog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// maxRecord bounds the text of one record (CloudTrail's largest records are
// well under 1 MB).
const maxRecord = 64 << 20

// errCut is met when the input ends inside a JSON value.
var errCut = errors.New("the input ends in the middle of a JSON value (the file is cut off)")

// syntaxError is JSON the scanner cannot cut into values.
type syntaxError struct{ msg string }

func (e *syntaxError) Error() string { return e.msg }

func syntaxErr(format string, args ...any) error { return &syntaxError{fmt.Sprintf(format, args...)} }

// scanner cuts JSON values out of a stream without parsing them: it follows
// strings, escapes and nesting only. A value's text goes to buf when kept;
// values that are not kept are skipped without being held.
type scanner struct {
	in  *input
	buf []byte
	off int64 // bytes consumed
}

// isSpace tells the bytes between values: JSON white space and the record
// separator of JSON text sequences (RFC 7464).
func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0x1e
}

// peek returns the next byte that is not white space, without consuming it.
func (s *scanner) peek() (byte, error) {
	for {
		chunk, err := s.chunk()
		if err != nil {
			return 0, err
		}
		for i, c := range chunk {
			if !isSpace(c) {
				s.consume(chunk[:i], false)
				return c, nil
			}
		}
		s.consume(chunk, false)
	}
}

// chunk returns the buffered bytes, reading more when there are none.
func (s *scanner) chunk() ([]byte, error) {
	if s.in.Buffered() == 0 {
		if _, err := s.in.Peek(1); err != nil {
			return nil, err
		}
	}
	b, _ := s.in.Peek(s.in.Buffered())
	return b, nil
}

// consume drops b, the start of the buffered bytes, after appending it to
// buf when keep is set.
func (s *scanner) consume(b []byte, keep bool) {
	if keep {
		s.buf = append(s.buf, b...)
	}
	_, _ = s.in.Discard(len(b))
	s.off += int64(len(b))
}

// skip1 consumes the next byte, which peek returned.
func (s *scanner) skip1(keep bool) {
	b, _ := s.in.Peek(1)
	s.consume(b, keep)
}

// value reads the next value (after any white space): an object, an array,
// a string or a scalar. At the end of the input it returns io.EOF; inside a
// value, errCut.
func (s *scanner) value(keep bool) error {
	c, err := s.peek()
	if err != nil {
		return err
	}
	switch c {
	case '{', '[':
		return s.nested(keep)
	case '"':
		s.skip1(keep)
		return s.str(keep)
	}
	return s.scalar(keep)
}

// nested reads an object or an array.
func (s *scanner) nested(keep bool) error {
	depth, inStr, esc := 0, false, false
	start := len(s.buf)
	for {
		chunk, err := s.chunk()
		if err != nil {
			return s.cut(err)
		}
		i := 0
		for i < len(chunk) {
			if inStr {
				j, closed, e := strEnd(chunk[i:], esc)
				i, esc = i+j, e
				if closed {
					inStr = false
				}
				continue
			}
			switch chunk[i] {
			case '"':
				inStr = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					s.consume(chunk[:i+1], keep)
					return nil
				}
			}
			i++
		}
		s.consume(chunk, keep)
		if keep && len(s.buf)-start > maxRecord {
			return fmt.Errorf("a JSON value at byte %d is larger than %d MB", s.off, maxRecord>>20)
		}
	}
}

// str reads the rest of a string whose opening quote is consumed.
func (s *scanner) str(keep bool) error {
	esc := false
	start := len(s.buf)
	for {
		chunk, err := s.chunk()
		if err != nil {
			return s.cut(err)
		}
		j, closed, e := strEnd(chunk, esc)
		s.consume(chunk[:j], keep)
		if closed {
			return nil
		}
		esc = e
		if keep && len(s.buf)-start > maxRecord {
			return fmt.Errorf("a JSON string at byte %d is larger than %d MB", s.off, maxRecord>>20)
		}
	}
}

// strEnd scans b, inside a string, for the closing quote; esc says that the
// byte before b was an unfinished backslash. It returns how many bytes
// belong to the string (the quote included when closed) and whether b ends
// on an unfinished backslash.
func strEnd(b []byte, esc bool) (n int, closed, escOut bool) {
	i := 0
	if esc {
		if len(b) == 0 {
			return 0, false, true
		}
		i = 1
	}
	for {
		q := bytes.IndexByte(b[i:], '"')
		seg := b[i:]
		if q >= 0 {
			seg = seg[:q]
		}
		if bs := bytes.IndexByte(seg, '\\'); bs >= 0 {
			i += bs + 2
			if i > len(b) {
				return len(b), false, true
			}
			continue
		}
		if q < 0 {
			return len(b), false, false
		}
		return i + q + 1, true, false
	}
}

// scalar reads a number or a literal: up to the next delimiter.
func (s *scanner) scalar(keep bool) error {
	n := 0
	for {
		chunk, err := s.chunk()
		if err == io.EOF && n > 0 {
			return nil
		}
		if err != nil {
			return s.cut(err)
		}
		for i, c := range chunk {
			if c == ',' || c == ']' || c == '}' || c == '{' || c == '[' || c == '"' || c == ':' || isSpace(c) {
				if i == 0 && n == 0 {
					return syntaxErr("unexpected %q at byte %d", c, s.off)
				}
				s.consume(chunk[:i], keep)
				return nil
			}
		}
		n += len(chunk)
		s.consume(chunk, keep)
		if n > 1<<20 {
			return fmt.Errorf("a JSON scalar at byte %d is longer than 1 MB", s.off)
		}
	}
}

// cut names the end of the input inside a value as such.
func (s *scanner) cut(err error) error {
	if err == io.EOF {
		return errCut
	}
	return err
}
