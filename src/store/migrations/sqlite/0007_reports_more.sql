-- 0007: reports drafted for a unit rather than an incident (issue 5:
-- Mau 01, the network member profile): reports.incident_id may be NULL,
-- and then unit_id is the unit the document is about.
--
-- SQLite cannot drop a NOT NULL in place: the table is rebuilt. The new
-- table's self-reference names reports_new, which the rename rewrites
-- to reports; no other table references reports, so dropping the old
-- one leaves no dangling key.
CREATE TABLE reports_new (
	id          INTEGER PRIMARY KEY,
	public_id   TEXT NOT NULL UNIQUE,
	incident_id INTEGER REFERENCES incidents(id),  -- NULL: a unit's
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	form        TEXT NOT NULL,            -- the pack's report code
	doc_type    TEXT NOT NULL,            -- BC, TB; '' unnumbered
	edition     INTEGER NOT NULL DEFAULT 1,
	replaces_id INTEGER REFERENCES reports_new(id),
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
INSERT INTO reports_new SELECT id, public_id, incident_id, unit_id, form,
	doc_type, edition, replaces_id, status, fields, year, number, symbol,
	snapshot, sha256, recipients, channel, send_id, created_by, created_at,
	approved_by, approved_at, sent_by, sent_at, acked_by, acked_at,
	version, updated_at FROM reports;
DROP TABLE reports;
ALTER TABLE reports_new RENAME TO reports;
CREATE INDEX reports_incident ON reports(incident_id, id);
CREATE INDEX reports_unit ON reports(unit_id, id);
-- one correction per edition: two cannot both replace the same one
CREATE UNIQUE INDEX reports_replaces ON reports(replaces_id);
