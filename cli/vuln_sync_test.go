package cli

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestVulnSyncScripts runs testdata/sync/*.txtar, where mamori vuln sync
// downloads from a local server, with one more command:
//
//	feed-server DIR  serves the files under $WORK/DIR and sets FEEDS to its
//	                 URL. A request for X/all.zip is answered with a zip of
//	                 the directory X (an OSV export); a request for
//	                 X/checksum.txt with JVN's checksum list of the .rdf
//	                 files under X, when X holds no checksum.txt of its own.
func TestVulnSyncScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/sync",
		Setup: func(env *testscript.Env) error {
			env.Setenv("MAMORI_DB", env.WorkDir+"/mamori.db")
			env.Setenv("LANG", "C.UTF-8")
			env.Setenv("MAMORI_LANG", "")
			env.Setenv("HOME", env.WorkDir)
			for _, k := range []string{"MAMORI_OSV_URL", "MAMORI_OSV_ECOSYSTEMS", "MAMORI_KEV_URL", "MAMORI_EPSS_URL", "MAMORI_JVN_FEED_URL", "MAMORI_JVN_SINCE", "MAMORI_MYJVN_URL", "MAMORI_CSAF_PROVIDERS"} {
				env.Setenv(k, "")
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"feed-server": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: feed-server DIR")
				}
				srv := httptest.NewServer(feedHandler(ts.MkAbs(args[0])))
				ts.Defer(srv.Close)
				ts.Setenv("FEEDS", srv.URL)
			},
		},
	})
}

func feedHandler(root string) http.Handler {
	files := http.FileServer(http.Dir(root))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(root, filepath.FromSlash(r.URL.Path))
		if _, err := os.Stat(p); err == nil {
			files.ServeHTTP(w, r)
			return
		}
		dir := filepath.Dir(p)
		var body []byte
		var err error
		switch filepath.Base(p) {
		case "all.zip":
			body, err = zipDir(dir)
		case "checksum.txt":
			body, err = checksumList(dir, r.Host)
		default:
			http.NotFound(w, r)
			return
		}
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	})
}

func zipDir(dir string) ([]byte, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range es {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		w, err := zw.Create(e.Name())
		if err != nil {
			return nil, err
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// checksumList is JVN's checksum.txt for the .rdf files of dir: the
// overviews under rss/years/, the details under feed/detail/, as JVN
// lays them out.
func checksumList(dir, host string) ([]byte, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type entry struct {
		URL      string `json:"url"`
		Filename string `json:"filename"`
		SHA256   string `json:"sha256"`
		Size     int    `json:"size"`
	}
	var list []entry
	for _, e := range es {
		if !strings.HasSuffix(e.Name(), ".rdf") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		h := sha256.Sum256(data)
		list = append(list, entry{"http://" + host + "/jvn/" + e.Name(), e.Name(), hex.EncodeToString(h[:]), len(data)})
	}
	return json.MarshalIndent(list, "", "  ")
}
