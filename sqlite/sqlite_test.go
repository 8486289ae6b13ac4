package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/store/storetest"
)

func TestAlertStore(t *testing.T) {
	storetest.RunAlerts(t, func(t *testing.T) mamori.AlertStore {
		d, err := Open(filepath.Join(t.TempDir(), "mamori.db"), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	})
}

func TestStore(t *testing.T) {
	t.Run("memory", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) mamori.Store {
			d, err := Open(":memory:", nil)
			if err != nil {
				t.Fatal(err)
			}
			return d
		})
	})
	t.Run("file", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) mamori.Store {
			d, err := Open(filepath.Join(t.TempDir(), "mamori.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			return d
		})
	})
}

func clock(t time.Time) func() time.Time { return func() time.Time { return t } }

// mustOpen opens path and closes it when the test ends.
func mustOpen(t *testing.T, path string, now func() time.Time) *DB {
	t.Helper()
	d, err := Open(path, now)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestMigrationsAreOrdered(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no embedded migrations")
	}
	// Versions increase; gaps are allowed (each area of the product is given
	// its own number, and they land in any order).
	for i, m := range ms {
		if i > 0 && m.version <= ms[i-1].version || m.version <= 0 {
			t.Errorf("migration %s has version %d, want more than %d", m.name, m.version, max(0, ms[max(i-1, 0)].version))
		}
		if strings.TrimSpace(m.sql) == "" {
			t.Errorf("migration %s is empty", m.name)
		}
	}
}

type appliedMigration struct {
	Version   int
	AppliedAt int64
}

func applied(t *testing.T, d *DB) []appliedMigration {
	t.Helper()
	rows, err := d.db.Query(`SELECT version, applied_at FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []appliedMigration
	for rows.Next() {
		var m appliedMigration
		if err := rows.Scan(&m.Version, &m.AppliedAt); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMigrationsIdempotent(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(2025, 1, 1, 0, 0, 0, 1, time.UTC)
	var want []appliedMigration
	for _, m := range ms {
		want = append(want, appliedMigration{m.version, first.UnixNano()})
	}
	path := filepath.Join(t.TempDir(), "mamori.db")

	d, err := Open(path, clock(first))
	if err != nil {
		t.Fatal(err)
	}
	if got := applied(t, d); !slices.Equal(got, want) {
		t.Errorf("after the first Open: schema_migrations = %v, want %v", got, want)
	}
	if err := d.CreateScan(context.Background(), &mamori.Scan{ID: "kept", Source: "aws", Provider: "aws", StartedAt: first}); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}

	for i := range 2 {
		d, err := Open(path, clock(first.Add(time.Hour)))
		if err != nil {
			t.Fatalf("reopen %d: %v", i+1, err)
		}
		if got := applied(t, d); !slices.Equal(got, want) {
			t.Errorf("reopen %d: schema_migrations = %v, want %v (migrations applied again?)", i+1, got, want)
		}
		if _, err := d.Scan(context.Background(), "kept"); err != nil {
			t.Errorf("reopen %d: the scan stored before is gone: %v", i+1, err)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mamori.db")
	d, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	d, err = Open(path, nil)
	if err == nil {
		d.Close()
		t.Fatal("Open of a database with an unknown migration: no error")
	}
	if !strings.Contains(err.Error(), "newer mamori") {
		t.Errorf("Open: error %q, want it to say the database is from a newer mamori", err)
	}
}

// dirEntries lists the names in dir.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// checkRefused opens path, which must fail with ErrCorrupt and leave the
// file as it was.
func checkRefused(t *testing.T, path string) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Open(path, nil)
	if err == nil {
		d.Close()
		t.Fatalf("Open(%s): no error", path)
	}
	if want := path + " is not a mamori database or is corrupt"; err.Error() != want {
		t.Errorf("Open: error %q, want %q", err, want)
	}
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("Open: error %v does not wrap ErrCorrupt", err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the file is gone after a failed Open: %v", err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("a failed Open changed the file (%d bytes before, %d after)", len(before), len(after))
	}
}

func TestGarbageFileRefused(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 100_000)
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	header := append([]byte("SQLite format 3\x00"), random[:8192]...)
	for name, content := range map[string][]byte{
		"text":          []byte("not a database\n"),
		"one byte":      {0},
		"page of x":     bytes.Repeat([]byte("x"), 4096),
		"random":        random,
		"sqlite header": header,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "mamori.db")
			if err := os.WriteFile(path, content, 0o644); err != nil {
				t.Fatal(err)
			}
			checkRefused(t, path)
			if got := dirEntries(t, dir); !slices.Equal(got, []string{"mamori.db"}) {
				t.Errorf("a failed Open left files behind: %v", got)
			}
		})
	}
}

func TestForeignDatabaseRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "places.sqlite")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('https://example.com')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	checkRefused(t, path)
	if got := dirEntries(t, dir); !slices.Equal(got, []string{"places.sqlite"}) {
		t.Errorf("a failed Open left files behind: %v", got)
	}
}

func TestCorruptDatabaseRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mamori.db")
	d, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := d.CreateScan(ctx, &mamori.Scan{ID: "s", Source: "aws", Provider: "aws"}); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096 // SQLite's default page size
	if len(b) < 3*page {
		t.Fatalf("database is only %d bytes", len(b))
	}
	// Keep page 1 (header and schema), trash the rest.
	for i := page; i < len(b); i++ {
		b[i] = 0xa5
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	checkRefused(t, path)
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX permissions")
	}
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, "mamori.db")
	mustOpen(t, path, nil)
	for p, want := range map[string]os.FileMode{dir: 0o700, filepath.Dir(dir): 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", p, got, want)
		}
	}
}

func TestOpenSpecialPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "what?#%20 dir", "mamori 1%.db")
	d := mustOpen(t, path, nil)
	if err := d.CreateScan(context.Background(), &mamori.Scan{ID: "s", Source: "aws", Provider: "aws"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at the path given: %v", err)
	}
}

func TestPragmas(t *testing.T) {
	ctx := context.Background()
	for _, path := range []string{":memory:", filepath.Join(t.TempDir(), "mamori.db")} {
		d := mustOpen(t, path, nil)
		conns := 1
		if path != ":memory:" {
			conns = 3 // every connection of the pool must be set up
		}
		var held []*sql.Conn
		for range conns {
			c, err := d.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			held = append(held, c)
			var fk, busy int
			var mode string
			if err := c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
				t.Fatal(err)
			}
			if err := c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy); err != nil {
				t.Fatal(err)
			}
			if err := c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
				t.Fatal(err)
			}
			if fk != 1 {
				t.Errorf("%s: foreign_keys = %d, want 1", path, fk)
			}
			if busy != 5000 {
				t.Errorf("%s: busy_timeout = %d, want 5000", path, busy)
			}
			if wantMode := "wal"; path != ":memory:" && mode != wantMode {
				t.Errorf("%s: journal_mode = %q, want %q", path, mode, wantMode)
			}
		}
		for _, c := range held {
			c.Close()
		}
	}
}

// lockHolder is a connection of "another process" to path.
func lockHolder(t *testing.T, path string) (*sql.DB, *sql.Conn) {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	c, err := raw.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return raw, c
}

func exec(t *testing.T, c *sql.Conn, q string) {
	t.Helper()
	if _, err := c.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func TestOpenLockedDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mamori.db")
	d, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()

	raw, c := lockHolder(t, path)
	// In WAL mode only an exclusive locking mode keeps readers out.
	exec(t, c, `PRAGMA locking_mode = EXCLUSIVE`)
	exec(t, c, `BEGIN EXCLUSIVE`)
	exec(t, c, `INSERT INTO scans (id, source, provider, accounts, regions, started_at, errors, counts) VALUES ('x', 'aws', 'aws', '[]', '[]', 1, '[]', '{}')`)

	d, err = open(path, nil, options{busyTimeout: 20 * time.Millisecond})
	if err == nil {
		d.Close()
		t.Fatal("Open of a locked database: no error")
	}
	if want := path + " is in use by another process"; err.Error() != want {
		t.Errorf("Open: error %q, want %q", err, want)
	}
	if !errors.Is(err, ErrInUse) {
		t.Errorf("Open: error %v does not wrap ErrInUse", err)
	}

	exec(t, c, `ROLLBACK`)
	c.Close()
	raw.Close() // the exclusive locking mode lasts as long as the connection
	d, err = open(path, nil, options{busyTimeout: 20 * time.Millisecond})
	if err != nil {
		t.Fatalf("Open once the lock is gone: %v", err)
	}
	d.Close()
}

func TestWriteToLockedDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "mamori.db")
	d, err := open(path, nil, options{busyTimeout: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.CreateScan(ctx, &mamori.Scan{ID: "done", Source: "aws", Provider: "aws", StartedAt: time.Unix(1, 0)}); err != nil {
		t.Fatal(err)
	}
	if err := d.FinishScan(ctx, &mamori.Scan{ID: "done", Source: "aws", Provider: "aws", FinishedAt: time.Unix(2, 0)}); err != nil {
		t.Fatal(err)
	}

	_, c := lockHolder(t, path)
	exec(t, c, `BEGIN IMMEDIATE`)
	exec(t, c, `INSERT INTO scans (id, source, provider, accounts, regions, started_at, errors, counts) VALUES ('x', 'aws', 'aws', '[]', '[]', 1, '[]', '{}')`)

	err = d.CreateScan(ctx, &mamori.Scan{ID: "new", Source: "aws", Provider: "aws"})
	if err == nil {
		t.Fatal("CreateScan while another process writes: no error")
	}
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), path+" is in use by another process") {
		t.Errorf("CreateScan: error %q, want one wrapping ErrInUse that says %q", err, path+" is in use by another process")
	}
	err = d.PutFindings(ctx, "done", []mamori.Finding{{CheckID: "c", Status: mamori.StatusFail}})
	if !errors.Is(err, ErrInUse) {
		t.Errorf("PutFindings: error %v, want one wrapping ErrInUse", err)
	}
	// Readers do not wait for the writer (WAL).
	if list, err := d.Scans(ctx, 0); err != nil || len(list) != 1 {
		t.Errorf("Scans while another process writes = %d scans, %v; want 1, nil", len(list), err)
	}

	exec(t, c, `ROLLBACK`)
	if err := d.CreateScan(ctx, &mamori.Scan{ID: "new", Source: "aws", Provider: "aws"}); err != nil {
		t.Errorf("CreateScan once the lock is gone: %v", err)
	}
}

func TestTimes(t *testing.T) {
	ctx := context.Background()
	d := mustOpen(t, ":memory:", nil)
	start := time.Date(2025, 6, 30, 23, 59, 59, 999999999, time.FixedZone("JST", 9*60*60))
	if err := d.CreateScan(ctx, &mamori.Scan{ID: "s", Source: "aws", Provider: "aws", StartedAt: start}); err != nil {
		t.Fatal(err)
	}
	got, err := d.Scan(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	if !got.StartedAt.Equal(start) || got.StartedAt.Location() != time.UTC {
		t.Errorf("StartedAt = %v (%v), want %v in UTC", got.StartedAt, got.StartedAt.Location(), start)
	}
	if !got.FinishedAt.IsZero() {
		t.Errorf("FinishedAt = %v, want the zero time", got.FinishedAt)
	}
	for _, bad := range []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(1677, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2263, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		if err := d.CreateScan(ctx, &mamori.Scan{ID: bad.String(), Source: "aws", Provider: "aws", StartedAt: bad}); err == nil {
			t.Errorf("CreateScan with StartedAt %v: no error", bad)
		}
	}
}

func TestCreateScanDefaults(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 6, 1, 12, 0, 0, 5, time.UTC)
	d := mustOpen(t, ":memory:", clock(now))
	a := &mamori.Scan{Source: "aws", Provider: "aws"}
	b := &mamori.Scan{Source: "aws", Provider: "aws"}
	c := &mamori.Scan{Source: "aws", Provider: "aws", StartedAt: now.Add(time.Second)}
	for _, s := range []*mamori.Scan{a, b, c} {
		if err := d.CreateScan(ctx, s); err != nil {
			t.Fatal(err)
		}
		if s.ID == "" {
			t.Errorf("CreateScan left the ID empty")
		}
	}
	if !a.StartedAt.Equal(now) {
		t.Errorf("StartedAt = %v, want the clock's %v", a.StartedAt, now)
	}
	if a.ID == b.ID {
		t.Errorf("two scans started at the same time got the same ID %q", a.ID)
	}
	if !(a.ID < c.ID && b.ID < c.ID) {
		t.Errorf("IDs do not sort by start time: %q and %q before %q", a.ID, b.ID, c.ID)
	}
	if err := d.FinishScan(ctx, a); err != nil {
		t.Fatal(err)
	}
	if !a.FinishedAt.Equal(now) {
		t.Errorf("FinishedAt = %v, want the clock's %v", a.FinishedAt, now)
	}
	got, err := d.Scan(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.FinishedAt.Equal(now) {
		t.Errorf("stored FinishedAt = %v, want %v", got.FinishedAt, now)
	}
}

func TestPreviousScanTieBreak(t *testing.T) {
	ctx := context.Background()
	d := mustOpen(t, ":memory:", nil)
	at := time.Unix(1000, 0)
	f := func(st mamori.Status) []mamori.Finding {
		return []mamori.Finding{{CheckID: "c", Status: st, Resource: mamori.ResourceRef{ID: "r"}}}
	}
	for _, id := range []string{"a", "b"} {
		if err := d.CreateScan(ctx, &mamori.Scan{ID: id, Source: "aws", Provider: "aws", StartedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.CreateScan(ctx, &mamori.Scan{ID: "c", Source: "aws", Provider: "aws", StartedAt: at.Add(time.Second)}); err != nil {
		t.Fatal(err)
	}
	// a and b start together; b counts as after a.
	fa, fb, fc := f(mamori.StatusFail), f(mamori.StatusPass), f(mamori.StatusPass)
	if err := d.PutFindings(ctx, "a", fa); err != nil {
		t.Fatal(err)
	}
	if err := d.PutFindings(ctx, "b", fb); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b"} {
		if err := d.FinishScan(ctx, &mamori.Scan{ID: id, Source: "aws", Provider: "aws"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.PutFindings(ctx, "c", fc); err != nil {
		t.Fatal(err)
	}
	if !fc[0].FirstSeen.Equal(at) {
		t.Errorf("FirstSeen = %v, want %v from scan b (same start as a, greater ID)", fc[0].FirstSeen, at)
	}
}

func benchDB(b *testing.B) *DB {
	b.Helper()
	d, err := Open(filepath.Join(b.TempDir(), "mamori.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	return d
}

func benchFindings(n int) []mamori.Finding {
	fs := make([]mamori.Finding, n)
	statuses := []mamori.Status{mamori.StatusPass, mamori.StatusFail, mamori.StatusFail, mamori.StatusMuted, mamori.StatusError}
	for i := range fs {
		fs[i] = mamori.Finding{
			CheckID:  fmt.Sprintf("aws-s3-check-%03d", i%150),
			Status:   statuses[i%len(statuses)],
			Severity: mamori.Severity(i % 5),
			Resource: mamori.ResourceRef{Type: "aws_s3_bucket", ID: fmt.Sprintf("arn:aws:s3:::bucket-%06d", i/150), Name: fmt.Sprintf("bucket-%06d", i/150)},
			Provider: "aws", Account: "111111111111", Region: "ap-northeast-1",
		}
		if fs[i].Status == mamori.StatusMuted {
			fs[i].Reason = "accepted"
			fs[i].Mute = &mamori.Mute{By: "alice", Reason: "accepted", Until: time.Unix(2e9, 0)}
		}
	}
	return fs
}

// BenchmarkPutFindings stores 10,000 findings per iteration, each time in a
// new scan whose previous scan has the same 10,000 (the steady state of
// repeated scans).
func BenchmarkPutFindings(b *testing.B) {
	const n = 10_000
	ctx := context.Background()
	d := benchDB(b)
	fs := benchFindings(n)
	start := time.Unix(1.7e9, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		id := fmt.Sprintf("scan-%06d", i)
		if err := d.CreateScan(ctx, &mamori.Scan{ID: id, Source: "aws", Provider: "aws", StartedAt: start.Add(time.Duration(i) * time.Minute)}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := d.PutFindings(ctx, id, fs); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		// Finished, so that the next iteration carries FirstSeen over from it.
		if err := d.FinishScan(ctx, &mamori.Scan{ID: id, Source: "aws", Provider: "aws"}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "findings/s")
}

// BenchmarkPutResources stores 10,000 resources with nested attributes per
// iteration.
func BenchmarkPutResources(b *testing.B) {
	const n = 10_000
	ctx := context.Background()
	d := benchDB(b)
	rs := make([]mamori.Resource, n)
	for i := range rs {
		rs[i] = mamori.Resource{
			Provider: "aws", Account: "111111111111", Region: "ap-northeast-1", Type: "aws_s3_bucket",
			ID: fmt.Sprintf("arn:aws:s3:::bucket-%06d", i), Name: fmt.Sprintf("bucket-%06d", i),
			Tags: map[string]string{"env": "prod", "team": "platform"},
			Attributes: map[string]any{
				"versioning":  map[string]any{"enabled": true, "mfa_delete": false},
				"encryption":  map[string]any{"sse_algorithm": "aws:kms", "bucket_key_enabled": true},
				"object_lock": false,
				"size":        int64(i) * 1024,
				"policy": map[string]any{"Statement": []any{map[string]any{
					"Effect": "Deny", "Principal": "*", "Action": "s3:*",
					"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
				}}},
			},
			Relations: []mamori.Relation{{Kind: "uses_key", Type: "aws_kms_key", ID: "arn:aws:kms:ap-northeast-1:111111111111:key/k"}},
			Facts:     map[string]any{"public": false},
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		id := fmt.Sprintf("scan-%06d", i)
		if err := d.CreateScan(ctx, &mamori.Scan{ID: id, Source: "aws", Provider: "aws"}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := d.PutResources(ctx, id, rs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "resources/s")
}

// BenchmarkFindings reads the 10,000 findings of the latest scan.
func BenchmarkFindings(b *testing.B) {
	ctx := context.Background()
	d := benchDB(b)
	s := &mamori.Scan{ID: "s", Source: "aws", Provider: "aws"}
	if err := d.CreateScan(ctx, s); err != nil {
		b.Fatal(err)
	}
	if err := d.PutFindings(ctx, "s", benchFindings(10_000)); err != nil {
		b.Fatal(err)
	}
	if err := d.FinishScan(ctx, s); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fs, err := d.Findings(ctx, mamori.FindingFilter{})
		if err != nil || len(fs) != 10_000 {
			b.Fatalf("Findings: %d, %v", len(fs), err)
		}
	}
}
