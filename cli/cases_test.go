package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/notify"
)

// fakeNotifier records what it is asked to send; fail makes one recipient
// unrecordable.
type fakeNotifier struct {
	sent []mamori.Notification
	fail string
}

func (f *fakeNotifier) Notify(_ context.Context, n mamori.Notification) ([]mamori.Delivery, error) {
	if n.To == f.fail {
		return nil, errors.New("cannot record the notification")
	}
	f.sent = append(f.sent, n)
	return []mamori.Delivery{{Tenant: n.Tenant, Ref: n.Ref, To: n.To, Channel: "email", Target: n.To + "@example.com", Status: "pending", Attempts: 1, LastError: "connection refused"}}, nil
}

func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// affectedCase makes case C-1 in dir's database: a Go advisory matching the
// asset web (owner tanaka, customer sakura), decided affected.
func affectedCase(t *testing.T, dir string) {
	t.Helper()
	osv := `{"id": "GHSA-aaaa-bbbb-cccc", "modified": "2026-11-01T00:00:00Z", "summary": "flaw",
 "affected": [{"package": {"name": "example.com/lib", "ecosystem": "Go"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.0"}]}]}]}`
	bom := `{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": [{"type": "library", "name": "example.com/lib", "version": "v1.1.0", "purl": "pkg:golang/example.com/lib@v1.1.0"}]}`
	for name, body := range map[string]string{"a.json": osv, "bom.cdx.json": bom} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"vuln", "import", filepath.Join(dir, "a.json")},
		{"asset", "add", "web", "--owner", "tanaka", "--customer", "sakura", "--sbom", filepath.Join(dir, "bom.cdx.json")},
		{"case", "decide", "C-1", "--affected"},
	} {
		if _, errs, code := run(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
}

func TestCaseNotify(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("MAMORI_DB", filepath.Join(dir, "m.db"))
	t.Setenv("MAMORI_LANG", "en")
	affectedCase(t, dir)
	f := &fakeNotifier{fail: "sakura"}
	old := newNotifier
	newNotifier = func(*env, mamori.DeliveryStore) (mamori.Notifier, error) { return f, nil }
	t.Cleanup(func() { newNotifier = old })
	out, errs, code := run(t, "case", "notify", "C-1", "--as", "sato")
	if code != 0 {
		t.Fatalf("notify: exit %d: %s", code, errs)
	}
	if len(f.sent) != 1 || f.sent[0].To != "tanaka" || f.sent[0].Event != "case.notify" || f.sent[0].Fields["case"] != "C-1" ||
		f.sent[0].Fields["customer"] != "sakura" || f.sent[0].Fields["decision"] != "affected" || f.sent[0].Actor != "sato" {
		t.Fatalf("sent %+v", f.sent)
	}
	if !strings.Contains(out, "tanaka via email (tanaka@example.com): pending") || !strings.Contains(out, "C-1 notified: tanaka") {
		t.Errorf("output:\n%s", out)
	}
	if !strings.Contains(errs, "cannot record the notification") {
		t.Errorf("the unrecorded recipient is not reported: %s", errs)
	}
	out, _, _ = run(t, "case", "show", "C-1")
	if !strings.Contains(out, "notified: tanaka") || !strings.Contains(out, "status: notified") {
		t.Errorf("case after notify:\n%s", out)
	}
	// Nothing recorded at all: the case is unchanged and the exit says so.
	f.fail, f.sent = "tanaka", nil
	newNotifier = func(*env, mamori.DeliveryStore) (mamori.Notifier, error) { return &fakeNotifier{fail: "*"}, nil }
	if _, errs, code := run(t, "case", "notify", "C-1"); code != 0 {
		t.Fatalf("second notify of a notified case: exit %d: %s", code, errs)
	}
	newNotifier = func(*env, mamori.DeliveryStore) (mamori.Notifier, error) { return f, nil }
	f.fail = "tanaka"
	// sakura (the customer) is recorded now, tanaka is not.
	if out, errs, code := run(t, "case", "notify", "C-1"); code != 0 || !strings.Contains(out, "C-1 notified: sakura") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	if _, errs, code := run(t, "auditlog", "verify"); code != 0 {
		t.Fatalf("verify: %s", errs)
	}
}

// case notify through the real notifier: a signed webhook to the owner
// (received by a real HTTP server), and a customer the configuration does
// not name, whose failed delivery does not make the case notified for them.
func TestCaseNotifyRealNotifier(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("MAMORI_DB", filepath.Join(dir, "m.db"))
	t.Setenv("MAMORI_LANG", "en")
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := notify.Verify([]byte("k3y"), r.Header.Get("X-Mamori-Signature"), r.Header.Get("X-Mamori-Timestamp"), body, time.Now(), 0); err != nil {
			t.Errorf("signature: %v", err)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		got = append(got, string(body))
	}))
	defer srv.Close()
	t.Setenv("MAMORI_TEST_HOOK", srv.URL+"/hook")
	t.Setenv("MAMORI_TEST_HOOK_KEY", "k3y")
	cfg := "recipients:\n  tanaka:\n    kind: owner\n    webhook:\n      url_env: MAMORI_TEST_HOOK\n      secret_env: MAMORI_TEST_HOOK_KEY\n"
	if err := os.WriteFile(filepath.Join(dir, "notify.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MAMORI_NOTIFY_CONFIG", filepath.Join(dir, "notify.yaml"))
	affectedCase(t, dir)
	out, errs, code := run(t, "case", "notify", "C-1", "--as", "sato")
	if code != 0 {
		t.Fatalf("notify: exit %d: %s %s", code, out, errs)
	}
	if len(got) != 1 || !strings.Contains(got[0], "C-1") {
		t.Fatalf("webhook received %q", got)
	}
	if !strings.Contains(out, "C-1 notified: tanaka") || strings.Contains(out, "notified: tanaka, sakura") {
		t.Errorf("output:\n%s", out)
	}
	if strings.Contains(out+errs, "k3y") || strings.Contains(out+errs, "/hook") {
		t.Errorf("a secret (the key or the webhook URL's path) was printed:\n%s%s", out, errs)
	}
	out, _, _ = run(t, "notify", "list", "--format", "json")
	if !strings.Contains(out, `"sent"`) || !strings.Contains(out, `"failed"`) {
		t.Errorf("deliveries: want tanaka's sent and sakura's failed:\n%s", out)
	}
	if _, errs, code := run(t, "auditlog", "verify"); code != 0 {
		t.Fatalf("verify: %s", errs)
	}
}
