package vuln

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// SourceJVN names advisories read from JVN iPedia.
const SourceJVN = "jvn"

type vulinfo struct {
	ID   string `xml:"VulinfoID"`
	Data struct {
		Title    string `xml:"Title"`
		Overview string `xml:"VulinfoDescription>Overview"`
		Affected []struct {
			Vendor   string   `xml:"Name"`
			Product  string   `xml:"ProductName"`
			CPE      []string `xml:"Cpe"`
			Versions []string `xml:"VersionNumber"`
		} `xml:"Affected>AffectedItem"`
		CVSS []struct {
			Version string `xml:"version,attr"`
			Vector  string `xml:"Vector"`
		} `xml:"Impact>Cvss"`
		Related []struct {
			Type string `xml:"type,attr"`
			ID   string `xml:"VulinfoID"`
			URL  string `xml:"URL"`
		} `xml:"Related>RelatedItem"`
		First string `xml:"DateFirstPublished"`
		Last  string `xml:"DateLastUpdated"`
	} `xml:"VulinfoData"`
}

// ParseVULDEF reads a JVN iPedia detail feed (VULDEF 3.2, jvndb_detail_YYYY.rdf):
// one advisory per Vulinfo, with its Japanese title and overview kept as
// they are, the CVE IDs it relates to as aliases, its CVSS vectors, and its
// affected products. JVN names products, not packages, so they are matched
// by name only, as candidates; a version text JVN writes the usual way
// ("5.16.3 未満", "2.4 以下", "1.0 以上 2.0 未満") becomes a range. A broken
// entry is reported by its position and ID; the entries before it are
// returned (an XML syntax error ends the file).
func ParseVULDEF(data []byte) ([]mamori.Advisory, []error, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var (
		out  []mamori.Advisory
		errs []error
		n    int
		root bool
	)
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !root {
				return nil, nil, fmt.Errorf("not a JVN VULDEF document: %s", oneLine(err.Error()))
			}
			errs = append(errs, fmt.Errorf("after entry %d: %s", n, oneLine(err.Error())))
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local == "VULDEF-Document" {
			root = true
			continue
		}
		if se.Name.Local != "Vulinfo" || !root {
			if !root {
				return nil, nil, fmt.Errorf("not a JVN VULDEF document: starts with <%s>", se.Name.Local)
			}
			continue
		}
		n++
		var v vulinfo
		if err := dec.DecodeElement(&v, &se); err != nil {
			errs = append(errs, fmt.Errorf("Vulinfo[%d]: %s", n, oneLine(err.Error())))
			break
		}
		raw := bytes.TrimSpace(data[off:dec.InputOffset()])
		a, err := fromVulinfo(&v)
		if err != nil {
			errs = append(errs, fmt.Errorf("Vulinfo[%d] %s: %v", n, strings.TrimSpace(v.ID), err))
			continue
		}
		a.Raw = append([]byte(nil), raw...)
		out = append(out, a)
	}
	if !root {
		return nil, nil, errors.New("not a JVN VULDEF document: no <VULDEF-Document>")
	}
	return out, errs, nil
}

func fromVulinfo(v *vulinfo) (mamori.Advisory, error) {
	d := &v.Data
	a := mamori.Advisory{ID: strings.TrimSpace(v.ID), Source: SourceJVN, Summary: strings.TrimSpace(d.Title),
		Details: strings.TrimSpace(d.Overview)}
	if !strings.HasPrefix(a.ID, "JVNDB-") {
		return a, fmt.Errorf("VulinfoID %q is not a JVNDB ID", v.ID)
	}
	var err error
	if a.Published, err = jvnTime(d.First); err != nil {
		return a, fmt.Errorf("DateFirstPublished: %v", err)
	}
	if a.Modified, err = jvnTime(d.Last); err != nil {
		return a, fmt.Errorf("DateLastUpdated: %v", err)
	}
	for _, r := range d.Related {
		id := strings.TrimSpace(r.ID)
		if r.Type == "advisory" && strings.HasPrefix(id, "CVE-") && !contains(a.Aliases, id) {
			a.Aliases = append(a.Aliases, id)
		}
		if r.URL != "" {
			a.References = append(a.References, mamori.Reference{Type: strings.ToUpper(r.Type), URL: strings.TrimSpace(r.URL)})
		}
	}
	for _, c := range d.CVSS {
		typ := cvssType(c.Version)
		if vec := strings.TrimSpace(c.Vector); vec != "" {
			a.Severity = append(a.Severity, mamori.SeverityScore{Type: typ, Score: vec})
		}
	}
	for _, it := range d.Affected {
		name := strings.TrimSpace(it.Product)
		if name == "" {
			continue
		}
		af := mamori.Affected{Name: name}
		if len(it.CPE) > 0 {
			af.CPE = strings.TrimSpace(it.CPE[0])
		}
		for _, vt := range it.Versions {
			if evs, ok := jvnRange(vt); ok {
				af.Ranges = append(af.Ranges, mamori.VersionRange{Type: "ECOSYSTEM", Events: evs})
			}
		}
		a.Affected = append(a.Affected, af)
	}
	return a, a.Validate()
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func jvnTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	// JVNRSS writes minutes without seconds ("2023-06-01T11:12+09:00").
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time", s)
}

var (
	jvnLess    = regexp.MustCompile(`^(\S+)\s*(未満|より前|より前のバージョン)$`)
	jvnAtMost  = regexp.MustCompile(`^(\S+)\s*(以下|およびそれ以前|及びそれ以前)$`)
	jvnAtLeast = regexp.MustCompile(`^(\S+)\s*以上\s*(\S+)\s*(未満|以下)$`)
	jvnFrom    = regexp.MustCompile(`^(\S+)\s*以上$`)
	jvnExact   = regexp.MustCompile(`^[0-9][0-9A-Za-z.\-_+]*$`)
)

// jvnRange reads the version texts JVN writes most; anything else is left
// to a person (the product still matches by name, version not compared).
func jvnRange(s string) ([]mamori.RangeEvent, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "　", " "))
	if m := jvnLess.FindStringSubmatch(s); m != nil {
		return []mamori.RangeEvent{{Introduced: "0"}, {Fixed: m[1]}}, true
	}
	if m := jvnAtMost.FindStringSubmatch(s); m != nil {
		return []mamori.RangeEvent{{Introduced: "0"}, {LastAffected: m[1]}}, true
	}
	if m := jvnAtLeast.FindStringSubmatch(s); m != nil {
		if m[3] == "未満" {
			return []mamori.RangeEvent{{Introduced: m[1]}, {Fixed: m[2]}}, true
		}
		return []mamori.RangeEvent{{Introduced: m[1]}, {LastAffected: m[2]}}, true
	}
	if m := jvnFrom.FindStringSubmatch(s); m != nil {
		return []mamori.RangeEvent{{Introduced: m[1]}}, true
	}
	if jvnExact.MatchString(s) {
		return []mamori.RangeEvent{{Introduced: s}, {LastAffected: s}}, true
	}
	return nil, false
}
