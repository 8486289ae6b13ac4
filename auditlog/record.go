package auditlog

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/valyala/fastjson"

	"github.com/mamori-sec/mamori/internal/jsonstr"
)

// record is a mamori.Record over a CloudTrail record parsed with
// github.com/valyala/fastjson, which builds no maps. It is valid only
// during the callback: the parser and the record are reused.
type record struct {
	v *fastjson.Value
	// raw is the record's JSON text when it is the input's own; nil when
	// the record was unwrapped and JSON must re-encode it.
	raw []byte
	enc []byte // re-encoded text, reused
	num []byte // a number's text, reused
	// The fields the event lifted, and userIdentity.arn: rules read them
	// most, and their values are answered from here without walking the
	// record again.
	lifted [nAnswered]string
	state  [nAnswered]uint8
	// readOnly, which the new-service detector reads for every event:
	// liftUnknown (walk), liftMissing, or 1+ its boolean.
	readOnly uint8
}

// States of a lifted field.
const (
	liftUnknown = iota // not lifted: walk the record
	liftMissing
	liftNull
	liftString
)

// States of readOnly beside liftUnknown and liftMissing.
const (
	readOnlyFalse = liftMissing + 1 + iota
	readOnlyTrue
)

// liftedPath gives the lifted field a path names, or -1.
func liftedPath(path string) int {
	switch path {
	case "eventName":
		return fName
	case "eventSource":
		return fService
	case "eventID":
		return fID
	case "eventTime":
		return fTime
	case "awsRegion":
		return fRegion
	case "sourceIPAddress":
		return fIP
	case "userAgent":
		return fUA
	case "errorCode":
		return fErr
	case "userIdentity.type":
		return fPType
	case "userIdentity.arn":
		return fArn
	}
	return -1
}

// Values implements mamori.Record as mamori.MapRecord does over the same
// record decoded by encoding/json: strings are copies the caller may keep;
// numbers are float64; an object or array at the end of the path is its
// compact JSON text as encoding/json writes the decoded tree (keys sorted).
func (r *record) Values(path string, dst []any) ([]any, bool) {
	if path == "readOnly" && r.readOnly != liftUnknown {
		if r.readOnly == liftMissing {
			return dst, false
		}
		return append(dst, r.readOnly == readOnlyTrue), true
	}
	if i := liftedPath(path); i >= 0 {
		switch r.state[i] {
		case liftMissing:
			return dst, false
		case liftNull:
			return append(dst, nil), true
		case liftString:
			return append(dst, r.lifted[i]), true
		}
	}
	return r.values(r.v, path, dst)
}

// AnyKey reports whether fn is true for a key of an object anywhere in the
// record (object says whether the key's value is an object), walking the
// parsed record rather than parsing its text again.
func (r *record) AnyKey(fn func(key []byte, object bool) bool) bool {
	return anyKey(r.v, fn)
}

func anyKey(v *fastjson.Value, fn func([]byte, bool) bool) bool {
	switch v.Type() {
	case fastjson.TypeObject:
		o, _ := v.Object()
		found := false
		o.Visit(func(k []byte, e *fastjson.Value) {
			if !found {
				found = fn(k, e.Type() == fastjson.TypeObject) || anyKey(e, fn)
			}
		})
		return found
	case fastjson.TypeArray:
		arr, _ := v.Array()
		for _, e := range arr {
			if anyKey(e, fn) {
				return true
			}
		}
	}
	return false
}

// JSON returns the record's JSON text, valid only during the callback.
func (r *record) JSON() []byte {
	if r.raw == nil {
		r.enc = appendJSON(r.enc[:0], r.v, false)
		r.raw = r.enc
	}
	return r.raw
}

func (r *record) values(v *fastjson.Value, path string, dst []any) ([]any, bool) {
	for path != "" {
		key, rest, _ := strings.Cut(path, ".")
		switch v.Type() {
		case fastjson.TypeObject:
			o, _ := v.Object()
			next := lastKey(o, key)
			if next == nil {
				return dst, false
			}
			v, path = next, rest
		case fastjson.TypeArray:
			found := false
			arr, _ := v.Array()
			for _, e := range arr {
				var ok bool
				if dst, ok = r.values(e, path, dst); ok {
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
			dst = append(dst, r.scalar(e))
		}
		return dst, true
	}
	return append(dst, r.scalar(v)), true
}

// lastKey returns the value of key in o; when a key repeats, the last one
// wins, as with encoding/json.
func lastKey(o *fastjson.Object, key string) *fastjson.Value {
	var found *fastjson.Value
	n := 0
	o.Visit(func(k []byte, v *fastjson.Value) {
		if string(k) == key {
			found = v
			n++
		}
	})
	if n == 0 {
		return nil
	}
	return found
}

// scalar gives v as mamori.Record values are given.
func (r *record) scalar(v *fastjson.Value) any {
	switch v.Type() {
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return string(validUTF8(b))
	case fastjson.TypeNumber:
		r.num = v.MarshalTo(r.num[:0])
		return number(r.num)
	case fastjson.TypeTrue:
		return true
	case fastjson.TypeFalse:
		return false
	case fastjson.TypeNull:
		return nil
	}
	return string(appendJSON(nil, v, true))
}

// number parses a number's text as encoding/json does (strconv, correctly
// rounded); a number out of range gives ±Inf.
func number(b []byte) float64 {
	if f, ok := smallInt(b); ok {
		return f
	}
	f, _ := strconv.ParseFloat(string(b), 64)
	return f
}

// smallInt reads an integer of up to 15 digits, which float64 holds
// exactly, without allocating.
func smallInt(b []byte) (float64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 15 {
		return 0, false
	}
	n := int64(0)
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	f := float64(n)
	if neg {
		f = -f
	}
	return f, true
}

// validUTF8 replaces each byte that is not UTF-8 with U+FFFD, as
// encoding/json does when it decodes.
func validUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		out = utf8.AppendRune(out, r)
		b = b[n:]
	}
	return out
}

// appendJSON appends v as compact JSON escaped as encoding/json escapes.
// With canonical set it writes what encoding/json's Marshal writes for the
// tree its Unmarshal decodes from v: keys sorted and unique (the last
// wins), numbers re-formatted from float64.
func appendJSON(dst []byte, v *fastjson.Value, canonical bool) []byte {
	switch v.Type() {
	case fastjson.TypeObject:
		o, _ := v.Object()
		type kv struct {
			k string
			v *fastjson.Value
		}
		var kvs []kv
		o.Visit(func(k []byte, v *fastjson.Value) { kvs = append(kvs, kv{string(validUTF8(k)), v}) })
		if canonical {
			slices.SortStableFunc(kvs, func(a, b kv) int { return strings.Compare(a.k, b.k) })
			// Keep the last of equal keys.
			out := kvs[:0]
			for i, e := range kvs {
				if i+1 < len(kvs) && kvs[i+1].k == e.k {
					continue
				}
				out = append(out, e)
			}
			kvs = out
		}
		dst = append(dst, '{')
		for i, e := range kvs {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, e.k)
			dst = append(dst, ':')
			dst = appendJSON(dst, e.v, canonical)
		}
		return append(dst, '}')
	case fastjson.TypeArray:
		arr, _ := v.Array()
		dst = append(dst, '[')
		for i, e := range arr {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSON(dst, e, canonical)
		}
		return append(dst, ']')
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return appendString(dst, string(b))
	case fastjson.TypeNumber:
		if !canonical {
			return v.MarshalTo(dst)
		}
		return appendFloat(dst, number(v.MarshalTo(nil)))
	}
	return v.MarshalTo(dst) // true, false, null
}

// appendFloat formats f as encoding/json does.
func appendFloat(dst []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(dst, "null"...)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9, as encoding/json writes it.
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// appendString appends s quoted and escaped as encoding/json escapes it:
// HTML characters and U+2028/U+2029 too; bytes that are not UTF-8 become
// U+FFFD.
func appendString(dst []byte, s string) []byte { return jsonstr.Append(dst, s, true) }
