package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

var alertColumns = []string{"id", "rule_id", "detector", "severity", "title", "time", "principal", "account", "region",
	"event_names", "event_ids", "source_ips", "reason", "tags", "evidence", "created_at", "tier", "tenant"}

// PutAlerts stores alerts in one transaction; an alert whose ID is already
// stored is left as it is. It returns how many were new.
func (d *DB) PutAlerts(ctx context.Context, as []mamori.Alert) (int, error) {
	fail := func(err error) (int, error) { return 0, fmt.Errorf("store alerts: %w", d.wrap(err)) }
	if len(as) == 0 {
		return 0, nil
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	now := d.now().UnixNano()
	var evBuf []byte
	// Rows an INSERT OR IGNORE left out are not counted as affected: the
	// count is the new alerts (counting the table before and after would
	// scan it twice per batch).
	added, err := insertOrIgnore(ctx, tx, "alerts", alertColumns, len(as), func(i int, args []any) ([]any, error) {
		a := &as[i]
		if a.ID == "" {
			return nil, fmt.Errorf("alert of rule %s has no id", a.RuleID)
		}
		js := make([]string, 0, 7)
		for _, v := range []any{a.Title, nonNil(a.EventNames), nonNil(a.EventIDs), nonNil(a.SourceIPs), a.Reason, nonNil(a.Tags)} {
			s, err := marshal(v)
			if err != nil {
				return nil, fmt.Errorf("alert %s: %w", a.ID, err)
			}
			js = append(js, s)
		}
		evidence, err := evidenceText(a.Evidence, &evBuf)
		if err != nil {
			return nil, fmt.Errorf("alert %s: evidence: %w", a.ID, err)
		}
		created := now
		if !a.CreatedAt.IsZero() {
			created = a.CreatedAt.UnixNano()
		}
		tier, tenant := a.Tier, a.Tenant
		switch tier {
		case "":
			tier = mamori.TierAlert
		case mamori.TierAlert, mamori.TierSignal:
		default:
			return nil, fmt.Errorf("alert %s: unknown tier %q", a.ID, tier)
		}
		if tenant == "" {
			tenant = defaultTenant
		}
		return append(args, a.ID, a.RuleID, a.Detector, int64(a.Severity), js[0], a.Time.UnixNano(), a.Principal, a.Account, a.Region,
			js[1], js[2], js[3], js[4], js[5], evidence, created, string(tier), tenant), nil
	})
	if err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return int(added), nil
}

// evidenceText is the JSON array of the evidence records. The records are
// compact JSON already (audit.Evidence): they are joined as they are, not
// encoded again; one that is not valid JSON is kept as text
// (mamori.SafeEvidence). buf is reused from alert to alert.
func evidenceText(ev []json.RawMessage, buf *[]byte) (string, error) {
	for _, e := range ev {
		if !json.Valid(e) {
			return marshal(mamori.SafeEvidence(ev))
		}
	}
	b := append((*buf)[:0], '[')
	for i, e := range ev {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e...)
	}
	b = append(b, ']')
	*buf = b
	return string(b), nil
}

// defaultTenant is the tenant of an alert that names none.
const defaultTenant = "default"

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// insertOrIgnore is insert with INSERT OR IGNORE.
func insertOrIgnore(ctx context.Context, tx *sql.Tx, table string, columns []string, n int, row func(i int, args []any) ([]any, error)) (int64, error) {
	return insertVerb(ctx, tx, "INSERT OR IGNORE", table, columns, n, row)
}

// alertQuery is the query of the alerts matching f, newest first (ties by
// ID), selecting cols.
func alertQuery(cols []string, f mamori.AlertFilter) (string, []any, error) {
	var (
		q    strings.Builder
		args []any
	)
	q.WriteString(`SELECT ` + strings.Join(cols, ", ") + ` FROM alerts WHERE 1 = 1`)
	if !f.Since.IsZero() {
		q.WriteString(` AND time >= ?`)
		args = append(args, f.Since.UnixNano())
	}
	if !f.Until.IsZero() {
		q.WriteString(` AND time < ?`)
		args = append(args, f.Until.UnixNano())
	}
	if f.RuleID != "" {
		q.WriteString(` AND rule_id = ?`)
		args = append(args, f.RuleID)
	}
	if f.MinSeverity > mamori.SeverityInfo {
		q.WriteString(` AND severity >= ?`)
		args = append(args, int64(f.MinSeverity))
	}
	if f.Principal != "" {
		q.WriteString(` AND principal = ?`)
		args = append(args, f.Principal)
	}
	if f.Tier != "" {
		q.WriteString(` AND tier = ?`)
		args = append(args, string(f.Tier))
	}
	if len(f.IDs) > 0 {
		if len(f.IDs) > mamori.MaxAlertIDs {
			return "", nil, fmt.Errorf("%d IDs asked for at once; at most %d", len(f.IDs), mamori.MaxAlertIDs)
		}
		q.WriteString(` AND id IN (?` + strings.Repeat(`, ?`, len(f.IDs)-1) + `)`)
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	q.WriteString(` ORDER BY time DESC, id DESC`)
	if f.Limit > 0 {
		q.WriteString(` LIMIT ?`)
		args = append(args, f.Limit)
	}
	return q.String(), args, nil
}

// AlertKeys lists the keys of the alerts matching f, newest first.
func (d *DB) AlertKeys(ctx context.Context, f mamori.AlertFilter) ([]mamori.AlertKey, error) {
	q, args, err := alertQuery([]string{"id", "time", "severity", "tier"}, f)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", d.wrap(err))
	}
	defer rows.Close()
	out := []mamori.AlertKey{}
	for rows.Next() {
		var k mamori.AlertKey
		var at, sev int64
		var tier string
		if err := rows.Scan(&k.ID, &at, &sev, &tier); err != nil {
			return nil, fmt.Errorf("alerts: %w", d.wrap(err))
		}
		k.Time, k.Severity, k.Tier = time.Unix(0, at).UTC(), mamori.Severity(sev), mamori.Tier(tier)
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("alerts: %w", d.wrap(err))
	}
	return out, nil
}

// Alerts lists alerts matching f, newest first (ties by ID).
func (d *DB) Alerts(ctx context.Context, f mamori.AlertFilter) ([]mamori.Alert, error) {
	cols := alertColumns
	if f.NoEvidence {
		cols = slices.Clone(alertColumns)
		cols[slices.Index(cols, "evidence")] = "'[]'"
	}
	q, args, err := alertQuery(cols, f)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", d.wrap(err))
	}
	defer rows.Close()
	out := []mamori.Alert{}
	for rows.Next() {
		var (
			a                                          mamori.Alert
			sev, at, created                           int64
			title, names, ids, ips, reason, tags, evid string
			tier                                       string
		)
		if err := rows.Scan(&a.ID, &a.RuleID, &a.Detector, &sev, &title, &at, &a.Principal, &a.Account, &a.Region,
			&names, &ids, &ips, &reason, &tags, &evid, &created, &tier, &a.Tenant); err != nil {
			return nil, fmt.Errorf("alerts: %w", d.wrap(err))
		}
		a.Severity, a.Tier = mamori.Severity(sev), mamori.Tier(tier)
		a.Time = time.Unix(0, at).UTC()
		a.CreatedAt = time.Unix(0, created).UTC()
		for _, c := range []struct {
			s string
			v any
		}{{title, &a.Title}, {names, &a.EventNames}, {ids, &a.EventIDs}, {ips, &a.SourceIPs}, {reason, &a.Reason}, {tags, &a.Tags}, {evid, &a.Evidence}} {
			if err := json.Unmarshal([]byte(c.s), c.v); err != nil {
				return nil, fmt.Errorf("alerts: alert %s: %w", a.ID, ErrCorrupt)
			}
		}
		if len(a.Tags) == 0 {
			a.Tags = nil
		}
		if len(a.Evidence) == 0 {
			a.Evidence = nil
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("alerts: %w", d.wrap(err))
	}
	return out, nil
}

// Baseline returns what a detector has seen for a subject.
func (d *DB) Baseline(ctx context.Context, detector, subject string) (map[string]mamori.Seen, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT item, first, last, count FROM baselines WHERE detector = ? AND subject = ?`, detector, subject)
	if err != nil {
		return nil, fmt.Errorf("baseline %s/%s: %w", detector, subject, d.wrap(err))
	}
	defer rows.Close()
	out := map[string]mamori.Seen{}
	for rows.Next() {
		var (
			item               string
			first, last, count int64
		)
		if err := rows.Scan(&item, &first, &last, &count); err != nil {
			return nil, fmt.Errorf("baseline %s/%s: %w", detector, subject, d.wrap(err))
		}
		out[item] = mamori.Seen{First: time.Unix(0, first).UTC(), Last: time.Unix(0, last).UTC(), Count: count}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("baseline %s/%s: %w", detector, subject, d.wrap(err))
	}
	return out, nil
}

// PutBaseline merges items into a subject's baseline: the earliest first
// seen and the latest last seen win, counts add up.
func (d *DB) PutBaseline(ctx context.Context, detector, subject string, items map[string]mamori.Seen) error {
	fail := func(err error) error { return fmt.Errorf("store baseline %s/%s: %w", detector, subject, d.wrap(err)) }
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO baselines (detector, subject, item, first, last, count) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (detector, subject, item) DO UPDATE SET
			first = min(first, excluded.first), last = max(last, excluded.last), count = count + excluded.count`)
	if err != nil {
		return fail(err)
	}
	defer stmt.Close()
	for item, s := range items {
		if _, err := stmt.ExecContext(ctx, detector, subject, item, s.First.UnixNano(), s.Last.UnixNano(), s.Count); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}
