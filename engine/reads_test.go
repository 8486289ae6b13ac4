package engine

import (
	"sort"
	"strings"
	"testing"

	"github.com/mamori-sec/mamori"
)

func TestReads(t *testing.T) {
	for _, tc := range []struct {
		cond string
		want string // sorted, comma-separated; "*" is every attribute
	}{
		{`resource.versioning.enabled == true`, "versioning"},
		{`has(resource.logging.target) && resource.a == 1`, "a,logging"},
		{`resource["b"] == 1 || resource[?"c"].orValue(0) == 1`, "b,c"},
		{`resource.?d.orValue(false)`, "d"},
		{`"e" in resource && resource.e`, "e"},
		{`resource.ingress.exists(r, r.from_port == 22 && r.cidr != "")`, "ingress"},
		{`facts.public == true && name != ""`, ""},
		{`tags.owner == "x"`, mamori.ReadsTags},
		{`"owner" in tags && resource.a == 1`, mamori.ReadsTags + ",a"},
		{`size(resource) > 0`, "*"},
		{`resource.exists(k, k == "x")`, "*"},
		{`["a"].exists(k, resource[k] == 1)`, "*"},
		{`resource == {}`, "*"},
		{`[1].exists(resource, resource == 1)`, "*"}, // shadowed: conservatively everything
		{`{"k": resource.f}.k == 1 && [resource.g][0] == 1`, "f,g"},
	} {
		e, err := New([]*mamori.Check{check("c", "aws_s3_bucket", tc.cond)})
		if err != nil {
			t.Fatalf("%s: %v", tc.cond, err)
		}
		var got []string
		for k := range e.Reads()["aws_s3_bucket"] {
			got = append(got, k)
		}
		sort.Strings(got)
		if g := strings.Join(got, ","); g != tc.want {
			t.Errorf("%s: reads %q, want %q", tc.cond, g, tc.want)
		}
	}
}
