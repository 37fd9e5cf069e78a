-- 0012: the compliance calendar (issue 6): periodic obligations of the
-- rule pack (obligations.txt) fulfilled with evidence, and the
-- reminders sent for them (docs/internals/calendar.md).

-- An obligation's period marked done for a unit, or for one of its
-- systems (system_id 0: the unit itself; 0 rather than NULL so that the
-- key is unique). evidence_kind names what fulfils it (assessment,
-- scan, drill, report, document), evidence_ref where to find it.
CREATE TABLE obligation_fulfilments (
	id            INTEGER PRIMARY KEY,
	unit_id       INTEGER NOT NULL REFERENCES units(id),
	system_id     INTEGER NOT NULL DEFAULT 0,
	obligation    TEXT NOT NULL,               -- obligations.txt code
	period        TEXT NOT NULL,               -- 2026, 2026-H1, 2026-Q3 ...
	done_at       TEXT NOT NULL,
	evidence_kind TEXT NOT NULL,
	evidence_ref  TEXT NOT NULL,
	note          TEXT NOT NULL DEFAULT '',
	created_by    INTEGER REFERENCES users(id),
	created_at    TEXT NOT NULL,
	UNIQUE (unit_id, system_id, obligation, period)
);

-- One row per reminder sent: kind 'ahead' (the reminder window opened)
-- or 'overdue'; the key makes the reminder run idempotent.
CREATE TABLE obligation_reminders (
	unit_id    INTEGER NOT NULL REFERENCES units(id),
	system_id  INTEGER NOT NULL DEFAULT 0,
	obligation TEXT NOT NULL,
	period     TEXT NOT NULL,
	kind       TEXT NOT NULL CHECK (kind IN ('ahead', 'overdue')),
	sent_at    TEXT NOT NULL,
	PRIMARY KEY (unit_id, system_id, obligation, period, kind)
);
