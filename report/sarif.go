package report

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// SARIF 2.1.0, the subset GitHub code scanning reads
// (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
//
// Choices:
//   - results are FAIL findings only. GitHub does not honour SARIF
//     suppressions (a suppressed result opens an alert), so MUTED findings are
//     left out, as are PASS findings.
//   - ERROR findings and collection errors are not results (they would open
//     alerts about nothing known); they go to the run's invocation as tool
//     execution notifications, and executionSuccessful stays true.
//   - a cloud resource has no file, but GitHub requires a physical location:
//     the artifact URI is <provider>/<account>/<region>/<type>/<name>, each
//     part path-escaped, at line 1. The logical location carries the real ID.
//   - partialFingerprints["mamori/v1"] is the SHA-256 of the finding's Key, so
//     GitHub tracks the same check on the same resource across uploads.

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// infoURI is the tool's home page, written into SARIF and OCSF metadata.
	infoURI = "https://github.com/mamori-sec/mamori"
)

// sarifLog is the log of findings and of alerts, whose results differ only
// in their properties (R is sarifResult or sarifAlertResult). The findings'
// log is streamed piece by piece in this shape (TestStreamedEqualsWhole).
type sarifLog[R any] struct {
	Schema  string        `json:"$schema"`
	Version string        `json:"version"`
	Runs    []sarifRun[R] `json:"runs"`
}

type sarifRun[R any] struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Language    string            `json:"language"`
	Results     []R               `json:"results"`
	Properties  sarifRunProps     `json:"properties"`
}

type sarifRunProps struct {
	ScanID  string `json:"scanId"`
	Source  string `json:"source"`
	Partial bool   `json:"partial"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	InformationURI  string      `json:"informationUri"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifHelp      `json:"help"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           sarifRuleProps `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
	Precision        string   `json:"precision"`
	ProblemSeverity  string   `json:"problem.severity"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          sarifResultProps  `json:"properties"`
}

type sarifResultProps struct {
	Severity     string `json:"severity"`
	ResourceType string `json:"resourceType"`
	ResourceID   string `json:"resourceId"`
	Account      string `json:"account"`
	Region       string `json:"region"`
	FirstSeen    string `json:"firstSeen,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	StartTimeUTC               string              `json:"startTimeUtc,omitempty"`
	EndTimeUTC                 string              `json:"endTimeUtc,omitempty"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level          string          `json:"level"`
	Message        sarifText       `json:"message"`
	Locations      []sarifLocation `json:"locations,omitempty"`
	AssociatedRule *sarifRuleRef   `json:"associatedRule,omitempty"`
}

type sarifRuleRef struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
}

// securitySeverity is GitHub's 0.0-10.0 score for a severity: over 9.0 is
// critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
func securitySeverity(s mamori.Severity) string {
	switch s {
	case mamori.SeverityCritical:
		return "9.5"
	case mamori.SeverityHigh:
		return "8.0"
	case mamori.SeverityMedium:
		return "5.5"
	case mamori.SeverityLow:
		return "3.0"
	}
	return "0.0"
}

// sarifLevel maps a severity to a SARIF result level.
func sarifLevel(s mamori.Severity) string {
	switch {
	case s >= mamori.SeverityHigh:
		return "error"
	case s == mamori.SeverityMedium:
		return "warning"
	}
	return "note"
}

// problemSeverity maps a SARIF level to GitHub's problem.severity.
func problemSeverity(level string) string {
	if level == "note" {
		return "recommendation"
	}
	return level
}

// semver matches a semantic version, with an optional leading v.
var semver = regexp.MustCompile(`^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$`)

// renderSARIF writes the log piece by piece, as writeJSON would write a
// sarifLog whole: the rules from the counts, then the ERROR findings as
// notifications, then a result per FAIL finding, each written as it is read.
func renderSARIF(w io.Writer, in Input) error {
	drv := sarifDriver{Name: "mamori", InformationURI: infoURI, Version: in.Version, Rules: []sarifRule{}}
	if m := semver.FindStringSubmatch(in.Version); m != nil {
		drv.SemanticVersion = m[1]
	}
	fc, err := in.Findings.Count()
	if err != nil {
		return err
	}
	cc := checkCache{checks: in.Checks}
	index := map[string]int{}
	var ids []string
	for _, c := range fc {
		if _, ok := index[c.CheckID]; !ok {
			index[c.CheckID] = 0
			ids = append(ids, c.CheckID)
		}
	}
	sort.Strings(ids)
	for i, id := range ids {
		index[id] = i
		drv.Rules = append(drv.Rules, sarifRuleOf(cc.of(&mamori.Finding{CheckID: id, Severity: severityOf(fc, id)}), in.Lang))
	}

	inv := sarifInvocation{
		ExecutionSuccessful:        true,
		ToolExecutionNotifications: []sarifNotification{},
	}
	if !in.Scan.StartedAt.IsZero() {
		inv.StartTimeUTC = in.Scan.StartedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	if !in.Scan.FinishedAt.IsZero() {
		inv.EndTimeUTC = in.Scan.FinishedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	for i := range in.Scan.Errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:   "warning",
			Message: sarifText{Text: in.Scan.Errors[i].Error()},
		})
	}
	lang := "en-US"
	if in.Lang == "ja" {
		lang = "ja-JP"
	}

	bw := bufio.NewWriterSize(w, 64<<10)
	head := func(v any, prefix string) error {
		b, err := indentJSON(v, prefix)
		if err != nil {
			return err
		}
		_, err = bw.Write(b)
		return err
	}
	bw.WriteString("{\n  \"$schema\": \"" + sarifSchema + "\",\n  \"version\": \"" + sarifVersion + "\",\n  \"runs\": [\n    {\n      \"tool\": ")
	if err := head(sarifTool{Driver: drv}, "      "); err != nil {
		return err
	}
	// The invocation, its notifications streamed: the scan's errors, then
	// one per ERROR finding.
	notes := inv.ToolExecutionNotifications
	inv.ToolExecutionNotifications = nil
	invJSON, err := indentJSON(inv, "        ")
	if err != nil {
		return err
	}
	// invJSON ends with `"toolExecutionNotifications": null` and the
	// object's closing brace: write up to the null, then the list.
	cut := bytes.LastIndex(invJSON, []byte("null"))
	bw.WriteString(",\n      \"invocations\": [\n        ")
	bw.Write(invJSON[:cut])
	nl := newJSONList(bw, "            ")
	for i := range notes {
		if err := nl.add(notes[i]); err != nil {
			return err
		}
	}
	err = in.Findings.Walk(Query{Status: []mamori.Status{mamori.StatusError}}, func(f *mamori.Finding) error {
		c := cc.of(f)
		return nl.add(sarifNotification{
			Level:          "warning",
			Message:        sarifText{Text: sarifMessage(f, c, in.Lang) + ": " + f.Reason},
			Locations:      []sarifLocation{sarifLocationOf(f, &in.Scan)},
			AssociatedRule: &sarifRuleRef{ID: f.CheckID, Index: index[f.CheckID]},
		})
	})
	if err != nil {
		return err
	}
	nl.close()
	bw.Write(invJSON[cut+len("null"):])
	bw.WriteString("\n      ],\n      \"language\": \"" + lang + "\",\n      \"results\": ")

	rl := newJSONList(bw, "        ")
	err = in.Findings.Walk(Query{Status: []mamori.Status{mamori.StatusFail}}, func(f *mamori.Finding) error {
		sum := sha256.Sum256([]byte(f.Key()))
		return rl.add(sarifResult{
			RuleID:              f.CheckID,
			RuleIndex:           index[f.CheckID],
			Level:               sarifLevel(f.Severity),
			Message:             sarifText{Text: sarifMessage(f, cc.of(f), in.Lang)},
			Locations:           []sarifLocation{sarifLocationOf(f, &in.Scan)},
			PartialFingerprints: map[string]string{"mamori/v1": hex.EncodeToString(sum[:])},
			Properties: sarifResultProps{
				Severity:     f.Severity.String(),
				ResourceType: f.Resource.Type,
				ResourceID:   f.Resource.ID,
				Account:      f.Account,
				Region:       f.Region,
				FirstSeen:    csvTime(f.FirstSeen),
			},
		})
	})
	if err != nil {
		return err
	}
	rl.close()
	bw.WriteString(",\n      \"properties\": ")
	if err := head(sarifRunProps{ScanID: in.Scan.ID, Source: in.Scan.Source, Partial: in.Scan.Partial}, "      "); err != nil {
		return err
	}
	bw.WriteString("\n    }\n  ]\n}\n")
	return bw.Flush()
}

// severityOf returns the highest severity counted for a check: what a
// stand-in for a check that is not loaded shows.
func severityOf(fc []mamori.FindingCount, id string) mamori.Severity {
	s := mamori.SeverityInfo
	for _, c := range fc {
		if c.CheckID == id {
			s = max(s, c.Severity)
		}
	}
	return s
}

func sarifMessage(f *mamori.Finding, c *mamori.Check, lang string) string {
	return i18n.T(lang, "report.sarif.message", title(c, lang), resourceName(f), f.Region)
}

// sarifLocationOf places a finding's resource for GitHub: a made-up relative
// path (GitHub requires a physical location) and the real resource ID as a
// logical location.
func sarifLocationOf(f *mamori.Finding, s *mamori.Scan) sarifLocation {
	parts := []string{provider(f, s), f.Account, f.Region, f.Resource.Type, resourceName(f)}
	for i, p := range parts {
		if p == "" {
			p = "-"
		}
		parts[i] = url.PathEscape(p)
	}
	return sarifLocation{
		PhysicalLocation: &sarifPhysical{
			ArtifactLocation: sarifArtifact{URI: strings.Join(parts, "/")},
			Region:           sarifRegion{StartLine: 1},
		},
		LogicalLocations: []sarifLogical{{Name: resourceName(f), FullyQualifiedName: f.Resource.ID, Kind: "resource"}},
	}
}

func sarifRuleOf(c *mamori.Check, lang string) sarifRule {
	t := title(c, lang)
	desc := c.Description.In(lang)
	if desc == "" {
		desc = t
	}
	level := sarifLevel(c.Severity)
	tags := append([]string{"security"}, c.Compliance...)
	r := sarifRule{
		ID:                   c.ID,
		Name:                 ruleName(c.ID),
		ShortDescription:     sarifText{Text: t},
		FullDescription:      sarifText{Text: desc},
		Help:                 sarifHelpOf(c, lang),
		DefaultConfiguration: sarifConfig{Level: level},
		Properties: sarifRuleProps{
			Tags:             tags,
			SecuritySeverity: securitySeverity(c.Severity),
			Precision:        "very-high",
			ProblemSeverity:  problemSeverity(level),
		},
	}
	if len(c.References) > 0 {
		r.HelpURI = c.References[0]
	}
	return r
}

// ruleName turns a check ID into the PascalCase identifier SARIF expects as a
// rule name: "aws-s3-bucket-public-access" becomes "AwsS3BucketPublicAccess".
func ruleName(id string) string {
	var b strings.Builder
	for _, p := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' }) {
		b.WriteString(strings.ToUpper(p[:1]) + p[1:])
	}
	if b.Len() == 0 {
		return id
	}
	return b.String()
}

// sarifHelpOf writes the description, the risk, the three remediations, the
// references and the compliance mappings as plain text and as Markdown.
func sarifHelpOf(c *mamori.Check, lang string) sarifHelp {
	var txt, md []string
	section := func(label, body string) {
		if body != "" {
			txt = append(txt, label+":\n"+body)
			md = append(md, "**"+label+"**\n\n"+body)
		}
	}
	code := func(label, syntax, body string) {
		body = strings.TrimRight(body, "\n")
		if body == "" {
			return
		}
		txt = append(txt, label+":\n"+body)
		fence := "```"
		for strings.Contains(body, fence) {
			fence += "`"
		}
		md = append(md, "**"+label+"**\n\n"+fence+syntax+"\n"+body+"\n"+fence)
	}
	section(i18n.T(lang, "report.description"), c.Description.In(lang))
	section(i18n.T(lang, "report.risk"), c.Risk.In(lang))
	section(i18n.T(lang, "report.fix.console"), c.Remediation.Console.In(lang))
	code(i18n.T(lang, "report.fix.cli"), "sh", c.Remediation.CLI)
	code(i18n.T(lang, "report.fix.terraform"), "hcl", c.Remediation.Terraform)
	if len(c.References) > 0 {
		label := i18n.T(lang, "report.references")
		t, m := label+":", "**"+label+"**\n"
		for _, r := range c.References {
			t += "\n- " + r
			m += "\n- <" + r + ">"
		}
		txt, md = append(txt, t), append(md, m)
	}
	if len(c.Compliance) > 0 {
		label, list := i18n.T(lang, "report.compliance"), strings.Join(c.Compliance, ", ")
		txt = append(txt, label+": "+list)
		md = append(md, "**"+label+"**: "+list)
	}
	if len(txt) == 0 {
		t := title(c, lang)
		return sarifHelp{Text: t, Markdown: t}
	}
	return sarifHelp{Text: strings.Join(txt, "\n\n"), Markdown: strings.Join(md, "\n\n")}
}
