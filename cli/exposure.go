package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/analyze"
)

// exposureRow is one resource of `mamori exposure`.
type exposureRow struct {
	Type      string `json:"type"`
	ID        string `json:"id"`
	Name      string `json:"name"`
	Account   string `json:"account"`
	Region    string `json:"region"`
	Reachable bool   `json:"internet_reachable"`
	Ports     []any  `json:"ports"`
	Path      []any  `json:"path"`
	Summary   string `json:"summary"`
	// IPv6Reachable, IPv6Ports, PathIPv6: what the internet reaches over
	// IPv6 (the summary names the IPv6 path too).
	IPv6Reachable bool  `json:"ipv6_reachable"`
	IPv6Ports     []any `json:"ipv6_ports,omitempty"`
	PathIPv6      []any `json:"path_ipv6,omitempty"`
	// ReachableVia: the load balancers it is reachable through (instances,
	// Lambda functions); ExposedTargets: what a load balancer exposes.
	ReachableVia   []any `json:"reachable_via,omitempty"`
	ExposedTargets []any `json:"exposed_targets,omitempty"`
	// OriginExposure: a CloudFront distribution's origins, and whether the
	// internet reaches each around it.
	OriginExposure []any `json:"origin_exposure,omitempty"`
}

func newExposureCmd(e *env) *cobra.Command {
	var scanID, format string
	var all bool
	c := &cobra.Command{
		Use:     "exposure",
		Short:   e.t("exposure.short"),
		Long:    e.t("exposure.long"),
		Example: "  mamori exposure\n  mamori exposure --all --format json",
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
			ctx := cmd.Context()
			sc, err := scanOrLatest(ctx, e, db, scanID)
			if err != nil {
				return err
			}
			rows := []exposureRow{}
			err = db.WalkFacts(ctx, sc.ID, analyze.ExposureTypes(), func(r *mamori.Resource) error {
				reach, ok := r.Facts["internet_reachable"].(bool)
				if !ok || !reach && !all {
					return nil
				}
				row := exposureRow{Type: r.Type, ID: r.ID, Name: r.Name, Account: r.Account, Region: r.Region, Reachable: reach, Ports: []any{}, Path: []any{}}
				if p, ok := r.Facts["internet_open_ports"].([]any); ok {
					row.Ports = p
				}
				if p, ok := r.Facts["exposure_path"].([]any); ok {
					row.Path = p
				}
				row.Summary, _ = r.Facts["exposure_summary"].(string)
				row.IPv6Reachable, _ = r.Facts["ipv6_reachable"].(bool)
				if row.IPv6Reachable {
					row.IPv6Ports, _ = r.Facts["ipv6_open_ports"].([]any)
					row.PathIPv6, _ = r.Facts["ipv6_exposure_path"].([]any)
				}
				row.ReachableVia, _ = r.Facts["reachable_via"].([]any)
				row.ExposedTargets, _ = r.Facts["exposed_targets"].([]any)
				row.OriginExposure, _ = r.Facts["origin_exposure"].([]any)
				rows = append(rows, row)
				return nil
			})
			if err != nil {
				return runErr("%v", err)
			}
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(struct {
					Scan      string        `json:"scan"`
					Resources []exposureRow `json:"resources"`
				}{sc.ID, rows})
			}
			fmt.Fprintln(e.stdout, e.t("exposure.scan", sc.ID, sc.Source))
			if len(rows) == 0 {
				fmt.Fprintln(e.stdout, e.t("exposure.none"))
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, e.t("exposure.header"))
			for _, r := range rows {
				summary := r.Summary
				// The path shows one way in; name the load balancers when
				// the path is the resource's own.
				if len(r.ReachableVia) > 0 && !strings.Contains(summary, "load-balancer ") {
					var names []string
					for _, v := range r.ReachableVia {
						names = append(names, lastSlashPart(fmt.Sprint(v)))
					}
					summary += " " + e.t("reach.via", strings.Join(names, ", "))
				}
				var around []string
				for _, o := range r.OriginExposure {
					if m, _ := o.(map[string]any); m["directly_reachable"] == true {
						around = append(around, fmt.Sprint(m["origin"]))
					}
				}
				if len(around) > 0 {
					summary += " " + e.t("reach.origins", strings.Join(around, ", "))
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Type, r.Name, r.Account, r.Region, portsText(r.Ports), summary)
			}
			return tw.Flush()
		},
	}
	fl := c.Flags()
	fl.StringVar(&scanID, "scan", "", e.t("cli.flag.scan"))
	fl.StringVarP(&format, "format", "f", "table", e.t("iam.flag.format"))
	fl.BoolVar(&all, "all", false, e.t("exposure.flag.all"))
	return c
}

// portsText prints port ranges as "tcp 22,80-90 udp 53".
func portsText(ps []any) string {
	by := map[string][]string{}
	var order []string
	for _, p := range ps {
		m, _ := p.(map[string]any)
		proto := fmt.Sprint(m["protocol"])
		if _, ok := by[proto]; !ok {
			order = append(order, proto)
		}
		lo, hi := fmt.Sprint(m["from_port"]), fmt.Sprint(m["to_port"])
		if lo == hi {
			by[proto] = append(by[proto], lo)
		} else {
			by[proto] = append(by[proto], lo+"-"+hi)
		}
	}
	var parts []string
	for _, proto := range order {
		parts = append(parts, proto+" "+strings.Join(by[proto], ","))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}

// lastSlashPart names a load balancer by its ARN: ".../app/NAME/ID" → NAME.
func lastSlashPart(arn string) string {
	parts := strings.Split(arn, "/")
	if len(parts) >= 3 {
		return parts[len(parts)-2]
	}
	return arn
}
