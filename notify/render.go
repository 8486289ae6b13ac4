package notify

import (
	"slices"
	"strings"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// Message is a notification rendered in one language: the same content for
// every channel, which each lays out in its own way.
type Message struct {
	Lang    string
	Subject string // one line: the e-mail subject, the chat fallback text
	Title   string // the heading of a chat card
	Intro   string // one sentence saying what this is
	Facts   []Fact
	Footer  string // who asked for it to be sent, and the reference
}

// Fact is one labelled field.
type Fact struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// templates are the fields each known event shows, in order. Each event has
// the i18n keys notify.<event>.subject (formatted with the fields named in
// subjects), notify.<event>.title and notify.<event>.intro; each field the
// key notify.field.<field>.
var templates = map[string][]string{
	"case.notify": {"case", "title", "advisory", "asset", "customer", "urgency", "due", "decision", "status"},
	"alert":       {"rule", "title", "severity", "tier", "time", "account", "region", "actor", "event"},
	"test":        {"recipient", "sent_by", "time"},
}

var subjects = map[string][]string{
	"case.notify": {"case", "title"},
	"alert":       {"severity", "title"},
	"test":        {},
}

// Events are the events with a template of their own.
func Events() []string {
	var es []string
	for e := range templates {
		es = append(es, e)
	}
	slices.Sort(es)
	return es
}

// Render renders n in lang ("ja" or "en"). The fields an event's template
// does not know, and every field of an event without a template, are shown
// as a list after the known ones, in key order, labelled with their key.
//
// A field may have a Japanese variant under its key + ".ja" (an alert's
// "title" and "title.ja"): a Japanese reader gets it instead, and it is not
// listed on its own.
func Render(lang string, n mamori.Notification) *Message {
	if lang != i18n.Ja {
		lang = i18n.En
	}
	if len(n.Fields) > 0 {
		fs := make(map[string]string, len(n.Fields))
		for k, v := range n.Fields {
			if base, ok := strings.CutSuffix(k, ".ja"); ok && base != "" {
				if lang == i18n.Ja && strings.TrimSpace(v) != "" {
					fs[base] = v
				}
				continue
			}
			if _, set := fs[k]; !set {
				fs[k] = v
			}
		}
		n.Fields = fs
	}
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	m := &Message{Lang: lang}
	order, known := templates[n.Event]
	if known {
		var args []any
		for _, f := range subjects[n.Event] {
			args = append(args, orDash(n.Fields[f]))
		}
		m.Subject = t("notify."+n.Event+".subject", args...)
		m.Title = t("notify."+n.Event+".title", args...)
		m.Intro = t("notify." + n.Event + ".intro")
	} else {
		m.Subject = t("notify.other.subject", orDash(n.Event), orDash(n.Ref))
		m.Title = m.Subject
		m.Intro = t("notify.other.intro", orDash(n.Topic))
	}
	seen := map[string]bool{}
	for _, f := range order {
		seen[f] = true
		if v := strings.TrimSpace(n.Fields[f]); v != "" {
			m.Facts = append(m.Facts, Fact{Key: f, Label: t("notify.field." + f), Value: v})
		}
	}
	var rest []string
	for k := range n.Fields {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range rest {
		if v := strings.TrimSpace(n.Fields[k]); v != "" {
			label := k
			if i18n.Has("notify.field." + k) {
				label = t("notify.field." + k)
			}
			m.Facts = append(m.Facts, Fact{Key: k, Label: label, Value: v})
		}
	}
	if n.Actor != "" {
		m.Footer = t("notify.footer.actor", n.Actor, orDash(n.Ref))
	} else {
		m.Footer = t("notify.footer", orDash(n.Ref))
	}
	m.Subject = oneLine(m.Subject)
	m.Title = oneLine(m.Title)
	return m
}

// Text is the message as plain text (the e-mail body, the webhook's text).
func (m *Message) Text() string {
	var b strings.Builder
	b.WriteString(m.Intro)
	b.WriteString("\n\n")
	for _, f := range m.Facts {
		b.WriteString(f.Label)
		b.WriteString(": ")
		b.WriteString(strings.ReplaceAll(f.Value, "\n", "\n  "))
		b.WriteString("\n")
	}
	b.WriteString("\n-- \n")
	b.WriteString(m.Footer)
	b.WriteString("\n")
	return b.String()
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
