package cli

import "testing"

var held []byte

// heapGrowth counts what its function made and still holds, not what it
// made and dropped: the demo's world is added to the scan's memory target
// by it.
func TestHeapGrowth(t *testing.T) {
	const mb = 1 << 20
	got := heapGrowth(func() {
		for i := 0; i < 16; i++ {
			_ = make([]byte, 4*mb) // garbage
		}
		held = make([]byte, 8*mb)
	})
	if got < 7*mb || got > 10*mb {
		t.Errorf("heapGrowth = %.1f MiB, want about the 8 MiB still held", float64(got)/mb)
	}
	held = nil
}
