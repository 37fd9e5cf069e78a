/*
 * idempotency.c - see idempotency.h.
 */
#include "service/idempotency.h"
#include "core/arena.h"
#include "core/time.h"
#include "store/store.h"

#include <string.h>

#define KEEP_MS (24LL * 3600 * 1000)

enum uc_status
uc_idem_lookup(struct uc_ctx *ctx, const char *key, const char *request_hash,
    int *found, int *status, char **body, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	char since[UC_TIME_ISO_LEN + 1];
	enum uc_status rc;
	int row = 0;

	*found = 0;
	uc_time_format(ctx->now - KEEP_MS, since, sizeof(since));
	rc = uc_store_query(ctx->st, &s, err, "SELECT request_hash, status,"
	    " body FROM idempotency_keys WHERE user_id = ? AND key = ? AND"
	    " created_at > ?", "iss", ctx->actor.user_id, key, since);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row && strcmp(uc_stmt_text(s, 0), request_hash))
		rc = uc_error_field(err, "Idempotency-Key", "duplicate", "this "
		    "Idempotency-Key was used for a different request");
	else if (rc == UC_OK && row && uc_stmt_i64(s, 1) == 0)
		*found = -1;	/* claimed and still running */
	else if (rc == UC_OK && row) {
		*found = 1;
		*status = (int)uc_stmt_i64(s, 1);
		*body = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 2));
	}
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_idem_store(struct uc_ctx *ctx, const char *key, const char *request_hash,
    int status, const char *body, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1], old[UC_TIME_ISO_LEN + 1];
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	uc_time_format(ctx->now - KEEP_MS, old, sizeof(old));
	(void)request_hash;
	rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM idempotency_keys"
	    " WHERE user_id = ? AND key = ? AND created_at <= ?", "iss",
	    ctx->actor.user_id, key, old);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE"
		    " idempotency_keys SET status = ?, body = ?, created_at ="
		    " ? WHERE user_id = ? AND key = ?", "issis",
		    (int64_t)status, body, now, ctx->actor.user_id, key);
	return rc;
}

enum uc_status
uc_idem_claim(struct uc_ctx *ctx, const char *key, const char *request_hash,
    int *claimed, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];
	int64_t n = 0;
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_run(ctx->st, &n, err, "INSERT INTO idempotency_keys"
	    " (user_id, key, request_hash, status, body, created_at)"
	    " VALUES (?, ?, ?, 0, '', ?) ON CONFLICT DO NOTHING", "isss",
	    ctx->actor.user_id, key, request_hash, now);
	*claimed = rc == UC_OK && n == 1;
	return rc;
}

enum uc_status
uc_idem_release(struct uc_ctx *ctx, const char *key, struct uc_error *err)
{
	return uc_store_run(ctx->st, NULL, err, "DELETE FROM idempotency_keys"
	    " WHERE user_id = ? AND key = ? AND status = 0", "is",
	    ctx->actor.user_id, key);
}
