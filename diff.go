package mamori

import (
	"cmp"
	"slices"
	"strings"
)

// Diff compares the findings of two scans.
type Diff struct {
	// New are failures in the current scan that were not failing before.
	New []Finding `json:"new"`
	// Resolved are failures of the previous scan that no longer fail (the
	// finding now passes, is muted, or its resource is gone).
	Resolved []Finding `json:"resolved"`
	// Unchanged are failures present in both scans.
	Unchanged []Finding `json:"unchanged"`
}

// Compare returns what changed between the failures of prev and cur. Only FAIL
// findings count: an ERROR is neither new nor resolved, because nothing is known.
func Compare(prev, cur []Finding) Diff {
	before := make(map[string]Finding, len(prev))
	for _, f := range prev {
		before[f.Key()] = f
	}
	now := make(map[string]Finding, len(cur))
	for _, f := range cur {
		now[f.Key()] = f
	}
	var d Diff
	for _, f := range cur {
		if f.Status != StatusFail {
			continue
		}
		if p, ok := before[f.Key()]; ok && p.Status == StatusFail {
			d.Unchanged = append(d.Unchanged, f)
		} else {
			d.New = append(d.New, f)
		}
	}
	for _, p := range prev {
		if p.Status != StatusFail {
			continue
		}
		c, ok := now[p.Key()]
		switch {
		case !ok, c.Status == StatusPass, c.Status == StatusMuted:
			d.Resolved = append(d.Resolved, p)
		}
	}
	for _, l := range [][]Finding{d.New, d.Resolved, d.Unchanged} {
		SortFindings(l)
	}
	return d
}

// SortFindings orders findings by severity (highest first), then check id,
// account, region and resource id: the order every report uses. Those fields
// identify a finding within a scan, so the order is total and needs no stable sort.
//
// A Finding is large, so for long lists the indexes are sorted and the
// findings then moved into place once, following the permutation's cycles.
func SortFindings(fs []Finding) {
	if len(fs) < 512 {
		slices.SortFunc(fs, func(a, b Finding) int { return compareFindings(&a, &b) })
		return
	}
	idx := make([]int32, len(fs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return compareFindings(&fs[a], &fs[b]) })
	// fs[i] must become the old fs[idx[i]].
	for i := range idx {
		if idx[i] < 0 {
			continue
		}
		tmp := fs[i]
		j := i
		for {
			k := int(idx[j])
			idx[j] = -1
			if k == i {
				fs[j] = tmp
				break
			}
			fs[j] = fs[k]
			j = k
		}
	}
}

func compareFindings(a, b *Finding) int {
	if a.Severity != b.Severity {
		return cmp.Compare(b.Severity, a.Severity)
	}
	if c := strings.Compare(a.CheckID, b.CheckID); c != 0 {
		return c
	}
	if c := strings.Compare(a.Account, b.Account); c != 0 {
		return c
	}
	if c := strings.Compare(a.Region, b.Region); c != 0 {
		return c
	}
	return strings.Compare(a.Resource.ID, b.Resource.ID)
}
