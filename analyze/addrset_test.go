package analyze

import "testing"

func TestAddrSet(t *testing.T) {
	v4 := func(cidrs ...string) addrSet {
		var s addrSet
		for _, c := range cidrs {
			s = s.union(prefixSet(c, false))
		}
		return s
	}
	internet := internetSpace(false)
	for _, c := range []struct {
		name string
		got  bool
		want bool
	}{
		{"two halves are everything", v4("0.0.0.0/1", "128.0.0.0/1").covers(v4("0.0.0.0/0")), true},
		{"one half is not", v4("0.0.0.0/1").covers(internet), false},
		{"private ranges are not the internet", internet.intersect(v4("10.0.0.0/8", "192.168.0.0/16")) == nil, true},
		{"an office range is not the internet", v4("203.0.113.0/24").covers(internet), false},
		{"everything minus a /24 leaves a hole", v4("0.0.0.0/0").minus(v4("198.51.100.0/24")).covers(v4("198.51.100.7/32")), false},
		{"the hole is the only thing missing", v4("0.0.0.0/0").minus(v4("198.51.100.0/24")).union(v4("198.51.100.0/24")).covers(v4("0.0.0.0/0")), true},
		{"IPv6 global unicast", prefixSet("::/0", true).covers(internetSpace(true)), true},
		{"an IPv6 range is not IPv4", prefixSet("::/0", false) == nil && prefixSet("0.0.0.0/0", true) == nil, true},
		{"not a CIDR", prefixSet("pl-12345", false) == nil, true},
		{"host bits are masked", v4("10.1.2.3/8").covers(v4("10.255.255.255/32")), true},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %v", c.name, c.got)
		}
	}
}

// FuzzAddrSet: CIDRs come from route tables, ACLs and security groups as
// the account's administrators wrote them. Whatever the strings, no panic,
// and the set algebra holds: a∪b covers both, (a−b)∩b is empty, a∩b is
// covered by both.
func FuzzAddrSet(f *testing.F) {
	for _, s := range [][2]string{
		{"0.0.0.0/0", "10.0.0.0/8"}, {"0.0.0.0/1", "128.0.0.0/1"}, {"203.0.113.7/32", "203.0.113.0/24"},
		{"::/0", "2001:db8::/32"}, {"255.255.255.255/32", "0.0.0.0/32"}, {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "::/128"},
		{"not a cidr", "10.0.0.0/33"}, {"::ffff:10.0.0.0/104", "1.2.3.4/0"},
	} {
		f.Add(s[0], s[1], s[1], false)
		f.Add(s[0], s[1], s[0], true)
	}
	f.Fuzz(func(t *testing.T, a1, a2, b1 string, v6 bool) {
		a := prefixSet(a1, v6).union(prefixSet(a2, v6))
		b := prefixSet(b1, v6)
		u := a.union(b)
		if !u.covers(a) || !u.covers(b) {
			t.Fatalf("%v ∪ %v = %v does not cover both", a, b, u)
		}
		if d := a.minus(b); len(d.intersect(b)) != 0 {
			t.Fatalf("(%v − %v) ∩ %v = %v", a, b, b, d.intersect(b))
		}
		if i := a.intersect(b); !a.covers(i) || !b.covers(i) {
			t.Fatalf("%v ∩ %v = %v not in both", a, b, i)
		}
		for _, r := range u {
			if r.hi.Less(r.lo) || r.lo.Is4() == v6 && r.lo.IsValid() {
				t.Fatalf("bad range %v in %v", r, u)
			}
		}
		_ = internetSpace(v6).covers(a)
	})
}
