package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/sqlite"
)

func newIAMCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "iam",
		Short: e.t("iam.short"),
		Long:  e.t("iam.long"),
		Args:  cobra.NoArgs,
	}
	c.AddCommand(newIAMPathsCmd(e))
	return c
}

// iamPathsOut is `mamori iam paths --format json`.
type iamPathsOut struct {
	Principal  string   `json:"principal"`
	Type       string   `json:"type"`
	Account    string   `json:"account"`
	Scan       string   `json:"scan"`
	Admin      *bool    `json:"admin_equivalent"`
	Conditions []any    `json:"admin_conditions,omitempty"`
	Unreadable []any    `json:"unreadable_policies,omitempty"`
	Paths      []any    `json:"paths"`
	Notes      []string `json:"notes,omitempty"`
}

func newIAMPathsCmd(e *env) *cobra.Command {
	var principal, scanID, format string
	c := &cobra.Command{
		Use:     "paths",
		Short:   e.t("iam.paths.short"),
		Long:    e.t("iam.paths.long"),
		Example: "  mamori iam paths --principal arn:aws:iam::111122223333:user/dave\n  mamori iam paths --principal arn:aws:iam::111122223333:role/ci --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if principal == "" {
				return usageErr("%s", e.t("iam.err.principal"))
			}
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
			r, err := findPrincipal(ctx, db, sc.ID, principal)
			if err != nil {
				return runErr("%v", err)
			}
			if r == nil {
				return usageErr("%s", e.t("iam.err.unknown", principal, sc.ID))
			}
			out := iamPathsOut{Principal: r.ID, Type: r.Type, Account: r.Account, Scan: sc.ID, Paths: []any{}}
			if v, ok := r.Facts["admin_equivalent"].(bool); ok {
				out.Admin = &v
			}
			out.Conditions, _ = r.Facts["admin_conditions"].([]any)
			out.Unreadable, _ = r.Facts["unreadable_policies"].([]any)
			if p, ok := r.Facts["escalation_paths"].([]any); ok {
				out.Paths = p
			}
			if r.Facts["scp_incomplete"] == true {
				out.Notes = append(out.Notes, e.t("iam.paths.scp_incomplete"))
			}
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			return writeIAMPaths(e, e.stdout, out)
		},
	}
	fl := c.Flags()
	fl.StringVar(&principal, "principal", "", e.t("iam.flag.principal"))
	fl.StringVar(&scanID, "scan", "", e.t("cli.flag.scan"))
	fl.StringVarP(&format, "format", "f", "table", e.t("iam.flag.format"))
	return c
}

// findPrincipal returns the stored user or role with the ARN (or, failing
// that, the one name), or nil.
func findPrincipal(ctx context.Context, db *sqlite.DB, scanID, arn string) (*mamori.Resource, error) {
	var exact *mamori.Resource
	var byName []*mamori.Resource
	err := db.WalkFacts(ctx, scanID, []string{"aws_iam_user", "aws_iam_role"}, func(r *mamori.Resource) error {
		switch {
		case r.ID == arn:
			c := *r
			exact = &c
		case r.Name == arn:
			c := *r
			byName = append(byName, &c)
		}
		return nil
	})
	if err != nil || exact != nil {
		return exact, err
	}
	if len(byName) == 1 {
		return byName[0], nil
	}
	return nil, nil
}

func writeIAMPaths(e *env, w io.Writer, out iamPathsOut) error {
	fmt.Fprintln(w, out.Principal)
	if len(out.Unreadable) > 0 {
		fmt.Fprintln(w, "  "+e.t("iam.paths.unreadable"))
		for _, u := range out.Unreadable {
			fmt.Fprintf(w, "    - %v\n", u)
		}
	}
	switch {
	case out.Admin == nil:
		fmt.Fprintln(w, "  "+e.t("iam.paths.no_facts"))
	case *out.Admin:
		fmt.Fprintln(w, "  "+e.t("iam.paths.admin"))
		for _, c := range out.Conditions {
			fmt.Fprintf(w, "    %s %v\n", e.t("iam.paths.may"), c)
		}
	case len(out.Paths) == 0:
		fmt.Fprintln(w, "  "+e.t("iam.paths.none"))
	default:
		fmt.Fprintln(w, "  "+e.t("iam.paths.count", len(out.Paths)))
		for i, p := range out.Paths {
			pm, _ := p.(map[string]any)
			cond := ""
			if pm["conditional"] == true {
				cond = " " + e.t("iam.paths.conditional")
			}
			fmt.Fprintf(w, "  %s%s\n", e.t("iam.paths.path", i+1), cond)
			steps, _ := pm["steps"].([]any)
			for j, s := range steps {
				sm, _ := s.(map[string]any)
				mark := ""
				if sm["conditional"] == true {
					mark = " " + e.t("iam.paths.may")
				}
				fmt.Fprintf(w, "    %d. [%v] %v%s\n", j+1, sm["method"], sm["step"], mark)
			}
		}
	}
	for _, n := range out.Notes {
		fmt.Fprintln(w, "  "+n)
	}
	return nil
}
