package vuln

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// Source is one feed mamori vuln sync downloads.
type Source struct {
	// Name says what it is: "osv:Go", "kev", "epss".
	Name string
	// URL is where it is downloaded from.
	URL string
}

// Default feed locations (the public endpoints of each source).
const (
	DefaultOSVURL  = "https://osv-vulnerabilities.storage.googleapis.com/{ecosystem}/all.zip"
	DefaultKEVURL  = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"
	DefaultEPSSURL = "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"
)

// Sources lists the feeds for the OSV ecosystems named, the KEV catalogue
// and the EPSS scores; an empty URL leaves that feed out.
func Sources(osvURL string, ecosystems []string, kevURL, epssURL string) []Source {
	var out []Source
	if osvURL != "" {
		for _, e := range ecosystems {
			if e = strings.TrimSpace(e); e != "" {
				out = append(out, Source{Name: "osv:" + e, URL: strings.ReplaceAll(osvURL, "{ecosystem}", e)})
			}
		}
	}
	if kevURL != "" {
		out = append(out, Source{Name: "kev", URL: kevURL})
	}
	if epssURL != "" {
		out = append(out, Source{Name: "epss", URL: epssURL})
	}
	return out
}

// SyncResult says what a sync did with one feed.
type SyncResult struct {
	Source Source
	// NotModified: the server said the feed has not changed since the last
	// sync (ETag / Last-Modified); nothing was downloaded.
	NotModified bool
	Bytes       int64
	Import      Result
	Err         error
}

// Sync downloads each feed (a conditional GET when it was synced before),
// imports what changed, and remembers the feed's ETag and Last-Modified
// once its import succeeded, so a sync that stopped half-way is resumed by
// running it again. A feed that fails is reported in its result; the
// others go on. The error returned is the store's.
func Sync(ctx context.Context, client *http.Client, db mamori.VulnStore, sources []Source, now func() time.Time) ([]SyncResult, error) {
	if client == nil {
		client = http.DefaultClient
	}
	var out []SyncResult
	for _, s := range sources {
		r := SyncResult{Source: s}
		st, err := db.FeedState(ctx, s.URL)
		if err != nil {
			return out, err
		}
		file, newState, notModified, n, err := download(ctx, client, s, st)
		r.NotModified, r.Bytes = notModified, n
		if err != nil {
			r.Err = err
			out = append(out, r)
			continue
		}
		if notModified {
			out = append(out, r)
			continue
		}
		im := &Importer{Store: db, Now: now, from: file, as: s.URL}
		err = im.Import(ctx, []string{file}, &r.Import)
		os.RemoveAll(filepath.Dir(file))
		if err != nil {
			return out, err
		}
		renameErrs(r.Import.Errors, file, s.URL)
		if len(r.Import.Errors) == 0 {
			if err := db.PutFeedState(ctx, s.URL, newState); err != nil {
				return out, err
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// renameErrs names a downloaded file in its errors by the URL it came from
// ("URL!entry: reason"), not by its temporary path.
func renameErrs(errs []error, file, u string) {
	for i, e := range errs {
		if msg := e.Error(); strings.HasPrefix(msg, file) {
			errs[i] = errors.New(u + msg[len(file):])
		} else {
			errs[i] = fmt.Errorf("%s: %s", u, msg)
		}
	}
}

// download fetches a feed into a new temporary directory, under the name
// the URL gives (the importer tells gzip from content, YAML by name).
func download(ctx context.Context, client *http.Client, s Source, st mamori.FeedState) (string, mamori.FeedState, bool, int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
	if err != nil {
		return "", st, false, 0, err
	}
	if st.ETag != "" {
		req.Header.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		req.Header.Set("If-Modified-Since", st.LastModified)
	}
	req.Header.Set("User-Agent", "mamori")
	resp, err := client.Do(req)
	if err != nil {
		return "", st, false, 0, fmt.Errorf("%s: %v", s.URL, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return "", st, true, 0, nil
	case resp.StatusCode != http.StatusOK:
		return "", st, false, 0, fmt.Errorf("%s: %s", s.URL, resp.Status)
	}
	dir, err := os.MkdirTemp("", "mamori-sync-")
	if err != nil {
		return "", st, false, 0, err
	}
	name := path.Base(req.URL.Path)
	if name == "" || name == "/" || name == "." {
		name = "feed"
	}
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		os.RemoveAll(dir)
		return "", st, false, 0, err
	}
	n, err := io.Copy(f, resp.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = fmt.Errorf("got %d of %d bytes", n, resp.ContentLength)
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", st, false, n, fmt.Errorf("%s: %v", s.URL, err)
	}
	return p, mamori.FeedState{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}, false, n, nil
}
