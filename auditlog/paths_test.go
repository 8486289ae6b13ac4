package auditlog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/mamori-sec/mamori"
)

// tree writes files under a temporary directory.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func describe(s Summary, dir string) string {
	rel := func(fe []FileError) string {
		var out []string
		for _, e := range fe {
			p, _ := filepath.Rel(dir, e.Path)
			out = append(out, filepath.ToSlash(p)+": "+e.Err.Error())
		}
		sort.Strings(out)
		return strings.Join(out, " | ")
	}
	return fmt.Sprintf("files %d, events %d, skipped %d; bad: %s; skipped files: %s", s.Files, s.Events, s.Skipped, rel(s.Bad), rel(s.SkippedFiles))
}

func TestReadPaths(t *testing.T) {
	digest := `{"awsAccountId":"1","digestStartTime":"2026-01-01T00:00:00Z","logFiles":[]}`
	noID := strings.Replace(rec, `"eventID":"e1",`, ``, 1)
	dir := tree(t, map[string]string{
		"AWSLogs/1/CloudTrail/us-east-1/a.json.gz":                   gzipped(`{"Records":[` + recN(1) + `,` + recN(2) + `]}`),
		"AWSLogs/1/CloudTrail/us-east-1/b.json":                      `{"Records":[` + recN(3) + `,` + noID + `,` + noID + `]}`,
		"AWSLogs/1/CloudTrail/us-east-1/c.jsonl":                     recN(4) + "\n" + recN(5) + "\n",
		"AWSLogs/1/CloudTrail/us-east-1/d.gz":                        gzipped(recN(6)),
		"AWSLogs/1/CloudTrail/us-east-1/cut.json.gz":                 gzipped(`{"Records":[` + recN(7) + `,` + recN(8) + `]}`)[:60],
		"AWSLogs/1/CloudTrail/us-east-1/other.json":                  `{"hello":"world"}`,
		"AWSLogs/1/CloudTrail-Digest/us-east-1/x.json.gz":            gzipped(digest),
		"AWSLogs/1/CloudTrail/us-east-1/1_CloudTrail-Digest_x.json":  digest,
		"AWSLogs/1/CloudTrail/us-east-1/renamed-digest.json":         digest,
		"AWSLogs/1/vpcflowlogs/us-east-1/f.log.gz":                   gzipped(v2Header + v2Line),
		"AWSLogs/1/CloudTrail/us-east-1/README.md":                   "# notes",
		"AWSLogs/1/CloudTrail/us-east-1/export.csv.gz":               gzipped("a,b,c\n"),
		".git/objects/x.json":                                        "not read",
		"lake/result_sign.json":                                      `{"files":[],"hashSignature":"x"}`,
		"lake/result_1.csv.gz":                                       gzipped("eventid,eventname\n"),
		"flow/AWSLogs/1/vpcflowlogs/us-east-1/2026/01/01/a.log.gz":   gzipped(v2Header + v2Line + strings.Replace(v2Line, "40122", "40123", 1)),
		"flow/AWSLogs/1/vpcflowlogs/us-east-1/2026/01/01/b.log":      v2Line + "2 111122223333 eni-1 - - - - - - - 1767225600 1767225659 - NODATA\n",
		"flow/AWSLogs/1/vpcflowlogs/us-east-1/2026/01/01/c.json":     "{}",
		"flow/AWSLogs/1/vpcflowlogs/us-east-1/2026/01/01/bad.txt.gz": gzipped("nope\n"),
	})
	var ids []string
	collect := func(ev *mamori.Event) error { ids = append(ids, ev.ID); return nil }
	s, err := ReadPaths([]string{filepath.Join(dir, "AWSLogs"), filepath.Join(dir, "lake"), filepath.Join(dir, "missing.json")}, CloudTrail, nil, collect)
	want := "files 6, events 6, skipped 0; bad: AWSLogs/1/CloudTrail/us-east-1/b.json: record 2: has no eventID | " +
		"AWSLogs/1/CloudTrail/us-east-1/cut.json.gz: truncated gzip: the compressed data ends early (the file is cut off) (after 0 records) | " +
		"AWSLogs/1/CloudTrail/us-east-1/other.json: not a CloudTrail file: first object has no eventName | " +
		"missing.json: no such file or directory; " +
		"skipped files: AWSLogs/1/CloudTrail/us-east-1/renamed-digest.json: a CloudTrail digest file, which holds no events | " +
		"lake/result_sign.json: a CloudTrail Lake query results sign file, which holds no events"
	if err != nil || describe(s, dir) != want || strings.Join(ids, ",") != "e1,e2,e3,e4,e5,e6" || s.BadRecords[filepath.Join(dir, "AWSLogs/1/CloudTrail/us-east-1/b.json")] != 2 {
		t.Errorf("got  %s (ids %v, bad records %v, err %v)\nwant %s", describe(s, dir), ids, s.BadRecords, err, want)
	}

	// Flow logs, and a file named explicitly is read whatever its name.
	s, err = ReadPaths([]string{filepath.Join(dir, "flow"), filepath.Join(dir, "AWSLogs/1/vpcflowlogs/us-east-1/f.log.gz")}, FlowLogs, nil, func(*mamori.Event) error { return nil })
	want = "files 4, events 4, skipped 1; bad: flow/AWSLogs/1/vpcflowlogs/us-east-1/2026/01/01/bad.txt.gz: " +
		"not a VPC flow log: the first line has 1 fields and no header names them (the default format has 14): \"nope\"; skipped files: "
	if err != nil || describe(s, dir) != want {
		t.Errorf("flow logs:\ngot  %s (%v)\nwant %s", describe(s, dir), err, want)
	}

	// Standard input, and fn's error returned as is.
	stop := errors.New("stop")
	s, err = ReadPaths([]string{"-"}, CloudTrail, strings.NewReader(rec+rec), func(*mamori.Event) error { return stop })
	if err != stop || s.Events != 1 {
		t.Errorf("stdin: %+v, err %v, want fn's error after one event", s, err)
	}
	s, err = ReadStream("s3://bucket/key.json.gz", strings.NewReader("x"), CloudTrail, collect)
	if err != nil || len(s.Bad) != 1 || s.Bad[0].Error() != `s3://bucket/key.json.gz: not a CloudTrail file: it starts with "x", not a JSON object or array` {
		t.Errorf("stream: %+v, %v", s, err)
	}
}

func TestLogFile(t *testing.T) {
	for _, c := range []struct {
		name     string
		ct, flow bool
	}{
		{"111_CloudTrail_us-east-1_20230710T1220Z_abc.json.gz", true, false},
		{"111_CloudTrail_us-east-1_20230710T1220Z_abc.json", true, false},
		{"events.jsonl", true, false}, {"events.JSONL.GZ", true, false}, {"events.ndjson", true, false},
		{"firehose-1-2026-01-01.gz", true, true},
		{"111_vpcflowlogs_us-east-1_fl-1_20260101T0000Z_abc.log.gz", false, true},
		{"flows.txt", false, true},
		{"111_CloudTrail-Digest_us-east-1_trail_us-east-1_20260101T000000Z.json.gz", false, false},
		{"result_1.csv.gz", false, false}, {"notes.md", false, false}, {"a.parquet", false, false}, {"json", false, false},
	} {
		if logFile(c.name, CloudTrail) != c.ct || logFile(c.name, FlowLogs) != c.flow {
			t.Errorf("%s: CloudTrail %v, flow logs %v; want %v, %v", c.name, logFile(c.name, CloudTrail), logFile(c.name, FlowLogs), c.ct, c.flow)
		}
	}
}

// A trail's folders are per region: the files are read in the order of the
// delivery time in their names across regions, not folder by folder; files
// without one come after, in name order.
func TestWalkInDeliveryOrder(t *testing.T) {
	base := "AWSLogs/111122223333/CloudTrail/"
	dir := tree(t, map[string]string{
		base + "ap-northeast-1/2023/07/10/111122223333_CloudTrail_ap-northeast-1_20230710T1300Z_a.json": recN(3),
		base + "ap-northeast-1/2023/07/10/111122223333_CloudTrail_ap-northeast-1_20230710T1100Z_b.json": recN(1),
		base + "us-east-1/2023/07/10/111122223333_CloudTrail_us-east-1_20230710T1200Z_c.json":           recN(2),
		base + "us-east-1/2023/07/10/111122223333_CloudTrail_us-east-1_20230710T1400Z_d.json":           recN(4),
		"exports/a-export.json": recN(5),
		"b-export.json":         recN(6),
	})
	var ids []string
	if _, err := ReadPaths([]string{dir}, CloudTrail, nil, func(ev *mamori.Event) error {
		ids = append(ids, ev.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ids, " "); got != "e1 e2 e3 e4 e6 e5" {
		t.Errorf("read in order %s, want e1 e2 e3 e4 e6 e5", got)
	}
	if tm, ok := DeliveryTime("s3://b/AWSLogs/1/vpcflowlogs/us-east-1/2023/07/10/1_vpcflowlogs_us-east-1_fl-0a_20230710T1205Z_h.log.gz"); !ok ||
		tm.Format("2006-01-02 15:04") != "2023-07-10 12:05" {
		t.Errorf("DeliveryTime of a flow log key = %v, %v", tm, ok)
	}
}
