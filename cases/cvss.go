package cases

import (
	"fmt"
	"math"
	"strings"

	cvss40 "github.com/pandatix/go-cvss/40"
)

// cvssMetrics reads a CVSS vector ("CVSS:3.1/AV:N/AC:L/..." or v2's
// "AV:N/AC:L/Au:N/...") into its metrics and version ("2", "3.0", "3.1",
// "4.0").
func cvssMetrics(vector string) (string, map[string]string, error) {
	parts := strings.Split(strings.TrimSpace(vector), "/")
	version := "2"
	if v, ok := strings.CutPrefix(parts[0], "CVSS:"); ok {
		version = v
		parts = parts[1:]
	}
	m := map[string]string{}
	for _, p := range parts {
		k, v, ok := strings.Cut(p, ":")
		if !ok || k == "" || v == "" {
			return "", nil, fmt.Errorf("CVSS vector %q: bad metric %q", vector, p)
		}
		m[k] = v
	}
	return version, m, nil
}

// BaseScore computes the base score of a CVSS v4.0, v3.x or v2 vector; ok
// is false for a malformed vector. v4.0 scores come from FIRST's lookup
// tables through github.com/pandatix/go-cvss (a v4 score is not a formula).
func BaseScore(vector string) (score float64, ok bool) {
	version, m, err := cvssMetrics(vector)
	if err != nil {
		return 0, false
	}
	if version == "4.0" {
		v, err := cvss40.ParseVector(strings.TrimSpace(vector))
		if err != nil {
			return 0, false
		}
		return v.Score(), true
	}
	pick := func(k string, vals map[string]float64) (float64, bool) {
		v, ok := vals[m[k]]
		return v, ok
	}
	switch {
	case strings.HasPrefix(version, "3"):
		changed := m["S"] == "C"
		av, ok1 := pick("AV", map[string]float64{"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2})
		ac, ok2 := pick("AC", map[string]float64{"L": 0.77, "H": 0.44})
		prVals := map[string]float64{"N": 0.85, "L": 0.62, "H": 0.27}
		if changed {
			prVals = map[string]float64{"N": 0.85, "L": 0.68, "H": 0.5}
		}
		pr, ok3 := pick("PR", prVals)
		ui, ok4 := pick("UI", map[string]float64{"N": 0.85, "R": 0.62})
		cia := map[string]float64{"H": 0.56, "L": 0.22, "N": 0}
		c, ok5 := pick("C", cia)
		i, ok6 := pick("I", cia)
		a, ok7 := pick("A", cia)
		if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || (m["S"] != "U" && m["S"] != "C") {
			return 0, false
		}
		iss := 1 - (1-c)*(1-i)*(1-a)
		impact := 6.42 * iss
		if changed {
			impact = 7.52*(iss-0.029) - 3.25*math.Pow(iss-0.02, 15)
		}
		expl := 8.22 * av * ac * pr * ui
		if impact <= 0 {
			return 0, true
		}
		if changed {
			return roundUp(math.Min(1.08*(impact+expl), 10)), true
		}
		return roundUp(math.Min(impact+expl, 10)), true
	case version == "2":
		av, ok1 := pick("AV", map[string]float64{"L": 0.395, "A": 0.646, "N": 1.0})
		ac, ok2 := pick("AC", map[string]float64{"H": 0.35, "M": 0.61, "L": 0.71})
		au, ok3 := pick("Au", map[string]float64{"M": 0.45, "S": 0.56, "N": 0.704})
		cia := map[string]float64{"N": 0, "P": 0.275, "C": 0.660}
		c, ok4 := pick("C", cia)
		i, ok5 := pick("I", cia)
		a, ok6 := pick("A", cia)
		if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
			return 0, false
		}
		impact := 10.41 * (1 - (1-c)*(1-i)*(1-a))
		expl := 20 * av * ac * au
		f := 1.176
		if impact == 0 {
			f = 0
		}
		return math.Round(((0.6*impact)+(0.4*expl)-1.5)*f*10) / 10, true
	}
	return 0, false
}

// roundUp is CVSS v3.1's Roundup: the smallest number with one decimal
// not less than x, immune to floating-point noise.
func roundUp(x float64) float64 {
	i := int64(math.Round(x * 100000))
	if i%10000 == 0 {
		return float64(i) / 100000
	}
	return float64(i/10000+1) / 10
}
