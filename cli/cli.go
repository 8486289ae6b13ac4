// Package cli is the mamori command line: it parses flags, picks the language,
// wires collectors, engine, store and reports together, and maps outcomes to
// exit codes. It holds no product logic of its own.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-sec/mamori/i18n"
	"github.com/mamori-sec/mamori/sqlite"
)

// Version is the mamori version, set at build time with -ldflags.
var Version = "0.1.0-dev"

// Exit codes. They are part of the interface: scripts and CI rely on them.
const (
	// ExitOK: the command did what was asked (a scan finished and nothing at
	// or above --fail-on failed).
	ExitOK = 0
	// ExitError: something went wrong at run time (the database, an output file).
	ExitError = 1
	// ExitUsage: a wrong flag or argument, bad input (a malformed check,
	// mutelist or world file), or missing / expired credentials.
	ExitUsage = 2
	// ExitFindings: the scan found failures at or above --fail-on.
	ExitFindings = 3
	// ExitPartial: the scan finished but some service or region could not be
	// read (see the ERROR findings). ExitFindings wins when both apply.
	ExitPartial = 4
)

// exitError carries an exit code and a one-line message.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, args ...any) error {
	return &exitError{code: ExitUsage, msg: fmt.Sprintf(format, args...)}
}

func runErr(format string, args ...any) error {
	return &exitError{code: ExitError, msg: fmt.Sprintf(format, args...)}
}

// env is what every command gets: streams, language, clock.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	lang           string
	now            func() time.Time
	dbPath         string
	as             string // --as: the person acting (see actor)
}

func (e *env) t(key string, args ...any) string { return i18n.T(e.lang, key, args...) }

// Main runs the command line with args (without the program name) and
// returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	lang, langErr := i18n.Resolve(langFlag(args))
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, lang: lang, now: time.Now}
	if langErr != nil {
		fmt.Fprintln(stderr, "mamori: "+langErr.Error())
		return ExitUsage
	}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "mamori: "+ee.msg)
		}
		return ee.code
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "mamori: "+e.t("cli.interrupted"))
		return ExitError
	}
	// Cobra's own errors: unknown command or flag, bad flag value.
	fmt.Fprintln(stderr, "mamori: "+oneLine(err.Error())+" ("+e.t("cli.see_help")+")")
	return ExitUsage
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// langFlag finds --lang before cobra parses anything, so that help texts and
// flag errors are already in the right language.
func langFlag(args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--lang="); ok {
			return v
		}
		if a == "--lang" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:           "mamori",
		Short:         e.t("cli.root.short"),
		Long:          e.t("cli.root.long"),
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.PersistentFlags().String("lang", "", e.t("cli.flag.lang"))
	root.PersistentFlags().StringVar(&e.dbPath, "db", "", e.t("cli.flag.db", defaultDBPath()))
	root.PersistentFlags().StringVar(&e.as, "as", "", e.t("cli.flag.as"))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr("%s (%s)", oneLine(err.Error()), e.t("cli.see_help_cmd", c.CommandPath()))
	})
	root.AddCommand(
		newScanCmd(e),
		newFindingsCmd(e),
		newAlertsCmd(e),
		newAuditCmd(e),
		newDiffCmd(e),
		newScansCmd(e),
		newChecksCmd(e),
		newPermissionsCmd(e),
		newFrameworksCmd(e),
		newAssessCmd(e),
		newAssessmentsCmd(e),
		newSupplierCmd(e),
		newSuppliersCmd(e),
		newVulnCmd(e),
		newAssetCmd(e),
		newNotifyCmd(e),
		newCasesCmd(e), newCaseCmd(e), newAuditlogCmd(e), newVexCmd(e), newReportCmd(e),
		newIAMCmd(e),
		newExposureCmd(e),
		newMuteCmd(e),
		newAccountsCmd(e),
	)
	localizeHelp(root, e)
	return root
}

// localizeHelp puts cobra's built-in help and completion texts in the
// language, and writes every command's usage with translated headings.
func localizeHelp(root *cobra.Command, e *env) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	root.InitDefaultHelpFlag()
	root.InitDefaultVersionFlag()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Short = e.t("cli.help.short")
			c.Long = e.t("cli.help.short")
		case "completion":
			c.Short = e.t("cli.completion.short")
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		if f := c.Flags().Lookup("help"); f != nil {
			f.Usage = e.t("cli.flag.help")
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	if f := root.Flags().Lookup("version"); f != nil {
		f.Usage = e.t("cli.flag.version")
	}
	root.SetUsageFunc(usageFunc(e))
}

// defaultDBPath is where the history is kept unless --db or MAMORI_DB says
// otherwise: $XDG_DATA_HOME/mamori/mamori.db, ~/.local/share/mamori/mamori.db
// on Linux, the user config directory elsewhere.
func defaultDBPath() string {
	if p := os.Getenv("MAMORI_DB"); p != "" {
		return p
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "mamori", "mamori.db")
	}
	if runtime.GOOS == "linux" {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, ".local", "share", "mamori", "mamori.db")
		}
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "mamori", "mamori.db")
	}
	return "mamori.db"
}

func (e *env) openDB() (*sqlite.DB, error) {
	p := e.dbPath
	if p == "" {
		p = defaultDBPath()
	}
	db, err := sqlite.Open(p, e.now)
	switch {
	case errors.Is(err, sqlite.ErrCorrupt):
		return nil, runErr("%s", e.t("cli.err.db_corrupt", p))
	case errors.Is(err, sqlite.ErrInUse):
		return nil, runErr("%s", e.t("cli.err.db_in_use", p))
	case err != nil:
		return nil, runErr("%s", oneLine(err.Error()))
	}
	return db, nil
}
