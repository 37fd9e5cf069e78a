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
	rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM idempotency_keys"
	    " WHERE user_id = ? AND key = ? AND created_at <= ?", "iss",
	    ctx->actor.user_id, key, old);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
		    " idempotency_keys (user_id, key, request_hash, status,"
		    " body, created_at) VALUES (?, ?, ?, ?, ?, ?)"
		    " ON CONFLICT DO NOTHING", "ississ", ctx->actor.user_id,
		    key, request_hash, (int64_t)status, body, now);
	return rc;
}
