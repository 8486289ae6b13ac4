package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/cases"
	"github.com/mamori-sec/mamori/report"
	"github.com/mamori-sec/mamori/sqlite"
)

// casePolicy reads the due-date policy: --policy, else MAMORI_CASE_POLICY,
// else the default.
func (e *env) casePolicy(path string) (*cases.Policy, error) {
	if path == "" {
		path = os.Getenv("MAMORI_CASE_POLICY")
	}
	if path == "" {
		return cases.DefaultPolicy(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr("--policy: %s", oneLine(vulnPathErr(path, err)))
	}
	p, err := cases.ParsePolicy(b)
	if err != nil {
		return nil, usageErr("%s: %s", path, err)
	}
	return p, nil
}

// openCases opens the store and brings the cases up to date with the
// matches (new cases, re-opened ones, expired risk acceptances).
func (e *env) openCases(ctx context.Context, policy string) (*sqlite.DB, error) {
	p, err := e.casePolicy(policy)
	if err != nil {
		return nil, err
	}
	db, err := e.openDB()
	if err != nil {
		return nil, err
	}
	s := &cases.Syncer{Store: db, Policy: p, Now: e.now, Actor: "mamori"}
	res, err := s.Sync(ctx)
	if err != nil {
		db.Close()
		return nil, runErr("%s", oneLine(err.Error()))
	}
	if res.Opened > 0 || res.Reopened > 0 {
		fmt.Fprintln(e.stderr, e.t("cases.synced", res.Opened, res.Reopened))
	}
	return db, nil
}

func newCasesCmd(e *env) *cobra.Command {
	var customer, format, output, status, policy string
	var all, overdue bool
	c := &cobra.Command{
		Use:     "cases",
		Short:   e.t("cases.short"),
		Long:    e.t("cases.long"),
		Example: "  mamori cases\n  mamori cases --customer sakura --overdue\n  mamori cases --all --format csv -o cases.csv",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !contains(report.CaseFormats(), format) {
				return usageErr("%s", e.t("cli.err.format", format, strings.Join(report.CaseFormats(), ", ")))
			}
			if status != "" && !slices.Contains(mamori.CaseStatuses, mamori.CaseStatus(status)) {
				return usageErr("%s", e.t("case.err.status", status, statusList()))
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
			cs, err := db.Cases(ctx, mamori.CaseFilter{Tenant: customer, Open: !all && status == "", Status: mamori.CaseStatus(status), Light: format != "json"})
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			now := e.now()
			if overdue {
				cs = slices.DeleteFunc(cs, func(c mamori.Case) bool { return !c.Overdue(now) })
			}
			if len(cs) == 0 && format == "table" {
				fmt.Fprintln(out.w(), e.t("cases.none"))
			} else if err := report.RenderCases(out.w(), format, e.lang, now, cs); err != nil {
				return runErr("%v", err)
			}
			return out.commitOrErr(e, output)
		},
	}
	fl := c.Flags()
	fl.StringVar(&customer, "customer", "", e.t("cases.flag.customer"))
	fl.BoolVar(&all, "all", false, e.t("cases.flag.all"))
	fl.BoolVar(&overdue, "overdue", false, e.t("cases.flag.overdue"))
	fl.StringVar(&status, "status", "", e.t("cases.flag.status", statusList()))
	fl.StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", strings.Join(report.CaseFormats(), ", ")))
	fl.StringVarP(&output, "output", "o", "", e.t("cli.flag.output"))
	fl.StringVar(&policy, "policy", "", e.t("cases.flag.policy"))
	return c
}

func statusList() string {
	var s []string
	for _, x := range mamori.CaseStatuses {
		s = append(s, string(x))
	}
	return strings.Join(s, ", ")
}

func newCaseCmd(e *env) *cobra.Command {
	var policy string
	c := &cobra.Command{
		Use:   "case",
		Short: e.t("case.short"),
		Long:  e.t("case.long"),
		Args:  cobra.NoArgs,
	}
	c.PersistentFlags().StringVar(&policy, "policy", "", e.t("cases.flag.policy"))
	c.AddCommand(newCaseShowCmd(e, &policy), newCaseAssignCmd(e, &policy), newCaseDecideCmd(e, &policy), newCasePlanCmd(e, &policy),
		newCaseApproveCmd(e, &policy), newCaseNotifyCmd(e, &policy), newCaseCloseCmd(e, &policy))
	return c
}

// loadCase opens the store (synchronised) and reads one case.
func (e *env) loadCase(ctx context.Context, policy, id string) (*sqlite.DB, *mamori.Case, error) {
	db, err := e.openCases(ctx, policy)
	if err != nil {
		return nil, nil, err
	}
	c, err := db.Case(ctx, id)
	if errors.Is(err, mamori.ErrNotFound) {
		db.Close()
		return nil, nil, usageErr("%s", e.t("case.err.unknown", id))
	}
	if err != nil {
		db.Close()
		return nil, nil, runErr("%s", oneLine(err.Error()))
	}
	return db, c, nil
}

// ruleErr maps a refusal of the domain's rules to a usage error (exit 2).
func (e *env) caseErr(err error) error {
	if errors.Is(err, mamori.ErrTransition) || errors.Is(err, mamori.ErrRule) {
		return usageErr("%s", oneLine(err.Error()))
	}
	return runErr("%s", oneLine(err.Error()))
}

func caseLog(ctx context.Context, db *sqlite.DB, ref string) ([]mamori.LogEntry, error) {
	var out []mamori.LogEntry
	err := db.WalkLog(ctx, func(x *mamori.LogEntry) error {
		if (x.Kind == "case" && x.Ref == ref) || (x.Kind == "decision" && strings.Contains(string(x.Data), `"`+ref+`"`)) {
			c := *x
			c.Data = nil
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

func newCaseShowCmd(e *env, policy *string) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:     "show ID",
		Short:   e.t("case.show.short"),
		Long:    e.t("case.show.long"),
		Example: "  mamori case show C-42\n  mamori case show C-42 --format json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return usageErr("%s", e.t("cli.err.format", format, "table, json"))
			}
			ctx := cmd.Context()
			db, cs, err := e.loadCase(ctx, *policy, args[0])
			if err != nil {
				return err
			}
			defer db.Close()
			log, err := caseLog(ctx, db, cs.ID)
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			return report.RenderCase(e.stdout, format, e.lang, e.now(), cs, log)
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", "table, json"))
	return c
}

// change applies fn to the case and stores it with its log entry.
func (e *env) change(cmd *cobra.Command, policy, id, action string, detail map[string]string, fn func(c *mamori.Case, now time.Time) error) (*mamori.Case, error) {
	ctx := cmd.Context()
	db, c, err := e.loadCase(ctx, policy, id)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := fn(c, e.now()); err != nil {
		return nil, e.caseErr(err)
	}
	if err := db.SaveCases(ctx, []mamori.CaseChange{{Case: c, Action: action, Actor: e.actor(), Detail: detail}}); err != nil {
		return nil, runErr("%s", oneLine(err.Error()))
	}
	return c, nil
}

func newCaseAssignCmd(e *env, policy *string) *cobra.Command {
	var to string
	c := &cobra.Command{
		Use:     "assign ID --to NAME",
		Short:   e.t("case.assign.short"),
		Long:    e.t("case.assign.short"),
		Example: "  mamori case assign C-42 --to tanaka",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(to) == "" {
				return usageErr("%s", e.t("case.err.need", "--to"))
			}
			c, err := e.change(cmd, *policy, args[0], "assign", map[string]string{"to": to}, func(c *mamori.Case, now time.Time) error { return c.Assign(to, now) })
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, e.t("case.assign.done", c.ID, to, e.t("case.status."+string(c.Status))))
			return nil
		},
	}
	c.Flags().StringVar(&to, "to", "", e.t("case.flag.to"))
	return c
}

func newCaseDecideCmd(e *env, policy *string) *cobra.Command {
	var affected, notAffected bool
	var justification, note, scope string
	c := &cobra.Command{
		Use:     "decide ID --affected | --not-affected --justification J",
		Short:   e.t("case.decide.short"),
		Long:    e.t("case.decide.long", strings.Join(mamori.Justifications, ", ")),
		Example: "  mamori case decide C-42 --affected\n  mamori case decide C-42 --not-affected --justification vulnerable_code_not_in_execute_path --note \"template engine not used\"\n  mamori case decide C-42 --not-affected --justification component_not_present --scope customer",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if affected == notAffected {
				return usageErr("%s", e.t("case.err.decide_one"))
			}
			if affected && justification != "" {
				return usageErr("%s", e.t("case.err.just_affected"))
			}
			if !slices.Contains([]string{mamori.ScopeAsset, mamori.ScopeCustomer, mamori.ScopeAll}, scope) {
				return usageErr("%s", e.t("case.err.scope", scope))
			}
			ctx := cmd.Context()
			db, c, err := e.loadCase(ctx, *policy, args[0])
			if err != nil {
				return err
			}
			defer db.Close()
			now := e.now()
			st := mamori.DecisionAffected
			if notAffected {
				st = mamori.DecisionNotAffected
			}
			// One decision per package of the case: it holds for the
			// package's affected range, within the scope.
			var ds []*mamori.Decision
			seen := map[string]bool{}
			for _, p := range c.Packages {
				d := &mamori.Decision{Tenant: c.Tenant, Group: c.Group, Package: mamori.PackageKey(p.Ecosystem, p.Name, p.PURL), Range: p.Range,
					Scope: scope, Status: st, Justification: justification, Note: note, Source: mamori.SourceLocal, By: e.actor(), At: now}
				if scope == mamori.ScopeAsset {
					d.Asset = c.Asset
				}
				if scope == mamori.ScopeAll {
					d.Tenant = mamori.DefaultTenant
				}
				if seen[d.Key()] {
					continue
				}
				seen[d.Key()] = true
				if err := d.Validate(); err != nil {
					return e.caseErr(err)
				}
				ds = append(ds, d)
			}
			if len(ds) == 0 {
				return usageErr("%s", e.t("case.err.no_packages", c.ID))
			}
			if err := c.Decide(ds[0], now); err != nil {
				return e.caseErr(err)
			}
			chs := []mamori.CaseChange{{Case: c, Action: "decide", Actor: e.actor(), Detail: map[string]string{"decision": ""}}}
			// The decision applies at once to the scope's other open cases
			// still waiting for one.
			others, err := db.Cases(ctx, mamori.CaseFilter{Group: c.Group, Open: true})
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			var all []mamori.Decision
			for _, d := range ds {
				all = append(all, *d)
			}
			for i := range others {
				o := &others[i]
				if o.ID == c.ID || (o.Status != mamori.CaseNew && o.Status != mamori.CaseInvestigating) {
					continue
				}
				if d := mamori.DecisionFor(all, o); d != nil {
					if err := o.Decide(d, now); err == nil {
						chs = append(chs, mamori.CaseChange{Case: o, Action: "decide", Actor: e.actor(), Detail: map[string]string{"decision": "", "from": c.ID}})
					}
				}
			}
			if err := db.PutDecisions(ctx, ds, e.actor(), chs); err != nil {
				return e.caseErr(err)
			}
			fmt.Fprintln(e.stdout, e.t("case.decide.done", c.ID, string(st), ds[0].ID, scope, len(chs)-1))
			return nil
		},
	}
	fl := c.Flags()
	fl.BoolVar(&affected, "affected", false, e.t("case.flag.affected"))
	fl.BoolVar(&notAffected, "not-affected", false, e.t("case.flag.not_affected"))
	fl.StringVar(&justification, "justification", "", e.t("case.flag.justification", strings.Join(mamori.Justifications, ", ")))
	fl.StringVar(&note, "note", "", e.t("case.flag.note"))
	fl.StringVar(&scope, "scope", mamori.ScopeAsset, e.t("case.flag.scope"))
	return c
}

// parseDay reads a date (2026-12-20) as the end of that day, UTC.
func parseDay(flag, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, usageErr("%s: %q is not a date (write 2026-12-20)", flag, s)
	}
	return t.Add(24*time.Hour - time.Second), nil
}

// evidenceOf hashes the evidence file.
func evidenceOf(path string) (*mamori.Evidence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErr("--evidence: %s", oneLine(vulnPathErr(path, err)))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, usageErr("--evidence: %s is not a file", path)
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return nil, usageErr("--evidence: %s", oneLine(vulnPathErr(path, err)))
	}
	return &mamori.Evidence{Name: filepath.Base(path), SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}, nil
}

func newCasePlanCmd(e *env, policy *string) *cobra.Command {
	var patch, accept bool
	var by, until, evidence, compensating, note string
	c := &cobra.Command{
		Use:     "plan ID --patch --by DATE | --accept-risk --evidence FILE --compensating TEXT --until DATE",
		Short:   e.t("case.plan.short"),
		Long:    e.t("case.plan.long"),
		Example: "  mamori case plan C-42 --patch --by 2026-12-20\n  mamori case plan C-42 --accept-risk --evidence waf-rule.pdf --compensating \"WAF blocks the endpoint\" --until 2027-03-31",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if patch == accept {
				return usageErr("%s", e.t("case.err.plan_one"))
			}
			p := &mamori.Plan{Kind: mamori.PlanPatch, Note: note, RequestedBy: e.actor(), RequestedAt: e.now()}
			var err error
			if patch {
				if by == "" {
					return usageErr("%s", e.t("case.err.need", "--by"))
				}
				if p.By, err = parseDay("--by", by); err != nil {
					return err
				}
			} else {
				p.Kind, p.Compensating = mamori.PlanAcceptRisk, compensating
				if evidence == "" {
					return usageErr("%s", e.t("case.err.need", "--evidence"))
				}
				if p.Evidence, err = evidenceOf(evidence); err != nil {
					return err
				}
				if until == "" {
					return usageErr("%s", e.t("case.err.need", "--until"))
				}
				if p.Until, err = parseDay("--until", until); err != nil {
					return err
				}
			}
			c, err := e.change(cmd, *policy, args[0], "plan", nil, func(c *mamori.Case, now time.Time) error { return c.RequestPlan(p, now) })
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, e.t("case.plan.done", c.ID, p.Kind, p.RequestedBy))
			return nil
		},
	}
	fl := c.Flags()
	fl.BoolVar(&patch, "patch", false, e.t("case.flag.patch"))
	fl.StringVar(&by, "by", "", e.t("case.flag.by"))
	fl.BoolVar(&accept, "accept-risk", false, e.t("case.flag.accept_risk"))
	fl.StringVar(&evidence, "evidence", "", e.t("case.flag.evidence"))
	fl.StringVar(&compensating, "compensating", "", e.t("case.flag.compensating"))
	fl.StringVar(&until, "until", "", e.t("case.flag.until"))
	fl.StringVar(&note, "note", "", e.t("case.flag.note"))
	return c
}

func newCaseApproveCmd(e *env, policy *string) *cobra.Command {
	return &cobra.Command{
		Use:     "approve ID",
		Short:   e.t("case.approve.short"),
		Long:    e.t("case.approve.long"),
		Example: "  mamori case approve C-42 --as suzuki",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			who := e.actor()
			c, err := e.change(cmd, *policy, args[0], "approve", nil, func(c *mamori.Case, now time.Time) error { return c.Approve(who, now) })
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, e.t("case.approve.done", c.ID, who, e.t("case.status."+string(c.Status))))
			return nil
		},
	}
}

func newCaseCloseCmd(e *env, policy *string) *cobra.Command {
	return &cobra.Command{
		Use:     "close ID",
		Short:   e.t("case.close.short"),
		Long:    e.t("case.close.long"),
		Example: "  mamori case close C-42",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.change(cmd, *policy, args[0], "close", nil, func(c *mamori.Case, now time.Time) error { return c.Close(now) })
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, e.t("case.close.done", c.ID))
			return nil
		},
	}
}

// newNotifier is the notifier case notify sends through (tests replace
// it): the configured channels, recording deliveries in store. Without a
// notification configuration case notify says so and changes nothing.
var newNotifier = func(e *env, store mamori.DeliveryStore) (mamori.Notifier, error) {
	return e.notifier(store)
}

// caseNotifications builds one notification per recipient: the asset's
// owner and, for a customer's asset, the customer.
func caseNotifications(c *mamori.Case, actor string, now time.Time) []mamori.Notification {
	dec := "-"
	if c.Decision != nil {
		dec = string(c.Decision.Status)
		if c.Decision.Justification != "" {
			dec += " (" + c.Decision.Justification + ")"
		}
	}
	var pk []string
	for _, p := range c.Packages {
		pk = append(pk, p.Name+" "+p.Version)
	}
	due := "-"
	if !c.Due.IsZero() {
		due = c.Due.UTC().Format(time.DateOnly)
	}
	fields := map[string]string{"case": c.ID, "title": c.Title, "advisory": c.Group, "asset": c.Asset, "customer": c.Tenant,
		"urgency": c.Urgency.Outcome, "due": due, "decision": dec, "status": string(c.Status), "packages": strings.Join(pk, ", ")}
	var to []string
	if c.Owner != "" {
		to = append(to, c.Owner)
	}
	if c.Tenant != mamori.DefaultTenant && !slices.Contains(to, c.Tenant) {
		to = append(to, c.Tenant)
	}
	var out []mamori.Notification
	for _, r := range to {
		out = append(out, mamori.Notification{Tenant: c.Tenant, Topic: "case", Ref: c.ID, To: r, Event: "case.notify", Fields: fields, Actor: actor})
	}
	return out
}

func newCaseNotifyCmd(e *env, policy *string) *cobra.Command {
	return &cobra.Command{
		Use:     "notify ID",
		Short:   e.t("case.notify.short"),
		Long:    e.t("case.notify.long"),
		Example: "  mamori case notify C-42",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, c, err := e.loadCase(ctx, *policy, args[0])
			if err != nil {
				return err
			}
			defer db.Close()
			// Check the move before anything is sent.
			probe := *c
			if err := probe.MarkNotified(nil, e.now()); err != nil {
				return e.caseErr(err)
			}
			ns := caseNotifications(c, e.actor(), e.now())
			if len(ns) == 0 {
				return usageErr("%s", e.t("case.notify.nobody", c.ID, c.Asset))
			}
			n, err := newNotifier(e, db)
			if err != nil {
				return usageErr("%s", oneLine(err.Error()))
			}
			var recorded []string
			var ds []mamori.Delivery
			for _, x := range ns {
				got, err := n.Notify(ctx, x)
				if err != nil {
					fmt.Fprintln(e.stderr, "mamori: "+oneLine(err.Error()))
					continue
				}
				// Sent, or pending and retried: the recipient will hear of
				// it. A delivery that failed outright (no channel for them)
				// does not make the case notified.
				if slices.ContainsFunc(got, func(d mamori.Delivery) bool { return d.Status != mamori.DeliveryFailed }) {
					recorded = append(recorded, x.To)
				}
				ds = append(ds, got...)
			}
			for _, d := range ds {
				fmt.Fprintln(e.stdout, e.t("case.notify.delivery", d.To, d.Channel, d.Target, d.Status))
			}
			if len(recorded) == 0 {
				return runErr("%s", e.t("case.notify.none_recorded", c.ID))
			}
			if err := c.MarkNotified(recorded, e.now()); err != nil {
				return e.caseErr(err)
			}
			b, _ := json.Marshal(ds)
			if err := db.SaveCases(ctx, []mamori.CaseChange{{Case: c, Action: "notify", Actor: e.actor(), Detail: map[string]string{"to": strings.Join(recorded, ", "), "deliveries": string(b)}}}); err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			fmt.Fprintln(e.stdout, e.t("case.notify.done", c.ID, strings.Join(recorded, ", ")))
			return nil
		},
	}
}
