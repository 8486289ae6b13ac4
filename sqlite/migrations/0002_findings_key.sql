-- 0002: findings in key order within a scan.
--
-- PutFindings carries FirstSeen over from the previous scan by walking that
-- scan's findings in key order beside the new ones (a merge, no map of every
-- previous finding in memory). The key index also serves every lookup the
-- check index served.

DROP INDEX findings_check;
CREATE INDEX findings_key ON findings (scan_id, check_id, provider, account, region, resource_id);
