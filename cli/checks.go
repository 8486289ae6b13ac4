package cli

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/checks"
)

func newChecksCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "checks", Short: e.t("cli.checks.short"), Args: cobra.NoArgs}
	var dir, format, service, fwID string
	list := &cobra.Command{
		Use:     "list",
		Short:   e.t("cli.checks.list.short"),
		Long:    e.t("cis.list.long"),
		Example: "  mamori checks list\n  mamori checks list --service s3 --format json\n  mamori checks list --format markdown > docs/checks.md\n  mamori checks list --framework cis-aws-5.0\n  mamori checks list --framework aws-fsbp --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if fwID != "" {
				if service != "" {
					return usageErr("%s", e.t("cis.err.service"))
				}
				return checksCoverage(e, dir, fwID, format)
			}
			cs, err := loadChecks(e, dir)
			if err != nil {
				return err
			}
			if service != "" {
				var keep []*mamori.Check
				for _, c := range cs {
					if c.Service == service {
						keep = append(keep, c)
					}
				}
				cs = keep
			}
			switch format {
			case "table":
				tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, e.t("cli.checks.header"))
				for _, c := range cs {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.ID, e.t("severity."+c.Severity.String()), c.Title.In(e.lang), strings.Join(c.Compliance, " "))
				}
				fmt.Fprintln(tw, e.t("cli.checks.count", len(cs)))
				return tw.Flush()
			case "json":
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if cs == nil {
					cs = []*mamori.Check{}
				}
				return enc.Encode(cs)
			case "markdown":
				return checksMarkdown(e, cs)
			}
			return usageErr("%s", e.t("cli.err.format", format, "table, json, markdown"))
		},
	}
	list.Flags().StringVar(&dir, "checks", "", e.t("cli.flag.checks"))
	list.Flags().StringVar(&service, "service", "", e.t("cli.flag.service"))
	list.Flags().StringVar(&fwID, "framework", "", e.t("cis.flag.framework"))
	list.Flags().StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", "table, json, markdown"))

	var tdir string
	test := &cobra.Command{
		Use:     "test",
		Short:   e.t("cli.checks.test.short"),
		Long:    e.t("cli.checks.test.long"),
		Example: "  mamori checks test --checks ./my-checks",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cs, err := loadChecks(e, tdir)
			if err != nil {
				return err
			}
			if tdir != "" {
				var own []*mamori.Check
				for _, c := range cs {
					if c.Source != "builtin" {
						own = append(own, c)
					}
				}
				cs = own
			}
			pass, fail := 0, 0
			for _, c := range cs {
				if len(c.Tests) == 0 {
					fmt.Fprintln(e.stdout, e.t("cli.checks.test.none", c.ID))
					continue
				}
				res, err := checks.RunTests(c)
				if err != nil {
					return usageErr("%v", err)
				}
				for _, r := range res {
					if r.OK() {
						pass++
						continue
					}
					fail++
					fmt.Fprintln(e.stdout, e.t("cli.checks.test.fail", r.Check, r.Name, r.Want, r.Got, r.Reason))
				}
			}
			fmt.Fprintf(e.stdout, "%d passed, %d failed\n", pass, fail)
			if fail > 0 {
				return &exitError{code: ExitFindings}
			}
			return nil
		},
	}
	test.Flags().StringVar(&tdir, "checks", "", e.t("cli.flag.checks"))

	types := &cobra.Command{
		Use:   "types",
		Short: e.t("cli.checks.types.short"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, t := range aws.ResourceTypes() {
				fmt.Fprintln(e.stdout, t)
			}
			return nil
		},
	}
	c.AddCommand(list, test, types)
	return c
}

// checksMarkdown writes the check catalogue as Markdown (docs/checks.md is
// generated with it).
func checksMarkdown(e *env, cs []*mamori.Check) error {
	w := e.stdout
	fmt.Fprintf(w, "# %s\n\n", e.t("cli.checks.md.title"))
	fmt.Fprintf(w, "%s\n\n", e.t("cli.checks.md.intro", len(cs)))
	by := map[string][]*mamori.Check{}
	var svcs []string
	for _, c := range cs {
		if by[c.Service] == nil {
			svcs = append(svcs, c.Service)
		}
		by[c.Service] = append(by[c.Service], c)
	}
	sort.Strings(svcs)
	for _, s := range svcs {
		fmt.Fprintf(w, "## %s\n\n| id | %s | %s | %s | %s |\n|---|---|---|---|---|\n", s,
			e.t("cli.checks.md.severity"), e.t("cli.checks.md.title_col"), e.t("cli.checks.md.type"), e.t("cli.checks.md.compliance"))
		for _, c := range by[s] {
			fmt.Fprintf(w, "| `%s` | %s | %s | `%s` | %s |\n", c.ID, c.Severity, c.Title.In(e.lang), c.ResourceType, strings.Join(c.Compliance, "<br>"))
		}
		fmt.Fprintln(w)
	}
	return nil
}

func newPermissionsCmd(e *env) *cobra.Command {
	var orgRole string
	c := &cobra.Command{
		Use:   "permissions",
		Short: e.t("cli.permissions.short"),
		Long:  e.t("cli.permissions.long"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stmts := []map[string]any{{
				"Sid":      "MamoriReadOnlyScan",
				"Effect":   "Allow",
				"Action":   aws.Actions(),
				"Resource": "*",
			}}
			if orgRole != "" {
				stmts = append(stmts, orgAssumeStatement(orgRole))
			}
			policy := map[string]any{
				"Version":   "2012-10-17",
				"Statement": stmts,
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(policy)
		},
	}
	c.Flags().StringVar(&orgRole, "org-role", "", e.t("org.flag.permissions_role"))
	return c
}
