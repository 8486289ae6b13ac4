package aws

import (
	"errors"
	"net"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mamori-sec/mamori/policy"
)

// Helpers the declarative collectors share: how "gone", "not offered here"
// and "public" are told apart from failures, the same way for every service.

// isCode reports whether err is an AWS error with one of the codes.
func isCode(err error, codes ...string) bool {
	c := ErrorCode(err)
	for _, x := range codes {
		if c == x {
			return true
		}
	}
	return false
}

// NotOffered reports whether err says the service has no endpoint in the
// region (the host does not resolve): the service is not applicable there,
// which is neither a failure nor a pass.
func NotOffered(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns) && dns.IsNotFound
}

// publicPolicy reads a resource policy document into the attributes every
// resource with a resource policy carries: "policy_public" (a statement lets
// anyone in) and "policy_public_reasons". An unparsable document counts as
// public: mamori cannot show that it is not.
func publicPolicy(attrs map[string]any, doc string) {
	reasons, ok := policy.PublicStatements(doc)
	if !ok {
		reasons = []string{"the resource policy is not valid JSON"}
	}
	list := make([]any, len(reasons))
	for i, r := range reasons {
		list[i] = r
	}
	attrs["policy_public"] = len(reasons) > 0
	attrs["policy_public_reasons"] = list
}

var (
	secretNameRE  = regexp.MustCompile(`(?i)(secret|passw(or)?d|passwd|pwd|token|api[_-]?key|private[_-]?key|access[_-]?key|credential|auth)`)
	secretValueRE = regexp.MustCompile(`(AKIA|ASIA)[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|xox[bpoas]-[0-9A-Za-z-]{10,}|gh[pousr]_[0-9A-Za-z]{36}|sk_live_[0-9A-Za-z]{20,}`)
	// references to a secret store are not secrets.
	secretRefRE = regexp.MustCompile(`^(arn:aws[a-z-]*:(secretsmanager|ssm|kms):|\{\{resolve:|/)`)
)

// secretLikeEnv returns the names of environment variables that look like
// they hold a secret in plain text: a secret-like name with a literal value
// (not an ARN or parameter path), or a value with a known credential format.
// Only names are returned; a value is never kept.
func secretLikeEnv(env map[string]string) []any {
	var out []any
	for _, name := range sortedKeys(env) {
		v := env[name]
		if v == "" || secretRefRE.MatchString(v) {
			continue
		}
		if secretValueRE.MatchString(v) || (secretNameRE.MatchString(name) && !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false")) {
			out = append(out, name)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func anyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// timeOrNil is a time as RFC 3339 UTC, or nil when absent.
func timeOrNil(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}
