package aws

import (
	"context"
	"sort"
	"testing"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/awsemu"
)

// world parses a YAML world for a test.
func world(t testing.TB, y string) *awsemu.World {
	t.Helper()
	w, err := awsemu.ParseWorld([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// collected is what a collection through the emulator produced.
type collected struct {
	Resources []mamori.Resource
	Errors    []mamori.CollectError
	Stats     awsemu.Stats
}

// byType returns the resources of one type, sorted by id.
func (c collected) byType(typ string) []mamori.Resource {
	var out []mamori.Resource
	for _, r := range c.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// byName returns the one resource of a type with a name, failing otherwise.
func (c collected) byName(t testing.TB, typ, name string) mamori.Resource {
	t.Helper()
	for _, r := range c.byType(typ) {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no %s named %q among %d resources (errors: %v)", typ, name, len(c.Resources), c.Errors)
	return mamori.Resource{}
}

// collect runs the named services against an emulator serving w, through the
// real SDK clients.
func collect(t testing.TB, w *awsemu.World, f awsemu.Faults, services ...string) collected {
	t.Helper()
	s := awsemu.New(w, f)
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := New(Options{Config: s.Config(w.Accounts[0].Regions[0]), Services: services})
	var out collected
	err := c.Collect(context.Background(), func(r mamori.Resource) { out.Resources = append(out.Resources, r) },
		func(e mamori.CollectError) { out.Errors = append(out.Errors, e) })
	if err != nil {
		t.Fatal(err)
	}
	out.Stats = s.Stats()
	return out
}
