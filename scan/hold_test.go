package scan

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"github.com/mamori-sec/mamori"
)

func TestHolding(t *testing.T) {
	for _, mode := range []string{"file", "memory"} {
		t.Run(mode, func(t *testing.T) {
			h := newHolding()
			defer h.close()
			if mode == "memory" {
				h.close() // no file: records stay in memory
			} else if h.f == nil {
				t.Skip("no temporary file here")
			}
			var recs [][]byte
			var refs []holdRef
			// Enough records of growing size to cross the write buffer
			// several times, one larger than the buffer.
			for i := range 3000 {
				r := mamori.Resource{Type: "aws_thing", ID: fmt.Sprintf("thing-%05d", i), Account: "1", Region: "r",
					Attributes: map[string]any{"pad": string(bytes.Repeat([]byte{'x'}, i%900))}}
				if i == 1500 {
					r.Attributes["pad"] = string(bytes.Repeat([]byte{'y'}, 2*holdBuffer))
				}
				b, err := packResource(nil, &r)
				if err != nil {
					t.Fatal(err)
				}
				ref, key, err := h.put(b)
				if err != nil {
					t.Fatal(err)
				}
				if k := resourceKey(key); string(k[1]) != r.ID {
					t.Fatalf("key of %s = %q", r.ID, k)
				}
				recs, refs = append(recs, b), append(refs, ref)
			}
			// Read back out of order, the last ones while still buffered.
			for _, i := range []int{2999, 0, 1500, 1499, 2998, 1} {
				got, err := h.get(refs[i])
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, recs[i]) {
					t.Fatalf("record %d changed", i)
				}
			}
		})
	}
}

func TestHoldingLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	h := newHolding()
	if _, _, err := h.put(mustPack(t, map[string]any{"a": 1})); err != nil {
		t.Fatal(err)
	}
	h.close()
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
