package sqlite

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

// An asset change and its change-log entry are one transaction: the entry
// names the person and the time and holds the asset; when the log refuses
// the entry, neither the asset nor its components change.
func TestAssetInChangeLog(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	d, err := Open(":memory:", func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	cs := []mamori.Component{{Ecosystem: "npm", Name: "lodash", Version: "4.17.20"}, {Ecosystem: "npm", Name: "express", Version: "4.18.0"}}
	a := &mamori.Asset{Tenant: "sakura", Name: "shop-web", Owner: "tanaka", Importance: mamori.ImportanceHigh, Source: "bom.cdx.json"}
	if err := d.PutAssetBy(ctx, a, cs, "tanaka"); err != nil {
		t.Fatal(err)
	}
	if err := d.PutAsset(ctx, &mamori.Asset{Name: "batch", Importance: mamori.ImportanceLow}, nil); err != nil {
		t.Fatal(err)
	}
	if err := d.PutAssetBy(ctx, &mamori.Asset{Name: "x", Importance: mamori.ImportanceLow}, nil, " "); err == nil {
		t.Error("an asset change without an actor was stored")
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
		t.Fatalf("%d entries, want 2: %+v", len(es), es)
	}
	e := es[0]
	if e.Kind != "asset" || e.Ref != "shop-web" || e.Action != "put" || e.Actor != "tanaka" || e.Tenant != "sakura" || !e.At.Equal(now) {
		t.Errorf("entry 1 = %s %s %s by %s for %s at %s", e.Kind, e.Ref, e.Action, e.Actor, e.Tenant, e.At)
	}
	var data struct {
		Asset      mamori.Asset `json:"asset"`
		Components int          `json:"components"`
	}
	if err := json.Unmarshal(e.Data, &data); err != nil || data.Asset.Owner != "tanaka" || data.Asset.Importance != mamori.ImportanceHigh || data.Components != 2 {
		t.Errorf("entry 1 data %s (%v)", e.Data, err)
	}
	if e := es[1]; e.Ref != "batch" || e.Actor != mamori.ActorMamori || e.Tenant != mamori.DefaultTenant {
		t.Errorf("entry 2 = %s by %s for %s, want batch by mamori", e.Ref, e.Actor, e.Tenant)
	}

	if _, err := d.db.Exec(`CREATE TRIGGER change_log_refuse BEFORE INSERT ON change_log BEGIN SELECT RAISE(ABORT, 'log refused'); END`); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	err = d.PutAssetBy(ctx, &mamori.Asset{Tenant: "sakura", Name: "shop-web", Owner: "suzuki", Importance: mamori.ImportanceLow}, cs[:1], "suzuki")
	if err == nil || !strings.Contains(err.Error(), "log refused") {
		t.Fatalf("put with the log refusing: %v", err)
	}
	got, err := d.Asset(ctx, "sakura", "shop-web")
	if err != nil || got.Owner != "tanaka" || got.Importance != mamori.ImportanceHigh {
		t.Errorf("asset after a refused change = %+v, %v; want it unchanged", got, err)
	}
	if gotCs, err := d.Components(ctx, "sakura", "shop-web"); err != nil || len(gotCs) != 2 {
		t.Errorf("components after a refused change = %+v, %v; want both", gotCs, err)
	}
	if err := d.PutAssetBy(ctx, &mamori.Asset{Name: "new", Importance: mamori.ImportanceLow}, nil, "suzuki"); err == nil {
		t.Error("a new asset was stored while the log refused its entry")
	}
	if _, err := d.Asset(ctx, "", "new"); err == nil {
		t.Error("the new asset is there although its log entry is not")
	}
}
