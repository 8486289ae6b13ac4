package sqlite

import (
	"context"
	"errors"
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
