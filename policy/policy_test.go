package policy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStatements(t *testing.T) {
	one := map[string]any{"Effect": "Allow"}
	for _, c := range []struct {
		doc  map[string]any
		want []map[string]any
	}{
		{map[string]any{"Statement": one}, []map[string]any{one}},
		{map[string]any{"Statement": []any{one, "x", nil, one}}, []map[string]any{one, one}},
		{map[string]any{"Statement": "x"}, nil},
		{map[string]any{}, nil},
	} {
		if d := cmp.Diff(c.want, Statements(c.doc)); d != "" {
			t.Errorf("Statements(%v) (-want +got):\n%s", c.doc, d)
		}
	}
}

func TestStrings(t *testing.T) {
	for _, c := range []struct {
		in   any
		want []string
	}{
		{nil, nil},
		{"a", []string{"a"}},
		{[]any{"a", []any{"b", true}, float64(3)}, []string{"a", "b", "true", "3"}},
		{false, []string{"false"}},
	} {
		if d := cmp.Diff(c.want, Strings(c.in)); d != "" {
			t.Errorf("Strings(%v) (-want +got):\n%s", c.in, d)
		}
	}
}
