package i18n

// Messages of notifications: the ja/en templates of what is sent (notify/),
// and mamori notify.
func init() {
	register(map[string][2]string{
		// Templates. case.notify: subject and title take the case and its title.
		"notify.case.notify.subject": {"[mamori] Case %s: %s", "[mamori] 案件 %s: %s"},
		"notify.case.notify.title":   {"Case %s: %s", "案件 %s: %s"},
		"notify.case.notify.intro": {
			"A vulnerability case concerns you: please check whether you are affected and what is planned.",
			"脆弱性対応の案件についてお知らせします。影響の有無と対応予定をご確認ください。",
		},
		// alert: subject and title take the severity and the alert's title.
		"notify.alert.subject": {"[mamori] %s alert: %s", "[mamori] %s のアラート: %s"},
		"notify.alert.title":   {"%s alert: %s", "%s のアラート: %s"},
		"notify.alert.intro": {
			"The event audit raised an alert that a person should look at.",
			"イベント監査で、確認が必要なアラートが発生しました。",
		},
		"notify.test.subject": {"[mamori] Test notification", "[mamori] テスト通知"},
		"notify.test.title":   {"Test notification", "テスト通知"},
		"notify.test.intro": {
			"This is a test message from mamori: this channel works.",
			"mamori からのテストメッセージです。この通知先に届いています。",
		},
		"notify.other.subject": {"[mamori] %s %s", "[mamori] %s %s"},
		"notify.other.intro":   {"A notification from mamori (%s).", "mamori からのお知らせです（%s）。"},
		"notify.footer":        {"Sent by mamori. Reference: %s", "mamori から送信しました。参照: %s"},
		"notify.footer.actor":  {"Sent by mamori at the request of %s. Reference: %s", "%s さんの依頼で mamori から送信しました。参照: %s"},

		"notify.field.case":      {"Case", "案件"},
		"notify.field.title":     {"Title", "件名"},
		"notify.field.advisory":  {"Advisory", "脆弱性"},
		"notify.field.asset":     {"Asset", "資産"},
		"notify.field.customer":  {"Customer", "顧客"},
		"notify.field.urgency":   {"Urgency", "緊急度"},
		"notify.field.due":       {"Due", "対応期限"},
		"notify.field.decision":  {"Decision", "判断"},
		"notify.field.status":    {"Status", "状態"},
		"notify.field.rule":      {"Rule", "ルール"},
		"notify.field.severity":  {"Severity", "重大度"},
		"notify.field.tier":      {"Tier", "区分"},
		"notify.field.time":      {"Time", "日時"},
		"notify.field.account":   {"Account", "アカウント"},
		"notify.field.region":    {"Region", "リージョン"},
		"notify.field.actor":     {"Actor", "実行者"},
		"notify.field.event":     {"Event", "イベント"},
		"notify.field.recipient": {"Recipient", "宛先"},
		"notify.field.sent_by":   {"Sent by", "送信者"},
		"notify.field.reason":    {"Reason", "理由"},
		"notify.field.source_ip": {"Source IP", "送信元 IP"},

		// mamori notify
		"notify.short": {"Notifications: who gets what, where; deliveries and retries", "通知: 宛先と通知先、配信の記録と再送"},
		"notify.long": {
			"mamori notifies asset owners and customers about vulnerability cases (mamori case notify) and a team about the event audit's alerts (mamori audit ingest --notify) by e-mail (SMTP), Slack, Microsoft Teams and a generic webhook signed with HMAC-SHA256, in each recipient's language (ja/en).\n\nWho receives what on which channel is a YAML file: --config, else MAMORI_NOTIFY_CONFIG, else ~/.config/mamori/notify.yaml (see docs/notify.md). Secrets (the SMTP password, webhook URLs, signing keys) are read from environment variables or files the configuration names; they are never stored, logged or printed: a delivery names an address or a webhook's host only.\n\nEvery delivery is recorded with its status — sent, pending (retried with exponential back-off by mamori notify retry) or failed (given up) — so a failure to deliver never loses the change that caused it.",
			"mamori は、脆弱性の案件について資産の担当者と顧客に（mamori case notify）、イベント監査のアラートについて担当チームに（mamori audit ingest --notify）、メール（SMTP）、Slack、Microsoft Teams、HMAC-SHA256 で署名した汎用 Webhook で、宛先ごとの言語（日本語／英語）で通知します。\n\n誰にどの通知先で送るかは YAML ファイルに書きます: --config、なければ MAMORI_NOTIFY_CONFIG、なければ ~/.config/mamori/notify.yaml（docs/notify.md を参照）。秘密情報（SMTP のパスワード、Webhook の URL、署名鍵）は設定ファイルで指定した環境変数またはファイルから読み込み、保存・ログ出力・表示は一切しません。配信の記録にはアドレスか Webhook のホスト名だけを残します。\n\n配信はすべて状態つきで記録します — 送信済み、保留（mamori notify retry が指数バックオフで再送）、失敗（再送を断念）。配信に失敗しても、通知のもとになった変更は失われません。",
		},
		"notify.list.short": {"List recorded deliveries, newest first", "記録された配信を新しい順に一覧表示します"},
		"notify.list.long": {
			"Lists the deliveries recorded in the database: one row per notification and channel, with its status (sent, pending, failed), the number of attempts, the next retry and the last error. Targets are e-mail addresses or webhook hosts, never URLs.\n\nExit codes: 0 done; 2 usage error; 1 database error.",
			"データベースに記録された配信を一覧表示します。通知と通知先ごとに 1 行で、状態（送信済み・保留・失敗）、試行回数、次の再送時刻、最後のエラーを示します。送信先はメールアドレスか Webhook のホスト名で、URL は表示しません。\n\n終了コード: 0 完了、2 使い方の誤り、1 データベースのエラー。",
		},
		"notify.list.none":   {"no deliveries recorded", "記録された配信はありません"},
		"notify.list.head":   {"ID\tUPDATED\tTENANT\tTOPIC\tREF\tTO\tCHANNEL\tTARGET\tSTATUS\tATTEMPTS\tNEXT RETRY\tLAST ERROR", "ID\t更新\tテナント\t種別\t参照\t宛先\t通知先\t送信先\t状態\t試行\t次の再送\t最後のエラー"},
		"notify.retry.short": {"Send again the pending deliveries that are due", "再送時刻を過ぎた保留中の配信を再送します"},
		"notify.retry.long": {
			"Sends again every pending delivery whose retry time has come, with the configuration as it is now (a fixed password or URL takes effect), and records the outcome. A delivery that fails again waits twice as long as before (retry.first, doubling up to retry.max); after retry.max_attempts attempts it is marked failed. A recipient or channel no longer in the configuration fails its deliveries. Two retries running at once do not send the same delivery twice. Run it from cron or a systemd timer, e.g. every 5 minutes.\n\nExit codes: 0 every due delivery was sent (or none was due); 4 some are still pending or failed (listed on standard error); 2 usage or configuration error; 1 database error.",
			"再送時刻を過ぎた保留中の配信を、現在の設定（修正したパスワードや URL を反映）で再送し、結果を記録します。再び失敗した配信は前回の 2 倍待ちます（retry.first から倍々に、最大 retry.max）。retry.max_attempts 回試行すると失敗とします。設定から消えた宛先や通知先への配信は失敗とします。同時に 2 つ実行しても同じ配信を二重に送りません。cron や systemd タイマーで（例: 5 分ごとに）実行してください。\n\n終了コード: 0 期限の来た配信をすべて送信した（または何もなかった）、4 保留または失敗のものが残った（標準エラーに表示）、2 使い方または設定の誤り、1 データベースのエラー。",
		},
		"notify.retry.done": {"%d due deliveries: %d sent, %d still pending, %d failed", "再送対象 %d 件: 送信 %d 件、保留 %d 件、失敗 %d 件"},
		"notify.test.short": {"Send a test message to a recipient on all their channels", "宛先のすべての通知先にテストメッセージを送ります"},
		"notify.test.long": {
			"Sends a test notification to NAME on every channel the configuration gives them, in their language, and records the deliveries like any other (topic \"test\"). Use it after changing the configuration or a secret.\n\nExit codes: 0 sent on every channel; 4 some channel failed (recorded as pending and retried by mamori notify retry); 2 usage or configuration error, or NAME is not a recipient; 1 database error.",
			"設定で NAME に割り当てたすべての通知先に、その宛先の言語でテスト通知を送り、ほかの通知と同じく配信を記録します（種別 \"test\"）。設定や秘密情報を変更したあとに使ってください。\n\n終了コード: 0 すべての通知先に送信した、4 一部の通知先で失敗した（保留として記録し、mamori notify retry が再送）、2 使い方または設定の誤り、または NAME が宛先にない、1 データベースのエラー。",
		},
		"notify.recipients.short": {"Show the configured recipients and channels, and check their secrets", "設定された宛先と通知先を表示し、秘密情報を読めるか確認します"},
		"notify.recipients.long": {
			"Lists every recipient of the configuration with their kind, language, whether they receive the event audit's alerts, and each channel with its target (an address or a webhook's host). Checks that each channel's secrets can be read now, without sending anything or printing them.\n\nExit codes: 0 every channel is ready; 4 some channel's secret cannot be read (named); 2 usage or configuration error.",
			"設定の宛先ごとに、種別、言語、イベント監査のアラートを受け取るか、通知先とその送信先（アドレスまたは Webhook のホスト名）を表示します。何も送らず、表示もせずに、各通知先の秘密情報を読めるかを確認します。\n\n終了コード: 0 すべての通知先が使える、4 一部の通知先の秘密情報を読めない（表示）、2 使い方または設定の誤り。",
		},
		"notify.recipients.file":     {"configuration: %s", "設定ファイル: %s"},
		"notify.recipients.head":     {"RECIPIENT\tKIND\tLANG\tALERTS\tCHANNEL\tTARGET\tSTATE", "宛先\t種別\t言語\tアラート\t通知先\t送信先\t状態"},
		"notify.recipients.ok":       {"ready", "使用可能"},
		"notify.recipients.alerts":   {"yes", "受信"},
		"notify.recipients.problems": {"%d channels cannot send now (their secrets cannot be read)", "%d 件の通知先は現在送信できません（秘密情報を読めません）"},

		"notify.flag.config":        {"notification configuration file (default: MAMORI_NOTIFY_CONFIG, else ~/.config/mamori/notify.yaml)", "通知の設定ファイル（既定: MAMORI_NOTIFY_CONFIG、なければ ~/.config/mamori/notify.yaml）"},
		"notify.flag.customer_all":  {"only this customer's (tenant's) deliveries (default: every tenant)", "この顧客（テナント）の配信だけ（既定: すべてのテナント）"},
		"notify.flag.status":        {"only deliveries with this status: sent, pending, failed", "この状態の配信だけ: sent、pending、failed"},
		"notify.flag.topic":         {"only notifications about this: case, alert, test", "この種別の通知だけ: case、alert、test"},
		"notify.flag.ref":           {"only notifications about this case or alert (e.g. C-42)", "この案件またはアラートの通知だけ（例: C-42）"},
		"notify.flag.to_filter":     {"only notifications to this recipient", "この宛先への通知だけ"},
		"notify.flag.to":            {"the recipient, by name in the configuration", "宛先（設定ファイルでの名前）"},
		"notify.flag.limit":         {"at most this many rows (0: all)", "最大件数（0: すべて）"},
		"notify.flag.ingest_notify": {"send each new alert (tier alert, not signals) to the recipients under alerts: in the notification configuration", "新しいアラート（区分 alert。シグナルは除く）を、通知設定の alerts: の宛先に送ります"},

		"notify.status.sent":    {"sent", "送信済み"},
		"notify.status.pending": {"pending", "保留"},
		"notify.status.failed":  {"failed", "失敗"},
		"notify.line":           {"notify %s by %s (%s): %s", "通知 %s さん・%s（%s）: %s"},
		"notify.line.retry":     {"— retried after %s: %s", "— %s 以降に再送: %s"},
		"notify.line.error":     {"— %s", "— %s"},
		"notify.partial":        {"%d of %d deliveries were not sent; they are recorded (mamori notify list) and pending ones are retried by mamori notify retry", "%d / %d 件の配信を送信できませんでした。記録済みで（mamori notify list）、保留中のものは mamori notify retry で再送します"},
		"notify.alerts.unsent":  {"notify %s by %s (%s): %d not sent (recorded; mamori notify retry sends the pending ones): %s", "通知 %s さん・%s（%s）: %d 件を送信できませんでした（記録済み。保留中のものは mamori notify retry で再送）: %s"},
		"notify.alerts.done":    {"notified %d new alerts: %d sent, %d pending, %d failed", "新しいアラート %d 件を通知: 送信 %d 件、保留 %d 件、失敗 %d 件"},

		"notify.err.no_config":  {"no notification configuration at %s (write one, see docs/notify.md; or set --config / MAMORI_NOTIFY_CONFIG)", "%s に通知の設定ファイルがありません（docs/notify.md を参照して作成するか、--config または MAMORI_NOTIFY_CONFIG で指定してください）"},
		"notify.err.config":     {"notification configuration %s", "通知の設定ファイル %s"},
		"notify.err.status":     {"%q is not sent, pending or failed", "%q は sent、pending、failed のいずれでもありません"},
		"notify.err.to":         {"name the recipient", "宛先を指定してください"},
		"notify.err.unknown_to": {"%q is not a recipient in %s (recipients: %s)", "%q は %s の宛先にありません（宛先: %s）"},
		"notify.err.no_alerts":  {"%s names no recipients of alerts (add an alerts: list of recipients)", "%s にアラートの宛先がありません（alerts: に宛先の一覧を書いてください）"},
	})
}
