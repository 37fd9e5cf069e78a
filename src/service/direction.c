/*
 * direction.c - see direction.h. Create and update both check the
 * whole direction (update merges the patch into the stored one first).
 */
#include "service/direction.h"
#include "core/arena.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/validate.h"
#include "service/part.h"
#include "store/store.h"

#include <string.h>

#define COLS "d.id, i.public_id, d.kind, d.number, d.issuer, d.issued_on," \
	" d.actions, d.deadline, d.result, d.version, d.created_by," \
	" d.created_at, d.updated_at"

static const char *const kinds[] = {
	"direction", "coordination_order", NULL
};

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	json_t *j = json_pack("{sI ss ss ss ss ss ss}", "id",
	    (json_int_t)uc_stmt_i64(s, 0), "incident", uc_stmt_text(s, 1),
	    "kind", uc_stmt_text(s, 2), "number", uc_stmt_text(s, 3),
	    "issuer", uc_stmt_text(s, 4), "issued_on", uc_stmt_text(s, 5),
	    "actions", uc_stmt_text(s, 6));

	json_object_set_new(j, "deadline", uc_part_text(s, 7));
	json_object_set_new(j, "result", json_string(uc_stmt_text(s, 8)));
	json_object_set_new(j, "version", json_integer(uc_stmt_i64(s, 9)));
	json_object_set_new(j, "created_by", uc_part_int(s, 10));
	json_object_set_new(j, "created_at", json_string(uc_stmt_text(s,
	    11)));
	json_object_set_new(j, "updated_at", json_string(uc_stmt_text(s,
	    12)));
	(void)arg;
	return j;
}

/* Directions of incident p: one (id > 0) or all, newest first. */
static enum uc_status
select_dirs(struct uc_ctx *ctx, const struct uc_part *p, int64_t id,
    json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM"
	    " directions d JOIN incidents i ON i.id = d.incident_id WHERE"
	    " d.incident_id = ? AND (? = 0 OR d.id = ?) ORDER BY d.id DESC"
	    " LIMIT ?", "iiii", p->id, id, id, (int64_t)UC_PART_LIST_MAX);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, NULL, out, err);
	return rc;
}

static enum uc_status
load(struct uc_ctx *ctx, const struct uc_part *p, int64_t id, json_t **out,
    struct uc_error *err)
{
	return uc_part_load(ctx, p, select_dirs, id, "no such direction",
	    out, err);
}

enum uc_status
uc_direction_list(struct uc_ctx *ctx, const char *pid, json_t **out,
    struct uc_error *err)
{
	return uc_part_list(ctx, pid, select_dirs, out, err);
}

/* yyyy-mm-dd, a real date, not after today (UTC+7). */
static int
issued_on(struct uc_ctx *ctx, const char *v, struct uc_error *err)
{
	int32_t date = uc_calendar_parse(v);

	if (v == NULL)
		return uc_error_field(err, "issued_on", "required", "issued_on"
		    " is required (yyyy-mm-dd)"), 0;
	if (date == 0)
		return uc_error_field(err, "issued_on", "format", "issued_on "
		    "is a date, yyyy-mm-dd"), 0;
	if (date > uc_calendar_date_of(ctx->now))
		return uc_error_field(err, "issued_on", "future", "issued_on "
		    "is in the future"), 0;
	return 1;
}

/* Every rule, every bad field named. */
static enum uc_status
validate(struct uc_ctx *ctx, json_t *doc, struct uc_error *err)
{
	int64_t ms;
	int ok = 1;

	ok &= uc_part_enum("kind", str(doc, "kind"), kinds, err) == UC_OK;
	ok &= uc_valid_text("number", str(doc, "number"), 1, 50, err) ==
	    UC_OK;
	ok &= uc_valid_text("issuer", str(doc, "issuer"), 1, 200, err) ==
	    UC_OK;
	ok &= issued_on(ctx, str(doc, "issued_on"), err);
	ok &= uc_valid_lines("actions", str(doc, "actions"), 1, 5000, err)
	    == UC_OK;
	ok &= uc_valid_lines("result", str(doc, "result"), 0, 5000, err) ==
	    UC_OK;
	ok &= uc_part_time(ctx, doc, "deadline", 0, &ms, err) == UC_OK;
	return ok ? UC_OK : UC_EVALID;
}

static enum uc_status
insert(struct uc_ctx *ctx, const struct uc_part *p, json_t *doc,
    int64_t *id, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];

	uc_time_format(ctx->now, now, sizeof(now));
	return uc_store_insert(ctx->st, id, err, "INSERT INTO directions"
	    " (incident_id, kind, number, issuer, issued_on, actions,"
	    " deadline, result, version, created_by, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
	    "issssssssss", p->id, str(doc, "kind"), str(doc, "number"),
	    str(doc, "issuer"), str(doc, "issued_on"), str(doc, "actions"),
	    str(doc, "deadline"), str(doc, "result"),
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now, now);
}

static const char *
what(json_t *d)
{
	const char *k = str(d, "kind");

	return k && strcmp(k, "coordination_order") == 0 ?
	    "lệnh điều phối" : "chỉ đạo";
}

static enum uc_status
finish(struct uc_ctx *ctx, const struct uc_part *p, enum uc_status rc,
    const char *action, int64_t id, json_t *before, json_t **out,
    struct uc_error *err)
{
	json_t *j_after = NULL, *j_detail = json_pack("{sI}",
	    "direction_id", (json_int_t)id);
	struct uc_part_change c = { action, "direction", id, before, NULL,
	    "", j_detail };

	if (rc == UC_OK)
		rc = load(ctx, p, id, &j_after, err);
	c.after = j_after;
	if (j_after != NULL && before == NULL)
		c.summary = uc_arena_printf(ctx->arena, "Nhận %s số %s của %s",
		    what(j_after), str(j_after, "number"), str(j_after,
		    "issuer"));
	else if (j_after != NULL)
		c.summary = uc_arena_printf(ctx->arena, "Cập nhật %s số %s",
		    what(j_after), str(j_after, "number"));
	rc = uc_part_finish(ctx, p, rc, &c, out, err);
	json_decref(j_detail);
	return rc;
}

enum uc_status
uc_direction_create(struct uc_ctx *ctx, const char *pid, json_t *in,
    json_t **out, struct uc_error *err)
{
	json_t *j_doc = json_deep_copy(in);
	struct uc_part p;
	int64_t id = 0;
	enum uc_status rc;

	*out = NULL;
	if (json_object_get(j_doc, "result") == NULL)
		json_object_set_new(j_doc, "result", json_string(""));
	rc = uc_part_begin(ctx, pid, 0, &p, err);
	if (rc == UC_OK) {
		rc = validate(ctx, j_doc, err);
		if (rc == UC_OK)
			rc = insert(ctx, &p, j_doc, &id, err);
		rc = finish(ctx, &p, rc, "direction.create", id, NULL, out,
		    err);
	}
	json_decref(j_doc);
	return rc;
}

static enum uc_status
write_dir(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *doc,
    struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];
	int64_t n = 0;
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_run(ctx->st, &n, err, "UPDATE directions SET kind = ?,"
	    " number = ?, issuer = ?, issued_on = ?, actions = ?, deadline ="
	    " ?, result = ?, version = version + 1, updated_at = ? WHERE id ="
	    " ? AND version = ?", "ssssssssii", str(doc, "kind"),
	    str(doc, "number"), str(doc, "issuer"), str(doc, "issued_on"),
	    str(doc, "actions"), str(doc, "deadline"), str(doc, "result"),
	    now, id, version);
	if (rc == UC_OK && n != 1)
		rc = uc_error_set(err, UC_EPRECOND, "the direction changed "
		    "since you read it: reload and apply your change again");
	return rc;
}

enum uc_status
uc_direction_update(struct uc_ctx *ctx, const char *pid, int64_t id,
    int64_t version, json_t *patch, json_t **out, struct uc_error *err)
{
	json_t *j_cur = NULL, *j_new = NULL;
	struct uc_part p;
	enum uc_status rc;

	*out = NULL;
	if ((rc = uc_part_begin(ctx, pid, 0, &p, err)) != UC_OK)
		return rc;
	rc = load(ctx, &p, id, &j_cur, err);
	if (rc == UC_OK)
		rc = uc_part_version(j_cur, version, "direction", err);
	if (rc == UC_OK) {
		j_new = json_deep_copy(j_cur);
		json_object_update(j_new, patch);
		rc = validate(ctx, j_new, err);
	}
	if (rc == UC_OK)
		rc = write_dir(ctx, id, version, j_new, err);
	rc = finish(ctx, &p, rc, "direction.update", id, j_cur, out, err);
	json_decref(j_cur);
	json_decref(j_new);
	return rc;
}
