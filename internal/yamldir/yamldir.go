// Package yamldir loads definitions kept one per YAML file in a directory
// tree (checks, frameworks): built in, or a user's own directory.
package yamldir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

// Kind says how to read one kind of definition.
type Kind[T any] struct {
	// Name is the kind in messages: "check", "framework".
	Name string
	// Parse reads one file's contents.
	Parse func([]byte) (T, error)
	// ID is a definition's id, unique within a load and a merge.
	ID func(T) string
	// Origin reads where a definition came from; SetOrigin records it.
	Origin    func(T) string
	SetOrigin func(T, string)
}

// Dir opens dir for Load, saying "<what> directory DIR: …" ("checks
// directory …") when it is missing or not a directory.
func Dir(what, dir string) (fs.FS, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("%s directory %s: %w", what, dir, errors.Unwrap(err))
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s directory %s: not a directory", what, dir)
	}
	return os.DirFS(dir), nil
}

// Load reads every *.yaml / *.yml file under fsys as one definition each,
// sorted by id. source names the origin ("builtin" or the directory): a
// definition's origin is "builtin" or the file's path under the directory.
// The first problem is returned as one line naming the file.
func Load[T any](k Kind[T], fsys fs.FS, source string) ([]T, error) {
	var out []T
	seen := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := p
		if source != "builtin" {
			name = path.Join(source, p)
		}
		v, err := k.Parse(b)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		id := k.ID(v)
		if prev, dup := seen[id]; dup {
			return fmt.Errorf("%s: %s id %s is already defined in %s", name, k.Name, id, prev)
		}
		seen[id] = name
		origin := source
		if source != "builtin" {
			origin = name
		}
		k.SetOrigin(v, origin)
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return k.ID(out[i]) < k.ID(out[j]) })
	return out, nil
}

// Merge adds extra definitions to base, sorted by id; an extra one with an
// id already in base is an error rather than a silent override.
func Merge[T any](k Kind[T], base, extra []T) ([]T, error) {
	ids := map[string]T{}
	for _, v := range base {
		ids[k.ID(v)] = v
	}
	out := append([]T(nil), base...)
	for _, v := range extra {
		if prev, ok := ids[k.ID(v)]; ok {
			return nil, fmt.Errorf("%s: %s id %s is already defined (%s)", k.Origin(v), k.Name, k.ID(v), k.Origin(prev))
		}
		ids[k.ID(v)] = v
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return k.ID(out[i]) < k.ID(out[j]) })
	return out, nil
}
