// Package vuln brings advisories in and matches them to what we run: the
// importers of each source (OSV records, directories and all.zip exports;
// CISA KEV; EPSS), the inventory of lockfiles and SBOMs (osv-scalibr's
// extractors) and the matcher (osv-scalibr's version semantics of each
// ecosystem). It decides nothing about storage: it reads and writes through
// mamori.VulnStore.
package vuln

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// Kind is what a file holds.
type Kind string

// The kinds of input Import understands.
const (
	KindOSV       Kind = "osv"        // one OSV record (JSON), or a JSON array of them
	KindOSVYAML   Kind = "osv-yaml"   // one OSV record in YAML
	KindOSVZip    Kind = "osv-zip"    // an OSV export: a zip of OSV JSON records (all.zip)
	KindKEV       Kind = "kev"        // CISA's KEV catalogue (JSON)
	KindEPSS      Kind = "epss"       // FIRST's EPSS scores (CSV, optionally gzipped)
	KindJVN       Kind = "jvn"        // a JVN iPedia detail feed (VULDEF 3.2, jvndb_detail_YYYY.rdf)
	KindJVNRSS    Kind = "jvnrss"     // a JVN iPedia overview feed (JVNRSS 3.2, jvndb_YYYY.rdf)
	KindCSAF      Kind = "csaf"       // a CSAF 2.0 advisory (JSON)
	KindCSAFIndex Kind = "csaf-index" // a CSAF provider's metadata or ROLIE feed: skipped
	KindUnknown   Kind = ""
)

// Detect tells the kind of a file from its first bytes (and, for YAML,
// its name): mamori vuln import needs no flag saying what a file is.
func Detect(name string, head []byte) Kind {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return KindOSVZip
	case bytes.HasPrefix(head, []byte("#model_version")), bytes.HasPrefix(head, []byte("cve,epss")):
		return KindEPSS
	}
	t := bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	if bytes.HasPrefix(t, []byte("<")) && bytes.Contains(head, []byte("<VULDEF-Document")) {
		return KindJVN
	}
	if bytes.HasPrefix(t, []byte("<")) && bytes.Contains(head, []byte("<rdf:RDF")) &&
		(bytes.Contains(head, []byte("jvn.jp/rss/mod_sec")) || bytes.Contains(head, []byte("purl.org/rss/1.0"))) {
		return KindJVNRSS
	}
	switch {
	case bytes.HasPrefix(t, []byte("[")):
		return KindOSV
	case bytes.HasPrefix(t, []byte("{")):
		if bytes.Contains(head, []byte(`"catalogVersion"`)) || bytes.Contains(head, []byte("Known Exploited Vulnerabilities")) {
			return KindKEV
		}
		if looksLikeCSAF(head) {
			return KindCSAF
		}
		if looksLikeCSAFIndex(head) {
			return KindCSAFIndex
		}
		if looksLikeOSV(head) {
			return KindOSV
		}
	}
	if ext := strings.ToLower(filepath.Ext(name)); (ext == ".yaml" || ext == ".yml") && bytes.Contains(head, []byte("id:")) {
		return KindOSVYAML
	}
	return KindUnknown
}

// Result says what an import did.
type Result struct {
	// Files is how many files were read.
	Files int
	// Advisories, KEV and EPSS count what happened to each kind of record.
	Advisories, KEV, EPSS mamori.ImportStats
	// Errors are the files and entries that could not be read, each naming
	// the file and the entry; everything else was imported.
	Errors []error
	// Skipped counts JVN feed files whose checksum.txt entry is the one
	// already imported (incremental import).
	Skipped int
}

// Importer reads files into a store.
type Importer struct {
	Store mamori.VulnStore
	// Tenant owns what is imported (empty: mamori.DefaultTenant).
	Tenant string
	// Now is the clock for fetch times; nil means time.Now.
	Now func() time.Time

	// from and as rename the stored origins: a download's temporary file
	// (from) is named by the URL it came from (as).
	from, as string

	pending []mamori.Advisory
}

// batch is how many advisories go to the store in one call.
const batch = 500

// maxErrors bounds the errors kept of one file; past it they are counted.
const maxErrors = 20

// Import reads each path (a file or a directory, walked in name order) and
// stores what it holds. Files and entries that cannot be read are in
// res.Errors and the rest is imported; the error returned is the store's,
// and stops the import.
func (im *Importer) Import(ctx context.Context, paths []string, res *Result) error {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			res.Errors = append(res.Errors, pathErr(p, err))
			continue
		}
		if !st.IsDir() {
			if err := im.file(ctx, p, true, res); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				res.Errors = append(res.Errors, pathErr(q, err))
				return nil
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() && q != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			switch strings.ToLower(filepath.Ext(q)) {
			case ".json", ".yaml", ".yml", ".zip", ".csv", ".gz", ".rdf", ".xml":
				return im.file(ctx, q, false, res)
			}
			return nil // READMEs and the like
		})
		if err != nil {
			return err
		}
	}
	return im.flush(ctx, res)
}

func pathErr(p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %v", p, err)
}

// file reads one file. named: the user named it (an unknown kind is then
// an error; in a directory too, but quieter files such as package.json are
// skipped by extension before).
func (im *Importer) file(ctx context.Context, p string, named bool, res *Result) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := os.Open(p)
	if err != nil {
		res.Errors = append(res.Errors, pathErr(p, err))
		return nil
	}
	defer f.Close()
	res.Files++
	var r io.Reader = f
	var head [512]byte
	n, _ := io.ReadFull(f, head[:])
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		res.Errors = append(res.Errors, pathErr(p, err))
		return nil
	}
	name := p
	if bytes.HasPrefix(head[:n], []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(f)
		if err != nil {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %v", p, err))
			return nil
		}
		defer zr.Close()
		br := &peekReader{r: zr}
		n, _ = io.ReadFull(br, head[:])
		br.buf = append([]byte(nil), head[:n]...)
		r, name = br, strings.TrimSuffix(p, filepath.Ext(p))
	}
	kind := Detect(name, head[:n])
	switch kind {
	case KindOSVZip:
		st, err := f.Stat()
		if err != nil {
			res.Errors = append(res.Errors, pathErr(p, err))
			return nil
		}
		return im.zip(ctx, p, f, st.Size(), res)
	case KindEPSS:
		ss, errs, err := ParseEPSS(r)
		if err != nil {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %v", p, err))
			return nil
		}
		im.errs(res, p, errs)
		for i := range ss {
			ss[i].Tenant = im.Tenant
		}
		st, err := im.Store.PutEPSS(ctx, ss)
		if err != nil {
			return err
		}
		res.EPSS.Add(st)
		return nil
	}
	data, err := io.ReadAll(r)
	if err != nil {
		res.Errors = append(res.Errors, fmt.Errorf("%s: %v", p, err))
		return nil
	}
	switch kind {
	case KindKEV:
		es, errs, err := ParseKEV(data)
		if err != nil {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %v", p, err))
			return nil
		}
		im.errs(res, p, errs)
		now := im.now()
		for i := range es {
			es[i].Tenant, es[i].FetchedAt = im.Tenant, now
		}
		st, err := im.Store.PutKEV(ctx, es)
		if err != nil {
			return err
		}
		res.KEV.Add(st)
		return nil
	case KindOSV:
		if t := bytes.TrimLeft(data, " \t\r\n\xef\xbb\xbf"); bytes.HasPrefix(t, []byte("[")) {
			return im.osvArray(ctx, p, data, res)
		}
		a, err := ParseOSV(data)
		return im.add(ctx, p, a, err, res)
	case KindOSVYAML:
		a, err := ParseOSVYAML(data)
		return im.add(ctx, p, a, err, res)
	case KindCSAFIndex:
		return nil // a mirrored provider's index: the advisories beside it are imported
	case KindCSAF:
		a, err := ParseCSAF(data)
		return im.add(ctx, p, a, err, res)
	case KindJVN, KindJVNRSS:
		sum, skip, err := im.jvnChecksum(ctx, p, data)
		if err != nil {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %v", p, err))
			return nil
		}
		if skip {
			res.Skipped++
			return nil
		}
		var as []mamori.Advisory
		var errs []error
		if kind == KindJVN {
			as, errs, err = ParseVULDEF(data)
		} else {
			as, _, errs, err = ParseJVNRSS(data)
		}
		if err != nil {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %v", p, err))
			return nil
		}
		im.errs(res, p, errs)
		for _, a := range as {
			if err := im.add(ctx, p, a, nil, res); err != nil {
				return err
			}
		}
		if sum != "" && len(errs) == 0 {
			// Remember the file only once its advisories are stored.
			if err := im.flush(ctx, res); err != nil {
				return err
			}
			if err := im.Store.PutFeedState(ctx, jvnKey(p), mamori.FeedState{ETag: sum}); err != nil {
				return err
			}
		}
		return nil
	}
	if named || strings.EqualFold(filepath.Ext(name), ".json") {
		res.Errors = append(res.Errors, fmt.Errorf("%s: not a file mamori can import (OSV JSON or YAML, an OSV all.zip, a JVN VULDEF or JVNRSS feed, a CSAF 2.0 advisory, the CISA KEV catalogue or an EPSS CSV)", p))
	}
	return nil
}

func (im *Importer) errs(res *Result, p string, errs []error) {
	for i, e := range errs {
		if i == maxErrors {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %d more errors", p, len(errs)-maxErrors))
			break
		}
		res.Errors = append(res.Errors, fmt.Errorf("%s: %v", p, e))
	}
}

func (im *Importer) osvArray(ctx context.Context, p string, data []byte, res *Result) error {
	var raws []jsonRaw
	if err := jsonUnmarshal(data, &raws); err != nil {
		res.Errors = append(res.Errors, fmt.Errorf("%s: not a JSON array of OSV records: %s", p, oneLine(err.Error())))
		return nil
	}
	for i, raw := range raws {
		a, err := ParseOSV(raw)
		if err != nil {
			err = fmt.Errorf("[%d]: %v", i, err)
		}
		if err := im.add(ctx, p, a, err, res); err != nil {
			return err
		}
	}
	return nil
}

func (im *Importer) zip(ctx context.Context, p string, f io.ReaderAt, size int64, res *Result) error {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		res.Errors = append(res.Errors, fmt.Errorf("%s: not a readable zip (truncated?): %v", p, err))
		return nil
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	bad := 0
	for _, zf := range files {
		if zf.FileInfo().IsDir() || !strings.EqualFold(filepath.Ext(zf.Name), ".json") {
			continue
		}
		origin := p + "!" + zf.Name
		data, err := readZip(zf)
		if err != nil {
			bad++
			if bad <= maxErrors {
				res.Errors = append(res.Errors, fmt.Errorf("%s: %v", origin, err))
			}
			continue
		}
		a, err := ParseOSV(data)
		if err != nil {
			bad++
			if bad <= maxErrors {
				res.Errors = append(res.Errors, fmt.Errorf("%s: %v", origin, err))
			}
			continue
		}
		if err := im.add(ctx, origin, a, nil, res); err != nil {
			return err
		}
	}
	if bad > maxErrors {
		res.Errors = append(res.Errors, fmt.Errorf("%s: %d more entries could not be read", p, bad-maxErrors))
	}
	return nil
}

// readZip reads one entry, at most 64 MiB (no OSV record comes near).
func readZip(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, 64<<20+1))
	if err != nil {
		return nil, err
	}
	if len(data) > 64<<20 {
		return nil, errors.New("entry larger than 64 MiB")
	}
	return data, nil
}

// add queues one parsed advisory, or records why it could not be read.
func (im *Importer) add(ctx context.Context, origin string, a mamori.Advisory, err error, res *Result) error {
	if err != nil {
		if a.ID != "" {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %s: %v", origin, a.ID, err))
		} else {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %v", origin, err))
		}
		return nil
	}
	if im.from != "" && strings.HasPrefix(origin, im.from) {
		origin = im.as + origin[len(im.from):]
	}
	a.Tenant, a.Origin, a.FetchedAt = im.Tenant, origin, im.now()
	im.pending = append(im.pending, a)
	if len(im.pending) >= batch {
		return im.flush(ctx, res)
	}
	return nil
}

func (im *Importer) flush(ctx context.Context, res *Result) error {
	if len(im.pending) == 0 {
		return nil
	}
	st, err := im.Store.PutAdvisories(ctx, im.pending)
	im.pending = im.pending[:0]
	if err != nil {
		return err
	}
	res.Advisories.Add(st)
	return nil
}

func (im *Importer) now() time.Time {
	if im.Now != nil {
		return im.Now()
	}
	return time.Now()
}

// peekReader gives back the bytes already read, then the rest.
type peekReader struct {
	buf []byte
	r   io.Reader
}

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n, nil
	}
	return p.r.Read(b)
}

// jvnChecksum checks a JVN feed file against the checksum.txt beside it
// (JVN publishes one per feed directory: a JSON list of filename, sha256,
// size). A file that does not match is refused whole; a file whose checksum
// is the one imported last time is skipped. Without a checksum.txt, or a
// line for the file, the file is imported as it is.
func (im *Importer) jvnChecksum(ctx context.Context, p string, data []byte) (sum string, skip bool, err error) {
	b, err := os.ReadFile(filepath.Join(filepath.Dir(p), "checksum.txt"))
	if err != nil {
		return "", false, nil
	}
	var list []struct {
		Filename string `json:"filename"`
		SHA256   string `json:"sha256"`
	}
	if err := jsonUnmarshal(b, &list); err != nil {
		return "", false, fmt.Errorf("checksum.txt beside it is not JVN's checksum list: %s", oneLine(err.Error()))
	}
	h := sha256.Sum256(data)
	got := hex.EncodeToString(h[:])
	for _, e := range list {
		if e.Filename != filepath.Base(p) {
			continue
		}
		if !strings.EqualFold(e.SHA256, got) {
			return "", false, fmt.Errorf("sha256 %s does not match checksum.txt (%s): download it again", got, e.SHA256)
		}
		st, err := im.Store.FeedState(ctx, jvnKey(p))
		if err != nil {
			return "", false, err
		}
		return got, st.ETag == got, nil
	}
	return "", false, nil
}

// jvnKey names a JVN feed file in the feed state: by its file name, as the
// yearly files keep their names from one download to the next.
func jvnKey(p string) string { return "jvn:" + filepath.Base(p) }
