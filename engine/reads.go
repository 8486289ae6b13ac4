package engine

import (
	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"

	"github.com/mamori-sec/mamori"
)

// Reads returns, by resource type, the top-level attribute names the checks
// read (resource.NAME, has(resource.NAME), resource["NAME"], resource.?NAME,
// "NAME" in resource). A condition that uses `resource` in any other way (as
// a whole, in a comprehension, with a computed key) reads every attribute of
// its type, marked by mamori.AllAttributes. A scan keeps only these attributes in
// memory once the whole resource is stored.
func (e *Engine) Reads() mamori.Reads {
	out := mamori.Reads{}
	for typ, progs := range e.byType {
		out.Add(typ)
		for _, p := range progs {
			for k := range p.reads {
				out.Add(typ, k)
			}
		}
	}
	return out
}

// attributeReads walks a checked expression for the attributes it reads.
func attributeReads(e celast.Expr, into map[string]bool) {
	if e == nil {
		return
	}
	isResource := func(x celast.Expr) bool {
		return x != nil && x.Kind() == celast.IdentKind && x.AsIdent() == "resource"
	}
	literal := func(x celast.Expr) (string, bool) {
		if x == nil || x.Kind() != celast.LiteralKind {
			return "", false
		}
		s, ok := x.AsLiteral().(types.String)
		return string(s), ok
	}
	switch e.Kind() {
	case celast.IdentKind:
		switch e.AsIdent() {
		case "resource":
			into[mamori.AllAttributes] = true
		case "tags":
			into[mamori.ReadsTags] = true
		}
	case celast.SelectKind:
		s := e.AsSelect()
		if isResource(s.Operand()) {
			into[s.FieldName()] = true
			return
		}
		attributeReads(s.Operand(), into)
	case celast.CallKind:
		c := e.AsCall()
		args := c.Args()
		switch c.FunctionName() {
		case operators.Index, operators.OptIndex, operators.OptSelect:
			if len(args) == 2 && isResource(args[0]) {
				if k, ok := literal(args[1]); ok {
					into[k] = true
					return
				}
			}
		case operators.In:
			if len(args) == 2 && isResource(args[1]) {
				if k, ok := literal(args[0]); ok {
					into[k] = true
					return
				}
			}
		}
		if c.IsMemberFunction() {
			attributeReads(c.Target(), into)
		}
		for _, a := range args {
			attributeReads(a, into)
		}
	case celast.ComprehensionKind:
		c := e.AsComprehension()
		for _, x := range []celast.Expr{c.IterRange(), c.AccuInit(), c.LoopCondition(), c.LoopStep(), c.Result()} {
			attributeReads(x, into)
		}
	case celast.ListKind:
		for _, x := range e.AsList().Elements() {
			attributeReads(x, into)
		}
	case celast.MapKind:
		for _, en := range e.AsMap().Entries() {
			m := en.AsMapEntry()
			attributeReads(m.Key(), into)
			attributeReads(m.Value(), into)
		}
	case celast.StructKind:
		for _, f := range e.AsStruct().Fields() {
			attributeReads(f.AsStructField().Value(), into)
		}
	}
}
