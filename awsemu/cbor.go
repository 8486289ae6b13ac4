package awsemu

import (
	"fmt"
	"math"
	"sort"

	"github.com/aws/smithy-go/encoding/cbor"
)

// The Smithy RPC v2 CBOR protocol (CloudWatch): world data is converted to
// CBOR values on the way out and request bodies to plain Go values on the way
// in, so a CBOR service is declared like a JSON one.

func cborEncode(v any) []byte { return cbor.Encode(toCBOR(v)) }

func toCBOR(v any) cbor.Value {
	switch x := v.(type) {
	case nil:
		return &cbor.Nil{}
	case string:
		return cbor.String(x)
	case bool:
		return cbor.Bool(x)
	case int:
		return cborInt(int64(x))
	case int64:
		return cborInt(x)
	case uint64:
		return cbor.Uint(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return cborInt(int64(x))
		}
		return cbor.Float64(x)
	case []any:
		l := make(cbor.List, len(x))
		for i, e := range x {
			l[i] = toCBOR(e)
		}
		return l
	case []map[string]any:
		l := make(cbor.List, len(x))
		for i, e := range x {
			l[i] = toCBOR(e)
		}
		return l
	case []string:
		l := make(cbor.List, len(x))
		for i, e := range x {
			l[i] = cbor.String(e)
		}
		return l
	case map[string]any:
		m := make(cbor.Map, len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			m[k] = toCBOR(x[k])
		}
		return m
	}
	return cbor.String(fmt.Sprint(v))
}

func cborInt(i int64) cbor.Value {
	if i < 0 {
		return cbor.NegInt(uint64(-i))
	}
	return cbor.Uint(uint64(i))
}

// fromCBOR turns a decoded request into the values JSON decoding would give.
func fromCBOR(v cbor.Value) any {
	switch x := v.(type) {
	case cbor.String:
		return string(x)
	case cbor.Bool:
		return bool(x)
	case cbor.Uint:
		return float64(x)
	case cbor.NegInt:
		return -float64(x)
	case cbor.Float32:
		return float64(x)
	case cbor.Float64:
		return float64(x)
	case cbor.List:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fromCBOR(e)
		}
		return out
	case cbor.Map:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = fromCBOR(e)
		}
		return out
	}
	return nil
}
