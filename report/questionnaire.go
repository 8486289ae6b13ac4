package report

import (
	_ "embed"
	"html/template"
	"io"
	"time"

	"github.com/mamori-sec/mamori"
)

// A supplier questionnaire is one self-contained HTML file: the framework's
// questions in Japanese and English (a button switches), a form, and a few
// lines of inline script that turn the answers into the answers file mamori
// reads (`mamori supplier questionnaire import`). It loads nothing, sends
// nothing, and needs no mamori on the supplier's side: the file is saved by
// the browser.

//go:embed questionnaire.html.tmpl
var questionnaireSource string

var questionnaireTemplate = template.Must(template.New("q").Parse(questionnaireSource))

// QuestionnaireInput is what a questionnaire form holds.
type QuestionnaireInput struct {
	Framework *mamori.Framework
	Supplier  string
	// Previous answers fill the form in.
	Previous []mamori.Answer
	Lang     string
	Version  string
	// Now dates the form.
	Now time.Time
}

type qView struct {
	Lang, Version, Supplier, FrameworkID string
	// By is who answered last time.
	By          string
	Title       mamori.Text
	Source, URL string
	Categories  []qCategory
	Generated   string
}

type qCategory struct {
	Title    mamori.Text
	Controls []qControl
}

type qControl struct {
	ID              string
	Title, Question mamori.Text
	// Requirement heads the first criterion of a requirement: its id
	// and title.
	RequirementID      string
	Requirement        mamori.Text
	Choices            []qChoice
	Evidence, Note, By string
}

type qChoice struct {
	Value   string
	Label   mamori.Text
	Checked bool
}

// RenderQuestionnaire writes the questionnaire form of a framework for a
// supplier. Only the controls that take an answer are asked.
func RenderQuestionnaire(w io.Writer, in QuestionnaireInput) error {
	fw := in.Framework
	prev := map[string]mamori.Answer{}
	var by string
	var byAt time.Time
	for _, a := range in.Previous {
		prev[a.Control] = a
		if a.By != "" && !a.At.Before(byAt) {
			by, byAt = a.By, a.At
		}
	}
	v := qView{Lang: normLang(in.Lang), Version: in.Version, Supplier: in.Supplier, FrameworkID: fw.ID, Title: fw.Title,
		Source: fw.Source.Document.En, URL: fw.Source.URL, Generated: in.Now.UTC().Format("2006-01-02"), By: by}
	// The first criterion of a requirement carries the requirement's heading.
	head := map[string]*mamori.Control{}
	for i := range fw.Controls {
		if r := &fw.Controls[i]; len(r.Criteria) > 0 {
			head[r.Criteria[0].ID] = r
		}
	}
	for _, cat := range fw.Categories {
		qc := qCategory{Title: cat.Title}
		for _, c := range fw.Items() {
			if c.Category != cat.ID || !c.NeedsAnswer() {
				continue
			}
			p := prev[c.ID]
			ctl := qControl{ID: c.ID, Title: c.Title, Question: c.Question, Evidence: p.Evidence, Note: p.Note, By: p.By}
			if r := head[c.ID]; r != nil {
				ctl.RequirementID, ctl.Requirement = r.ID, r.Title
			}
			for _, ch := range fw.ScaleOf(c) {
				ctl.Choices = append(ctl.Choices, qChoice{Value: ch.Value, Label: ch.Label, Checked: p.Value == ch.Value})
			}
			qc.Controls = append(qc.Controls, ctl)
		}
		if len(qc.Controls) > 0 {
			v.Categories = append(v.Categories, qc)
		}
	}
	return questionnaireTemplate.Execute(w, v)
}
