package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/mamori-sec/mamori/aws"
	"github.com/mamori-sec/mamori/scan"
)

// progress reports a scan's advance on stderr: a line redrawn in place on a
// terminal, a few plain lines otherwise, JSON lines when asked, or nothing.
type progress struct {
	e     *env
	mode  string // tty, plain, json, none
	mu    sync.Mutex
	start time.Time
	last  time.Time
}

func newProgress(e *env, mode string) (*progress, error) {
	p := &progress{e: e, start: time.Now()}
	switch mode {
	case "auto":
		p.mode = "plain"
		if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			p.mode = "tty"
		}
	case "plain", "json", "none":
		p.mode = mode
	default:
		return nil, usageErr("--progress: %s", e.t("cli.err.progress", mode))
	}
	return p, nil
}

func (p *progress) json(v map[string]any) {
	v["elapsed_ms"] = time.Since(p.start).Milliseconds()
	b, _ := json.Marshal(v)
	fmt.Fprintln(p.e.stderr, string(b))
}

func (p *progress) stage(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch p.mode {
	case "json":
		p.json(map[string]any{"event": "stage", "stage": name})
	case "tty":
		if name == scan.StageEvaluate || name == scan.StageStore {
			fmt.Fprintf(p.e.stderr, "\r\033[K%s", p.e.t("cli.progress."+name))
		}
	case "plain":
		if name == scan.StageEvaluate || name == scan.StageStore {
			fmt.Fprintln(p.e.stderr, p.e.t("cli.progress."+name))
		}
	}
}

func (p *progress) plan(account string, regions, services []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	svc := len(services)
	if svc == 0 {
		svc = len(aws.Services())
	}
	switch p.mode {
	case "json":
		p.json(map[string]any{"event": "plan", "account": account, "regions": regions, "services": svc})
	case "plain", "tty":
		fmt.Fprintln(p.e.stderr, p.e.t("cli.progress.plan", account, svc, len(regions), strings.Join(regions, ", ")))
	}
}

// collect is called by the collector after each service×region.
func (p *progress) collect(pr aws.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch p.mode {
	case "json":
		ev := map[string]any{"event": "collected", "service": pr.Service, "region": pr.Region, "done": pr.Done, "total": pr.Total, "resources": pr.Resources}
		if pr.Account != "" {
			ev["account"] = pr.Account
		}
		p.json(ev)
	case "tty":
		if time.Since(p.last) < 80*time.Millisecond && pr.Done < pr.Total {
			return
		}
		p.last = time.Now()
		fmt.Fprintf(p.e.stderr, "\r\033[K%s", p.e.t("cli.progress.collect", pr.Done, pr.Total, pr.Service, pr.Region, pr.Resources))
	case "plain":
		// One line per quarter, so logs stay short however many regions.
		q := max(1, pr.Total/4)
		if pr.Done%q == 0 || pr.Done == pr.Total {
			fmt.Fprintln(p.e.stderr, p.e.t("cli.progress.collect", pr.Done, pr.Total, pr.Service, pr.Region, pr.Resources))
		}
	}
}

func (p *progress) done(res *scan.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	sc := res.Scan
	el := sc.FinishedAt.Sub(sc.StartedAt).Round(10 * time.Millisecond)
	switch p.mode {
	case "json":
		p.json(map[string]any{"event": "done", "scan_id": sc.ID, "resources": sc.Resources, "counts": sc.Counts, "partial": sc.Partial})
	case "tty", "plain":
		if p.mode == "tty" {
			fmt.Fprint(p.e.stderr, "\r\033[K")
		}
		n := 0
		for _, c := range sc.Counts {
			n += c
		}
		fmt.Fprintln(p.e.stderr, p.e.t("cli.progress.done", sc.ID, sc.Resources, n, el))
	}
}
