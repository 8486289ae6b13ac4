// Command eval measures check evaluation: it builds synthetic accounts of the
// given sizes, collects them through the emulator (no latency), then times
// the analyzers and every check over all resources and prints evaluations per
// second and the process's peak RSS. Each size runs in its own process so that
// the RSS figures do not mix.
//
//	go run ./bench/eval -n 10000,100000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
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
	flag.Parse()
	if *one > 0 {
		runOne(*one, *rounds)
		return
	}
	fmt.Printf("%-10s %-10s %-12s %-10s %-14s %-12s %s\n", "world", "resources", "evaluations", "best", "evals/s", "peak RSS", "cores")
	for _, s := range strings.Split(*sizes, ",") {
		cmd := exec.Command(os.Args[0], "-one", s, "-rounds", fmt.Sprint(*rounds))
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "eval:", err)
			os.Exit(1)
		}
	}
}

func runOne(n, rounds int) {
	w := awsemu.Synthetic(n, 1)
	emu := awsemu.New(w, awsemu.Faults{})
	if err := emu.Start(); err != nil {
		panic(err)
	}
	col := aws.New(aws.Options{Config: emu.Config(w.Accounts[0].Regions[0]), Concurrency: 16})
	var rs []mamori.Resource
	if err := col.Collect(context.Background(), func(r mamori.Resource) { rs = append(rs, r) }, func(e mamori.CollectError) {
		fmt.Fprintln(os.Stderr, "collect error:", e.Error())
	}); err != nil {
		panic(err)
	}
	emu.Close()
	w, emu = nil, nil
	cs, err := checks.Builtin(aws.KnownType)
	if err != nil {
		panic(err)
	}
	eng, err := engine.New(cs)
	if err != nil {
		panic(err)
	}
	runtime.GC()
	var best time.Duration
	var evals int
	now := time.Now()
	for i := 0; i < rounds; i++ {
		start := time.Now()
		analyze.Run(rs)
		fs, err := eng.Run(context.Background(), rs, now)
		if err != nil {
			panic(err)
		}
		d := time.Since(start)
		if best == 0 || d < best {
			best = d
		}
		evals = len(fs)
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("%-10d %-10d %-12d %-10s %-14.0f %-12s %d\n", n, len(rs), evals, best.Round(time.Millisecond),
		float64(evals)/best.Seconds(), fmt.Sprintf("%d MB", ru.Maxrss/1024), runtime.GOMAXPROCS(0))
}
