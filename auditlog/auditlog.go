// Package auditlog reads audit logs into events: CloudTrail records (the
// files CloudTrail delivers to S3, JSON arrays, EventBridge events and one
// event per line) and VPC flow logs (version 2 and custom formats with a
// header line), plain or gzip-compressed, from files, directories or a
// stream. It reads one record at a time: memory does not grow with the
// input. A bad record is reported and skipped; a file that is not an audit
// log is one error naming why.
package auditlog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mamori-sec/mamori"
)

// Options tune reading.
type Options struct {
	// OnBadRecord is told about each record that is skipped (n counts
	// records from 1 within the file). Nil ignores them.
	OnBadRecord func(n int, err error)
}

// ErrNotAuditLog is wrapped by the error for input that is not the kind of
// log asked for.
var ErrNotAuditLog = errors.New("not an audit log")

// decompress returns r, unwrapped from gzip when it starts with the gzip
// magic bytes.
func decompress(r io.Reader) (io.Reader, bool, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(2)
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, true, fmt.Errorf("gzip: %w", err)
		}
		return bufio.NewReaderSize(zr, 64<<10), true, nil
	}
	return br, false, nil
}

// readErr names a truncated gzip stream as such.
func readErr(err error, gz bool) error {
	if gz && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum)) {
		return errors.New("truncated or damaged gzip data")
	}
	return err
}

// Summary says what ReadPaths read.
type Summary struct {
	Files  int
	Events int
	// Bad lists the files that could not be read (whole or in part), with
	// the reason; BadRecords counts skipped records per file.
	Bad        []FileError
	BadRecords map[string]int
}

// FileError is a file and what was wrong with it.
type FileError struct {
	Path string
	Err  error
}

func (e FileError) Error() string { return e.Path + ": " + e.Err.Error() }

// Kind selects the reader.
type Kind int

// Kinds of logs.
const (
	CloudTrail Kind = iota
	FlowLogs
)

// ReadPaths reads every path: "-" is standard input (stdin), a directory is
// walked recursively for *.json, *.jsonl and *.log files, plain or .gz
// (CloudTrail-Digest folders and other files are skipped), a file is read
// whatever its name. Each event goes to fn; a file that cannot be read is
// recorded in the summary and the others are still read. An error from fn
// stops everything and is returned.
func ReadPaths(paths []string, kind Kind, stdin io.Reader, fn func(*mamori.Event) error) (Summary, error) {
	s := Summary{BadRecords: map[string]int{}}
	for _, p := range paths {
		if p == "-" {
			if err := s.read("(stdin)", stdin, kind, fn); err != nil {
				return s, err
			}
			continue
		}
		files, err := listFiles(p)
		if err != nil {
			s.Bad = append(s.Bad, FileError{Path: p, Err: err})
			continue
		}
		for _, f := range files {
			fh, err := os.Open(f)
			if err != nil {
				s.Bad = append(s.Bad, FileError{Path: f, Err: errors.Unwrap(err)})
				continue
			}
			err = s.read(f, fh, kind, fn)
			fh.Close()
			if err != nil {
				return s, err
			}
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

// read reads one file into s; only fn's error is returned.
func (s *Summary) read(name string, r io.Reader, kind Kind, fn func(*mamori.Event) error) error {
	s.Files++
	opt := Options{OnBadRecord: func(n int, err error) {
		if s.BadRecords[name] == 0 {
			s.Bad = append(s.Bad, FileError{Path: name, Err: fmt.Errorf("record %d: %w", n, err)})
		}
		s.BadRecords[name]++
	}}
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
	if err != nil {
		s.Bad = append(s.Bad, FileError{Path: name, Err: err})
	}
	return nil
}

// stopError carries an error of the caller's fn through a reader, so that
// it is not mistaken for a problem of the input.
type stopError struct{ err error }

func (e stopError) Error() string { return e.err.Error() }

// unstop returns fn's own error as is.
func unstop(err error) error {
	var s stopError
	if errors.As(err, &s) {
		return s.err
	}
	return err
}

// listFiles returns p itself, or the log files under directory p in name
// order.
func listFiles(p string) ([]string, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, errors.Unwrap(err)
	}
	if !info.IsDir() {
		return []string{p}, nil
	}
	var out []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "CloudTrail-Digest" {
				return filepath.SkipDir
			}
			return nil
		}
		name := strings.TrimSuffix(strings.ToLower(d.Name()), ".gz")
		for _, ext := range []string{".json", ".jsonl", ".log", ".txt"} {
			if strings.HasSuffix(name, ext) {
				out = append(out, path)
				break
			}
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// firstByte returns the first byte that is not white space, without
// consuming it.
func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if !bytes.ContainsRune([]byte(" \t\r\n\ufeff"), rune(b)) && b != 0xef && b != 0xbb && b != 0xbf {
			return b, br.UnreadByte()
		}
	}
}
