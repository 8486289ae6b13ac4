package aws

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sync/errgroup"

	"github.com/mamori-sec/mamori"
)

// OrgOptions configure an OrgCollector.
type OrgOptions struct {
	// Options are the caller's configuration (its credentials read the
	// organisation and assume the role) and what to read in every account.
	Options
	// Role is the name of the role to assume in each member (--org-role).
	Role string
	// ExternalID is passed to sts:AssumeRole when set.
	ExternalID string
	// Accounts, when set, are the only accounts scanned; Exclude are left out.
	Accounts, Exclude []string
	// AccountConcurrency bounds the accounts read at once (default 64): an
	// account spends much of its time waiting on calls that must follow one
	// another (the credential report, a bucket's reads), so many accounts
	// at once keep the calls in flight — bounded across all of them by the
	// shared Limiter — busy.
	AccountConcurrency int
	// SessionDuration is asked of sts:AssumeRole (default one hour). The
	// session is refreshed five minutes before it runs out.
	SessionDuration time.Duration
}

// OrgCollector reads every account of an AWS Organizations organisation into
// one scan: the caller's own account with its own credentials, each member
// through the role it assumes there. It implements mamori.Collector.
type OrgCollector struct {
	opts OrgOptions
	lim  *Limiter
	base sdkaws.Config // the caller's configuration, paced
	// Caller, Partition and Org are known after Discover; Targets are the
	// accounts to scan.
	Caller    string
	Partition string
	Org       *Organization
	Targets   []OrgAccount

	mu      sync.Mutex
	regions map[string]bool
}

var _ mamori.Collector = (*OrgCollector)(nil)

// NewOrg returns an organisation collector.
func NewOrg(o OrgOptions) *OrgCollector {
	if o.AccountConcurrency <= 0 {
		o.AccountConcurrency = 64
	}
	if o.SessionDuration <= 0 {
		o.SessionDuration = time.Hour
	}
	lim := o.Limiter
	if lim == nil {
		lim = NewLimiter(o.MaxInFlight)
	}
	o.Limiter = lim
	return &OrgCollector{opts: o, lim: lim, regions: map[string]bool{}}
}

// AccountError names an account given with --accounts or --exclude-accounts
// that is not in the organisation.
type AccountError struct {
	Account string
	Known   int
}

func (e *AccountError) Error() string {
	return fmt.Sprintf("account %s is not in the organisation (%d accounts listed)", e.Account, e.Known)
}

// Discover identifies the caller, reads the organisation and picks the
// accounts to scan. It fails when the caller cannot read the organisation
// (OrgError: not in one, or neither its management account nor a delegated
// administrator) or names an account the organisation does not have.
func (c *OrgCollector) Discover(ctx context.Context) error {
	c.base = c.lim.Wrap(c.opts.Config, "caller")
	id, err := sts.NewFromConfig(c.base).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return &CredentialError{err}
	}
	c.Caller = sdkaws.ToString(id.Account)
	c.Partition = "aws"
	if p := strings.Split(sdkaws.ToString(id.Arn), ":"); len(p) > 1 && p[0] == "arn" {
		c.Partition = p[1]
	}
	org, err := ReadOrganization(ctx, c.base)
	if err != nil {
		return err
	}
	c.Org = org
	for _, list := range [][]string{c.opts.Accounts, c.opts.Exclude} {
		for _, a := range list {
			if org.Account(a) == nil {
				return &AccountError{Account: a, Known: len(org.Accounts)}
			}
		}
	}
	c.Targets = nil
	for _, a := range org.Accounts {
		if len(c.opts.Accounts) > 0 && !contains(c.opts.Accounts, a.ID) || contains(c.opts.Exclude, a.ID) {
			continue
		}
		c.Targets = append(c.Targets, a)
	}
	return nil
}

// Accounts returns the ids of the accounts to scan.
func (c *OrgCollector) Accounts() []string {
	out := make([]string, len(c.Targets))
	for i, a := range c.Targets {
		out[i] = a.ID
	}
	return out
}

// Regions returns every region read in some account, sorted.
func (c *OrgCollector) Regions() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.regions))
	for r := range c.regions {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// Collect reads every target account. An account that cannot be reached at
// all is one CollectError (and one ERROR finding) naming it and the reason;
// the others go on.
func (c *OrgCollector) Collect(ctx context.Context, emit func(mamori.Resource), fail func(mamori.CollectError)) error {
	if c.Org == nil {
		if err := c.Discover(ctx); err != nil {
			return err
		}
	}
	var mu sync.Mutex
	safeEmit := func(r mamori.Resource) { mu.Lock(); emit(r); mu.Unlock() }
	safeFail := func(e mamori.CollectError) { mu.Lock(); fail(e); mu.Unlock() }
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.opts.AccountConcurrency)
	for _, a := range c.Targets {
		g.Go(func() error { return c.collectAccount(gctx, a, safeEmit, safeFail) })
	}
	return g.Wait()
}

// accountFail is a failure of a whole account.
func (c *OrgCollector) accountFail(a *OrgAccount, service, action, msg string) mamori.CollectError {
	return mamori.CollectError{Provider: "aws", Account: a.ID, Region: "global", Service: service, Action: action,
		Types: []string{TypeOrgAccount}, Message: msg}
}

func (c *OrgCollector) collectAccount(ctx context.Context, a OrgAccount, emit func(mamori.Resource), fail func(mamori.CollectError)) error {
	if a.Status != "ACTIVE" {
		// A suspended or closing account cannot be scanned, and is not
		// expected to be: not applicable, said once.
		e := c.accountFail(&a, "organizations", "", fmt.Sprintf("account is %s in the organisation: not scanned", a.Status))
		e.NotApplicable = true
		fail(e)
		emit(a.resource(c.Org, c.Partition, false))
		return nil
	}
	cfg := c.opts.Config.Copy()
	action := ""
	if a.ID != c.Caller {
		action = "sts:AssumeRole"
		arn := fmt.Sprintf("arn:%s:iam::%s:role/%s", c.Partition, a.ID, c.opts.Role)
		p := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(c.base), arn, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = "mamori-scan"
			o.Duration = c.opts.SessionDuration
			if c.opts.ExternalID != "" {
				o.ExternalID = sdkaws.String(c.opts.ExternalID)
			}
		})
		cfg.Credentials = sdkaws.NewCredentialsCache(p, func(o *sdkaws.CredentialsCacheOptions) {
			o.ExpiryWindow = 5 * time.Minute
			o.ExpiryWindowJitterFrac = 0.2
		})
	}
	services := c.opts.Services
	if a.ID != c.Caller {
		// The organisation is read once, from the caller's account.
		services = nil
		for _, s := range Services() {
			if s.Name != organizationsService.Name && (len(c.opts.Services) == 0 || contains(c.opts.Services, s.Name)) {
				services = append(services, s.Name)
			}
		}
		if len(services) == 0 {
			emit(a.resource(c.Org, c.Partition, true))
			return nil
		}
	}
	o := c.opts.Options
	o.Config, o.Services, o.Limiter, o.LimiterLabel, o.SkipDisabledRegions = cfg, services, c.lim, a.ID, true
	if o.Progress != nil {
		p := o.Progress
		id := a.ID
		o.Progress = func(pr Progress) { pr.Account = id; p(pr) }
	}
	col := New(o)
	if err := col.Discover(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if action == "" {
			action = "sts:GetCallerIdentity"
		}
		fail(c.accountFail(&a, "sts", action, "cannot read the account: "+ErrorMessage(unwrapCred(err))))
		return nil
	}
	c.mu.Lock()
	for _, r := range col.Regions {
		c.regions[r] = true
	}
	c.mu.Unlock()
	for _, r := range col.Disabled {
		fail(mamori.CollectError{Provider: "aws", Account: a.ID, Region: r, Service: "*", NotApplicable: true,
			Message: "region is not enabled in this account"})
	}
	var (
		emu  sync.Mutex
		errs []mamori.CollectError
	)
	if err := col.Collect(ctx, emit, func(e mamori.CollectError) { emu.Lock(); errs = append(errs, e); emu.Unlock() }); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		errs = append(errs, c.accountFail(&a, "*", "", ErrorMessage(err)))
	}
	for _, e := range c.settle(ctx, &a, col, errs) {
		fail(e)
	}
	emit(a.resource(c.Org, c.Partition, true))
	return nil
}

func unwrapCred(err error) error {
	if ce, ok := err.(*CredentialError); ok {
		return ce.Err
	}
	return err
}

// scpDenied reports an answer refused by a service control policy.
func scpDenied(e *mamori.CollectError) bool {
	return strings.Contains(e.Message, "explicit deny in a service control policy")
}

// settle turns an account's collection failures into what the user should
// read: an account closed during the scan is one failure; what service
// control policies deny is not applicable, once per region when they deny a
// whole region and once per region and service otherwise.
func (c *OrgCollector) settle(ctx context.Context, a *OrgAccount, col *Collector, errs []mamori.CollectError) []mamori.CollectError {
	if len(errs) == 0 {
		return nil
	}
	if a.ID != c.Caller && a.ID != c.Org.Management {
		if st, err := AccountStatus(ctx, c.base, a.ID); err == nil && st != "ACTIVE" {
			e := c.accountFail(a, "*", "", fmt.Sprintf("account was closed during the scan (now %s): %d reads failed; what was read before is kept", st, len(errs)))
			return []mamori.CollectError{e}
		}
	}
	regional := 0
	for _, s := range Services() {
		if !s.Global && s.Collect != nil && (len(col.opts.Services) == 0 || contains(col.opts.Services, s.Name)) {
			regional++
		}
	}
	type rs struct{ region, service string }
	denied := map[string]map[string]bool{} // region -> services denied by an SCP
	other := map[string]bool{}             // regions with other failures
	for i := range errs {
		e := &errs[i]
		if scpDenied(e) {
			if denied[e.Region] == nil {
				denied[e.Region] = map[string]bool{}
			}
			denied[e.Region][e.Service] = true
		} else {
			other[e.Region] = true
		}
	}
	var out []mamori.CollectError
	seen := map[rs]bool{}
	svcRegions := map[string][]string{} // service denied outside whole-region denials -> regions
	svcFirst := map[string]int{}        // its entry in out
	for _, e := range errs {
		if !scpDenied(&e) {
			out = append(out, e)
			continue
		}
		msg := e.Message
		e.NotApplicable = true
		if e.Region != "global" && !other[e.Region] && len(denied[e.Region]) >= regional {
			// The whole region is denied: one line for it.
			if seen[rs{e.Region, "*"}] {
				continue
			}
			seen[rs{e.Region, "*"}] = true
			e.Service, e.Action, e.Types = "*", "", nil
			e.Message = "region denied by a service control policy: " + msg
			out = append(out, e)
			continue
		}
		// One service denied: one line for the account, naming its regions.
		if !contains(svcRegions[e.Service], e.Region) {
			svcRegions[e.Service] = append(svcRegions[e.Service], e.Region)
		}
		if i, ok := svcFirst[e.Service]; ok {
			regs := svcRegions[e.Service]
			sort.Strings(regs)
			out[i].Region = "*"
			out[i].Message = "service denied by a service control policy in " + strings.Join(regs, ", ") + ": " + out[i].Message[strings.Index(out[i].Message, ": ")+2:]
			continue
		}
		svcFirst[e.Service] = len(out)
		e.Message = "service denied by a service control policy in " + e.Region + ": " + msg
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(x, y mamori.CollectError) int {
		return strings.Compare(x.Region+"/"+x.Service, y.Region+"/"+y.Service)
	})
	return out
}

// LimiterStats sums up what the shared limiter saw.
func (c *OrgCollector) LimiterStats() LimiterStats { return c.lim.Stats() }
