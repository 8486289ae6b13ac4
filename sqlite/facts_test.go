package sqlite

import (
	"context"
	"errors"
	"testing"

	"github.com/mamori-sec/mamori"
)

func TestWalkFacts(t *testing.T) {
	d, err := Open(":memory:", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	if err := d.CreateScan(ctx, &mamori.Scan{ID: "s", Source: "aws", Provider: "aws"}); err != nil {
		t.Fatal(err)
	}
	rs := []mamori.Resource{
		{Provider: "aws", Account: "1", Region: "r", Type: "aws_instance", ID: "i-1", Name: "web", Attributes: map[string]any{"big": "x"}},
		{Provider: "aws", Account: "1", Region: "r", Type: "aws_db_instance", ID: "db-1", Name: "db", Attributes: map[string]any{}},
		{Provider: "aws", Account: "1", Region: "r", Type: "aws_s3_bucket", ID: "b", Name: "b", Attributes: map[string]any{}},
	}
	if err := d.PutResources(ctx, "s", rs); err != nil {
		t.Fatal(err)
	}
	rs[0].Facts = map[string]any{"internet_reachable": true}
	if err := d.PutFacts(ctx, "s", rs[:1]); err != nil {
		t.Fatal(err)
	}
	var got []string
	err = d.WalkFacts(ctx, "s", []string{"aws_instance", "aws_db_instance"}, func(r *mamori.Resource) error {
		if r.Attributes != nil {
			t.Errorf("%s: attributes read", r.ID)
		}
		got = append(got, r.ID+" "+r.Name)
		if r.ID == "i-1" && r.Facts["internet_reachable"] != true {
			t.Errorf("facts = %v", r.Facts)
		}
		return nil
	})
	if err != nil || len(got) != 2 || got[0] != "db-1 db" || got[1] != "i-1 web" {
		t.Errorf("walked %v, %v", got, err)
	}
	stop := errors.New("stop")
	if err := d.WalkFacts(ctx, "s", []string{"aws_instance"}, func(*mamori.Resource) error { return stop }); err != stop {
		t.Errorf("fn's error = %v", err)
	}
	if err := d.WalkFacts(ctx, "nope", []string{"aws_instance"}, func(*mamori.Resource) error { return nil }); !errors.Is(err, mamori.ErrNotFound) {
		t.Errorf("unknown scan: %v", err)
	}
}
