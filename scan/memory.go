package scan

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// DefaultMemoryTarget is the soft memory limit a scan keeps to unless the
// process already has one (GOMEMLIMIT): with it, a 100k-resource scan with
// its report peaks about 340 MiB of RSS (356 MB), emulator included, instead
// of the ~750 MB the GC's default pacing lets the heap grow to. It was 256
// MiB while the binary itself took ~140 MiB of the peak; with the binary
// down to ~55 MiB (cmd/mamori's deadcode test), 280 MiB costs 14 % less CPU
// at 100k for 25 MiB more (BENCHMARKS.md, "Third pass").
const DefaultMemoryTarget = 280 << 20

// governor holds the soft memory limit while scans run. Go's heap otherwise
// grows to twice the live data before collecting; a scan spends most of its
// time waiting on the network, so collecting more often costs little. The
// limit follows the live heap up (to a quarter as much again, on top of the
// memory that is not heap objects) so that a scan too large for the target
// makes the GC run at a steady pace rather than back to back.
var governor struct {
	sync.Mutex
	active int
	target int64
	prev   int64
	stop   chan struct{}
	done   chan struct{}
}

// limitFor returns the memory limit for a live heap of live bytes when the
// process holds other bytes besides heap objects (goroutine stacks, the
// runtime's metadata, the unused ends of heap spans): the limit counts them
// too, so the heap's quarter of headroom comes on top of them.
func limitFor(target, live, other int64) int64 {
	return max(target, other+live+live/4)
}

// governMemory applies target until the returned function is called. It does
// nothing when target is not positive or the process has a limit of its own.
// Concurrent scans share one governor; the first target wins.
func governMemory(target int64) (release func()) {
	if target <= 0 {
		return func() {}
	}
	g := &governor
	g.Lock()
	defer g.Unlock()
	if g.active == 0 {
		prev := debug.SetMemoryLimit(-1)
		if prev != math.MaxInt64 {
			return func() {} // GOMEMLIMIT or the embedding program decides
		}
		g.prev, g.target = prev, target
		g.stop, g.done = make(chan struct{}), make(chan struct{})
		debug.SetMemoryLimit(target)
		go follow(g.target, g.stop, g.done)
	}
	g.active++
	var once sync.Once
	return func() {
		once.Do(func() {
			g.Lock()
			defer g.Unlock()
			g.active--
			if g.active == 0 {
				close(g.stop)
				<-g.done
				debug.SetMemoryLimit(g.prev)
			}
		})
	}
}

// follow moves the limit with the live heap until stop is closed.
func follow(target int64, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	sample := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
	}
	limit := target
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		metrics.Read(sample)
		var v [5]int64
		for i, s := range sample {
			if s.Value.Kind() != metrics.KindUint64 {
				return
			}
			v[i] = int64(s.Value.Uint64())
		}
		// What the limit counts besides heap objects: all the runtime
		// holds but what it gave back, its objects and its free spans.
		other := max(0, v[1]-v[2]-v[3]-v[4])
		if l := limitFor(target, v[0], other); l != limit {
			limit = l
			debug.SetMemoryLimit(l)
		}
	}
}
