package analyze

import (
	"context"
	"maps"
	"testing"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
)

// changed is a copy of base with change applied and the drop keys left out.
func changed(base, change map[string]any, drop ...string) map[string]any {
	a := maps.Clone(base)
	maps.Copy(a, change)
	for _, k := range drop {
		delete(a, k)
	}
	return a
}

// emulated collects from w through the emulator and the real SDK, as opts
// say (their Config is the emulator's, home region ap-northeast-1); a
// collection error fails the test.
func emulated(t *testing.T, w *awsemu.World, opts aws.Options) []mamori.Resource {
	t.Helper()
	s := awsemu.New(w, awsemu.Faults{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	opts.Config = s.Config("ap-northeast-1")
	var rs []mamori.Resource
	var errs []mamori.CollectError
	if err := aws.New(opts).Collect(context.Background(), func(r mamori.Resource) { rs = append(rs, r) }, func(e mamori.CollectError) { errs = append(errs, e) }); err != nil {
		t.Fatal(err)
	}
	if len(errs) != 0 {
		t.Fatalf("collect errors: %v", errs)
	}
	return rs
}
