/*
 * playbook_use.c - see playbook.h: applying a playbook to an incident,
 * what an incident applied, and ticking the checklist it filled.
 *
 * Tasks are written with the INSERT of service/task.c (which offers no
 * function that runs inside the caller's transaction), inside the one
 * transaction of service/part.h, so an application is all or nothing.
 */
#include "service/playbook.h"
#include "service/playbook_int.h"
#include "core/arena.h"
#include "core/time.h"
#include "domain/playbook.h"
#include "domain/rulepack.h"
#include "service/part.h"
#include "store/store.h"

#include <inttypes.h>
#include <string.h>

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

static const char *
now_iso(struct uc_ctx *ctx)
{
	char *s = uc_arena_alloc(ctx->arena, UC_TIME_ISO_LEN + 1);

	uc_time_format(ctx->now, s, UC_TIME_ISO_LEN + 1);
	return s;
}

/* ---- applying a playbook to an incident -------------------------- */

#define USE_COLS "ip.id, ip.playbook_id, pb.scenario, v.title, ip.version," \
	" pb.unit_id, ip.applied_by, us.full_name, ip.applied_at"
#define USE_FROM " FROM incident_playbooks ip JOIN playbooks pb ON pb.id =" \
	" ip.playbook_id JOIN playbook_versions v ON v.playbook_id =" \
	" ip.playbook_id AND v.version = ip.version LEFT JOIN users us ON" \
	" us.id = ip.applied_by"
#define ITEM_COLS "c.id, c.use_id, c.step_code, c.phase, c.text, c.done," \
	" c.done_by, us.full_name, c.done_at, c.note, c.version"
#define ITEM_FROM " FROM incident_checklist c LEFT JOIN users us ON us.id =" \
	" c.done_by"

static json_t *
use_json(struct uc_stmt *s, const void *arg)
{
	json_t *j = json_pack("{sI sI ss ss sI}", "id",
	    (json_int_t)uc_stmt_i64(s, 0), "playbook_id",
	    (json_int_t)uc_stmt_i64(s, 1), "scenario", uc_stmt_text(s, 2),
	    "title", uc_stmt_text(s, 3), "version",
	    (json_int_t)uc_stmt_i64(s, 4));

	(void)arg;
	json_object_set_new(j, "unit_id", uc_part_int(s, 5));
	json_object_set_new(j, "applied_by", uc_part_int(s, 6));
	json_object_set_new(j, "applied_by_name", uc_part_text(s, 7));
	json_object_set_new(j, "applied_at", json_string(uc_stmt_text(s, 8)));
	return j;
}

static json_t *
use_task_json(struct uc_stmt *s, const void *arg)
{
	(void)arg;
	return json_pack("{sI ss ss ss ss}", "task_id",
	    (json_int_t)uc_stmt_i64(s, 0), "step_code", uc_stmt_text(s, 1),
	    "phase", uc_stmt_text(s, 2), "title", uc_stmt_text(s, 3),
	    "state", uc_stmt_text(s, 4));
}

static json_t *
item_json(struct uc_stmt *s, const void *arg)
{
	json_t *j = json_pack("{sI sI ss ss ss sb}", "id",
	    (json_int_t)uc_stmt_i64(s, 0), "use_id",
	    (json_int_t)uc_stmt_i64(s, 1), "step_code", uc_stmt_text(s, 2),
	    "phase", uc_stmt_text(s, 3), "text", uc_stmt_text(s, 4), "done",
	    uc_stmt_i64(s, 5) != 0);

	(void)arg;
	json_object_set_new(j, "done_by", uc_part_int(s, 6));
	json_object_set_new(j, "done_by_name", uc_part_text(s, 7));
	json_object_set_new(j, "done_at", uc_part_text(s, 8));
	json_object_set_new(j, "note", json_string(uc_stmt_text(s, 9)));
	json_object_set_new(j, "version", json_integer(uc_stmt_i64(s, 10)));
	return j;
}

/* The tasks and checklist items of application j. */
static enum uc_status
use_parts(struct uc_ctx *ctx, json_t *j, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *j_tasks = NULL, *j_items = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT pt.task_id,"
	    " pt.step_code, pt.phase, t.title, t.state FROM"
	    " incident_playbook_tasks pt JOIN incident_tasks t ON t.id ="
	    " pt.task_id WHERE pt.use_id = ? ORDER BY pt.ord", "i",
	    id_of(j, "id"));
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, use_task_json, NULL, &j_tasks, err);
	if (rc == UC_OK)
		rc = uc_store_query(ctx->st, &s, err, "SELECT " ITEM_COLS
		    ITEM_FROM " WHERE c.use_id = ? ORDER BY c.ord", "i",
		    id_of(j, "id"));
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, item_json, NULL, &j_items, err);
	json_object_set_new(j, "tasks", j_tasks ? j_tasks : json_array());
	json_object_set_new(j, "checklist", j_items ? j_items :
	    json_array());
	return rc;
}

/* The applications of incident p, oldest first: one (id > 0) or all. */
static enum uc_status
select_uses(struct uc_ctx *ctx, const struct uc_part *p, int64_t id,
    json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	size_t i;

	rc = uc_store_query(ctx->st, &s, err, "SELECT " USE_COLS USE_FROM
	    " WHERE ip.incident_id = ? AND (? = 0 OR ip.id = ?) ORDER BY"
	    " ip.id LIMIT ?", "iiii", p->id, id, id,
	    (int64_t)UC_PART_LIST_MAX);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, use_json, NULL, out, err);
	for (i = 0; rc == UC_OK && i < json_array_size(*out); i++)
		rc = use_parts(ctx, json_array_get(*out, i), err);
	return rc;
}

enum uc_status
uc_playbook_applied(struct uc_ctx *ctx, const char *pid, json_t **out,
    struct uc_error *err)
{
	return uc_part_list(ctx, pid, select_uses, out, err);
}

/* The unit a party of the pack stands for on incident p: its own unit
 * for the operator, else the party's binding (0: unbound). */
static enum uc_status
party_unit(struct uc_ctx *ctx, const struct uc_part *p, const char *party,
    int64_t *unit, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*unit = 0;
	if (strcmp(party, "operator") == 0) {
		*unit = p->unit_id;
		return UC_OK;
	}
	rc = uc_store_query(ctx->st, &s, err, "SELECT unit_id FROM"
	    " party_bindings WHERE party = ?", "s", party);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*unit = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	return rc;
}

/* One task, with service/task.c's INSERT, and its step and phase. */
static enum uc_status
add_task(struct uc_ctx *ctx, const struct uc_part *p, int64_t use,
    const struct uc_pb_task *t, int64_t ord, struct uc_error *err)
{
	const char *now = now_iso(ctx);
	int64_t unit = 0, id = 0;
	enum uc_status rc;

	rc = party_unit(ctx, p, t->lead.v[0], &unit, err);
	if (rc == UC_OK)
		rc = uc_store_insert(ctx->st, &id, err, "INSERT INTO"
		    " incident_tasks (incident_id, title, assignee_id, unit_id,"
		    " due_at, state, version, created_by, created_at,"
		    " updated_at) VALUES (?, ?, NULL, ?, NULL, 'open', 1, ?, ?,"
		    " ?) RETURNING id", "isssss", p->id, uc_arena_printf(
		    ctx->arena, "[%s] %s", t->step, t->title),
		    uc_store_id_or_null(ctx->arena, unit),
		    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now,
		    now);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
		    " incident_playbook_tasks (task_id, use_id, step_code,"
		    " phase, ord) VALUES (?, ?, ?, ?, ?)", "iissi", id, use,
		    t->step, uc_rulepack_phase_name(t->phase), ord);
	return rc;
}

static enum uc_status
add_checklist(struct uc_ctx *ctx, const struct uc_part *p, int64_t use,
    const struct uc_pb_checklist *c, int64_t *ord, struct uc_error *err)
{
	enum uc_status rc = UC_OK;

	for (size_t i = 0; rc == UC_OK && i < c->items.n; i++)
		rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
		    " incident_checklist (incident_id, use_id, step_code,"
		    " phase, ord, text) VALUES (?, ?, ?, ?, ?, ?)", "iissis",
		    p->id, use, c->step, uc_rulepack_phase_name(c->phase),
		    (*ord)++, c->items.v[i]);
	return rc;
}

static enum uc_status
write_use(struct uc_ctx *ctx, const struct uc_part *p, json_t *pb_row,
    int64_t version, const struct uc_playbook *pb, int64_t *use,
    struct uc_error *err)
{
	int64_t ord = 0;
	enum uc_status rc;
	size_t i;

	rc = uc_store_insert(ctx->st, use, err, "INSERT INTO"
	    " incident_playbooks (incident_id, playbook_id, version,"
	    " applied_by, applied_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO"
	    " NOTHING RETURNING id", "iiiss", p->id, id_of(pb_row, "id"),
	    version, uc_store_id_or_null(ctx->arena, ctx->actor.user_id),
	    now_iso(ctx));
	if (rc == UC_OK && *use == 0)
		return uc_error_set(err, UC_ECONFLICT, "version %" PRId64 " of "
		    "playbook %" PRId64 " is already applied to %s", version,
		    id_of(pb_row, "id"), p->pid);
	for (i = 0; rc == UC_OK && i < pb->ntasks; i++)
		rc = add_task(ctx, p, *use, &pb->tasks[i], (int64_t)i, err);
	for (i = 0; rc == UC_OK && i < pb->nchecklists; i++)
		rc = add_checklist(ctx, p, *use, &pb->checklists[i], &ord,
		    err);
	return rc;
}

/* The playbook applied (in.playbook_id, readable) and the version. */
static enum uc_status
apply_source(struct uc_ctx *ctx, json_t *in, json_t **row,
    int64_t *version, struct uc_error *err)
{
	struct uc_error e = { 0 };
	const char *path;
	enum uc_status rc;

	rc = uc_playbook_readable(ctx, id_of(in, "playbook_id"), row, &path,
	    &e);
	if (rc == UC_ENOTFOUND || rc == UC_EPERM)
		return uc_error_field(err, "playbook_id", "not_found", "no "
		    "playbook %" PRId64 " that you can read", id_of(in,
		    "playbook_id"));
	if (rc != UC_OK) {
		if (err != NULL)
			*err = e;
		return rc;
	}
	*version = id_of(in, "version") ? id_of(in, "version") :
	    id_of(*row, "version");
	if (*version < 1 || *version > id_of(*row, "version"))
		return uc_error_field(err, "version", "not_found", "playbook %"
		    PRId64 " has versions 1 to %" PRId64, id_of(*row, "id"),
		    id_of(*row, "version"));
	return UC_OK;
}

/* The version's text parsed under the incident's own rule pack. */
static enum uc_status
apply_parse(struct uc_ctx *ctx, const struct uc_part *p, json_t *row,
    int64_t version, struct uc_playbook **pb, struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	struct uc_error perr = { 0 };
	const char *text = NULL;
	enum uc_status rc;

	rc = uc_rulepack_get(p->rulepack, &pack, err);
	if (rc == UC_OK)
		rc = uc_playbook_text(ctx, id_of(row, "id"), version, &text,
		    NULL, err);
	if (rc == UC_OK && text == NULL)
		rc = uc_error_set(err, UC_EINTERNAL, "playbook %" PRId64
		    " lacks version %" PRId64, id_of(row, "id"), version);
	if (rc == UC_OK && uc_playbook_parse("content", text, strlen(text),
	    pack, str(row, "scenario"), pb, &perr) != UC_OK)
		rc = uc_error_set(err, UC_ECONFLICT, "version %" PRId64 " of "
		    "playbook %" PRId64 " does not fit rule pack %s of %s: %s",
		    version, id_of(row, "id"), p->rulepack, p->pid,
		    perr.message);
	return rc;
}

static const char *
apply_summary(struct uc_ctx *ctx, json_t *row, int64_t version,
    const struct uc_playbook *pb)
{
	size_t items = 0;

	for (size_t i = 0; i < pb->nchecklists; i++)
		items += pb->checklists[i].items.n;
	return uc_arena_printf(ctx->arena, "Áp dụng phương án ứng cứu %s "
	    "(phiên bản %" PRId64 "): %s — %zu nhiệm vụ, %zu mục kiểm tra",
	    str(row, "scenario"), version, pb->vi, pb->ntasks, items);
}

enum uc_status
uc_playbook_apply(struct uc_ctx *ctx, const char *pid, json_t *in,
    json_t **out, struct uc_error *err)
{
	json_t *j_row = NULL, *j_after = NULL, *j_detail = NULL;
	struct uc_playbook *pb = NULL;
	struct uc_part_change c = { "playbook.apply", "incident_playbook", 0,
	    NULL, NULL, "", NULL };
	struct uc_part p;
	int64_t version = 0, use = 0;
	enum uc_status rc;

	*out = NULL;
	if ((rc = uc_playbook_sync(ctx, err)) != UC_OK ||
	    (rc = uc_part_begin(ctx, pid, 0, &p, err)) != UC_OK)
		return rc;
	rc = apply_source(ctx, in, &j_row, &version, err);
	if (rc == UC_OK)
		rc = apply_parse(ctx, &p, j_row, version, &pb, err);
	if (rc == UC_OK)
		rc = write_use(ctx, &p, j_row, version, pb, &use, err);
	if (rc == UC_OK)
		rc = uc_part_load(ctx, &p, select_uses, use, "no such "
		    "application", &j_after, err);
	if (rc == UC_OK) {
		c.object_id = use;
		c.summary = apply_summary(ctx, j_row, version, pb);
		j_detail = json_pack("{sI sI sI}", "use_id", (json_int_t)use,
		    "playbook_id", (json_int_t)id_of(j_row, "id"), "version",
		    (json_int_t)version);
	}
	c.after = j_after;
	c.detail = j_detail;
	rc = uc_part_finish(ctx, &p, rc, &c, out, err);
	uc_playbook_free(pb);
	json_decref(j_row);
	json_decref(j_detail);
	return rc;
}

/* ---- the checklist ----------------------------------------------- */

static enum uc_status
select_item(struct uc_ctx *ctx, const struct uc_part *p, int64_t id,
    json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT " ITEM_COLS ITEM_FROM
	    " WHERE c.incident_id = ? AND c.id = ?", "ii", p->id, id);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, item_json, NULL, out, err);
	return rc;
}

static enum uc_status
write_item(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *doc,
    struct uc_error *err)
{
	int done = json_is_true(json_object_get(doc, "done"));
	int64_t n = 0;
	enum uc_status rc;

	rc = uc_store_run(ctx->st, &n, err, "UPDATE incident_checklist SET"
	    " done = ?, done_by = ?, done_at = ?, note = ?, version ="
	    " version + 1 WHERE id = ? AND version = ?", "isssii",
	    (int64_t)done, done ? uc_store_id_or_null(ctx->arena,
	    ctx->actor.user_id) : NULL, done ? now_iso(ctx) : NULL,
	    str(doc, "note"), id, version);
	if (rc == UC_OK && n != 1)
		rc = uc_error_set(err, UC_EPRECOND, "the checklist item changed"
		    " since you read it: reload and apply your change again");
	return rc;
}

/* At most n code points of s, cut on a character boundary. */
static const char *
clip(struct uc_ctx *ctx, const char *s, long n)
{
	size_t i = 0;

	for (long k = 0; s[i] != '\0' && k < n; k++)
		for (i++; ((unsigned char)s[i] & 0xc0) == 0x80; i++)
			;
	if (s[i] == '\0')
		return s;
	return uc_arena_printf(ctx->arena, "%.*s…", (int)i, s);
}

static const char *
item_summary(struct uc_ctx *ctx, json_t *after)
{
	return uc_arena_printf(ctx->arena, "%s (%s): %s",
	    json_is_true(json_object_get(after, "done")) ?
	    "Đã thực hiện mục kiểm tra" : "Bỏ đánh dấu mục kiểm tra",
	    str(after, "step_code"), clip(ctx, str(after, "text"), 120));
}

enum uc_status
uc_playbook_check(struct uc_ctx *ctx, const char *pid, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
{
	json_t *j_cur = NULL, *j_new = NULL, *j_after = NULL;
	struct uc_part_change c = { "checklist.update", "checklist_item", id,
	    NULL, NULL, "", NULL };
	struct uc_part p;
	enum uc_status rc;

	*out = NULL;
	if ((rc = uc_part_begin(ctx, pid, 0, &p, err)) != UC_OK)
		return rc;
	rc = uc_part_load(ctx, &p, select_item, id, "no such checklist item",
	    &j_cur, err);
	if (rc == UC_OK)
		rc = uc_part_version(j_cur, version, "checklist item", err);
	if (rc == UC_OK) {
		j_new = json_deep_copy(j_cur);
		json_object_update(j_new, in);
		rc = uc_playbook_note(j_new, err);
	}
	if (rc == UC_OK)
		rc = write_item(ctx, id, version, j_new, err);
	if (rc == UC_OK)
		rc = uc_part_load(ctx, &p, select_item, id, "no such checklist "
		    "item", &j_after, err);
	c.before = j_cur;
	c.after = j_after;
	if (j_after != NULL)
		c.summary = item_summary(ctx, j_after);
	rc = uc_part_finish(ctx, &p, rc, &c, out, err);
	json_decref(j_cur);
	json_decref(j_new);
	return rc;
}
