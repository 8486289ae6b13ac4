package vuln

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// Default JVN locations: the checksum list of JVN iPedia's feed files
// (yearly detail and overview files, each with its sha256) and the MyJVN API.
const (
	DefaultJVNFeedURL = "https://jvndb.jvn.jp/ja/feed/checksum.txt"
	DefaultMyJVNURL   = "https://jvndb.jvn.jp/myjvn"
)

// maxBody bounds one download (JVN's largest yearly detail file is ~80 MB).
const maxBody = 1 << 30

// jvnFeedFile is a yearly feed file: the detail feed jvndb_detail_2024.rdf
// (VULDEF) or the overview feed jvndb_2024.rdf (JVNRSS).
var jvnFeedFile = regexp.MustCompile(`^jvndb_(detail_)?(\d{4})\.rdf$`)

// SyncJVNFeeds downloads JVN's checksum list (checksumURL) and every yearly
// feed file of year since or later whose sha256 differs from the one
// imported last: the detail feeds (VULDEF, jvndb_detail_YYYY.rdf) first,
// then the overview feeds (JVNRSS, jvndb_YYYY.rdf), whose entries without a
// detail stay as overviews (an overview never replaces a detail). The
// yearly files are large and change rarely, so an unchanged year is not
// downloaded at all. Each file is checked against the list before it is
// imported (a mismatch refuses it whole) and remembered only once imported
// whole. A file's URL is the path the list gives, resolved against
// checksumURL's server, so a mirror that keeps JVN's paths works as the
// public site does; without one, JVN's own layout beside the list
// (detail/ for the details, ../rss/years/ for the overviews). The error
// returned is the store's.
func SyncJVNFeeds(ctx context.Context, client *http.Client, db mamori.VulnStore, checksumURL string, since int, now func() time.Time) ([]SyncResult, error) {
	if client == nil {
		client = http.DefaultClient
	}
	src := Source{Name: "jvn:checksum.txt", URL: checksumURL}
	body, err := get(ctx, client, checksumURL)
	if err != nil {
		return []SyncResult{{Source: src, Err: err}}, nil
	}
	list, err := parseChecksumList(body)
	if err != nil {
		return []SyncResult{{Source: src, Err: fmt.Errorf("%s: %v", checksumURL, err)}}, nil
	}
	base, err := url.Parse(checksumURL)
	if err != nil {
		return []SyncResult{{Source: src, Err: err}}, nil
	}
	// Details before overviews, so that an entry with both is stored once
	// as its detail rather than as an overview replaced straight after.
	var details, overviews []checksumEntry
	for _, e := range list {
		m := jvnFeedFile.FindStringSubmatch(e.Filename)
		if m == nil {
			continue
		}
		if y, _ := strconv.Atoi(m[2]); y < since {
			continue
		}
		if m[1] != "" {
			details = append(details, e)
		} else {
			overviews = append(overviews, e)
		}
	}
	var out []SyncResult
	for _, e := range append(details, overviews...) {
		r := SyncResult{Source: Source{Name: "jvn:" + e.Filename}}
		u := e.URL
		if pu, err := url.Parse(e.URL); err == nil && e.URL != "" {
			u = base.ResolveReference(&url.URL{Path: pu.Path}).String()
		} else if strings.HasPrefix(e.Filename, "jvndb_detail_") {
			u = base.ResolveReference(&url.URL{Path: path.Join(path.Dir(base.Path), "detail", e.Filename)}).String()
		} else {
			u = base.ResolveReference(&url.URL{Path: path.Join(path.Dir(path.Dir(base.Path)), "rss", "years", e.Filename)}).String()
		}
		r.Source.URL = u
		st, err := db.FeedState(ctx, "jvn:"+e.Filename)
		if err != nil {
			return out, err
		}
		if st.ETag != "" && strings.EqualFold(st.ETag, e.SHA256) {
			r.NotModified = true
			out = append(out, r)
			continue
		}
		data, err := get(ctx, client, u)
		r.Bytes = int64(len(data))
		if err != nil {
			r.Err = err
			out = append(out, r)
			continue
		}
		// The importer checks the file against the checksum.txt beside it
		// and records its sha256 once its advisories are stored.
		dir, err := os.MkdirTemp("", "mamori-jvn-")
		if err != nil {
			return out, err
		}
		p := filepath.Join(dir, e.Filename)
		err = os.WriteFile(filepath.Join(dir, "checksum.txt"), body, 0o600)
		if err == nil {
			err = os.WriteFile(p, data, 0o600)
		}
		if err != nil {
			os.RemoveAll(dir)
			return out, err
		}
		im := &Importer{Store: db, Now: now, from: p, as: u}
		err = im.Import(ctx, []string{p}, &r.Import)
		os.RemoveAll(dir)
		if err != nil {
			return out, err
		}
		renameErrs(r.Import.Errors, p, u)
		out = append(out, r)
	}
	return out, nil
}

// checksumEntry is one line of JVN's checksum.txt.
type checksumEntry struct {
	URL      string `json:"url"`
	Filename string `json:"filename"`
	SHA256   string `json:"sha256"`
}

// parseChecksumList reads JVN's checksum.txt (a JSON list).
func parseChecksumList(b []byte) ([]checksumEntry, error) {
	var list []checksumEntry
	if err := jsonUnmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("not JVN's checksum list: %s", oneLine(err.Error()))
	}
	return list, nil
}

// get downloads a URL whole (at most maxBody bytes).
func get(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "mamori")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &statusError{url: u, status: resp.Status, code: resp.StatusCode}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err == nil && len(b) > maxBody {
		err = fmt.Errorf("larger than %d bytes", maxBody)
	}
	if err == nil && resp.ContentLength >= 0 && int64(len(b)) != resp.ContentLength {
		err = fmt.Errorf("got %d of %d bytes", len(b), resp.ContentLength)
	}
	if err != nil {
		return b, fmt.Errorf("%s: %v", u, err)
	}
	return b, nil
}

// statusError is a download the server answered with another status than
// 200 OK.
type statusError struct {
	url, status string
	code        int
}

func (e *statusError) Error() string { return e.url + ": " + e.status }

// notFound reports whether err is a 404 answer: a file the server does not
// publish.
func notFound(err error) bool {
	var se *statusError
	return errors.As(err, &se) && se.code == http.StatusNotFound
}

// MyJVN API limits: getVulnOverviewList answers at most 50 entries a call,
// getVulnDetailInfo at most 10 IDs.
const (
	myjvnOverviewPage = 50
	myjvnDetailBatch  = 10
	// myjvnFirstDays is how far back the first MyJVN sync looks.
	myjvnFirstDays = 30
)

// SyncMyJVN asks the MyJVN API (apiURL) for the entries updated since the
// last sync (the first time: the last 30 days) with getVulnOverviewList,
// page by page, stores their overviews, then fetches their details with
// getVulnDetailInfo, ten IDs a call, and stores those (a detail replaces its
// overview). The day the sync started is remembered only once every page
// and detail was imported, so a sync that failed asks again from the same
// day. The error returned is the store's.
func SyncMyJVN(ctx context.Context, client *http.Client, db mamori.VulnStore, apiURL string, now func() time.Time) (SyncResult, error) {
	if client == nil {
		client = http.DefaultClient
	}
	if now == nil {
		now = time.Now
	}
	r := SyncResult{Source: Source{Name: "myjvn", URL: apiURL}}
	st, err := db.FeedState(ctx, "myjvn:"+apiURL)
	if err != nil {
		return r, err
	}
	started := now().UTC()
	since := started.AddDate(0, 0, -myjvnFirstDays)
	if t, err := time.Parse("2006-01-02", st.LastModified); err == nil {
		since = t
	}
	im := &Importer{Store: db, Now: now}
	var ids []string
	for start := 1; ; {
		q := url.Values{"method": {"getVulnOverviewList"}, "feed": {"hnd"}, "lang": {"ja"},
			"rangeDatePublic": {"n"}, "rangeDatePublished": {"n"}, "rangeDateFirstPublished": {"n"},
			"datePublishedStartY": {strconv.Itoa(since.Year())}, "datePublishedStartM": {fmt.Sprintf("%02d", since.Month())},
			"datePublishedStartD": {fmt.Sprintf("%02d", since.Day())},
			"startItem":           {strconv.Itoa(start)}, "maxCountItem": {strconv.Itoa(myjvnOverviewPage)}}
		u := apiURL + "?" + q.Encode()
		body, err := get(ctx, client, u)
		r.Bytes += int64(len(body))
		if err != nil {
			r.Err = err
			break
		}
		as, status, errs, err := ParseJVNRSS(body)
		if err == nil && status == nil {
			err = fmt.Errorf("no MyJVN status in the answer")
		}
		if err == nil {
			err = status.Err()
		}
		if err != nil {
			r.Err = fmt.Errorf("%s: %v", u, err)
			break
		}
		im.errs(&r.Import, u, errs)
		for _, a := range as {
			ids = append(ids, a.ID)
			if err := im.add(ctx, u, a, nil, &r.Import); err != nil {
				return r, err
			}
		}
		next := status.FirstRes + status.TotalResRet
		if status.TotalResRet == 0 || next > status.TotalRes || next <= start {
			break
		}
		start = next
	}
	for i := 0; i < len(ids) && r.Err == nil; i += myjvnDetailBatch {
		batch := ids[i:min(i+myjvnDetailBatch, len(ids))]
		// MyJVN joins IDs with "+", which must reach it unescaped.
		u := apiURL + "?method=getVulnDetailInfo&feed=hnd&lang=ja&vulnId=" + strings.Join(batch, "+")
		body, err := get(ctx, client, u)
		r.Bytes += int64(len(body))
		if err != nil {
			r.Err = err
			break
		}
		as, errs, err := ParseVULDEF(body)
		if err != nil {
			r.Err = fmt.Errorf("%s: %v", u, err)
			break
		}
		im.errs(&r.Import, u, errs)
		for _, a := range as {
			if err := im.add(ctx, u, a, nil, &r.Import); err != nil {
				return r, err
			}
		}
	}
	if err := im.flush(ctx, &r.Import); err != nil {
		return r, err
	}
	if r.Err == nil && len(r.Import.Errors) == 0 {
		if err := db.PutFeedState(ctx, "myjvn:"+apiURL, mamori.FeedState{LastModified: started.Format("2006-01-02")}); err != nil {
			return r, err
		}
	}
	return r, nil
}
