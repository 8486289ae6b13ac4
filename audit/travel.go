package audit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/oschwald/maxminddb-golang/v2"

	"github.com/mamori-sec/mamori"
)

// GeoIP locates addresses with a MaxMind-format City database (GeoLite2
// City, GeoIP2 City, DB-IP City Lite), read with
// github.com/oschwald/maxminddb-golang.
type GeoIP struct {
	r    *maxminddb.Reader
	path string
}

// Place is where an address is, as precisely as the database says.
type Place struct {
	Lat, Lon float64
	// RadiusKm is the database's accuracy radius.
	RadiusKm float64
	City     string
	Country  string
}

func (p Place) String() string {
	switch {
	case p.City != "" && p.Country != "":
		return p.City + " (" + p.Country + ")"
	case p.Country != "":
		return p.Country
	}
	return fmt.Sprintf("%.2f,%.2f", p.Lat, p.Lon)
}

// OpenGeoIP opens a City database; a file that is not one is an error
// naming it.
func OpenGeoIP(path string) (*GeoIP, error) {
	r, err := maxminddb.Open(path)
	if err != nil {
		return nil, fmt.Errorf("geo-IP database %s: %s", path, oneLine(err.Error()))
	}
	if t := r.Metadata.DatabaseType; !strings.Contains(t, "City") {
		r.Close()
		return nil, fmt.Errorf("geo-IP database %s: a %q database has no locations (want a City database such as GeoLite2-City)", path, t)
	}
	return &GeoIP{r: r, path: path}, nil
}

// OpenGeoIPBytes reads a City database held in memory; name is used in
// messages.
func OpenGeoIPBytes(name string, b []byte) (*GeoIP, error) {
	r, err := maxminddb.OpenBytes(b)
	if err != nil {
		return nil, fmt.Errorf("geo-IP database %s: %s", name, oneLine(err.Error()))
	}
	return &GeoIP{r: r, path: name}, nil
}

// Close releases the database.
func (g *GeoIP) Close() error { return g.r.Close() }

type geoRecord struct {
	City struct {
		Names map[string]string `maxminddb:"names"`
	} `maxminddb:"city"`
	Country struct {
		ISOCode string `maxminddb:"iso_code"`
	} `maxminddb:"country"`
	Location struct {
		Latitude       *float64 `maxminddb:"latitude"`
		Longitude      *float64 `maxminddb:"longitude"`
		AccuracyRadius uint16   `maxminddb:"accuracy_radius"`
	} `maxminddb:"location"`
}

// Locate returns where ip is; ok is false when the database does not know.
// An error means the database could not be read at that record.
func (g *GeoIP) Locate(ip netip.Addr) (p Place, ok bool, err error) {
	var rec geoRecord
	res := g.r.Lookup(ip)
	if !res.Found() {
		return p, false, res.Err()
	}
	if err := res.Decode(&rec); err != nil {
		return p, false, fmt.Errorf("geo-IP database %s: record of %s: %s", g.path, ip, oneLine(err.Error()))
	}
	if rec.Location.Latitude == nil || rec.Location.Longitude == nil {
		return p, false, nil
	}
	return Place{Lat: *rec.Location.Latitude, Lon: *rec.Location.Longitude, RadiusKm: float64(rec.Location.AccuracyRadius),
		City: rec.City.Names["en"], Country: rec.Country.ISOCode}, true, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// haversineKm is the great-circle distance between two points.
func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0088 // mean Earth radius, km
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// ImpossibleTravel raises an alert when a principal acts from two places
// farther apart than anyone can travel in the time between: the speed
// between consecutive calls from different addresses exceeds MaxSpeedKmh.
// Noise is kept out: the same address twice is no travel, two places closer
// than MinDistanceKm or within the database's accuracy radii of each other
// are the same place, private addresses and AWS service names are not
// located. Each principal's addresses (first and last seen) are kept as a
// baseline, so travel is judged across runs.
type ImpossibleTravel struct {
	Geo           *GeoIP
	Store         mamori.AlertStore
	MaxSpeedKmh   float64
	MinDistanceKm float64
	// Tier of its alerts; zero: TravelTier.
	Tier TierSetting

	last     map[string]*sighting
	changed  map[string]map[string]mamori.Seen
	problems []string
	failed   int
}

type sighting struct {
	t     time.Time
	ip    string
	place Place
	// stored: from the baseline of an earlier run, not from this one.
	stored bool
}

// outOfOrder is how much older than a principal's last sighting in this run
// a call may be and still be compared with it: the files of a trail's
// regions, read in delivery order, interleave within minutes.
const outOfOrder = time.Hour

// Defaults of ImpossibleTravel: faster than an airliner, farther than a
// metropolitan area.
const (
	DefaultMaxSpeedKmh   = 1000
	DefaultMinDistanceKm = 200
)

// TravelRuleID is the rule ID of its alerts.
const TravelRuleID = "impossible-travel"

// TravelTier is the default tier of impossible travel.
var TravelTier = TierSetting{mamori.TierAlert, WhyDetector}

// Name implements Detector.
func (d *ImpossibleTravel) Name() string { return TravelRuleID }

// Problems returns the geo-IP errors met (at most ten, and how many more).
func (d *ImpossibleTravel) Problems() []string {
	out := append([]string(nil), d.problems...)
	if d.failed > len(d.problems) {
		out = append(out, fmt.Sprintf("... and %d more geo-IP lookups failed", d.failed-len(d.problems)))
	}
	return out
}

func (d *ImpossibleTravel) problem(err error) {
	d.failed++
	if len(d.problems) < 10 {
		d.problems = append(d.problems, err.Error())
	}
}

// Observe implements Detector.
func (d *ImpossibleTravel) Observe(ctx context.Context, ev *mamori.Event, emit func(mamori.Alert)) error {
	if ev.Source != "aws.cloudtrail" || ev.Principal == "" || ev.PrincipalType == "AWSService" || ev.Time.IsZero() {
		return nil
	}
	ip, err := netip.ParseAddr(ev.SourceIP)
	if err != nil || !ip.IsGlobalUnicast() || ip.IsPrivate() {
		return nil // "s3.amazonaws.com", "AWS Internal", 10.0.0.1
	}
	place, ok, err := d.Geo.Locate(ip)
	if err != nil {
		d.problem(err)
		return nil
	}
	if !ok {
		return nil
	}
	prev, err := d.previous(ctx, ev.Principal)
	if err != nil {
		return err
	}
	t := ev.Time.UTC()
	d.remember(ev.Principal, ev.SourceIP, t)
	if prev == nil {
		d.last[ev.Principal] = &sighting{t: t, ip: ev.SourceIP, place: place}
		return nil // the first sighting: nothing to compare
	}
	// A call older than the last sighting of this run, by less than
	// outOfOrder (files of several regions delivered in the same minutes), is
	// compared with it all the same, the other way round; the last sighting
	// stays the latest. One older than a stored sighting is a re-read, or
	// older than the baseline: not compared.
	first, then, firstIP, thenIP := prev.place, place, prev.ip, ev.SourceIP
	from, to := prev.t, t
	if t.Before(prev.t) {
		if prev.stored || prev.t.Sub(t) > outOfOrder {
			return nil
		}
		first, then, firstIP, thenIP = place, prev.place, ev.SourceIP, prev.ip
		from, to = t, prev.t
	} else {
		d.last[ev.Principal] = &sighting{t: t, ip: ev.SourceIP, place: place}
	}
	if prev.ip == ev.SourceIP {
		return nil
	}
	dist := haversineKm(first.Lat, first.Lon, then.Lat, then.Lon)
	if dist < d.MinDistanceKm || dist <= first.RadiusKm+then.RadiusKm {
		return nil
	}
	hours := to.Sub(from).Hours()
	speed := math.Inf(1)
	if hours > 0 {
		speed = dist / hours
	}
	if speed <= d.MaxSpeedKmh {
		return nil
	}
	gapEn, gapJa := gap(to.Sub(from))
	speedText := "∞"
	if !math.IsInf(speed, 1) {
		speedText = fmt.Sprintf("%.0f", speed)
	}
	a := NewAlert(TravelRuleID, TravelRuleID, mamori.SeverityHigh,
		mamori.Text{En: "Impossible travel", Ja: "あり得ない移動（短時間での遠隔地からのアクセス）"},
		mamori.Text{
			En: fmt.Sprintf("%s from %s (%s) at %s, then %s (%s) %s later: %.0f km at %s km/h, over the %.0f km/h limit",
				ev.Principal, first, firstIP, from.Format(time.RFC3339), then, thenIP, gapEn, dist, speedText, d.MaxSpeedKmh),
			Ja: fmt.Sprintf("%s が %s に %s（%s）から、その %s 後に %s（%s）からアクセス: %.0f km を時速 %s km で移動したことになり、上限の時速 %.0f km を超えています",
				ev.Principal, from.Format(time.RFC3339), first, firstIP, gapJa, then, thenIP, dist, speedText, d.MaxSpeedKmh),
		}, ev)
	a.SourceIPs = []string{firstIP, thenIP}
	a.Tier = TravelTier.Tier
	if d.Tier.Tier != "" {
		a.Tier = d.Tier.Tier
	}
	emit(a)
	return nil
}

// gap says how long between two sightings, in both languages.
func gap(d time.Duration) (en, ja string) {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds())), fmt.Sprintf("%d 秒", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes())), fmt.Sprintf("%d 分", int(d.Minutes()))
	}
	return fmt.Sprintf("%.1f h", d.Hours()), fmt.Sprintf("%.1f 時間", d.Hours())
}

// previous returns the principal's last located sighting, from this run or
// from the stored baseline of its addresses.
func (d *ImpossibleTravel) previous(ctx context.Context, principal string) (*sighting, error) {
	if d.last == nil {
		d.last = map[string]*sighting{}
	}
	if s, ok := d.last[principal]; ok {
		return s, nil
	}
	d.last[principal] = nil
	if d.Store == nil {
		return nil, nil
	}
	base, err := d.Store.Baseline(ctx, TravelRuleID, principal)
	if err != nil {
		return nil, err
	}
	type addr struct {
		ip   string
		last time.Time
	}
	var addrs []addr
	for ip, s := range base {
		addrs = append(addrs, addr{ip, s.Last})
	}
	sort.Slice(addrs, func(i, j int) bool { return addrs[i].last.After(addrs[j].last) })
	for _, a := range addrs {
		ip, err := netip.ParseAddr(a.ip)
		if err != nil {
			continue
		}
		place, ok, err := d.Geo.Locate(ip)
		if err != nil {
			d.problem(err)
			continue
		}
		if ok {
			s := &sighting{t: a.last, ip: a.ip, place: place, stored: true}
			d.last[principal] = s
			return s, nil
		}
	}
	return nil, nil
}

func (d *ImpossibleTravel) remember(principal, ip string, t time.Time) {
	if d.changed == nil {
		d.changed = map[string]map[string]mamori.Seen{}
	}
	m := d.changed[principal]
	if m == nil {
		m = map[string]mamori.Seen{}
		d.changed[principal] = m
	}
	s, ok := m[ip]
	if !ok || t.Before(s.First) {
		s.First = t
	}
	if t.After(s.Last) {
		s.Last = t
	}
	s.Count++
	m[ip] = s
}

// Close implements Detector: the addresses seen are merged into the store.
func (d *ImpossibleTravel) Close(ctx context.Context) error {
	if d.Store == nil {
		return nil
	}
	ps := make([]string, 0, len(d.changed))
	for p := range d.changed {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	var errs []error
	for _, p := range ps {
		errs = append(errs, d.Store.PutBaseline(ctx, TravelRuleID, p, d.changed[p]))
	}
	d.changed = nil
	return errors.Join(errs...)
}
