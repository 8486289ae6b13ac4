// Package scan runs one scan end to end: collect resources, derive facts,
// evaluate checks, turn collection failures into ERROR findings, apply mutes,
// and store everything. It wires the other packages together and decides
// nothing of its own.
package scan

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/analyze"
	"github.com/mamori-sec/mamori/engine"
)

// Stage names reported to Options.Stage.
const (
	StageCollect  = "collect"
	StageEvaluate = "evaluate"
	StageStore    = "store"
)

// Options configure a scan.
type Options struct {
	// Source says what is scanned ("demo", "aws:profile=prod").
	Source string
	// Collector reads the resources.
	Collector mamori.Collector
	// Accounts and Regions, once known, are recorded on the scan; Describe is
	// called after collection to fill them.
	Describe func() (accounts, regions []string)
	// Collected reports whether a service was selected (nil: all were); a
	// service with collection errors counts as not read. Analyzers use it so
	// that "not read" never becomes "absent".
	Collected func(service string) bool
	// Engine holds the compiled checks.
	Engine *engine.Engine
	// Store keeps the results; nil keeps nothing.
	Store mamori.Store
	// Mutes are applied to FAIL findings.
	Mutes []mamori.MuteRule
	// Now is the clock (tests fix it); nil means time.Now.
	Now func() time.Time
	// Stage, if set, is told when each stage starts.
	Stage func(stage string)
	// KeepResources returns the resources in the Result; otherwise they are
	// let go once evaluated, before the findings are stored.
	KeepResources bool
	// KeepFindings returns the findings in the Result even with a Store
	// (tests); otherwise they are only stored.
	KeepFindings bool
	// MemoryTarget is the soft memory limit (bytes) kept while the scan runs,
	// unless the process has one of its own (GOMEMLIMIT); 0 keeps none. See
	// DefaultMemoryTarget.
	MemoryTarget int64
}

// Result is a finished scan.
type Result struct {
	Scan mamori.Scan
	// Failed counts the FAIL findings by severity (index: mamori.Severity).
	Failed [mamori.SeverityCritical + 1]int
	// Findings, sorted, are kept only when there is no Store or with
	// Options.KeepFindings: a scan with a store streams its findings there
	// and reports read them back (mamori.Store.WalkFindings).
	Findings []mamori.Finding
	// Resources, with Options.KeepResources, carry only the attributes some
	// check or analyzer reads (see mamori.Reads), and their facts; the store
	// holds them whole.
	Resources []mamori.Resource
}

// NewID returns a scan id that sorts by time: the UTC start time and a random suffix.
func NewID(t time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return t.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// Run performs the scan. A collector error that stops everything (no
// credentials) is returned as is; collection failures of single services or
// regions make the scan partial.
//
// Resources go to the store in batches as they are collected, whole, while
// the scan keeps in memory only the attributes its checks and analyzers read:
// that is what keeps a scan of 100k resources within a few hundred MB. A scan
// becomes visible in the store only when it finishes; one that fails half-way
// is deleted.
func Run(ctx context.Context, o Options) (*Result, error) {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	defer governMemory(o.MemoryTarget)()
	start := now().UTC()
	sc := mamori.Scan{ID: NewID(start), Source: o.Source, Provider: "aws", StartedAt: start}
	if o.Store == nil {
		return run(ctx, o, &sc, nil)
	}
	if err := o.Store.CreateScan(ctx, &sc); err != nil {
		return nil, fmt.Errorf("saving scan: %w", err)
	}
	res, err := run(ctx, o, &sc, newWriter(ctx, o.Store, sc.ID))
	if err != nil {
		// Best effort, and even when ctx is cancelled: an unfinished scan is
		// invisible anyway, this only frees the space.
		_ = o.Store.DeleteScan(context.WithoutCancel(ctx), sc.ID)
		return nil, err
	}
	return res, nil
}

func run(ctx context.Context, o Options, sc *mamori.Scan, w *writer) (*Result, error) {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	stage := o.Stage
	if stage == nil {
		stage = func(string) {}
	}
	start := sc.StartedAt
	reads := o.Engine.Reads()
	reads.Merge(analyze.Reads())

	sc.Counts = map[mamori.Status]int{}
	res := &Result{}
	var fw *findingWriter
	if o.Store != nil {
		fw = newFindingWriter(ctx, o.Store, sc.ID)
		defer fw.close()
	}
	// Findings go to the store a batch at a time as they are evaluated; the
	// scan keeps only their tallies (and the findings themselves without a
	// store, or when asked to). Reports read them back from the store.
	emit := func(fs []mamori.Finding) error {
		mamori.ApplyMutes(fs, o.Mutes, start)
		for i := range fs {
			f := &fs[i]
			f.ScanID, f.FirstSeen, f.LastSeen = sc.ID, start, start
			sc.Counts[f.Status]++
			if f.Status == mamori.StatusFail && f.Severity >= 0 && int(f.Severity) < len(res.Failed) {
				res.Failed[f.Severity]++
			}
		}
		if o.Store == nil || o.KeepFindings {
			res.Findings = append(res.Findings, fs...)
		}
		if fw != nil {
			return fw.add(fs)
		}
		return nil
	}

	stage(StageCollect)
	var (
		resources []mamori.Resource
		errs      []mamori.CollectError
		// A resource of a type no analyzer reads or sets facts on is judged
		// as it arrives and not kept: only what analyzers need waits for the
		// end of collection.
		touched  = analyze.Types()
		early    int
		earlyErr error
		buf      []mamori.Finding
	)
	err := o.Collector.Collect(ctx,
		func(r mamori.Resource) {
			if w != nil {
				w.add(r)
			}
			if !touched[r.Type] && !o.KeepResources {
				early++
				buf = o.Engine.Evaluate(buf[:0], &r, start)
				if err := emit(buf); err != nil && earlyErr == nil {
					earlyErr = err
				}
				clear(buf)
				return
			}
			reads.Prune(&r)
			resources = append(resources, r)
		},
		func(e mamori.CollectError) { errs = append(errs, e) })
	if w != nil {
		if werr := w.close(); err == nil && werr != nil {
			err = fmt.Errorf("saving resources: %w", werr)
		}
	}
	if err == nil {
		err = earlyErr
	}
	if err != nil {
		return nil, err
	}
	if o.Describe != nil {
		sc.Accounts, sc.Regions = o.Describe()
	}
	// Collectors work concurrently; the scan's record does not depend on
	// which call failed first.
	slices.SortStableFunc(errs, func(a, b mamori.CollectError) int {
		return cmp.Or(strings.Compare(a.Account, b.Account), strings.Compare(a.Region, b.Region),
			strings.Compare(a.Service, b.Service), strings.Compare(a.Action, b.Action), strings.Compare(a.Message, b.Message))
	})
	sort.Slice(resources, func(i, j int) bool {
		a, b := &resources[i], &resources[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.ID < b.ID
	})

	stage(StageEvaluate)
	// A service counts as read only if it was selected and nothing of it
	// failed: an analyzer concluding "no trail" from a service that was denied
	// would turn "unknown" into a FAIL or a PASS.
	failed := map[string]bool{}
	for _, e := range errs {
		failed[e.Service] = true
	}
	analyze.Run(resources, func(svc string) bool {
		return !failed[svc] && (o.Collected == nil || o.Collected(svc))
	})
	if o.Store != nil {
		if err := storeFacts(ctx, o.Store, sc.ID, resources); err != nil {
			return nil, err
		}
	}
	sc.Resources = early + len(resources)
	if o.KeepResources {
		fs, err := o.Engine.Run(ctx, resources, start)
		if err != nil {
			return nil, err
		}
		if err := emit(fs); err != nil {
			return nil, err
		}
	} else {
		if err := o.Engine.Stream(ctx, resources, start, emit); err != nil {
			return nil, err
		}
		resources = nil // their attributes are gone; the store holds them whole
	}
	if err := emit(o.Engine.ErrorFindings(errs)); err != nil {
		return nil, err
	}
	mamori.SortFindings(res.Findings)

	sc.Errors = errs
	sc.Partial = len(errs) > 0
	if o.Store != nil {
		stage(StageStore)
		if err := fw.close(); err != nil {
			return nil, err
		}
		sc.FinishedAt = now().UTC()
		if err := o.Store.FinishScan(ctx, sc); err != nil {
			return nil, fmt.Errorf("saving scan: %w", err)
		}
	} else {
		sc.FinishedAt = now().UTC()
	}
	res.Scan, res.Resources = *sc, resources
	return res, nil
}

// storeFacts saves the analyzers' facts on the resources already stored.
func storeFacts(ctx context.Context, st mamori.Store, scanID string, rs []mamori.Resource) error {
	var withFacts []mamori.Resource
	for i := range rs {
		if len(rs[i].Facts) > 0 {
			withFacts = append(withFacts, rs[i])
		}
	}
	if err := st.PutFacts(ctx, scanID, withFacts); err != nil {
		return fmt.Errorf("saving facts: %w", err)
	}
	return nil
}

// batchSize is how many resources go to the store in one transaction.
const batchSize = 1000

// FailedAtOrAbove returns how many FAIL findings have severity s or higher.
func (r *Result) FailedAtOrAbove(s mamori.Severity) int {
	n := 0
	for sev := max(s, 0); int(sev) < len(r.Failed); sev++ {
		n += r.Failed[sev]
	}
	return n
}

// findingBatch is how many findings go to the store in one transaction.
const findingBatch = 4096

// findingWriter stores findings in batches on a goroutine of its own while
// evaluation goes on, the way writer stores resources.
type findingWriter struct {
	batch  []mamori.Finding
	ch     chan []mamori.Finding
	done   chan struct{}
	failed atomic.Pointer[error] // the first storing error, once there is one
	closed bool
}

func newFindingWriter(ctx context.Context, st mamori.Store, scanID string) *findingWriter {
	w := &findingWriter{ch: make(chan []mamori.Finding, 1), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for b := range w.ch {
			if w.failed.Load() == nil {
				if err := st.PutFindings(ctx, scanID, b); err != nil {
					err = fmt.Errorf("saving findings: %w", err)
					w.failed.Store(&err)
				}
			}
		}
	}()
	return w
}

// add copies fs into the batch (the caller may reuse fs) and hands full
// batches to the storing goroutine. It returns the first storing error, so
// that a scan whose store fails stops early.
func (w *findingWriter) add(fs []mamori.Finding) error {
	for len(fs) > 0 {
		if w.batch == nil {
			w.batch = make([]mamori.Finding, 0, findingBatch)
		}
		n := min(len(fs), findingBatch-len(w.batch))
		w.batch = append(w.batch, fs[:n]...)
		fs = fs[n:]
		if len(w.batch) == findingBatch {
			w.ch <- w.batch
			w.batch = nil
		}
	}
	return w.err()
}

func (w *findingWriter) err() error {
	if p := w.failed.Load(); p != nil {
		return *p
	}
	return nil
}

// close stores what is queued and returns the first error; calling it again
// returns the same.
func (w *findingWriter) close() error {
	if !w.closed {
		w.closed = true
		if len(w.batch) > 0 {
			w.ch <- w.batch
			w.batch = nil
		}
		close(w.ch)
		<-w.done
	}
	return w.err()
}

// writer stores resources in batches on a goroutine of its own while
// collection goes on; a slow store slows collection down rather than letting
// whole resources pile up in memory.
type writer struct {
	batch []mamori.Resource
	ch    chan []mamori.Resource
	done  chan struct{}
	err   error
}

func newWriter(ctx context.Context, st mamori.Store, scanID string) *writer {
	w := &writer{ch: make(chan []mamori.Resource, 1), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for b := range w.ch {
			if w.err == nil {
				w.err = st.PutResources(ctx, scanID, b)
			}
		}
	}()
	return w
}

// add queues r; it is not safe for concurrent use (collectors serialise emit).
func (w *writer) add(r mamori.Resource) {
	w.batch = append(w.batch, r)
	if len(w.batch) == batchSize {
		w.ch <- w.batch
		w.batch = make([]mamori.Resource, 0, batchSize)
	}
}

// close writes what is queued and returns the first error.
func (w *writer) close() error {
	if len(w.batch) > 0 {
		w.ch <- w.batch
		w.batch = nil
	}
	close(w.ch)
	<-w.done
	return w.err
}
