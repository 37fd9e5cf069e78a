/*
 * rota.c - the on-call rota of a unit, and who is on duty across the
 * units in scope; see service/rota.h and docs/internals/team.md.
 *
 * A unit's shifts are few (a team of a handful, a week of patterns), so
 * they are read whole and handed to domain/rota.c with the instant.
 */
#include "service/rota.h"

#include "core/arena.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/rota.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MAX_SHIFTS 500		/* per unit */
#define MAX_ON_DUTY 16

#define COLS "r.id, r.member_id, r.kind, r.weekday, r.start_min," \
	" r.length_min, r.starts_at, r.ends_at, r.note, m.full_name," \
	" m.phone, m.email, m.team_role, m.valid_from, m.valid_to"

/* A unit's shifts: the rows as JSON, and the same for domain/rota.c. */
struct shifts {
	json_t *items;
	struct uc_rota_shift *s;
	size_t n;
};

static void
iso(int64_t ms, char *buf)
{
	uc_time_format(ms, buf, UC_TIME_ISO_LEN + 1);
}

static const char *
id_text(struct uc_ctx *ctx, int64_t id)
{
	return uc_arena_printf(ctx->arena, "%" PRId64, id);
}

static json_t *
shift_json(struct uc_stmt *s, int64_t unit)
{
	json_t *j = json_pack("{sI sI sI ss ss ss ss ss}",
	    "id", (json_int_t)uc_stmt_i64(s, 0), "unit_id", (json_int_t)unit,
	    "member_id", (json_int_t)uc_stmt_i64(s, 1), "kind",
	    uc_stmt_text(s, 2), "note", uc_stmt_text(s, 8), "full_name",
	    uc_stmt_text(s, 9), "phone", uc_stmt_text(s, 10), "email",
	    uc_stmt_text(s, 11));
	int min = (int)uc_stmt_i64(s, 4);
	char hhmm[8];

	json_object_set_new(j, "team_role", json_string(uc_stmt_text(s, 12)));
	if (strcmp(uc_stmt_text(s, 2), "weekly") == 0) {
		snprintf(hhmm, sizeof(hhmm), "%02d:%02d", min / 60, min % 60);
		json_object_set_new(j, "weekday", json_integer(uc_stmt_i64(s,
		    3)));
		json_object_set_new(j, "start", json_string(hhmm));
		json_object_set_new(j, "length_min", json_integer(
		    uc_stmt_i64(s, 5)));
	} else {
		json_object_set_new(j, "starts_at", json_string(uc_stmt_text(s,
		    6)));
		json_object_set_new(j, "ends_at", json_string(uc_stmt_text(s,
		    7)));
	}
	return j;
}

static struct uc_rota_shift
shift_of(struct uc_stmt *s)
{
	struct uc_rota_shift r;

	memset(&r, 0, sizeof(r));
	r.id = uc_stmt_i64(s, 0);
	if (strcmp(uc_stmt_text(s, 2), "weekly") == 0) {
		r.kind = UC_ROTA_WEEKLY;
		r.weekday = (int)uc_stmt_i64(s, 3);
		r.start_min = (int)uc_stmt_i64(s, 4);
		r.length_min = (int)uc_stmt_i64(s, 5);
	} else {
		r.kind = UC_ROTA_DATED;
		if (uc_time_parse(uc_stmt_text(s, 6), &r.start) != UC_OK ||
		    uc_time_parse(uc_stmt_text(s, 7), &r.end) != UC_OK)
			r.start = r.end = 0;	/* invalid: skipped */
	}
	return r;
}

/* Is the member on the team on the local date `day` (yyyy-mm-dd)? The
 * dates are ISO texts, so they compare as strings. */
static int
member_active(struct uc_stmt *s, const char *day)
{
	return strcmp(uc_stmt_text(s, 13), day) <= 0 && (uc_stmt_null(s, 14) ||
	    strcmp(uc_stmt_text(s, 14), day) >= 0);
}

/* The unit's shifts; only those of members on the team on the local
 * date of `at` take part in who is on duty and next. */
static enum uc_status
load(struct uc_ctx *ctx, int64_t unit, int64_t at, struct shifts *sh,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	int32_t d = uc_calendar_date_of(at);
	char day[16];
	enum uc_status rc;
	int row = 0;

	uc_calendar_text(d, day, sizeof(day));

	sh->items = json_array();
	sh->n = 0;
	sh->s = uc_arena_alloc(ctx->arena, MAX_SHIFTS * sizeof(*sh->s));
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM"
	    " rota_shifts r JOIN team_members m ON m.id = r.member_id"
	    " WHERE r.unit_id = ? ORDER BY r.kind DESC, r.weekday,"
	    " r.start_min, r.starts_at, r.id LIMIT ?", "ii", unit,
	    (int64_t)MAX_SHIFTS);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		json_t *j = shift_json(s, unit);

		json_object_set_new(j, "member_active",
		    json_boolean(member_active(s, day)));
		json_array_append_new(sh->items, j);
		if (member_active(s, day))
			sh->s[sh->n++] = shift_of(s);
	}
	uc_stmt_done(s);
	return rc;
}

/* A slot with the person on it (a new reference). */
static json_t *
slot_json(const struct shifts *sh, const struct uc_rota_slot *o)
{
	char a[32], b[32];
	json_t *j = NULL, *it = NULL, *v;
	size_t i;

	json_array_foreach(sh->items, i, v)
		if (json_integer_value(json_object_get(v, "id")) == o->id)
			it = v;
	iso(o->start, a);
	iso(o->end, b);
	j = json_pack("{sI ss ss}", "shift_id", (json_int_t)o->id, "start", a,
	    "end", b);
	if (it != NULL) {
		json_object_set(j, "member_id", json_object_get(it,
		    "member_id"));
		json_object_set(j, "full_name", json_object_get(it,
		    "full_name"));
		json_object_set(j, "phone", json_object_get(it, "phone"));
		json_object_set(j, "email", json_object_get(it, "email"));
		json_object_set(j, "team_role", json_object_get(it,
		    "team_role"));
	}
	return j;
}

/* Adds on_duty and next at `at` to j. */
static void
add_duty(json_t *j, const struct shifts *sh, int64_t at)
{
	struct uc_rota_slot now[MAX_ON_DUTY], nx;
	json_t *j_now = json_array();
	size_t i, k;

	k = uc_rota_on_duty(sh->s, sh->n, at, now, MAX_ON_DUTY);
	for (i = 0; i < k && i < MAX_ON_DUTY; i++)
		json_array_append_new(j_now, slot_json(sh, &now[i]));
	json_object_set_new(j, "on_duty", j_now);
	json_object_set_new(j, "next", uc_rota_next(sh->s, sh->n, at, &nx) ?
	    slot_json(sh, &nx) : json_null());
}

enum uc_status
uc_rota_list(struct uc_ctx *ctx, int64_t unit, int64_t at, json_t **out,
    struct uc_error *err)
{
	struct shifts sh = { NULL, NULL, 0 };
	char when[32];
	enum uc_status rc;

	*out = NULL;
	rc = uc_access_unit(ctx, UC_PERM_UNIT_READ, unit, err);
	if (rc == UC_OK)
		rc = load(ctx, unit, at, &sh, err);
	if (rc != UC_OK) {
		json_decref(sh.items);
		return rc;
	}
	iso(at, when);
	*out = json_pack("{sI ss so}", "unit_id", (json_int_t)unit, "at",
	    when, "items", sh.items);
	add_duty(*out, &sh, at);
	return UC_OK;
}

/* ---- changes ----------------------------------------------------- */

static enum uc_status
check_member(struct uc_ctx *ctx, int64_t unit, json_t *in,
    struct uc_error *err)
{
	json_t *m = json_object_get(in, "member_id");
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	if (!json_is_integer(m))
		return uc_error_field(err, "member_id", "required", "member_id"
		    " names a member of the unit's team");
	rc = uc_store_query(ctx->st, &s, err, "SELECT 1 FROM team_members"
	    " WHERE id = ? AND unit_id = ?", "ii",
	    (int64_t)json_integer_value(m), unit);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_field(err, "member_id", "not_found", "no member "
		    "%" JSON_INTEGER_FORMAT " in this unit's team",
		    json_integer_value(m));
	return rc;
}

static enum uc_status
parse_weekly(json_t *in, struct uc_rota_shift *r, struct uc_error *err)
{
	json_t *wd = json_object_get(in, "weekday");
	json_t *len = json_object_get(in, "length_min");
	const char *start = json_string_value(json_object_get(in, "start"));

	r->kind = UC_ROTA_WEEKLY;
	if (!json_is_integer(wd) || json_integer_value(wd) < 1 ||
	    json_integer_value(wd) > 7)
		uc_error_field(err, "weekday", "range", "weekday is 1 (Monday)"
		    " to 7 (Sunday)");
	else
		r->weekday = (int)json_integer_value(wd);
	if (!uc_rota_parse_hhmm(start, &r->start_min))
		uc_error_field(err, "start", "format", "start is HH:MM, local"
		    " time");
	if (!json_is_integer(len) || json_integer_value(len) < 1 ||
	    json_integer_value(len) > UC_ROTA_WEEK_MIN)
		uc_error_field(err, "length_min", "range", "length_min is 1 to"
		    " %d minutes", UC_ROTA_WEEK_MIN);
	else
		r->length_min = (int)json_integer_value(len);
	return err->nfields ? UC_EVALID : UC_OK;
}

static enum uc_status
parse_dated(json_t *in, struct uc_rota_shift *r, struct uc_error *err)
{
	const char *a = json_string_value(json_object_get(in, "starts_at"));
	const char *b = json_string_value(json_object_get(in, "ends_at"));

	r->kind = UC_ROTA_DATED;
	if (a == NULL || uc_time_parse(a, &r->start) != UC_OK)
		uc_error_field(err, "starts_at", "format", "starts_at is an "
		    "ISO 8601 instant");
	if (b == NULL || uc_time_parse(b, &r->end) != UC_OK)
		uc_error_field(err, "ends_at", "format", "ends_at is an ISO "
		    "8601 instant");
	else if (a != NULL && r->end <= r->start)
		uc_error_field(err, "ends_at", "range", "ends_at is after "
		    "starts_at");
	return err->nfields ? UC_EVALID : UC_OK;
}

static enum uc_status
insert(struct uc_ctx *ctx, int64_t unit, json_t *in,
    const struct uc_rota_shift *r, int64_t *id, struct uc_error *err)
{
	const char *note = json_string_value(json_object_get(in, "note"));
	char now[32], a[32], b[32];

	iso(ctx->now, now);
	iso(r->start, a);
	iso(r->end, b);
	return uc_store_insert(ctx->st, id, err, "INSERT INTO rota_shifts"
	    " (unit_id, member_id, kind, weekday, start_min, length_min,"
	    " starts_at, ends_at, note, created_at) VALUES (?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?, ?) RETURNING id", "iisiiissss", unit,
	    (int64_t)json_integer_value(json_object_get(in, "member_id")),
	    r->kind == UC_ROTA_WEEKLY ? "weekly" : "dated",
	    (int64_t)r->weekday, (int64_t)r->start_min,
	    (int64_t)r->length_min, r->kind == UC_ROTA_DATED ? a : NULL,
	    r->kind == UC_ROTA_DATED ? b : NULL, note ? note : "", now);
}

static enum uc_status
one_shift(struct uc_ctx *ctx, int64_t unit, int64_t id, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM"
	    " rota_shifts r JOIN team_members m ON m.id = r.member_id"
	    " WHERE r.id = ? AND r.unit_id = ?", "ii", id, unit);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*out = shift_json(s, unit);
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such shift");
	return rc;
}

enum uc_status
uc_rota_add(struct uc_ctx *ctx, int64_t unit, json_t *in, json_t **out,
    struct uc_error *err)
{
	const char *note = json_string_value(json_object_get(in, "note"));
	struct uc_rota_shift r;
	int64_t id = 0;
	enum uc_status rc;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	rc = uc_access_unit(ctx, UC_PERM_TEAM_WRITE, unit, err);
	if (rc == UC_OK)
		rc = check_member(ctx, unit, in, err);
	if (rc == UC_OK)
		rc = json_object_get(in, "starts_at") != NULL ?
		    parse_dated(in, &r, err) : parse_weekly(in, &r, err);
	if (rc == UC_OK && note != NULL && strlen(note) > 500)
		rc = uc_error_field(err, "note", "length", "note is at most "
		    "500 bytes");
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK)
		return rc;
	rc = insert(ctx, unit, in, &r, &id, err);
	if (rc == UC_OK)
		rc = one_shift(ctx, unit, id, out, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "rota.add", "rota_shift",
		    id_text(ctx, id), unit, NULL, *out, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum uc_status
uc_rota_remove(struct uc_ctx *ctx, int64_t unit, int64_t id,
    struct uc_error *err)
{
	json_t *cur = NULL;
	enum uc_status rc;

	rc = uc_access_unit(ctx, UC_PERM_TEAM_WRITE, unit, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK)
		return rc;
	rc = one_shift(ctx, unit, id, &cur, err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM rota_shifts"
		    " WHERE id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "rota.remove", "rota_shift",
		    id_text(ctx, id), unit, cur, NULL, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	json_decref(cur);
	return rc;
}

/* ---- the hotline page -------------------------------------------- */

/* The units in scope with a rota, as " AND (un.path LIKE ? ...)". */
static void
scope_filter(struct uc_ctx *ctx, struct uc_sql *q)
{
	const char **paths;
	size_t i, n = uc_access_scopes(ctx, UC_PERM_UNIT_READ, &paths);

	if (ctx->actor.system)
		return;
	if (n == 0) {
		uc_sql_add(q, " AND 1 = 0", "");
		return;
	}
	uc_sql_add(q, " AND (", "");
	for (i = 0; i < n; i++)
		uc_sql_add(q, i ? " OR un.path LIKE ?" : "un.path LIKE ?",
		    "s", uc_arena_printf(ctx->arena, "%s%%", paths[i]));
	uc_sql_add(q, ")", "");
}

static json_t *
unit_row(struct uc_stmt *s, const void *arg)
{
	(void)arg;
	return json_pack("{sI ss ss}", "unit_id", (json_int_t)uc_stmt_i64(s,
	    0), "unit_code", uc_stmt_text(s, 1), "unit_name",
	    uc_stmt_text(s, 2));
}

enum uc_status
uc_rota_oncall(struct uc_ctx *ctx, int64_t at, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	json_t *j_units = NULL, *u;
	char when[32];
	size_t i;
	enum uc_status rc;

	*out = NULL;
	uc_sql_init(&q, ctx->arena, "SELECT un.id, un.code, un.name FROM"
	    " units un WHERE un.id IN (SELECT unit_id FROM rota_shifts)");
	scope_filter(ctx, &q);
	uc_sql_add(&q, " ORDER BY un.path", "");
	rc = uc_store_query_sql(ctx->st, &s, err, &q);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, unit_row, NULL, &j_units, err);
	json_array_foreach(j_units, i, u) {
		struct shifts sh = { NULL, NULL, 0 };

		if (rc == UC_OK)
			rc = load(ctx, json_integer_value(json_object_get(u,
			    "unit_id")), at, &sh, err);
		if (rc == UC_OK)
			add_duty(u, &sh, at);
		json_decref(sh.items);
	}
	if (rc != UC_OK) {
		json_decref(j_units);
		return rc;
	}
	iso(at, when);
	*out = json_pack("{ss so}", "at", when, "units", j_units);
	return UC_OK;
}
