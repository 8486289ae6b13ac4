package analyze

// sgWorldIngress sets aside, for each security group, the inbound rules that
// may be open to the whole internet, so that the checks on world-open ports
// look at a list that is nearly always empty instead of judging every rule
// of every group one by one (those checks were a third of all evaluation at
// 100 000 resources).
//
// Facts on aws_security_group:
//   - world_ingress (list of rule): the entries of ingress, unchanged and in
//     order, except those known not to be open to the world — a rule whose
//     cidr_blocks and ipv6_cidr_blocks are both lists of strings without
//     "0.0.0.0/0" and "::/0". A rule that cannot be judged (a key missing, a
//     value of another type) stays in, so that a check reading this list
//     gives exactly what it gave reading ingress: the same result, the same
//     error. Not set when ingress is absent or not a list, so that such a
//     check is ERROR, as it was.
var sgWorldIngress = Analyzer{
	Name:  "sg-world-ingress",
	Facts: map[string][]string{"aws_security_group": {"world_ingress"}},
	Reads: map[string][]string{"aws_security_group": {"ingress"}},
	Run:   runSGWorldIngress,
}

func runSGWorldIngress(ix *Index) {
	for _, sg := range ix.Type("aws_security_group") {
		rules, ok := sg.Attributes["ingress"].([]any)
		if !ok {
			continue
		}
		world := []any{}
		for _, r := range rules {
			if !knownNotWorld(r) {
				world = append(world, r)
			}
		}
		SetFact(sg, "world_ingress", world)
	}
}

// knownNotWorld reports whether a security-group rule is certainly not open
// to the whole internet: both of its source lists are lists of strings,
// without 0.0.0.0/0 and ::/0.
func knownNotWorld(rule any) bool {
	m, ok := rule.(map[string]any)
	if !ok {
		return false
	}
	return listWithout(m["cidr_blocks"], "0.0.0.0/0") && listWithout(m["ipv6_cidr_blocks"], "::/0")
}

// listWithout reports whether v is a list of strings that does not hold s.
func listWithout(v any, s string) bool {
	switch l := v.(type) {
	case []any:
		for _, e := range l {
			if e, ok := e.(string); !ok || e == s {
				return false
			}
		}
		return true
	case []string:
		for _, e := range l {
			if e == s {
				return false
			}
		}
		return true
	}
	return false
}
