package report

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// The history of assessments (mamori assessments) and the supply-chain view
// (mamori suppliers), in table, JSON, CSV and HTML.

// HistoryFormats returns the formats RenderHistory and RenderSuppliers
// accept, the default first.
func HistoryFormats() []string { return []string{"table", "json", "csv", "html"} }

// HistoryRow is one stored assessment in the history, with the change since
// the one before it of the same subject and framework.
type HistoryRow struct {
	ID        string      `json:"id"`
	At        time.Time   `json:"at"`
	Subject   string      `json:"subject,omitempty"`
	Framework string      `json:"framework"`
	Title     mamori.Text `json:"-"`
	Score     int         `json:"score"`
	Max       int         `json:"max"`
	Band      string      `json:"band"`
	BandLabel mamori.Text `json:"-"`
	// Change is the score's change since the previous assessment of the
	// same subject and framework; nil for the first.
	Change *int `json:"change"`
	Gaps   int  `json:"gaps"`
}

// HistoryRows turns assessments (newest first) into history rows.
func HistoryRows(as []mamori.Assessment) []HistoryRow {
	rows := make([]HistoryRow, 0, len(as))
	for i, a := range as {
		r := HistoryRow{ID: a.ID, At: a.At, Subject: a.Subject, Framework: a.Framework, Title: a.FrameworkTitle, Score: a.Score, Max: a.Max,
			Band: a.Band, BandLabel: a.BandLabel, Gaps: len(a.Gaps())}
		for _, b := range as[i+1:] { // newest first: the previous one is further down
			if b.Subject == a.Subject && b.Framework == a.Framework {
				d := a.Score - b.Score
				r.Change = &d
				break
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// HistoryInput is what the history report shows.
type HistoryInput struct {
	// Rows newest first.
	Rows    []HistoryRow
	Lang    string
	Version string
	// Now is when the report was made.
	Now time.Time
}

// RenderHistory writes the history in format: table, json, csv or html.
func RenderHistory(w io.Writer, format string, in HistoryInput) error {
	in.Lang = normLang(in.Lang)
	switch normFormat(format) {
	case "table":
		return historyTable(w, in)
	case "json":
		return writeJSON(w, in.Rows)
	case "csv":
		return historyCSV(w, in)
	case "html":
		return historyHTML(w, in)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(HistoryFormats(), ", "))
}

func subjectName(lang, s string) string {
	if s == "" {
		return i18n.T(lang, "assess.self")
	}
	return s
}

func changeText(c *int) string {
	if c == nil {
		return "—"
	}
	return fmt.Sprintf("%+d", *c)
}

func historyTable(w io.Writer, in HistoryInput) error {
	l := in.Lang
	if len(in.Rows) == 0 {
		_, err := fmt.Fprintln(w, i18n.T(l, "assess.history.none"))
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, i18n.T(l, "assess.history.header"))
	for _, r := range in.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d/%d\t%s\t%s\t%d\n", r.At.Local().Format("2006-01-02 15:04"), subjectName(l, r.Subject), r.Framework, r.Score, r.Max,
			r.BandLabel.In(l), changeText(r.Change), r.Gaps)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// The trend of every series with more than one assessment, oldest first.
	var lines []string
	for _, s := range historySeries(in.Rows) {
		if len(s.Points) < 2 {
			continue
		}
		var ps []string
		for _, p := range s.Points {
			ps = append(ps, strconv.Itoa(p.Score))
		}
		lines = append(lines, fmt.Sprintf("  %s %s: %s", subjectName(l, s.Subject), s.Framework, strings.Join(ps, " → ")))
	}
	if len(lines) > 0 {
		fmt.Fprintf(w, "\n%s\n%s\n", i18n.T(l, "frameworks.history.trend"), strings.Join(lines, "\n"))
	}
	return nil
}

func historyCSV(w io.Writer, in HistoryInput) error {
	l := in.Lang
	cw := csv.NewWriter(w)
	cw.Write([]string{"at", "subject", "framework", "title", "score", "max", "band", "band_label", "change", "gaps", "id"})
	for _, r := range in.Rows {
		change := ""
		if r.Change != nil {
			change = strconv.Itoa(*r.Change)
		}
		cw.Write([]string{csvTime(r.At), csvSafe(r.Subject), r.Framework, csvSafe(r.Title.In(l)), strconv.Itoa(r.Score), strconv.Itoa(r.Max),
			r.Band, csvSafe(r.BandLabel.In(l)), change, strconv.Itoa(r.Gaps), r.ID})
	}
	cw.Flush()
	return cw.Error()
}

// historySeries groups the rows by subject and framework, each series
// oldest first; series ordered by subject (the company first), framework.
type series struct {
	Subject, Framework string
	Title              mamori.Text
	Points             []HistoryRow
}

func historySeries(rows []HistoryRow) []series {
	idx := map[[2]string]int{}
	var out []series
	for i := len(rows) - 1; i >= 0; i-- { // rows are newest first
		r := rows[i]
		k := [2]string{r.Subject, r.Framework}
		j, ok := idx[k]
		if !ok {
			j = len(out)
			idx[k] = j
			out = append(out, series{Subject: r.Subject, Framework: r.Framework, Title: r.Title})
		}
		out[j].Points = append(out[j].Points, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Subject != out[j].Subject {
			return out[i].Subject < out[j].Subject
		}
		return out[i].Framework < out[j].Framework
	})
	return out
}

type historyView struct {
	Lang, Version, Now string
	Series             []historySeriesView
	Rows               []historyRowView
	// Suppliers is set for the supply-chain report (the same page).
	Suppliers *suppliersView
}

type historySeriesView struct {
	Subject, Framework, Title, Latest, Change string
	Width                                     int
	Points                                    []historyPoint
	Polyline                                  string
}

type historyPoint struct {
	X, Y       int
	At         string
	Score, Max int
}

type historyRowView struct {
	At, Subject, Framework, Title, Band, Change, ChangeClass string
	Score, Max, Gaps                                         int
}

func (v *historyView) T(key string, args ...any) string { return i18n.T(v.Lang, key, args...) }

// chart lays out at most the last 12 points of a series as a line chart,
// 0-100 % of the maximum on a 120-pixel-high area.
func chart(ps []HistoryRow) ([]historyPoint, string, int) {
	if len(ps) > 12 {
		ps = ps[len(ps)-12:]
	}
	var out []historyPoint
	var line []string
	for i, p := range ps {
		pct := 0
		if p.Max > 0 {
			pct = max(0, min(100, 100*p.Score/p.Max))
		}
		x, y := 30+i*56, 110-pct
		out = append(out, historyPoint{X: x, Y: y, At: p.At.UTC().Format("2006-01-02"), Score: p.Score, Max: p.Max})
		line = append(line, fmt.Sprintf("%d,%d", x, y))
	}
	return out, strings.Join(line, " "), 60 + 56*len(ps)
}

func historyHTML(w io.Writer, in HistoryInput) error {
	h := newHTMLWriter(w)
	writeHistoryHTML(h, historyViewOf(in))
	return h.flush()
}

// historyViewOf is what the history page shows.
func historyViewOf(in HistoryInput) *historyView {
	l := in.Lang
	v := &historyView{Lang: l, Version: in.Version, Now: in.Now.UTC().Format("2006-01-02 15:04 UTC")}
	for _, s := range historySeries(in.Rows) {
		last := s.Points[len(s.Points)-1]
		sv := historySeriesView{Subject: subjectName(l, s.Subject), Framework: s.Framework, Title: s.Title.In(l),
			Latest: fmt.Sprintf("%d / %d", last.Score, last.Max), Change: changeText(last.Change)}
		sv.Points, sv.Polyline, sv.Width = chart(s.Points)
		v.Series = append(v.Series, sv)
	}
	for _, r := range in.Rows {
		rv := historyRowView{At: r.At.UTC().Format("2006-01-02 15:04"), Subject: subjectName(l, r.Subject), Framework: r.Framework, Title: r.Title.In(l),
			Band: r.BandLabel.In(l), Change: changeText(r.Change), Score: r.Score, Max: r.Max, Gaps: r.Gaps}
		if r.Change != nil && *r.Change > 0 {
			rv.ChangeClass = "up"
		} else if r.Change != nil && *r.Change < 0 {
			rv.ChangeClass = "down"
		}
		v.Rows = append(v.Rows, rv)
	}
	return v
}

// SupplierRow is one supplier in the supply-chain view.
type SupplierRow struct {
	Name     string `json:"name"`
	Contact  string `json:"contact,omitempty"`
	Required string `json:"required"`
	// Risks says why the supplier matters (mamori.SupplierRisks).
	Risks []string `json:"risks,omitempty"`
	// Level is the best framework among the supplier's latest assessments
	// with no gaps left ("" when none).
	Level string `json:"level"`
	// Meets says whether the latest assessment against Required has no
	// gaps; Score, Max, Band and Gaps are that assessment's.
	Meets      bool      `json:"meets_required"`
	Score      *int      `json:"score"`
	Max        int       `json:"max,omitempty"`
	Band       string    `json:"band,omitempty"`
	Gaps       []string  `json:"gaps"`
	LastReview time.Time `json:"last_review,omitempty"`
	NextReview time.Time `json:"next_review"`
	Overdue    bool      `json:"overdue"`
}

// SuppliersInput is what the supply-chain report shows.
type SuppliersInput struct {
	Rows    []SupplierRow
	Lang    string
	Version string
	Now     time.Time
	// ControlTitle names a control of a framework, for the gaps shared
	// across the chain (nil: ids only).
	ControlTitle func(framework, id string) mamori.Text
}

// RenderSuppliers writes the supply-chain view in format: table, json, csv
// or html.
func RenderSuppliers(w io.Writer, format string, in SuppliersInput) error {
	in.Lang = normLang(in.Lang)
	switch normFormat(format) {
	case "table":
		return suppliersTable(w, in)
	case "json":
		rows := in.Rows
		if rows == nil {
			rows = []SupplierRow{}
		}
		return writeJSON(w, rows)
	case "csv":
		return suppliersCSV(w, in)
	case "html":
		return suppliersHTML(w, in)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(HistoryFormats(), ", "))
}

func suppliersTable(w io.Writer, in SuppliersInput) error {
	l := in.Lang
	if len(in.Rows) == 0 {
		_, err := fmt.Fprintln(w, i18n.T(l, "assess.suppliers.none"))
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, i18n.T(l, "assess.suppliers.header"))
	for _, r := range in.Rows {
		score, level, meets := "—", "—", i18n.T(l, "assess.suppliers.no")
		if r.Score != nil {
			score = fmt.Sprintf("%d/%d", *r.Score, r.Max)
		}
		if r.Level != "" {
			level = r.Level
		}
		if r.Meets {
			meets = i18n.T(l, "assess.suppliers.yes")
		}
		next := r.NextReview.Local().Format("2006-01-02")
		if r.Overdue {
			next += " " + i18n.T(l, "assess.suppliers.overdue")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", r.Name, r.Required, level, meets, score, len(r.Gaps), next)
	}
	return tw.Flush()
}

func suppliersCSV(w io.Writer, in SuppliersInput) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"supplier", "contact", "required", "risks", "level", "meets_required", "score", "max", "band", "gaps", "last_review", "next_review", "overdue"})
	for _, r := range in.Rows {
		score := ""
		if r.Score != nil {
			score = strconv.Itoa(*r.Score)
		}
		last := ""
		if !r.LastReview.IsZero() {
			last = csvTime(r.LastReview)
		}
		cw.Write([]string{csvSafe(r.Name), csvSafe(r.Contact), r.Required, strings.Join(r.Risks, " "), r.Level, strconv.FormatBool(r.Meets), score, strconv.Itoa(r.Max), r.Band,
			strings.Join(r.Gaps, " "), last, csvTime(r.NextReview), strconv.FormatBool(r.Overdue)})
	}
	cw.Flush()
	return cw.Error()
}

type suppliersView struct {
	Total, Meeting, NotMeeting, Unassessed, Overdue int
	Rows                                            []supplierRowView
	Shared                                          []sharedGap
}

type supplierRowView struct {
	Risks                                                                     []string
	Name, Contact, Required, Level, Score, Band, Gaps, LastReview, NextReview string
	Meets, Overdue, Assessed                                                  bool
}

type sharedGap struct {
	Framework, ID, Title string
	Suppliers            int
	Names                string
}

func suppliersHTML(w io.Writer, in SuppliersInput) error {
	h := newHTMLWriter(w)
	writeHistoryHTML(h, suppliersViewOf(in))
	return h.flush()
}

// suppliersViewOf is what the supply-chain page shows.
func suppliersViewOf(in SuppliersInput) *historyView {
	l := in.Lang
	sv := &suppliersView{Total: len(in.Rows)}
	type key struct{ fw, id string }
	shared := map[key][]string{}
	for _, r := range in.Rows {
		rv := supplierRowView{Risks: r.Risks, Name: r.Name, Contact: r.Contact, Required: r.Required, Level: r.Level, Band: r.Band, Gaps: strings.Join(r.Gaps, " "),
			NextReview: r.NextReview.UTC().Format("2006-01-02"), Meets: r.Meets, Overdue: r.Overdue, Assessed: r.Score != nil}
		if r.Score != nil {
			rv.Score = fmt.Sprintf("%d / %d", *r.Score, r.Max)
		}
		if !r.LastReview.IsZero() {
			rv.LastReview = r.LastReview.UTC().Format("2006-01-02")
		}
		switch {
		case r.Score == nil:
			sv.Unassessed++
		case r.Meets:
			sv.Meeting++
		default:
			sv.NotMeeting++
		}
		if r.Overdue {
			sv.Overdue++
		}
		for _, g := range r.Gaps {
			k := key{r.Required, g}
			shared[k] = append(shared[k], r.Name)
		}
		sv.Rows = append(sv.Rows, rv)
	}
	for k, names := range shared {
		g := sharedGap{Framework: k.fw, ID: k.id, Suppliers: len(names), Names: strings.Join(names, ", ")}
		if in.ControlTitle != nil {
			g.Title = in.ControlTitle(k.fw, k.id).In(l)
		}
		sv.Shared = append(sv.Shared, g)
	}
	sort.Slice(sv.Shared, func(i, j int) bool {
		a, b := sv.Shared[i], sv.Shared[j]
		if a.Suppliers != b.Suppliers {
			return a.Suppliers > b.Suppliers
		}
		if a.Framework != b.Framework {
			return a.Framework < b.Framework
		}
		return a.ID < b.ID
	})
	if len(sv.Shared) > 15 {
		sv.Shared = sv.Shared[:15]
	}
	v := &historyView{Lang: l, Version: in.Version, Now: in.Now.UTC().Format("2006-01-02 15:04 UTC"), Suppliers: sv}
	return v
}

// writeHistoryHTML writes the history page, or the supply-chain page when
// v.Suppliers is set: the same head, styles and footer.
func writeHistoryHTML(h *htmlWriter, v *historyView) {
	t := v.T
	title := t("frameworks.history.title")
	if v.Suppliers != nil {
		title = t("frameworks.suppliers.title")
	}
	writeHead(h, v.Lang, v.Version, title, historyCSS)
	if v.Suppliers != nil {
		writeSuppliersBody(h, v, v.Suppliers)
	} else {
		writeHistoryBody(h, v)
	}
	h.f("\n"+`<p class="sub">%s</p>`+"\n</body>\n</html>\n", t("assess.html.generated", v.Version))
}

// writeHistoryBody: a chart per subject and framework, then every
// assessment.
func writeHistoryBody(h *htmlWriter, v *historyView) {
	t := v.T
	h.f(`<section class="firstpage">
<h1>%s</h1>
<p class="sub">%s: %s</p>
<h2>%s</h2>
`, t("frameworks.history.title"), t("frameworks.report.at"), v.Now, t("assess.html.trend"))
	if len(v.Series) > 0 {
		h.raw(`<div class="charts">`)
		for i := range v.Series {
			writeHistoryChart(h, v, &v.Series[i])
		}
		h.raw("</div>")
	} else {
		h.f("<p>%s</p>", t("assess.history.none"))
	}
	h.f("\n</section>\n<h2>%s</h2>\n", t("frameworks.history.all"))
	if len(v.Rows) == 0 {
		h.f("<p>%s</p>", t("assess.history.none"))
		return
	}
	h.f("<table>\n"+`<thead><tr><th>%s</th><th>%s</th><th>%s</th><th class="num">%s</th><th>%s</th><th class="num">%s</th><th class="num">%s</th></tr></thead>`+"\n<tbody>",
		t("frameworks.report.at"), t("assess.html.subject"), t("frameworks.report.framework"), t("assess.html.score"), t("frameworks.history.band"),
		t("frameworks.history.change"), t("frameworks.suppliers.gaps"))
	for _, r := range v.Rows {
		h.f(`<tr><td>%s</td><td>%s</td><td>%s<div class="sub">%s</div></td><td class="num">%d / %d</td><td>%s</td><td class="num %s">%s</td><td class="num">%d</td></tr>`,
			r.At, r.Subject, r.Title, r.Framework, r.Score, r.Max, r.Band, r.ChangeClass, r.Change, r.Gaps)
	}
	h.raw("</tbody>\n</table>")
}

// writeHistoryChart draws one series as a line of its scores.
func writeHistoryChart(h *htmlWriter, v *historyView, s *historySeriesView) {
	h.f(`<div class="chart">
<h3>%s · %s</h3>
<p class="sub">%s · %s: %s (%s)</p>
<svg role="img" aria-label="%s %s" width="%d" height="140" viewBox="0 0 %d 140">
<line class="axis" x1="20" y1="110" x2="%d" y2="110"></line><line class="axis" x1="20" y1="10" x2="%d" y2="10"></line>
`, s.Subject, s.Title, s.Framework, v.T("frameworks.history.latest"), s.Latest, s.Change, s.Subject, s.Framework, s.Width, s.Width, s.Width, s.Width)
	if len(s.Points) > 1 {
		h.f(`<polyline points="%s"></polyline>`, s.Polyline)
	}
	h.raw("\n")
	for _, p := range s.Points {
		h.f(`<circle cx="%d" cy="%d" r="3"></circle><text x="%d" y="%d" dx="-6" dy="-6">%d</text><text x="%d" y="126" dx="-14">%s</text>`+"\n",
			p.X, p.Y, p.X, p.Y, p.Score, p.X, p.At[5:])
	}
	h.raw("</svg>\n</div>")
}

// writeSuppliersBody: the chain at a glance and the gaps suppliers share,
// then every supplier.
func writeSuppliersBody(h *htmlWriter, v *historyView, s *suppliersView) {
	t := v.T
	h.f(`<section class="firstpage">
<h1>%s</h1>
<p class="sub">%s: %s</p>
<div class="cards">
<div class="card none"><div class="n">%d</div>%s</div>
<div class="card good"><div class="n">%d</div>%s</div>
<div class="card bad"><div class="n">%d</div>%s</div>
<div class="card none"><div class="n">%d</div>%s</div>
<div class="card warn"><div class="n">%d</div>%s</div>
</div>
<h2>%s</h2>
`, t("frameworks.suppliers.title"), t("frameworks.report.at"), v.Now,
		s.Total, t("frameworks.suppliers.total"), s.Meeting, t("frameworks.suppliers.meeting"), s.NotMeeting, t("frameworks.suppliers.not_meeting"),
		s.Unassessed, t("frameworks.suppliers.unassessed"), s.Overdue, t("frameworks.suppliers.overdue_reviews"), t("frameworks.suppliers.shared"))
	if len(s.Shared) > 0 {
		h.f("<table>\n"+`<thead><tr><th>%s</th><th>%s</th><th class="num">%s</th><th>%s</th></tr></thead>`+"\n<tbody>",
			t("frameworks.report.framework"), t("assess.html.control"), t("frameworks.suppliers.count"), t("frameworks.suppliers.names"))
		for _, g := range s.Shared {
			h.f(`<tr><td>%s</td><td><strong>%s</strong> %s</td><td class="num">%d</td><td>%s</td></tr>`, g.Framework, g.ID, g.Title, g.Suppliers, g.Names)
		}
		h.raw("</tbody>\n</table>")
	} else {
		h.f("<p>%s</p>", t("frameworks.suppliers.no_shared"))
	}
	h.f("\n</section>\n<h2>%s</h2>\n", t("frameworks.suppliers.details"))
	if len(s.Rows) == 0 {
		h.f("<p>%s</p>", t("assess.suppliers.none"))
		return
	}
	h.f("<table>\n"+`<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th class="num">%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>`+"\n<tbody>",
		t("frameworks.suppliers.name"), t("frameworks.suppliers.required"), t("frameworks.suppliers.level"), t("frameworks.suppliers.meets"),
		t("assess.html.score"), t("frameworks.suppliers.gaps"), t("frameworks.suppliers.last_review"), t("frameworks.suppliers.next_review"))
	for i := range s.Rows {
		writeSupplierRow(h, v, &s.Rows[i])
	}
	h.raw("</tbody>\n</table>")
}

func writeSupplierRow(h *htmlWriter, v *historyView, r *supplierRowView) {
	t := v.T
	orDash := func(s string) string { return cmp.Or(s, "—") }
	h.f("<tr>\n<td><strong>%s</strong>", r.Name)
	if r.Contact != "" {
		h.f(`<div class="sub">%s</div>`, r.Contact)
	}
	h.f("</td>\n<td>%s", r.Required)
	for _, risk := range r.Risks {
		h.f(`<div class="sub">%s</div>`, t("frameworks.risk."+risk))
	}
	h.f("</td><td>%s</td>\n<td>", orDash(r.Level))
	switch {
	case !r.Assessed:
		h.f(`<span class="sub">%s</span>`, t("frameworks.suppliers.not_assessed"))
	case r.Meets:
		h.f(`<span class="yes">%s</span>`, t("assess.suppliers.yes"))
	default:
		h.f(`<span class="no">%s</span>`, t("assess.suppliers.no"))
	}
	h.f("</td>\n"+`<td class="num">%s</td>`+"\n<td>%s</td>\n<td>%s</td>\n<td", orDash(r.Score), r.Gaps, orDash(r.LastReview))
	if r.Overdue {
		h.f(` class="overdue">%s %s`, r.NextReview, t("assess.suppliers.overdue"))
	} else {
		h.f(">%s", r.NextReview)
	}
	h.raw("</td>\n</tr>")
}

const historyCSS = `:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa; --good: #1a7f37; --warn: #9a6700; --bad: #d1242f; --none: #6e7781; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; color: var(--fg); line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", Meiryo, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.sub { color: var(--muted); font-size: .85rem; }
.cards { display: flex; flex-wrap: wrap; gap: .5rem; margin: .75rem 0; }
.card { border: 1px solid var(--line); border-top-width: .3rem; border-radius: .4rem; padding: .3rem .8rem; min-width: 8rem; }
.card .n { font-size: 1.6rem; font-weight: 600; }
.good { border-top-color: var(--good); } .bad { border-top-color: var(--bad); } .warn { border-top-color: var(--warn); } .none { border-top-color: var(--none); }
.yes { color: var(--good); font-weight: 600; } .no { color: var(--bad); font-weight: 600; } .overdue { color: var(--bad); font-weight: 600; }
.up { color: var(--good); } .down { color: var(--bad); }
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; }
.chart { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
th { background: var(--bg-soft); font-weight: 600; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
svg text { font-size: 10px; fill: var(--fg); }
svg .axis { stroke: var(--line); }
svg polyline { fill: none; stroke: var(--good); stroke-width: 2; }
svg circle { fill: var(--good); }
.firstpage { page-break-after: always; break-after: page; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  @page { size: A4; margin: 15mm; }
  tr, .card { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
`
