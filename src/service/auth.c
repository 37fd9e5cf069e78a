/*
 * auth.c - see auth.h. Failed logins are counted per login name and per
 * source address in login_throttle, whether or not the account exists,
 * so the replies never tell an attacker which logins are real.
 */
#include "service/auth.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/mem.h"
#include "core/time.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/authcache.h"
#include "service/totp.h"
#include "store/store.h"

#include <ctype.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define MAX_LOCK_MS (24LL * 3600 * 1000)
#define TOUCH_MS 60000	/* refresh last_seen at most once a minute */

/* A session is touched at most once a minute, and at least four times
 * per idle period, so an active session never idles out. */
static int64_t
touch_ms(void)
{
	int64_t quarter = uc_cfg.session_idle * 1000 / 4;

	return quarter < TOUCH_MS ? quarter : TOUCH_MS;
}

static char dummy_hash[crypto_pwhash_STRBYTES];

void
uc_auth_init(void)
{
	if (crypto_pwhash_str(dummy_hash, "not a password at all", 21,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy_hash[0] = '\0';
}

enum uc_status
uc_auth_hash_password(const char *pw, char *out, struct uc_error *err)
{
	if (crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return uc_error_set(err, UC_EINTERNAL,
		    "password hashing ran out of memory");
	return UC_OK;
}

int
uc_auth_check_password(const char *hash, const char *pw)
{
	return hash != NULL && crypto_pwhash_str_verify(hash, pw,
	    strlen(pw)) == 0;
}

static void
iso(int64_t ms, char *buf)
{
	uc_time_format(ms, buf, UC_TIME_ISO_LEN + 1);
}

static int64_t
parse_ms(const char *s)
{
	int64_t v = 0;

	if (s == NULL || uc_time_parse(s, &v) != UC_OK)
		return 0;
	return v;
}

/* ---- throttle ---- */

static enum uc_status
throttled(struct uc_ctx *ctx, const char *key, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;
	int64_t until = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT locked_until FROM"
	    " login_throttle WHERE key = ?", "s", key);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		until = parse_ms(uc_stmt_text(s, 0));
	uc_stmt_done(s);
	if (rc == UC_OK && until > ctx->now) {
		rc = uc_error_set(err, UC_ETHROTTLE, "too many failed sign-in"
		    " attempts; try again later");
		err->retry_after = (int)((until - ctx->now + 999) / 1000);
	}
	return rc;
}

struct throttle_row {
	int64_t failures, window_start, locks;
};

static enum uc_status
read_throttle(struct uc_ctx *ctx, const char *key, struct throttle_row *t,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	memset(t, 0, sizeof(*t));
	rc = uc_store_query(ctx->st, &s, err, "SELECT failures, window_start,"
	    " locks FROM login_throttle WHERE key = ?", "s", key);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		t->failures = uc_stmt_i64(s, 0);
		t->window_start = parse_ms(uc_stmt_text(s, 1));
		t->locks = uc_stmt_i64(s, 2);
	}
	uc_stmt_done(s);
	return rc;
}

static enum uc_status
count_failure(struct uc_ctx *ctx, const char *key, int64_t limit,
    struct uc_error *err)
{
	struct throttle_row t;
	char ws[32], lu[32];
	const char *locked = NULL;
	int64_t len;
	enum uc_status rc = read_throttle(ctx, key, &t, err);

	if (rc != UC_OK)
		return rc;
	if (ctx->now - t.window_start > uc_cfg.lock_window * 1000) {
		t.failures = 0;
		t.window_start = ctx->now;
	}
	if (++t.failures >= limit) {
		len = uc_cfg.lock_seconds * 1000 << (t.locks < 16 ? t.locks :
		    16);
		iso(ctx->now + (len < MAX_LOCK_MS ? len : MAX_LOCK_MS), lu);
		locked = lu;
		t.locks++;
		t.failures = 0;
		t.window_start = ctx->now;
	}
	iso(t.window_start, ws);
	return uc_store_run(ctx->st, NULL, err, "INSERT INTO login_throttle"
	    " (key, failures, window_start, locked_until, locks)"
	    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
	    " failures = excluded.failures, window_start ="
	    " excluded.window_start, locked_until = COALESCE("
	    "excluded.locked_until, login_throttle.locked_until),"
	    " locks = excluded.locks", "sissi", key, t.failures, ws,
	    locked, t.locks);
}

static void
throttle_keys(struct uc_ctx *ctx, const char *login, char *kl, char *ka,
    size_t len)
{
	snprintf(kl, len, "login:%s", login);
	snprintf(ka, len, "addr:%s", ctx->source ? ctx->source : "-");
}

/* Count the failure on both keys and audit it, in its own transaction:
 * the refusal itself must be durable. */
static enum uc_status
record_failure(struct uc_ctx *ctx, const char *login, int64_t user_id,
    struct uc_error *err)
{
	char kl[128], ka[128], oid[80];
	struct uc_error e2 = { 0 };
	enum uc_status rc;

	throttle_keys(ctx, login, kl, ka, sizeof(kl));
	snprintf(oid, sizeof(oid), "%s", login);
	rc = uc_store_begin(ctx->st, &e2);
	if (rc == UC_OK)
		rc = count_failure(ctx, kl, uc_cfg.lock_account, &e2);
	if (rc == UC_OK)
		rc = count_failure(ctx, ka, uc_cfg.lock_address, &e2);
	ctx->actor.user_id = user_id;
	ctx->actor.login = login;
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "session.login_failed", "user", oid,
		    0, NULL, NULL, &e2);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, &e2);
	uc_store_rollback(ctx->st);
	ctx->actor.user_id = 0;
	ctx->actor.login = NULL;
	if (rc != UC_OK) {
		*err = e2;
		return rc;
	}
	return uc_error_set(err, UC_ECREDS, "the login or the password is "
	    "wrong, or the account cannot sign in");
}

/* ---- login ---- */

struct login_user {
	int64_t id;
	int64_t unit_id;
	int disabled;
	char *hash;
	char *totp_secret;
	int64_t totp_last_step;
};

static enum uc_status
find_user(struct uc_ctx *ctx, const char *login, struct login_user *u,
    int *found, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	memset(u, 0, sizeof(*u));
	rc = uc_store_query(ctx->st, &s, err, "SELECT id, unit_id, disabled,"
	    " password_hash, totp_secret, totp_last_step FROM users"
	    " WHERE login = ?", "s", login);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, found, err);
	if (rc == UC_OK && *found) {
		u->id = uc_stmt_i64(s, 0);
		u->unit_id = uc_stmt_i64(s, 1);
		u->disabled = (int)uc_stmt_i64(s, 2);
		u->hash = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 3));
		u->totp_secret = uc_arena_strdup(ctx->arena,
		    uc_stmt_text(s, 4));
		u->totp_last_step = uc_stmt_i64(s, 5);
	}
	uc_stmt_done(s);
	return rc;
}

static char *
lower(struct uc_arena *a, const char *s)
{
	char *p = uc_arena_strdup(a, s), *q;

	for (q = p; *q != '\0'; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}

enum uc_status
uc_auth_new_session(struct uc_ctx *ctx, int64_t user_id,
    struct uc_session_out *out, struct uc_error *err)
{
	char digest[UC_DIGEST_HEX], now[32];

	uc_secret_token(NULL, out->token, sizeof(out->token));
	uc_secret_digest(out->token, digest);
	uc_secret_csrf(out->token, out->csrf, sizeof(out->csrf));
	iso(ctx->now, now);
	iso(ctx->now + uc_cfg.session_absolute * 1000, out->expires_at);
	out->user_id = user_id;
	return uc_store_run(ctx->st, NULL, err, "INSERT INTO sessions"
	    " (token_hash, user_id, created_at, last_seen_at, expires_at,"
	    " source) VALUES (?, ?, ?, ?, ?, ?)", "sissss", digest, user_id,
	    now, now, out->expires_at, ctx->source ? ctx->source : "");
}

static enum uc_status
open_session(struct uc_ctx *ctx, const char *login,
    const struct login_user *u, int64_t totp_step,
    struct uc_session_out *out, struct uc_error *err)
{
	char kl[128], ka[128], now[32], oid[32];
	enum uc_status rc;
	int64_t spent = 0;

	throttle_keys(ctx, login, kl, ka, sizeof(kl));
	iso(ctx->now, now);
	snprintf(oid, sizeof(oid), "%" PRId64, u->id);
	ctx->actor.user_id = u->id;
	ctx->actor.login = login;
	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = uc_auth_new_session(ctx, u->id, out, err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE users SET"
		    " last_login_at = ? WHERE id = ?", "si", now, u->id);
	/* spend the TOTP step atomically: of two logins racing with the
	 * same code, only the first moves last_step forward */
	if (rc == UC_OK && totp_step > 0)
		rc = uc_store_run(ctx->st, &spent, err, "UPDATE users SET"
		    " totp_last_step = ? WHERE id = ? AND totp_last_step < ?",
		    "iii", totp_step, u->id, totp_step);
	if (rc == UC_OK && totp_step > 0 && spent == 0)
		rc = uc_error_set(err, UC_ECREDS, "the login or the password "
		    "is wrong, or the account cannot sign in");
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM"
		    " login_throttle WHERE key = ?", "s", kl);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "session.login", "user", oid,
		    u->unit_id, NULL, NULL, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc;
}

static enum uc_status
second_factor(struct uc_ctx *ctx, const struct uc_login *in,
    const struct login_user *u, int64_t *step, struct uc_error *err)
{
	*step = 0;
	if (u->totp_secret == NULL)
		return UC_OK;
	if (in->recovery_code != NULL && *in->recovery_code != '\0')
		return uc_totp_use_recovery(ctx, u->id, in->recovery_code,
		    err);
	if (in->totp == NULL || *in->totp == '\0') {
		uc_error_set(err, UC_ETOTP, "this account needs the code from"
		    " its authenticator app");
		uc_error_field(err, "totp", "required", "enter the 6-digit "
		    "code, or a recovery code");
		err->code = UC_ETOTP;
		return UC_ETOTP;
	}
	if (!uc_totp_check(u->totp_secret, in->totp, ctx->now / 1000,
	    u->totp_last_step, step))
		return UC_ECREDS;
	return UC_OK;
}

enum uc_status
uc_auth_login(struct uc_ctx *ctx, const struct uc_login *in,
    struct uc_session_out *out, struct uc_error *err)
{
	char kl[128], ka[128];
	char *login = lower(ctx->arena, in->login);
	struct login_user u;
	enum uc_status rc;
	int found = 0, ok;
	int64_t step = 0;

	throttle_keys(ctx, login, kl, ka, sizeof(kl));
	if ((rc = throttled(ctx, kl, err)) != UC_OK ||
	    (rc = throttled(ctx, ka, err)) != UC_OK)
		return rc;
	if ((rc = find_user(ctx, login, &u, &found, err)) != UC_OK)
		return rc;
	ok = uc_auth_check_password(found ? u.hash : dummy_hash,
	    in->password) && found && !u.disabled;
	if (!ok)
		return record_failure(ctx, login, found ? u.id : 0, err);
	rc = second_factor(ctx, in, &u, &step, err);
	if (rc == UC_ETOTP)
		return rc;
	if (rc != UC_OK)
		return record_failure(ctx, login, u.id, err);
	return open_session(ctx, login, &u, step, out, err);
}

enum uc_status
uc_auth_logout(struct uc_ctx *ctx, struct uc_error *err)
{
	char now[32], oid[32];
	enum uc_status rc;

	if (ctx->actor.session_id == 0)
		return uc_error_set(err, UC_EAUTH, "no session to end");
	iso(ctx->now, now);
	snprintf(oid, sizeof(oid), "%" PRId64, ctx->actor.user_id);
	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE sessions SET"
		    " revoked_at = ? WHERE id = ?", "si", now,
		    ctx->actor.session_id);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "session.logout", "user", oid, 0,
		    NULL, NULL, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc;
}

enum uc_status
uc_auth_revoke_sessions(struct uc_ctx *ctx, int64_t user_id,
    struct uc_error *err)
{
	char now[32];

	iso(ctx->now, now);
	return uc_store_run(ctx->st, NULL, err, "UPDATE sessions SET"
	    " revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", "si",
	    now, user_id);
}

/* ---- resolving credentials ---- */

/* 1 when the user has no TOTP and their unit, or one above it,
 * requires it: such a session may only enrol. */
#define MUST_ENROL " (u.totp_secret IS NULL AND EXISTS (SELECT 1" \
	" FROM units me JOIN units up ON me.path LIKE up.path || '%'" \
	" WHERE me.id = u.unit_id AND up.require_totp = 1))"

/* The columns both credential queries return, in this order. */
#define CRED_COLUMNS " u.login, u.disabled," MUST_ENROL

static const char *const cred_sql[] = {
	[UC_AUTHCACHE_SESSION] = "SELECT s.id, s.user_id, s.last_seen_at,"
	    " s.expires_at," CRED_COLUMNS " FROM sessions s JOIN users u"
	    " ON u.id = s.user_id WHERE s.token_hash = ? AND"
	    " s.revoked_at IS NULL",
	[UC_AUTHCACHE_TOKEN] = "SELECT t.id, t.user_id, t.last_used_at,"
	    " t.expires_at," CRED_COLUMNS " FROM api_tokens t JOIN users u"
	    " ON u.id = t.user_id WHERE t.token_hash = ? AND"
	    " t.revoked_at IS NULL",
};

static const char *const touch_sql[] = {
	[UC_AUTHCACHE_SESSION] = "UPDATE sessions SET last_seen_at = ?"
	    " WHERE id = ?",
	[UC_AUTHCACHE_TOKEN] = "UPDATE api_tokens SET last_used_at = ?"
	    " WHERE id = ?",
};

static void
cred_row(struct uc_stmt *s, struct uc_cred *c)
{
	c->id = uc_stmt_i64(s, 0);
	c->user_id = uc_stmt_i64(s, 1);
	c->seen = parse_ms(uc_stmt_text(s, 2));
	c->until = uc_stmt_null(s, 3) ? INT64_MAX :
	    parse_ms(uc_stmt_text(s, 3));
	snprintf(c->login, sizeof(c->login), "%s", uc_stmt_text(s, 4));
	c->disabled = (int)uc_stmt_i64(s, 5);
	c->restricted = (int)uc_stmt_i64(s, 6);
}

/* Find the credential, from the cache or the database; *found = 0 when
 * it is unknown or revoked. Grants land in ctx->actor either way. */
static enum uc_status
resolve(struct uc_ctx *ctx, enum uc_authcache_kind kind, const char *digest,
    struct uc_cred *c, int *found, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int64_t epoch = 0;

	if ((rc = uc_authcache_epoch(ctx, &epoch, err)) != UC_OK)
		return rc;
	if ((*found = uc_authcache_get(ctx, kind, digest, epoch, c)))
		return UC_OK;
	rc = uc_store_query(ctx->st, &s, err, cred_sql[kind], "s", digest);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, found, err);
	if (rc == UC_OK && *found)
		cred_row(s, c);
	uc_stmt_done(s);
	if (rc != UC_OK || !*found)
		return rc;
	ctx->actor.user_id = c->user_id;
	rc = uc_access_load(ctx, err);
	if (rc == UC_OK)
		uc_authcache_put(ctx, kind, digest, epoch, c);
	return rc;
}

/* Refresh last seen/used now and then; every request would be a write. */
static enum uc_status
touch(struct uc_ctx *ctx, enum uc_authcache_kind kind, const char *digest,
    const struct uc_cred *c, int64_t every, struct uc_error *err)
{
	char now[32];
	enum uc_status rc;

	if (ctx->now - c->seen <= every)
		return UC_OK;
	iso(ctx->now, now);
	rc = uc_store_run(ctx->st, NULL, err, touch_sql[kind], "si", now,
	    c->id);
	if (rc == UC_OK)
		uc_authcache_seen(kind, digest, ctx->now);
	return rc;
}

static void
become(struct uc_ctx *ctx, const struct uc_cred *c)
{
	ctx->actor.user_id = c->user_id;
	ctx->actor.login = uc_arena_strdup(ctx->arena, c->login);
	ctx->actor.restricted = c->restricted;
}

enum uc_status
uc_auth_session(struct uc_ctx *ctx, const char *token,
    struct uc_error *err)
{
	enum uc_authcache_kind kind = UC_AUTHCACHE_SESSION;
	char digest[UC_DIGEST_HEX];
	struct uc_cred c;
	enum uc_status rc;
	int found = 0;

	uc_secret_digest(token, digest);
	if ((rc = resolve(ctx, kind, digest, &c, &found, err)) != UC_OK)
		return rc;
	if (!found || c.disabled || ctx->now >= c.until ||
	    ctx->now - c.seen >= uc_cfg.session_idle * 1000) {
		ctx->actor.grants = NULL;
		ctx->actor.ngrants = 0;
		return uc_error_set(err, UC_EAUTH, "the session has ended "
		    "or expired; sign in again");
	}
	if ((rc = touch(ctx, kind, digest, &c, touch_ms(), err)) != UC_OK)
		return rc;
	become(ctx, &c);
	ctx->actor.session_id = c.id;
	return UC_OK;
}

enum uc_status
uc_auth_bearer(struct uc_ctx *ctx, const char *token, struct uc_error *err)
{
	enum uc_authcache_kind kind = UC_AUTHCACHE_TOKEN;
	char digest[UC_DIGEST_HEX];
	struct uc_cred c;
	enum uc_status rc;
	int found = 0;

	uc_secret_digest(token, digest);
	if ((rc = resolve(ctx, kind, digest, &c, &found, err)) != UC_OK)
		return rc;
	if (!found || c.disabled || ctx->now >= c.until) {
		ctx->actor.grants = NULL;
		ctx->actor.ngrants = 0;
		return uc_error_set(err, UC_EAUTH, "the API token is "
		    "unknown, revoked or expired");
	}
	if ((rc = touch(ctx, kind, digest, &c, TOUCH_MS, err)) != UC_OK)
		return rc;
	become(ctx, &c);
	ctx->actor.token_id = c.id;
	return UC_OK;
}
