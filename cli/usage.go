package cli

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
)

// usageFunc writes a command's usage as cobra's default does, with the
// headings in the user's language. It is Go code rather than a usage
// template on purpose: executing a text/template reaches
// reflect.Value.MethodByName, and a reachable MethodByName with a name
// known only at run time makes the linker keep every exported method of
// every type stored in an interface — all ~800 operations of each AWS SDK
// client mamori links. Without it the binary is 2.6× smaller and a
// 100k-resource scan peaks ~85 MiB lower (BENCHMARKS.md, "Third pass").
func usageFunc(e *env) func(*cobra.Command) error {
	return func(c *cobra.Command) error {
		var b strings.Builder
		b.WriteString(e.t("help.usage"))
		if c.Runnable() {
			fmt.Fprintf(&b, "\n  %s", c.UseLine())
		}
		if c.HasAvailableSubCommands() {
			fmt.Fprintf(&b, "\n  %s [command]", c.CommandPath())
		}
		if len(c.Aliases) > 0 {
			fmt.Fprintf(&b, "\n\n%s\n  %s", e.t("help.aliases"), c.NameAndAliases())
		}
		if c.HasExample() {
			fmt.Fprintf(&b, "\n\n%s\n%s", e.t("help.examples"), c.Example)
		}
		if c.HasAvailableSubCommands() {
			listed := func(s *cobra.Command) bool { return s.IsAvailableCommand() || s.Name() == "help" }
			line := func(s *cobra.Command) {
				fmt.Fprintf(&b, "\n  %-*s %s", s.NamePadding(), s.Name(), s.Short)
			}
			if len(c.Groups()) == 0 {
				b.WriteString("\n\n" + e.t("help.commands"))
				for _, s := range c.Commands() {
					if listed(s) {
						line(s)
					}
				}
			} else {
				for _, g := range c.Groups() {
					b.WriteString("\n\n" + g.Title)
					for _, s := range c.Commands() {
						if s.GroupID == g.ID && listed(s) {
							line(s)
						}
					}
				}
				if !c.AllChildCommandsHaveGroup() {
					b.WriteString("\n\n" + e.t("help.additional"))
					for _, s := range c.Commands() {
						if s.GroupID == "" && listed(s) {
							line(s)
						}
					}
				}
			}
		}
		if c.HasAvailableLocalFlags() {
			fmt.Fprintf(&b, "\n\n%s\n%s", e.t("help.flags"), strings.TrimRightFunc(c.LocalFlags().FlagUsages(), unicode.IsSpace))
		}
		if c.HasAvailableInheritedFlags() {
			fmt.Fprintf(&b, "\n\n%s\n%s", e.t("help.globalflags"), strings.TrimRightFunc(c.InheritedFlags().FlagUsages(), unicode.IsSpace))
		}
		if c.HasHelpSubCommands() {
			b.WriteString("\n\n" + e.t("help.topics"))
			for _, s := range c.Commands() {
				if s.IsAdditionalHelpTopicCommand() {
					fmt.Fprintf(&b, "\n  %-*s %s", s.CommandPathPadding(), s.CommandPath(), s.Short)
				}
			}
		}
		if c.HasAvailableSubCommands() {
			b.WriteString("\n\n" + e.t("help.more", c.CommandPath()))
		}
		b.WriteString("\n")
		_, err := fmt.Fprint(c.OutOrStderr(), b.String())
		return err
	}
}
