// Command audit measures reading CloudTrail at size: it builds a large
// synthetic input from the shared datasets (Invictus and Stratus Red Team
// records, repeated with fresh event IDs and later times) in a temporary
// directory, then runs each stage over it and prints, side by side,
// events/s, events per CPU-second, MB/s (of JSON, decompressed) and the
// stage's peak RSS:
//
//	go run ./bench/audit                      # 300 MB as 5 MB {"Records":[...]} files
//	go run ./bench/audit -mb 4000 -one        # one 4 GB file: memory must stay flat
//	go run ./bench/audit -gz                  # .json.gz files, as CloudTrail delivers them
//	go run ./bench/audit -rules=false         # the readers only
//	go run ./bench/audit -cpuprofile cpu.out  # a CPU profile per stage: cpu.out.<n>
//	go run ./bench/audit -write DIR -benign 1000000   # a benign-heavy trail (benign.go), for counting alerts
//
// The stages: encoding/json decoding each whole file into maps (the usual
// way), encoding/json's Decoder streaming the records into maps, fastjson
// parsing each whole file, auditlog.ReadCloudTrail producing events (alone,
// and with ten field lookups per event), and with -rules the audit pipeline
// with every Sigma rule and detector. Each stage runs in a child process of
// its own, so that its peak RSS is its own; readers use one core, so
// events/s is per core. Stages that hold a whole file are left out with
// -one. To measure another stage, add it to stages (or to ruleStages).
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/valyala/fastjson"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/audit"
	"github.com/mamori-sec/mamori/auditlog"
	"github.com/mamori-sec/mamori/sigma"
)

// stage is one way of reading the input.
type stage struct {
	name string
	// whole is set when the stage holds a whole file in memory.
	whole bool
	// run reads the files and returns how many events (records) it saw,
	// and a note to print after the stage's figures.
	run func(files []string) (int, string, error)
}

// stages are measured in this order; ruleStages follow with -rules.
var stages = []stage{
	{"encoding/json Unmarshal, whole file -> maps", true, noNote(decodeWhole)},
	{"encoding/json Decoder, streamed -> maps", false, noNote(decodeStreamed)},
	{"fastjson Parse, whole file", true, noNote(fastjsonWhole)},
	{"auditlog.ReadCloudTrail -> events", false, noNote(func(files []string) (int, error) { return read(files, nil) })},
	{"auditlog.ReadCloudTrail + 10 lookups/event", false, noNote(func(files []string) (int, error) {
		paths := []string{"eventName", "eventSource", "userIdentity.type", "userIdentity.arn", "errorCode", "requestParameters.bucketName",
			"requestParameters.ipPermissions.items.ipRanges.items.cidrIp", "additionalEventData.MFAUsed", "responseElements.ConsoleLogin", "resources.ARN"}
		var buf []any
		return read(files, func(ev *mamori.Event) error {
			for _, p := range paths {
				buf, _ = ev.Fields.Values(p, buf[:0])
			}
			return nil
		})
	})},
}

func noNote(run func([]string) (int, error)) func([]string) (int, string, error) {
	return func(files []string) (int, string, error) {
		n, err := run(files)
		return n, "", err
	}
}

// ruleStages are the audit pipeline over the same input: Sigma rules and
// behavioural detectors, as `mamori audit ingest` runs them (without a
// store).
func ruleStages() []stage {
	pipeline := func(withRules bool) func([]string) (int, string, error) {
		return func(files []string) (int, string, error) {
			geoBytes, _ := audit.DemoGeoIP()
			geo, err := audit.OpenGeoIPBytes("demo", geoBytes)
			if err != nil {
				return 0, "", err
			}
			dets := []audit.Detector{audit.NewRegion(nil), audit.NewService(nil), audit.NewUserAgent(nil),
				&audit.ImpossibleTravel{Geo: geo, MaxSpeedKmh: audit.DefaultMaxSpeedKmh, MinDistanceKm: audit.DefaultMinDistanceKm}}
			if withRules {
				rules, err := sigma.Builtin()
				if err != nil {
					return 0, "", err
				}
				for _, r := range rules {
					if err := r.Resolve(audit.Placeholders(audit.DefaultMiningPorts)); err != nil {
						return 0, "", err
					}
				}
				dets = append([]audit.Detector{audit.NewSigma(rules)}, dets...)
			}
			if os.Getenv("GOGC") == "" {
				debug.SetGCPercent(audit.GCPercent) // as mamori audit ingest does
			}
			p := audit.New(nil, nil, dets...)
			ctx := context.Background()
			n, err := read(files, func(ev *mamori.Event) error { return p.Observe(ctx, ev) })
			if err != nil {
				return n, "", err
			}
			st, err := p.Close(ctx)
			return n, fmt.Sprintf("%d alerts and %d signals raised", st.Alerts, st.Signals), err
		}
	}
	return []stage{
		{"read + behavioural detectors", false, pipeline(false)},
		{"read + all Sigma rules + all detectors", false, pipeline(true)},
	}
}

func main() {
	mb := flag.Int("mb", 300, "size of the synthetic input in MB of JSON")
	one := flag.Bool("one", false, "write the input as one file instead of 5 MB files")
	gz := flag.Bool("gz", false, "gzip the input files")
	rules := flag.Bool("rules", true, "also measure the audit pipeline (Sigma rules and detectors)")
	data := flag.String("data", "testdata/cloudtrail", "the CloudTrail datasets (vendored from the shared data)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of each stage to this file, suffixed .<stage>")
	child := flag.Int("stage", -1, "(internal) run this stage over -dir and report")
	dir := flag.String("dir", "", "(internal) the input directory")
	runs := flag.Int("runs", 3, "run each stage this many times and print the run with the median CPU time")
	write := flag.String("write", "", "only write the input to this directory (for timing mamori audit ingest on it) and exit")
	benign := flag.Int("benign", 0, "with -write: write a benign-heavy trail of this many events (benign.go) instead of replaying the attack datasets")
	only := flag.String("only", "", "measure only the stages whose name matches this regular expression")
	flag.Parse()
	onlyRE, err := regexp.Compile(*only)
	check(err)
	all := stages
	if *rules {
		all = append(all, ruleStages()...)
	}
	if *child >= 0 {
		runChild(all[*child], *dir, *cpuprofile, *child)
		return
	}

	if *write != "" {
		// The input only, for timing the whole command on it:
		// go run ./bench/audit -write /tmp/trail && time mamori audit ingest /tmp/trail
		check(os.MkdirAll(*write, 0o755))
		if *benign > 0 {
			size, err := buildBenign(*write, *benign, *one, *gz)
			check(err)
			fmt.Printf("wrote %d benign events, %.0f MB of JSON, to %s\n", *benign, float64(size)/(1<<20), *write)
			return
		}
		size, events, err := build(*data, *write, int64(*mb)<<20, *one, *gz)
		check(err)
		fmt.Printf("wrote %d events, %.0f MB of JSON, to %s\n", events, float64(size)/(1<<20), *write)
		return
	}
	tmp, err := os.MkdirTemp("", "mamori-audit-bench-")
	check(err)
	defer os.RemoveAll(tmp)
	size, events, err := build(*data, tmp, int64(*mb)<<20, *one, *gz)
	check(err)
	files := inputs(tmp)
	fmt.Printf("input: %d file(s), %.0f MB of JSON%s, %d events, in %s; GOMAXPROCS %d, %s\n\n", len(files), float64(size)/(1<<20),
		map[bool]string{true: " (gzip)"}[*gz], events, tmp, runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Printf("%-46s %12s %12s %9s %9s %10s\n", "stage", "events/s", "events/CPU-s", "MB/s", "wall", "peak RSS")
	self, err := os.Executable()
	check(err)
	for i, st := range all {
		if !onlyRE.MatchString(st.name) {
			continue
		}
		if st.whole && *one {
			fmt.Printf("%-46s %12s\n", st.name, "(left out: holds the whole file)")
			continue
		}
		// The machine is shared: of several runs, the median one by CPU time.
		var rs []result
		for range max(*runs, 1) {
			cmd := exec.Command(self, "-stage", strconv.Itoa(i), "-dir", tmp, "-rules="+strconv.FormatBool(*rules), "-cpuprofile", *cpuprofile)
			cmd.Stderr = os.Stderr
			out, err := cmd.Output()
			check(err)
			var r result
			check(json.Unmarshal(out, &r))
			if r.Events != events {
				check(fmt.Errorf("%s: %d events, the input has %d", st.name, r.Events, events))
			}
			rs = append(rs, r)
		}
		sort.Slice(rs, func(a, b int) bool { return rs[a].CPUSeconds < rs[b].CPUSeconds })
		r := rs[len(rs)/2]
		fmt.Printf("%-46s %12.0f %12.0f %9.1f %9s %7d MB\n", st.name, float64(r.Events)/r.Seconds, float64(r.Events)/r.CPUSeconds,
			float64(size)/(1<<20)/r.Seconds, time.Duration(r.Seconds*float64(time.Second)).Round(time.Millisecond), r.MaxRSSKB>>10)
		if r.Note != "" {
			fmt.Printf("  (%s)\n", r.Note)
		}
	}
}

// result is what a child reports.
type result struct {
	Events     int     `json:"events"`
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpu_seconds"`
	MaxRSSKB   int64   `json:"max_rss_kb"`
	Note       string  `json:"note,omitempty"`
}

func runChild(st stage, dir, cpuprofile string, i int) {
	files := inputs(dir)
	if cpuprofile != "" {
		f, err := os.Create(fmt.Sprintf("%s.%d", cpuprofile, i))
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	cpu0 := cpuSeconds()
	start := time.Now()
	n, note, err := st.run(files)
	check(err)
	d := time.Since(start)
	cpu := cpuSeconds() - cpu0
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	check(json.NewEncoder(os.Stdout).Encode(result{Events: n, Seconds: d.Seconds(), CPUSeconds: cpu, MaxRSSKB: ru.Maxrss, Note: note}))
}

// cpuSeconds is the user and system CPU time of this process so far: all
// its threads, the garbage collector's included.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// read runs auditlog.ReadCloudTrail over the files.
func read(files []string, fn func(*mamori.Event) error) (int, error) {
	n := 0
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return n, err
		}
		err = auditlog.ReadCloudTrail(fh, auditlog.Options{}, func(ev *mamori.Event) error {
			n++
			if fn != nil {
				return fn(ev)
			}
			return nil
		})
		fh.Close()
		if err != nil {
			return n, fmt.Errorf("%s: %w", f, err)
		}
	}
	return n, nil
}

// openJSON opens a file of the input, gunzipped.
func openJSON(f string) (io.ReadCloser, error) {
	fh, err := os.Open(f)
	if err != nil || !strings.HasSuffix(f, ".gz") {
		return fh, err
	}
	zr, err := gzip.NewReader(bufio.NewReaderSize(fh, 256<<10))
	if err != nil {
		fh.Close()
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, fh}, nil
}

func readWhole(f string) ([]byte, error) {
	r, err := openJSON(f)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

func decodeWhole(files []string) (int, error) {
	n := 0
	for _, f := range files {
		b, err := readWhole(f)
		if err != nil {
			return n, err
		}
		var v struct{ Records []map[string]any }
		if err := json.Unmarshal(b, &v); err != nil {
			return n, err
		}
		n += len(v.Records)
	}
	return n, nil
}

func decodeStreamed(files []string) (int, error) {
	n := 0
	for _, f := range files {
		r, err := openJSON(f)
		if err != nil {
			return n, err
		}
		dec := json.NewDecoder(bufio.NewReaderSize(r, 256<<10))
		// {"Records":[ ... ]}
		for _, want := range []any{json.Delim('{'), "Records", json.Delim('[')} {
			if tok, err := dec.Token(); err != nil || tok != want {
				r.Close()
				return n, fmt.Errorf("%s: want %v, found %v (%v)", f, want, tok, err)
			}
		}
		for dec.More() {
			var m map[string]any
			if err := dec.Decode(&m); err != nil {
				r.Close()
				return n, err
			}
			n++
		}
		r.Close()
	}
	return n, nil
}

func fastjsonWhole(files []string) (int, error) {
	n := 0
	var p fastjson.Parser
	for _, f := range files {
		b, err := readWhole(f)
		if err != nil {
			return n, err
		}
		v, err := p.ParseBytes(b)
		if err != nil {
			return n, err
		}
		n += len(v.GetArray("Records"))
	}
	return n, nil
}

var (
	idField   = regexp.MustCompile(`"eventID":"[^"]*"`)
	timeField = regexp.MustCompile(`"eventTime":"[^"]*"`)
)

// build writes the input into dir: {"Records":[...]} files of about 5 MB
// (or one file) until total bytes of JSON; it returns the bytes of JSON and
// the events written.
func build(data, dir string, total int64, one, gz bool) (int64, int, error) {
	if _, err := os.Stat(data); err != nil {
		return 0, 0, fmt.Errorf("the shared datasets (-data): %w", err)
	}
	var recs [][]byte
	_, err := auditlog.ReadPaths([]string{data}, auditlog.CloudTrail, nil, func(ev *mamori.Event) error {
		var b bytes.Buffer
		if err := json.Compact(&b, ev.Fields.(auditlog.JSONRecord).JSON()); err != nil {
			return err
		}
		recs = append(recs, b.Bytes())
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	if len(recs) == 0 {
		return 0, 0, fmt.Errorf("no CloudTrail records under %s", data)
	}
	var written int64
	events, file := 0, 0
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for written < total {
		file++
		name := filepath.Join(dir, fmt.Sprintf("111122223333_CloudTrail_us-east-1_%06d.json", file))
		if gz {
			name += ".gz"
		}
		fh, err := os.Create(name)
		if err != nil {
			return 0, 0, err
		}
		var w io.Writer = fh
		var zw *gzip.Writer
		if gz {
			zw = gzip.NewWriter(fh)
			w = zw
		}
		bw := bufio.NewWriterSize(w, 1<<20)
		size := int64(len(`{"Records":[]}`))
		bw.WriteString(`{"Records":[`)
		for i := 0; written+size < total && (one || size < 5<<20); i++ {
			r := recs[events%len(recs)]
			r = idField.ReplaceAll(r, []byte(fmt.Sprintf(`"eventID":"bench-%012d"`, events)))
			r = timeField.ReplaceAll(r, []byte(`"eventTime":"`+base.Add(time.Duration(events)*time.Second).Format(time.RFC3339)+`"`))
			if i > 0 {
				bw.WriteByte(',')
				size++
			}
			bw.Write(r)
			size += int64(len(r))
			events++
		}
		bw.WriteString("]}")
		err = bw.Flush()
		if zw != nil && err == nil {
			err = zw.Close()
		}
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return 0, 0, err
		}
		written += size
	}
	return written, events, nil
}

func inputs(dir string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, "*.json*"))
	return m
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "audit:", strings.Join(strings.Fields(err.Error()), " "))
		os.Exit(1)
	}
}
