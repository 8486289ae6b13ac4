package vuln

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

// feedServer serves the test data like the public feeds, with ETags, and
// counts full downloads.
type feedServer struct {
	mu        sync.Mutex
	files     map[string][]byte
	downloads map[string]int
}

func (f *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := sha256.Sum256(b)
	etag := `"` + hex.EncodeToString(h[:8]) + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	f.downloads[r.URL.Path]++
	w.Header().Set("ETag", etag)
	w.Write(b)
}

func TestSync(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for _, name := range []string{"GO-2021-0052.json", "GO-2024-2687.json"} {
		b, err := os.ReadFile("testdata/osv/go/" + name)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create(name)
		w.Write(b)
	}
	zw.Close()
	kev, _ := os.ReadFile("testdata/kev.json")
	epss, _ := os.ReadFile("testdata/epss.csv.gz")
	fs := &feedServer{files: map[string][]byte{"/Go/all.zip": zb.Bytes(), "/kev.json": kev, "/epss/epss_scores-current.csv.gz": epss}, downloads: map[string]int{}}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	sources := Sources(srv.URL+"/{ecosystem}/all.zip", []string{"Go", "npm"}, srv.URL+"/kev.json", srv.URL+"/epss/epss_scores-current.csv.gz")
	if len(sources) != 4 || sources[1].URL != srv.URL+"/npm/all.zip" {
		t.Fatalf("sources = %+v", sources)
	}
	clock := func() time.Time { return now }

	rs, err := Sync(ctx, srv.Client(), db, sources, clock)
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Import.Advisories.Added != 2 || rs[2].Import.KEV.Added != 5 || rs[3].Import.EPSS.Added != 5 {
		t.Errorf("first sync: %+v", rs)
	}
	// A feed that is not there is reported; the others were imported.
	if rs[1].Err == nil || !strings.Contains(rs[1].Err.Error(), "/npm/all.zip: 404 Not Found") {
		t.Errorf("missing feed: %v", rs[1].Err)
	}
	if _, err := db.AliasGroup(ctx, "", "GHSA-4v7x-pqxf-cx7m"); err != nil {
		t.Error(err)
	}
	// Provenance: the entry of the feed it came from, not the temporary
	// file it was downloaded to.
	if a, err := db.Advisory(ctx, "", "GO-2021-0052"); err != nil || a.Origin != srv.URL+"/Go/all.zip!GO-2021-0052.json" {
		t.Errorf("origin: %q %v", a.Origin, err)
	}

	// Again: nothing changed, nothing downloaded.
	rs, err = Sync(ctx, srv.Client(), db, sources, clock)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 2, 3} {
		if !rs[i].NotModified {
			t.Errorf("%s downloaded again: %+v", rs[i].Source.Name, rs[i])
		}
	}
	if fs.downloads["/Go/all.zip"] != 1 || fs.downloads["/kev.json"] != 1 {
		t.Errorf("downloads = %v", fs.downloads)
	}

	// A feed that changed is downloaded and what changed is said.
	fs.mu.Lock()
	fs.files["/kev.json"] = bytes.Replace(kev, []byte(`"notes": "`), []byte(`"notes": "updated. `), 1)
	fs.mu.Unlock()
	rs, err = Sync(ctx, srv.Client(), db, sources, clock)
	if err != nil {
		t.Fatal(err)
	}
	if rs[2].NotModified || rs[2].Import.KEV != (mamori.ImportStats{Updated: 1, Unchanged: 4}) {
		t.Errorf("changed KEV: %+v", rs[2])
	}

	// Resumable: a feed with an entry that could not be read is not
	// remembered, so the next sync downloads it again (a later fix of the
	// entry upstream is then taken); the good entries are imported.
	zb.Reset()
	zw = zip.NewWriter(&zb)
	for name, body := range map[string]string{"GO-2021-0052.json": "", "BROKEN-1.json": `{"id": "BROKEN-1", "modified": "yesterday"}`} {
		if body == "" {
			b, _ := os.ReadFile("testdata/osv/go/" + name)
			body = string(b)
		}
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	fs.mu.Lock()
	fs.files["/Go/all.zip"] = zb.Bytes()
	fs.mu.Unlock()
	for i := 1; i <= 2; i++ {
		rs, err = Sync(ctx, srv.Client(), db, sources[:1], clock)
		if err != nil {
			t.Fatal(err)
		}
		if rs[0].NotModified || len(rs[0].Import.Errors) != 1 || !strings.HasPrefix(rs[0].Import.Errors[0].Error(), srv.URL+"/Go/all.zip!BROKEN-1.json: ") {
			t.Errorf("sync %d of a feed with a broken entry: %+v", i, rs[0])
		}
	}
	if fs.downloads["/Go/all.zip"] != 3 {
		t.Errorf("downloads = %v; want the broken feed downloaded by each sync", fs.downloads)
	}
}
