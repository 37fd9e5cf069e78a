-- 0013: readiness (issue 6, C6): training and awareness sessions
-- (tuyên truyền, đào tạo, bồi dưỡng) and the unit's equipment, tools,
-- software, licences and services with their expiry and the expiry
-- reminders sent (docs/internals/readiness.md).

CREATE TABLE trainings (
	id             INTEGER PRIMARY KEY,
	unit_id        INTEGER NOT NULL REFERENCES units(id), -- its scope decides access
	kind           TEXT NOT NULL,             -- awareness, training, refresher, external
	topic          TEXT NOT NULL,
	legal_docs     TEXT NOT NULL DEFAULT '[]', -- JSON array of texts
	held_on        TEXT NOT NULL,             -- yyyy-mm-dd (local)
	ends_on        TEXT,                      -- yyyy-mm-dd, >= held_on
	place          TEXT NOT NULL DEFAULT '',
	organiser      TEXT NOT NULL DEFAULT '',
	audience       TEXT NOT NULL DEFAULT '',
	attendee_count INTEGER NOT NULL DEFAULT 0, -- >= the names listed
	attendees      TEXT NOT NULL DEFAULT '[]', -- JSON [{name, position, workplace}]
	note           TEXT NOT NULL DEFAULT '',
	created_by     INTEGER REFERENCES users(id),
	version        INTEGER NOT NULL DEFAULT 1,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL
);
CREATE INDEX trainings_unit ON trainings(unit_id, held_on);

-- Retired resources (retired_at set) are kept as history and owe no
-- renewal: no reminders.
CREATE TABLE resources (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	kind        TEXT NOT NULL,              -- equipment, tool, software, licence, service
	name        TEXT NOT NULL,
	vendor      TEXT NOT NULL DEFAULT '',
	model       TEXT NOT NULL DEFAULT '',
	serial      TEXT NOT NULL DEFAULT '',
	quantity    INTEGER NOT NULL DEFAULT 1,
	system_id   INTEGER REFERENCES systems(id),
	acquired_on TEXT,                       -- yyyy-mm-dd
	expires_on  TEXT,                       -- yyyy-mm-dd (local), the last valid day
	note        TEXT NOT NULL DEFAULT '',
	retired_at  TEXT,
	created_by  INTEGER REFERENCES users(id),
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX resources_unit ON resources(unit_id, expires_on);
CREATE INDEX resources_expiring ON resources(expires_on)
	WHERE retired_at IS NULL;

-- One row per reminder sent: 'ahead' (30 days before expires_on) or
-- 'expired' (on or after it); keyed by the date too, so a renewed
-- (changed) expiry date reminds again. The key keeps the run
-- idempotent.
CREATE TABLE resource_reminders (
	resource_id INTEGER NOT NULL REFERENCES resources(id),
	expires_on  TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('ahead', 'expired')),
	sent_at     TEXT NOT NULL,
	PRIMARY KEY (resource_id, expires_on, kind)
);
