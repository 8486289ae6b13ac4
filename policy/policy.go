// Package policy reads AWS policy documents (IAM identity policies, bucket
// policies) in their decoded JSON form, where most elements may be a single
// value or a list. Collectors and analyzers share it so that a statement is
// read the same way everywhere.
package policy

import "fmt"

// Statements returns a decoded policy's statements: Statement may be one
// object or a list; entries that are not objects are skipped.
func Statements(doc map[string]any) []map[string]any {
	var out []map[string]any
	switch s := doc["Statement"].(type) {
	case map[string]any:
		out = append(out, s)
	case []any:
		for _, x := range s {
			if m, ok := x.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// Strings reads an element that is a string, a bool, a number or a list of
// them as strings (JSON policies write "true" and true alike). A nil element
// gives nil; anything else is printed, so it can never equal a literal the
// caller looks for.
func Strings(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, Strings(e)...)
		}
		return out
	}
	return []string{fmt.Sprint(v)}
}
