package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

func caseNote(to string) mamori.Notification {
	return mamori.Notification{Topic: "case", Ref: "C-42", To: to, Event: "case.notify", Actor: "suzuki",
		Fields: map[string]string{"case": "C-42", "title": "CVE-2024-3094 in xz on shop-web", "advisory": "CVE-2024-3094",
			"asset": "shop-web", "customer": "sakura", "urgency": "immediate", "due": "2026-12-20", "status": "affected"}}
}

func smtpConfig(mb *mailbox, ca, mode string) string {
	return fmt.Sprintf(`
smtp:
  host: 127.0.0.1
  port: %d
  tls: %s
  from: "mamori <mamori@example.jp>"
  username: mamori
  password_env: TEST_SMTP_PASSWORD
  ca_file: %s
recipients:
  tanaka:
    lang: ja
    email: tanaka@example.jp
  sakura:
    kind: customer
    lang: en
    email: [security@sakura.example, cto@sakura.example]
`, mb.port, mode, ca)
}

// E-mail through a real SMTP server, over STARTTLS and over implicit TLS,
// with authentication, in each recipient's language.
func TestEmail(t *testing.T) {
	for _, mode := range []string{"starttls", "tls"} {
		t.Run(mode, func(t *testing.T) {
			cert, ca := testCert(t)
			mb := startSMTP(t, cert, mode == "tls")
			c := newClock()
			db, _ := openStore(t, c)
			nf := New(mustParse(t, smtpConfig(mb, ca, mode)), db, c.Now)
			nf.LookupEnv = envMap(map[string]string{"TEST_SMTP_PASSWORD": mb.pw})

			ds, err := nf.Notify(bg, caseNote("tanaka"))
			if err != nil {
				t.Fatal(err)
			}
			if len(ds) != 1 || ds[0].Status != mamori.DeliverySent || ds[0].Channel != Email || ds[0].Target != "tanaka@example.jp" || ds[0].Attempts != 1 {
				t.Fatalf("deliveries = %+v", ds)
			}
			ms := mb.messages()
			if len(ms) != 1 {
				t.Fatalf("%d messages received", len(ms))
			}
			if ms[0].from != "mamori@example.jp" || !cmp.Equal(ms[0].to, []string{"tanaka@example.jp"}) {
				t.Errorf("envelope %s -> %v", ms[0].from, ms[0].to)
			}
			subj, body, _ := parseMail(t, ms[0].data)
			if subj != "[mamori] 案件 C-42: CVE-2024-3094 in xz on shop-web" {
				t.Errorf("subject %q", subj)
			}
			for _, want := range []string{"対応期限: 2026-12-20", "緊急度: immediate", "suzuki さんの依頼で", "参照: C-42"} {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q:\n%s", want, body)
				}
			}

			// A customer in English, on two addresses.
			ds, err = nf.Notify(bg, caseNote("sakura"))
			if err != nil || len(ds) != 2 || ds[0].Status != mamori.DeliverySent || ds[1].Status != mamori.DeliverySent {
				t.Fatalf("deliveries = %+v, %v", ds, err)
			}
			ms = mb.messages()
			subj, body, _ = parseMail(t, ms[2].data)
			if subj != "[mamori] Case C-42: CVE-2024-3094 in xz on shop-web" || !strings.Contains(body, "Due: 2026-12-20") {
				t.Errorf("subject %q body:\n%s", subj, body)
			}
		})
	}
}

// A wrong password: the delivery is pending with the server's answer, and
// the password appears nowhere.
func TestEmailAuthFailure(t *testing.T) {
	cert, ca := testCert(t)
	mb := startSMTP(t, cert, false)
	c := newClock()
	db, path := openStore(t, c)
	nf := New(mustParse(t, smtpConfig(mb, ca, "starttls")), db, c.Now)
	const wrong = "Wrong-Password-123"
	nf.LookupEnv = envMap(map[string]string{"TEST_SMTP_PASSWORD": wrong})
	ds, err := nf.Notify(bg, caseNote("tanaka"))
	if err != nil {
		t.Fatal(err)
	}
	if ds[0].Status != mamori.DeliveryPending || ds[0].LastError == "" || mb.authFail != 1 || len(mb.messages()) != 0 {
		t.Fatalf("delivery %+v, auth failures %d", ds[0], mb.authFail)
	}
	assertNoSecrets(t, path, wrong)

	// The password is set right: the retry, when due, sends it.
	nf.LookupEnv = envMap(map[string]string{"TEST_SMTP_PASSWORD": mb.pw})
	c.Add(time.Minute)
	rs, err := nf.Retry(bg, "")
	if err != nil || len(rs) != 1 || rs[0].Status != mamori.DeliverySent || rs[0].Attempts != 2 || len(mb.messages()) != 1 {
		t.Fatalf("retry = %+v, %v", rs, err)
	}
}

// The password is required over TLS only; a server without STARTTLS is
// refused rather than sent the password in plain text.
func TestEmailRequiresTLS(t *testing.T) {
	mb := &mailbox{user: "mamori", pw: "pw-never-sent"}
	srv := smtpServerNoTLS(t, mb)
	c := newClock()
	db, _ := openStore(t, c)
	_, ca := testCert(t)
	nf := New(mustParse(t, smtpConfig(srv, ca, "starttls")), db, c.Now)
	nf.LookupEnv = envMap(map[string]string{"TEST_SMTP_PASSWORD": mb.pw})
	ds, err := nf.Notify(bg, caseNote("tanaka"))
	if err != nil {
		t.Fatal(err)
	}
	if ds[0].Status != mamori.DeliveryPending || mb.authFail != 0 || len(mb.messages()) != 0 {
		t.Fatalf("delivery %+v", ds[0])
	}
}

func hookConfig(lang string) string {
	return `
lang: ` + lang + `
recipients:
  soc:
    kind: team
    slack: {url_env: TEST_SLACK_URL}
    teams: {url_env: TEST_TEAMS_URL}
    webhook:
      url_file: webhook.url
      secret_env: TEST_WEBHOOK_KEY
alerts: [soc]
`
}

// hookSetup starts three receivers and a notifier whose config names them.
func hookSetup(t *testing.T, lang string, fail ...int) (nf *Notifier, slack, teams, wh *hook, c *clock, path string, env map[string]string) {
	t.Helper()
	slack, teams, wh = startHook(t), startHook(t), startHook(t, fail...)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "notify.yaml")
	if err := os.WriteFile(cfgPath, []byte(hookConfig(lang)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "webhook.url"), []byte(wh.srv.URL+"/in/Wh-Path-Token-777?k=Query-Secret-888\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	c = newClock()
	db, path := openStore(t, c)
	env = map[string]string{
		"TEST_SLACK_URL":   slack.srv.URL + "/services/T000/B000/Slack-Token-XYZ",
		"TEST_TEAMS_URL":   teams.srv.URL + "/workflows/Teams-Sig-ABC?sig=Teams-Sig-QQQ",
		"TEST_WEBHOOK_KEY": "whsec-Signing-Key-555",
	}
	nf = New(cfg, db, c.Now)
	nf.LookupEnv = envMap(env)
	return nf, slack, teams, wh, c, path, env
}

func alertNote() mamori.Notification {
	return mamori.Notification{Topic: "alert", Ref: "a1b2c3", To: "soc", Event: "alert",
		Fields: map[string]string{"rule": "root-console-login", "title": "Root user signed in", "severity": "critical", "tier": "alert",
			"time": "2026-12-06T08:55:00Z", "account": "123456789012", "region": "us-east-1", "actor": "root", "event": "ConsoleLogin",
			"source_ip": "203.0.113.9", "zz_extra": "kept as a list"}}
}

func TestSlackTeamsWebhook(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			nf, slack, teams, wh, c, _, env := hookSetup(t, lang)
			ds, err := nf.Notify(bg, alertNote())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.Channel+" "+d.Status+" "+d.Target)
			}
			want := []string{"slack sent " + host(slack), "teams sent " + host(teams), "webhook sent " + host(wh)}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("deliveries (-want +got):\n%s", diff)
			}
			title := map[string]string{"en": "critical alert: Root user signed in", "ja": "critical のアラート: Root user signed in"}[lang]

			sr := slack.requests()
			if len(sr) != 1 || sr[0].path != "/services/T000/B000/Slack-Token-XYZ" {
				t.Fatalf("slack requests %+v", sr)
			}
			var sp struct {
				Text   string `json:"text"`
				Blocks []struct {
					Type string `json:"type"`
					Text *struct {
						Text string `json:"text"`
					} `json:"text"`
					Fields []struct {
						Text string `json:"text"`
					} `json:"fields"`
				} `json:"blocks"`
			}
			if err := json.Unmarshal(sr[0].body, &sp); err != nil {
				t.Fatal(err)
			}
			if sp.Text != "[mamori] "+title || sp.Blocks[0].Type != "header" || sp.Blocks[0].Text.Text != title {
				t.Errorf("slack payload %s", sr[0].body)
			}
			// 11 facts: 10 in the first section (Slack's limit), 1 in the next.
			if len(sp.Blocks) != 5 || len(sp.Blocks[2].Fields) != 10 || len(sp.Blocks[3].Fields) != 1 ||
				sp.Blocks[3].Fields[0].Text != "*zz_extra*\nkept as a list" {
				t.Errorf("slack blocks %s", sr[0].body)
			}

			tr := teams.requests()
			var tp struct {
				Type        string `json:"type"`
				Attachments []struct {
					ContentType string `json:"contentType"`
					Content     struct {
						Type string `json:"type"`
						Body []struct {
							Type  string `json:"type"`
							Text  string `json:"text"`
							Facts []struct{ Title, Value string }
						} `json:"body"`
					} `json:"content"`
				} `json:"attachments"`
			}
			if len(tr) != 1 {
				t.Fatalf("teams requests %d", len(tr))
			}
			if err := json.Unmarshal(tr[0].body, &tp); err != nil {
				t.Fatal(err)
			}
			a := tp.Attachments[0]
			if tp.Type != "message" || a.ContentType != "application/vnd.microsoft.card.adaptive" || a.Content.Type != "AdaptiveCard" ||
				a.Content.Body[0].Text != title || a.Content.Body[2].Facts[0].Value != "root-console-login" {
				t.Errorf("teams payload %s", tr[0].body)
			}
			label := map[string]string{"en": "Rule", "ja": "ルール"}[lang]
			if a.Content.Body[2].Facts[0].Title != label {
				t.Errorf("teams first fact label %q, want %q", a.Content.Body[2].Facts[0].Title, label)
			}

			// The webhook: signed, verifiable, and refused when changed or late.
			wr := wh.requests()
			if len(wr) != 1 {
				t.Fatalf("webhook requests %d", len(wr))
			}
			r := wr[0]
			key := []byte(env["TEST_WEBHOOK_KEY"])
			sig, ts := r.header.Get(HeaderSignature), r.header.Get(HeaderTimestamp)
			if ts != strconv.FormatInt(c.Now().Unix(), 10) || r.header.Get(HeaderDelivery) != strconv.FormatInt(ds[2].ID, 10) || r.header.Get(HeaderEvent) != "alert" {
				t.Errorf("webhook headers %v", r.header)
			}
			if err := Verify(key, sig, ts, r.body, c.Now(), 0); err != nil {
				t.Errorf("Verify: %v", err)
			}
			if err := Verify(key, sig, ts, append(r.body[:len(r.body):len(r.body)], ' '), c.Now(), 0); !errors.Is(err, ErrBadSignature) {
				t.Errorf("Verify of a changed body: %v", err)
			}
			if err := Verify([]byte("another key"), sig, ts, r.body, c.Now(), 0); !errors.Is(err, ErrBadSignature) {
				t.Errorf("Verify with another key: %v", err)
			}
			if err := Verify(key, sig, strconv.FormatInt(c.Now().Unix()+1, 10), r.body, c.Now(), 0); !errors.Is(err, ErrBadSignature) {
				t.Errorf("Verify with another timestamp: %v", err)
			}
			if err := Verify(key, sig, ts, r.body, c.Now().Add(6*time.Minute), 0); !errors.Is(err, ErrStale) {
				t.Errorf("Verify of a replay 6 minutes later: %v", err)
			}
			var wb WebhookBody
			if err := json.Unmarshal(r.body, &wb); err != nil {
				t.Fatal(err)
			}
			if wb.Delivery != ds[2].ID || wb.Tenant != mamori.DefaultTenant || wb.Event != "alert" || wb.Lang != lang ||
				wb.Fields["source_ip"] != "203.0.113.9" || wb.Subject != "[mamori] "+title || !wb.SentAt.Equal(c.Now()) {
				t.Errorf("webhook body %s", r.body)
			}
		})
	}
}

func host(h *hook) string { return strings.TrimPrefix(h.srv.URL, "http://") }

// A receiver that fails twice: pending with back-off, retried when due
// (not before), then sent; every attempt counted.
func TestRetryBackoff(t *testing.T) {
	nf, _, _, wh, c, _, _ := hookSetup(t, "en", http.StatusInternalServerError, http.StatusBadGateway)
	ds, err := nf.Notify(bg, alertNote())
	if err != nil {
		t.Fatal(err)
	}
	d := ds[2]
	if d.Status != mamori.DeliveryPending || d.Attempts != 1 || !d.NextAt.Equal(c.Now().Add(time.Minute)) ||
		d.LastError != "POST "+host(wh)+": 500 Internal Server Error:" {
		t.Fatalf("after the first attempt: %+v", d)
	}
	// Not due yet: nothing is sent.
	if rs, err := nf.Retry(bg, ""); err != nil || len(rs) != 0 {
		t.Fatalf("early retry = %+v, %v", rs, err)
	}
	c.Add(time.Minute)
	rs, err := nf.Retry(bg, "")
	if err != nil || len(rs) != 1 || rs[0].Status != mamori.DeliveryPending || rs[0].Attempts != 2 || !rs[0].NextAt.Equal(c.Now().Add(2*time.Minute)) {
		t.Fatalf("second attempt = %+v, %v", rs, err)
	}
	c.Add(2 * time.Minute)
	rs, err = nf.Retry(bg, "")
	if err != nil || len(rs) != 1 || rs[0].Status != mamori.DeliverySent || rs[0].Attempts != 3 || rs[0].LastError != "" {
		t.Fatalf("third attempt = %+v, %v", rs, err)
	}
	if n := len(wh.requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	// Each attempt is signed afresh with the same delivery ID.
	reqs := wh.requests()
	if reqs[0].header.Get(HeaderDelivery) != reqs[2].header.Get(HeaderDelivery) || reqs[0].header.Get(HeaderTimestamp) == reqs[2].header.Get(HeaderTimestamp) {
		t.Errorf("retries' headers: %v / %v", reqs[0].header, reqs[2].header)
	}
	all, err := nf.Store.Deliveries(bg, mamori.DeliveryFilter{Status: mamori.DeliverySent})
	if err != nil || len(all) != 3 {
		t.Fatalf("sent deliveries = %d, %v", len(all), err)
	}
}

func TestRetryGivesUp(t *testing.T) {
	nf, _, _, wh, c, _, _ := hookSetup(t, "en", 500, 500, 500)
	nf.Config.Retry = Retry{MaxAttempts: 3, First: time.Minute, Max: time.Hour}
	if _, err := nf.Notify(bg, alertNote()); err != nil {
		t.Fatal(err)
	}
	var last []mamori.Delivery
	for range 2 {
		c.Add(time.Hour)
		var err error
		if last, err = nf.Retry(bg, ""); err != nil {
			t.Fatal(err)
		}
	}
	if len(last) != 1 || last[0].Status != mamori.DeliveryFailed || last[0].Attempts != 3 || !last[0].NextAt.IsZero() {
		t.Fatalf("after 3 attempts: %+v", last)
	}
	c.Add(24 * time.Hour)
	if rs, err := nf.Retry(bg, ""); err != nil || len(rs) != 0 || len(wh.requests()) != 3 {
		t.Fatalf("a failed delivery was retried: %+v, %v", rs, err)
	}
}

// 429 with Retry-After: the next attempt waits at least that long.
func TestRetryAfter(t *testing.T) {
	nf, _, _, wh, c, _, _ := hookSetup(t, "en")
	wh.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "900")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	ds, err := nf.Notify(bg, alertNote())
	if err != nil {
		t.Fatal(err)
	}
	if d := ds[2]; d.Status != mamori.DeliveryPending || !d.NextAt.Equal(c.Now().Add(15*time.Minute)) {
		t.Fatalf("delivery %+v", d)
	}
}

// Secrets never reach the store: not from the config, not from a receiver
// that echoes the request back in its error, not from a connection error.
func TestSecretsNeverRecorded(t *testing.T) {
	nf, slack, teams, wh, _, path, env := hookSetup(t, "en", 400)
	wh.body = "bad request to " + wh.srv.URL + "/in/Wh-Path-Token-777?k=Query-Secret-888 signed with whsec-Signing-Key-555"
	slack.srv.Close() // unreachable
	teams.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "no workflow at %s", r.URL.RequestURI())
	})
	ds, err := nf.Notify(bg, alertNote())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Status != mamori.DeliveryPending || d.LastError == "" {
			t.Errorf("delivery %+v", d)
		}
	}
	if !strings.HasPrefix(ds[0].LastError, "POST "+host(slack)+": ") {
		t.Errorf("slack error %q", ds[0].LastError)
	}
	secrets := []string{"Slack-Token-XYZ", "Teams-Sig-ABC", "Teams-Sig-QQQ", "Wh-Path-Token-777", "Query-Secret-888", "whsec-Signing-Key-555",
		"/services/", "/workflows/", env["TEST_SLACK_URL"]}
	for _, d := range ds {
		for _, s := range secrets {
			if strings.Contains(d.LastError+d.Target, s) {
				t.Errorf("delivery %s holds %q: %q", d.Channel, s, d.LastError)
			}
		}
	}
	assertNoSecrets(t, path, secrets...)
}

// assertNoSecrets reads every row of every table of the database file and
// fails if any value holds one of secrets.
func assertNoSecrets(t *testing.T, path string, secrets ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		tables.Scan(&n)
		names = append(names, n)
	}
	tables.Close()
	rowsSeen := 0
	for _, n := range names {
		rows, err := db.Query(`SELECT * FROM "` + n + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			rowsSeen++
			for i, v := range vals {
				s := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				for _, sec := range secrets {
					if strings.Contains(s, sec) {
						t.Errorf("table %s column %s holds a secret (%q): %s", n, cols[i], sec, s)
					}
				}
			}
		}
		rows.Close()
	}
	if rowsSeen == 0 {
		t.Fatal("no rows read: the check would pass on anything")
	}
}

// A recipient missing from the config: a failed delivery that says so, and
// no error (the change that caused it stands).
func TestUnknownRecipient(t *testing.T) {
	nf, _, _, _, _, _, _ := hookSetup(t, "en")
	ds, err := nf.Notify(bg, caseNote("nobody"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Channel != NoChannel || ds[0].Status != mamori.DeliveryFailed || !strings.Contains(ds[0].LastError, `"nobody" is not a recipient in `) {
		t.Fatalf("deliveries %+v", ds)
	}
	ok, err := nf.Store.Notified(bg, "", "case", "C-42", "nobody")
	if err != nil || !ok {
		t.Fatalf("Notified = %v, %v", ok, err)
	}
}

// A secret that cannot be read is a failed attempt, retried, that names
// where it looked.
func TestMissingSecret(t *testing.T) {
	nf, _, _, _, _, _, env := hookSetup(t, "en")
	delete(env, "TEST_SLACK_URL")
	ds, err := nf.Notify(bg, alertNote())
	if err != nil {
		t.Fatal(err)
	}
	if ds[0].Status != mamori.DeliveryPending || ds[0].LastError != "environment variable TEST_SLACK_URL is not set" || ds[0].Target != "" {
		t.Fatalf("delivery %+v", ds[0])
	}
}

// failingStore cannot record: Notify says so.
type failingStore struct{ mamori.DeliveryStore }

func (failingStore) AddDeliveries(context.Context, mamori.Notification, []mamori.Delivery) error {
	return errors.New("disk full")
}

func TestNotifyStoreFailure(t *testing.T) {
	nf, slack, _, _, _, _, _ := hookSetup(t, "en")
	nf.Store = failingStore{nf.Store}
	if _, err := nf.Notify(bg, alertNote()); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v", err)
	}
	if n := len(slack.requests()); n != 0 {
		t.Errorf("sent %d messages that could not be recorded", n)
	}
}

// Two processes retrying at once do not both send a delivery.
func TestRetryLease(t *testing.T) {
	nf, _, _, _, c, _, _ := hookSetup(t, "en", 500)
	if _, err := nf.Notify(bg, alertNote()); err != nil {
		t.Fatal(err)
	}
	c.Add(time.Minute)
	a, err := nf.Store.DueDeliveries(bg, "", c.Now(), time.Minute, 10)
	if err != nil || len(a) != 1 {
		t.Fatalf("first = %v, %v", a, err)
	}
	b, err := nf.Store.DueDeliveries(bg, "", c.Now(), time.Minute, 10)
	if err != nil || len(b) != 0 {
		t.Fatalf("second took %v, %v", b, err)
	}
}

// smtpServerNoTLS is an SMTP server that offers neither STARTTLS nor TLS.
func smtpServerNoTLS(t *testing.T, mb *mailbox) *mailbox {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newPlainSMTP(mb)
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	mb.addr = l.Addr().String()
	mb.port = l.Addr().(*net.TCPAddr).Port
	return mb
}

// A channel that failed is not tried again in the same run: the later
// deliveries to it wait, recorded, for Retry (one unreachable host does not
// cost its timeout once per alert).
func TestFailedChannelNotTriedAgainInRun(t *testing.T) {
	nf, slack, _, wh, c, _, _ := hookSetup(t, "en", 500)
	if _, err := nf.Notify(bg, alertNote()); err != nil {
		t.Fatal(err)
	}
	n := alertNote()
	n.Ref = "second"
	ds, err := nf.Notify(bg, n)
	if err != nil {
		t.Fatal(err)
	}
	if d := ds[2]; d.Status != mamori.DeliveryPending || d.Attempts != 0 || !strings.HasPrefix(d.LastError, "not tried: POST ") {
		t.Fatalf("second webhook delivery %+v", d)
	}
	if len(wh.requests()) != 1 || len(slack.requests()) != 2 {
		t.Fatalf("webhook got %d requests, slack %d", len(wh.requests()), len(slack.requests()))
	}
	// A later run (a new Notifier) tries both.
	later := New(nf.Config, nf.Store, c.Now)
	later.LookupEnv = nf.LookupEnv
	c.Add(time.Minute)
	rs, err := later.Retry(bg, "")
	if err != nil || len(rs) != 2 || rs[0].Status != mamori.DeliverySent || rs[1].Status != mamori.DeliverySent {
		t.Fatalf("retry = %+v, %v", rs, err)
	}
}

// Teams with format: messagecard gets the legacy connector card.
func TestTeamsMessageCard(t *testing.T) {
	nf, _, teams, _, _, _, _ := hookSetup(t, "ja")
	nf.Config.Recipients["soc"].Teams.Format = "messagecard"
	if _, err := nf.Notify(bg, alertNote()); err != nil {
		t.Fatal(err)
	}
	var mc struct {
		Type     string `json:"@type"`
		Title    string `json:"title"`
		Sections []struct {
			Facts []struct{ Name, Value string } `json:"facts"`
		} `json:"sections"`
	}
	if err := json.Unmarshal(teams.requests()[0].body, &mc); err != nil {
		t.Fatal(err)
	}
	if mc.Type != "MessageCard" || mc.Title != "critical のアラート: Root user signed in" || mc.Sections[0].Facts[0].Name != "ルール" {
		t.Errorf("message card %s", teams.requests()[0].body)
	}
}
