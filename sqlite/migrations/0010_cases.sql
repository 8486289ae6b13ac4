-- 0010: the case workflow of vulnerability response — cases, reusable
-- decisions, the hash-chained change log, and what the case sync last saw
-- of each asset.
--
-- Times are INTEGER nanoseconds (0 is "none"). case and decision hold the
-- JSON mamori.Case / mamori.Decision; the other columns are what lists and
-- filters need.

CREATE TABLE cases (
	id       INTEGER NOT NULL PRIMARY KEY, -- the n of "C-<n>"
	tenant   TEXT    NOT NULL,
	group_id TEXT    NOT NULL,
	asset    TEXT    NOT NULL,
	status   TEXT    NOT NULL,
	rank     INTEGER NOT NULL, -- SSVC outcome: 3 act ... 0 track
	due      INTEGER NOT NULL,
	expires  INTEGER NOT NULL, -- a risk acceptance's expiry, 0 when none
	updated  INTEGER NOT NULL,
	-- What the list and the report show, so that they need not decode the
	-- whole case: its columns, then the JSON last (not read for a list).
	title    TEXT    NOT NULL,
	assignee TEXT    NOT NULL,
	outcome  TEXT    NOT NULL,
	exposed  INTEGER NOT NULL,
	cvss     REAL    NOT NULL,
	pkgs     TEXT    NOT NULL, -- "name version" lines
	decision TEXT    NOT NULL, -- "status justification"
	opened   INTEGER NOT NULL,
	closed   INTEGER NOT NULL,
	"case"   TEXT    NOT NULL  -- JSON mamori.Case
) STRICT;
CREATE INDEX cases_open ON cases (status, rank DESC, due, id);
CREATE INDEX cases_asset ON cases (tenant, asset, group_id);
CREATE INDEX cases_expires ON cases (expires) WHERE expires > 0;

CREATE TABLE case_decisions (
	id       INTEGER NOT NULL PRIMARY KEY, -- the n of "D-<n>"
	key      TEXT    NOT NULL UNIQUE,      -- mamori.Decision.Key
	tenant   TEXT    NOT NULL,
	scope    TEXT    NOT NULL,
	at       INTEGER NOT NULL,
	decision TEXT    NOT NULL              -- JSON mamori.Decision
) STRICT;
CREATE INDEX case_decisions_tenant ON case_decisions (tenant, scope);

-- The change log: append-only, each entry carrying the hash of the one
-- before (mamori.LogEntry). Triggers refuse updates and deletes, so only
-- someone editing the file by hand can change it — and verify finds that.
CREATE TABLE change_log (
	seq    INTEGER NOT NULL PRIMARY KEY,
	tenant TEXT    NOT NULL,
	at     INTEGER NOT NULL,
	actor  TEXT    NOT NULL,
	kind   TEXT    NOT NULL,
	ref    TEXT    NOT NULL,
	action TEXT    NOT NULL,
	data   BLOB    NOT NULL,
	prev   TEXT    NOT NULL,
	hash   TEXT    NOT NULL
) STRICT;
CREATE INDEX change_log_ref ON change_log (kind, ref, seq);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;

-- What the case sync last saw of each asset (matches, owner, importance,
-- and the shared inputs: KEV, EPSS, the latest scan).
CREATE TABLE case_sync (
	tenant TEXT NOT NULL,
	asset  TEXT NOT NULL,
	stamp  TEXT NOT NULL,
	PRIMARY KEY (tenant, asset)
) STRICT, WITHOUT ROWID;
