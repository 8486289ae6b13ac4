package report

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// csvHeader names the CSV columns. It stays English in every language: it is
// the machine-readable contract of the format.
var csvHeader = []string{
	"check_id", "status", "severity", "title",
	"resource_type", "resource_id", "resource_name",
	"account", "region", "compliance", "reason", "first_seen", "last_seen",
}

func renderCSV(w io.Writer, in Input) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	// The check's cells are made once per check, not once per finding.
	type checkCells struct{ title, compliance string }
	cells := map[string]checkCells{}
	cc := checkCache{checks: in.Checks}
	row := make([]string, len(csvHeader))
	err := in.Findings.Walk(Query{}, func(f *mamori.Finding) error {
		k, ok := cells[f.CheckID]
		if !ok {
			c := cc.of(f)
			k = checkCells{csvSafe(title(c, in.Lang)), csvSafe(strings.Join(c.Compliance, ";"))}
			cells[f.CheckID] = k
		}
		row = append(row[:0],
			csvSafe(f.CheckID), string(f.Status), f.Severity.String(), k.title,
			csvSafe(f.Resource.Type), csvSafe(f.Resource.ID), csvSafe(f.Resource.Name),
			csvSafe(f.Account), csvSafe(f.Region), k.compliance, csvSafe(f.Reason),
			csvTime(f.FirstSeen), csvTime(f.LastSeen),
		)
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// csvSafe defuses spreadsheet formula injection: a cell that starts with a
// character a spreadsheet reads as the start of a formula (= + - @, their
// full-width forms, or a tab or carriage return that some spreadsheets skip
// before one) gets a leading
// apostrophe, so the cell is shown as text. Resource names and reasons come
// from the scanned account, which the reader does not control.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	// Japanese spreadsheets may turn the full-width forms into the ASCII ones.
	for _, p := range []string{"＝", "＋", "－", "＠"} {
		if strings.HasPrefix(s, p) {
			return "'" + s
		}
	}
	return s
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
