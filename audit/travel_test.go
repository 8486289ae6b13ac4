package audit

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/sqlite"
)

const geoDir = "../testdata/geoip"

func openGeo(t *testing.T) *GeoIP {
	t.Helper()
	path := filepath.Join(geoDir, "GeoLite2-City-Test.mmdb")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("test geo-IP database not found at %s (testdata/geoip in the repository)", path)
	}
	g, err := OpenGeoIP(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

func TestHaversine(t *testing.T) {
	// Tokyo Station to Osaka Station: about 403 km.
	if d := haversineKm(35.6812, 139.7671, 34.7025, 135.4959); d < 395 || d > 410 {
		t.Errorf("Tokyo-Osaka = %.1f km", d)
	}
	if d := haversineKm(10, 20, 10, 20); d != 0 {
		t.Errorf("same point = %f", d)
	}
}

func TestLocate(t *testing.T) {
	g := openGeo(t)
	p, ok, err := g.Locate(netip.MustParseAddr("81.2.69.142"))
	if err != nil || !ok || p.City != "London" || p.Country != "GB" {
		t.Errorf("81.2.69.142 = %+v, %v, %v; want London GB", p, ok, err)
	}
	if _, ok, err := g.Locate(netip.MustParseAddr("192.0.2.1")); ok || err != nil {
		t.Errorf("an address the database does not hold: ok %v, err %v", ok, err)
	}
}

func TestImpossibleTravel(t *testing.T) {
	g := openGeo(t)
	db, err := sqlite.Open(":memory:", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	t0 := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	ev := func(id, ip string, at time.Duration) *mamori.Event {
		return &mamori.Event{ID: id, Source: "aws.cloudtrail", Time: t0.Add(at), Principal: "arn:aws:iam::111122223333:user/alice",
			PrincipalType: "IAMUser", SourceIP: ip, Name: "ListBuckets", Fields: mamori.MapRecord{"eventID": id}}
	}
	run := func(evs ...*mamori.Event) []mamori.Alert {
		d := &ImpossibleTravel{Geo: g, Store: db, MaxSpeedKmh: DefaultMaxSpeedKmh, MinDistanceKm: DefaultMinDistanceKm}
		var out []mamori.Alert
		for _, e := range evs {
			if err := d.Observe(ctx, e, func(a mamori.Alert) { out = append(out, a) }); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Close(ctx); err != nil {
			t.Fatal(err)
		}
		return out
	}
	got := run(
		ev("1", "81.2.69.142", 0),                // London
		ev("2", "81.2.69.142", 10*time.Minute),   // same address: no travel
		ev("3", "2.125.160.216", 20*time.Minute), // Boxford, ~80 km: the same area
		ev("4", "10.1.2.3", 30*time.Minute),      // private: not located
		ev("5", "s3.amazonaws.com", 35*time.Minute),
		ev("6", "216.160.83.56", time.Hour), // Milton, US: ~7,700 km in 40 minutes
	)
	if len(got) != 1 || got[0].EventIDs[0] != "6" {
		t.Fatalf("alerts %+v, want one for event 6", got)
	}
	r := got[0].Reason
	// The last place before Milton is Boxford (near London, so no alert then).
	for _, s := range []string{"Boxford (GB)", "Milton (US)", "2.125.160.216", "216.160.83.56", "7662 km"} {
		if !strings.Contains(r.En, s) || !strings.Contains(r.Ja, s) {
			t.Errorf("reason lacks %q:\n%s\n%s", s, r.En, r.Ja)
		}
	}
	if !strings.Contains(r.En, "40 min") || !strings.Contains(r.En, "km/h") || !strings.Contains(r.Ja, "40 分") || !strings.Contains(r.Ja, "時速") {
		t.Errorf("reason lacks the time and speed:\n%s\n%s", r.En, r.Ja)
	}
	// A later run remembers Milton from the baseline: Changchun an hour
	// later is impossible again; London two days later is not.
	got = run(ev("7", "175.16.199.1", 2*time.Hour), ev("8", "81.2.69.142", 50*time.Hour))
	if len(got) != 1 || got[0].EventIDs[0] != "7" || !strings.Contains(got[0].Reason.En, "Changchun") {
		t.Fatalf("second run alerts %+v, want one for event 7 (Milton -> Changchun)", got)
	}
	// Out of order (another region's file read a little later): a call
	// older than the last sighting of the run, by less than an hour, is still
	// compared with it, in time order in the reason; the last sighting stays
	// the latest. Older than a stored sighting (a re-read), or by more than
	// an hour, it is not.
	got = run(ev("9", "216.160.83.56", 49*time.Hour)) // before London at 50 h, which is stored: not compared
	if len(got) != 0 {
		t.Fatalf("a call older than the stored sighting raised %+v", got)
	}
	got = run(ev("10", "81.2.69.142", 60*time.Hour), ev("11", "216.160.83.56", 59*time.Hour+30*time.Minute),
		ev("12", "216.160.83.56", 57*time.Hour), ev("13", "81.2.69.142", 61*time.Hour))
	if len(got) != 1 || got[0].EventIDs[0] != "11" {
		t.Fatalf("out-of-order alerts %+v, want one for event 11 (Milton half an hour before London)", got)
	}
	if r := got[0].Reason.En; !strings.Contains(r, "from Milton (US) (216.160.83.56)") || !strings.Contains(r, "then London") || !strings.Contains(r, "30 min later") {
		t.Errorf("out-of-order reason: %s", r)
	}
}

func TestGeoIPBadFiles(t *testing.T) {
	openGeo(t)
	notDB := filepath.Join(t.TempDir(), "city.mmdb")
	if err := os.WriteFile(notDB, []byte("this is not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenGeoIP(notDB); err == nil || !strings.Contains(err.Error(), notDB) {
		t.Errorf("not a database: %v", err)
	}
	if _, err := OpenGeoIP(filepath.Join(geoDir, "GeoLite2-ASN-Test.mmdb")); err == nil || !strings.Contains(err.Error(), "City") {
		t.Errorf("an ASN database: %v, want an error asking for a City database", err)
	}
	// The deliberately corrupt database: opening or reading it fails with a
	// message naming it, never a panic, and the detector goes on.
	broken := filepath.Join(geoDir, "GeoIP2-City-Test-Broken-Double-Format.mmdb")
	g, err := OpenGeoIP(broken)
	if err != nil {
		if !strings.Contains(err.Error(), broken) {
			t.Errorf("broken database error does not name it: %v", err)
		}
		return
	}
	defer g.Close()
	d := &ImpossibleTravel{Geo: g, MaxSpeedKmh: DefaultMaxSpeedKmh, MinDistanceKm: DefaultMinDistanceKm}
	for i, ip := range []string{"81.2.69.142", "216.160.83.56", "2001:218::1", "175.16.199.1", "89.160.20.113"} {
		e := &mamori.Event{ID: ip, Source: "aws.cloudtrail", Principal: "p", SourceIP: ip, Time: time.Unix(int64(i)*60, 0)}
		if err := d.Observe(context.Background(), e, func(mamori.Alert) {}); err != nil {
			t.Fatal(err)
		}
	}
	if len(d.Problems()) == 0 {
		t.Fatal("the corrupt database read without a problem; the test proves nothing")
	}
	for _, p := range d.Problems() {
		if !strings.Contains(p, broken) && !strings.Contains(p, "more") {
			t.Errorf("problem does not name the database: %s", p)
		}
	}
}
