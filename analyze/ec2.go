package analyze

import (
	"sort"

	"github.com/mamori-sec/mamori"
)

// ec2SGOpen is the ports of proto a security group opens to world.
func ec2SGOpen(sg *mamori.Resource, proto, field, world string) ec2Ranges {
	var out ec2Ranges
	for _, x := range ec2List(sg.Attributes, "ingress") {
		rule, _ := x.(map[string]any)
		if !ec2Contains(ec2List(rule, field), world) {
			continue
		}
		switch ec2Str(rule, "protocol") {
		case "-1":
			out = out.union(ec2Ranges{{0, 65535}})
		case proto:
			out = out.union(ec2Ranges{{max(0, ec2Int(rule, "from_port")), min(65535, ec2Int(rule, "to_port"))}})
		}
	}
	return out
}

// ec2ACLAllowed is the ports of proto that a network ACL lets in from world: for
// each port the lowest-numbered matching rule decides, and no match denies.
func ec2ACLAllowed(acl *mamori.Resource, proto, field, world string) ec2Ranges {
	type entry struct {
		rule   int64
		all    bool
		lo, hi int64
		allow  bool
	}
	var es []entry
	bps := []int64{0, 65536}
	for _, x := range ec2List(acl.Attributes, "ingress") {
		m, _ := x.(map[string]any)
		p := ec2Str(m, "protocol")
		if ec2Str(m, field) != world || (p != "-1" && p != proto) {
			continue
		}
		e := entry{rule: ec2Int(m, "rule_number"), all: p == "-1", lo: ec2Int(m, "from_port"), hi: ec2Int(m, "to_port"), allow: ec2Str(m, "action") == "allow"}
		if !e.all {
			bps = append(bps, e.lo, e.hi+1)
		}
		es = append(es, e)
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].rule < es[j].rule })
	sort.Slice(bps, func(i, j int) bool { return bps[i] < bps[j] })
	var out ec2Ranges
	for i := 0; i+1 < len(bps); i++ {
		lo, hi := bps[i], bps[i+1]-1
		if lo > hi || lo < 0 || lo > 65535 {
			continue
		}
		for _, e := range es {
			if e.all || (e.lo <= lo && lo <= e.hi) {
				if e.allow {
					out = out.union(ec2Ranges{{lo, min(hi, 65535)}})
				}
				break
			}
		}
	}
	return out
}

type ec2Range struct{ lo, hi int64 }

// ec2Ranges is a sorted list of disjoint, non-adjacent ranges.
type ec2Ranges []ec2Range

func (a ec2Ranges) union(b ec2Ranges) ec2Ranges {
	all := append(append(ec2Ranges(nil), a...), b...)
	sort.Slice(all, func(i, j int) bool { return all[i].lo < all[j].lo })
	var out ec2Ranges
	for _, r := range all {
		if r.lo > r.hi {
			continue
		}
		if n := len(out); n > 0 && r.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

func (a ec2Ranges) intersect(b ec2Ranges) ec2Ranges {
	var out ec2Ranges
	for _, x := range a {
		for _, y := range b {
			if lo, hi := max(x.lo, y.lo), min(x.hi, y.hi); lo <= hi {
				out = append(out, ec2Range{lo, hi})
			}
		}
	}
	return out.union(nil)
}

func ec2Str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func ec2List(m map[string]any, k string) []any {
	l, _ := m[k].([]any)
	return l
}

func ec2Int(m map[string]any, k string) int64 {
	switch v := m[k].(type) {
	case int64:
		return v
	case float64:
		return int64(v)
	case int:
		return int64(v)
	}
	return 0
}

func ec2Contains(l []any, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
