package report

import (
	"bufio"
	"encoding/json"
	"io"
	"time"

	"github.com/mamori-sec/mamori"
)

// The JSON report's shape. Structs (not maps) keep the key order stable; the
// field set is a public interface: add fields, never rename or drop them.

type jsonReport struct {
	Tool     jsonTool      `json:"tool"`
	Scan     jsonScan      `json:"scan"`
	Findings []jsonFinding `json:"findings"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonScan struct {
	ID         string             `json:"id"`
	Tenant     string             `json:"tenant"`
	Source     string             `json:"source"`
	Provider   string             `json:"provider"`
	Accounts   []string           `json:"accounts"`
	Regions    []string           `json:"regions"`
	StartedAt  *time.Time         `json:"started_at"`
	FinishedAt *time.Time         `json:"finished_at"`
	Partial    bool               `json:"partial"`
	Errors     []jsonCollectError `json:"errors"`
	Resources  int                `json:"resources"`
	Counts     jsonCounts         `json:"counts"`
}

type jsonCollectError struct {
	Provider string   `json:"provider"`
	Account  string   `json:"account"`
	Region   string   `json:"region"`
	Service  string   `json:"service"`
	Action   string   `json:"action"`
	Types    []string `json:"types"`
	Message  string   `json:"message"`
}

type jsonCounts struct {
	Pass  int `json:"PASS"`
	Fail  int `json:"FAIL"`
	Muted int `json:"MUTED"`
	Error int `json:"ERROR"`
}

type jsonFinding struct {
	CheckID     string          `json:"check_id"`
	Status      mamori.Status   `json:"status"`
	Severity    string          `json:"severity"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Resource    jsonResource    `json:"resource"`
	Provider    string          `json:"provider"`
	Tenant      string          `json:"tenant"`
	Account     string          `json:"account"`
	Region      string          `json:"region"`
	Compliance  []string        `json:"compliance"`
	Remediation jsonRemediation `json:"remediation"`
	Risk        string          `json:"risk"`
	References  []string        `json:"references"`
	Reason      string          `json:"reason"`
	Mute        *jsonMute       `json:"mute"`
	FirstSeen   *time.Time      `json:"first_seen"`
	LastSeen    *time.Time      `json:"last_seen"`
}

type jsonResource struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

type jsonRemediation struct {
	Console   string `json:"console"`
	CLI       string `json:"cli"`
	Terraform string `json:"terraform"`
}

type jsonMute struct {
	By     string     `json:"by"`
	Reason string     `json:"reason"`
	Until  *time.Time `json:"until"`
	Owner  string     `json:"owner,omitempty"`
	Rule   string     `json:"rule,omitempty"`
}

// renderJSON writes the report finding by finding, as writeJSON would write
// a jsonReport whole: the same bytes (TestStreamedEqualsWhole,
// FuzzJSONFinding), the memory of one finding. The findings are written by
// hand (jsonFindingWriter), each check's text escaped once.
func renderJSON(w io.Writer, in Input) error {
	fc, err := in.Findings.Count()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	tool, err := indentJSON(jsonTool{Name: "mamori", Version: in.Version}, "  ")
	if err != nil {
		return err
	}
	scan, err := indentJSON(toJSONScan(in.Scan, fc), "  ")
	if err != nil {
		return err
	}
	bw.WriteString("{\n  \"tool\": ")
	bw.Write(tool)
	bw.WriteString(",\n  \"scan\": ")
	bw.Write(scan)
	bw.WriteString(",\n  \"findings\": ")
	l := newJSONList(bw, "    ")
	cc := checkCache{checks: in.Checks}
	fw := jsonFindingWriter{lang: in.Lang, checks: map[*mamori.Check]*jsonCheck{}, w: jw{prefix: "    "}, enc: newEncoder()}
	err = in.Findings.Walk(Query{}, func(f *mamori.Finding) error {
		b, err := fw.finding(f, cc.of(f))
		if err != nil {
			return err
		}
		return l.addRaw(b)
	})
	if err != nil {
		return err
	}
	l.close()
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// writeJSON writes v indented, without HTML escaping (the output is a file, not
// a web page), with a trailing newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func toJSONScan(s mamori.Scan, fc []mamori.FindingCount) jsonScan {
	c := counts(s, fc)
	js := jsonScan{
		ID:         s.ID,
		Tenant:     s.Tenant,
		Source:     s.Source,
		Provider:   s.Provider,
		Accounts:   nonNil(s.Accounts),
		Regions:    nonNil(s.Regions),
		StartedAt:  timeOrNil(s.StartedAt),
		FinishedAt: timeOrNil(s.FinishedAt),
		Partial:    s.Partial,
		Errors:     []jsonCollectError{},
		Resources:  s.Resources,
		Counts: jsonCounts{
			Pass:  c[mamori.StatusPass],
			Fail:  c[mamori.StatusFail],
			Muted: c[mamori.StatusMuted],
			Error: c[mamori.StatusError],
		},
	}
	for _, e := range s.Errors {
		js.Errors = append(js.Errors, jsonCollectError{
			Provider: e.Provider, Account: e.Account, Region: e.Region, Service: e.Service,
			Action: e.Action, Types: nonNil(e.Types), Message: e.Message,
		})
	}
	return js
}

func toJSONFindings(fs []mamori.Finding, checks map[string]*mamori.Check, lang string) []jsonFinding {
	out := make([]jsonFinding, 0, len(fs))
	for i := range fs {
		out = append(out, toJSONFinding(&fs[i], checkOf(checks, &fs[i]), lang))
	}
	return out
}

func toJSONFinding(f *mamori.Finding, c *mamori.Check, lang string) jsonFinding {
	j := jsonFinding{
		CheckID:     f.CheckID,
		Status:      f.Status,
		Severity:    f.Severity.String(),
		Title:       title(c, lang),
		Description: c.Description.In(lang),
		Resource:    jsonResource{Type: f.Resource.Type, ID: f.Resource.ID, Name: f.Resource.Name},
		Provider:    f.Provider,
		Tenant:      f.Tenant,
		Account:     f.Account,
		Region:      f.Region,
		Compliance:  nonNil(c.Compliance),
		Remediation: jsonRemediation{
			Console:   c.Remediation.Console.In(lang),
			CLI:       c.Remediation.CLI,
			Terraform: c.Remediation.Terraform,
		},
		Risk:       c.Risk.In(lang),
		References: nonNil(c.References),
		Reason:     f.Reason,
		FirstSeen:  timeOrNil(f.FirstSeen),
		LastSeen:   timeOrNil(f.LastSeen),
	}
	if f.Mute != nil {
		j.Mute = &jsonMute{By: f.Mute.By, Reason: f.Mute.Reason, Until: timeOrNil(f.Mute.Until), Owner: f.Mute.Owner, Rule: f.Mute.Rule}
	}
	return j
}

type jsonDiff struct {
	Previous  jsonScan        `json:"previous"`
	Current   jsonScan        `json:"current"`
	Summary   jsonDiffSummary `json:"summary"`
	New       []jsonFinding   `json:"new"`
	Resolved  []jsonFinding   `json:"resolved"`
	Unchanged []jsonFinding   `json:"unchanged"`
}

type jsonDiffSummary struct {
	New       int `json:"new"`
	Resolved  int `json:"resolved"`
	Unchanged int `json:"unchanged"`
}

func renderDiffJSON(w io.Writer, d mamori.Diff, prev, cur mamori.Scan, checks map[string]*mamori.Check, lang string) error {
	return writeJSON(w, jsonDiff{
		Previous:  toJSONScan(prev, nil),
		Current:   toJSONScan(cur, nil),
		Summary:   jsonDiffSummary{New: len(d.New), Resolved: len(d.Resolved), Unchanged: len(d.Unchanged)},
		New:       toJSONFindings(d.New, checks, lang),
		Resolved:  toJSONFindings(d.Resolved, checks, lang),
		Unchanged: toJSONFindings(d.Unchanged, checks, lang),
	})
}

// jsonCheck is what every finding of a check repeats, escaped once: the
// members from "title" through "description", and from "compliance" through
// "references".
type jsonCheck struct {
	head, tail []byte
}

type jsonFindingWriter struct {
	lang   string
	checks map[*mamori.Check]*jsonCheck
	w      jw
	enc    *encoder
}

func (o *jsonFindingWriter) check(c *mamori.Check) *jsonCheck {
	if jc := o.checks[c]; jc != nil {
		return jc
	}
	w := jw{prefix: o.w.prefix, depth: 1}
	w.str("title", title(c, o.lang))
	w.str("description", c.Description.In(o.lang))
	jc := &jsonCheck{head: w.b}
	w = jw{prefix: o.w.prefix, depth: 1}
	w.strs("compliance", c.Compliance)
	w.key("remediation")
	w.open('{')
	w.str("console", c.Remediation.Console.In(o.lang))
	w.str("cli", c.Remediation.CLI)
	w.str("terraform", c.Remediation.Terraform)
	w.close('}')
	w.str("risk", c.Risk.In(o.lang))
	w.strs("references", c.References)
	jc.tail = w.b
	o.checks[c] = jc
	return jc
}

// finding returns f as a jsonFinding element; valid until the next call.
func (o *jsonFindingWriter) finding(f *mamori.Finding, c *mamori.Check) ([]byte, error) {
	jc := o.check(c)
	w := &o.w
	w.b, w.depth, w.first = w.b[:0], 0, true
	w.open('{')
	w.str("check_id", f.CheckID)
	w.str("status", string(f.Status))
	w.str("severity", f.Severity.String())
	w.b = append(w.b, jc.head...)
	w.key("resource")
	w.open('{')
	w.str("type", f.Resource.Type)
	w.str("id", f.Resource.ID)
	w.str("name", f.Resource.Name)
	w.close('}')
	w.str("provider", f.Provider)
	w.str("tenant", f.Tenant)
	w.str("account", f.Account)
	w.str("region", f.Region)
	w.b = append(w.b, jc.tail...)
	w.str("reason", f.Reason)
	w.key("mute")
	if f.Mute == nil {
		w.b = append(w.b, "null"...)
	} else {
		m, err := o.enc.indent(jsonMute{By: f.Mute.By, Reason: f.Mute.Reason, Until: timeOrNil(f.Mute.Until), Owner: f.Mute.Owner, Rule: f.Mute.Rule}, w.prefix+"  ")
		if err != nil {
			return nil, err
		}
		w.b = append(w.b, m...)
	}
	for _, t := range []struct {
		k string
		v time.Time
	}{{"first_seen", f.FirstSeen}, {"last_seen", f.LastSeen}} {
		w.key(t.k)
		if t.v.IsZero() {
			w.b = append(w.b, "null"...)
			continue
		}
		b, err := t.v.UTC().MarshalJSON()
		if err != nil {
			return nil, err
		}
		w.b = append(w.b, b...)
	}
	w.close('}')
	return w.b, nil
}
