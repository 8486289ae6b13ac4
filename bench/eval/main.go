// Command eval measures check evaluation: it builds synthetic accounts of the
// given sizes, collects them through the emulator (no latency), then times
// the analyzers and every check over all resources and prints evaluations per
// second and the peak RSS of the evaluating process. Each size runs in two
// processes of its own: one collects through the emulator and saves the
// resources (gob), the other loads them and evaluates, so that the RSS figure
// is the evaluation's — resources, facts and findings — and not the emulator's.
//
//	go run ./bench/eval -n 10000,100000
package main

import (
	"context"
	"encoding/gob"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/analyze"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
	"github.com/mamori-sec/mamori/checks"
	"github.com/mamori-sec/mamori/engine"
)

func main() {
	sizes := flag.String("n", "10000,100000", "synthetic world sizes")
	one := flag.Int("one", 0, "internal: run one size in this process")
	rounds := flag.Int("rounds", 5, "evaluation rounds (best is reported)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the evaluation rounds (with -one)")
	collectTo := flag.String("collect-to", "", "internal: collect a world of -collect-n resources into this file")
	collectN := flag.Int("collect-n", 0, "internal: see -collect-to")
	flag.Parse()
	if *one > 0 {
		runOne(*one, *rounds, *cpuprofile)
		return
	}
	if *collectTo != "" {
		collectOne(*collectN, *collectTo)
		return
	}
	fmt.Printf("%-10s %-10s %-12s %-10s %-14s %-10s %-10s %-12s %-6s %s\n", "world", "resources", "evaluations", "eval", "evals/s", "analyze", "sort", "peak RSS", "cores", "resources held")
	for _, s := range strings.Split(*sizes, ",") {
		cmd := exec.Command(os.Args[0], "-one", s, "-rounds", fmt.Sprint(*rounds))
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "eval:", err)
			os.Exit(1)
		}
	}
}

func init() {
	gob.Register(map[string]any{})
	gob.Register([]any{})
}

func collectOne(n int, path string) {
	w := awsemu.Synthetic(n, 1)
	emu := awsemu.New(w, awsemu.Faults{})
	if err := emu.Start(); err != nil {
		panic(err)
	}
	defer emu.Close()
	col := aws.New(aws.Options{Config: emu.Config(w.Accounts[0].Regions[0]), Concurrency: 16})
	var rs []mamori.Resource
	if err := col.Collect(context.Background(), func(r mamori.Resource) { rs = append(rs, r) }, func(e mamori.CollectError) {
		fmt.Fprintln(os.Stderr, "collect error:", e.Error())
	}); err != nil {
		panic(err)
	}
	f, err := os.Create(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := gob.NewEncoder(f).Encode(rs); err != nil {
		panic(err)
	}
}

func runOne(n, rounds int, cpuprofile string) {
	tmp, err := os.CreateTemp("", "mamori-eval-*.gob")
	if err != nil {
		panic(err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	cmd := exec.Command(os.Args[0], "-collect-to", tmp.Name(), "-collect-n", fmt.Sprint(n))
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		panic(err)
	}
	f, err := os.Open(tmp.Name())
	if err != nil {
		panic(err)
	}
	var rs []mamori.Resource
	if err := gob.NewDecoder(f).Decode(&rs); err != nil {
		panic(err)
	}
	f.Close()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	liveMB := ms.HeapAlloc >> 20
	cs, err := checks.Builtin(aws.KnownType)
	if err != nil {
		panic(err)
	}
	eng, err := engine.New(cs)
	if err != nil {
		panic(err)
	}
	runtime.GC()
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			panic(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var best, bestAnalyze, bestSort time.Duration
	var evals int
	now := time.Now()
	keep := func(b *time.Duration, d time.Duration) {
		if *b == 0 || d < *b {
			*b = d
		}
	}
	for i := 0; i < rounds; i++ {
		start := time.Now()
		analyze.Run(rs, nil)
		keep(&bestAnalyze, time.Since(start))
		start = time.Now()
		fs, err := eng.Run(context.Background(), rs, now)
		if err != nil {
			panic(err)
		}
		keep(&best, time.Since(start))
		start = time.Now()
		mamori.SortFindings(fs)
		keep(&bestSort, time.Since(start))
		evals = len(fs)
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("%-10d %-10d %-12d %-10s %-14.0f %-10s %-10s %-12s %-6d %d MB\n", n, len(rs), evals, best.Round(time.Millisecond),
		float64(evals)/best.Seconds(), bestAnalyze.Round(time.Millisecond), bestSort.Round(time.Millisecond),
		fmt.Sprintf("%d MB", ru.Maxrss/1024), runtime.GOMAXPROCS(0), liveMB)
}
