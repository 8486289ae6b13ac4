package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/cases"
	"github.com/mamori-sec/mamori/framework"
	"github.com/mamori-sec/mamori/report"
)

// loadFrameworks returns the built-in frameworks plus the user's (--frameworks
// DIR), validated against the checks (--checks DIR).
func loadFrameworks(e *env, checksDir, dir string) ([]*mamori.Framework, error) {
	cs, err := loadChecks(e, checksDir)
	if err != nil {
		return nil, err
	}
	fws, err := framework.Builtin(cs)
	if err != nil {
		return nil, runErr("built-in frameworks: %v", err)
	}
	if dir == "" {
		return fws, nil
	}
	extra, err := framework.LoadDir(dir, cs)
	if err != nil {
		return nil, usageErr("--frameworks: %v", err)
	}
	all, err := framework.Merge(fws, extra)
	if err != nil {
		return nil, usageErr("--frameworks: %v", err)
	}
	return all, nil
}

func findFramework(e *env, fws []*mamori.Framework, id string) (*mamori.Framework, error) {
	if id == "" {
		return nil, usageErr("%s", e.t("assess.err.no_framework"))
	}
	fw := framework.Find(fws, id)
	if fw == nil {
		return nil, usageErr("%s", e.t("assess.err.unknown_framework", id))
	}
	return fw, nil
}

func newFrameworksCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "frameworks", Short: e.t("assess.frameworks.short"), Long: e.t("frameworks.long"), Args: cobra.NoArgs}
	var dir, checksDir, format string
	list := &cobra.Command{
		Use:     "list",
		Short:   e.t("assess.frameworks.list.short"),
		Example: "  mamori frameworks list\n  mamori frameworks list --format json\n  mamori frameworks list --frameworks ./my-frameworks",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fws, err := loadFrameworks(e, checksDir, dir)
			if err != nil {
				return err
			}
			switch format {
			case "table":
				tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, e.t("assess.frameworks.header"))
				for _, fw := range fws {
					fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", fw.ID, len(fw.Controls), fw.Title.Ja, fw.Title.En)
				}
				return tw.Flush()
			case "json":
				type row struct {
					ID       string      `json:"id"`
					Title    mamori.Text `json:"title"`
					Controls int         `json:"controls"`
					Source   string      `json:"source"`
					Origin   string      `json:"origin"`
				}
				rows := []row{}
				for _, fw := range fws {
					rows = append(rows, row{fw.ID, fw.Title, len(fw.Controls), fw.Source.URL, fw.Origin})
				}
				return writeJSON(e.stdout, rows)
			}
			return usageErr("%s", e.t("cli.err.format", format, "table, json"))
		},
	}
	list.Flags().StringVar(&dir, "frameworks", "", e.t("assess.flag.frameworks"))
	list.Flags().StringVar(&checksDir, "checks", "", e.t("cli.flag.checks"))
	list.Flags().StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", "table, json"))

	var sdir, schecks, sformat string
	show := &cobra.Command{
		Use:     "show ID",
		Short:   e.t("assess.frameworks.show.short"),
		Example: "  mamori frameworks show scs-3\n  mamori frameworks show ipa-self-check --lang ja\n  mamori frameworks show cis-aws-3.0 --format json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fws, err := loadFrameworks(e, schecks, sdir)
			if err != nil {
				return err
			}
			fw, err := findFramework(e, fws, args[0])
			if err != nil {
				return err
			}
			switch sformat {
			case "json":
				return writeJSON(e.stdout, fw)
			case "table":
				return showFramework(e, fw)
			case "markdown":
				return frameworkMarkdown(e.stdout, fw)
			}
			return usageErr("%s", e.t("cli.err.format", sformat, "table, json, markdown"))
		},
	}
	show.Flags().StringVar(&sdir, "frameworks", "", e.t("assess.flag.frameworks"))
	show.Flags().StringVar(&schecks, "checks", "", e.t("cli.flag.checks"))
	show.Flags().StringVarP(&sformat, "format", "f", "table", e.t("cli.flag.format", "table, json, markdown"))
	c.AddCommand(list, show)
	return c
}

// joinLines puts a folded YAML text on one line: Japanese lines join with
// no space between them, the way Japanese is written.
func joinLines(s string) string {
	var b strings.Builder
	for _, line := range strings.Fields(s) {
		if b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(line)
			if last < utf8.RuneSelf || first < utf8.RuneSelf {
				b.WriteByte(' ')
			}
		}
		b.WriteString(line)
	}
	return b.String()
}

// frameworkMarkdown writes a framework's controls in both languages, with
// the checks and the question behind each (docs/frameworks/ID.md is
// generated with it).
func frameworkMarkdown(w io.Writer, fw *mamori.Framework) error {
	cell := func(s string) string {
		return strings.NewReplacer("|", "\\|", "\n", " ").Replace(strings.TrimSpace(s))
	}
	fmt.Fprintf(w, "# %s\n\n%s\n\n", fw.Title.En, fw.Title.Ja)
	fmt.Fprintf(w, "`%s` · %s · <%s>\n\n", fw.ID, fw.Source.Document.En, fw.Source.URL)
	fmt.Fprintf(w, "> %s\n>\n> %s\n\n", joinLines(fw.Source.Licence.En), joinLines(fw.Source.Licence.Ja))
	fmt.Fprintf(w, "Generated by `mamori frameworks show %s --format markdown`.\n\n", fw.ID)
	if fw.Scoring.Method == mamori.ScoreSum {
		fmt.Fprintf(w, "Scoring: the sum of the answers' points, out of %d.", int(fw.Max()))
	} else {
		fmt.Fprint(w, "Scoring: the share of the applicable controls met (partial counts half), out of 100.")
	}
	if len(fw.Scoring.Bands) > 0 {
		var bs []string
		for _, b := range fw.Scoring.Bands {
			bs = append(bs, fmt.Sprintf("≥ %g %s / %s", b.Min, b.Label.En, b.Label.Ja))
		}
		fmt.Fprintf(w, " Bands: %s.", strings.Join(bs, "; "))
	}
	fmt.Fprint(w, "\n")
	for _, cat := range fw.Categories {
		fmt.Fprintf(w, "\n## %s / %s\n\n| id | control | 管理策 | evidence / 根拠 |\n|---|---|---|---|\n", cat.Title.En, cat.Title.Ja)
		var rows []*mamori.Control
		for i := range fw.Controls {
			c := &fw.Controls[i]
			if c.Category != cat.ID {
				continue
			}
			rows = append(rows, c)
			for j := range c.Criteria {
				rows = append(rows, &c.Criteria[j])
			}
		}
		for _, c := range rows {
			var ev []string
			for _, id := range c.Checks {
				ev = append(ev, "`"+id+"`")
			}
			if c.NeedsAnswer() {
				var vals []string
				for _, ch := range fw.ScaleOf(c) {
					vals = append(vals, ch.Value)
				}
				ev = append(ev, fmt.Sprintf("question (%s): %s / %s", strings.Join(vals, ", "), cell(c.Question.En), cell(c.Question.Ja)))
			}
			for _, src := range c.Sources {
				ev = append(ev, "source `"+src+"`")
			}
			if c.Unchecked {
				ev = append(ev, "no mamori check yet / mamori のチェックなし")
			}
			if c.Manual.En != "" {
				ev = append(ev, fmt.Sprintf("manual: %s / %s", cell(c.Manual.En), cell(c.Manual.Ja)))
			}
			if len(c.Criteria) > 0 {
				ev = append(ev, fmt.Sprintf("met when its %d criteria are / 評価基準 %d 件がすべて達成のとき達成", len(c.Criteria), len(c.Criteria)))
			}
			id := c.ID
			if len(c.Criteria) > 0 {
				id = "**" + id + "**"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", id, cell(c.Title.En), cell(c.Title.Ja), strings.Join(ev, "<br>"))
		}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func showFramework(e *env, fw *mamori.Framework) error {
	w := e.stdout
	fmt.Fprintf(w, "%s — %s\n", fw.ID, fw.Title.In(e.lang))
	fmt.Fprintln(w, e.t("assess.show.source", fw.Source.Document.In(e.lang), fw.Source.URL))
	fmt.Fprintln(w, e.t("assess.show.licence", joinLines(fw.Source.Licence.In(e.lang))))
	method := e.t("assess.show.percent")
	if fw.Scoring.Method == mamori.ScoreSum {
		method = e.t("assess.show.sum", int(fw.Max()))
	}
	fmt.Fprintln(w, e.t("assess.show.scoring", method))
	for _, b := range fw.Scoring.Bands {
		fmt.Fprintf(w, "  ≥ %g  %s\n", b.Min, b.Label.In(e.lang))
	}
	for _, cat := range fw.Categories {
		fmt.Fprintf(w, "\n%s\n", cat.Title.In(e.lang))
		for i := range fw.Controls {
			c := &fw.Controls[i]
			if c.Category != cat.ID {
				continue
			}
			fmt.Fprintf(w, "  %s  %s\n", c.ID, c.Title.In(e.lang))
			showItem(e, fw, c, "      ")
			for j := range c.Criteria {
				k := &c.Criteria[j]
				fmt.Fprintf(w, "      %s  %s\n", k.ID, k.Title.In(e.lang))
				showItem(e, fw, k, "          ")
			}
		}
	}
	return nil
}

// showItem prints how a control or criterion gets its evidence, indented.
func showItem(e *env, fw *mamori.Framework, c *mamori.Control, ind string) {
	w := e.stdout
	if c.Unchecked {
		fmt.Fprintf(w, "%s%s\n", ind, e.t("frameworks.show.unchecked"))
	}
	if c.NeedsAnswer() {
		fmt.Fprintf(w, "%s%s %s\n", ind, e.t("assess.show.question"), c.Question.In(e.lang))
		var opts []string
		for _, ch := range fw.ScaleOf(c) {
			opts = append(opts, fmt.Sprintf("%s=%s", ch.Value, ch.Label.In(e.lang)))
		}
		fmt.Fprintf(w, "%s%s %s\n", ind, e.t("assess.show.answers"), strings.Join(opts, ", "))
	}
	if c.Manual.En != "" {
		fmt.Fprintf(w, "%s%s %s\n", ind, e.t("frameworks.show.manual"), c.Manual.In(e.lang))
	}
	if len(c.Sources) > 0 {
		fmt.Fprintf(w, "%s%s %s\n", ind, e.t("frameworks.show.sources"), strings.Join(c.Sources, ", "))
	}
	if len(c.Checks) > 0 {
		fmt.Fprintf(w, "%s%s %s\n", ind, e.t("assess.show.checks"), strings.Join(c.Checks, ", "))
	}
}

type assessFlags struct {
	framework, answers, format, output, account, scanID, by string
	frameworksDir, checksDir                                string
	noInput                                                 bool
}

func newAssessCmd(e *env) *cobra.Command {
	var f assessFlags
	c := &cobra.Command{
		Use:   "assess",
		Short: e.t("assess.assess.short"),
		Long:  e.t("assess.assess.long"),
		Example: "  mamori assess --framework ipa-self-check\n  mamori assess --framework ipa-self-check --answers answers.yaml --format json\n" +
			"  mamori assess --framework scs-3 --format html -o scs3.html\n  mamori assess --framework cis-aws-3.0 --account 123456789012",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runAssess(cmd.Context(), e, &f) },
	}
	fl := c.Flags()
	fl.StringVar(&f.framework, "framework", "", e.t("assess.flag.framework"))
	fl.StringVar(&f.answers, "answers", "", e.t("assess.flag.answers"))
	fl.StringVarP(&f.format, "format", "f", "table", e.t("cli.flag.format", strings.Join(report.AssessFormats(), ", ")))
	fl.StringVarP(&f.output, "output", "o", "", e.t("cli.flag.output"))
	fl.StringVar(&f.account, "account", "", e.t("assess.flag.account"))
	fl.StringVar(&f.scanID, "scan", "", e.t("cli.flag.scan"))
	fl.StringVar(&f.by, "by", "", e.t("assess.flag.by"))
	fl.BoolVar(&f.noInput, "no-input", false, e.t("assess.flag.no_input"))
	fl.StringVar(&f.frameworksDir, "frameworks", "", e.t("assess.flag.frameworks"))
	fl.StringVar(&f.checksDir, "checks", "", e.t("cli.flag.checks"))
	return c
}

// readAnswersFile reads and checks an answers file; every problem is one
// line naming the file (and the line).
func readAnswersFile(e *env, path string, fws []*mamori.Framework) (*framework.AnswerFile, *mamori.Framework, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, nil, usageErr("%s: %v", path, err)
	}
	af, fw, err := framework.ReadAnswers(b, func(id string) *mamori.Framework { return framework.Find(fws, id) }, e.now())
	if err != nil {
		return nil, nil, usageErr("%s: %v", path, err)
	}
	return af, fw, nil
}

// isTerminal reports whether r is a terminal a person types into.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func runAssess(ctx context.Context, e *env, f *assessFlags) error {
	if !contains(report.AssessFormats(), f.format) {
		return usageErr("%s", e.t("cli.err.format", f.format, strings.Join(report.AssessFormats(), ", ")))
	}
	fws, err := loadFrameworks(e, f.checksDir, f.frameworksDir)
	if err != nil {
		return err
	}
	fw, err := findFramework(e, fws, f.framework)
	if err != nil {
		return err
	}
	given := map[string]mamori.Answer{}
	if f.answers != "" {
		af, afw, err := readAnswersFile(e, f.answers, fws)
		if err != nil {
			return err
		}
		if afw.ID != fw.ID {
			return usageErr("%s: %s", f.answers, e.t("assess.err.other_framework", afw.ID, fw.ID))
		}
		if af.Subject != "" {
			return usageErr("%s: %s", f.answers, e.t("assess.err.supplier_file", af.Subject))
		}
		given = af.Answers
		warnMissingEvidence(e, f.answers, fw, given)
	}
	out, err := newOutput(e, f.output)
	if err != nil {
		return err
	}
	defer out.abort()
	db, err := e.openDB()
	if err != nil {
		return err
	}
	defer db.Close()

	// Evidence: the findings of the latest scan (or --scan), narrowed to
	// --account. No scan at all is not an error: the controls of checks
	// alone are then unanswered, and the report says so.
	var fc []mamori.FindingCount
	scanned := false
	scanID := ""
	if needsScan(fw) {
		sc, err := scanOrLatest(ctx, e, db, f.scanID)
		var ee *exitError
		switch {
		case err == nil:
			scanned, scanID = true, sc.ID
			// Counted by the store: a scan of any size costs no memory here.
			fc, err = db.CountFindings(ctx, mamori.FindingFilter{ScanID: sc.ID, Account: f.account})
			if err != nil {
				return runErr("%v", err)
			}
			if f.account != "" && !contains(sc.Accounts, f.account) {
				return usageErr("%s", e.t("assess.err.no_account", f.account, sc.ID, strings.Join(sc.Accounts, ", ")))
			}
		case f.scanID == "" && errors.As(err, &ee) && ee.code == ExitUsage:
			fmt.Fprintln(e.stderr, "mamori: "+e.t("assess.no_scan"))
		default:
			return err
		}
	}

	// Evidence no check gives (the vulnerability cases' fix times, ...),
	// counted like a check's findings.
	sfc, err := sourceEvidence(ctx, e, db, fw)
	if err != nil {
		return err
	}
	fc = append(fc, sfc...)

	stored, err := db.Answers(ctx, mamori.AnswerFilter{Framework: fw.ID})
	if err != nil {
		return runErr("%v", err)
	}
	answers := map[string]mamori.Answer{}
	for _, a := range stored {
		answers[a.Control] = a
	}
	var toStore []mamori.Answer
	for _, c := range fw.Items() {
		if a, ok := given[c.ID]; ok {
			if a.By == "" {
				a.By = f.by
			}
			answers[c.ID] = a
			toStore = append(toStore, a)
		}
	}
	if !f.noInput && isTerminal(e.stdin) {
		asked, err := askUnanswered(e, bufio.NewReader(e.stdin), fw, answers, f.by)
		if err != nil {
			return err
		}
		for _, a := range asked {
			answers[a.Control] = a
			toStore = append(toStore, a)
		}
	}
	a := mamori.AssessCounts(fw, fc, scanned, answers, e.now())
	a.ScanID, a.Account = scanID, f.account
	trend, err := db.Assessments(ctx, mamori.AssessmentFilter{Framework: fw.ID, Limit: 12})
	if err != nil {
		return runErr("%v", err)
	}
	// Answers and the assessment are stored only once everything given was
	// read and checked.
	if err := db.PutAnswers(ctx, toStore); err != nil {
		return runErr("%v", err)
	}
	if err := db.PutAssessment(ctx, a); err != nil {
		return runErr("%v", err)
	}
	if err := report.RenderAssessment(out.w(), f.format, report.AssessInput{Assessment: a, Trend: trend, Lang: e.lang, Version: Version}); err != nil {
		return runErr("%v", err)
	}
	return out.commitOrErr(e, f.output)
}

// needsScan reports whether some control of fw takes evidence from checks.
func needsScan(fw *mamori.Framework) bool {
	for _, c := range fw.Items() {
		if len(c.Checks) > 0 {
			return true
		}
	}
	return false
}

// askUnanswered asks, one by one, the questions of fw that have no answer
// yet. An empty line skips a question (it stays unanswered), "q" stops; an
// answer off the scale is asked again.
func askUnanswered(e *env, in *bufio.Reader, fw *mamori.Framework, have map[string]mamori.Answer, by string) ([]mamori.Answer, error) {
	var todo []*mamori.Control
	for _, c := range fw.Items() {
		if _, ok := have[c.ID]; !ok && c.NeedsAnswer() {
			todo = append(todo, c)
		}
	}
	if len(todo) == 0 {
		return nil, nil
	}
	w := e.stderr
	fmt.Fprintln(w, e.t("assess.ask.intro", len(todo)))
	var out []mamori.Answer
	for i, c := range todo {
		scale := fw.ScaleOf(c)
		var opts []string
		for _, ch := range scale {
			opts = append(opts, fmt.Sprintf("%s=%s", ch.Value, ch.Label.In(e.lang)))
		}
		for {
			fmt.Fprintf(w, "\n[%d/%d] %s %s\n  %s\n  %s: ", i+1, len(todo), c.ID, c.Title.In(e.lang), c.Question.In(e.lang), strings.Join(opts, "  "))
			line, err := in.ReadString('\n')
			v := strings.TrimSpace(line)
			if v == "q" {
				return out, nil
			}
			if v == "" {
				if err != nil {
					return out, nil // end of input: keep what was answered
				}
				break
			}
			if _, ok := scale.Choice(v); !ok {
				fmt.Fprintln(w, "  "+e.t("assess.ask.bad", v, strings.Join(scale.Values(), ", ")))
				if err != nil {
					return out, nil
				}
				continue
			}
			out = append(out, mamori.Answer{Tenant: mamori.DefaultTenant, Framework: fw.ID, Control: c.ID, Value: v, By: by, At: e.now()})
			if err != nil {
				return out, nil
			}
			break
		}
	}
	return out, nil
}

// warnMissingEvidence notes, without refusing the file, an answer whose
// evidence is a local file (not a URL) that is not there: a path relative
// to the answers file is read from the answers file's directory.
func warnMissingEvidence(e *env, path string, fw *mamori.Framework, given map[string]mamori.Answer) {
	for _, c := range fw.Items() {
		a, ok := given[c.ID]
		if !ok || a.Evidence == "" || strings.Contains(a.Evidence, "://") {
			continue
		}
		p := a.Evidence
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(path), p)
		}
		if _, err := os.Stat(p); err != nil {
			fmt.Fprintln(e.stderr, "mamori: "+e.t("frameworks.answers.no_evidence_file", path, c.ID, a.Evidence))
		}
	}
}

// evidenceSources returns the providers of the evidence no check gives,
// one per mamori.EvidenceSources entry that has one: the vulnerability cases
// give mamori.EvidenceVulnHighFixed14d (SCS criterion 4-4-4-2: CVSS 7.0 or more fixed
// within 14 days) when the store keeps them. Tests replace it.
var evidenceSources = func(e *env, db mamori.Store) []mamori.EvidenceSource {
	var out []mamori.EvidenceSource
	if st, ok := db.(cases.Store); ok {
		out = append(out, caseFixSource{e: e, st: st})
	}
	return out
}

// sourceEvidence asks the providers of the sources fw names for their
// counts, as FindingCounts whose CheckID is the source.
func sourceEvidence(ctx context.Context, e *env, db mamori.Store, fw *mamori.Framework) ([]mamori.FindingCount, error) {
	want := map[string]bool{}
	for _, c := range fw.Items() {
		for _, s := range c.Sources {
			want[s] = true
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	var out []mamori.FindingCount
	for _, src := range evidenceSources(e, db) {
		if !want[src.ID()] {
			continue
		}
		ev, ok, err := src.Evidence(ctx, mamori.DefaultTenant, e.now())
		if err != nil {
			return nil, runErr("%s: %v", src.ID(), err)
		}
		if !ok {
			continue
		}
		for st, n := range map[mamori.Status]int{mamori.StatusPass: ev.Pass, mamori.StatusFail: ev.Fail, mamori.StatusMuted: ev.Muted, mamori.StatusError: ev.Error} {
			if n > 0 {
				out = append(out, mamori.FindingCount{CheckID: src.ID(), Status: st, Count: n})
			}
		}
	}
	return out, nil
}

func newAssessmentsCmd(e *env) *cobra.Command {
	var fwID, supplier, format, output string
	var all bool
	var limit int
	c := &cobra.Command{
		Use:     "assessments",
		Short:   e.t("assess.assessments.short"),
		Long:    e.t("frameworks.assessments.long"),
		Example: "  mamori assessments\n  mamori assessments --framework ipa-self-check\n  mamori assessments --supplier \"Tokyo Logistics\" --format json\n  mamori assessments --all --format html -o history.html",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !contains(report.HistoryFormats(), format) {
				return usageErr("%s", e.t("cli.err.format", format, strings.Join(report.HistoryFormats(), ", ")))
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			as, err := db.Assessments(cmd.Context(), mamori.AssessmentFilter{Framework: fwID, Subject: supplier, AnySubject: all, Limit: limit})
			if err != nil {
				return runErr("%v", err)
			}
			return writeReport(e, output, func(w io.Writer) error {
				return report.RenderHistory(w, format, report.HistoryInput{Rows: report.HistoryRows(as), Lang: e.lang, Version: Version, Now: e.now()})
			})
		},
	}
	c.Flags().StringVar(&fwID, "framework", "", e.t("assess.flag.framework_filter"))
	c.Flags().StringVar(&supplier, "supplier", "", e.t("assess.flag.supplier_filter"))
	c.Flags().BoolVar(&all, "all", false, e.t("assess.flag.all"))
	c.Flags().IntVar(&limit, "limit", 50, e.t("cli.flag.limit"))
	c.Flags().StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", strings.Join(report.HistoryFormats(), ", ")))
	c.Flags().StringVarP(&output, "output", "o", "", e.t("cli.flag.output"))
	return c
}

// writeReport renders into -o FILE atomically (or stdout); a failed render
// leaves no file behind.
func writeReport(e *env, path string, render func(io.Writer) error) error {
	out, err := newOutput(e, path)
	if err != nil {
		return err
	}
	defer out.abort()
	if err := render(out.w()); err != nil {
		return runErr("%v", err)
	}
	return out.commitOrErr(e, path)
}
