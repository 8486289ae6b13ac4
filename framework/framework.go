// Package framework loads frameworks: the built-in ones embedded in the
// binary (data/*.yaml) and the user's own from a directory (--frameworks
// DIR), validated against the loaded checks. It also reads answers files.
// See docs/frameworks.md for the formats.
package framework

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
	"github.com/mamori-sec/mamori/internal/yamldir"
)

//go:embed data
var builtin embed.FS

// Builtin returns the shipped frameworks, sorted by id, validated against
// checks (every check a control names must be among them).
func Builtin(checks []*mamori.Check) ([]*mamori.Framework, error) {
	sub, err := fs.Sub(builtin, "data")
	if err != nil {
		return nil, err
	}
	return Load(sub, "builtin", checks)
}

// LoadDir loads the user's frameworks from a directory on disk.
func LoadDir(dir string, checks []*mamori.Check) ([]*mamori.Framework, error) {
	fsys, err := yamldir.Dir("frameworks", dir)
	if err != nil {
		return nil, err
	}
	return Load(fsys, dir, checks)
}

// kind reads frameworks, each resolved against checks.
func kind(checks []*mamori.Check) yamldir.Kind[*mamori.Framework] {
	return yamldir.Kind[*mamori.Framework]{
		Name: "framework",
		Parse: func(b []byte) (*mamori.Framework, error) {
			fw, err := Parse(b)
			if err == nil {
				err = Resolve(fw, checks)
			}
			return fw, err
		},
		ID:        func(f *mamori.Framework) string { return f.ID },
		Origin:    func(f *mamori.Framework) string { return f.Origin },
		SetOrigin: func(f *mamori.Framework, o string) { f.Origin = o },
	}
}

// Load reads every *.yaml / *.yml file under fsys as one framework each.
// source names the origin in messages ("builtin" or the directory). The
// first problem is returned as one line naming the file.
func Load(fsys fs.FS, source string, checks []*mamori.Check) ([]*mamori.Framework, error) {
	return yamldir.Load(kind(checks), fsys, source)
}

// Merge adds extra frameworks to base; an extra one with a built-in id is an
// error rather than a silent override.
func Merge(base, extra []*mamori.Framework) ([]*mamori.Framework, error) {
	return yamldir.Merge(kind(nil), base, extra)
}

// Find returns the framework with id, or nil.
func Find(fws []*mamori.Framework, id string) *mamori.Framework {
	for _, f := range fws {
		if f.ID == id {
			return f
		}
	}
	return nil
}

var (
	idRE      = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,59}$`)
	controlRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}.()-]{0,39}$`)
	valueRE   = regexp.MustCompile(`^[a-z][a-z_-]{0,19}$`)
)

// Parse reads and validates one framework file on its own (Resolve then
// checks it against the checks). Unknown fields are errors.
func Parse(b []byte) (*mamori.Framework, error) {
	var fw mamori.Framework
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&fw); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("empty framework file")
		}
		return nil, fmt.Errorf("bad YAML: %s", oneLine(err.Error()))
	}
	if err := Validate(&fw); err != nil {
		return nil, err
	}
	return &fw, nil
}

// Validate checks the fields every framework needs and the shape of its
// controls, scale and scoring.
func Validate(fw *mamori.Framework) error {
	if !idRE.MatchString(fw.ID) {
		return fmt.Errorf("framework id %q: use 2-60 lower-case letters, digits, dots and dashes", fw.ID)
	}
	var missing []string
	for k, v := range map[string]string{
		"title.en": fw.Title.En, "title.ja": fw.Title.Ja, "source.url": fw.Source.URL,
		"source.licence.en": fw.Source.Licence.En, "source.licence.ja": fw.Source.Licence.Ja,
	} {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("framework %s: missing %s", fw.ID, strings.Join(missing, ", "))
	}
	if len(fw.Categories) == 0 {
		return fmt.Errorf("framework %s: no categories", fw.ID)
	}
	cats := map[string]bool{}
	for i, c := range fw.Categories {
		if c.ID == "" || c.Title.En == "" || c.Title.Ja == "" {
			return fmt.Errorf("framework %s: category %d needs id, title.en and title.ja", fw.ID, i+1)
		}
		if cats[c.ID] {
			return fmt.Errorf("framework %s: category %s is listed twice", fw.ID, c.ID)
		}
		cats[c.ID] = true
	}
	switch fw.Scoring.Method {
	case "", mamori.ScorePercent, mamori.ScoreSum:
	default:
		return fmt.Errorf("framework %s: scoring method %q: want sum or percent", fw.ID, fw.Scoring.Method)
	}
	for i, b := range fw.Scoring.Bands {
		if b.ID == "" || b.Label.En == "" || b.Label.Ja == "" {
			return fmt.Errorf("framework %s: band %d needs id, label.en and label.ja", fw.ID, i+1)
		}
		if i > 0 && b.Min >= fw.Scoring.Bands[i-1].Min {
			return fmt.Errorf("framework %s: band %s: list bands from the highest min down", fw.ID, b.ID)
		}
	}
	if fw.ReviewDays < 0 {
		return fmt.Errorf("framework %s: review_days must not be negative", fw.ID)
	}
	if err := validateScale(fw.Scale); err != nil {
		return fmt.Errorf("framework %s: scale: %w", fw.ID, err)
	}
	if fw.FromCompliance != "" {
		for _, c := range fw.Categories {
			if c.Prefix == "" {
				return fmt.Errorf("framework %s: category %s needs a prefix (from_compliance)", fw.ID, c.ID)
			}
		}
	}
	if fw.Complete && fw.FromCompliance == "" {
		return fmt.Errorf("framework %s: complete needs from_compliance (it says the file lists every control the checks map to)", fw.ID)
	}
	if len(fw.Controls) == 0 && fw.FromCompliance == "" {
		return fmt.Errorf("framework %s: no controls", fw.ID)
	}
	ids := map[string]bool{}
	for i := range fw.Controls {
		c := &fw.Controls[i]
		if err := validateControl(fw, c, fmt.Sprintf("control %d", i+1), cats, ids); err != nil {
			return err
		}
		if len(c.Criteria) == 0 {
			continue
		}
		if fw.Scoring.Method == mamori.ScoreSum {
			return fmt.Errorf("framework %s: control %s has criteria: use the percent scoring method (the sum method adds up answers)", fw.ID, c.ID)
		}
		if len(c.Checks)+len(c.Sources)+len(c.Via)+len(c.Scale) > 0 || c.NeedsAnswer() || c.Manual.En != "" {
			return fmt.Errorf("framework %s: control %s has criteria: give its checks, sources and questions to the criteria, not to the control", fw.ID, c.ID)
		}
		for j := range c.Criteria {
			k := &c.Criteria[j]
			if k.Category != "" && k.Category != c.Category {
				return fmt.Errorf("framework %s: criterion %s: a criterion takes the category of its control %s", fw.ID, k.ID, c.ID)
			}
			k.Category = c.Category
			if len(k.Criteria) > 0 {
				return fmt.Errorf("framework %s: criterion %s: a criterion has no criteria of its own", fw.ID, k.ID)
			}
			if err := validateControl(fw, k, fmt.Sprintf("control %s: criterion %d", c.ID, j+1), cats, ids); err != nil {
				return err
			}
		}
	}
	return nil
}

// validateControl checks one control or criterion; where names it in
// messages before its id is known, ids collects the ids seen so far.
func validateControl(fw *mamori.Framework, c *mamori.Control, where string, cats, ids map[string]bool) error {
	if !controlRE.MatchString(c.ID) {
		return fmt.Errorf("framework %s: %s: id %q: use letters, digits, dots, dashes and brackets", fw.ID, where, c.ID)
	}
	if ids[c.ID] {
		return fmt.Errorf("framework %s: control %s is listed twice", fw.ID, c.ID)
	}
	ids[c.ID] = true
	if c.Title.En == "" || c.Title.Ja == "" {
		return fmt.Errorf("framework %s: control %s: missing title.en or title.ja", fw.ID, c.ID)
	}
	if c.Category == "" && fw.FromCompliance == "" || c.Category != "" && !cats[c.Category] {
		return fmt.Errorf("framework %s: control %s: category %q is not one of the framework's", fw.ID, c.ID, c.Category)
	}
	if (c.Question.En == "") != (c.Question.Ja == "") {
		return fmt.Errorf("framework %s: control %s: the question needs both en and ja", fw.ID, c.ID)
	}
	if len(c.Checks) == 0 && len(c.Sources) == 0 && len(c.Criteria) == 0 && !c.NeedsAnswer() && fw.FromCompliance == "" {
		return fmt.Errorf("framework %s: control %s has neither checks nor a question: nothing can give it evidence", fw.ID, c.ID)
	}
	if (c.Manual.En == "") != (c.Manual.Ja == "") {
		return fmt.Errorf("framework %s: control %s: the manual reason needs both en and ja", fw.ID, c.ID)
	}
	if c.Manual.En != "" && !c.NeedsAnswer() {
		return fmt.Errorf("framework %s: control %s is manual: give it a question for a person to answer", fw.ID, c.ID)
	}
	for _, src := range c.Sources {
		if !contains(mamori.EvidenceSources, src) {
			return fmt.Errorf("framework %s: control %s: evidence source %q is not one of mamori's (%s)", fw.ID, c.ID, src, strings.Join(mamori.EvidenceSources, ", "))
		}
	}
	for _, m := range c.Via {
		if p, id, ok := strings.Cut(m, ":"); !ok || !idRE.MatchString(p) || !controlRE.MatchString(id) {
			return fmt.Errorf("framework %s: control %s: via %q: want FRAMEWORK:CONTROL, like iso27001-2022:A.8.5", fw.ID, c.ID, m)
		}
	}
	if c.Points < 0 {
		return fmt.Errorf("framework %s: control %s: points must not be negative", fw.ID, c.ID)
	}
	if err := validateScale(c.Scale); err != nil {
		return fmt.Errorf("framework %s: control %s: scale: %w", fw.ID, c.ID, err)
	}
	return nil
}

func validateScale(s mamori.AnswerScale) error {
	seen := map[string]bool{}
	for i, c := range s {
		if !valueRE.MatchString(c.Value) {
			return fmt.Errorf("choice %d: value %q: use 1-20 lower-case letters", i+1, c.Value)
		}
		if seen[c.Value] {
			return fmt.Errorf("choice %s is listed twice", c.Value)
		}
		seen[c.Value] = true
		if c.Label.En == "" || c.Label.Ja == "" {
			return fmt.Errorf("choice %s: missing label.en or label.ja", c.Value)
		}
		if _, err := mamori.ParseControlStatus(string(c.Status)); err != nil || c.Status == mamori.ControlUnanswered {
			return fmt.Errorf("choice %s: status %q: want met, partial, not_met or not_applicable", c.Value, c.Status)
		}
	}
	return nil
}

// Resolve checks a parsed framework against the loaded checks: every check
// a control names must exist. A framework with from_compliance gets its
// controls from the checks' compliance mappings ("cis-aws-3.0:2.1.1"): each
// mapped control lists the checks that map to it, keeps the title and
// question the file gives it, and falls in the category of its prefix.
func Resolve(fw *mamori.Framework, checks []*mamori.Check) error {
	known := map[string]bool{}
	for _, c := range checks {
		known[c.ID] = true
	}
	if fw.FromCompliance != "" {
		if err := build(fw, checks); err != nil {
			return err
		}
	}
	var byMapping map[string][]string
	for _, c := range fw.Items() {
		if len(c.Via) == 0 {
			continue
		}
		if byMapping == nil {
			byMapping = map[string][]string{}
			for _, ch := range checks {
				for _, m := range ch.Compliance {
					byMapping[m] = append(byMapping[m], ch.ID)
				}
			}
		}
		for _, m := range c.Via {
			for _, id := range byMapping[m] {
				if !contains(c.Checks, id) {
					c.Checks = append(c.Checks, id)
				}
			}
		}
		sort.Strings(c.Checks)
	}
	for _, c := range fw.Items() {
		for _, id := range c.Checks {
			if !known[id] {
				return fmt.Errorf("framework %s: control %s: check %s does not exist (see `mamori checks list`)", fw.ID, c.ID, id)
			}
		}
	}
	return nil
}

func build(fw *mamori.Framework, checks []*mamori.Check) error {
	prefix := fw.FromCompliance + ":"
	byID := map[string]*mamori.Control{}
	var order []string
	for i := range fw.Controls {
		c := fw.Controls[i]
		byID[c.ID] = &c
		order = append(order, c.ID)
	}
	for _, ch := range checks {
		for _, m := range ch.Compliance {
			id, ok := strings.CutPrefix(m, prefix)
			if !ok {
				continue
			}
			c := byID[id]
			if c == nil && fw.Complete {
				return fmt.Errorf("framework %s: check %s maps to %s%s, which is not one of the framework's controls", fw.ID, ch.ID, prefix, id)
			}
			if c == nil {
				c = &mamori.Control{ID: id, Title: mamori.Text{En: ch.Title.En, Ja: ch.Title.Ja}}
				byID[id] = c
				order = append(order, id)
			}
			if !contains(c.Checks, ch.ID) {
				c.Checks = append(c.Checks, ch.ID)
			}
		}
	}
	out := make([]mamori.Control, 0, len(order))
	for _, id := range order {
		c := byID[id]
		if c.Category == "" {
			for _, cat := range fw.Categories {
				if strings.HasPrefix(c.ID, cat.Prefix) {
					c.Category = cat.ID
					break
				}
			}
		}
		if c.Category == "" {
			return fmt.Errorf("framework %s: control %s matches no category prefix", fw.ID, c.ID)
		}
		if len(c.Checks) == 0 && !c.NeedsAnswer() && fw.Complete {
			// Automated at the source, but no mamori check covers it yet: a
			// person answers until a check maps to it.
			c.Unchecked = true
			c.Question = mamori.Text{
				En: "mamori has no check for this yet. Is it in place everywhere: " + lowerFirst(c.Title.En) + "?",
				Ja: "mamori にはまだこの項目のチェックがありません。すべての環境で「" + c.Title.Ja + "」を満たしていますか？",
			}
		}
		if len(c.Checks) == 0 && !c.NeedsAnswer() {
			return fmt.Errorf("framework %s: control %s: no check maps to %s%s and it has no question", fw.ID, c.ID, prefix, c.ID)
		}
		sort.Strings(c.Checks)
		out = append(out, *c)
	}
	sort.SliceStable(out, func(i, j int) bool { return lessID(out[i].ID, out[j].ID) })
	fw.Controls = out
	return nil
}

// lessID orders control ids the way people number them: "1.10" after "1.9",
// "A.8.24" after "A.8.3".
func lessID(a, b string) bool {
	pa, pb := splitID(a), splitID(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, y := pa[i], pb[i]
		nx, okx := num(x)
		ny, oky := num(y)
		switch {
		case okx && oky && nx != ny:
			return nx < ny
		case !(okx && oky) && x != y:
			return x < y
		}
	}
	return len(pa) < len(pb)
}

func splitID(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '-' })
}

func num(s string) (int, bool) {
	n := 0
	if s == "" {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' || len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s // empty, not a capital, or an acronym ("MFA on ...")
	}
	return string(s[0]+'a'-'A') + s[1:]
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
