-- 0002: a counter that every change to who may do what moves.
--
-- service/authcache.c keeps resolved credentials for a short while and
-- trusts an entry only while this counter is where it was when the entry
-- was read. Triggers move it, so no writer (server, CLI, another server)
-- can forget to: revoked or expired sessions and tokens, any change to a
-- user (disabled, password, TOTP), any grant, any unit move or TOTP rule.

CREATE TABLE auth_epoch (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO auth_epoch (id, n) VALUES (1, 1);

CREATE TRIGGER auth_epoch_sessions AFTER UPDATE OF revoked_at, expires_at
ON sessions BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_sessions_del AFTER DELETE ON sessions
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_tokens AFTER UPDATE OF revoked_at, expires_at
ON api_tokens BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_tokens_del AFTER DELETE ON api_tokens
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_users AFTER UPDATE ON users
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_users_del AFTER DELETE ON users
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_grants_ins AFTER INSERT ON role_grants
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_grants_upd AFTER UPDATE ON role_grants
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_grants_del AFTER DELETE ON role_grants
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_units AFTER UPDATE OF path, require_totp ON units
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
