// Command collect measures AWS collection against the emulator with injected
// latency and a per-API rate limit, and prints the API calls made and the wall
// time beside the minimum the rate limit allows.
//
//	go run ./bench/collect -n 2000 -latency 30ms -rate 20 -burst 5
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
)

func main() {
	n := flag.Int("n", 2000, "resources in the synthetic world")
	latency := flag.Duration("latency", 30*time.Millisecond, "latency added to every API call")
	rate := flag.Float64("rate", 20, "requests per second each API accepts per region (0: unlimited)")
	burst := flag.Int("burst", 5, "rate-limit bucket size")
	conc := flag.String("concurrency", "8,16,32", "collector concurrency values to compare")
	flag.Parse()

	w := awsemu.Synthetic(*n, 1)
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "resources\tconcurrency\tapi calls\tthrottled\twall\tmin (rate limit)\tmin (latency)\terrors\t\n")
	for _, cs := range strings.Split(*conc, ",") {
		var c int
		fmt.Sscanf(cs, "%d", &c)
		emu := awsemu.New(w, awsemu.Faults{Latency: *latency, RateLimit: *rate, Burst: *burst})
		if err := emu.Start(); err != nil {
			fatal(err)
		}
		col := aws.New(aws.Options{Config: emu.Config(w.Accounts[0].Regions[0]), Concurrency: c})
		var res, errs int
		start := time.Now()
		err := col.Collect(context.Background(), func(mamori.Resource) { res++ }, func(e mamori.CollectError) {
			errs++
			fmt.Fprintln(os.Stderr, "collect error:", e.Error())
		})
		wall := time.Since(start)
		if err != nil {
			fatal(err)
		}
		st := emu.Stats()
		needed := st.Total - st.Throttled
		minLat := time.Duration(float64(needed) * float64(*latency) / float64(c))
		fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%s\t%s\t%s\t%d\t\n", res, c, needed, st.Throttled, wall.Round(time.Millisecond),
			emu.MinDuration(st).Round(time.Millisecond), minLat.Round(time.Millisecond), errs)
		emu.Close()
		if c == 8 {
			top(st)
		}
	}
	tw.Flush()
	fmt.Println("\nmin (rate limit): the busiest API's calls beyond its burst / rate — no scanner can finish sooner.")
	fmt.Println("min (latency): calls × latency / concurrency — the bound from waiting on the network alone.")
}

func top(st awsemu.Stats) {
	type kv struct {
		k string
		v int64
	}
	var l []kv
	for k, v := range st.Calls {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v })
	fmt.Fprintf(os.Stderr, "busiest APIs (concurrency 8):")
	for i := 0; i < len(l) && i < 6; i++ {
		fmt.Fprintf(os.Stderr, " %s=%d", l[i].k, l[i].v)
	}
	fmt.Fprintln(os.Stderr)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "collect:", err)
	os.Exit(1)
}
