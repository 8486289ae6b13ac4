package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// CaseFormats are the formats of mamori cases.
func CaseFormats() []string { return []string{"table", "json", "csv"} }

// dueText says when a case is due: "2026-12-20", or "OVERDUE 3d (2026-12-20)".
func dueText(lang string, c *mamori.Case, now time.Time) string {
	if c.Due.IsZero() {
		return "-"
	}
	if c.Overdue(now) {
		days := int(now.Sub(c.Due).Hours()/24) + 1
		return i18n.T(lang, "cases.overdue_by", days, day(c.Due))
	}
	return day(c.Due)
}

// CaseOutcome is the outcome as shown: "act", "attend (exposed)".
func caseOutcome(c *mamori.Case) string {
	o := c.Urgency.Outcome
	if o == "" {
		o = "-"
	}
	if c.Urgency.Exposed {
		o += "+"
	}
	return o
}

func casePackages(c *mamori.Case) string {
	var ps []string
	for _, p := range c.Packages {
		ps = append(ps, p.Name+" "+p.Version)
	}
	return strings.Join(ps, ", ")
}

// RenderCases writes a list of cases, most urgent first as given; overdue
// cases are marked "!" in the table and carry "overdue": true in JSON and
// CSV.
func RenderCases(w io.Writer, format, lang string, now time.Time, cs []mamori.Case) error {
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	switch format {
	case "json":
		type row struct {
			mamori.Case
			Overdue bool `json:"overdue"`
		}
		rows := make([]row, len(cs))
		for i := range cs {
			rows[i] = row{cs[i], cs[i].Overdue(now)}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"cases": rows})
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"id", "tenant", "asset", "group", "title", "status", "outcome", "exposed", "cvss", "due", "overdue", "assignee", "packages", "decision", "opened"})
		for i := range cs {
			c := &cs[i]
			dec := ""
			if c.Decision != nil {
				dec = string(c.Decision.Status) + ":" + c.Decision.Justification
			}
			cw.Write([]string{c.ID, c.Tenant, c.Asset, c.Group, csvSafe(c.Title), string(c.Status), c.Urgency.Outcome, fmt.Sprint(c.Urgency.Exposed),
				fmt.Sprint(c.Urgency.CVSS), day(c.Due), fmt.Sprint(c.Overdue(now)), csvSafe(c.Assignee), csvSafe(casePackages(c)), dec, c.Opened.UTC().Format(time.RFC3339)})
		}
		cw.Flush()
		return cw.Error()
	}
	bw := bufio.NewWriter(w)
	rows := [][]string{{"", t("cases.col.id"), t("cases.col.urgency"), t("cases.col.due"), t("cases.col.status"), t("cases.col.customer"), t("cases.col.asset"), t("cases.col.vuln"), t("cases.col.packages"), t("cases.col.assignee")}}
	overdue := 0
	for i := range cs {
		c := &cs[i]
		mark := ""
		if c.Overdue(now) {
			mark = "!"
			overdue++
		}
		rows = append(rows, []string{mark, c.ID, caseOutcome(c), dueText(lang, c, now), t("case.status." + string(c.Status)), c.Tenant, c.Asset, c.Group, casePackages(c), dashCase(c.Assignee)})
	}
	writeColumns(bw, "", rows)
	fmt.Fprintln(bw, t("cases.summary", len(cs), overdue))
	return bw.Flush()
}

func dashCase(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// RenderCase writes one case: what, where, urgency with every input, the
// decision, the plan and the history from the change log.
func RenderCase(w io.Writer, format, lang string, now time.Time, c *mamori.Case, log []mamori.LogEntry) error {
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	// Labels in the running text: "status", not the table's "STATUS".
	l := func(k string) string { return strings.ToLower(t(k)) }
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"case": c, "overdue": c.Overdue(now), "log": log})
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s  %s — %s\n", c.ID, c.Group, c.Title)
	if len(c.Aliases) > 0 {
		fmt.Fprintf(bw, "  %s: %s\n", t("vuln.show.aliases"), strings.Join(c.Aliases, ", "))
	}
	fmt.Fprintf(bw, "  %s: %s (%s %s, %s %s)\n", l("cases.col.asset"), c.Asset, l("cases.col.customer"), c.Tenant, l("vuln.col.owner"), dashCase(c.Owner))
	fmt.Fprintf(bw, "  %s: %s   %s: %s\n", l("cases.col.status"), t("case.status."+string(c.Status)), l("cases.col.assignee"), dashCase(c.Assignee))
	for _, p := range c.Packages {
		fix := ""
		if p.Fixed != "" {
			fix = ", " + t("case.show.fixed", p.Fixed)
		}
		fmt.Fprintf(bw, "  %s: %s %s %s (%s%s; %s)\n", l("cases.col.packages"), p.Ecosystem, p.Name, p.Version, dashCase(p.Range), fix, p.Confidence)
	}
	if !c.Present {
		fmt.Fprintf(bw, "  %s\n", t("case.show.gone"))
	}
	fmt.Fprintf(bw, "  %s: %s", l("cases.col.urgency"), caseOutcome(c))
	if c.Urgency.CVSS > 0 {
		fmt.Fprintf(bw, "  (CVSS %.1f)", c.Urgency.CVSS)
	}
	fmt.Fprintln(bw)
	for _, why := range c.Urgency.Why {
		fmt.Fprintf(bw, "    - %s\n", reasonText(lang, why))
	}
	fmt.Fprintf(bw, "  %s: %s", l("cases.col.due"), dueText(lang, c, now))
	if c.Urgency.Rule != "" {
		fmt.Fprintf(bw, "  (%s)", c.Urgency.Rule)
	}
	fmt.Fprintln(bw)
	if d := c.Decision; d != nil {
		fmt.Fprintf(bw, "  %s: %s %s %s (%s %s, %s %s, %s)\n", t("case.show.decision"), d.ID, d.Status, d.Justification, d.By, day(d.At), t("case.show.scope"), d.Scope, d.Source)
		if d.Note != "" {
			fmt.Fprintf(bw, "    %s\n", d.Note)
		}
	}
	if p := c.Plan; p != nil {
		switch p.Kind {
		case mamori.PlanPatch:
			fmt.Fprintf(bw, "  %s: %s\n", t("case.show.plan"), t("case.show.plan_patch", day(p.By), p.RequestedBy))
		default:
			fmt.Fprintf(bw, "  %s: %s\n", t("case.show.plan"), t("case.show.plan_risk", day(p.Until), p.RequestedBy))
			fmt.Fprintf(bw, "    %s: %s\n", t("case.show.compensating"), p.Compensating)
			if p.Evidence != nil {
				fmt.Fprintf(bw, "    %s: %s (sha256 %s, %d bytes)\n", t("case.show.evidence"), p.Evidence.Name, p.Evidence.SHA256, p.Evidence.Size)
			}
		}
		if p.ApprovedBy != "" {
			fmt.Fprintf(bw, "    %s\n", t("case.show.approved", p.ApprovedBy, p.ApprovedAt.UTC().Format(time.RFC3339)))
		} else {
			fmt.Fprintf(bw, "    %s\n", t("case.show.awaiting"))
		}
	}
	if c.Reopens > 0 {
		fmt.Fprintf(bw, "  %s\n", t("case.show.reopened", c.Reopens, c.ReopenReason))
	}
	if len(c.Notified) > 0 {
		fmt.Fprintf(bw, "  %s: %s\n", t("case.show.notified"), strings.Join(c.Notified, ", "))
	}
	if len(log) > 0 {
		fmt.Fprintf(bw, "  %s:\n", t("case.show.history"))
		for _, e := range log {
			fmt.Fprintf(bw, "    #%d %s %s %s\n", e.Seq, e.At.UTC().Format(time.RFC3339), e.Actor, e.Action)
		}
	}
	return bw.Flush()
}

// reasonText is a reason in the language (its stored English text when the
// catalogue does not know its key).
func reasonText(lang string, r mamori.Reason) string {
	if r.Key == "" || !i18n.Has(r.Key) {
		return r.Text
	}
	as := make([]any, len(r.Args))
	for i, a := range r.Args {
		as[i] = a
	}
	return i18n.T(lang, r.Key, as...)
}

// CasesReport is the input of the cases report.
type CasesReport struct {
	Lang    string
	Version string
	Now     time.Time
	Since   time.Time
	// Cases are every case (open and closed) of the customers reported.
	Cases []mamori.Case
	// Decisions are the decisions of those customers.
	Decisions []mamori.Decision
}

// CaseRow is a case as the report shows it.
type caseRow struct {
	*mamori.Case
	Overdue  bool
	DueText  string
	Outcome  string
	Status   string
	Packages string
}

type customerBlock struct {
	Tenant    string
	Open      []caseRow
	Overdue   int
	ByOutcome map[string]int
	Decided   []*mamori.Decision
	Accepted  []caseRow
	Closed    int
}

// RenderCasesReport writes the cases report as HTML (one self-contained
// page) or CSV: per customer, open cases by urgency and due date, the
// overdue ones first marked, decisions made and risks accepted since Since.
func RenderCasesReport(w io.Writer, format string, in CasesReport) error {
	bs := customerBlocks(in)
	if format == "csv" {
		cw := csv.NewWriter(w)
		cw.Write([]string{"section", "tenant", "id", "asset", "group", "status", "outcome", "due", "overdue", "detail", "by", "at"})
		for _, b := range bs {
			tn := b.Tenant
			for _, r := range b.Open {
				cw.Write([]string{"open", tn, r.ID, r.Asset, r.Group, string(r.Case.Status), r.Urgency.Outcome, day(r.Due), fmt.Sprint(r.Overdue), csvSafe(r.Packages), csvSafe(r.Assignee), r.Opened.UTC().Format(time.RFC3339)})
			}
			for _, d := range b.Decided {
				cw.Write([]string{"decision", tn, d.ID, d.Asset, d.Group, string(d.Status), "", "", "", csvSafe(d.Package + " " + d.Range + " " + d.Justification), csvSafe(d.By), d.At.UTC().Format(time.RFC3339)})
			}
			for _, r := range b.Accepted {
				cw.Write([]string{"accepted_risk", tn, r.ID, r.Asset, r.Group, string(r.Case.Status), r.Urgency.Outcome, day(r.Plan.Until), "", csvSafe(r.Plan.Compensating), csvSafe(r.Plan.ApprovedBy), r.Plan.ApprovedAt.UTC().Format(time.RFC3339)})
			}
		}
		cw.Flush()
		return cw.Error()
	}
	h := newHTMLWriter(w)
	writeCasesHTML(h, in, bs)
	return h.flush()
}

// customerBlocks groups the cases and the decisions of the period by
// customer, customers by name.
func customerBlocks(in CasesReport) []*customerBlock {
	t := func(k string, a ...any) string { return i18n.T(in.Lang, k, a...) }
	blocks := map[string]*customerBlock{}
	var tenants []string
	block := func(tn string) *customerBlock {
		b := blocks[tn]
		if b == nil {
			b = &customerBlock{Tenant: tn, ByOutcome: map[string]int{}}
			blocks[tn] = b
			tenants = append(tenants, tn)
		}
		return b
	}
	for i := range in.Cases {
		c := &in.Cases[i]
		b := block(c.Tenant)
		row := caseRow{Case: c, Overdue: c.Overdue(in.Now), DueText: dueText(in.Lang, c, in.Now), Outcome: caseOutcome(c), Status: t("case.status." + string(c.Status)), Packages: casePackages(c)}
		if c.Status.Open() {
			b.Open = append(b.Open, row)
			b.ByOutcome[c.Urgency.Outcome]++
			if row.Overdue {
				b.Overdue++
			}
		} else if !c.Closed.Before(in.Since) {
			b.Closed++
		}
		if c.Plan != nil && c.Plan.Kind == mamori.PlanAcceptRisk && c.Plan.ApprovedBy != "" && !c.Plan.ApprovedAt.Before(in.Since) {
			b.Accepted = append(b.Accepted, row)
		}
	}
	for i := range in.Decisions {
		d := &in.Decisions[i]
		if d.At.Before(in.Since) {
			continue
		}
		block(d.Tenant).Decided = append(block(d.Tenant).Decided, d)
	}
	slices.Sort(tenants)
	for _, b := range blocks {
		slices.SortStableFunc(b.Open, func(x, y caseRow) int {
			if x.Overdue != y.Overdue {
				if x.Overdue {
					return -1
				}
				return 1
			}
			return 0
		})
	}
	bs := make([]*customerBlock, 0, len(tenants))
	for _, tn := range tenants {
		bs = append(bs, blocks[tn])
	}
	return bs
}

// writeCasesHTML writes the cases report: per customer, the open cases, the
// decisions and the accepted risks of the period.
func writeCasesHTML(h *htmlWriter, in CasesReport, bs []*customerBlock) {
	t := func(k string, a ...any) string { return i18n.T(in.Lang, k, a...) }
	h.f(`<!DOCTYPE html>
<html lang="%s">
<head>
<meta charset="utf-8">
<title>%s</title>
<style>
`, in.Lang, t("casesreport.title"))
	h.raw(casesCSS)
	h.f("</style>\n</head>\n<body>\n<h1>%s</h1>\n<p>%s — mamori %s</p>\n", t("casesreport.title"), t("casesreport.period", day(in.Since), day(in.Now)), in.Version)
	if len(bs) == 0 {
		h.f("<p>%s</p>", t("casesreport.none"))
	}
	h.raw("\n")
	for _, b := range bs {
		writeCasesBlock(h, t, b)
	}
	h.raw("\n</body>\n</html>\n")
}

func writeCasesBlock(h *htmlWriter, t func(string, ...any) string, b *customerBlock) {
	h.f(`
<h2>%s: %s</h2>
<p class="summary">
<span>%s</span>
<span class="overdue-mark">%s</span>
`, t("cases.col.customer"), b.Tenant, t("casesreport.open", len(b.Open)), t("casesreport.overdue", b.Overdue))
	for i := len(mamori.Outcomes) - 1; i >= 0; i-- { // most urgent first
		o := mamori.Outcomes[i]
		h.f("<span>%s: %d</span>", o, b.ByOutcome[o])
	}
	h.f("\n<span>%s</span>\n</p>\n<h3>%s</h3>\n", t("casesreport.closed", b.Closed), t("casesreport.open_cases"))
	if len(b.Open) > 0 {
		h.f("\n<table>\n<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
			t("cases.col.id"), t("cases.col.urgency"), t("cases.col.due"), t("cases.col.status"), t("cases.col.asset"), t("cases.col.vuln"),
			t("cases.col.packages"), t("cases.col.assignee"))
		for _, r := range b.Open {
			due := safeHTML(escapeHTML(r.DueText))
			if r.Overdue {
				h.raw(`<tr class="overdue">`)
				due = `<span class="overdue-mark">` + due + `</span>`
			} else {
				h.raw("<tr>")
			}
			h.f(`<td>%s</td><td class="%s">%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s<br>%s</td><td>%s</td><td>%s</td></tr>`+"\n",
				r.ID, r.Urgency.Outcome, r.Outcome, due, r.Status, r.Asset, r.Group, r.Title, r.Packages, r.Assignee)
		}
		h.raw("</table>\n")
	} else {
		h.f("<p>%s</p>", t("casesreport.no_open"))
	}
	h.f("\n<h3>%s</h3>\n", t("casesreport.decisions"))
	if len(b.Decided) > 0 {
		h.f("\n<table>\n<tr><th>ID</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
			t("cases.col.vuln"), t("cases.col.packages"), t("case.show.decision"), t("case.show.scope"), t("casesreport.by"), t("casesreport.at"))
		for _, d := range b.Decided {
			h.f("<tr><td>%s</td><td>%s</td><td>%s %s</td><td>%s %s<br>%s</td><td>%s %s</td><td>%s (%s)</td><td>%s</td></tr>\n",
				d.ID, d.Group, d.Package, d.Range, string(d.Status), d.Justification, d.Note, d.Scope, d.Asset, d.By, d.Source, day(d.At))
		}
		h.raw("</table>\n")
	} else {
		h.f("<p>%s</p>", t("casesreport.none_period"))
	}
	h.f("\n<h3>%s</h3>\n", t("casesreport.accepted"))
	if len(b.Accepted) > 0 {
		h.f("\n<table>\n<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
			t("cases.col.id"), t("cases.col.asset"), t("cases.col.vuln"), t("case.show.compensating"), t("case.show.evidence"), t("casesreport.until"),
			t("casesreport.approved_by"))
		for _, r := range b.Accepted {
			p := r.Plan
			h.f("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>", r.ID, r.Asset, r.Group, p.Compensating)
			if e := p.Evidence; e != nil {
				h.f("%s<br><small>sha256 %s</small>", e.Name, e.SHA256)
			}
			h.f("</td><td>%s</td><td>%s (%s %s)</td></tr>\n", day(p.Until), p.ApprovedBy, t("casesreport.requested_by"), p.RequestedBy)
		}
		h.raw("</table>\n")
	} else {
		h.f("<p>%s</p>", t("casesreport.none_period"))
	}
	h.raw("\n")
}

const casesCSS = `body{font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;font-size:90%;vertical-align:top}
th{background:#f3f3f3}
tr.overdue td{background:#fde8e8}
.overdue-mark{color:#b00;font-weight:bold}
.act{color:#b00;font-weight:bold}.attend{color:#c60;font-weight:bold}
.summary span{display:inline-block;margin-right:1.5em}
`
