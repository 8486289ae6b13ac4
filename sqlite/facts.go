package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/mamori-sec/mamori"
)

// WalkFacts calls fn for each resource of a scan whose type is one of
// types, with its identity and facts only (no attributes, tags or
// relations), one row at a time: what `mamori exposure` and `mamori iam
// paths` read, without loading a large scan whole. The resource passed to
// fn is only valid during the call. The error wraps mamori.ErrNotFound when
// the scan does not exist.
func (d *DB) WalkFacts(ctx context.Context, scanID string, types []string, fn func(*mamori.Resource) error) error {
	fail := func(err error) error { return fmt.Errorf("facts of scan %s: %w", scanID, d.wrap(err)) }
	if err := scanExists(ctx, d.db, scanID); err != nil {
		return fail(err)
	}
	if len(types) == 0 {
		return nil
	}
	args := []any{scanID}
	for _, t := range types {
		args = append(args, t)
	}
	rows, err := d.db.QueryContext(ctx, `SELECT provider, account, region, type, id, name, facts FROM resources
		WHERE scan_id = ? AND type IN (?`+strings.Repeat(", ?", len(types)-1)+`)
		ORDER BY provider, account, region, type, id, rowid`, args...)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r mamori.Resource
		var facts string
		if err := rows.Scan(&r.Provider, &r.Account, &r.Region, &r.Type, &r.ID, &r.Name, &facts); err != nil {
			return fail(err)
		}
		if r.Facts, err = decodeTree(facts); err != nil {
			return fail(fmt.Errorf("resource %s: facts: %w", r.ID, err))
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return fail0(rows.Err(), fail)
}
