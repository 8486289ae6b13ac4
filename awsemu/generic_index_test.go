package awsemu

import (
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"slices"
	"testing"
)

// TestItemIndexSameAsWalking: finding an item, or narrowing a list, through
// the index gives what walking the whole collection gives.
func TestItemIndexSameAsWalking(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	items := make([]map[string]any, 500)
	for i := range items {
		it := map[string]any{"Name": fmt.Sprintf("n%d", r.IntN(300)), "Port": r.IntN(5)}
		if r.IntN(3) == 0 {
			it["Arn"] = fmt.Sprintf("arn:n%d", i)
		}
		if r.IntN(4) == 0 {
			it["Alias"] = fmt.Sprintf("n%d", r.IntN(300)) // may equal another item's Name
		}
		items[i] = it
	}
	var x itemIndex
	fields := []string{"Alias", "Name", "Arn"}
	for _, name := range []string{"n0", "n7", "n150", "n299", "arn:n3", "arn:n4", "missing", ""} {
		if got, want := x.find(items, fields, name), findItem(items, fields, name); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("find(%q) = %v, walking gives %v", name, got, want)
		}
	}

	// filter is answerList's: every item with a name asked for, or with the
	// port asked for.
	filter := func(items []map[string]any, names []string, port string) []map[string]any {
		var kept []map[string]any
		for _, it := range items {
			if len(names) > 0 && !matchesAny(it, fields, names) {
				continue
			}
			if port != "" && fmt.Sprint(it["Port"]) != port {
				continue
			}
			kept = append(kept, it)
		}
		return kept
	}
	where := map[string]string{"port": "Port"}
	for _, tc := range []struct {
		names []string
		port  string
	}{{[]string{"n1", "n2", "n1"}, ""}, {[]string{"n5"}, "3"}, {nil, "2"}, {nil, "9"}, {[]string{"missing"}, ""}} {
		in := &input{c: &Call{Params: map[string]string{"port": tc.port}, Req: httptest.NewRequest("GET", "/", nil)}}
		cands, ok := x.candidates(items, fields, tc.names, where, in)
		if !ok {
			t.Fatalf("candidates(%v, %q) not narrowed", tc.names, tc.port)
		}
		got, want := filter(cands, tc.names, tc.port), filter(items, tc.names, tc.port)
		if !slices.EqualFunc(got, want, func(a, b map[string]any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }) {
			t.Errorf("names %v port %q: index keeps %d items, walking %d", tc.names, tc.port, len(got), len(want))
		}
	}
	// A collection that grew is indexed again.
	grown := append(items, map[string]any{"Name": "new-one"})
	if x.find(grown, fields, "new-one") == nil {
		t.Error("an item appended after indexing is not found")
	}
}
