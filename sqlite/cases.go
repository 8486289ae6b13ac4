package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/cases"
)

var (
	_ mamori.CaseStore = (*DB)(nil)
	_ cases.Store      = (*DB)(nil)
)

func caseNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// caseNumber reads the n of "C-<n>".
func caseNumber(id string) (int64, bool) {
	s, ok := strings.CutPrefix(strings.ToUpper(strings.TrimSpace(id)), "C-")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

// Case implements mamori.CaseStore.
func (d *DB) Case(ctx context.Context, id string) (*mamori.Case, error) {
	n, ok := caseNumber(id)
	if !ok {
		return nil, fmt.Errorf("case %s: %w", id, mamori.ErrNotFound)
	}
	var js string
	err := d.db.QueryRowContext(ctx, `SELECT "case" FROM cases WHERE id = ?`, n).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("case %s: %w", id, mamori.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("case %s: %w", id, d.wrap(err))
	}
	var c mamori.Case
	if err := json.Unmarshal([]byte(js), &c); err != nil {
		return nil, fmt.Errorf("case %s: %w", id, err)
	}
	return &c, nil
}

// Cases implements mamori.CaseStore.
func (d *DB) Cases(ctx context.Context, f mamori.CaseFilter) ([]mamori.Case, error) {
	if f.Light {
		return d.lightCases(ctx, f)
	}
	q, args := caseQuery(`"case"`, f)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("cases: %w", d.wrap(err))
	}
	defer rows.Close()
	var out []mamori.Case
	var js []byte
	for rows.Next() {
		if err := rows.Scan(&js); err != nil {
			return nil, fmt.Errorf("cases: %w", d.wrap(err))
		}
		out = append(out, mamori.Case{})
		if err := json.Unmarshal(js, &out[len(out)-1]); err != nil {
			return nil, fmt.Errorf("cases: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cases: %w", d.wrap(err))
	}
	return out, nil
}

// caseQuery is the query of the cases f selects, most urgent first.
func caseQuery(cols string, f mamori.CaseFilter) (string, []any) {
	q := `SELECT ` + cols + ` FROM cases WHERE 1 = 1`
	var args []any
	if f.Tenant != "" {
		q += ` AND tenant = ?`
		args = append(args, f.Tenant)
	}
	if f.Asset != "" {
		q += ` AND asset = ?`
		args = append(args, f.Asset)
	}
	if f.Group != "" {
		q += ` AND group_id = ?`
		args = append(args, f.Group)
	}
	if f.Open {
		q += ` AND status != 'closed'`
	}
	if f.Status != "" {
		q += ` AND status = ?`
		args = append(args, string(f.Status))
	}
	if !f.ExpiresBefore.IsZero() {
		q += ` AND expires > 0 AND expires <= ?`
		args = append(args, f.ExpiresBefore.UnixNano())
	}
	return q + ` ORDER BY rank DESC, due = 0, due, id`, args
}

// lightCases reads the list columns only: the packages come with name and
// version, the decision with status and justification, a risk acceptance
// with its expiry; urgency inputs, plans and history are left out.
func (d *DB) lightCases(ctx context.Context, f mamori.CaseFilter) ([]mamori.Case, error) {
	q, args := caseQuery(`id, tenant, group_id, asset, status, due, expires, updated, title, assignee, outcome, exposed, cvss, pkgs, decision, opened, closed`, f)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("cases: %w", d.wrap(err))
	}
	defer rows.Close()
	var out []mamori.Case
	t := func(n int64) time.Time {
		if n == 0 {
			return time.Time{}
		}
		return time.Unix(0, n).UTC()
	}
	for rows.Next() {
		var c mamori.Case
		var id, due, exp, upd, opened, closed int64
		var status, pkgs, dec string
		if err := rows.Scan(&id, &c.Tenant, &c.Group, &c.Asset, &status, &due, &exp, &upd, &c.Title, &c.Assignee, &c.Urgency.Outcome,
			&c.Urgency.Exposed, &c.Urgency.CVSS, &pkgs, &dec, &opened, &closed); err != nil {
			return nil, fmt.Errorf("cases: %w", d.wrap(err))
		}
		c.ID, c.Status, c.Due, c.Updated, c.Opened, c.Closed = "C-"+strconv.FormatInt(id, 10), mamori.CaseStatus(status), t(due), t(upd), t(opened), t(closed)
		if pkgs != "" {
			for _, l := range strings.Split(pkgs, "\n") {
				name, version, _ := strings.Cut(l, " ")
				c.Packages = append(c.Packages, mamori.CasePackage{Name: name, Version: version})
			}
		}
		if dec != "" {
			st, j, _ := strings.Cut(dec, " ")
			c.Decision = &mamori.Decision{Status: mamori.DecisionStatus(st), Justification: j}
		}
		if exp != 0 {
			c.Plan = &mamori.Plan{Kind: mamori.PlanAcceptRisk, Until: t(exp)}
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cases: %w", d.wrap(err))
	}
	return out, nil
}

func expires(c *mamori.Case) int64 {
	if c.Plan != nil && c.Plan.Kind == mamori.PlanAcceptRisk && c.Plan.ApprovedBy != "" &&
		(c.Status == mamori.CaseRiskAccepted || c.Status == mamori.CaseClosed) {
		return caseNanos(c.Plan.Until)
	}
	return 0
}

// saveCases writes the changes and their log entries in tx.
func (d *DB) saveCases(ctx context.Context, tx *sql.Tx, cs []mamori.CaseChange, log *[]mamori.LogEntry) error {
	for _, ch := range cs {
		c := ch.Case
		c.Tenant = mamori.TenantOr(c.Tenant)
		if c.ID == "" {
			res, err := tx.ExecContext(ctx, `INSERT INTO cases (tenant, group_id, asset, status, rank, due, expires, updated, title, assignee, outcome, exposed, cvss, pkgs, decision, opened, closed, "case")
				VALUES (?, ?, ?, '', 0, 0, 0, 0, '', '', '', 0, 0, '', '', 0, 0, '{}')`,
				c.Tenant, c.Group, c.Asset)
			if err != nil {
				return err
			}
			n, err := res.LastInsertId()
			if err != nil {
				return err
			}
			c.ID = "C-" + strconv.FormatInt(n, 10)
		}
		n, ok := caseNumber(c.ID)
		if !ok {
			return fmt.Errorf("case %q: bad ID", c.ID)
		}
		js, err := marshal(c)
		if err != nil {
			return err
		}
		var pkgs []string
		for _, p := range c.Packages {
			pkgs = append(pkgs, p.Name+" "+p.Version)
		}
		dec := ""
		if c.Decision != nil {
			dec = strings.TrimSpace(string(c.Decision.Status) + " " + c.Decision.Justification)
		}
		res, err := tx.ExecContext(ctx, `UPDATE cases SET tenant = ?, group_id = ?, asset = ?, status = ?, rank = ?, due = ?, expires = ?, updated = ?,
			title = ?, assignee = ?, outcome = ?, exposed = ?, cvss = ?, pkgs = ?, decision = ?, opened = ?, closed = ?, "case" = ? WHERE id = ?`,
			c.Tenant, c.Group, c.Asset, string(c.Status), mamori.OutcomeRank(c.Urgency.Outcome), caseNanos(c.Due), expires(c), caseNanos(c.Updated),
			c.Title, c.Assignee, c.Urgency.Outcome, c.Urgency.Exposed, c.Urgency.CVSS, strings.Join(pkgs, "\n"), dec, caseNanos(c.Opened), caseNanos(c.Closed), js, n)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return fmt.Errorf("case %s: %w", c.ID, mamori.ErrNotFound)
		}
		data := map[string]any{"case": json.RawMessage(js)}
		if len(ch.Detail) > 0 {
			data["detail"] = ch.Detail
		}
		b, err := json.Marshal(data)
		if err != nil {
			return err
		}
		*log = append(*log, mamori.LogEntry{Tenant: c.Tenant, At: c.Updated, Actor: ch.Actor, Kind: "case", Ref: c.ID, Action: ch.Action, Data: b})
	}
	return nil
}

// SaveCases implements mamori.CaseStore.
func (d *DB) SaveCases(ctx context.Context, cs []mamori.CaseChange) error {
	if len(cs) == 0 {
		return nil
	}
	return d.inTx(ctx, "store cases", func(tx *sql.Tx) error {
		var log []mamori.LogEntry
		if err := d.saveCases(ctx, tx, cs, &log); err != nil {
			return err
		}
		return d.appendLog(ctx, tx, log)
	})
}

func (d *DB) inTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, d.wrap(err))
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return fmt.Errorf("%s: %w", what, d.wrap(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, d.wrap(err))
	}
	return nil
}

// PutDecisions implements mamori.CaseStore.
func (d *DB) PutDecisions(ctx context.Context, ds []*mamori.Decision, actor string, cs []mamori.CaseChange) error {
	for _, x := range ds {
		x.Tenant = mamori.TenantOr(x.Tenant)
		if x.Scope == mamori.ScopeAll {
			x.Tenant = mamori.DefaultTenant
		}
		if err := x.Validate(); err != nil {
			return fmt.Errorf("store decision: %w", err)
		}
	}
	return d.inTx(ctx, "store decisions", func(tx *sql.Tx) error {
		var log []mamori.LogEntry
		for _, x := range ds {
			if x.At.IsZero() {
				x.At = d.now()
			}
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM case_decisions WHERE key = ?`, x.Key()).Scan(&id)
			action := "update"
			switch {
			case errors.Is(err, sql.ErrNoRows):
				action = "create"
				res, err := tx.ExecContext(ctx, `INSERT INTO case_decisions (key, tenant, scope, at, decision) VALUES (?, ?, ?, 0, '{}')`, x.Key(), x.Tenant, x.Scope)
				if err != nil {
					return err
				}
				if id, err = res.LastInsertId(); err != nil {
					return err
				}
			case err != nil:
				return err
			}
			x.ID = "D-" + strconv.FormatInt(id, 10)
			js, err := marshal(x)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE case_decisions SET at = ?, decision = ? WHERE id = ?`, caseNanos(x.At), js, id); err != nil {
				return err
			}
			log = append(log, mamori.LogEntry{Tenant: x.Tenant, At: x.At, Actor: actor, Kind: "decision", Ref: x.ID, Action: action, Data: json.RawMessage(js)})
		}
		for _, ch := range cs {
			if ch.Case.Decision != nil && ch.Detail != nil && ch.Detail["decision"] == "" {
				ch.Detail["decision"] = ch.Case.Decision.ID
			}
		}
		if err := d.saveCases(ctx, tx, cs, &log); err != nil {
			return err
		}
		return d.appendLog(ctx, tx, log)
	})
}

// Decisions implements mamori.CaseStore: the tenant's and those of scope
// all, oldest first.
func (d *DB) Decisions(ctx context.Context, tenant string) ([]mamori.Decision, error) {
	q := `SELECT decision FROM case_decisions WHERE scope = 'all'`
	var args []any
	if tenant != "" {
		q += ` OR tenant = ?`
		args = append(args, mamori.TenantOr(tenant))
	} else {
		q = `SELECT decision FROM case_decisions`
	}
	rows, err := d.db.QueryContext(ctx, q+` ORDER BY at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", d.wrap(err))
	}
	defer rows.Close()
	var out []mamori.Decision
	for rows.Next() {
		var js []byte
		if err := rows.Scan(&js); err != nil {
			return nil, fmt.Errorf("decisions: %w", d.wrap(err))
		}
		var x mamori.Decision
		if err := json.Unmarshal(js, &x); err != nil {
			return nil, fmt.Errorf("decisions: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// AppendLog implements mamori.ChangeLog.
func (d *DB) AppendLog(ctx context.Context, es ...mamori.LogEntry) error {
	if len(es) == 0 {
		return nil
	}
	return d.inTx(ctx, "append to the change log", func(tx *sql.Tx) error { return d.appendLog(ctx, tx, es) })
}

// appendLog chains es after the last entry, inside tx.
func (d *DB) appendLog(ctx context.Context, tx *sql.Tx, es []mamori.LogEntry) error {
	if len(es) == 0 {
		return nil
	}
	var (
		seq  int64
		prev string
	)
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	now := d.now()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO change_log (seq, tenant, at, actor, kind, ref, action, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, e := range es {
		if e.Kind == "" || e.Ref == "" || e.Action == "" {
			return fmt.Errorf("change log entry without kind, ref or action: %+v", e)
		}
		if e.At.IsZero() {
			e.At = now
		}
		seq++
		e.Seq, e.Prev, e.Tenant, e.At = seq, prev, mamori.TenantOr(e.Tenant), time.Unix(0, e.At.UnixNano()).UTC()
		if e.Data == nil {
			e.Data = json.RawMessage{}
		}
		e.Hash = e.ComputeHash()
		if _, err := stmt.ExecContext(ctx, e.Seq, e.Tenant, e.At.UnixNano(), e.Actor, e.Kind, e.Ref, e.Action, []byte(e.Data), e.Prev, e.Hash); err != nil {
			return err
		}
		prev = e.Hash
	}
	return nil
}

// WalkLog implements mamori.ChangeLog.
func (d *DB) WalkLog(ctx context.Context, fn func(*mamori.LogEntry) error) error {
	rows, err := d.db.QueryContext(ctx, `SELECT seq, tenant, at, actor, kind, ref, action, data, prev, hash FROM change_log ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("change log: %w", d.wrap(err))
	}
	defer rows.Close()
	var e mamori.LogEntry
	for rows.Next() {
		var at int64
		var data []byte
		if err := rows.Scan(&e.Seq, &e.Tenant, &at, &e.Actor, &e.Kind, &e.Ref, &e.Action, &data, &e.Prev, &e.Hash); err != nil {
			return fmt.Errorf("change log: %w", d.wrap(err))
		}
		e.At, e.Data = time.Unix(0, at).UTC(), data
		if err := fn(&e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("change log: %w", d.wrap(err))
	}
	return nil
}

// sharedStamp is the state of the inputs every asset's urgency reads: KEV,
// EPSS, the alias groups and the latest finished scan.
func (d *DB) sharedStamp(ctx context.Context) (string, error) {
	var kev, epss, aliases int64
	var epssDate, scan sql.NullString
	if err := d.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM vuln_kev), (SELECT count(*) FROM vuln_epss), (SELECT max(date) FROM vuln_epss),
		(SELECT count(*) FROM vuln_aliases), (SELECT id FROM scans WHERE finished_at IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT 1)`).
		Scan(&kev, &epss, &epssDate, &aliases, &scan); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d/%d/%s/%d/%s", kev, epss, epssDate.String, aliases, scan.String), nil
}

// ChangedAssets implements cases.Store.
func (d *DB) ChangedAssets(ctx context.Context) ([]cases.AssetStamp, error) {
	fail := func(err error) ([]cases.AssetStamp, error) { return nil, fmt.Errorf("case sync: %w", d.wrap(err)) }
	shared, err := d.sharedStamp(ctx)
	if err != nil {
		return fail(err)
	}
	type key struct{ t, a string }
	cur := map[key]string{}
	var order []key
	rows, err := d.db.QueryContext(ctx, `SELECT a.tenant, a.name, a.owner, a.importance,
		coalesce(m.n, 0), coalesce(m.at, 0) FROM vuln_assets a
		LEFT JOIN (SELECT tenant, asset, count(*) AS n, max(matched_at) AS at FROM vuln_matches GROUP BY tenant, asset) m
		ON m.tenant = a.tenant AND m.asset = a.name ORDER BY a.tenant, a.name`)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var k key
		var owner, imp string
		var n, at int64
		if err := rows.Scan(&k.t, &k.a, &owner, &imp, &n, &at); err != nil {
			rows.Close()
			return fail(err)
		}
		cur[k] = fmt.Sprintf("%d/%d/%q/%s/%s", n, at, owner, imp, shared)
		order = append(order, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	old := map[key]string{}
	rows, err = d.db.QueryContext(ctx, `SELECT tenant, asset, stamp FROM case_sync`)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var k key
		var s string
		if err := rows.Scan(&k.t, &k.a, &s); err != nil {
			rows.Close()
			return fail(err)
		}
		old[k] = s
		if _, ok := cur[k]; !ok {
			// The asset is gone: its cases lose their matches once.
			cur[k] = "gone"
			order = append(order, k)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	var out []cases.AssetStamp
	for _, k := range order {
		if old[k] != cur[k] {
			out = append(out, cases.AssetStamp{Tenant: k.t, Asset: k.a, Stamp: cur[k]})
		}
	}
	return out, nil
}

// MarkSynced implements cases.Store.
func (d *DB) MarkSynced(ctx context.Context, ss []cases.AssetStamp) error {
	return d.inTx(ctx, "case sync", func(tx *sql.Tx) error {
		for _, s := range ss {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO case_sync (tenant, asset, stamp) VALUES (?, ?, ?)`, s.Tenant, s.Asset, s.Stamp); err != nil {
				return err
			}
		}
		return nil
	})
}

// exposureChecks are the checks whose failure makes a resource reachable
// from the internet.
var exposureChecks = []string{
	"aws-ec2-instance-admin-ports-not-internet-reachable",
	"aws-rds-instance-not-public",
	"aws-ec2-instance-no-public-ip",
	"aws-s3-bucket-not-public",
}

// Exposed implements cases.Store: the resources of the latest finished scan
// that fail an exposure check, by name and by ID.
func (d *DB) Exposed(ctx context.Context) (map[string]cases.Exposure, error) {
	out := map[string]cases.Exposure{}
	q := `SELECT check_id, resource_type, resource_id, resource_name FROM findings
		WHERE scan_id = (SELECT id FROM scans WHERE finished_at IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT 1)
		AND status = ? AND check_id IN (?` + strings.Repeat(", ?", len(exposureChecks)-1) + `)`
	args := []any{string(mamori.StatusFail)}
	for _, c := range exposureChecks {
		args = append(args, c)
	}
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("exposure: %w", d.wrap(err))
	}
	defer rows.Close()
	for rows.Next() {
		var check, typ, id, name string
		if err := rows.Scan(&check, &typ, &id, &name); err != nil {
			return nil, fmt.Errorf("exposure: %w", d.wrap(err))
		}
		why := cases.Exposure{Type: typ, ID: id, Check: check}
		if name != "" {
			out[name] = why
		}
		out[id] = why
	}
	return out, rows.Err()
}
