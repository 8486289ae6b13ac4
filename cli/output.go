package cli

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
)

// output writes a report to stdout, or to a file atomically (mode 0600 for a
// new file, the existing mode when replacing one): the report goes
// to a temporary file in the target's directory (created before the scan, so
// an unwritable path fails at once) and is renamed over the target at the end,
// so a failed run never leaves half a report or destroys the previous one.
type output struct {
	path string
	dev  *os.File // a device or pipe written in place
	tmp  *os.File
	mode os.FileMode
	buf  *bufio.Writer
	dst  io.Writer
}

func newOutput(e *env, path string) (*output, error) {
	if path == "" || path == "-" {
		return &output{dst: e.stdout}, nil
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, usageErr("%s", e.t("cli.err.output", path, e.t("cli.err.is_dir")))
	} else if err == nil && !st.Mode().IsRegular() {
		// A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written in
		// place: renaming over it would replace it with a regular file.
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, usageErr("%s", e.t("cli.err.output", path, oneLine(err.Error())))
		}
		return &output{path: path, dev: f, dst: f}, nil
	}
	tmp, err := os.CreateTemp(dir, ".mamori-report-*")
	if err != nil {
		// Name the target, not the temporary file: that is what the user typed.
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, usageErr("%s", e.t("cli.err.output", path, oneLine(err.Error())))
	}
	mode := os.FileMode(0o600) // reports list what is exposed: private unless the file says otherwise
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	return &output{path: path, tmp: tmp, mode: mode, buf: bufio.NewWriterSize(tmp, 1<<16)}, nil
}

func (o *output) w() io.Writer {
	if o.tmp == nil {
		return o.dst
	}
	return o.buf
}

func (o *output) commit() error {
	if o.dev != nil {
		err := o.dev.Close()
		o.dev = nil
		return err
	}
	if o.tmp == nil {
		return nil
	}
	if err := o.buf.Flush(); err != nil {
		return err
	}
	if err := o.tmp.Chmod(o.mode); err != nil {
		return err
	}
	if err := o.tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(o.tmp.Name(), o.path); err != nil {
		return err
	}
	o.tmp = nil
	return nil
}

// abort removes the temporary file unless the report was committed.
func (o *output) abort() {
	if o.dev != nil {
		o.dev.Close()
	}
	if o.tmp != nil {
		o.tmp.Close()
		os.Remove(o.tmp.Name())
	}
}
