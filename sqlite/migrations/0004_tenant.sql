-- 0004: every scan and finding names its tenant (a customer of an MSP, or the
-- company itself), so that the server and PostgreSQL can keep customers apart
-- without a rewrite. Records made before this migration belong to "default".
--
-- Also: a scan's failures by check, for the reports' summaries and the
-- changes since the previous scan, are counted from the findings_key index
-- (scan_id, check_id, ...), which a status column beside it serves without
-- reading the table.

ALTER TABLE scans ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';
ALTER TABLE findings ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';

CREATE INDEX scans_tenant_started ON scans (tenant, started_at, id);

DROP INDEX findings_key;
CREATE INDEX findings_key ON findings (scan_id, check_id, provider, account, region, resource_id, status, first_seen);
