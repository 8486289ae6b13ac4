package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// A new report is private (it lists what is exposed); a replaced one keeps
// its mode; a failed run leaves the old report untouched.
func TestOutputModes(t *testing.T) {
	dir := t.TempDir()
	e := &env{stdout: &bytes.Buffer{}}
	write := func(path, body string, commit bool) {
		t.Helper()
		o, err := newOutput(e, path)
		if err != nil {
			t.Fatal(err)
		}
		defer o.abort()
		o.w().Write([]byte(body))
		if commit {
			if err := o.commit(); err != nil {
				t.Fatal(err)
			}
		}
	}
	fresh := filepath.Join(dir, "new.json")
	write(fresh, "a", true)
	if st, _ := os.Stat(fresh); st.Mode().Perm() != 0o600 {
		t.Errorf("new report mode %v, want 0600", st.Mode().Perm())
	}
	shared := filepath.Join(dir, "shared.json")
	os.WriteFile(shared, []byte("old"), 0o640)
	os.Chmod(shared, 0o640)
	write(shared, "b", false) // the run failed before commit
	if b, _ := os.ReadFile(shared); string(b) != "old" {
		t.Errorf("failed run changed the report to %q", b)
	}
	write(shared, "c", true)
	if st, _ := os.Stat(shared); st.Mode().Perm() != 0o640 {
		t.Errorf("replaced report mode %v, want 0640 kept", st.Mode().Perm())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("temporary files left behind: %v", ents)
	}
}
