package analyze

import "github.com/mamori-sec/mamori"

// cloudtrailAccount sums up each account's trails on its aws_account resource
// (owner: CloudTrail), for CIS 3.1 "CloudTrail is enabled in all regions".
//
// A trail covers the account when all of these hold:
//
//   - it is a multi-region trail (is_multi_region_trail);
//   - it is logging (is_logging);
//   - it records global service events (include_global_service_events);
//   - it records read and write management events (management_events is
//     "All", or null for an organization trail whose selectors the member
//     account cannot read).
//
// Facts on aws_account (matched by account id):
//   - trails (int): the number of trails collected for the account.
//   - multi_region_trail_logging (bool): some trail covers the account. When
//     no trail is known to cover it but one might (its status or selectors
//     could not be read, so is_logging or management_events is absent), the
//     fact is left out, so that a check reading it is ERROR rather than FAIL.
//
// An account with trails but no aws_account resource gets nothing.
var cloudtrailAccount = Analyzer{
	Name:  "cloudtrail-account",
	Facts: map[string][]string{"aws_account": {"multi_region_trail_logging", "trails"}},
	Reads: map[string][]string{"aws_cloudtrail": {"is_multi_region_trail", "include_global_service_events", "is_logging", "management_events"}},
	Run:   runCloudTrailAccount,
}

// trailCoverage is what one trail says about "the account is covered".
type trailCoverage int

const (
	trailNo trailCoverage = iota
	trailMaybe
	trailYes
)

func runCloudTrailAccount(ix *Index) {
	if !ix.Collected("cloudtrail") {
		return // no trails read: absence proves nothing, the check is ERROR
	}
	type summary struct {
		trails int64
		best   trailCoverage
	}
	byAccount := map[string]*summary{}
	for _, t := range ix.Type("aws_cloudtrail") {
		s := byAccount[t.Account]
		if s == nil {
			s = &summary{}
			byAccount[t.Account] = s
		}
		s.trails++
		s.best = max(s.best, trailCoverageOf(t))
	}
	for _, a := range ix.Type("aws_account") {
		s := byAccount[a.Account]
		if s == nil {
			s = &summary{}
		}
		SetFact(a, "trails", s.trails)
		switch s.best {
		case trailYes:
			SetFact(a, "multi_region_trail_logging", true)
		case trailNo:
			SetFact(a, "multi_region_trail_logging", false)
		}
	}
}

// trailCoverageOf judges one trail; a value that is absent (not collected) makes a
// trail that would otherwise cover the account a "maybe".
func trailCoverageOf(t *mamori.Resource) trailCoverage {
	a := t.Attributes
	if a["is_multi_region_trail"] != true || a["include_global_service_events"] != true {
		return trailNo
	}
	unknown := false
	switch v, ok := a["is_logging"]; {
	case !ok:
		unknown = true
	case v != true:
		return trailNo
	}
	switch v, ok := a["management_events"]; {
	case !ok:
		unknown = true
	case v != nil && v != "All":
		return trailNo
	}
	if unknown {
		return trailMaybe
	}
	return trailYes
}
