package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/audit"
	"github.com/mamori-sec/mamori/auditlog"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/awsemu"
	"github.com/mamori-sec/mamori/report"
	"github.com/mamori-sec/mamori/sigma"
)

type ingestFlags struct {
	flowLogs    []string
	s3          string
	since       string
	geoip       string
	miningPorts []string
	failOn      string
	format      string
	output      string
	profile     string
	roleARN     string
	externalID  string
	demoWorld   string
	demo        bool
	rulesDir    string
	disable     []string
	tiers       []string
	tierFile    string
	signals     bool
	notify      bool
	notifyCfg   string
}

func newAuditCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "audit", Short: e.t("cli.audit.short"), Long: e.t("cli.audit.long"), Args: cobra.NoArgs}
	c.AddCommand(newIngestCmd(e), newRulesCmd(e))
	return c
}

func newIngestCmd(e *env) *cobra.Command {
	var f ingestFlags
	c := &cobra.Command{
		Use:   "ingest [PATH...|-]",
		Short: e.t("cli.ingest.short"),
		Long:  e.t("cli.ingest.long"),
		Example: "  mamori audit ingest ./AWSLogs/\n  mamori audit ingest --s3 s3://trail-bucket/AWSLogs/ --since 24h\n" +
			"  mamori audit ingest --flow-logs ./flowlogs/\n  cat events.jsonl | mamori audit ingest -\n" +
			"  mamori audit ingest ./AWSLogs/ --geoip GeoLite2-City.mmdb --fail-on high",
		RunE: func(cmd *cobra.Command, args []string) error { return runIngest(cmd.Context(), e, &f, args) },
	}
	fl := c.Flags()
	fl.StringSliceVar(&f.flowLogs, "flow-logs", nil, e.t("cli.flag.flow_logs"))
	fl.StringVar(&f.s3, "s3", "", e.t("cli.flag.s3"))
	fl.StringVar(&f.since, "since", "", e.t("cli.flag.s3_since"))
	fl.StringVar(&f.geoip, "geoip", "", e.t("cli.flag.geoip"))
	ports := make([]string, 0, len(audit.DefaultMiningPorts))
	for _, p := range audit.DefaultMiningPorts {
		ports = append(ports, strconv.Itoa(p))
	}
	fl.StringSliceVar(&f.miningPorts, "mining-ports", ports, e.t("cli.flag.mining_ports"))
	fl.StringVar(&f.failOn, "fail-on", "", e.t("cli.flag.fail_on_alerts"))
	fl.StringVarP(&f.format, "format", "f", "table", e.t("cli.flag.format", strings.Join(report.AlertFormats(), ", ")))
	fl.StringVarP(&f.output, "output", "o", "", e.t("cli.flag.output"))
	fl.StringVar(&f.profile, "profile", "", e.t("cli.flag.profile"))
	fl.StringVar(&f.roleARN, "role-arn", "", e.t("cli.flag.role_arn"))
	fl.StringVar(&f.externalID, "external-id", "", e.t("cli.flag.external_id"))
	fl.StringVar(&f.demoWorld, "demo-world", "", e.t("cli.flag.demo_world_s3"))
	fl.BoolVar(&f.demo, "demo", false, e.t("cli.flag.audit_demo"))
	fl.StringVar(&f.rulesDir, "rules", "", e.t("cli.flag.rules"))
	fl.StringSliceVar(&f.disable, "disable", nil, e.t("cli.flag.disable"))
	fl.StringSliceVar(&f.tiers, "tier", nil, e.t("alerts.flag.tier_set"))
	fl.StringVar(&f.tierFile, "tier-file", "", e.t("alerts.flag.tier_file"))
	fl.BoolVar(&f.signals, "signals", false, e.t("alerts.flag.signals_ingest"))
	fl.BoolVar(&f.notify, "notify", false, e.t("notify.flag.ingest_notify"))
	fl.StringVar(&f.notifyCfg, "notify-config", "", e.t("notify.flag.config"))
	return c
}

func runIngest(ctx context.Context, e *env, f *ingestFlags, args []string) error {
	if len(args) == 0 && len(f.flowLogs) == 0 && f.s3 == "" && !f.demo {
		return usageErr("%s", e.t("cli.ingest.no_input"))
	}
	if !contains(report.AlertFormats(), f.format) {
		return usageErr("%s", e.t("cli.err.format", f.format, strings.Join(report.AlertFormats(), ", ")))
	}
	var failOn *mamori.Severity
	if f.failOn != "" {
		s, err := mamori.ParseSeverity(f.failOn)
		if err != nil {
			return usageErr("--fail-on: %s", e.t("cli.err.severity", f.failOn))
		}
		failOn = &s
	}
	since, err := parseWhen(f.since, e.now())
	if err != nil {
		return usageErr("--since: %s", e.t("cli.err.when", f.since))
	}
	var ports []int
	for _, p := range f.miningPorts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 || n > 65535 {
			return usageErr("--mining-ports: %s", e.t("cli.err.port", p))
		}
		ports = append(ports, n)
	}
	if f.demoWorld != "" && f.s3 == "" {
		return usageErr("%s", e.t("cli.err.demo_world_s3"))
	}
	// A broken rule file or geo-IP database is bad input like a bad log
	// file: named with the reason, the rest is processed, the exit code says
	// partial.
	rules, ruleProblems, err := loadRules(e, f.rulesDir)
	if err != nil {
		return err
	}
	off, err := disabled(e, f.disable, rules)
	if err != nil {
		return err
	}
	tierVals, err := readTierFile(e, f.tierFile)
	if err != nil {
		return err
	}
	tiers, err := tierFlags(e, "--tier-file "+f.tierFile, tierVals, rules)
	if err != nil {
		return err
	}
	flagTiers, err := tierFlags(e, "--tier", f.tiers, rules)
	if err != nil {
		return err
	}
	maps.Copy(tiers, flagTiers)
	rules = slices.DeleteFunc(rules, func(r *sigma.Rule) bool { return off[r.ID] })
	placeholders := audit.Placeholders(ports)
	var ruleNotes []string
	for _, r := range rules {
		if err := r.Resolve(placeholders); err != nil {
			ruleProblems = append(ruleProblems, e.t("cli.ingest.bad_rule", r.Source+": "+r.ID+": "+oneLine(err.Error())))
		}
		for _, ph := range r.Placeholders() {
			if _, ok := placeholders[ph]; !ok {
				ruleNotes = append(ruleNotes, e.t("cli.ingest.unknown_placeholder", r.Source, r.ID, ph))
			}
		}
	}
	var geo *audit.GeoIP
	var geoProblem string
	switch {
	case f.geoip != "":
		if geo, err = audit.OpenGeoIP(f.geoip); err != nil {
			geoProblem = e.t("cli.ingest.geoip_bad", f.geoip, oneLine(err.Error()))
			geo = nil
		} else {
			defer geo.Close()
		}
	case f.demo:
		b, _ := audit.DemoGeoIP()
		if geo, err = audit.OpenGeoIPBytes("demo", b); err != nil {
			return runErr("%v", err)
		}
		defer geo.Close()
	}
	out, err := newOutput(e, f.output)
	if err != nil {
		return err
	}
	defer out.abort()
	db, err := e.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	var notifier *alertNotifier
	if f.notify || f.notifyCfg != "" {
		if notifier, err = newAlertNotifier(e, f.notifyCfg, db); err != nil {
			return err
		}
	}

	sig := audit.NewSigma(rules)
	dets := []audit.Detector{sig}
	var newValues []*audit.NewValue
	for _, d := range []*audit.NewValue{audit.NewRegion(db), audit.NewService(db), audit.NewUserAgent(db)} {
		if t, ok := tiers[d.ID]; ok {
			d.Tier = audit.FlagTier(t)
		}
		if !off[d.ID] {
			newValues = append(newValues, d)
			dets = append(dets, d)
		}
	}
	for id, t := range tiers {
		sig.SetTier(id, audit.FlagTier(t))
	}
	var travel *audit.ImpossibleTravel
	if geo != nil && !off[audit.TravelRuleID] {
		travel = &audit.ImpossibleTravel{Geo: geo, Store: db, MaxSpeedKmh: audit.DefaultMaxSpeedKmh, MinDistanceKm: audit.DefaultMinDistanceKm}
		if t, ok := tiers[audit.TravelRuleID]; ok {
			travel.Tier = audit.FlagTier(t)
		}
		dets = append(dets, travel)
	}
	restoreGC := func() {}
	if os.Getenv("GOGC") == "" {
		// For the reading only: the report, after, holds more and needs less speed.
		old := debug.SetGCPercent(audit.GCPercent)
		restoreGC = func() { debug.SetGCPercent(old) }
		defer restoreGC()
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// The collector works harder rather than let GOGC's headroom grow past it.
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(audit.MemoryLimit))
	}
	p := audit.New(db, e.now, dets...)
	// Of the alerts raised, the report keeps stubs (ID, time, severity) and
	// reads them back from the store batch by batch when it writes them: a
	// long audit's memory hardly grows with its alerts. Signals are stored
	// and shown only with --signals.
	var raised []mamori.AlertKey
	p.OnAlert = func(a mamori.Alert) {
		if notifier != nil {
			notifier.observe(a)
		}
		if a.Tier == mamori.TierSignal && !f.signals {
			return
		}
		raised = append(raised, mamori.AlertKey{ID: a.ID, Time: a.Time, Severity: a.Severity, Tier: a.Tier})
	}
	observe := func(ev *mamori.Event) error { return p.Observe(ctx, ev) }

	problems, notes := ruleProblems, ruleNotes
	files, badFiles, noData := 0, len(ruleProblems), 0
	if geoProblem != "" {
		problems = append(problems, geoProblem)
		badFiles++
	}
	take := func(s auditlog.Summary, err error) error {
		files += s.Files
		noData += s.Skipped
		// A file can be listed twice: once for its first bad record, once
		// more when it is then cut off. Name it as one bad file.
		seen := map[string]bool{}
		for _, b := range s.Bad {
			switch n := s.BadRecords[b.Path]; {
			case seen[b.Path]:
				problems = append(problems, e.t("cli.ingest.bad_also", b.Path, b.Err))
			case n > 0:
				problems = append(problems, e.t("cli.ingest.bad_records", b.Path, n, b.Err))
			default:
				problems = append(problems, e.t("cli.ingest.bad", b.Path, b.Err))
			}
			if !seen[b.Path] {
				badFiles++
			}
			seen[b.Path] = true
		}
		for _, sk := range s.SkippedFiles {
			notes = append(notes, e.t("cli.ingest.left_out", sk.Path, sk.Err))
		}
		return err
	}
	fromBytes := func(name string, b []byte, kind auditlog.Kind) error {
		return take(auditlog.ReadStream(name, bytes.NewReader(b), kind, observe))
	}
	if f.demo {
		if err := fromBytes("demo/cloudtrail.json", audit.DemoCloudTrail(e.now()), auditlog.CloudTrail); err != nil {
			return runErr("%v", err)
		}
		if err := fromBytes("demo/flowlogs.log", audit.DemoFlowLogs(e.now()), auditlog.FlowLogs); err != nil {
			return runErr("%v", err)
		}
	}
	if len(args) > 0 {
		if err := take(auditlog.ReadPaths(args, auditlog.CloudTrail, e.stdin, observe)); err != nil {
			return runErr("%v", err)
		}
	}
	if len(f.flowLogs) > 0 {
		if err := take(auditlog.ReadPaths(f.flowLogs, auditlog.FlowLogs, e.stdin, observe)); err != nil {
			return runErr("%v", err)
		}
	}
	if f.s3 != "" {
		if err := ingestS3(ctx, e, f, since, observe, take); err != nil {
			return err
		}
	}

	st, err := p.Close(ctx)
	if err != nil {
		return runErr("%v", err)
	}
	restoreGC()
	fmt.Fprintln(e.stderr, e.t("cli.ingest.summary", files, st.Events, st.Alerts, st.Signals, st.New))
	if notifier != nil {
		if err := notifier.send(ctx, e, db); err != nil {
			return err
		}
	}
	for _, pr := range problems {
		fmt.Fprintln(e.stderr, pr)
	}
	for _, n := range notes {
		fmt.Fprintln(e.stderr, n)
	}
	if noData > 0 {
		fmt.Fprintln(e.stderr, e.t("cli.ingest.nodata", noData))
	}
	if travel == nil && geoProblem == "" && !off[audit.TravelRuleID] {
		fmt.Fprintln(e.stderr, e.t("cli.ingest.no_geoip"))
	} else if travel != nil {
		for _, pr := range travel.Problems() {
			fmt.Fprintln(e.stderr, e.t("cli.ingest.geoip_problem", pr))
		}
	}
	for _, d := range newValues {
		if l := d.StillLearning(); len(l) > 0 {
			last := l[0].Until
			for _, x := range l {
				if x.Until.After(last) {
					last = x.Until
				}
			}
			fmt.Fprintln(e.stderr, e.t("cli.ingest.learning", d.Name(), len(l), last.Format("2006-01-02")))
		}
	}
	sort.SliceStable(raised, func(i, j int) bool { return raised[i].Time.After(raised[j].Time) })
	if err := report.RenderAlerts(out.w(), f.format, report.AlertInput{Count: len(raised), Load: loader(ctx, db, raised, f.format),
		Lang: e.lang, Version: Version}); err != nil {
		return runErr("%v", err)
	}
	if err := out.commitOrErr(e, f.output); err != nil {
		return err
	}
	if failOn != nil {
		for _, a := range raised {
			if a.Tier != mamori.TierSignal && a.Severity >= *failOn {
				return &exitError{code: ExitFindings, msg: e.t("cli.ingest.fail_on", f.failOn)}
			}
		}
	}
	if badFiles > 0 {
		return &exitError{code: ExitPartial, msg: e.t("cli.ingest.partial", badFiles)}
	}
	return nil
}

// ingestS3 reads the CloudTrail objects under --s3, with the standard
// credentials or, with --demo-world, from an emulated account.
func ingestS3(ctx context.Context, e *env, f *ingestFlags, since time.Time, observe func(*mamori.Event) error,
	take func(auditlog.Summary, error) error) error {
	bucket, prefix, err := aws.ParseS3URL(f.s3)
	if err != nil {
		return usageErr("--s3: %v", err)
	}
	var cfg sdkaws.Config
	if f.demoWorld != "" {
		w, _, err := demoWorld(&scanFlags{demoWorld: f.demoWorld})
		if err != nil {
			return err
		}
		emu := awsemu.New(w, awsemu.Faults{})
		if err := emu.Start(); err != nil {
			return runErr("%v", err)
		}
		defer emu.Close()
		cfg = emu.Config(w.Accounts[0].Regions[0])
	} else {
		c, _, err := awsConfig(ctx, &scanFlags{profile: f.profile, roleARN: f.roleARN, externalID: f.externalID})
		if err != nil {
			return usageErr("%s", e.t("cli.err.aws_config", oneLine(err.Error())))
		}
		cfg = c
	}
	lb, err := aws.OpenLogBucket(ctx, cfg, bucket)
	if err != nil {
		return usageErr("--s3: %s", oneLine(err.Error()))
	}
	// The keys are listed first and read in the order of the delivery time in
	// their names: the bucket lists a trail region by region.
	var keys []string
	err = lb.List(ctx, prefix, since, func(o aws.LogObject) error {
		if !strings.Contains(o.Key, "/CloudTrail-Digest/") {
			keys = append(keys, o.Key)
		}
		return nil
	})
	if err != nil {
		return err
	}
	auditlog.SortByDelivery(keys)
	for _, key := range keys {
		if err := readObject(ctx, lb, bucket, key, observe, take); err != nil {
			return err
		}
	}
	return nil
}

func readObject(ctx context.Context, lb *aws.LogBucket, bucket, key string, observe func(*mamori.Event) error,
	take func(auditlog.Summary, error) error) error {
	r, err := lb.Open(ctx, key)
	if err != nil {
		return take(auditlog.Summary{Files: 1, Bad: []auditlog.FileError{{Path: "s3://" + bucket + "/" + key, Err: err}}}, nil)
	}
	defer r.Close()
	return take(auditlog.ReadStream("s3://"+bucket+"/"+key, r, auditlog.CloudTrail, observe))
}

func newRulesCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "rules", Short: e.t("cli.rules.short"), Args: cobra.NoArgs}
	var format, rulesDir string
	list := &cobra.Command{
		Use:   "list",
		Short: e.t("cli.rules_list.short"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usageErr("%s", e.t("cli.err.format", format, "table, json"))
			}
			type row struct {
				ID       string `json:"id"`
				Kind     string `json:"kind"`
				Events   string `json:"events"` // the event source it runs on; empty: none mamori reads
				Severity string `json:"severity"`
				Tier     string `json:"tier"`
				TierWhy  string `json:"tier_why"`
				Judge    string `json:"judge,omitempty"`
				Title    string `json:"title"`
			}
			rules, problems, err := loadRules(e, rulesDir)
			if err != nil {
				return err
			}
			for _, p := range problems {
				fmt.Fprintln(e.stderr, p)
			}
			var rows []row
			for _, r := range rules {
				t := r.Title.En
				if e.lang == "ja" && r.Title.Ja != "" {
					t = r.Title.Ja
				}
				ts := audit.RuleTier(r)
				rows = append(rows, row{ID: r.ID, Kind: "sigma:" + r.Source, Events: audit.EventSource(r.Logsource), Severity: r.Level.String(),
					Tier: string(ts.Tier), TierWhy: ts.Why.In(e.lang), Judge: r.Judge, Title: t})
			}
			for _, d := range auditDetectors() {
				rows = append(rows, row{ID: d.id, Kind: "detector", Events: "aws.cloudtrail", Severity: d.sev.String(),
					Tier: string(d.tier.Tier), TierWhy: d.tier.Why.In(e.lang), Title: d.title.In(e.lang)})
			}
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(rows); err != nil {
					return err
				}
			} else {
				tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
				fmt.Fprintln(tw, e.t("cli.rules.head"))
				for _, r := range rows {
					events := r.Events
					if events == "" {
						events = "-"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Kind, events, e.t("severity."+r.Severity), e.t("alerts.tier."+r.Tier), r.Title, r.TierWhy)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			if len(problems) > 0 {
				return &exitError{code: ExitPartial, msg: e.t("cli.rules.partial", len(problems))}
			}
			return nil
		},
	}
	list.Flags().StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", "table, json"))
	list.Flags().StringVar(&rulesDir, "rules", "", e.t("cli.flag.rules"))
	c.AddCommand(list)
	return c
}

type detectorInfo struct {
	id    string
	sev   mamori.Severity
	title mamori.Text
	tier  audit.TierSetting
}

// auditDetectors describes the behavioural detectors for rules list.
func auditDetectors() []detectorInfo {
	var out []detectorInfo
	for _, d := range []*audit.NewValue{audit.NewRegion(nil), audit.NewService(nil), audit.NewUserAgent(nil)} {
		out = append(out, detectorInfo{d.ID, d.Severity, d.Title, d.Tier})
	}
	out = append(out,
		detectorInfo{audit.TravelRuleID, mamori.SeverityHigh, mamori.Text{En: "Impossible travel", Ja: "あり得ない移動（短時間での遠隔地からのアクセス）"}, audit.TravelTier})
	return out
}

// loader reads the alerts of keys from the store, a report's batch at a
// time: batch[i] is the alert of keys[start+i].
func loader(ctx context.Context, db mamori.AlertStore, keys []mamori.AlertKey, format string) func(start int, batch []mamori.Alert) error {
	noEvidence := !report.AlertFormatShowsEvidence(format)
	return func(start int, batch []mamori.Alert) error {
		ids := make([]string, len(batch))
		for i := range batch {
			ids[i] = keys[start+i].ID
		}
		stored, err := db.Alerts(ctx, mamori.AlertFilter{IDs: ids, NoEvidence: noEvidence})
		if err != nil {
			return err
		}
		byID := make(map[string]mamori.Alert, len(stored))
		for _, a := range stored {
			byID[a.ID] = a
		}
		for i, id := range ids {
			full, ok := byID[id]
			if !ok {
				return fmt.Errorf("alert %s is not in the store", id)
			}
			batch[i] = full
		}
		return nil
	}
}

// disabled checks the IDs given to --disable against the rules and the
// detectors, and returns them as a set.
func disabled(e *env, ids []string, rules []*sigma.Rule) (map[string]bool, error) {
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
	}
	for _, d := range auditDetectors() {
		known[d.id] = true
	}
	off := map[string]bool{}
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if !known[id] {
			return nil, usageErr("--disable: %s", e.t("cli.err.no_rule", id))
		}
		off[id] = true
	}
	return off, nil
}

// readTierFile reads a tier file as --tier values, which come after it and
// so win.
func readTierFile(e *env, path string) ([]string, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr("--tier-file: %s", oneLine(err.Error()))
	}
	vals, line, err := parseTierFile(b)
	switch {
	case err != nil:
		return nil, usageErr("--tier-file %s: %s", path, oneLine(err.Error()))
	case line > 0:
		return nil, usageErr("--tier-file %s: line %d: %s", path, line, e.t("alerts.err.tier_file"))
	case line < 0:
		return nil, usageErr("--tier-file %s: %s", path, e.t("alerts.err.tier_file"))
	}
	return vals, nil
}

// parseTierFile reads YAML of one "RULE_ID: alert|signal" per line into
// RULE_ID=tier values (the tiers are checked by tierFlags). A document that
// is not such a map gives the line of the first entry that is not (-1: the
// whole document), or the YAML error.
func parseTierFile(b []byte) ([]string, int, error) {
	var m yaml.Node
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, 0, err
	}
	if len(m.Content) == 0 {
		return nil, 0, nil
	}
	doc := m.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, -1, nil
	}
	var out []string
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
			return nil, max(k.Line, 1), nil
		}
		out = append(out, k.Value+"="+v.Value)
	}
	return out, 0, nil
}

// tierFlags reads --tier RULE_ID=alert|signal (repeatable, comma-separated)
// against the rules and the detectors.
func tierFlags(e *env, where string, vals []string, rules []*sigma.Rule) (map[string]mamori.Tier, error) {
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
	}
	for _, d := range auditDetectors() {
		known[d.id] = true
	}
	out := map[string]mamori.Tier{}
	for _, v := range vals {
		id, tier, ok := strings.Cut(strings.TrimSpace(v), "=")
		id = strings.TrimSpace(id)
		if !ok || id == "" {
			return nil, usageErr("%s: %s", where, e.t("alerts.err.tier_syntax", v))
		}
		if !known[id] {
			return nil, usageErr("%s: %s", where, e.t("cli.err.no_rule", id))
		}
		t, err := mamori.ParseTier(tier)
		if err != nil {
			return nil, usageErr("%s: %s", where, e.t("alerts.err.tier", tier))
		}
		out[id] = t
	}
	return out, nil
}

// loadRules returns the built-in Sigma rules and those under dir, and a
// line for each rule file under dir that could not be loaded (the others
// are). A dir that cannot be read at all is a usage error.
func loadRules(e *env, dir string) ([]*sigma.Rule, []string, error) {
	rules, err := sigma.Builtin()
	if err != nil {
		return nil, nil, runErr("built-in rules: %v", err)
	}
	if dir == "" {
		return rules, nil, nil
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, nil, usageErr("--rules: %s", oneLine(err.Error()))
	}
	extra, errs := sigma.LoadDir(dir)
	var problems []string
	for _, err := range errs {
		problems = append(problems, e.t("cli.ingest.bad_rule", oneLine(err.Error())))
	}
	extra = slices.DeleteFunc(extra, func(r *sigma.Rule) bool {
		if err := audit.CheckJudge(r); err != nil {
			problems = append(problems, e.t("cli.ingest.bad_rule", r.Source+": "+err.Error()))
			return true
		}
		return false
	})
	return sigma.Merge(rules, extra), problems, nil
}
