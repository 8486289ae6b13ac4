package report

import (
	"strconv"

	"github.com/mamori-sec/mamori/internal/jsonstr"
)

// jw appends indented JSON by hand, byte for byte as writeJSON (encoding/json,
// HTML escaping off, then indented by two spaces) would write the same value.
// The reports whose every element repeats its check's text (OCSF) use it so
// that text is escaped once per check and copied per finding, instead of
// going through reflection and the indenter for each of hundreds of
// thousands of findings. Tests hold each user of jw to encoding/json's output.
type jw struct {
	b      []byte
	prefix string // what every line after the first starts with
	depth  int
	first  bool // nothing written yet in the innermost object or array
}

func (w *jw) newline() {
	w.b = append(w.b, '\n')
	w.b = append(w.b, w.prefix...)
	for range w.depth {
		w.b = append(w.b, ' ', ' ')
	}
}

// next starts the next member or element.
func (w *jw) next() {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.newline()
}

// key starts the member k (k needs no escaping).
func (w *jw) key(k string) {
	w.next()
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':', ' ')
}

func (w *jw) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.first = true
}

func (w *jw) close(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.b = append(w.b, c)
	w.first = false
}

func (w *jw) str(k, v string) {
	w.key(k)
	w.b = appendJSONString(w.b, v)
}

// strOmit writes k only when v is not empty (`json:",omitempty"`).
func (w *jw) strOmit(k, v string) {
	if v != "" {
		w.str(k, v)
	}
}

func (w *jw) int(k string, v int64) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, v, 10)
}

func (w *jw) intOmit(k string, v int64) {
	if v != 0 {
		w.int(k, v)
	}
}

// raw writes k with v, a value already encoded (a quoted string, say).
func (w *jw) raw(k string, v []byte) {
	w.key(k)
	w.b = append(w.b, v...)
}

// strs writes k with the array of strings vs ("[]" when empty).
func (w *jw) strs(k string, vs []string) {
	w.key(k)
	w.open('[')
	for _, v := range vs {
		w.next()
		w.b = appendJSONString(w.b, v)
	}
	w.close(']')
}

// appendJSONString appends s quoted as encoding/json quotes a string with
// HTML escaping off, as writeJSON writes.
func appendJSONString(dst []byte, s string) []byte { return jsonstr.Append(dst, s, false) }
