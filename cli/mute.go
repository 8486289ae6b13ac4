package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
)

func newMuteCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "mute",
		Short: e.t("mute.short"),
		Long:  e.t("mute.long"),
		Args:  cobra.NoArgs,
	}
	c.AddCommand(newMuteAddCmd(e), newMuteListCmd(e), newMuteRmCmd(e))
	return c
}

// parseUntil reads an expiry: a date (2026-12-31), an RFC 3339 time, or a
// duration from now in days or hours ("90d", "36h").
func parseUntil(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		// The whole day counts: the rule mutes until the end of it (UTC).
		return t.Add(24*time.Hour - time.Second).UTC(), nil
	}
	if n, err := strconv.Atoi(strings.TrimSuffix(s, "d")); err == nil && strings.HasSuffix(s, "d") && n > 0 {
		return now.Add(time.Duration(n) * 24 * time.Hour).UTC(), nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(d).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date (2026-12-31), a time (RFC 3339) or a duration (90d, 36h)", s)
}

func newMuteAddCmd(e *env) *cobra.Command {
	var m mamori.MuteRule
	var tags []string
	var until string
	c := &cobra.Command{
		Use:   "add",
		Short: e.t("mute.add.short"),
		Long:  e.t("mute.add.long"),
		Example: "  mamori mute add --account 999900001111 --reason \"sandbox account\" --owner platform-team --until 90d\n" +
			"  mamori mute add --check 'aws-s3-*' --tag env=dev --account 111122223333 --reason \"dev data only\" --owner tanaka --until 2026-12-31\n" +
			"  mamori mute add --check aws-ec2-instance-no-public-ip --pattern '^arn:aws:ec2:.*:instance/i-0bastion' --reason \"bastion\" --owner netops --until 180d",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			now := e.now()
			if m.Reason == "" || m.Owner == "" || until == "" {
				return usageErr("%s", e.t("mute.err.required"))
			}
			t, err := parseUntil(until, now)
			if err != nil {
				return usageErr("--until: %v", err)
			}
			if !t.After(now) {
				return usageErr("--until: %s", e.t("mute.err.past", t.Format(time.RFC3339)))
			}
			m.Until = t
			for _, kv := range tags {
				k, v, ok := strings.Cut(kv, "=")
				if !ok || k == "" {
					return usageErr("--tag: %s", e.t("mute.err.tag", kv))
				}
				if m.Tags == nil {
					m.Tags = map[string]string{}
				}
				m.Tags[k] = v
			}
			m.By = e.actor()
			m.Tenant = mamori.DefaultTenant
			if err := m.Validate(); err != nil {
				return usageErr("%v", err)
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.AddMute(cmd.Context(), &m, m.By, now); err != nil {
				return runErr("%v", err)
			}
			fmt.Fprintln(e.stdout, e.t("mute.added", m.ID, m.Describe(), m.Until.Format(time.RFC3339)))
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&m.Check, "check", "*", e.t("mute.flag.check"))
	fl.StringVar(&m.Resource, "resource", "*", e.t("mute.flag.resource"))
	fl.StringVar(&m.Name, "name", "", e.t("mute.flag.name"))
	fl.StringVar(&m.Account, "account", "", e.t("mute.flag.account"))
	fl.StringVar(&m.Region, "region", "", e.t("mute.flag.region"))
	fl.StringArrayVar(&tags, "tag", nil, e.t("mute.flag.tag"))
	fl.StringVar(&m.Pattern, "pattern", "", e.t("mute.flag.pattern"))
	fl.StringVar(&m.Owner, "owner", "", e.t("mute.flag.owner"))
	fl.StringVar(&m.Reason, "reason", "", e.t("mute.flag.reason"))
	fl.StringVar(&until, "until", "", e.t("mute.flag.until"))
	return c
}

// muteRow is one rule of `mamori mute list`.
type muteRow struct {
	ID      string            `json:"id"`
	Source  string            `json:"source"`
	State   string            `json:"state"`
	Check   string            `json:"check"`
	Res     string            `json:"resource"`
	Name    string            `json:"name,omitempty"`
	Account string            `json:"account,omitempty"`
	Region  string            `json:"region,omitempty"`
	Tags    map[string]string `json:"tags,omitempty"`
	Pattern string            `json:"pattern,omitempty"`
	Owner   string            `json:"owner,omitempty"`
	By      string            `json:"by"`
	Reason  string            `json:"reason"`
	Until   *time.Time        `json:"until"`
	Created *time.Time        `json:"created,omitempty"`
}

func newMuteListCmd(e *env) *cobra.Command {
	var format, mutelist string
	var expired, history bool
	c := &cobra.Command{
		Use:     "list",
		Short:   e.t("mute.list.short"),
		Long:    e.t("mute.list.long"),
		Example: "  mamori mute list\n  mamori mute list --expired --mutelist mutes.yaml\n  mamori mute list --history --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usageErr("%s", e.t("cli.err.format", format, "table, json"))
			}
			file, err := loadMutelist(e, mutelist)
			if err != nil {
				return err
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			ctx := cmd.Context()
			if history {
				cs, err := db.MuteChanges(ctx, mamori.DefaultTenant)
				if err != nil {
					return runErr("%v", err)
				}
				if format == "json" {
					if cs == nil {
						cs = []mamori.MuteChange{}
					}
					return writeJSON(e.stdout, cs)
				}
				tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, e.t("mute.history.header"))
				for _, c := range cs {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.At.Local().Format("2006-01-02 15:04"), c.Action, c.Actor, c.MuteID, c.Rule, c.Note)
				}
				return tw.Flush()
			}
			stored, err := db.Mutes(ctx, mamori.DefaultTenant)
			if err != nil {
				return runErr("%v", err)
			}
			now := e.now()
			rows := []muteRow{}
			add := func(m mamori.MuteRule, source string) {
				state := "active"
				if m.Expired(now) {
					state = "expired"
				}
				if expired && state != "expired" {
					return
				}
				r := muteRow{ID: m.ID, Source: source, State: state, Check: m.Check, Res: m.Resource, Name: m.Name, Account: m.Account, Region: m.Region,
					Tags: m.Tags, Pattern: m.Pattern, Owner: m.Owner, By: m.By, Reason: m.Reason}
				if !m.Until.IsZero() {
					u := m.Until
					r.Until = &u
				}
				if !m.Created.IsZero() {
					c := m.Created
					r.Created = &c
				}
				rows = append(rows, r)
			}
			for _, m := range stored {
				add(m, "store")
			}
			for i, m := range file {
				m.ID = fmt.Sprintf("%s#%d", mutelist, i+1)
				add(m, "file")
			}
			if format == "json" {
				return writeJSON(e.stdout, rows)
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, e.t("mute.list.header"))
			for _, r := range rows {
				until := e.t("mute.no_expiry")
				if r.Until != nil {
					until = r.Until.Local().Format("2006-01-02")
				}
				m := mamori.MuteRule{Check: r.Check, Resource: r.Res, Name: r.Name, Account: r.Account, Region: r.Region, Tags: r.Tags, Pattern: r.Pattern}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, e.t("mute.state."+r.State), m.Describe(), r.Owner, r.By, until, r.Reason)
			}
			return tw.Flush()
		},
	}
	fl := c.Flags()
	fl.StringVarP(&format, "format", "f", "table", e.t("iam.flag.format"))
	fl.StringVar(&mutelist, "mutelist", "", e.t("mute.flag.mutelist"))
	fl.BoolVar(&expired, "expired", false, e.t("mute.flag.expired"))
	fl.BoolVar(&history, "history", false, e.t("mute.flag.history"))
	return c
}

func newMuteRmCmd(e *env) *cobra.Command {
	var note string
	c := &cobra.Command{
		Use:     "rm ID...",
		Short:   e.t("mute.rm.short"),
		Long:    e.t("mute.rm.long"),
		Example: "  mamori mute rm mute-20261206T101500Z-1a2b3c4d --reason \"fixed in INC-2041\"",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, ids []string) error {
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			for _, id := range ids {
				err := db.RemoveMute(cmd.Context(), mamori.DefaultTenant, id, e.actor(), note, e.now())
				if errors.Is(err, mamori.ErrNotFound) {
					return usageErr("%s", e.t("mute.err.unknown", id))
				}
				if err != nil {
					return runErr("%v", err)
				}
				fmt.Fprintln(e.stdout, e.t("mute.removed", id))
			}
			return nil
		},
	}
	c.Flags().StringVar(&note, "reason", "", e.t("mute.flag.rm_reason"))
	return c
}

// reportExpiredMutes names, on standard error, each rule past its expiry:
// it no longer mutes, and someone should renew or remove it.
func reportExpiredMutes(e *env, rules []mamori.MuteRule, now time.Time) {
	for _, m := range mamori.ExpiredMutes(rules, now) {
		id := m.ID
		if id == "" {
			id = "--mutelist"
		}
		fmt.Fprintln(e.stderr, e.t("mute.expired", id, m.Describe(), m.Until.Format("2006-01-02"), m.By, m.Reason))
	}
}
