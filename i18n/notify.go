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
	})
}
