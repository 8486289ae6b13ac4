package notify

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/sqlite"
)

// BenchmarkNotify is one alert notified to a recipient with a Slack and a
// signed webhook channel on localhost: recorded in a SQLite file, rendered,
// signed, posted twice, outcomes recorded.
func BenchmarkNotify(b *testing.B) {
	slack, wh := startHook(b), startHook(b)
	dir := b.TempDir()
	os.WriteFile(filepath.Join(dir, "n.yaml"), []byte(hookConfig("ja")), 0o600)
	os.WriteFile(filepath.Join(dir, "webhook.url"), []byte(wh.srv.URL+"/in"), 0o600)
	cfg, err := Load(filepath.Join(dir, "n.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	cfg.Recipients["soc"].Teams = nil
	db, err := sqlite.Open(filepath.Join(dir, "m.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	nf := New(cfg, db, nil)
	nf.LookupEnv = envMap(map[string]string{"TEST_SLACK_URL": slack.srv.URL + "/s", "TEST_WEBHOOK_KEY": "k"})
	n := alertNote()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		n.Ref = strconv.Itoa(i)
		ds, err := nf.Notify(bg, n)
		if err != nil || ds[0].Status != mamori.DeliverySent || ds[1].Status != mamori.DeliverySent {
			b.Fatal(ds, err)
		}
	}
}
