/*
 * task.c - see task.h. Create and update both check the whole task
 * (update merges the patch into the stored task first), so a task can
 * never hold what create would refuse.
 */
#include "service/task.h"
#include "core/arena.h"
#include "core/parse.h"
#include "core/time.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/notify.h"
#include "service/part.h"
#include "service/person.h"
#include "store/store.h"

#include <inttypes.h>
#include <string.h>

#define COLS "t.id, i.public_id, t.title, t.assignee_id, au.full_name," \
	" t.unit_id, tu.name, t.due_at, t.state, t.version, t.created_by," \
	" t.created_at, t.updated_at, pt.step_code, pt.phase"
/* a task a playbook made knows its step and phase (playbook.h) */
#define FROM " FROM incident_tasks t JOIN incidents i ON i.id =" \
	" t.incident_id LEFT JOIN users au ON au.id = t.assignee_id" \
	" LEFT JOIN units tu ON tu.id = t.unit_id" \
	" LEFT JOIN incident_playbook_tasks pt ON pt.task_id = t.id"
/* across incidents: COLS then the incident's title; "un" is the
 * incident's unit, as uc_access_incident_filter wants it */
#define FIND_COLS COLS ", i.title"
#define FIND_FROM FROM " JOIN units un ON un.id = i.unit_id"
enum { C_STEP = 13, C_PHASE, C_INCIDENT_TITLE };

static const char *const states[] = { "open", "done", "cancelled", NULL };

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int64_t
id_of(json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	json_t *j = json_pack("{sI ss ss}", "id",
	    (json_int_t)uc_stmt_i64(s, 0), "incident", uc_stmt_text(s, 1),
	    "title", uc_stmt_text(s, 2));

	json_object_set_new(j, "assignee_id", uc_part_int(s, 3));
	json_object_set_new(j, "assignee_name", uc_part_text(s, 4));
	json_object_set_new(j, "unit_id", uc_part_int(s, 5));
	json_object_set_new(j, "unit_name", uc_part_text(s, 6));
	json_object_set_new(j, "due_at", uc_part_text(s, 7));
	json_object_set_new(j, "state", json_string(uc_stmt_text(s, 8)));
	json_object_set_new(j, "version", json_integer(uc_stmt_i64(s, 9)));
	json_object_set_new(j, "created_by", uc_part_int(s, 10));
	json_object_set_new(j, "created_at", json_string(uc_stmt_text(s,
	    11)));
	json_object_set_new(j, "updated_at", json_string(uc_stmt_text(s,
	    12)));
	json_object_set_new(j, "step", uc_part_text(s, C_STEP));
	json_object_set_new(j, "phase", uc_part_text(s, C_PHASE));
	/* arg: any non-NULL pointer for a row of uc_task_find */
	if (arg != NULL)
		json_object_set_new(j, "incident_title", json_string(
		    uc_stmt_text(s, C_INCIDENT_TITLE)));
	return j;
}

/* Tasks of incident p: one (id > 0) or all, newest first. */
static enum uc_status
select_tasks(struct uc_ctx *ctx, const struct uc_part *p, int64_t id,
    json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS FROM " WHERE"
	    " t.incident_id = ? AND (? = 0 OR t.id = ?) ORDER BY t.id DESC"
	    " LIMIT ?", "iiii", p->id, id, id, (int64_t)UC_PART_LIST_MAX);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, NULL, out, err);
	return rc;
}

static enum uc_status
load(struct uc_ctx *ctx, const struct uc_part *p, int64_t id, json_t **out,
    struct uc_error *err)
{
	return uc_part_load(ctx, p, select_tasks, id, "no such task", out,
	    err);
}

enum uc_status
uc_task_list(struct uc_ctx *ctx, const char *pid, json_t **out,
    struct uc_error *err)
{
	return uc_part_list(ctx, pid, select_tasks, out, err);
}

static enum uc_status
check_assignee(struct uc_ctx *ctx, const struct uc_part *p, json_t *doc,
    struct uc_error *err)
{
	int ok = 0;
	enum uc_status rc;

	if (!json_is_integer(json_object_get(doc, "assignee_id")))
		return UC_OK;
	rc = uc_person_eligible(ctx, p->id, id_of(doc, "assignee_id"), &ok,
	    err);
	if (rc == UC_OK && !ok)
		rc = uc_error_field(err, "assignee_id", "not_found", "no "
		    "active user who may see this incident has id %" PRId64,
		    id_of(doc, "assignee_id"));
	return rc;
}

static enum uc_status
check_unit(struct uc_ctx *ctx, json_t *doc, struct uc_error *err)
{
	struct uc_error e = { 0 };
	enum uc_status rc;

	if (!json_is_integer(json_object_get(doc, "unit_id")))
		return UC_OK;
	rc = uc_access_unit(ctx, UC_PERM_UNIT_READ, id_of(doc, "unit_id"),
	    &e);
	if (rc == UC_ENOTFOUND || rc == UC_EPERM)
		return uc_error_field(err, "unit_id", "not_found", "no unit "
		    "%" PRId64 " that you can see", id_of(doc, "unit_id"));
	if (rc != UC_OK && err != NULL)
		*err = e;
	return rc;
}

/* Every rule, every bad field named; a database failure wins. */
static enum uc_status
validate(struct uc_ctx *ctx, const struct uc_part *p, json_t *doc,
    struct uc_error *err)
{
	enum uc_status r;
	int bad = 0;
	int64_t ms;

	bad |= uc_valid_text("title", str(doc, "title"), 1, 200, err) != 0;
	bad |= uc_part_enum("state", str(doc, "state"), states, err) != 0;
	bad |= uc_part_time(ctx, doc, "due_at", 0, &ms, err) != 0;
	if ((r = check_assignee(ctx, p, doc, err)) == UC_EVALID)
		bad = 1;
	else if (r != UC_OK)
		return r;
	if ((r = check_unit(ctx, doc, err)) == UC_EVALID)
		bad = 1;
	else if (r != UC_OK)
		return r;
	return bad ? UC_EVALID : UC_OK;
}

static enum uc_status
insert(struct uc_ctx *ctx, const struct uc_part *p, json_t *doc,
    int64_t *id, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];

	uc_time_format(ctx->now, now, sizeof(now));
	return uc_store_insert(ctx->st, id, err, "INSERT INTO incident_tasks"
	    " (incident_id, title, assignee_id, unit_id, due_at, state,"
	    " version, created_by, created_at, updated_at) VALUES (?, ?, ?,"
	    " ?, ?, ?, 1, ?, ?, ?) RETURNING id", "issssssss", p->id,
	    str(doc, "title"), uc_store_id_or_null(ctx->arena, id_of(doc,
	    "assignee_id")), uc_store_id_or_null(ctx->arena, id_of(doc,
	    "unit_id")), str(doc, "due_at"), str(doc, "state"),
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now, now);
}

/* Name the assignee on the incident (TLP:RED visibility). */
static enum uc_status
name_assignee(struct uc_ctx *ctx, const struct uc_part *p, json_t *doc,
    struct uc_error *err)
{
	if (id_of(doc, "assignee_id") == 0)
		return UC_OK;
	return uc_person_name(ctx, p->id, id_of(doc, "assignee_id"), err);
}

/* The timeline's line for a change from before (NULL: created). */
static const char *
summary(struct uc_ctx *ctx, json_t *before, json_t *after)
{
	const char *title = str(after, "title"), *st = str(after, "state");
	const char *who = str(after, "assignee_name");

	if (after == NULL)
		return "";
	if (before == NULL)
		return uc_arena_printf(ctx->arena, "Thêm nhiệm vụ: %s", title);
	if (strcmp(st, str(before, "state")) != 0)
		return uc_arena_printf(ctx->arena, "%s nhiệm vụ: %s",
		    strcmp(st, "done") == 0 ? "Hoàn thành" : strcmp(st,
		    "cancelled") == 0 ? "Hủy" : "Mở lại", title);
	if (who != NULL && id_of(before, "assignee_id") != id_of(after,
	    "assignee_id"))
		return uc_arena_printf(ctx->arena, "Giao nhiệm vụ cho %s: %s",
		    who, title);
	return uc_arena_printf(ctx->arena, "Cập nhật nhiệm vụ: %s", title);
}

static enum uc_status
finish(struct uc_ctx *ctx, const struct uc_part *p, enum uc_status rc,
    const char *action, int64_t id, json_t *before, json_t **out,
    struct uc_error *err)
{
	json_t *j_after = NULL, *j_detail = json_pack("{sI}", "task_id",
	    (json_int_t)id);
	struct uc_part_change c = { action, "task", id, before, NULL, "",
	    j_detail };

	if (rc == UC_OK)
		rc = load(ctx, p, id, &j_after, err);
	/* a new assignee is told (outbox), in this transaction */
	if (rc == UC_OK && id_of(j_after, "assignee_id") != id_of(before,
	    "assignee_id"))
		rc = uc_notify_task(ctx, p->id, j_after, err);
	c.after = j_after;
	c.summary = summary(ctx, before, j_after);
	rc = uc_part_finish(ctx, p, rc, &c, out, err);
	json_decref(j_detail);
	return rc;
}

enum uc_status
uc_task_create(struct uc_ctx *ctx, const char *pid, json_t *in,
    json_t **out, struct uc_error *err)
{
	json_t *j_doc = json_deep_copy(in);
	struct uc_part p;
	int64_t id = 0;
	enum uc_status rc;

	*out = NULL;
	if (json_object_get(j_doc, "state") == NULL)
		json_object_set_new(j_doc, "state", json_string("open"));
	rc = uc_part_begin(ctx, pid, 0, &p, err);
	if (rc == UC_OK) {
		rc = validate(ctx, &p, j_doc, err);
		if (rc == UC_OK)
			rc = insert(ctx, &p, j_doc, &id, err);
		if (rc == UC_OK)
			rc = name_assignee(ctx, &p, j_doc, err);
		rc = finish(ctx, &p, rc, "task.create", id, NULL, out, err);
	}
	json_decref(j_doc);
	return rc;
}

static enum uc_status
write_task(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *doc,
    struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];
	int64_t n = 0;
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_run(ctx->st, &n, err, "UPDATE incident_tasks SET"
	    " title = ?, assignee_id = ?, unit_id = ?, due_at = ?, state = ?,"
	    " version = version + 1, updated_at = ? WHERE id = ? AND"
	    " version = ?", "ssssssii", str(doc, "title"),
	    uc_store_id_or_null(ctx->arena, id_of(doc, "assignee_id")),
	    uc_store_id_or_null(ctx->arena, id_of(doc, "unit_id")),
	    str(doc, "due_at"), str(doc, "state"), now, id, version);
	if (rc == UC_OK && n != 1)
		rc = uc_error_set(err, UC_EPRECOND, "the task changed since "
		    "you read it: reload and apply your change again");
	return rc;
}

enum uc_status
uc_task_update(struct uc_ctx *ctx, const char *pid, int64_t id,
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
		rc = uc_part_version(j_cur, version, "task", err);
	if (rc == UC_OK) {
		j_new = json_deep_copy(j_cur);
		json_object_update(j_new, patch);
		rc = validate(ctx, &p, j_new, err);
	}
	if (rc == UC_OK)
		rc = write_task(ctx, id, version, j_new, err);
	if (rc == UC_OK && id_of(j_new, "assignee_id") != id_of(j_cur,
	    "assignee_id"))
		rc = name_assignee(ctx, &p, j_new, err);
	rc = finish(ctx, &p, rc, "task.update", id, j_cur, out, err);
	json_decref(j_cur);
	json_decref(j_new);
	return rc;
}

/* ---- across incidents ---- */

/* ?unit_id=: the task's unit and the units below it. */
static enum uc_status
find_unit(struct uc_ctx *ctx, struct uc_sql *q, int64_t unit,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT path FROM units WHERE"
	    " id = ?", "i", unit);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		uc_sql_add(q, " AND tu.path LIKE ?", "s", uc_arena_printf(
		    ctx->arena, "%s%%", uc_stmt_text(s, 0)));
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_field(err, "unit_id", "not_found", "no unit %"
		    PRId64, unit);
	return rc;
}

/* Cursor "<due_at>~<id>" of the last row shown ("~<id>": no due). */
static enum uc_status
find_cursor(struct uc_ctx *ctx, struct uc_sql *q, const char *c,
    struct uc_error *err)
{
	const char *tilde = c ? strrchr(c, '~') : NULL;
	const char *p = tilde ? tilde + 1 : NULL;
	char *due;
	int64_t id = 0, ms = 0;

	if (c == NULL)
		return UC_OK;
	due = tilde ? uc_arena_strndup(ctx->arena, c, (size_t)(tilde - c)) :
	    NULL;
	if (p == NULL || uc_parse_i64(&p, 1, INT64_MAX, &id) != UC_OK ||
	    *p != '\0' || (*due && uc_time_parse(due, &ms) != UC_OK))
		return uc_error_field(err, "cursor", "format", "cursor is not"
		    " one this server gave");
	if (*due == '\0')
		uc_sql_add(q, " AND t.due_at IS NULL AND t.id > ?", "i", id);
	else
		uc_sql_add(q, " AND (t.due_at > ? OR t.due_at IS NULL OR"
		    " (t.due_at = ? AND t.id > ?))", "ssi", due, due, id);
	return UC_OK;
}

static enum uc_status
find_filter(struct uc_ctx *ctx, struct uc_sql *q,
    const struct uc_task_filter *f, struct uc_error *err)
{
	enum uc_status rc = UC_OK;

	uc_access_incident_filter(ctx, q);
	if (f->mine)
		uc_sql_add(q, " AND (t.assignee_id = ? OR (t.assignee_id IS"
		    " NULL AND t.unit_id = (SELECT unit_id FROM users WHERE"
		    " id = ?)))", "ii", ctx->actor.user_id,
		    ctx->actor.user_id);
	if (f->open)
		uc_sql_add(q, " AND t.state = 'open' AND i.closed_at IS NULL",
		    "");
	if (f->unit_id)
		rc = find_unit(ctx, q, f->unit_id, err);
	if (rc == UC_OK)
		rc = find_cursor(ctx, q, f->cursor, err);
	return rc;
}

enum uc_status
uc_task_find(struct uc_ctx *ctx, const struct uc_task_filter *f,
    json_t **out, char **next, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	json_t *last;
	enum uc_status rc;

	*out = NULL;
	*next = NULL;
	uc_sql_init(&q, ctx->arena, "SELECT " FIND_COLS FIND_FROM
	    " WHERE 1 = 1");
	rc = find_filter(ctx, &q, f, err);
	uc_sql_add(&q, " ORDER BY t.due_at IS NULL, t.due_at, t.id LIMIT ?",
	    "i", (int64_t)f->limit + 1);
	if (rc == UC_OK)
		rc = uc_store_query_sql(ctx->st, &s, err, &q);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, "find", out, err);
	if (rc != UC_OK || json_array_size(*out) <= (size_t)f->limit)
		return rc;
	json_array_remove(*out, (size_t)f->limit);
	last = json_array_get(*out, (size_t)f->limit - 1);
	*next = uc_arena_printf(ctx->arena, "%s~%" PRId64,
	    str(last, "due_at") ? str(last, "due_at") : "", id_of(last,
	    "id"));
	return UC_OK;
}
