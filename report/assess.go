package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// AssessFormats returns the formats RenderAssessment accepts, the default
// ("table") first.
func AssessFormats() []string { return []string{"table", "json", "csv", "html"} }

// AssessInput is what an assessment report shows.
type AssessInput struct {
	Assessment *mamori.Assessment
	// Trend holds the earlier assessments of the same subject and framework,
	// newest first (the current one not included).
	Trend   []mamori.Assessment
	Lang    string
	Version string
	// TopGaps is how many gaps the first page lists (5 when zero).
	TopGaps int
}

// RenderAssessment writes an assessment in format: table, json, csv or html.
func RenderAssessment(w io.Writer, format string, in AssessInput) error {
	in.Lang = normLang(in.Lang)
	if in.TopGaps == 0 {
		in.TopGaps = 5
	}
	switch normFormat(format) {
	case "table":
		return assessTable(w, in)
	case "json":
		return assessJSON(w, in)
	case "csv":
		return assessCSV(w, in)
	case "html":
		return assessHTML(w, in)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(AssessFormats(), ", "))
}

func statusLabel(lang string, s mamori.ControlStatus) string {
	return i18n.T(lang, "assess.status."+string(s))
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// JSON: the shape of docs/assess.md.

type jsonAssessment struct {
	ID         string            `json:"id"`
	Framework  string            `json:"framework"`
	Title      string            `json:"title"`
	Subject    string            `json:"subject,omitempty"`
	At         time.Time         `json:"at"`
	ScanID     string            `json:"scan_id,omitempty"`
	Account    string            `json:"account,omitempty"`
	Score      int               `json:"score"`
	Max        int               `json:"max"`
	Band       string            `json:"band"`
	BandLabel  string            `json:"band_label"`
	Rule       string            `json:"rule"`
	Counts     map[string]int    `json:"counts"`
	Categories []jsonCategory    `json:"categories"`
	Controls   []jsonControl     `json:"controls"`
	Gaps       []jsonGap         `json:"gaps"`
	Trend      []jsonTrendPoint  `json:"trend"`
	Lang       string            `json:"lang"`
	Generator  map[string]string `json:"generator"`
}

type jsonCategory struct {
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	Score  int     `json:"score"`
	Points float64 `json:"points"`
	Max    float64 `json:"max"`
	Rule   string  `json:"rule"`
}

type jsonControl struct {
	ID       string                 `json:"id"`
	Title    string                 `json:"title"`
	Category string                 `json:"category"`
	Status   mamori.ControlStatus   `json:"status"`
	Points   float64                `json:"points"`
	Max      float64                `json:"max"`
	Rule     string                 `json:"rule"`
	Evidence []mamori.CheckEvidence `json:"evidence"`
	Answer   *jsonAnswer            `json:"answer,omitempty"`
	Stale    bool                   `json:"stale,omitempty"`
	Action   string                 `json:"action,omitempty"`
	Criteria []jsonControl          `json:"criteria,omitempty"`
}

type jsonAnswer struct {
	Answer   string    `json:"answer"`
	By       string    `json:"by,omitempty"`
	At       time.Time `json:"at"`
	Evidence string    `json:"evidence,omitempty"`
	Note     string    `json:"note,omitempty"`
	Reviewed string    `json:"reviewed,omitempty"`
}

type jsonGap struct {
	ID     string               `json:"id"`
	Title  string               `json:"title"`
	Status mamori.ControlStatus `json:"status"`
	Closes string               `json:"closes"`
}

type jsonTrendPoint struct {
	At    time.Time `json:"at"`
	Score int       `json:"score"`
	Max   int       `json:"max"`
	Band  string    `json:"band"`
}

// gapCloser says what closes a gap: the failing checks, the action, or the
// question to answer.
func gapCloser(lang string, c *mamori.ControlResult) string {
	var parts []string
	var failing []string
	for _, e := range c.Evidence {
		if e.Fail+e.Muted > 0 {
			failing = append(failing, e.CheckID)
		}
	}
	if len(failing) > 0 {
		parts = append(parts, i18n.T(lang, "assess.gap.fix_checks", strings.Join(failing, ", ")))
	}
	if a := c.Action.In(lang); a != "" {
		parts = append(parts, a)
	}
	if c.Status == mamori.ControlUnanswered {
		if c.Answer == nil && len(failing) == 0 && c.Action.En == "" {
			parts = append(parts, i18n.T(lang, "assess.gap.answer"))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, i18n.T(lang, "assess.gap.answer"))
	}
	return strings.Join(parts, " ")
}

func assessJSON(w io.Writer, in AssessInput) error {
	a, l := in.Assessment, in.Lang
	out := jsonAssessment{
		ID: a.ID, Framework: a.Framework, Title: a.FrameworkTitle.In(l), Subject: a.Subject, At: a.At, ScanID: a.ScanID, Account: a.Account,
		Score: a.Score, Max: a.Max, Band: a.Band, BandLabel: a.BandLabel.In(l), Rule: a.Rule.In(l), Counts: map[string]int{},
		Categories: []jsonCategory{}, Controls: []jsonControl{}, Gaps: []jsonGap{}, Trend: []jsonTrendPoint{}, Lang: l,
		Generator: map[string]string{"name": "mamori", "version": in.Version},
	}
	for _, st := range mamori.ControlStatuses {
		out.Counts[string(st)] = a.Counts[st]
	}
	for _, c := range a.Categories {
		out.Categories = append(out.Categories, jsonCategory{ID: c.ID, Title: c.Title.In(l), Score: c.Score, Points: c.Points, Max: c.Max, Rule: c.Rule.In(l)})
	}
	for i := range a.Controls {
		out.Controls = append(out.Controls, toJSONControl(l, &a.Controls[i]))
	}
	for _, g := range a.Gaps() {
		out.Gaps = append(out.Gaps, jsonGap{ID: g.ID, Title: g.Title.In(l), Status: g.Status, Closes: gapCloser(l, &g)})
	}
	for _, t := range in.Trend {
		out.Trend = append(out.Trend, jsonTrendPoint{At: t.At, Score: t.Score, Max: t.Max, Band: t.Band})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func toJSONControl(l string, c *mamori.ControlResult) jsonControl {
	jc := jsonControl{ID: c.ID, Title: c.Title.In(l), Category: c.Category, Status: c.Status, Points: c.Points, Max: c.Max,
		Rule: c.Rule.In(l), Evidence: c.Evidence, Stale: c.Stale, Action: c.Action.In(l)}
	if jc.Evidence == nil {
		jc.Evidence = []mamori.CheckEvidence{}
	}
	if c.Answer != nil {
		jc.Answer = &jsonAnswer{Answer: c.Answer.Value, By: c.Answer.By, At: c.Answer.At, Evidence: c.Answer.Evidence, Note: c.Answer.Note}
		if !c.Answer.Reviewed.IsZero() {
			jc.Answer.Reviewed = c.Answer.Reviewed.Format("2006-01-02")
		}
	}
	for i := range c.Criteria {
		jc.Criteria = append(jc.Criteria, toJSONControl(l, &c.Criteria[i]))
	}
	return jc
}

// withCriteria lists the controls, each followed by its criteria, and says
// of each row which control it is a criterion of ("" for a control).
func withCriteria(cs []mamori.ControlResult) (rows []*mamori.ControlResult, parent []string) {
	for i := range cs {
		rows, parent = append(rows, &cs[i]), append(parent, "")
		for j := range cs[i].Criteria {
			rows, parent = append(rows, &cs[i].Criteria[j]), append(parent, cs[i].ID)
		}
	}
	return rows, parent
}

func assessCSV(w io.Writer, in AssessInput) error {
	l := in.Lang
	cw := csv.NewWriter(w)
	cw.Write([]string{"framework", "control", "title", "category", "status", "points", "max", "rule", "evidence", "answer", "by", "reviewed", "stale", "evidence_link", "note", "criterion_of"})
	rows, parent := withCriteria(in.Assessment.Controls)
	for i, c := range rows {
		var ev []string
		for _, e := range c.Evidence {
			ev = append(ev, fmt.Sprintf("%s pass=%d fail=%d muted=%d error=%d", e.CheckID, e.Pass, e.Fail, e.Muted, e.Error))
		}
		var ans, by, rev, link, note string
		if c.Answer != nil {
			ans, by, link, note = c.Answer.Value, c.Answer.By, c.Answer.Evidence, c.Answer.Note
			if !c.Answer.Reviewed.IsZero() {
				rev = c.Answer.Reviewed.Format("2006-01-02")
			}
		}
		cw.Write([]string{in.Assessment.Framework, c.ID, csvSafe(c.Title.In(l)), c.Category, string(c.Status), num(c.Points), num(c.Max),
			csvSafe(c.Rule.In(l)), strings.Join(ev, "; "), ans, csvSafe(by), rev, strconv.FormatBool(c.Stale), csvSafe(link), csvSafe(note), parent[i]})
	}
	cw.Flush()
	return cw.Error()
}

func assessTable(w io.Writer, in AssessInput) error {
	a, l := in.Assessment, in.Lang
	t := func(k string, args ...any) string { return i18n.T(l, k, args...) }
	fmt.Fprintln(w, t("assess.table.head", a.FrameworkTitle.In(l), a.Score, a.Max, a.BandLabel.In(l)))
	fmt.Fprintln(w, "  "+a.Rule.In(l))
	if len(in.Trend) > 0 {
		fmt.Fprintln(w, "  "+t("assess.trend", trendText(in)))
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, t("assess.table.header"))
	rows, parent := withCriteria(a.Controls)
	for i, c := range rows {
		stale := ""
		if c.Stale {
			stale = " " + t("assess.stale")
		}
		id := c.ID
		if parent[i] != "" {
			id = "  " + id
		}
		fmt.Fprintf(tw, "%s\t%s%s\t%s/%s\t%s\n", id, statusLabel(l, c.Status), stale, num(c.Points), num(c.Max), c.Title.In(l))
	}
	tw.Flush()
	counts := make([]string, 0, len(mamori.ControlStatuses))
	for _, st := range mamori.ControlStatuses {
		counts = append(counts, fmt.Sprintf("%s %d", statusLabel(l, st), a.Counts[st]))
	}
	fmt.Fprintln(w, t("assess.totals", strings.Join(counts, t("report.list_sep"))))
	if n := a.Counts[mamori.ControlUnanswered]; n > 0 {
		fmt.Fprintln(w, t("assess.unanswered_hint", n))
	}
	return nil
}

// trendText is "40 → 60 → 72" from the oldest to the current score.
func trendText(in AssessInput) string {
	var parts []string
	for i := len(in.Trend) - 1; i >= 0; i-- {
		parts = append(parts, strconv.Itoa(in.Trend[i].Score))
	}
	parts = append(parts, strconv.Itoa(in.Assessment.Score))
	return strings.Join(parts, " → ")
}

// HTML.

type assessView struct {
	Lang, Version, Title, Subject, At, ScanID, Rule, BandLabel, Band string
	Score, Max, Pct, TrendWidth                                      int
	Gaps                                                             []assessGap
	GapTotal                                                         int
	Trend                                                            []assessTrend
	Categories                                                       []jsonCategory
	Controls                                                         []assessControl
	Counts                                                           []htmlCount
}

type assessGap struct{ ID, Title, Status, StatusClass, Closes string }

type assessTrend struct {
	At           string
	Score, Max   int
	Height, X, Y int
	Current      bool
}

type assessControl struct {
	ID, Title, Category, Status, StatusClass, Rule, Action string
	Points, Max                                            string
	Evidence                                               []mamori.CheckEvidence
	Answer, By, Reviewed, Link, Note                       string
	Stale                                                  bool
	// Criterion is set on the row of an evaluation criterion, under its
	// control's row.
	Criterion bool
}

func (v *assessView) T(key string, args ...any) string { return i18n.T(v.Lang, key, args...) }

func assessHTML(w io.Writer, in AssessInput) error {
	h := newHTMLWriter(w)
	writeAssessHTML(h, assessViewOf(in))
	return h.flush()
}

// assessViewOf is what the assessment page shows.
func assessViewOf(in AssessInput) *assessView {
	a, l := in.Assessment, in.Lang
	v := &assessView{Lang: l, Version: in.Version, Title: a.FrameworkTitle.In(l), Subject: a.Subject, At: a.At.UTC().Format("2006-01-02 15:04 UTC"),
		ScanID: a.ScanID, Rule: a.Rule.In(l), BandLabel: a.BandLabel.In(l), Band: a.Band, Score: a.Score, Max: a.Max}
	if a.Max > 0 {
		v.Pct = max(0, min(100, 100*a.Score/a.Max))
	}
	gaps := a.Gaps()
	v.GapTotal = len(gaps)
	for i, g := range gaps {
		if i >= in.TopGaps {
			break
		}
		v.Gaps = append(v.Gaps, assessGap{ID: g.ID, Title: g.Title.In(l), Status: statusLabel(l, g.Status), StatusClass: string(g.Status), Closes: gapCloser(l, &g)})
	}
	pts := append([]mamori.Assessment(nil), in.Trend...)
	for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
		pts[i], pts[j] = pts[j], pts[i]
	}
	if len(pts) > 11 {
		pts = pts[len(pts)-11:]
	}
	pts = append(pts, *a)
	for i, p := range pts {
		h := 0
		if p.Max > 0 {
			h = max(0, min(100, 100*p.Score/p.Max))
		}
		v.Trend = append(v.Trend, assessTrend{At: p.At.UTC().Format("2006-01-02"), Score: p.Score, Max: p.Max, Height: h, X: 10 + i*40, Y: 110 - h, Current: i == len(pts)-1})
	}
	v.TrendWidth = 20 + 40*len(pts)
	for _, c := range a.Categories {
		v.Categories = append(v.Categories, jsonCategory{ID: c.ID, Title: c.Title.In(l), Score: c.Score, Points: c.Points, Max: c.Max, Rule: c.Rule.In(l)})
	}
	for _, st := range mamori.ControlStatuses {
		v.Counts = append(v.Counts, htmlCount{Label: statusLabel(l, st), Class: string(st), N: a.Counts[st]})
	}
	cats := map[string]string{}
	for _, c := range a.Categories {
		cats[c.ID] = c.Title.In(l)
	}
	rows, parent := withCriteria(a.Controls)
	for i, c := range rows {
		ac := assessControl{ID: c.ID, Title: c.Title.In(l), Category: cats[c.Category], Status: statusLabel(l, c.Status), StatusClass: string(c.Status),
			Rule: c.Rule.In(l), Points: num(c.Points), Max: num(c.Max), Evidence: c.Evidence, Stale: c.Stale, Criterion: parent[i] != ""}
		if c.Gap() {
			ac.Action = gapCloser(l, c)
		}
		if c.Answer != nil {
			ac.Answer, ac.By, ac.Link, ac.Note = c.Answer.Value, c.Answer.By, c.Answer.Evidence, c.Answer.Note
			if !c.Answer.Reviewed.IsZero() {
				ac.Reviewed = c.Answer.Reviewed.Format("2006-01-02")
			}
		}
		v.Controls = append(v.Controls, ac)
	}
	return v
}

func writeAssessHTML(h *htmlWriter, v *assessView) {
	t := v.T
	title := v.Title
	if v.Subject != "" {
		title += ": " + v.Subject
	}
	writeHead(h, v.Lang, v.Version, title, assessCSS)
	h.f("<section class=\"firstpage\">\n<h1>%s</h1>\n<p class=\"sub\">", v.Title)
	if v.Subject != "" {
		h.f("%s: %s · ", t("assess.html.subject"), v.Subject)
	}
	h.f("%s: %s", t("assess.html.at"), v.At)
	if v.ScanID != "" {
		h.f(" · %s: %s", t("assess.html.scan"), v.ScanID)
	}
	h.f(`</p>
<div class="summary">
  <div><div class="score">%d<small> / %d</small></div></div>
  <div>
    `, v.Score, v.Max)
	if v.BandLabel != "" {
		h.f(`<div class="band">%s</div>`, v.BandLabel)
	}
	h.f(`
    <div class="meter" role="img" aria-label="%d%%"><span style="width: %d%%"></span></div>
    <p class="rule">%s</p>
  </div>
</div>
<div class="cards">`, v.Pct, v.Pct, v.Rule)
	for _, c := range v.Counts {
		h.f(`<div class="card %s"><div class="n">%d</div>%s</div>`, c.Class, c.N, c.Label)
	}
	h.f("</div>\n\n<h2>%s</h2>\n", t("assess.html.top_gaps", v.GapTotal))
	if len(v.Gaps) > 0 {
		h.f("<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>", t("assess.html.control"), t("assess.html.status"), t("assess.html.closes"))
		for _, g := range v.Gaps {
			h.f(`<tr><td><strong>%s</strong> %s</td><td class="st %s">%s</td><td>%s</td></tr>`, g.ID, g.Title, g.StatusClass, g.Status, g.Closes)
		}
		h.raw("</tbody>\n</table>")
	} else {
		h.f("<p>%s</p>", t("assess.html.no_gaps"))
	}
	h.f("\n\n<h2>%s</h2>\n", t("assess.html.trend"))
	writeAssessTrend(h, v)
	h.f("\n\n<h2>%s</h2>\n<table>\n"+`<thead><tr><th>%s</th><th class="num">%s</th><th>%s</th></tr></thead>`+"\n<tbody>",
		t("assess.html.categories"), t("assess.html.category"), t("assess.html.score"), t("assess.html.rule"))
	for _, c := range v.Categories {
		h.f(`<tr><td>%s</td><td class="num">%d%%</td><td class="rule">%s</td></tr>`, c.Title, c.Score, c.Rule)
	}
	h.f("</tbody>\n</table>\n</section>\n\n<h2>%s</h2>\n<table>\n"+`<thead><tr><th>%s</th><th>%s</th><th class="num">%s</th><th>%s</th></tr></thead>`+"\n<tbody>",
		t("assess.html.details"), t("assess.html.control"), t("assess.html.status"), t("assess.html.points"), t("assess.html.evidence"))
	for i := range v.Controls {
		writeAssessControl(h, v, &v.Controls[i])
	}
	h.f("</tbody>\n</table>\n"+`<p class="sub">%s</p>`+"\n</body>\n</html>\n", t("assess.html.generated", v.Version))
}

// writeAssessTrend draws the scores of the earlier assessments and this one
// as bars, oldest first.
func writeAssessTrend(h *htmlWriter, v *assessView) {
	if len(v.Trend) <= 1 {
		h.f("<p>%s</p>", v.T("assess.html.first"))
		return
	}
	h.f(`<svg role="img" aria-label="%s" width="%d" height="140" viewBox="0 0 %d 140">`+"\n", v.T("assess.html.trend"), v.TrendWidth, v.TrendWidth)
	for _, p := range v.Trend {
		fill := "#8c959f"
		if p.Current {
			fill = "#1a7f37"
		}
		h.f(`<rect x="%d" y="%d" width="24" height="%d" fill="%s"></rect>`+"\n"+`<text x="%d" y="%d" dy="-2">%d</text><text x="%d" y="124">%s</text>`+"\n",
			p.X, p.Y, p.Height, fill, p.X, p.Y, p.Score, p.X, p.At[5:])
	}
	h.raw("</svg>\n<p class=\"sub\">")
	for i, p := range v.Trend {
		if i > 0 {
			h.raw(" → ")
		}
		h.f("%s: %d/%d", p.At, p.Score, p.Max)
	}
	h.raw("</p>\n")
}

// writeAssessControl writes a control's row: its status, points, the
// evidence from checks and answers, the rule, and what closes its gap.
func writeAssessControl(h *htmlWriter, v *assessView, c *assessControl) {
	t := v.T
	if c.Criterion { // an evaluation criterion, under its requirement's row
		h.f("<tr class=\"criterion\">\n<td>%s %s</td>\n<td class=\"st %s\">%s", c.ID, c.Title, c.StatusClass, c.Status)
	} else {
		h.f("<tr>\n<td><strong>%s</strong> %s<div class=\"sub\">%s</div></td>\n<td class=\"st %s\">%s", c.ID, c.Title, c.Category, c.StatusClass, c.Status)
	}
	if c.Stale {
		h.f(`<div class="stale">%s</div>`, t("assess.html.stale"))
	}
	h.f("</td>\n<td class=\"num\">%s / %s</td>\n<td>", c.Points, c.Max)
	for _, e := range c.Evidence {
		h.f("<div><code>%s</code>: %s", e.CheckID, t("assess.html.pass_fail", e.Pass, e.Fail))
		if e.Muted != 0 {
			h.f(" · %s", t("assess.html.muted", e.Muted))
		}
		if e.Error != 0 {
			h.f(" · %s", t("assess.html.errors", e.Error))
		}
		h.raw("</div>")
	}
	h.raw("\n")
	if c.Answer != "" {
		h.f("<div>%s: <strong>%s</strong>", t("assess.html.answer"), c.Answer)
		if c.By != "" {
			h.f(" (%s)", c.By)
		}
		if c.Reviewed != "" {
			h.f(" · %s %s", t("assess.html.reviewed"), c.Reviewed)
		}
		h.raw("</div>")
	}
	h.raw("\n")
	if c.Link != "" {
		h.f(`<div class="sub">%s: %s</div>`, t("assess.html.evidence_link"), c.Link)
	}
	h.raw("\n")
	if c.Note != "" {
		h.f(`<div class="sub">%s</div>`, c.Note)
	}
	h.f("\n<div class=\"rule\">%s</div>\n", c.Rule)
	if c.Action != "" {
		h.f("<div>%s: %s</div>", t("assess.html.closes"), c.Action)
	}
	h.raw("\n</td></tr>")
}

const assessCSS = `:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa;
  --met: #1a7f37; --partial: #9a6700; --not_met: #d1242f; --unanswered: #8250df; --not_applicable: #6e7781; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; color: var(--fg); line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", Meiryo, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
.sub { color: var(--muted); font-size: .85rem; }
tr.criterion td:first-child { padding-left: 1.5rem; font-size: .9rem; }
.summary { display: flex; flex-wrap: wrap; gap: 2rem; align-items: center; margin: 1rem 0; }
.score { font-size: 3.5rem; font-weight: 700; line-height: 1; }
.score small { font-size: 1.2rem; color: var(--muted); font-weight: 400; }
.band { font-size: 1.3rem; font-weight: 600; }
.meter { width: 18rem; height: 1rem; background: var(--bg-soft); border: 1px solid var(--line); border-radius: .3rem; overflow: hidden; }
.meter span { display: block; height: 100%; background: var(--met); }
.cards { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0; }
.card { border: 1px solid var(--line); border-top-width: .3rem; border-radius: .4rem; padding: .3rem .8rem; min-width: 6.5rem; }
.card .n { font-size: 1.4rem; font-weight: 600; }
.met { border-top-color: var(--met); } .partial { border-top-color: var(--partial); } .not_met { border-top-color: var(--not_met); }
.unanswered { border-top-color: var(--unanswered); } .not_applicable { border-top-color: var(--not_applicable); }
.st { font-weight: 600; white-space: nowrap; }
.st.met { color: var(--met); } .st.partial { color: var(--partial); } .st.not_met { color: var(--not_met); }
.st.unanswered { color: var(--unanswered); } .st.not_applicable { color: var(--not_applicable); }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
th { background: var(--bg-soft); font-weight: 600; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.rule { color: var(--muted); font-size: .85rem; }
.stale { color: var(--not_met); font-size: .85rem; }
svg text { font-size: 10px; fill: var(--fg); }
.firstpage { page-break-after: always; break-after: page; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  @page { size: A4; margin: 15mm; }
  tr, .card { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
`
