package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/report"
	"github.com/mamori-sec/mamori/sqlite"
	"github.com/mamori-sec/mamori/vex"
)

func newAuditlogCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "auditlog",
		Short: e.t("auditlog.short"),
		Long:  e.t("auditlog.long"),
		Args:  cobra.NoArgs,
	}
	verify := &cobra.Command{
		Use:     "verify",
		Short:   e.t("auditlog.verify.short"),
		Long:    e.t("auditlog.verify.long"),
		Example: "  mamori auditlog verify",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			var v mamori.LogVerifier
			bad := errors.New("")
			var first error
			err = db.WalkLog(cmd.Context(), func(x *mamori.LogEntry) error {
				if err := v.Check(x); err != nil {
					first = err
					return bad
				}
				return nil
			})
			if first != nil {
				return &exitError{code: ExitFindings, msg: e.t("auditlog.verify.broken", first.Error())}
			}
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			fmt.Fprintln(e.stdout, e.t("auditlog.verify.ok", v.Checked))
			return nil
		},
	}
	var output string
	export := &cobra.Command{
		Use:     "export [-o FILE]",
		Short:   e.t("auditlog.export.short"),
		Long:    e.t("auditlog.export.long"),
		Example: "  mamori auditlog export -o changes.jsonl",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out, err := newOutput(e, output)
			if err != nil {
				return err
			}
			defer out.abort()
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			enc := json.NewEncoder(out.w())
			if err := db.WalkLog(cmd.Context(), func(x *mamori.LogEntry) error { return enc.Encode(x) }); err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			return out.commitOrErr(e, output)
		},
	}
	export.Flags().StringVarP(&output, "output", "o", "", e.t("cli.flag.output"))
	c.AddCommand(verify, export)
	return c
}

func newVexCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "vex",
		Short: e.t("vex.short"),
		Long:  e.t("vex.long"),
		Args:  cobra.NoArgs,
	}
	var format, output, customer, author string
	export := &cobra.Command{
		Use:     "export --format openvex|csaf|cyclonedx [-o FILE] [--customer NAME]",
		Short:   e.t("vex.export.short"),
		Long:    e.t("vex.export.long"),
		Example: "  mamori vex export --format openvex -o vex.json\n  mamori vex export --format csaf --customer sakura -o sakura.csaf.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			write := map[string]func(w *bufio.Writer, ss []vex.Statement, a, v string, now time.Time) error{
				"openvex": func(w *bufio.Writer, ss []vex.Statement, a, v string, now time.Time) error {
					return vex.WriteOpenVEX(w, ss, a, v, now)
				},
				"csaf": func(w *bufio.Writer, ss []vex.Statement, a, v string, now time.Time) error {
					return vex.WriteCSAF(w, ss, a, v, now)
				},
				"cyclonedx": func(w *bufio.Writer, ss []vex.Statement, a, v string, now time.Time) error {
					return vex.WriteCycloneDXVEX(w, ss, a, v, now)
				},
			}[format]
			if write == nil {
				return usageErr("%s", e.t("cli.err.format", format, "openvex, csaf, cyclonedx"))
			}
			out, err := newOutput(e, output)
			if err != nil {
				return err
			}
			defer out.abort()
			ctx := cmd.Context()
			db, err := e.openCases(ctx, "")
			if err != nil {
				return err
			}
			defer db.Close()
			cs, err := db.Cases(ctx, mamori.CaseFilter{Tenant: customer})
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			ds, err := db.Decisions(ctx, customer)
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			if author == "" {
				author = "mamori"
			}
			bw := bufio.NewWriter(out.w())
			if err := write(bw, vex.FromCases(cs, ds), author, Version, e.now()); err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			if err := bw.Flush(); err != nil {
				return runErr("%v", err)
			}
			return out.commitOrErr(e, output)
		},
	}
	ef := export.Flags()
	ef.StringVarP(&format, "format", "f", "openvex", e.t("cli.flag.format", "openvex, csaf, cyclonedx"))
	ef.StringVarP(&output, "output", "o", "", e.t("cli.flag.output"))
	ef.StringVar(&customer, "customer", "", e.t("vex.flag.customer"))
	ef.StringVar(&author, "author", "", e.t("vex.flag.author"))
	var icustomer, supplier string
	imp := &cobra.Command{
		Use:     "import FILE",
		Short:   e.t("vex.import.short"),
		Long:    e.t("vex.import.long"),
		Example: "  mamori vex import vex.json\n  mamori vex import supplier.openvex.json --customer sakura",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := os.ReadFile(args[0])
			if err != nil {
				return usageErr("%s", oneLine(vulnPathErr(args[0], err)))
			}
			ss, docAuthor, kind, err := vex.Read(b)
			if err != nil {
				return usageErr("%s: %s", args[0], oneLine(err.Error()))
			}
			ctx := cmd.Context()
			db, err := e.openCases(ctx, "")
			if err != nil {
				return err
			}
			defer db.Close()
			src := supplier
			if src == "" {
				src = docAuthor
			}
			if src == "" {
				src = "unknown supplier"
			}
			ds, skipped, err := vex.ToDecisions(ss, icustomer, src, e.actor(), e.now(), &vexLookup{ctx: ctx, db: db})
			if err != nil {
				if errors.Is(err, vex.ErrUnknown) || errors.Is(err, mamori.ErrRule) {
					return usageErr("%s: %s", args[0], oneLine(err.Error()))
				}
				return runErr("%s", oneLine(err.Error()))
			}
			// Open cases still waiting for a decision take the new ones.
			var chs []mamori.CaseChange
			now := e.now()
			byTenant := map[string][]mamori.Decision{}
			for _, d := range ds {
				byTenant[d.Tenant] = append(byTenant[d.Tenant], *d)
			}
			open, err := db.Cases(ctx, mamori.CaseFilter{Open: true})
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			for i := range open {
				o := &open[i]
				if o.Status != mamori.CaseNew && o.Status != mamori.CaseInvestigating {
					continue
				}
				cand := append(append([]mamori.Decision(nil), byTenant[o.Tenant]...), byTenant[mamori.DefaultTenant]...)
				if d := mamori.DecisionFor(cand, o); d != nil && o.Decide(d, now) == nil {
					chs = append(chs, mamori.CaseChange{Case: o, Action: "decide", Actor: e.actor(), Detail: map[string]string{"vex": args[0], "decision": ""}})
				}
			}
			if err := db.PutDecisions(ctx, ds, e.actor(), chs); err != nil {
				return e.caseErr(err)
			}
			fmt.Fprintln(e.stdout, e.t("vex.import.done", args[0], kind, len(ds), src, len(chs), skipped))
			return nil
		},
	}
	imp.Flags().StringVar(&icustomer, "customer", "", e.t("vex.flag.import_customer"))
	imp.Flags().StringVar(&supplier, "supplier", "", e.t("vex.flag.supplier"))
	c.AddCommand(export, imp)
	return c
}

// vexLookup answers vex.Lookup from the store.
type vexLookup struct {
	ctx   context.Context
	db    *sqlite.DB
	cache map[string][]mamori.Case
}

func (l *vexLookup) Group(tenant, id string) (string, bool, error) {
	for _, t := range []string{tenant, mamori.DefaultTenant} {
		g, err := l.db.AliasGroup(l.ctx, t, id)
		if err == nil {
			return g.ID, true, nil
		}
		if !errors.Is(err, mamori.ErrNotFound) {
			return "", false, err
		}
	}
	return "", false, nil
}

func (l *vexLookup) Asset(tenant, name string) (bool, error) {
	_, err := l.db.Asset(l.ctx, tenant, name)
	if errors.Is(err, mamori.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (l *vexLookup) PackageRange(tenant, group, pkg string) (string, bool, error) {
	if l.cache == nil {
		l.cache = map[string][]mamori.Case{}
	}
	cs, ok := l.cache[tenant]
	if !ok {
		f := mamori.CaseFilter{Tenant: tenant}
		if tenant == mamori.DefaultTenant {
			f.Tenant = "" // a decision for everything looks at every customer
		}
		var err error
		if cs, err = l.db.Cases(l.ctx, f); err != nil {
			return "", false, err
		}
		l.cache[tenant] = cs
	}
	known, rng := false, ""
	for _, c := range cs {
		for _, p := range c.Packages {
			if mamori.PackageKey(p.Ecosystem, p.Name, p.PURL) != pkg {
				continue
			}
			known = true
			if c.Group == group {
				return p.Range, true, nil
			}
		}
	}
	return rng, known, nil
}

// parseSince reads "30d", "12h" or a date.
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if d, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(d); err == nil && n >= 0 {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--since %q: write 30d, 12h or 2026-11-01", s)
}

func newReportCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "report",
		Short: e.t("casesreport.cmd.short"),
		Long:  e.t("casesreport.cmd.short"),
		Args:  cobra.NoArgs,
	}
	var format, output, since, customer, policy string
	rc := &cobra.Command{
		Use:     "cases --format html|csv [--since 30d] [-o FILE]",
		Short:   e.t("casesreport.cmd.cases_short"),
		Long:    e.t("casesreport.cmd.cases_long"),
		Example: "  mamori report cases --format html --since 30d -o cases.html\n  mamori report cases --format csv --customer sakura --lang ja",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "html" && format != "csv" {
				return usageErr("%s", e.t("cli.err.format", format, "html, csv"))
			}
			now := e.now()
			from, err := parseSince(since, now)
			if err != nil {
				return usageErr("%s", err)
			}
			out, err := newOutput(e, output)
			if err != nil {
				return err
			}
			defer out.abort()
			ctx := cmd.Context()
			db, err := e.openCases(ctx, policy)
			if err != nil {
				return err
			}
			defer db.Close()
			cs, err := db.Cases(ctx, mamori.CaseFilter{Tenant: customer, Light: true})
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			// Accepted risks are shown in full: control, evidence, approver.
			for i := range cs {
				if cs[i].Plan == nil {
					continue
				}
				full, err := db.Case(ctx, cs[i].ID)
				if err != nil {
					return runErr("%s", oneLine(err.Error()))
				}
				cs[i] = *full
			}
			ds, err := db.Decisions(ctx, customer)
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			bw := bufio.NewWriterSize(out.w(), 1<<16)
			if err := report.RenderCasesReport(bw, format, report.CasesReport{Lang: e.lang, Version: Version, Now: now, Since: from, Cases: cs, Decisions: ds}); err != nil {
				return runErr("%v", err)
			}
			if err := bw.Flush(); err != nil {
				return runErr("%v", err)
			}
			return out.commitOrErr(e, output)
		},
	}
	fl := rc.Flags()
	fl.StringVarP(&format, "format", "f", "html", e.t("cli.flag.format", "html, csv"))
	fl.StringVarP(&output, "output", "o", "", e.t("cli.flag.output"))
	fl.StringVar(&since, "since", "30d", e.t("casesreport.cmd.since"))
	fl.StringVar(&customer, "customer", "", e.t("cases.flag.customer"))
	fl.StringVar(&policy, "policy", "", e.t("cases.flag.policy"))
	c.AddCommand(rc)
	return c
}
