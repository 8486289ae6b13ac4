package scan

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestLimitFor(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct{ live, other, want int64 }{
		{0, 0, 400 * mb},
		{100 * mb, 50 * mb, 400 * mb},
		{320 * mb, 0, 400 * mb},
		{400 * mb, 0, 500 * mb}, // past the target the limit follows the live heap
		{3000 * mb, 0, 3750 * mb},
		// Stacks and metadata count against the limit: the heap's headroom
		// comes on top of them, not out of them.
		{280 * mb, 60 * mb, 410 * mb},
		{3000 * mb, 200 * mb, 3950 * mb},
	} {
		if got := limitFor(400*mb, tc.live, tc.other); got != tc.want {
			t.Errorf("limitFor(400MB, %dMB live, %dMB other) = %dMB, want %dMB", tc.live/mb, tc.other/mb, got/mb, tc.want/mb)
		}
	}
}

// The governor sets the limit while scans run and restores the process's own
// afterwards; a limit the process already has (GOMEMLIMIT) is left alone.
func TestGovernMemory(t *testing.T) {
	orig := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(orig)

	r1 := governMemory(300 << 20)
	r2 := governMemory(500 << 20)
	if got := debug.SetMemoryLimit(-1); got < 300<<20 || got == math.MaxInt64 {
		t.Fatalf("limit while scanning = %d, want at least 300 MiB and not unlimited", got)
	}
	r1()
	r1() // a second call changes nothing
	if got := debug.SetMemoryLimit(-1); got == math.MaxInt64 {
		t.Fatal("limit lifted while another scan still runs")
	}
	r2()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("limit after the scans = %d, want the process's own (none)", got)
	}

	debug.SetMemoryLimit(1 << 30)
	r := governMemory(300 << 20)
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("limit with GOMEMLIMIT set = %d, want it left at 1 GiB", got)
	}
	r()
}
