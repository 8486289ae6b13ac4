package sqlite

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

func TestMutes(t *testing.T) {
	d, err := Open(":memory:", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	a := &mamori.MuteRule{Check: "*", Resource: "*", Account: "999900001111", By: "tanaka", Reason: "sandbox", Owner: "platform", Until: t0.AddDate(0, 6, 0)}
	b := &mamori.MuteRule{Check: "aws-s3-*", Resource: "*", Tags: map[string]string{"env": "dev"}, By: "tanaka", Reason: "dev buckets", Tenant: "sakura"}
	if err := d.AddMute(ctx, a, "tanaka", t0); err != nil {
		t.Fatal(err)
	}
	if err := d.AddMute(ctx, b, "suzuki", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := d.AddMute(ctx, &mamori.MuteRule{Check: "*", Resource: "*", By: "x", Reason: "y"}, "x", t0); err == nil {
		t.Error("a rule that mutes everything was stored")
	}
	if err := d.AddMute(ctx, &mamori.MuteRule{Check: "a", Resource: "*", By: "x", Reason: "y"}, "", t0); err == nil {
		t.Error("a change without an actor was stored")
	}
	ms, err := d.Mutes(ctx, "")
	if err != nil || len(ms) != 1 || ms[0].ID != a.ID || ms[0].Owner != "platform" || !ms[0].Until.Equal(a.Until) || ms[0].Tenant != mamori.DefaultTenant {
		t.Fatalf("default tenant's mutes = %+v, %v", ms, err)
	}
	if ms, _ := d.Mutes(ctx, "sakura"); len(ms) != 1 || ms[0].Tags["env"] != "dev" {
		t.Fatalf("sakura's mutes = %+v", ms)
	}
	if err := d.RemoveMute(ctx, "", b.ID, "sato", "wrong tenant", t0); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("removing another tenant's rule: %v", err)
	}
	if err := d.RemoveMute(ctx, "", a.ID, "sato", "account closed", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if ms, _ := d.Mutes(ctx, ""); len(ms) != 0 {
		t.Errorf("removed rule still listed: %+v", ms)
	}
	cs, err := d.MuteChanges(ctx, "")
	if err != nil || len(cs) != 2 {
		t.Fatalf("changes = %+v, %v", cs, err)
	}
	if cs[0].Action != "add" || cs[0].Actor != "tanaka" || !cs[0].At.Equal(t0) || cs[1].Action != "remove" || cs[1].Actor != "sato" || cs[1].Note != "account closed" ||
		cs[1].Rule != "check * resource * account 999900001111" {
		t.Errorf("changes = %+v", cs)
	}
}

// Every mute change is in the hash-chained change log, with its actor and
// time, and in the same transaction as the change: when the log cannot be
// written the mute is not stored (nor removed) either.
func TestMutesInChangeLog(t *testing.T) {
	d, err := Open(":memory:", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	a := &mamori.MuteRule{Check: "aws-s3-*", Resource: "*", Account: "999900001111", By: "tanaka", Reason: "sandbox", Owner: "platform", Until: t0.AddDate(0, 6, 0)}
	if err := d.AddMute(ctx, a, "tanaka", t0); err != nil {
		t.Fatal(err)
	}
	if err := d.RemoveMute(ctx, "", a.ID, "sato", "account closed", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	var es []mamori.LogEntry
	var v mamori.LogVerifier
	if err := d.WalkLog(ctx, func(e *mamori.LogEntry) error {
		es = append(es, *e)
		return v.Check(e)
	}); err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 {
		t.Fatalf("%d log entries, want 2: %+v", len(es), es)
	}
	for i, want := range []struct {
		action, actor string
		at            time.Time
	}{{"add", "tanaka", t0}, {"remove", "sato", t0.Add(time.Hour)}} {
		e := es[i]
		if e.Kind != "mute" || e.Ref != a.ID || e.Action != want.action || e.Actor != want.actor || !e.At.Equal(want.at) || e.Tenant != mamori.DefaultTenant {
			t.Errorf("entry %d = %s %s %s by %s at %s (%s), want mute %s %s by %s at %s", i+1, e.Kind, e.Ref, e.Action, e.Actor, e.At, e.Tenant, a.ID, want.action, want.actor, want.at)
		}
		var data struct {
			Mute mamori.MuteRule `json:"mute"`
			Rule string          `json:"rule"`
			Note string          `json:"note"`
		}
		if err := json.Unmarshal(e.Data, &data); err != nil {
			t.Fatalf("entry %d data %s: %v", i+1, e.Data, err)
		}
		if data.Mute.ID != a.ID || data.Mute.Reason != "sandbox" || data.Mute.Owner != "platform" || data.Rule != "check aws-s3-* resource * account 999900001111" {
			t.Errorf("entry %d data = %s", i+1, e.Data)
		}
		if i == 1 && data.Note != "account closed" {
			t.Errorf("removal's reason not logged: %s", e.Data)
		}
	}

	// The log refuses new entries: neither the add nor the removal happens.
	b := &mamori.MuteRule{Check: "aws-kms-*", Resource: "*", By: "tanaka", Reason: "r"}
	if err := d.AddMute(ctx, b, "tanaka", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.Exec(`CREATE TRIGGER change_log_refuse BEFORE INSERT ON change_log BEGIN SELECT RAISE(ABORT, 'log refused'); END`); err != nil {
		t.Fatal(err)
	}
	if err := d.AddMute(ctx, &mamori.MuteRule{Check: "aws-rds-*", Resource: "*", By: "tanaka", Reason: "r"}, "tanaka", t0); err == nil || !strings.Contains(err.Error(), "log refused") {
		t.Fatalf("add with the log refusing: %v", err)
	}
	if err := d.RemoveMute(ctx, "", b.ID, "sato", "done", t0); err == nil || !strings.Contains(err.Error(), "log refused") {
		t.Fatalf("remove with the log refusing: %v", err)
	}
	ms, err := d.Mutes(ctx, "")
	if err != nil || len(ms) != 1 || ms[0].ID != b.ID {
		t.Errorf("mutes after refused changes = %+v, %v; want only %s", ms, err, b.ID)
	}
	if cs, _ := d.MuteChanges(ctx, ""); len(cs) != 3 {
		t.Errorf("mute history has %d changes after refused ones, want 3: %+v", len(cs), cs)
	}
}
