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
			"Lists the network-facing resources of a stored scan (the latest, or --scan) that anyone on the internet can open a connection to, with the ports and the path the traffic takes: internet gateway → route table → subnet → network ACL → security groups → listener. --all lists the others too, with why they are not reachable (no public address, a public address but no route to an internet gateway, an egress-only or NAT gateway, ...).\n\nThe answer errs towards \"reachable\": return traffic through the ACL's egress rules is not modelled, and only rules open to every address count as the internet.\n\nExit codes: 0 done; 2 no scan, or a usage error; 1 database error.",
			"保存済みスキャン（最新、または --scan）のうち、インターネット上の誰もが接続できるネットワーク上のリソースを、ポートと通信経路（インターネットゲートウェイ → ルートテーブル → サブネット → ネットワーク ACL → セキュリティグループ → リスナー）とともに一覧表示します。--all を付けると到達できないリソースも、その理由（パブリックアドレスがない、パブリックアドレスはあるがインターネットゲートウェイへのルートがない、Egress-Only・NAT ゲートウェイ経由など）とともに表示します。\n\n判定は「到達できる」側に倒しています。ACL の送信ルールによる戻りの通信は考慮せず、すべてのアドレスに開いたルールだけをインターネットとみなします。\n\n終了コード: 0 完了、2 スキャンがない、または使い方の誤り、1 データベースのエラー。",
		},
		"exposure.flag.all": {"also list resources that are not reachable, with the reason", "到達できないリソースも理由とともに表示する"},
		"exposure.scan":     {"Scan %s (%s)", "スキャン %s（%s）"},
		"exposure.none":     {"nothing in this scan is reachable from the internet", "このスキャンにはインターネットから到達できるリソースはありません"},
		"exposure.header":   {"TYPE\tNAME\tACCOUNT\tREGION\tPORTS\tPATH", "種類\t名前\tアカウント\tリージョン\tポート\t経路"},
	})
}
