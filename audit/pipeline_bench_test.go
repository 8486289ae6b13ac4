package audit

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/auditlog"
)

// BenchmarkPipeline reads the shared CloudTrail datasets from memory through
// every Sigma rule and detector, as `mamori audit ingest` does without the
// store: the per-event cost of the whole audit, in one process.
func BenchmarkPipeline(b *testing.B) {
	files, _ := filepath.Glob("../testdata/cloudtrail/*/*.json")
	more, _ := filepath.Glob("../testdata/cloudtrail/*/CloudTrail/*.json")
	files = append(files, more...)
	if len(files) == 0 {
		b.Fatal("CloudTrail datasets not found under ../testdata/cloudtrail")
	}
	var ins [][]byte
	size := 0
	for _, f := range files {
		x, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		ins = append(ins, x)
		size += len(x)
	}
	geoBytes, _ := DemoGeoIP()
	geo, err := OpenGeoIPBytes("demo", geoBytes)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	p := New(nil, nil, builtinSigma(b, DefaultMiningPorts), NewRegion(nil), NewService(nil), NewUserAgent(nil),
		&ImpossibleTravel{Geo: geo, MaxSpeedKmh: DefaultMaxSpeedKmh, MinDistanceKm: DefaultMinDistanceKm})
	b.SetBytes(int64(size))
	b.ReportAllocs()
	events := 0
	for b.Loop() {
		for _, in := range ins {
			err := auditlog.ReadCloudTrail(bytes.NewReader(in), auditlog.Options{}, func(ev *mamori.Event) error {
				events++
				return p.Observe(ctx, ev)
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}
