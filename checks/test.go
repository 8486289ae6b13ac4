package checks

import (
	"fmt"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/engine"
)

// FixtureTime is the "now" the check fixtures are evaluated at, so that a
// fixture with a date keeps its meaning as time passes.
var FixtureTime = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)

// TestResult is the outcome of one fixture.
type TestResult struct {
	Check  string
	Name   string
	Want   mamori.Status
	Got    mamori.Status
	Reason string
}

// OK reports whether the fixture got what it wanted.
func (r TestResult) OK() bool { return r.Want == r.Got }

// RunTests evaluates every fixture of c.
func RunTests(c *mamori.Check) ([]TestResult, error) {
	p, err := engine.Compile(c)
	if err != nil {
		return nil, err
	}
	var out []TestResult
	for i, t := range c.Tests {
		r := fixture(c, i)
		got, reason := p.Eval(&r, FixtureTime)
		out = append(out, TestResult{Check: c.ID, Name: t.Name, Want: t.Want, Got: got, Reason: reason})
	}
	return out, nil
}

// fixture builds the resource of c's i-th test.
func fixture(c *mamori.Check, i int) mamori.Resource {
	t := c.Tests[i]
	r := mamori.Resource{
		Provider: c.Provider, Account: "123456789012", Region: t.Resource.Region,
		Type: c.ResourceType, ID: fmt.Sprintf("fixture-%d", i+1), Name: t.Resource.Name,
		Tags: t.Resource.Tags, Attributes: normalize(t.Resource.Attributes).(map[string]any), Facts: nil,
	}
	if r.Region == "" {
		r.Region = "ap-northeast-1"
	}
	if t.Resource.Facts != nil {
		r.Facts = normalize(t.Resource.Facts).(map[string]any)
	}
	return r
}

// normalize turns YAML-decoded values into the JSON-like shapes collectors
// produce: int -> int64, map[string]any kept, nil map -> empty map.
func normalize(v any) any {
	switch x := v.(type) {
	case nil:
		return map[string]any{}
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = normalizeValue(e)
		}
		return m
	}
	return v
}

func normalizeValue(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case map[string]any:
		return normalize(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeValue(e)
		}
		return out
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	}
	return v
}
