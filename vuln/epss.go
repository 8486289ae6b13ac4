package vuln

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// ParseEPSS reads FIRST's daily EPSS CSV: a comment line first
// ("#model_version:v2025.03.14,score_date:2025-03-14T00:00:00+0000"), then
// the header "cve,epss,percentile" and one row per CVE. A broken row is
// reported by its line number and left out. An error alone means the input
// is not an EPSS file.
func ParseEPSS(r io.Reader) ([]mamori.EPSSScore, []error, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var model string
	var date time.Time
	line := 0
	first, err := br.ReadString('\n')
	if err != nil && err != io.EOF {
		return nil, nil, err
	}
	line++
	header := first
	if strings.HasPrefix(first, "#") {
		for _, kv := range strings.Split(strings.TrimSpace(first[1:]), ",") {
			k, v, _ := strings.Cut(kv, ":")
			switch k {
			case "model_version":
				model = v
			case "score_date":
				for _, layout := range []string{"2006-01-02T15:04:05-0700", time.RFC3339, "2006-01-02"} {
					if t, err := time.Parse(layout, v); err == nil {
						date = t.UTC().Truncate(24 * time.Hour)
						break
					}
				}
			}
		}
		if header, err = br.ReadString('\n'); err != nil && err != io.EOF {
			return nil, nil, err
		}
		line++
	}
	cols := strings.Split(strings.TrimSpace(header), ",")
	idx := map[string]int{}
	for i, c := range cols {
		idx[strings.ToLower(strings.TrimSpace(c))] = i
	}
	ic, ok1 := idx["cve"]
	ie, ok2 := idx["epss"]
	ip, ok3 := idx["percentile"]
	if !ok1 || !ok2 || !ok3 {
		return nil, nil, errors.New("not an EPSS file: no cve,epss,percentile header")
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = len(cols)
	cr.ReuseRecord = true
	var (
		out  []mamori.EPSSScore
		errs []error
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			pl := line
			if errors.As(err, &pe) {
				pl += pe.StartLine
			}
			if errors.As(err, &pe) && pe.Err == csv.ErrFieldCount {
				errs = append(errs, fmt.Errorf("line %d: %d fields, want %d", pl, len(rec), len(cols)))
				continue
			}
			errs = append(errs, fmt.Errorf("line %d: %s", pl, oneLine(err.Error())))
			if errors.As(err, &pe) {
				continue
			}
			break
		}
		pl, _ := cr.FieldPos(0)
		pl += line
		s := mamori.EPSSScore{CVE: strings.TrimSpace(rec[ic]), Date: date, ModelVersion: model}
		if !strings.HasPrefix(s.CVE, "CVE-") {
			errs = append(errs, fmt.Errorf("line %d: %q is not a CVE ID", pl, rec[ic]))
			continue
		}
		var e1, e2 error
		s.Score, e1 = strconv.ParseFloat(strings.TrimSpace(rec[ie]), 64)
		s.Percentile, e2 = strconv.ParseFloat(strings.TrimSpace(rec[ip]), 64)
		if e1 != nil || e2 != nil || !(s.Score >= 0 && s.Percentile >= 0) || s.Score < 0 || s.Score > 1 || s.Percentile < 0 || s.Percentile > 1 {
			errs = append(errs, fmt.Errorf("line %d (%s): epss and percentile must be numbers from 0 to 1", pl, s.CVE))
			continue
		}
		out = append(out, s)
	}
	return out, errs, nil
}
