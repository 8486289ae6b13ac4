package vuln

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// Report is what a person tells about a vulnerability (mamori vuln report).
type Report struct {
	Tenant  string
	Title   string
	Details string
	Product string
	// Ecosystem, when known, makes matches exact; without it the product
	// is matched by name only, as candidates.
	Ecosystem string
	// Versions is the affected range: "<2.4.1", "<=2.4.1", ">=1.0, <2.4.1",
	// "=2.4.0" (or a list "2.4.0, 2.4.1"), "*" for every version.
	Versions string
	Channel  string
	Reporter string
	Aliases  []string
}

// ParseVersions turns a range written by a person into OSV events (or a
// list of versions).
func ParseVersions(s string) ([]mamori.RangeEvent, []string, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "*" {
		return []mamori.RangeEvent{{Introduced: "0"}}, nil, nil
	}
	var (
		intro, fixed, last string
		list               []string
	)
	for _, part := range strings.Split(s, ",") {
		p := strings.TrimSpace(part)
		switch {
		case p == "":
			return nil, nil, fmt.Errorf("%q: empty term", s)
		case strings.HasPrefix(p, ">="):
			intro = strings.TrimSpace(p[2:])
		case strings.HasPrefix(p, "<="):
			last = strings.TrimSpace(p[2:])
		case strings.HasPrefix(p, "<"):
			fixed = strings.TrimSpace(p[1:])
		case strings.HasPrefix(p, "="):
			list = append(list, strings.TrimSpace(strings.TrimLeft(p, "=")))
		case strings.HasPrefix(p, ">"):
			return nil, nil, fmt.Errorf("%q: write >= with the first affected version, not >", s)
		default:
			list = append(list, p)
		}
		if strings.TrimLeft(p, "<>= ") == "" {
			return nil, nil, fmt.Errorf("%q: %q names no version", s, p)
		}
	}
	for _, v := range append([]string{intro, fixed, last}, list...) {
		if strings.ContainsAny(v, " <>=*") {
			return nil, nil, fmt.Errorf("%q: %q is not a version", s, v)
		}
	}
	if len(list) > 0 {
		if intro != "" || fixed != "" || last != "" {
			return nil, nil, fmt.Errorf("%q: give either a range or a list of versions", s)
		}
		return nil, list, nil
	}
	if fixed != "" && last != "" {
		return nil, nil, fmt.Errorf("%q: give < or <=, not both", s)
	}
	if intro == "" {
		intro = "0"
	}
	evs := []mamori.RangeEvent{{Introduced: intro}}
	switch {
	case fixed != "":
		evs = append(evs, mamori.RangeEvent{Fixed: fixed})
	case last != "":
		evs = append(evs, mamori.RangeEvent{LastAffected: last})
	}
	return evs, nil, nil
}

// Advisory turns the report into a manual advisory. Its ID is derived from
// what it says, so the same report given twice is one advisory, stored
// once; the time of the report is its FetchedAt.
func (r Report) Advisory(now time.Time) (mamori.Advisory, error) {
	if strings.TrimSpace(r.Title) == "" || strings.TrimSpace(r.Product) == "" {
		return mamori.Advisory{}, fmt.Errorf("a report needs a title and a product")
	}
	evs, list, err := ParseVersions(r.Versions)
	if err != nil {
		return mamori.Advisory{}, err
	}
	af := mamori.Affected{Ecosystem: r.Ecosystem, Name: strings.TrimSpace(r.Product), Versions: list}
	if evs != nil {
		typ := "ECOSYSTEM"
		af.Ranges = []mamori.VersionRange{{Type: typ, Events: evs}}
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return mamori.Advisory{}, err
	}
	h := sha256.Sum256(raw)
	a := mamori.Advisory{
		Tenant: r.Tenant, ID: "MAMORI-" + now.UTC().Format("2006") + "-" + hex.EncodeToString(h[:5]), Aliases: r.Aliases,
		Source: mamori.SourceManual, Origin: r.Channel + ": " + r.Reporter,
		Summary: r.Title, Details: r.Details, Affected: []mamori.Affected{af}, Raw: raw, FetchedAt: now,
		Reporter: r.Reporter, Channel: r.Channel,
	}
	return a, a.Validate()
}
