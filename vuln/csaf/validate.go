package csaf

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed schema/*.json
var schemas embed.FS

const csafSchemaURL = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json"

// The schemas by the URL documents refer to them with; nothing is fetched.
var schemaFiles = map[string]string{
	csafSchemaURL: "schema/csaf_json_schema.json",
	"https://www.first.org/cvss/cvss-v2.0.json": "schema/cvss-v2.0.json",
	"https://www.first.org/cvss/cvss-v3.0.json": "schema/cvss-v3.0.json",
	"https://www.first.org/cvss/cvss-v3.1.json": "schema/cvss-v3.1.json",
}

var csafSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for u, f := range schemaFiles {
		b, err := schemas.ReadFile(f)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(u, doc); err != nil {
			return nil, err
		}
	}
	return c.Compile(csafSchemaURL)
})

// ValidateCSAF checks doc (JSON decoded into any, numbers as json.Number or
// float64) against the CSAF 2.0 JSON schema. It returns what is wrong, one
// "location: error" each, in gocsaf's order (an enclosing location before
// those inside it); none when doc is valid. The
// error is for a schema that cannot be compiled.
func ValidateCSAF(doc any) ([]string, error) {
	s, err := csafSchema()
	if err != nil {
		return nil, err
	}
	err = s.Validate(doc)
	if err == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil, err
	}
	out := ve.BasicOutput()
	if out.Valid {
		return nil, nil
	}
	errs := out.Errors
	slices.SortFunc(errs, func(a, b jsonschema.OutputUnit) int {
		pa, pb := a.InstanceLocation, b.InstanceLocation
		switch {
		case strings.HasPrefix(pb, pa):
			return -1
		case strings.HasPrefix(pa, pb):
			return 1
		}
		if d := cmp.Compare(pa, pb); d != 0 {
			return d
		}
		return cmp.Compare(a.Error.String(), b.Error.String())
	})
	var res []string
	for _, e := range errs {
		if e.Error == nil {
			continue
		}
		loc := e.InstanceLocation
		if loc == "" {
			loc = e.AbsoluteKeywordLocation
		}
		res = append(res, loc+": "+e.Error.String())
	}
	return res, nil
}

// Validate checks the JSON document b against the CSAF 2.0 schema and
// returns what is wrong in one line: the first problem, and how many more.
func Validate(b []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	errs, err := ValidateCSAF(doc)
	switch {
	case err != nil:
		return err
	case len(errs) == 0:
		return nil
	case len(errs) == 1:
		return errors.New(errs[0])
	}
	return fmt.Errorf("%s (and %d more)", errs[0], len(errs)-1)
}
