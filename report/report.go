// Package report renders a scan's findings for people and for other tools: a
// compact terminal table, JSON, CSV, SARIF (GitHub code scanning), OCSF
// (Compliance Finding events for a SIEM or a security lake) and one
// self-contained HTML file for a manager.
//
// Every renderer is a pure function of its Input: it reads no clock, no
// environment and no network, so the same scan always renders to the same
// bytes. User-facing labels come from the i18n catalogue in the Input's
// language; machine-readable keys (JSON keys, the CSV header, SARIF and OCSF
// field names) stay English.
package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// Input is everything a report shows.
type Input struct {
	// Scan is the scan the findings belong to.
	Scan mamori.Scan
	// Findings are the findings to show, already sorted (mamori.SortFindings).
	Findings []mamori.Finding
	// Checks gives each check's title, description, risk, remediation,
	// compliance mappings and references, by check ID. A finding whose check is
	// missing still renders, titled with its check ID.
	Checks map[string]*mamori.Check
	// Lang is "en" or "ja"; anything else means English.
	Lang string
	// Version is the mamori version, written into the tool metadata of the
	// machine-readable formats.
	Version string
}

// formats lists the formats Render knows, the default first.
var formats = []string{"table", "json", "csv", "sarif", "ocsf", "html"}

// diffFormats lists the formats RenderDiff knows, the default first.
var diffFormats = []string{"table", "json"}

// Formats returns the names of the formats Render accepts, the default
// ("table") first.
func Formats() []string { return append([]string(nil), formats...) }

// DiffFormats returns the names of the formats RenderDiff accepts, the default
// ("table") first.
func DiffFormats() []string { return append([]string(nil), diffFormats...) }

// Render writes in's findings to w in format (one of Formats; empty means
// "table"). An unknown format is an error that lists the valid ones.
func Render(w io.Writer, format string, in Input) error {
	in.Lang = normLang(in.Lang)
	switch normFormat(format) {
	case "table":
		return renderTable(w, in)
	case "json":
		return renderJSON(w, in)
	case "csv":
		return renderCSV(w, in)
	case "sarif":
		return renderSARIF(w, in)
	case "ocsf":
		return renderOCSF(w, in)
	case "html":
		return renderHTML(w, in)
	}
	return fmt.Errorf("report: unknown format %q (valid formats: %s)", format, strings.Join(formats, ", "))
}

// RenderDiff writes what changed between the failures of two scans (see
// mamori.Compare) to w in format (one of DiffFormats; empty means "table").
// checks supplies titles as for Render; lang is "en" or "ja".
func RenderDiff(w io.Writer, format string, d mamori.Diff, prev, cur mamori.Scan, checks map[string]*mamori.Check, lang string) error {
	lang = normLang(lang)
	switch normFormat(format) {
	case "table":
		return renderDiffTable(w, d, prev, cur, checks, lang)
	case "json":
		return renderDiffJSON(w, d, prev, cur, checks, lang)
	}
	return fmt.Errorf("report: unknown diff format %q (valid formats: %s)", format, strings.Join(diffFormats, ", "))
}

func normFormat(f string) string {
	f = strings.ToLower(strings.TrimSpace(f))
	if f == "" {
		return "table"
	}
	return f
}

func normLang(l string) string {
	if l == "ja" {
		return "ja"
	}
	return "en"
}

// statuses in the order every report lists them.
var statuses = []mamori.Status{mamori.StatusPass, mamori.StatusFail, mamori.StatusMuted, mamori.StatusError}

// severities from most to least severe, the order every report lists them.
var severities = []mamori.Severity{mamori.SeverityCritical, mamori.SeverityHigh, mamori.SeverityMedium, mamori.SeverityLow, mamori.SeverityInfo}

// counts returns the scan's counts by status: the scan's own tally when it has
// one (it covers the whole scan even if Findings was filtered), else a count of
// findings.
func counts(s mamori.Scan, fs []mamori.Finding) map[mamori.Status]int {
	c := make(map[mamori.Status]int, len(statuses))
	if len(s.Counts) > 0 {
		for k, v := range s.Counts {
			c[k] = v
		}
		return c
	}
	for _, f := range fs {
		c[f.Status]++
	}
	return c
}

// checkOf returns the check of a finding, or a stand-in titled with the check
// ID (and carrying the finding's severity) when checks does not know it.
func checkOf(checks map[string]*mamori.Check, f *mamori.Finding) *mamori.Check {
	if c, ok := checks[f.CheckID]; ok && c != nil {
		return c
	}
	return &mamori.Check{ID: f.CheckID, Title: mamori.Text{En: f.CheckID}, Severity: f.Severity, Provider: f.Provider}
}

// title returns a check's title in lang, never empty.
func title(c *mamori.Check, lang string) string {
	if t := c.Title.In(lang); t != "" {
		return t
	}
	return c.ID
}

// resourceName returns the name to show for a finding's resource: its name,
// else its ID.
func resourceName(f *mamori.Finding) string {
	if f.Resource.Name != "" {
		return f.Resource.Name
	}
	return f.Resource.ID
}

// provider returns the finding's provider, else the scan's, else "aws".
func provider(f *mamori.Finding, s *mamori.Scan) string {
	switch {
	case f.Provider != "":
		return f.Provider
	case s.Provider != "":
		return s.Provider
	}
	return "aws"
}

// frameworks returns the distinct frameworks of "framework:control" mappings,
// in first-seen order.
func frameworks(compliance []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, c := range compliance {
		fw, _, _ := strings.Cut(c, ":")
		if fw != "" && !seen[fw] {
			seen[fw] = true
			out = append(out, fw)
		}
	}
	return out
}

// nonNil returns s, or an empty slice instead of nil (so JSON says [] rather
// than null).
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// timeOrNil returns a pointer to t in UTC, or nil for the zero time.
func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// stamp formats a time for people: UTC, to the second; "-" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}
