package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

// A database whose alerts were stored before tiers (migration 0005) keeps
// them, as alerts of the default tenant.
func TestAlertsBeforeTiers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	sdb, err := sql.Open("sqlite", "file:"+uriPath(path))
	if err != nil {
		t.Fatal(err)
	}
	old := &DB{db: sdb, path: path, now: time.Now}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.version > 3 {
			break
		}
		if err := old.apply(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sdb.Exec(`INSERT INTO alerts (id, rule_id, detector, severity, title, time, principal, account, region,
		event_names, event_ids, source_ips, reason, tags, evidence, created_at)
		VALUES ('a1', 'r1', 'sigma', 3, '{"en":"t"}', 1, 'p', '111122223333', 'us-east-1', '[]', '["e1"]', '[]', '{"en":"r"}', '[]', '[]', 2)`); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	d, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	got, err := d.Alerts(ctx, mamori.AlertFilter{Tier: mamori.TierAlert})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Tier != mamori.TierAlert || got[0].Tenant != "default" {
		t.Errorf("alert stored before tiers: %+v", got)
	}
}
