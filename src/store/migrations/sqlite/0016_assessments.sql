-- 0016: assessment records (issue 6, C6; regulation.md §5, §6 rows 1,
-- 2, 8, 9): kiểm tra, đánh giá an toàn thông tin of a unit or one of
-- its systems, by itself or by a licensed or designated organisation.
-- A record that answers a calendar duty (obligation) fulfils the item
-- of the period holding held_on (docs/internals/assessments.md).

CREATE TABLE assessments (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES units(id), -- its scope decides access
	system_id   INTEGER REFERENCES systems(id),   -- NULL: the unit as a whole
	obligation  TEXT NOT NULL DEFAULT '',       -- rule-pack code, '' ad hoc
	kind        TEXT NOT NULL,                  -- self, external
	title       TEXT NOT NULL,
	held_on     TEXT NOT NULL,                  -- yyyy-mm-dd (local)
	ends_on     TEXT,                           -- yyyy-mm-dd, >= held_on
	assessor    TEXT NOT NULL DEFAULT '',       -- required when external
	scope       TEXT NOT NULL DEFAULT '',
	findings    TEXT NOT NULL DEFAULT '{}',     -- JSON {critical, high, medium, low}
	summary     TEXT NOT NULL DEFAULT '',
	reference   TEXT NOT NULL DEFAULT '',       -- the report's number, where kept
	created_by  INTEGER REFERENCES users(id),
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX assessments_unit ON assessments(unit_id, held_on);
CREATE INDEX assessments_system ON assessments(system_id)
	WHERE system_id IS NOT NULL;
