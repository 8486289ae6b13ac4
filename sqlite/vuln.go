package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

var _ mamori.VulnStore = (*DB)(nil)

// Advisory times are RFC 3339 text: sources write dates (0001-01-01) that
// the INTEGER nanoseconds of the other tables cannot hold.

func rfc(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func fromRFC(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// PutAdvisories implements mamori.VulnStore.
func (d *DB) PutAdvisories(ctx context.Context, as []mamori.Advisory) (mamori.ImportStats, error) {
	var st mamori.ImportStats
	fail := func(err error) (mamori.ImportStats, error) {
		return mamori.ImportStats{}, fmt.Errorf("store advisories: %w", d.wrap(err))
	}
	for i := range as {
		if err := as[i].Validate(); err != nil {
			return fail(err)
		}
	}
	if len(as) == 0 {
		return st, nil
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	now := d.now()
	for i := range as {
		a := as[i]
		a.Tenant = mamori.TenantOr(a.Tenant)
		if a.FetchedAt.IsZero() {
			a.FetchedAt = now
		}
		var oldJSON string
		err := tx.QueryRowContext(ctx, `SELECT advisory FROM vuln_advisories WHERE tenant = ? AND id = ?`, a.Tenant, a.ID).Scan(&oldJSON)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			st.Added++
		case err != nil:
			return fail(err)
		default:
			var old mamori.Advisory
			if err := json.Unmarshal([]byte(oldJSON), &old); err != nil {
				return fail(fmt.Errorf("advisory %s: %w", a.ID, err))
			}
			if !a.Supersedes(&old) {
				if a.Digest() == old.Digest() {
					st.Unchanged++
				} else {
					st.Stale++
				}
				// Its IDs were merged when it was stored.
				continue
			}
			st.Updated++
			if _, err := tx.ExecContext(ctx, `INSERT INTO vuln_advisory_changes
				(tenant, id, source, old_modified, new_modified, old_digest, new_digest, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				a.Tenant, a.ID, a.Source, rfc(old.Modified), rfc(a.Modified), old.Digest(), a.Digest(), now.UnixNano()); err != nil {
				return fail(err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM vuln_affected WHERE tenant = ? AND advisory_id = ?`, a.Tenant, a.ID); err != nil {
				return fail(err)
			}
		}
		js, err := marshal(&a)
		if err != nil {
			return fail(fmt.Errorf("advisory %s: %w", a.ID, err))
		}
		raw := a.Raw
		if raw == nil {
			raw = []byte{}
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO vuln_advisories
			(tenant, id, source, origin, modified, withdrawn, digest, advisory, raw, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.Tenant, a.ID, a.Source, a.Origin, rfc(a.Modified), rfc(a.Withdrawn), a.Digest(), js, raw, rfc(a.FetchedAt)); err != nil {
			return fail(err)
		}
		for _, af := range a.Affected {
			// A product named by CPE is found by "part:vendor:product" too.
			if k := mamori.CPEKey(af.CPE); k != "" {
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO vuln_affected (tenant, ecosystem, name, advisory_id) VALUES (?, ?, ?, ?)`,
					a.Tenant, mamori.CPEEcosystem, k, a.ID); err != nil {
					return fail(err)
				}
			}
			if af.Name == "" {
				continue
			}
			eco := mamori.BaseEcosystem(af.Ecosystem)
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO vuln_affected (tenant, ecosystem, name, advisory_id) VALUES (?, ?, ?, ?)`,
				a.Tenant, eco, mamori.NormalizeName(eco, af.Name), a.ID); err != nil {
				return fail(err)
			}
		}
		if err := mergeAliases(ctx, tx, a.Tenant, a.IDs()); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return st, nil
}

// mergeAliases puts ids, and every ID already grouped with one of them, in
// one group named by mamori.GroupID.
func mergeAliases(ctx context.Context, tx *sql.Tx, tenant string, ids []string) error {
	members := append([]string(nil), ids...)
	// No DISTINCT: it leads SQLite to walk the group index whole instead of
	// looking the IDs up by primary key.
	q := `SELECT group_id FROM vuln_aliases WHERE tenant = ? AND id IN (?` + strings.Repeat(`, ?`, len(ids)-1) + `)`
	args := []any{tenant}
	for _, id := range ids {
		args = append(args, id)
	}
	groups, err := strings1(ctx, tx, q, args...)
	if err != nil {
		return err
	}
	slices.Sort(groups)
	groups = slices.Compact(groups)
	for _, g := range groups {
		ms, err := strings1(ctx, tx, `SELECT id FROM vuln_aliases WHERE tenant = ? AND group_id = ?`, tenant, g)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if !slices.Contains(members, m) {
				members = append(members, m)
			}
		}
	}
	gid := mamori.GroupID(members)
	for _, m := range members {
		if _, err := tx.ExecContext(ctx, `INSERT INTO vuln_aliases (tenant, id, group_id) VALUES (?, ?, ?)
			ON CONFLICT (tenant, id) DO UPDATE SET group_id = excluded.group_id`, tenant, m, gid); err != nil {
			return err
		}
	}
	return nil
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// strings1 runs a query of one text column.
func strings1(ctx context.Context, db querier, q string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func readAdvisory(js string, raw []byte) (*mamori.Advisory, error) {
	var a mamori.Advisory
	if err := json.Unmarshal([]byte(js), &a); err != nil {
		return nil, err
	}
	a.Raw = raw
	return &a, nil
}

// Advisory implements mamori.VulnStore.
func (d *DB) Advisory(ctx context.Context, tenant, id string) (*mamori.Advisory, error) {
	var (
		js  string
		raw []byte
	)
	err := d.db.QueryRowContext(ctx, `SELECT advisory, raw FROM vuln_advisories WHERE tenant = ? AND id = ?`,
		mamori.TenantOr(tenant), id).Scan(&js, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("advisory %s: %w", id, mamori.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("advisory %s: %w", id, d.wrap(err))
	}
	a, err := readAdvisory(js, raw)
	if err != nil {
		return nil, fmt.Errorf("advisory %s: %w", id, err)
	}
	return a, nil
}

// AliasGroup implements mamori.VulnStore.
func (d *DB) AliasGroup(ctx context.Context, tenant, id string) (*mamori.AliasGroup, error) {
	tenant = mamori.TenantOr(tenant)
	var gid string
	err := d.db.QueryRowContext(ctx, `SELECT group_id FROM vuln_aliases WHERE tenant = ? AND id = ?`, tenant, id).Scan(&gid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("alias group of %s: %w", id, mamori.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("alias group of %s: %w", id, d.wrap(err))
	}
	ms, err := strings1(ctx, d.db, `SELECT id FROM vuln_aliases WHERE tenant = ? AND group_id = ? ORDER BY id`, tenant, gid)
	if err != nil {
		return nil, fmt.Errorf("alias group of %s: %w", id, d.wrap(err))
	}
	return &mamori.AliasGroup{Tenant: tenant, ID: gid, Members: ms}, nil
}

// AdvisoriesAffecting implements mamori.VulnStore.
func (d *DB) AdvisoriesAffecting(ctx context.Context, tenants []string, ecosystem, name string) ([]mamori.Advisory, error) {
	if len(tenants) == 0 {
		tenants = []string{mamori.DefaultTenant}
	}
	eco := mamori.BaseEcosystem(ecosystem)
	args := []any{eco, mamori.NormalizeName(eco, name)}
	for _, t := range tenants {
		args = append(args, mamori.TenantOr(t))
	}
	// CROSS JOIN keeps vuln_affected the outer loop (SQLite does not
	// reorder it): one index lookup for the package, then one per advisory.
	rows, err := d.db.QueryContext(ctx, `SELECT a.advisory FROM vuln_affected f
		CROSS JOIN vuln_advisories a ON a.tenant = f.tenant AND a.id = f.advisory_id
		WHERE f.ecosystem = ? AND f.name = ? AND f.tenant IN (?`+strings.Repeat(`, ?`, len(tenants)-1)+`)
		ORDER BY a.id, a.tenant`, args...)
	if err != nil {
		return nil, fmt.Errorf("advisories of %s %s: %w", ecosystem, name, d.wrap(err))
	}
	defer rows.Close()
	var out []mamori.Advisory
	for rows.Next() {
		var js string
		if err := rows.Scan(&js); err != nil {
			return nil, err
		}
		a, err := readAdvisory(js, nil)
		if err != nil {
			return nil, fmt.Errorf("advisories of %s %s: %w", ecosystem, name, err)
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// AdvisoryChanges implements mamori.VulnStore.
func (d *DB) AdvisoryChanges(ctx context.Context, tenant, id string) ([]mamori.AdvisoryChange, error) {
	tenant = mamori.TenantOr(tenant)
	rows, err := d.db.QueryContext(ctx, `SELECT source, old_modified, new_modified, old_digest, new_digest, at
		FROM vuln_advisory_changes WHERE tenant = ? AND id = ? ORDER BY at, rowid`, tenant, id)
	if err != nil {
		return nil, fmt.Errorf("changes of %s: %w", id, d.wrap(err))
	}
	defer rows.Close()
	var out []mamori.AdvisoryChange
	for rows.Next() {
		c := mamori.AdvisoryChange{Tenant: tenant, ID: id}
		var om, nm string
		var at int64
		if err := rows.Scan(&c.Source, &om, &nm, &c.OldDigest, &c.NewDigest, &at); err != nil {
			return nil, err
		}
		if c.OldModified, err = fromRFC(om); err != nil {
			return nil, err
		}
		if c.NewModified, err = fromRFC(nm); err != nil {
			return nil, err
		}
		c.At = time.Unix(0, at).UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// PutKEV implements mamori.VulnStore. An entry whose catalogue object (Raw,
// else the entry itself) is stored as it is counts as unchanged.
func (d *DB) PutKEV(ctx context.Context, es []mamori.KEVEntry) (mamori.ImportStats, error) {
	var st mamori.ImportStats
	fail := func(err error) (mamori.ImportStats, error) {
		return mamori.ImportStats{}, fmt.Errorf("store KEV entries: %w", d.wrap(err))
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	now := d.now()
	for i := range es {
		e := es[i]
		if e.CVE == "" {
			return fail(fmt.Errorf("KEV entry %d has no cveID", i))
		}
		e.Tenant = mamori.TenantOr(e.Tenant)
		if e.FetchedAt.IsZero() {
			e.FetchedAt = now
		}
		raw := e.Raw
		if len(raw) == 0 {
			c := e
			c.FetchedAt = time.Time{}
			b, err := json.Marshal(&c)
			if err != nil {
				return fail(err)
			}
			raw = b
		}
		var old []byte
		err := tx.QueryRowContext(ctx, `SELECT raw FROM vuln_kev WHERE tenant = ? AND cve = ?`, e.Tenant, e.CVE).Scan(&old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			st.Added++
		case err != nil:
			return fail(err)
		case string(old) == string(raw):
			st.Unchanged++
			continue
		default:
			st.Updated++
		}
		js, err := marshal(&e)
		if err != nil {
			return fail(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO vuln_kev (tenant, cve, entry, raw) VALUES (?, ?, ?, ?)`,
			e.Tenant, e.CVE, js, raw); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return st, nil
}

// KEV implements mamori.VulnStore.
func (d *DB) KEV(ctx context.Context, tenant, cve string) (*mamori.KEVEntry, error) {
	var (
		js  string
		raw []byte
	)
	err := d.db.QueryRowContext(ctx, `SELECT entry, raw FROM vuln_kev WHERE tenant = ? AND cve = ?`, mamori.TenantOr(tenant), cve).Scan(&js, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("KEV %s: %w", cve, mamori.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("KEV %s: %w", cve, d.wrap(err))
	}
	var e mamori.KEVEntry
	if err := json.Unmarshal([]byte(js), &e); err != nil {
		return nil, fmt.Errorf("KEV %s: %w", cve, err)
	}
	e.Raw = raw
	return &e, nil
}

// PutEPSS implements mamori.VulnStore.
func (d *DB) PutEPSS(ctx context.Context, ss []mamori.EPSSScore) (mamori.ImportStats, error) {
	var st mamori.ImportStats
	fail := func(err error) (mamori.ImportStats, error) {
		return mamori.ImportStats{}, fmt.Errorf("store EPSS scores: %w", d.wrap(err))
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	get, err := tx.PrepareContext(ctx, `SELECT score, percentile, date, model_version FROM vuln_epss WHERE tenant = ? AND cve = ?`)
	if err != nil {
		return fail(err)
	}
	defer get.Close()
	put, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO vuln_epss (tenant, cve, score, percentile, date, model_version) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fail(err)
	}
	defer put.Close()
	for i := range ss {
		s := &ss[i]
		if s.CVE == "" {
			return fail(fmt.Errorf("EPSS score %d has no cve", i))
		}
		tenant := mamori.TenantOr(s.Tenant)
		date := s.Date.UTC().Format("2006-01-02")
		if s.Date.IsZero() {
			date = ""
		}
		var (
			score, pct    float64
			oldDate, oldM string
		)
		err := get.QueryRowContext(ctx, tenant, s.CVE).Scan(&score, &pct, &oldDate, &oldM)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			st.Added++
		case err != nil:
			return fail(err)
		case date < oldDate:
			st.Stale++
			continue
		case date == oldDate && score == s.Score && pct == s.Percentile && oldM == s.ModelVersion:
			st.Unchanged++
			continue
		default:
			st.Updated++
		}
		if _, err := put.ExecContext(ctx, tenant, s.CVE, s.Score, s.Percentile, date, s.ModelVersion); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return st, nil
}

// EPSS implements mamori.VulnStore.
func (d *DB) EPSS(ctx context.Context, tenant, cve string) (*mamori.EPSSScore, error) {
	s := mamori.EPSSScore{Tenant: mamori.TenantOr(tenant), CVE: cve}
	var date string
	err := d.db.QueryRowContext(ctx, `SELECT score, percentile, date, model_version FROM vuln_epss WHERE tenant = ? AND cve = ?`,
		s.Tenant, cve).Scan(&s.Score, &s.Percentile, &date, &s.ModelVersion)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("EPSS %s: %w", cve, mamori.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("EPSS %s: %w", cve, d.wrap(err))
	}
	if date != "" {
		if s.Date, err = time.Parse("2006-01-02", date); err != nil {
			return nil, fmt.Errorf("EPSS %s: %w", cve, err)
		}
	}
	return &s, nil
}

var componentColumns = []string{"tenant", "asset", "ecosystem", "name", "version", "purl", "location", "min_version", "cpe"}

// PutAsset implements mamori.VulnStore: PutAssetBy on behalf of mamori
// itself.
func (d *DB) PutAsset(ctx context.Context, a *mamori.Asset, cs []mamori.Component) error {
	return d.PutAssetBy(ctx, a, cs, mamori.ActorMamori)
}

// PutAssetBy implements mamori.VulnStore. A zero UpdatedAt is set to the
// current time and written back to a. The change is appended to the change
// log (kind asset, the asset's name, action put: the asset after the change
// and the number of its components) in the same transaction as the asset and
// its components, so that neither is stored without the other.
func (d *DB) PutAssetBy(ctx context.Context, a *mamori.Asset, cs []mamori.Component, actor string) error {
	if a == nil {
		return errors.New("store asset: nil asset")
	}
	if err := a.Validate(); err != nil {
		return fmt.Errorf("store asset: %w", err)
	}
	fail := func(err error) error { return fmt.Errorf("store asset %s: %w", a.Name, d.wrap(err)) }
	if strings.TrimSpace(actor) == "" {
		return fail(errors.New("an asset change needs an actor"))
	}
	c := *a
	c.Tenant = mamori.TenantOr(c.Tenant)
	c.Importance, _ = mamori.ParseImportance(string(c.Importance))
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = d.now()
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO vuln_assets (tenant, name, owner, importance, source, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant, name) DO UPDATE SET owner = excluded.owner, importance = excluded.importance,
		source = excluded.source, updated_at = excluded.updated_at`,
		c.Tenant, c.Name, c.Owner, string(c.Importance), c.Source, c.UpdatedAt.UnixNano()); err != nil {
		return fail(err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM vuln_components WHERE tenant = ? AND asset = ?`, c.Tenant, c.Name); err != nil {
		return fail(err)
	}
	if _, err := insertOrIgnore(ctx, tx, "vuln_components", componentColumns, len(cs), func(i int, args []any) ([]any, error) {
		x := &cs[i]
		if x.Name == "" {
			return nil, fmt.Errorf("component %d has no name", i)
		}
		return append(args, c.Tenant, c.Name, x.Ecosystem, x.Name, x.Version, x.PURL, x.Location, x.MinVersion, x.CPE), nil
	}); err != nil {
		return fail(err)
	}
	data, err := json.Marshal(map[string]any{"asset": &c, "components": len(cs)})
	if err != nil {
		return fail(err)
	}
	if err := d.appendLog(ctx, tx, []mamori.LogEntry{{Tenant: c.Tenant, At: c.UpdatedAt, Actor: actor, Kind: "asset", Ref: c.Name, Action: "put", Data: data}}); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	*a = c
	return nil
}

// Asset implements mamori.VulnStore.
func (d *DB) Asset(ctx context.Context, tenant, name string) (*mamori.Asset, error) {
	as, err := d.assets(ctx, mamori.TenantOr(tenant), name)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, fmt.Errorf("asset %s: %w", name, mamori.ErrNotFound)
	}
	return &as[0], nil
}

// Assets implements mamori.VulnStore.
func (d *DB) Assets(ctx context.Context, tenant string) ([]mamori.Asset, error) {
	return d.assets(ctx, mamori.TenantOr(tenant), "")
}

func (d *DB) assets(ctx context.Context, tenant, name string) ([]mamori.Asset, error) {
	q := `SELECT name, owner, importance, source, updated_at FROM vuln_assets WHERE tenant = ?`
	args := []any{tenant}
	if name != "" {
		q += ` AND name = ?`
		args = append(args, name)
	}
	rows, err := d.db.QueryContext(ctx, q+` ORDER BY name`, args...)
	if err != nil {
		return nil, fmt.Errorf("assets: %w", d.wrap(err))
	}
	defer rows.Close()
	var out []mamori.Asset
	for rows.Next() {
		a := mamori.Asset{Tenant: tenant}
		var imp string
		var at int64
		if err := rows.Scan(&a.Name, &a.Owner, &imp, &a.Source, &at); err != nil {
			return nil, err
		}
		a.Importance, a.UpdatedAt = mamori.Importance(imp), time.Unix(0, at).UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// Components implements mamori.VulnStore.
func (d *DB) Components(ctx context.Context, tenant, asset string) ([]mamori.Component, error) {
	tenant = mamori.TenantOr(tenant)
	rows, err := d.db.QueryContext(ctx, `SELECT ecosystem, name, version, purl, location, min_version, cpe FROM vuln_components
		WHERE tenant = ? AND asset = ? ORDER BY ecosystem, name, version, location`, tenant, asset)
	if err != nil {
		return nil, fmt.Errorf("components of %s: %w", asset, d.wrap(err))
	}
	defer rows.Close()
	var out []mamori.Component
	for rows.Next() {
		c := mamori.Component{Tenant: tenant, Asset: asset}
		if err := rows.Scan(&c.Ecosystem, &c.Name, &c.Version, &c.PURL, &c.Location, &c.MinVersion, &c.CPE); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

var matchColumns = []string{"tenant", "asset", "group_id", "advisory_id", "ecosystem", "name", "version", "location", "confidence", "match", "matched_at"}

// PutMatches implements mamori.VulnStore. A zero MatchedAt is stored as
// the current time.
func (d *DB) PutMatches(ctx context.Context, tenant, asset string, ms []mamori.Match) error {
	tenant = mamori.TenantOr(tenant)
	fail := func(err error) error { return fmt.Errorf("store matches of %s: %w", asset, d.wrap(err)) }
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM vuln_matches WHERE tenant = ? AND asset = ?`, tenant, asset); err != nil {
		return fail(err)
	}
	now := d.now()
	if _, err := insertOrIgnore(ctx, tx, "vuln_matches", matchColumns, len(ms), func(i int, args []any) ([]any, error) {
		m := ms[i]
		m.Tenant, m.Asset, m.Component.Tenant, m.Component.Asset = tenant, asset, tenant, asset
		m.KEV, m.EPSS = nil, nil
		if m.MatchedAt.IsZero() {
			m.MatchedAt = now
		}
		js, err := marshal(&m)
		if err != nil {
			return nil, err
		}
		c := m.Component
		return append(args, tenant, asset, m.Group, m.AdvisoryID, c.Ecosystem, c.Name, c.Version, c.Location,
			string(m.Confidence), js, m.MatchedAt.UnixNano()), nil
	}); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

// Matches implements mamori.VulnStore.
func (d *DB) Matches(ctx context.Context, f mamori.MatchFilter) ([]mamori.Match, error) {
	q := `SELECT match FROM vuln_matches WHERE tenant = ?`
	args := []any{mamori.TenantOr(f.Tenant)}
	if f.Asset != "" {
		q += ` AND asset = ?`
		args = append(args, f.Asset)
	}
	rows, err := d.db.QueryContext(ctx, q+` ORDER BY group_id, ecosystem, name, version, advisory_id, asset, location`, args...)
	if err != nil {
		return nil, fmt.Errorf("matches: %w", d.wrap(err))
	}
	defer rows.Close()
	var out []mamori.Match
	for rows.Next() {
		var js string
		if err := rows.Scan(&js); err != nil {
			return nil, err
		}
		var m mamori.Match
		if err := json.Unmarshal([]byte(js), &m); err != nil {
			return nil, fmt.Errorf("matches: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// FeedState returns what the last sync of url recorded (empty when none).
func (d *DB) FeedState(ctx context.Context, url string) (mamori.FeedState, error) {
	var s mamori.FeedState
	err := d.db.QueryRowContext(ctx, `SELECT etag, last_modified FROM vuln_sync WHERE url = ?`, url).Scan(&s.ETag, &s.LastModified)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("sync state of %s: %w", url, d.wrap(err))
	}
	return s, nil
}

// PutFeedState records the state of a feed after its import.
func (d *DB) PutFeedState(ctx context.Context, url string, s mamori.FeedState) error {
	_, err := d.db.ExecContext(ctx, `INSERT OR REPLACE INTO vuln_sync (url, etag, last_modified, synced_at) VALUES (?, ?, ?, ?)`,
		url, s.ETag, s.LastModified, d.now().UnixNano())
	if err != nil {
		return fmt.Errorf("sync state of %s: %w", url, d.wrap(err))
	}
	return nil
}
