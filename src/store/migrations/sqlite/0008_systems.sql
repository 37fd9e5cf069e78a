-- 0008: the registry of information systems (issue 6, C4): who owns and
-- runs each system, its public addresses and domains, what runs on it,
-- its security level from the NĐ 85/2016 criteria and the level dossier
-- (hồ sơ đề xuất cấp độ). docs/internals/systems.md.
--
-- Lists a person edits as a whole (OS, services, components, controls,
-- contacts; addresses, domains; the ticked criteria; the dossier's
-- parts) travel as JSON text checked by service/system.c; what a list
-- filters on, and what the serious test and the approval read, are
-- columns.

CREATE TABLE systems (
	id                INTEGER PRIMARY KEY,
	unit_id           INTEGER NOT NULL REFERENCES units(id), -- owner: its scope decides access
	operator_unit_id  INTEGER REFERENCES units(id),
	name              TEXT NOT NULL,
	purpose           TEXT NOT NULL DEFAULT '',
	owner_name        TEXT NOT NULL DEFAULT '',   -- chủ quản, as a name
	operator_name     TEXT NOT NULL DEFAULT '',   -- vận hành (outsourced: the provider)
	security_provider TEXT NOT NULL DEFAULT '',   -- contractor / ATTT service provider
	upstream_provider TEXT NOT NULL DEFAULT '',   -- ISP
	national_critical INTEGER NOT NULL DEFAULT 0,
	addresses         TEXT NOT NULL DEFAULT '[]', -- canonical IPs and CIDRs
	domains           TEXT NOT NULL DEFAULT '[]', -- canonical domains
	details           TEXT NOT NULL DEFAULT '{}', -- os, services, controls, components, contacts
	criteria          TEXT NOT NULL DEFAULT '[]', -- ticked criterion codes
	level_computed    INTEGER NOT NULL DEFAULT 0, -- 0: not determined
	level_reasons     TEXT NOT NULL DEFAULT '{}', -- why, from domain/level.c
	level_approved    INTEGER,                    -- from the last approved dossier
	decision_number   TEXT,                       -- that approval's decision
	decision_date     TEXT,                       -- yyyy-mm-dd
	approved_at       TEXT,
	dossier_status    TEXT NOT NULL DEFAULT 'draft',
	dossier           TEXT NOT NULL DEFAULT '{}', -- proposed level, parts, dates
	search            TEXT NOT NULL DEFAULT '',   -- folded words of name, purpose, domains
	retired_at        TEXT,                       -- taken out of service
	created_by        INTEGER REFERENCES users(id),
	version           INTEGER NOT NULL DEFAULT 1,
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL
);
CREATE INDEX systems_unit ON systems(unit_id, id);

-- Bumped by every change of the registry in the same transaction: a
-- process whose address/domain index was built at another generation
-- rebuilds it (several processes may share one PostgreSQL database).
CREATE TABLE system_index (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	generation INTEGER NOT NULL
);
INSERT INTO system_index (id, generation) VALUES (1, 1);

-- incident_systems.system_id (0003) now names a row of systems.
CREATE INDEX incident_systems_system ON incident_systems(system_id);
