package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

func check(id, typ, cond string) *mamori.Check {
	return &mamori.Check{ID: id, ResourceType: typ, Condition: cond, Severity: mamori.SeverityHigh}
}

func TestEvaluate(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e, err := New([]*mamori.Check{
		check("versioning", "aws_s3_bucket", "resource.versioning.enabled == true"),
		check("public", "aws_s3_bucket", "facts.?public.orValue(false) == false"),
		check("tagged", "aws_s3_bucket", `"owner" in tags`),
		check("missing-attr", "aws_s3_bucket", "resource.nope == 1"),
		check("recent", "aws_s3_bucket", `now - timestamp(resource.created) < duration("2400h")`),
		check("other-type", "aws_iam_user", "true"),
	})
	if err != nil {
		t.Fatal(err)
	}
	r := mamori.Resource{
		Provider: "aws", Account: "1", Region: "r", Type: "aws_s3_bucket", ID: "arn:b", Name: "b",
		Tags:       map[string]string{"owner": "x"},
		Attributes: map[string]any{"versioning": map[string]any{"enabled": false}, "created": "2025-12-30T00:00:00Z"},
		Facts:      map[string]any{"public": true},
	}
	got := map[string]mamori.Status{}
	for _, f := range e.Evaluate(nil, &r, now) {
		got[f.CheckID] = f.Status
		if f.Status == mamori.StatusError && f.Reason == "" {
			t.Errorf("%s: ERROR without reason", f.CheckID)
		}
	}
	want := map[string]mamori.Status{
		"versioning": mamori.StatusFail, "public": mamori.StatusFail, "tagged": mamori.StatusPass,
		"missing-attr": mamori.StatusError, "recent": mamori.StatusPass,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
}

func TestRunAndErrorFindings(t *testing.T) {
	e, err := New([]*mamori.Check{check("c1", "aws_s3_bucket", "resource.ok"), check("c2", "aws_iam_user", "true")})
	if err != nil {
		t.Fatal(err)
	}
	var rs []mamori.Resource
	for i := 0; i < 2000; i++ {
		rs = append(rs, mamori.Resource{Type: "aws_s3_bucket", ID: string(rune('a' + i%26)), Attributes: map[string]any{"ok": i%2 == 0}})
	}
	fs, err := e.Run(context.Background(), rs, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2000 {
		t.Fatalf("got %d findings, want 2000", len(fs))
	}
	var fail int
	for _, f := range fs {
		if f.Status == mamori.StatusFail {
			fail++
		}
	}
	if fail != 1000 {
		t.Errorf("fail = %d, want 1000", fail)
	}
	ef := e.ErrorFindings([]mamori.CollectError{{Provider: "aws", Account: "1", Region: "eu-west-1", Service: "s3", Types: []string{"aws_s3_bucket"}, Message: "AccessDenied"}})
	if len(ef) != 1 || ef[0].Status != mamori.StatusError || ef[0].CheckID != "c1" || ef[0].Reason == "" {
		t.Errorf("error findings = %+v", ef)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Run(ctx, rs, time.Now()); err == nil {
		t.Error("cancelled run returned no error")
	}

	// RunReleasing: the same findings in the same order, and every resource
	// let go of its attributes and facts.
	for i := range rs {
		rs[i].ID = fmt.Sprint(i)
		rs[i].Facts = map[string]any{"x": true}
	}
	want, err := e.Run(context.Background(), rs, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.RunReleasing(context.Background(), rs, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("RunReleasing findings differ from Run (-Run +RunReleasing):\n%s", d)
	}
	for i := range rs {
		if rs[i].Attributes != nil || rs[i].Facts != nil {
			t.Fatalf("resource %d still holds attributes or facts after RunReleasing", i)
		}
	}
}

// FuzzCompile: any condition text compiles or fails cleanly; whatever compiles
// evaluates on a resource without panicking.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"resource.a == 1", `"x" in tags`, "resource.list.exists(x, x.port == 22)",
		"facts.?public.orValue(false)", `now - timestamp(resource.t) > duration("1h")`,
		"resource.a.b.c", "[1,2,3].map(x, x * 2).size() == 3", "size(name) > 0 && region.startsWith('ap-')",
	} {
		f.Add(s)
	}
	r := &mamori.Resource{Type: "t", Name: "n", Attributes: map[string]any{"a": int64(1), "list": []any{map[string]any{"port": int64(22)}}, "t": "2020-01-01T00:00:00Z"}}
	f.Fuzz(func(t *testing.T, cond string) {
		p, err := Compile(&mamori.Check{ID: "fuzz", Condition: cond})
		if err != nil {
			return
		}
		st, _ := p.Eval(r, time.Unix(0, 0))
		switch st {
		case mamori.StatusPass, mamori.StatusFail, mamori.StatusError:
		default:
			t.Fatalf("status %q", st)
		}
	})
}

func BenchmarkEvaluate(b *testing.B) {
	e, err := New([]*mamori.Check{
		check("a", "aws_s3_bucket", "resource.versioning.enabled == true"),
		check("b", "aws_s3_bucket", "resource.rules.exists(r, r.port == 22 && r.cidr == '0.0.0.0/0') == false"),
	})
	if err != nil {
		b.Fatal(err)
	}
	r := mamori.Resource{Type: "aws_s3_bucket", Attributes: map[string]any{
		"versioning": map[string]any{"enabled": true},
		"rules":      []any{map[string]any{"port": int64(443), "cidr": "0.0.0.0/0"}, map[string]any{"port": int64(22), "cidr": "10.0.0.0/8"}},
	}}
	now := time.Now()
	var dst []mamori.Finding
	b.ReportAllocs()
	for b.Loop() {
		dst = e.Evaluate(dst[:0], &r, now)
	}
	b.ReportMetric(float64(b.N*2)/b.Elapsed().Seconds(), "evals/s")
}

func TestDetail(t *testing.T) {
	c := &mamori.Check{ID: "x", ResourceType: "t", Condition: "size(facts.paths) == 0",
		Detail: `has(facts.bad) ? "cannot read: " + facts.bad.join("; ") : facts.summary`}
	p, err := Compile(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		facts  map[string]any
		status mamori.Status
		reason string
	}{
		{map[string]any{"paths": []any{}}, mamori.StatusPass, ""},
		{map[string]any{"paths": []any{"p"}, "summary": "a → b"}, mamori.StatusFail, "a → b"},
		{map[string]any{"bad": []any{"x", "y"}}, mamori.StatusError, "cannot read: x; y (condition: no such key: paths)"},
	} {
		st, reason := p.Eval(&mamori.Resource{Type: "t", Facts: tc.facts}, time.Now())
		if st != tc.status || reason != tc.reason {
			t.Errorf("Eval(%v) = %s %q, want %s %q", tc.facts, st, reason, tc.status, tc.reason)
		}
	}
	if _, err := Compile(&mamori.Check{ID: "y", Condition: "true", Detail: "1"}); err == nil || !strings.Contains(err.Error(), "detail must be a string") {
		t.Errorf("int detail: %v", err)
	}
}
