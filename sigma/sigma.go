// Package sigma reads Sigma rules (https://sigmahq.io, specification v2) and
// evaluates them over audit records. It is mamori's own small evaluator: no
// maintained Go Sigma library is served by the module proxy here. Supported:
// search identifiers as maps (fields ANDed, values ORed), lists of maps and
// keyword lists; the condition grammar (and, or, not, brackets, "1 of",
// "all of", "N of" with wildcards and "them"); the modifiers contains,
// startswith, endswith, all, re (with i, m, s), cidr, exists, base64,
// base64offset, windash, lt, lte, gt, gte, fieldref and cased. Aggregations
// (deprecated in v2), expand and the UTF-16 modifiers are refused with a
// clear error. Field names are dotted paths into the record.
package sigma

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/mamori-sec/mamori"
)

// Rule is one compiled Sigma rule.
type Rule struct {
	ID             string
	Title          mamori.Text
	Description    mamori.Text
	Status         string
	Author         string
	Level          mamori.Severity
	Tags           []string
	References     []string
	FalsePositives []string
	Logsource      Logsource
	// Source says where the rule came from: "sigmahq", "mamori" or a path.
	Source string
	// Tier is the tier the rule's file asks for (a custom field "tier:
	// alert|signal"); empty leaves it to mamori's defaults.
	Tier mamori.Tier
	// Judge names the Go function that reads the request of what the
	// condition matched and decides (a custom field "judge:", for what a
	// Sigma condition cannot say, such as pairing fields of one element of
	// a list); empty: the condition decides alone.
	Judge string

	searches map[string]*search
	cond     node
	// The rule can match only events whose keyField has one of keyVals
	// (lower case); keyField "" means it must be tried on every event.
	keyField string
	keyVals  []string
}

// keyFields are the fields rules are indexed by, most selective first.
var keyFields = []string{"eventName", "eventSource", "userIdentity.type"}

// Logsource is the rule's log source.
type Logsource struct {
	Product  string `yaml:"product" json:"product,omitempty"`
	Service  string `yaml:"service" json:"service,omitempty"`
	Category string `yaml:"category" json:"category,omitempty"`
}

// FieldMatch is one field of the record that made a rule match.
type FieldMatch struct {
	Field   string
	Value   string
	Pattern string
}

type ruleFile struct {
	Title          string         `yaml:"title"`
	TitleJa        string         `yaml:"title_ja"`
	ID             string         `yaml:"id"`
	Status         string         `yaml:"status"`
	Description    string         `yaml:"description"`
	DescriptionJa  string         `yaml:"description_ja"`
	Author         string         `yaml:"author"`
	Level          string         `yaml:"level"`
	Tags           []string       `yaml:"tags"`
	References     []string       `yaml:"references"`
	FalsePositives []string       `yaml:"falsepositives"`
	Logsource      Logsource      `yaml:"logsource"`
	Detection      map[string]any `yaml:"detection"`
	Tier           string         `yaml:"tier"`
	Judge          string         `yaml:"judge"`
}

var levels = map[string]mamori.Severity{
	"informational": mamori.SeverityInfo, "low": mamori.SeverityLow, "medium": mamori.SeverityMedium,
	"high": mamori.SeverityHigh, "critical": mamori.SeverityCritical,
}

// Parse reads and compiles one rule. Errors are one line saying what is
// wrong and where.
func Parse(data []byte) (r *Rule, err error) {
	defer func() {
		if p := recover(); p != nil { // a bug in here must not take the audit down
			r, err = nil, fmt.Errorf("rule cannot be read: %v", p)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var f ruleFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("bad YAML: %s", oneLine(err.Error()))
	}
	var extra any
	if dec.Decode(&extra) == nil {
		return nil, errors.New("several YAML documents in one file (rule collections are not supported)")
	}
	if strings.TrimSpace(f.Title) == "" {
		return nil, errors.New("no title")
	}
	if f.Detection == nil {
		return nil, errors.New("no detection")
	}
	lvl := mamori.SeverityMedium
	if f.Level != "" {
		l, ok := levels[strings.ToLower(f.Level)]
		if !ok {
			return nil, fmt.Errorf("level: unknown level %q (want informational, low, medium, high or critical)", f.Level)
		}
		lvl = l
	}
	var tier mamori.Tier
	if f.Tier != "" {
		if tier, err = mamori.ParseTier(f.Tier); err != nil {
			return nil, fmt.Errorf("tier: %w", err)
		}
	}
	r = &Rule{
		ID: f.ID, Title: mamori.Text{En: f.Title, Ja: f.TitleJa}, Description: mamori.Text{En: f.Description, Ja: f.DescriptionJa},
		Status: f.Status, Author: f.Author, Level: lvl, Tags: f.Tags, References: f.References, FalsePositives: f.FalsePositives,
		Logsource: f.Logsource, searches: map[string]*search{}, Tier: tier, Judge: strings.TrimSpace(f.Judge),
	}
	if r.ID == "" {
		r.ID = f.Title
	}
	var conds []string
	for name, v := range f.Detection {
		if name == "condition" {
			switch c := v.(type) {
			case string:
				conds = []string{c}
			case []any:
				for _, x := range c {
					s, ok := x.(string)
					if !ok {
						return nil, errors.New("detection: condition: a list of conditions must hold strings")
					}
					conds = append(conds, s)
				}
			default:
				return nil, errors.New("detection: condition must be a string")
			}
			continue
		}
		if name == "timeframe" {
			return nil, errors.New("detection: timeframe (correlation) is not supported")
		}
		s, err := compileSearch(name, v)
		if err != nil {
			return nil, err
		}
		r.searches[name] = s
	}
	if len(conds) == 0 {
		return nil, errors.New("detection: no condition")
	}
	for _, c := range conds {
		n, err := parseCondition(c, r.searches)
		if err != nil {
			return nil, fmt.Errorf("detection: condition: %w", err)
		}
		if r.cond == nil {
			r.cond = n
		} else {
			r.cond = &orNode{r.cond, n}
		}
	}
	for _, f := range keyFields {
		if vals, ok := r.cond.names(f); ok {
			r.keyField, r.keyVals = f, vals
			break
		}
	}
	return r, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Match reports whether ev matches the rule and, if so, the fields that made
// it match.
func (r *Rule) Match(ev *mamori.Event) (bool, []FieldMatch) {
	var c evalCtx
	c.reset(ev)
	ok, why := r.match(&c)
	return ok, slices.Clone(why)
}

// Fields returns the fields the rule's detection reads, sorted, each once.
func (r *Rule) Fields() []string {
	var out []string
	for _, s := range r.searches {
		for _, sel := range s.alts {
			for _, fc := range sel.conds {
				out = append(out, fc.field)
				if fc.fieldref {
					for _, p := range fc.patterns {
						out = append(out, p.raw)
					}
				}
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// Placeholders returns the names of the %placeholders% the rule's expand
// values use, sorted.
func (r *Rule) Placeholders() []string {
	var out []string
	r.eachExpand(func(fc *fieldCond) {
		for _, v := range fc.rawVals {
			if name, ok := placeholder(v); ok && !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	})
	sort.Strings(out)
	return out
}

// Resolve gives the rule's %placeholders% (values of fields with the expand
// modifier) their values; a value that is not a placeholder stays as it is.
// A placeholder without values makes its condition false, as no value can
// match an empty list. Resolve may be called again with other values.
func (r *Rule) Resolve(values map[string][]string) error {
	var err error
	r.eachExpand(func(fc *fieldCond) {
		var pats []*pattern
		for _, v := range fc.rawVals {
			vals := []string{v}
			name, isPH := placeholder(v)
			if isPH {
				vals = values[name]
			}
			for _, x := range vals {
				p, e := compilePattern(x, fc.mods)
				if e != nil && err == nil {
					err = fmt.Errorf("%s: %q: %w", fc.spec, x, e)
				}
				if e == nil {
					if isPH {
						p.raw = v + " (" + x + ")" // the reason says where the value came from
					}
					pats = append(pats, p)
				}
			}
		}
		fc.patterns, fc.resolved = pats, true
	})
	return err
}

func (r *Rule) eachExpand(fn func(*fieldCond)) {
	names := make([]string, 0, len(r.searches))
	for n := range r.searches {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, sel := range r.searches[n].alts {
			for _, fc := range sel.conds {
				if fc.expand {
					fn(fc)
				}
			}
		}
	}
}

// placeholder reports whether v is a whole %name% placeholder.
func placeholder(v string) (string, bool) {
	if len(v) > 2 && v[0] == '%' && v[len(v)-1] == '%' && !strings.Contains(v[1:len(v)-1], "%") {
		return v[1 : len(v)-1], true
	}
	return "", false
}

// match evaluates r on c's event; why is c's buffer, valid until the next
// match.
func (r *Rule) match(c *evalCtx) (bool, []FieldMatch) {
	c.why = c.why[:0]
	if !r.cond.eval(c, &c.why) {
		return false, nil
	}
	return true, c.why
}

// Search identifiers.

type search struct {
	name     string
	alts     []*selection // ORed; a map is one selection
	keywords []*pattern   // ORed, matched against the whole record text
}

type selection struct {
	conds []*fieldCond // ANDed
}

type fieldCond struct {
	field    string
	spec     string // field|modifiers as written
	all      bool
	patterns []*pattern
	exists   *bool
	fieldref bool
	// expand: the values hold %placeholders%, compiled with mods once
	// Resolve gives them values; until then the condition is false.
	expand   bool
	rawVals  []string
	mods     []string
	resolved bool
}

func compileSearch(name string, v any) (*search, error) {
	s := &search{name: name}
	where := "detection." + name
	switch x := v.(type) {
	case map[string]any:
		sel, err := compileSelection(where, x)
		if err != nil {
			return nil, err
		}
		s.alts = []*selection{sel}
	case []any:
		for i, e := range x {
			switch y := e.(type) {
			case map[string]any:
				sel, err := compileSelection(fmt.Sprintf("%s[%d]", where, i), y)
				if err != nil {
					return nil, err
				}
				s.alts = append(s.alts, sel)
			case string, int, float64, bool:
				p, err := compilePattern(scalarString(y), nil)
				if err != nil {
					return nil, fmt.Errorf("%s[%d]: %w", where, i, err)
				}
				p.mode = modeContains
				s.keywords = append(s.keywords, p)
			default:
				return nil, fmt.Errorf("%s[%d]: want a map of fields or a keyword", where, i)
			}
		}
	case string:
		p, err := compilePattern(x, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		p.mode = modeContains
		s.keywords = []*pattern{p}
	default:
		return nil, fmt.Errorf("%s: want a map of fields, a list of maps or keywords", where)
	}
	return s, nil
}

func compileSelection(where string, m map[string]any) (*selection, error) {
	sel := &selection{}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fc, err := compileField(k, m[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", where, k, err)
		}
		sel.conds = append(sel.conds, fc)
	}
	return sel, nil
}

func compileField(spec string, v any) (*fieldCond, error) {
	parts := strings.Split(spec, "|")
	fc := &fieldCond{field: parts[0], spec: spec}
	if fc.field == "" {
		return nil, errors.New("keyword searches with modifiers are not supported")
	}
	mods := parts[1:]
	var vals []any
	switch x := v.(type) {
	case []any:
		vals = x
	default:
		vals = []any{x}
	}
	var rest []string
	for _, m := range mods {
		switch m {
		case "all":
			fc.all = true
		case "exists":
			if len(vals) != 1 {
				return nil, errors.New("exists takes true or false")
			}
			b, ok := vals[0].(bool)
			if !ok {
				return nil, errors.New("exists takes true or false")
			}
			fc.exists = &b
			return fc, nil
		case "fieldref":
			fc.fieldref = true
		case "expand":
			fc.expand = true
		case "utf16", "utf16le", "utf16be", "wide":
			return nil, fmt.Errorf("modifier %q is not supported", m)
		default:
			rest = append(rest, m)
		}
	}
	if fc.expand {
		if fc.fieldref {
			return nil, errors.New("expand together with fieldref is not supported")
		}
		for _, val := range vals {
			if val == nil {
				return nil, errors.New("expand takes values with %placeholders%, not null")
			}
			fc.rawVals = append(fc.rawVals, scalarString(val))
		}
		fc.mods = rest
		// The modifiers and the values that are not placeholders are checked
		// now; placeholders' values when Resolve gives them.
		for _, m := range rest {
			if !knownModifiers[m] {
				return nil, fmt.Errorf("unknown modifier %q", m)
			}
		}
		for _, v := range fc.rawVals {
			if _, ok := placeholder(v); ok {
				continue
			}
			if _, err := compilePattern(v, rest); err != nil {
				return nil, err
			}
		}
		return fc, nil
	}
	for _, val := range vals {
		if fc.fieldref {
			s, ok := val.(string)
			if !ok {
				return nil, errors.New("fieldref takes field names")
			}
			fc.patterns = append(fc.patterns, &pattern{raw: s})
			continue
		}
		if val == nil {
			fc.patterns = append(fc.patterns, &pattern{raw: "null", mode: modeNull})
			continue
		}
		p, err := compilePattern(scalarString(val), rest)
		if err != nil {
			return nil, err
		}
		if f, ok := val.(float64); ok {
			p.num, p.isNum = f, true
		}
		if i, ok := val.(int); ok {
			p.num, p.isNum = float64(i), true
		}
		fc.patterns = append(fc.patterns, p)
	}
	if len(fc.patterns) == 0 {
		return nil, errors.New("no values")
	}
	return fc, nil
}

func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// Patterns.

type mode int

const (
	modeEqual mode = iota
	modeContains
	modeStarts
	modeEnds
	modeRegexp
	modeCIDR
	modeLess
	modeLessEq
	modeGreater
	modeGreaterEq
	modeNull
	modeGlob // a value with * wildcards (and no ?), matched without a regexp
)

type pattern struct {
	raw    string
	mode   mode
	cased  bool
	lit    string   // lower-cased unless cased
	alts   []string // base64offset / windash variants, same mode as lit
	re     *regexp.Regexp
	reLits []string // literals every match of re contains (case as in the text)
	glob   *glob
	prefix netip.Prefix
	num    float64
	isNum  bool
}

// knownModifiers are the value modifiers compilePattern takes.
var knownModifiers = map[string]bool{"contains": true, "startswith": true, "endswith": true, "re": true, "i": true, "m": true,
	"s": true, "cidr": true, "lt": true, "lte": true, "gt": true, "gte": true, "cased": true, "base64": true, "base64offset": true,
	"windash": true}

func compilePattern(s string, mods []string) (*pattern, error) {
	p := &pattern{raw: s, mode: modeEqual}
	var reFlags string
	encode := ""
	windash := false
	for _, m := range mods {
		switch m {
		case "contains":
			p.mode = modeContains
		case "startswith":
			p.mode = modeStarts
		case "endswith":
			p.mode = modeEnds
		case "re":
			p.mode = modeRegexp
		case "i", "m", "s":
			reFlags += m
		case "cidr":
			p.mode = modeCIDR
		case "lt":
			p.mode = modeLess
		case "lte":
			p.mode = modeLessEq
		case "gt":
			p.mode = modeGreater
		case "gte":
			p.mode = modeGreaterEq
		case "cased":
			p.cased = true
		case "base64", "base64offset":
			encode = m
		case "windash":
			windash = true
		default:
			return nil, fmt.Errorf("unknown modifier %q", m)
		}
	}
	switch p.mode {
	case modeRegexp:
		expr := s
		if reFlags != "" {
			expr = "(?" + reFlags + ")" + s
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("bad regular expression %q: %s", s, oneLine(err.Error()))
		}
		p.re = re
		p.reLits = requiredLiterals(expr)
		return p, nil
	case modeCIDR:
		pr, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("bad CIDR %q", s)
		}
		p.prefix = pr.Masked()
		return p, nil
	case modeLess, modeLessEq, modeGreater, modeGreaterEq:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", s)
		}
		p.num, p.isNum = f, true
		return p, nil
	}
	vals := []string{s}
	if windash && strings.HasPrefix(s, "-") {
		vals = append(vals, "/"+s[1:], "–"+s[1:], "—"+s[1:], "―"+s[1:])
	}
	if encode != "" {
		var enc []string
		for _, v := range vals {
			if encode == "base64" {
				enc = append(enc, base64.StdEncoding.EncodeToString([]byte(v)))
				continue
			}
			enc = append(enc, base64Offsets(v)...)
		}
		vals = enc
		p.cased = true // base64 is case-sensitive
		if p.mode == modeEqual && encode == "base64offset" {
			p.mode = modeContains
		}
	}
	// Wildcards: a value with an unescaped * or ? becomes a regular
	// expression anchored as the mode says.
	for i, v := range vals {
		if hasWildcard(v) {
			if len(vals) > 1 {
				return nil, errors.New("wildcards together with windash or base64 are not supported")
			}
			if g, ok := compileGlob(v, p.mode, p.cased); ok {
				p.glob, p.mode = g, modeGlob
				return p, nil
			}
			re, err := wildcardRegexp(v, p.mode, p.cased)
			if err != nil {
				return nil, err
			}
			p.re, p.mode = re, modeRegexp
			return p, nil
		}
		vals[i] = unescape(v)
		if !p.cased {
			vals[i] = strings.ToLower(vals[i])
		}
	}
	p.lit, p.alts = vals[0], vals[1:]
	return p, nil
}

// base64Offsets returns the three encodings of s at byte offsets 0, 1 and 2
// within a longer base64 text, trimmed to the characters that do not depend
// on the neighbours.
func base64Offsets(s string) []string {
	var out []string
	starts, ends := []int{0, 2, 3}, []int{0, -3, -2}
	for i := 0; i < 3; i++ {
		enc := base64.StdEncoding.EncodeToString(append(bytes.Repeat([]byte{' '}, i), s...))
		enc = strings.TrimRight(enc, "=")
		lo := starts[i]
		hi := len(enc)
		if r := (len(s) + i) % 3; r != 0 {
			hi += ends[r]
		}
		if lo < hi {
			out = append(out, enc[lo:hi])
		}
	}
	return out
}

func hasWildcard(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '*', '?':
			return true
		}
	}
	return false
}

// unescape removes the escapes of \*, \? and \\.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\') {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func wildcardRegexp(s string, m mode, cased bool) (*regexp.Regexp, error) {
	var b strings.Builder
	if !cased {
		b.WriteString("(?is)")
	} else {
		b.WriteString("(?s)")
	}
	if m == modeEqual || m == modeStarts {
		b.WriteString("^")
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\'):
			i++
			b.WriteString(regexp.QuoteMeta(s[i : i+1]))
		case c == '*':
			b.WriteString(".*")
		case c == '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(s[i : i+1])) // bytes of a multi-byte rune stay together
		}
	}
	if m == modeEqual || m == modeEnds {
		b.WriteString("$")
	}
	return regexp.Compile(b.String())
}

// match reports whether one record value matches.
func (p *pattern) match(v any) bool {
	if p.mode == modeNull {
		return v == nil
	}
	if v == nil {
		return false
	}
	switch p.mode {
	case modeLess, modeLessEq, modeGreater, modeGreaterEq:
		f, ok := number(v)
		if !ok {
			return false
		}
		switch p.mode {
		case modeLess:
			return f < p.num
		case modeLessEq:
			return f <= p.num
		case modeGreater:
			return f > p.num
		}
		return f >= p.num
	case modeCIDR:
		s, _ := v.(string)
		a, err := netip.ParseAddr(s)
		return err == nil && p.prefix.Contains(a.Unmap())
	}
	if p.isNum && p.mode == modeEqual {
		if f, ok := number(v); ok {
			return f == p.num
		}
	}
	s := valueString(v)
	switch p.mode {
	case modeRegexp:
		for _, l := range p.reLits {
			if !strings.Contains(s, l) {
				return false
			}
		}
		return p.re.MatchString(s)
	case modeGlob:
		return p.glob.match(s)
	}
	if !p.cased && p.mode != modeContains {
		// Equality and affixes fold case without building a lower-case copy.
		if p.fold(s, p.lit) {
			return true
		}
		for _, a := range p.alts {
			if p.fold(s, a) {
				return true
			}
		}
		return false
	}
	if !p.cased {
		s = strings.ToLower(s)
	}
	if p.test(s, p.lit) {
		return true
	}
	for _, a := range p.alts {
		if p.test(s, a) {
			return true
		}
	}
	return false
}

// fold is test for case-insensitive equality, startswith and endswith; lit
// is lower case.
func (p *pattern) fold(s, lit string) bool {
	switch p.mode {
	case modeStarts:
		return len(s) >= len(lit) && strings.EqualFold(s[:len(lit)], lit)
	case modeEnds:
		return len(s) >= len(lit) && strings.EqualFold(s[len(s)-len(lit):], lit)
	}
	return strings.EqualFold(s, lit)
}

func (p *pattern) test(s, lit string) bool {
	switch p.mode {
	case modeContains:
		return strings.Contains(s, lit)
	case modeStarts:
		return strings.HasPrefix(s, lit)
	case modeEnds:
		return strings.HasSuffix(s, lit)
	}
	return s == lit
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

func valueString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// Evaluation.

// evalCtx is one event being matched. It looks each field up once, however
// many rules read it: the values of every field looked up are kept in buf.
type evalCtx struct {
	ev     *mamori.Event
	buf    []any
	fields []cachedField
	why    []FieldMatch
}

type cachedField struct {
	name       string
	start, end int
	found      bool
}

// reset makes c ready for ev, keeping its buffers.
func (c *evalCtx) reset(ev *mamori.Event) {
	clear(c.buf) // let the previous event's strings go
	clear(c.why)
	c.ev, c.buf, c.fields, c.why = ev, c.buf[:0], c.fields[:0], c.why[:0]
}

// values returns the values of field in the event; the slice must not be
// appended to or changed.
func (c *evalCtx) values(field string) ([]any, bool) {
	if c.ev.Fields == nil {
		return nil, false
	}
	for _, f := range c.fields {
		if f.name == field {
			return c.buf[f.start:f.end:f.end], f.found
		}
	}
	start := len(c.buf)
	var ok bool
	c.buf, ok = c.ev.Fields.Values(field, c.buf)
	c.fields = append(c.fields, cachedField{name: field, start: start, end: len(c.buf), found: ok})
	return c.buf[start:len(c.buf):len(c.buf)], ok
}

func (s *search) eval(c *evalCtx, why *[]FieldMatch) bool {
	for _, sel := range s.alts {
		mark := len(*why)
		if sel.eval(c, why) {
			return true
		}
		*why = (*why)[:mark]
	}
	if len(s.keywords) > 0 {
		if t, ok := c.ev.Fields.(interface{ JSON() []byte }); ok {
			text := strings.ToLower(string(t.JSON()))
			for _, k := range s.keywords {
				if strings.Contains(text, k.lit) {
					*why = append(*why, FieldMatch{Field: "(keyword)", Value: k.raw, Pattern: k.raw})
					return true
				}
			}
		}
	}
	return false
}

func (sel *selection) eval(c *evalCtx, why *[]FieldMatch) bool {
	for _, fc := range sel.conds {
		if !fc.eval(c, why) {
			return false
		}
	}
	return true
}

func (fc *fieldCond) eval(c *evalCtx, why *[]FieldMatch) bool {
	if fc.expand && !fc.resolved {
		return false
	}
	vals, found := c.values(fc.field)
	if fc.exists != nil {
		if found == *fc.exists {
			*why = append(*why, FieldMatch{Field: fc.field, Value: fmt.Sprint(found), Pattern: fc.spec + ": " + strconv.FormatBool(*fc.exists)})
			return true
		}
		return false
	}
	if fc.fieldref {
		mine := append([]any(nil), vals...)
		for _, p := range fc.patterns {
			other, _ := c.values(p.raw)
			for _, a := range mine {
				for _, b := range other {
					if a != nil && valueString(a) == valueString(b) {
						*why = append(*why, FieldMatch{Field: fc.field, Value: clip(valueString(a)), Pattern: fc.spec + ": " + p.raw})
						return true
					}
				}
			}
		}
		return false
	}
	if !found {
		vals = []any{nil} // a missing field matches null
	}
	if fc.all {
		var matched []string
		for _, p := range fc.patterns {
			hit := false
			for _, v := range vals {
				if p.match(v) {
					hit = true
					matched = append(matched, valueString(v))
					break
				}
			}
			if !hit {
				return false
			}
		}
		*why = append(*why, FieldMatch{Field: fc.field, Value: clip(strings.Join(matched, ", ")), Pattern: fc.describe()})
		return true
	}
	for _, v := range vals {
		for _, p := range fc.patterns {
			if p.match(v) {
				val := "null"
				if v != nil {
					val = clip(valueString(v))
				}
				*why = append(*why, FieldMatch{Field: fc.field, Value: val, Pattern: fc.spec + ": " + p.raw})
				return true
			}
		}
	}
	return false
}

func (fc *fieldCond) describe() string {
	var raws []string
	for _, p := range fc.patterns {
		raws = append(raws, p.raw)
	}
	return fc.spec + ": " + strings.Join(raws, ", ")
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}
