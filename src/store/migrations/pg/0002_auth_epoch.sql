-- 0002: a counter that every change to who may do what moves.
--
-- service/authcache.c keeps resolved credentials for a short while and
-- trusts an entry only while this counter is where it was when the entry
-- was read. Triggers move it, so no writer (server, CLI, another server)
-- can forget to: revoked or expired sessions and tokens, any change to a
-- user (disabled, password, TOTP), any grant, any unit move or TOTP rule.

CREATE TABLE auth_epoch (
	id SMALLINT PRIMARY KEY CHECK (id = 1),
	n  BIGINT NOT NULL
);
INSERT INTO auth_epoch (id, n) VALUES (1, 1);

CREATE FUNCTION auth_epoch_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE auth_epoch SET n = n + 1 WHERE id = 1;
	RETURN NULL;
END;
$$;

CREATE TRIGGER auth_epoch_sessions
AFTER UPDATE OF revoked_at, expires_at OR DELETE ON sessions
FOR EACH STATEMENT EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER auth_epoch_tokens
AFTER UPDATE OF revoked_at, expires_at OR DELETE ON api_tokens
FOR EACH STATEMENT EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER auth_epoch_users AFTER UPDATE OR DELETE ON users
FOR EACH STATEMENT EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER auth_epoch_grants AFTER INSERT OR UPDATE OR DELETE
ON role_grants FOR EACH STATEMENT EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER auth_epoch_units AFTER UPDATE OF path, require_totp ON units
FOR EACH STATEMENT EXECUTE FUNCTION auth_epoch_bump();
