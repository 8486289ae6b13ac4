package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wneessen/go-mail"

	"github.com/mamori-sec/mamori"
)

// sendError is a failed attempt: its message never holds a secret (the
// sender scrubs them), and RetryAfter is what the channel asked to wait.
type sendError struct {
	msg        string
	retryAfter time.Duration
}

func (e *sendError) Error() string { return e.msg }

// scrub removes every secret from an error's message (defence in depth: the
// senders build messages from hosts, not URLs) and makes it one line.
func scrub(msg string, secrets ...string) string {
	for _, s := range secrets {
		if len(s) >= 4 {
			msg = strings.ReplaceAll(msg, s, "[redacted]")
		}
		if u, err := url.Parse(s); err == nil && len(u.Path) > 1 {
			msg = strings.ReplaceAll(msg, u.Path, "/[redacted]")
		}
		if u, err := url.Parse(s); err == nil && u.RawQuery != "" {
			msg = strings.ReplaceAll(msg, u.RawQuery, "[redacted]")
		}
	}
	msg = oneLine(msg)
	if len(msg) > 500 {
		msg = truncate(msg, 500)
	}
	return msg
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// hookURL reads a webhook's URL and checks it: https, or http to a loopback
// address (a local relay, tests).
func (nf *Notifier) hookURL(h *Hook) (*url.URL, string, error) {
	raw, err := nf.Config.secret(nf.lookupEnv, h.URLEnv, h.URLFile)
	if err != nil {
		return nil, "", err
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, raw, errors.New("the webhook URL is not a URL")
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	default:
		return nil, raw, fmt.Errorf("the webhook URL to %s is not https", u.Host)
	}
	return u, raw, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// post sends a JSON body; any 2xx is success. Redirects are not followed
// (a webhook is where it says it is).
func (nf *Notifier) post(ctx context.Context, u *url.URL, body []byte, header http.Header, secrets ...string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return &sendError{msg: "POST " + u.Host + ": cannot make the request"}
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "mamori-notify")
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := nf.client().Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return &sendError{msg: scrub("POST "+u.Host+": "+err.Error(), secrets...)}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	e := &sendError{msg: scrub(fmt.Sprintf("POST %s: %s: %s", u.Host, resp.Status, strings.TrimSpace(string(b))), secrets...)}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			e.retryAfter = time.Duration(s) * time.Second
		}
	}
	return e
}

func (nf *Notifier) client() *http.Client {
	if nf.HTTPClient != nil {
		return nf.HTTPClient
	}
	return &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// sendSlack posts to a Slack incoming webhook: Block Kit, with the subject
// as the notification's fallback text.
func (nf *Notifier) sendSlack(ctx context.Context, h *Hook, m *Message) error {
	u, raw, err := nf.hookURL(h)
	if err != nil {
		return &sendError{msg: scrub(err.Error(), raw)}
	}
	body, _ := json.Marshal(slackPayload(m))
	return nf.post(ctx, u, body, nil, raw)
}

func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func slackPayload(m *Message) map[string]any {
	type obj = map[string]any
	blocks := []obj{
		{"type": "header", "text": obj{"type": "plain_text", "text": truncate(m.Title, 150)}},
		{"type": "section", "text": obj{"type": "mrkdwn", "text": slackEscape(m.Intro)}},
	}
	var fields []obj
	for _, f := range m.Facts {
		fields = append(fields, obj{"type": "mrkdwn", "text": truncate("*"+slackEscape(f.Label)+"*\n"+slackEscape(f.Value), 2000)})
		if len(fields) == 10 { // Slack's limit per section
			blocks = append(blocks, obj{"type": "section", "fields": fields})
			fields = nil
		}
	}
	if len(fields) > 0 {
		blocks = append(blocks, obj{"type": "section", "fields": fields})
	}
	blocks = append(blocks, obj{"type": "context", "elements": []obj{{"type": "mrkdwn", "text": slackEscape(m.Footer)}}})
	return obj{"text": slackEscape(m.Subject), "blocks": blocks}
}

// sendTeams posts an Adaptive Card message, which both a Teams Workflows
// ("When a Teams webhook request is received") URL and a classic incoming
// webhook accept.
func (nf *Notifier) sendTeams(ctx context.Context, h *Hook, m *Message) error {
	u, raw, err := nf.hookURL(h)
	if err != nil {
		return &sendError{msg: scrub(err.Error(), raw)}
	}
	payload := teamsPayload(m)
	if h.Format == "messagecard" {
		payload = messageCard(m)
	}
	body, _ := json.Marshal(payload)
	return nf.post(ctx, u, body, nil, raw)
}

func teamsPayload(m *Message) map[string]any {
	type obj = map[string]any
	facts := []obj{}
	for _, f := range m.Facts {
		facts = append(facts, obj{"title": f.Label, "value": f.Value})
	}
	card := obj{
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"type":    "AdaptiveCard",
		"version": "1.4",
		"body": []obj{
			{"type": "TextBlock", "text": m.Title, "size": "Medium", "weight": "Bolder", "wrap": true},
			{"type": "TextBlock", "text": m.Intro, "wrap": true},
			{"type": "FactSet", "facts": facts},
			{"type": "TextBlock", "text": m.Footer, "size": "Small", "isSubtle": true, "wrap": true},
		},
	}
	return obj{
		"type":    "message",
		"summary": m.Subject,
		"attachments": []obj{{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"contentUrl":  nil,
			"content":     card,
		}},
	}
}

// messageCard is the legacy Office 365 connector card.
func messageCard(m *Message) map[string]any {
	type obj = map[string]any
	facts := []obj{}
	for _, f := range m.Facts {
		facts = append(facts, obj{"name": f.Label, "value": f.Value})
	}
	return obj{
		"@type":      "MessageCard",
		"@context":   "https://schema.org/extensions",
		"summary":    m.Subject,
		"themeColor": "0076D7",
		"title":      m.Title,
		"text":       m.Intro,
		"sections":   []obj{{"facts": facts}, {"text": m.Footer}},
	}
}

// WebhookBody is the JSON a generic webhook receives.
type WebhookBody struct {
	Delivery int64             `json:"delivery"`
	Tenant   string            `json:"tenant"`
	Topic    string            `json:"topic"`
	Ref      string            `json:"ref"`
	To       string            `json:"to"`
	Event    string            `json:"event"`
	Lang     string            `json:"lang"`
	Subject  string            `json:"subject"`
	Text     string            `json:"text"`
	Facts    []Fact            `json:"facts"`
	Fields   map[string]string `json:"fields"`
	Actor    string            `json:"actor,omitempty"`
	SentAt   time.Time         `json:"sent_at"`
}

// sendWebhook posts the notification as JSON, signed (see Sign).
func (nf *Notifier) sendWebhook(ctx context.Context, w *Webhook, d *mamori.Delivery, n *mamori.Notification, m *Message) error {
	u, raw, err := nf.hookURL(&w.Hook)
	if err != nil {
		return &sendError{msg: scrub(err.Error(), raw)}
	}
	key, err := nf.Config.secret(nf.lookupEnv, w.SecretEnv, w.SecretFile)
	if err != nil {
		return &sendError{msg: scrub(err.Error(), raw)}
	}
	now := nf.now()
	fields := n.Fields
	if fields == nil {
		fields = map[string]string{}
	}
	body, err := json.Marshal(WebhookBody{Delivery: d.ID, Tenant: n.Tenant, Topic: n.Topic, Ref: n.Ref, To: n.To, Event: n.Event,
		Lang: m.Lang, Subject: m.Subject, Text: m.Text(), Facts: m.Facts, Fields: fields, Actor: n.Actor, SentAt: now.UTC()})
	if err != nil {
		return &sendError{msg: "cannot encode the notification: " + err.Error()}
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	h := http.Header{}
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderSignature, Sign([]byte(key), ts, body))
	h.Set(HeaderDelivery, strconv.FormatInt(d.ID, 10))
	h.Set(HeaderEvent, n.Event)
	return nf.post(ctx, u, body, h, raw, key)
}

// sendEmail sends a plain-text mail through the configured server.
func (nf *Notifier) sendEmail(ctx context.Context, to string, m *Message) error {
	s := nf.Config.SMTP
	if s == nil {
		return &sendError{msg: "no smtp server in the notification configuration"}
	}
	var secrets []string
	opts := []mail.Option{mail.WithPort(s.Port), mail.WithTimeout(30 * time.Second)}
	tc := &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	if s.CAFile != "" {
		p := s.CAFile
		if !filepath.IsAbs(p) && nf.Config.dir != "" {
			p = filepath.Join(nf.Config.dir, p)
		}
		pem, err := os.ReadFile(p)
		if err != nil {
			return &sendError{msg: "smtp.ca_file: " + oneLine(err.Error())}
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return &sendError{msg: "smtp.ca_file " + p + ": no PEM certificate"}
		}
		tc.RootCAs = pool
	}
	opts = append(opts, mail.WithTLSConfig(tc))
	switch s.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if s.Username != "" {
		pw, err := nf.Config.secret(nf.lookupEnv, s.PasswordEnv, s.PasswordFile)
		if err != nil {
			return &sendError{msg: "smtp password: " + err.Error()}
		}
		secrets = append(secrets, pw)
		auth := map[string]mail.SMTPAuthType{"plain": mail.SMTPAuthPlain, "login": mail.SMTPAuthLogin, "cram-md5": mail.SMTPAuthCramMD5}[s.Auth]
		opts = append(opts, mail.WithSMTPAuth(auth), mail.WithUsername(s.Username), mail.WithPassword(pw))
	}
	fail := func(err error) error {
		return &sendError{msg: scrub(fmt.Sprintf("smtp %s:%d: %v", s.Host, s.Port, err), secrets...)}
	}
	msg := mail.NewMsg()
	if err := msg.From(s.From); err != nil {
		return fail(err)
	}
	if err := msg.To(to); err != nil {
		return fail(err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(mail.TypeTextPlain, m.Text())
	msg.SetMessageID()
	msg.SetDate()
	c, err := mail.NewClient(s.Host, opts...)
	if err != nil {
		return fail(err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fail(err)
	}
	return nil
}
