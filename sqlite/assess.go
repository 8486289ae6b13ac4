package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/mamori-sec/mamori"
)

var _ mamori.AssessStore = (*DB)(nil)

func tenantOf(t string) string {
	if t == "" {
		return mamori.DefaultTenant
	}
	return t
}

// PutAnswers stores answers in one transaction, replacing the stored answer
// to the same question.
func (d *DB) PutAnswers(ctx context.Context, as []mamori.Answer) error {
	fail := func(err error) error { return fmt.Errorf("store answers: %w", d.wrap(err)) }
	if len(as) == 0 {
		return nil
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO answers
		(tenant, subject, framework, control, value, by_whom, at, evidence, note, reviewed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fail(err)
	}
	defer stmt.Close()
	for i := range as {
		a := &as[i]
		if a.Framework == "" || a.Control == "" || a.Value == "" {
			return fail(fmt.Errorf("answer %d: framework, control and value are required", i+1))
		}
		at, err := nanos(a.At)
		if err != nil {
			return fail(err)
		}
		rev, err := nanos(a.Reviewed)
		if err != nil {
			return fail(err)
		}
		if _, err := stmt.ExecContext(ctx, tenantOf(a.Tenant), a.Subject, a.Framework, a.Control, a.Value, a.By, at, a.Evidence, a.Note, rev); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

// Answers lists the stored answers matching f, ordered by framework and
// control.
func (d *DB) Answers(ctx context.Context, f mamori.AnswerFilter) ([]mamori.Answer, error) {
	q := `SELECT tenant, subject, framework, control, value, by_whom, at, evidence, note, reviewed FROM answers WHERE tenant = ? AND subject = ?`
	args := []any{tenantOf(f.Tenant), f.Subject}
	if f.Framework != "" {
		q += ` AND framework = ?`
		args = append(args, f.Framework)
	}
	rows, err := d.db.QueryContext(ctx, q+` ORDER BY framework, control`, args...)
	if err != nil {
		return nil, fmt.Errorf("read answers: %w", d.wrap(err))
	}
	defer rows.Close()
	var out []mamori.Answer
	for rows.Next() {
		var a mamori.Answer
		var at, rev sql.NullInt64
		if err := rows.Scan(&a.Tenant, &a.Subject, &a.Framework, &a.Control, &a.Value, &a.By, &at, &a.Evidence, &a.Note, &rev); err != nil {
			return nil, fmt.Errorf("read answers: %w", d.wrap(err))
		}
		a.At, a.Reviewed = fromNanos(at), fromNanos(rev)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read answers: %w", d.wrap(err))
	}
	return out, nil
}

// PutAssessment stores an assessment whole; its ID is set when empty and
// its tenant defaults to mamori.DefaultTenant.
func (d *DB) PutAssessment(ctx context.Context, a *mamori.Assessment) error {
	fail := func(err error) error { return fmt.Errorf("store assessment: %w", d.wrap(err)) }
	if a == nil || a.Framework == "" {
		return fail(errors.New("an assessment needs a framework"))
	}
	if a.At.IsZero() {
		a.At = d.now()
	}
	if a.ID == "" {
		a.ID = newID(a.At)
	}
	a.Tenant = tenantOf(a.Tenant)
	at, err := nanos(a.At)
	if err != nil {
		return fail(err)
	}
	body, err := json.Marshal(a)
	if err != nil {
		return fail(err)
	}
	if _, err := d.db.ExecContext(ctx, `INSERT INTO assessments (id, tenant, subject, framework, at, score, max, band, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Tenant, a.Subject, a.Framework, at, a.Score, a.Max, a.Band, string(body)); err != nil {
		return fail(err)
	}
	return nil
}

// Assessments lists the assessments matching f, newest first.
func (d *DB) Assessments(ctx context.Context, f mamori.AssessmentFilter) ([]mamori.Assessment, error) {
	var q strings.Builder
	q.WriteString(`SELECT body FROM assessments WHERE tenant = ?`)
	args := []any{tenantOf(f.Tenant)}
	if !f.AnySubject {
		q.WriteString(` AND subject = ?`)
		args = append(args, f.Subject)
	}
	if f.Framework != "" {
		q.WriteString(` AND framework = ?`)
		args = append(args, f.Framework)
	}
	q.WriteString(` ORDER BY at DESC, id DESC`)
	if f.Limit > 0 {
		q.WriteString(` LIMIT ?`)
		args = append(args, f.Limit)
	}
	rows, err := d.db.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("read assessments: %w", d.wrap(err))
	}
	defer rows.Close()
	var out []mamori.Assessment
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("read assessments: %w", d.wrap(err))
		}
		var a mamori.Assessment
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			return nil, fmt.Errorf("read assessments: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read assessments: %w", d.wrap(err))
	}
	return out, nil
}

// PutSupplier adds a supplier or updates the one of the same name.
func (d *DB) PutSupplier(ctx context.Context, s *mamori.Supplier) error {
	fail := func(err error) error { return fmt.Errorf("store supplier: %w", d.wrap(err)) }
	if err := s.Validate(); err != nil {
		return fail(err)
	}
	s.Tenant = tenantOf(s.Tenant)
	if s.AddedAt.IsZero() {
		s.AddedAt = d.now()
	}
	added, err := nanos(s.AddedAt)
	if err != nil {
		return fail(err)
	}
	asked, err := marshal(nonNil(s.Asked))
	if err != nil {
		return fail(err)
	}
	risks, err := marshal(nonNil(s.Risks))
	if err != nil {
		return fail(err)
	}
	if _, err := d.db.ExecContext(ctx, `INSERT INTO suppliers (tenant, name, contact, required, review_days, asked, added_at, risks) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant, name) DO UPDATE SET contact = excluded.contact, required = excluded.required, review_days = excluded.review_days, asked = excluded.asked, risks = excluded.risks`,
		s.Tenant, s.Name, s.Contact, s.Required, s.ReviewDays, asked, added, risks); err != nil {
		return fail(err)
	}
	return nil
}

// Supplier returns one supplier, or an error wrapping mamori.ErrNotFound.
func (d *DB) Supplier(ctx context.Context, tenant, name string) (*mamori.Supplier, error) {
	ss, err := d.suppliers(ctx, tenant, name)
	if err != nil {
		return nil, err
	}
	if len(ss) == 0 {
		return nil, fmt.Errorf("supplier %s: %w", name, mamori.ErrNotFound)
	}
	return &ss[0], nil
}

// Suppliers lists a tenant's suppliers by name.
func (d *DB) Suppliers(ctx context.Context, tenant string) ([]mamori.Supplier, error) {
	return d.suppliers(ctx, tenant, "")
}

func (d *DB) suppliers(ctx context.Context, tenant, name string) ([]mamori.Supplier, error) {
	q := `SELECT tenant, name, contact, required, review_days, asked, added_at, risks FROM suppliers WHERE tenant = ?`
	args := []any{tenantOf(tenant)}
	if name != "" {
		q += ` AND name = ?`
		args = append(args, name)
	}
	rows, err := d.db.QueryContext(ctx, q+` ORDER BY name`, args...)
	if err != nil {
		return nil, fmt.Errorf("read suppliers: %w", d.wrap(err))
	}
	defer rows.Close()
	var out []mamori.Supplier
	for rows.Next() {
		var s mamori.Supplier
		var added sql.NullInt64
		var asked, risks string
		if err := rows.Scan(&s.Tenant, &s.Name, &s.Contact, &s.Required, &s.ReviewDays, &asked, &added, &risks); err != nil {
			return nil, fmt.Errorf("read suppliers: %w", d.wrap(err))
		}
		if err := json.Unmarshal([]byte(asked), &s.Asked); err != nil {
			return nil, fmt.Errorf("read suppliers: %s: asked: %w", s.Name, err)
		}
		if len(s.Asked) == 0 {
			s.Asked = nil
		}
		if err := json.Unmarshal([]byte(risks), &s.Risks); err != nil {
			return nil, fmt.Errorf("read suppliers: %s: risks: %w", s.Name, err)
		}
		if len(s.Risks) == 0 {
			s.Risks = nil
		}
		s.AddedAt = fromNanos(added)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read suppliers: %w", d.wrap(err))
	}
	return out, nil
}
