package yamldir

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

type def struct{ id, origin string }

var kind = Kind[*def]{
	Name: "thing",
	Parse: func(b []byte) (*def, error) {
		s := strings.TrimSpace(string(b))
		if s == "" {
			return nil, errors.New("empty")
		}
		return &def{id: s}, nil
	},
	ID:        func(d *def) string { return d.id },
	Origin:    func(d *def) string { return d.origin },
	SetOrigin: func(d *def, o string) { d.origin = o },
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"b.yaml":       {Data: []byte("b")},
		"sub/a.yml":    {Data: []byte("a")},
		"notes.txt":    {Data: []byte("not read")},
		"sub/c.yaml":   {Data: []byte("c")},
		"other/README": {Data: []byte("")},
	}
	got, err := Load(kind, fsys, "mine")
	if err != nil {
		t.Fatal(err)
	}
	var ids, origins []string
	for _, d := range got {
		ids, origins = append(ids, d.id), append(origins, d.origin)
	}
	if strings.Join(ids, ",") != "a,b,c" || strings.Join(origins, ",") != "mine/sub/a.yml,mine/b.yaml,mine/sub/c.yaml" {
		t.Errorf("loaded %v from %v", ids, origins)
	}
	if got, _ := Load(kind, fstest.MapFS{"x.yaml": {Data: []byte("x")}}, "builtin"); got[0].origin != "builtin" {
		t.Errorf("built-in origin = %q", got[0].origin)
	}

	for name, tc := range map[string]struct {
		fsys fstest.MapFS
		want string
	}{
		"bad file":  {fstest.MapFS{"a.yaml": {Data: []byte(" ")}}, "mine/a.yaml: empty"},
		"duplicate": {fstest.MapFS{"a.yaml": {Data: []byte("x")}, "b.yaml": {Data: []byte("x")}}, "mine/b.yaml: thing id x is already defined in mine/a.yaml"},
	} {
		if _, err := Load(kind, tc.fsys, "mine"); err == nil || err.Error() != tc.want {
			t.Errorf("%s: error %v, want %q", name, err, tc.want)
		}
	}
}

func TestMerge(t *testing.T) {
	base := []*def{{"b", "builtin"}, {"d", "builtin"}}
	got, err := Merge(kind, base, []*def{{"c", "mine/c.yaml"}, {"a", "mine/a.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range got {
		ids = append(ids, d.id)
	}
	if strings.Join(ids, ",") != "a,b,c,d" {
		t.Errorf("merged %v", ids)
	}
	if _, err := Merge(kind, base, []*def{{"d", "mine/d.yaml"}}); err == nil || err.Error() != "mine/d.yaml: thing id d is already defined (builtin)" {
		t.Errorf("override: %v", err)
	}
}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	if _, err := Dir("things", filepath.Join(dir, "none")); err == nil || !strings.HasPrefix(err.Error(), "things directory "+filepath.Join(dir, "none")+": ") {
		t.Errorf("missing directory: %v", err)
	}
	if _, err := Dir("things", dir); err != nil {
		t.Errorf("a directory: %v", err)
	}
}
