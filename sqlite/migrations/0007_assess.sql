-- 0007: assessments — answers to framework questions, scored assessments and
-- suppliers. Every row names its tenant. Times are INTEGER nanoseconds (NULL
-- for the zero time); JSON columns hold what the Go code wrote.

-- The current answer to each question, per tenant and subject ('' for the
-- company itself, else a supplier's name). Past answers stay inside the
-- assessments that used them.
CREATE TABLE answers (
	tenant    TEXT    NOT NULL,
	subject   TEXT    NOT NULL,
	framework TEXT    NOT NULL,
	control   TEXT    NOT NULL,
	value     TEXT    NOT NULL,
	by_whom   TEXT    NOT NULL,
	at        INTEGER,
	evidence  TEXT    NOT NULL,
	note      TEXT    NOT NULL,
	reviewed  INTEGER,
	PRIMARY KEY (tenant, subject, framework, control)
) STRICT, WITHOUT ROWID;

CREATE TABLE assessments (
	id        TEXT    NOT NULL PRIMARY KEY,
	tenant    TEXT    NOT NULL,
	subject   TEXT    NOT NULL,
	framework TEXT    NOT NULL,
	at        INTEGER NOT NULL,
	score     INTEGER NOT NULL,
	max       INTEGER NOT NULL,
	band      TEXT    NOT NULL,
	body      TEXT    NOT NULL -- JSON Assessment, whole
) STRICT;

-- History and trend, newest first, per subject and framework.
CREATE INDEX assessments_subject ON assessments (tenant, subject, framework, at, id);
CREATE INDEX assessments_at ON assessments (tenant, at, id);

CREATE TABLE suppliers (
	tenant      TEXT    NOT NULL,
	name        TEXT    NOT NULL,
	contact     TEXT    NOT NULL,
	required    TEXT    NOT NULL,
	review_days INTEGER NOT NULL,
	asked       TEXT    NOT NULL, -- JSON []string: frameworks whose questionnaire was sent
	added_at    INTEGER NOT NULL,
	PRIMARY KEY (tenant, name)
) STRICT, WITHOUT ROWID;
