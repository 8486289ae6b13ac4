package cli

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/dustin/go-humanize"
	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
	"github.com/mamori-sec/mamori/checks"
	"github.com/mamori-sec/mamori/engine"
	"github.com/mamori-sec/mamori/report"
	"github.com/mamori-sec/mamori/scan"
)

type scanFlags struct {
	demo        bool
	demoScale   int
	demoWorld   string
	profile     string
	regions     []string
	roleARN     string
	externalID  string
	services    []string
	checksDir   string
	format      string
	output      string
	failOn      string
	mutelist    string
	concurrency int
	progress    string
	memory      string
	org         orgFlags
}

func newScanCmd(e *env) *cobra.Command {
	var f scanFlags
	c := &cobra.Command{
		Use:     "scan",
		Short:   e.t("cli.scan.short"),
		Long:    e.t("cli.scan.long"),
		Example: "  mamori scan --demo\n  mamori scan --profile prod --region ap-northeast-1,us-east-1\n  mamori scan --demo --format json --output findings.json\n  mamori scan --demo --lang ja --format html --output report.html\n  mamori scan --profile prod --fail-on high",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return runScan(cmd.Context(), e, &f) },
	}
	fl := c.Flags()
	fl.BoolVar(&f.demo, "demo", false, e.t("cli.flag.demo"))
	fl.IntVar(&f.demoScale, "demo-scale", 0, e.t("cli.flag.demo_scale"))
	fl.StringVar(&f.demoWorld, "demo-world", "", e.t("cli.flag.demo_world"))
	fl.StringVar(&f.profile, "profile", "", e.t("cli.flag.profile"))
	fl.StringSliceVar(&f.regions, "region", nil, e.t("cli.flag.region"))
	fl.StringVar(&f.roleARN, "role-arn", "", e.t("cli.flag.role_arn"))
	fl.StringVar(&f.externalID, "external-id", "", e.t("cli.flag.external_id"))
	fl.StringSliceVar(&f.services, "services", nil, e.t("cli.flag.services"))
	fl.StringVar(&f.checksDir, "checks", "", e.t("cli.flag.checks"))
	fl.StringVarP(&f.format, "format", "f", "table", e.t("cli.flag.format", strings.Join(report.Formats(), ", ")))
	fl.StringVarP(&f.output, "output", "o", "", e.t("cli.flag.output"))
	fl.StringVar(&f.failOn, "fail-on", "", e.t("cli.flag.fail_on"))
	fl.StringVar(&f.mutelist, "mutelist", "", e.t("cli.flag.mutelist"))
	fl.IntVar(&f.concurrency, "concurrency", 8, e.t("cli.flag.concurrency"))
	fl.StringVar(&f.progress, "progress", "auto", e.t("cli.flag.progress"))
	fl.StringVar(&f.memory, "memory-target", "280MiB", e.t("cli.flag.memory_target"))
	f.org.register(e, c)
	return c
}

func runScan(ctx context.Context, e *env, f *scanFlags) error {
	// Everything that can be wrong with the input is checked before the scan
	// starts, so that a mistake costs seconds, not a whole scan.
	if !contains(report.Formats(), f.format) {
		return usageErr("%s", e.t("cli.err.format", f.format, strings.Join(report.Formats(), ", ")))
	}
	var failOn *mamori.Severity
	if f.failOn != "" {
		s, err := mamori.ParseSeverity(f.failOn)
		if err != nil {
			return usageErr("--fail-on: %s", e.t("cli.err.severity", f.failOn))
		}
		failOn = &s
	}
	demo := f.demo || f.demoScale > 0 || f.demoWorld != ""
	if demo && (f.profile != "" || f.roleARN != "") {
		return usageErr("%s", e.t("cli.err.demo_and_profile"))
	}
	if f.externalID != "" && f.roleARN == "" && !f.org.org {
		return usageErr("%s", e.t("cli.err.external_id"))
	}
	if err := f.org.check(e); err != nil {
		return err
	}
	if f.demoScale < 0 {
		return usageErr("--demo-scale: %s", e.t("cli.err.positive"))
	}
	if f.concurrency < 1 {
		return usageErr("--concurrency: %s", e.t("cli.err.positive"))
	}
	memoryTarget, err := humanize.ParseBytes(f.memory)
	if err != nil || memoryTarget > math.MaxInt64 {
		return usageErr("--memory-target: %s", e.t("cli.err.size", f.memory))
	}
	if memoryTarget != 0 && memoryTarget < minMemoryTarget {
		// "360" is 360 bytes: the GC would run back to back all scan long.
		return usageErr("--memory-target: %s", e.t("cli.err.memory_small", f.memory))
	}
	prog, err := newProgress(e, f.progress)
	if err != nil {
		return err
	}
	cs, err := loadChecks(e, f.checksDir)
	if err != nil {
		return err
	}
	eng, err := engine.New(cs)
	if err != nil {
		return usageErr("%v", err)
	}
	mutes, err := loadMutelist(e, f.mutelist)
	if err != nil {
		return err
	}
	out, err := newOutput(e, f.output)
	if err != nil {
		return err
	}
	defer out.abort()
	selected, err := aws.Select(f.services)
	if err != nil {
		return usageErr("--services: %v", err)
	}
	collected := map[string]bool{}
	for _, s := range selected {
		collected[s.Name] = true
	}
	db, err := e.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	stored, err := db.Mutes(ctx, mamori.DefaultTenant)
	if err != nil {
		return runErr("%v", err)
	}
	mutes = append(mutes, stored...)
	if prog.mode == "json" {
		for _, m := range mamori.ExpiredMutes(mutes, e.now()) {
			prog.json(map[string]any{"event": "mute_expired", "mute": m.ID, "rule": m.Describe(), "until": m.Until, "by": m.By, "reason": m.Reason})
		}
	} else {
		reportExpiredMutes(e, mutes, e.now())
	}

	opts := aws.Options{Regions: f.regions, Services: f.services, Concurrency: f.concurrency, Progress: prog.collect}
	var source string
	stopDemo := func() {}
	if demo {
		var (
			w   *awsemu.World
			emu *awsemu.Server
			src string
		)
		var usage, run error
		world := heapGrowth(func() {
			if w, src, usage = demoWorld(f); usage != nil {
				return
			}
			var faults awsemu.Faults
			if w.Faults != nil {
				faults = *w.Faults
			}
			emu = awsemu.New(w, faults)
			run = emu.Start()
		})
		switch {
		case usage != nil:
			return usageErr("%v", usage)
		case run != nil:
			return runErr("%v", run)
		}
		if memoryTarget > 0 {
			// The target is the scan's. The demo's emulator keeps its world
			// in this process (77 MiB at --demo-scale 100000), memory
			// a scan of a real account does not hold: counted against the
			// target, it left the 100k demo scan a third of the headroom a
			// real one has, and 16 % of its time went to the collector.
			memoryTarget += world
		}
		// The emulator and its world (tens of MB at --demo-scale 100000)
		// are let go once collection ends, before the analyzers and checks
		// need the memory.
		stopDemo = func() {
			if emu != nil {
				emu.Close()
				emu = nil
			}
		}
		defer stopDemo()
		opts.Config = emu.Config(w.Accounts[0].Regions[0])
		source = src
	} else {
		cfg, src, err := awsConfig(ctx, f)
		if err != nil {
			return usageErr("%s", e.t("cli.err.aws_config", oneLine(err.Error())))
		}
		opts.Config = cfg
		source = src
	}
	opts.MaxInFlight = f.org.maxInFlight
	if f.org.org {
		return runOrgScan(ctx, e, f, scanRun{opts: opts, source: source, prog: prog, eng: eng, db: db, mutes: mutes, out: out,
			collected: collected, memoryTarget: int64(memoryTarget), cs: cs, failOn: failOn})
	}
	col := aws.New(opts)
	prog.stage("discover")
	if err := col.Discover(ctx); err != nil {
		var ce *aws.CredentialError
		var re *aws.RegionError
		switch {
		case errors.As(err, &ce) && ce.Missing():
			return usageErr("%s", e.t("cli.err.no_credentials"))
		case errors.As(err, &ce):
			return usageErr("%s", e.t("cli.err.credentials", ce.Error()))
		case errors.As(err, &re):
			return usageErr("--region: %v", re)
		case ctx.Err() != nil:
			return ctx.Err()
		}
		return runErr("%v", err)
	}
	prog.plan(col.Account, col.Regions, f.services)
	account, regions := col.Account, col.Regions
	res, err := scan.Run(ctx, scan.Options{
		Source:       source,
		Collector:    &collectThen{col, stopDemo},
		MemoryTarget: int64(memoryTarget),
		Describe:     func() ([]string, []string) { return []string{account}, regions },
		Collected:    func(s string) bool { return collected[s] },
		Engine:       eng,
		Store:        db,
		Mutes:        mutes,
		Now:          e.now,
		Stage:        prog.stage,
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return runErr("%v", err)
	}
	prog.done(res)
	return reportScan(ctx, e, f, scanRun{db: db, out: out, cs: cs, failOn: failOn}, res)
}

// reportScan renders a finished scan from the store and maps it to the exit code.
func reportScan(ctx context.Context, e *env, f *scanFlags, sr scanRun, res *scan.Result) error {
	db, out, cs, failOn := sr.db, sr.out, sr.cs, sr.failOn
	var err error
	// The report reads the findings back from the store a batch at a time:
	// the scan kept none of them.
	in := report.Input{Scan: res.Scan, Findings: report.FromStore(ctx, db, mamori.FindingFilter{ScanID: res.Scan.ID}),
		Checks: checkMap(cs), Lang: e.lang, Version: Version}
	if f.format == "html" {
		if in.Changes, err = changesSince(ctx, db, &res.Scan); err != nil {
			return runErr("%v", err)
		}
	}
	if err := report.Render(out.w(), f.format, in); err != nil {
		return runErr("%v", err)
	}
	if err := out.commit(); err != nil {
		return runErr("%s", e.t("cli.err.output", f.output, err))
	}
	if f.output != "" {
		fmt.Fprintln(e.stderr, e.t("cli.scan.wrote", f.output))
	}
	return scanExit(e, res, failOn)
}

// collectThen calls then once its collector has finished, and lets go of
// the collector: its clients hold the demo's emulator, world and all.
type collectThen struct {
	mamori.Collector
	then func()
}

func (c *collectThen) Collect(ctx context.Context, emit func(mamori.Resource), fail func(mamori.CollectError)) error {
	defer func() {
		c.Collector = nil
		c.then()
	}()
	return c.Collector.Collect(ctx, emit, fail)
}

// scanExit maps a finished scan to its exit code.
func scanExit(e *env, res *scan.Result, failOn *mamori.Severity) error {
	if failOn != nil {
		if n := res.FailedAtOrAbove(*failOn); n > 0 {
			return &exitError{code: ExitFindings, msg: e.t("cli.scan.fail_on", n, failOn.String())}
		}
	}
	if res.Scan.Partial {
		n := 0
		for _, ce := range res.Scan.Errors {
			if !ce.NotApplicable {
				n++
			}
		}
		return &exitError{code: ExitPartial, msg: e.t("cli.scan.partial", n)}
	}
	return nil
}

// heapGrowth runs build and returns by how much it grew the live heap: what
// build made and still holds. It collects garbage before and after, so it
// is for a one-off cost like the demo's world, not for a hot path.
func heapGrowth(build func()) uint64 {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	runtime.GC()
	metrics.Read(live)
	before := live[0].Value.Uint64()
	build()
	runtime.GC()
	metrics.Read(live)
	if after := live[0].Value.Uint64(); after > before {
		return after - before
	}
	return 0
}

// minMemoryTarget is the smallest --memory-target taken (0 aside).
const minMemoryTarget = 64 << 20

func demoWorld(f *scanFlags) (*awsemu.World, string, error) {
	switch {
	case f.demoWorld != "":
		w, err := awsemu.LoadWorld(f.demoWorld)
		return w, "demo:" + filepath.Base(f.demoWorld), err
	case f.demoScale > 0:
		return awsemu.Synthetic(f.demoScale, 1), fmt.Sprintf("demo:scale=%d", f.demoScale), nil
	}
	return awsemu.Demo(), "demo", nil
}

// awsConfig builds the SDK configuration from the standard credential chain
// (environment, shared config and credentials files, SSO, IMDS), optionally
// assuming a role, with adaptive retry on throttling.
func awsConfig(ctx context.Context, f *scanFlags) (sdkaws.Config, string, error) {
	var opts []func(*config.LoadOptions) error
	if f.profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(f.profile))
	}
	if len(f.regions) > 0 {
		opts = append(opts, config.WithRegion(f.regions[0]))
	}
	opts = append(opts, config.WithRetryer(func() sdkaws.Retryer {
		return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
			o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) { so.MaxAttempts = 10 })
		})
	}))
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, "", err
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	source := "aws"
	if f.profile != "" {
		source += ":profile=" + f.profile
	}
	if f.roleARN != "" {
		p := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), f.roleARN, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = "mamori-scan"
			if f.externalID != "" {
				o.ExternalID = sdkaws.String(f.externalID)
			}
		})
		cfg.Credentials = sdkaws.NewCredentialsCache(p)
		source += ":role=" + f.roleARN
	}
	return cfg, source, nil
}

func loadChecks(e *env, dir string) ([]*mamori.Check, error) {
	cs, err := checks.Builtin(aws.KnownType)
	if err != nil {
		return nil, runErr("built-in checks: %v", err)
	}
	if dir == "" {
		return cs, nil
	}
	extra, err := checks.LoadDir(dir, aws.KnownType)
	if err != nil {
		return nil, usageErr("--checks: %v", err)
	}
	all, err := checks.Merge(cs, extra)
	if err != nil {
		return nil, usageErr("--checks: %v", err)
	}
	return all, nil
}

func loadMutelist(e *env, path string) ([]mamori.MuteRule, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr("--mutelist: %v", err)
	}
	rules, err := mamori.ParseMutelist(b)
	if err != nil {
		return nil, usageErr("--mutelist %s: %v", path, err)
	}
	return rules, nil
}

func checkMap(cs []*mamori.Check) map[string]*mamori.Check {
	m := make(map[string]*mamori.Check, len(cs))
	for _, c := range cs {
		m[c.ID] = c
	}
	return m
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
