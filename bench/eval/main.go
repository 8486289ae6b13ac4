// Command eval measures a scan's evaluation and memory at size. For each world
// size it starts the emulator, serving a synthetic account, in a child process,
// and then, in a process of its own that holds nothing but what a real scan
// holds, runs the scan pipeline against it: collect through the real SDK,
// analyze, evaluate every check, sort, store in SQLite. It prints the
// evaluation throughput (best of several rounds of analyze + evaluate over the
// resources, read back from the store and pruned as a scan prunes them) and
// the peak RSS of the scan itself (taken before the rounds).
//
//	go run ./bench/eval -n 10000,100000
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
	"github.com/mamori-sec/mamori/scan"
	"github.com/mamori-sec/mamori/sqlite"
)

func main() {
	sizes := flag.String("n", "10000,100000", "synthetic world sizes")
	rounds := flag.Int("rounds", 5, "evaluation rounds (the best is reported)")
	one := flag.Int("one", 0, "internal: scan one size in this process")
	serve := flag.Int("serve", 0, "internal: serve a synthetic world of this size until stdin closes")
	cpuprofile := flag.String("cpuprofile", "", "with -one: write a CPU profile of the evaluation rounds")
	memTarget := flag.Int64("memory-target", scan.DefaultMemoryTarget>>20, "the scan's soft memory limit in MiB (0: none), as `mamori scan --memory-target`")
	memprofile := flag.String("memprofile", "", "with -one: write heap profiles (live objects) at the start of each scan stage, to FILE.STAGE")
	flag.Parse()
	switch {
	case *serve > 0:
		serveWorld(*serve)
	case *one > 0:
		scanOne(*one, *rounds, *cpuprofile, *memprofile, *memTarget)
	default:
		fmt.Printf("%-8s %-10s %-12s %-9s %-12s %-9s %-9s %-9s %-10s %s\n",
			"world", "resources", "evaluations", "eval", "evals/s", "analyze", "sort", "scan", "peak RSS", "cores")
		for _, s := range strings.Split(*sizes, ",") {
			cmd := exec.Command(os.Args[0], "-one", s, "-rounds", fmt.Sprint(*rounds), "-memory-target", fmt.Sprint(*memTarget))
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Run(); err != nil {
				fatal(err)
			}
		}
	}
}

// serveWorld runs the emulator and prints its URL and access key.
func serveWorld(n int) {
	emu := awsemu.New(awsemu.Synthetic(n, 1), awsemu.Faults{})
	if err := emu.Start(); err != nil {
		fatal(err)
	}
	fmt.Println(emu.URL(), emu.AccessKeyID())
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n') // until the parent closes stdin
}

func scanOne(n, rounds int, cpuprofile, memprofile string, memoryTarget int64) {
	child := exec.Command(os.Args[0], "-serve", fmt.Sprint(n))
	in, err := child.StdinPipe()
	if err != nil {
		fatal(err)
	}
	out, err := child.StdoutPipe()
	if err != nil {
		fatal(err)
	}
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		fatal(err)
	}
	url, akid, _ := strings.Cut(strings.TrimSpace(line), " ")
	defer func() { in.Close(); child.Wait() }()

	cs, err := checks.Builtin(aws.KnownType)
	if err != nil {
		fatal(err)
	}
	eng, err := engine.New(cs)
	if err != nil {
		fatal(err)
	}
	dir, err := os.MkdirTemp("", "mamori-eval-")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := sqlite.Open(filepath.Join(dir, "mamori.db"), nil)
	if err != nil {
		fatal(err)
	}
	defer db.Close()

	// The whole pipeline once, as `mamori scan` runs it.
	col := aws.New(aws.Options{Config: awsemu.ClientConfig(url, akid, "ap-northeast-1"), Concurrency: 16})
	start := time.Now()
	stages := map[string]int64{}
	at := map[string]time.Time{}
	res, err := scan.Run(context.Background(), scan.Options{Source: "bench", Collector: col, Engine: eng, Store: db,
		MemoryTarget: memoryTarget << 20,
		Stage: func(s string) {
			stages[s] = maxRSS()
			at[s] = time.Now()
			if memprofile != "" {
				writeHeap(memprofile + "." + s)
			}
		}})
	if err != nil {
		fatal(err)
	}
	res0ID := res.Scan.ID
	total := time.Since(start)
	if res.Scan.Partial {
		fatal(fmt.Errorf("partial scan: %v", res.Scan.Errors))
	}
	scanRSS := maxRSS()
	fmt.Fprintf(os.Stderr, "peak RSS (MB) at start of evaluate %d, of store %d, after store %d; evaluate stage (analyze, evaluate, sort) %s, store %s\n",
		stages[scan.StageEvaluate], stages[scan.StageStore], scanRSS,
		at[scan.StageStore].Sub(at[scan.StageEvaluate]).Round(time.Millisecond), time.Since(at[scan.StageStore]).Round(time.Millisecond))
	res = nil

	// The evaluation rounds read the resources back from the store and keep
	// what the scan keeps in memory.
	rs, err := db.Resources(context.Background(), res0ID)
	if err != nil {
		fatal(err)
	}
	reads := eng.Reads()
	reads.Merge(analyze.Reads())
	for i := range rs {
		reads.Prune(&rs[i])
		rs[i].Facts = nil
	}

	// Then the evaluation alone, best of several rounds.
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			fatal(err)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var best, bestAnalyze, bestSort time.Duration
	keep := func(b *time.Duration, d time.Duration) {
		if *b == 0 || d < *b {
			*b = d
		}
	}
	var evals int
	var evalCPU time.Duration // process CPU time spent evaluating, all rounds
	now := time.Now()
	for i := 0; i < rounds; i++ {
		t := time.Now()
		analyze.Run(rs, nil)
		keep(&bestAnalyze, time.Since(t))
		t = time.Now()
		c := cpuTime()
		fs, err := eng.Run(context.Background(), rs, now)
		if err != nil {
			fatal(err)
		}
		evalCPU += cpuTime() - c
		keep(&best, time.Since(t))
		t = time.Now()
		mamori.SortFindings(fs)
		keep(&bestSort, time.Since(t))
		evals = len(fs)
	}
	fmt.Printf("%-8d %-10d %-12d %-9s %-12.0f %-9s %-9s %-9s %-10s %d\n", n, len(rs), evals, best.Round(time.Millisecond),
		float64(evals)/best.Seconds(), bestAnalyze.Round(time.Millisecond), bestSort.Round(time.Millisecond),
		total.Round(100*time.Millisecond), fmt.Sprintf("%d MB", scanRSS), runtime.GOMAXPROCS(0))
	// On a shared machine wall time says little; evaluations per CPU-second
	// (user + system time of this process while evaluating) does not depend
	// on how busy the other cores are.
	fmt.Fprintf(os.Stderr, "evaluation: %.0f evaluations per CPU-second (%d rounds, %s CPU)\n",
		float64(evals*rounds)/evalCPU.Seconds(), rounds, evalCPU.Round(time.Millisecond))
}

// cpuTime is the process's user + system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func writeHeap(path string) {
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		fatal(err)
	}
}

func maxRSS() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss / 1024
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "eval:", err)
	os.Exit(1)
}
