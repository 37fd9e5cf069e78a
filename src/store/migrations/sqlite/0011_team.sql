-- 0011: readiness (issue 6, C6): the roster of the incident response
-- team (Đội ứng cứu sự cố) with its contact points, the clock a
-- contact-point change starts (TT 20/2017 Đ6.1.b: the national
-- coordinator within 24 h), the 24/7 on-call rota, and drills
-- (diễn tập) with the exercise incidents injected into them.
-- docs/internals/team.md.

CREATE TABLE team_members (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES units(id), -- its scope decides access
	full_name   TEXT NOT NULL,              -- Họ và tên
	rank        TEXT NOT NULL DEFAULT '',   -- Cấp bậc (optional)
	position    TEXT NOT NULL DEFAULT '',   -- Chức vụ
	workplace   TEXT NOT NULL DEFAULT '',   -- Đơn vị công tác
	phone       TEXT NOT NULL DEFAULT '',
	email       TEXT NOT NULL DEFAULT '',
	team_role   TEXT NOT NULL DEFAULT 'member', -- leader, deputy, member
	contact     TEXT NOT NULL DEFAULT '',   -- '', primary, backup
	valid_from  TEXT NOT NULL,              -- yyyy-mm-dd
	valid_to    TEXT,                       -- yyyy-mm-dd, inclusive
	created_by  INTEGER REFERENCES users(id),
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX team_members_unit ON team_members(unit_id, id);

-- A contact point changed: the notice to the national coordinator is
-- due 24 h later; met when the notice is recorded as sent.
CREATE TABLE team_clocks (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	kind        TEXT NOT NULL,              -- contact_change
	member_id   INTEGER REFERENCES team_members(id),
	detail      TEXT NOT NULL DEFAULT '',
	started_at  TEXT NOT NULL,
	due_at      TEXT NOT NULL,
	met_at      TEXT,
	note        TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL
);
CREATE INDEX team_clocks_unit ON team_clocks(unit_id, id);

-- Trực 24/7: a weekly pattern (weekday, start minute, length in local
-- time, Asia/Ho_Chi_Minh) or a dated shift [starts_at, ends_at).
CREATE TABLE rota_shifts (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	member_id   INTEGER NOT NULL REFERENCES team_members(id),
	kind        TEXT NOT NULL,              -- weekly, dated
	weekday     INTEGER NOT NULL DEFAULT 0, -- 1 Monday .. 7 Sunday
	start_min   INTEGER NOT NULL DEFAULT 0,
	length_min  INTEGER NOT NULL DEFAULT 0,
	starts_at   TEXT,
	ends_at     TEXT,
	note        TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL
);
CREATE INDEX rota_shifts_unit ON rota_shifts(unit_id, id);

CREATE TABLE drills (
	id           INTEGER PRIMARY KEY,
	unit_id      INTEGER NOT NULL REFERENCES units(id),
	title        TEXT NOT NULL,
	scenario     TEXT NOT NULL,             -- taxonomy / playbook code
	held_on      TEXT NOT NULL,             -- yyyy-mm-dd
	participants TEXT NOT NULL DEFAULT '[]',-- JSON array of names
	evaluation   TEXT NOT NULL DEFAULT '',
	lessons      TEXT NOT NULL DEFAULT '',
	created_by   INTEGER REFERENCES users(id),
	version      INTEGER NOT NULL DEFAULT 1,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE INDEX drills_unit ON drills(unit_id, id);

-- The exercise incidents of a drill (incidents.exercise = 1);
-- injected_at: when the scenario's event was staged (time to detect).
CREATE TABLE drill_incidents (
	drill_id    INTEGER NOT NULL REFERENCES drills(id),
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	injected_at TEXT NOT NULL,
	PRIMARY KEY (drill_id, incident_id)
);
