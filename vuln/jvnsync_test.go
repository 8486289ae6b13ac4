package vuln

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

func TestParseJVNRSS(t *testing.T) {
	b, err := os.ReadFile("testdata/jvnrss/jvndb_2022.rdf")
	if err != nil {
		t.Fatal(err)
	}
	as, status, errs, err := ParseJVNRSS(b)
	if err != nil || len(errs) > 0 || status != nil {
		t.Fatalf("ParseJVNRSS: %v %v %v", err, errs, status)
	}
	if len(as) != 3 {
		t.Fatalf("got %d advisories", len(as))
	}
	a := as[0]
	if a.ID != "JVNDB-2021-018345" || a.Source != "jvn" || !a.Overview || a.Summary != "Android における脆弱性" ||
		a.Details != "Android には、不特定の脆弱性が存在します。" || len(a.Aliases) != 1 || a.Aliases[0] != "CVE-2022-22292" {
		t.Errorf("first item: %+v", a)
	}
	if len(a.Affected) != 1 || a.Affected[0].Name != "Android" || a.Affected[0].CPE != "cpe:/o:google:android" || len(a.Affected[0].Ranges) != 0 {
		t.Errorf("affected: %+v", a.Affected)
	}
	if len(a.Severity) != 2 || a.Severity[1] != (mamori.SeverityScore{Type: "CVSS_V3", Score: "CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"}) {
		t.Errorf("severity: %+v", a.Severity)
	}
	// Minutes without seconds, as JVNRSS writes them.
	if a.Modified.Format("2006-01-02T15:04Z07:00") != "2023-06-01T02:12Z" {
		t.Errorf("modified = %v", a.Modified)
	}
	if !strings.HasPrefix(string(a.Raw), "<item ") || !strings.HasSuffix(string(a.Raw), "</item>") {
		t.Errorf("raw = %.60q", a.Raw)
	}

	// A MyJVN error answer says so.
	b, _ = os.ReadFile("testdata/myjvn/error.rdf")
	_, status, _, err = ParseJVNRSS(b)
	if err != nil || status.Err() == nil || !strings.Contains(status.Err().Error(), "1002") {
		t.Errorf("error answer: %v %+v", err, status)
	}
	if _, _, _, err := ParseJVNRSS([]byte(`<VULDEF-Document/>`)); err == nil {
		t.Error("a VULDEF document read as JVNRSS")
	}
}

// An overview never replaces the detailed entry of the same ID; the detail
// replaces the overview.
func TestJVNOverviewAndDetail(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	res := importAll(t, db, "testdata/myjvn/overview-1.rdf")
	if res.Advisories.Added != 2 || len(res.Errors) != 0 {
		t.Fatalf("overview: %+v %v", res.Advisories, res.Errors)
	}
	res = importAll(t, db, "testdata/jvn/jvndb_detail_2022.rdf")
	if res.Advisories != (mamori.ImportStats{Updated: 2}) {
		t.Errorf("detail over overview: %+v", res.Advisories)
	}
	res = importAll(t, db, "testdata/myjvn/overview-1.rdf")
	if res.Advisories.Updated != 0 || res.Advisories.Added != 0 {
		t.Errorf("overview over detail: %+v", res.Advisories)
	}
	a, err := db.Advisory(ctx, "", "JVNDB-2022-000002")
	if err != nil || a.Overview || len(a.Affected) == 0 || a.Affected[0].CPE != "cpe:/a:expresstech:quiz_and_survey_master" {
		t.Errorf("stored: %+v %v", a, err)
	}
}

// myjvnServer answers getVulnOverviewList from the two overview pages and
// getVulnDetailInfo from the Vulinfo entries of the detail test files, as
// the MyJVN API does.
type myjvnServer struct {
	mu       sync.Mutex
	pages    [][]byte
	vulinfo  map[string]string
	requests []string
	fail     bool
}

var vulinfoRE = regexp.MustCompile(`(?s)<Vulinfo>\s*<VulinfoID>([^<]+)</VulinfoID>.*?</Vulinfo>`)

func newMyJVNServer(t *testing.T) *myjvnServer {
	s := &myjvnServer{vulinfo: map[string]string{}}
	for _, p := range []string{"testdata/myjvn/overview-1.rdf", "testdata/myjvn/overview-2.rdf"} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s.pages = append(s.pages, b)
	}
	for _, p := range []string{"testdata/jvn/jvndb_detail_2022.rdf", "testdata/jvn/jvndb_detail_2023.rdf"} {
		b, _ := os.ReadFile(p)
		for _, m := range vulinfoRE.FindAllStringSubmatch(string(b), -1) {
			s.vulinfo[m[1]] = m[0]
		}
	}
	return s
}

func (s *myjvnServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.URL.RawQuery)
	q := r.URL.Query()
	switch q.Get("method") {
	case "getVulnOverviewList":
		if s.fail {
			b, _ := os.ReadFile("testdata/myjvn/error.rdf")
			w.Write(b)
			return
		}
		switch q.Get("startItem") {
		case "1":
			w.Write(s.pages[0])
		case "3":
			w.Write(s.pages[1])
		default:
			http.Error(w, "bad startItem", http.StatusBadRequest)
		}
	case "getVulnDetailInfo":
		// "+" joins the IDs; it reaches the server unescaped.
		ids := strings.Split(strings.TrimPrefix(r.URL.RawQuery[strings.Index(r.URL.RawQuery, "vulnId="):], "vulnId="), "+")
		if len(ids) > 10 {
			http.Error(w, "too many IDs", http.StatusBadRequest)
			return
		}
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<VULDEF-Document version="3.2" xmlns="http://jvn.jp/vuldef/" xmlns:status="http://jvndb.jvn.jp/myjvn/Status" xml:lang="ja">`)
		for _, id := range ids {
			b.WriteString(s.vulinfo[id])
		}
		fmt.Fprintf(&b, `<status:Status version="3.3" method="getVulnDetailInfo" retCd="0" totalRes="%d" totalResRet="%d" firstRes="1"/></VULDEF-Document>`, len(ids), len(ids))
		w.Write([]byte(b.String()))
	default:
		http.Error(w, "unknown method", http.StatusBadRequest)
	}
}

func TestSyncMyJVN(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	s := newMyJVNServer(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	clock := func() time.Time { return now }

	r, err := SyncMyJVN(ctx, srv.Client(), db, srv.URL+"/myjvn", clock)
	if err != nil || r.Err != nil || len(r.Import.Errors) > 0 {
		t.Fatalf("sync: %v %v %v", err, r.Err, r.Import.Errors)
	}
	// Three overviews, then their three details over them.
	if r.Import.Advisories != (mamori.ImportStats{Added: 3, Updated: 3}) {
		t.Errorf("stats: %+v", r.Import.Advisories)
	}
	a, err := db.Advisory(ctx, "", "JVNDB-2023-004315")
	if err != nil || a.Overview || !strings.Contains(a.Origin, "getVulnDetailInfo") {
		t.Errorf("detail not stored over the overview: %+v %v", a, err)
	}
	if len(s.requests) != 3 || !strings.Contains(s.requests[0], "datePublishedStartD=06&datePublishedStartM=11&datePublishedStartY=2026") ||
		!strings.Contains(s.requests[2], "vulnId=JVNDB-2022-000001+JVNDB-2022-000002+JVNDB-2023-004315") {
		t.Errorf("requests: %q", s.requests)
	}
	st, _ := db.FeedState(ctx, "myjvn:"+srv.URL+"/myjvn")
	if st.LastModified != "2026-12-06" {
		t.Errorf("state = %+v", st)
	}

	// The next sync asks from the day of the last; an API error is reported
	// and the day is kept.
	s.fail, s.requests = true, nil
	r, err = SyncMyJVN(ctx, srv.Client(), db, srv.URL+"/myjvn", func() time.Time { return now.AddDate(0, 0, 3) })
	if err != nil || r.Err == nil || !strings.Contains(r.Err.Error(), "MyJVN error 1002") {
		t.Errorf("error answer: %v %v", err, r.Err)
	}
	if !strings.Contains(s.requests[0], "datePublishedStartD=06&datePublishedStartM=12&datePublishedStartY=2026") {
		t.Errorf("second sync asked %q", s.requests[0])
	}
	if st, _ := db.FeedState(ctx, "myjvn:"+srv.URL+"/myjvn"); st.LastModified != "2026-12-06" {
		t.Errorf("state after a failure = %+v", st)
	}
}

// The yearly detail (VULDEF) and overview (JVNRSS) files listed in JVN's
// checksum.txt: details first, overviews for the entries without one, each
// file downloaded again only when its sha256 in the list changed, and
// refused whole when it does not match.
func TestSyncJVNFeeds(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	files := map[string][]byte{}
	var list []string
	entry := func(urlPath, name string) {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		base := path.Base(name)
		files[path.Join(path.Dir(urlPath), base)] = b
		h := sha256.Sum256(b)
		u := ""
		if urlPath != "" {
			u = "https://jvndb.jvn.jp" + urlPath
		}
		list = append(list, fmt.Sprintf(`{"url": %q, "filename": %q, "sha256": "%s", "size": %d}`, u, base, hex.EncodeToString(h[:]), len(b)))
	}
	// In JVN's order: the overviews first, then the details.
	entry("/ja/rss/years/jvndb_2023.rdf", "testdata/jvnrss/jvndb_2023.rdf")
	entry("/ja/rss/years/jvndb_2022.rdf", "testdata/jvnrss/jvndb_2022.rdf")
	entry("/ja/feed/detail/jvndb_detail_2023.rdf", "testdata/jvn/jvndb_detail_2023.rdf")
	// No URL: found where JVN keeps it, beside the list.
	b, err := os.ReadFile("testdata/jvn/jvndb_detail_2022.rdf")
	if err != nil {
		t.Fatal(err)
	}
	files["/ja/feed/detail/jvndb_detail_2022.rdf"] = b
	h := sha256.Sum256(b)
	list = append(list, fmt.Sprintf(`{"filename": "jvndb_detail_2022.rdf", "sha256": "%s"}`, hex.EncodeToString(h[:])))
	// Not yearly, or before --jvn-since: left alone.
	list = append(list, `{"url": "https://jvndb.jvn.jp/ja/rss/jvndb_new.rdf", "filename": "jvndb_new.rdf", "sha256": "00", "size": 1}`,
		`{"url": "https://jvndb.jvn.jp/ja/rss/years/jvndb_2019.rdf", "filename": "jvndb_2019.rdf", "sha256": "00", "size": 1}`,
		`{"url": "https://jvndb.jvn.jp/ja/feed/detail/jvndb_detail_2019.rdf", "filename": "jvndb_detail_2019.rdf", "sha256": "00", "size": 1}`,
		`{"url": "https://jvndb.jvn.jp/ja/feed/product/myjvn_product_202311.rdf", "filename": "myjvn_product_202311.rdf", "sha256": "00", "size": 1}`)
	files["/ja/feed/checksum.txt"] = []byte("[" + strings.Join(list, ",\n") + "]")
	fs := &feedServer{files: files, downloads: map[string]int{}}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	sync := func() []SyncResult {
		t.Helper()
		rs, err := SyncJVNFeeds(ctx, srv.Client(), db, srv.URL+"/ja/feed/checksum.txt", 2020, nil)
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	type got struct {
		Name, URL   string
		NotModified bool
		Stats       mamori.ImportStats
		Errors      int
	}
	summary := func(rs []SyncResult) []got {
		var out []got
		for _, r := range rs {
			if r.Err != nil {
				t.Errorf("%s: %v", r.Source.Name, r.Err)
			}
			out = append(out, got{r.Source.Name, strings.TrimPrefix(r.Source.URL, srv.URL), r.NotModified, r.Import.Advisories, len(r.Import.Errors)})
		}
		return out
	}

	// Four details, then the five overviews: JVNDB-2022-000001 has its
	// detail already, the other four are stored as overviews.
	want := []got{
		{"jvn:jvndb_detail_2023.rdf", "/ja/feed/detail/jvndb_detail_2023.rdf", false, mamori.ImportStats{Added: 2}, 0},
		{"jvn:jvndb_detail_2022.rdf", "/ja/feed/detail/jvndb_detail_2022.rdf", false, mamori.ImportStats{Added: 2}, 0},
		{"jvn:jvndb_2023.rdf", "/ja/rss/years/jvndb_2023.rdf", false, mamori.ImportStats{Added: 2}, 0},
		{"jvn:jvndb_2022.rdf", "/ja/rss/years/jvndb_2022.rdf", false, mamori.ImportStats{Added: 2, Stale: 1}, 0},
	}
	if d := cmp.Diff(want, summary(sync())); d != "" {
		t.Fatalf("first sync (-want +got):\n%s", d)
	}
	a, err := db.Advisory(ctx, "", "JVNDB-2021-018345")
	if err != nil || !a.Overview || a.Summary != "Android における脆弱性" || a.Origin != srv.URL+"/ja/rss/years/jvndb_2022.rdf" {
		t.Errorf("overview: %+v %v", a, err)
	}
	if a, err := db.Advisory(ctx, "", "JVNDB-2022-000001"); err != nil || a.Overview {
		t.Errorf("the overview replaced the detail: %+v %v", a, err)
	}

	// Unchanged checksums: nothing downloaded.
	for i := range want {
		want[i].NotModified, want[i].Stats = true, mamori.ImportStats{}
	}
	if d := cmp.Diff(want, summary(sync())); d != "" {
		t.Errorf("second sync (-want +got):\n%s", d)
	}
	for p, n := range fs.downloads {
		if p != "/ja/feed/checksum.txt" && n != 1 {
			t.Errorf("%s downloaded %d times", p, n)
		}
	}

	// A file that changed, but not as the list says, is refused whole and
	// not remembered; the other files go on.
	fs.mu.Lock()
	files["/ja/rss/years/jvndb_2023.rdf"] = []byte(strings.Replace(string(files["/ja/rss/years/jvndb_2023.rdf"]), "</title>", "（更新）</title>", 2))
	files["/ja/feed/checksum.txt"] = []byte(strings.Replace(string(files["/ja/feed/checksum.txt"]), `"sha256": "`, `"sha256": "ff`, 1))
	fs.mu.Unlock()
	rs := sync()
	if len(rs) != 4 || !rs[0].NotModified || !rs[1].NotModified || !rs[3].NotModified || len(rs[2].Import.Errors) != 1 ||
		!strings.Contains(rs[2].Import.Errors[0].Error(), "/ja/rss/years/jvndb_2023.rdf: sha256 ") ||
		!strings.Contains(rs[2].Import.Errors[0].Error(), "does not match checksum.txt") || rs[2].Import.Advisories != (mamori.ImportStats{}) {
		t.Errorf("mismatch: %+v", rs)
	}
	if a, _ := db.Advisory(ctx, "", "JVNDB-2022-017708"); strings.Contains(a.Summary, "（更新）") {
		t.Errorf("a refused file was imported: %q", a.Summary)
	}
	// Fixed upstream: the next sync imports it.
	fs.mu.Lock()
	nb := files["/ja/rss/years/jvndb_2023.rdf"]
	h = sha256.Sum256(nb)
	files["/ja/feed/checksum.txt"] = []byte(regexp.MustCompile(`"sha256": "ff[0-9a-f]*"`).ReplaceAllString(string(files["/ja/feed/checksum.txt"]), `"sha256": "`+hex.EncodeToString(h[:])+`"`))
	fs.mu.Unlock()
	rs = sync()
	if len(rs) != 4 || len(rs[2].Import.Errors) != 0 || rs[2].Import.Advisories != (mamori.ImportStats{Updated: 1, Unchanged: 1}) {
		t.Errorf("after the fix: %+v", rs)
	}
	if a, _ := db.Advisory(ctx, "", "JVNDB-2022-017708"); !strings.HasSuffix(a.Summary, "（更新）") {
		t.Errorf("not updated: %q", a.Summary)
	}
}
