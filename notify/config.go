package notify

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config says who receives notifications on which channels, in which
// language, and how the channels are reached. It holds no secret: a
// password, a webhook URL or a signing key is named by the environment
// variable (…_env) or the file (…_file) that holds it, and read only when a
// message is sent.
type Config struct {
	// Lang is the language of recipients that do not name one ("ja" or
	// "en"; default "en").
	Lang string `yaml:"lang"`
	// SMTP is the mail server e-mail channels send through.
	SMTP *SMTP `yaml:"smtp"`
	// Retry is the back-off of deliveries that failed.
	Retry Retry `yaml:"retry"`
	// Recipients by name: an asset owner or a customer, as named on assets
	// and cases, or any team an alert should reach.
	Recipients map[string]*Recipient `yaml:"recipients"`
	// Alerts names the recipients of the event audit's alerts
	// (mamori audit ingest --notify).
	Alerts []string `yaml:"alerts"`

	dir  string // relative secret files are read from here
	path string
}

// SMTP is a mail server.
type SMTP struct {
	Host string `yaml:"host"`
	// Port defaults to 587 for starttls, 465 for tls, 25 for none.
	Port int `yaml:"port"`
	// TLS is "starttls" (default: STARTTLS is required), "tls" (implicit
	// TLS, SMTPS) or "none" (plain text, no credentials allowed).
	TLS string `yaml:"tls"`
	// From is the sender address, e.g. "mamori <mamori@example.jp>".
	From string `yaml:"from"`
	// Username turns on authentication; the password is read from
	// PasswordEnv or PasswordFile.
	Username     string `yaml:"username"`
	PasswordEnv  string `yaml:"password_env"`
	PasswordFile string `yaml:"password_file"`
	Password     string `yaml:"password"` // refused: secrets are not kept in the file
	// Auth is the mechanism: "plain" (default), "login" or "cram-md5".
	Auth string `yaml:"auth"`
	// CAFile is a PEM file of certificate authorities to trust instead of
	// the system's (an internal mail server).
	CAFile string `yaml:"ca_file"`
}

// Retry is the back-off of failed deliveries: the n-th retry waits
// First·2^(n-1), at most Max; after MaxAttempts attempts a delivery fails.
type Retry struct {
	MaxAttempts int           `yaml:"max_attempts"`
	First       time.Duration `yaml:"first"`
	Max         time.Duration `yaml:"max"`
}

// Default back-off: 1m, 2m, 4m ... up to 6h between attempts, 8 attempts
// (about 4 hours from the first to the last).
const (
	DefaultMaxAttempts = 8
	DefaultFirst       = time.Minute
	DefaultMax         = 6 * time.Hour
)

// Recipient is a person, a team or a customer with their channels.
type Recipient struct {
	Name string `yaml:"-"`
	// Kind is informational: "owner", "customer", "team".
	Kind string `yaml:"kind"`
	// Lang is "ja" or "en"; default: the config's Lang.
	Lang    string   `yaml:"lang"`
	Email   list     `yaml:"email"`
	Slack   *Hook    `yaml:"slack"`
	Teams   *Hook    `yaml:"teams"`
	Webhook *Webhook `yaml:"webhook"`
}

// Hook is an incoming-webhook URL, read from an environment variable or a
// file: the URL itself is the credential.
type Hook struct {
	URLEnv  string `yaml:"url_env"`
	URLFile string `yaml:"url_file"`
	URL     string `yaml:"url"` // refused: secrets are not kept in the file
	// Format (Teams only): "adaptive" (default: an Adaptive Card, which
	// Workflows and classic incoming webhooks accept) or "messagecard"
	// (the legacy connector card).
	Format string `yaml:"format"`
}

// Webhook is a generic webhook: its URL and the key its bodies are signed
// with (HMAC-SHA256).
type Webhook struct {
	Hook       `yaml:",inline"`
	SecretEnv  string `yaml:"secret_env"`
	SecretFile string `yaml:"secret_file"`
	Secret     string `yaml:"secret"` // refused
}

// list is a YAML string or list of strings.
type list []string

func (l *list) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = list{n.Value}
		return nil
	}
	var s []string
	if err := n.Decode(&s); err != nil {
		return err
	}
	*l = s
	return nil
}

// Channel kinds.
const (
	Email       = "email"
	Slack       = "slack"
	Teams       = "teams"
	WebhookKind = "webhook"
)

// channel is one way to reach a recipient.
type channel struct {
	kind    string
	address string // e-mail only
	hook    *Hook
	signer  *Webhook
}

func (r *Recipient) channels() []channel {
	var cs []channel
	for _, a := range r.Email {
		cs = append(cs, channel{kind: Email, address: a})
	}
	if r.Slack != nil {
		cs = append(cs, channel{kind: Slack, hook: r.Slack})
	}
	if r.Teams != nil {
		cs = append(cs, channel{kind: Teams, hook: r.Teams})
	}
	if r.Webhook != nil {
		cs = append(cs, channel{kind: WebhookKind, hook: &r.Webhook.Hook, signer: r.Webhook})
	}
	return cs
}

// Path is the file the configuration was read from ("" if none).
func (c *Config) Path() string { return c.path }

// Recipient returns the named recipient, or nil.
func (c *Config) Recipient(name string) *Recipient {
	if c == nil {
		return nil
	}
	return c.Recipients[name]
}

// Names returns the recipients' names, sorted.
func (c *Config) Names() []string {
	var ns []string
	for n := range c.Recipients {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}

// LangOf is the language a recipient reads.
func (c *Config) LangOf(r *Recipient) string {
	if r != nil && r.Lang != "" {
		return r.Lang
	}
	if c.Lang != "" {
		return c.Lang
	}
	return "en"
}

// Load reads and checks the configuration file at path.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.path = path
	c.dir = filepath.Dir(path)
	return c, nil
}

// MaxConfigSize is the largest configuration file read.
const MaxConfigSize = 1 << 20

// Parse reads a configuration from YAML and checks it. Unknown keys are
// errors (a misspelt key would silently send nothing).
func Parse(b []byte) (*Config, error) {
	if len(b) > MaxConfigSize {
		return nil, fmt.Errorf("larger than %d bytes", MaxConfigSize)
	}
	c := &Config{}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, errors.New(oneLine(strings.TrimPrefix(err.Error(), "yaml: ")))
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var secretRefused = "%s: secrets are not kept in the configuration file; name the environment variable (%s_env) or the file (%s_file) that holds it"

func (c *Config) check() error {
	if err := checkLang("lang", c.Lang); err != nil {
		return err
	}
	r := &c.Retry
	if r.MaxAttempts == 0 {
		r.MaxAttempts = DefaultMaxAttempts
	}
	if r.First == 0 {
		r.First = DefaultFirst
	}
	if r.Max == 0 {
		r.Max = DefaultMax
	}
	switch {
	case r.MaxAttempts < 1 || r.MaxAttempts > 100:
		return fmt.Errorf("retry.max_attempts: %d is not between 1 and 100", r.MaxAttempts)
	case r.First < time.Second:
		return fmt.Errorf("retry.first: %s is less than 1s", r.First)
	case r.Max < r.First:
		return fmt.Errorf("retry.max: %s is less than retry.first %s", r.Max, r.First)
	}
	usesEmail := false
	for name, rc := range c.Recipients {
		where := "recipients." + name
		if rc == nil {
			return fmt.Errorf("%s: no channels", where)
		}
		if strings.TrimSpace(name) == "" {
			return errors.New("recipients: a recipient has an empty name")
		}
		rc.Name = name
		if err := checkLang(where+".lang", rc.Lang); err != nil {
			return err
		}
		for _, a := range rc.Email {
			if _, err := mail.ParseAddress(a); err != nil || strings.ContainsAny(a, "\r\n") {
				return fmt.Errorf("%s.email: %q is not an e-mail address", where, a)
			}
			usesEmail = true
		}
		for _, h := range []struct {
			name string
			h    *Hook
		}{{"slack", rc.Slack}, {"teams", rc.Teams}, {"webhook", hookOf(rc.Webhook)}} {
			if h.h == nil {
				continue
			}
			if err := checkRef(where+"."+h.name+".url", "url", h.h.URL, h.h.URLEnv, h.h.URLFile); err != nil {
				return err
			}
			switch {
			case h.h.Format == "" || h.name == "teams" && (h.h.Format == "adaptive" || h.h.Format == "messagecard"):
			case h.name == "teams":
				return fmt.Errorf("%s.teams.format: %q is not adaptive or messagecard", where, h.h.Format)
			default:
				return fmt.Errorf("%s.%s.format: only teams has a format", where, h.name)
			}
		}
		if w := rc.Webhook; w != nil {
			if err := checkRef(where+".webhook.secret", "secret", w.Secret, w.SecretEnv, w.SecretFile); err != nil {
				return err
			}
		}
		if len(rc.channels()) == 0 {
			return fmt.Errorf("%s: no channels (email, slack, teams or webhook)", where)
		}
	}
	for _, a := range c.Alerts {
		if c.Recipients[a] == nil {
			return fmt.Errorf("alerts: %q is not one of the recipients", a)
		}
	}
	if s := c.SMTP; s != nil {
		if s.Host == "" {
			return errors.New("smtp.host: missing")
		}
		switch s.TLS {
		case "":
			s.TLS = "starttls"
		case "starttls", "tls", "none":
		default:
			return fmt.Errorf("smtp.tls: %q is not starttls, tls or none", s.TLS)
		}
		if s.Port == 0 {
			s.Port = map[string]int{"starttls": 587, "tls": 465, "none": 25}[s.TLS]
		}
		if s.Port < 1 || s.Port > 65535 {
			return fmt.Errorf("smtp.port: %d is not a port", s.Port)
		}
		if _, err := mail.ParseAddress(s.From); err != nil || strings.ContainsAny(s.From, "\r\n") {
			return fmt.Errorf("smtp.from: %q is not an e-mail address", s.From)
		}
		if s.Password != "" {
			return fmt.Errorf(secretRefused, "smtp.password", "password", "password")
		}
		if s.Username != "" {
			if s.PasswordEnv == "" && s.PasswordFile == "" {
				return errors.New("smtp: username without password_env or password_file")
			}
			if s.TLS == "none" {
				return errors.New("smtp: credentials are not sent over a plain-text connection (tls: none); use starttls or tls")
			}
		}
		switch s.Auth {
		case "":
			s.Auth = "plain"
		case "plain", "login", "cram-md5":
		default:
			return fmt.Errorf("smtp.auth: %q is not plain, login or cram-md5", s.Auth)
		}
	} else if usesEmail {
		return errors.New("smtp: missing, and some recipients have e-mail channels")
	}
	return nil
}

func hookOf(w *Webhook) *Hook {
	if w == nil {
		return nil
	}
	return &w.Hook
}

func checkLang(where, l string) error {
	if l != "" && l != "ja" && l != "en" {
		return fmt.Errorf("%s: %q is not ja or en", where, l)
	}
	return nil
}

func checkRef(where, what, inline, env, file string) error {
	switch {
	case inline != "":
		return fmt.Errorf(secretRefused, where, what, what)
	case env == "" && file == "":
		return fmt.Errorf("%s: missing (%s_env or %s_file)", where, what, what)
	case env != "" && file != "":
		return fmt.Errorf("%s: both %s_env and %s_file; name one", where, what, what)
	}
	return nil
}

// secret reads a secret from the environment variable env or the file. The
// error names where it looked, never what it found.
func (c *Config) secret(lookup func(string) (string, bool), env, file string) (string, error) {
	if env != "" {
		v, ok := lookup(env)
		if !ok || strings.TrimSpace(v) == "" {
			return "", fmt.Errorf("environment variable %s is not set", env)
		}
		return strings.TrimSpace(v), nil
	}
	p := file
	if !filepath.IsAbs(p) && c.dir != "" {
		p = filepath.Join(c.dir, p)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return "", fmt.Errorf("secret file %s: %v", p, pe.Err)
		}
		return "", fmt.Errorf("secret file %s cannot be read", p)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", fmt.Errorf("secret file %s is empty", p)
	}
	return v, nil
}
