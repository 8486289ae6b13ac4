// Package aws collects resources from AWS accounts with aws-sdk-go-v2. Each
// service is a declaration (see Service): the resource types it produces, the
// IAM actions it calls (from which `mamori permissions` builds the scanner's
// least-privilege policy) and a read-only collect function. Services are
// listed explicitly in list.go.
package aws

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"golang.org/x/sync/errgroup"

	"github.com/mamori-sec/mamori"
)

// Service declares one AWS service's collector.
type Service struct {
	// Name is the service's short name ("s3", "iam", "ec2").
	Name string
	// Global services are read once per account, from the home region, and
	// their resources carry region "global" unless the collector says otherwise.
	Global bool
	// Types are the resource types the collector produces.
	Types []string
	// Actions are the IAM actions the collector calls, e.g. "s3:GetBucketPolicy".
	Actions []string
	// Collect reads the service in one region (or once, for global services).
	// It sends resources to r.Emit and records failures of single calls with
	// r.Fail; a returned error means the whole service in that region failed.
	Collect func(ctx context.Context, r *Run) error
}

// Run is one service collection in one account and region.
type Run struct {
	// Config is the SDK configuration with Region set.
	Config sdkaws.Config
	// Account is the account id, Partition "aws" (or aws-cn, aws-us-gov).
	Account   string
	Partition string
	// Region is the region being read ("us-east-1" for global services).
	Region string
	// Regions are all regions being scanned (global services sometimes need it).
	Regions []string

	svc  *Service
	emit func(mamori.Resource)
	fail func(mamori.CollectError)
	// mu makes Emit and Fail safe to call from a collector's goroutines.
	mu sync.Mutex
}

// Emit sends one resource, filling in provider, account and region.
func (r *Run) Emit(res mamori.Resource) {
	res.Provider = "aws"
	if res.Account == "" {
		res.Account = r.Account
	}
	if res.Region == "" {
		if r.svc.Global {
			res.Region = "global"
		} else {
			res.Region = r.Region
		}
	}
	if res.Attributes == nil {
		res.Attributes = map[string]any{}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.emit(res)
}

// Fail records that one call failed; types are the resource types whose
// checks cannot be trusted because of it (default: all of the service's).
func (r *Run) Fail(action string, err error, types ...string) {
	if len(types) == 0 {
		types = r.svc.Types
	}
	region := r.Region
	if r.svc.Global {
		region = "global"
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail(mamori.CollectError{Provider: "aws", Account: r.Account, Region: region, Service: r.svc.Name, Action: action, Types: types, Message: ErrorMessage(err)})
}

// ARN builds an ARN in the run's partition.
func (r *Run) ARN(service, region, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", r.Partition, service, region, r.Account, resource)
}

// ErrorMessage turns an SDK error into a one-line reason without request ids.
func ErrorMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		msg := ae.ErrorMessage()
		if msg == "" {
			return ae.ErrorCode()
		}
		return ae.ErrorCode() + ": " + oneLine(msg)
	}
	return oneLine(err.Error())
}

// ErrorCode returns the AWS error code of err, or "".
func ErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Progress is reported as collection advances.
type Progress struct {
	// Account is set in organisation scans.
	Account         string
	Service, Region string
	Done, Total     int
	Resources       int
}

// Options configure a Collector.
type Options struct {
	// Config is the base SDK configuration (credentials, HTTP client, retryer).
	// Its Region is the home region used for global services and discovery.
	Config sdkaws.Config
	// Regions to scan; empty means every region enabled in the account.
	Regions []string
	// Services to scan by name; empty means all.
	Services []string
	// Concurrency bounds the service×region collections in flight (default 8).
	Concurrency int
	// Progress, if set, is called after each service×region finishes.
	Progress func(Progress)
	// Limiter paces the calls (see Limiter); nil makes one of its own with
	// MaxInFlight calls in flight at most (default DefaultMaxInFlight).
	Limiter     *Limiter
	MaxInFlight int
	// LimiterLabel names the account in the limiter's keys (organisation
	// scans share one limiter across accounts).
	LimiterLabel string
	// SkipDisabledRegions makes Discover leave out requested regions that the
	// account has not enabled (listed in Collector.Disabled) instead of
	// failing: an organisation's members need not all enable the same ones.
	SkipDisabledRegions bool
}

// Collector reads an AWS account. It implements mamori.Collector.
type Collector struct {
	opts Options
	// Account and Regions are known after Discover.
	Account string
	Regions []string
	// Disabled are the requested regions the account has not enabled (with
	// Options.SkipDisabledRegions).
	Disabled    []string
	part        string
	discoverErr *mamori.CollectError
}

var _ mamori.Collector = (*Collector)(nil)

// New returns a collector.
func New(o Options) *Collector {
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.Limiter == nil {
		o.Limiter = NewLimiter(o.MaxInFlight)
	}
	o.Config = o.Limiter.Wrap(o.Config, o.LimiterLabel)
	return &Collector{opts: o}
}

// CredentialError means the scanner could not authenticate at all.
type CredentialError struct{ Err error }

func (e *CredentialError) Error() string {
	return "AWS credentials: " + ErrorMessage(e.Err)
}
func (e *CredentialError) Unwrap() error { return e.Err }

// Missing reports whether no credentials were found at all (as opposed to
// credentials AWS refused), so the message can say where to put them.
func (e *CredentialError) Missing() bool {
	var ae smithy.APIError
	return !errors.As(e.Err, &ae) && strings.Contains(e.Err.Error(), "get credentials")
}

// RegionError means a requested region is not enabled or does not exist.
type RegionError struct {
	Region  string
	Enabled []string
}

func (e *RegionError) Error() string {
	return fmt.Sprintf("unknown or disabled region %q (enabled: %s)", e.Region, strings.Join(e.Enabled, ", "))
}

// Discover finds the account id (sts:GetCallerIdentity) and the regions to
// scan (ec2:DescribeRegions), checking the requested ones exist.
func (c *Collector) Discover(ctx context.Context) error {
	id, err := sts.NewFromConfig(c.opts.Config).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return &CredentialError{err}
	}
	c.Account = sdkaws.ToString(id.Account)
	c.part = "aws"
	if arn := sdkaws.ToString(id.Arn); strings.HasPrefix(arn, "arn:") {
		if p := strings.Split(arn, ":"); len(p) > 1 {
			c.part = p[1]
		}
	}
	out, err := ec2.NewFromConfig(c.opts.Config).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil && c.opts.SkipDisabledRegions && len(c.opts.Regions) > 0 && ctx.Err() == nil {
		// A role that may not list regions can still read the ones asked
		// for; a disabled one then fails call by call. Said once, in Collect.
		c.discoverErr = &mamori.CollectError{Provider: "aws", Account: c.Account, Region: "global", Service: "ec2", Action: "ec2:DescribeRegions",
			Message: "cannot list the enabled regions, reading the requested ones: " + ErrorMessage(err)}
		c.Regions = append([]string(nil), c.opts.Regions...)
		return nil
	}
	if err != nil {
		return fmt.Errorf("listing enabled regions (ec2:DescribeRegions): %s", ErrorMessage(err))
	}
	var enabled []string
	for _, r := range out.Regions {
		enabled = append(enabled, sdkaws.ToString(r.RegionName))
	}
	sort.Strings(enabled)
	if len(c.opts.Regions) == 0 {
		c.Regions = enabled
		return nil
	}
	c.Regions = nil
	for _, r := range c.opts.Regions {
		switch {
		case contains(enabled, r):
			c.Regions = append(c.Regions, r)
		case c.opts.SkipDisabledRegions:
			c.Disabled = append(c.Disabled, r)
		default:
			return &RegionError{Region: r, Enabled: enabled}
		}
	}
	return nil
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// Collect reads every selected service in every region with bounded
// concurrency. Failures become CollectErrors; Collect itself fails only when
// the account cannot be read at all.
func (c *Collector) Collect(ctx context.Context, emit func(mamori.Resource), fail func(mamori.CollectError)) error {
	if c.Account == "" {
		if err := c.Discover(ctx); err != nil {
			return err
		}
	}
	svcs, err := Select(c.opts.Services)
	if err != nil {
		return err
	}
	type job struct {
		svc    *Service
		region string
	}
	var jobs []job
	if c.discoverErr != nil {
		fail(*c.discoverErr)
	}
	if len(c.Regions) == 0 {
		return nil // every requested region is disabled here (SkipDisabledRegions)
	}
	home := c.opts.Config.Region
	if home == "" || !contains(c.Regions, home) {
		home = c.Regions[0]
	}
	// The global services go first: one job reads S3's buckets or IAM's
	// users of every region, so it is among the longest, and one started
	// last would finish alone while the other slots stand idle.
	for _, s := range svcs {
		if s.Collect != nil && s.Global {
			jobs = append(jobs, job{s, home})
		}
	}
	for _, s := range svcs {
		if s.Collect == nil || s.Global {
			continue
		}
		for _, r := range c.Regions {
			jobs = append(jobs, job{s, r})
		}
	}
	var mu sync.Mutex
	safeEmit := func(r mamori.Resource) { mu.Lock(); emit(r); mu.Unlock() }
	safeFail := func(e mamori.CollectError) { mu.Lock(); fail(e); mu.Unlock() }
	var done, count int
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.opts.Concurrency)
	for _, j := range jobs {
		g.Go(func() error {
			cfg := c.opts.Config.Copy()
			cfg.Region = j.region
			n := 0
			run := &Run{Config: cfg, Account: c.Account, Partition: c.part, Region: j.region, Regions: c.Regions, svc: j.svc,
				emit: func(r mamori.Resource) { n++; safeEmit(r) }, fail: safeFail}
			if err := j.svc.Collect(gctx, run); err != nil {
				if gctx.Err() != nil {
					return gctx.Err()
				}
				// A service with no endpoint in the region is not applicable
				// there: nothing to judge, and not a partial scan.
				if !NotOffered(err) {
					run.Fail("", err)
				}
			}
			if c.opts.Progress != nil {
				mu.Lock()
				done++
				count += n
				region := j.region
				if j.svc.Global {
					region = "global"
				}
				p := Progress{Service: j.svc.Name, Region: region, Done: done, Total: len(jobs), Resources: count}
				mu.Unlock()
				c.opts.Progress(p)
			}
			return nil
		})
	}
	return g.Wait()
}

// Select returns the services with the given names (all when names is empty).
func Select(names []string) ([]*Service, error) {
	all := Services()
	if len(names) == 0 {
		return all, nil
	}
	var out []*Service
	for _, n := range names {
		var found *Service
		for _, s := range all {
			if s.Name == n {
				found = s
			}
		}
		if found == nil {
			var known []string
			for _, s := range all {
				known = append(known, s.Name)
			}
			return nil, fmt.Errorf("unknown service %q (known: %s)", n, strings.Join(known, ", "))
		}
		out = append(out, found)
	}
	return out, nil
}

// ResourceTypes returns every resource type the collectors produce.
func ResourceTypes() []string {
	var out []string
	for _, s := range Services() {
		out = append(out, s.Types...)
	}
	sort.Strings(out)
	return out
}

// KnownType reports whether t is a type some AWS collector produces.
func KnownType(t string) bool {
	for _, s := range Services() {
		if contains(s.Types, t) {
			return true
		}
	}
	return false
}

// Actions returns every IAM action the collectors call, sorted, including the
// discovery calls.
func Actions() []string {
	set := map[string]bool{"sts:GetCallerIdentity": true, "ec2:DescribeRegions": true}
	for _, s := range Services() {
		for _, a := range s.Actions {
			set[a] = true
		}
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}
