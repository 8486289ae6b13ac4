package cases_test

import (
	"context"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/cases"
	"github.com/mamori-sec/mamori/report"
	"github.com/mamori-sec/mamori/sqlite"
)

// BenchmarkOpenCases measures what `mamori cases` does on a database made by
// bench/cases (MAMORI_CASES_BENCH_DB): the sync check, reading the open
// cases, rendering the table.
func BenchmarkOpenCases(b *testing.B) {
	path := os.Getenv("MAMORI_CASES_BENCH_DB")
	if path == "" {
		b.Skip("MAMORI_CASES_BENCH_DB is not set (go run ./bench/cases)")
	}
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	db, err := sqlite.Open(path, func() time.Time { return now })
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := &cases.Syncer{Store: db, Now: func() time.Time { return now }}
	for b.Loop() {
		if _, err := s.Sync(ctx); err != nil {
			b.Fatal(err)
		}
		cs, err := db.Cases(ctx, mamori.CaseFilter{Open: true, Light: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := report.RenderCases(io.Discard, "table", "en", now, cs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstSync measures opening the cases of 100 new assets (1,000
// cases over 10,000 matches, built like bench/cases).
func BenchmarkFirstSync(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		b.StopTimer()
		db, err := sqlite.Open(b.TempDir()+"/m.db", func() time.Time { return now })
		if err != nil {
			b.Fatal(err)
		}
		var advs []mamori.Advisory
		for g := range 20 {
			advs = append(advs, mamori.Advisory{ID: "GHSA-" + itoa(g), Aliases: []string{"CVE-2026-" + itoa(1000+g)}, Source: "osv", Modified: now,
				Affected: []mamori.Affected{{Ecosystem: "npm", Name: "p" + itoa(g)}}})
		}
		if _, err := db.PutAdvisories(ctx, advs); err != nil {
			b.Fatal(err)
		}
		for i := range 100 {
			a := &mamori.Asset{Name: "a" + itoa(i), Importance: mamori.ImportanceHigh}
			var cs []mamori.Component
			var ms []mamori.Match
			for k := range 10 {
				g := (i + k) % 20
				for p := range 10 {
					c := mamori.Component{Ecosystem: "npm", Name: "p" + itoa(g) + "-" + itoa(p), Version: "1.0.0", PURL: "pkg:npm/p" + itoa(g) + "-" + itoa(p) + "@1.0.0"}
					cs = append(cs, c)
					ms = append(ms, mamori.Match{Group: "CVE-2026-" + itoa(1000+g), AdvisoryID: advs[g].ID, Component: c, Confidence: mamori.ConfidenceExact,
						Why: mamori.MatchReason{Range: ">=0, <9"}, Severity: []mamori.SeverityScore{{Type: "CVSS_V3", Score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}})
				}
			}
			if err := db.PutAsset(ctx, a, cs); err != nil {
				b.Fatal(err)
			}
			if err := db.PutMatches(ctx, "", a.Name, ms); err != nil {
				b.Fatal(err)
			}
		}
		s := &cases.Syncer{Store: db, Now: func() time.Time { return now }}
		b.StartTimer()
		r, err := s.Sync(ctx)
		if err != nil || r.Opened != 1000 {
			b.Fatal(err, r)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
