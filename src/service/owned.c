/*
 * owned.c - see owned.h.
 */
#include "service/owned.h"
#include "core/arena.h"
#include "core/parse.h"
#include "domain/calendar.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/store.h"

#include <inttypes.h>
#include <string.h>

enum uc_status
uc_owned_read(struct uc_ctx *ctx, const char *sql, int64_t id,
    json_t *(*row)(struct uc_stmt *s, const void *arg), const void *arg,
    int path_col, enum uc_perm perm, const char *noun, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	const char *path = NULL;
	enum uc_status rc;
	int found = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, sql, "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &found, err);
	if (rc == UC_OK && found) {
		*out = row(s, arg);
		path = uc_arena_strdup(ctx->arena, uc_stmt_text(s, path_col));
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !found)
		rc = UC_ENOTFOUND;
	if (rc == UC_OK)
		rc = uc_access_path(ctx, perm, path, err);
	if (rc == UC_ENOTFOUND)
		uc_error_set(err, UC_ENOTFOUND, "no such %s", noun);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum uc_status
uc_owned_seek(struct uc_ctx *ctx, struct uc_sql *q, const char *t,
    const char *cursor, struct uc_error *err)
{
	const char *tilde = cursor ? strchr(cursor, '~') : NULL;
	const char *day;
	int64_t id = 0;

	if (cursor == NULL)
		return UC_OK;
	day = tilde ? uc_arena_strndup(ctx->arena, cursor, (size_t)(tilde -
	    cursor)) : NULL;
	if (tilde == NULL || uc_parse_i64_str(tilde + 1, 1, INT64_MAX, &id) !=
	    UC_OK || !uc_calendar_parse(day))
		return uc_error_field(err, "cursor", "format", "cursor is not"
		    " one this server gave");
	uc_sql_add(q, uc_arena_printf(ctx->arena, " AND (%s.held_on < ? OR"
	    " (%s.held_on = ? AND %s.id < ?))", t, t, t), "ssi", day, day, id);
	return UC_OK;
}

enum uc_status
uc_owned_page(struct uc_ctx *ctx, struct uc_sql *q, const char *t,
    int limit, json_t *(*row)(struct uc_stmt *s, const void *arg),
    json_t **out, char **next, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *last;
	enum uc_status rc;

	*out = NULL;
	*next = NULL;
	uc_sql_add(q, uc_arena_printf(ctx->arena, " ORDER BY %s.held_on DESC,"
	    " %s.id DESC LIMIT ?", t, t), "i", (int64_t)limit + 1);
	rc = uc_store_query_sql(ctx->st, &s, err, q);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row, NULL, out, err);
	if (rc != UC_OK || json_array_size(*out) <= (size_t)limit)
		return rc;
	json_array_remove(*out, (size_t)limit);
	last = json_array_get(*out, (size_t)limit - 1);
	*next = uc_arena_printf(ctx->arena, "%s~%" PRId64, json_string_value(
	    json_object_get(last, "held_on")), (int64_t)json_integer_value(
	    json_object_get(last, "id")));
	return UC_OK;
}

static enum uc_status
own_unit(struct uc_ctx *ctx, int64_t *unit, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT unit_id FROM users"
	    " WHERE id = ?", "i", ctx->actor.user_id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	*unit = row ? uc_stmt_i64(s, 0) : 0;
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_owned_unit(struct uc_ctx *ctx, const struct uc_owned *o, json_t *in,
    int64_t *unit, struct uc_error *err)
{
	json_t *u = json_object_get(in, "unit_id");
	enum uc_status rc = UC_OK;

	*unit = json_is_integer(u) ? json_integer_value(u) : 0;
	if (*unit == 0)
		rc = own_unit(ctx, unit, err);
	if (rc == UC_OK && *unit == 0)
		return uc_error_field(err, "unit_id", "required", "unit_id is "
		    "required");
	if (rc == UC_OK)
		rc = uc_access_unit(ctx, o->write, *unit, err);
	if (rc == UC_ENOTFOUND) {
		uc_error_clear(err);
		rc = uc_error_field(err, "unit_id", "not_found", "no unit %"
		    PRId64 " whose %s you may keep", *unit, o->plural);
	}
	return rc;
}

enum uc_status
uc_owned_begin(struct uc_ctx *ctx, const struct uc_owned *o, int64_t id,
    int64_t version, json_t **cur, struct uc_error *err)
{
	enum uc_status rc = uc_store_begin(ctx->st, err);

	*cur = NULL;
	if (rc == UC_OK)
		rc = o->load(ctx, o->write, id, cur, err);
	if (rc == UC_OK && json_integer_value(json_object_get(*cur,
	    "version")) != version)
		rc = uc_error_set(err, UC_EPRECOND, "%s changed since you read"
		    " it: reload and reapply", o->name);
	if (rc != UC_OK) {
		uc_store_rollback(ctx->st);
		json_decref(*cur);
		*cur = NULL;
	}
	return rc;
}

enum uc_status
uc_owned_end(struct uc_ctx *ctx, const struct uc_owned *o, int64_t id,
    int64_t unit, const char *action, json_t *before, enum uc_status rc,
    json_t **out, struct uc_error *err)
{
	json_t *after = NULL;

	if (rc == UC_OK && out != NULL)
		rc = o->load(ctx, UC_PERM_UNIT_READ, id, &after, err);
	if (rc == UC_OK && after != NULL)
		unit = json_integer_value(json_object_get(after, "unit_id"));
	if (rc == UC_OK && after != NULL && o->after != NULL)
		rc = o->after(ctx, id, after, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, action, o->type, uc_arena_printf(
		    ctx->arena, "%" PRId64, id), unit, before, after, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	json_decref(before);
	if (rc != UC_OK) {
		json_decref(after);
		after = NULL;
	}
	if (out != NULL)
		*out = after;
	return rc;
}
