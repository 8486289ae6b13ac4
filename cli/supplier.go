package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/framework"
	"github.com/mamori-sec/mamori/report"
	"github.com/mamori-sec/mamori/sqlite"
)

func newSupplierCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "supplier", Short: e.t("assess.supplier.short"), Long: e.t("assess.supplier.long"), Args: cobra.NoArgs}

	var contact, required, checksDir, fwDir string
	var reviewDays int
	var confidential, critical, access bool
	add := &cobra.Command{
		Use:     "add NAME",
		Short:   e.t("assess.supplier.add.short"),
		Long:    e.t("frameworks.supplier.add.long"),
		Example: "  mamori supplier add \"Tokyo Logistics\" --contact sato@example.jp --confidential   # ★4 (scs-4) is asked\n  mamori supplier add \"Tokyo Logistics\" --contact sato@example.jp --required scs-4\n  mamori supplier add \"Aoba Print\" --required scs-3 --review-days 180",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var risks []string
			for _, r := range []struct {
				on   bool
				name string
			}{{confidential, mamori.SupplierRiskConfidential}, {critical, mamori.SupplierRiskCritical}, {access, mamori.SupplierRiskAccess}} {
				if r.on {
					risks = append(risks, r.name)
				}
			}
			// METI's model: any of the risks calls for ★4. An explicit
			// --required wins, with a note when it asks less.
			suggested := mamori.SuggestedLevel(risks)
			if !cmd.Flags().Changed("required") {
				required = suggested
			} else if suggested == "scs-4" && required == "scs-3" {
				fmt.Fprintln(e.stderr, "mamori: "+e.t("frameworks.supplier.weaker", strings.TrimSpace(args[0]), strings.Join(risks, ", ")))
			}
			fws, err := loadFrameworks(e, checksDir, fwDir)
			if err != nil {
				return err
			}
			if _, err := findFramework(e, fws, required); err != nil {
				return err
			}
			if reviewDays < 0 {
				return usageErr("%s", e.t("assess.err.review_days"))
			}
			s := &mamori.Supplier{Name: strings.TrimSpace(args[0]), Contact: contact, Required: required, ReviewDays: reviewDays, Risks: risks}
			if err := s.Validate(); err != nil {
				return usageErr("%v", err)
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.PutSupplier(cmd.Context(), s); err != nil {
				return runErr("%v", err)
			}
			fmt.Fprintln(e.stdout, e.t("assess.supplier.added", s.Name, s.Required))
			return nil
		},
	}
	add.Flags().StringVar(&contact, "contact", "", e.t("assess.flag.contact"))
	add.Flags().StringVar(&required, "required", "scs-3", e.t("frameworks.flag.required"))
	add.Flags().BoolVar(&confidential, "confidential", false, e.t("frameworks.flag.confidential"))
	add.Flags().BoolVar(&critical, "critical", false, e.t("frameworks.flag.critical"))
	add.Flags().BoolVar(&access, "network-access", false, e.t("frameworks.flag.network_access"))
	add.Flags().IntVar(&reviewDays, "review-days", 90, e.t("assess.flag.review_days"))
	add.Flags().StringVar(&fwDir, "frameworks", "", e.t("assess.flag.frameworks"))
	add.Flags().StringVar(&checksDir, "checks", "", e.t("cli.flag.checks"))

	q := &cobra.Command{Use: "questionnaire", Short: e.t("assess.questionnaire.short"), Args: cobra.NoArgs}

	var exFw, exOut, exFwDir, exChecks string
	export := &cobra.Command{
		Use:     "export NAME",
		Short:   e.t("assess.questionnaire.export.short"),
		Long:    e.t("assess.questionnaire.export.long"),
		Example: "  mamori supplier questionnaire export \"Tokyo Logistics\" --framework scs-3 -o form.html",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fws, err := loadFrameworks(e, exChecks, exFwDir)
			if err != nil {
				return err
			}
			out, err := newOutput(e, exOut)
			if err != nil {
				return err
			}
			defer out.abort()
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			s, err := getSupplier(cmd.Context(), e, db, args[0])
			if err != nil {
				return err
			}
			id := exFw
			if id == "" {
				id = s.Required
			}
			fw, err := findFramework(e, fws, id)
			if err != nil {
				return err
			}
			if !s.Accepts(fw.ID) {
				s.Asked = append(s.Asked, fw.ID)
				if err := db.PutSupplier(cmd.Context(), s); err != nil {
					return runErr("%v", err)
				}
			}
			// The form starts from what the supplier answered last time.
			prev, err := db.Answers(cmd.Context(), mamori.AnswerFilter{Subject: s.Name, Framework: fw.ID})
			if err != nil {
				return runErr("%v", err)
			}
			if err := report.RenderQuestionnaire(out.w(), report.QuestionnaireInput{Framework: fw, Supplier: s.Name, Previous: prev, Lang: e.lang, Version: Version, Now: e.now()}); err != nil {
				return runErr("%v", err)
			}
			return out.commitOrErr(e, exOut)
		},
	}
	export.Flags().StringVar(&exFw, "framework", "", e.t("assess.flag.export_framework"))
	export.Flags().StringVarP(&exOut, "output", "o", "", e.t("cli.flag.output"))
	export.Flags().StringVar(&exFwDir, "frameworks", "", e.t("assess.flag.frameworks"))
	export.Flags().StringVar(&exChecks, "checks", "", e.t("cli.flag.checks"))

	var imFormat, imFwDir, imChecks string
	imp := &cobra.Command{
		Use:     "import NAME FILE",
		Short:   e.t("assess.questionnaire.import.short"),
		Long:    e.t("assess.questionnaire.import.long"),
		Example: "  mamori supplier questionnaire import \"Tokyo Logistics\" answers.yaml",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !contains(report.AssessFormats(), imFormat) {
				return usageErr("%s", e.t("cli.err.format", imFormat, strings.Join(report.AssessFormats(), ", ")))
			}
			fws, err := loadFrameworks(e, imChecks, imFwDir)
			if err != nil {
				return err
			}
			af, fw, err := readAnswersFile(e, args[1], fws)
			if err != nil {
				return err
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			ctx := cmd.Context()
			s, err := getSupplier(ctx, e, db, args[0])
			if err != nil {
				return err
			}
			if af.Subject != "" && af.Subject != s.Name {
				return usageErr("%s: %s", args[1], e.t("assess.err.other_supplier", af.Subject, s.Name))
			}
			if !s.Accepts(fw.ID) {
				return usageErr("%s: %s", args[1], e.t("assess.err.not_asked", fw.ID, s.Name, strings.Join(append([]string{s.Required}, s.Asked...), ", ")))
			}
			answers := af.Sorted(fw)
			for i := range answers {
				answers[i].Subject = s.Name
			}
			// A supplier's answers stand alone: our scans say nothing about
			// its systems.
			a := mamori.Assess(fw, nil, false, af.Answers, e.now())
			a.Subject = s.Name
			for i := range a.Controls {
				if a.Controls[i].Answer != nil {
					a.Controls[i].Answer.Subject = s.Name
				}
				for j := range a.Controls[i].Criteria {
					if k := &a.Controls[i].Criteria[j]; k.Answer != nil {
						k.Answer.Subject = s.Name
					}
				}
			}
			trend, err := db.Assessments(ctx, mamori.AssessmentFilter{Subject: s.Name, Framework: fw.ID, Limit: 12})
			if err != nil {
				return runErr("%v", err)
			}
			if err := db.PutAnswers(ctx, answers); err != nil {
				return runErr("%v", err)
			}
			if err := db.PutAssessment(ctx, a); err != nil {
				return runErr("%v", err)
			}
			return report.RenderAssessment(e.stdout, imFormat, report.AssessInput{Assessment: a, Trend: trend, Lang: e.lang, Version: Version})
		},
	}
	imp.Flags().StringVarP(&imFormat, "format", "f", "table", e.t("cli.flag.format", strings.Join(report.AssessFormats(), ", ")))
	imp.Flags().StringVar(&imFwDir, "frameworks", "", e.t("assess.flag.frameworks"))
	imp.Flags().StringVar(&imChecks, "checks", "", e.t("cli.flag.checks"))

	q.AddCommand(export, imp)
	c.AddCommand(add, q)
	return c
}

func getSupplier(ctx context.Context, e *env, db *sqlite.DB, name string) (*mamori.Supplier, error) {
	s, err := db.Supplier(ctx, "", strings.TrimSpace(name))
	if errors.Is(err, mamori.ErrNotFound) {
		return nil, usageErr("%s", e.t("assess.err.no_supplier", name))
	}
	if err != nil {
		return nil, runErr("%v", err)
	}
	return s, nil
}

func newSuppliersCmd(e *env) *cobra.Command {
	var format, output, fwDir, checksDir string
	c := &cobra.Command{
		Use:     "suppliers",
		Short:   e.t("assess.suppliers.short"),
		Long:    e.t("frameworks.suppliers.long"),
		Example: "  mamori suppliers\n  mamori suppliers --format json\n  mamori suppliers --format html -o supply-chain.html\n  mamori suppliers --format csv -o suppliers.csv",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !contains(report.HistoryFormats(), format) {
				return usageErr("%s", e.t("cli.err.format", format, strings.Join(report.HistoryFormats(), ", ")))
			}
			var fws []*mamori.Framework
			if format == "html" { // the gaps shared across the chain are shown with their titles
				var err error
				if fws, err = loadFrameworks(e, checksDir, fwDir); err != nil {
					return err
				}
			}
			db, err := e.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			ctx := cmd.Context()
			ss, err := db.Suppliers(ctx, "")
			if err != nil {
				return runErr("%v", err)
			}
			now := e.now()
			rows := []report.SupplierRow{}
			for i := range ss {
				s := &ss[i]
				as, err := db.Assessments(ctx, mamori.AssessmentFilter{Subject: s.Name})
				if err != nil {
					return runErr("%v", err)
				}
				rows = append(rows, supplierView(s, as, now))
			}
			title := func(fwID, id string) mamori.Text {
				if fw := framework.Find(fws, fwID); fw != nil {
					if c := fw.Control(id); c != nil {
						return c.Title
					}
				}
				return mamori.Text{}
			}
			return writeReport(e, output, func(w io.Writer) error {
				return report.RenderSuppliers(w, format, report.SuppliersInput{Rows: rows, Lang: e.lang, Version: Version, Now: now, ControlTitle: title})
			})
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", e.t("cli.flag.format", strings.Join(report.HistoryFormats(), ", ")))
	c.Flags().StringVarP(&output, "output", "o", "", e.t("cli.flag.output"))
	c.Flags().StringVar(&fwDir, "frameworks", "", e.t("assess.flag.frameworks"))
	c.Flags().StringVar(&checksDir, "checks", "", e.t("cli.flag.checks"))
	return c
}

// supplierView sums up a supplier from its assessments (newest first).
func supplierView(s *mamori.Supplier, as []mamori.Assessment, now time.Time) report.SupplierRow {
	r := report.SupplierRow{Name: s.Name, Contact: s.Contact, Required: s.Required, Risks: s.Risks, Gaps: []string{}}
	latest := map[string]*mamori.Assessment{}
	for i := range as {
		if latest[as[i].Framework] == nil {
			latest[as[i].Framework] = &as[i]
		}
	}
	if len(as) > 0 {
		r.LastReview = as[0].At
	}
	if a := latest[s.Required]; a != nil {
		gaps := a.Gaps()
		r.Meets = len(gaps) == 0
		sc := a.Score
		r.Score, r.Max, r.Band = &sc, a.Max, a.Band
		for _, g := range gaps {
			r.Gaps = append(r.Gaps, g.ID)
		}
	}
	// The level reached: the highest of the SCS levels with no gaps, else
	// the required framework when it has none.
	for _, id := range []string{"scs-4", "scs-3"} {
		if a := latest[id]; a != nil && len(a.Gaps()) == 0 {
			r.Level = id
			break
		}
	}
	if r.Level == "" && r.Meets {
		r.Level = s.Required
	}
	r.NextReview = s.NextReview(r.LastReview)
	r.Overdue = now.After(r.NextReview)
	return r
}
