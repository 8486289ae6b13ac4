package analyze

import (
	"reflect"
	"slices"
	"testing"

	"github.com/mamori-sec/mamori"
)

// RunStaged loads each type an analyzer reads before that analyzer runs,
// once, and releases it only when no later analyzer reads it.
func TestRunStagedOrder(t *testing.T) {
	all := All()
	loaded, released := map[string]int{}, map[string]int{}
	var events []string
	err := RunStaged(nil, nil, nil, Staging{
		Load: func(types []string) error {
			for _, typ := range types {
				loaded[typ]++
				events = append(events, "load "+typ)
			}
			return nil
		},
		Release: func(types []string) {
			for _, typ := range types {
				released[typ]++
				events = append(events, "release "+typ)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for typ := range Reads() {
		if loaded[typ] != 1 || released[typ] != 1 {
			t.Errorf("%s: loaded %d times, released %d times; want once each", typ, loaded[typ], released[typ])
		}
		// Released after its last reader ran: after that reader's own
		// types were loaded.
		last := -1
		for i, a := range all {
			if _, ok := a.Reads[typ]; ok {
				last = i
			}
		}
		rel := slices.Index(events, "release "+typ)
		for typ2 := range all[last].Reads {
			if slices.Index(events, "load "+typ2) > rel {
				t.Errorf("%s released before %s, which its last reader %s also needs, was loaded", typ, typ2, all[last].Name)
			}
		}
	}
}

// Staged or not, the analyzers conclude the same.
func TestRunStagedSameFacts(t *testing.T) {
	mk := func() []mamori.Resource {
		return []mamori.Resource{
			{Type: "aws_s3_account_public_access_block", ID: "acct", Account: "1", Attributes: map[string]any{}},
			{Type: "aws_s3_bucket", ID: "b", Account: "1", Name: "b", Attributes: map[string]any{
				"policy": map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}}}},
		}
	}
	plain := mk()
	RunIn(plain, nil, nil)
	full := mk()
	staged := mk()
	for i := range staged {
		staged[i].Attributes = map[string]any{}
	}
	err := RunStaged(staged, nil, nil, Staging{
		Load: func(types []string) error {
			for i := range staged {
				if slices.Contains(types, staged[i].Type) {
					staged[i].Attributes = full[i].Attributes
				}
			}
			return nil
		},
		Release: func(types []string) {
			for i := range staged {
				if slices.Contains(types, staged[i].Type) {
					staged[i].Attributes = map[string]any{}
				}
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range plain {
		if len(plain[i].Facts) == 0 && i == 1 {
			t.Fatalf("the bucket got no facts: the test would prove nothing")
		}
		if !reflect.DeepEqual(plain[i].Facts, staged[i].Facts) {
			t.Errorf("%s: facts %v staged, %v not", plain[i].ID, staged[i].Facts, plain[i].Facts)
		}
	}
}
