// Package checks loads checks: the built-in ones embedded in the binary and
// the user's own from a directory (--checks DIR). A check is one YAML file;
// see docs/checks.md for the format.
package checks

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/engine"
	"github.com/mamori-sec/mamori/internal/yamldir"
)

//go:embed aws
var builtin embed.FS

// Builtin returns the shipped checks, sorted by id. known reports whether a
// resource type exists; nil accepts any.
func Builtin(known func(string) bool) ([]*mamori.Check, error) {
	return Load(builtin, "builtin", known)
}

// LoadDir loads the user's checks from a directory on disk.
func LoadDir(dir string, known func(string) bool) ([]*mamori.Check, error) {
	fsys, err := yamldir.Dir("checks", dir)
	if err != nil {
		return nil, err
	}
	return Load(fsys, dir, known)
}

// kind reads checks, each file parsed against known resource types.
func kind(known func(string) bool) yamldir.Kind[*mamori.Check] {
	return yamldir.Kind[*mamori.Check]{
		Name:      "check",
		Parse:     func(b []byte) (*mamori.Check, error) { return Parse(b, known) },
		ID:        func(c *mamori.Check) string { return c.ID },
		Origin:    func(c *mamori.Check) string { return c.Source },
		SetOrigin: func(c *mamori.Check, o string) { c.Source = o },
	}
}

// Load reads every *.yaml / *.yml file under fsys as one check each. source
// names the origin in messages ("builtin" or the directory). Every check must
// parse, validate and compile; the first problem is returned as one line
// naming the file.
func Load(fsys fs.FS, source string, known func(string) bool) ([]*mamori.Check, error) {
	return yamldir.Load(kind(known), fsys, source)
}

// Merge adds extra checks to base; an extra check with a built-in id is an
// error rather than a silent override.
func Merge(base, extra []*mamori.Check) ([]*mamori.Check, error) {
	return yamldir.Merge(kind(nil), base, extra)
}

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{2,79}$`)

// Parse reads and validates one check file. Unknown fields are errors, so a
// typo is caught rather than ignored.
func Parse(b []byte, known func(string) bool) (*mamori.Check, error) {
	var c mamori.Check
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("empty check file")
		}
		return nil, fmt.Errorf("bad YAML: %s", oneLine(err.Error()))
	}
	if err := Validate(&c, known); err != nil {
		return nil, err
	}
	if _, err := engine.Compile(&c); err != nil {
		return nil, err
	}
	return &c, nil
}

// Validate checks the fields every check needs.
func Validate(c *mamori.Check, known func(string) bool) error {
	var missing []string
	if !idRE.MatchString(c.ID) {
		return fmt.Errorf("check id %q: use 3-80 lower-case letters, digits and dashes", c.ID)
	}
	req := map[string]string{
		"title.en": c.Title.En, "title.ja": c.Title.Ja,
		"description.en": c.Description.En, "description.ja": c.Description.Ja,
		"provider": c.Provider, "resource_type": c.ResourceType, "condition": c.Condition,
	}
	for k, v := range req {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("check %s: missing %s", c.ID, strings.Join(missing, ", "))
	}
	if known != nil && !known(c.ResourceType) {
		return fmt.Errorf("check %s: unknown resource type %q (see `mamori checks types`)", c.ID, c.ResourceType)
	}
	for _, m := range c.Compliance {
		if fw, ctl, ok := strings.Cut(m, ":"); !ok || fw == "" || ctl == "" {
			return fmt.Errorf("check %s: compliance entry %q is not framework:control", c.ID, m)
		}
	}
	for i, t := range c.Tests {
		if t.Want != mamori.StatusPass && t.Want != mamori.StatusFail {
			return fmt.Errorf("check %s: test %d (%s): want must be PASS or FAIL", c.ID, i+1, t.Name)
		}
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
