package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

var _ mamori.DeliveryStore = (*DB)(nil)

const deliveryCols = `id, tenant, topic, ref, recipient, channel, target, status, attempts, last_error, next_at, created, updated`

// AddDeliveries records the deliveries of n in one transaction and sets
// their ID, Created and Updated.
func (d *DB) AddDeliveries(ctx context.Context, n mamori.Notification, ds []mamori.Delivery) error {
	fail := func(err error) error { return fmt.Errorf("record deliveries: %w", d.wrap(err)) }
	if len(ds) == 0 {
		return nil
	}
	n.Tenant = tenantOf(n.Tenant)
	body, err := json.Marshal(n)
	if err != nil {
		return fail(err)
	}
	now := d.now().UTC()
	at, err := nanos(now)
	if err != nil {
		return fail(err)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO deliveries
		(tenant, topic, ref, recipient, channel, target, status, attempts, last_error, next_at, created, updated, notification)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fail(err)
	}
	defer stmt.Close()
	ids := make([]int64, len(ds))
	for i := range ds {
		x := &ds[i]
		if x.Channel == "" || x.Status == "" {
			return fail(fmt.Errorf("delivery %d: channel and status are required", i+1))
		}
		next, err := nanos(x.NextAt)
		if err != nil {
			return fail(err)
		}
		res, err := stmt.ExecContext(ctx, n.Tenant, n.Topic, n.Ref, n.To, x.Channel, x.Target, x.Status, x.Attempts, x.LastError, next, at, at, string(body))
		if err != nil {
			return fail(err)
		}
		if ids[i], err = res.LastInsertId(); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	for i := range ds {
		x := &ds[i]
		x.ID, x.Tenant, x.Topic, x.Ref, x.To, x.Created, x.Updated = ids[i], n.Tenant, n.Topic, n.Ref, n.To, now, now
	}
	return nil
}

// UpdateDelivery stores d's status, attempts, last error and next retry
// time, and sets Updated.
func (d *DB) UpdateDelivery(ctx context.Context, x *mamori.Delivery) error {
	fail := func(err error) error { return fmt.Errorf("record delivery %d: %w", x.ID, d.wrap(err)) }
	now := d.now().UTC()
	at, err := nanos(now)
	if err != nil {
		return fail(err)
	}
	next, err := nanos(x.NextAt)
	if err != nil {
		return fail(err)
	}
	res, err := d.db.ExecContext(ctx, `UPDATE deliveries SET status = ?, attempts = ?, last_error = ?, next_at = ?, updated = ? WHERE id = ?`,
		x.Status, x.Attempts, x.LastError, next, at, x.ID)
	if err != nil {
		return fail(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fail(err)
	} else if n == 0 {
		return fail(fmt.Errorf("no such delivery"))
	}
	x.Updated = now
	return nil
}

// DueDeliveries returns the pending deliveries due at now, oldest first, and
// moves their retry time to now+lease in the same transaction.
func (d *DB) DueDeliveries(ctx context.Context, tenant string, now time.Time, lease time.Duration, limit int) ([]mamori.DueDelivery, error) {
	fail := func(err error) error { return fmt.Errorf("read due deliveries: %w", d.wrap(err)) }
	at, err := nanos(now)
	if err != nil {
		return nil, fail(err)
	}
	held, err := nanos(now.Add(lease))
	if err != nil {
		return nil, fail(err)
	}
	if limit <= 0 {
		limit = -1
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fail(err)
	}
	defer tx.Rollback()
	q := `SELECT ` + deliveryCols + `, notification FROM deliveries WHERE status = 'pending' AND next_at <= ?`
	args := []any{at}
	if tenant != "" {
		q += ` AND tenant = ?`
		args = append(args, tenant)
	}
	q += ` ORDER BY next_at, id LIMIT ?`
	args = append(args, limit)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fail(err)
	}
	var out []mamori.DueDelivery
	for rows.Next() {
		var dd mamori.DueDelivery
		var body string
		if err := scanDelivery(rows, &dd.Delivery, &body); err != nil {
			rows.Close()
			return nil, fail(err)
		}
		if err := json.Unmarshal([]byte(body), &dd.Notification); err != nil {
			rows.Close()
			return nil, fail(fmt.Errorf("delivery %d: %w", dd.Delivery.ID, err))
		}
		out = append(out, dd)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, fail(err)
	}
	rows.Close()
	for i := range out {
		if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET next_at = ? WHERE id = ?`, held, out[i].Delivery.ID); err != nil {
			return nil, fail(err)
		}
		out[i].Delivery.NextAt = now.Add(lease).UTC()
	}
	if err := tx.Commit(); err != nil {
		return nil, fail(err)
	}
	return out, nil
}

// Deliveries lists the deliveries matching f, newest first.
func (d *DB) Deliveries(ctx context.Context, f mamori.DeliveryFilter) ([]mamori.Delivery, error) {
	fail := func(err error) error { return fmt.Errorf("read deliveries: %w", d.wrap(err)) }
	var where []string
	var args []any
	for _, c := range []struct{ col, val string }{{"tenant", f.Tenant}, {"status", f.Status}, {"topic", f.Topic}, {"ref", f.Ref}, {"recipient", f.To}} {
		if c.val != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.val)
		}
	}
	q := `SELECT ` + deliveryCols + ` FROM deliveries`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fail(err)
	}
	defer rows.Close()
	var out []mamori.Delivery
	for rows.Next() {
		var x mamori.Delivery
		if err := scanDelivery(rows, &x, nil); err != nil {
			return nil, fail(err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(err)
	}
	return out, nil
}

// Notified reports whether a delivery was recorded for the topic and ref to
// the recipient.
func (d *DB) Notified(ctx context.Context, tenant, topic, ref, to string) (bool, error) {
	var n int
	err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM deliveries WHERE tenant = ? AND topic = ? AND ref = ? AND recipient = ? LIMIT 1)`,
		tenantOf(tenant), topic, ref, to).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read deliveries: %w", d.wrap(err))
	}
	return n > 0, nil
}

func scanDelivery(rows *sql.Rows, x *mamori.Delivery, body *string) error {
	var next, created, updated sql.NullInt64
	dst := []any{&x.ID, &x.Tenant, &x.Topic, &x.Ref, &x.To, &x.Channel, &x.Target, &x.Status, &x.Attempts, &x.LastError, &next, &created, &updated}
	if body != nil {
		dst = append(dst, body)
	}
	if err := rows.Scan(dst...); err != nil {
		return err
	}
	x.NextAt, x.Created, x.Updated = fromNanos(next), fromNanos(created), fromNanos(updated)
	return nil
}
