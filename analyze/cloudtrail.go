package analyze

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mamori-sec/mamori"
)

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
//   - logging_trails (int): how many of them are logging (for FSBP
//     CloudTrail.3, "at least one trail is enabled"); left out when none is
//     known to log but the status of one could not be read.
//   - multi_region_trail_logging (bool): some trail covers the account. When
//     no trail is known to cover it but one might (its status or selectors
//     could not be read, so is_logging or management_events is absent), the
//     fact is left out, so that a check reading it is ERROR rather than FAIL.
//
// An account with trails but no aws_account resource gets nothing.
var cloudtrailAccount = Analyzer{
	Name:  "cloudtrail-account",
	Facts: map[string][]string{"aws_account": {"multi_region_trail_logging", "trails", "logging_trails", "organization_trail"}},
	Reads: map[string][]string{
		"aws_cloudtrail":            {"is_multi_region_trail", "include_global_service_events", "is_logging", "management_events", "is_organization_trail"},
		"aws.organizations.account": {"ManagementAccountId"},
	},
	Run: runCloudTrailAccount,
}

// trailCoverage is what one trail says about "the account is covered".
type trailCoverage int

const (
	trailNo trailCoverage = iota
	trailMaybe
	trailYes
)

// runCloudTrailAccount also counts organisation trails: a trail the
// management account owns with is_organization_trail logs every member's
// events, so, when the scan read the management account (an organisation
// scan), its judgement of the trail covers the members in the scan too —
// even one whose own view of the trail could not be read. The fact
// organization_trail then names the management account.
func runCloudTrailAccount(ix *Index) {
	if ix.collectedIn == nil && !ix.Collected("cloudtrail") {
		return // no trails read: absence proves nothing, the check is ERROR
	}
	type summary struct {
		trails, logging int64
		unknown         bool // a trail's status could not be read
		best            trailCoverage
	}
	byAccount := map[string]*summary{}
	orgBest := map[string]trailCoverage{} // management account -> its organisation trails
	for _, t := range ix.Type("aws_cloudtrail") {
		s := byAccount[t.Account]
		if s == nil {
			s = &summary{}
			byAccount[t.Account] = s
		}
		s.trails++
		switch l, ok := t.Attributes["is_logging"].(bool); {
		case !ok:
			s.unknown = true
		case l:
			s.logging++
		}
		c := trailCoverageOf(t)
		s.best = max(s.best, c)
		if t.Attributes["is_organization_trail"] == true && arnAccount(t.ID) == t.Account {
			orgBest[t.Account] = max(orgBest[t.Account], c)
		}
	}
	management := map[string]string{}
	for _, m := range ix.Type("aws.organizations.account") {
		if id, ok := m.Attributes["ManagementAccountId"].(string); ok {
			management[m.Account] = id
		}
	}
	for _, a := range ix.Type("aws_account") {
		s := byAccount[a.Account]
		if s == nil {
			s = &summary{}
		}
		best := s.best
		known := ix.CollectedIn(a.Account, "cloudtrail")
		if mg, ok := management[a.Account]; ok && mg != a.Account && orgBest[mg] == trailYes && ix.CollectedIn(mg, "cloudtrail") {
			best = trailYes
			known = true
			SetFact(a, "organization_trail", mg)
		}
		if !known {
			continue // this account's trails were not read: the check is ERROR
		}
		SetFact(a, "trails", s.trails)
		if s.logging > 0 || !s.unknown {
			SetFact(a, "logging_trails", s.logging)
		}
		switch best {
		case trailYes:
			SetFact(a, "multi_region_trail_logging", true)
		case trailNo:
			SetFact(a, "multi_region_trail_logging", false)
		}
	}
}

// arnAccount is the account field of an ARN.
func arnAccount(arn string) string {
	p := strings.SplitN(arn, ":", 6)
	if len(p) < 6 {
		return ""
	}
	return p[4]
}

// trailCoverageOf judges one trail; a value that is absent (not collected) makes a
// trail that would otherwise cover the account a "maybe".
func trailCoverageOf(t *mamori.Resource) trailCoverage {
	a := t.Attributes
	qualifies, unknown := loggingEverywhere(a)
	if !qualifies || a["include_global_service_events"] != true {
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

// cloudtrailS3Objects says, on each account's aws_account resource (owner:
// CloudTrail), whether S3 object-level events are recorded for every bucket,
// for CIS 3.8 (write events) and 3.9 (read events).
//
// A trail records an account's S3 writes (reads) when it is multi-region, is
// logging, and its s3_data_events (every bucket's object-level events, from
// its basic or advanced event selectors) is "All" or "WriteOnly"
// ("ReadOnly").
//
// Facts on aws_account (matched by account id):
//   - s3_object_write_logging (bool), s3_object_read_logging (bool). Left
//     out when no trail is known to qualify but one might (its is_logging or
//     s3_data_events is absent, or null: an organization trail whose
//     selectors a member account cannot read), so that a check reading it
//     is ERROR rather than FAIL. In an organisation scan, the management
//     account's organisation trails, as judged there, cover its members.
//   - s3_object_logging_trails (string): what each of the account's trails
//     records, for the finding's detail ("no trail" when there is none),
//     e.g. "audit (multi-region, logging, S3 data events for every bucket:
//     WriteOnly)". Set
//     whenever the account's trails were read.
var cloudtrailS3Objects = Analyzer{
	Name:  "cloudtrail-s3-objects",
	Facts: map[string][]string{"aws_account": {"s3_object_write_logging", "s3_object_read_logging", "s3_object_logging_trails"}},
	Reads: map[string][]string{
		"aws_cloudtrail":            {"is_multi_region_trail", "is_logging", "s3_data_events", "is_organization_trail"},
		"aws.organizations.account": {"ManagementAccountId"},
	},
	Run: runCloudTrailS3Objects,
}

func runCloudTrailS3Objects(ix *Index) {
	if ix.collectedIn == nil && !ix.Collected("cloudtrail") {
		return // no trails read: absence proves nothing, the check is ERROR
	}
	kinds := [2]struct{ fact, only string }{{"s3_object_write_logging", "WriteOnly"}, {"s3_object_read_logging", "ReadOnly"}}
	best := map[string]*[2]trailCoverage{}    // account -> its own trails
	orgBest := map[string]*[2]trailCoverage{} // management account -> its organisation trails
	at := func(m map[string]*[2]trailCoverage, acct string) *[2]trailCoverage {
		if m[acct] == nil {
			m[acct] = &[2]trailCoverage{}
		}
		return m[acct]
	}
	judge := func(t *mamori.Resource) (c [2]trailCoverage) {
		for i, k := range kinds {
			c[i] = trailS3Coverage(t, k.only)
		}
		return c
	}
	// An organisation trail as its owner (the management account) judged
	// it: a member's own view of it has no selectors.
	judged := map[string][2]trailCoverage{}
	owners := map[string]*mamori.Resource{} // organisation trail -> its owner's view
	for _, t := range ix.Type("aws_cloudtrail") {
		if t.Attributes["is_organization_trail"] == true && arnAccount(t.ID) == t.Account && ix.CollectedIn(t.Account, "cloudtrail") {
			judged[t.ID] = judge(t)
			owners[t.ID] = t
			o := at(orgBest, t.Account)
			for i, c := range judged[t.ID] {
				o[i] = max(o[i], c)
			}
		}
	}
	described := map[string][]string{} // account -> its trails, described
	for _, t := range ix.Type("aws_cloudtrail") {
		if o := owners[t.ID]; o != nil && o.Account != t.Account {
			described[t.Account] = append(described[t.Account], describeTrailS3(o)+" as read in "+o.Account)
		} else {
			described[t.Account] = append(described[t.Account], describeTrailS3(t))
		}
		c, ok := judged[t.ID]
		if !ok || arnAccount(t.ID) == t.Account {
			c = judge(t)
		}
		b := at(best, t.Account)
		for i := range c {
			b[i] = max(b[i], c[i])
		}
	}
	management := map[string]string{}
	for _, m := range ix.Type("aws.organizations.account") {
		if id, ok := m.Attributes["ManagementAccountId"].(string); ok {
			management[m.Account] = id
		}
	}
	for _, a := range ix.Type("aws_account") {
		known := ix.CollectedIn(a.Account, "cloudtrail")
		if d := described[a.Account]; len(d) > 0 {
			sort.Strings(d)
			SetFact(a, "s3_object_logging_trails", strings.Join(d, "; "))
		} else if known {
			SetFact(a, "s3_object_logging_trails", "no trail")
		}
		cov := [2]trailCoverage{}
		if b := best[a.Account]; b != nil {
			cov = *b
		}
		if mg, ok := management[a.Account]; ok && mg != a.Account && ix.CollectedIn(mg, "cloudtrail") && orgBest[mg] != nil {
			for i := range cov {
				if orgBest[mg][i] == trailYes {
					cov[i] = trailYes
				}
			}
		}
		for i, k := range kinds {
			switch {
			case cov[i] == trailYes:
				SetFact(a, k.fact, true)
			case cov[i] == trailNo && known:
				SetFact(a, k.fact, false)
			}
		}
	}
}

// loggingEverywhere asks of a trail's attributes what every judgement of a
// trail asks first: is it multi-region and logging? qualifies is false when
// it is known not to be; unknown is true when is_logging was not read.
func loggingEverywhere(a map[string]any) (qualifies, unknown bool) {
	if a["is_multi_region_trail"] != true {
		return false, false
	}
	switch v, ok := a["is_logging"]; {
	case !ok:
		return true, true
	case v != true:
		return false, false
	}
	return true, false
}

// trailS3Coverage judges one trail for S3 object-level events of one kind
// ("WriteOnly" or "ReadOnly"); an absent or null value makes a trail that
// would otherwise qualify a "maybe".
func trailS3Coverage(t *mamori.Resource, only string) trailCoverage {
	a := t.Attributes
	qualifies, unknown := loggingEverywhere(a)
	if !qualifies {
		return trailNo
	}
	switch v := a["s3_data_events"]; {
	case v == nil: // absent (not read) or null (another account's organisation trail)
		unknown = true
	case v != "All" && v != only:
		return trailNo
	}
	if unknown {
		return trailMaybe
	}
	return trailYes
}

// describeTrailS3 says what one trail records of S3 object-level events, in
// the words of the API: "audit (multi-region, logging, S3 data events for
// every bucket: WriteOnly)". Unread values read "unknown"; another account's
// organisation trail, whose selectors cannot be read here, says so.
func describeTrailS3(t *mamori.Resource) string {
	a := t.Attributes
	parts := make([]string, 0, 3)
	if a["is_multi_region_trail"] == true {
		parts = append(parts, "multi-region")
	} else {
		parts = append(parts, "single-region")
	}
	switch v, ok := a["is_logging"]; {
	case !ok || v == nil:
		parts = append(parts, "logging unknown")
	case v == true:
		parts = append(parts, "logging")
	default:
		parts = append(parts, "not logging")
	}
	switch v, ok := a["s3_data_events"]; {
	case ok && v == nil && a["is_organization_trail"] == true:
		parts = append(parts, "S3 data events for every bucket: set in the management account")
	case v == nil:
		parts = append(parts, "S3 data events for every bucket: unknown")
	default:
		parts = append(parts, fmt.Sprintf("S3 data events for every bucket: %v", v))
	}
	name := t.Name
	if name == "" {
		name = t.ID
	}
	return name + " (" + strings.Join(parts, ", ") + ")"
}
