package analyze

import (
	"net/netip"
	"sort"
)

// addrRange is an inclusive range of addresses of one family.
type addrRange struct{ lo, hi netip.Addr }

// addrSet is a sorted list of disjoint, non-adjacent ranges of one family:
// the sources a route, a network ACL or a security group lets through.
type addrSet []addrRange

// prefixSet is the set of addresses a CIDR covers; nil when cidr is not one
// of family v6 (or not a CIDR at all).
func prefixSet(cidr string, v6 bool) addrSet {
	p, err := netip.ParsePrefix(cidr)
	if err != nil || p.Addr().Is6() != v6 || p.Addr().Is4In6() {
		return nil
	}
	p = p.Masked()
	lo := p.Addr()
	b := lo.AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	hi, _ := netip.AddrFromSlice(b)
	return addrSet{{lo, hi}}
}

func (a addrSet) union(b addrSet) addrSet {
	all := append(append(addrSet(nil), a...), b...)
	sort.Slice(all, func(i, j int) bool { return all[i].lo.Less(all[j].lo) })
	var out addrSet
	for _, r := range all {
		if n := len(out); n > 0 {
			last := &out[n-1]
			next := last.hi.Next()
			if !next.IsValid() || r.lo.Compare(next) <= 0 {
				if r.hi.Compare(last.hi) > 0 {
					last.hi = r.hi
				}
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

func (a addrSet) intersect(b addrSet) addrSet {
	var out addrSet
	for _, x := range a {
		for _, y := range b {
			lo, hi := x.lo, x.hi
			if y.lo.Compare(lo) > 0 {
				lo = y.lo
			}
			if y.hi.Compare(hi) < 0 {
				hi = y.hi
			}
			if lo.Compare(hi) <= 0 {
				out = append(out, addrRange{lo, hi})
			}
		}
	}
	return out.union(nil)
}

// minus is a without b.
func (a addrSet) minus(b addrSet) addrSet {
	out := append(addrSet(nil), a...)
	for _, y := range b {
		var next addrSet
		for _, x := range out {
			if y.hi.Less(x.lo) || x.hi.Less(y.lo) {
				next = append(next, x)
				continue
			}
			if x.lo.Less(y.lo) {
				next = append(next, addrRange{x.lo, y.lo.Prev()})
			}
			if y.hi.Less(x.hi) {
				next = append(next, addrRange{y.hi.Next(), x.hi})
			}
		}
		out = next
	}
	return out
}

// covers reports whether every address of b is in a.
func (a addrSet) covers(b addrSet) bool { return len(b.minus(a)) == 0 }

// internetSpace is every address a host on the internet can have: for IPv4
// all of it but the private, shared, loopback, link-local, multicast and
// reserved ranges; for IPv6 global unicast (2000::/3).
func internetSpace(v6 bool) addrSet {
	if v6 {
		return prefixSet("2000::/3", true)
	}
	out := prefixSet("0.0.0.0/0", false)
	for _, c := range []string{"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
		"172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4"} {
		out = out.minus(prefixSet(c, false))
	}
	return out
}
