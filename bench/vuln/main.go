// Command vuln measures the vulnerability matching of issue #10
// (BENCHMARKS.md, "Vulnerability matching"): it imports the OSV data of Go
// and PyPI from a directory (as /work/shared/data/osv holds them: go/*.json,
// pypi/*/*.yaml) into a new database, writes a CycloneDX SBOM of -n
// components (70 % packages named by those advisories at a version taken
// from their range events, 30 % packages no advisory names; seeded, so the
// same input every run), and matches the SBOM against the advisories, as
// `mamori vuln import` and `mamori vuln scan` do. It prints the time of each
// step and the pairs found. With -out DIR the SBOM, the database, and the
// same data as OSV exports for osv-scanner (DIR/osv-scalibr/{Go,PyPI}/all.zip,
// the PyPI YAML turned into JSON) are kept there, and -pairs FILE writes the
// exact package × advisory pairs, one "ecosystem name version id" a line, to
// compare with osv-scanner's. It replaces bench/vuln/make-input.py.
//
//	go run ./bench/vuln -data /work/shared/data/osv -n 10000
//	go run ./bench/vuln -out /tmp/vb -pairs /tmp/vb/mamori.pairs
//	osv-scanner scan source --offline --offline-vulnerabilities --local-db-path /tmp/vb -L /tmp/vb/bom.cdx.json --format json
package main

import (
	"archive/zip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/sqlite"
	"github.com/mamori-sec/mamori/vuln"
)

func main() {
	data := flag.String("data", "/work/shared/data/osv", "OSV data: go/*.json and pypi/*/*.yaml")
	n := flag.Int("n", 10000, "components in the SBOM")
	out := flag.String("out", "", "keep the SBOM, the database and osv-scanner's exports in this directory")
	pairs := flag.String("pairs", "", "write the exact pairs to this file")
	flag.Parse()
	if err := run(*data, *n, *out, *pairs); err != nil {
		fmt.Fprintln(os.Stderr, "bench/vuln:", err)
		os.Exit(1)
	}
}

func run(data string, n int, out, pairsFile string) error {
	ctx := context.Background()
	dir := out
	if dir == "" {
		d, err := os.MkdirTemp("", "mamori-bench-vuln-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	} else {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := writeExports(data, filepath.Join(dir, "osv-scalibr")); err != nil {
			return err
		}
	}
	db, err := sqlite.Open(filepath.Join(dir, "mamori.db"), time.Now)
	if err != nil {
		return err
	}
	defer db.Close()

	// Import, timed.
	sources := []string{filepath.Join(data, "go"), filepath.Join(data, "pypi")}
	var res vuln.Result
	im := &vuln.Importer{Store: db}
	d, cpu, err := measure(func() error { return im.Import(ctx, sources, &res) })
	if err != nil {
		return err
	}
	fmt.Printf("import: %d files, advisories %+v, %d errors: %.2f s wall, %.2f s CPU\n", res.Files, res.Advisories, len(res.Errors), d.Seconds(), cpu.Seconds())

	// The SBOM: versions from the range events of the advisories read back.
	events, err := rangeEvents(sources)
	if err != nil {
		return err
	}
	bom := filepath.Join(dir, "bom.cdx.json")
	if err := writeSBOM(bom, events, n); err != nil {
		return err
	}

	// Inventory and matching, timed.
	var ms []mamori.Match
	var comps int
	d, cpu, err = measure(func() error {
		cs, _, err := vuln.Inventory(ctx, bom)
		if err != nil {
			return err
		}
		comps = len(cs)
		m := &vuln.Matcher{Store: db}
		ms, _, err = m.Match(ctx, cs)
		return err
	})
	if err != nil {
		return err
	}
	exact := 0
	var lines []string
	for _, m := range ms {
		if m.Confidence == mamori.ConfidenceExact {
			exact++
			lines = append(lines, fmt.Sprintf("%s %s %s %s\n", m.Component.Ecosystem, m.Component.Name, m.Component.Version, m.AdvisoryID))
		}
	}
	if pairsFile != "" {
		slices.Sort(lines)
		lines = slices.Compact(lines)
		if err := os.WriteFile(pairsFile, []byte(strings.Join(lines, "")), 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("scan: %d components, %d matches (%d exact): %.2f s wall, %.2f s CPU\n", comps, len(ms), exact, d.Seconds(), cpu.Seconds())
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		fmt.Printf("peak RSS: %d MB\n", ru.Maxrss/1024)
	}
	return nil
}

// measure runs f and returns its wall and CPU (user+sys) time.
func measure(f func() error) (time.Duration, time.Duration, error) {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	c0, t0 := cpu(), time.Now()
	err := f()
	return time.Since(t0), cpu() - c0, err
}

type pkg struct{ eco, name string }

// rangeEvents collects, per package, the versions its advisories' SEMVER and
// ECOSYSTEM range events name (not "0").
func rangeEvents(dirs []string) (map[pkg][]string, error) {
	out := map[pkg][]string{}
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, de os.DirEntry, err error) error {
			if err != nil || de.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			var a mamori.Advisory
			switch filepath.Ext(p) {
			case ".json":
				a, err = vuln.ParseOSV(b)
			case ".yaml":
				a, err = vuln.ParseOSVYAML(b)
			default:
				return nil
			}
			if err != nil {
				return nil // counted by the import
			}
			for _, af := range a.Affected {
				if af.Name == "stdlib" {
					continue
				}
				k := pkg{mamori.BaseEcosystem(af.Ecosystem), af.Name}
				for _, r := range af.Ranges {
					if r.Type == "GIT" {
						continue
					}
					for _, e := range r.Events {
						if v := e.Version(); v != "0" && v != "" && !slices.Contains(out[k], v) {
							out[k] = append(out[k], v)
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// writeSBOM writes n components: 70 % from events, 30 % fillers.
func writeSBOM(path string, events map[pkg][]string, n int) error {
	keys := make([]pkg, 0, len(events))
	for k, vs := range events {
		if len(vs) > 0 {
			keys = append(keys, k)
			sort.Strings(vs)
		}
	}
	slices.SortFunc(keys, func(a, b pkg) int {
		if a.eco != b.eco {
			return compare(a.eco, b.eco)
		}
		return compare(a.name, b.name)
	})
	rnd := rand.New(rand.NewPCG(7, 7))
	type comp struct {
		Type    string `json:"type"`
		Name    string `json:"name"`
		Version string `json:"version"`
		PURL    string `json:"purl"`
		Ref     string `json:"bom-ref"`
	}
	var comps []comp
	seen := map[string]bool{}
	for len(comps) < n {
		var eco, name, v string
		if rnd.Float64() < 0.7 && len(keys) > 0 {
			k := keys[rnd.IntN(len(keys))]
			eco, name, v = k.eco, k.name, events[k][rnd.IntN(len(events[k]))]
		} else if rnd.IntN(2) == 0 {
			eco, name, v = "Go", fmt.Sprintf("example.com/filler/m%d", rnd.IntN(100000)), fmt.Sprintf("1.%d.%d", rnd.IntN(30), rnd.IntN(30))
		} else {
			eco, name, v = "PyPI", fmt.Sprintf("filler-pkg-%d", rnd.IntN(100000)), fmt.Sprintf("1.%d.%d", rnd.IntN(30), rnd.IntN(30))
		}
		if seen[eco+name+v] {
			continue
		}
		seen[eco+name+v] = true
		ref := fmt.Sprintf("c%d", len(comps))
		if eco == "Go" {
			v = "v" + v
			comps = append(comps, comp{"library", name, v, "pkg:golang/" + name + "@" + v, ref})
		} else {
			comps = append(comps, comp{"library", name, v, "pkg:pypi/" + mamori.NormalizeName("PyPI", name) + "@" + v, ref})
		}
	}
	b, err := json.Marshal(map[string]any{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": comps})
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// writeExports zips the data as OSV exports, the layout osv-scanner's
// --local-db-path DIR reads: DIR/osv-scalibr/Go/all.zip (the JSON files as they are) and
// DIR/PyPI/all.zip (the YAML records turned into JSON).
func writeExports(data, dir string) error {
	for _, e := range []struct{ eco, glob string }{{"Go", "go/*.json"}, {"PyPI", "pypi/*/*.yaml"}} {
		files, err := filepath.Glob(filepath.Join(data, e.glob))
		if err != nil {
			return err
		}
		slices.Sort(files)
		if err := os.MkdirAll(filepath.Join(dir, e.eco), 0o755); err != nil {
			return err
		}
		f, err := os.Create(filepath.Join(dir, e.eco, "all.zip"))
		if err != nil {
			return err
		}
		zw := zip.NewWriter(f)
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if filepath.Ext(p) == ".yaml" {
				var v any
				if err := yaml.Unmarshal(b, &v); err != nil {
					return fmt.Errorf("%s: %v", p, err)
				}
				if b, err = json.Marshal(v); err != nil {
					return fmt.Errorf("%s: %v", p, err)
				}
			}
			w, err := zw.Create(strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)) + ".json")
			if err != nil {
				return err
			}
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		if err := zw.Close(); err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}
