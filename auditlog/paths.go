package auditlog

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// Kind selects the reader.
type Kind int

// Kinds of logs.
const (
	CloudTrail Kind = iota
	FlowLogs
)

// Summary says what ReadPaths or ReadStream read.
type Summary struct {
	// Files counts the files read (bad ones included, skipped ones not).
	Files int
	// Events counts the events passed to fn.
	Events int
	// Skipped counts records read that carry no event by design (flow log
	// NODATA and SKIPDATA records).
	Skipped int
	// Bad lists the files that could not be read, whole or in part, with
	// the reason: a file with bad records is listed once, with the first
	// bad record; a file that is cut off or not a log is listed with that.
	Bad []FileError
	// BadRecords counts the skipped bad records per file.
	BadRecords map[string]int
	// SkippedFiles lists the files left out because they hold no events
	// (CloudTrail digest files, CloudTrail Lake sign files), with why.
	SkippedFiles []FileError
}

// FileError is a file and what was wrong with it.
type FileError struct {
	Path string
	Err  error
}

func (e FileError) Error() string { return e.Path + ": " + e.Err.Error() }

func (e FileError) Unwrap() error { return e.Err }

// ReadPaths reads every path in turn: "-" is stdin; a directory is walked
// recursively, in name order, for the files of the kind (see logFile); a
// file is read whatever its name. Each event goes to fn. A file that cannot
// be read, or only in part, is recorded in the summary with the reason and
// the others are still read; an error from fn stops everything and is
// returned as is.
func ReadPaths(paths []string, kind Kind, stdin io.Reader, fn func(*mamori.Event) error) (Summary, error) {
	s := Summary{BadRecords: map[string]int{}}
	for _, p := range paths {
		if p == "-" {
			if stdin == nil {
				stdin = os.Stdin
			}
			if err := s.read("(stdin)", stdin, kind, fn); err != nil {
				return s, err
			}
			continue
		}
		if err := s.walk(p, kind, fn); err != nil {
			return s, err
		}
	}
	return s, nil
}

// ReadStream reads one named stream (an S3 object, a built-in file) as
// ReadPaths reads a file.
func ReadStream(name string, r io.Reader, kind Kind, fn func(*mamori.Event) error) (Summary, error) {
	s := Summary{BadRecords: map[string]int{}}
	err := s.read(name, r, kind, fn)
	return s, err
}

// walk reads root, a file or a directory; only fn's error is returned.
func (s *Summary) walk(root string, kind Kind, fn func(*mamori.Event) error) error {
	info, err := os.Stat(root)
	if err != nil {
		s.Bad = append(s.Bad, FileError{Path: root, Err: pathErr(err)})
		return nil
	}
	if !info.IsDir() {
		return s.readFile(root, kind, fn)
	}
	// The files are listed first and read in the order of their delivery
	// time: AWS's layout puts each region in a folder of its own, and read
	// in name order a principal's day in us-east-1 would come after its
	// month in ap-northeast-1, out of order for the detectors.
	var files []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			s.Bad = append(s.Bad, FileError{Path: path, Err: pathErr(err)})
			if d != nil && d.IsDir() && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if logFile(d.Name(), kind) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	SortByDelivery(files)
	for _, f := range files {
		if err := s.readFile(f, kind, fn); err != nil {
			return err
		}
	}
	return nil
}

// deliveryStamp finds the time AWS writes into the names of the log files
// it delivers to S3: 111122223333_CloudTrail_us-east-1_20230710T1220Z_x.json.gz,
// 111122223333_vpcflowlogs_us-east-1_fl-1_20230710T1220Z_x.log.gz.
var deliveryStamp = regexp.MustCompile(`_(\d{8}T\d{4}Z)_`)

// DeliveryTime returns the delivery time in a log file's name (a path or
// an S3 key), if it has one.
func DeliveryTime(name string) (time.Time, bool) {
	m := deliveryStamp.FindStringSubmatch(filepath.Base(name))
	if m == nil {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102T1504Z", m[1])
	return t, err == nil
}

// SortByDelivery orders log files (paths or S3 keys) by the delivery time in
// their names, then by name; files without one keep their order, after the
// others.
func SortByDelivery(names []string) {
	type named struct {
		t  time.Time
		ok bool
	}
	keys := make(map[string]named, len(names))
	for _, n := range names {
		t, ok := DeliveryTime(n)
		keys[n] = named{t, ok}
	}
	sort.SliceStable(names, func(i, j int) bool {
		a, b := keys[names[i]], keys[names[j]]
		switch {
		case a.ok && b.ok:
			if !a.t.Equal(b.t) {
				return a.t.Before(b.t)
			}
			return names[i] < names[j]
		case a.ok != b.ok:
			return a.ok
		}
		return false
	})
}

// skipDir tells the directories a walk leaves out: hidden ones and
// CloudTrail's digest folders.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "CloudTrail-Digest"
}

// logFile tells whether a walk reads a file of this name. CloudTrail:
// *.json, *.jsonl, *.ndjson; flow logs: *.log, *.txt; either plain or .gz,
// and *.gz whose inner name has no extension of the other kind. Digest files
// (*CloudTrail-Digest*) are left out.
func logFile(name string, kind Kind) bool {
	lower := strings.ToLower(name)
	if strings.Contains(lower, "cloudtrail-digest") {
		return false
	}
	inner, gz := strings.CutSuffix(lower, ".gz")
	ext := filepath.Ext(inner)
	ct := ext == ".json" || ext == ".jsonl" || ext == ".ndjson"
	flow := ext == ".log" || ext == ".txt"
	if kind == FlowLogs {
		return flow || gz && !ct && !known(ext)
	}
	return ct || gz && !flow && !known(ext)
}

// known are extensions of files that are neither kind of log.
func known(ext string) bool {
	switch ext {
	case ".csv", ".parquet", ".tar", ".md", ".html", ".xml", ".yaml", ".yml":
		return true
	}
	return false
}

func (s *Summary) readFile(path string, kind Kind, fn func(*mamori.Event) error) error {
	f, err := os.Open(path)
	if err != nil {
		s.Bad = append(s.Bad, FileError{Path: path, Err: pathErr(err)})
		return nil
	}
	defer f.Close()
	return s.read(path, f, kind, fn)
}

// pathErr drops the path an *fs.PathError repeats.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// read reads one file into s; only fn's error is returned.
func (s *Summary) read(name string, r io.Reader, kind Kind, fn func(*mamori.Event) error) error {
	bad := 0
	opt := Options{
		OnBadRecord: func(n int, err error) {
			if bad == 0 {
				s.Bad = append(s.Bad, FileError{Path: name, Err: fmt.Errorf("record %d: %w", n, err)})
			}
			bad++
			s.BadRecords[name]++
		},
		OnSkip: func(int, string) { s.Skipped++ },
	}
	var fnErr error
	count := func(ev *mamori.Event) error {
		s.Events++
		fnErr = fn(ev)
		return fnErr
	}
	var err error
	if kind == FlowLogs {
		err = ReadFlowLogs(r, opt, count)
	} else {
		err = ReadCloudTrail(r, opt, count)
	}
	if fnErr != nil {
		return fnErr
	}
	switch {
	case errors.Is(err, ErrNoEvents):
		s.SkippedFiles = append(s.SkippedFiles, FileError{Path: name, Err: err})
		return nil
	case err != nil:
		s.Bad = append(s.Bad, FileError{Path: name, Err: err})
	}
	s.Files++
	return nil
}
