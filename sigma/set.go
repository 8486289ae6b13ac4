package sigma

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/mamori-sec/mamori"
)

// Set evaluates many rules per event. Rules whose condition can only be
// true for some eventName values are tried only on events with one of them.
type Set struct {
	rules  []*Rule
	byName map[string][]*Rule
	always []*Rule
}

// NewSet indexes rules.
func NewSet(rules []*Rule) *Set {
	s := &Set{rules: rules, byName: map[string][]*Rule{}}
	for _, r := range rules {
		if r.names == nil {
			s.always = append(s.always, r)
			continue
		}
		seen := map[string]bool{}
		for _, n := range r.names {
			if !seen[n] {
				seen[n] = true
				s.byName[n] = append(s.byName[n], r)
			}
		}
	}
	return s
}

// Rules returns the rules, in the order given.
func (s *Set) Rules() []*Rule { return s.rules }

// Match calls fn for every rule ev matches. Each field is looked up in the
// event once, however many rules read it.
func (s *Set) Match(ev *mamori.Event, fn func(r *Rule, why []FieldMatch)) {
	c := ctxPool.Get().(*evalCtx)
	c.reset(ev)
	defer func() {
		c.reset(nil)
		ctxPool.Put(c)
	}()
	try := func(rs []*Rule) {
		for _, r := range rs {
			if ok, why := r.match(c); ok {
				fn(r, why)
			}
		}
	}
	if rs := s.lookup(ev.Name); len(rs) > 0 {
		try(rs)
	}
	try(s.always)
}

var ctxPool = sync.Pool{New: func() any { return new(evalCtx) }}

// lookup returns the rules indexed under name, folding ASCII case without
// allocating (a map index by string(bytes) does not copy).
func (s *Set) lookup(name string) []*Rule {
	var b [64]byte
	if len(name) > len(b) {
		return s.byName[strings.ToLower(name)]
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 0x80 {
			return s.byName[strings.ToLower(name)]
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return s.byName[string(b[:len(name)])]
}

//go:embed rules
var builtinFS embed.FS

// Builtin returns the rules compiled in: the SigmaHQ CloudTrail rules (with
// Japanese titles from rules/sigmahq/ja.yaml) and mamori's own.
func Builtin() ([]*Rule, error) {
	var ja map[string]struct {
		Title       string `yaml:"title"`
		Description string `yaml:"description"`
	}
	if b, err := builtinFS.ReadFile("rules/sigmahq/ja.yaml"); err == nil {
		if err := yaml.Unmarshal(b, &ja); err != nil {
			return nil, fmt.Errorf("rules/sigmahq/ja.yaml: %s", oneLine(err.Error()))
		}
	}
	var out []*Rule
	for _, dir := range []string{"sigmahq", "mamori"} {
		rs, errs := loadFS(builtinFS, "rules/"+dir, dir)
		if len(errs) > 0 {
			return nil, errs[0]
		}
		for _, r := range rs {
			if t, ok := ja[r.ID]; ok {
				if r.Title.Ja == "" {
					r.Title.Ja = t.Title
				}
				if r.Description.Ja == "" {
					r.Description.Ja = t.Description
				}
			}
		}
		out = append(out, rs...)
	}
	return out, nil
}

// FileError is a rule file that could not be loaded.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

// LoadDir loads the rules (*.yml, *.yaml) under dir, recursively. Each file
// that cannot be loaded is returned as a *FileError; the others load.
func LoadDir(dir string) ([]*Rule, []error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, []error{&FileError{Path: dir, Err: fmt.Errorf("%w", unwrapPath(err))}}
	}
	rs, errs := loadFS(os.DirFS(dir), ".", "")
	for _, e := range errs {
		if fe, ok := e.(*FileError); ok {
			fe.Path = filepath.Join(dir, fe.Path)
		}
	}
	for _, r := range rs {
		r.Source = filepath.Join(dir, r.Source)
	}
	return rs, errs
}

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func loadFS(fsys fs.FS, root, source string) ([]*Rule, []error) {
	var (
		rules []*Rule
		errs  []error
	)
	walkErr := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, &FileError{Path: p, Err: unwrapPath(err)})
			return nil
		}
		if d.IsDir() || !(strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) || strings.HasSuffix(p, "ja.yaml") {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, &FileError{Path: p, Err: unwrapPath(err)})
			return nil
		}
		r, err := Parse(b)
		if err != nil {
			errs = append(errs, &FileError{Path: p, Err: err})
			return nil
		}
		r.Source = source
		if source == "" {
			r.Source = p
		}
		rules = append(rules, r)
		return nil
	})
	if walkErr != nil {
		errs = append(errs, walkErr)
	}
	sort.SliceStable(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules, errs
}

// Merge returns the built-in rules with extra added; an extra rule with the
// ID of a built-in one replaces it.
func Merge(builtin, extra []*Rule) []*Rule {
	byID := map[string]int{}
	out := append([]*Rule(nil), builtin...)
	for i, r := range out {
		byID[r.ID] = i
	}
	for _, r := range extra {
		if i, ok := byID[r.ID]; ok {
			out[i] = r
			continue
		}
		byID[r.ID] = len(out)
		out = append(out, r)
	}
	return out
}
