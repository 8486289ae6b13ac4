package sigma

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/mamori-sec/mamori"
)

// Set evaluates many rules per event. A rule whose condition can only be
// true for some values of eventName (else eventSource, else
// userIdentity.type) is tried only on events with one of them.
type Set struct {
	rules  []*Rule
	byKey  []map[string][]*Rule // per keyFields entry: value -> rules
	keyed  [][]*Rule            // per keyFields entry: every rule indexed by it
	always []*Rule
}

// NewSet indexes rules.
func NewSet(rules []*Rule) *Set {
	s := &Set{rules: rules, byKey: make([]map[string][]*Rule, len(keyFields)), keyed: make([][]*Rule, len(keyFields))}
	for i := range keyFields {
		s.byKey[i] = map[string][]*Rule{}
	}
	for _, r := range rules {
		k := slices.Index(keyFields, r.keyField)
		if k < 0 {
			s.always = append(s.always, r)
			continue
		}
		s.keyed[k] = append(s.keyed[k], r)
		seen := map[string]bool{}
		for _, v := range r.keyVals {
			if !seen[v] {
				seen[v] = true
				s.byKey[k][v] = append(s.byKey[k][v], r)
			}
		}
	}
	return s
}

// Rules returns the rules, in the order given.
func (s *Set) Rules() []*Rule { return s.rules }

// Match calls fn for every rule ev matches, with the fields that made it
// match (valid only during the call). Each field is looked up in the event
// once, however many rules read it.
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
	for k, f := range keyFields {
		if len(s.keyed[k]) == 0 {
			continue
		}
		// The indexed rules need the field to equal a value: a missing field
		// or null matches none of them. A list, or a value that is not ASCII
		// (whose case folding the index does not copy), tries them all.
		vals, _ := c.values(f)
		switch {
		case len(vals) == 0 || len(vals) == 1 && vals[0] == nil:
		case len(vals) > 1:
			try(s.keyed[k])
		default:
			v := valueString(vals[0])
			if isASCII(v) {
				try(lookup(s.byKey[k], v))
			} else {
				try(s.keyed[k])
			}
		}
	}
	try(s.always)
}

var ctxPool = sync.Pool{New: func() any { return new(evalCtx) }}

// lookup returns the rules indexed under the ASCII v, folding case without
// allocating (a map index by string(bytes) does not copy).
func lookup(m map[string][]*Rule, v string) []*Rule {
	var b [64]byte
	if len(v) > len(b) {
		return m[strings.ToLower(v)]
	}
	for i := 0; i < len(v); i++ {
		b[i] = lowerASCII(v[i])
	}
	return m[string(b[:len(v)])]
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
