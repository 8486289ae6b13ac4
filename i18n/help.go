package i18n

// Headings of every command's --help, written by mamori's own usage
// function rather than cobra's template (see cli/usage.go).
func init() {
	register(map[string][2]string{
		"help.usage":       {"Usage:", "使い方:"},
		"help.aliases":     {"Aliases:", "別名:"},
		"help.examples":    {"Examples:", "例:"},
		"help.commands":    {"Available Commands:", "コマンド:"},
		"help.additional":  {"Additional Commands:", "その他のコマンド:"},
		"help.flags":       {"Flags:", "フラグ:"},
		"help.globalflags": {"Global Flags:", "共通フラグ:"},
		"help.topics":      {"Additional help topics:", "その他のヘルプ:"},
		"help.more":        {`Use "%s [command] --help" for more information about a command.`, `各コマンドの詳細は "%s [command] --help" で表示します。`},
	})
}
