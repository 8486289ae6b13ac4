-- 0011: notifications — every delivery of a notification on one channel,
-- with its status and retry state. Every row names its tenant. Times are
-- INTEGER nanoseconds (NULL for the zero time). No secret is stored: target
-- is an e-mail address or a webhook's host, never its URL; notification is
-- the JSON mamori.Notification (the facts of a case or an alert) that a
-- retry sends again.
CREATE TABLE deliveries (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant       TEXT    NOT NULL,
	topic        TEXT    NOT NULL,
	ref          TEXT    NOT NULL,
	recipient    TEXT    NOT NULL,
	channel      TEXT    NOT NULL,
	target       TEXT    NOT NULL,
	status       TEXT    NOT NULL CHECK (status IN ('sent', 'pending', 'failed')),
	attempts     INTEGER NOT NULL,
	last_error   TEXT    NOT NULL,
	next_at      INTEGER, -- pending only: when it is tried again
	created      INTEGER NOT NULL,
	updated      INTEGER NOT NULL,
	notification TEXT    NOT NULL
) STRICT;

-- mamori notify retry: the due pending deliveries, oldest first.
CREATE INDEX deliveries_due ON deliveries (status, next_at, id);
-- mamori notify list and "was this alert notified already?".
CREATE INDEX deliveries_ref ON deliveries (tenant, topic, ref, recipient);
