-- 0006: vulnerability response — advisories and their alias groups, CISA KEV,
-- EPSS, assets with their components, and matches.
--
-- Every table names its tenant ('default' for the company itself and for
-- the public data every tenant shares). Advisory times are TEXT in RFC 3339
-- (sources write dates such as 0001-01-01 that INTEGER nanoseconds cannot
-- hold); '' is "none". Columns marked JSON hold what the Go code wrote.

CREATE TABLE vuln_advisories (
	tenant     TEXT NOT NULL,
	id         TEXT NOT NULL,
	source     TEXT NOT NULL,
	origin     TEXT NOT NULL,
	modified   TEXT NOT NULL,
	withdrawn  TEXT NOT NULL,
	digest     TEXT NOT NULL,
	advisory   TEXT NOT NULL, -- JSON mamori.Advisory
	raw        BLOB NOT NULL, -- the source's payload, as read
	fetched_at TEXT NOT NULL,
	PRIMARY KEY (tenant, id)
) STRICT;

-- Which advisories name a package: matching looks up one package at a time.
-- ecosystem has no release suffix; name is normalized (mamori.NormalizeName).
CREATE TABLE vuln_affected (
	tenant      TEXT NOT NULL,
	ecosystem   TEXT NOT NULL,
	name        TEXT NOT NULL,
	advisory_id TEXT NOT NULL,
	PRIMARY KEY (tenant, ecosystem, name, advisory_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX vuln_affected_advisory ON vuln_affected (tenant, advisory_id);

-- Alias groups: one row per known ID, naming its group.
CREATE TABLE vuln_aliases (
	tenant   TEXT NOT NULL,
	id       TEXT NOT NULL,
	group_id TEXT NOT NULL,
	PRIMARY KEY (tenant, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX vuln_aliases_group ON vuln_aliases (tenant, group_id);

-- Each replacement of a stored advisory by a newer one.
CREATE TABLE vuln_advisory_changes (
	tenant       TEXT    NOT NULL,
	id           TEXT    NOT NULL,
	source       TEXT    NOT NULL,
	old_modified TEXT    NOT NULL,
	new_modified TEXT    NOT NULL,
	old_digest   TEXT    NOT NULL,
	new_digest   TEXT    NOT NULL,
	at           INTEGER NOT NULL
) STRICT;
CREATE INDEX vuln_advisory_changes_id ON vuln_advisory_changes (tenant, id, at);

CREATE TABLE vuln_kev (
	tenant  TEXT NOT NULL,
	cve     TEXT NOT NULL,
	entry   TEXT NOT NULL, -- JSON mamori.KEVEntry
	raw     BLOB NOT NULL,
	PRIMARY KEY (tenant, cve)
) STRICT, WITHOUT ROWID;

CREATE TABLE vuln_epss (
	tenant        TEXT NOT NULL,
	cve           TEXT NOT NULL,
	score         REAL NOT NULL,
	percentile    REAL NOT NULL,
	date          TEXT NOT NULL,
	model_version TEXT NOT NULL,
	PRIMARY KEY (tenant, cve)
) STRICT, WITHOUT ROWID;

CREATE TABLE vuln_assets (
	tenant     TEXT    NOT NULL,
	name       TEXT    NOT NULL,
	owner      TEXT    NOT NULL,
	importance TEXT    NOT NULL,
	source     TEXT    NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (tenant, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE vuln_components (
	tenant    TEXT NOT NULL,
	asset     TEXT NOT NULL,
	ecosystem TEXT NOT NULL,
	name      TEXT NOT NULL,
	version   TEXT NOT NULL,
	purl      TEXT NOT NULL,
	location  TEXT NOT NULL,
	min_version INTEGER NOT NULL, -- 1: version is a least version (go.mod's go line)
	PRIMARY KEY (tenant, asset, ecosystem, name, version, location),
	FOREIGN KEY (tenant, asset) REFERENCES vuln_assets (tenant, name) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE vuln_matches (
	tenant      TEXT    NOT NULL,
	asset       TEXT    NOT NULL,
	group_id    TEXT    NOT NULL,
	advisory_id TEXT    NOT NULL,
	ecosystem   TEXT    NOT NULL,
	name        TEXT    NOT NULL,
	version     TEXT    NOT NULL,
	location    TEXT    NOT NULL,
	confidence  TEXT    NOT NULL,
	match       TEXT    NOT NULL, -- JSON mamori.Match without KEV and EPSS
	matched_at  INTEGER NOT NULL,
	PRIMARY KEY (tenant, asset, group_id, advisory_id, ecosystem, name, version, location)
) STRICT, WITHOUT ROWID;

-- What mamori vuln sync last imported from each feed.
CREATE TABLE vuln_sync (
	url           TEXT    NOT NULL PRIMARY KEY,
	etag          TEXT    NOT NULL,
	last_modified TEXT    NOT NULL,
	synced_at     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
