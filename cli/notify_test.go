package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/mamori-sec/mamori/notify"
)

// receiver is a webhook receiver on localhost for the scripts: it records
// what it gets and fails the first requests it is told to.
type receiver struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []*http.Request
	body [][]byte
	fail int
	seen int // requests at the last hook-check
}

func newReceiver(fail int) *receiver {
	r := &receiver{fail: fail}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, q *http.Request) {
		b, _ := io.ReadAll(q.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.reqs = append(r.reqs, q)
		r.body = append(r.body, b)
		if r.fail > 0 {
			r.fail--
			http.Error(w, "try later, "+q.URL.Path, http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ok")
	}))
	return r
}

var receivers sync.Map // *testscript.TestScript -> map[string]*receiver

func scriptReceivers(ts *testscript.TestScript) map[string]*receiver {
	m, _ := receivers.LoadOrStore(ts, map[string]*receiver{})
	return m.(map[string]*receiver)
}

// TestNotifyScripts runs testdata/notify/*.txtar with two more commands:
//
//	hook-server NAME [FAILURES]  starts a receiver; sets NAME_URL (with a
//	                             secret path) and NAME_KEY (a signing key)
//	hook-check NAME COUNT [signed]  COUNT requests were received in all
//	                             (COUNT "same": none since the last check;
//	                             "more": some), and each one's signature
//	                             verifies with NAME_KEY
func TestNotifyScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/notify",
		Setup: func(env *testscript.Env) error {
			env.Setenv("MAMORI_DB", env.WorkDir+"/mamori.db")
			env.Setenv("LANG", "C.UTF-8")
			env.Setenv("MAMORI_LANG", "")
			env.Setenv("HOME", env.WorkDir)
			env.Setenv("XDG_CONFIG_HOME", env.WorkDir+"/.config")
			env.Setenv("MAMORI_NOTIFY_CONFIG", "")
			env.Setenv("MAMORI_USER", "suzuki")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"hook-server": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 1 {
					ts.Fatalf("usage: hook-server NAME [FAILURES]")
				}
				fail := 0
				if len(args) > 1 {
					fail, _ = strconv.Atoi(args[1])
				}
				r := newReceiver(fail)
				ts.Defer(r.srv.Close)
				scriptReceivers(ts)[args[0]] = r
				ts.Setenv(args[0]+"_URL", r.srv.URL+"/hooks/SecretPath-"+args[0])
				ts.Setenv(args[0]+"_KEY", "whsec-"+args[0]+"-SigningKey")
			},
			"hook-check": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) < 2 || len(args) > 3 {
					ts.Fatalf("usage: hook-check NAME COUNT [signed]")
				}
				r := scriptReceivers(ts)[args[0]]
				r.mu.Lock()
				defer r.mu.Unlock()
				switch n := args[1]; {
				case n == "same":
					if len(r.reqs) != r.seen {
						ts.Fatalf("%s received %d requests since the last check", args[0], len(r.reqs)-r.seen)
					}
				case strings.HasPrefix(n, "more"):
					if len(r.reqs) <= r.seen {
						ts.Fatalf("%s received nothing since the last check", args[0])
					}
				default:
					if want, _ := strconv.Atoi(n); len(r.reqs) != want {
						ts.Fatalf("%s received %d requests, want %d", args[0], len(r.reqs), want)
					}
				}
				r.seen = len(r.reqs)
				if len(args) < 3 {
					return
				}
				key := []byte(ts.Getenv(args[0] + "_KEY"))
				for i, q := range r.reqs {
					err := notify.Verify(key, q.Header.Get(notify.HeaderSignature), q.Header.Get(notify.HeaderTimestamp), r.body[i], time.Now(), 0)
					if (err != nil) != neg {
						ts.Fatalf("request %d: signature: %v", i+1, err)
					}
				}
			},
		},
	})
}

// runWith runs the command line with e (its clock, its streams), as Main
// does, and returns the exit code.
func runWith(e *env, args ...string) int {
	root := newRoot(e)
	root.SetArgs(args)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.ExecuteContext(context.Background())
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		fmt.Fprintln(e.stderr, "mamori: "+ee.msg)
		return ee.code
	default:
		fmt.Fprintln(e.stderr, "mamori: "+err.Error())
		return ExitUsage
	}
}

// A delivery that failed is retried by mamori notify retry once it is due,
// and not before.
func TestNotifyRetryCommand(t *testing.T) {
	r := newReceiver(1)
	defer r.srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "notify.yaml")
	os.WriteFile(cfg, []byte("recipients:\n  soc:\n    webhook: {url_env: T_URL, secret_env: T_KEY}\n"), 0o600)
	t.Setenv("T_URL", r.srv.URL+"/SecretPath")
	t.Setenv("T_KEY", "k")
	t.Setenv("MAMORI_NOTIFY_CONFIG", cfg)
	var out bytes.Buffer
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	e := &env{stdout: &out, stderr: &out, lang: "en", now: func() time.Time { return now }, dbPath: filepath.Join(dir, "m.db"), as: "suzuki"}

	if code := runWith(e, "notify", "test", "--to", "soc"); code != ExitPartial || !strings.Contains(out.String(), "pending") {
		t.Fatalf("notify test: exit %d\n%s", code, out.String())
	}
	out.Reset()
	if code := runWith(e, "notify", "retry"); code != ExitOK || !strings.Contains(out.String(), "0 due deliveries") {
		t.Fatalf("early retry: exit %d\n%s", code, out.String())
	}
	now = now.Add(time.Minute)
	out.Reset()
	if code := runWith(e, "notify", "retry"); code != ExitOK || !strings.Contains(out.String(), "1 due deliveries: 1 sent, 0 still pending, 0 failed") {
		t.Fatalf("retry: exit %d\n%s", code, out.String())
	}
	out.Reset()
	if code := runWith(e, "notify", "list", "--status", "sent"); code != ExitOK || !strings.Contains(out.String(), "soc  webhook") || strings.Contains(out.String(), "SecretPath") {
		t.Fatalf("list: exit %d\n%s", code, out.String())
	}
	if len(r.reqs) != 2 {
		t.Errorf("%d requests, want 2", len(r.reqs))
	}
}
