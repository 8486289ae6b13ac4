package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/notify"
)

// notifyConfigPath is where the notification configuration is read from:
// the flag, else MAMORI_NOTIFY_CONFIG, else <user config dir>/mamori/notify.yaml
// (Linux: $XDG_CONFIG_HOME or ~/.config).
func notifyConfigPath(flag string) string {
	if flag != "" {
		return flag
	}
	if p := os.Getenv("MAMORI_NOTIFY_CONFIG"); p != "" {
		return p
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "mamori", "notify.yaml")
	}
	return "notify.yaml"
}

// notifier is the Notifier of every command that notifies (mamori case
// notify, audit ingest --notify, notify test / retry): configured by
// MAMORI_NOTIFY_CONFIG or the default file, recording its deliveries in
// store (the command's open database). A missing or malformed configuration
// is a usage error (exit 2) that names the file: nothing has been changed
// yet when it is called first.
func (e *env) notifier(store mamori.DeliveryStore) (*notify.Notifier, error) {
	return e.notifierFrom("", store)
}

// notifierFrom is notifier with the configuration file of a --config flag.
func (e *env) notifierFrom(configFlag string, store mamori.DeliveryStore) (*notify.Notifier, error) {
	p := notifyConfigPath(configFlag)
	cfg, err := notify.Load(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, usageErr("%s", e.t("notify.err.no_config", p))
	case err != nil:
		return nil, usageErr("%s", e.t("notify.err.config", oneLine(err.Error())))
	}
	return notify.New(cfg, store, e.now), nil
}

// reportDeliveries prints one line per delivery to standard error and
// returns an ExitPartial error when some were not sent (they are recorded;
// pending ones are retried by mamori notify retry).
func (e *env) reportDeliveries(ds []mamori.Delivery) error {
	bad := 0
	for _, d := range ds {
		fmt.Fprintln(e.stderr, e.deliveryLine(d))
		if d.Status != mamori.DeliverySent {
			bad++
		}
	}
	if bad > 0 {
		return &exitError{code: ExitPartial, msg: e.t("notify.partial", bad, len(ds))}
	}
	return nil
}

func (e *env) deliveryLine(d mamori.Delivery) string {
	s := e.t("notify.line", d.To, d.Channel, dash(d.Target), e.t("notify.status."+d.Status))
	switch d.Status {
	case mamori.DeliveryPending:
		s += " " + e.t("notify.line.retry", d.NextAt.Local().Format("2006-01-02 15:04:05"), d.LastError)
	case mamori.DeliveryFailed:
		s += " " + e.t("notify.line.error", d.LastError)
	}
	return s
}

func newNotifyCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "notify", Short: e.t("notify.short"), Long: e.t("notify.long"), Args: cobra.NoArgs}
	c.AddCommand(newNotifyListCmd(e), newNotifyRetryCmd(e), newNotifyTestCmd(e), newNotifyRecipientsCmd(e))
	return c
}

func newNotifyListCmd(e *env) *cobra.Command {
	var f mamori.DeliveryFilter
	var format string
	c := &cobra.Command{
		Use:     "list",
		Short:   e.t("notify.list.short"),
		Long:    e.t("notify.list.long"),
		Example: "  mamori notify list --status pending\n  mamori notify list --ref C-42 --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usageErr("%s", e.t("cli.err.format", format, "table, json"))
			}
			switch f.Status {
			case "", mamori.DeliverySent, mamori.DeliveryPending, mamori.DeliveryFailed:
			default:
				return usageErr("--status: %s", e.t("notify.err.status", f.Status))
			}
			if f.Limit < 0 {
				return usageErr("--limit: %d", f.Limit)
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			ds, err := db.Deliveries(cmd.Context(), f)
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			if format == "json" {
				return writeDeliveriesJSON(e, ds)
			}
			if len(ds) == 0 {
				fmt.Fprintln(e.stdout, e.t("notify.list.none"))
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, e.t("notify.list.head"))
			for _, d := range ds {
				next := "-"
				if !d.NextAt.IsZero() {
					next = d.NextAt.Local().Format("2006-01-02 15:04")
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", d.ID, d.Updated.Local().Format("2006-01-02 15:04"), d.Tenant, d.Topic,
					dash(d.Ref), d.To, d.Channel, dash(d.Target), e.t("notify.status."+d.Status), d.Attempts, next, dash(d.LastError))
			}
			return tw.Flush()
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.Tenant, "customer", "", e.t("notify.flag.customer_all"))
	fl.StringVar(&f.Status, "status", "", e.t("notify.flag.status"))
	fl.StringVar(&f.Topic, "topic", "", e.t("notify.flag.topic"))
	fl.StringVar(&f.Ref, "ref", "", e.t("notify.flag.ref"))
	fl.StringVar(&f.To, "to", "", e.t("notify.flag.to_filter"))
	fl.IntVar(&f.Limit, "limit", 100, e.t("notify.flag.limit"))
	fl.StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", "table, json"))
	return c
}

// deliveryJSON is a delivery in mamori notify list --format json.
type deliveryJSON struct {
	ID        int64      `json:"id"`
	Tenant    string     `json:"tenant"`
	Topic     string     `json:"topic"`
	Ref       string     `json:"ref"`
	To        string     `json:"to"`
	Channel   string     `json:"channel"`
	Target    string     `json:"target"`
	Status    string     `json:"status"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error"`
	NextAt    *time.Time `json:"next_at,omitempty"`
	Created   time.Time  `json:"created"`
	Updated   time.Time  `json:"updated"`
}

func writeDeliveriesJSON(e *env, ds []mamori.Delivery) error {
	out := make([]deliveryJSON, 0, len(ds))
	for _, d := range ds {
		j := deliveryJSON{ID: d.ID, Tenant: d.Tenant, Topic: d.Topic, Ref: d.Ref, To: d.To, Channel: d.Channel, Target: d.Target,
			Status: d.Status, Attempts: d.Attempts, LastError: d.LastError, Created: d.Created, Updated: d.Updated}
		if !d.NextAt.IsZero() {
			t := d.NextAt
			j.NextAt = &t
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func newNotifyRetryCmd(e *env) *cobra.Command {
	var config, customer string
	c := &cobra.Command{
		Use:     "retry",
		Short:   e.t("notify.retry.short"),
		Long:    e.t("notify.retry.long"),
		Example: "  mamori notify retry\n  */5 * * * *  mamori notify retry   # crontab",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			nf, err := e.notifierFrom(config, db)
			if err != nil {
				return err
			}
			ds, err := nf.Retry(cmd.Context(), customer)
			if err != nil {
				if len(ds) > 0 {
					e.reportDeliveries(ds)
				}
				return runErr("%s", oneLine(err.Error()))
			}
			n := map[string]int{}
			for _, d := range ds {
				n[d.Status]++
			}
			fmt.Fprintln(e.stdout, e.t("notify.retry.done", len(ds), n[mamori.DeliverySent], n[mamori.DeliveryPending], n[mamori.DeliveryFailed]))
			return e.reportDeliveries(ds)
		},
	}
	c.Flags().StringVar(&config, "config", "", e.t("notify.flag.config"))
	c.Flags().StringVar(&customer, "customer", "", e.t("notify.flag.customer_all"))
	return c
}

func newNotifyTestCmd(e *env) *cobra.Command {
	var config, to, customer string
	c := &cobra.Command{
		Use:     "test --to NAME",
		Short:   e.t("notify.test.short"),
		Long:    e.t("notify.test.long"),
		Example: "  mamori notify test --to tanaka\n  mamori notify test --to sakura --config ./notify.yaml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if strings.TrimSpace(to) == "" {
				return usageErr("--to: %s", e.t("notify.err.to"))
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			nf, err := e.notifierFrom(config, db)
			if err != nil {
				return err
			}
			if nf.Config.Recipient(to) == nil {
				return usageErr("--to: %s", e.t("notify.err.unknown_to", to, nf.Config.Path(), strings.Join(nf.Config.Names(), ", ")))
			}
			now := e.now()
			actor := e.actor()
			ds, err := nf.Notify(cmd.Context(), mamori.Notification{Tenant: mamori.TenantOr(customer), Topic: "test", Ref: "test-" + now.UTC().Format("20060102T150405Z"),
				To: to, Event: "test", Actor: actor, Fields: map[string]string{"recipient": to, "sent_by": actor, "time": now.Format(time.RFC3339)}})
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			return e.reportDeliveries(ds)
		},
	}
	c.Flags().StringVar(&config, "config", "", e.t("notify.flag.config"))
	c.Flags().StringVar(&to, "to", "", e.t("notify.flag.to"))
	c.Flags().StringVar(&customer, "customer", "", e.t("vuln.flag.customer"))
	return c
}

func newNotifyRecipientsCmd(e *env) *cobra.Command {
	var config, format string
	c := &cobra.Command{
		Use:   "recipients",
		Short: e.t("notify.recipients.short"),
		Long:  e.t("notify.recipients.long"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usageErr("%s", e.t("cli.err.format", format, "table, json"))
			}
			nf, err := e.notifierFrom(config, nil)
			if err != nil {
				return err
			}
			cs := nf.Channels()
			problems := 0
			for _, ci := range cs {
				if ci.Problem != "" {
					problems++
				}
			}
			if format == "json" {
				if cs == nil {
					cs = []notify.ChannelInfo{}
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(cs); err != nil {
					return err
				}
			} else {
				fmt.Fprintln(e.stdout, e.t("notify.recipients.file", nf.Config.Path()))
				tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
				fmt.Fprintln(tw, e.t("notify.recipients.head"))
				for _, ci := range cs {
					state := e.t("notify.recipients.ok")
					if ci.Problem != "" {
						state = ci.Problem
					}
					alerts := "-"
					if ci.Alerts {
						alerts = e.t("notify.recipients.alerts")
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", ci.Recipient, dash(ci.Kind), ci.Lang, alerts, ci.Channel, dash(ci.Target), state)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			if problems > 0 {
				return &exitError{code: ExitPartial, msg: e.t("notify.recipients.problems", problems)}
			}
			return nil
		},
	}
	c.Flags().StringVar(&config, "config", "", e.t("notify.flag.config"))
	c.Flags().StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", "table, json"))
	return c
}

// alertNotifier sends the event audit's new alerts (tier alert) to the
// recipients the configuration names under alerts:.
type alertNotifier struct {
	nf      *notify.Notifier
	started time.Time
	ids     []string
}

// newAlertNotifier is set up before the audit reads anything, so that a bad
// configuration stops it first.
func newAlertNotifier(e *env, configFlag string, db mamori.DeliveryStore) (*alertNotifier, error) {
	nf, err := e.notifierFrom(configFlag, db)
	if err != nil {
		return nil, err
	}
	if len(nf.Config.Alerts) == 0 {
		return nil, usageErr("%s", e.t("notify.err.no_alerts", nf.Config.Path()))
	}
	return &alertNotifier{nf: nf, started: e.now()}, nil
}

func (an *alertNotifier) observe(a mamori.Alert) {
	if a.Tier != mamori.TierSignal {
		an.ids = append(an.ids, a.ID)
	}
}

// send notifies every alert raised in this run that was new to the store
// (created now, not by an earlier run over the same records), once per
// recipient.
func (an *alertNotifier) send(ctx context.Context, e *env, store mamori.AlertStore) error {
	var ds []mamori.Delivery
	alerts := 0
	for start := 0; start < len(an.ids); start += mamori.MaxAlertIDs {
		ids := an.ids[start:min(start+mamori.MaxAlertIDs, len(an.ids))]
		as, err := store.Alerts(ctx, mamori.AlertFilter{IDs: ids, Tier: mamori.TierAlert, NoEvidence: true})
		if err != nil {
			return runErr("%s", oneLine(err.Error()))
		}
		for i := len(as) - 1; i >= 0; i-- { // oldest first
			a := as[i]
			if a.CreatedAt.Before(an.started) {
				continue
			}
			sent := false
			for _, to := range an.nf.Config.Alerts {
				done, err := an.nf.Store.Notified(ctx, a.Tenant, "alert", a.ID, to)
				if err != nil {
					return runErr("%s", oneLine(err.Error()))
				}
				if done {
					continue
				}
				got, err := an.nf.Notify(ctx, alertNotification(a, to))
				ds = append(ds, got...)
				if err != nil {
					return runErr("%s", oneLine(err.Error()))
				}
				sent = true
			}
			if sent {
				alerts++
			}
		}
	}
	// One line per channel that did not take them all, not one per alert.
	n := map[string]int{}
	type chanKey struct{ to, channel, target string }
	var order []chanKey
	unsent := map[chanKey][]mamori.Delivery{}
	for _, d := range ds {
		n[d.Status]++
		if d.Status != mamori.DeliverySent {
			k := chanKey{d.To, d.Channel, d.Target}
			if unsent[k] == nil {
				order = append(order, k)
			}
			unsent[k] = append(unsent[k], d)
		}
	}
	for _, k := range order {
		first := unsent[k][0]
		fmt.Fprintln(e.stderr, e.t("notify.alerts.unsent", k.to, k.channel, dash(k.target), len(unsent[k]), first.LastError))
	}
	fmt.Fprintln(e.stderr, e.t("notify.alerts.done", alerts, n[mamori.DeliverySent], n[mamori.DeliveryPending], n[mamori.DeliveryFailed]))
	return nil
}

// alertNotification is the "alert" notification of a to recipient.
func alertNotification(a mamori.Alert, to string) mamori.Notification {
	f := map[string]string{
		"rule":      a.RuleID,
		"title":     a.Title.En,
		"title.ja":  a.Title.Ja,
		"severity":  a.Severity.String(),
		"tier":      string(a.Tier),
		"time":      a.Time.UTC().Format(time.RFC3339),
		"account":   a.Account,
		"region":    a.Region,
		"actor":     a.Principal,
		"event":     strings.Join(a.EventNames, ", "),
		"source_ip": strings.Join(a.SourceIPs, ", "),
		"reason":    a.Reason.En,
		"reason.ja": a.Reason.Ja,
	}
	return mamori.Notification{Tenant: a.Tenant, Topic: "alert", Ref: a.ID, To: to, Event: "alert", Fields: f}
}
