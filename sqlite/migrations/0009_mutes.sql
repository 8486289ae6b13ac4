-- 0009: mute rules kept in the store (mamori mute add/rm), with the history
-- of every change: who, when, what. A removed rule leaves the mutes table but
-- stays in mute_changes. Times are INTEGER nanoseconds.

CREATE TABLE mutes (
	id         TEXT    NOT NULL PRIMARY KEY,
	tenant     TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	body       TEXT    NOT NULL -- JSON MuteRule
) STRICT;

CREATE INDEX mutes_tenant ON mutes (tenant, created_at, id);

CREATE TABLE mute_changes (
	tenant  TEXT    NOT NULL,
	mute_id TEXT    NOT NULL,
	action  TEXT    NOT NULL CHECK (action IN ('add', 'remove')),
	actor   TEXT    NOT NULL,
	at      INTEGER NOT NULL,
	rule    TEXT    NOT NULL,
	note    TEXT    NOT NULL
) STRICT;

CREATE INDEX mute_changes_tenant ON mute_changes (tenant, at);
