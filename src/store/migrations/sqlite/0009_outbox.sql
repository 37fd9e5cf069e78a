-- 0009: the outbox (issue 6, C10): every message that must leave the
-- server (email, webhook) is written here in the transaction of the
-- change that caused it, then sent by the outbox worker with retries
-- (docs/internals/outbox.md); who receives what (notify_prefs) and the
-- webhook subscriptions of units and of people.

-- A webhook endpoint: a unit's (unit_id, its administrators manage it,
-- kinds in webhook_kinds) or a person's own (user_id, kinds chosen in
-- notify_prefs.webhook). The secret keys the HMAC-SHA256 signature and
-- never leaves the server again after it was set.
CREATE TABLE webhooks (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER REFERENCES units(id),
	user_id     INTEGER UNIQUE REFERENCES users(id),
	url         TEXT NOT NULL,
	secret      TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	active      INTEGER NOT NULL DEFAULT 1,
	version     INTEGER NOT NULL DEFAULT 1,
	created_by  INTEGER REFERENCES users(id),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	CHECK ((unit_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX webhooks_unit ON webhooks(unit_id);

CREATE TABLE webhook_kinds (
	webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	PRIMARY KEY (webhook_id, kind)
);

-- A person's choice per kind of message; no row: the kind's default.
CREATE TABLE notify_prefs (
	user_id INTEGER NOT NULL REFERENCES users(id),
	kind    TEXT NOT NULL,
	email   INTEGER NOT NULL,
	webhook INTEGER NOT NULL,
	PRIMARY KEY (user_id, kind)
);

-- The version (ETag) of a person's choices; no row: version 1.
CREATE TABLE notify_settings (
	user_id INTEGER PRIMARY KEY REFERENCES users(id),
	version INTEGER NOT NULL
);

-- One message to one recipient. state: pending -> sending (claimed by a
-- worker until lease_until; claim names the claim) -> delivered, or back
-- to pending with next_at moved on, or failed after the last attempt.
-- dedup_key: the same event never enqueues the same message twice.
CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY,
	channel      TEXT NOT NULL,            -- email, webhook
	kind         TEXT NOT NULL,            -- incident.serious, ...
	dedup_key    TEXT NOT NULL UNIQUE,
	recipient    TEXT NOT NULL,            -- address or URL
	recipient_name TEXT NOT NULL DEFAULT '',
	user_id      INTEGER REFERENCES users(id),
	webhook_id   INTEGER REFERENCES webhooks(id) ON DELETE SET NULL,
	unit_id      INTEGER NOT NULL REFERENCES units(id),
	incident_id  INTEGER REFERENCES incidents(id),
	subject      TEXT NOT NULL DEFAULT '',
	body_text    TEXT NOT NULL DEFAULT '', -- webhook: the JSON body
	body_html    TEXT NOT NULL DEFAULT '',
	headers      TEXT NOT NULL DEFAULT '{}', -- JSON
	state        TEXT NOT NULL DEFAULT 'pending',
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      TEXT NOT NULL,
	lease_until  TEXT,
	claim        TEXT,
	last_error   TEXT,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	delivered_at TEXT
);
CREATE INDEX outbox_due ON outbox(state, next_at);
CREATE INDEX outbox_unit ON outbox(unit_id, id);
