package vex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	ov "github.com/openvex/go-vex/pkg/vex"
)

// WriteOpenVEX writes the statements as an OpenVEX document (go-vex's
// types). mamori's own fields go in status_notes.
func WriteOpenVEX(w io.Writer, ss []Statement, author, toolVersion string, now time.Time) error {
	now = now.UTC()
	doc := ov.VEX{Metadata: ov.Metadata{Context: ov.ContextLocator(), Author: author, Timestamp: &now, Version: 1, Tooling: "mamori " + toolVersion}}
	doc.Statements = []ov.Statement{}
	for _, s := range ss {
		ts := s.Timestamp.UTC()
		st := ov.Statement{Vulnerability: ov.Vulnerability{Name: ov.VulnerabilityID(s.Vuln), Description: s.Title}, Timestamp: &ts, Status: ov.Status(s.Status)}
		for _, a := range s.Aliases {
			st.Vulnerability.Aliases = append(st.Vulnerability.Aliases, ov.VulnerabilityID(a))
		}
		p := ov.Product{Component: ov.Component{ID: s.Product}}
		if s.Component != "" {
			p.Subcomponents = []ov.Subcomponent{{Component: ov.Component{ID: s.Component}}}
		}
		st.Products = []ov.Product{p}
		switch s.Status {
		case "not_affected":
			st.Justification = ov.Justification(s.Justification)
			st.ImpactStatement = s.Note
		case "affected":
			st.ActionStatement = s.Note
			if st.ActionStatement == "" {
				st.ActionStatement = "under remediation"
			}
		default:
			st.StatusNotes = s.Note
		}
		if m := encodeMeta(s.Meta); m != "" {
			st.StatusNotes = strings.TrimSpace(st.StatusNotes + "\n" + m)
		}
		doc.Statements = append(doc.Statements, st)
	}
	doc.ID = "urn:mamori:vex:" + now.Format("20060102T150405Z")
	return doc.ToJSON(w)
}

// ReadOpenVEX reads an OpenVEX document; the author is its supplier.
func ReadOpenVEX(b []byte) ([]Statement, string, error) {
	var doc ov.VEX
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil {
		return nil, "", fmt.Errorf("not an OpenVEX document: %s", oneLine(err.Error()))
	}
	if !strings.HasPrefix(doc.Context, "https://openvex.dev/ns") {
		return nil, "", fmt.Errorf("not an OpenVEX document: @context is %q", doc.Context)
	}
	var out []Statement
	for i, st := range doc.Statements {
		if st.Vulnerability.Name == "" {
			return nil, "", fmt.Errorf("statement %d has no vulnerability name", i+1)
		}
		if len(st.Products) == 0 {
			return nil, "", fmt.Errorf("statement %d (%s) names no product", i+1, st.Vulnerability.Name)
		}
		if st.Status == ov.StatusNotAffected && !justificationOK(string(st.Justification)) && st.ImpactStatement == "" {
			return nil, "", fmt.Errorf("statement %d (%s): not_affected without a justification", i+1, st.Vulnerability.Name)
		}
		var aliases []string
		for _, a := range st.Vulnerability.Aliases {
			aliases = append(aliases, string(a))
		}
		ts := time.Time{}
		if st.Timestamp != nil {
			ts = *st.Timestamp
		} else if doc.Timestamp != nil {
			ts = *doc.Timestamp
		}
		note := st.ImpactStatement
		if st.Status == ov.StatusAffected {
			note = st.ActionStatement
		}
		meta := decodeMeta(st.StatusNotes)
		if note == "" {
			note = stripMeta(st.StatusNotes)
		}
		just := string(st.Justification)
		if st.Status == ov.StatusNotAffected && just == "" {
			just = "inline_mitigations_already_exist" // an impact statement alone: the closest label
		}
		for _, p := range st.Products {
			id := productID(p.Component)
			subs := p.Subcomponents
			if len(subs) == 0 {
				out = append(out, Statement{Vuln: string(st.Vulnerability.Name), Aliases: aliases, Product: id, Status: string(st.Status),
					Justification: just, Note: note, Timestamp: ts, Meta: meta})
				continue
			}
			for _, sc := range subs {
				out = append(out, Statement{Vuln: string(st.Vulnerability.Name), Aliases: aliases, Product: id, Component: productID(sc.Component),
					Status: string(st.Status), Justification: just, Note: note, Timestamp: ts, Meta: meta})
			}
		}
	}
	return out, doc.Author, nil
}

func productID(c ov.Component) string {
	if c.ID != "" {
		return c.ID
	}
	if p := c.Identifiers[ov.PURL]; p != "" {
		return p
	}
	return ""
}

func stripMeta(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), metaPrefix) {
			keep = append(keep, l)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
