package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/report"
)

func newAlertsCmd(e *env) *cobra.Command {
	var (
		since, until, rule, severity, principal, format, output, tier string
		limit                                                         int
		signals                                                       bool
	)
	c := &cobra.Command{
		Use:     "alerts",
		Short:   e.t("cli.alerts.short"),
		Long:    e.t("cli.alerts.long"),
		Example: "  mamori alerts --since 7d\n  mamori alerts --signals --since 1d\n  mamori alerts --rule impossible-travel --format json\n  mamori alerts --severity high --format ocsf -o alerts.ocsf.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !contains(report.AlertFormats(), format) {
				return usageErr("%s", e.t("cli.err.format", format, strings.Join(report.AlertFormats(), ", ")))
			}
			now := e.now()
			f := mamori.AlertFilter{RuleID: rule, Principal: principal, Limit: limit, Tier: mamori.TierAlert}
			switch {
			case tier == "all":
				f.Tier = ""
			case tier != "":
				t, err := mamori.ParseTier(tier)
				if err != nil {
					return usageErr("--tier: %s", e.t("alerts.err.tier_filter", tier))
				}
				f.Tier = t
			}
			if signals {
				if tier != "" && tier != "all" {
					return usageErr("%s", e.t("alerts.err.signals_and_tier"))
				}
				f.Tier = ""
			}
			var err error
			if f.Since, err = parseWhen(since, now); err != nil {
				return usageErr("--since: %s", e.t("cli.err.when", since))
			}
			if f.Until, err = parseWhen(until, now); err != nil {
				return usageErr("--until: %s", e.t("cli.err.when", until))
			}
			if severity != "" {
				s, err := mamori.ParseSeverity(severity)
				if err != nil {
					return usageErr("--severity: %s", e.t("cli.err.severity", severity))
				}
				f.MinSeverity = s
			}
			out, err := newOutput(e, output)
			if err != nil {
				return err
			}
			defer out.abort()
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			// The keys of every alert asked for, then the alerts themselves
			// a batch at a time as the report writes them.
			keys, err := db.AlertKeys(cmd.Context(), f)
			if err != nil {
				return runErr("%v", err)
			}
			if err := report.RenderAlerts(out.w(), format, report.AlertInput{Count: len(keys), Load: loader(cmd.Context(), db, keys, format),
				Lang: e.lang, Version: Version}); err != nil {
				return runErr("%v", err)
			}
			return out.commitOrErr(e, output)
		},
	}
	fl := c.Flags()
	fl.StringVar(&since, "since", "", e.t("cli.flag.since"))
	fl.StringVar(&until, "until", "", e.t("cli.flag.until"))
	fl.StringVar(&rule, "rule", "", e.t("cli.flag.rule"))
	fl.StringVar(&severity, "severity", "", e.t("cli.flag.severity"))
	fl.StringVar(&principal, "principal", "", e.t("cli.flag.principal"))
	fl.StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", strings.Join(report.AlertFormats(), ", ")))
	fl.StringVarP(&output, "output", "o", "", e.t("cli.flag.output"))
	fl.IntVar(&limit, "limit", 0, e.t("cli.flag.limit"))
	fl.BoolVar(&signals, "signals", false, e.t("alerts.flag.signals"))
	fl.StringVar(&tier, "tier", "", e.t("alerts.flag.tier"))
	return c
}

// parseWhen reads a point in time: empty (none), a duration back from now
// ("90m", "24h", "7d", "2w"), a date ("2026-01-31", UTC midnight) or an
// RFC 3339 time.
func parseWhen(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if d, err := parseAgo(s); err == nil {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("not a time: %q", s)
}

// parseAgo is time.ParseDuration with days (d) and weeks (w); negative
// durations are refused.
func parseAgo(s string) (time.Duration, error) {
	var d time.Duration
	if n, unit := strings.TrimRight(s, "dw"), strings.TrimLeft(s, "0123456789"); (unit == "d" || unit == "w") && n != "" {
		v, err := strconv.Atoi(n)
		if err != nil {
			return 0, err
		}
		d = time.Duration(v) * 24 * time.Hour
		if unit == "w" {
			d *= 7
		}
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, err
		}
	}
	if d < 0 {
		return 0, fmt.Errorf("negative duration %q", s)
	}
	return d, nil
}
