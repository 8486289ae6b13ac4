package i18n

// Messages of organisation scans (mamori scan --org) and mamori accounts.
func init() {
	register(map[string][2]string{
		"org.flag.org":              {"scan every account of the AWS Organizations organisation the credentials can read (its management account or a delegated administrator); needs --org-role", "認証情報で読み取れる AWS Organizations の組織（管理アカウントまたは委任管理者）の全アカウントをスキャンします。--org-role が必要です"},
		"org.flag.org_role":         {"the role to assume in each member account (its name, e.g. MamoriAudit); --external-id is passed when set", "各メンバーアカウントで引き受けるロールの名前（例: MamoriAudit）。--external-id を指定するとそれも渡します"},
		"org.flag.accounts":         {"with --org: scan only these account ids (comma-separated)", "--org と併用: これらのアカウント ID だけをスキャンします（カンマ区切り）"},
		"org.flag.exclude_accounts": {"with --org: leave these account ids out (comma-separated)", "--org と併用: これらのアカウント ID を除外します（カンマ区切り）"},
		"org.flag.max_in_flight":    {"API calls in flight at once across all accounts", "全アカウント合計で同時に実行する API 呼び出しの上限"},

		"org.flag.permissions_role": {"also print what the scanning account needs for scan --org with this role: sts:AssumeRole on it in every account", "scan --org でこのロールを使う場合にスキャン元アカウントに必要な権限（各アカウントのこのロールに対する sts:AssumeRole）も出力します"},

		"org.err.needs_org":       {"only means something with --org", "--org と併用したときだけ意味があります"},
		"org.err.no_role":         {"--org needs --org-role: the name of the role mamori assumes in each member account (e.g. --org-role MamoriAudit)", "--org には --org-role が必要です。各メンバーアカウントで mamori が引き受けるロールの名前を指定してください（例: --org-role MamoriAudit）"},
		"org.err.role_name":       {"%q is not a role name: give the name only (MamoriAudit), not an ARN", "%q はロール名ではありません。ARN ではなく名前だけ（MamoriAudit）を指定してください"},
		"org.err.account_id":      {"%q is not an AWS account id (12 digits)", "%q は AWS アカウント ID（12 桁の数字）ではありません"},
		"org.err.not_in_org":      {"the account of these credentials is not in an AWS Organizations organisation; scan it without --org", "この認証情報のアカウントは AWS Organizations の組織に属していません。--org を付けずにスキャンしてください"},
		"org.err.cannot_read":     {"cannot read the organisation (%s): use credentials of its management account or of a delegated administrator for AWS Organizations", "組織を読み取れません（%s）。管理アカウント、または AWS Organizations の委任管理者の認証情報を使ってください"},
		"org.err.unknown_account": {"account %s is not in the organisation (%d accounts listed): check --accounts / --exclude-accounts", "アカウント %s は組織に含まれていません（組織のアカウント数 %d）。--accounts / --exclude-accounts を確認してください"},
		"org.err.no_accounts":     {"no account left to scan: --accounts and --exclude-accounts leave nothing", "スキャンするアカウントがありません。--accounts と --exclude-accounts で全て除外されています"},

		"org.plan":                {"scanning organisation %s from account %s: %d accounts, %d services, regions: %s", "組織 %s をアカウント %s からスキャンします: %d アカウント、%d サービス、リージョン: %s"},
		"org.plan.enabled":        {"those enabled in each account", "各アカウントで有効なリージョン"},
		"org.scan.not_applicable": {"%d accounts, regions or services were not applicable (not enabled, suspended, or denied by a service control policy); see mamori accounts", "%d 件のアカウント・リージョン・サービスは対象外でした（無効、停止中、またはサービスコントロールポリシーで拒否）。mamori accounts で確認できます"},

		"accounts.short": {"Each account: its latest scan, failures by severity, errors", "アカウントごとの最新スキャン、重大度別の不合格数、エラー"},
		"accounts.long": {
			"Lists every account in the history with its latest scan (an organisation scan counts for each of its accounts), the failed checks of that scan by severity, its ERROR findings, the reads that failed there with the first reason, and what was not applicable (a region not enabled or denied by a service control policy, a suspended account).\n\nSee one account's findings with: mamori findings --account ID\n\nExit codes: 0 done; 2 usage error; 1 database error.",
			"履歴にあるアカウントごとに、最新のスキャン（組織スキャンはその各アカウントの最新として数えます）、そのスキャンで不合格になったチェックの重大度別の件数、ERROR の件数、読み取れなかった箇所の件数と最初の理由、対象外だったもの（無効なリージョンやサービスコントロールポリシーで拒否されたリージョン、停止中のアカウント）を表示します。\n\n1 つのアカウントの検出結果は mamori findings --account ID で確認できます。\n\n終了コード: 0 完了、2 使い方の誤り、1 データベースのエラー。",
		},
		"accounts.header": {"ACCOUNT\tSCANNED\tSCAN\tCRITICAL\tHIGH\tMEDIUM\tLOW\tERRORS\tUNREAD\tN/A\tREASON", "アカウント\tスキャン日時\tスキャン\t緊急\t高\t中\t低\tエラー\t読取失敗\t対象外\t理由"},
		"accounts.none":   {"no scans yet: run mamori scan first", "スキャンの履歴がありません。先に mamori scan を実行してください"},
	})
}
