/*
 * playbook.c - see playbook.h: the library (the shipped defaults, the
 * units' copies and their versions). Applying one to an incident is in
 * playbook_use.c.
 */
#include "service/playbook.h"
#include "service/playbook_int.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/time.h"
#include "domain/playbook.h"
#include "domain/rulepack.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/incident.h"
#include "service/part.h"
#include "store/store.h"

#include <inttypes.h>
#include <pthread.h>
#include <string.h>

#define VERSIONS_MAX 200	/* versions listed with a playbook */
#define NOTE_MAX 500		/* code points of a version's note */

#define COLS "p.id, p.scenario, p.unit_id, u.code, u.name, p.system_id," \
	" p.based_on, p.based_version, p.title, p.version, p.created_by," \
	" p.created_at, p.updated_at, u.path"
#define FROM " FROM playbooks p LEFT JOIN units u ON u.id = p.unit_id"
enum { C_PATH = 13 };

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

static json_t *
list_json(const struct uc_rp_list *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

/* ---- the shipped defaults ---------------------------------------- */

static pthread_mutex_t sync_mu = PTHREAD_MUTEX_INITIALIZER;
static int sync_done;	/* this process compared the shipped texts */

static enum uc_status
insert_version(struct uc_ctx *ctx, int64_t id, int64_t version,
    const char *title, const char *content, const char *note, int shipped,
    int64_t *added, struct uc_error *err)
{
	return uc_store_run(ctx->st, added, err, "INSERT INTO"
	    " playbook_versions (playbook_id, version, title, content, note,"
	    " shipped, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
	    " ?) ON CONFLICT DO NOTHING", "iisssiss", id, version, title,
	    content, note ? note : "", (int64_t)shipped, shipped ? NULL :
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id),
	    now_iso(ctx));
}

static enum uc_status
ship_new(struct uc_ctx *ctx, const char *code, const char *title,
    const char *text, struct uc_error *err)
{
	const char *now = now_iso(ctx);
	int64_t id = 0;
	enum uc_status rc;

	rc = uc_store_insert(ctx->st, &id, err, "INSERT INTO playbooks"
	    " (scenario, title, version, created_at, updated_at) VALUES (?,"
	    " ?, 1, ?, ?) ON CONFLICT DO NOTHING RETURNING id", "ssss", code,
	    title, now, now);
	if (rc != UC_OK || id == 0)
		return rc;	/* another process shipped it */
	return insert_version(ctx, id, 1, title, text, "", 1, NULL, err);
}

/* A newer binary's text of a default nobody has edited since. */
static enum uc_status
ship_update(struct uc_ctx *ctx, int64_t id, int64_t version,
    const char *title, const char *text, struct uc_error *err)
{
	int64_t n = 0;
	enum uc_status rc;

	rc = insert_version(ctx, id, version + 1, title, text, "", 1, &n,
	    err);
	if (rc == UC_OK && n == 1)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE playbooks SET"
		    " version = ?, title = ?, updated_at = ? WHERE id = ? AND"
		    " version = ?", "issii", version + 1, title,
		    now_iso(ctx), id, version);
	return rc;
}

static enum uc_status
ship_one(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    const char *code, const struct uc_rp_file *f, struct uc_error *err)
{
	struct uc_playbook *pb = NULL;
	struct uc_error perr = { 0 };
	struct uc_stmt *s = NULL;
	int64_t id = 0, version = 0;
	int row = 0, same = 0, shipped = 0;
	enum uc_status rc;

	/* a default that does not parse is a build bug the unit test
	 * domain/playbook catches first: leave it out, say so */
	if (uc_playbook_parse(f->name, f->text, f->len, pack, code, &pb,
	    &perr) != UC_OK) {
		uc_log_warn("playbook: %s", perr.message);
		return UC_OK;
	}
	rc = uc_store_query(ctx->st, &s, err, "SELECT p.id, p.version,"
	    " v.shipped, v.content FROM playbooks p JOIN playbook_versions v"
	    " ON v.playbook_id = p.id AND v.version = p.version WHERE"
	    " p.scenario = ? AND p.unit_id IS NULL", "s", code);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		id = uc_stmt_i64(s, 0);
		version = uc_stmt_i64(s, 1);
		shipped = uc_stmt_i64(s, 2) != 0;
		same = strcmp(uc_stmt_text(s, 3), f->text) == 0;
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = ship_new(ctx, code, pb->vi, f->text, err);
	else if (rc == UC_OK && shipped && !same)
		rc = ship_update(ctx, id, version, pb->vi, f->text, err);
	uc_playbook_free(pb);
	return rc;
}

static enum uc_status
sync_tx(struct uc_ctx *ctx, struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	struct uc_rp_file f;
	enum uc_status rc;

	if ((rc = uc_rulepack_get(NULL, &pack, err)) != UC_OK)
		return rc;
	if ((rc = uc_store_begin(ctx->st, err)) != UC_OK)
		return rc;
	rc = uc_store_lock(ctx->st, "playbooks.sync", err);
	/* in the taxonomy's order, so the defaults' ids follow it */
	for (size_t i = 0; rc == UC_OK && i < pack->ntypes; i++)
		if (uc_playbook_default(pack->types[i].code, &f))
			rc = ship_one(ctx, pack, pack->types[i].code, &f, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc;
}

enum uc_status
uc_playbook_sync(struct uc_ctx *ctx, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int64_t n = 0;
	int row = 0, done;

	rc = uc_store_query(ctx->st, &s, err, "SELECT COUNT(*) FROM playbooks"
	    " WHERE unit_id IS NULL", "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		n = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	pthread_mutex_lock(&sync_mu);
	done = sync_done;
	pthread_mutex_unlock(&sync_mu);
	if (rc != UC_OK || (done && n >= (int64_t)uc_playbook_default_count()))
		return rc;
	rc = sync_tx(ctx, err);
	if (rc == UC_OK) {
		pthread_mutex_lock(&sync_mu);
		sync_done = 1;
		pthread_mutex_unlock(&sync_mu);
	}
	return rc;
}

/* ---- reading the library ----------------------------------------- */

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	const struct uc_rulepack *pack = arg;
	const struct uc_rp_type *t = uc_rulepack_type(pack, uc_stmt_text(s,
	    1));
	json_t *j = json_pack("{sI ss}", "id", (json_int_t)uc_stmt_i64(s, 0),
	    "scenario", uc_stmt_text(s, 1));

	json_object_set_new(j, "scenario_vi", t ? json_string(t->vi) :
	    json_null());
	json_object_set_new(j, "scenario_en", t ? json_string(t->en) :
	    json_null());
	json_object_set_new(j, "default", json_boolean(uc_stmt_null(s, 2)));
	json_object_set_new(j, "unit_id", uc_part_int(s, 2));
	json_object_set_new(j, "unit_code", uc_part_text(s, 3));
	json_object_set_new(j, "unit_name", uc_part_text(s, 4));
	json_object_set_new(j, "system_id", uc_part_int(s, 5));
	json_object_set_new(j, "based_on", uc_part_int(s, 6));
	json_object_set_new(j, "based_version", uc_part_int(s, 7));
	json_object_set_new(j, "title", json_string(uc_stmt_text(s, 8)));
	json_object_set_new(j, "version", json_integer(uc_stmt_i64(s, 9)));
	json_object_set_new(j, "created_by", uc_part_int(s, 10));
	json_object_set_new(j, "created_at", json_string(uc_stmt_text(s,
	    11)));
	json_object_set_new(j, "updated_at", json_string(uc_stmt_text(s,
	    12)));
	return j;
}

/* Only the copies of units the actor may read incidents of. */
static void
scope_filter(struct uc_ctx *ctx, struct uc_sql *q)
{
	const char **paths;
	size_t n = uc_access_scopes(ctx, UC_PERM_INCIDENT_READ, &paths);

	uc_sql_add(q, " AND (p.unit_id IS NULL", "");
	for (size_t i = 0; i < n; i++)
		uc_sql_add(q, " OR u.path LIKE ?", "s", uc_arena_printf(
		    ctx->arena, "%s%%", paths[i]));
	uc_sql_add(q, ")", "");
}

static enum uc_status
list_filter(struct uc_ctx *ctx, struct uc_sql *q,
    const struct uc_playbook_filter *f, struct uc_error *err)
{
	const char *p = f->cursor;
	int64_t after = 0;

	scope_filter(ctx, q);
	if (f->scenario != NULL)
		uc_sql_add(q, " AND p.scenario = ?", "s", f->scenario);
	if (f->unit_id != 0)
		uc_sql_add(q, " AND p.unit_id = ?", "i", f->unit_id);
	if (f->defaults)
		uc_sql_add(q, " AND p.unit_id IS NULL", "");
	if (p != NULL && (uc_parse_i64(&p, 1, INT64_MAX, &after) != UC_OK ||
	    *p != '\0'))
		return uc_error_field(err, "cursor", "format", "cursor is not"
		    " one this server gave");
	if (after != 0)
		uc_sql_add(q, " AND p.id > ?", "i", after);
	return UC_OK;
}

enum uc_status
uc_playbook_list(struct uc_ctx *ctx, const struct uc_playbook_filter *f,
    json_t **out, char **next, struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	enum uc_status rc;
	json_t *last;

	*out = NULL;
	*next = NULL;
	rc = uc_playbook_sync(ctx, err);
	if (rc == UC_OK)
		rc = uc_incident_pack(ctx, &pack, err);
	uc_sql_init(&q, ctx->arena, "SELECT " COLS FROM " WHERE 1 = 1");
	if (rc == UC_OK)
		rc = list_filter(ctx, &q, f, err);
	uc_sql_add(&q, " ORDER BY p.id LIMIT ?", "i", (int64_t)f->limit + 1);
	if (rc == UC_OK)
		rc = uc_store_query_sql(ctx->st, &s, err, &q);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, pack, out, err);
	if (rc != UC_OK || json_array_size(*out) <= (size_t)f->limit)
		return rc;
	json_array_remove(*out, (size_t)f->limit);
	last = json_array_get(*out, (size_t)f->limit - 1);
	*next = uc_arena_printf(ctx->arena, "%" PRId64, id_of(last, "id"));
	return UC_OK;
}

/* One playbook row as JSON (*out NULL when there is none), and the
 * path of its unit ("" for a default). */
static enum uc_status
load_row(struct uc_ctx *ctx, int64_t id, json_t **out, const char **path,
    struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	*path = "";
	rc = uc_incident_pack(ctx, &pack, err);
	if (rc == UC_OK)
		rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS FROM
		    " WHERE p.id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		*out = row_json(s, pack);
		if (!uc_stmt_null(s, C_PATH))
			*path = uc_arena_strdup(ctx->arena, uc_stmt_text(s,
			    C_PATH));
	}
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_playbook_readable(struct uc_ctx *ctx, int64_t id, json_t **out,
    const char **path, struct uc_error *err)
{
	enum uc_status rc = load_row(ctx, id, out, path, err);

	if (rc == UC_OK && *out == NULL)
		return uc_error_set(err, UC_ENOTFOUND, "no such playbook");
	if (rc == UC_OK && **path != '\0')
		rc = uc_access_path(ctx, UC_PERM_INCIDENT_READ, *path, err);
	if (rc == UC_ENOTFOUND)
		uc_error_set(err, rc, "no such playbook");
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

static void
add_items(json_t *j, const char *key, const struct uc_pb_items *it)
{
	json_t *a = json_array();

	for (size_t i = 0; i < it->n; i++)
		json_array_append_new(a, json_string(it->v[i]));
	json_object_set_new(j, key, a);
}

static json_t *
checklists_json(const struct uc_playbook *pb)
{
	json_t *a = json_array(), *c;

	for (size_t i = 0; i < pb->nchecklists; i++) {
		c = json_pack("{ss ss}", "step", pb->checklists[i].step,
		    "phase", uc_rulepack_phase_name(pb->checklists[i].phase));
		add_items(c, "items", &pb->checklists[i].items);
		json_array_append_new(a, c);
	}
	return a;
}

static json_t *
tasks_json(const struct uc_playbook *pb)
{
	json_t *a = json_array();

	for (size_t i = 0; i < pb->ntasks; i++) {
		const struct uc_pb_task *t = &pb->tasks[i];

		json_array_append_new(a, json_pack("{ss ss ss so so}", "step",
		    t->step, "phase", uc_rulepack_phase_name(t->phase),
		    "title", t->title, "lead", list_json(&t->lead),
		    "coordinate", list_json(&t->coordinate)));
	}
	return a;
}

/* The parsed sections, for people to read (domain/playbook.h). */
static json_t *
parsed_json(const struct uc_playbook *pb)
{
	json_t *j = json_pack("{ss ss ss so so}", "vi", pb->vi, "en", pb->en,
	    "summary", pb->summary, "lead", list_json(&pb->lead),
	    "coordinate", list_json(&pb->coordinate));

	for (int i = 0; i < UC_PB_NSECTIONS; i++)
		add_items(j, uc_playbook_section_name(i), &pb->sections[i]);
	json_object_set_new(j, "checklists", checklists_json(pb));
	json_object_set_new(j, "tasks", tasks_json(pb));
	return j;
}

static json_t *
version_json(struct uc_stmt *s, const void *arg)
{
	(void)arg;
	return json_pack("{sI ss ss sb so so ss}", "version",
	    (json_int_t)uc_stmt_i64(s, 0), "title", uc_stmt_text(s, 1),
	    "note", uc_stmt_text(s, 2), "shipped", uc_stmt_i64(s, 3) != 0,
	    "created_by", uc_part_int(s, 4), "created_by_name",
	    uc_part_text(s, 5), "created_at", uc_stmt_text(s, 6));
}

static enum uc_status
add_versions(struct uc_ctx *ctx, int64_t id, json_t *j,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *j_items = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT v.version, v.title,"
	    " v.note, v.shipped, v.created_by, us.full_name, v.created_at"
	    " FROM playbook_versions v LEFT JOIN users us ON us.id ="
	    " v.created_by WHERE v.playbook_id = ? ORDER BY v.version DESC"
	    " LIMIT ?", "ii", id, (int64_t)VERSIONS_MAX);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, version_json, NULL, &j_items, err);
	if (rc == UC_OK)
		json_object_set_new(j, "versions", j_items);
	return rc;
}

enum uc_status
uc_playbook_text(struct uc_ctx *ctx, int64_t id, int64_t version,
    const char **content, const char **note, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*content = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT content, note FROM"
	    " playbook_versions WHERE playbook_id = ? AND version = ?", "ii",
	    id, version);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		*content = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
		if (note != NULL)
			*note = uc_arena_strdup(ctx->arena, uc_stmt_text(s,
			    1));
	}
	uc_stmt_done(s);
	return rc;
}

/* content, note, and playbook (the sections) or parse_error: a text
 * written under another rule pack may not fit the one in use. */
static enum uc_status
add_content(struct uc_ctx *ctx, json_t *j, int64_t version,
    struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	struct uc_playbook *pb = NULL;
	struct uc_error perr = { 0 };
	const char *content, *note = "";
	enum uc_status rc;

	rc = uc_playbook_text(ctx, id_of(j, "id"), version, &content, &note,
	    err);
	if (rc == UC_OK && content == NULL)
		return uc_error_set(err, UC_ENOTFOUND, "playbook %" PRId64
		    " has no version %" PRId64, id_of(j, "id"), version);
	if (rc == UC_OK)
		rc = uc_incident_pack(ctx, &pack, err);
	if (rc != UC_OK)
		return rc;
	json_object_set_new(j, "shown_version", json_integer(version));
	json_object_set_new(j, "content", json_string(content));
	json_object_set_new(j, "note", json_string(note));
	if (uc_playbook_parse("content", content, strlen(content), pack,
	    str(j, "scenario"), &pb, &perr) == UC_OK)
		json_object_set_new(j, "playbook", parsed_json(pb));
	else
		json_object_set_new(j, "parse_error", json_string(
		    perr.message));
	uc_playbook_free(pb);
	return UC_OK;
}

enum uc_status
uc_playbook_get(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t **out, struct uc_error *err)
{
	json_t *j = NULL;
	const char *path;
	enum uc_status rc;

	*out = NULL;
	rc = uc_playbook_sync(ctx, err);
	if (rc == UC_OK)
		rc = uc_playbook_readable(ctx, id, &j, &path, err);
	if (rc == UC_OK)
		rc = add_content(ctx, j, version ? version : id_of(j,
		    "version"), err);
	if (rc == UC_OK)
		rc = add_versions(ctx, id, j, err);
	if (rc != UC_OK) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return UC_OK;
}

/* ---- copies and versions ----------------------------------------- */

/* Bytes of in.content (a NUL inside shows as a shorter strlen), or of
 * the text copied when there is none. */
static size_t
content_len(json_t *in, const char *text)
{
	json_t *j = json_object_get(in, "content");

	return json_is_string(j) ? json_string_length(j) : text ?
	    strlen(text) : 0;
}

/* The text checked against the rule pack in use, as field "content". */
static enum uc_status
check_content(struct uc_ctx *ctx, const char *content, size_t len,
    const char *scenario, const char **title, struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	struct uc_playbook *pb = NULL;
	struct uc_error perr = { 0 };
	enum uc_status rc;

	if ((rc = uc_incident_pack(ctx, &pack, err)) != UC_OK)
		return rc;
	if (content == NULL)
		return uc_error_field(err, "content", "required", "content is "
		    "required");
	if (strlen(content) != len ||
	    uc_playbook_parse("content", content, len, pack, scenario, &pb,
	    &perr) != UC_OK)
		return uc_error_field(err, "content", "format", "%s",
		    strlen(content) != len ? "content holds a NUL character" :
		    perr.message);
	*title = uc_arena_strdup(ctx->arena, pb->vi);
	uc_playbook_free(pb);
	return UC_OK;
}

enum uc_status
uc_playbook_note(json_t *in, struct uc_error *err)
{
	const char *note = str(in, "note");

	if (note == NULL)
		return UC_OK;
	return uc_valid_lines("note", note, 0, NOTE_MAX, err);
}

/* The unit of a copy: in.unit_id, else the actor's own unit. */
static enum uc_status
copy_unit(struct uc_ctx *ctx, json_t *in, int64_t *unit,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc = UC_OK;
	int row = 0;

	*unit = id_of(in, "unit_id");
	if (*unit == 0 && ctx->actor.user_id != 0) {
		rc = uc_store_query(ctx->st, &s, err, "SELECT unit_id FROM"
		    " users WHERE id = ?", "i", ctx->actor.user_id);
		if (rc == UC_OK)
			rc = uc_stmt_step(s, &row, err);
		if (rc == UC_OK && row && !uc_stmt_null(s, 0))
			*unit = uc_stmt_i64(s, 0);
		uc_stmt_done(s);
	}
	if (rc == UC_OK && *unit == 0)
		rc = uc_error_field(err, "unit_id", "required", "unit_id is "
		    "required: the unit the copy is for");
	return rc;
}

/* Someone who sees the unit but may not write there: 403; a unit out
 * of sight is a bad field, as for a task's unit. */
static enum uc_status
unit_writable(struct uc_ctx *ctx, int64_t unit, struct uc_error *err)
{
	struct uc_error e = { 0 };
	enum uc_status rc;

	rc = uc_access_unit(ctx, UC_PERM_INCIDENT_WRITE, unit, &e);
	if (rc == UC_ENOTFOUND)
		return uc_error_field(err, "unit_id", "not_found", "no unit %"
		    PRId64 " that you can see", unit);
	if (rc != UC_OK && err != NULL)
		*err = e;
	return rc;
}

/* The playbook copied (in.from), readable, with its current text. */
static enum uc_status
copy_source(struct uc_ctx *ctx, json_t *in, json_t **src,
    const char **text, struct uc_error *err)
{
	struct uc_error e = { 0 };
	const char *path;
	enum uc_status rc;

	rc = uc_playbook_readable(ctx, id_of(in, "from"), src, &path, &e);
	if (rc == UC_ENOTFOUND || rc == UC_EPERM)
		return uc_error_field(err, "from", "not_found", "no playbook %"
		    PRId64 " that you can read", id_of(in, "from"));
	if (rc != UC_OK) {
		if (err != NULL)
			*err = e;
		return rc;
	}
	return uc_playbook_text(ctx, id_of(*src, "id"), id_of(*src, "version"),
	    text, NULL, err);
}

static enum uc_status
check_system(json_t *in, struct uc_error *err)
{
	json_t *j = json_object_get(in, "system_id");

	if (j != NULL && (!json_is_integer(j) || json_integer_value(j) < 1))
		return uc_error_field(err, "system_id", "format", "system_id "
		    "is the id of a registered system");
	return UC_OK;
}

static enum uc_status
insert_copy(struct uc_ctx *ctx, json_t *src, int64_t unit, json_t *in,
    const char *title, const char *text, int64_t *id, struct uc_error *err)
{
	const char *now = now_iso(ctx);
	enum uc_status rc;

	rc = uc_store_insert(ctx->st, id, err, "INSERT INTO playbooks"
	    " (scenario, unit_id, system_id, based_on, based_version, title,"
	    " version, created_by, created_at, updated_at) VALUES (?, ?, ?,"
	    " ?, ?, ?, 1, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
	    "sisiissss", str(src, "scenario"),
	    unit, uc_store_id_or_null(ctx->arena, id_of(in, "system_id")),
	    id_of(src, "id"), id_of(src, "version"), title,
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now, now);
	if (rc == UC_OK && *id == 0)
		return uc_error_set(err, UC_ECONFLICT, "this unit already has "
		    "a playbook for scenario %s%s: edit that one", str(src,
		    "scenario"), id_of(in, "system_id") ? " and this system" :
		    "");
	if (rc == UC_OK)
		rc = insert_version(ctx, *id, 1, title, text, str(in, "note"),
		    0, NULL, err);
	return rc;
}

static enum uc_status
copy_tx(struct uc_ctx *ctx, json_t *src, int64_t unit, json_t *in,
    const char *title, const char *text, int64_t *id, struct uc_error *err)
{
	json_t *j_after = NULL;
	const char *path;
	enum uc_status rc;

	if ((rc = uc_store_begin(ctx->st, err)) != UC_OK)
		return rc;
	rc = insert_copy(ctx, src, unit, in, title, text, id, err);
	if (rc == UC_OK)
		rc = load_row(ctx, *id, &j_after, &path, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "playbook.create", "playbook",
		    uc_arena_printf(ctx->arena, "%" PRId64, *id), unit, NULL,
		    j_after, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	json_decref(j_after);
	return rc;
}

/* Every field checked; a database failure wins over bad fields. */
static enum uc_status
copy_check(struct uc_ctx *ctx, json_t *in, json_t **src, int64_t *unit,
    const char **title, const char **text, struct uc_error *err)
{
	enum uc_status r;
	int bad = 0;

	if ((r = copy_source(ctx, in, src, text, err)) == UC_EVALID)
		bad = 1;
	else if (r != UC_OK)
		return r;
	if ((r = copy_unit(ctx, in, unit, err)) == UC_OK)
		r = unit_writable(ctx, *unit, err);
	if (r == UC_EVALID)
		bad = 1;
	else if (r != UC_OK)
		return r;
	bad |= check_system(in, err) != UC_OK;
	bad |= uc_playbook_note(in, err) != UC_OK;
	if (str(in, "content") != NULL)
		*text = str(in, "content");
	if (!bad && (r = check_content(ctx, *text, content_len(in, *text),
	    str(*src, "scenario"), title, err)) != UC_OK)
		return r;
	return bad ? UC_EVALID : UC_OK;
}

enum uc_status
uc_playbook_copy(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	json_t *j_src = NULL;
	const char *title = NULL, *text = NULL;
	int64_t unit = 0, id = 0;
	enum uc_status rc;

	*out = NULL;
	rc = uc_playbook_sync(ctx, err);
	if (rc == UC_OK)
		rc = copy_check(ctx, in, &j_src, &unit, &title, &text, err);
	if (rc == UC_OK)
		rc = copy_tx(ctx, j_src, unit, in, title, text, &id, err);
	json_decref(j_src);
	if (rc == UC_OK)
		rc = uc_playbook_get(ctx, id, 0, out, err);
	return rc;
}

/* Who may write a playbook of the unit at path: its writers; for a default, the
 * coordinator over the root unit (everyone reads the defaults, so a
 * refusal is 403, never 404). */
static enum uc_status
writable(struct uc_ctx *ctx, const char *path, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	const char *root = NULL;
	enum uc_status rc;
	int row = 0;

	if (*path != '\0')
		return uc_access_path(ctx, UC_PERM_INCIDENT_WRITE, path, err);
	rc = uc_store_query(ctx->st, &s, err, "SELECT path FROM units WHERE"
	    " parent_id IS NULL ORDER BY id LIMIT 1", "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		root = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
	uc_stmt_done(s);
	if (rc != UC_OK)
		return rc;
	if (root == NULL || !uc_access_allows(ctx,
	    UC_PERM_INCIDENT_COORDINATE, root))
		return uc_error_set(err, UC_EPERM, "the default playbooks are "
		    "the province coordinator's to edit: copy one to adapt it "
		    "for your unit");
	return UC_OK;
}

static enum uc_status
update_tx(struct uc_ctx *ctx, json_t *cur, int64_t version, json_t *in,
    const char *title, struct uc_error *err)
{
	int64_t id = id_of(cur, "id"), n = 0, unit = id_of(cur, "unit_id");
	json_t *j_after = NULL;
	const char *path;
	enum uc_status rc;

	if ((rc = uc_store_begin(ctx->st, err)) != UC_OK)
		return rc;
	rc = insert_version(ctx, id, version + 1, title, str(in, "content"),
	    str(in, "note"), 0, &n, err);
	if (rc == UC_OK && n == 1)
		rc = uc_store_run(ctx->st, &n, err, "UPDATE playbooks SET"
		    " version = ?, title = ?, updated_at = ? WHERE id = ? AND"
		    " version = ?", "issii", version + 1, title, now_iso(ctx),
		    id, version);
	if (rc == UC_OK && n != 1)
		rc = uc_error_set(err, UC_EPRECOND, "the playbook changed "
		    "since you read it: reload and apply your change again");
	if (rc == UC_OK)
		rc = load_row(ctx, id, &j_after, &path, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "playbook.update", "playbook",
		    uc_arena_printf(ctx->arena, "%" PRId64, id), unit, cur,
		    j_after, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	json_decref(j_after);
	return rc;
}

/* Refuse a new version that says nothing new. */
static enum uc_status
check_changed(struct uc_ctx *ctx, json_t *cur, json_t *in,
    struct uc_error *err)
{
	const char *text = NULL;
	enum uc_status rc;

	rc = uc_playbook_text(ctx, id_of(cur, "id"), id_of(cur, "version"),
	    &text, NULL, err);
	if (rc == UC_OK && text != NULL && strcmp(text, str(in, "content"))
	    == 0)
		rc = uc_error_field(err, "content", "unchanged", "content is "
		    "the text of the current version: nothing to save");
	return rc;
}

enum uc_status
uc_playbook_update(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t *in, json_t **out, struct uc_error *err)
{
	json_t *j_cur = NULL;
	const char *path = "", *title = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_playbook_sync(ctx, err);
	if (rc == UC_OK)
		rc = uc_playbook_readable(ctx, id, &j_cur, &path, err);
	if (rc == UC_OK)
		rc = writable(ctx, path, err);
	if (rc == UC_OK)
		rc = uc_part_version(j_cur, version, "playbook", err);
	if (rc == UC_OK && (rc = uc_playbook_note(in, err)) == UC_OK)
		rc = check_content(ctx, str(in, "content"), content_len(in,
		    NULL), str(j_cur, "scenario"), &title, err);
	if (rc == UC_OK)
		rc = check_changed(ctx, j_cur, in, err);
	if (rc == UC_OK)
		rc = update_tx(ctx, j_cur, version, in, title, err);
	json_decref(j_cur);
	if (rc == UC_OK)
		rc = uc_playbook_get(ctx, id, 0, out, err);
	return rc;
}
