-- 0003: the incident register (issue 3): incidents with their affected
-- systems, types, procedure steps and the units on them, people named on
-- them, tasks, comments, links, timeline, observables, evidence with its
-- custody log, directions received and reports sent.
--
-- Documents of the initial report (Mau 03) and the notice travel as JSON
-- text validated by the service; everything a list filters or sorts on
-- is a column.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('rulepack', 'legacy-2017');

-- The rule pack's parties (ir_unit, steering_board, police ...) bound to
-- this instance's units, to prefill the lead and coordinating units.
CREATE TABLE party_bindings (
	party   TEXT PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id)
);

-- SC-YYYY-NNNN: one row per year, bumped inside the creating
-- transaction, so numbers are gap-free and never repeat.
CREATE TABLE incident_counters (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);

CREATE TABLE incidents (
	id                  INTEGER PRIMARY KEY,
	public_id           TEXT NOT NULL UNIQUE,
	unit_id             INTEGER NOT NULL REFERENCES units(id),
	rulepack            TEXT NOT NULL,
	source              TEXT NOT NULL,   -- unit, coordinator, token, notice
	title               TEXT NOT NULL,
	description         TEXT NOT NULL,
	status              TEXT NOT NULL,
	procedure           TEXT NOT NULL,   -- normal, serious
	tlp                 TEXT NOT NULL,
	priority            TEXT NOT NULL,
	impact_c            TEXT NOT NULL DEFAULT 'none',
	impact_i            TEXT NOT NULL DEFAULT 'none',
	impact_a            TEXT NOT NULL DEFAULT 'none',
	harms               TEXT NOT NULL DEFAULT '[]',
	owner_cannot_handle INTEGER NOT NULL DEFAULT 0,
	beyond_capacity_at  TEXT,            -- found beyond the unit's capacity
	acknowledged_at     TEXT,            -- receipt acknowledged (notices)
	severity            TEXT NOT NULL DEFAULT 'normal', -- in effect
	serious_at          TEXT,            -- became serious (clocks)
	serious_computed    INTEGER NOT NULL DEFAULT 0,
	serious_reasons_vi  TEXT NOT NULL DEFAULT '',
	serious_reasons_en  TEXT NOT NULL DEFAULT '',
	upgrade_proposed_at TEXT,
	upgrade_proposed_by INTEGER REFERENCES users(id),
	upgrade_reason      TEXT NOT NULL DEFAULT '',
	decision            TEXT NOT NULL DEFAULT '', -- '', serious, normal
	decision_at         TEXT,
	decision_by         INTEGER REFERENCES users(id),
	decision_note       TEXT NOT NULL DEFAULT '',
	detected_at         TEXT NOT NULL,
	reported_at         TEXT NOT NULL,
	response_ended_at   TEXT,
	closed_at           TEXT,
	next_due_at         TEXT,            -- earliest unmet clock (lists)
	notice              TEXT,            -- JSON: thong bao su co (3.3 A)
	report              TEXT,            -- JSON: bao cao ban dau (3.3 B)
	closing             TEXT,            -- JSON: root cause, damage, lessons
	violation           TEXT,            -- JSON: III.4 finding, police
	exercise            INTEGER NOT NULL DEFAULT 0,
	created_by          INTEGER REFERENCES users(id),
	version             INTEGER NOT NULL DEFAULT 1,
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL
);
CREATE INDEX incidents_unit ON incidents(unit_id, detected_at);
CREATE INDEX incidents_detected ON incidents(detected_at, id);
CREATE INDEX incidents_status ON incidents(status, detected_at);
CREATE INDEX incidents_due ON incidents(next_due_at, id);

CREATE TABLE incident_types (
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	code        TEXT NOT NULL,
	PRIMARY KEY (incident_id, code)
);
CREATE INDEX incident_types_code ON incident_types(code, incident_id);

-- Affected systems: by registry id once the registry exists, by name
-- until then (system_id stays NULL).
CREATE TABLE incident_systems (
	id                INTEGER PRIMARY KEY,
	incident_id       INTEGER NOT NULL REFERENCES incidents(id),
	system_id         INTEGER,
	name              TEXT NOT NULL,
	level             INTEGER NOT NULL DEFAULT 0,  -- 0 unknown, 1..5
	national_critical INTEGER NOT NULL DEFAULT 0,
	domain            TEXT NOT NULL DEFAULT '',
	ip                TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_systems_incident ON incident_systems(incident_id);

-- People named on an incident: who may see it when it is TLP:RED.
CREATE TABLE incident_people (
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	user_id     INTEGER NOT NULL REFERENCES users(id),
	PRIMARY KEY (incident_id, user_id)
);
CREATE INDEX incident_people_user ON incident_people(user_id);

CREATE TABLE incident_steps (
	id          INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	procedure   TEXT NOT NULL,
	code        TEXT NOT NULL,
	ord         INTEGER NOT NULL,
	state       TEXT NOT NULL DEFAULT 'pending',
	required    INTEGER NOT NULL DEFAULT 1,
	started_at  TEXT,
	ended_at    TEXT,
	note        TEXT NOT NULL DEFAULT '',
	na_reason   TEXT NOT NULL DEFAULT '',
	failures    INTEGER NOT NULL DEFAULT 0,  -- III.3 checks that failed
	version     INTEGER NOT NULL DEFAULT 1,
	updated_at  TEXT NOT NULL,
	UNIQUE (incident_id, procedure, code)
);

-- Lead (chu tri) and coordinating (phoi hop) units of each step: a user
-- of such a unit sees the incident.
CREATE TABLE step_units (
	step_id     INTEGER NOT NULL REFERENCES incident_steps(id),
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	role        TEXT NOT NULL,               -- lead, coordinating
	PRIMARY KEY (step_id, unit_id, role)
);
CREATE INDEX step_units_unit ON step_units(unit_id, incident_id);

CREATE TABLE incident_tasks (
	id          INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	title       TEXT NOT NULL,
	assignee_id INTEGER REFERENCES users(id),
	unit_id     INTEGER REFERENCES units(id),
	due_at      TEXT,
	state       TEXT NOT NULL DEFAULT 'open', -- open, done, cancelled
	version     INTEGER NOT NULL DEFAULT 1,
	created_by  INTEGER REFERENCES users(id),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX incident_tasks_incident ON incident_tasks(incident_id);
CREATE INDEX incident_tasks_assignee ON incident_tasks(assignee_id, state);

CREATE TABLE incident_comments (
	id          INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	author_id   INTEGER REFERENCES users(id),
	body        TEXT NOT NULL,
	created_at  TEXT NOT NULL
);
CREATE INDEX incident_comments_incident ON incident_comments(incident_id);

CREATE TABLE incident_links (
	id         INTEGER PRIMARY KEY,
	from_id    INTEGER NOT NULL REFERENCES incidents(id),
	to_id      INTEGER NOT NULL REFERENCES incidents(id),
	kind       TEXT NOT NULL,      -- duplicate_of, related_to, caused_by
	created_by INTEGER REFERENCES users(id),
	created_at TEXT NOT NULL,
	UNIQUE (from_id, to_id, kind)
);
CREATE INDEX incident_links_to ON incident_links(to_id);

-- Ordered by event time (at); recorded_at is when it was written.
CREATE TABLE timeline_events (
	id          INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	at          TEXT NOT NULL,
	recorded_at TEXT NOT NULL,
	actor_id    INTEGER REFERENCES users(id),
	actor       TEXT NOT NULL,
	kind        TEXT NOT NULL,    -- change, event, system
	summary     TEXT NOT NULL,
	detail      TEXT
);
CREATE INDEX timeline_incident ON timeline_events(incident_id, at, id);

CREATE TABLE observables (
	id           INTEGER PRIMARY KEY,
	incident_id  INTEGER NOT NULL REFERENCES incidents(id),
	type         TEXT NOT NULL,
	value        TEXT NOT NULL,   -- normalised
	tlp          TEXT NOT NULL,
	is_indicator INTEGER NOT NULL DEFAULT 0,
	first_seen   TEXT,
	last_seen    TEXT,
	note         TEXT NOT NULL DEFAULT '',
	created_by   INTEGER REFERENCES users(id),
	created_at   TEXT NOT NULL,
	UNIQUE (incident_id, type, value)
);
CREATE INDEX observables_value ON observables(type, value);

CREATE TABLE evidence (
	id             INTEGER PRIMARY KEY,
	incident_id    INTEGER NOT NULL REFERENCES incidents(id),
	sha256         TEXT NOT NULL,
	size           INTEGER NOT NULL,
	filename       TEXT NOT NULL,
	content_type   TEXT NOT NULL,
	description    TEXT NOT NULL DEFAULT '',
	collected_by   TEXT NOT NULL DEFAULT '',
	collected_at   TEXT,
	collected_from TEXT NOT NULL DEFAULT '',
	created_by     INTEGER REFERENCES users(id),
	created_at     TEXT NOT NULL
);
CREATE INDEX evidence_incident ON evidence(incident_id);

CREATE TABLE custody_events (
	id          INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	at          TEXT NOT NULL,
	actor_id    INTEGER REFERENCES users(id),
	actor       TEXT NOT NULL,
	action      TEXT NOT NULL,  -- collected, viewed, downloaded, exported,
	                            -- transferred, hash_mismatch
	detail      TEXT NOT NULL DEFAULT '',
	hash_ok     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX custody_evidence ON custody_events(evidence_id, id);

-- Chi dao and lenh dieu phoi received.
CREATE TABLE directions (
	id          INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	kind        TEXT NOT NULL,            -- direction, coordination_order
	number      TEXT NOT NULL,
	issuer      TEXT NOT NULL,
	issued_on   TEXT NOT NULL,            -- yyyy-mm-dd
	actions     TEXT NOT NULL,
	deadline    TEXT,
	result      TEXT NOT NULL DEFAULT '',
	version     INTEGER NOT NULL DEFAULT 1,
	created_by  INTEGER REFERENCES users(id),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX directions_incident ON directions(incident_id);

-- Reports sent upward and their acknowledgement; rendering the documents
-- is issue 5's, the clocks read this table.
CREATE TABLE report_sends (
	id          INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	report_type TEXT NOT NULL,
	reference   TEXT NOT NULL DEFAULT '',  -- so ky hieu
	recipients  TEXT NOT NULL,             -- JSON array of strings
	channel     TEXT NOT NULL,
	sent_at     TEXT NOT NULL,
	acked_at    TEXT,
	created_by  INTEGER REFERENCES users(id),
	created_at  TEXT NOT NULL
);
CREATE INDEX report_sends_incident ON report_sends(incident_id, report_type);

-- Full-text search over the public id, title, description and the
-- report's text. The service writes the text already folded to plain
-- lower-case ASCII (core/fold.c: "Tấn công Đắk Lắk" -> "tan cong dak
-- lak"; SQLite's own remove_diacritics leaves đ alone) and folds queries
-- the same way, so "tan cong" finds "tấn công". rowid = incidents.id.
CREATE VIRTUAL TABLE incidents_fts USING fts5(body, tokenize = 'unicode61');
