-- 0001: scans, resources and findings.
--
-- Times are INTEGER nanoseconds since the Unix epoch (UTC); NULL is the zero
-- time.Time (for scans.finished_at: the scan has not finished). JSON columns
-- hold TEXT written by the Go code; "null" is a nil Go value.

CREATE TABLE scans (
	id          TEXT    NOT NULL PRIMARY KEY,
	source      TEXT    NOT NULL,
	provider    TEXT    NOT NULL,
	accounts    TEXT    NOT NULL, -- JSON []string
	regions     TEXT    NOT NULL, -- JSON []string
	started_at  INTEGER NOT NULL,
	finished_at INTEGER,
	partial     INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),
	errors      TEXT    NOT NULL, -- JSON []CollectError
	resources   INTEGER NOT NULL DEFAULT 0,
	counts      TEXT    NOT NULL  -- JSON map[status]int
) STRICT;

-- Scans() and the latest finished scan.
CREATE INDEX scans_started ON scans (started_at, id);
-- The previous scan of the same source (FirstSeen).
CREATE INDEX scans_source_started ON scans (source, started_at, id);

CREATE TABLE resources (
	scan_id    TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	provider   TEXT NOT NULL,
	account    TEXT NOT NULL,
	region     TEXT NOT NULL,
	type       TEXT NOT NULL,
	id         TEXT NOT NULL,
	name       TEXT NOT NULL,
	tags       TEXT NOT NULL, -- JSON map[string]string
	attributes TEXT NOT NULL, -- JSON tree, see sqlite/tree.go
	relations  TEXT NOT NULL, -- JSON []Relation
	facts      TEXT NOT NULL  -- JSON tree
) STRICT;

CREATE INDEX resources_scan ON resources (scan_id, provider, account, region, type, id);

CREATE TABLE findings (
	scan_id       TEXT    NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	check_id      TEXT    NOT NULL,
	status        TEXT    NOT NULL,
	severity      INTEGER NOT NULL,
	resource_type TEXT    NOT NULL,
	resource_id   TEXT    NOT NULL,
	resource_name TEXT    NOT NULL,
	provider      TEXT    NOT NULL,
	account       TEXT    NOT NULL,
	region        TEXT    NOT NULL,
	reason        TEXT    NOT NULL,
	mute          TEXT,             -- JSON Mute, NULL when not muted
	first_seen    INTEGER NOT NULL,
	last_seen     INTEGER NOT NULL
) STRICT;

-- The report order; also serves every filter within one scan.
CREATE INDEX findings_order ON findings (scan_id, severity DESC, check_id, account, region, resource_id);
CREATE INDEX findings_check ON findings (scan_id, check_id);
CREATE INDEX findings_resource ON findings (scan_id, resource_id);
