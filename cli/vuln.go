package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/report"
	"github.com/mamori-sec/mamori/sqlite"
	"github.com/mamori-sec/mamori/vuln"
)

func newVulnCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "vuln",
		Short: e.t("vuln.short"),
		Long:  e.t("vuln.long"),
		Args:  cobra.NoArgs,
	}
	c.AddCommand(newVulnImportCmd(e), newVulnShowCmd(e), newVulnScanCmd(e), newVulnMatchesCmd(e), newVulnReportCmd(e), newVulnSyncCmd(e))
	return c
}

func newVulnImportCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:     "import PATH...",
		Short:   e.t("vuln.import.short"),
		Long:    e.t("vuln2.import.long"),
		Example: "  mamori vuln import ./osv/go\n  mamori vuln import PyPI-all.zip known_exploited_vulnerabilities.json\n  mamori vuln import epss_scores-2026-12-01.csv.gz\n  mamori vuln import jvndb_detail_2026.rdf jvndb_2026.rdf\n  mamori vuln import rhsa-2024_1234.json",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			var res vuln.Result
			im := &vuln.Importer{Store: db, Now: e.now}
			if err := im.Import(cmd.Context(), args, &res); err != nil {
				if errors.Is(err, context.Canceled) {
					return err
				}
				return runErr("%s", oneLine(err.Error()))
			}
			for _, p := range res.Errors {
				fmt.Fprintln(e.stderr, "mamori: "+oneLine(p.Error()))
			}
			stats := func(s mamori.ImportStats) string {
				return e.t("vuln.import.stats", s.Added, s.Updated, s.Unchanged, s.Stale)
			}
			fmt.Fprintln(e.stderr, e.t("vuln.import.done", res.Files, stats(res.Advisories), stats(res.KEV), stats(res.EPSS)))
			if res.Skipped > 0 {
				fmt.Fprintln(e.stderr, e.t("vuln.import.skipped", res.Skipped))
			}
			if len(res.Errors) > 0 {
				return &exitError{code: ExitPartial, msg: e.t("vuln.import.partial", len(res.Errors))}
			}
			return nil
		},
	}
}

func newVulnShowCmd(e *env) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:     "show ID",
		Short:   e.t("vuln.show.short"),
		Long:    e.t("vuln.show.long"),
		Example: "  mamori vuln show CVE-2023-45288\n  mamori vuln show GHSA-4v7x-pqxf-cx7m --format json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return usageErr("%s", e.t("cli.err.format", format, "table, json"))
			}
			ctx := cmd.Context()
			id := strings.TrimSpace(args[0])
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			v, err := loadShow(ctx, db, id)
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			if len(v.Advisories) == 0 && len(v.KEV) == 0 && len(v.EPSS) == 0 {
				return usageErr("%s", e.t("vuln.show.unknown", id))
			}
			return report.RenderVulnShow(e.stdout, format, e.lang, v)
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", "table, json"))
	return c
}

// loadShow gathers what is known of id: its group, the group's advisories,
// the changes recorded, KEV entries and EPSS scores of its CVEs.
func loadShow(ctx context.Context, db *sqlite.DB, id string) (report.VulnShow, error) {
	v := report.VulnShow{KEV: map[string]*mamori.KEVEntry{}, EPSS: map[string]*mamori.EPSSScore{}, Changes: map[string]int{}}
	g, err := db.AliasGroup(ctx, "", id)
	switch {
	case errors.Is(err, mamori.ErrNotFound):
		g = &mamori.AliasGroup{Tenant: mamori.DefaultTenant, ID: id, Members: []string{id}}
	case err != nil:
		return v, err
	}
	v.Group = *g
	for _, m := range g.Members {
		a, err := db.Advisory(ctx, "", m)
		switch {
		case err == nil:
			v.Advisories = append(v.Advisories, *a)
			cs, err := db.AdvisoryChanges(ctx, "", m)
			if err != nil {
				return v, err
			}
			if len(cs) > 0 {
				v.Changes[m] = len(cs)
			}
		case !errors.Is(err, mamori.ErrNotFound):
			return v, err
		}
		if !strings.HasPrefix(m, "CVE-") {
			continue
		}
		k, err := db.KEV(ctx, "", m)
		switch {
		case err == nil:
			k.Raw = nil
			v.KEV[m] = k
		case !errors.Is(err, mamori.ErrNotFound):
			return v, err
		}
		s, err := db.EPSS(ctx, "", m)
		switch {
		case err == nil:
			v.EPSS[m] = s
		case !errors.Is(err, mamori.ErrNotFound):
			return v, err
		}
	}
	return v, nil
}

func newVulnScanCmd(e *env) *cobra.Command {
	var format, output string
	c := &cobra.Command{
		Use:     "scan PATH",
		Short:   e.t("vuln.scan.short"),
		Long:    e.t("vuln.scan.long"),
		Example: "  mamori vuln scan ./app\n  mamori vuln scan bom.cdx.json --format json -o matches.json\n  mamori vuln scan go.mod --lang ja",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !contains(report.VulnFormats(), format) {
				return usageErr("%s", e.t("cli.err.format", format, strings.Join(report.VulnFormats(), ", ")))
			}
			ctx := cmd.Context()
			if _, err := os.Stat(args[0]); err != nil {
				return usageErr("%s", oneLine(vulnPathErr(args[0], err)))
			}
			out, err := newOutput(e, output)
			if err != nil {
				return err
			}
			defer out.abort()
			cs, probs, err := vuln.Inventory(ctx, args[0])
			if err != nil {
				return usageErr("%s", oneLine(err.Error()))
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			m := &vuln.Matcher{Store: db, Now: e.now}
			ms, mprobs, err := m.Match(ctx, cs)
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			return e.writeMatches(out, output, format, args[0], len(cs), ms, append(probs, mprobs...))
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", strings.Join(report.VulnFormats(), ", ")))
	c.Flags().StringVarP(&output, "output", "o", "", e.t("cli.flag.output"))
	return c
}

func vulnPathErr(p string, err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return p + ": " + err.Error()
}

// writeMatches prints the problems on standard error, the report to out,
// and returns ExitPartial when there were problems.
func (e *env) writeMatches(out *output, path, format, target string, components int, ms []mamori.Match, probs []error) error {
	var ps []string
	for _, p := range probs {
		ps = append(ps, oneLine(p.Error()))
		fmt.Fprintln(e.stderr, "mamori: "+oneLine(p.Error()))
	}
	if err := report.RenderMatches(out.w(), format, report.VulnInput{Target: target, Components: components, Matches: ms,
		Problems: ps, Lang: e.lang, Version: Version, Now: e.now()}); err != nil {
		return runErr("%v", err)
	}
	if err := out.commitOrErr(e, path); err != nil {
		return err
	}
	if format != "table" {
		kev, cand := report.KEVCount(ms)
		fmt.Fprintln(e.stderr, e.t("vuln.scan.summary", components, len(ms), kev, cand))
	}
	if len(probs) > 0 {
		return &exitError{code: ExitPartial, msg: e.t("vuln.scan.partial", len(probs))}
	}
	return nil
}

func newVulnMatchesCmd(e *env) *cobra.Command {
	var asset, customer, format, output string
	c := &cobra.Command{
		Use:     "matches --asset NAME",
		Short:   e.t("vuln.matches.short"),
		Long:    e.t("vuln.matches.long"),
		Example: "  mamori vuln matches --asset shop-web\n  mamori vuln matches --asset shop-web --customer sakura --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asset == "" {
				return usageErr("%s", e.t("vuln.err.need_asset"))
			}
			if !contains(report.VulnFormats(), format) {
				return usageErr("%s", e.t("cli.err.format", format, strings.Join(report.VulnFormats(), ", ")))
			}
			ctx := cmd.Context()
			tenant := mamori.TenantOr(customer)
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
			a, err := db.Asset(ctx, tenant, asset)
			if errors.Is(err, mamori.ErrNotFound) {
				return usageErr("%s", e.t("vuln.err.no_asset", asset, tenant))
			}
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			ms, cs, probs, err := matchAsset(ctx, e, db, a)
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			return e.writeMatches(out, output, format, "asset "+a.Name, cs, ms, probs)
		},
	}
	fl := c.Flags()
	fl.StringVar(&asset, "asset", "", e.t("vuln.flag.asset"))
	fl.StringVar(&customer, "customer", "", e.t("vuln.flag.customer"))
	fl.StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", strings.Join(report.VulnFormats(), ", ")))
	fl.StringVarP(&output, "output", "o", "", e.t("cli.flag.output"))
	return c
}

// matchAsset matches an asset's stored components against the advisories of
// the shared tenant and its own, and stores the matches as the asset's.
func matchAsset(ctx context.Context, e *env, db *sqlite.DB, a *mamori.Asset) ([]mamori.Match, int, []error, error) {
	cs, err := db.Components(ctx, a.Tenant, a.Name)
	if err != nil {
		return nil, 0, nil, err
	}
	tenants := []string{mamori.DefaultTenant}
	if a.Tenant != mamori.DefaultTenant {
		tenants = append(tenants, a.Tenant)
	}
	m := &vuln.Matcher{Store: db, Tenants: tenants, Now: e.now}
	ms, probs, err := m.Match(ctx, cs)
	if err != nil {
		return nil, 0, nil, err
	}
	if err := db.PutMatches(ctx, a.Tenant, a.Name, ms); err != nil {
		return nil, 0, nil, err
	}
	return ms, len(cs), probs, nil
}

func newVulnReportCmd(e *env) *cobra.Command {
	var r vuln.Report
	var customer, aliases string
	c := &cobra.Command{
		Use:     "report --title TEXT --product NAME --version RANGE --source CHANNEL --reporter WHO",
		Short:   e.t("vuln.report.short"),
		Long:    e.t("vuln.report.long"),
		Example: "  mamori vuln report --title \"RCE in shop plugin\" --product shop-plugin --version \"<2.4.1\" --source customer --reporter suzuki@sakura.example\n  mamori vuln report --title \"lodash template injection\" --product lodash --ecosystem npm --version \">=4.0.0, <4.17.21\" --source staff --reporter tanaka",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, f := range []struct{ name, v string }{{"--title", r.Title}, {"--product", r.Product}, {"--source", r.Channel}, {"--reporter", r.Reporter}} {
				if strings.TrimSpace(f.v) == "" {
					return usageErr("%s", e.t("vuln.report.need", f.name))
				}
			}
			r.Tenant = mamori.TenantOr(customer)
			for _, a := range strings.Split(aliases, ",") {
				if a = strings.TrimSpace(a); a != "" {
					r.Aliases = append(r.Aliases, a)
				}
			}
			a, err := r.Advisory(e.now())
			if err != nil {
				return usageErr("--version: %s", oneLine(err.Error()))
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			st, err := db.PutAdvisories(cmd.Context(), []mamori.Advisory{a})
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			key := "vuln.report.stored"
			if st.Unchanged > 0 {
				key = "vuln.report.known"
			}
			fmt.Fprintln(e.stdout, e.t(key, a.ID, a.Tenant))
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&r.Title, "title", "", e.t("vuln.flag.title"))
	fl.StringVar(&r.Details, "details", "", e.t("vuln.flag.details"))
	fl.StringVar(&r.Product, "product", "", e.t("vuln.flag.product"))
	fl.StringVar(&r.Ecosystem, "ecosystem", "", e.t("vuln.flag.ecosystem"))
	fl.StringVar(&r.Versions, "version", "", e.t("vuln.flag.version_range"))
	fl.StringVar(&r.Channel, "source", "", e.t("vuln.flag.channel"))
	fl.StringVar(&r.Reporter, "reporter", "", e.t("vuln.flag.reporter"))
	fl.StringVar(&aliases, "alias", "", e.t("vuln.flag.alias"))
	fl.StringVar(&customer, "customer", "", e.t("vuln.flag.customer"))
	return c
}

func newVulnSyncCmd(e *env) *cobra.Command {
	var osvURL, ecosystems, kevURL, epssURL, jvnURL, myjvnURL string
	var jvnSince int
	var csafURLs []string
	c := &cobra.Command{
		Use:     "sync",
		Short:   e.t("vuln2.sync.short"),
		Long:    e.t("vuln2.sync.long"),
		Example: "  mamori vuln sync --ecosystems Go,PyPI,npm\n  mamori vuln sync --osv-url https://mirror.example/osv/{ecosystem}/all.zip --epss-url ''\n  mamori vuln sync --jvn-since 2024 --csaf https://security.example.com/.well-known/csaf/provider-metadata.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			sources := vuln.Sources(osvURL, strings.Split(ecosystems, ","), kevURL, epssURL)
			var providers []string
			for _, u := range csafURLs {
				if u = strings.TrimSpace(u); u != "" {
					providers = append(providers, u)
				}
			}
			if len(sources) == 0 && jvnURL == "" && myjvnURL == "" && len(providers) == 0 {
				return usageErr("%s", e.t("vuln.sync.none"))
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			storeErr := func(err error) error {
				if errors.Is(err, context.Canceled) {
					return err
				}
				return runErr("%s", oneLine(err.Error()))
			}
			// A feed that stops answering ends after this long (the yearly
			// JVN files are ~80 MB); Ctrl-C ends it at once.
			client := &http.Client{Timeout: 15 * time.Minute}
			rs, err := vuln.Sync(ctx, client, db, sources, e.now)
			if err != nil {
				return storeErr(err)
			}
			if jvnURL != "" {
				jr, err := vuln.SyncJVNFeeds(ctx, client, db, jvnURL, jvnSince, e.now)
				rs = append(rs, jr...)
				if err != nil {
					return storeErr(err)
				}
			}
			if myjvnURL != "" {
				mr, err := vuln.SyncMyJVN(ctx, client, db, myjvnURL, e.now)
				rs = append(rs, mr)
				if err != nil {
					return storeErr(err)
				}
			}
			for _, p := range providers {
				cr, err := vuln.SyncCSAF(ctx, client, db, p, e.now)
				rs = append(rs, cr...)
				if err != nil {
					return storeErr(err)
				}
			}
			bad := 0
			stats := func(s mamori.ImportStats) string {
				return e.t("vuln.import.stats", s.Added, s.Updated, s.Unchanged, s.Stale)
			}
			for _, r := range rs {
				for _, p := range r.Import.Errors {
					fmt.Fprintln(e.stderr, "mamori: "+oneLine(p.Error()))
				}
				bad += len(r.Import.Errors)
				switch {
				case r.Err != nil:
					bad++
					fmt.Fprintln(e.stderr, "mamori: "+oneLine(r.Err.Error()))
				case r.NotModified:
					fmt.Fprintln(e.stderr, e.t("vuln.sync.unchanged", r.Source.Name))
				default:
					s := r.Import.Advisories
					if strings.HasPrefix(r.Source.Name, "kev") {
						s = r.Import.KEV
					} else if strings.HasPrefix(r.Source.Name, "epss") {
						s = r.Import.EPSS
					}
					fmt.Fprintln(e.stderr, e.t("vuln.sync.done", r.Source.Name, r.Bytes, stats(s)))
				}
			}
			if bad > 0 {
				return &exitError{code: ExitPartial, msg: e.t("vuln.sync.partial", bad)}
			}
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&osvURL, "osv-url", envOr("MAMORI_OSV_URL", vuln.DefaultOSVURL), e.t("vuln.flag.osv_url"))
	fl.StringVar(&ecosystems, "ecosystems", envOr("MAMORI_OSV_ECOSYSTEMS", "Go,PyPI,npm"), e.t("vuln.flag.ecosystems"))
	fl.StringVar(&kevURL, "kev-url", envOr("MAMORI_KEV_URL", vuln.DefaultKEVURL), e.t("vuln.flag.kev_url"))
	fl.StringVar(&epssURL, "epss-url", envOr("MAMORI_EPSS_URL", vuln.DefaultEPSSURL), e.t("vuln.flag.epss_url"))
	fl.StringVar(&jvnURL, "jvn-feed-url", envOr("MAMORI_JVN_FEED_URL", vuln.DefaultJVNFeedURL), e.t("vuln2.flag.jvn_feed_url"))
	fl.IntVar(&jvnSince, "jvn-since", envInt("MAMORI_JVN_SINCE", e.now().Year()-2), e.t("vuln2.flag.jvn_since"))
	fl.StringVar(&myjvnURL, "myjvn-url", envOr("MAMORI_MYJVN_URL", vuln.DefaultMyJVNURL), e.t("vuln2.flag.myjvn_url"))
	fl.StringSliceVar(&csafURLs, "csaf", splitEnv("MAMORI_CSAF_PROVIDERS"), e.t("vuln2.flag.csaf"))
	return c
}

// envOr is the environment variable's value when it is set, else def.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// envInt is the environment variable's value as a number when it is one,
// else def.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(strings.TrimSpace(os.Getenv(name))); err == nil {
		return v
	}
	return def
}

// splitEnv is the comma-separated list in an environment variable.
func splitEnv(name string) []string {
	var out []string
	for _, s := range strings.Split(os.Getenv(name), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
