-- 0006: official reports drafted from an incident (issue 5): the notice
-- (3.3 A), Bieu mau 03 (3.3 B) ..., their workflow draft -> approved ->
-- sent -> acknowledged, and the document numbers (so ky hieu).
--
-- One row per edition: a correction of an approved report is a new row
-- whose replaces_id names the one it corrects. Once approved a row is
-- frozen: its number, the data it was rendered from (snapshot) and the
-- SHA-256 of that rendering never change.

-- BC-YYYY-NNNN: the reports' public ids, one row per year.
CREATE TABLE report_ids (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);

-- The document number: per unit, per year, per document type (BC, TB),
-- moved in the approving transaction, so numbers never repeat and leave
-- no gap.
CREATE TABLE doc_counters (
	unit_id  INTEGER NOT NULL REFERENCES units(id),
	year     INTEGER NOT NULL,
	doc_type TEXT NOT NULL,
	last     INTEGER NOT NULL,
	PRIMARY KEY (unit_id, year, doc_type)
);

CREATE TABLE reports (
	id          INTEGER PRIMARY KEY,
	public_id   TEXT NOT NULL UNIQUE,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	form        TEXT NOT NULL,            -- the pack's report code
	doc_type    TEXT NOT NULL,            -- BC, TB
	edition     INTEGER NOT NULL DEFAULT 1,
	replaces_id INTEGER REFERENCES reports(id),
	status      TEXT NOT NULL DEFAULT 'draft', -- approved, sent, acknowledged
	fields      TEXT NOT NULL DEFAULT '{}',    -- JSON: free-field texts
	year        INTEGER,                  -- of the number
	number      INTEGER,                  -- once approved
	symbol      TEXT,                     -- "01/BC-SNV", once approved
	snapshot    TEXT,                     -- JSON rendered, once approved
	sha256      TEXT,                     -- of the approved PDF
	recipients  TEXT,                     -- JSON array, once sent
	channel     TEXT,
	send_id     INTEGER REFERENCES report_sends(id),
	created_by  INTEGER REFERENCES users(id),
	created_at  TEXT NOT NULL,
	approved_by INTEGER REFERENCES users(id),
	approved_at TEXT,
	sent_by     INTEGER REFERENCES users(id),
	sent_at     TEXT,
	acked_by    INTEGER REFERENCES users(id),
	acked_at    TEXT,
	version     INTEGER NOT NULL DEFAULT 1,
	updated_at  TEXT NOT NULL,
	UNIQUE (unit_id, year, doc_type, number)
);
CREATE INDEX reports_incident ON reports(incident_id, id);
-- one correction per edition: two cannot both replace the same one
CREATE UNIQUE INDEX reports_replaces ON reports(replaces_id);
