package report

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// Alerts from the event audit render in the same formats as findings, except
// HTML: a terminal table, JSON, CSV, OCSF Detection Finding (class 2004) and
// SARIF.

// AlertInput is everything an alert report shows.
type AlertInput struct {
	// Alerts are the alerts to show, newest first.
	Alerts []mamori.Alert
	// Lang is "en" or "ja"; anything else means English.
	Lang string
	// Version is the mamori version for the machine-readable formats.
	Version string
	// Load, if set, gives the alerts instead of Alerts: Count of them, a
	// batch at a time (batch[i] is alert start+i), each batch let go once
	// written. A long audit keeps its alerts in the store, not in memory:
	// the CSV and JSON reports hold one batch at a time; the table holds its
	// text, SARIF and OCSF their document.
	Load  func(start int, batch []mamori.Alert) error
	Count int
}

// alertBatch is how many alerts a report loads at a time: as many as a
// store reads by ID at once.
const alertBatch = mamori.MaxAlertIDs

// count is how many alerts the report shows.
func (in *AlertInput) count() int {
	if in.Load != nil {
		return in.Count
	}
	return len(in.Alerts)
}

// each calls fn for every alert, in order, loading them batch by batch
// when they come from Load.
func (in *AlertInput) each(fn func(a *mamori.Alert) error) error {
	if in.Load == nil {
		for i := range in.Alerts {
			if err := fn(&in.Alerts[i]); err != nil {
				return err
			}
		}
		return nil
	}
	buf := make([]mamori.Alert, min(alertBatch, in.Count))
	for start := 0; start < in.Count; start += alertBatch {
		b := buf[:min(alertBatch, in.Count-start)]
		clear(b)
		if err := in.Load(start, b); err != nil {
			return err
		}
		for i := range b {
			if err := fn(&b[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

var alertFormats = []string{"table", "json", "csv", "ocsf", "sarif"}

// AlertFormatShowsEvidence reports whether a format writes the alerts'
// evidence (only JSON does): the others need not load it.
func AlertFormatShowsEvidence(format string) bool { return normFormat(format) == "json" }

// AlertFormats returns the formats RenderAlerts accepts, the default first.
func AlertFormats() []string { return append([]string(nil), alertFormats...) }

// RenderAlerts writes in's alerts to w in format (one of AlertFormats; empty
// means "table").
func RenderAlerts(w io.Writer, format string, in AlertInput) error {
	in.Lang = normLang(in.Lang)
	switch normFormat(format) {
	case "table":
		return renderAlertTable(w, in)
	case "json":
		return renderAlertJSON(w, in)
	case "csv":
		return renderAlertCSV(w, in)
	case "ocsf":
		return renderAlertOCSF(w, in)
	case "sarif":
		return renderAlertSARIF(w, in)
	}
	return fmt.Errorf("report: unknown format %q (valid formats: %s)", format, strings.Join(alertFormats, ", "))
}

// alertText picks the language, falling back to English (third-party rules
// often have no Japanese title).
func alertText(t mamori.Text, lang string) string {
	if lang == "ja" && t.Ja != "" {
		return t.Ja
	}
	return t.En
}

func renderAlertTable(w io.Writer, in AlertInput) error {
	bw := bufio.NewWriter(w)
	l := in.Lang
	if in.count() == 0 {
		fmt.Fprintln(bw, i18n.T(l, "report.alerts.none"))
		return bw.Flush()
	}
	rows := [][]string{{i18n.T(l, "report.col.time"), i18n.T(l, "report.col.severity"), i18n.T(l, "report.col.alert"),
		i18n.T(l, "report.col.principal"), i18n.T(l, "report.col.source_ip"), i18n.T(l, "report.col.events")}}
	bySev := map[mamori.Severity]int{}
	signals := 0
	err := in.each(func(a *mamori.Alert) error {
		sev := i18n.T(l, "severity."+a.Severity.String())
		if tierOf(a) == mamori.TierSignal {
			signals++
			sev += " (" + i18n.T(l, "alerts.tier.signal") + ")"
		} else {
			bySev[a.Severity]++
		}
		rows = append(rows, []string{
			a.Time.UTC().Format("2006-01-02 15:04:05Z"),
			sev,
			clean(alertText(a.Title, l)),
			clean(shortPrincipal(a.Principal)),
			clean(strings.Join(a.SourceIPs, " ")),
			clean(strings.Join(a.EventNames, " ")),
		})
		return nil
	})
	if err != nil {
		return err
	}
	writeColumns(bw, "", rows)
	fmt.Fprintln(bw)
	parts := []string{}
	for _, s := range severities {
		if bySev[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", i18n.T(l, "severity."+s.String()), bySev[s]))
		}
	}
	fmt.Fprintln(bw, i18n.T(l, "report.alerts.totals", in.count()-signals, strings.Join(parts, i18n.T(l, "report.list_sep"))))
	if signals > 0 {
		fmt.Fprintln(bw, i18n.T(l, "alerts.report.signals", signals))
	}
	return bw.Flush()
}

// shortPrincipal keeps what follows the account in an ARN
// (arn:aws:iam::111122223333:user/alice -> user/alice).
func shortPrincipal(p string) string {
	if strings.HasPrefix(p, "arn:") {
		if parts := strings.SplitN(p, ":", 6); len(parts) == 6 && parts[5] != "" {
			return parts[5]
		}
	}
	return p
}

type jsonAlertReport struct {
	Tool   jsonTool    `json:"tool"`
	Alerts []jsonAlert `json:"alerts"`
}

type jsonAlert struct {
	ID         string            `json:"id"`
	Tenant     string            `json:"tenant"`
	Tier       string            `json:"tier"`
	RuleID     string            `json:"rule_id"`
	Detector   string            `json:"detector"`
	Severity   string            `json:"severity"`
	Title      string            `json:"title"`
	Time       string            `json:"time"`
	Principal  string            `json:"principal"`
	Account    string            `json:"account"`
	Region     string            `json:"region"`
	EventNames []string          `json:"event_names"`
	EventIDs   []string          `json:"event_ids"`
	SourceIPs  []string          `json:"source_ips"`
	Reason     string            `json:"reason"`
	Tags       []string          `json:"tags"`
	Evidence   []json.RawMessage `json:"evidence"`
}

// renderAlertJSON writes the report alert by alert, in batches, as
// writeJSON would write it whole: the output is the same, the memory is
// that of one batch.
func renderAlertJSON(w io.Writer, in AlertInput) error {
	bw := bufio.NewWriter(w)
	tool, err := indentJSON(jsonTool{Name: "mamori", Version: in.Version}, "  ")
	if err != nil {
		return err
	}
	bw.WriteString("{\n  \"tool\": ")
	bw.Write(tool)
	bw.WriteString(",\n  \"alerts\": ")
	l := newJSONList(bw, "    ")
	err = in.each(func(a *mamori.Alert) error {
		return l.add(jsonAlert{
			ID: a.ID, Tenant: tenantOf(a), Tier: string(tierOf(a)), RuleID: a.RuleID, Detector: a.Detector, Severity: a.Severity.String(),
			Title: alertText(a.Title, in.Lang), Time: a.Time.UTC().Format(time.RFC3339),
			Principal: a.Principal, Account: a.Account, Region: a.Region,
			EventNames: nonEmpty(a.EventNames), EventIDs: nonEmpty(a.EventIDs), SourceIPs: nonEmpty(a.SourceIPs),
			Reason: alertText(a.Reason, in.Lang), Tags: nonEmpty(a.Tags), Evidence: evidenceOf(a),
		})
	})
	if err != nil {
		return err
	}
	l.close()
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// indentJSON encodes v as writeJSON does, each line after the first
// prefixed, without the final newline.
func indentJSON(v any, prefix string) ([]byte, error) {
	b, err := newEncoder().indent(v, prefix)
	return bytes.Clone(b), err
}

// tierOf is the alert's tier; alerts stored before tiers are alerts.
func tierOf(a *mamori.Alert) mamori.Tier {
	if a.Tier == "" {
		return mamori.TierAlert
	}
	return a.Tier
}

func tenantOf(a *mamori.Alert) string {
	if a.Tenant == "" {
		return "default"
	}
	return a.Tenant
}

func nonEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func evidenceOf(a *mamori.Alert) []json.RawMessage {
	if a.Evidence == nil {
		return []json.RawMessage{}
	}
	return mamori.SafeEvidence(a.Evidence)
}

var alertCSVHeader = []string{"time", "rule_id", "severity", "title", "principal", "account", "region", "event_names", "event_ids", "source_ips", "reason", "tier", "tenant"}

func renderAlertCSV(w io.Writer, in AlertInput) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(alertCSVHeader); err != nil {
		return err
	}
	err := in.each(func(a *mamori.Alert) error {
		row := []string{csvTime(a.Time), a.RuleID, a.Severity.String(), alertText(a.Title, in.Lang), a.Principal, a.Account, a.Region,
			strings.Join(a.EventNames, ";"), strings.Join(a.EventIDs, ";"), strings.Join(a.SourceIPs, ";"), alertText(a.Reason, in.Lang),
			string(tierOf(a)), tenantOf(a)}
		for j := range row {
			row[j] = csvSafe(row[j])
		}
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// OCSF 1.3.0 Detection Finding (class 2004, category 2 Findings,
// https://schema.ocsf.io/1.3.0/classes/detection_finding), one per alert:
//
//	severity_id          info 1, low 2, medium 3, high 4, critical 5
//	finding_info.uid     the alert ID; analytic = the rule (type 1 Rule) or the detector (type 5 Behavioral)
//	actor.user.uid       the principal; src_endpoint.ip the first source address
//	evidences            one per triggering event: its API call and id
//	unmapped             the reason in the chosen language, the tags
type ocsfDetection struct {
	ActivityID   int               `json:"activity_id"`
	ActivityName string            `json:"activity_name"`
	CategoryUID  int               `json:"category_uid"`
	CategoryName string            `json:"category_name"`
	ClassUID     int               `json:"class_uid"`
	ClassName    string            `json:"class_name"`
	TypeUID      int               `json:"type_uid"`
	TypeName     string            `json:"type_name"`
	SeverityID   int               `json:"severity_id"`
	Severity     string            `json:"severity"`
	StatusID     int               `json:"status_id"`
	Status       string            `json:"status"`
	Time         int64             `json:"time"`
	Message      string            `json:"message"`
	Metadata     ocsfMetadata      `json:"metadata"`
	FindingInfo  ocsfDetectionInfo `json:"finding_info"`
	Cloud        ocsfCloud         `json:"cloud"`
	Actor        *ocsfActor        `json:"actor,omitempty"`
	SrcEndpoint  *ocsfEndpoint     `json:"src_endpoint,omitempty"`
	Evidences    []ocsfEvidence    `json:"evidences,omitempty"`
	Unmapped     ocsfAlertUnmapped `json:"unmapped"`
}

type ocsfDetectionInfo struct {
	UID      string       `json:"uid"`
	Title    string       `json:"title"`
	Analytic ocsfAnalytic `json:"analytic"`
	Types    []string     `json:"types,omitempty"`
}

type ocsfActor struct {
	User ocsfUser `json:"user"`
}

type ocsfUser struct {
	UID  string `json:"uid"`
	Name string `json:"name,omitempty"`
}

type ocsfEndpoint struct {
	IP     string `json:"ip,omitempty"`
	Domain string `json:"domain,omitempty"`
}

type ocsfEvidence struct {
	API *ocsfAPI `json:"api,omitempty"`
}

type ocsfAPI struct {
	Operation string        `json:"operation"`
	Request   ocsfAPIRequst `json:"request"`
}

type ocsfAPIRequst struct {
	UID string `json:"uid"`
}

type ocsfAlertUnmapped struct {
	RuleID   string   `json:"rule_id"`
	Detector string   `json:"detector"`
	Tier     string   `json:"tier"`
	Tenant   string   `json:"tenant"`
	Reason   string   `json:"reason"`
	Tags     []string `json:"tags,omitempty"`
}

func renderAlertOCSF(w io.Writer, in AlertInput) error {
	out := make([]ocsfDetection, 0, in.count())
	err := in.each(func(a *mamori.Alert) error {
		sevID, sev := ocsfSeverity(a.Severity)
		analytic := ocsfAnalytic{UID: a.RuleID, Name: a.RuleID, TypeID: 1, Type: "Rule"}
		if a.Detector != "sigma" && a.Detector != "" {
			analytic.TypeID, analytic.Type = 5, "Behavioral"
		}
		cloud := ocsfCloud{Provider: "AWS", Region: a.Region}
		if a.Account != "" {
			cloud.Account = &ocsfAccount{UID: a.Account, Type: "AWS Account", TypeID: 10}
		}
		t := alertText(a.Title, in.Lang)
		e := ocsfDetection{
			ActivityID: 1, ActivityName: "Create", CategoryUID: 2, CategoryName: "Findings",
			ClassUID: 2004, ClassName: "Detection Finding", TypeUID: 200401, TypeName: "Detection Finding: Create",
			SeverityID: sevID, Severity: sev, StatusID: 1, Status: "New",
			Time: ms(a.Time), Message: t,
			Metadata: ocsfMetadata{Version: ocsfVersion, Product: ocsfProduct{Name: "mamori", VendorName: "mamori", Version: in.Version, URLString: infoURI},
				Profiles: []string{"cloud"}, EventCode: a.RuleID},
			FindingInfo: ocsfDetectionInfo{UID: a.ID, Title: t, Analytic: analytic},
			Cloud:       cloud,
			Unmapped: ocsfAlertUnmapped{RuleID: a.RuleID, Detector: a.Detector, Tier: string(tierOf(a)), Tenant: tenantOf(a),
				Reason: alertText(a.Reason, in.Lang), Tags: a.Tags},
		}
		if a.Principal != "" {
			e.Actor = &ocsfActor{User: ocsfUser{UID: a.Principal, Name: shortPrincipal(a.Principal)}}
		}
		if len(a.SourceIPs) > 0 {
			if ip := a.SourceIPs[0]; strings.ContainsAny(ip, ".:") && !strings.Contains(ip, "amazonaws") {
				e.SrcEndpoint = &ocsfEndpoint{IP: ip}
			} else {
				e.SrcEndpoint = &ocsfEndpoint{Domain: ip}
			}
		}
		for j, id := range a.EventIDs {
			name := ""
			if j < len(a.EventNames) {
				name = a.EventNames[j]
			}
			e.Evidences = append(e.Evidences, ocsfEvidence{API: &ocsfAPI{Operation: name, Request: ocsfAPIRequst{UID: id}}})
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		return err
	}
	return writeJSON(w, out)
}

func renderAlertSARIF(w io.Writer, in AlertInput) error {
	drv := sarifDriver{Name: "mamori", InformationURI: infoURI, Version: in.Version, Rules: []sarifRule{}}
	if m := semver.FindStringSubmatch(in.Version); m != nil {
		drv.SemanticVersion = m[1]
	}
	// One pass: the results, and the first alert of each rule, whose title,
	// severity and tags describe the rule; rule indexes are set after.
	type ruleInfo struct {
		title string
		sev   mamori.Severity
		tags  []string
	}
	first := map[string]ruleInfo{}
	results := []sarifAlertResult{}
	err := in.each(func(a *mamori.Alert) error {
		if _, ok := first[a.RuleID]; !ok {
			first[a.RuleID] = ruleInfo{alertText(a.Title, in.Lang), a.Severity, a.Tags}
		}
		parts := []string{"aws", a.Account, a.Region, "audit", shortPrincipal(a.Principal)}
		for j, p := range parts {
			if p == "" {
				p = "-"
			}
			parts[j] = url.PathEscape(p)
		}
		sum := sha256.Sum256([]byte(a.ID))
		level := sarifLevel(a.Severity)
		if tierOf(a) == mamori.TierSignal {
			level = "note" // stored for context, not for a person to act on
		}
		results = append(results, sarifAlertResult{
			RuleID: a.RuleID, Level: level,
			Message: sarifText{Text: alertText(a.Title, in.Lang) + ": " + alertText(a.Reason, in.Lang)},
			Locations: []sarifLocation{{
				PhysicalLocation: &sarifPhysical{ArtifactLocation: sarifArtifact{URI: strings.Join(parts, "/")}, Region: sarifRegion{StartLine: 1}},
				LogicalLocations: []sarifLogical{{Name: shortPrincipal(a.Principal), FullyQualifiedName: a.Principal, Kind: "principal"}},
			}},
			PartialFingerprints: map[string]string{"mamoriAlert/v1": hex.EncodeToString(sum[:16])},
			Properties: sarifAlertProps{sarifResultProps: sarifResultProps{Severity: a.Severity.String(), ResourceType: "principal", ResourceID: a.Principal,
				Account: a.Account, Region: a.Region, FirstSeen: a.Time.UTC().Format(time.RFC3339)}, Tier: string(tierOf(a)), Tenant: tenantOf(a)},
		})
		return nil
	})
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(first))
	for id := range first {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	index := map[string]int{}
	for i, id := range ids {
		index[id] = i
		r := first[id]
		drv.Rules = append(drv.Rules, sarifRule{
			ID: id, Name: id, ShortDescription: sarifText{Text: r.title}, FullDescription: sarifText{Text: r.title},
			Help:                 sarifHelp{Text: r.title, Markdown: r.title},
			DefaultConfiguration: sarifConfig{Level: sarifLevel(r.sev)},
			Properties: sarifRuleProps{Tags: nonEmpty(r.tags), SecuritySeverity: securitySeverity(r.sev),
				Precision: "medium", ProblemSeverity: problemSeverity(sarifLevel(r.sev))},
		})
	}
	for i := range results {
		results[i].RuleIndex = index[results[i].RuleID]
	}
	log := sarifLog[sarifAlertResult]{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun[sarifAlertResult]{{
		Tool: sarifTool{Driver: drv}, Invocations: []sarifInvocation{{ExecutionSuccessful: true, ToolExecutionNotifications: []sarifNotification{}}},
		Language: in.Lang, Results: results, Properties: sarifRunProps{Source: "audit"},
	}}}
	return writeJSON(w, log)
}

// The SARIF of alerts: the findings' log (sarifLog), with a result's
// properties naming its tier and tenant.

type sarifAlertResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          sarifAlertProps   `json:"properties"`
}

type sarifAlertProps struct {
	sarifResultProps
	Tier   string `json:"tier"`
	Tenant string `json:"tenant"`
}
