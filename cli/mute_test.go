package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Add, expire, remove: each change is recorded with who and when, and an
// expired rule is listed as such.
func TestMuteLifecycle(t *testing.T) {
	e, out := testEnv()
	dbPath := filepath.Join(t.TempDir(), "m.db")
	t.Setenv("MAMORI_DB", dbPath)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	e.now = func() time.Time { return now }
	run := func(args ...string) error {
		out.Reset()
		root := newRoot(e)
		root.SetArgs(append(args, "--db", dbPath))
		root.SetOut(out)
		root.SetErr(out)
		return root.ExecuteContext(context.Background())
	}
	if err := run("mute", "add", "--account", "999900001111", "--reason", "sandbox", "--owner", "platform", "--until", "10d", "--as", "tanaka"); err != nil {
		t.Fatal(err, out)
	}
	e.dbPath = dbPath
	db, err := e.openDB()
	if err != nil {
		t.Fatal(err)
	}
	ms, err := db.Mutes(context.Background(), "")
	db.Close()
	if err != nil || len(ms) != 1 || ms[0].By != "tanaka" || !ms[0].Until.Equal(now.Add(240*time.Hour)) {
		t.Fatalf("stored %+v, %v", ms, err)
	}
	id := ms[0].ID

	now = now.Add(11 * 24 * time.Hour)
	if err := run("mute", "list", "--expired"); err != nil || !strings.Contains(out.String(), id) || !strings.Contains(out.String(), "EXPIRED") {
		t.Errorf("expired list: %v\n%s", err, out)
	}
	e.as = ""
	t.Setenv("MAMORI_USER", "sato")
	if err := run("mute", "rm", id, "--reason", "sandbox closed"); err != nil {
		t.Fatal(err, out)
	}
	if err := run("mute", "list"); err != nil || strings.Contains(out.String(), id) {
		t.Errorf("removed rule still listed: %v\n%s", err, out)
	}
	if err := run("mute", "list", "--history"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "add") || !strings.Contains(lines[1], "tanaka") ||
		!strings.Contains(lines[2], "remove") || !strings.Contains(lines[2], "sato") || !strings.Contains(lines[2], "sandbox closed") ||
		!strings.Contains(lines[2], "2026-12-12") {
		t.Errorf("history:\n%s", out)
	}
	// Both changes are in the change log, after nothing else, with their
	// actors and times, and the chain verifies.
	if err := run("auditlog", "verify"); err != nil || !strings.Contains(out.String(), "2 entries verified") {
		t.Errorf("auditlog verify: %v\n%s", err, out)
	}
	if err := run("auditlog", "export"); err != nil {
		t.Fatal(err, out)
	}
	lines = strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("change log:\n%s", out)
	}
	for i, want := range []string{
		`"at":"2026-12-01T09:00:00Z","actor":"tanaka","kind":"mute","ref":"` + id + `","action":"add"`,
		`"at":"2026-12-12T09:00:00Z","actor":"sato","kind":"mute","ref":"` + id + `","action":"remove"`,
	} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("change log entry %d:\n%s\nwant %s", i+1, lines[i], want)
		}
	}
	if !strings.Contains(lines[1], `"note":"sandbox closed"`) {
		t.Errorf("the removal's reason is not in the log: %s", lines[1])
	}
}
