package awsemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/smithy-go/encoding/cbor"
)

// The generic shape. Most read APIs are "list a collection", "describe some
// of it", "get one item" or "get one document hanging off an item". A service
// built this way is a declaration (its protocol and operations) plus world
// data that is already in the API's response shape: an item of a collection
// is written in the world file exactly as the API returns it, so that a new
// service needs no Go struct, no handler and no encoder of its own.
//
//	lambda:                      # per_region.<region>.<service>
//	  functions:                 # a collection
//	    - FunctionName: api      # the item, as GetFunctionConfiguration returns it
//	      Runtime: python3.8
//	      Policy: {Policy: '{...}'}   # a document GetPolicy returns (a "sub")
//
// An item's sub-documents (declared by the Sub operations) are left out of the
// item's list and describe answers. The JSON protocols write the item as JSON;
// the query protocol encodes the same data as XML (a list's elements as
// <member>).

// opKind says what a generic operation does with its collection.
type opKind int

const (
	kindList opKind = iota // a page of the collection (optionally filtered)
	kindGet                // one item, found by a key
	kindSub                // one document of one item
	kindOne                // the collection's only item: a per-region setting (GetMacieSession)
)

// gop is one generic operation.
type gop struct {
	name   string
	kind   opKind
	method string // REST: HTTP method and path template ("/2015-03-31/functions/{FunctionName}")
	path   string
	coll   string // the world collection

	out string // the response member that holds the list / item ("" = the item is the response)

	// kindList: pagination member names and projection / filters.
	tokenIn, tokenOut, sizeIn string
	defaultSize               int
	truncated                 string            // IAM's IsTruncated: a member saying whether more pages follow
	project                   []string          // keep only these members of each item
	value                     string            // list this member's bare values instead of items
	where                     map[string]string // input member -> item member that must equal it (when the input is given)
	in                        string            // input list member naming items (empty: all)
	inField                   []string          // item members the names in `in` / `key` may equal
	// kindGet / kindSub: the input member naming the item.
	key string
	// kindSub: the item's member holding the document.
	sub string
	// missing is the error when the item (kindGet / kindSub) or the
	// document (kindSub) does not exist.
	missing    *APIError
	subMissing *APIError
	// empty is the document a sub answers when the item has none and
	// subMissing is nil (default: an empty structure).
	empty any
	// xmlMaps are response members the query protocol encodes as a map
	// (<entry><key/><value/></entry>) rather than a structure.
	xmlMaps map[string]bool
	// xmlRoot: a REST-XML list's root element when it is not out (restxml.go);
	// prefix: a key prefix the SDK strips from the input.
	xmlRoot, prefix string
}

// genericService is a service declared in the generic shape.
type genericService struct {
	name string // signing name
	// key names the service's data in a world ("" = name): two APIs that
	// sign with one name (Classic ELB and ELBv2) or a generic part of a
	// hand-written service (EC2's VPC endpoints) keep their own data.
	key string
	// version is the query API version the declaration answers ("" = any):
	// Classic ELB (2012-06-01) and ELBv2 (2015-12-01) share operation names.
	version  string
	protocol string
	global   bool
	ops      []*gop
	// colls are the collections a world may hold, with the sub-document
	// members each item may carry (derived from the ops).
	colls map[string]map[string]bool
	// xmlNames are the element names of list members in the query
	// protocol, by list member name, for SDKs that check them (Redshift's
	// <Clusters><Cluster>); unlisted lists use <member>.
	xmlNames map[string]string
	// REST-XML: list element names and the root's namespace (restxml.go).
	xmlItems map[string]string
	xmlNS    string
}

func declare(name, protocol string, ops ...*gop) *genericService {
	s := &genericService{name: name, protocol: protocol, ops: ops, colls: map[string]map[string]bool{}}
	for _, o := range ops {
		if s.colls[o.coll] == nil {
			s.colls[o.coll] = map[string]bool{}
		}
		if o.kind == kindSub {
			s.colls[o.coll][o.sub] = true
		}
	}
	return s
}

// list declares a list operation answering {out: [items], tokenOut: next}.
func list(name, coll, out string) *gop {
	return &gop{name: name, kind: kindList, coll: coll, out: out, tokenIn: "NextToken", tokenOut: "NextToken", sizeIn: "MaxResults", defaultSize: 100}
}

// get declares a describe-one operation: the item whose member (one of
// fields) equals the input member key, under out ("" = the item itself).
func get(name, coll, key string, fields []string, out string, missing *APIError) *gop {
	return &gop{name: name, kind: kindGet, coll: coll, key: key, inField: fields, out: out, missing: missing}
}

// sub declares an operation answering the document sub of the item named by
// key; subMissing is the answer when the item has no such document.
func sub(name, coll, key string, fields []string, subMember string, missing, subMissing *APIError) *gop {
	return &gop{name: name, kind: kindSub, coll: coll, key: key, inField: fields, sub: subMember, missing: missing, subMissing: subMissing}
}

// setting declares an operation answering the collection's only item (a
// region's setting rather than a resource: GetMacieSession,
// GetDataCatalogEncryptionSettings), under out ("" = the item itself).
// missing is the answer when the world has none; without it the answer is
// orEmpty's document, or an empty structure (the setting was never made).
func setting(name, coll, out string, missing *APIError) *gop {
	return &gop{name: name, kind: kindOne, coll: coll, out: out, missing: missing}
}

// rest routes the operation by method and path template.
func (o *gop) rest(method, path string) *gop { o.method, o.path = method, path; return o }

// wrap puts a sub-document under a member of the response
// (GetTopicAttributes answers {Attributes: ...}).
func (o *gop) wrap(member string) *gop { o.out = member; return o }

// orEmpty sets the document a sub answers for an item without one
// (ListFunctionUrlConfigs: an empty list).
func (o *gop) orEmpty(v any) *gop { o.empty = v; return o }

// maps says which response members are maps in the query protocol.
func (o *gop) maps(members ...string) *gop {
	o.xmlMaps = map[string]bool{}
	for _, m := range members {
		o.xmlMaps[m] = true
	}
	return o
}

// paged names the pagination members (input token, output token, page size).
func (o *gop) paged(in, out, size string) *gop {
	o.tokenIn, o.tokenOut, o.sizeIn = in, out, size
	return o
}

// truncates names the member that says whether more pages follow (IAM's
// IsTruncated, which its paginators read rather than the marker).
func (o *gop) truncates(member string) *gop { o.truncated = member; return o }

// only keeps these members of each listed item (ListTopics' {TopicArn}).
func (o *gop) only(members ...string) *gop { o.project = members; return o }

// values lists one member's bare values (ListQueues' QueueUrls).
func (o *gop) values(member string) *gop { o.value = member; return o }

// filter keeps the items whose member field equals the input member in (when given).
func (o *gop) filter(in, field string) *gop {
	if o.where == nil {
		o.where = map[string]string{}
	}
	o.where[in] = field
	return o
}

// names limits a list to the items named by the input list member in, matched
// against fields (DescribeRepositories' repositoryNames, ELBv2's LoadBalancerArns).
func (o *gop) names(in string, fields ...string) *gop { o.in, o.inField = in, fields; return o }

// notFound is the error a missing item gets in REST and JSON services.
func notFound(code, msg string) *APIError { return &APIError{Code: code, Message: msg, Status: 404} }

// badRequest is a 400 error.
func badRequest(code, msg string) *APIError { return &APIError{Code: code, Message: msg, Status: 400} }

// Data is a region's (or an account's global) generic services: service ->
// collection -> items in the API's response shape.
type Data map[string]map[string][]map[string]any

func (d Data) items(svc, coll string) []map[string]any {
	if d == nil {
		return nil
	}
	return d[svc][coll]
}

// Add appends items to a collection (synthetic worlds).
func (d Data) Add(svc, coll string, items ...map[string]any) {
	if d[svc] == nil {
		d[svc] = map[string][]map[string]any{}
	}
	d[svc][coll] = append(d[svc][coll], items...)
}

// route finds the operation for a request. Query and JSON protocols name it
// (c.Op); REST protocols match method and path template, setting c.Op and
// the path parameters.
func (s *genericService) route(c *Call) Handler {
	for _, o := range s.ops {
		if o.method == "" {
			if o.name == c.Op {
				return s.handler(o)
			}
			continue
		}
		if params, ok := matchPath(o.method, o.path, c.Req); ok {
			c.Op = o.name
			for k, v := range params {
				c.Params[k] = v
			}
			return s.handler(o)
		}
	}
	return nil
}

func matchPath(method, tmpl string, r *http.Request) (map[string]string, bool) {
	if r.Method != method {
		return nil, false
	}
	path := r.URL.EscapedPath()
	want := strings.Split(strings.Trim(tmpl, "/"), "/")
	got := strings.Split(strings.Trim(path, "/"), "/")
	if len(want) != len(got) {
		return nil, false
	}
	params := map[string]string{}
	for i, w := range want {
		if strings.HasPrefix(w, "{") && strings.HasSuffix(w, "}") {
			v, err := url.PathUnescape(got[i])
			if err != nil || v == "" {
				return nil, false
			}
			params[w[1:len(w)-1]] = v
			continue
		}
		if w != got[i] {
			return nil, false
		}
	}
	return params, true
}

// input is a request's parameters whatever the protocol: REST path and
// query parameters, the query protocol's form, the JSON body's top level.
type input struct {
	c    *Call
	body map[string]any
}

func (c *Call) input() (*input, error) {
	in := &input{c: c}
	if c.proto == protoRPCCBOR && len(c.Body) > 0 {
		v, err := cbor.Decode(c.Body)
		if err != nil {
			return nil, Errf("SerializationException", "bad CBOR body: %v", err)
		}
		in.body, _ = fromCBOR(v).(map[string]any)
		return in, nil
	}
	if c.proto == protoJSON || c.proto == protoRESTJSON {
		if len(strings.TrimSpace(string(c.Body))) > 0 {
			if err := json.Unmarshal(c.Body, &in.body); err != nil {
				return nil, Errf("SerializationException", "bad JSON body: %v", err)
			}
		}
	}
	return in, nil
}

// str returns the named scalar parameter, "" when absent.
func (in *input) str(name string) string {
	if v, ok := in.c.Params[name]; ok {
		return v
	}
	if v := in.c.Req.URL.Query().Get(name); v != "" {
		return v
	}
	// REST query strings are camelCase where the member is PascalCase
	// (Lambda's Marker is ?Marker=, EKS's nextToken ?nextToken=).
	if v := in.c.Req.URL.Query().Get(lowerFirst(name)); v != "" {
		return v
	}
	if in.c.Form != nil {
		if v := in.c.Form.Get(name); v != "" {
			return v
		}
	}
	switch v := in.body[name].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// list returns the named list parameter (JSON array, query "Name.member.N").
func (in *input) list(name string) []string {
	if a, ok := in.body[name].([]any); ok {
		out := make([]string, 0, len(a))
		for _, v := range a {
			out = append(out, fmt.Sprint(v))
		}
		return out
	}
	if in.c.Form != nil {
		return in.c.ListParam(name)
	}
	return in.c.Req.URL.Query()[name]
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func (s *genericService) data(c *Call) Data {
	if s.global {
		return c.Account.Data
	}
	return c.Account.regionState(c.Region).Data
}

// dataKey is the service's name in a world's data.
func (s *genericService) dataKey() string {
	if s.key != "" {
		return s.key
	}
	return s.name
}

// as sets the world data key and, for query APIs sharing a signing name,
// the API version the declaration answers.
func (s *genericService) as(key, version string) *genericService {
	s.key, s.version = key, version
	return s
}

func (s *genericService) handler(o *gop) Handler {
	return func(c *Call) error {
		c.xmlMaps, c.xmlNames = o.xmlMaps, s.xmlNames
		c.xmlItems, c.xmlNS = s.xmlItems, s.xmlNS
		in, err := c.input()
		if err != nil {
			return err
		}
		items := s.data(c).items(s.dataKey(), o.coll)
		switch o.kind {
		case kindList:
			// A list of one item's children (filtered by it) can be denied for that item.
			for param := range o.where {
				if v := in.str(param); v != "" && c.Server.deniedFor(s.name+":"+o.name, v) {
					return &APIError{Code: "AccessDeniedException", Message: fmt.Sprintf("User: arn:aws:iam::%s:user/scanner is not authorized to perform: %s:%s on resource: %s", c.Account.ID, s.name, o.name, v), Status: 403}
				}
			}
			return s.answerList(c, o, in, items)
		case kindOne:
			var v any
			switch {
			case len(items) > 0:
				v = s.public(o.coll, items[0])
			case o.missing != nil:
				return o.missing
			case o.empty != nil:
				v = o.empty
			default:
				return c.writeGeneric(map[string]any{}) // nothing set: an empty answer
			}
			if o.out != "" {
				v = map[string]any{o.out: v}
			}
			return c.writeGeneric(v)
		}
		name := in.str(o.key)
		item := c.Server.index.find(items, o.inField, name)
		if item == nil && o.prefix != "" {
			item = c.Server.index.find(items, o.inField, o.prefix+name)
		}
		if item == nil || c.Server.gone(s.name, name) {
			return o.missing
		}
		if c.Server.deniedFor(s.name+":"+o.name, name) {
			return &APIError{Code: "AccessDeniedException", Message: fmt.Sprintf("User: arn:aws:iam::%s:user/scanner is not authorized to perform: %s:%s on resource: %s", c.Account.ID, s.name, o.name, name), Status: 403}
		}
		if o.kind == kindSub {
			doc, ok := item[o.sub]
			if !ok || doc == nil {
				if o.subMissing == nil {
					doc = o.empty
					if doc == nil {
						doc = map[string]any{}
					}
				} else {
					return o.subMissing
				}
			}
			if o.out != "" {
				doc = map[string]any{o.out: doc}
			}
			return c.writeGeneric(doc)
		}
		v := s.public(o.coll, item)
		if o.out != "" {
			return c.writeGeneric(map[string]any{o.out: v})
		}
		return c.writeGeneric(v)
	}
}

func findItem(items []map[string]any, fields []string, name string) map[string]any {
	if name == "" {
		return nil
	}
	for _, it := range items {
		for _, f := range fields {
			if s, ok := it[f].(string); ok && s == name {
				return it
			}
		}
	}
	return nil
}

// indexFrom is the size from which a collection is searched through an
// itemIndex rather than walked.
const indexFrom = 64

// itemIndex finds a collection's items by the value of one field without
// walking them all. A synthetic world's collections hold thousands of
// items: describing each one, or listing each one's children, by walking
// the collection made a --demo-scale scan quadratic in the emulator.
type itemIndex struct {
	mu sync.Mutex
	m  map[indexKey]map[string][]int
}

// indexKey names one field of one collection: the collection by its backing
// array and length (a collection that grows is indexed again), the field by
// name and by how its values compare (as strings only, or as fmt.Sprint).
type indexKey struct {
	first  *map[string]any
	n      int
	field  string
	sprint bool
}

// positions returns, in order, the positions in items whose field holds
// value: a string equal to it or, with sprint, any value printing as it.
func (x *itemIndex) positions(items []map[string]any, field string, sprint bool, value string) []int {
	k := indexKey{&items[0], len(items), field, sprint}
	x.mu.Lock()
	defer x.mu.Unlock()
	byValue := x.m[k]
	if byValue == nil {
		byValue = map[string][]int{}
		for i, it := range items {
			v, ok := it[field]
			if !ok {
				continue
			}
			s, isStr := v.(string)
			switch {
			case isStr:
			case sprint:
				s = fmt.Sprint(v)
			default:
				continue
			}
			byValue[s] = append(byValue[s], i)
		}
		if x.m == nil {
			x.m = map[indexKey]map[string][]int{}
		}
		x.m[k] = byValue
	}
	return byValue[value]
}

// find is findItem through the index: the first item, in collection order,
// with one of fields equal to name.
func (x *itemIndex) find(items []map[string]any, fields []string, name string) map[string]any {
	if len(items) < indexFrom || name == "" {
		return findItem(items, fields, name)
	}
	first := -1
	for _, f := range fields {
		if p := x.positions(items, f, false, name); len(p) > 0 && (first < 0 || p[0] < first) {
			first = p[0]
		}
	}
	if first < 0 {
		return nil
	}
	return items[first]
}

// candidates narrows items to those that can pass a list's filters: the
// items with one of names in a field of inField (when names are given),
// else those whose first filtered field holds the value asked for. The
// caller still applies every filter; ok is false when the index does not
// apply and every item is a candidate.
func (x *itemIndex) candidates(items []map[string]any, inField, names []string, where map[string]string, in *input) (cands []map[string]any, ok bool) {
	if len(items) < indexFrom {
		return nil, false
	}
	var pos []int
	switch {
	case len(names) > 0:
		for _, f := range inField {
			for _, n := range names {
				pos = append(pos, x.positions(items, f, false, n)...)
			}
		}
	default:
		for param, field := range where {
			if want := in.str(param); want != "" {
				pos = x.positions(items, field, true, want)
				ok = true
				break
			}
		}
		if !ok {
			return nil, false
		}
	}
	slices.Sort(pos)
	pos = slices.Compact(pos)
	cands = make([]map[string]any, len(pos))
	for i, p := range pos {
		cands[i] = items[p]
	}
	return cands, true
}

// public is an item without its sub-documents.
func (s *genericService) public(coll string, item map[string]any) map[string]any {
	subs := s.colls[coll]
	if len(subs) == 0 {
		return item
	}
	out := make(map[string]any, len(item))
	for k, v := range item {
		if !subs[k] {
			out[k] = v
		}
	}
	return out
}

func (s *genericService) answerList(c *Call, o *gop, in *input, items []map[string]any) error {
	var names []string
	if o.in != "" {
		names = in.list(o.in)
	}
	if len(names) > 0 || len(o.where) > 0 {
		var kept []map[string]any
		if cands, ok := c.Server.index.candidates(items, o.inField, names, o.where, in); ok {
			items = cands
		}
		for _, it := range items {
			if len(names) > 0 && !matchesAny(it, o.inField, names) {
				continue
			}
			ok := true
			for param, field := range o.where {
				if want := in.str(param); want != "" && fmt.Sprint(it[field]) != want {
					ok = false
				}
			}
			if ok {
				kept = append(kept, it)
			}
		}
		if len(names) > 0 && len(kept) == 0 && o.missing != nil {
			return o.missing
		}
		items = kept
	}
	size := 0
	if v := in.str(o.sizeIn); v != "" {
		size, _ = strconv.Atoi(v)
	}
	start, end, next := Page(len(items), in.str(o.tokenIn), size, o.defaultSize)
	page := make([]any, 0, end-start)
	for _, it := range items[start:end] {
		switch {
		case o.value != "":
			page = append(page, it[o.value])
		case len(o.project) == 0:
			page = append(page, s.public(o.coll, it))
		default:
			m := make(map[string]any, len(o.project))
			for _, k := range o.project {
				if v, ok := it[k]; ok {
					m[k] = v
				}
			}
			page = append(page, m)
		}
	}
	if c.proto == protoRESTXML {
		return c.writeGeneric(restXMLList(o, in, page, next))
	}
	out := map[string]any{o.out: page}
	if next != "" {
		out[o.tokenOut] = next
	}
	if o.truncated != "" {
		out[o.truncated] = next != ""
	}
	return c.writeGeneric(out)
}

func matchesAny(it map[string]any, fields, names []string) bool {
	for _, f := range fields {
		if s, ok := it[f].(string); ok {
			for _, n := range names {
				if s == n {
					return true
				}
			}
		}
	}
	return false
}

// writeGeneric writes world data in the service's protocol.
func (c *Call) writeGeneric(v any) error {
	switch c.proto {
	case protoEC2:
		// EC2's wire names are the world's (vpcEndpointSet, policyDocument),
		// every list element an <item>, members straight under the root.
		var b strings.Builder
		if m, ok := v.(map[string]any); ok {
			encodeQueryMembers(&b, m, c.xmlMaps, ec2ItemNames)
		}
		body := fmt.Sprintf(`<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>%s</requestId>%s</%sResponse>`, c.Op, requestID(), b.String(), c.Op)
		c.written = true
		writeRaw(c.w, 200, "text/xml", []byte(body))
		return nil
	case protoQuery:
		var b strings.Builder
		if m, ok := v.(map[string]any); ok {
			encodeQueryMembers(&b, m, c.xmlMaps, c.xmlNames)
		}
		body := fmt.Sprintf(`<%sResponse><%sResult>%s</%sResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></%sResponse>`,
			c.Op, c.Op, b.String(), c.Op, requestID(), c.Op)
		c.written = true
		writeRaw(c.w, 200, "text/xml", []byte(body))
		return nil
	}
	if c.proto == protoRESTXML {
		c.writeRESTXML(v)
		return nil
	}
	if c.proto == protoRPCCBOR {
		c.written = true
		c.w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		writeRaw(c.w, 200, "application/cbor", cborEncode(v))
		return nil
	}
	return c.JSONResult(v)
}

// encodeQueryMembers writes a structure's members as query-protocol XML:
// <Name>value</Name>, a list as <Name><member>...</member></Name>, a map of
// strings written as a list of {key, value} as <entry> elements.
func encodeQueryMembers(b *strings.Builder, m map[string]any, maps map[string]bool, names map[string]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if mm, ok := m[k].(map[string]any); ok && maps[k] {
			b.WriteString("<" + k + ">")
			for _, e := range sortedKeys(mm) {
				b.WriteString("<entry><key>" + esc(e) + "</key>")
				encodeQueryValue(b, "value", mm[e], nil, names)
				b.WriteString("</entry>")
			}
			b.WriteString("</" + k + ">")
			continue
		}
		encodeQueryValue(b, k, m[k], maps, names)
	}
}

// ec2ItemNames makes every EC2 list element an <item>.
var ec2ItemNames = map[string]string{"*": "item"}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func encodeQueryValue(b *strings.Builder, name string, v any, maps map[string]bool, names map[string]string) {
	if v == nil {
		return
	}
	b.WriteString("<" + name + ">")
	elem := "member"
	if n, ok := names[name]; ok {
		elem = n
	} else if n, ok := names["*"]; ok {
		elem = n
	}
	switch x := v.(type) {
	case map[string]any:
		encodeQueryMembers(b, x, maps, names)
	case []any:
		for _, e := range x {
			encodeQueryValue(b, elem, e, maps, names)
		}
	case []map[string]any:
		for _, e := range x {
			encodeQueryValue(b, elem, e, maps, names)
		}
	case string:
		b.WriteString(esc(x))
	default:
		b.WriteString(esc(fmt.Sprint(x)))
	}
	b.WriteString("</" + name + ">")
}

// validate checks that every service and collection is declared, so that a
// typo in a world file is an error rather than an empty service.
func (d Data) validate(global bool) error {
	all := genericServices()
	for name, colls := range d {
		s := all[name]
		if s == nil || s.global != global {
			where := "regional"
			if global {
				where = "global"
			}
			return fmt.Errorf("unknown %s service %q", where, name)
		}
		for coll, items := range colls {
			if _, ok := s.colls[coll]; !ok {
				return fmt.Errorf("%s: unknown collection %q", name, coll)
			}
			for i, it := range items {
				if it == nil {
					return fmt.Errorf("%s.%s[%d]: empty item", name, coll, i)
				}
			}
		}
	}
	return nil
}

// merge adds o's services to d; a later file wins for the same service.
func (d Data) merge(o Data) Data {
	if len(o) == 0 {
		return d
	}
	if d == nil {
		d = Data{}
	}
	for k, v := range o {
		d[k] = v
	}
	return d
}

var (
	genericOnce sync.Once
	genericAll  map[string]*genericService
	genericSvc  map[string]*service
)

func loadGeneric() {
	genericOnce.Do(func() {
		genericAll = map[string]*genericService{}
		genericSvc = map[string]*service{}
		bySigning := map[string][]*genericService{}
		for _, s := range declarations() {
			if genericAll[s.dataKey()] != nil {
				panic("awsemu: service " + s.dataKey() + " declared twice")
			}
			genericAll[s.dataKey()] = s
			bySigning[s.name] = append(bySigning[s.name], s)
		}
		for name, ss := range bySigning {
			genericSvc[name] = &service{name: name, protocol: ss[0].protocol, route: versionRoute(ss)}
		}
	})
}

// versionRoute routes to the declaration answering the request's API
// version (query protocol), or to the only one.
func versionRoute(ss []*genericService) func(c *Call) Handler {
	if len(ss) == 1 {
		return ss[0].route
	}
	return func(c *Call) Handler {
		v := ""
		if c.Form != nil {
			v = c.Form.Get("Version")
		}
		var fallback *genericService
		for _, s := range ss {
			switch s.version {
			case v:
				return s.route(c)
			case "":
				fallback = s
			}
		}
		if fallback != nil {
			return fallback.route(c)
		}
		return nil
	}
}

// genericServices returns the services declared in the generic shape, by
// their key in a world's data (the signing name unless declared otherwise).
func genericServices() map[string]*genericService { loadGeneric(); return genericAll }

// genericPart answers the operations of a hand-written service that are
// declared in the generic shape (EC2's VPC endpoints and peerings).
func genericPart(key string, c *Call) Handler {
	if s := genericServices()[key]; s != nil {
		return s.route(c)
	}
	return nil
}

// genericRoutes returns them as emulated services.
func genericRoutes() map[string]*service { loadGeneric(); return genericSvc }

// genericGlobal reports whether name is a global generic service.
func genericGlobal(name string) bool {
	for _, s := range genericServices() {
		if s.name == name && s.global {
			return true
		}
	}
	return false
}

// endpointPrefix is the host prefix of a service's regional endpoint (the
// signing name, except where AWS differs).
func endpointPrefix(svc string) string {
	switch svc {
	case "cloudwatch":
		return "monitoring"
	case "elbv2":
		return "elasticloadbalancing"
	case "efs":
		return "elasticfilesystem"
	}
	return svc
}
