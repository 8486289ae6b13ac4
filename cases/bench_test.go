package cases_test

import (
	"context"
	"io"
	"os"
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
