/*
 * part.c - see part.h.
 */
#include "service/part.h"
#include "core/arena.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/incident.h"
#include "service/intake.h"
#include "service/timeline.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static enum uc_status
read_row(struct uc_ctx *ctx, struct uc_part *p, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT unit_id, public_id,"
	    " rulepack, tlp, detected_at, closed_at FROM incidents WHERE"
	    " id = ?", "i", p->id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		p->unit_id = uc_stmt_i64(s, 0);
		snprintf(p->pid, sizeof(p->pid), "%s", uc_stmt_text(s, 1));
		snprintf(p->rulepack, sizeof(p->rulepack), "%s",
		    uc_stmt_text(s, 2));
		snprintf(p->tlp, sizeof(p->tlp), "%s", uc_stmt_text(s, 3));
		snprintf(p->detected_at, sizeof(p->detected_at), "%s",
		    uc_stmt_text(s, 4));
		p->closed = !uc_stmt_null(s, 5);
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such incident");
	if (rc == UC_OK && uc_time_parse(p->detected_at, &p->detected_ms))
		rc = uc_error_set(err, UC_EINTERNAL, "incident %s: stored "
		    "detected_at '%s' does not parse", p->pid, p->detected_at);
	return rc;
}

enum uc_status
uc_part_get(struct uc_ctx *ctx, const char *pid, enum uc_perm perm,
    struct uc_part *p, struct uc_error *err)
{
	enum uc_status rc;

	memset(p, 0, sizeof(*p));
	rc = uc_incident_lookup(ctx, pid, perm, &p->id, err);
	if (rc == UC_OK)
		rc = read_row(ctx, p, err);
	return rc;
}

enum uc_status
uc_part_begin(struct uc_ctx *ctx, const char *pid, int closed_ok,
    struct uc_part *p, struct uc_error *err)
{
	return uc_part_begin_perm(ctx, pid, UC_PERM_INCIDENT_WRITE,
	    closed_ok, p, err);
}

enum uc_status
uc_part_begin_perm(struct uc_ctx *ctx, const char *pid, enum uc_perm perm,
    int closed_ok, struct uc_part *p, struct uc_error *err)
{
	enum uc_status rc;

	memset(p, 0, sizeof(*p));
	rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK)
		return rc;
	/* inside the transaction: access and state are those we write on */
	rc = uc_part_get(ctx, pid, perm, p, err);
	if (rc == UC_OK && p->closed && !closed_ok)
		rc = uc_error_set(err, UC_ECONFLICT, "incident %s is closed: "
		    "its parts no longer change", p->pid);
	if (rc != UC_OK)
		uc_store_rollback(ctx->st);
	return rc;
}

static enum uc_status
record(struct uc_ctx *ctx, const struct uc_part *p,
    const struct uc_part_change *c, struct uc_error *err)
{
	const char *oid = c->object_id ? uc_arena_printf(ctx->arena,
	    "%" PRId64, c->object_id) : p->pid;
	enum uc_status rc;

	rc = uc_audit_record(ctx, c->action, c->type, oid, p->unit_id,
	    c->before, c->after, err);
	if (rc == UC_OK)
		rc = uc_timeline_change(ctx, p->id, c->summary, c->detail,
		    err);
	if (rc == UC_OK)
		rc = uc_incident_touch(ctx, p->id, err);
	return rc;
}

enum uc_status
uc_part_end(struct uc_ctx *ctx, const struct uc_part *p, enum uc_status rc,
    const struct uc_part_change *c, struct uc_error *err)
{
	if (rc == UC_OK)
		rc = record(ctx, p, c, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc;
}

enum uc_status
uc_part_list(struct uc_ctx *ctx, const char *pid, uc_part_select_fn select,
    json_t **out, struct uc_error *err)
{
	struct uc_part p;
	enum uc_status rc;

	*out = NULL;
	rc = uc_part_get(ctx, pid, UC_PERM_INCIDENT_READ, &p, err);
	if (rc == UC_OK)
		rc = select(ctx, &p, 0, out, err);
	return rc;
}

enum uc_status
uc_part_load(struct uc_ctx *ctx, const struct uc_part *p,
    uc_part_select_fn select, int64_t id, const char *missing,
    json_t **out, struct uc_error *err)
{
	json_t *j_items = NULL;
	enum uc_status rc = select(ctx, p, id, &j_items, err);

	*out = NULL;
	if (rc == UC_OK && json_array_size(j_items) == 1)
		*out = json_incref(json_array_get(j_items, 0));
	else if (rc == UC_OK)
		rc = uc_error_set(err, UC_ENOTFOUND, "%s", missing);
	json_decref(j_items);
	return rc;
}

enum uc_status
uc_part_finish(struct uc_ctx *ctx, const struct uc_part *p, enum uc_status rc,
    const struct uc_part_change *c, json_t **out, struct uc_error *err)
{
	rc = uc_part_end(ctx, p, rc, c, err);
	if (rc == UC_OK)
		*out = c->after;
	else
		json_decref(c->after);
	return rc;
}

enum uc_status
uc_part_version(json_t *cur, int64_t version, const char *what,
    struct uc_error *err)
{
	int64_t have = (int64_t)json_integer_value(json_object_get(cur,
	    "version"));

	if (have != version)
		return uc_error_set(err, UC_EPRECOND, "the %s changed since "
		    "you read it (version %" PRId64 ", yours %" PRId64 "); "
		    "reload and apply your change again", what, have, version);
	return UC_OK;
}

enum uc_status
uc_part_time(struct uc_ctx *ctx, json_t *o, const char *k, int not_future,
    int64_t *ms, struct uc_error *err)
{
	const char *v = json_string_value(json_object_get(o, k));
	char iso[UC_TIME_ISO_LEN + 1];

	*ms = 0;
	if (v == NULL)
		return UC_OK;
	if (uc_time_parse(v, ms) != UC_OK)
		return uc_error_field(err, k, "format", "%s is not an ISO 8601 "
		    "time (2026-11-21T08:30:00+07:00)", k);
	if (not_future && *ms > ctx->now + UC_INTAKE_SKEW_MS)
		return uc_error_field(err, k, "future", "%s is in the future",
		    k);
	uc_time_format(*ms, iso, sizeof(iso));
	json_object_set_new(o, k, json_string(iso));
	return UC_OK;
}

enum uc_status
uc_part_enum(const char *field, const char *v, const char *const *set,
    struct uc_error *err)
{
	char list[160] = "";
	size_t i, n = 0;

	for (i = 0; v != NULL && set[i] != NULL; i++)
		if (strcmp(v, set[i]) == 0)
			return UC_OK;
	for (i = 0; set[i] != NULL && n < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
		    i ? ", " : "", set[i]);
	if (v == NULL)
		return uc_error_field(err, field, "required", "%s is required "
		    "(one of %s)", field, list);
	return uc_error_field(err, field, "enum", "%s is one of %s", field,
	    list);
}

json_t *
uc_part_text(struct uc_stmt *s, int col)
{
	return uc_stmt_null(s, col) ? json_null() :
	    json_string(uc_stmt_text(s, col));
}

json_t *
uc_part_int(struct uc_stmt *s, int col)
{
	return uc_stmt_null(s, col) ? json_null() :
	    json_integer(uc_stmt_i64(s, col));
}
