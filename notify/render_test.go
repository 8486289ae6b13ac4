package notify

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

func TestRender(t *testing.T) {
	n := caseNote("tanaka")
	n.Fields["zeta"] = "an unknown field"
	n.Fields["decision"] = "  " // empty: left out
	for _, tc := range []struct {
		lang string
		want Message
	}{
		{"en", Message{Lang: "en", Subject: "[mamori] Case C-42: CVE-2024-3094 in xz on shop-web", Title: "Case C-42: CVE-2024-3094 in xz on shop-web",
			Intro: "A vulnerability case concerns you: please check whether you are affected and what is planned.",
			Facts: []Fact{{"case", "Case", "C-42"}, {"title", "Title", "CVE-2024-3094 in xz on shop-web"}, {"advisory", "Advisory", "CVE-2024-3094"},
				{"asset", "Asset", "shop-web"}, {"customer", "Customer", "sakura"}, {"urgency", "Urgency", "immediate"}, {"due", "Due", "2026-12-20"},
				{"status", "Status", "affected"}, {"zeta", "zeta", "an unknown field"}},
			Footer: "Sent by mamori at the request of suzuki. Reference: C-42"}},
		{"ja", Message{Lang: "ja", Subject: "[mamori] 案件 C-42: CVE-2024-3094 in xz on shop-web", Title: "案件 C-42: CVE-2024-3094 in xz on shop-web",
			Intro: "脆弱性対応の案件についてお知らせします。影響の有無と対応予定をご確認ください。",
			Facts: []Fact{{"case", "案件", "C-42"}, {"title", "件名", "CVE-2024-3094 in xz on shop-web"}, {"advisory", "脆弱性", "CVE-2024-3094"},
				{"asset", "資産", "shop-web"}, {"customer", "顧客", "sakura"}, {"urgency", "緊急度", "immediate"}, {"due", "対応期限", "2026-12-20"},
				{"status", "状態", "affected"}, {"zeta", "zeta", "an unknown field"}},
			Footer: "suzuki さんの依頼で mamori から送信しました。参照: C-42"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			if diff := cmp.Diff(&tc.want, Render(tc.lang, n)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// An event without a template: every field as a list, in key order; a key
// with a known label gets it.
func TestRenderUnknownEvent(t *testing.T) {
	n := mamori.Notification{Topic: "supplier", Ref: "S-1", Event: "supplier.overdue", Fields: map[string]string{"b": "2", "a": "1\nline two", "due": "2027-01-01"}}
	m := Render("ja", n)
	want := &Message{Lang: "ja", Subject: "[mamori] supplier.overdue S-1", Title: "[mamori] supplier.overdue S-1", Intro: "mamori からのお知らせです（supplier）。",
		Facts:  []Fact{{"a", "a", "1\nline two"}, {"b", "b", "2"}, {"due", "対応期限", "2027-01-01"}},
		Footer: "mamori から送信しました。参照: S-1"}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	wantText := "mamori からのお知らせです（supplier）。\n\na: 1\n  line two\nb: 2\n対応期限: 2027-01-01\n\n-- \nmamori から送信しました。参照: S-1\n"
	if got := m.Text(); got != wantText {
		t.Errorf("Text:\n%s\nwant:\n%s", got, wantText)
	}
	// Any language but ja is English; a subject is one line.
	n.Ref = "S-1\r\nBcc: x@example.com"
	if m := Render("fr", n); m.Lang != "en" || m.Subject != "[mamori] supplier.overdue S-1 Bcc: x@example.com" {
		t.Errorf("got %q %q", m.Lang, m.Subject)
	}
}

// Every event's template has its texts and every field its label.
func TestTemplatesComplete(t *testing.T) {
	for ev, fields := range templates {
		for _, k := range []string{"subject", "title", "intro"} {
			if m := Render("en", mamori.Notification{Event: ev}); m.Subject == "notify."+ev+"."+k || m.Intro == "notify."+ev+".intro" {
				t.Errorf("%s: no %s text", ev, k)
			}
		}
		for _, f := range fields {
			m := Render("ja", mamori.Notification{Event: ev, Fields: map[string]string{f: "x"}})
			if len(m.Facts) != 1 || m.Facts[0].Label == "notify.field."+f {
				t.Errorf("%s: field %s has no label", ev, f)
			}
		}
	}
}

func TestRenderJapaneseVariant(t *testing.T) {
	n := mamori.Notification{Event: "alert", Ref: "a1", Fields: map[string]string{"title": "Root user signed in", "title.ja": "ルートユーザーのサインイン", "severity": "high", "reason.ja": "", "reason": "no MFA"}}
	ja, en := Render("ja", n), Render("en", n)
	if ja.Subject != "[mamori] high のアラート: ルートユーザーのサインイン" || en.Subject != "[mamori] high alert: Root user signed in" {
		t.Errorf("subjects %q / %q", ja.Subject, en.Subject)
	}
	if len(ja.Facts) != 3 || len(en.Facts) != 3 || ja.Facts[2].Value != "no MFA" {
		t.Errorf("facts %+v / %+v", ja.Facts, en.Facts)
	}
}
