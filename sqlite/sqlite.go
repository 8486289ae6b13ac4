// Package sqlite is the default mamori.Store: one SQLite file (or an
// in-memory database) through modernc.org/sqlite, a pure-Go driver, so the
// mamori binary needs no C toolchain.
//
// # Schema
//
// The schema is created and upgraded by the embedded migrations/NNNN_*.sql
// files, applied in order, each in its own transaction, and recorded in the
// schema_migrations table (version, applied_at). Opening a database that has
// all of them applies nothing; opening one written by a newer mamori (with a
// migration this build does not know) fails rather than guess.
//
// Times are stored as INTEGER nanoseconds since the Unix epoch, so they round
// trip exactly to the nanosecond; they come back in UTC and without a
// monotonic clock reading (compare them with time.Time.Equal). The zero
// time.Time is stored as NULL. Times before 1678 or after 2262 cannot be
// stored and make the write fail.
//
// Resource attributes and facts are stored as JSON, written so that integers
// come back as int64 and floats as float64 (a whole float64 such as 3.0 stays
// a float64): see tree.go for the exact rules. Tags, relations, scan lists,
// counts and mutes are plain encoding/json.
//
// # Files
//
// A database file is opened in WAL mode (readers do not wait for a writer),
// with foreign keys on and a busy timeout of five seconds. A file that is not
// a SQLite database, is corrupt, or is a SQLite database of some other program
// is never modified: Open fails with an error wrapping ErrCorrupt. A database
// that another process keeps locked for longer than the busy timeout gives an
// error wrapping ErrInUse.
package sqlite

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

var _ mamori.Store = (*DB)(nil)

// ErrCorrupt is wrapped by the error Open (or any later call) returns when the
// file is not a SQLite database, is damaged, or belongs to another program.
// The error's message is "<path> is not a mamori database or is corrupt".
var ErrCorrupt = errors.New("is not a mamori database or is corrupt")

// ErrInUse is wrapped by the error returned when another process holds a lock
// on the database for longer than the busy timeout. The error's message is
// "<path> is in use by another process".
var ErrInUse = errors.New("is in use by another process")

// pathError is a one-line error about the database file: "<path> <err>".
type pathError struct {
	path  string
	err   error // ErrCorrupt or ErrInUse
	cause error // the driver's error, for errors.As; not in the message
}

func (e *pathError) Error() string { return e.path + " " + e.err.Error() }

func (e *pathError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.err}
	}
	return []error{e.err, e.cause}
}

// DB is a mamori.Store in one SQLite database. It is safe for concurrent use.
type DB struct {
	db   *sql.DB
	path string
	now  func() time.Time
}

// options are the settings tests change.
type options struct {
	busyTimeout time.Duration
}

const defaultBusyTimeout = 5 * time.Second

// Open opens (creating if needed) the mamori database at path and brings its
// schema up to date. path ":memory:" is a private in-memory database that
// lives until Close. The parent directory of a file is created (mode 0700) if
// missing, and a new file is created with mode 0600. now is the clock used for
// the times the store fills in; nil means time.Now.
func Open(path string, now func() time.Time) (*DB, error) {
	return open(path, now, options{busyTimeout: defaultBusyTimeout})
}

func open(path string, now func() time.Time, o options) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	if now == nil {
		now = time.Now
	}
	memory := path == ":memory:"
	params := url.Values{
		"_busy_timeout": {strconv.FormatInt(o.busyTimeout.Milliseconds(), 10)},
		"_foreign_keys": {"1"},
		// Write transactions take the write lock at BEGIN: a deferred
		// transaction that reads and then writes can fail with SQLITE_BUSY at
		// once, without waiting, when another connection wrote in between.
		"_txlock": {"immediate"},
		// Multi-row INSERTs keep a statement journal; in memory it costs no
		// system calls.
		"_pragma": {"temp_store(memory)"},
	}
	var dsn string
	if memory {
		dsn = ":memory:?" + params.Encode()
	} else {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
		if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
		// Create the file ourselves so that it is private; SQLite gives the
		// -wal and -shm files the same mode. O_EXCL: an existing file is left
		// exactly as it is.
		f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		switch {
		case err == nil:
			f.Close()
		case !errors.Is(err, fs.ErrExist):
			return nil, fmt.Errorf("open database %s: %w", path, err)
		default:
			if err := checkHeader(path, abs); err != nil {
				return nil, err
			}
		}
		params.Set("_synchronous", "NORMAL") // durable enough with WAL, much faster
		dsn = "file:" + uriPath(abs) + "?" + params.Encode()
	}
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if memory {
		// Every connection to ":memory:" is a different database.
		sdb.SetMaxOpenConns(1)
	}
	d := &DB{db: sdb, path: path, now: now}
	if err := d.init(context.Background(), !memory); err != nil {
		sdb.Close()
		return nil, err
	}
	return d, nil
}

// checkHeader refuses an existing file that is neither empty nor starts like
// a SQLite database. SQLite itself takes a one-byte file for an empty
// database (and would write over it), and reports other files only at the
// first query.
func checkHeader(path, abs string) error {
	f, err := os.Open(abs)
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	var head [16]byte
	n, err := io.ReadFull(f, head[:])
	switch {
	case n == 0 && err == io.EOF:
		return nil // empty: a new database
	case errors.Is(err, io.ErrUnexpectedEOF) || err == nil && string(head[:]) != "SQLite format 3\x00":
		return &pathError{path: path, err: ErrCorrupt}
	case err != nil:
		return fmt.Errorf("open database %s: %w", path, err)
	}
	return nil
}

// uriPath turns an absolute file path into the path of a file: URI.
func uriPath(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x -> /C:/x
	}
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// init checks that the file is a mamori database (or empty), switches it to
// WAL and applies the pending migrations. Nothing is written before the
// checks pass.
func (d *DB) init(ctx context.Context, wal bool) error {
	rows, err := d.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return d.openErr(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return d.openErr(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return d.openErr(err)
	}
	rows.Close()
	versioned := slices.Contains(tables, "schema_migrations")
	if len(tables) > 0 && !versioned {
		return &pathError{path: d.path, err: ErrCorrupt} // somebody else's database
	}
	if wal {
		var mode string
		if err := d.db.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode); err != nil {
			return d.openErr(err)
		}
	}
	return d.migrate(ctx, versioned)
}

// openErr reports an error met while opening.
func (d *DB) openErr(err error) error {
	err = d.wrap(err)
	var pe *pathError
	if errors.As(err, &pe) {
		return err
	}
	return fmt.Errorf("open database %s: %w", d.path, err)
}

// wrap turns the driver's "busy" and "corrupt" errors into ErrInUse and
// ErrCorrupt errors naming the file.
func (d *DB) wrap(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY:
			return &pathError{path: d.path, err: ErrInUse, cause: err}
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return &pathError{path: d.path, err: ErrCorrupt, cause: err}
		}
	}
	return err
}

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, n := range names {
		base := filepath.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and '_'", base)
		}
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have the same version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// migrate applies the migrations the database does not have yet.
func (d *DB) migrate(ctx context.Context, versioned bool) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	applied := map[int]bool{}
	if versioned {
		rows, err := d.db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return d.openErr(err)
		}
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return d.openErr(err)
			}
			applied[v] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return d.openErr(err)
		}
	}
	known := map[int]bool{}
	for _, m := range ms {
		known[m.version] = true
	}
	for v := range applied {
		if !known[v] {
			return fmt.Errorf("open database %s: schema version %d was written by a newer mamori; upgrade mamori", d.path, v)
		}
	}
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		if err := d.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// apply runs one migration in its own transaction, unless another process
// applied it meanwhile.
func (d *DB) apply(ctx context.Context, m migration) error {
	fail := func(err error) error {
		err = d.wrap(err)
		var pe *pathError
		if errors.As(err, &pe) {
			return err
		}
		return fmt.Errorf("open database %s: migration %s: %w", d.path, m.name, err)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER NOT NULL PRIMARY KEY,
		applied_at INTEGER NOT NULL
	) STRICT`); err != nil {
		return fail(err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
		return fail(err)
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fail(err)
	}
	at, err := nanos(d.now())
	if err != nil {
		return fail(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, m.version, at); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Time encoding.

var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

// nanos encodes a time: nil for the zero time, else Unix nanoseconds.
func nanos(t time.Time) (any, error) {
	if t.IsZero() {
		return nil, nil
	}
	if t.Before(minTime) || t.After(maxTime) {
		return nil, fmt.Errorf("time %s cannot be stored (must be between years 1678 and 2262)", t.Format(time.RFC3339))
	}
	return t.UnixNano(), nil
}

// fromNanos decodes a time written by nanos.
func fromNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}

// Scans.

// newID returns a scan ID that sorts by start time.
func newID(start time.Time) string {
	var b [4]byte
	rand.Read(b[:])
	return start.UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(b[:])
}

func marshal(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// scanArgs returns the columns of scans after id and started_at:
// source, provider, accounts, regions, finished_at, partial, errors, resources, counts.
func scanArgs(s *mamori.Scan) ([]any, error) {
	accounts, err := marshal(s.Accounts)
	if err != nil {
		return nil, err
	}
	regions, err := marshal(s.Regions)
	if err != nil {
		return nil, err
	}
	errs, err := marshal(s.Errors)
	if err != nil {
		return nil, err
	}
	counts, err := marshal(s.Counts)
	if err != nil {
		return nil, err
	}
	finished, err := nanos(s.FinishedAt)
	if err != nil {
		return nil, err
	}
	partial := 0
	if s.Partial {
		partial = 1
	}
	return []any{s.Source, s.Provider, accounts, regions, finished, partial, errs, s.Resources, counts}, nil
}

// CreateScan records a scan that has started. A zero StartedAt is set to the
// current time and an empty ID to a new unique ID that sorts by start time;
// both are written back to s. An ID that already exists is an error.
func (d *DB) CreateScan(ctx context.Context, s *mamori.Scan) error {
	if s == nil {
		return errors.New("create scan: nil scan")
	}
	started := s.StartedAt
	if started.IsZero() {
		started = d.now()
	}
	id := s.ID
	if id == "" {
		id = newID(started)
	}
	args, err := scanArgs(s)
	if err != nil {
		return fmt.Errorf("create scan %s: %w", id, err)
	}
	at, err := nanos(started)
	if err != nil {
		return fmt.Errorf("create scan %s: %w", id, err)
	}
	tenant := cmp.Or(s.Tenant, mamori.DefaultTenant)
	_, err = d.db.ExecContext(ctx, `INSERT INTO scans
		(id, tenant, started_at, source, provider, accounts, regions, finished_at, partial, errors, resources, counts)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append([]any{id, tenant, at}, args...)...)
	if err != nil {
		var se *sqlite.Error
		if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
			return fmt.Errorf("create scan %s: a scan with this ID already exists", id)
		}
		return fmt.Errorf("create scan %s: %w", id, d.wrap(err))
	}
	s.ID, s.StartedAt, s.Tenant = id, started, tenant
	return nil
}

// FinishScan records the end of a scan: every field of s except ID, Tenant
// and StartedAt replaces the stored one. A zero FinishedAt is set to the current
// time and written back to s. ErrNotFound when there is no such scan.
func (d *DB) FinishScan(ctx context.Context, s *mamori.Scan) error {
	if s == nil {
		return errors.New("finish scan: nil scan")
	}
	finished := s.FinishedAt
	if finished.IsZero() {
		finished = d.now()
	}
	c := *s
	c.FinishedAt = finished
	args, err := scanArgs(&c)
	if err != nil {
		return fmt.Errorf("finish scan %s: %w", s.ID, err)
	}
	res, err := d.db.ExecContext(ctx, `UPDATE scans SET
		source = ?, provider = ?, accounts = ?, regions = ?, finished_at = ?,
		partial = ?, errors = ?, resources = ?, counts = ?
		WHERE id = ?`, append(args, s.ID)...)
	if err != nil {
		return fmt.Errorf("finish scan %s: %w", s.ID, d.wrap(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("finish scan %s: %w", s.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("finish scan %s: %w", s.ID, mamori.ErrNotFound)
	}
	s.FinishedAt = finished
	return nil
}

const scanColumns = `id, tenant, source, provider, accounts, regions, started_at, finished_at, partial, errors, resources, counts`

type rowScanner interface{ Scan(dest ...any) error }

func readScan(r rowScanner) (*mamori.Scan, error) {
	var (
		s                               mamori.Scan
		accounts, regions, errs, counts string
		started, finished               sql.NullInt64
	)
	if err := r.Scan(&s.ID, &s.Tenant, &s.Source, &s.Provider, &accounts, &regions, &started, &finished,
		&s.Partial, &errs, &s.Resources, &counts); err != nil {
		return nil, err
	}
	s.StartedAt, s.FinishedAt = fromNanos(started), fromNanos(finished)
	for _, c := range []struct {
		text string
		v    any
	}{{accounts, &s.Accounts}, {regions, &s.Regions}, {errs, &s.Errors}, {counts, &s.Counts}} {
		if err := json.Unmarshal([]byte(c.text), c.v); err != nil {
			return nil, fmt.Errorf("scan %s: %w", s.ID, err)
		}
	}
	return &s, nil
}

// Scans lists finished scans, newest (latest StartedAt) first, at most limit
// of them; limit <= 0 means all.
func (d *DB) Scans(ctx context.Context, limit int) ([]mamori.Scan, error) {
	q := `SELECT ` + scanColumns + ` FROM scans WHERE finished_at IS NOT NULL ORDER BY started_at DESC, id DESC`
	var args []any
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list scans: %w", d.wrap(err))
	}
	defer rows.Close()
	out := []mamori.Scan{}
	for rows.Next() {
		s, err := readScan(rows)
		if err != nil {
			return nil, fmt.Errorf("list scans: %w", d.wrap(err))
		}
		out = append(out, *s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list scans: %w", d.wrap(err))
	}
	return out, nil
}

// Scan returns one scan, finished or not. The error wraps mamori.ErrNotFound
// when there is none.
func (d *DB) Scan(ctx context.Context, id string) (*mamori.Scan, error) {
	s, err := readScan(d.db.QueryRowContext(ctx, `SELECT `+scanColumns+` FROM scans WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("scan %s: %w", id, mamori.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", id, d.wrap(err))
	}
	return s, nil
}

// scanExists returns ErrNotFound (wrapped) when there is no scan id.
func scanExists(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}, id string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM scans WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("scan %s: %w", id, mamori.ErrNotFound)
	}
	return err
}

// Batched inserts.

// maxBatch is the number of rows one INSERT statement writes. Fewer, larger
// statements are much faster than one statement per row; SQLite allows 32766
// parameters per statement.
const maxBatch = 200

// insert writes n rows into table in batches of maxBatch, one prepared
// statement for the full batches. row appends row i's values (one per
// column) to args.
func insert(ctx context.Context, tx *sql.Tx, table string, columns []string, n int, row func(i int, args []any) ([]any, error)) error {
	_, err := insertVerb(ctx, tx, "INSERT", table, columns, n, row)
	return err
}

// insertVerb is insert with another verb ("INSERT OR IGNORE").
func insertVerb(ctx context.Context, tx *sql.Tx, verb, table string, columns []string, n int, row func(i int, args []any) ([]any, error)) (int64, error) {
	stmtFor := func(rows int) string {
		var b strings.Builder
		b.WriteString(verb + " INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
		tuple := "(" + strings.Repeat("?, ", len(columns)-1) + "?)"
		for i := range rows {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tuple)
		}
		return b.String()
	}
	var full *sql.Stmt
	if n >= maxBatch {
		var err error
		if full, err = tx.PrepareContext(ctx, stmtFor(maxBatch)); err != nil {
			return 0, err
		}
		defer full.Close()
	}
	args := make([]any, 0, min(n, maxBatch)*len(columns))
	var affected int64
	for start := 0; start < n; start += maxBatch {
		end := min(start+maxBatch, n)
		args = args[:0]
		for i := start; i < end; i++ {
			var err error
			if args, err = row(i, args); err != nil {
				return 0, err
			}
		}
		var (
			res sql.Result
			err error
		)
		if end-start == maxBatch {
			res, err = full.ExecContext(ctx, args...)
		} else {
			res, err = tx.ExecContext(ctx, stmtFor(end-start), args...)
		}
		if err != nil {
			return 0, err
		}
		rows, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		affected += rows
	}
	return affected, nil
}

// Resources.

var resourceColumns = []string{"scan_id", "provider", "account", "region", "type", "id", "name", "tags", "attributes", "relations", "facts"}

// PutResources stores resources of a scan, in one transaction; it may be
// called more than once for the same scan. The error wraps
// mamori.ErrNotFound when the scan does not exist.
func (d *DB) PutResources(ctx context.Context, scanID string, rs []mamori.Resource) error {
	fail := func(err error) error { return fmt.Errorf("store resources of scan %s: %w", scanID, d.wrap(err)) }
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	if err := scanExists(ctx, tx, scanID); err != nil {
		return fail(err)
	}
	err = insert(ctx, tx, "resources", resourceColumns, len(rs), func(i int, args []any) ([]any, error) {
		r := &rs[i]
		tags, err := marshal(r.Tags)
		if err != nil {
			return nil, fmt.Errorf("resource %s: tags: %w", r.ID, err)
		}
		attrs, err := encodeTree(r.Attributes)
		if err != nil {
			return nil, fmt.Errorf("resource %s: attributes: %w", r.ID, err)
		}
		rels, err := marshal(r.Relations)
		if err != nil {
			return nil, fmt.Errorf("resource %s: relations: %w", r.ID, err)
		}
		facts, err := encodeTree(r.Facts)
		if err != nil {
			return nil, fmt.Errorf("resource %s: facts: %w", r.ID, err)
		}
		return append(args, scanID, r.Provider, r.Account, r.Region, r.Type, r.ID, r.Name, tags, attrs, rels, facts), nil
	})
	if err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

// PutFacts replaces the facts of resources of a scan that are already
// stored, matched by provider, account, region, type and ID, in one
// transaction. A scan stores its resources as they are collected, before the
// analyzers have run, and their facts afterwards. The error wraps
// mamori.ErrNotFound when the scan or one of the resources does not exist.
func (d *DB) PutFacts(ctx context.Context, scanID string, rs []mamori.Resource) error {
	fail := func(err error) error { return fmt.Errorf("store facts of scan %s: %w", scanID, d.wrap(err)) }
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	if err := scanExists(ctx, tx, scanID); err != nil {
		return fail(err)
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE resources SET facts = ?
		WHERE scan_id = ? AND provider = ? AND account = ? AND region = ? AND type = ? AND id = ?`)
	if err != nil {
		return fail(err)
	}
	defer stmt.Close()
	for i := range rs {
		r := &rs[i]
		facts, err := encodeTree(r.Facts)
		if err != nil {
			return fail(fmt.Errorf("resource %s: facts: %w", r.ID, err))
		}
		res, err := stmt.ExecContext(ctx, facts, scanID, r.Provider, r.Account, r.Region, r.Type, r.ID)
		if err != nil {
			return fail(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fail(err)
		} else if n == 0 {
			return fail(fmt.Errorf("resource %s %s: %w", r.Type, r.ID, mamori.ErrNotFound))
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

// DeleteScan removes a scan with its resources and findings; a scan that
// fails half-way is removed so that nothing half-written stays behind.
// ErrNotFound when there is no such scan.
func (d *DB) DeleteScan(ctx context.Context, id string) error {
	res, err := d.db.ExecContext(ctx, `DELETE FROM scans WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete scan %s: %w", id, d.wrap(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("delete scan %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("delete scan %s: %w", id, mamori.ErrNotFound)
	}
	return nil
}

// Resources lists a scan's resources ordered by provider, account, region,
// type and ID. The error wraps mamori.ErrNotFound when the scan does not
// exist.
func (d *DB) Resources(ctx context.Context, scanID string) ([]mamori.Resource, error) {
	fail := func(err error) error { return fmt.Errorf("resources of scan %s: %w", scanID, d.wrap(err)) }
	if err := scanExists(ctx, d.db, scanID); err != nil {
		return nil, fail(err)
	}
	rows, err := d.db.QueryContext(ctx, `SELECT provider, account, region, type, id, name, tags, attributes, relations, facts
		FROM resources WHERE scan_id = ? ORDER BY provider, account, region, type, id, rowid`, scanID)
	if err != nil {
		return nil, fail(err)
	}
	defer rows.Close()
	out := []mamori.Resource{}
	for rows.Next() {
		var (
			r                             mamori.Resource
			tags, attrs, relations, facts string
		)
		if err := rows.Scan(&r.Provider, &r.Account, &r.Region, &r.Type, &r.ID, &r.Name, &tags, &attrs, &relations, &facts); err != nil {
			return nil, fail(err)
		}
		if err := json.Unmarshal([]byte(tags), &r.Tags); err != nil {
			return nil, fail(fmt.Errorf("resource %s: tags: %w", r.ID, err))
		}
		if err := json.Unmarshal([]byte(relations), &r.Relations); err != nil {
			return nil, fail(fmt.Errorf("resource %s: relations: %w", r.ID, err))
		}
		if r.Attributes, err = decodeTree(attrs); err != nil {
			return nil, fail(fmt.Errorf("resource %s: attributes: %w", r.ID, err))
		}
		if r.Facts, err = decodeTree(facts); err != nil {
			return nil, fail(fmt.Errorf("resource %s: facts: %w", r.ID, err))
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(err)
	}
	return out, nil
}
