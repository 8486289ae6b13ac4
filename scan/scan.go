// Package scan runs one scan end to end: collect resources, derive facts,
// evaluate checks, turn collection failures into ERROR findings, apply mutes,
// and store everything. It wires the other packages together and decides
// nothing of its own.
package scan

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
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
}

// Result is a finished scan.
type Result struct {
	Scan      mamori.Scan
	Findings  []mamori.Finding
	Resources []mamori.Resource
}

// NewID returns a scan id that sorts by time: the UTC start time and a random suffix.
func NewID(t time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return t.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// Run performs the scan. A collector error that stops everything (no
// credentials) is returned as is and nothing is stored; collection failures of
// single services or regions make the scan partial.
func Run(ctx context.Context, o Options) (*Result, error) {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	stage := o.Stage
	if stage == nil {
		stage = func(string) {}
	}
	start := now().UTC()
	sc := mamori.Scan{ID: NewID(start), Source: o.Source, Provider: "aws", StartedAt: start}

	stage(StageCollect)
	var (
		resources []mamori.Resource
		errs      []mamori.CollectError
	)
	err := o.Collector.Collect(ctx,
		func(r mamori.Resource) { resources = append(resources, r) },
		func(e mamori.CollectError) { errs = append(errs, e) })
	if err != nil {
		return nil, err
	}
	if o.Describe != nil {
		sc.Accounts, sc.Regions = o.Describe()
	}
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
	findings, err := o.Engine.Run(ctx, resources, start)
	if err != nil {
		return nil, err
	}
	findings = append(findings, o.Engine.ErrorFindings(errs)...)
	mamori.ApplyMutes(findings, o.Mutes, start)
	for i := range findings {
		findings[i].ScanID = sc.ID
		findings[i].FirstSeen = start
		findings[i].LastSeen = start
	}
	mamori.SortFindings(findings)

	sc.Errors = errs
	sc.Partial = len(errs) > 0
	sc.Resources = len(resources)
	sc.Counts = map[mamori.Status]int{}
	for _, f := range findings {
		sc.Counts[f.Status]++
	}
	sc.FinishedAt = now().UTC()

	if o.Store != nil {
		stage(StageStore)
		if err := store(ctx, o.Store, &sc, resources, findings); err != nil {
			return nil, err
		}
	}
	return &Result{Scan: sc, Findings: findings, Resources: resources}, nil
}

func store(ctx context.Context, st mamori.Store, sc *mamori.Scan, rs []mamori.Resource, fs []mamori.Finding) error {
	if err := st.CreateScan(ctx, sc); err != nil {
		return fmt.Errorf("saving scan: %w", err)
	}
	if err := st.PutResources(ctx, sc.ID, rs); err != nil {
		return fmt.Errorf("saving resources: %w", err)
	}
	if err := st.PutFindings(ctx, sc.ID, fs); err != nil {
		return fmt.Errorf("saving findings: %w", err)
	}
	if err := st.FinishScan(ctx, sc); err != nil {
		return fmt.Errorf("saving scan: %w", err)
	}
	return nil
}
