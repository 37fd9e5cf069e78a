-- 0001: units, users, roles, sessions, tokens, login throttle, audit log.
-- Times are UTC ISO 8601 text with milliseconds ("...T07:00:00.000Z"),
-- so text order is time order.

CREATE TABLE units (
	id               INTEGER PRIMARY KEY,
	parent_id        INTEGER REFERENCES units(id),
	path             TEXT NOT NULL,          -- "/1/4/": ids root to self
	depth            INTEGER NOT NULL,
	code             TEXT NOT NULL UNIQUE,
	name             TEXT NOT NULL,
	kind             TEXT NOT NULL,
	symbol           TEXT NOT NULL DEFAULT '',
	address          TEXT NOT NULL DEFAULT '',
	supervising_name TEXT NOT NULL DEFAULT '',
	signer_prefix    TEXT NOT NULL DEFAULT '',
	signer_title     TEXT NOT NULL DEFAULT '',
	signer_name      TEXT NOT NULL DEFAULT '',
	phone            TEXT NOT NULL DEFAULT '',
	email            TEXT NOT NULL DEFAULT '',
	require_totp     INTEGER NOT NULL DEFAULT 0,
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
);
CREATE INDEX units_path ON units(path);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE users (
	id             INTEGER PRIMARY KEY,
	login          TEXT NOT NULL UNIQUE,
	full_name      TEXT NOT NULL,
	email          TEXT NOT NULL DEFAULT '',
	phone          TEXT NOT NULL DEFAULT '',
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	password_hash  TEXT NOT NULL,
	disabled       INTEGER NOT NULL DEFAULT 0,
	totp_secret    TEXT,                     -- base32, once confirmed
	totp_pending   TEXT,                     -- base32, during enrolment
	totp_last_step INTEGER NOT NULL DEFAULT 0, -- refuses code replay
	version        INTEGER NOT NULL DEFAULT 1,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	last_login_at  TEXT
);
CREATE INDEX users_unit ON users(unit_id);

CREATE TABLE role_grants (
	user_id INTEGER NOT NULL REFERENCES users(id),
	role    TEXT NOT NULL,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	PRIMARY KEY (user_id, role, unit_id)
);

CREATE TABLE recovery_codes (
	id        INTEGER PRIMARY KEY,
	user_id   INTEGER NOT NULL REFERENCES users(id),
	code_hash TEXT NOT NULL,
	used_at   TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

CREATE TABLE sessions (
	id           INTEGER PRIMARY KEY,
	token_hash   TEXT NOT NULL UNIQUE,       -- hex SHA-256 of the token
	user_id      INTEGER NOT NULL REFERENCES users(id),
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at   TEXT NOT NULL,              -- absolute expiry
	source       TEXT NOT NULL DEFAULT '',
	revoked_at   TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users(id),
	name         TEXT NOT NULL,
	token_hash   TEXT NOT NULL UNIQUE,
	created_at   TEXT NOT NULL,
	expires_at   TEXT,
	last_used_at TEXT,
	revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_throttle (
	key          TEXT PRIMARY KEY,           -- "login:<name>" or "addr:<ip>"
	failures     INTEGER NOT NULL DEFAULT 0,
	window_start TEXT NOT NULL,
	locked_until TEXT,
	locks        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE idempotency_keys (
	user_id      INTEGER NOT NULL,
	key          TEXT NOT NULL,
	request_hash TEXT NOT NULL,
	status       INTEGER NOT NULL,
	body         TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	PRIMARY KEY (user_id, key)
);

CREATE TABLE audit_entries (
	id            INTEGER PRIMARY KEY,       -- contiguous from 1
	at            TEXT NOT NULL,
	actor_id      INTEGER,
	actor_login   TEXT NOT NULL,
	source        TEXT NOT NULL,
	action        TEXT NOT NULL,
	object_type   TEXT NOT NULL,
	object_id     TEXT NOT NULL,
	unit_id       INTEGER,
	before_digest TEXT NOT NULL,
	after_digest  TEXT NOT NULL,
	prev_hash     TEXT NOT NULL,
	hash          TEXT NOT NULL
);
CREATE INDEX audit_entries_unit ON audit_entries(unit_id);

-- The chain's head: lets verify notice the newest entries being removed.
CREATE TABLE audit_head (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	last_id   INTEGER NOT NULL,
	last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0,
	'0000000000000000000000000000000000000000000000000000000000000000');
