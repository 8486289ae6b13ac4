// Command audit measures the event audit's throughput on a large synthetic
// CloudTrail input built from the shared datasets (Invictus and Stratus Red
// Team records, repeated with fresh event IDs and later times, as
// {"Records":[...]} files of about 5 MB), beside the raw encoding/json decode
// of the same files:
//
//	go run ./bench/audit -mb 300
//
// It prints, per stage, events/s (per core: the readers use one), MB/s and
// the process's peak RSS so far. -mb 4000 makes a multi-GB input.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/audit"
	"github.com/mamori-sec/mamori/auditlog"
	"github.com/mamori-sec/mamori/sigma"
)

func main() {
	mb := flag.Int("mb", 300, "size of the synthetic input in MB")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the stages to this file")
	data := flag.String("data", "../shared/data/cloudtrail", "the shared CloudTrail datasets")
	flag.Parse()
	dir, err := os.MkdirTemp("", "mamori-audit-bench-")
	check(err)
	defer os.RemoveAll(dir)

	size, events := build(*data, dir, int64(*mb)<<20)
	fmt.Printf("input: %d files, %.0f MB, %d events (%s, GOMAXPROCS %d)\n\n", len(files(dir)), float64(size)/(1<<20), events, dir, runtime.GOMAXPROCS(0))
	fmt.Printf("%-44s %12s %10s %10s %10s\n", "stage", "events/s", "MB/s", "wall", "peak RSS")
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}

	stage := func(name string, run func() int) {
		runtime.GC()
		t := time.Now()
		n := run()
		d := time.Since(t)
		fmt.Printf("%-44s %12.0f %10.1f %10s %7d MB\n", name, float64(n)/d.Seconds(), float64(size)/(1<<20)/d.Seconds(), d.Round(time.Millisecond), maxRSS())
	}
	stage("encoding/json decode (whole file, map)", func() int {
		n := 0
		for _, f := range files(dir) {
			b, err := os.ReadFile(f)
			check(err)
			var v struct{ Records []map[string]any }
			check(json.Unmarshal(b, &v))
			n += len(v.Records)
		}
		return n
	})
	stage("auditlog.ReadPaths (streamed, events)", func() int {
		s, err := auditlog.ReadPaths([]string{dir}, auditlog.CloudTrail, nil, func(*mamori.Event) error { return nil })
		check(err)
		return s.Events
	})
	geoBytes, _ := audit.DemoGeoIP()
	geo, err := audit.OpenGeoIPBytes("demo", geoBytes)
	check(err)
	rules, err := sigma.Builtin()
	check(err)
	set := sigma.NewSet(rules)
	alerts := 0
	stage(fmt.Sprintf("read + %d Sigma rules + all detectors", len(rules)), func() int {
		p := audit.New(nil, nil, &audit.Sigma{Set: set}, audit.NewRegion(nil), audit.NewService(nil), audit.NewUserAgent(nil),
			&audit.ImpossibleTravel{Geo: geo, MaxSpeedKmh: audit.DefaultMaxSpeedKmh, MinDistanceKm: audit.DefaultMinDistanceKm},
			&audit.MiningPorts{Ports: audit.DefaultMiningPorts})
		ctx := context.Background()
		s, err := auditlog.ReadPaths([]string{dir}, auditlog.CloudTrail, nil, func(ev *mamori.Event) error { return p.Observe(ctx, ev) })
		check(err)
		st, err := p.Close(ctx)
		check(err)
		alerts = st.Alerts
		return s.Events
	})
	fmt.Printf("  (%d alerts raised in that stage)\n", alerts)
	stage("read + behavioural detectors + mining ports", func() int {
		p := audit.New(nil, nil, audit.NewRegion(nil), audit.NewService(nil), audit.NewUserAgent(nil),
			&audit.ImpossibleTravel{Geo: geo, MaxSpeedKmh: audit.DefaultMaxSpeedKmh, MinDistanceKm: audit.DefaultMinDistanceKm},
			&audit.MiningPorts{Ports: audit.DefaultMiningPorts})
		ctx := context.Background()
		s, err := auditlog.ReadPaths([]string{dir}, auditlog.CloudTrail, nil, func(ev *mamori.Event) error { return p.Observe(ctx, ev) })
		check(err)
		_, err = p.Close(ctx)
		check(err)
		return s.Events
	})
}

// build writes {"Records":[...]} files of about 5 MB until total bytes.
func build(data, dir string, total int64) (int64, int) {
	var recs []map[string]any
	_, err := auditlog.ReadPaths([]string{data}, auditlog.CloudTrail, nil, func(ev *mamori.Event) error {
		var m map[string]any
		check(json.Unmarshal(ev.Fields.(interface{ JSON() []byte }).JSON(), &m))
		recs = append(recs, m)
		return nil
	})
	check(err)
	if len(recs) == 0 {
		fmt.Fprintln(os.Stderr, "audit: no records under", data)
		os.Exit(1)
	}
	var written int64
	events, file := 0, 0
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for written < total {
		var b bytes.Buffer
		b.WriteString(`{"Records":[`)
		for i := 0; b.Len() < 5<<20; i++ {
			r := recs[events%len(recs)]
			r["eventID"] = fmt.Sprintf("bench-%012d", events)
			r["eventTime"] = base.Add(time.Duration(events) * time.Second).Format(time.RFC3339)
			if i > 0 {
				b.WriteByte(',')
			}
			enc, err := json.Marshal(r)
			check(err)
			b.Write(enc)
			events++
		}
		b.WriteString("]}")
		file++
		check(os.WriteFile(filepath.Join(dir, fmt.Sprintf("%06d.json", file)), b.Bytes(), 0o600))
		written += int64(b.Len())
	}
	return written, events
}

func files(dir string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	return m
}

func maxRSS() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss / 1024
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "audit:", strings.TrimSpace(err.Error()))
		os.Exit(1)
	}
}
