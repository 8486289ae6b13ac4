package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
	"github.com/mamori-sec/mamori/vex"
)

// Vulnerability matches (mamori vuln scan, mamori vuln matches) render as a
// terminal table, JSON, CSV, SARIF or CycloneDX VEX (package vex); one
// vulnerability (mamori vuln show) as text or JSON.

// VulnFormats are the formats of a match report.
func VulnFormats() []string { return []string{"table", "json", "csv", "sarif", "cyclonedx-vex"} }

// VulnInput is everything a match report shows.
type VulnInput struct {
	// Target is what was scanned: a path, or "asset NAME".
	Target string
	// Components is how many packages were read.
	Components int
	// Matches are the matches, ordered by group.
	Matches []mamori.Match
	// Problems are the files and packages that could not be read or compared.
	Problems []string
	Lang     string
	Version  string
	// Now stamps the JSON report.
	Now time.Time
}

// RenderMatches writes a match report in format.
func RenderMatches(w io.Writer, format string, in VulnInput) error {
	switch format {
	case "table":
		return matchTable(w, in)
	case "json":
		return matchJSON(w, in)
	case "csv":
		return matchCSV(w, in)
	case "sarif":
		return renderMatchSARIF(w, in)
	case "cyclonedx-vex":
		return vex.CycloneDX(w, in.Matches, in.Version, in.Now)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(VulnFormats(), ", "))
}

// KEVCount counts the matches whose vulnerability is in the KEV catalogue,
// and the candidates.
func KEVCount(ms []mamori.Match) (kev, candidates int) {
	for _, m := range ms {
		if m.KEV != nil {
			kev++
		}
		if m.Confidence == mamori.ConfidenceCandidate {
			candidates++
		}
	}
	return kev, candidates
}

func closing(r mamori.MatchReason) string {
	switch {
	case r.Fixed != "":
		return r.Fixed
	case r.LastAffected != "":
		return "> " + r.LastAffected
	case r.Limit != "":
		return ">= " + r.Limit
	}
	return "-"
}

func whyText(lang string, r mamori.MatchReason) string {
	switch r.RangeType {
	case "versions":
		return i18n.T(lang, "vuln.range.versions")
	case "none":
		return i18n.T(lang, "vuln.range.none")
	case "name":
		return strings.TrimSpace(i18n.T(lang, "vuln.range.name") + " " + r.Range)
	case "cpe":
		return strings.TrimSpace(i18n.T(lang, "vuln2.range.cpe") + " " + r.Range)
	}
	if r.Ecosystem == "" {
		return i18n.T(lang, "vuln.range.name") + ", " + r.RangeType + " " + r.Range
	}
	return r.RangeType + " " + r.Range
}

func epssText(s *mamori.EPSSScore) string {
	if s == nil {
		return "-"
	}
	return fmt.Sprintf("%.3f (%.2f)", s.Score, s.Percentile)
}

func matchTable(w io.Writer, in VulnInput) error {
	t := func(k string, a ...any) string { return i18n.T(in.Lang, k, a...) }
	if len(in.Matches) == 0 {
		fmt.Fprintln(w, t("vuln.none"))
	} else {
		rows := [][]string{{t("vuln.col.group"), t("vuln.col.advisory"), t("vuln.col.package"), t("vuln.col.version"),
			t("vuln.col.why"), t("vuln.col.fixed"), t("vuln.col.kev"), t("vuln.col.epss"), t("vuln.col.confidence"), t("vuln.col.location")}}
		for _, m := range in.Matches {
			kev := "-"
			if m.KEV != nil {
				kev = t("vuln.kev.yes")
			}
			rows = append(rows, []string{m.Group, m.AdvisoryID, m.Component.Ecosystem + " " + m.Component.Name, m.Component.Version,
				whyText(in.Lang, m.Why), closing(m.Why), kev, epssText(m.EPSS), t("vuln.confidence." + string(m.Confidence)), m.Component.Location})
		}
		writeColumns(w, "", rows)
	}
	kev, cand := KEVCount(in.Matches)
	fmt.Fprintln(w)
	fmt.Fprintln(w, t("vuln.scan.summary", in.Components, len(in.Matches), kev, cand))
	return nil
}

type matchDoc struct {
	Tool       string         `json:"tool"`
	Version    string         `json:"version"`
	Target     string         `json:"target"`
	Generated  time.Time      `json:"generated_at"`
	Components int            `json:"components"`
	Matches    []mamori.Match `json:"matches"`
	Problems   []string       `json:"problems"`
}

func matchJSON(w io.Writer, in VulnInput) error {
	d := matchDoc{Tool: "mamori", Version: in.Version, Target: in.Target, Generated: in.Now.UTC(), Components: in.Components,
		Matches: in.Matches, Problems: in.Problems}
	if d.Matches == nil {
		d.Matches = []mamori.Match{}
	}
	if d.Problems == nil {
		d.Problems = []string{}
	}
	for i := range d.Matches {
		if d.Matches[i].KEV != nil {
			k := *d.Matches[i].KEV
			k.Raw = nil
			d.Matches[i].KEV = &k
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

func matchCSV(w io.Writer, in VulnInput) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"group", "advisory_id", "aliases", "ecosystem", "package", "version", "confidence", "range_type", "range",
		"introduced", "fixed", "last_affected", "kev", "kev_due_date", "epss", "epss_percentile", "location", "summary"})
	for _, m := range in.Matches {
		kev, due, epss, pct := "false", "", "", ""
		if m.KEV != nil {
			kev = "true"
			if !m.KEV.DueDate.IsZero() {
				due = m.KEV.DueDate.Format("2006-01-02")
			}
		}
		if m.EPSS != nil {
			epss = strconv.FormatFloat(m.EPSS.Score, 'f', -1, 64)
			pct = strconv.FormatFloat(m.EPSS.Percentile, 'f', -1, 64)
		}
		cw.Write([]string{m.Group, m.AdvisoryID, strings.Join(m.Aliases, " "), m.Component.Ecosystem, m.Component.Name,
			m.Component.Version, string(m.Confidence), m.Why.RangeType, m.Why.Range, m.Why.Introduced, m.Why.Fixed,
			m.Why.LastAffected, kev, due, epss, pct, m.Component.Location, csvSafe(m.Summary)})
	}
	cw.Flush()
	return cw.Error()
}

// VulnShow is one vulnerability as mamori vuln show tells it.
type VulnShow struct {
	Group      mamori.AliasGroup            `json:"group"`
	Advisories []mamori.Advisory            `json:"advisories"`
	Changes    map[string]int               `json:"changes,omitempty"`
	KEV        map[string]*mamori.KEVEntry  `json:"kev"`
	EPSS       map[string]*mamori.EPSSScore `json:"epss"`
}

// RenderVulnShow writes one vulnerability as text ("table") or JSON.
func RenderVulnShow(w io.Writer, format, lang string, v VulnShow) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	fmt.Fprintln(w, clean(t("vuln.show.group", v.Group.ID)))
	fmt.Fprintln(w, clean("  "+t("vuln.show.aliases")+": "+strings.Join(v.Group.Members, ", ")))
	cves := []string{}
	for _, id := range v.Group.Members {
		if strings.HasPrefix(id, "CVE-") {
			cves = append(cves, id)
		}
	}
	for _, c := range cves {
		if k := v.KEV[c]; k != nil {
			fmt.Fprintln(w, clean("  "+t("vuln.show.kev", c, k.Name, day(k.DateAdded), day(k.DueDate), k.KnownRansomware)))
		} else {
			fmt.Fprintln(w, "  "+t("vuln.show.no_kev"))
		}
		if s := v.EPSS[c]; s != nil {
			fmt.Fprintln(w, clean("  "+t("vuln.show.epss", c, s.Score, s.Percentile, day(s.Date))))
		} else {
			fmt.Fprintln(w, "  "+t("vuln.show.no_epss"))
		}
	}
	if len(v.Advisories) == 0 {
		fmt.Fprintln(w, "  "+t("vuln.show.no_advisory"))
	}
	for _, a := range v.Advisories {
		fmt.Fprintln(w)
		fmt.Fprintln(w, clean(a.ID+"  "+a.Summary))
		if a.IsWithdrawn() {
			fmt.Fprintln(w, "  "+t("vuln.show.withdrawn", day(a.Withdrawn)))
		}
		rows := [][]string{
			{"  " + t("vuln.show.source"), a.Source + "  (" + t("vuln.show.origin", a.Origin, a.FetchedAt.UTC().Format(time.RFC3339)) + ")"},
			{"  " + t("vuln.show.published"), day(a.Published)},
			{"  " + t("vuln.show.modified"), day(a.Modified)},
		}
		if a.Overview {
			rows[0][1] += "  " + t("vuln2.show.overview")
		}
		if a.Distro != "" {
			rows = append(rows, []string{"  " + t("vuln2.show.distro"), a.Distro})
		}
		if a.Reporter != "" {
			rows = append(rows, []string{"  " + t("vuln.show.reporter"), a.Reporter + " (" + a.Channel + ")"})
		}
		if n := v.Changes[a.ID]; n > 0 {
			rows[2][1] += "  (" + t("vuln.show.changes", n) + ")"
		}
		for _, s := range a.Severity {
			rows = append(rows, []string{"  " + t("vuln.show.severity"), s.Type + " " + s.Score})
		}
		for _, af := range a.Affected {
			var rs []string
			for _, r := range af.Ranges {
				var evs []string
				for _, e := range r.Events {
					evs = append(evs, e.Kind()+" "+e.Version())
				}
				rs = append(rs, r.Type+" ["+strings.Join(evs, ", ")+"]")
			}
			if len(af.Versions) > 0 {
				rs = append(rs, fmt.Sprintf("versions (%d)", len(af.Versions)))
			}
			name := strings.TrimSpace(af.Ecosystem + " " + af.Name)
			if af.CPE != "" {
				name += " [" + af.CPE + "]"
			}
			rows = append(rows, []string{"  " + t("vuln.show.affected"), name + ": " + strings.Join(rs, "; ")})
		}
		for i, r := range a.References {
			if i == 5 {
				rows = append(rows, []string{"", fmt.Sprintf("(+%d)", len(a.References)-5)})
				break
			}
			rows = append(rows, []string{"  " + t("vuln.show.references"), r.URL})
		}
		writeColumns(w, "", rows)
		if a.Details != "" && a.Details != a.Summary {
			fmt.Fprintln(w)
			for _, l := range strings.Split(strings.TrimSpace(a.Details), "\n") {
				fmt.Fprintln(w, strings.TrimRight(clean("  "+l), " "))
			}
		}
	}
	return nil
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02")
}

// RenderAssets writes a table of assets.
func RenderAssets(w io.Writer, lang string, as []mamori.Asset) {
	t := func(k string) string { return i18n.T(lang, k) }
	rows := [][]string{{t("vuln.col.name"), t("vuln.col.owner"), t("vuln.col.importance"), t("vuln.col.source"), t("vuln.col.updated")}}
	for _, a := range as {
		rows = append(rows, []string{a.Name, a.Owner, string(a.Importance), a.Source, a.UpdatedAt.UTC().Format(time.RFC3339)})
	}
	writeColumns(w, "", rows)
}
