package i18n

// Messages of the IAM analysis (mamori iam), exposure (mamori exposure) and
// mutes (mamori mute).
func init() {
	register(map[string][2]string{
		"iam.short": {"What IAM principals can do, as AWS evaluates it", "IAM プリンシパルが実際に何をできるかを、AWS と同じ評価方法で示します"},
		"iam.long": {
			"Reads the IAM analysis of a stored scan: effective permissions of every user and role from their policies, groups, permission boundaries and the organisation's SCPs, who is admin-equivalent, and how others can become so.",
			"保存済みスキャンの IAM 分析を表示します。各ユーザーとロールのポリシー、グループ、アクセス許可の境界、組織の SCP から求めた実際の権限、実質的な管理者、そして管理者になれる経路です。",
		},
		"iam.paths.short": {"Show how a principal can become administrator", "プリンシパルが管理者になれる経路を表示します"},
		"iam.paths.long": {
			"Shows, for the user or role --principal (an ARN, or a name when only one principal has it), whether it is already admin-equivalent (and under which conditions), or the privilege-escalation paths by which it can become so, each step with the method, the action and the resource. Read from the latest scan, or --scan.\n\nStatements with conditions are not evaluated; a step that depends on one is marked \"may allow\". A policy document the scan could not read is named: the principal may have more rights than shown.\n\nExit codes: 0 done; 2 no such principal in the scan, or a usage error; 1 database error.",
			"--principal で指定したユーザーまたはロール（ARN、または 1 つだけに一致する名前）について、すでに実質的な管理者か（どの条件のもとで）、または管理者になれる権限昇格の経路を、手順ごとに方法・アクション・リソースとともに表示します。最新のスキャン（または --scan）から読み取ります。\n\n条件付きのステートメントは評価しません。条件に依存する手順には「許可される可能性あり」と表示します。スキャンで読めなかったポリシー文書はその名前を示します（表示以上の権限を持つ可能性があります）。\n\n終了コード: 0 完了、2 スキャンにそのプリンシパルがない、または使い方の誤り、1 データベースのエラー。",
		},
		"iam.flag.principal":       {"the user or role: an ARN, or its name", "ユーザーまたはロール: ARN または名前"},
		"iam.flag.format":          {"output format: table or json", "出力形式: table または json"},
		"iam.err.principal":        {"--principal is required (an IAM user or role ARN)", "--principal を指定してください（IAM ユーザーまたはロールの ARN）"},
		"iam.err.unknown":          {"no IAM user or role %s in scan %s (list them: mamori findings --check aws-iam-user-not-admin-equivalent)", "スキャン %[2]s に IAM ユーザーまたはロール %[1]s はありません（一覧: mamori findings --check aws-iam-user-not-admin-equivalent）"},
		"iam.paths.admin":          {"is admin-equivalent already", "すでに実質的な管理者です"},
		"iam.paths.may":            {"(may allow: depends on a condition)", "（許可される可能性あり: 条件に依存）"},
		"iam.paths.none":           {"no path to administrator found", "管理者への経路は見つかりませんでした"},
		"iam.paths.count":          {"can become administrator (%d paths, shortest first):", "管理者になれます（%d 経路、短い順）:"},
		"iam.paths.path":           {"path %d", "経路 %d"},
		"iam.paths.conditional":    {"(may allow: depends on conditions)", "（許可される可能性あり: 条件に依存）"},
		"iam.paths.unreadable":     {"policy documents that could not be read (it may have more rights than shown):", "読み取れなかったポリシー文書（表示以上の権限を持つ可能性があります）:"},
		"iam.paths.no_facts":       {"its permissions could not be worked out (see the policy documents above)", "権限を求められませんでした（上記のポリシー文書を参照）"},
		"iam.paths.scp_incomplete": {"note: some SCPs could not be placed or read; they were left out, so it may be allowed less than shown", "注: 一部の SCP は適用先が分からないか読み取れなかったため除外しました。実際の権限は表示より少ない可能性があります"},

		"exposure.short": {"What the internet can reach, on which ports, and why", "インターネットから到達できるリソースと、そのポートと経路を表示します"},
		"exposure.long": {
			"Lists the network-facing resources of a stored scan (the latest, or --scan) that anyone on the internet can open a connection to, with the ports and the path the traffic takes: internet gateway → route table → subnet → network ACL → security groups → listener, or the endpoint AWS runs (API Gateway, CloudFront, OpenSearch, Lambda URL, EKS). Instances, load balancers and what they forward to, RDS / Aurora, Redshift, ElastiCache, OpenSearch, ECS services, API Gateway and CloudFront (with the origins reachable around it) are judged. --all lists the others too, with why they are not reachable (no public address, a public address but no route to an internet gateway, an egress-only or NAT gateway, an ACL that blocks the replies, ...).\n\nOnly rules that together cover every internet address count as the internet: 0.0.0.0/1 + 128.0.0.0/1 does, an office range does not. A narrower deny or route carved out of a broad allow does not close it, so the answer errs towards \"reachable\".\n\nExit codes: 0 done; 2 no scan, or a usage error; 1 database error.",
			"保存済みスキャン（最新、または --scan）のうち、インターネット上の誰もが接続できるネットワーク上のリソースを、ポートと通信経路（インターネットゲートウェイ → ルートテーブル → サブネット → ネットワーク ACL → セキュリティグループ → リスナー、または AWS が運用するエンドポイント（API Gateway、CloudFront、OpenSearch、Lambda 関数 URL、EKS））とともに一覧表示します。対象は、インスタンス、ロードバランサーとその転送先、RDS・Aurora、Redshift、ElastiCache、OpenSearch、ECS サービス、API Gateway、CloudFront（CloudFront を経由せずに到達できるオリジンも含む）です。--all を付けると到達できないリソースも、その理由（パブリックアドレスがない、パブリックアドレスはあるがインターネットゲートウェイへのルートがない、Egress-Only・NAT ゲートウェイ経由、ACL が応答の通信を遮断している など）とともに表示します。\n\nすべてのインターネットアドレスを合わせて覆うルールだけをインターネットとみなします。0.0.0.0/1 と 128.0.0.0/1 の組はインターネット、拠点のアドレス範囲はインターネットではありません。広い許可から一部を除く拒否ルールやルートがあっても到達できるとみなすため、判定は「到達できる」側に倒しています。\n\n終了コード: 0 完了、2 スキャンがない、または使い方の誤り、1 データベースのエラー。",
		},
		"exposure.flag.all": {"also list resources that are not reachable, with the reason", "到達できないリソースも理由とともに表示する"},
		"exposure.scan":     {"Scan %s (%s)", "スキャン %s（%s）"},
		"exposure.none":     {"nothing in this scan is reachable from the internet", "このスキャンにはインターネットから到達できるリソースはありません"},
		"exposure.header":   {"TYPE\tNAME\tACCOUNT\tREGION\tPORTS\tPATH", "種類\t名前\tアカウント\tリージョン\tポート\t経路"},

		"mute.short": {"Accepted risks: mute findings by check, account, region, resource, tag or pattern", "受け入れたリスク: チェック・アカウント・リージョン・リソース・タグ・パターンで検出結果をミュートします"},
		"mute.long": {
			"Mute rules kept in the database apply to every later scan, together with a --mutelist file's. Each rule says who added it, why, who owns the risk and until when; an expired rule stops muting and every scan names it on standard error until someone renews or removes it. Every change is recorded with who made it (--as, else MAMORI_USER, else the OS user) and when: mamori mute list --history, and appended to the hash-chained change log in the same transaction as the change (mamori auditlog verify / export).",
			"データベースに保存したミュートルールは、--mutelist ファイルのルールと合わせて以降のすべてのスキャンに適用されます。各ルールには、追加した人、理由、リスクの責任者、期限を記録します。期限切れのルールはミュートしなくなり、更新または削除されるまで毎回のスキャンで標準エラーに表示します。すべての変更は、変更した人（--as、MAMORI_USER、OS のユーザーの順）と日時とともに記録し（mamori mute list --history）、変更と同じトランザクションでハッシュチェーンの変更履歴にも追記します（mamori auditlog verify / export）。",
		},
		"mute.add.short": {"Add a mute rule", "ミュートルールを追加します"},
		"mute.add.long": {
			"Adds a rule that mutes the FAIL findings it matches: a check (or glob), a resource id glob, a name glob, an account, a region, tags (--tag key=value, the value a glob; repeat for several) and a regular expression over the resource id (--pattern). What is not given matches anything, but a rule must narrow by something. --reason, --owner and --until are required: a mute is an accepted risk with an owner and an end.\n\nERROR findings are never muted.\n\nExit codes: 0 added; 2 usage error; 1 database error.",
			"一致する FAIL の検出結果をミュートするルールを追加します。チェック（または glob）、リソース ID の glob、名前の glob、アカウント、リージョン、タグ（--tag key=value。値は glob。複数指定可）、リソース ID の正規表現（--pattern）で絞り込みます。指定しない項目はすべてに一致しますが、何らかの絞り込みが必要です。--reason、--owner、--until は必須です。ミュートは、責任者と期限のある受け入れたリスクです。\n\nERROR の検出結果はミュートしません。\n\n終了コード: 0 追加済み、2 使い方の誤り、1 データベースのエラー。",
		},
		"mute.list.short": {"List mute rules, expired ones, or the history of changes", "ミュートルール、期限切れのルール、または変更履歴を表示します"},
		"mute.list.long": {
			"Lists the mute rules kept in the database (and those of --mutelist FILE), each active or expired. --expired lists only the expired ones. --history lists every change instead: who added or removed which rule, when and why.\n\nExit codes: 0 done; 2 usage error or a malformed mutelist; 1 database error.",
			"データベースに保存したミュートルール（と --mutelist FILE のルール）を、有効か期限切れかとともに一覧表示します。--expired は期限切れのものだけを表示します。--history は代わりにすべての変更（誰が、いつ、どのルールを、なぜ追加・削除したか）を表示します。\n\n終了コード: 0 完了、2 使い方の誤り、またはミュートリストの形式の誤り、1 データベースのエラー。",
		},
		"mute.rm.short": {"Remove mute rules", "ミュートルールを削除します"},
		"mute.rm.long": {
			"Removes the stored rules with the IDs given (mamori mute list shows them). The removal is recorded with who made it, when and --reason, in the mute history and the change log; the rule's findings fail again from the next scan.\n\nExit codes: 0 removed; 2 no such rule; 1 database error.",
			"指定した ID の保存済みルールを削除します（ID は mamori mute list で確認できます）。削除は、削除した人、日時、--reason とともにミュートの履歴と変更履歴に記録します。次回のスキャンから、そのルールの検出結果は再び不合格になります。\n\n終了コード: 0 削除済み、2 該当するルールがない、1 データベースのエラー。",
		},
		"mute.flag.check":     {"check id or glob (aws-s3-*); default any", "チェック ID または glob（aws-s3-*）。既定はすべて"},
		"mute.flag.resource":  {"resource id (ARN) glob; * matches / and : too; default any", "リソース ID（ARN）の glob。* は / や : にも一致。既定はすべて"},
		"mute.flag.name":      {"resource name glob (names can be changed by whoever can tag: do not mute by name alone)", "リソース名の glob（名前はタグを変更できる人なら変えられるため、名前だけでミュートしないでください）"},
		"mute.flag.account":   {"account id", "アカウント ID"},
		"mute.flag.region":    {"region", "リージョン"},
		"mute.flag.tag":       {"a tag the resource must have, key=value-glob (repeatable)", "リソースが持つべきタグ key=値の glob（複数指定可）"},
		"mute.flag.pattern":   {"a regular expression (RE2) the resource id must match", "リソース ID が一致すべき正規表現（RE2）"},
		"mute.flag.owner":     {"who owns the accepted risk (person or team)", "受け入れたリスクの責任者（人またはチーム）"},
		"mute.flag.reason":    {"why the risk is accepted (a ticket, a decision)", "リスクを受け入れる理由（チケット、決定事項）"},
		"mute.flag.until":     {"expiry: a date (2026-12-31), an RFC 3339 time, or a duration (90d, 36h)", "期限: 日付（2026-12-31）、RFC 3339 の日時、または期間（90d、36h）"},
		"mute.flag.mutelist":  {"also list the rules of this mutelist file", "このミュートリストファイルのルールも表示する"},
		"mute.flag.expired":   {"list only expired rules", "期限切れのルールだけを表示する"},
		"mute.flag.history":   {"list the changes (who, when, what) instead of the rules", "ルールではなく変更履歴（誰が、いつ、何を）を表示する"},
		"mute.flag.rm_reason": {"why the rule is removed (recorded)", "削除の理由（記録されます）"},
		"mute.err.required":   {"--reason, --owner and --until are required: a mute is an accepted risk with an owner and an end", "--reason、--owner、--until は必須です。ミュートは責任者と期限のある受け入れたリスクです"},
		"mute.err.past":       {"%s is already past", "%s はすでに過ぎています"},
		"mute.err.tag":        {"%q is not key=value", "%q は key=value の形式ではありません"},
		"mute.err.unknown":    {"no mute rule %s (see mamori mute list)", "ミュートルール %s はありません（mamori mute list で確認してください）"},
		"mute.added":          {"added %s: %s, until %s", "%s を追加しました: %s、期限 %s"},
		"mute.removed":        {"removed %s", "%s を削除しました"},
		"mute.expired":        {"mute %[1]s expired on %[3]s and no longer mutes: %[2]s (by %[4]s: %[5]s); renew or remove it", "ミュート %[1]s は %[3]s に期限切れとなり、ミュートしていません: %[2]s（%[4]s: %[5]s）。更新または削除してください"},
		"mute.list.header":    {"ID\tSTATE\tMATCHES\tOWNER\tBY\tUNTIL\tREASON", "ID\t状態\t対象\t責任者\t追加者\t期限\t理由"},
		"mute.history.header": {"AT\tACTION\tWHO\tID\tRULE\tNOTE", "日時\t操作\t実行者\tID\tルール\t備考"},
		"mute.state.active":   {"active", "有効"},
		"mute.state.expired":  {"EXPIRED", "期限切れ"},
		"mute.no_expiry":      {"none", "なし"},
	})
}
