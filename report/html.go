package report

import (
	"cmp"
	_ "embed"
	"io"
	"slices"
	"strings"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// The HTML report is one self-contained file: inline CSS, no script, no
// remote fonts or images, and a Content-Security-Policy that forbids loading
// anything, so it can be mailed around and opened offline. Everything that
// comes from the scanned account (resource names, reasons) and from check
// files is escaped (htmlw.go).
//
// It stays a page a browser opens at once whatever the size of the scan:
// findings are grouped by check, each check's text is shown once, and only
// the first htmlFirst resources of a check are listed, with the command that
// lists the rest. A summary for a manager comes first: what is worst, what
// changed since the previous scan, and the pass rate of each framework the
// checks are mapped to.

// htmlFirst is how many resources of a check the HTML report lists.
const htmlFirst = 20

// htmlWorst is how many checks the summary's "what is worst" lists.
const htmlWorst = 10

// htmlView is what the page shows. Its fields are exported for the
// template the fuzz test compares the page with (testdata/oracle).
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
	v, err := htmlViewOf(in)
	if err != nil {
		return err
	}
	h := newHTMLWriter(w)
	writeHTMLReport(h, v)
	return h.flush()
}

// htmlViewOf is what the report shows.
func htmlViewOf(in Input) (*htmlView, error) {
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
		return nil, err
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
		return nil, err
	}
	if v.Errors, err = ordered(mamori.StatusError); err != nil {
		return nil, err
	}
	if v.Muted, err = ordered(mamori.StatusMuted); err != nil {
		return nil, err
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
	return v, nil
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

// The page, section by section, in the order it shows them.

func writeHTMLReport(h *htmlWriter, v *htmlView) {
	t := v.T
	writeHead(h, v.Lang, v.Version, t("report.html.title")+": "+v.Scan.Source, htmlReportCSS)
	h.f(`<header>
<h1>%s</h1>
<div class="sub">%s · %s</div>
</header>
`, t("report.html.title"), v.Scan.Source, v.Scan.Finished)
	if v.Scan.Partial {
		h.f("\n"+`<div class="warn" role="alert">`+"\n<strong>%s</strong>: %s", t("report.partial_title"), t("report.partial_html"))
		if len(v.Scan.Errors) > 0 {
			h.raw("\n<ul>")
			for _, e := range v.Scan.Errors {
				h.f("\n<li>%s</li>", e)
			}
			h.raw("\n</ul>")
		}
		h.raw("\n</div>\n")
	}
	h.f("\n<h2>%s</h2>\n"+`<div class="cards">`, t("report.summary"))
	for _, c := range v.Statuses {
		h.f("\n"+`<div class="card %s"><div>%s</div><div class="n">%d</div></div>`, c.Class, c.Label, c.N)
	}
	h.raw("\n</div>\n")
	writeHTMLWorst(h, v)
	writeHTMLChanges(h, v)
	writeHTMLFrameworks(h, v)
	h.f("\n\n<h3>%s</h3>\n"+`<div class="bars">`, t("report.by_severity"))
	for _, c := range v.Severity {
		h.f("\n"+`<div>%s</div><div class="bar"><span class="%s" style="width: %d%%"></span></div><div class="num">%d</div>`, c.Label, c.Class, c.Pct, c.N)
	}
	s := &v.Scan
	h.f(`
</div>

<h2>%s</h2>
<dl class="meta">
<dt>%s</dt><dd>%s</dd>
<dt>%s</dt><dd>%s</dd>
<dt>%s</dt><dd>%s</dd>
<dt>%s</dt><dd>%s</dd>
<dt>%s</dt><dd>%s</dd>
<dt>%s</dt><dd>%s</dd>
<dt>%s</dt><dd>%s</dd>
<dt>%s</dt><dd>%d</dd>
</dl>
`, t("report.scan"), t("report.scan.id"), s.ID, t("report.scan.source"), s.Source, t("report.scan.provider"), s.Provider,
		t("report.scan.accounts"), s.Accounts, t("report.scan.regions"), s.Regions, t("report.scan.started"), s.Started,
		t("report.scan.finished"), s.Finished, t("report.scan.resources"), s.Resources)
	writeHTMLFailures(h, v)
	writeHTMLErrors(h, v)
	writeHTMLMuted(h, v)
	writeHTMLPassed(h, v)
	h.f("\n\n<footer>%s</footer>\n</body>\n</html>\n\n\n", t("report.generated", v.Version))
}

// writeHead writes the head the reports share: no script, nothing loaded.
func writeHead(h *htmlWriter, lang, version, title, css string) {
	h.f(`<!DOCTYPE html>
<html lang="%s">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mamori %s">
<title>%s</title>
<style>
`, lang, version, title)
	h.raw(css)
	h.raw("</style>\n</head>\n<body>\n")
}

// checkIDUnlessTitle writes the check ID under its title when they differ.
func checkIDUnlessTitle(h *htmlWriter, id, title string) {
	if id != title {
		h.f(`<span class="id">%s</span>`, id)
	}
}

// The summary: the worst failing checks, the changes since the previous
// scan, the pass rate per framework.

func writeHTMLWorst(h *htmlWriter, v *htmlView) {
	t := v.T
	h.f("\n<h3>%s</h3>", t("report.worst"))
	if len(v.Worst) == 0 {
		h.f("\n<p>%s</p>", t("report.no_failures"))
		return
	}
	h.f("\n<table>\n"+`<thead><tr><th>%s</th><th>%s</th><th class="num">%s</th></tr></thead>`+"\n<tbody>",
		t("report.col.severity"), t("report.col.check"), t("report.col.failing"))
	for _, g := range v.Worst {
		h.f("\n"+`<tr><td><span class="sev %s">%s</span></td><td><a href="#%s">%s</a>`, g.SeverityClass, g.Severity, fragmentURL(g.Anchor), g.Title)
		checkIDUnlessTitle(h, g.CheckID, g.Title)
		h.f(`</td><td class="num">%d</td></tr>`, g.N)
	}
	h.raw("\n</tbody>\n</table>")
	if len(v.Fails) > len(v.Worst) {
		h.f("\n"+`<p class="sub">%s</p>`, t("report.worst_more", len(v.Fails)))
	}
}

func writeHTMLChanges(h *htmlWriter, v *htmlView) {
	t := v.T
	h.f("\n\n<h3>%s</h3>", t("report.changes"))
	c := v.Changes
	if c == nil {
		h.f("\n<p>%s</p>", t("report.changes.none"))
		return
	}
	h.f("\n<p>%s</p>", t("report.changes.summary", c.New, c.Resolved, c.PrevID, c.PrevFinished))
	if len(c.Checks) == 0 {
		return
	}
	h.f("\n<table>\n"+`<thead><tr><th>%s</th><th>%s</th><th class="num">%s</th><th class="num">%s</th></tr></thead>`+"\n<tbody>",
		t("report.col.severity"), t("report.col.check"), t("report.col.new"), t("report.col.resolved"))
	for _, x := range c.Checks {
		h.f("\n"+`<tr><td><span class="sev %s">%s</span></td><td>%s`, x.SeverityClass, x.Severity, x.Title)
		checkIDUnlessTitle(h, x.CheckID, x.Title)
		h.raw(`</td><td class="num">`)
		if x.New != 0 {
			h.f("+%d", x.New)
		} else {
			h.raw("0")
		}
		h.raw(`</td><td class="num">`)
		if x.Resolved != 0 {
			h.f("−%d", x.Resolved)
		} else {
			h.raw("0")
		}
		h.raw("</td></tr>")
	}
	h.raw("\n</tbody>\n</table>")
}

func writeHTMLFrameworks(h *htmlWriter, v *htmlView) {
	t := v.T
	h.f("\n\n<h3>%s</h3>", t("report.frameworks"))
	if len(v.Frameworks) == 0 {
		h.f("\n<p>%s</p>", t("report.none"))
		return
	}
	h.f("\n<table>\n"+`<thead><tr><th>%s</th><th class="num">%s</th><th>%s</th><th class="num"></th></tr></thead>`+"\n<tbody>",
		t("report.col.framework"), t("report.col.controls_met"), t("report.col.pass_rate"))
	for _, f := range v.Frameworks {
		h.f("\n"+`<tr><td>%s</td><td class="num">%d / %d</td><td><div class="bar"><span class="pass" style="width: %d%%"></span></div></td><td class="num">%d%%</td></tr>`,
			f.ID, f.ControlsMet, f.Controls, f.Pct, f.Pct)
	}
	h.f("\n</tbody>\n</table>\n"+`<p class="sub">%s</p>`, t("report.frameworks_note"))
}

// The findings by status, one section per check.

func writeHTMLFailures(h *htmlWriter, v *htmlView) {
	t := v.T
	h.f("\n<h2>%s</h2>", t("report.failures", v.FailTotal))
	if len(v.Fails) == 0 {
		h.f("\n<p>%s</p>", t("report.no_failures"))
		return
	}
	for _, g := range v.Fails {
		writeHTMLGroupHead(h, v, g, true)
		writeHTMLDetails(h, v, g)
		h.f("\n<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>",
			t("report.col.resource"), t("report.col.account"), t("report.col.region"), t("report.col.first_seen"))
		for _, r := range g.Rows {
			h.f("\n"+`<tr><td>%s<span class="id">%s</span></td><td>%s</td><td>%s</td><td>%s</td></tr>`, r.ResourceName, r.ResourceID, r.Account, r.Region, r.FirstSeen)
		}
		h.raw("\n</tbody>\n</table>")
		writeHTMLMore(h, v, g)
		h.raw("\n</section>")
	}
}

func writeHTMLErrors(h *htmlWriter, v *htmlView) {
	if len(v.Errors) == 0 {
		return
	}
	t := v.T
	h.f("\n\n<h2>%s</h2>\n<p>%s</p>", t("report.errors", v.ErrorTotal), t("report.errors_note"))
	for _, g := range v.Errors {
		writeHTMLGroupHead(h, v, g, false)
		h.f("\n<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>",
			t("report.col.resource"), t("report.col.region"), t("report.col.reason"))
		for _, r := range g.Rows {
			h.f("\n"+`<tr><td>%s<span class="id">%s</span></td><td>%s</td><td>%s</td></tr>`, r.ResourceName, r.ResourceID, r.Region, r.Reason)
		}
		h.raw("\n</tbody>\n</table>")
		writeHTMLMore(h, v, g)
		h.raw("\n</section>")
	}
}

func writeHTMLMuted(h *htmlWriter, v *htmlView) {
	if len(v.Muted) == 0 {
		return
	}
	t := v.T
	h.f("\n\n<h2>%s</h2>", t("report.muted", v.MutedTotal))
	for _, g := range v.Muted {
		writeHTMLGroupHead(h, v, g, true)
		h.f("\n<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>",
			t("report.col.resource"), t("report.col.region"), t("report.col.reason"), t("report.col.muted_by"), t("report.col.until"))
		for _, r := range g.Rows {
			until := r.MuteUntil
			if until == "" {
				until = "-"
			}
			h.f("\n"+`<tr><td>%s<span class="id">%s</span></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>`,
				r.ResourceName, r.ResourceID, r.Region, r.Reason, r.MuteBy, until)
		}
		h.raw("\n</tbody>\n</table>")
		writeHTMLMore(h, v, g)
		h.raw("\n</section>")
	}
}

// writeHTMLGroupHead opens a check's section: its title (after its
// severity when sev), how many resources, its ID.
func writeHTMLGroupHead(h *htmlWriter, v *htmlView, g *htmlGroup, sev bool) {
	h.f("\n"+`<section class="check" id="%s">`+"\n<h3>", g.Anchor)
	if sev {
		h.f(`<span class="sev %s">%s</span> `, g.SeverityClass, g.Severity)
	}
	h.f(`%s <span class="sub">%s</span></h3>`, g.Title, v.T("report.resources_n", g.N))
	checkIDUnlessTitle(h, g.CheckID, g.Title)
}

// writeHTMLDetails writes a check's text, folded: what it checks, the risk,
// how to fix, where it maps, references.
func writeHTMLDetails(h *htmlWriter, v *htmlView, g *htmlGroup) {
	if !g.HasDetails() {
		return
	}
	t := v.T
	h.f("\n<details>\n<summary>%s</summary>\n"+`<div class="body">`, t("report.details"))
	for _, x := range []struct{ key, text string }{
		{"report.description", g.Description}, {"report.risk", g.Risk}, {"report.fix.console", g.Console},
	} {
		if x.text != "" {
			h.f("\n<h4>%s</h4>\n"+`<div class="text">%s</div>`, t(x.key), x.text)
		}
	}
	for _, x := range []struct{ key, code string }{{"report.fix.cli", g.CLI}, {"report.fix.terraform", g.Terraform}} {
		if x.code != "" {
			h.f("\n<h4>%s</h4>\n<pre><code>%s</code></pre>", t(x.key), x.code)
		}
	}
	if len(g.Compliance) > 0 {
		h.f("\n<h4>%s</h4>\n<div>%s</div>", t("report.compliance"), strings.Join(g.Compliance, ", "))
	}
	if len(g.References) > 0 {
		h.f("\n<h4>%s</h4>\n<ul>", t("report.references"))
		for _, r := range g.References {
			h.f("\n"+`<li><a href="%s" rel="noopener noreferrer">%s</a></li>`, hrefURL(r), r)
		}
		h.raw("\n</ul>")
	}
	h.raw("\n</div>\n</details>")
}

// writeHTMLMore says how many of a check's resources are not listed and
// the command that lists them all.
func writeHTMLMore(h *htmlWriter, v *htmlView, g *htmlGroup) {
	if g.More != 0 {
		h.f("\n"+`<p class="more">%s <code>%s</code></p>`, v.T("report.more", g.More), g.MoreCmd)
	}
}

func writeHTMLPassed(h *htmlWriter, v *htmlView) {
	t := v.T
	h.f("\n\n<h2>%s</h2>", t("report.passed"))
	if len(v.Passed) == 0 {
		h.f("\n<p>%s</p>", t("report.no_passed"))
		return
	}
	h.f("\n<table>\n"+`<thead><tr><th>%s</th><th class="num">%s</th></tr></thead>`+"\n<tbody>", t("report.col.check"), t("report.col.count"))
	for _, p := range v.Passed {
		h.f("\n<tr><td>%s", p.Label)
		checkIDUnlessTitle(h, p.Sub, p.Label)
		h.f(`</td><td class="num">%d</td></tr>`, p.N)
	}
	h.raw("\n</tbody>\n</table>")
}

const htmlReportCSS = `:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa;
  --critical: #8b0000; --high: #d1242f; --medium: #bc4c00; --low: #0969da; --info: #59636e;
  --pass: #1a7f37; --fail: #d1242f; --muted-st: #6e7781; --error: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; color: var(--fg); line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", Meiryo, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 .5rem; }
h4 { font-size: .95rem; margin: .75rem 0 .25rem; }
section.check { margin: 1.25rem 0 1.75rem; }
section.check h3 { margin-bottom: .25rem; }
p.more { color: var(--muted); font-size: .9rem; }
p.more code { background: var(--bg-soft); border: 1px solid var(--line); border-radius: .3rem; padding: .1rem .35rem; overflow-wrap: anywhere; }
.sub, .id { color: var(--muted); font-size: .85rem; }
.id { display: block; overflow-wrap: anywhere; }
.warn { border: 1px solid var(--error); border-left-width: .4rem; background: #fff8c5; padding: .75rem 1rem; margin: 1rem 0; }
.warn ul { margin: .5rem 0 0; padding-left: 1.25rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; }
.card { border: 1px solid var(--line); border-top-width: .3rem; border-radius: .4rem; padding: .5rem 1rem; min-width: 8rem; }
.card .n { font-size: 1.8rem; font-weight: 600; }
.card.pass { border-top-color: var(--pass); } .card.fail { border-top-color: var(--fail); }
.card.muted { border-top-color: var(--muted-st); } .card.error { border-top-color: var(--error); }
.bars { display: grid; grid-template-columns: max-content 1fr 3rem; gap: .35rem .75rem; align-items: center; max-width: 40rem; }
.bar { background: var(--bg-soft); height: .9rem; border-radius: .2rem; overflow: hidden; }
.bar span { display: block; height: 100%; }
.bar .critical, .sev.critical { background: var(--critical); } .bar .high, .sev.high { background: var(--high); }
.bar .medium, .sev.medium { background: var(--medium); } .bar .low, .sev.low { background: var(--low); }
.bar .info, .sev.info { background: var(--info); }
.bar .pass { background: var(--pass); }
td .bar { min-width: 8rem; margin-top: .3rem; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
th { background: var(--bg-soft); font-weight: 600; white-space: nowrap; }
.sev { display: inline-block; color: #fff; border-radius: 1rem; padding: 0 .6rem; font-size: .8rem; font-weight: 600; white-space: nowrap; }
details summary { cursor: pointer; color: var(--low); }
details .body { padding: .25rem 0 .5rem 1rem; }
.text { white-space: pre-line; }
pre { background: var(--bg-soft); border: 1px solid var(--line); border-radius: .3rem; padding: .5rem .75rem; overflow-x: auto; font-size: .85rem; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }
@media print { details::details-content { content-visibility: visible; display: block; } body { max-width: none; } section.check { break-inside: avoid-page; } }
`
