package scan

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
)

func TestPackRoundTrip(t *testing.T) {
	tree := map[string]any{
		"Name":     "bucket-1",
		"Empty":    "",
		"Public":   true,
		"Closed":   false,
		"Count":    3,
		"Big":      int64(math.MaxInt64),
		"Negative": -42,
		"Ratio":    0.25,
		"Whole":    float64(3), // stays a float64
		"NaN":      math.Inf(-1),
		"Nil":      nil,
		"Ports":    []any{int64(22), "80", nil, []any{}, map[string]any{"a": 1}},
		"Names":    []string{"a", "", "日本語"},
		"Tags":     map[string]string{"env": "prod", "": "x"},
		"Rules":    []map[string]any{{"From": 0, "CIDR": "0.0.0.0/0"}, nil, {}},
		"NilSlice": []any(nil), "NilNames": []string(nil), "NilMap": map[string]any(nil),
		"NilTags": map[string]string(nil), "NilRules": []map[string]any(nil),
		"Nested": map[string]any{"Deep": map[string]any{"Deeper": []any{map[string]any{"x": "y"}}}},
	}
	b, err := pack(nil, tree)
	if err != nil {
		t.Fatal(err)
	}
	got, err := unpack(b)
	if err != nil {
		t.Fatal(err)
	}
	// reflect.DeepEqual tells int from int64, []any from []string and a nil
	// slice from an empty one: the types must come back exactly.
	if !reflect.DeepEqual(got, tree) {
		t.Errorf("unpack(pack(tree)) =\n%#v\nwant\n%#v", got, tree)
	}
	if m, err := unpack(mustPack(t, nil)); err != nil || m != nil {
		t.Errorf("unpack(pack(nil)) = %v, %v; want nil map", m, err)
	}
}

func TestPackRefusesUnknownTypes(t *testing.T) {
	type custom struct{ A int }
	for _, v := range []any{custom{1}, []int{1}, map[string]int{"a": 1}, uint(3), float32(1), &custom{}} {
		if _, err := pack(nil, map[string]any{"x": map[string]any{"y": v}}); err == nil {
			t.Errorf("pack(%T) succeeded; the scan would lose its type", v)
		}
	}
}

func TestUnpackCorrupt(t *testing.T) {
	b := mustPack(t, map[string]any{"a": []any{"x", int64(1), 2.5}, "b": map[string]string{"k": "v"}})
	for i := range len(b) {
		if _, err := unpack(b[:i]); err == nil {
			t.Errorf("unpack of the first %d of %d bytes succeeded", i, len(b))
		}
	}
	if _, err := unpack(append(b, 0)); err == nil {
		t.Error("unpack with a trailing byte succeeded")
	}
}

func TestPackResource(t *testing.T) {
	for _, r := range []mamori.Resource{
		{Provider: "aws", Account: "111122223333", Region: "ap-northeast-1", Type: "aws_instance", ID: "i-0abc", Name: "web",
			Tags:       map[string]string{"env": "prod"},
			Relations:  []mamori.Relation{{Kind: "member_of", Type: "aws_security_group", ID: "sg-1"}},
			Facts:      map[string]any{"public": true},
			Attributes: map[string]any{"State": "running", "Ports": []any{int64(22)}}},
		{Type: "aws_account", ID: "111122223333", Relations: []mamori.Relation{}, Tags: map[string]string{}},
		{},
	} {
		b, err := packResource(nil, &r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := unpackResource(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, r) {
			t.Errorf("round trip:\n got %#v\nwant %#v", got, r)
		}
		k := resourceKey(b)
		if string(k[0]) != r.Type || string(k[1]) != r.ID || string(k[2]) != r.Account || string(k[3]) != r.Region {
			t.Errorf("resourceKey = %q, want type, id, account, region of %#v", k, r)
		}
	}
}

// TestPackHoldsEveryCollector packs every resource the collectors make of
// the demo world and of a synthetic one: a type pack does not know would
// make the scan keep that tree unpacked, and this says which.
func TestPackHoldsEveryCollector(t *testing.T) {
	for name, w := range map[string]*awsemu.World{"demo": awsemu.Demo(), "synthetic": awsemu.Synthetic(2000, 7)} {
		emu := awsemu.New(w, awsemu.Faults{})
		if err := emu.Start(); err != nil {
			t.Fatal(err)
		}
		col := aws.New(aws.Options{Config: emu.Config(w.Accounts[0].Regions[0])})
		ctx := context.Background()
		if err := col.Discover(ctx); err != nil {
			t.Fatal(err)
		}
		n := 0
		err := col.Collect(ctx, func(r mamori.Resource) {
			n++
			b, err := pack(nil, r.Attributes)
			if err != nil {
				t.Errorf("%s: %s %s: %v", name, r.Type, r.ID, err)
				return
			}
			got, err := unpack(b)
			if err != nil || !reflect.DeepEqual(got, r.Attributes) {
				t.Errorf("%s: %s %s: round trip differs (%v)", name, r.Type, r.ID, err)
			}
		}, func(mamori.CollectError) {})
		emu.Close()
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatalf("%s: no resources collected", name)
		}
	}
}

func FuzzUnpack(f *testing.F) {
	f.Add(mustPack(f, map[string]any{"a": 1, "b": []string{"x"}, "c": map[string]any{"d": 2.5, "e": nil}}))
	f.Add(mustPack(f, map[string]any{"Rules": []map[string]any{{"x": true}}, "Tags": map[string]string{"k": "v"}}))
	f.Add([]byte{tagMap, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := unpack(b)
		if err != nil {
			return
		}
		// Sharing strings changes nothing but memory.
		if shared, err := unpackResourceOnly(b, nil, map[string]string{}); err != nil || !reflect.DeepEqual(shared.Attributes, m) {
			t.Fatalf("unpacked with shared strings differs: %v", err)
		}
		// What unpacks packs again to a tree that unpacks the same.
		b2, err := pack(nil, m)
		if err != nil {
			t.Fatalf("pack of an unpacked tree: %v", err)
		}
		m2, err := unpack(b2)
		if err != nil || !reflect.DeepEqual(m, m2) {
			t.Fatalf("round trip differs: %v", err)
		}
	})
}

// unpackResource reads a whole resource written by packResource.
func unpackResource(b []byte) (mamori.Resource, error) {
	return unpackResourceOnly(b, nil, nil)
}

// pack and unpack put a tree in a resource's attributes and back.
func pack(b []byte, m map[string]any) ([]byte, error) {
	return packResource(b, &mamori.Resource{Type: "aws_thing", ID: "thing-1", Attributes: m})
}

func unpack(b []byte) (map[string]any, error) {
	r, err := unpackResource(b)
	return r.Attributes, err
}

func mustPack(tb testing.TB, m map[string]any) []byte {
	tb.Helper()
	b, err := pack(nil, m)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestArena(t *testing.T) {
	var a arena
	var got [][]byte
	var want []string
	for i := range 5000 {
		s := strings.Repeat(string(rune('a'+i%26)), i%700)
		if i == 4000 {
			s = strings.Repeat("x", arenaChunk/2) // larger than a quarter chunk
		}
		got = append(got, a.copy([]byte(s)))
		want = append(want, s)
	}
	for i := range got {
		if string(got[i]) != want[i] {
			t.Fatalf("record %d changed (len %d, want %d)", i, len(got[i]), len(want[i]))
		}
		if cap(got[i]) != len(got[i]) {
			t.Fatalf("record %d has spare capacity: appending to it would write over the next", i)
		}
	}
}

func TestUnpackResourceOnly(t *testing.T) {
	r := mamori.Resource{Type: "aws_s3_bucket", ID: "b", Tags: map[string]string{"env": "prod"},
		Attributes: map[string]any{
			"policy": map[string]any{"Statement": []any{map[string]any{"Effect": "Allow"}}},
			"acl":    []map[string]any{{"Grantee": "AllUsers"}},
			"names":  []string{"a", "b"}, "tags": map[string]string{"k": "v"}, "n": 3, "f": 1.5, "ok": true, "nil": nil,
			"versioning": "Enabled",
		}}
	b, err := packResource(nil, &r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := unpackResourceOnly(b, map[string]bool{"versioning": true, "missing": true}, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]any{"versioning": "Enabled"}; !reflect.DeepEqual(got.Attributes, want) {
		t.Errorf("attributes = %#v, want %#v (every other value skipped)", got.Attributes, want)
	}
	if got.ID != "b" || got.Tags["env"] != "prod" {
		t.Errorf("resource = %#v: id and tags must stay", got)
	}
	if got, _ := unpackResourceOnly(b, map[string]bool{}, nil); got.Attributes == nil || len(got.Attributes) != 0 {
		t.Errorf("nothing kept: attributes = %#v, want an empty map (not nil: no tree means something else)", got.Attributes)
	}
	if got, _ := unpackResourceOnly(b, map[string]bool{mamori.AllAttributes: true}, map[string]string{}); !reflect.DeepEqual(got, r) {
		t.Errorf("AllAttributes: %#v, want the whole resource", got)
	}
	for i := range len(b) {
		if _, err := unpackResourceOnly(b[:i], map[string]bool{"versioning": true}, map[string]string{}); err == nil {
			t.Errorf("unpackResourceOnly of the first %d of %d bytes succeeded", i, len(b))
		}
	}
}
