package vuln

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	osvpb "github.com/ossf/osv-schema/bindings/go/osvschema"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/timestamppb"
	"gopkg.in/yaml.v3"

	"github.com/mamori-sec/mamori"
)

// SourceOSV names advisories read from OSV records.
const SourceOSV = "osv"

var osvJSON = protojson.UnmarshalOptions{DiscardUnknown: true}

// ParseOSV reads one OSV record (JSON) through the OSV schema's own Go
// bindings and turns it into an advisory. Raw keeps data exactly as given.
func ParseOSV(data []byte) (mamori.Advisory, error) {
	var v osvpb.Vulnerability
	if err := osvJSON.Unmarshal(data, &v); err != nil {
		return mamori.Advisory{}, fmt.Errorf("not an OSV record: %s", oneLine(err.Error()))
	}
	a, err := fromOSV(&v)
	if err != nil {
		return a, err
	}
	a.Raw = data
	return a, nil
}

// ParseOSVYAML reads one OSV record written in YAML (the PyPI advisory
// database's form). Raw keeps the YAML.
func ParseOSVYAML(data []byte) (mamori.Advisory, error) {
	var tree any
	if err := yaml.Unmarshal(data, &tree); err != nil {
		return mamori.Advisory{}, fmt.Errorf("not YAML: %s", oneLine(err.Error()))
	}
	js, err := json.Marshal(jsonTree(tree))
	if err != nil {
		return mamori.Advisory{}, fmt.Errorf("not an OSV record: %s", oneLine(err.Error()))
	}
	a, err := ParseOSV(js)
	if err != nil {
		return a, err
	}
	a.Raw = data
	return a, nil
}

// jsonTree turns what yaml.v3 decodes into what encoding/json encodes: map
// keys become strings, times RFC 3339 text.
func jsonTree(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = jsonTree(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = jsonTree(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = jsonTree(e)
		}
		return x
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return v
}

func osvTime(t *timestamppb.Timestamp) time.Time {
	if t == nil {
		return time.Time{}
	}
	tt := t.AsTime()
	if tt.Year() <= 1 {
		return time.Time{} // 0001-01-01: the source does not know
	}
	return tt
}

func fromOSV(v *osvpb.Vulnerability) (mamori.Advisory, error) {
	a := mamori.Advisory{
		ID: strings.TrimSpace(v.GetId()), Aliases: v.GetAliases(), Source: SourceOSV,
		Modified: osvTime(v.GetModified()), Published: osvTime(v.GetPublished()), Withdrawn: osvTime(v.GetWithdrawn()),
		Summary: v.GetSummary(), Details: v.GetDetails(),
	}
	if a.ID == "" {
		return a, errors.New("OSV record has no id")
	}
	if v.GetWithdrawn() != nil && a.Withdrawn.IsZero() {
		a.Withdrawn = time.Unix(0, 0).UTC() // withdrawn at an unknown time is still withdrawn
	}
	for _, s := range v.GetSeverity() {
		a.Severity = append(a.Severity, mamori.SeverityScore{Type: s.GetType().String(), Score: s.GetScore()})
	}
	for _, r := range v.GetReferences() {
		a.References = append(a.References, mamori.Reference{Type: r.GetType().String(), URL: r.GetUrl()})
	}
	for _, af := range v.GetAffected() {
		x := mamori.Affected{
			Ecosystem: af.GetPackage().GetEcosystem(), Name: af.GetPackage().GetName(), PURL: af.GetPackage().GetPurl(),
			Versions: af.GetVersions(),
		}
		for _, r := range af.GetRanges() {
			vr := mamori.VersionRange{Type: r.GetType().String(), Repo: r.GetRepo()}
			for _, e := range r.GetEvents() {
				vr.Events = append(vr.Events, mamori.RangeEvent{Introduced: e.GetIntroduced(), Fixed: e.GetFixed(),
					LastAffected: e.GetLastAffected(), Limit: e.GetLimit()})
			}
			x.Ranges = append(x.Ranges, vr)
		}
		if x.Ecosystem == "" && x.Name == "" && x.PURL == "" && len(x.Ranges) > 0 {
			// A GIT-only entry (repository ranges): kept without a package.
			x.Ecosystem, x.Name = "GIT", firstRepo(x.Ranges)
		}
		for _, s := range af.GetSeverity() {
			a.Severity = append(a.Severity, mamori.SeverityScore{Type: s.GetType().String(), Score: s.GetScore()})
		}
		a.Affected = append(a.Affected, x)
	}
	return a, a.Validate()
}

func firstRepo(rs []mamori.VersionRange) string {
	for _, r := range rs {
		if r.Repo != "" {
			return r.Repo
		}
	}
	return "unknown"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// looksLikeOSV reports whether a JSON object has the fields every OSV record has.
func looksLikeOSV(head []byte) bool {
	return bytes.Contains(head, []byte(`"id"`)) && (bytes.Contains(head, []byte(`"modified"`)) ||
		bytes.Contains(head, []byte(`"affected"`)) || bytes.Contains(head, []byte(`"schema_version"`)))
}

type jsonRaw = json.RawMessage

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
