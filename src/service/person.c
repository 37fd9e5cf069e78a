/*
 * person.c - see person.h. A removal takes a lock named after the
 * incident before it counts who is left, so two people removing each
 * other at once cannot leave a TLP:RED incident with nobody (PostgreSQL
 * runs READ COMMITTED; SQLite holds its write lock already).
 */
#include "service/person.h"
#include "core/arena.h"
#include "domain/perm.h"
#include "service/access.h"
#include "service/part.h"
#include "store/store.h"

#include <inttypes.h>
#include <string.h>

#define COLS "u.id, u.login, u.full_name, u.unit_id, un.code, un.name"
#define FROM " FROM incident_people ip JOIN users u ON u.id = ip.user_id" \
	" JOIN units un ON un.id = u.unit_id"

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	(void)arg;
	return json_pack("{sI ss ss sI ss ss}",
	    "user_id", (json_int_t)uc_stmt_i64(s, 0),
	    "login", uc_stmt_text(s, 1),
	    "full_name", uc_stmt_text(s, 2),
	    "unit_id", (json_int_t)uc_stmt_i64(s, 3),
	    "unit_code", uc_stmt_text(s, 4),
	    "unit_name", uc_stmt_text(s, 5));
}

/* People named on incident p: one (uid > 0) or all, by login. */
static enum uc_status
select_people(struct uc_ctx *ctx, const struct uc_part *p, int64_t uid,
    json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS FROM " WHERE"
	    " ip.incident_id = ? AND (? = 0 OR u.id = ?) ORDER BY u.login"
	    " LIMIT ?", "iiii", p->id, uid, uid, (int64_t)UC_PART_LIST_MAX);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, NULL, out, err);
	return rc;
}

/* The person uid on p, or UC_ENOTFOUND. */
static enum uc_status
load(struct uc_ctx *ctx, const struct uc_part *p, int64_t uid,
    json_t **out, struct uc_error *err)
{
	return uc_part_load(ctx, p, select_people, uid, uc_arena_printf(
	    ctx->arena, "user %" PRId64 " is not named on this incident",
	    uid), out, err);
}

enum uc_status
uc_person_eligible(struct uc_ctx *ctx, int64_t incident, int64_t uid,
    int *ok, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0, role;

	*ok = 0;
	rc = uc_store_query(ctx->st, &s, err, "SELECT g.role FROM users u"
	    " JOIN role_grants g ON g.user_id = u.id JOIN units gu ON gu.id ="
	    " g.unit_id WHERE u.id = ? AND u.disabled = 0 AND (EXISTS"
	    " (SELECT 1 FROM incidents i JOIN units un ON un.id = i.unit_id"
	    " WHERE i.id = ? AND un.path LIKE gu.path || '%') OR EXISTS"
	    " (SELECT 1 FROM step_units su JOIN units sn ON sn.id ="
	    " su.unit_id WHERE su.incident_id = ? AND sn.path LIKE gu.path"
	    " || '%'))", "iii", uid, incident, incident);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		role = uc_role_parse(uc_stmt_text(s, 0));
		if (role >= 0 && uc_perm_role_has((enum uc_role)role,
		    UC_PERM_INCIDENT_READ))
			*ok = 1;
	}
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_person_name(struct uc_ctx *ctx, int64_t incident, int64_t uid,
    struct uc_error *err)
{
	return uc_store_run(ctx->st, NULL, err, "INSERT INTO incident_people"
	    " (incident_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
	    "ii", incident, uid);
}

enum uc_status
uc_person_list(struct uc_ctx *ctx, const char *pid, json_t **out,
    struct uc_error *err)
{
	return uc_part_list(ctx, pid, select_people, out, err);
}

/* Name uid on p: refused naming user_id when they may not be, or are
 * named already. */
static enum uc_status
add(struct uc_ctx *ctx, const struct uc_part *p, int64_t uid,
    struct uc_error *err)
{
	int64_t n = 0;
	int ok = 0;
	enum uc_status rc = uc_person_eligible(ctx, p->id, uid, &ok, err);

	if (rc == UC_OK && !ok)
		return uc_error_field(err, "user_id", "not_found", "no active "
		    "user who may see this incident has id %" PRId64, uid);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, &n, err, "INSERT INTO"
		    " incident_people (incident_id, user_id) VALUES (?, ?) ON"
		    " CONFLICT DO NOTHING", "ii", p->id, uid);
	if (rc == UC_OK && n == 0) {
		uc_error_set(err, UC_ECONFLICT, "user %" PRId64 " is named on "
		    "this incident already", uid);
		rc = uc_error_field(err, "user_id", "duplicate", "user %"
		    PRId64 " is named on this incident already", uid);
	}
	return rc;
}

/* Record the change to p (the person is after or before) and close. */
static enum uc_status
finish(struct uc_ctx *ctx, const struct uc_part *p, enum uc_status rc,
    const char *action, int64_t uid, json_t *before, json_t *after,
    struct uc_error *err)
{
	json_t *who = after != NULL ? after : before;
	const char *name = json_string_value(json_object_get(who,
	    "full_name"));
	json_t *j_detail = json_pack("{sI}", "user_id", (json_int_t)uid);
	struct uc_part_change c = { action, "person", uid, before, after,
	    "", j_detail };

	if (name != NULL)
		c.summary = uc_arena_printf(ctx->arena, "%s người được xem sự "
		    "cố: %s", after != NULL ? "Thêm" : "Bỏ", name);
	rc = uc_part_end(ctx, p, rc, &c, err);
	json_decref(j_detail);
	return rc;
}

enum uc_status
uc_person_add(struct uc_ctx *ctx, const char *pid, json_t *in,
    json_t **out, struct uc_error *err)
{
	int64_t uid = (int64_t)json_integer_value(json_object_get(in,
	    "user_id"));
	json_t *j_after = NULL;
	struct uc_part p;
	enum uc_status rc;

	*out = NULL;
	if ((rc = uc_part_begin(ctx, pid, 1, &p, err)) != UC_OK)
		return rc;
	rc = add(ctx, &p, uid, err);
	if (rc == UC_OK)
		rc = load(ctx, &p, uid, &j_after, err);
	rc = finish(ctx, &p, rc, "person.add", uid, NULL, j_after, err);
	if (rc == UC_OK)
		*out = j_after;
	else
		json_decref(j_after);
	return rc;
}

/* Someone else's removal needs incident.coordinate. */
static enum uc_status
may_remove(struct uc_ctx *ctx, const struct uc_part *p, int64_t uid,
    struct uc_error *err)
{
	enum uc_status rc;

	if (uid == ctx->actor.user_id && uid != 0)
		return UC_OK;
	rc = uc_access_incident(ctx, UC_PERM_INCIDENT_COORDINATE, p->id, err);
	if (rc == UC_EPERM)
		rc = uc_error_set(err, UC_EPERM, "removing someone else from "
		    "the people named needs incident.coordinate");
	return rc;
}

/* A TLP:RED incident keeps at least one person named. */
static enum uc_status
keeps_one(struct uc_ctx *ctx, const struct uc_part *p,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int64_t n = 0;
	int row = 0;

	if (strcmp(p->tlp, "RED") != 0)
		return UC_OK;
	rc = uc_store_query(ctx->st, &s, err, "SELECT COUNT(*) FROM"
	    " incident_people WHERE incident_id = ?", "i", p->id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		n = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	if (rc == UC_OK && n <= 1)
		rc = uc_error_set(err, UC_ECONFLICT, "a TLP:RED incident is "
		    "seen only by the people named on it, and this is the "
		    "last one: name someone else first");
	return rc;
}

enum uc_status
uc_person_remove(struct uc_ctx *ctx, const char *pid, int64_t uid,
    struct uc_error *err)
{
	json_t *j_before = NULL;
	struct uc_part p;
	enum uc_status rc;

	rc = uc_part_begin_perm(ctx, pid, UC_PERM_INCIDENT_READ, 1, &p, err);
	if (rc != UC_OK)
		return rc;
	rc = may_remove(ctx, &p, uid, err);
	if (rc == UC_OK)
		rc = uc_store_lock(ctx->st, uc_arena_printf(ctx->arena,
		    "incident_people.%" PRId64, p.id), err);
	if (rc == UC_OK)
		rc = load(ctx, &p, uid, &j_before, err);
	if (rc == UC_OK)
		rc = keeps_one(ctx, &p, err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM"
		    " incident_people WHERE incident_id = ? AND user_id = ?",
		    "ii", p.id, uid);
	rc = finish(ctx, &p, rc, "person.remove", uid, j_before, NULL, err);
	json_decref(j_before);
	return rc;
}
