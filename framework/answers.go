package framework

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/mamori-sec/mamori"
)

// AnswerFile is an answers file as read: the framework it answers, whom it
// is about (a supplier's form says so) and the answers by control ID.
type AnswerFile struct {
	Framework string
	Subject   string
	Answers   map[string]mamori.Answer
}

// Sorted returns the answers ordered by control, the framework's order.
func (af *AnswerFile) Sorted(fw *mamori.Framework) []mamori.Answer {
	out := make([]mamori.Answer, 0, len(af.Answers))
	for _, c := range fw.Items() {
		if a, ok := af.Answers[c.ID]; ok {
			out = append(out, a)
		}
	}
	return out
}

// LineError is a problem at a line of an answers file.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

func lineErr(n *yaml.Node, format string, args ...any) error {
	l := 0
	if n != nil {
		l = n.Line
	}
	return &LineError{Line: l, Msg: fmt.Sprintf(format, args...)}
}

// ReadAnswers reads an answers file for a framework: find returns the
// framework an id names (nil for none). Every answer must name a control
// of the framework and a value of its scale; the first problem is returned
// with its line. Answers without a time get now.
//
//	framework: ipa-self-check
//	subject: Tokyo Logistics          # optional: a supplier's own answers
//	answers:
//	  "1": {answer: yes, by: tanaka, evidence: https://intra/patch-policy, reviewed: 2026-11-01}
//	  "2": {answer: partial, by: tanaka, note: "..."}
func ReadAnswers(b []byte, find func(id string) *mamori.Framework, now time.Time) (*AnswerFile, *mamori.Framework, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, &LineError{Msg: "empty answers file"}
		}
		return nil, nil, &LineError{Msg: "bad YAML: " + oneLine(strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, nil, lineErr(&doc, "an answers file is a mapping with framework and answers")
	}
	top := doc.Content[0]
	af := &AnswerFile{Answers: map[string]mamori.Answer{}}
	var answers *yaml.Node
	var fwNode *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		switch k.Value {
		case "framework":
			if v.Kind != yaml.ScalarNode {
				return nil, nil, lineErr(v, "framework: want a framework id")
			}
			af.Framework, fwNode = v.Value, v
		case "subject":
			if v.Kind != yaml.ScalarNode {
				return nil, nil, lineErr(v, "subject: want a name")
			}
			af.Subject = strings.TrimSpace(v.Value)
		case "answers":
			answers = v
		default:
			return nil, nil, lineErr(k, "unknown field %q (want framework, subject, answers)", k.Value)
		}
	}
	if af.Framework == "" {
		return nil, nil, lineErr(top, "missing framework: say which framework the answers are for")
	}
	fw := find(af.Framework)
	if fw == nil {
		return nil, nil, lineErr(fwNode, "unknown framework %q (see `mamori frameworks list`)", af.Framework)
	}
	if answers == nil {
		return nil, nil, lineErr(top, "missing answers")
	}
	if answers.Kind == yaml.ScalarNode && answers.Tag == "!!null" {
		return af, fw, nil
	}
	if answers.Kind != yaml.MappingNode {
		return nil, nil, lineErr(answers, "answers: want a mapping of control id to answer")
	}
	for i := 0; i+1 < len(answers.Content); i += 2 {
		k, v := answers.Content[i], answers.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, nil, lineErr(k, "a control id must be a plain value")
		}
		id := k.Value
		c := fw.Item(id)
		if c == nil {
			return nil, nil, lineErr(k, "control %q is not in %s", id, fw.ID)
		}
		if len(c.Criteria) > 0 {
			return nil, nil, lineErr(k, "control %s of %s is judged by its criteria (%s ... %s): answer those", id, fw.ID, c.Criteria[0].ID, c.Criteria[len(c.Criteria)-1].ID)
		}
		if !c.NeedsAnswer() {
			return nil, nil, lineErr(k, "control %s of %s is judged by checks only; it takes no answer", id, fw.ID)
		}
		if _, dup := af.Answers[id]; dup {
			return nil, nil, lineErr(k, "control %s is answered twice", id)
		}
		a, err := readAnswer(v, fw, c)
		if err != nil {
			return nil, nil, err
		}
		if a.At.IsZero() {
			a.At = now
		}
		af.Answers[id] = a
	}
	return af, fw, nil
}

var answerFields = []string{"answer", "by", "at", "evidence", "note", "reviewed"}

func readAnswer(v *yaml.Node, fw *mamori.Framework, c *mamori.Control) (mamori.Answer, error) {
	a := mamori.Answer{Tenant: mamori.DefaultTenant, Framework: fw.ID, Control: c.ID}
	scale := fw.ScaleOf(c)
	if v.Kind == yaml.ScalarNode {
		// "1": yes — the short form.
		v = &yaml.Node{Kind: yaml.MappingNode, Line: v.Line, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "answer", Line: v.Line}, v}}
	}
	if v.Kind != yaml.MappingNode {
		return a, lineErr(v, "control %s: want {answer: ..., by: ...}", c.ID)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, x := v.Content[i], v.Content[i+1]
		if seen[k.Value] {
			return a, lineErr(k, "control %s: %s given twice", c.ID, k.Value)
		}
		seen[k.Value] = true
		if x.Kind != yaml.ScalarNode {
			return a, lineErr(x, "control %s: %s: want a plain value", c.ID, k.Value)
		}
		val := strings.TrimSpace(x.Value)
		switch k.Value {
		case "answer":
			if _, ok := scale.Choice(val); !ok {
				return a, lineErr(x, "control %s: answer %q is not on the scale (%s)", c.ID, val, strings.Join(scale.Values(), ", "))
			}
			a.Value = val
		case "by":
			a.By = val
		case "note":
			a.Note = val
		case "evidence":
			if err := safeEvidence(val); err != nil {
				return a, lineErr(x, "control %s: evidence: %v", c.ID, err)
			}
			a.Evidence = val
		case "at", "reviewed":
			t, err := parseDate(val)
			if err != nil {
				return a, lineErr(x, "control %s: %s: %q is not a date (write 2026-11-01 or an RFC 3339 time)", c.ID, k.Value, val)
			}
			if k.Value == "at" {
				a.At = t
			} else {
				a.Reviewed = t
			}
		default:
			return a, lineErr(k, "control %s: unknown field %q (want %s)", c.ID, k.Value, strings.Join(answerFields, ", "))
		}
	}
	if a.Value == "" {
		return a, lineErr(v, "control %s: missing answer (%s)", c.ID, strings.Join(scale.Values(), ", "))
	}
	return a, nil
}

// minDate and maxDate bound the dates an answer may carry (what the store
// can keep).
var (
	minDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

func parseDate(s string) (time.Time, error) {
	var t time.Time
	var err error
	if t, err = time.Parse("2006-01-02", s); err != nil {
		if t, err = time.Parse(time.RFC3339, s); err != nil {
			return time.Time{}, err
		}
	}
	if t.Before(minDate) || t.After(maxDate) {
		return time.Time{}, fmt.Errorf("out of range")
	}
	return t.UTC(), nil
}

// safeEvidence refuses a URL that carries a password: answers are stored
// and reported, and no secret may be.
func safeEvidence(s string) error {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			return fmt.Errorf("the URL carries a password; give it without one")
		}
	}
	return nil
}

// WriteAnswers writes answers as an answers file ReadAnswers reads back.
func WriteAnswers(w io.Writer, fw *mamori.Framework, subject string, as []mamori.Answer) error {
	type entry struct {
		Answer   string `yaml:"answer"`
		By       string `yaml:"by,omitempty"`
		At       string `yaml:"at,omitempty"`
		Evidence string `yaml:"evidence,omitempty"`
		Note     string `yaml:"note,omitempty"`
		Reviewed string `yaml:"reviewed,omitempty"`
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	sort.SliceStable(as, func(i, j int) bool { return lessID(as[i].Control, as[j].Control) })
	for _, a := range as {
		e := entry{Answer: a.Value, By: a.By, Evidence: a.Evidence, Note: a.Note}
		if !a.At.IsZero() {
			e.At = a.At.UTC().Format(time.RFC3339)
		}
		if !a.Reviewed.IsZero() {
			e.Reviewed = a.Reviewed.UTC().Format("2006-01-02")
		}
		var v yaml.Node
		if err := v.Encode(e); err != nil {
			return err
		}
		v.Style = yaml.FlowStyle
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: a.Control, Style: yaml.DoubleQuotedStyle}, &v)
	}
	doc := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k string, v *yaml.Node) {
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, v)
	}
	add("framework", &yaml.Node{Kind: yaml.ScalarNode, Value: fw.ID})
	if subject != "" {
		add("subject", &yaml.Node{Kind: yaml.ScalarNode, Value: subject, Style: yaml.DoubleQuotedStyle})
	}
	add("answers", m)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return enc.Close()
}
