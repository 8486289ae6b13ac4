package engine

import (
	"time"

	"github.com/google/cel-go/common/types"

	"github.com/mamori-sec/mamori"
)

// EvalReference evaluates p on r the plain way, as the engine did before it
// handed CEL its maps unwrapped and shared a frame between checks: every
// input converted to a CEL value up front and given to cel-go in a map, one
// evaluation per call. Tests compare the engine against it.
func (p *Program) EvalReference(r *mamori.Resource, now time.Time) (mamori.Status, string) {
	conv := types.DefaultTypeAdapter.NativeToValue
	vars := map[string]any{
		"resource": conv(map[string]any{}),
		"facts":    conv(map[string]any{}),
		"tags":     conv(map[string]string{}),
		"id":       r.ID,
		"name":     r.Name,
		"region":   r.Region,
		"account":  r.Account,
		"now":      types.Timestamp{Time: now},
	}
	if r.Attributes != nil {
		vars["resource"] = conv(r.Attributes)
	}
	if r.Facts != nil {
		vars["facts"] = conv(r.Facts)
	}
	if r.Tags != nil {
		vars["tags"] = conv(r.Tags)
	}
	var st mamori.Status
	var reason string
	out, _, err := p.prg.Eval(vars)
	switch b, ok := out.(types.Bool); {
	case err != nil:
		st, reason = mamori.StatusError, "condition: "+oneLine(err.Error())
	case !ok:
		st, reason = mamori.StatusError, "condition returned "+out.Type().TypeName()+", not a bool"
	case bool(b):
		return mamori.StatusPass, ""
	default:
		st = mamori.StatusFail
	}
	if p.detail == nil {
		return st, reason
	}
	if out, _, err := p.detail.Eval(vars); err == nil {
		if s, ok := out.(types.String); ok && s != "" {
			if reason != "" {
				return st, string(s) + " (" + reason + ")"
			}
			return st, string(s)
		}
	}
	return st, reason
}
