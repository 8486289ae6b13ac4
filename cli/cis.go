package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/framework"
)

// coverageFrameworks are the frameworks docs/coverage.md reports on.
var coverageFrameworks = []string{"cis-aws-5.0", "cis-aws-3.0", "aws-fsbp"}

// checksCoverage is `mamori checks list --framework ID`: every control of
// the framework with the checks that automate it, manual with the reason, or
// not covered, and the coverage figures.
func checksCoverage(e *env, checksDir, fwID, format string) error {
	cov, err := loadCoverage(e, checksDir, fwID)
	if err != nil {
		return err
	}
	switch format {
	case "table":
		return coverageTable(e, cov)
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(cov)
	case "markdown":
		coverageMarkdown(e, e.stdout, cov)
		return nil
	}
	return usageErr("%s", e.t("cli.err.format", format, "table, json, markdown"))
}

func loadCoverage(e *env, checksDir, fwID string) (*framework.Coverage, error) {
	cs, err := loadChecks(e, checksDir)
	if err != nil {
		return nil, err
	}
	fws, err := framework.Builtin(cs)
	if err != nil {
		return nil, runErr("built-in frameworks: %v", err)
	}
	fw := framework.Find(fws, fwID)
	if fw == nil {
		var ids []string
		for _, f := range fws {
			ids = append(ids, f.ID)
		}
		return nil, usageErr("%s", e.t("cis.err.framework", fwID, strings.Join(ids, ", ")))
	}
	cov, err := framework.CoverageOf(fw, cs, fws)
	if err != nil {
		return nil, runErr("%v", err)
	}
	return cov, nil
}

func coverageTable(e *env, cov *framework.Coverage) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, e.t("cis.header"))
	out := 0
	for _, r := range cov.Controls {
		if !r.InScope && r.Status != framework.CoverUnconfirmed {
			out++
			continue
		}
		checks := strings.Join(r.Checks, ", ")
		if checks == "" {
			checks = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, e.t("cis.status."+r.Status), checks, coverageNote(e, r))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if out > 0 {
		fmt.Fprintln(e.stdout, e.t("cis.out_of_scope", out, cov.AllServices-len(cov.Services)))
	}
	fmt.Fprintln(e.stdout, coverageSummary(e, cov))
	return nil
}

// coverageNote is the title of a control, or for a manual one the reason.
func coverageNote(e *env, r framework.CoverageRow) string {
	switch {
	case r.Status == framework.CoverManual && r.Reason.En != "":
		return r.Title.In(e.lang) + " — " + e.t("cis.manual_because") + r.Reason.In(e.lang)
	case r.Status == framework.CoverManual:
		return join(r.Title.In(e.lang), e.t("cis.manual_by_benchmark"))
	case r.Status == framework.CoverUnconfirmed:
		return join(r.Title.In(e.lang), e.t("cis.unconfirmed_note"))
	}
	return r.Title.In(e.lang)
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + " — " + b
}

// coverageSummary is the one line of figures.
func coverageSummary(e *env, cov *framework.Coverage) string {
	var s string
	if cov.Services != nil {
		s = e.t("cis.summary.services", cov.Framework, cov.Automated, cov.Automatable, len(cov.Services), pct(cov.Percent), cov.All, cov.AllServices)
	} else {
		s = e.t("cis.summary", cov.Framework, cov.Automated, cov.Automatable, pct(cov.Percent), cov.Manual, cov.All)
	}
	if cov.Questions > 0 {
		s += e.t("cis.summary.questions", cov.Questions)
	}
	if cov.Unconfirmed > 0 {
		s += e.t("cis.summary.unconfirmed", cov.Unconfirmed)
	}
	if !cov.Complete {
		s += e.t("cis.summary.partial")
	}
	return s + e.t("cis.summary.checks", cov.Checks)
}

// coverageMarkdown writes one framework's coverage as a Markdown section
// (docs/coverage.md is generated with it).
func coverageMarkdown(e *env, w io.Writer, cov *framework.Coverage) {
	fmt.Fprintf(w, "## %s\n\n%s\n\n", cov.Framework, coverageSummary(e, cov))
	fmt.Fprintf(w, "| %s |\n|---|---|---|---|\n", strings.ReplaceAll(e.t("cis.header"), "\t", " | "))
	out := map[string]int{}
	for _, r := range cov.Controls {
		if !r.InScope && r.Status != framework.CoverUnconfirmed {
			out[r.Service]++
			continue
		}
		var checks []string
		for _, c := range r.Checks {
			checks = append(checks, "`"+c+"`")
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", r.ID, e.t("cis.status."+r.Status), strings.Join(checks, "<br>"), strings.ReplaceAll(coverageNote(e, r), "|", "\\|"))
	}
	if len(out) > 0 {
		var svcs []string
		for _, r := range cov.Controls {
			if n := out[r.Service]; n > 0 {
				svcs = append(svcs, fmt.Sprintf("%s (%d)", r.Service, n))
				out[r.Service] = 0
			}
		}
		fmt.Fprintf(w, "\n%s %s\n", e.t("cis.md.out_of_scope"), strings.Join(svcs, ", "))
	}
	fmt.Fprintln(w)
}

// coverageDoc writes docs/coverage.md: the figures of every framework in
// coverageFrameworks, then each one's controls.
func coverageDoc(e *env, w io.Writer, cs []*mamori.Check, fws []*mamori.Framework) error {
	var covs []*framework.Coverage
	for _, id := range coverageFrameworks {
		fw := framework.Find(fws, id)
		if fw == nil {
			return fmt.Errorf("framework %s is not built in", id)
		}
		cov, err := framework.CoverageOf(fw, cs, fws)
		if err != nil {
			return err
		}
		covs = append(covs, cov)
	}
	svcs := map[string]bool{}
	for _, c := range cs {
		svcs[c.Provider+"/"+c.Service] = true
	}
	fmt.Fprintf(w, "# %s\n\n%s\n\n", e.t("cis.md.title"), e.t("cis.md.intro", len(cs), len(svcs)))
	for _, cov := range covs {
		fmt.Fprintf(w, "- %s\n", coverageSummary(e, cov))
	}
	fmt.Fprintf(w, "\n%s\n\n", e.t("cis.md.sources"))
	for _, cov := range covs {
		coverageMarkdown(e, w, cov)
	}
	return nil
}

func pct(p float64) string { return fmt.Sprintf("%.1f", p) }
