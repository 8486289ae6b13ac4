package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
)

// accountSummary is one account as `mamori accounts` shows it: its latest
// scan and what that scan found there.
type accountSummary struct {
	Tenant    string    `json:"tenant"`
	Provider  string    `json:"provider"`
	Account   string    `json:"account"`
	ScanID    string    `json:"scan_id"`
	ScannedAt time.Time `json:"scanned_at"`
	Source    string    `json:"source"`
	// Failed counts FAIL findings by severity name.
	Failed map[string]int `json:"failed"`
	// Errors counts ERROR findings; Unread the reads that failed, with the
	// first reason; NotApplicable what was not read because it cannot be
	// used there (a region not enabled, one an SCP denies).
	Errors        int    `json:"errors"`
	Unread        int    `json:"unread"`
	Reason        string `json:"reason,omitempty"`
	NotApplicable int    `json:"not_applicable"`
	Muted         int    `json:"muted"`
	Passed        int    `json:"passed"`
}

func newAccountsCmd(e *env) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:     "accounts",
		Short:   e.t("accounts.short"),
		Long:    e.t("accounts.long"),
		Example: "  mamori accounts\n  mamori accounts --format json\n  mamori findings --account 111122223333 --status FAIL",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usageErr("%s", e.t("cli.err.format", format, "table, json"))
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			sums, err := accountSummaries(cmd.Context(), db)
			if err != nil {
				return runErr("%v", err)
			}
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(sums)
			}
			if len(sums) == 0 {
				fmt.Fprintln(e.stderr, e.t("accounts.none"))
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, e.t("accounts.header"))
			for _, s := range sums {
				reason := s.Reason
				if len(reason) > 80 {
					reason = reason[:77] + "..."
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", s.Account, s.ScannedAt.Local().Format("2006-01-02 15:04"), s.ScanID,
					s.Failed["critical"], s.Failed["high"], s.Failed["medium"], s.Failed["low"]+s.Failed["info"], s.Errors, s.Unread, s.NotApplicable, reason)
			}
			return tw.Flush()
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", "table, json"))
	return c
}

// accountSummaries finds each account's latest finished scan and sums up
// that scan's findings and read failures for it.
func accountSummaries(ctx context.Context, db mamori.Store) ([]accountSummary, error) {
	scans, err := db.Scans(ctx, 0) // newest first
	if err != nil {
		return nil, err
	}
	out := []accountSummary{}
	seen := map[string]bool{}
	for i := range scans {
		sc := &scans[i]
		for _, acct := range sc.Accounts {
			key := sc.Tenant + "|" + sc.Provider + "|" + acct
			if seen[key] {
				continue
			}
			seen[key] = true
			s := accountSummary{Tenant: sc.Tenant, Provider: sc.Provider, Account: acct, ScanID: sc.ID, ScannedAt: sc.StartedAt,
				Source: sc.Source, Failed: map[string]int{}}
			for sev := mamori.SeverityInfo; sev <= mamori.SeverityCritical; sev++ {
				s.Failed[sev.String()] = 0
			}
			counts, err := db.CountFindings(ctx, mamori.FindingFilter{ScanID: sc.ID, Account: acct})
			if err != nil {
				return nil, err
			}
			for _, c := range counts {
				switch c.Status {
				case mamori.StatusFail:
					s.Failed[c.Severity.String()] += c.Count
				case mamori.StatusError:
					s.Errors += c.Count
				case mamori.StatusMuted:
					s.Muted += c.Count
				case mamori.StatusPass:
					s.Passed += c.Count
				}
			}
			for _, ce := range sc.Errors {
				if ce.Account != acct {
					continue
				}
				if ce.NotApplicable {
					s.NotApplicable++
					continue
				}
				s.Unread++
				if s.Reason == "" {
					s.Reason = ce.Error()
				}
			}
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return strings.Compare(a.Tenant+a.Provider+a.Account, b.Tenant+b.Provider+b.Account) < 0
	})
	return out, nil
}
