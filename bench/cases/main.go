// Command cases builds a database for the case workflow's benchmark: N
// assets of one customer each with 100 matches over 10 vulnerabilities
// (10 vulnerable packages each), so that 1,000 assets make 100,000 matches
// and 10,000 open cases; then it runs the first case sync. Measure the
// commands on the result:
//
//	go run ./bench/cases -db /tmp/cases.db -assets 1000
//	go build -o /tmp/mamori ./cmd/mamori
//	/usr/bin/time -v /tmp/mamori --db /tmp/cases.db cases -o /tmp/cases.txt
//	/usr/bin/time -v /tmp/mamori --db /tmp/cases.db report cases --format html -o /tmp/cases.html
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/cases"
	"github.com/mamori-sec/mamori/sqlite"
)

func main() {
	path := flag.String("db", "/tmp/mamori-cases-bench.db", "the database to create (removed first)")
	assets := flag.Int("assets", 1000, "assets (each: 10 open cases, 100 matches)")
	flag.Parse()
	os.Remove(*path)
	os.Remove(*path + "-wal")
	os.Remove(*path + "-shm")
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db, err := sqlite.Open(*path, clock)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	const groups = 200
	var advs []mamori.Advisory
	var kev []mamori.KEVEntry
	var epss []mamori.EPSSScore
	for g := range groups {
		cve := fmt.Sprintf("CVE-2026-%05d", g)
		a := mamori.Advisory{ID: fmt.Sprintf("GHSA-bench-%04d", g), Aliases: []string{cve}, Source: "osv", Summary: fmt.Sprintf("flaw %d in pkg%d", g, g),
			Modified: now, Severity: []mamori.SeverityScore{{Type: "CVSS_V3", Score: []string{
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:N", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"}[g%3]}}}
		for p := range 10 {
			a.Affected = append(a.Affected, mamori.Affected{Ecosystem: "npm", Name: fmt.Sprintf("pkg%d-%d", g, p),
				Ranges: []mamori.VersionRange{{Type: "SEMVER", Events: []mamori.RangeEvent{{Introduced: "0"}, {Fixed: "9.0.0"}}}}})
		}
		advs = append(advs, a)
		if g%10 == 0 {
			kev = append(kev, mamori.KEVEntry{CVE: cve, Name: "bench", DateAdded: now})
		}
		epss = append(epss, mamori.EPSSScore{CVE: cve, Score: float64(g%100) / 100, Percentile: 0.5, Date: now})
	}
	if _, err := db.PutAdvisories(ctx, advs); err != nil {
		log.Fatal(err)
	}
	if _, err := db.PutKEV(ctx, kev); err != nil {
		log.Fatal(err)
	}
	if _, err := db.PutEPSS(ctx, epss); err != nil {
		log.Fatal(err)
	}
	imps := []mamori.Importance{mamori.ImportanceLow, mamori.ImportanceMedium, mamori.ImportanceHigh, mamori.ImportanceCritical}
	for i := range *assets {
		tenant := fmt.Sprintf("customer-%02d", i%20)
		a := &mamori.Asset{Tenant: tenant, Name: fmt.Sprintf("asset-%04d", i), Owner: "owner" + fmt.Sprint(i%7), Importance: imps[i%4], Source: "bench"}
		var cs []mamori.Component
		var ms []mamori.Match
		for k := range 10 {
			g := (i*7 + k*13) % groups
			for p := range 10 {
				c := mamori.Component{Tenant: tenant, Asset: a.Name, Ecosystem: "npm", Name: fmt.Sprintf("pkg%d-%d", g, p), Version: "1.0.0",
					PURL: fmt.Sprintf("pkg:npm/pkg%d-%d@1.0.0", g, p), Location: "package-lock.json"}
				cs = append(cs, c)
				ms = append(ms, mamori.Match{Tenant: tenant, Asset: a.Name, Group: advs[g].Aliases[0], AdvisoryID: advs[g].ID, Aliases: []string{advs[g].ID},
					Summary: advs[g].Summary, Component: c, Confidence: mamori.ConfidenceExact, Severity: advs[g].Severity,
					Why: mamori.MatchReason{Ecosystem: "npm", Package: c.Name, RangeType: "SEMVER", Range: ">=0, <9.0.0", Introduced: "0", Fixed: "9.0.0", Version: "1.0.0"}})
			}
		}
		if err := db.PutAsset(ctx, a, cs); err != nil {
			log.Fatal(err)
		}
		if err := db.PutMatches(ctx, tenant, a.Name, ms); err != nil {
			log.Fatal(err)
		}
	}
	start := time.Now()
	s := &cases.Syncer{Store: db, Now: clock}
	res, err := s.Sync(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("first sync: %d assets, %d cases opened in %s\n", res.Assets, res.Opened, time.Since(start).Round(time.Millisecond))
}
