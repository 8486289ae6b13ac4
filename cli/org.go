package cli

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/engine"
	"github.com/mamori-sec/mamori/scan"
	"github.com/mamori-sec/mamori/sqlite"
)

// orgFlags are scan's flags for a whole AWS Organizations organisation.
type orgFlags struct {
	org         bool
	role        string
	accounts    []string
	exclude     []string
	maxInFlight int
}

func (f *orgFlags) register(e *env, c *cobra.Command) {
	fl := c.Flags()
	fl.BoolVar(&f.org, "org", false, e.t("org.flag.org"))
	fl.StringVar(&f.role, "org-role", "", e.t("org.flag.org_role"))
	fl.StringSliceVar(&f.accounts, "accounts", nil, e.t("org.flag.accounts"))
	fl.StringSliceVar(&f.exclude, "exclude-accounts", nil, e.t("org.flag.exclude_accounts"))
	fl.IntVar(&f.maxInFlight, "max-in-flight", aws.DefaultMaxInFlight, e.t("org.flag.max_in_flight"))
	c.Example += "\n  mamori scan --org --org-role MamoriAudit\n  mamori scan --org --org-role MamoriAudit --accounts 111122223333,444455556666"
}

var accountIDRE = regexp.MustCompile(`^[0-9]{12}$`)

// check refuses flag combinations that cannot mean anything, before anything is read.
func (f *orgFlags) check(e *env) error {
	if !f.org {
		switch {
		case f.role != "":
			return usageErr("--org-role: %s", e.t("org.err.needs_org"))
		case len(f.accounts) > 0:
			return usageErr("--accounts: %s", e.t("org.err.needs_org"))
		case len(f.exclude) > 0:
			return usageErr("--exclude-accounts: %s", e.t("org.err.needs_org"))
		}
	}
	if f.org && f.role == "" {
		return usageErr("%s", e.t("org.err.no_role"))
	}
	if f.org && (strings.Contains(f.role, ":") || strings.Contains(f.role, "*")) {
		return usageErr("--org-role: %s", e.t("org.err.role_name", f.role))
	}
	for _, l := range [][]string{f.accounts, f.exclude} {
		for _, a := range l {
			if !accountIDRE.MatchString(a) {
				return usageErr("%s", e.t("org.err.account_id", a))
			}
		}
	}
	if f.maxInFlight < 1 {
		return usageErr("--max-in-flight: %s", e.t("cli.err.positive"))
	}
	return nil
}

// scanRun carries what runScan prepared to the organisation scan and to
// the report.
type scanRun struct {
	opts         aws.Options
	source       string
	prog         *progress
	eng          *engine.Engine
	db           *sqlite.DB
	mutes        []mamori.MuteRule
	out          *output
	collected    map[string]bool
	memoryTarget int64
	cs           []*mamori.Check
	failOn       *mamori.Severity
}

// runOrgScan scans every account of the organisation the credentials can
// read (its management account or a delegated administrator) into one scan.
func runOrgScan(ctx context.Context, e *env, f *scanFlags, sr scanRun) error {
	prog := sr.prog
	var col *aws.OrgCollector
	// Each account's collector counts its own service × region reads; the
	// user sees one count over the organisation.
	var (
		mu                  sync.Mutex
		done, total, counts = map[string]int{}, map[string]int{}, map[string]int{}
	)
	opts := sr.opts
	opts.Progress = func(p aws.Progress) {
		mu.Lock()
		done[p.Account], total[p.Account], counts[p.Account] = p.Done, p.Total, p.Resources
		agg := aws.Progress{Account: p.Account, Service: p.Service, Region: p.Region}
		for a := range total {
			agg.Done += done[a]
			agg.Total += total[a]
			agg.Resources += counts[a]
		}
		if unseen := len(col.Targets) - len(total); unseen > 0 {
			agg.Total += unseen * agg.Total / len(total)
		}
		mu.Unlock()
		prog.collect(agg)
	}
	col = aws.NewOrg(aws.OrgOptions{Options: opts, Role: f.org.role, ExternalID: f.externalID,
		Accounts: f.org.accounts, Exclude: f.org.exclude})
	prog.stage("discover")
	if err := col.Discover(ctx); err != nil {
		var ce *aws.CredentialError
		var oe *aws.OrgError
		var ae *aws.AccountError
		switch {
		case errors.As(err, &ce) && ce.Missing():
			return usageErr("%s", e.t("cli.err.no_credentials"))
		case errors.As(err, &ce):
			return usageErr("%s", e.t("cli.err.credentials", ce.Error()))
		case errors.As(err, &oe) && oe.NotInOrganization():
			return usageErr("--org: %s", e.t("org.err.not_in_org"))
		case errors.As(err, &oe):
			return usageErr("--org: %s", e.t("org.err.cannot_read", aws.ErrorMessage(oe.Err)))
		case errors.As(err, &ae):
			return usageErr("%s", e.t("org.err.unknown_account", ae.Account, ae.Known))
		case ctx.Err() != nil:
			return ctx.Err()
		}
		return runErr("%v", err)
	}
	if len(col.Targets) == 0 {
		return usageErr("%s", e.t("org.err.no_accounts"))
	}
	prog.orgPlan(col.Org.ID, col.Caller, len(col.Targets), f.regions, f.services)
	res, err := scan.Run(ctx, scan.Options{
		Source:       sr.source + ":org=" + col.Org.ID,
		Collector:    col,
		MemoryTarget: sr.memoryTarget,
		Describe:     func() ([]string, []string) { return col.Accounts(), col.Regions() },
		Collected:    func(s string) bool { return sr.collected[s] },
		Engine:       sr.eng,
		Store:        sr.db,
		Mutes:        sr.mutes,
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
	if n := notApplicable(res.Scan.Errors); n > 0 {
		fmt.Fprintln(e.stderr, e.t("org.scan.not_applicable", n))
	}
	return reportScan(ctx, e, f, sr, res)
}

func notApplicable(errs []mamori.CollectError) int {
	n := 0
	for _, ce := range errs {
		if ce.NotApplicable {
			n++
		}
	}
	return n
}

// orgPlan says what an organisation scan is about to read.
func (p *progress) orgPlan(org, caller string, accounts int, regions, services []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	svc := len(services)
	if svc == 0 {
		svc = len(aws.Services())
	}
	reg := strings.Join(regions, ", ")
	if reg == "" {
		reg = p.e.t("org.plan.enabled")
	}
	switch p.mode {
	case "json":
		p.json(map[string]any{"event": "plan", "organization": org, "caller": caller, "accounts": accounts, "regions": regions, "services": svc})
	case "plain", "tty":
		fmt.Fprintln(p.e.stderr, p.e.t("org.plan", org, caller, accounts, svc, reg))
	}
}

// orgAssumeStatement is what the scanning account needs, beyond the reads,
// for `scan --org --org-role role`.
func orgAssumeStatement(role string) map[string]any {
	return map[string]any{
		"Sid":      "MamoriAssumeOrgRole",
		"Effect":   "Allow",
		"Action":   aws.AssumeActions(),
		"Resource": "arn:aws:iam::*:role/" + role,
	}
}
