package analyze

import (
	"context"
	"testing"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
)

// A scan judges resources of the types no analyzer declares (Types) as soon
// as they are collected and lets them go. So each analyzer must ask only for
// the types it declares in Reads or Facts, and set facts only on the types it
// declares in Facts: checked here on the demo world and a synthetic one.
func TestDeclaredTypes(t *testing.T) {
	for _, w := range []*awsemu.World{awsemu.Demo(), awsemu.Synthetic(2000, 3)} {
		emu := awsemu.New(w, awsemu.Faults{})
		if err := emu.Start(); err != nil {
			t.Fatal(err)
		}
		var rs []mamori.Resource
		c := aws.New(aws.Options{Config: emu.Config("ap-northeast-1")})
		err := c.Collect(context.Background(), func(r mamori.Resource) { rs = append(rs, r) }, func(e mamori.CollectError) { t.Errorf("collect: %v", e) })
		emu.Close()
		if err != nil {
			t.Fatal(err)
		}
		withFacts := 0
		for _, a := range All() {
			for i := range rs {
				rs[i].Facts = nil
			}
			ix := NewIndex(rs)
			ix.asked = map[string]bool{}
			a.Run(ix)
			for typ := range ix.asked {
				if _, ok := a.Reads[typ]; !ok {
					if _, ok := a.Facts[typ]; !ok {
						t.Errorf("analyzer %s asks for %s, which it declares in neither Reads nor Facts", a.Name, typ)
					}
				}
			}
			for i := range rs {
				if len(rs[i].Facts) == 0 {
					continue
				}
				withFacts++
				if _, ok := a.Facts[rs[i].Type]; !ok {
					t.Errorf("analyzer %s set facts on a %s, which its Facts do not declare", a.Name, rs[i].Type)
				}
			}
		}
		if withFacts == 0 {
			t.Error("no analyzer set a fact: the test proves nothing")
		}
	}
	if len(Types()) == 0 {
		t.Error("Types is empty")
	}
}
