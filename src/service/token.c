/*
 * token.c - see token.h. A user manages only their own tokens; the
 * command line (system actor) manages anyone's.
 */
#include "service/token.h"
#include "core/arena.h"
#include "core/time.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/secret.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>

#define COLS "id, name, created_at, last_used_at, expires_at, revoked_at," \
	" user_id"

static json_t *
opt(struct uc_stmt *s, int col)
{
	return uc_stmt_null(s, col) ? json_null() :
	    json_string(uc_stmt_text(s, col));
}

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	(void)arg;
	return json_pack("{sI ss ss so so so sI}",
	    "id", (json_int_t)uc_stmt_i64(s, 0), "name", uc_stmt_text(s, 1),
	    "created_at", uc_stmt_text(s, 2), "last_used_at", opt(s, 3),
	    "expires_at", opt(s, 4), "revoked_at", opt(s, 5),
	    "user_id", (json_int_t)uc_stmt_i64(s, 6));
}

static enum uc_status
mine(struct uc_ctx *ctx, int64_t user_id, struct uc_error *err)
{
	if (ctx->actor.system || (user_id == ctx->actor.user_id &&
	    user_id != 0))
		return UC_OK;
	return uc_error_set(err, UC_ENOTFOUND, "no such token");
}

enum uc_status
uc_token_list(struct uc_ctx *ctx, int64_t user_id, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	if ((rc = mine(ctx, user_id, err)) != UC_OK)
		return rc;
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM"
	    " api_tokens WHERE user_id = ? ORDER BY id", "i", user_id);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, NULL, out, err);
	return rc;
}

static enum uc_status
check_expiry(struct uc_ctx *ctx, const char *expires_at,
    struct uc_error *err)
{
	int64_t t;

	if (expires_at == NULL)
		return UC_OK;
	if (uc_time_parse(expires_at, &t) != UC_OK)
		return uc_error_field(err, "expires_at", "format", "expires_at "
		    "is not an ISO 8601 time such as 2027-01-31T17:00:00Z");
	if (t <= ctx->now)
		return uc_error_field(err, "expires_at", "range", "expires_at "
		    "must be in the future");
	return UC_OK;
}

static enum uc_status
insert(struct uc_ctx *ctx, int64_t user_id, const char *name,
    const char *expires_at, const char *digest, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	char now[UC_TIME_ISO_LEN + 1], exp[UC_TIME_ISO_LEN + 1];
	enum uc_status rc;
	int64_t t = 0;
	int row = 0;

	uc_time_format(ctx->now, now, sizeof(now));
	if (expires_at != NULL && uc_time_parse(expires_at, &t) == UC_OK)
		uc_time_format(t, exp, sizeof(exp));
	rc = uc_store_query(ctx->st, &s, err, "INSERT INTO api_tokens"
	    " (user_id, name, token_hash, created_at, expires_at) VALUES"
	    " (?, ?, ?, ?, ?) RETURNING " COLS, "issss", user_id, name,
	    digest, now, expires_at ? exp : NULL);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK)
		*out = row_json(s, NULL);
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_token_create(struct uc_ctx *ctx, int64_t user_id, const char *name,
    const char *expires_at, json_t **out, struct uc_error *err)
{
	char token[UC_TOKEN_LEN + 8], digest[UC_DIGEST_HEX];
	enum uc_status rc;

	*out = NULL;
	rc = mine(ctx, user_id, err);
	if (rc == UC_OK)
		rc = uc_valid_text("name", name, 1, 100, err);
	if (rc == UC_OK)
		rc = check_expiry(ctx, expires_at, err);
	if (rc != UC_OK)
		return rc;
	uc_secret_token("uct_", token, sizeof(token));
	uc_secret_digest(token, digest);
	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = insert(ctx, user_id, name, expires_at, digest, out, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "token.create", "api_token",
		    uc_arena_printf(ctx->arena, "%" PRId64,
		    (int64_t)json_integer_value(json_object_get(*out, "id"))),
		    0, NULL, NULL, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	json_object_set_new(*out, "token", json_string(token));
	return UC_OK;
}

static enum uc_status
owner_of(struct uc_ctx *ctx, int64_t token_id, int64_t *user_id,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT user_id FROM api_tokens"
	    " WHERE id = ? AND revoked_at IS NULL", "i", token_id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*user_id = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such token");
	return rc;
}

enum uc_status
uc_token_revoke(struct uc_ctx *ctx, int64_t token_id, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];
	int64_t user_id = 0;
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = owner_of(ctx, token_id, &user_id, err);
	if (rc == UC_OK)
		rc = mine(ctx, user_id, err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE api_tokens SET"
		    " revoked_at = ? WHERE id = ?", "si", now, token_id);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "token.revoke", "api_token",
		    uc_arena_printf(ctx->arena, "%" PRId64, token_id), 0,
		    NULL, NULL, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc;
}
