// Package analyze derives facts that need more than one resource (is this
// bucket public once the account block, the bucket block, its policy and its
// ACL are combined?), once per scan, so that checks can read them as
// `facts.NAME`. Analyzers run after collection and before the engine; they
// never call a provider API.
package analyze

import (
	"slices"
	"sort"
	"strings"

	"github.com/mamori-sec/mamori"
)

// Analyzer derives facts over a whole scan's resources.
type Analyzer struct {
	// Name identifies the analyzer.
	Name string
	// Facts lists the fact names it sets, by resource type, for documentation.
	Facts map[string][]string
	// Reads lists, by resource type, the top-level attributes it reads. A
	// scan keeps only attributes some check or analyzer reads; an attribute
	// read here but missing from this list is invisible to the analyzer.
	Reads map[string][]string
	// Run sets facts on resources in ix (in place).
	Run func(ix *Index)
}

// All lists the analyzers compiled in, in the order they run.
func All() []Analyzer {
	return []Analyzer{
		s3Public,
		cloudtrailAccount,
		ec2Exposure,
		iamEffective,
		guarddutyDelegated,
		securityhubDelegated,
		cisMonitoring,
		wafCoverage,
		danglingDNS,
		// h-awsb (awsb.go)
		ssmManaged,
		cloudfrontS3Origins,
		vpcEndpoints,
		peeringRoutes,
		// h-cis
		cloudtrailS3Objects,
		// for the security-group port checks (sgworld.go)
		sgWorldIngress,
	}
}

// Reads returns the attributes the analyzers read.
func Reads() mamori.Reads {
	out := mamori.Reads{}
	for _, a := range All() {
		for typ, names := range a.Reads {
			out.Add(typ, names...)
		}
	}
	return out
}

// Types returns the resource types some analyzer reads or sets facts on. A
// scan may judge a resource of any other type as soon as it is collected and
// let it go; TestDeclaredTypes holds the analyzers to their declarations.
func Types() map[string]bool {
	out := map[string]bool{}
	for _, a := range All() {
		for typ := range a.Reads {
			out[typ] = true
		}
		for typ := range a.Facts {
			out[typ] = true
		}
	}
	return out
}

// Index gives analyzers access to resources by type and id. Resources are
// pointers into the scan's slice, so setting facts changes the scan.
type Index struct {
	byType map[string][]*mamori.Resource
	byID   map[string]*mamori.Resource
	// collected reports whether a service was read in this scan; nil means
	// every service was.
	collected func(service string) bool
	// collectedIn, when set, reports it for one account (organisation scans:
	// a member whose CloudTrail was denied says nothing of the others).
	collectedIn func(account, service string) bool
	// errs are the scan's collection failures (Unread); unread holds
	// Unread's answers, asked once per resource of a type but the same for
	// every resource of one account and region.
	errs   []mamori.CollectError
	unread map[[4]string]string
	// asked, when set (tests), records the types an analyzer asked for.
	asked map[string]bool
}

// Collected reports whether a service was read in this scan. An analyzer
// that concludes from an absence ("no trail exists") must check it, or a scan
// limited with --services would turn "not read" into a FAIL.
func (ix *Index) Collected(service string) bool {
	return ix.collected == nil || ix.collected(service)
}

// CollectedIn reports whether a service was read in one account of the
// scan; without per-account knowledge it is Collected.
func (ix *Index) CollectedIn(account, service string) bool {
	if ix.collectedIn == nil {
		return ix.Collected(service)
	}
	return ix.collectedIn(account, service)
}

// Unread says why the resources of type typ that service collects in one
// account and region may be incomplete: the collection failures that covered
// them (each with its action and reason), or, when the service was not read
// in the account at all (not selected, or failed without a recorded reason),
// that it was not read. It is "" when they were read — a failure in another
// region, or of another type of the same service, leaves them complete. A
// fact that depends on them is then left out and the reason set beside it,
// so that the check is ERROR and says why.
func (ix *Index) Unread(account, region, service, typ string) string {
	k := [4]string{account, region, service, typ}
	if why, ok := ix.unread[k]; ok {
		return why
	}
	why := ix.unreadNow(account, region, service, typ)
	if ix.unread == nil {
		ix.unread = map[[4]string]string{}
	}
	ix.unread[k] = why
	return why
}

func (ix *Index) unreadNow(account, region, service, typ string) string {
	var why []string
	seen := map[string]bool{}
	elsewhere := false
	for _, e := range ix.errs {
		if e.NotApplicable || e.Account != account || (e.Service != service && e.Service != "*") {
			continue
		}
		if (e.Region == region || e.Region == "" || e.Region == "global") && (len(e.Types) == 0 || slices.Contains(e.Types, typ)) {
			if m := e.Error(); !seen[m] {
				seen[m] = true
				why = append(why, m)
			}
			continue
		}
		elsewhere = true
	}
	switch {
	case len(why) > 0:
		return strings.Join(why, "; ")
	case !elsewhere && !ix.CollectedIn(account, service):
		return service + " was not read in this scan"
	}
	return ""
}

// NewIndex indexes rs.
func NewIndex(rs []mamori.Resource) *Index {
	ix := &Index{byType: map[string][]*mamori.Resource{}, byID: map[string]*mamori.Resource{}}
	for i := range rs {
		r := &rs[i]
		ix.byType[r.Type] = append(ix.byType[r.Type], r)
		ix.byID[r.Type+"|"+r.ID] = r
	}
	return ix
}

// Type returns the resources of a type.
func (ix *Index) Type(t string) []*mamori.Resource {
	if ix.asked != nil {
		ix.asked[t] = true
	}
	return ix.byType[t]
}

// Get returns the resource of a type with an id, or nil.
func (ix *Index) Get(t, id string) *mamori.Resource {
	if ix.asked != nil {
		ix.asked[t] = true
	}
	return ix.byID[t+"|"+id]
}

// SetFact sets one fact on r.
func SetFact(r *mamori.Resource, name string, v any) {
	if r.Facts == nil {
		r.Facts = map[string]any{}
	}
	r.Facts[name] = v
}

// Run applies every analyzer to rs. collected says which services were read
// (nil: all of them).
func Run(rs []mamori.Resource, collected func(service string) bool) {
	RunIn(rs, collected, nil)
}

// RunIn is Run that also knows, per account, which services were read
// (collectedIn; nil: as collected says for all accounts).
func RunIn(rs []mamori.Resource, collected func(service string) bool, collectedIn func(account, service string) bool) {
	// The attributes are all in rs already: nothing to load or release.
	_ = RunStaged(rs, collected, collectedIn, Staging{Load: func([]string) error { return nil }, Release: func([]string) {}})
}

// Staging lets a caller hold the resources' attributes elsewhere while
// analyzers run: Load fills in the attributes of the resources of the
// types given, Release drops them again (facts stay). RunStaged asks for
// the types each analyzer reads just before it runs, and lets go of those
// no later analyzer reads just after, so that only what the running
// analyzers need is in memory at once.
type Staging struct {
	Load    func(types []string) error
	Release func(types []string)
	// Errors are the scan's collection failures, so that an analyzer can
	// say why a fact is unknown (Index.Unread); nil: none known.
	Errors []mamori.CollectError
}

// RunStaged is RunIn with the attributes loaded and released per analyzer
// (see Staging). rs must hold every resource of the analyzers' types,
// attributes or not; a Load error stops the run and is returned.
func RunStaged(rs []mamori.Resource, collected func(service string) bool, collectedIn func(account, service string) bool, s Staging) error {
	ix := NewIndex(rs)
	ix.collected = collected
	ix.collectedIn = collectedIn
	ix.errs = s.Errors
	all := All()
	loaded := map[string]bool{}
	for i, a := range all {
		var need []string
		for typ := range a.Reads {
			if !loaded[typ] {
				need = append(need, typ)
				loaded[typ] = true
			}
		}
		sort.Strings(need)
		if err := s.Load(need); err != nil {
			return err
		}
		a.Run(ix)
		later := map[string]bool{}
		for _, b := range all[i+1:] {
			for typ := range b.Reads {
				later[typ] = true
			}
		}
		var drop []string
		for typ := range loaded {
			if !later[typ] {
				drop = append(drop, typ)
				delete(loaded, typ)
			}
		}
		sort.Strings(drop)
		s.Release(drop)
	}
	return nil
}
