package mamori

import "sort"

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
// account, region and resource id: the order every report uses.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.CheckID != b.CheckID {
			return a.CheckID < b.CheckID
		}
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		return a.Resource.ID < b.Resource.ID
	})
}
