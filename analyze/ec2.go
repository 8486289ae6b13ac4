package analyze

import "sort"

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
