package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// Findings.

var findingColumns = []string{"scan_id", "tenant", "check_id", "status", "severity", "resource_type", "resource_id", "resource_name",
	"provider", "account", "region", "reason", "mute", "first_seen", "last_seen"}

// carryBatch is how many keys one lookup of the previous scan's findings
// asks for (five parameters each, well under SQLite's 32766).
const carryBatch = 1000

// PutFindings stores findings of a scan, in one transaction; it may be called
// more than once for the same scan, which is how a scan streams its findings
// in batches. It sets, in fs as well as in the store, each finding's ScanID
// to scanID, Tenant to the scan's tenant, LastSeen to the scan's StartedAt,
// and FirstSeen to the FirstSeen of the same finding (same Key) in the
// previous scan when it had the same Status there, else to the scan's
// StartedAt. The previous scan is the finished scan of the same Source with
// the latest StartedAt before this scan's (ties broken by ID); a scan that
// never finished (interrupted) has no say. The error wraps
// mamori.ErrNotFound when the scan does not exist.
func (d *DB) PutFindings(ctx context.Context, scanID string, fs []mamori.Finding) error {
	fail := func(err error) error { return fmt.Errorf("store findings of scan %s: %w", scanID, d.wrap(err)) }
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	var (
		source, tenant string
		started        int64
	)
	err = tx.QueryRowContext(ctx, `SELECT source, tenant, started_at FROM scans WHERE id = ?`, scanID).Scan(&source, &tenant, &started)
	if errors.Is(err, sql.ErrNoRows) {
		return fail(fmt.Errorf("scan %s: %w", scanID, mamori.ErrNotFound))
	}
	if err != nil {
		return fail(err)
	}
	firsts, err := carryFirstSeen(ctx, tx, scanID, source, started, fs)
	if err != nil {
		return fail(err)
	}
	err = insert(ctx, tx, "findings", findingColumns, len(fs), func(i int, args []any) ([]any, error) {
		f := &fs[i]
		var mute any
		if f.Mute != nil {
			m, err := marshal(f.Mute)
			if err != nil {
				return nil, fmt.Errorf("finding %s: mute: %w", f.Key(), err)
			}
			mute = m
		}
		return append(args, scanID, tenant, f.CheckID, string(f.Status), int64(f.Severity), f.Resource.Type, f.Resource.ID, f.Resource.Name,
			f.Provider, f.Account, f.Region, f.Reason, mute, firsts[i], started), nil
	})
	if err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	last := time.Unix(0, started).UTC()
	for i := range fs {
		fs[i].ScanID = scanID
		fs[i].Tenant = tenant
		fs[i].FirstSeen = time.Unix(0, firsts[i]).UTC()
		fs[i].LastSeen = last
	}
	return nil
}

// carryFirstSeen returns each finding's FirstSeen (as Unix nanoseconds): the
// FirstSeen of the same finding (same Key) in the previous finished scan of
// the same source when it had the same status there, else started. It asks
// for the keys of fs, carryBatch at a time, through the findings_key index,
// so that its cost follows len(fs), not the size of the previous scan: a
// scan that stores its findings in many small batches pays once per finding.
func carryFirstSeen(ctx context.Context, tx *sql.Tx, scanID, source string, started int64, fs []mamori.Finding) ([]int64, error) {
	firsts := make([]int64, len(fs))
	for i := range firsts {
		firsts[i] = started
	}
	var prevID string
	err := tx.QueryRowContext(ctx, `SELECT id FROM scans
		WHERE source = ? AND finished_at IS NOT NULL AND (started_at < ? OR (started_at = ? AND id < ?))
		ORDER BY started_at DESC, id DESC LIMIT 1`, source, started, started, scanID).Scan(&prevID)
	if errors.Is(err, sql.ErrNoRows) || len(fs) == 0 {
		return firsts, nil
	}
	if err != nil {
		return nil, err
	}
	type key struct{ check, provider, account, region, resource, status string }
	at := make(map[key][]int, min(len(fs), carryBatch))
	args := make([]any, 0, 1+5*carryBatch)
	for start := 0; start < len(fs); start += carryBatch {
		end := min(start+carryBatch, len(fs))
		clear(at)
		args = append(args[:0], prevID)
		var q strings.Builder
		q.WriteString(`SELECT check_id, provider, account, region, resource_id, status, first_seen FROM findings
			WHERE scan_id = ? AND (check_id, provider, account, region, resource_id) IN (VALUES `)
		for i := start; i < end; i++ {
			f := &fs[i]
			k := key{f.CheckID, f.Provider, f.Account, f.Region, f.Resource.ID, string(f.Status)}
			if at[k] == nil {
				if len(at) > 0 {
					q.WriteString(", ")
				}
				q.WriteString("(?, ?, ?, ?, ?)")
				args = append(args, k.check, k.provider, k.account, k.region, k.resource)
			}
			at[k] = append(at[k], i)
		}
		q.WriteString(")")
		rows, err := tx.QueryContext(ctx, q.String(), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var (
				k     key
				first int64
			)
			if err := rows.Scan(&k.check, &k.provider, &k.account, &k.region, &k.resource, &k.status, &first); err != nil {
				rows.Close()
				return nil, err
			}
			for _, i := range at[k] {
				firsts[i] = first
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return firsts, nil
}

// resolveScan returns f.ScanID, or the finished scan with the latest
// StartedAt when it is empty ("" and no error when no scan has finished). The
// error wraps mamori.ErrNotFound when f.ScanID names no scan.
func (d *DB) resolveScan(ctx context.Context, scanID string) (string, error) {
	if scanID != "" {
		return scanID, scanExists(ctx, d.db, scanID)
	}
	err := d.db.QueryRowContext(ctx, `SELECT id FROM scans WHERE finished_at IS NOT NULL
		ORDER BY started_at DESC, id DESC LIMIT 1`).Scan(&scanID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("latest scan: %w", err)
	}
	return scanID, nil
}

// where appends f's conditions (all but ScanID and Limit) to q and args.
func where(q *strings.Builder, args []any, f mamori.FindingFilter) []any {
	if len(f.Status) > 0 {
		q.WriteString(` AND status IN (?` + strings.Repeat(", ?", len(f.Status)-1) + `)`)
		for _, s := range f.Status {
			args = append(args, string(s))
		}
	}
	if f.MinSeverity > mamori.SeverityInfo {
		q.WriteString(` AND severity >= ?`)
		args = append(args, int64(f.MinSeverity))
	}
	if f.CheckID != "" {
		q.WriteString(` AND check_id = ?`)
		args = append(args, f.CheckID)
	}
	if f.ResourceID != "" {
		q.WriteString(` AND resource_id = ?`)
		args = append(args, f.ResourceID)
	}
	if f.Account != "" {
		q.WriteString(` AND account = ?`)
		args = append(args, f.Account)
	}
	return args
}

// Findings lists findings matching f, ordered by severity (highest first),
// check ID, account, region and resource ID. An empty f.ScanID means the
// finished scan with the latest StartedAt; when no scan has finished the list
// is empty. The error wraps mamori.ErrNotFound when f.ScanID names no scan.
func (d *DB) Findings(ctx context.Context, f mamori.FindingFilter) ([]mamori.Finding, error) {
	out := []mamori.Finding{}
	err := d.WalkFindings(ctx, f, func(x *mamori.Finding) error {
		out = append(out, *x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// WalkFindings calls fn for each finding Findings would list, in the same
// order, one row at a time from one query: memory does not grow with the
// number of findings. The finding passed to fn is reused for the next row.
func (d *DB) WalkFindings(ctx context.Context, f mamori.FindingFilter, fn func(*mamori.Finding) error) error {
	scanID, err := d.resolveScan(ctx, f.ScanID)
	if err != nil {
		return fmt.Errorf("findings: %w", d.wrap(err))
	}
	if scanID == "" {
		return nil
	}
	fail := func(err error) error { return fmt.Errorf("findings of scan %s: %w", scanID, d.wrap(err)) }

	var q strings.Builder
	q.WriteString(`SELECT tenant, check_id, status, severity, resource_type, resource_id, resource_name,
		provider, account, region, reason, mute, first_seen, last_seen
		FROM findings WHERE scan_id = ?`)
	args := where(&q, []any{scanID}, f)
	q.WriteString(` ORDER BY severity DESC, check_id, account, region, resource_id, provider, rowid`)
	if f.Limit > 0 {
		q.WriteString(` LIMIT ?`)
		args = append(args, f.Limit)
	}
	rows, err := d.db.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	var (
		x           mamori.Finding
		status      sql.RawBytes
		mute        sql.NullString
		first, last sql.NullInt64
		// Check IDs, types, accounts and regions repeat on every row: one
		// string each instead of one per row.
		intern = map[string]string{}
	)
	in := func(b []byte) string {
		if s, ok := intern[string(b)]; ok {
			return s
		}
		s := string(b)
		if len(intern) < 1<<16 {
			intern[s] = s
		}
		return s
	}
	var tenant, check, typ, prov, acct, region sql.RawBytes
	for rows.Next() {
		x = mamori.Finding{ScanID: scanID}
		if err := rows.Scan(&tenant, &check, &status, &x.Severity, &typ, &x.Resource.ID, &x.Resource.Name,
			&prov, &acct, &region, &x.Reason, &mute, &first, &last); err != nil {
			return fail(err)
		}
		x.Tenant, x.CheckID, x.Resource.Type = in(tenant), in(check), in(typ)
		x.Provider, x.Account, x.Region = in(prov), in(acct), in(region)
		x.Status = mamori.Status(in(status))
		if mute.Valid {
			x.Mute = new(mamori.Mute)
			if err := json.Unmarshal([]byte(mute.String), x.Mute); err != nil {
				return fail(fmt.Errorf("finding %s: mute: %w", x.Key(), err))
			}
		}
		x.FirstSeen, x.LastSeen = fromNanos(first), fromNanos(last)
		if err := fn(&x); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	return nil
}

// CountFindings counts the findings matching f (its Limit aside) by check,
// status and severity.
func (d *DB) CountFindings(ctx context.Context, f mamori.FindingFilter) ([]mamori.FindingCount, error) {
	scanID, err := d.resolveScan(ctx, f.ScanID)
	if err != nil {
		return nil, fmt.Errorf("count findings: %w", d.wrap(err))
	}
	out := []mamori.FindingCount{}
	if scanID == "" {
		return out, nil
	}
	fail := func(err error) error { return fmt.Errorf("count findings of scan %s: %w", scanID, d.wrap(err)) }
	var q strings.Builder
	q.WriteString(`SELECT check_id, status, severity, count(*) FROM findings WHERE scan_id = ?`)
	args := where(&q, []any{scanID}, f)
	q.WriteString(` GROUP BY check_id, status, severity ORDER BY check_id, status, severity`)
	rows, err := d.db.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c mamori.FindingCount
		var status string
		if err := rows.Scan(&c.CheckID, &status, &c.Severity, &c.Count); err != nil {
			return nil, fail(err)
		}
		c.Status = mamori.Status(status)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(err)
	}
	return out, nil
}

// CountChanges counts, by check, the failures of cur that did not fail in
// prev and the failures of prev that pass, are muted or are gone in cur, as
// mamori.Compare decides them, with two index-only passes over the
// findings_key index. The error wraps mamori.ErrNotFound when either scan
// does not exist.
func (d *DB) CountChanges(ctx context.Context, prevID, curID string) ([]mamori.CheckChange, error) {
	fail := func(err error) error {
		return fmt.Errorf("changes from scan %s to %s: %w", prevID, curID, d.wrap(err))
	}
	for _, id := range []string{prevID, curID} {
		if err := scanExists(ctx, d.db, id); err != nil {
			return nil, fail(err)
		}
	}
	// A failure is new unless the same key failed before; it is resolved
	// unless the same key fails again or is now unknown (ERROR).
	const q = `SELECT check_id, max(severity), sum(new), sum(resolved) FROM (
		SELECT a.check_id, a.severity, 1 AS new, 0 AS resolved FROM findings a
		WHERE a.scan_id = ?1 AND a.status = 'FAIL' AND NOT EXISTS (
			SELECT 1 FROM findings b WHERE b.scan_id = ?2 AND b.check_id = a.check_id AND b.provider = a.provider
			AND b.account = a.account AND b.region = a.region AND b.resource_id = a.resource_id AND b.status = 'FAIL')
		UNION ALL
		SELECT b.check_id, b.severity, 0, 1 FROM findings b
		WHERE b.scan_id = ?2 AND b.status = 'FAIL' AND NOT EXISTS (
			SELECT 1 FROM findings a WHERE a.scan_id = ?1 AND a.check_id = b.check_id AND a.provider = b.provider
			AND a.account = b.account AND a.region = b.region AND a.resource_id = b.resource_id AND a.status IN ('FAIL', 'ERROR'))
	) GROUP BY check_id ORDER BY check_id`
	rows, err := d.db.QueryContext(ctx, q, curID, prevID)
	if err != nil {
		return nil, fail(err)
	}
	defer rows.Close()
	out := []mamori.CheckChange{}
	for rows.Next() {
		var c mamori.CheckChange
		if err := rows.Scan(&c.CheckID, &c.Severity, &c.New, &c.Resolved); err != nil {
			return nil, fail(err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(err)
	}
	return out, nil
}
