-- 0010: playbooks (issue 6, C5): the response plan of each incident
-- scenario (phuong an doi pho, ung cuu), versioned; the default library
-- (unit_id NULL) ships in data/playbooks/ and a unit copies and adapts
-- it for itself or for one of its systems. An incident keeps the
-- version it applied, with the tasks and checklist items it made.
-- docs/internals/playbooks.md.

-- One playbook: the default of a scenario (unit_id NULL), or a unit's
-- copy, for the whole unit or for one system. system_id is the systems
-- registry's id without a foreign key: the registry is built apart, and
-- a playbook outlives the system it was written for.
CREATE TABLE playbooks (
	id           INTEGER PRIMARY KEY,
	scenario     TEXT NOT NULL,      -- taxonomy code: TC01 ... TH
	unit_id      INTEGER REFERENCES units(id),
	system_id    INTEGER,
	based_on     INTEGER REFERENCES playbooks(id), -- copied from
	based_version INTEGER,           -- its version then
	title        TEXT NOT NULL,      -- of the current version
	version      INTEGER NOT NULL DEFAULT 1, -- current version, ETag
	created_by   INTEGER REFERENCES users(id),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX playbooks_default ON playbooks(scenario)
	WHERE unit_id IS NULL;
CREATE UNIQUE INDEX playbooks_unit
	ON playbooks(unit_id, scenario, COALESCE(system_id, 0))
	WHERE unit_id IS NOT NULL;

-- Every version's text, never changed once written. shipped: the text
-- came with the binary (a newer binary may add a newer shipped version
-- of a default nobody has edited since).
CREATE TABLE playbook_versions (
	playbook_id INTEGER NOT NULL REFERENCES playbooks(id),
	version     INTEGER NOT NULL,
	title       TEXT NOT NULL,
	content     TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	shipped     INTEGER NOT NULL DEFAULT 0,
	created_by  INTEGER REFERENCES users(id),
	created_at  TEXT NOT NULL,
	PRIMARY KEY (playbook_id, version)
);

-- A playbook version applied to an incident, once.
CREATE TABLE incident_playbooks (
	id          INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	playbook_id INTEGER NOT NULL REFERENCES playbooks(id),
	version     INTEGER NOT NULL,
	applied_by  INTEGER REFERENCES users(id),
	applied_at  TEXT NOT NULL,
	UNIQUE (incident_id, playbook_id, version),
	FOREIGN KEY (playbook_id, version)
		REFERENCES playbook_versions(playbook_id, version)
);
CREATE INDEX incident_playbooks_playbook ON incident_playbooks(playbook_id);

-- The tasks an application made: their step of the procedure and phase.
CREATE TABLE incident_playbook_tasks (
	task_id   INTEGER PRIMARY KEY REFERENCES incident_tasks(id),
	use_id    INTEGER NOT NULL REFERENCES incident_playbooks(id),
	step_code TEXT NOT NULL,
	phase     TEXT NOT NULL,
	ord       INTEGER NOT NULL
);
CREATE INDEX incident_playbook_tasks_use ON incident_playbook_tasks(use_id);

-- The steps' checklists an application filled, ticked as work is done.
CREATE TABLE incident_checklist (
	id          INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	use_id      INTEGER NOT NULL REFERENCES incident_playbooks(id),
	step_code   TEXT NOT NULL,
	phase       TEXT NOT NULL,
	ord         INTEGER NOT NULL,
	text        TEXT NOT NULL,
	done        INTEGER NOT NULL DEFAULT 0,
	done_by     INTEGER REFERENCES users(id),
	done_at     TEXT,
	note        TEXT NOT NULL DEFAULT '',
	version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incident_checklist_incident ON incident_checklist(incident_id);
CREATE INDEX incident_checklist_use ON incident_checklist(use_id);
