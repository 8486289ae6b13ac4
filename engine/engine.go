// Package engine evaluates checks (CEL conditions, via cel-go) over resources
// and produces findings. It never calls a provider API and never stores
// anything: resources in, findings out.
package engine

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/ext"
	"github.com/google/cel-go/interpreter"

	"github.com/mamori-sec/mamori"
)

// env is shared by every compiled condition; cel.Env is safe for concurrent use.
var env = mustEnv()

func mustEnv() *cel.Env {
	e, err := cel.NewEnv(
		cel.Variable("resource", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("facts", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("tags", cel.MapType(cel.StringType, cel.StringType)),
		cel.Variable("id", cel.StringType),
		cel.Variable("name", cel.StringType),
		cel.Variable("region", cel.StringType),
		cel.Variable("account", cel.StringType),
		cel.Variable("now", cel.TimestampType),
		cel.OptionalTypes(),
		// CEL has no unbounded loops; limiting nesting and size keeps a user's
		// condition from multiplying work over large lists.
		cel.ParserExpressionSizeLimit(4096),
		cel.ParserRecursionLimit(64),
		ext.Strings(),
		ext.Sets(),
		ext.Lists(),
		ext.Encoders(),
		ext.Math(),
	)
	if err != nil {
		panic(err)
	}
	return e
}

// Program is one compiled check.
type Program struct {
	Check *mamori.Check
	prg   cel.Program
	// detail is the compiled Detail expression, nil when there is none.
	detail cel.Program
	// reads are the top-level attributes the condition reads (see Reads).
	reads map[string]bool
}

// Compile parses and type-checks a check's condition. The error is one line
// that names the check.
func Compile(c *mamori.Check) (*Program, error) {
	if strings.TrimSpace(c.Condition) == "" {
		return nil, fmt.Errorf("check %s: empty condition", c.ID)
	}
	ast, iss := env.Compile(c.Condition)
	if iss != nil && iss.Err() != nil {
		return nil, fmt.Errorf("check %s: condition does not compile: %s", c.ID, oneLine(iss.Err().Error()))
	}
	if !ast.OutputType().IsAssignableType(cel.BoolType) {
		return nil, fmt.Errorf("check %s: condition must be a bool expression, not %s", c.ID, ast.OutputType())
	}
	prg, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		return nil, fmt.Errorf("check %s: %s", c.ID, oneLine(err.Error()))
	}
	reads := map[string]bool{}
	attributeReads(ast.NativeRep().Expr(), reads)
	out := &Program{Check: c, prg: prg, reads: reads}
	if strings.TrimSpace(c.Detail) != "" {
		dast, iss := env.Compile(c.Detail)
		if iss != nil && iss.Err() != nil {
			return nil, fmt.Errorf("check %s: detail does not compile: %s", c.ID, oneLine(iss.Err().Error()))
		}
		if !dast.OutputType().IsAssignableType(cel.StringType) {
			return nil, fmt.Errorf("check %s: detail must be a string expression, not %s", c.ID, dast.OutputType())
		}
		if out.detail, err = env.Program(dast, cel.EvalOptions(cel.OptOptimize)); err != nil {
			return nil, fmt.Errorf("check %s: %s", c.ID, oneLine(err.Error()))
		}
		attributeReads(dast.NativeRep().Expr(), reads)
	}
	return out, nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// activation exposes one resource to CEL without building a map per call.
//
// The attribute, fact and tag maps are handed to CEL as the Go maps they are,
// not wrapped as CEL values: cel-go then follows a path such as
// resource.versioning.enabled with plain map lookups, and turns into a CEL
// value only what the path ends at. A wrapped map would have every step of
// the path converted (a wrapper allocated per nested map) on every check. The
// results are the same either way; only the end of each path is converted.
type activation struct {
	r   *mamori.Resource
	now ref.Val
}

var (
	emptyMap  = map[string]any{}
	emptyTags = map[string]string{}
)

func newActivation(r *mamori.Resource, now ref.Val) *activation {
	return &activation{r: r, now: now}
}

func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "resource":
		if a.r.Attributes == nil {
			return emptyMap, true
		}
		return a.r.Attributes, true
	case "facts":
		if a.r.Facts == nil {
			return emptyMap, true
		}
		return a.r.Facts, true
	case "tags":
		if a.r.Tags == nil {
			return emptyTags, true
		}
		return a.r.Tags, true
	case "id":
		return a.r.ID, true
	case "name":
		return a.r.Name, true
	case "region":
		return a.r.Region, true
	case "account":
		return a.r.Account, true
	case "now":
		return a.now, true
	}
	return nil, false
}

func (a *activation) Parent() interpreter.Activation { return nil }

// Eval runs the program on one resource: PASS when the condition is true,
// FAIL when false, ERROR (with the reason) when it cannot be evaluated.
func (p *Program) Eval(r *mamori.Resource, now time.Time) (mamori.Status, string) {
	return p.eval(newActivation(r, types.Timestamp{Time: now}))
}

func (p *Program) eval(a interpreter.Activation) (mamori.Status, string) {
	st, reason := p.evalCondition(a)
	if st == mamori.StatusPass || p.detail == nil {
		return st, reason
	}
	if out, _, err := p.detail.Eval(a); err == nil {
		if s, ok := out.(types.String); ok && s != "" {
			if reason != "" {
				return st, string(s) + " (" + reason + ")"
			}
			return st, string(s)
		}
	}
	return st, reason
}

func (p *Program) evalCondition(a interpreter.Activation) (mamori.Status, string) {
	out, _, err := p.prg.Eval(a)
	if err != nil {
		return mamori.StatusError, "condition: " + oneLine(err.Error())
	}
	b, ok := out.(types.Bool)
	if !ok {
		return mamori.StatusError, fmt.Sprintf("condition returned %s, not a bool", out.Type())
	}
	if b {
		return mamori.StatusPass, ""
	}
	return mamori.StatusFail, ""
}

// Engine evaluates a set of checks, indexed by resource type.
type Engine struct {
	byType map[string][]*Program
	checks []*mamori.Check
}

// New compiles every check. It fails on the first check that does not compile.
func New(checks []*mamori.Check) (*Engine, error) {
	e := &Engine{byType: map[string][]*Program{}}
	for _, c := range checks {
		p, err := Compile(c)
		if err != nil {
			return nil, err
		}
		e.byType[c.ResourceType] = append(e.byType[c.ResourceType], p)
		e.checks = append(e.checks, c)
	}
	return e, nil
}

// Checks returns the engine's checks in load order.
func (e *Engine) Checks() []*mamori.Check { return e.checks }

// ForType returns the checks that apply to a resource type.
func (e *Engine) ForType(t string) []*Program { return e.byType[t] }

// Evaluate judges one resource with every check for its type, appending the
// findings to dst. ScanID, FirstSeen and LastSeen are left for the caller.
func (e *Engine) Evaluate(dst []mamori.Finding, r *mamori.Resource, now time.Time) []mamori.Finding {
	progs := e.byType[r.Type]
	if len(progs) == 0 {
		return dst
	}
	n := len(dst)
	dst = slices.Grow(dst, len(progs))[:n+len(progs)]
	e.evaluate(dst[n:], progs, r, types.Timestamp{Time: now})
	return dst
}

// evaluate judges r with progs, writing one finding per program into dst
// (len(dst) == len(progs)) in place: no finding is built elsewhere and
// copied, and the slice never grows.
func (e *Engine) evaluate(dst []mamori.Finding, progs []*Program, r *mamori.Resource, now ref.Val) {
	// One frame for all the checks of the resource: cel-go evaluates in a
	// frame it is given instead of taking one from its pool for each check.
	frame, err := interpreter.NewExecutionFrame(newActivation(r, now))
	if err != nil { // only for an input that is not an Activation
		panic(err)
	}
	defer frame.Close()
	res := r.Ref()
	for i, p := range progs {
		st, reason := p.eval(frame)
		f := &dst[i]
		*f = mamori.Finding{
			CheckID:  p.Check.ID,
			Status:   st,
			Severity: p.Check.Severity,
			Resource: res,
			Provider: r.Provider,
			Account:  r.Account,
			Region:   r.Region,
			Reason:   reason,
		}
	}
}

// Run evaluates every resource on all cores and returns the findings in the
// order of rs (sort them with mamori.SortFindings for a report). It stops
// early, returning ctx.Err(), when ctx is cancelled.
func (e *Engine) Run(ctx context.Context, rs []mamori.Resource, now time.Time) ([]mamori.Finding, error) {
	return e.run(ctx, rs, now, false)
}

// RunReleasing is Run that also lets go of each resource's attributes and
// facts (sets them to nil in rs) as soon as the resource is evaluated, so
// that the findings grow into the memory the resources leave. A scan that
// keeps no resources uses it.
func (e *Engine) RunReleasing(ctx context.Context, rs []mamori.Resource, now time.Time) ([]mamori.Finding, error) {
	return e.run(ctx, rs, now, true)
}

// run evaluates rs on GOMAXPROCS workers and returns the findings in the
// order of rs. Each resource's findings have a known place in the result
// (its checks follow those of the resources before it), so the workers
// write them there directly, a chunk of resources at a time: nothing is
// copied or reordered afterwards.
func (e *Engine) run(ctx context.Context, rs []mamori.Resource, now time.Time, release bool) ([]mamori.Finding, error) {
	const chunk = 256
	chunks := (len(rs) + chunk - 1) / chunk
	// at[c] is where chunk c's findings start in out.
	at := make([]int, chunks+1)
	n := 0
	for i := range rs {
		if i%chunk == 0 {
			at[i/chunk] = n
		}
		n += len(e.byType[rs[i].Type])
	}
	at[chunks] = n
	out := make([]mamori.Finding, n)
	ts := types.Timestamp{Time: now}
	var (
		wg         sync.WaitGroup
		next, done atomic.Int64
	)
	for range min(runtime.GOMAXPROCS(0), max(chunks, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				k := at[c]
				for i := c * chunk; i < min((c+1)*chunk, len(rs)); i++ {
					r := &rs[i]
					if progs := e.byType[r.Type]; len(progs) > 0 {
						e.evaluate(out[k:k+len(progs)], progs, r, ts)
						k += len(progs)
					}
					if release {
						r.Attributes, r.Facts = nil, nil
					}
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	if int(done.Load()) < chunks {
		return nil, ctx.Err()
	}
	return out, nil
}

// Stream evaluates every resource on all cores, like RunReleasing, and hands
// the findings to emit a chunk of resources at a time, in the order of rs,
// instead of returning them: a scan stores each chunk and keeps none, so
// memory does not grow with the number of findings. emit is never called
// concurrently and may keep nothing of the slice it is given; an error from
// it stops the evaluation and is returned. Stream stops early, returning
// ctx.Err(), when ctx is cancelled.
func (e *Engine) Stream(ctx context.Context, rs []mamori.Resource, now time.Time, emit func([]mamori.Finding) error) error {
	return e.stream(ctx, rs, now, true, emit)
}

// stream evaluates rs in chunks on GOMAXPROCS workers and emits the chunks'
// findings in order. At most a few chunks per worker are in flight, so a
// slow emit slows the workers instead of letting findings pile up.
func (e *Engine) stream(ctx context.Context, rs []mamori.Resource, now time.Time, release bool, emit func([]mamori.Finding) error) error {
	const chunk = 256
	chunks := (len(rs) + chunk - 1) / chunk
	workers := runtime.GOMAXPROCS(0)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		c    int
		part []mamori.Finding
	}
	var (
		wg      sync.WaitGroup
		next    = make(chan int)
		results = make(chan result, 2*workers)
		free    = make(chan []mamori.Finding, 4*workers)
		// A chunk takes a token when it is handed out and gives it back once
		// emitted: however unevenly chunks finish, few are held at once.
		tokens = make(chan struct{}, 4*workers)
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				start, end := c*chunk, min((c+1)*chunk, len(rs))
				var part []mamori.Finding
				select {
				case part = <-free:
				default:
				}
				for i := start; i < end; i++ {
					part = e.Evaluate(part, &rs[i], now)
					if release {
						rs[i].Attributes, rs[i].Facts = nil, nil
					}
				}
				results <- result{c, part}
			}
		}()
	}
	go func() {
		defer close(next)
		for c := 0; c < chunks; c++ {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	// Chunks finish out of order; emit them in order, holding the few that
	// came early.
	var (
		err     error
		pending = map[int][]mamori.Finding{}
		want    = 0
	)
	for r := range results {
		if err != nil {
			continue // drain, so that the workers can finish
		}
		pending[r.c] = r.part
		for {
			part, ok := pending[want]
			if !ok {
				break
			}
			delete(pending, want)
			want++
			<-tokens
			if err = emit(part); err != nil {
				cancel()
				break
			}
			clear(part) // let go of the strings the findings point at
			select {
			case free <- part[:0]:
			default:
			}
		}
	}
	if err != nil {
		return err
	}
	if want < chunks {
		return ctx.Err()
	}
	return nil
}

// ErrorFindings turns collection failures into ERROR findings: every check on
// a resource type the failed collector would have produced gets one ERROR
// finding for that account, region and service, so a failure is never read as
// a PASS.
func (e *Engine) ErrorFindings(errs []mamori.CollectError) []mamori.Finding {
	var out []mamori.Finding
	seen := map[string]bool{}
	for _, ce := range errs {
		types := append([]string(nil), ce.Types...)
		sort.Strings(types)
		for _, t := range types {
			for _, p := range e.byType[t] {
				id := fmt.Sprintf("%s/%s/%s", ce.Account, ce.Region, ce.Service)
				k := p.Check.ID + "|" + id
				if seen[k] {
					continue
				}
				seen[k] = true
				out = append(out, mamori.Finding{
					CheckID:  p.Check.ID,
					Status:   mamori.StatusError,
					Severity: p.Check.Severity,
					Resource: mamori.ResourceRef{Type: t, ID: id, Name: ce.Service},
					Provider: ce.Provider,
					Account:  ce.Account,
					Region:   ce.Region,
					Reason:   ce.Error(),
				})
			}
		}
	}
	return out
}
