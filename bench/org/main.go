// Command org measures an organisation scan's collection against the
// emulator: an organisation of -accounts accounts × -regions regions, with
// injected latency and a per account × region × API rate limit, read from
// the management account through sts:AssumeRole into every member. It
// prints the API calls, the throttled answers, the wall time beside the
// minimum the rate limit allows (awsemu's Server.MinDuration: the busiest
// bucket, and each member's busiest bucket after its place in the queue of
// AssumeRole calls), the CPU time and the peak RSS.
//
//	go run ./bench/org -accounts 50 -per-account 300 -latency 30ms -rate 20 -burst 5
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
)

func main() {
	accounts := flag.Int("accounts", 50, "accounts in the organisation (management included)")
	per := flag.Int("per-account", 300, "resources per account")
	regions := flag.String("regions", "ap-northeast-1,us-east-1,eu-west-1", "regions of every account")
	latency := flag.Duration("latency", 30*time.Millisecond, "latency added to every API call")
	rate := flag.Float64("rate", 20, "requests per second each API accepts per account and region (0: unlimited)")
	burst := flag.Int("burst", 5, "rate-limit bucket size")
	conc := flag.Int("concurrency", 8, "service × region collections at once in each account")
	inflight := flag.Int("max-in-flight", aws.DefaultMaxInFlight, "API calls in flight across the organisation")
	accConc := flag.Int("account-concurrency", 0, "accounts read at once (0: the collector's default)")
	progress := flag.Bool("progress", false, "print each account × service × region as it finishes")
	topN := flag.Int("top", 3, "busiest account × region × API buckets to print")
	flag.Parse()

	regs := strings.Split(*regions, ",")
	w := awsemu.SyntheticOrg(*accounts, *per, regs, 1)
	emu := awsemu.New(w, awsemu.Faults{Latency: *latency, RateLimit: *rate, Burst: *burst})
	if err := emu.Start(); err != nil {
		fatal(err)
	}
	defer emu.Close()
	start := time.Now()
	o := aws.Options{Config: emu.Config(regs[0]), Regions: regs, Concurrency: *conc, MaxInFlight: *inflight}
	if *progress {
		o.Progress = func(p aws.Progress) {
			fmt.Fprintf(os.Stderr, "%8s %s %s %s\n", time.Since(start).Round(time.Millisecond), p.Account, p.Service, p.Region)
		}
	}
	col := aws.NewOrg(aws.OrgOptions{Options: o, Role: "MamoriAudit", AccountConcurrency: *accConc})
	var res, errs, na int
	types := map[string]int{}
	err := col.Collect(context.Background(), func(r mamori.Resource) { res++; types[r.Type]++ }, func(e mamori.CollectError) {
		if e.NotApplicable {
			na++
			return
		}
		errs++
		fmt.Fprintln(os.Stderr, "collect error:", e.Error())
	})
	wall := time.Since(start)
	if err != nil {
		fatal(err)
	}
	st := emu.Stats()
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	minRate := emu.MinDuration(st)
	fmt.Printf("accounts %d × regions %d, %d resources, %d collect errors, %d not applicable\n", len(col.Accounts()), len(regs), res, errs, na)
	fmt.Printf("api calls %d (throttled answers %d more)\n", st.Total-st.Throttled, st.Throttled)
	fmt.Printf("wall %s, min (rate limit) %s, ratio %.2f\n", wall.Round(time.Millisecond), minRate.Round(time.Millisecond), wall.Seconds()/minRate.Seconds())
	var busiest int64
	for _, n := range st.PerKey {
		busiest = max(busiest, n)
	}
	if *rate > 0 {
		fmt.Printf("  (the busiest bucket alone: %s; members after their sts:AssumeRole: %d of %d accounts)\n",
			(time.Duration(float64(max(0, busiest-int64(*burst)))/(*rate)*float64(time.Second)) + *latency).Round(time.Millisecond),
			len(st.AssumedBy), len(col.Accounts()))
	}
	fmt.Printf("cpu %s (user+sys, emulator included), peak RSS %d MB\n", cpu.Round(time.Millisecond), ru.Maxrss/1024)
	ls := col.LimiterStats()
	fmt.Printf("limiter: %d account × region × API buckets, %d throttled at least once\n", ls.Keys, ls.Throttled)
	top(st, *topN)
}

func top(st awsemu.Stats, n int) {
	type kv struct {
		k string
		v int64
	}
	var l []kv
	for k, v := range st.PerKey {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v || l[i].v == l[j].v && l[i].k < l[j].k })
	fmt.Printf("busiest account/region/API:")
	for i := 0; i < len(l) && i < n; i++ {
		fmt.Printf(" %s=%d", l[i].k, l[i].v)
	}
	fmt.Println()
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "org:", err)
	os.Exit(1)
}
