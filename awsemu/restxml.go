package awsemu

import (
	"fmt"
	"sort"
	"strings"
)

// REST-XML in the generic shape (CloudFront, Route 53). The payload is one
// root element; a list's elements are named per list rather than <member>,
// so a service declares them: xmlItems maps a list member to its element
// name, either as "Parent.Member" (CloudFront's many "Items" lists, named by
// the structure holding them) or as "Member" alone. A list without a name
// falls back to <member>, which the SDK skips: a missing name shows up as an
// empty list in a test, not as a wrong value.

// xmlLists names the element of each list member (see above).
func (s *genericService) xmlLists(names map[string]string) *genericService {
	s.xmlItems = names
	return s
}

// xmlNS sets the namespace written on a REST-XML answer's root element.
func (s *genericService) xmlNamespace(ns string) *genericService {
	s.xmlNS = ns
	return s
}

// xmlRootList makes a REST-XML list answer Route 53's shape: the items
// directly under the member o.out, inside the root element, beside
// IsTruncated and the next token.
func (o *gop) xmlRootList(root string) *gop { o.xmlRoot = root; return o }

// keyPrefix lets a get / sub find an item whose key member carries a prefix
// the SDK strips from its input (Route 53's "/hostedzone/").
func (o *gop) keyPrefix(p string) *gop { o.prefix = p; return o }

// restXMLList is a REST-XML list answer: CloudFront's shape, the items under
// <Items> beside Quantity, IsTruncated and the markers, inside the root o.out.
func restXMLList(o *gop, in *input, page []any, next string) map[string]any {
	if o.xmlRoot != "" {
		body := map[string]any{o.out: page, "IsTruncated": next != ""}
		if next != "" {
			body[o.tokenOut] = next
		}
		return map[string]any{o.xmlRoot: body}
	}
	body := map[string]any{"Items": page, "Quantity": len(page), "IsTruncated": next != ""}
	if m := in.str(o.tokenIn); m != "" {
		body[o.tokenIn] = m
	}
	if next != "" {
		body[o.tokenOut] = next
	}
	return map[string]any{o.out: body}
}

// writeRESTXML writes v, a map with the root element as its one key, as
// REST-XML.
func (c *Call) writeRESTXML(v any) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>`)
	m, _ := v.(map[string]any)
	for _, root := range sortedKeys(m) {
		ns := ""
		if c.xmlNS != "" {
			ns = ` xmlns="` + c.xmlNS + `"`
		}
		b.WriteString("<" + root + ns + ">")
		if inner, ok := m[root].(map[string]any); ok {
			encodeRESTXMLMembers(&b, root, inner, c.xmlItems)
		} else {
			b.WriteString(esc(fmt.Sprint(m[root])))
		}
		b.WriteString("</" + root + ">")
	}
	c.written = true
	writeRaw(c.w, 200, "text/xml", []byte(b.String()))
}

func encodeRESTXMLMembers(b *strings.Builder, parent string, m map[string]any, items map[string]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		encodeRESTXMLValue(b, parent, k, m[k], items)
	}
}

func encodeRESTXMLValue(b *strings.Builder, parent, name string, v any, items map[string]string) {
	if v == nil {
		return
	}
	b.WriteString("<" + name + ">")
	switch x := v.(type) {
	case map[string]any:
		encodeRESTXMLMembers(b, name, x, items)
	case []any:
		elem := items[parent+"."+name]
		if elem == "" {
			elem = items[name]
		}
		if elem == "" {
			elem = "member"
		}
		for _, e := range x {
			encodeRESTXMLValue(b, name, elem, e, items)
		}
	case string:
		b.WriteString(esc(x))
	default:
		b.WriteString(esc(fmt.Sprint(x)))
	}
	b.WriteString("</" + name + ">")
}
