package notify

import (
	"strings"
	"testing"
	"time"
)

func TestParseDefaults(t *testing.T) {
	c := mustParse(t, `
smtp: {host: mail.example.jp, from: mamori@example.jp}
recipients:
  tanaka: {email: tanaka@example.jp}
`)
	if c.SMTP.TLS != "starttls" || c.SMTP.Port != 587 || c.SMTP.Auth != "plain" {
		t.Errorf("smtp defaults %+v", c.SMTP)
	}
	if c.Retry != (Retry{MaxAttempts: 8, First: time.Minute, Max: 6 * time.Hour}) {
		t.Errorf("retry defaults %+v", c.Retry)
	}
	if c.LangOf(c.Recipient("tanaka")) != "en" || c.Recipient("tanaka").Name != "tanaka" {
		t.Errorf("recipient %+v", c.Recipient("tanaka"))
	}
	if got := Backoff(c.Retry, 1); got != time.Minute {
		t.Errorf("Backoff(1) = %s", got)
	}
	if got := Backoff(c.Retry, 4); got != 8*time.Minute {
		t.Errorf("Backoff(4) = %s", got)
	}
	if got := Backoff(c.Retry, 40); got != 6*time.Hour {
		t.Errorf("Backoff(40) = %s", got)
	}
	if c := mustParse(t, ""); len(c.Recipients) != 0 {
		t.Errorf("empty file: %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"recipients:\n  a:\n    slack: {url: https://hooks.slack.com/services/T/B/X}\n", "recipients.a.slack.url: secrets are not kept in the configuration file"},
		{"recipients:\n  a:\n    webhook: {url_env: U, secret: k}\n", "recipients.a.webhook.secret: secrets are not kept"},
		{"recipients:\n  a:\n    webhook: {url_env: U}\n", "recipients.a.webhook.secret: missing (secret_env or secret_file)"},
		{"recipients:\n  a:\n    teams: {url_env: U, url_file: f}\n", "both url_env and url_file"},
		{"smtp: {host: h, from: a@b.c, password: hunter2}\n", "smtp.password: secrets are not kept"},
		{"smtp: {host: h, from: a@b.c, tls: none, username: u, password_env: P}\n", "not sent over a plain-text connection"},
		{"smtp: {host: h, from: a@b.c, username: u}\n", "username without password_env"},
		{"smtp: {host: h, from: a@b.c, tls: ssl}\n", `smtp.tls: "ssl" is not starttls, tls or none`},
		{"smtp: {host: h, from: nobody}\n", `smtp.from: "nobody" is not an e-mail address`},
		{"recipients:\n  a: {email: a@b.c}\n", "smtp: missing, and some recipients have e-mail channels"},
		{"recipients:\n  a: {lang: fr, slack: {url_env: U}}\n", `recipients.a.lang: "fr" is not ja or en`},
		{"recipients:\n  a: {kind: owner}\n", "recipients.a: no channels"},
		{"recipients:\n  a:\n", "recipients.a: no channels"},
		{"recipients:\n  a: {slack: {url_env: U}, emial: x}\n", "field emial not found"},
		{"alerts: [soc]\n", `alerts: "soc" is not one of the recipients`},
		{"retry: {first: 10ms}\n", "retry.first: 10ms is less than 1s"},
		{"retry: {max_attempts: -1}\n", "retry.max_attempts"},
		{"retry: {first: 1h, max: 1m}\n", "retry.max: 1m0s is less than retry.first"},
		{"recipients: [a, b]\n", "cannot unmarshal"},
		{"lang: de\n", `lang: "de" is not ja or en`},
		{"recipients:\n  a: {teams: {url_env: U, format: card}}\n", `recipients.a.teams.format: "card" is not adaptive or messagecard`},
		{"recipients:\n  a: {slack: {url_env: U, format: messagecard}}\n", "recipients.a.slack.format: only teams has a format"},
	} {
		_, err := Parse([]byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want %q", tc.yaml, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%q): error is not one line: %q", tc.yaml, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(hookConfig("ja")))
	f.Add([]byte("smtp: {host: h, from: a@b.c}\nrecipients:\n  a: {email: [a@b.c, d@e.f]}\nalerts: [a]\n"))
	f.Add([]byte("retry: {max_attempts: 3, first: 1s, max: 1h}\n"))
	f.Add([]byte("recipients:\n  a:\n"))
	f.Add([]byte("{"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse(b)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			return
		}
		// What parses is usable: every recipient has a channel, alerts
		// name recipients, the back-off is sane.
		for n, r := range c.Recipients {
			if len(r.channels()) == 0 {
				t.Errorf("recipient %q without channels", n)
			}
		}
		for _, a := range c.Alerts {
			if c.Recipient(a) == nil {
				t.Errorf("alert recipient %q unknown", a)
			}
		}
		if c.Retry.MaxAttempts < 1 || c.Retry.First < time.Second || c.Retry.Max < c.Retry.First {
			t.Errorf("retry %+v", c.Retry)
		}
	})
}

func FuzzVerify(f *testing.F) {
	f.Add([]byte("k"), "sha256=00", "1765000000", []byte("{}"))
	f.Add([]byte(""), "", "", []byte(""))
	f.Fuzz(func(t *testing.T, key []byte, sig, ts string, body []byte) {
		now := time.Unix(1765000000, 0)
		err := Verify(key, sig, ts, body, now, 0)
		if err == nil && sig != Sign(key, ts, body) && strings.TrimSpace(sig) != Sign(key, ts, body) {
			t.Errorf("accepted a signature that is not the body's")
		}
		// What mamori signs now verifies.
		good := Sign(key, "1765000000", body)
		if err := Verify(key, good, "1765000000", body, now, 0); err != nil {
			t.Errorf("own signature refused: %v", err)
		}
	})
}
