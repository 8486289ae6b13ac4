-- 0003: event audit — alerts and the behavioural detectors' baselines.
--
-- An alert's id is derived from its rule and triggering events, so reading the
-- same events again inserts nothing (INSERT OR IGNORE). Text columns marked
-- JSON hold what the Go code wrote.

CREATE TABLE alerts (
	id          TEXT    NOT NULL PRIMARY KEY,
	rule_id     TEXT    NOT NULL,
	detector    TEXT    NOT NULL,
	severity    INTEGER NOT NULL,
	title       TEXT    NOT NULL, -- JSON Text {en, ja}
	time        INTEGER NOT NULL,
	principal   TEXT    NOT NULL,
	account     TEXT    NOT NULL,
	region      TEXT    NOT NULL,
	event_names TEXT    NOT NULL, -- JSON []string
	event_ids   TEXT    NOT NULL, -- JSON []string
	source_ips  TEXT    NOT NULL, -- JSON []string
	reason      TEXT    NOT NULL, -- JSON Text {en, ja}
	tags        TEXT    NOT NULL, -- JSON []string
	evidence    TEXT    NOT NULL, -- JSON [] of records
	created_at  INTEGER NOT NULL
) STRICT;

-- Alerts() newest first, with or without a time window.
CREATE INDEX alerts_time ON alerts (time, id);
CREATE INDEX alerts_rule ON alerts (rule_id, time);

-- What a detector has seen for a subject (a principal, an account): one row
-- per item (a service, a region, a user-agent family).
CREATE TABLE baselines (
	detector TEXT    NOT NULL,
	subject  TEXT    NOT NULL,
	item     TEXT    NOT NULL,
	first    INTEGER NOT NULL,
	last     INTEGER NOT NULL,
	count    INTEGER NOT NULL,
	PRIMARY KEY (detector, subject, item)
) STRICT, WITHOUT ROWID;
