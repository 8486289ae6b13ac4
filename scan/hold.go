package scan

import (
	"encoding/binary"
	"fmt"
	"os"
)

// holding keeps the packed resources of a scan until they are judged: in
// a temporary file when one can be made (the process then holds only each
// resource's sort key, a few tens of bytes), else in memory. The file is
// created readable by its owner only and removed at once where the system
// allows it (elsewhere when the scan ends); it holds what the store holds,
// the attributes the collectors read, never a secret value.
type holding struct {
	f    *os.File
	name string // set while the file still has a name to remove
	off  int64  // where the next write goes
	buf  []byte // written, not yet in the file
	read []byte // the last record read from the file
	mem  arena  // the records, when there is no file
	keys arena  // every record's sort key
}

// holdRef is where one record went: a view of memory, or a place in the file.
type holdRef struct {
	mem []byte
	off int64
	n   int
}

const holdBuffer = 1 << 20

func newHolding() *holding {
	h := &holding{}
	f, err := os.CreateTemp("", "mamori-scan-*")
	if err != nil {
		return h // in memory, then
	}
	h.f, h.name = f, f.Name()
	if os.Remove(h.name) == nil {
		h.name = ""
	}
	return h
}

// put keeps the record b and returns where, with its sort key (a view into
// the holding's memory).
func (h *holding) put(b []byte) (holdRef, []byte, error) {
	key := h.keys.copy(b[:keyLen(b)])
	if h.f == nil {
		return holdRef{mem: h.mem.copy(b)}, key, nil
	}
	at := holdRef{off: h.off + int64(len(h.buf)), n: len(b)}
	h.buf = append(h.buf, b...)
	if len(h.buf) >= holdBuffer {
		if err := h.flush(); err != nil {
			return holdRef{}, nil, err
		}
	}
	return at, key, nil
}

// flush writes what is buffered; get calls it when it needs to.
func (h *holding) flush() error {
	if h.f == nil || len(h.buf) == 0 {
		return nil
	}
	if _, err := h.f.WriteAt(h.buf, h.off); err != nil {
		return fmt.Errorf("holding resources in a temporary file: %w", err)
	}
	h.off += int64(len(h.buf))
	h.buf = h.buf[:0]
	return nil
}

// get returns the record at r. A record read from the file is valid until
// the next get.
func (h *holding) get(r holdRef) ([]byte, error) {
	if r.mem != nil || h.f == nil {
		return r.mem, nil
	}
	if r.off >= h.off {
		if err := h.flush(); err != nil {
			return nil, err
		}
	}
	if cap(h.read) < r.n {
		h.read = make([]byte, r.n)
	}
	b := h.read[:r.n]
	if _, err := h.f.ReadAt(b, r.off); err != nil {
		return nil, fmt.Errorf("reading resources back from the temporary file: %w", err)
	}
	return b, nil
}

// close removes the file.
func (h *holding) close() {
	if h.f == nil {
		return
	}
	h.f.Close()
	if h.name != "" {
		os.Remove(h.name)
	}
	h.f = nil
}

// keyLen is the length of the sort key a packed resource starts with: its
// type, id, account and region (resourceKey).
func keyLen(b []byte) int {
	n := 0
	for range 4 {
		l, k := binary.Uvarint(b[n:])
		n += k + int(l)
	}
	return n
}
