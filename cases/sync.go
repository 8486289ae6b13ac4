package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// Store is what the workflow reads and writes.
type Store interface {
	mamori.CaseStore
	Asset(ctx context.Context, tenant, name string) (*mamori.Asset, error)
	Matches(ctx context.Context, f mamori.MatchFilter) ([]mamori.Match, error)
	Advisory(ctx context.Context, tenant, id string) (*mamori.Advisory, error)
	AliasGroup(ctx context.Context, tenant, id string) (*mamori.AliasGroup, error)
	KEV(ctx context.Context, tenant, cve string) (*mamori.KEVEntry, error)
	EPSS(ctx context.Context, tenant, cve string) (*mamori.EPSSScore, error)
	// ChangedAssets lists the assets whose matches, owner or importance
	// changed since MarkSynced recorded them (every asset when the KEV,
	// EPSS or scan data changed), with the stamp to record.
	ChangedAssets(ctx context.Context) ([]AssetStamp, error)
	MarkSynced(ctx context.Context, stamps []AssetStamp) error
	// Exposed maps resource names and IDs of the latest scan to the
	// finding that makes them reachable from the internet.
	Exposed(ctx context.Context) (map[string]Exposure, error)
}

// AssetStamp names an asset and the state of its inputs.
type AssetStamp struct {
	Tenant, Asset, Stamp string
}

// Syncer brings the cases up to date with the matches.
type Syncer struct {
	Store  Store
	Policy *Policy
	Now    func() time.Time
	// Actor is recorded on the changes it makes ("mamori").
	Actor string

	// Lookups made during one Sync, shared by its assets.
	groups   map[[2]string]string
	evidence map[[2]string]string
	kev      map[string]*mamori.KEVEntry
	epss     map[string]*mamori.EPSSScore
}

// Result counts what a sync did.
type Result struct {
	Assets, Opened, Updated, Reopened int
}

// Sync creates or joins a case for each (alias group, asset) of the changed
// assets' matches, recomputes urgency and due dates, applies stored
// decisions to new cases, marks cases whose vulnerability is gone, and
// re-opens closed cases whose vulnerable version came back and risk
// acceptances that expired. Each asset's changes are stored in one
// transaction.
func (s *Syncer) Sync(ctx context.Context) (Result, error) {
	var res Result
	s.groups, s.evidence, s.kev, s.epss = map[[2]string]string{}, map[[2]string]string{}, map[string]*mamori.KEVEntry{}, map[string]*mamori.EPSSScore{}
	now := s.Now()
	actor := s.Actor
	if actor == "" {
		actor = "mamori"
	}
	p := s.Policy
	if p == nil {
		p = DefaultPolicy()
	}
	changed, err := s.Store.ChangedAssets(ctx)
	if err != nil {
		return res, err
	}
	var exposed map[string]Exposure
	if len(changed) > 0 {
		if exposed, err = s.Store.Exposed(ctx); err != nil {
			return res, err
		}
	}
	decisions := map[string][]mamori.Decision{}
	for _, st := range changed {
		ds, ok := decisions[st.Tenant]
		if !ok {
			if ds, err = s.Store.Decisions(ctx, st.Tenant); err != nil {
				return res, err
			}
			// A decision survives alias merges: it holds for its group's
			// current name.
			for i := range ds {
				if ds[i].Group, err = s.canonical(ctx, ds[i].Tenant, ds[i].Group); err != nil {
					return res, err
				}
			}
			decisions[st.Tenant] = ds
		}
		chs, r, err := s.syncAsset(ctx, st, ds, exposed, p, actor, now)
		if err != nil {
			return res, err
		}
		if err := s.Store.SaveCases(ctx, chs); err != nil {
			return res, err
		}
		if err := s.Store.MarkSynced(ctx, []AssetStamp{st}); err != nil {
			return res, err
		}
		res.Assets++
		res.Opened += r.Opened
		res.Updated += r.Updated
		res.Reopened += r.Reopened
	}
	// Risk acceptances past their expiry.
	expired, err := s.Store.Cases(ctx, mamori.CaseFilter{ExpiresBefore: now})
	if err != nil {
		return res, err
	}
	var chs []mamori.CaseChange
	for i := range expired {
		c := &expired[i]
		if why := c.Reconcile(now); why != "" {
			chs = append(chs, mamori.CaseChange{Case: c, Action: "reopen", Actor: actor, Detail: map[string]string{"reason": why}})
			res.Reopened++
		}
	}
	if len(chs) > 0 {
		if err := s.Store.SaveCases(ctx, chs); err != nil {
			return res, err
		}
	}
	return res, nil
}

type groupMatches struct {
	group    string
	matches  []mamori.Match
	packages []mamori.CasePackage
}

func (s *Syncer) canonical(ctx context.Context, tenant, id string) (string, error) {
	k := [2]string{tenant, id}
	if g, ok := s.groups[k]; ok {
		return g, nil
	}
	for _, t := range []string{tenant, mamori.DefaultTenant} {
		g, err := s.Store.AliasGroup(ctx, t, id)
		if err == nil {
			s.groups[k] = g.ID
			return g.ID, nil
		}
		if !errors.Is(err, mamori.ErrNotFound) {
			return "", err
		}
	}
	s.groups[k] = id
	return id, nil
}

func (s *Syncer) syncAsset(ctx context.Context, st AssetStamp, ds []mamori.Decision, exposed map[string]Exposure, p *Policy, actor string, now time.Time) ([]mamori.CaseChange, Result, error) {
	var res Result
	asset, err := s.Store.Asset(ctx, st.Tenant, st.Asset)
	switch {
	case errors.Is(err, mamori.ErrNotFound):
		asset = &mamori.Asset{Tenant: st.Tenant, Name: st.Asset, Importance: mamori.ImportanceMedium}
	case err != nil:
		return nil, res, err
	}
	var ms []mamori.Match
	if err == nil {
		if ms, err = s.Store.Matches(ctx, mamori.MatchFilter{Tenant: st.Tenant, Asset: st.Asset}); err != nil {
			return nil, res, err
		}
	}
	groups := map[string]*groupMatches{}
	var order []string
	for _, m := range ms {
		g, err := s.canonical(ctx, st.Tenant, m.Group)
		if err != nil {
			return nil, res, err
		}
		gm := groups[g]
		if gm == nil {
			gm = &groupMatches{group: g}
			groups[g] = gm
			order = append(order, g)
		}
		gm.matches = append(gm.matches, m)
		pk := mamori.CasePackage{Ecosystem: m.Component.Ecosystem, Name: m.Component.Name, Version: m.Component.Version,
			PURL: mamori.PackageKey(m.Component.Ecosystem, m.Component.Name, m.Component.PURL), Range: m.Why.Range, Fixed: m.Why.Fixed, Confidence: m.Confidence}
		if m.Component.PURL == "" {
			pk.PURL = ""
		}
		if !slices.ContainsFunc(gm.packages, func(x mamori.CasePackage) bool {
			return x.Key() == pk.Key() && x.Version == pk.Version
		}) {
			gm.packages = append(gm.packages, pk)
		}
	}
	existing, err := s.Store.Cases(ctx, mamori.CaseFilter{Tenant: st.Tenant, Asset: st.Asset})
	if err != nil {
		return nil, res, err
	}
	byGroup := map[string]*mamori.Case{}
	for i := range existing {
		c := &existing[i]
		g, err := s.canonical(ctx, st.Tenant, c.Group)
		if err != nil {
			return nil, res, err
		}
		if old, ok := byGroup[g]; ok && old.Created.Before(c.Created) {
			continue
		}
		byGroup[g] = c
	}
	var exposure *Exposure
	if x, ok := exposed[asset.Name]; ok {
		exposure = &x
	}
	var chs []mamori.CaseChange
	for _, g := range order {
		gm := groups[g]
		u, kev, title, aliases, err := s.judge(ctx, st.Tenant, gm, asset, exposure, p)
		if err != nil {
			return nil, res, err
		}
		c := byGroup[g]
		if c == nil {
			c = &mamori.Case{Tenant: st.Tenant, Group: g, Asset: asset.Name, Status: mamori.CaseNew, Created: now, Opened: now, Updated: now}
			c.Owner, c.Title, c.Aliases, c.Packages, c.Present, c.Urgency = asset.Owner, title, aliases, gm.packages, true, u
			c.Due, c.Urgency.Rule = p.Due(u, kev, asset.Importance, now)
			detail := map[string]string{}
			if d := mamori.DecisionFor(ds, c); d != nil {
				if err := c.Decide(d, now); err == nil {
					detail["decision"] = d.ID
				}
			}
			chs = append(chs, mamori.CaseChange{Case: c, Action: "open", Actor: actor, Detail: detail})
			res.Opened++
			continue
		}
		delete(byGroup, g)
		before := fmt.Sprint(c.Group, c.Packages, c.Present, c.Urgency.Outcome, c.Due, c.Owner, c.Status)
		wasGone := !c.Present
		c.Group, c.Owner, c.Title, c.Aliases, c.Packages, c.Present = g, asset.Owner, title, aliases, gm.packages, true
		c.Urgency = u
		c.Due, c.Urgency.Rule = p.Due(u, kev, asset.Importance, c.Opened)
		action, detail := "update", map[string]string{}
		why := c.Reconcile(now)
		if why == "" && wasGone {
			why = c.Returned(now)
		}
		if why != "" {
			action, detail["reason"] = "reopen", why
			c.Due, c.Urgency.Rule = p.Due(u, kev, asset.Importance, c.Opened)
			res.Reopened++
		}
		if fmt.Sprint(c.Group, c.Packages, c.Present, c.Urgency.Outcome, c.Due, c.Owner, c.Status) == before {
			continue
		}
		c.Updated = now
		chs = append(chs, mamori.CaseChange{Case: c, Action: action, Actor: actor, Detail: detail})
		if action == "update" {
			res.Updated++
		}
	}
	// Cases whose vulnerability is gone from the asset's latest matches.
	var gone []string
	for g := range byGroup {
		gone = append(gone, g)
	}
	slices.Sort(gone)
	for _, g := range gone {
		c := byGroup[g]
		if !c.Present {
			continue
		}
		c.Present, c.Updated = false, now
		detail := map[string]string{"reason": "the vulnerable version is no longer in the asset's latest matches"}
		if c.Status == mamori.CaseApproved && c.Plan != nil && c.Plan.Kind == mamori.PlanPatch {
			// Patched when the fixed inventory was stored (mamori asset
			// add), not at this sync, which may run days later.
			at := now
			if u := asset.UpdatedAt; u.After(c.Opened) && u.Before(now) {
				at = u
			}
			c.Status, c.Patched = mamori.CasePatched, at
			detail["status"] = string(mamori.CasePatched)
		}
		chs = append(chs, mamori.CaseChange{Case: c, Action: "gone", Actor: actor, Detail: detail})
		res.Updated++
	}
	return chs, res, nil
}

// judge gathers the inputs of a group's urgency.
func (s *Syncer) judge(ctx context.Context, tenant string, gm *groupMatches, asset *mamori.Asset, exposure *Exposure, p *Policy) (mamori.Urgency, bool, string, []string, error) {
	in := Inputs{Importance: asset.Importance, Exposure: exposure}
	ids := []string{gm.group}
	title := ""
	seenAdv := map[string]bool{}
	for _, m := range gm.matches {
		for _, id := range append([]string{m.Group, m.AdvisoryID}, m.Aliases...) {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		for _, sv := range m.Severity {
			if !slices.Contains(in.Severity, sv) {
				in.Severity = append(in.Severity, sv)
			}
		}
		if title == "" {
			title = m.Summary
		}
		if seenAdv[m.AdvisoryID] {
			continue
		}
		seenAdv[m.AdvisoryID] = true
		ev, ok := s.evidence[[2]string{tenant, m.AdvisoryID}]
		if !ok {
			for _, t := range []string{tenant, mamori.DefaultTenant} {
				a, err := s.Store.Advisory(ctx, t, m.AdvisoryID)
				if errors.Is(err, mamori.ErrNotFound) {
					continue
				}
				if err != nil {
					return mamori.Urgency{}, false, "", nil, err
				}
				for _, r := range a.References {
					if strings.EqualFold(r.Type, "EVIDENCE") && ev == "" {
						ev = r.URL
					}
				}
				break
			}
			s.evidence[[2]string{tenant, m.AdvisoryID}] = ev
		}
		if in.Evidence == "" {
			in.Evidence = ev
		}
	}
	slices.Sort(ids[1:])
	for _, id := range ids {
		if !strings.HasPrefix(id, "CVE-") {
			continue
		}
		k, ok := s.kev[id]
		if !ok {
			var err error
			if k, err = s.Store.KEV(ctx, mamori.DefaultTenant, id); err != nil && !errors.Is(err, mamori.ErrNotFound) {
				return mamori.Urgency{}, false, "", nil, err
			}
			s.kev[id] = k
		}
		if in.KEV == nil && k != nil {
			in.KEV = k
		}
		e, ok := s.epss[id]
		if !ok {
			var err error
			if e, err = s.Store.EPSS(ctx, mamori.DefaultTenant, id); err != nil && !errors.Is(err, mamori.ErrNotFound) {
				return mamori.Urgency{}, false, "", nil, err
			}
			s.epss[id] = e
		}
		if e != nil && (in.EPSS == nil || e.Score > in.EPSS.Score) {
			in.EPSS = e
		}
	}
	u := Judge(in, p)
	return u, in.KEV != nil, title, ids[1:], nil
}
