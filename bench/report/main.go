// Command report times the whole mamori binary writing every findings report
// at size: for each demo scale it runs, as a user would,
//
//	mamori scan --demo --demo-scale N --format F -o FILE     (emulator, scan and report)
//	mamori findings --format F -o FILE                       (the report alone, from the store)
//
// for each format, and prints the wall time, the peak RSS of the process
// (the emulator runs inside the scan process, so its memory counts), the
// size of the report and each time as a multiple of the CSV report's. The
// binary is built once from this checkout.
//
//	go run ./bench/report -n 10000,100000
//	go run ./bench/report -n 100000 -formats json,html -findings-only
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	sizes := flag.String("n", "10000,100000", "demo scales (resources)")
	formats := flag.String("formats", "csv,table,json,sarif,ocsf,html,asff", "report formats; csv first gives the ratios")
	findingsOnly := flag.Bool("findings-only", false, "scan once (table), then time only `mamori findings`")
	runs := flag.Int("runs", 1, "runs of each `mamori findings` command (the median is printed)")
	keep := flag.String("dir", "", "working directory (default: a temporary one, removed)")
	flag.Parse()

	dir := *keep
	if dir == "" {
		d, err := os.MkdirTemp("", "mamori-bench-report-")
		if err != nil {
			fatal(err)
		}
		defer os.RemoveAll(d)
		dir = d
	}
	bin := filepath.Join(dir, "mamori")
	build := exec.Command("go", "build", "-o", bin, "./cmd/mamori")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fatal(fmt.Errorf("building mamori: %w", err))
	}
	fmt.Printf("%-8s %-10s %-7s %9s %9s %8s %10s %10s\n", "scale", "command", "format", "wall", "cpu", "vs csv", "peak RSS", "report")
	for _, n := range strings.Split(*sizes, ",") {
		db := filepath.Join(dir, "scale-"+n+".db")
		var csvScan, csvFind result
		fs := strings.Split(*formats, ",")
		if *findingsOnly {
			out := filepath.Join(dir, "report")
			if _, err := run(bin, "scan", "--demo", "--demo-scale", n, "--db", db, "--progress", "none", "-o", out); err != nil {
				fatal(err)
			}
		}
		for _, f := range fs {
			out := filepath.Join(dir, "report."+f)
			if !*findingsOnly {
				os.Remove(db)
				os.Remove(out)
				r, err := run(bin, "scan", "--demo", "--demo-scale", n, "--db", db, "--progress", "none", "--format", f, "-o", out)
				if err != nil {
					fatal(err)
				}
				if f == "csv" {
					csvScan = r
				}
				print(n, "scan", f, r, csvScan, out)
			}
			var rs []result
			for i := 0; i < *runs; i++ {
				// A fresh file each time: truncating the last run's report (up to
				// 2.5 GB in the page cache) would be charged to this run's system time.
				os.Remove(out)
				r, err := run(bin, "findings", "--db", db, "--format", f, "-o", out)
				if err != nil {
					fatal(err)
				}
				rs = append(rs, r)
			}
			r := median(rs)
			if f == "csv" {
				csvFind = r
			}
			print(n, "findings", f, r, csvFind, out)
			// Reports of earlier formats left in the page cache would make the
			// kernel reclaim memory during later runs, in their system time.
			os.Remove(out)
		}
	}
}

type result struct {
	wall, cpu time.Duration
	rss       int64 // bytes
}

func median(rs []result) result {
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			if rs[j].wall < rs[i].wall {
				rs[i], rs[j] = rs[j], rs[i]
			}
		}
	}
	return rs[len(rs)/2]
}

// run runs the binary and returns its wall time and peak RSS. Exit codes 3
// and 4 (failures found, partial scan) are results, not errors.
func run(bin string, args ...string) (result, error) {
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if ee, ok := err.(*exec.ExitError); ok && (ee.ExitCode() == 3 || ee.ExitCode() == 4) {
		err = nil
	}
	if err != nil {
		return result{}, fmt.Errorf("mamori %s: %w", strings.Join(args, " "), err)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return result{wall: wall, cpu: cpu, rss: rss}, nil
}

// print writes one row; the ratio to the CSV report is of CPU time.
func print(scale, command, format string, r result, csv result, out string) {
	ratio := "-"
	if csv.cpu > 0 {
		ratio = fmt.Sprintf("%.2fx", float64(r.cpu)/float64(csv.cpu))
	}
	size := "-"
	if st, err := os.Stat(out); err == nil {
		size = fmt.Sprintf("%.1f MB", float64(st.Size())/1e6)
	}
	fmt.Printf("%-8s %-10s %-7s %8.1fs %8.1fs %8s %7d MB %10s\n", scale, command, format, r.wall.Seconds(), r.cpu.Seconds(), ratio, r.rss>>20, size)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench/report:", err)
	os.Exit(1)
}
