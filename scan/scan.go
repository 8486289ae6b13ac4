// Package scan runs one scan end to end: collect resources, derive facts,
// evaluate checks, turn collection failures into ERROR findings, apply mutes,
// and store everything. It wires the other packages together and decides
// nothing of its own.
package scan

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
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
	q := newQueue()
	defer q.close()
	res, err := run(ctx, o, &sc, &writer{q: q, st: o.Store, ctx: ctx, scanID: sc.ID})
	if err != nil {
		q.close() // nothing may be written after the delete
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
	if mamori.UsesTags(o.Mutes) {
		// Findings are muted after the resources that analyzers read have
		// been pruned: keep their tags for the mute rules that match on them.
		for typ := range analyze.Types() {
			reads.Add(typ, mamori.ReadsTags)
		}
	}

	sc.Counts = map[mamori.Status]int{}
	res := &Result{}
	var fw *findingWriter
	if o.Store != nil {
		fw = &findingWriter{q: w.q, st: o.Store, ctx: ctx, scanID: sc.ID}
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
	// Every resource goes to the store whole as it arrives; the scan keeps
	// only the attributes its checks and analyzers read, packed into bytes
	// (pack.go says why) and held in a temporary file (hold.go) until
	// collection ends: memory holds a sort key per resource.
	touched := analyze.Types()
	var (
		held    []heldResource
		errs    []mamori.CollectError
		hold    = newHolding()
		holdErr error
		scratch []byte
	)
	defer hold.close()
	err := o.Collector.Collect(ctx,
		func(r mamori.Resource) {
			if w != nil {
				w.add(r)
			}
			reads.Prune(&r)
			h := heldResource{later: !touched[r.Type] && !o.KeepResources}
			var err error
			if scratch, err = packResource(scratch[:0], &r); err == nil {
				if h.at, h.key, err = hold.put(scratch); err != nil && holdErr == nil {
					holdErr = err
				}
			} else {
				h.r = &r
			}
			held = append(held, h)
		},
		func(e mamori.CollectError) { errs = append(errs, e) })
	if w != nil {
		if werr := w.flush(); err == nil && werr != nil {
			err = werr
		}
	}
	if err == nil {
		err = holdErr
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
	// The resources analyzers use come first, then the rest; each part in
	// order of type and id. Evaluated in that order, every check's findings
	// reach the store in the order of its indexes, whatever order the
	// collectors answered in: appended, not scattered over an index larger
	// than SQLite's page cache (BENCHMARKS.md, scaling).
	slices.SortFunc(held, compareHeld)
	sc.Resources = len(held)
	k := sort.Search(len(held), func(i int) bool { return held[i].later })
	// The analyzers get the attributes they read; the checks get theirs
	// later, a few thousand resources at a time, from the same bytes.
	analyzed, rest := held[:k], held[k:]
	held = nil
	areads := analyze.Reads()
	names := map[string]string{} // shared by the resources the analyzers get
	resources := make([]mamori.Resource, k)
	byType := map[string][]int{}
	for i := range resources {
		if o.KeepResources {
			if resources[i], err = analyzed[i].resource(hold, nil, names); err != nil {
				return nil, err
			}
			continue
		}
		// Without attributes until an analyzer that reads them runs.
		if resources[i], err = analyzed[i].resource(hold, map[string]bool{}, nil); err != nil {
			return nil, err
		}
		byType[resources[i].Type] = append(byType[resources[i].Type], i)
	}
	staging := analyze.Staging{
		Load: func(types []string) error {
			for _, typ := range types {
				keep := areads[typ]
				for _, i := range byType[typ] {
					r, err := analyzed[i].resource(hold, keep, names)
					if err != nil {
						return err
					}
					resources[i].Attributes, resources[i].Tags = r.Attributes, r.Tags
				}
			}
			return nil
		},
		Release: func(types []string) {
			for _, typ := range types {
				for _, i := range byType[typ] {
					resources[i].Attributes = map[string]any{}
				}
			}
		},
		Errors: errs,
	}
	if o.KeepResources {
		staging = analyze.Staging{Load: func([]string) error { return nil }, Release: func([]string) {}, Errors: errs}
	}

	stage(StageEvaluate)
	// A service counts as read only if it was selected and nothing of it
	// failed: an analyzer concluding "no trail" from a service that was denied
	// would turn "unknown" into a FAIL or a PASS.
	// In an organisation scan, a service is judged per account; what was
	// not applicable (a region an SCP denies) was not expected to be read.
	failed, failedIn := map[string]bool{}, map[string]bool{}
	var counted []mamori.CollectError
	for _, e := range errs {
		if e.NotApplicable {
			continue
		}
		counted = append(counted, e)
		failed[e.Service] = true
		failedIn[e.Account+"|"+e.Service] = true
	}
	selected := func(svc string) bool { return o.Collected == nil || o.Collected(svc) }
	err = analyze.RunStaged(resources, func(svc string) bool {
		return !failed[svc] && !failed["*"] && selected(svc)
	}, func(account, svc string) bool {
		return !failedIn[account+"|"+svc] && !failedIn[account+"|*"] && selected(svc)
	}, staging)
	if err != nil {
		return nil, err
	}
	if o.Store != nil {
		if err := storeFacts(ctx, w.q, o.Store, sc.ID, resources); err != nil {
			return nil, err
		}
	}
	if o.KeepResources {
		fs, err := o.Engine.Run(ctx, resources, start)
		if err != nil {
			return nil, err
		}
		if err := emit(fs); err != nil {
			return nil, err
		}
	} else {
		// Judged a slice at a time, each resource unpacked whole (what
		// the checks read) with the facts the analyzers gave it.
		part := make([]mamori.Resource, 0, min(unpackSlice, len(analyzed)+len(rest)))
		judge := func(hs []heldResource, facts func(i int) map[string]any) error {
			for from := 0; from < len(hs); from += unpackSlice {
				part = part[:0]
				for i := from; i < min(from+unpackSlice, len(hs)); i++ {
					r, err := hs[i].resource(hold, nil, nil)
					if err != nil {
						return err
					}
					if facts != nil {
						r.Facts = facts(i)
					}
					part = append(part, r)
					hs[i] = heldResource{}
				}
				if err := o.Engine.Stream(ctx, part, start, emit); err != nil {
					return err
				}
			}
			return nil
		}
		if err := judge(analyzed, func(i int) map[string]any {
			f := resources[i].Facts
			resources[i] = mamori.Resource{}
			return f
		}); err != nil {
			return nil, err
		}
		resources = nil
		if err := judge(rest, nil); err != nil {
			return nil, err
		}
		rest = nil
	}
	if err := emit(o.Engine.ErrorFindings(counted)); err != nil {
		return nil, err
	}
	mamori.SortFindings(res.Findings)

	sc.Errors = errs
	sc.Partial = len(counted) > 0
	if o.Store != nil {
		stage(StageStore)
		fw.flush()
		if err := w.q.close(); err != nil {
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

// heldResource is a collected resource waiting to be judged: packed
// (packResource) and kept in the scan's holding, with its sort key in
// memory, or as it is when pack could not hold it. later says that no
// analyzer uses it, so it is unpacked only when its turn to be judged comes.
type heldResource struct {
	key   []byte
	at    holdRef
	r     *mamori.Resource
	later bool
}

func (h *heldResource) sortKey() [4][]byte {
	if h.r != nil {
		return [4][]byte{[]byte(h.r.Type), []byte(h.r.ID), []byte(h.r.Account), []byte(h.r.Region)}
	}
	return resourceKey(h.key)
}

// resource is the resource with only the attributes keep names (nil: all
// of them).
func (h *heldResource) resource(hold *holding, keep map[string]bool, names map[string]string) (mamori.Resource, error) {
	if h.r != nil {
		return *h.r, nil
	}
	b, err := hold.get(h.at)
	if err != nil {
		return mamori.Resource{}, err
	}
	return unpackResourceOnly(b, keep, names)
}

// compareHeld orders the resources analyzers use first, then by type, id,
// account and region.
func compareHeld(a, b heldResource) int {
	if a.later != b.later {
		if a.later {
			return 1
		}
		return -1
	}
	ka, kb := a.sortKey(), b.sortKey()
	for i := range ka {
		if c := bytes.Compare(ka[i], kb[i]); c != 0 {
			return c
		}
	}
	return 0
}

// unpackSlice is how many resources of the types no analyzer uses are
// unpacked at a time to be judged.
const unpackSlice = 4096

// storeFacts queues the analyzers' facts on the resources already queued.
func storeFacts(ctx context.Context, q *queue, st mamori.Store, scanID string, rs []mamori.Resource) error {
	var withFacts []mamori.Resource
	for i := range rs {
		if len(rs[i].Facts) > 0 {
			withFacts = append(withFacts, rs[i])
		}
	}
	return q.put(func() error {
		if err := st.PutFacts(ctx, scanID, withFacts); err != nil {
			return fmt.Errorf("saving facts: %w", err)
		}
		return nil
	})
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

// queue runs the scan's writes to the store, in order, on one goroutine of
// its own while collection and evaluation go on: one writer, so resources
// and findings never wait on each other's transactions, and a slow store
// slows the scan down rather than letting batches pile up in memory. After
// the first error the rest is dropped.
type queue struct {
	ch     chan func() error
	done   chan struct{}
	failed atomic.Pointer[error]
	once   sync.Once
}

func newQueue() *queue {
	q := &queue{ch: make(chan func() error, 2), done: make(chan struct{})}
	go func() {
		defer close(q.done)
		for job := range q.ch {
			if q.failed.Load() == nil {
				if err := job(); err != nil {
					q.failed.Store(&err)
				}
			}
		}
	}()
	return q
}

// put queues a write and returns the first error so far, so that a scan
// whose store fails stops early.
func (q *queue) put(job func() error) error {
	q.ch <- job
	return q.err()
}

func (q *queue) err() error {
	if p := q.failed.Load(); p != nil {
		return *p
	}
	return nil
}

// close waits for the queued writes and returns the first error; calling it
// again returns the same.
func (q *queue) close() error {
	q.once.Do(func() {
		close(q.ch)
		<-q.done
	})
	return q.err()
}

// findingWriter batches findings for the queue.
type findingWriter struct {
	q      *queue
	st     mamori.Store
	ctx    context.Context
	scanID string
	batch  []mamori.Finding
}

// add copies fs into the batch (the caller may reuse fs) and queues full
// batches. It returns the first storing error.
func (w *findingWriter) add(fs []mamori.Finding) error {
	for len(fs) > 0 {
		if w.batch == nil {
			w.batch = make([]mamori.Finding, 0, findingBatch)
		}
		n := min(len(fs), findingBatch-len(w.batch))
		w.batch = append(w.batch, fs[:n]...)
		fs = fs[n:]
		if len(w.batch) == findingBatch {
			w.flush()
		}
	}
	return w.q.err()
}

// flush queues what is batched.
func (w *findingWriter) flush() {
	if len(w.batch) == 0 {
		return
	}
	b := w.batch
	w.batch = nil
	w.q.put(func() error {
		if err := w.st.PutFindings(w.ctx, w.scanID, b); err != nil {
			return fmt.Errorf("saving findings: %w", err)
		}
		return nil
	})
}

// writer batches resources for the queue.
type writer struct {
	q      *queue
	st     mamori.Store
	ctx    context.Context
	scanID string
	batch  []mamori.Resource
}

// add queues r; it is not safe for concurrent use (collectors serialise emit).
func (w *writer) add(r mamori.Resource) {
	w.batch = append(w.batch, r)
	if len(w.batch) == batchSize {
		w.flush()
	}
}

// flush queues what is batched and returns the first storing error so far.
func (w *writer) flush() error {
	if len(w.batch) > 0 {
		b := w.batch
		w.batch = make([]mamori.Resource, 0, batchSize)
		return w.q.put(func() error {
			if err := w.st.PutResources(w.ctx, w.scanID, b); err != nil {
				return fmt.Errorf("saving resources: %w", err)
			}
			return nil
		})
	}
	return w.q.err()
}
