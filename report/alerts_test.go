package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

func sampleAlerts() []mamori.Alert {
	at := time.Date(2026, 3, 2, 1, 2, 3, 0, time.UTC)
	return []mamori.Alert{
		{
			ID: "a1b2c3", RuleID: "4d9a8f1c-0000-4000-8000-000000000001", Detector: "sigma", Severity: mamori.SeverityHigh,
			Title: mamori.Text{En: "CloudTrail logging stopped", Ja: "CloudTrail のログ記録が停止されました"},
			Time:  at, Principal: "arn:aws:iam::111122223333:user/alice", Account: "111122223333", Region: "us-east-1",
			EventNames: []string{"StopLogging"}, EventIDs: []string{"0b9e7a3c-1"}, SourceIPs: []string{"198.51.100.7"},
			Reason:   mamori.Text{En: "eventSource = cloudtrail.amazonaws.com; eventName = StopLogging", Ja: "一致: eventSource = cloudtrail.amazonaws.com、eventName = StopLogging"},
			Tags:     []string{"attack.defense-evasion", "attack.t1562.008"},
			Evidence: []json.RawMessage{json.RawMessage(`{"eventID":"0b9e7a3c-1","eventName":"StopLogging"}`)},
		},
		{
			ID: "d4e5f6", RuleID: "new-region", Detector: "new-region", Severity: mamori.SeverityMedium, Tier: mamori.TierSignal, Tenant: "acme",
			Title: mamori.Text{En: "Activity in a region the account never uses"}, // no Japanese: falls back
			Time:  at.Add(-time.Hour), Principal: "arn:aws:sts::111122223333:assumed-role/ci/build", Account: "111122223333", Region: "sa-east-1",
			EventNames: []string{"RunInstances"}, EventIDs: []string{"ev-2"}, SourceIPs: []string{"=cmd|' /C calc'!A0"},
			Reason: mamori.Text{En: "sa-east-1 never used in 30 days of history", Ja: "過去 30 日間に使われていないリージョン sa-east-1"},
		},
	}
}

func TestGoldenAlerts(t *testing.T) {
	for _, f := range AlertFormats() {
		for _, lang := range []string{"en", "ja"} {
			var b bytes.Buffer
			if err := RenderAlerts(&b, f, AlertInput{Alerts: sampleAlerts(), Lang: lang, Version: "v0.1.0"}); err != nil {
				t.Fatalf("%s/%s: %v", f, lang, err)
			}
			golden(t, "alerts."+lang+"."+f, b.Bytes())
		}
	}
}

func TestAlertJSONFields(t *testing.T) {
	var b bytes.Buffer
	if err := RenderAlerts(&b, "json", AlertInput{Alerts: sampleAlerts(), Lang: "ja"}); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Alerts []map[string]any `json:"alerts"`
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"rule_id", "severity", "title", "time", "principal", "event_names", "event_ids", "source_ips", "reason", "tier", "tenant"} {
		if _, ok := out.Alerts[0][k]; !ok {
			t.Errorf("alert JSON has no %q", k)
		}
	}
	if out.Alerts[0]["tier"] != "alert" || out.Alerts[1]["tier"] != "signal" || out.Alerts[0]["tenant"] != "default" || out.Alerts[1]["tenant"] != "acme" {
		t.Errorf("tiers and tenants = %v %v, %v %v; want alert default, signal acme", out.Alerts[0]["tier"], out.Alerts[0]["tenant"], out.Alerts[1]["tier"], out.Alerts[1]["tenant"])
	}
	if out.Alerts[0]["title"] != "CloudTrail のログ記録が停止されました" {
		t.Errorf("ja title = %v", out.Alerts[0]["title"])
	}
	if out.Alerts[1]["title"] != "Activity in a region the account never uses" {
		t.Errorf("a title without Japanese must fall back to English, got %v", out.Alerts[1]["title"])
	}
}

func TestAlertCSVFormulaGuard(t *testing.T) {
	var b bytes.Buffer
	if err := RenderAlerts(&b, "csv", AlertInput{Alerts: sampleAlerts()}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `,'=cmd|' /C calc'!A0,`) {
		t.Errorf("a source IP starting with = is not defused:\n%s", b.String())
	}
}

func TestAlertsEmptyAndUnknown(t *testing.T) {
	var b bytes.Buffer
	if err := RenderAlerts(&b, "table", AlertInput{Lang: "ja"}); err != nil || !strings.Contains(b.String(), "アラートはありません") {
		t.Errorf("empty table = %q, %v", b.String(), err)
	}
	b.Reset()
	if err := RenderAlerts(&b, "json", AlertInput{}); err != nil || !strings.Contains(b.String(), `"alerts": []`) {
		t.Errorf("empty JSON = %q, %v", b.String(), err)
	}
	if err := RenderAlerts(&b, "html", AlertInput{}); err == nil || !strings.Contains(err.Error(), "table, json, csv, ocsf, sarif") {
		t.Errorf("unknown format error = %v", err)
	}
}

// The JSON report is written alert by alert; what it writes is what
// encoding the whole report at once writes, with evidence given up front
// or loaded batch by batch (and let go once written).
func TestAlertJSONStreamed(t *testing.T) {
	whole := func(as []mamori.Alert) string {
		out := jsonAlertReport{Tool: jsonTool{Name: "mamori", Version: "v1"}, Alerts: []jsonAlert{}}
		for i := range as {
			a := &as[i]
			out.Alerts = append(out.Alerts, jsonAlert{
				ID: a.ID, Tenant: tenantOf(a), Tier: string(tierOf(a)), RuleID: a.RuleID, Detector: a.Detector, Severity: a.Severity.String(),
				Title: alertText(a.Title, "en"), Time: a.Time.UTC().Format(time.RFC3339),
				Principal: a.Principal, Account: a.Account, Region: a.Region,
				EventNames: nonEmpty(a.EventNames), EventIDs: nonEmpty(a.EventIDs), SourceIPs: nonEmpty(a.SourceIPs),
				Reason: alertText(a.Reason, "en"), Tags: nonEmpty(a.Tags), Evidence: evidenceOf(a),
			})
		}
		var b bytes.Buffer
		if err := writeJSON(&b, out); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	var many []mamori.Alert
	for i := range 1203 {
		a := sampleAlerts()[i%2]
		a.ID = fmt.Sprintf("a%04d", i)
		a.Evidence = []json.RawMessage{json.RawMessage(fmt.Sprintf(`{"eventID":"e%d","n":[1,{"x":"<&>"}]}`, i))}
		many = append(many, a)
	}
	for _, as := range [][]mamori.Alert{nil, sampleAlerts(), many} {
		want := whole(as)
		var b bytes.Buffer
		if err := RenderAlerts(&b, "json", AlertInput{Alerts: as, Version: "v1"}); err != nil || b.String() != want {
			t.Fatalf("%d alerts: streamed JSON differs from the whole document (%v)", len(as), err)
		}
	}
	// Every format gives the same report from Load, batch by batch, as
	// from the whole alerts, and holds no more than a batch from it.
	for _, format := range AlertFormats() {
		for _, as := range [][]mamori.Alert{nil, sampleAlerts(), many} {
			var want bytes.Buffer
			if err := RenderAlerts(&want, format, AlertInput{Alerts: as, Version: "v1", Lang: "ja"}); err != nil {
				t.Fatal(err)
			}
			var starts []int
			var got bytes.Buffer
			err := RenderAlerts(&got, format, AlertInput{Count: len(as), Version: "v1", Lang: "ja", Load: func(start int, batch []mamori.Alert) error {
				if len(batch) > alertBatch {
					t.Fatalf("a batch of %d", len(batch))
				}
				starts = append(starts, start)
				copy(batch, as[start:])
				return nil
			}})
			if err != nil || got.String() != want.String() {
				t.Fatalf("%s, %d alerts loaded in batches: the report differs (%v)", format, len(as), err)
			}
			var wantStarts []int
			for s := 0; s < len(as); s += alertBatch {
				wantStarts = append(wantStarts, s)
			}
			if fmt.Sprint(starts) != fmt.Sprint(wantStarts) {
				t.Errorf("%s, %d alerts: batches at %v, want %v", format, len(as), starts, wantStarts)
			}
		}
	}
}
