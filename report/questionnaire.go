package report

import (
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
	h := newHTMLWriter(w)
	writeQuestionnaire(h, questionnaireViewOf(in))
	return h.flush()
}

// questionnaireViewOf is what the form holds.
func questionnaireViewOf(in QuestionnaireInput) *qView {
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
	return &v
}

// bilingual is a text in both languages; the page shows one at a time.
func bilingual(t mamori.Text) safeHTML {
	return safeHTML(`<span class="ja">` + escapeHTML(t.Ja) + `</span><span class="en">` + escapeHTML(t.En) + `</span>`)
}

func writeQuestionnaire(h *htmlWriter, v *qView) {
	h.f(`<!DOCTYPE html>
<html lang="%s">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mamori %s">
<title>%s / %s: %s</title>
<style>
`, v.Lang, v.Version, v.Title.Ja, v.Title.En, v.Supplier)
	h.raw(questionnaireCSS)
	h.f("</style>\n</head>\n<body class=\"%s\">\n", v.Lang)
	h.raw(questionnaireBar)
	h.f(`<h1>%s</h1>
<p class="sub"><span class="ja">回答する会社</span><span class="en">Answering company</span>: <strong>%s</strong> · %s · %s</p>
`, bilingual(v.Title), v.Supplier, v.Source, v.URL)
	h.raw(questionnaireIntro)
	h.f(`<form id="q" data-framework="%s" data-subject="%s" onsubmit="return false">
<div class="row"><label for="by"><span class="ja">回答者</span><span class="en">Answered by</span></label><input type="text" id="by" name="by" autocomplete="name" value="%s"></div>
`, v.FrameworkID, v.Supplier, v.By)
	for _, cat := range v.Categories {
		h.f("\n<h2>%s</h2>\n", bilingual(cat.Title))
		for i := range cat.Controls {
			writeQuestion(h, &cat.Controls[i])
		}
	}
	h.raw("\n</form>\n")
	h.raw(questionnaireOut)
	h.f(`<p class="sub">mamori %s · %s</p>`+"\n<script>\n", v.Version, v.Generated)
	h.raw(questionnaireScript)
	h.raw("</script>\n</body>\n</html>\n")
}

// writeQuestion writes a control's question: its choices, the previous
// answer checked, and the evidence and note fields.
func writeQuestion(h *htmlWriter, c *qControl) {
	if c.RequirementID != "" { // the first criterion of a requirement: the requirement's heading
		h.f("<h3 class=\"req\">%s %s</h3>\n", c.RequirementID, bilingual(c.Requirement))
	}
	h.f(`<fieldset class="control" data-id="%s">
<legend>%s %s</legend>
<div>%s</div>
<div class="choices">`, c.ID, c.ID, bilingual(c.Title), bilingual(c.Question))
	for _, ch := range c.Choices {
		checked := ""
		if ch.Checked {
			checked = " checked"
		}
		h.f(`<label><input type="radio" name="a-%s" value="%s"%s> %s</label>`, c.ID, ch.Value, safeHTML(checked), bilingual(ch.Label))
	}
	h.f(`</div>
<div class="row"><label><span class="ja">根拠（文書名・URL）</span><span class="en">Evidence (document, URL)</span></label><input type="text" name="evidence" value="%s"></div>
<div class="row"><label><span class="ja">補足</span><span class="en">Note</span></label><input type="text" name="note" value="%s"></div>
</fieldset>
`, c.Evidence, c.Note)
}

// The static parts of the page: the buttons, the instructions, the box the
// answers file shows in when the browser cannot save it, and the script that
// writes the answers file.

const questionnaireBar = `<div class="bar">
  <button type="button" id="save"><span class="ja">回答ファイルを保存</span><span class="en">Save the answers file</span></button>
  <button type="button" class="plain" id="lang"><span class="ja">English</span><span class="en">日本語</span></button>
  <span id="count" class="sub"></span>
</div>
`

const questionnaireIntro = `<p><span class="ja">各項目について、現在の実施状況に最も近い回答を選んでください。根拠（規程のファイル名や URL）と補足があれば記入し、最後に「回答ファイルを保存」を押して、保存されたファイルを依頼元に送ってください。このファイルはどこにも送信せず、インターネット接続も不要です。</span><span class="en">For each item, pick the answer closest to what is in place today. Add the evidence (a document name or URL) and a note where you can, then press "Save the answers file" and send the saved file back to whoever asked. This page sends nothing anywhere and works offline.</span></p>
`

const questionnaireOut = `<div id="out" hidden>
<p class="sub"><span class="ja">保存できない場合は、次の内容を answers.yaml という名前のファイルに貼り付けて送ってください。</span><span class="en">If the file could not be saved, paste this into a file named answers.yaml and send it.</span></p>
<textarea id="yaml" readonly></textarea>
</div>
`

// The script takes no value from Go: it reads the form. The line of q ends
// in the space html/template left when it dropped the script's comments (now
// a Go comment), so that the page is byte for byte what the template wrote.
const questionnaireScript = `(function () {
  "use strict";
  var form = document.getElementById("q");
  function q(s) { return JSON.stringify(String(s)); }` + " " + /* a JSON string is a YAML double-quoted scalar */ `
  function today() { return new Date().toISOString().slice(0, 10); }
  function count() {
    var all = form.querySelectorAll("fieldset.control"), n = 0;
    for (var i = 0; i < all.length; i++) { if (all[i].querySelector("input[type=radio]:checked")) n++; }
    document.getElementById("count").textContent = n + " / " + all.length;
  }
  function yaml() {
    var by = document.getElementById("by").value.trim();
    var lines = ["framework: " + q(form.dataset.framework), "subject: " + q(form.dataset.subject), "answers:"];
    var all = form.querySelectorAll("fieldset.control"), n = 0;
    var at = new Date().toISOString().slice(0, 19) + "Z";
    for (var i = 0; i < all.length; i++) {
      var f = all[i], c = f.querySelector("input[type=radio]:checked");
      if (!c) continue;
      var parts = ["answer: " + q(c.value), "at: " + q(at), "reviewed: " + q(today())];
      if (by) parts.push("by: " + q(by));
      var ev = f.querySelector("input[name=evidence]").value.trim();
      var note = f.querySelector("input[name=note]").value.trim();
      if (ev) parts.push("evidence: " + q(ev));
      if (note) parts.push("note: " + q(note));
      lines.push("  " + q(f.dataset.id) + ": {" + parts.join(", ") + "}");
      n++;
    }
    if (n === 0) lines[2] = "answers: {}";
    return lines.join("\n") + "\n";
  }
  document.getElementById("save").addEventListener("click", function () {
    var text = yaml();
    document.getElementById("yaml").value = text;
    document.getElementById("out").hidden = false;
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], {type: "application/yaml"}));
    a.download = "answers-" + form.dataset.framework + ".yaml";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  });
  document.getElementById("lang").addEventListener("click", function () {
    var ja = document.body.classList.contains("ja");
    document.body.className = ja ? "en" : "ja";
    document.documentElement.lang = ja ? "en" : "ja";
  });
  form.addEventListener("change", count);
  count();
})();
`

const questionnaireCSS = `:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: var(--fg); line-height: 1.6;
  font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", Meiryo, sans-serif; }
body.ja .en, body.en .ja { display: none; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
.sub { color: var(--muted); font-size: .85rem; }
fieldset { border: 1px solid var(--line); border-radius: .4rem; margin: .75rem 0; padding: .75rem 1rem; }
h3.req { font-size: 1rem; margin: 1.5rem 0 .25rem; }
legend { font-weight: 600; padding: 0 .25rem; }
.choices { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: .5rem 0; }
.choices label { white-space: nowrap; }
input[type=text] { width: 100%; padding: .3rem .4rem; border: 1px solid var(--line); border-radius: .3rem; font: inherit; }
.row { display: grid; grid-template-columns: 9rem 1fr; gap: .3rem .75rem; align-items: center; margin-top: .3rem; font-size: .9rem; }
.bar { position: sticky; top: 0; background: #fff; border-bottom: 1px solid var(--line); padding: .5rem 0; display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
button { font: inherit; padding: .35rem .9rem; border-radius: .35rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.plain { background: #fff; color: var(--accent); }
textarea { width: 100%; height: 12rem; font-family: ui-monospace, monospace; font-size: .8rem; }
@media print { .bar, #out { display: none; } fieldset { break-inside: avoid; } }
`
