package scan

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/mamori-sec/mamori"
)

// This file packs the attribute trees of the resources a scan keeps for its
// analyzers into bytes while collection runs, and unpacks them when the
// analyzers start.
//
// Why: the garbage collector's work in a cycle grows with the pointers it
// must trace, and a resource's attributes are nested maps of interfaces,
// pointers all the way down. At 100 000 resources the kept trees were most
// of a ~200 MB live heap, so under the scan's memory limit the collector ran
// every few tens of MB allocated and traced all of it each time: over 40 % of
// the scan's CPU. Packed, the same trees are ~40 MB of byte slices, which the
// collector marks without reading.
//
// The format keeps each value's Go type exactly (an int stays an int, a
// []string a []string), because analyzers type-assert what collectors put
// there; JSON, and the store's encoding, would turn both into other types. A
// value of a type the format does not know makes packing fail, and the scan
// keeps that resource as it is.

const (
	tagNil byte = iota
	tagFalse
	tagTrue
	tagString
	tagInt
	tagInt64
	tagFloat64
	tagSlice       // []any
	tagStrings     // []string
	tagMap         // map[string]any
	tagStringMap   // map[string]string
	tagMaps        // []map[string]any
	tagNilSlice    // []any(nil)
	tagNilStrings  // []string(nil)
	tagNilMap      // map[string]any(nil)
	tagNilStrMap   // map[string]string(nil)
	tagNilMapSlice // []map[string]any(nil)
)

var errUnpackable = errors.New("value of a type pack does not know")

func packValue(b []byte, v any) ([]byte, error) {
	var err error
	switch x := v.(type) {
	case nil:
		return append(b, tagNil), nil
	case bool:
		if x {
			return append(b, tagTrue), nil
		}
		return append(b, tagFalse), nil
	case string:
		return packString(append(b, tagString), x), nil
	case int:
		return binary.AppendVarint(append(b, tagInt), int64(x)), nil
	case int64:
		return binary.AppendVarint(append(b, tagInt64), x), nil
	case float64:
		return binary.LittleEndian.AppendUint64(append(b, tagFloat64), math.Float64bits(x)), nil
	case []any:
		if x == nil {
			return append(b, tagNilSlice), nil
		}
		b = binary.AppendUvarint(append(b, tagSlice), uint64(len(x)))
		for _, e := range x {
			if b, err = packValue(b, e); err != nil {
				return nil, err
			}
		}
		return b, nil
	case []string:
		if x == nil {
			return append(b, tagNilStrings), nil
		}
		b = binary.AppendUvarint(append(b, tagStrings), uint64(len(x)))
		for _, s := range x {
			b = packString(b, s)
		}
		return b, nil
	case map[string]any:
		if x == nil {
			return append(b, tagNilMap), nil
		}
		b = binary.AppendUvarint(append(b, tagMap), uint64(len(x)))
		for k, e := range x {
			b = packString(b, k)
			if b, err = packValue(b, e); err != nil {
				return nil, err
			}
		}
		return b, nil
	case map[string]string:
		if x == nil {
			return append(b, tagNilStrMap), nil
		}
		b = binary.AppendUvarint(append(b, tagStringMap), uint64(len(x)))
		for k, s := range x {
			b = packString(packString(b, k), s)
		}
		return b, nil
	case []map[string]any:
		if x == nil {
			return append(b, tagNilMapSlice), nil
		}
		b = binary.AppendUvarint(append(b, tagMaps), uint64(len(x)))
		for _, m := range x {
			if b, err = packValue(b, m); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	return nil, fmt.Errorf("%w: %T", errUnpackable, v)
}

func packString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

type unpacker struct {
	b   []byte
	err error
	// names, when set, gives one copy of each map key and of each short
	// string value ("Allow", "tcp", "Enabled"), shared by every resource
	// unpacked with it: attribute trees repeat the same few thousand words
	// across tens of thousands of resources.
	names map[string]string
}

// internMax is the longest string value an unpacker shares; longer ones
// (ids, ARNs, documents) are mostly unique and would only grow the map.
const internMax = 16

// strShared reads a string, sharing it through names when it may repeat.
func (u *unpacker) strShared(key bool) string {
	if u.names == nil {
		return u.str()
	}
	n := u.uvarint()
	if n > len(u.b) {
		u.fail("string past the end")
		return ""
	}
	b := u.b[:n]
	u.b = u.b[n:]
	if !key && n > internMax {
		return string(b)
	}
	if s, ok := u.names[string(b)]; ok {
		return s
	}
	s := string(b)
	u.names[s] = s
	return s
}

func (u *unpacker) fail(what string) {
	if u.err == nil {
		u.err = errors.New(what)
	}
	u.b = nil
}

func (u *unpacker) uvarint() int {
	n, k := binary.Uvarint(u.b)
	// Each element takes at least one byte, so a count above what is left
	// is corrupt; checking here keeps a bad count from allocating.
	if k <= 0 || n > uint64(len(u.b)-k) {
		u.fail("bad length")
		return 0
	}
	u.b = u.b[k:]
	return int(n)
}

func (u *unpacker) str() string {
	n := u.uvarint()
	if n > len(u.b) {
		u.fail("string past the end")
		return ""
	}
	s := string(u.b[:n])
	u.b = u.b[n:]
	return s
}

func (u *unpacker) value() any {
	if u.err != nil {
		return nil
	}
	if len(u.b) == 0 {
		u.fail("value past the end")
		return nil
	}
	tag := u.b[0]
	u.b = u.b[1:]
	switch tag {
	case tagNil:
		return nil
	case tagFalse:
		return false
	case tagTrue:
		return true
	case tagString:
		return u.strShared(false)
	case tagInt, tagInt64:
		v, k := binary.Varint(u.b)
		if k <= 0 {
			u.fail("bad integer")
			return nil
		}
		u.b = u.b[k:]
		if tag == tagInt {
			return int(v)
		}
		return v
	case tagFloat64:
		if len(u.b) < 8 {
			u.fail("float past the end")
			return nil
		}
		f := math.Float64frombits(binary.LittleEndian.Uint64(u.b))
		u.b = u.b[8:]
		return f
	case tagSlice:
		n := u.uvarint()
		s := make([]any, n)
		for i := range s {
			s[i] = u.value()
		}
		return s
	case tagStrings:
		n := u.uvarint()
		s := make([]string, n)
		for i := range s {
			s[i] = u.str()
		}
		return s
	case tagMap:
		n := u.uvarint()
		m := make(map[string]any, n)
		for range n {
			k := u.strShared(true)
			m[k] = u.value()
		}
		return m
	case tagStringMap:
		n := u.uvarint()
		m := make(map[string]string, n)
		for range n {
			k := u.str()
			m[k] = u.str()
		}
		return m
	case tagMaps:
		n := u.uvarint()
		s := make([]map[string]any, n)
		for i := range s {
			m, ok := u.value().(map[string]any)
			if !ok {
				u.fail("not a map in a list of maps")
				return nil
			}
			s[i] = m
		}
		return s
	case tagNilSlice:
		return []any(nil)
	case tagNilStrings:
		return []string(nil)
	case tagNilMap:
		return map[string]any(nil)
	case tagNilStrMap:
		return map[string]string(nil)
	case tagNilMapSlice:
		return []map[string]any(nil)
	}
	u.fail(fmt.Sprintf("unknown tag %d", tag))
	return nil
}

// packResource appends the packed form of a whole resource to b: the strings
// that order resources first (type, id, account, region; see resourceKey),
// then the rest. A resource packed this way holds no pointer the garbage
// collector must follow.
func packResource(b []byte, r *mamori.Resource) ([]byte, error) {
	for _, s := range [...]string{r.Type, r.ID, r.Account, r.Region, r.Provider, r.Name} {
		b = packString(b, s)
	}
	var err error
	if b, err = packValue(b, r.Tags); err != nil {
		return nil, err
	}
	if r.Relations == nil {
		b = append(b, 0)
	} else {
		b = binary.AppendUvarint(b, uint64(len(r.Relations))+1)
		for _, rel := range r.Relations {
			b = packString(packString(packString(b, rel.Kind), rel.Type), rel.ID)
		}
	}
	if b, err = packValue(b, r.Facts); err != nil {
		return nil, err
	}
	return packValue(b, r.Attributes)
}

// unpackResourceOnly reads a resource written by packResource with only the
// top-level attributes keep names (all of them when keep is nil or names
// mamori.AllAttributes); the others are skipped without being built.
//
// names, when not nil, shares map keys and short strings between the
// resources unpacked with the same map (see unpacker.names).
func unpackResourceOnly(b []byte, keep map[string]bool, names map[string]string) (mamori.Resource, error) {
	if keep[mamori.AllAttributes] {
		keep = nil
	}
	u := unpacker{b: b, names: names}
	var r mamori.Resource
	for _, s := range [...]*string{&r.Type, &r.ID, &r.Account, &r.Region, &r.Provider, &r.Name} {
		*s = u.str()
	}
	tags, _ := u.value().(map[string]string)
	r.Tags = tags
	if n := u.uvarint(); n > 0 {
		r.Relations = make([]mamori.Relation, n-1)
		for i := range r.Relations {
			r.Relations[i] = mamori.Relation{Kind: u.str(), Type: u.str(), ID: u.str()}
		}
	}
	facts, _ := u.value().(map[string]any)
	r.Facts = facts
	if keep == nil {
		attrs, _ := u.value().(map[string]any)
		r.Attributes = attrs
	} else {
		r.Attributes = u.mapOnly(keep)
	}
	if u.err == nil && len(u.b) > 0 {
		u.err = errors.New("trailing bytes")
	}
	if u.err != nil {
		return mamori.Resource{}, fmt.Errorf("unpacking resource: %w", u.err)
	}
	return r, nil
}

// mapOnly reads a map[string]any value keeping only the keys in keep.
func (u *unpacker) mapOnly(keep map[string]bool) map[string]any {
	if u.err != nil || len(u.b) == 0 {
		u.fail("value past the end")
		return nil
	}
	tag := u.b[0]
	switch tag {
	case tagNilMap, tagNil:
		u.b = u.b[1:]
		return nil
	case tagMap:
	default:
		u.fail("attributes are not a map")
		return nil
	}
	u.b = u.b[1:]
	n := u.uvarint()
	m := make(map[string]any, min(n, len(keep)))
	for range n {
		k := u.strShared(true)
		if keep[k] {
			m[k] = u.value()
		} else {
			u.skip()
		}
	}
	return m
}

// skip moves past one value without building it.
func (u *unpacker) skip() {
	if u.err != nil {
		return
	}
	if len(u.b) == 0 {
		u.fail("value past the end")
		return
	}
	tag := u.b[0]
	u.b = u.b[1:]
	switch tag {
	case tagNil, tagFalse, tagTrue, tagNilSlice, tagNilStrings, tagNilMap, tagNilStrMap, tagNilMapSlice:
	case tagString:
		u.skipBytes(u.uvarint())
	case tagInt, tagInt64:
		if _, k := binary.Varint(u.b); k <= 0 {
			u.fail("bad integer")
		} else {
			u.b = u.b[k:]
		}
	case tagFloat64:
		u.skipBytes(8)
	case tagSlice, tagMaps:
		for range u.uvarint() {
			u.skip()
		}
	case tagStrings:
		for range u.uvarint() {
			u.skipBytes(u.uvarint())
		}
	case tagMap:
		for range u.uvarint() {
			u.skipBytes(u.uvarint())
			u.skip()
		}
	case tagStringMap:
		for range 2 * u.uvarint() {
			u.skipBytes(u.uvarint())
		}
	default:
		u.fail(fmt.Sprintf("unknown tag %d", tag))
	}
}

func (u *unpacker) skipBytes(n int) {
	if n > len(u.b) {
		u.fail("past the end")
		return
	}
	u.b = u.b[n:]
}

// resourceKey returns the type, id, account and region of a packed
// resource, as views of b (no copies): what sorting compares.
func resourceKey(b []byte) (key [4][]byte) {
	for i := range key {
		n, k := binary.Uvarint(b)
		key[i], b = b[k:k+int(n)], b[k+int(n):]
	}
	return key
}

// arena hands out byte slices carved from large chunks: the packed
// resources of a scan take their exact size, without the per-object
// rounding and the spare capacity of a slice grown by append.
type arena struct {
	chunk []byte
}

// arenaChunk is the size of an arena's chunks; a record larger than a
// quarter of it gets a slice of its own.
const arenaChunk = 1 << 20

// copy returns a copy of b in the arena.
func (a *arena) copy(b []byte) []byte {
	if len(b) > arenaChunk/4 {
		return append([]byte(nil), b...)
	}
	if len(b) > cap(a.chunk)-len(a.chunk) {
		a.chunk = make([]byte, 0, arenaChunk)
	}
	n := len(a.chunk)
	a.chunk = append(a.chunk, b...)
	return a.chunk[n:len(a.chunk):len(a.chunk)]
}
