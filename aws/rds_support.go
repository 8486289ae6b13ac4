package aws

import (
	"strconv"
	"strings"
)

// rdsSupportEnds gives, per engine and major version, the last day of RDS
// standard support (after it, RDS Extended Support is billed and security
// fixes come only with it). Dates from the RDS and Aurora release calendars:
// RDS for MySQL 5.7 and PostgreSQL 11 ended 2024-02-29, PostgreSQL 12
// 2025-02-28, PostgreSQL 13 2026-02-28, MySQL 8.0 2026-07-31; Aurora MySQL
// version 2 (MySQL 5.7 compatible) 2024-10-31. A major older than the oldest
// listed one counts as ended on that oldest date (the kinder reading). Other
// engines (MariaDB, Oracle, SQL Server) are not judged. Checked in 2026
// against "Supported MySQL major versions on Amazon RDS"
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html),
// the RDS for PostgreSQL release calendar
// (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html)
// and the Aurora major versions page
// (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.VersionPolicy.MajorVersionLifetime.html).
var rdsSupportEnds = map[string]map[string]string{
	"mysql":             {"5.7": "2024-02-29", "8.0": "2026-07-31"},
	"postgres":          {"11": "2024-02-29", "12": "2025-02-28", "13": "2026-02-28"},
	"aurora-postgresql": {"11": "2024-02-29", "12": "2025-02-28", "13": "2026-02-28"},
	"aurora-mysql":      {"2": "2024-10-31"},
}

// rdsSupportEnd returns the end of standard support of an engine version as
// "YYYY-MM-DD", or nil when none is announced or the engine is not judged.
func rdsSupportEnd(engine, version string) any {
	table, ok := rdsSupportEnds[strings.ToLower(engine)]
	if !ok || version == "" {
		return nil
	}
	var major string
	switch strings.ToLower(engine) {
	case "mysql": // "8.0.35" -> "8.0"
		p := strings.SplitN(version, ".", 3)
		if len(p) < 2 {
			return nil
		}
		major = p[0] + "." + p[1]
	case "aurora-mysql": // "5.7.mysql_aurora.2.11.2" -> "2"
		_, rest, ok := strings.Cut(version, "mysql_aurora.")
		if !ok {
			return nil
		}
		major, _, _ = strings.Cut(rest, ".")
	default: // "13.15" -> "13"
		major, _, _ = strings.Cut(version, ".")
	}
	if d, ok := table[major]; ok {
		return d
	}
	// Older than every listed major: ended no later than the oldest date.
	mv, err := strconv.ParseFloat(major, 64)
	if err != nil {
		return nil
	}
	oldest, oldestV := "", 0.0
	for k, d := range table {
		kv, _ := strconv.ParseFloat(k, 64)
		if oldest == "" || kv < oldestV {
			oldest, oldestV = d, kv
		}
	}
	if mv < oldestV {
		return oldest
	}
	return nil
}
