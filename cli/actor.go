package cli

import (
	"os"
	"os/user"
	"strings"
)

// actor is the person acting: --as, else MAMORI_USER, else the OS user.
// Every change a command records (cases, decisions, assets, mutes) names it.
// The server, later, takes it from the authenticated session instead.
func (e *env) actor() string {
	if a := strings.TrimSpace(e.as); a != "" {
		return a
	}
	if a := strings.TrimSpace(os.Getenv("MAMORI_USER")); a != "" {
		return a
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}
