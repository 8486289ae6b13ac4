package sqlite

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

func TestChangeLogChainAndTamper(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	d, err := Open(":memory:", func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	c := &mamori.Case{Tenant: "sakura", Group: "CVE-2024-1", Asset: "web", Status: mamori.CaseNew, Created: now, Opened: now, Updated: now}
	if err := d.SaveCases(ctx, []mamori.CaseChange{{Case: c, Action: "open", Actor: "mamori"}}); err != nil {
		t.Fatal(err)
	}
	if c.ID != "C-1" {
		t.Fatalf("ID %q", c.ID)
	}
	// Other code appends with one call.
	if err := d.AppendLog(ctx, mamori.LogEntry{Kind: "mute", Ref: "aws-s3-*", Action: "add", Actor: "tanaka", Data: json.RawMessage(`{"why":"test"}`)},
		mamori.LogEntry{Kind: "asset", Ref: "web", Action: "update", Actor: "tanaka"}); err != nil {
		t.Fatal(err)
	}
	if err := d.AppendLog(ctx, mamori.LogEntry{Kind: "asset"}); err == nil {
		t.Fatal("an entry without ref and action was appended")
	}
	verify := func() error {
		var v mamori.LogVerifier
		return d.WalkLog(ctx, v.Check)
	}
	if err := verify(); err != nil {
		t.Fatal(err)
	}
	// The database refuses changes to the log...
	if _, err := d.db.Exec(`UPDATE change_log SET actor = 'x' WHERE seq = 2`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("update of the log: %v", err)
	}
	if _, err := d.db.Exec(`DELETE FROM change_log WHERE seq = 1`); err == nil {
		t.Fatal("delete from the log succeeded")
	}
	// ...and someone who edits the file anyway is found out, at the entry.
	if _, err := d.db.Exec(`DROP TRIGGER change_log_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.Exec(`UPDATE change_log SET actor = 'mallory' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	err = verify()
	if err == nil || !strings.HasPrefix(err.Error(), "entry 2 ") {
		t.Fatalf("verify after tampering: %v, want entry 2 named", err)
	}
	// A rewritten hash does not help: the next entry no longer follows.
	if _, err := d.db.Exec(`UPDATE change_log SET actor = 'tanaka' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	if err := verify(); err != nil {
		t.Fatalf("restored log: %v", err)
	}
	if _, err := d.db.Exec(`UPDATE change_log SET data = CAST('{}' AS BLOB), hash = 'abc' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	if err := verify(); err == nil || !strings.HasPrefix(err.Error(), "entry 2 ") {
		t.Fatalf("verify after rehashing: %v", err)
	}
}

func TestCaseStoreRefusesUnknown(t *testing.T) {
	d, err := Open(":memory:", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, id := range []string{"C-9", "x", "C-0", ""} {
		if _, err := d.Case(context.Background(), id); err == nil {
			t.Errorf("Case(%q) found something", id)
		}
	}
	// A bad decision fails the whole call and stores nothing.
	ok := &mamori.Decision{Group: "CVE-1", Package: "pkg:npm/a", Scope: mamori.ScopeAll, Status: mamori.DecisionAffected, By: "a", Source: "mamori"}
	bad := &mamori.Decision{Group: "CVE-1", Package: "pkg:npm/b", Scope: mamori.ScopeAll, Status: mamori.DecisionNotAffected, By: "a"}
	if err := d.PutDecisions(context.Background(), []*mamori.Decision{ok, bad}, "a", nil); err == nil {
		t.Fatal("a not-affected decision without justification was stored")
	}
	if ds, _ := d.Decisions(context.Background(), ""); len(ds) != 0 {
		t.Fatalf("decisions stored after a failed call: %v", ds)
	}
}
