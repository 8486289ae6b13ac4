package framework

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/mamori-sec/mamori"
)

// catalogs hold the whole list of control ids of benchmarks whose
// framework file lists only what mamori's checks cover (cis-aws-3.0,
// aws-fsbp): catalog/<framework id>.txt, one "ID [manual|automated|unconfirmed]"
// a line, "#" comments naming the source. Ids only, no benchmark text.
//
//go:embed catalog
var catalogs embed.FS

// CatalogEntry is one control of a benchmark's whole list.
type CatalogEntry struct {
	ID string
	// Manual: the benchmark leaves the control to a person.
	Manual bool
	// Unconfirmed: mamori maps checks to the id, but the reference list
	// does not have it; shown, left out of the coverage figures.
	Unconfirmed bool
	// Same names the control of another framework that carries the same
	// requirement ("cis-aws-5.0:1.9" for v3.0.0's 1.10): its title and
	// manual reason stand in for this one's.
	Same string
}

// Catalog returns the whole list of control ids of framework id, or
// ok=false when mamori ships none for it.
func Catalog(id string) (entries []CatalogEntry, ok bool, err error) {
	b, err := catalogs.ReadFile("catalog/" + id + ".txt")
	if err != nil {
		return nil, false, nil
	}
	entries, err = parseCatalog(id, b)
	return entries, true, err
}

// CatalogTitles returns mamori's own titles for controls of framework id
// that no framework file names (catalog/<id>.titles.yaml), or nil.
func CatalogTitles(id string) (map[string]mamori.Text, error) {
	b, err := catalogs.ReadFile("catalog/" + id + ".titles.yaml")
	if err != nil {
		return nil, nil
	}
	var m map[string]mamori.Text
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("catalog %s titles: %s", id, oneLine(err.Error()))
	}
	for cid, t := range m {
		if t.En == "" || t.Ja == "" {
			return nil, fmt.Errorf("catalog %s titles: %s needs en and ja", id, cid)
		}
	}
	return m, nil
}

func parseCatalog(id string, b []byte) (entries []CatalogEntry, err error) {
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		e := CatalogEntry{ID: f[0]}
		if len(f) > 3 || !controlRE.MatchString(e.ID) || seen[e.ID] {
			return nil, fmt.Errorf("catalog %s line %d: %q: want one new control id, then manual, automated or unconfirmed, then same=FRAMEWORK:CONTROL", id, n, line)
		}
		for _, w := range f[1:] {
			switch w {
			case "manual":
				e.Manual = true
			case "automated":
			case "unconfirmed":
				e.Unconfirmed = true
			default:
				same, ok := strings.CutPrefix(w, "same=")
				if p, c, found := strings.Cut(same, ":"); !ok || !found || !idRE.MatchString(p) || !controlRE.MatchString(c) {
					return nil, fmt.Errorf("catalog %s line %d: %q: want manual, automated, unconfirmed or same=FRAMEWORK:CONTROL", id, n, w)
				}
				e.Same = same
			}
		}
		seen[e.ID] = true
		entries = append(entries, e)
	}
	return entries, nil
}

// Coverage statuses of a control.
const (
	// CoverAutomated: automatable, and at least one mamori check gives it
	// evidence.
	CoverAutomated = "automated"
	// CoverManual: the benchmark leaves it to a person (Reason says why);
	// mapped checks only give evidence.
	CoverManual = "manual"
	// CoverNone: automatable, but no mamori check covers it yet.
	CoverNone = "not_covered"
	// CoverQuestion: a control of a framework that is answered by a person
	// by design (no manual reason from the source).
	CoverQuestion = "question"
	// CoverUnconfirmed: mapped by mamori's checks but not in the reference
	// list of the benchmark; left out of the figures.
	CoverUnconfirmed = "unconfirmed"
)

// CoverageRow is one control of a framework with the checks that automate it.
type CoverageRow struct {
	ID       string      `json:"id"`
	Title    mamori.Text `json:"title,omitzero"`
	Status   string      `json:"status"`
	Checks   []string    `json:"checks,omitempty"`
	Reason   mamori.Text `json:"reason,omitzero"`
	Service  string      `json:"service,omitempty"`
	InScope  bool        `json:"in_scope"`
	Category string      `json:"category,omitempty"`
	// SameAs: the control of another framework with the same requirement.
	SameAs string `json:"same_as,omitempty"`
}

// Coverage is how much of a framework mamori's checks automate.
type Coverage struct {
	Framework string `json:"framework"`
	// Complete: the controls are the benchmark's whole list (the framework
	// file lists every control, or mamori ships its catalog); false when
	// only the controls mamori maps are known.
	Complete bool          `json:"complete"`
	Controls []CoverageRow `json:"controls"`
	// Figures over the controls in scope (every control, except for
	// aws-fsbp: the controls of the services mamori checks).
	InScope     int     `json:"in_scope"`
	Automatable int     `json:"automatable"`
	Automated   int     `json:"automated"`
	Manual      int     `json:"manual"`
	Questions   int     `json:"questions,omitempty"`
	NotCovered  int     `json:"not_covered"`
	Percent     float64 `json:"percent"`
	// Services (aws-fsbp): the service prefixes in scope, and all.
	Services    []string `json:"services,omitempty"`
	AllServices int      `json:"all_services,omitempty"`
	All         int      `json:"all"`
	Unconfirmed int      `json:"unconfirmed,omitempty"`
	// Checks: how many checks map to the framework.
	Checks int `json:"checks"`
}

// byService says whether a framework's scope is the services mamori checks:
// its control ids are "Service.N" and a service is in scope when at least
// one check maps to one of its controls.
func byService(fwID string) bool { return fwID == "aws-fsbp" }

// CoverageOf lists every control of fw with the checks that automate it
// (their compliance mappings fw.ID:<control>, and the checks the framework
// file names), the manual ones with their reason, and the ones no check
// covers. The whole list comes from the catalog when mamori ships one; a
// catalog entry that is the same requirement as a control of another of
// fws takes that control's title (and manual reason). fws may be nil.
func CoverageOf(fw *mamori.Framework, checks []*mamori.Check, fws []*mamori.Framework) (*Coverage, error) {
	mapped := map[string][]string{}
	prefix := fw.ID + ":"
	counted := map[string]bool{}
	for _, ch := range checks {
		for _, m := range ch.Compliance {
			if id, ok := strings.CutPrefix(m, prefix); ok {
				mapped[id] = appendNew(mapped[id], ch.ID)
				counted[ch.ID] = true
			}
		}
	}
	ctl := map[string]*mamori.Control{}
	for i := range fw.Controls {
		c := &fw.Controls[i]
		ctl[c.ID] = c
		for _, id := range c.Checks {
			mapped[c.ID] = appendNew(mapped[c.ID], id)
			counted[id] = true
		}
	}
	cat, ok, err := Catalog(fw.ID)
	if err != nil {
		return nil, err
	}
	titles, err := CatalogTitles(fw.ID)
	if err != nil {
		return nil, err
	}
	cov := &Coverage{Framework: fw.ID, Complete: ok || fw.Complete, Checks: len(counted)}
	if !ok {
		for _, c := range fw.Controls {
			cat = append(cat, CatalogEntry{ID: c.ID, Manual: c.Manual.En != ""})
		}
	}
	listed := map[string]bool{}
	for _, e := range cat {
		listed[e.ID] = true
	}
	// A mapping to an id the catalog lacks is shown, not counted.
	for id := range mapped {
		if !listed[id] {
			cat = append(cat, CatalogEntry{ID: id, Unconfirmed: true})
		}
	}
	for _, e := range cat {
		r := CoverageRow{ID: e.ID, Checks: mapped[e.ID], SameAs: e.Same}
		sort.Strings(r.Checks)
		if c := ctl[e.ID]; c != nil {
			r.Title, r.Category, r.Reason = c.Title, c.Category, c.Manual
		}
		if t, ok := titles[e.ID]; ok && r.Title.En == "" {
			r.Title = t
		}
		if c := sameControl(fws, e.Same); c != nil {
			r.Title = c.Title
			if e.Manual && c.Manual.En != "" {
				r.Reason = c.Manual
			}
		}
		switch {
		case e.Unconfirmed:
			r.Status = CoverUnconfirmed
		case e.Manual:
			r.Status = CoverManual
		case len(r.Checks) > 0:
			r.Status = CoverAutomated
		case !ok && ctl[e.ID] != nil && ctl[e.ID].NeedsAnswer() && !ctl[e.ID].Unchecked:
			r.Status = CoverQuestion
		default:
			r.Status = CoverNone
		}
		if byService(fw.ID) {
			r.Service, _, _ = strings.Cut(e.ID, ".")
		}
		cov.Controls = append(cov.Controls, r)
	}
	sort.SliceStable(cov.Controls, func(i, j int) bool {
		a, b := cov.Controls[i], cov.Controls[j]
		if a.Service != b.Service {
			return strings.ToLower(a.Service) < strings.ToLower(b.Service)
		}
		return lessID(a.ID, b.ID)
	})
	scope := map[string]bool{}
	all := map[string]bool{}
	for _, r := range cov.Controls {
		if r.Status == CoverUnconfirmed {
			continue
		}
		all[r.Service] = true
		if r.Status == CoverAutomated || !byService(fw.ID) {
			scope[r.Service] = true
		}
	}
	for i := range cov.Controls {
		r := &cov.Controls[i]
		if r.Status == CoverUnconfirmed {
			cov.Unconfirmed++
			continue
		}
		cov.All++
		if !scope[r.Service] {
			continue
		}
		r.InScope = true
		cov.InScope++
		switch r.Status {
		case CoverAutomated:
			cov.Automated++
			cov.Automatable++
		case CoverNone:
			cov.NotCovered++
			cov.Automatable++
		case CoverManual:
			cov.Manual++
		case CoverQuestion:
			cov.Questions++
		}
	}
	if byService(fw.ID) {
		for s := range scope {
			cov.Services = append(cov.Services, s)
		}
		sort.Slice(cov.Services, func(i, j int) bool { return strings.ToLower(cov.Services[i]) < strings.ToLower(cov.Services[j]) })
		cov.AllServices = len(all)
	}
	if cov.Automatable > 0 {
		cov.Percent = float64(cov.Automated) * 100 / float64(cov.Automatable)
	}
	return cov, nil
}

// sameControl finds "framework:control" among fws, or nil.
func sameControl(fws []*mamori.Framework, ref string) *mamori.Control {
	fid, cid, ok := strings.Cut(ref, ":")
	if !ok {
		return nil
	}
	if fw := Find(fws, fid); fw != nil {
		for i := range fw.Controls {
			if fw.Controls[i].ID == cid {
				return &fw.Controls[i]
			}
		}
	}
	return nil
}

func appendNew(xs []string, x string) []string {
	if contains(xs, x) {
		return xs
	}
	return append(xs, x)
}
