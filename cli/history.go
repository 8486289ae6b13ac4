package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/report"
)

func newFindingsCmd(e *env) *cobra.Command {
	var (
		status    []string
		severity  string
		check     string
		resource  string
		account   string
		scanID    string
		format    string
		output    string
		limit     int
		checksDir string
	)
	c := &cobra.Command{
		Use:     "findings",
		Short:   e.t("cli.findings.short"),
		Long:    e.t("cli.findings.long"),
		Example: "  mamori findings --status FAIL --severity high\n  mamori findings --check aws-s3-bucket-public --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !contains(report.Formats(), format) {
				return usageErr("%s", e.t("cli.err.format", format, strings.Join(report.Formats(), ", ")))
			}
			ff := mamori.FindingFilter{ScanID: scanID, CheckID: check, ResourceID: resource, Account: account, Limit: limit}
			for _, s := range status {
				st, err := mamori.ParseStatus(s)
				if err != nil {
					return usageErr("--status: %s", e.t("cli.err.status", s))
				}
				ff.Status = append(ff.Status, st)
			}
			if severity != "" {
				s, err := mamori.ParseSeverity(severity)
				if err != nil {
					return usageErr("--severity: %s", e.t("cli.err.severity", severity))
				}
				ff.MinSeverity = s
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
			ctx := cmd.Context()
			sc, err := scanOrLatest(ctx, e, db, scanID)
			if err != nil {
				return err
			}
			ff.ScanID = sc.ID
			cs, err := loadChecks(e, checksDir)
			if err != nil {
				return err
			}
			in := report.Input{Scan: *sc, Findings: report.FromStore(ctx, db, ff), Checks: checkMap(cs), Lang: e.lang, Version: Version}
			if format == "table" {
				in.Scan.Counts = nil // counts of the filtered list, not the whole scan
			}
			if format == "html" {
				if in.Changes, err = changesSince(ctx, db, sc); err != nil {
					return runErr("%v", err)
				}
			}
			if err := report.Render(out.w(), format, in); err != nil {
				return runErr("%v", err)
			}
			return out.commitOrErr(e, output)
		},
	}
	fl := c.Flags()
	fl.StringSliceVar(&status, "status", nil, e.t("cli.flag.status"))
	fl.StringVar(&severity, "severity", "", e.t("cli.flag.severity"))
	fl.StringVar(&check, "check", "", e.t("cli.flag.check"))
	fl.StringVar(&resource, "resource", "", e.t("cli.flag.resource"))
	fl.StringVar(&account, "account", "", e.t("cli.flag.account"))
	fl.StringVar(&scanID, "scan", "", e.t("cli.flag.scan"))
	fl.StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", strings.Join(report.Formats(), ", ")))
	fl.StringVarP(&output, "output", "o", "", e.t("cli.flag.output"))
	fl.IntVar(&limit, "limit", 0, e.t("cli.flag.limit"))
	fl.StringVar(&checksDir, "checks", "", e.t("cli.flag.checks"))
	return c
}

func (o *output) commitOrErr(e *env, path string) error {
	if err := o.commit(); err != nil {
		return runErr("%s", e.t("cli.err.output", path, err))
	}
	return nil
}

// scanOrLatest returns the scan with id, or the latest finished one.
func scanOrLatest(ctx context.Context, e *env, db mamori.Store, id string) (*mamori.Scan, error) {
	if id != "" {
		sc, err := db.Scan(ctx, id)
		if errors.Is(err, mamori.ErrNotFound) {
			return nil, usageErr("%s", e.t("cli.err.no_such_scan", id))
		}
		if err != nil {
			return nil, runErr("%v", err)
		}
		return sc, nil
	}
	ss, err := db.Scans(ctx, 1)
	if err != nil {
		return nil, runErr("%v", err)
	}
	if len(ss) == 0 {
		return nil, usageErr("%s", e.t("cli.err.no_scans"))
	}
	return &ss[0], nil
}

// previousScan returns the finished scan of the same source that started
// last before cur, or nil when there is none.
func previousScan(ctx context.Context, db mamori.Store, cur *mamori.Scan) (*mamori.Scan, error) {
	ss, err := db.Scans(ctx, 0)
	if err != nil {
		return nil, err
	}
	for i := range ss {
		if ss[i].StartedAt.Before(cur.StartedAt) && ss[i].Source == cur.Source {
			return &ss[i], nil
		}
	}
	return nil, nil
}

// changesSince counts what changed since the previous scan of cur's source,
// for a report's summary; nil when there is no previous scan.
func changesSince(ctx context.Context, db mamori.Store, cur *mamori.Scan) (*report.Changes, error) {
	prev, err := previousScan(ctx, db, cur)
	if err != nil || prev == nil {
		return nil, err
	}
	by, err := db.CountChanges(ctx, prev.ID, cur.ID)
	if err != nil {
		return nil, err
	}
	return &report.Changes{Previous: *prev, ByCheck: by}, nil
}

func newDiffCmd(e *env) *cobra.Command {
	var from, to, format, checksDir string
	c := &cobra.Command{
		Use:     "diff",
		Short:   e.t("cli.diff.short"),
		Long:    e.t("cli.diff.long"),
		Example: "  mamori diff\n  mamori diff --from 20260101T000000Z-1a2b3c4d --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !contains(report.DiffFormats(), format) {
				return usageErr("%s", e.t("cli.err.format", format, strings.Join(report.DiffFormats(), ", ")))
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			ctx := cmd.Context()
			cur, err := scanOrLatest(ctx, e, db, to)
			if err != nil {
				return err
			}
			var prev *mamori.Scan
			if from != "" {
				if prev, err = scanOrLatest(ctx, e, db, from); err != nil {
					return err
				}
			} else {
				if prev, err = previousScan(ctx, db, cur); err != nil {
					return runErr("%v", err)
				}
				if prev == nil {
					return usageErr("%s", e.t("cli.err.no_previous", cur.ID))
				}
			}
			pf, err := db.Findings(ctx, mamori.FindingFilter{ScanID: prev.ID})
			if err != nil {
				return runErr("%v", err)
			}
			cf, err := db.Findings(ctx, mamori.FindingFilter{ScanID: cur.ID})
			if err != nil {
				return runErr("%v", err)
			}
			cs, err := loadChecks(e, checksDir)
			if err != nil {
				return err
			}
			return report.RenderDiff(e.stdout, format, mamori.Compare(pf, cf), *prev, *cur, checkMap(cs), e.lang)
		},
	}
	c.Flags().StringVar(&from, "from", "", e.t("cli.flag.diff_from"))
	c.Flags().StringVar(&to, "to", "", e.t("cli.flag.diff_to"))
	c.Flags().StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", strings.Join(report.DiffFormats(), ", ")))
	c.Flags().StringVar(&checksDir, "checks", "", e.t("cli.flag.checks"))
	return c
}

func newScansCmd(e *env) *cobra.Command {
	var format string
	var limit int
	c := &cobra.Command{
		Use:   "scans",
		Short: e.t("cli.scans.short"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			ss, err := db.Scans(cmd.Context(), limit)
			if err != nil {
				return runErr("%v", err)
			}
			switch format {
			case "json":
				if ss == nil {
					ss = []mamori.Scan{}
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(ss)
			case "table":
				tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, e.t("cli.scans.header"))
				for _, s := range ss {
					partial := ""
					if s.Partial {
						partial = e.t("cli.scans.partial")
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%s\n", s.ID, s.Source, s.StartedAt.Local().Format("2006-01-02 15:04"),
						s.Resources, s.Counts[mamori.StatusFail], s.Counts[mamori.StatusError], partial)
				}
				return tw.Flush()
			}
			return usageErr("%s", e.t("cli.err.format", format, "table, json"))
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", "table, json"))
	c.Flags().IntVar(&limit, "limit", 20, e.t("cli.flag.limit"))
	return c
}
