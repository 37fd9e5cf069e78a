-- 0014: the files of a system's level dossier (hồ sơ đề xuất cấp độ,
-- NĐ 85/2016 Điều 15), one row per file and dossier part. The bytes
-- live in the content-addressed store beside the evidence
-- (<data-dir>/evidence, store/files.h), named by sha256; a removed
-- file keeps its row (removed_at, removed_by) as the dossier's
-- history. docs/internals/systems.md.

CREATE TABLE dossier_files (
	id           INTEGER PRIMARY KEY,
	system_id    INTEGER NOT NULL REFERENCES systems(id),
	part         TEXT NOT NULL,             -- a dossier part code (levels.txt)
	sha256       TEXT NOT NULL,
	size         INTEGER NOT NULL,
	filename     TEXT NOT NULL,
	content_type TEXT NOT NULL,
	description  TEXT NOT NULL DEFAULT '',
	created_by   INTEGER REFERENCES users(id),
	created_at   TEXT NOT NULL,
	removed_by   INTEGER REFERENCES users(id),
	removed_at   TEXT
);
CREATE INDEX dossier_files_system ON dossier_files(system_id, part, id);
