package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mamori-sec/mamori"
)

// Interface guard.
var _ mamori.MuteStore = (*DB)(nil)

// AddMute stores a rule and records who added it, in the mute history and
// in the change log, in one transaction.
func (d *DB) AddMute(ctx context.Context, m *mamori.MuteRule, actor string, at time.Time) error {
	fail := func(err error) error { return fmt.Errorf("store mute: %w", d.wrap(err)) }
	if err := m.Validate(); err != nil {
		return fail(err)
	}
	if actor == "" {
		return fail(errors.New("a mute change needs an actor"))
	}
	m.Tenant = tenantOf(m.Tenant)
	m.Created = at.UTC()
	if m.ID == "" {
		m.ID = "mute-" + newID(at)
	}
	n, err := nanos(at)
	if err != nil {
		return fail(err)
	}
	body, err := json.Marshal(m)
	if err != nil {
		return fail(err)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO mutes (id, tenant, created_at, body) VALUES (?, ?, ?, ?)`, m.ID, m.Tenant, n, string(body)); err != nil {
		return fail(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO mute_changes (tenant, mute_id, action, actor, at, rule, note) VALUES (?, ?, 'add', ?, ?, ?, ?)`,
		m.Tenant, m.ID, actor, n, m.Describe(), m.Reason); err != nil {
		return fail(err)
	}
	if err := d.logMute(ctx, tx, m.Tenant, m.ID, "add", actor, at, body, m.Describe(), ""); err != nil {
		return fail(err)
	}
	return fail0(tx.Commit(), fail)
}

func fail0(err error, fail func(error) error) error {
	if err != nil {
		return fail(err)
	}
	return nil
}

// RemoveMute removes a tenant's rule and records who removed it and why, in
// the mute history and in the change log, in one transaction.
func (d *DB) RemoveMute(ctx context.Context, tenant, id, actor, note string, at time.Time) error {
	fail := func(err error) error { return fmt.Errorf("remove mute %s: %w", id, d.wrap(err)) }
	if actor == "" {
		return fail(errors.New("a mute change needs an actor"))
	}
	tenant = tenantOf(tenant)
	n, err := nanos(at)
	if err != nil {
		return fail(err)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	var body string
	switch err := tx.QueryRowContext(ctx, `SELECT body FROM mutes WHERE tenant = ? AND id = ?`, tenant, id).Scan(&body); {
	case errors.Is(err, sql.ErrNoRows):
		return fail(mamori.ErrNotFound)
	case err != nil:
		return fail(err)
	}
	var m mamori.MuteRule
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return fail(err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM mutes WHERE tenant = ? AND id = ?`, tenant, id); err != nil {
		return fail(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO mute_changes (tenant, mute_id, action, actor, at, rule, note) VALUES (?, ?, 'remove', ?, ?, ?, ?)`,
		tenant, id, actor, n, m.Describe(), note); err != nil {
		return fail(err)
	}
	if err := d.logMute(ctx, tx, tenant, id, "remove", actor, at, []byte(body), m.Describe(), note); err != nil {
		return fail(err)
	}
	return fail0(tx.Commit(), fail)
}

// logMute appends a mute change to the change log inside tx (kind "mute",
// the rule's ID as ref, the action of the mute history): the rule as it was
// added or removed (its stored JSON), its one-line description, and the
// reason given for a removal.
func (d *DB) logMute(ctx context.Context, tx *sql.Tx, tenant, id, action, actor string, at time.Time, body []byte, rule, note string) error {
	data := struct {
		Mute json.RawMessage `json:"mute"`
		Rule string          `json:"rule"`
		Note string          `json:"note,omitempty"`
	}{body, rule, note}
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	return d.appendLog(ctx, tx, []mamori.LogEntry{{Tenant: tenant, At: at, Actor: actor, Kind: "mute", Ref: id, Action: action, Data: b}})
}

// Mutes lists a tenant's rules, oldest first.
func (d *DB) Mutes(ctx context.Context, tenant string) ([]mamori.MuteRule, error) {
	fail := func(err error) error { return fmt.Errorf("mutes: %w", d.wrap(err)) }
	rows, err := d.db.QueryContext(ctx, `SELECT body FROM mutes WHERE tenant = ? ORDER BY created_at, id`, tenantOf(tenant))
	if err != nil {
		return nil, fail(err)
	}
	defer rows.Close()
	var out []mamori.MuteRule
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fail(err)
		}
		var m mamori.MuteRule
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			return nil, fail(err)
		}
		if err := m.Validate(); err != nil {
			return nil, fail(fmt.Errorf("stored mute %s: %w", m.ID, err))
		}
		out = append(out, m)
	}
	return out, fail0(rows.Err(), fail)
}

// MuteChanges lists a tenant's mute changes, oldest first.
func (d *DB) MuteChanges(ctx context.Context, tenant string) ([]mamori.MuteChange, error) {
	fail := func(err error) error { return fmt.Errorf("mute changes: %w", d.wrap(err)) }
	rows, err := d.db.QueryContext(ctx, `SELECT tenant, mute_id, action, actor, at, rule, note FROM mute_changes WHERE tenant = ? ORDER BY at, rowid`, tenantOf(tenant))
	if err != nil {
		return nil, fail(err)
	}
	defer rows.Close()
	var out []mamori.MuteChange
	for rows.Next() {
		var c mamori.MuteChange
		var at sql.NullInt64
		if err := rows.Scan(&c.Tenant, &c.MuteID, &c.Action, &c.Actor, &at, &c.Rule, &c.Note); err != nil {
			return nil, fail(err)
		}
		c.At = fromNanos(at)
		out = append(out, c)
	}
	return out, fail0(rows.Err(), fail)
}
