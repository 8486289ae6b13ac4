package vuln

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mamori-sec/mamori/vuln/csaf"

	"github.com/mamori-sec/mamori"
)

// csafDoc is one document a provider lists: where it is, when it was last
// updated, and where its hash files and OpenPGP signature are.
type csafDoc struct {
	url, updated string
	hashURLs     []string
	sigURL       string
}

// SyncCSAF reads a CSAF provider's provider-metadata.json (metaURL) and
// imports the documents it distributes: from each ROLIE feed of TLP
// WHITE/CLEAR (the feeds of other labels need the provider's credentials and
// are left out), and from each directory distribution through its
// changes.csv. A document is downloaded only when the feed's updated time
// differs from the one imported last (incremental). Its SHA-512 and SHA-256
// files, when the provider publishes them, must match; its OpenPGP
// signature (.asc), when the provider publishes one, must verify with the
// provider's public keys (public_openpgp_keys: each downloaded and checked
// against its listed fingerprint). A document that fails either is
// refused with one line naming it and the rest go on. When the provider
// lists keys and none of them can be read, its signed documents are
// refused too: a signature that cannot be checked is not taken as good.
// Each document's state is recorded only once it was imported, so a failed
// sync picks the rest up next time. The error returned is the store's.
func SyncCSAF(ctx context.Context, client *http.Client, db mamori.VulnStore, metaURL string, now func() time.Time) ([]SyncResult, error) {
	if client == nil {
		client = http.DefaultClient
	}
	if now == nil {
		now = time.Now
	}
	head := SyncResult{Source: Source{Name: "csaf:" + metaURL, URL: metaURL}}
	body, err := get(ctx, client, metaURL)
	if err != nil {
		head.Err = err
		return []SyncResult{head}, nil
	}
	var pm csaf.ProviderMetadata
	if err := json.Unmarshal(body, &pm); err != nil {
		head.Err = fmt.Errorf("%s: not a CSAF provider-metadata.json: %s", metaURL, oneLine(err.Error()))
		return []SyncResult{head}, nil
	}
	base, err := url.Parse(metaURL)
	if err != nil {
		head.Err = err
		return []SyncResult{head}, nil
	}
	keys, kerrs := loadCSAFKeys(ctx, client, base, pm.PGPKeys)
	head.Import.Errors = append(head.Import.Errors, kerrs...)
	sigs := &csafSigner{keys: keys, listed: len(pm.PGPKeys) > 0}
	var docs []csafDoc
	for _, d := range pm.Distributions {
		if d.Rolie != nil {
			for _, f := range d.Rolie.Feeds {
				if f.URL == nil || f.TLPLabel == nil || (*f.TLPLabel != csaf.TLPLabelWhite && *f.TLPLabel != "CLEAR") {
					continue
				}
				ds, err := rolieDocs(ctx, client, resolve(base, string(*f.URL)))
				if err != nil {
					head.Import.Errors = append(head.Import.Errors, err)
					continue
				}
				docs = append(docs, ds...)
			}
		}
		if d.DirectoryURL != "" {
			ds, err := directoryDocs(ctx, client, resolve(base, d.DirectoryURL))
			if err != nil {
				head.Import.Errors = append(head.Import.Errors, err)
				continue
			}
			docs = append(docs, ds...)
		}
	}
	out := []SyncResult{head}
	seen := map[string]bool{}
	r := SyncResult{Source: Source{Name: "csaf:" + strings.TrimSuffix(base.Host+base.Path, "/provider-metadata.json"), URL: metaURL}}
	im := &Importer{Store: db, Now: now}
	unchanged := 0
	for _, d := range docs {
		if seen[d.url] {
			continue
		}
		seen[d.url] = true
		key := "csaf:" + d.url
		st, err := db.FeedState(ctx, key)
		if err != nil {
			return out, err
		}
		if d.updated != "" && st.LastModified == d.updated {
			unchanged++
			continue
		}
		data, err := get(ctx, client, d.url)
		r.Bytes += int64(len(data))
		if err == nil {
			err = checkHash(ctx, client, d, data)
		}
		if err == nil {
			err = sigs.check(ctx, client, d, data, now())
		}
		if err != nil {
			r.Import.Errors = append(r.Import.Errors, err)
			continue
		}
		a, err := ParseCSAF(data)
		if err != nil {
			r.Import.Errors = append(r.Import.Errors, fmt.Errorf("%s: %v", d.url, err))
			continue
		}
		if err := im.add(ctx, d.url, a, nil, &r.Import); err != nil {
			return out, err
		}
		if err := im.flush(ctx, &r.Import); err != nil {
			return out, err
		}
		if err := db.PutFeedState(ctx, key, mamori.FeedState{LastModified: d.updated}); err != nil {
			return out, err
		}
	}
	r.Import.Advisories.Unchanged += unchanged
	r.Import.Files = len(seen)
	if len(seen) > 0 && unchanged == len(seen) {
		r.NotModified = true
	}
	if len(head.Import.Errors) == 0 {
		out = out[1:]
	}
	return append(out, r), nil
}

// rolieDocs lists the documents of a ROLIE feed.
func rolieDocs(ctx context.Context, client *http.Client, feedURL string) ([]csafDoc, error) {
	body, err := get(ctx, client, feedURL)
	if err != nil {
		return nil, err
	}
	return parseROLIE(feedURL, body)
}

// parseROLIE reads a ROLIE feed: each entry's document URL,
// updated time and hash link, resolved against the feed's URL.
func parseROLIE(feedURL string, body []byte) ([]csafDoc, error) {
	rf, err := csaf.LoadROLIEFeed(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s: not a ROLIE feed: %s", feedURL, oneLine(err.Error()))
	}
	base, _ := url.Parse(feedURL)
	var out []csafDoc
	for _, e := range rf.Feed.Entry {
		if e.Content.Src == "" {
			continue
		}
		d := csafDoc{url: resolve(base, e.Content.Src), updated: time.Time(e.Updated).UTC().Format(time.RFC3339)}
		for _, l := range e.Link {
			switch l.Rel {
			case "hash":
				d.hashURLs = append(d.hashURLs, resolve(base, l.HRef))
			case "signature":
				d.sigURL = resolve(base, l.HRef)
			}
		}
		if d.sigURL == "" {
			// CSAF puts the signature beside the document.
			d.sigURL = d.url + ".asc"
		}
		out = append(out, d)
	}
	return out, nil
}

// directoryDocs lists the documents of a directory distribution from its
// changes.csv ("path","time of last update" per line).
func directoryDocs(ctx context.Context, client *http.Client, dirURL string) ([]csafDoc, error) {
	if !strings.HasSuffix(dirURL, "/") {
		dirURL += "/"
	}
	body, err := get(ctx, client, dirURL+"changes.csv")
	if err != nil {
		return nil, err
	}
	return parseChanges(dirURL, body)
}

// parseChanges reads a directory distribution's changes.csv: a document's
// path (relative to the directory; ".." refused) and its time of last
// update, per line.
func parseChanges(dirURL string, body []byte) ([]csafDoc, error) {
	base, _ := url.Parse(dirURL)
	rd := csv.NewReader(bytes.NewReader(body))
	rd.FieldsPerRecord = 2
	var out []csafDoc
	for line := 1; ; line++ {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, fmt.Errorf("%schanges.csv: line %d: %s", dirURL, line, oneLine(err.Error()))
		}
		p := strings.TrimSpace(rec[0])
		if p == "" || strings.Contains(p, "..") {
			continue
		}
		u := resolve(base, p)
		out = append(out, csafDoc{url: u, updated: strings.TrimSpace(rec[1]), hashURLs: []string{u + ".sha512", u + ".sha256"}, sigURL: u + ".asc"})
	}
	return out, nil
}

// checkHash compares the document with each of the provider's hash files
// (the "sha256sum" layout: hex digest, then the file name). A hash file that
// is not there is not an error: not every provider publishes both, or any.
func checkHash(ctx context.Context, client *http.Client, d csafDoc, data []byte) error {
	for _, u := range d.hashURLs {
		b, err := get(ctx, client, u)
		if err != nil {
			if notFound(err) {
				continue
			}
			return err
		}
		fields := strings.Fields(string(b))
		if len(fields) == 0 {
			return fmt.Errorf("%s: empty hash file", u)
		}
		want := strings.ToLower(fields[0])
		var got string
		switch len(want) {
		case 128:
			h := sha512.Sum512(data)
			got = hex.EncodeToString(h[:])
		case 64:
			h := sha256.Sum256(data)
			got = hex.EncodeToString(h[:])
		default:
			return fmt.Errorf("%s: not a SHA-256 or SHA-512 digest", u)
		}
		if got != want {
			return fmt.Errorf("%s: does not match %s (%s): download it again", d.url, u, want)
		}
	}
	return nil
}

func resolve(base *url.URL, ref string) string {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil || base == nil {
		return ref
	}
	return base.ResolveReference(u).String()
}
