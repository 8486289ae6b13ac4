// Package report renders a scan's findings for people and for other tools: a
// compact terminal table, JSON, CSV, SARIF (GitHub code scanning), OCSF
// (Compliance Finding events for a SIEM or a security lake) and one
// self-contained HTML file for a manager.
//
// Every renderer is a pure function of its Input: it reads no clock, no
// environment and no network, so the same scan always renders to the same
// bytes. User-facing labels come from the i18n catalogue in the Input's
// language; machine-readable keys (JSON keys, the CSV header, SARIF and OCSF
// field names) stay English.
package report

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// Input is everything a report shows.
type Input struct {
	// Scan is the scan the findings belong to.
	Scan mamori.Scan
	// Findings is where the findings come from: Slice for a list in memory,
	// FromStore for a stored scan. Renderers walk it, a finding at a time,
	// and hold none of them: a report of any size takes the memory of one
	// finding and of the checks' texts (the HTML report also holds the first
	// few failures of each check).
	Findings Findings
	// Changes, when set, says what changed since the previous scan of the
	// same source; the HTML report's summary shows it.
	Changes *Changes
	// Checks gives each check's title, description, risk, remediation,
	// compliance mappings and references, by check ID. A finding whose check is
	// missing still renders, titled with its check ID.
	Checks map[string]*mamori.Check
	// Lang is "en" or "ja"; anything else means English.
	Lang string
	// Version is the mamori version, written into the tool metadata of the
	// machine-readable formats.
	Version string
}

// Changes are the failures that appeared and went away since a previous scan.
type Changes struct {
	// Previous is the scan compared with.
	Previous mamori.Scan
	// ByCheck counts new and resolved failures by check (mamori.Store.CountChanges).
	ByCheck []mamori.CheckChange
}

// Query narrows a walk over Findings. Zero fields select everything.
type Query struct {
	Status  []mamori.Status
	CheckID string
	// Limit, when positive, stops the walk after that many findings.
	Limit int
}

// Findings is a source of findings for a report.
type Findings interface {
	// Walk calls fn for each finding matching q, in report order
	// (mamori.SortFindings). The finding is valid only during the call. An
	// error from fn stops the walk and is returned.
	Walk(q Query, fn func(*mamori.Finding) error) error
	// Count counts the findings by check, status and severity.
	Count() ([]mamori.FindingCount, error)
}

// Slice is Findings over a sorted list in memory.
func Slice(fs []mamori.Finding) Findings { return sliceFindings(fs) }

type sliceFindings []mamori.Finding

func (s sliceFindings) Walk(q Query, fn func(*mamori.Finding) error) error {
	n := 0
	for i := range s {
		f := &s[i]
		if !q.matches(f) {
			continue
		}
		if q.Limit > 0 && n == q.Limit {
			return nil
		}
		n++
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

func (s sliceFindings) Count() ([]mamori.FindingCount, error) {
	return tally(func(fn func(*mamori.Finding) error) error { return s.Walk(Query{}, fn) })
}

func (q *Query) matches(f *mamori.Finding) bool {
	return (len(q.Status) == 0 || slices.Contains(q.Status, f.Status)) && (q.CheckID == "" || q.CheckID == f.CheckID)
}

// tally counts what walk gives by check, status and severity, in the order
// of mamori.Store.CountFindings.
func tally(walk func(fn func(*mamori.Finding) error) error) ([]mamori.FindingCount, error) {
	m := map[mamori.FindingCount]int{}
	err := walk(func(f *mamori.Finding) error {
		m[mamori.FindingCount{CheckID: f.CheckID, Status: f.Status, Severity: f.Severity}]++
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]mamori.FindingCount, 0, len(m))
	for k, n := range m {
		k.Count = n
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b mamori.FindingCount) int {
		if c := strings.Compare(a.CheckID, b.CheckID); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.Status), string(b.Status)); c != 0 {
			return c
		}
		return int(a.Severity) - int(b.Severity)
	})
	return out, nil
}

// FromStore is Findings read from st: the findings f selects, a batch at a
// time (mamori.Store.WalkFindings), counted by the store.
func FromStore(ctx context.Context, st mamori.Store, f mamori.FindingFilter) Findings {
	return &storeFindings{ctx: ctx, st: st, f: f}
}

type storeFindings struct {
	ctx context.Context
	st  mamori.Store
	f   mamori.FindingFilter
}

func (s *storeFindings) Walk(q Query, fn func(*mamori.Finding) error) error {
	if s.f.Limit > 0 {
		// The first Limit findings of the filter, then q among them: the
		// same findings a list of the first Limit would show.
		n := 0
		return s.st.WalkFindings(s.ctx, s.f, func(f *mamori.Finding) error {
			if !q.matches(f) || (q.Limit > 0 && n >= q.Limit) {
				return nil
			}
			n++
			return fn(f)
		})
	}
	f := s.f
	if len(q.Status) > 0 {
		if len(f.Status) > 0 {
			var both []mamori.Status
			for _, st := range q.Status {
				if slices.Contains(f.Status, st) {
					both = append(both, st)
				}
			}
			if len(both) == 0 {
				return nil
			}
			f.Status = both
		} else {
			f.Status = q.Status
		}
	}
	if q.CheckID != "" {
		if f.CheckID != "" && f.CheckID != q.CheckID {
			return nil
		}
		f.CheckID = q.CheckID
	}
	f.Limit = q.Limit
	return s.st.WalkFindings(s.ctx, f, fn)
}

func (s *storeFindings) Count() ([]mamori.FindingCount, error) {
	if s.f.Limit > 0 {
		return tally(func(fn func(*mamori.Finding) error) error { return s.st.WalkFindings(s.ctx, s.f, fn) })
	}
	return s.st.CountFindings(s.ctx, s.f)
}

// formats lists the formats Render knows, the default first.
var formats = []string{"table", "json", "csv", "sarif", "ocsf", "html", "asff"}

// diffFormats lists the formats RenderDiff knows, the default first.
var diffFormats = []string{"table", "json"}

// Formats returns the names of the formats Render accepts, the default
// ("table") first.
func Formats() []string { return append([]string(nil), formats...) }

// DiffFormats returns the names of the formats RenderDiff accepts, the default
// ("table") first.
func DiffFormats() []string { return append([]string(nil), diffFormats...) }

// Render writes in's findings to w in format (one of Formats; empty means
// "table"). An unknown format is an error that lists the valid ones.
func Render(w io.Writer, format string, in Input) error {
	in.Lang = normLang(in.Lang)
	if in.Findings == nil {
		in.Findings = Slice(nil)
	}
	switch normFormat(format) {
	case "table":
		return renderTable(w, in)
	case "json":
		return renderJSON(w, in)
	case "csv":
		return renderCSV(w, in)
	case "sarif":
		return renderSARIF(w, in)
	case "ocsf":
		return renderOCSF(w, in)
	case "html":
		return renderHTML(w, in)
	case "asff":
		return renderASFF(w, in)
	}
	return fmt.Errorf("report: unknown format %q (valid formats: %s)", format, strings.Join(formats, ", "))
}

// RenderDiff writes what changed between the failures of two scans (see
// mamori.Compare) to w in format (one of DiffFormats; empty means "table").
// checks supplies titles as for Render; lang is "en" or "ja".
func RenderDiff(w io.Writer, format string, d mamori.Diff, prev, cur mamori.Scan, checks map[string]*mamori.Check, lang string) error {
	lang = normLang(lang)
	switch normFormat(format) {
	case "table":
		return renderDiffTable(w, d, prev, cur, checks, lang)
	case "json":
		return renderDiffJSON(w, d, prev, cur, checks, lang)
	}
	return fmt.Errorf("report: unknown diff format %q (valid formats: %s)", format, strings.Join(diffFormats, ", "))
}

func normFormat(f string) string {
	f = strings.ToLower(strings.TrimSpace(f))
	if f == "" {
		return "table"
	}
	return f
}

func normLang(l string) string {
	if l == "ja" {
		return "ja"
	}
	return "en"
}

// statuses in the order every report lists them.
var statuses = []mamori.Status{mamori.StatusPass, mamori.StatusFail, mamori.StatusMuted, mamori.StatusError}

// severities from most to least severe, the order every report lists them.
var severities = []mamori.Severity{mamori.SeverityCritical, mamori.SeverityHigh, mamori.SeverityMedium, mamori.SeverityLow, mamori.SeverityInfo}

// counts returns the scan's counts by status: the scan's own tally when it has
// one (it covers the whole scan even if Findings was filtered), else the
// count of findings.
func counts(s mamori.Scan, fc []mamori.FindingCount) map[mamori.Status]int {
	c := make(map[mamori.Status]int, len(statuses))
	if len(s.Counts) > 0 {
		for k, v := range s.Counts {
			c[k] = v
		}
		return c
	}
	for _, x := range fc {
		c[x.Status] += x.Count
	}
	return c
}

// jsonList writes a JSON array element by element, byte for byte as
// writeJSON writes the whole array inside a document whose elements start
// at indent (the array's own indentation plus two spaces).
type jsonList struct {
	w      *bufio.Writer
	indent string
	n      int
	enc    *encoder
}

func newJSONList(w *bufio.Writer, indent string) *jsonList {
	return &jsonList{w: w, indent: indent, enc: newEncoder()}
}

// add writes v as the next element.
func (l *jsonList) add(v any) error {
	b, err := l.enc.indent(v, l.indent)
	if err != nil {
		return err
	}
	return l.addRaw(b)
}

// addRaw writes b, an element already encoded and indented, as the next one.
func (l *jsonList) addRaw(b []byte) error {
	if l.n == 0 {
		l.w.WriteByte('[')
	} else {
		l.w.WriteByte(',')
	}
	l.n++
	l.w.WriteByte('\n')
	l.w.WriteString(l.indent)
	_, err := l.w.Write(b)
	return err
}

// close ends the array: "[]" when nothing was added.
func (l *jsonList) close() {
	if l.n == 0 {
		l.w.WriteString("[]")
		return
	}
	l.w.WriteByte('\n')
	l.w.WriteString(l.indent[:len(l.indent)-2])
	l.w.WriteByte(']')
}

// checkCache looks checks up by ID once per check, not once per finding.
type checkCache struct {
	checks map[string]*mamori.Check
	last   *mamori.Check
	stub   map[string]*mamori.Check
}

// of returns the check of f, or a stand-in as checkOf makes one.
func (c *checkCache) of(f *mamori.Finding) *mamori.Check {
	if c.last != nil && c.last.ID == f.CheckID {
		return c.last
	}
	ch, ok := c.checks[f.CheckID]
	if !ok || ch == nil {
		if ch = c.stub[f.CheckID]; ch == nil {
			ch = checkOf(nil, f)
			if c.stub == nil {
				c.stub = map[string]*mamori.Check{}
			}
			c.stub[f.CheckID] = ch
		}
	}
	c.last = ch
	return ch
}

// checkOf returns the check of a finding, or a stand-in titled with the check
// ID (and carrying the finding's severity) when checks does not know it.
func checkOf(checks map[string]*mamori.Check, f *mamori.Finding) *mamori.Check {
	if c, ok := checks[f.CheckID]; ok && c != nil {
		return c
	}
	return &mamori.Check{ID: f.CheckID, Title: mamori.Text{En: f.CheckID}, Severity: f.Severity, Provider: f.Provider}
}

// title returns a check's title in lang, never empty.
func title(c *mamori.Check, lang string) string {
	if t := c.Title.In(lang); t != "" {
		return t
	}
	return c.ID
}

// resourceName returns the name to show for a finding's resource: its name,
// else its ID.
func resourceName(f *mamori.Finding) string {
	if f.Resource.Name != "" {
		return f.Resource.Name
	}
	return f.Resource.ID
}

// provider returns the finding's provider, else the scan's, else "aws".
func provider(f *mamori.Finding, s *mamori.Scan) string {
	switch {
	case f.Provider != "":
		return f.Provider
	case s.Provider != "":
		return s.Provider
	}
	return "aws"
}

// frameworks returns the distinct frameworks of "framework:control" mappings,
// in first-seen order.
func frameworks(compliance []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, c := range compliance {
		fw, _, _ := strings.Cut(c, ":")
		if fw != "" && !seen[fw] {
			seen[fw] = true
			out = append(out, fw)
		}
	}
	return out
}

// nonNil returns s, or an empty slice instead of nil (so JSON says [] rather
// than null).
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// timeOrNil returns a pointer to t in UTC, or nil for the zero time.
func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// stamp formats a time for people: UTC, to the second; "-" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}
