package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/report"
	"github.com/mamori-sec/mamori/vuln"
)

func newAssetCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "asset",
		Short: e.t("asset.short"),
		Long:  e.t("asset.long"),
		Args:  cobra.NoArgs,
	}
	c.AddCommand(newAssetAddCmd(e), newAssetListCmd(e))
	return c
}

func newAssetAddCmd(e *env) *cobra.Command {
	var owner, customer, importance, sbom, scanID string
	var cloud bool
	c := &cobra.Command{
		Use:     "add NAME --sbom FILE",
		Short:   e.t("asset.add.short"),
		Long:    e.t("vuln2.asset.add.long"),
		Example: "  mamori asset add shop-web --owner tanaka --customer sakura --sbom bom.cdx.json\n  mamori asset add billing --owner team-billing --importance critical --sbom ./billing\n  mamori asset add prod-aws --owner infra --cloud    # RDS / ElastiCache / OpenSearch engines, EKS, Lambda runtimes of the latest scan",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			imp, err := mamori.ParseImportance(importance)
			if err != nil {
				return usageErr("--importance: %s", err)
			}
			if sbom == "" && !cloud && scanID == "" {
				return usageErr("--sbom: %s", e.t("cli.see_help_cmd", cmd.CommandPath()))
			}
			if sbom != "" {
				if _, err := os.Stat(sbom); err != nil {
					return usageErr("--sbom: %s", oneLine(vulnPathErr(sbom, err)))
				}
			}
			a := &mamori.Asset{Tenant: mamori.TenantOr(customer), Name: args[0], Owner: owner, Importance: imp, Source: sbom}
			if err := a.Validate(); err != nil {
				return usageErr("%s", err)
			}
			var cs []mamori.Component
			var probs []error
			if sbom != "" {
				if cs, probs, err = vuln.Inventory(ctx, sbom); err != nil {
					return usageErr("--sbom: %s", oneLine(err.Error()))
				}
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			if cloud || scanID != "" {
				id := scanID
				if id == "" {
					scans, err := db.Scans(ctx, 1)
					if err != nil {
						return runErr("%s", oneLine(err.Error()))
					}
					if len(scans) == 0 {
						return usageErr("%s", e.t("vuln2.asset.no_scan"))
					}
					id = scans[0].ID
				}
				rs, err := db.Resources(ctx, id)
				if err != nil {
					return runErr("%s", oneLine(err.Error()))
				}
				cc := vuln.CloudComponents(rs)
				fmt.Fprintln(e.stderr, e.t("vuln2.asset.cloud", len(cc), id))
				cs = append(cs, cc...)
				if a.Source == "" {
					a.Source = "scan " + id
				} else {
					a.Source += ", scan " + id
				}
			}
			// The asset, its components and its change-log entry in one
			// transaction.
			if err := db.PutAssetBy(ctx, a, cs, e.actor()); err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			ms, n, mprobs, err := matchAsset(ctx, e, db, a)
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			probs = append(probs, mprobs...)
			for _, p := range probs {
				fmt.Fprintln(e.stderr, "mamori: "+oneLine(p.Error()))
			}
			kev, _ := report.KEVCount(ms)
			fmt.Fprintln(e.stdout, e.t("asset.add.done", a.Name, a.Tenant, dash(a.Owner), string(a.Importance), n, a.Source, len(ms), kev))
			if len(probs) > 0 {
				return &exitError{code: ExitPartial, msg: e.t("vuln.scan.partial", len(probs))}
			}
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&owner, "owner", "", e.t("vuln.flag.owner"))
	fl.StringVar(&customer, "customer", "", e.t("vuln.flag.customer"))
	fl.StringVar(&importance, "importance", "medium", e.t("vuln.flag.importance"))
	fl.StringVar(&sbom, "sbom", "", e.t("vuln.flag.sbom"))
	fl.BoolVar(&cloud, "cloud", false, e.t("vuln2.flag.cloud"))
	fl.StringVar(&scanID, "scan", "", e.t("vuln2.flag.scan"))
	return c
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newAssetListCmd(e *env) *cobra.Command {
	var customer string
	c := &cobra.Command{
		Use:   "list",
		Short: e.t("asset.list.short"),
		Long:  e.t("asset.list.short"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			tenant := mamori.TenantOr(customer)
			as, err := db.Assets(cmd.Context(), tenant)
			if err != nil {
				return runErr("%s", oneLine(err.Error()))
			}
			if len(as) == 0 {
				fmt.Fprintln(e.stdout, e.t("asset.list.none", tenant))
				return nil
			}
			report.RenderAssets(e.stdout, e.lang, as)
			return nil
		},
	}
	c.Flags().StringVar(&customer, "customer", "", e.t("vuln.flag.customer"))
	return c
}
