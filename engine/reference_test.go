package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/analyze"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
	"github.com/mamori-sec/mamori/checks"
	"github.com/mamori-sec/mamori/engine"
)

// TestRunEqualsReference: on the demo account and a synthetic one, collected
// through the SDK from the emulator and analyzed as a scan does, every way the
// engine evaluates (Run, RunReleasing, Stream) gives exactly the findings of
// the plain reference evaluation (Program.EvalReference: inputs converted to
// CEL values up front, one check at a time, in order), statuses and reasons
// byte for byte. The engine's shortcuts (maps handed to CEL unwrapped, one
// frame per resource, findings written in place by parallel workers) must
// not change a result.
func TestRunEqualsReference(t *testing.T) {
	cs, err := checks.Builtin(aws.KnownType)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(cs)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	statuses := map[mamori.Status]int{}
	for _, tc := range []struct {
		name  string
		world *awsemu.World
	}{
		{"demo", awsemu.Demo()},
		{"synthetic", awsemu.Synthetic(1000, 7)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			emu := awsemu.New(tc.world, awsemu.Faults{})
			if err := emu.Start(); err != nil {
				t.Fatal(err)
			}
			defer emu.Close()
			col := aws.New(aws.Options{Config: emu.Config("ap-northeast-1")})
			var rs []mamori.Resource
			if err := col.Collect(context.Background(), func(r mamori.Resource) { rs = append(rs, r) }, func(e mamori.CollectError) {
				t.Fatalf("collect: %v", e)
			}); err != nil {
				t.Fatal(err)
			}
			analyze.Run(rs, nil)

			var want []mamori.Finding
			for i := range rs {
				r := &rs[i]
				for _, p := range eng.ForType(r.Type) {
					st, reason := p.EvalReference(r, now)
					statuses[st]++
					want = append(want, mamori.Finding{CheckID: p.Check.ID, Status: st, Severity: p.Check.Severity,
						Resource: r.Ref(), Provider: r.Provider, Account: r.Account, Region: r.Region, Reason: reason})
				}
			}
			got, err := eng.Run(context.Background(), rs, now)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Fatalf("Run differs from the reference (-reference +Run):\n%s", d)
			}
			var streamed []mamori.Finding
			keep := make([]mamori.Resource, len(rs))
			copy(keep, rs)
			if err := eng.Stream(context.Background(), keep, now, func(fs []mamori.Finding) error {
				streamed = append(streamed, fs...)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, streamed); d != "" {
				t.Fatalf("Stream differs from the reference (-reference +Stream):\n%s", d)
			}
			released, err := eng.RunReleasing(context.Background(), rs, now)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, released); d != "" {
				t.Fatalf("RunReleasing differs from the reference (-reference +RunReleasing):\n%s", d)
			}
		})
	}
	// The comparison means something only if every outcome occurs.
	for _, st := range []mamori.Status{mamori.StatusPass, mamori.StatusFail, mamori.StatusError} {
		if statuses[st] == 0 {
			t.Errorf("the reference gave no %s finding: %v", st, statuses)
		}
	}
}
