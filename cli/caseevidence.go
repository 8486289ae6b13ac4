package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/cases"
)

// caseFixSource gives the evidence of mamori.EvidenceVulnHighFixed14d (SCS
// 4-4-4) from the vulnerability cases: it brings the cases up to date with
// the matches first, as every case command does (a vulnerability matched
// but not yet a case counts too), then judges them with cases.FixEvidence,
// and says on standard error what it counted and which cases fail.
type caseFixSource struct {
	e  *env
	st cases.Store
}

func (s caseFixSource) ID() string { return mamori.EvidenceVulnHighFixed14d }

func (s caseFixSource) Evidence(ctx context.Context, tenant string, now time.Time) (mamori.CheckEvidence, bool, error) {
	p, err := s.e.casePolicy("")
	if err != nil {
		return mamori.CheckEvidence{}, false, err
	}
	sy := &cases.Syncer{Store: s.st, Policy: p, Now: s.e.now, Actor: mamori.ActorMamori}
	res, err := sy.Sync(ctx)
	if err != nil {
		return mamori.CheckEvidence{}, false, err
	}
	if res.Opened > 0 || res.Reopened > 0 {
		fmt.Fprintln(s.e.stderr, s.e.t("cases.synced", res.Opened, res.Reopened))
	}
	n, err := cases.FixEvidence{Store: s.st}.Count(ctx, tenant, now)
	if err != nil {
		return mamori.CheckEvidence{}, false, err
	}
	if n.InTime+n.Late+n.Overdue+n.Accepted+n.Pending > 0 {
		fmt.Fprintln(s.e.stderr, s.e.t("wire.assess.cases", n.InTime, n.Late, n.Overdue, n.Accepted, n.Pending))
	}
	if len(n.Failing) > 0 {
		fmt.Fprintln(s.e.stderr, s.e.t("wire.assess.cases_failing", idList(n.Failing)))
	}
	if len(n.AcceptedIDs) > 0 {
		fmt.Fprintln(s.e.stderr, s.e.t("wire.assess.cases_accepted", idList(n.AcceptedIDs)))
	}
	ev := n.Evidence()
	return ev, ev.Pass+ev.Fail+ev.Muted > 0, nil
}

// idList joins case IDs, the first ten and how many more.
func idList(ids []string) string {
	if len(ids) <= 10 {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s (+%d)", strings.Join(ids[:10], ", "), len(ids)-10)
}
