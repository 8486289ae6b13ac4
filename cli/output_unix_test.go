//go:build unix

package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A device or a pipe (-o /dev/null, -o /dev/stdout) is written in place,
// never replaced: as root, renaming a report over /dev/null turns it into a
// regular file for every process on the machine. A FIFO stands in for the
// device, so that a regression replaces nothing that matters.
func TestOutputPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	o, err := newOutput(&env{stdout: &bytes.Buffer{}}, fifo)
	if err != nil {
		t.Fatal(err)
	}
	o.w().Write([]byte("report"))
	if err := o.commit(); err != nil {
		t.Fatal(err)
	}
	o.abort()
	// Checked before reading: a replaced pipe never gets a writer.
	st, err := os.Lstat(fifo)
	if err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the pipe was replaced: %v %v", st.Mode(), err)
	}
	if s := <-got; s != "report" {
		t.Errorf("the pipe read %q, want the report", s)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
}
