package notify

// ChannelInfo describes one configured channel for mamori notify
// recipients: where it goes (an address or a host) and whether its secrets
// can be read now. It holds no secret.
type ChannelInfo struct {
	Recipient string `json:"recipient"`
	Kind      string `json:"kind,omitempty"`
	Lang      string `json:"lang"`
	Alerts    bool   `json:"alerts"` // receives the event audit's alerts
	Channel   string `json:"channel"`
	Target    string `json:"target"`
	Problem   string `json:"problem,omitempty"` // why it cannot send now
}

// Channels lists every recipient's channels, by recipient name, and checks
// that their secrets can be read (without sending anything).
func (nf *Notifier) Channels() []ChannelInfo {
	alerts := map[string]bool{}
	for _, a := range nf.Config.Alerts {
		alerts[a] = true
	}
	var out []ChannelInfo
	for _, name := range nf.Config.Names() {
		rc := nf.Config.Recipients[name]
		for _, c := range rc.channels() {
			ci := ChannelInfo{Recipient: name, Kind: rc.Kind, Lang: nf.Config.LangOf(rc), Alerts: alerts[name], Channel: c.kind}
			if c.kind == Email {
				ci.Target = c.address
				if s := nf.Config.SMTP; s != nil && s.Username != "" {
					if _, err := nf.Config.secret(nf.lookupEnv, s.PasswordEnv, s.PasswordFile); err != nil {
						ci.Problem = "smtp password: " + err.Error()
					}
				}
			} else {
				u, raw, err := nf.hookURL(c.hook)
				if err != nil {
					ci.Problem = scrub(err.Error(), raw)
				} else {
					ci.Target = u.Host
				}
				if c.signer != nil && ci.Problem == "" {
					if _, err := nf.Config.secret(nf.lookupEnv, c.signer.SecretEnv, c.signer.SecretFile); err != nil {
						ci.Problem = "signing key: " + err.Error()
					}
				}
			}
			out = append(out, ci)
		}
	}
	return out
}
