// Package engine evaluates checks (CEL conditions, via cel-go) over resources
// and produces findings. It never calls a provider API and never stores
// anything: resources in, findings out.
package engine

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
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
	return &Program{Check: c, prg: prg}, nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// activation exposes one resource to CEL without building a map per call.
type activation struct {
	r        *mamori.Resource
	resource ref.Val
	facts    ref.Val
	tags     ref.Val
	now      ref.Val
}

var (
	emptyMap  = types.DefaultTypeAdapter.NativeToValue(map[string]any{})
	emptyTags = types.DefaultTypeAdapter.NativeToValue(map[string]string{})
)

func newActivation(r *mamori.Resource, now ref.Val) *activation {
	a := &activation{r: r, resource: emptyMap, facts: emptyMap, tags: emptyTags, now: now}
	if r.Attributes != nil {
		a.resource = types.DefaultTypeAdapter.NativeToValue(r.Attributes)
	}
	if r.Facts != nil {
		a.facts = types.DefaultTypeAdapter.NativeToValue(r.Facts)
	}
	if r.Tags != nil {
		a.tags = types.DefaultTypeAdapter.NativeToValue(r.Tags)
	}
	return a
}

func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "resource":
		return a.resource, true
	case "facts":
		return a.facts, true
	case "tags":
		return a.tags, true
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

func (p *Program) eval(a *activation) (mamori.Status, string) {
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
	a := newActivation(r, types.Timestamp{Time: now})
	for _, p := range progs {
		st, reason := p.eval(a)
		dst = append(dst, mamori.Finding{
			CheckID:  p.Check.ID,
			Status:   st,
			Severity: p.Check.Severity,
			Resource: r.Ref(),
			Provider: r.Provider,
			Account:  r.Account,
			Region:   r.Region,
			Reason:   reason,
		})
	}
	return dst
}

// Run evaluates every resource on all cores and returns the findings in the
// order of rs (sort them with mamori.SortFindings for a report). It stops
// early, returning ctx.Err(), when ctx is cancelled.
//
// Each resource's findings have a fixed place in one output slice sized up
// front, so workers write without locks and nothing is copied or regrown.
func (e *Engine) Run(ctx context.Context, rs []mamori.Resource, now time.Time) ([]mamori.Finding, error) {
	offsets := make([]int, len(rs)+1)
	for i := range rs {
		offsets[i+1] = offsets[i] + len(e.byType[rs[i].Type])
	}
	out := make([]mamori.Finding, offsets[len(rs)])
	workers := runtime.GOMAXPROCS(0)
	const chunk = 256
	var (
		wg   sync.WaitGroup
		next = make(chan int)
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for start := range next {
				end := min(start+chunk, len(rs))
				for i := start; i < end; i++ {
					e.Evaluate(out[offsets[i]:offsets[i]:offsets[i+1]], &rs[i], now)
				}
			}
		}()
	}
	var err error
feed:
	for start := 0; start < len(rs); start += chunk {
		select {
		case next <- start:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	return out, nil
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
