package report

import (
	"cmp"
	_ "embed"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// The HTML report is one self-contained file: inline CSS, no script, no
// remote fonts or images, and a Content-Security-Policy that forbids loading
// anything, so it can be mailed around and opened offline. html/template
// escapes everything that comes from the scanned account (resource names,
// reasons) and from check files.
//
// It stays a page a browser opens at once whatever the size of the scan:
// findings are grouped by check, each check's text is shown once, and only
// the first htmlFirst resources of a check are listed, with the command that
// lists the rest. A summary for a manager comes first: what is worst, what
// changed since the previous scan, and the pass rate of each framework the
// checks are mapped to.

//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	// detailsOf hands a sub-template the view (for its messages) and a group.
	"detailsOf": func(v *htmlView, g *htmlGroup) htmlGroupIn { return htmlGroupIn{v, g} },
}).Parse(htmlSource))

type htmlGroupIn struct {
	V *htmlView
	G *htmlGroup
}

// htmlFirst is how many resources of a check the HTML report lists.
const htmlFirst = 20

// htmlWorst is how many checks the summary's "what is worst" lists.
const htmlWorst = 10

// htmlView is what the template shows.
type htmlView struct {
	Lang       string
	Version    string
	Scan       htmlScan
	Statuses   []htmlCount
	Severity   []htmlCount
	FailTotal  int
	Worst      []*htmlGroup
	Changes    *htmlChanges
	Frameworks []htmlFramework
	Fails      []*htmlGroup
	Muted      []*htmlGroup
	MutedTotal int
	Errors     []*htmlGroup
	ErrorTotal int
	Passed     []htmlCount
}

// T returns the catalogue message key in the report's language.
func (v *htmlView) T(key string, args ...any) string { return i18n.T(v.Lang, key, args...) }

type htmlScan struct {
	ID, Source, Provider, Accounts, Regions, Started, Finished string
	Resources                                                  int
	Partial                                                    bool
	Errors                                                     []string
}

type htmlCount struct {
	Label, Class, Sub string
	N, Pct            int
}

// htmlGroup is one check's findings of one status: its text once, the first
// findings, and how many more there are.
type htmlGroup struct {
	Anchor                                     string
	Severity, SeverityClass                    string
	severity                                   mamori.Severity
	Title, CheckID                             string
	N                                          int
	Rows                                       []htmlFinding
	More                                       int
	MoreCmd                                    string
	Description, Risk, Console, CLI, Terraform string
	References, Compliance                     []string
}

// HasDetails reports whether the group has anything to show under
// "Risk and how to fix".
func (g *htmlGroup) HasDetails() bool {
	return g.Description != "" || g.Risk != "" || g.Console != "" || g.CLI != "" || g.Terraform != "" ||
		len(g.References) > 0 || len(g.Compliance) > 0
}

type htmlFinding struct {
	ResourceName, ResourceID, ResourceType string
	Account, Region, FirstSeen             string
	Reason, MuteBy, MuteUntil              string
}

type htmlChanges struct {
	PrevID, PrevFinished string
	New, Resolved        int
	Checks               []htmlChange
}

type htmlChange struct {
	Severity, SeverityClass string
	Title, CheckID          string
	New, Resolved           int
}

// htmlFramework is the pass rate of the checks mapped to one framework.
type htmlFramework struct {
	ID                    string
	Controls, ControlsMet int
	Pass, Fail            int
	Pct                   int
}

func renderHTML(w io.Writer, in Input) error {
	s := in.Scan
	lang := in.Lang
	v := &htmlView{
		Lang:    lang,
		Version: in.Version,
		Scan: htmlScan{
			ID: s.ID, Source: s.Source, Provider: s.Provider,
			Accounts: strings.Join(s.Accounts, ", "), Regions: strings.Join(s.Regions, ", "),
			Started: stamp(s.StartedAt), Finished: stamp(s.FinishedAt),
			Resources: s.Resources, Partial: s.Partial,
		},
	}
	for i := range s.Errors {
		v.Scan.Errors = append(v.Scan.Errors, s.Errors[i].Error())
	}
	fc, err := in.Findings.Count()
	if err != nil {
		return err
	}

	c := counts(s, fc)
	total := 0
	for _, st := range statuses {
		total += c[st]
	}
	for _, st := range statuses {
		v.Statuses = append(v.Statuses, htmlCount{
			Label: i18n.T(lang, "status."+string(st)), Class: strings.ToLower(string(st)), N: c[st], Pct: pct(c[st], total),
		})
	}

	cc := checkCache{checks: in.Checks}
	checkOfID := func(id string, sev mamori.Severity) *mamori.Check {
		return cc.of(&mamori.Finding{CheckID: id, Severity: sev})
	}
	// One group per check and status, from the counts.
	bySev := map[mamori.Severity]int{}
	groups := map[mamori.Status]map[string]*htmlGroup{}
	passed := map[string]*htmlCount{}
	var passOrder []string
	for _, x := range fc {
		switch x.Status {
		case mamori.StatusPass:
			p, ok := passed[x.CheckID]
			if !ok {
				p = &htmlCount{Label: title(checkOfID(x.CheckID, x.Severity), lang), Sub: x.CheckID}
				passed[x.CheckID] = p
				passOrder = append(passOrder, x.CheckID)
			}
			p.N += x.Count
			continue
		case mamori.StatusFail:
			bySev[x.Severity] += x.Count
			v.FailTotal += x.Count
		case mamori.StatusMuted:
			v.MutedTotal += x.Count
		case mamori.StatusError:
			v.ErrorTotal += x.Count
		}
		m := groups[x.Status]
		if m == nil {
			m = map[string]*htmlGroup{}
			groups[x.Status] = m
		}
		g := m[x.CheckID]
		if g == nil {
			g = &htmlGroup{CheckID: x.CheckID, Anchor: strings.ToLower(string(x.Status)) + "-" + x.CheckID}
			m[x.CheckID] = g
		}
		g.N += x.Count
		g.severity = max(g.severity, x.Severity)
	}
	ordered := func(st mamori.Status) ([]*htmlGroup, error) {
		var out []*htmlGroup
		for _, g := range groups[st] {
			ch := checkOfID(g.CheckID, g.severity)
			g.Severity, g.SeverityClass = i18n.T(lang, "severity."+g.severity.String()), g.severity.String()
			g.Title = title(ch, lang)
			g.Description, g.Risk, g.Console = ch.Description.In(lang), ch.Risk.In(lang), ch.Remediation.Console.In(lang)
			g.CLI, g.Terraform = strings.TrimRight(ch.Remediation.CLI, "\n"), strings.TrimRight(ch.Remediation.Terraform, "\n")
			g.References, g.Compliance = ch.References, ch.Compliance
			out = append(out, g)
		}
		// Most severe first, then the most widespread.
		slices.SortFunc(out, func(a, b *htmlGroup) int {
			return cmp.Or(cmp.Compare(b.severity, a.severity), cmp.Compare(b.N, a.N), strings.Compare(a.CheckID, b.CheckID))
		})
		for _, g := range out {
			err := in.Findings.Walk(Query{Status: []mamori.Status{st}, CheckID: g.CheckID, Limit: htmlFirst}, func(f *mamori.Finding) error {
				g.Rows = append(g.Rows, htmlFindingOf(f))
				return nil
			})
			if err != nil {
				return nil, err
			}
			if g.More = g.N - len(g.Rows); g.More > 0 {
				g.MoreCmd = "mamori findings --scan " + shellWord(s.ID) + " --check " + shellWord(g.CheckID) +
					" --status " + string(st) + " --format csv"
			}
		}
		return out, nil
	}
	if v.Fails, err = ordered(mamori.StatusFail); err != nil {
		return err
	}
	if v.Errors, err = ordered(mamori.StatusError); err != nil {
		return err
	}
	if v.Muted, err = ordered(mamori.StatusMuted); err != nil {
		return err
	}
	v.Worst = v.Fails[:min(len(v.Fails), htmlWorst)]
	for _, sev := range severities {
		v.Severity = append(v.Severity, htmlCount{
			Label: i18n.T(lang, "severity."+sev.String()), Class: sev.String(), N: bySev[sev], Pct: pct(bySev[sev], v.FailTotal),
		})
	}
	for _, id := range passOrder {
		v.Passed = append(v.Passed, *passed[id])
	}
	if in.Changes != nil {
		ch := &htmlChanges{PrevID: in.Changes.Previous.ID, PrevFinished: stamp(in.Changes.Previous.FinishedAt)}
		for _, x := range in.Changes.ByCheck {
			ch.New += x.New
			ch.Resolved += x.Resolved
			ch.Checks = append(ch.Checks, htmlChange{
				Severity: i18n.T(lang, "severity."+x.Severity.String()), SeverityClass: x.Severity.String(),
				Title: title(checkOfID(x.CheckID, x.Severity), lang), CheckID: x.CheckID, New: x.New, Resolved: x.Resolved,
			})
		}
		slices.SortStableFunc(ch.Checks, func(a, b htmlChange) int {
			return cmp.Or(cmp.Compare(b.New, a.New), cmp.Compare(b.Resolved, a.Resolved))
		})
		v.Changes = ch
	}
	v.Frameworks = frameworkRates(fc, checkOfID)
	return htmlTemplate.Execute(w, v)
}

// frameworkRates gives, for each framework the checks are mapped to, how many
// of its controls (as "framework:control" mappings) have findings and none
// failing, and how many of its checks' findings pass. MUTED and ERROR
// findings are neither passes nor failures here.
func frameworkRates(fc []mamori.FindingCount, checkOfID func(string, mamori.Severity) *mamori.Check) []htmlFramework {
	type tally struct{ pass, fail int }
	byCheck := map[string]*tally{}
	var ids []string
	for _, x := range fc {
		t := byCheck[x.CheckID]
		if t == nil {
			t = &tally{}
			byCheck[x.CheckID] = t
			ids = append(ids, x.CheckID)
		}
		switch x.Status {
		case mamori.StatusPass:
			t.pass += x.Count
		case mamori.StatusFail:
			t.fail += x.Count
		}
	}
	type fw struct {
		pass, fail int
		controls   map[string]bool // control -> no failure
	}
	fws := map[string]*fw{}
	for _, id := range ids {
		t := byCheck[id]
		if t.pass+t.fail == 0 {
			continue
		}
		seen := map[string]bool{}
		for _, m := range checkOfID(id, 0).Compliance {
			name, control, ok := strings.Cut(m, ":")
			if !ok || name == "" {
				continue
			}
			f := fws[name]
			if f == nil {
				f = &fw{controls: map[string]bool{}}
				fws[name] = f
			}
			if !seen[name] {
				seen[name] = true
				f.pass += t.pass
				f.fail += t.fail
			}
			ok, known := f.controls[control]
			f.controls[control] = (ok || !known) && t.fail == 0
		}
	}
	out := []htmlFramework{}
	for name, f := range fws {
		r := htmlFramework{ID: name, Controls: len(f.controls), Pass: f.pass, Fail: f.fail, Pct: pct(f.pass, f.pass+f.fail)}
		for _, ok := range f.controls {
			if ok {
				r.ControlsMet++
			}
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b htmlFramework) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// shellWord quotes s for a POSIX shell when it needs it.
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:/@+=,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// pct returns n as a whole percentage of total (0 when total is 0).
func pct(n, total int) int {
	if total == 0 {
		return 0
	}
	return (n*100 + total/2) / total
}

func htmlFindingOf(f *mamori.Finding) htmlFinding {
	h := htmlFinding{
		ResourceName: resourceName(f),
		ResourceID:   f.Resource.ID,
		ResourceType: f.Resource.Type,
		Account:      f.Account,
		Region:       f.Region,
		FirstSeen:    stamp(f.FirstSeen),
		Reason:       f.Reason,
	}
	if f.Mute != nil {
		if h.Reason == "" {
			h.Reason = f.Mute.Reason
		}
		h.MuteBy = f.Mute.By
		if !f.Mute.Until.IsZero() {
			h.MuteUntil = stamp(f.Mute.Until)
		}
	}
	return h
}
