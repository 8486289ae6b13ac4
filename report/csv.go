package report

import (
	"encoding/csv"
	"io"
	"strings"
	"time"
)

// csvHeader names the CSV columns. It stays English in every language: it is
// the machine-readable contract of the format.
var csvHeader = []string{
	"check_id", "status", "severity", "title",
	"resource_type", "resource_id", "resource_name",
	"account", "region", "compliance", "reason", "first_seen", "last_seen",
}

func renderCSV(w io.Writer, in Input) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for i := range in.Findings {
		f := &in.Findings[i]
		c := checkOf(in.Checks, f)
		row := []string{
			f.CheckID, string(f.Status), f.Severity.String(), title(c, in.Lang),
			f.Resource.Type, f.Resource.ID, f.Resource.Name,
			f.Account, f.Region, strings.Join(c.Compliance, ";"), f.Reason,
			csvTime(f.FirstSeen), csvTime(f.LastSeen),
		}
		for j := range row {
			row[j] = csvSafe(row[j])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
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
