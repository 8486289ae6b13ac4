package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

func historyFixture() []mamori.Assessment {
	t0 := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	mk := func(id, subject, fw string, days, score int) mamori.Assessment {
		return mamori.Assessment{ID: id, Subject: subject, Framework: fw, FrameworkTitle: mamori.Text{En: fw + " title", Ja: fw + " 名称"},
			At: t0.AddDate(0, 0, days), Score: score, Max: 100, Band: "b", BandLabel: mamori.Text{En: "Band", Ja: "区分"},
			Controls: []mamori.ControlResult{{ID: "1", Status: mamori.ControlNotMet}, {ID: "2", Status: mamori.ControlMet}}}
	}
	// Newest first, as the store lists them.
	return []mamori.Assessment{
		mk("a4", "=Evil Co", "scs-3", 30, 40),
		mk("a3", "", "ipa-self-check", 20, 72),
		mk("a2", "", "ipa-self-check", 10, 60),
		mk("a1", "", "ipa-self-check", 0, 64),
	}
}

// The change is against the previous assessment of the same subject and
// framework, never across them; the first of a series has none.
func TestHistoryRows(t *testing.T) {
	rows := HistoryRows(historyFixture())
	var got []string
	for _, r := range rows {
		got = append(got, r.ID+":"+changeText(r.Change))
	}
	if d := cmp.Diff([]string{"a4:—", "a3:+12", "a2:-4", "a1:—"}, got); d != "" {
		t.Errorf("changes (-want +got):\n%s", d)
	}
	if rows[0].Gaps != 1 {
		t.Errorf("gaps = %d, want 1", rows[0].Gaps)
	}
}

func TestRenderHistory(t *testing.T) {
	in := HistoryInput{Rows: HistoryRows(historyFixture()), Lang: "en", Version: "test", Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	var b bytes.Buffer
	if err := RenderHistory(&b, "table", in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "(own company) ipa-self-check: 64 → 60 → 72") {
		t.Errorf("table has no trend line:\n%s", b.String())
	}

	b.Reset()
	if err := RenderHistory(&b, "csv", in); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 || recs[1][1] != "'=Evil Co" || recs[2][8] != "12" || recs[4][8] != "" {
		t.Errorf("csv rows: %q", recs)
	}

	b.Reset()
	if err := RenderHistory(&b, "json", in); err != nil {
		t.Fatal(err)
	}
	var js []map[string]any
	if err := json.Unmarshal(b.Bytes(), &js); err != nil || len(js) != 4 || js[1]["change"] != 12.0 || js[0]["change"] != nil {
		t.Errorf("json %v: %s", err, b.String())
	}

	b.Reset()
	in.Lang = "ja"
	if err := RenderHistory(&b, "html", in); err != nil {
		t.Fatal(err)
	}
	h := b.String()
	for _, want := range []string{
		`<polyline points="30,46 86,50 142,38">`, // 64, 60, 72 % oldest first
		"（自社） · ipa-self-check 名称", "&#39;=Evil Co", "評価の履歴", `class="num up">&#43;12`, `class="num down">-4`,
	} {
		if !strings.Contains(h, want) && !strings.Contains(h, strings.ReplaceAll(want, "&#39;", "")) {
			t.Errorf("html lacks %q", want)
		}
	}
	if strings.Contains(h, "<script") || strings.Contains(h, "http://") {
		t.Error("html loads or runs something")
	}
	if err := RenderHistory(&b, "xml", in); err == nil {
		t.Error("xml accepted")
	}
}

func TestRenderSuppliers(t *testing.T) {
	six := 6
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	rows := []SupplierRow{
		{Name: "Aoba Print", Required: "scs-3", Score: &six, Max: 100, Gaps: []string{"4-1-3", "1-2-1"}, NextReview: now.AddDate(0, 0, -3), Overdue: true},
		{Name: "Tokyo Logistics", Contact: "sato@example.jp", Required: "scs-3", Score: &six, Max: 100, Gaps: []string{"4-1-3"}, NextReview: now.AddDate(0, 1, 0)},
		{Name: "New Co", Required: "scs-4", Risks: []string{"confidential", "critical"}, Gaps: []string{}, NextReview: now.AddDate(0, 2, 0)},
	}
	title := func(fw, id string) mamori.Text { return mamori.Text{En: fw + "/" + id + " title", Ja: "題"} }
	in := SuppliersInput{Rows: rows, Lang: "en", Version: "test", Now: now, ControlTitle: title}
	var b bytes.Buffer
	if err := RenderSuppliers(&b, "html", in); err != nil {
		t.Fatal(err)
	}
	h := b.String()
	for _, want := range []string{
		// Shared gaps: 4-1-3 by two suppliers first.
		"<td>scs-3</td><td><strong>4-1-3</strong> scs-3/4-1-3 title</td><td class=\"num\">2</td><td>Aoba Print, Tokyo Logistics</td>",
		`<div class="n">1</div>reviews overdue`, `<div class="n">2</div>have gaps`, `<div class="n">1</div>not assessed yet`,
		`class="overdue">2026-11-28 (overdue)`,
		`scs-4<div class="sub">handles our confidential information</div><div class="sub">our business stops without it</div>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	b.Reset()
	if err := RenderSuppliers(&b, "csv", in); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || recs[1][9] != "4-1-3 1-2-1" || recs[1][12] != "true" || recs[3][6] != "" || recs[3][3] != "confidential critical" {
		t.Errorf("csv rows: %q", recs)
	}
	b.Reset()
	if err := RenderSuppliers(&b, "json", SuppliersInput{}); err != nil || strings.TrimSpace(b.String()) != "[]" {
		t.Errorf("empty json = %q, %v", b.String(), err)
	}
}
