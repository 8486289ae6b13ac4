package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// The terminal table: one line per FAIL and ERROR finding, PASS and MUTED only
// counted. Columns are padded by display width (a Japanese character takes two
// cells), which text/tabwriter does not know about. Text from the scanned
// account is cleaned of control characters so a resource name cannot move the
// cursor or recolour the terminal.

func renderTable(w io.Writer, in Input) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	l := in.Lang
	s := in.Scan
	fmt.Fprintln(bw, clean(i18n.T(l, "report.table.scan", s.ID, s.Source, s.Resources, stamp(s.FinishedAt))))
	fmt.Fprintln(bw)

	fc, err := in.Findings.Count()
	if err != nil {
		return err
	}
	var fails, errs int
	for _, c := range fc {
		switch c.Status {
		case mamori.StatusFail:
			fails += c.Count
		case mamori.StatusError:
			errs += c.Count
		}
	}
	if fails+errs == 0 {
		fmt.Fprintln(bw, i18n.T(l, "report.no_failures"))
	} else {
		head := []string{i18n.T(l, "report.col.severity"), i18n.T(l, "report.col.status"), i18n.T(l, "report.col.check"), i18n.T(l, "report.col.resource"), i18n.T(l, "report.col.region")}
		if errs > 0 {
			head = append(head, i18n.T(l, "report.col.reason"))
		}
		cc := checkCache{checks: in.Checks}
		row := make([]string, 0, len(head))
		rowOf := func(f *mamori.Finding) []string {
			row = append(row[:0],
				i18n.T(l, "severity."+f.Severity.String()),
				i18n.T(l, "status."+string(f.Status)),
				title(cc.of(f), l),
				resourceName(f),
				f.Region,
			)
			if errs > 0 {
				row = append(row, f.Reason)
			}
			return row
		}
		// Two walks over the store, FAIL then ERROR each time: the first
		// measures the columns, the second writes the rows, so that no row
		// is held.
		walk := func(fn func(*mamori.Finding) error) error {
			for _, st := range []mamori.Status{mamori.StatusFail, mamori.StatusError} {
				if err := in.Findings.Walk(Query{Status: []mamori.Status{st}}, fn); err != nil {
					return err
				}
			}
			return nil
		}
		cols := newColumns(head)
		if err := walk(func(f *mamori.Finding) error { cols.measure(rowOf(f)); return nil }); err != nil {
			return err
		}
		cols.write(bw, "", head)
		if err := walk(func(f *mamori.Finding) error { cols.write(bw, "", rowOf(f)); return nil }); err != nil {
			return err
		}
	}

	fmt.Fprintln(bw)
	fmt.Fprintln(bw, totalsLine(l, counts(s, fc)))
	if s.Partial {
		fmt.Fprintln(bw, i18n.T(l, "report.partial", len(s.Errors)))
		for i := range s.Errors {
			fmt.Fprintln(bw, "  - "+clean(s.Errors[i].Error()))
		}
	}
	return bw.Flush()
}

// totalsLine says how many findings have each status.
func totalsLine(lang string, c map[mamori.Status]int) string {
	parts := make([]string, 0, len(statuses))
	for _, st := range statuses {
		parts = append(parts, fmt.Sprintf("%s %d", i18n.T(lang, "status."+string(st)), c[st]))
	}
	return i18n.T(lang, "report.totals", strings.Join(parts, i18n.T(lang, "report.list_sep")))
}

func renderDiffTable(w io.Writer, d mamori.Diff, prev, cur mamori.Scan, checks map[string]*mamori.Check, lang string) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, clean(i18n.T(lang, "report.diff.title", prev.ID, stamp(prev.FinishedAt), cur.ID, stamp(cur.FinishedAt))))
	fmt.Fprintln(bw, i18n.T(lang, "report.diff.summary", len(d.New), len(d.Resolved), len(d.Unchanged)))
	for _, sec := range []struct {
		key string
		fs  []mamori.Finding
	}{
		{"report.diff.new", d.New},
		{"report.diff.resolved", d.Resolved},
		{"report.diff.unchanged", d.Unchanged},
	} {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, i18n.T(lang, sec.key, len(sec.fs)))
		if len(sec.fs) == 0 {
			fmt.Fprintln(bw, "  "+i18n.T(lang, "report.none"))
			continue
		}
		rows := [][]string{{i18n.T(lang, "report.col.severity"), i18n.T(lang, "report.col.check"), i18n.T(lang, "report.col.resource"), i18n.T(lang, "report.col.region")}}
		for i := range sec.fs {
			f := &sec.fs[i]
			rows = append(rows, []string{
				i18n.T(lang, "severity."+f.Severity.String()),
				title(checkOf(checks, f), lang),
				resourceName(f),
				f.Region,
			})
		}
		writeColumns(bw, "  ", rows)
	}
	return bw.Flush()
}

// writeColumns writes rows as left-aligned columns two cells apart, each line
// starting with indent. Cells are cleaned of control characters; the last
// column is not padded and no line has trailing spaces.
func writeColumns(w io.Writer, indent string, rows [][]string) {
	c := newColumns(nil)
	for _, r := range rows {
		c.measure(r)
	}
	for _, r := range rows {
		c.write(w, indent, r)
	}
}

// columns aligns rows that are measured first and written after, so that a
// long table can be measured in one pass and written in another without
// being held.
type columns struct {
	widths []int
	b      strings.Builder
}

func newColumns(head []string) *columns {
	c := &columns{}
	if head != nil {
		c.measure(head)
	}
	return c
}

func (c *columns) measure(r []string) {
	for i := range r {
		if i >= len(c.widths) {
			c.widths = append(c.widths, 0)
		}
		c.widths[i] = max(c.widths[i], displayWidth(clean(r[i])))
	}
}

func (c *columns) write(w io.Writer, indent string, r []string) {
	b := &c.b
	b.Reset()
	b.WriteString(indent)
	for i, cell := range r {
		cell = clean(cell)
		b.WriteString(cell)
		if i < len(r)-1 {
			for n := c.widths[i] - displayWidth(cell) + 2; n > 0; n-- {
				b.WriteByte(' ')
			}
		}
	}
	io.WriteString(w, strings.TrimRight(b.String(), " "))
	io.WriteString(w, "\n")
}

// displayWidth returns how many terminal cells s takes: two for East Asian
// wide and full-width characters, none for combining marks and format
// characters, one for everything else (East Asian ambiguous characters
// included, as most terminals outside CJK locales show them).
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case r == '\u200b':
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
	}
	return n
}

// clean makes s safe and single-line for a terminal: tabs and line breaks
// become spaces, other control characters and bidirectional overrides are
// written as Go escapes (\x1b, \u202e) so they are visible but inert, and
// invalid UTF-8 becomes U+FFFD.
func clean(s string) string {
	ok := utf8.ValidString(s)
	for _, r := range s {
		if unsafeRune(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case unsafeRune(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unsafeRune reports whether r is a control character or changes the text
// direction.
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == '\u200e', r == '\u200f', r == '\u061c':
		return true
	}
	return false
}
