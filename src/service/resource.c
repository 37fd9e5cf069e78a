/*
 * resource.c - equipment, tools, software, licences and services; see
 * resource.h and docs/internals/readiness.md.
 *
 * The editable fields form a document, as for drills and trainings:
 * update merges the patch into the stored one and checks the whole.
 * Every write ends with "... WHERE id = ? AND version = ?". Dates are
 * stored as yyyy-mm-dd text, which sorts and compares as the date.
 */
#include "service/resource.h"

#include "core/arena.h"
#include "core/mem.h"
#include "core/parse.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/owned.h"
#include "service/notify.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MAX_QUANTITY 1000000
#define MAX_REMIND 10000	/* resources looked at by one pass */
#define DAY_MS (INT64_C(86400) * 1000)

#define COLS "r.id, r.unit_id, un.name, r.kind, r.name, r.vendor," \
	" r.model, r.serial, r.quantity, r.system_id, sy.name," \
	" r.acquired_on, r.expires_on, r.note, r.retired_at," \
	" r.created_at, r.updated_at, r.version, un.path"
#define FROM " FROM resources r JOIN units un ON un.id = r.unit_id" \
	" LEFT JOIN systems sy ON sy.id = r.system_id"

enum { C_ID, C_UNIT, C_UNIT_NAME, C_KIND, C_NAME, C_VENDOR, C_MODEL,
	C_SERIAL, C_QUANTITY, C_SYSTEM, C_SYSTEM_NAME, C_ACQUIRED,
	C_EXPIRES, C_NOTE, C_RETIRED, C_CREATED, C_UPDATED, C_VERSION,
	C_PATH };

static const char *const kinds[] = { "equipment", "tool", "software",
	"licence", "service", NULL };

/* The free texts: key, most code points, several lines. */
static const struct {
	const char *key;
	long min, max;
	int lines;
} texts[] = {
	{ "name", 1, 300, 0 },
	{ "vendor", 0, 300, 0 },
	{ "model", 0, 300, 0 },
	{ "serial", 0, 300, 0 },
	{ "note", 0, 20000, 1 },
};

#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

static const char *
str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static void
iso(int64_t ms, char *buf)
{
	uc_time_format(ms, buf, UC_TIME_ISO_LEN + 1);
}

static void
recorded(enum uc_status rc)
{
	(void)rc;
}

static json_t *
text_or_null(struct uc_stmt *s, int c)
{
	return uc_stmt_null(s, c) ? json_null() :
	    json_string(uc_stmt_text(s, c));
}

/* ---- dates ------------------------------------------------------- */

/* A yyyy-mm-dd date as yyyymmdd, or 0 when s is not one. */
static int32_t
date_of(const char *s)
{
	const char *p = s;
	int64_t y, m, d;
	int32_t v;

	if (s == NULL || uc_parse_digits(&p, 4, 1900, 9999, &y) != UC_OK ||
	    *p++ != '-' || uc_parse_digits(&p, 2, 1, 12, &m) != UC_OK ||
	    *p++ != '-' || uc_parse_digits(&p, 2, 1, 31, &d) != UC_OK ||
	    *p != '\0')
		return 0;
	v = (int32_t)(y * 10000 + m * 100 + d);
	return uc_calendar_valid(v) ? v : 0;
}

static void
date_text(int32_t d, char buf[11])
{
	snprintf(buf, 11, "%04d-%02d-%02d", (int)(d / 10000),
	    (int)(d / 100 % 100), (int)(d % 100));
}

/* Whole local days from today to date (negative when past). */
static int64_t
days_between(int32_t today, int32_t date)
{
	return (uc_calendar_at(date, 0, 0, 0) - uc_calendar_at(today, 0, 0,
	    0)) / DAY_MS;
}

/* expiry and days_left of a row, against today (yyyymmdd). */
static void
add_expiry(json_t *j, const char *expires_on, int32_t today)
{
	int32_t d = date_of(expires_on);
	int64_t left;

	if (d == 0) {
		json_object_set_new(j, "expiry", json_string("none"));
		json_object_set_new(j, "days_left", json_null());
		return;
	}
	left = days_between(today, d);
	json_object_set_new(j, "expiry", json_string(left < 0 ? "expired" :
	    left <= UC_RESOURCE_SOON_DAYS ? "soon" : "ok"));
	json_object_set_new(j, "days_left", json_integer(left));
}

/* ---- reading ----------------------------------------------------- */

/* arg: today, an int32_t yyyymmdd. */
static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	json_t *j;

	j = json_pack("{sI sI ss ss ss ss ss ss sI so so so so ss}",
	    "id", (json_int_t)uc_stmt_i64(s, C_ID),
	    "unit_id", (json_int_t)uc_stmt_i64(s, C_UNIT),
	    "unit_name", uc_stmt_text(s, C_UNIT_NAME),
	    "kind", uc_stmt_text(s, C_KIND),
	    "name", uc_stmt_text(s, C_NAME),
	    "vendor", uc_stmt_text(s, C_VENDOR),
	    "model", uc_stmt_text(s, C_MODEL),
	    "serial", uc_stmt_text(s, C_SERIAL),
	    "quantity", (json_int_t)uc_stmt_i64(s, C_QUANTITY),
	    "system_id", uc_stmt_null(s, C_SYSTEM) ? json_null() :
	    json_integer(uc_stmt_i64(s, C_SYSTEM)),
	    "system_name", text_or_null(s, C_SYSTEM_NAME),
	    "acquired_on", text_or_null(s, C_ACQUIRED),
	    "expires_on", text_or_null(s, C_EXPIRES),
	    "note", uc_stmt_text(s, C_NOTE));
	add_expiry(j, uc_stmt_text(s, C_EXPIRES), *(const int32_t *)arg);
	json_object_set_new(j, "status", json_string(uc_stmt_null(s,
	    C_RETIRED) ? "active" : "retired"));
	json_object_set_new(j, "created_at",
	    json_string(uc_stmt_text(s, C_CREATED)));
	json_object_set_new(j, "updated_at",
	    json_string(uc_stmt_text(s, C_UPDATED)));
	json_object_set_new(j, "version",
	    json_integer(uc_stmt_i64(s, C_VERSION)));
	return j;
}

/* Resource id with `perm` over its unit: UC_ENOTFOUND outside the
 * scope. */
static enum uc_status
load(struct uc_ctx *ctx, enum uc_perm perm, int64_t id, json_t **out,
    struct uc_error *err)
{
	int32_t today = uc_calendar_date_of(ctx->now);
	enum uc_status rc = uc_owned_read(ctx, "SELECT " COLS FROM
	    " WHERE r.id = ?", id, row_json, &today, C_PATH, perm,
	    "resource", out, err);

	return rc;
}

static const struct uc_owned owned = {
	"resource", "the resource", "resources", UC_PERM_TEAM_WRITE, load, NULL
};

enum uc_status
uc_resource_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	return load(ctx, UC_PERM_UNIT_READ, id, out, err);
}

/* ---- lists ------------------------------------------------------- */

static int
known(const char *const *list, const char *k)
{
	for (size_t i = 0; k != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], k) == 0)
			return 1;
	return 0;
}

/*
 * The cursor is the id of the last row shown; the rows after it in
 * the order (expires_on, none last; name; id) follow.
 */
static enum uc_status
list_cursor(struct uc_ctx *ctx, struct uc_sql *q, const char *c,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	const char *exp = NULL, *name = NULL;
	int64_t id = 0;
	enum uc_status rc;
	int row = 0;

	if (c == NULL)
		return UC_OK;
	if (uc_parse_i64_str(c, 1, INT64_MAX, &id) != UC_OK)
		return uc_error_field(err, "cursor", "format", "cursor is not"
		    " one this server gave");
	rc = uc_store_query(ctx->st, &s, err, "SELECT expires_on, name FROM"
	    " resources WHERE id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		exp = uc_stmt_null(s, 0) ? NULL : uc_arena_strdup(ctx->arena,
		    uc_stmt_text(s, 0));
		name = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 1));
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_field(err, "cursor", "format", "cursor is not"
		    " one this server gave");
	if (rc != UC_OK)
		return rc;
	if (exp == NULL)
		uc_sql_add(q, " AND r.expires_on IS NULL AND (r.name > ? OR"
		    " (r.name = ? AND r.id > ?))", "ssi", name, name, id);
	else
		uc_sql_add(q, " AND (r.expires_on IS NULL OR r.expires_on > ?"
		    " OR (r.expires_on = ? AND (r.name > ? OR (r.name = ? AND"
		    " r.id > ?))))", "ssssi", exp, exp, name, name, id);
	return UC_OK;
}

static enum uc_status
check_filter(const struct uc_resource_filter *f, struct uc_error *err)
{
	static const char *const statuses[] = { "active", "retired", "all",
		NULL };

	if (f->kind != NULL && !known(kinds, f->kind))
		uc_error_field(err, "kind", "enum", "kind is equipment, tool,"
		    " software, licence or service");
	if (f->status != NULL && !known(statuses, f->status))
		uc_error_field(err, "status", "enum", "status is active, "
		    "retired or all");
	if (f->expiring > UC_RESOURCE_MAX_EXPIRING)
		uc_error_field(err, "expiring", "range", "expiring is a number"
		    " of days from 0 to %d", UC_RESOURCE_MAX_EXPIRING);
	return err->nfields ? UC_EVALID : UC_OK;
}

static enum uc_status
list_filter(struct uc_ctx *ctx, struct uc_sql *q,
    const struct uc_resource_filter *f, struct uc_error *err)
{
	const char *st = f->status ? f->status : "active";
	enum uc_status rc = check_filter(f, err);
	char until[11];

	if (rc != UC_OK)
		return rc;
	uc_access_unit_filter(ctx, UC_PERM_UNIT_READ, "un.path", q);
	if (f->unit_id) {
		rc = uc_access_unit(ctx, UC_PERM_UNIT_READ, f->unit_id, err);
		uc_sql_add(q, " AND un.path LIKE (SELECT path FROM units"
		    " WHERE id = ?) || '%'", "i", f->unit_id);
	}
	if (f->kind != NULL)
		uc_sql_add(q, " AND r.kind = ?", "s", f->kind);
	if (strcmp(st, "active") == 0)
		uc_sql_add(q, " AND r.retired_at IS NULL", "");
	else if (strcmp(st, "retired") == 0)
		uc_sql_add(q, " AND r.retired_at IS NOT NULL", "");
	if (f->expiring >= 0) {
		date_text(uc_calendar_add(uc_calendar_date_of(ctx->now),
		    (int)f->expiring), until);
		uc_sql_add(q, " AND r.expires_on <= ?", "s",
		    uc_arena_strdup(ctx->arena, until));
	}
	if (rc == UC_OK)
		rc = list_cursor(ctx, q, f->cursor, err);
	return rc;
}

enum uc_status
uc_resource_list(struct uc_ctx *ctx, const struct uc_resource_filter *f,
    json_t **out, char **next, struct uc_error *err)
{
	int32_t today = uc_calendar_date_of(ctx->now);
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	json_t *last;
	enum uc_status rc;

	*out = NULL;
	*next = NULL;
	uc_sql_init(&q, ctx->arena, "SELECT " COLS FROM " WHERE 1 = 1");
	rc = list_filter(ctx, &q, f, err);
	uc_sql_add(&q, " ORDER BY CASE WHEN r.expires_on IS NULL THEN 1"
	    " ELSE 0 END, r.expires_on, r.name, r.id LIMIT ?", "i",
	    (int64_t)f->limit + 1);
	if (rc == UC_OK)
		rc = uc_store_query_sql(ctx->st, &s, err, &q);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, &today, out, err);
	if (rc != UC_OK || json_array_size(*out) <= (size_t)f->limit)
		return rc;
	json_array_remove(*out, (size_t)f->limit);
	last = json_array_get(*out, (size_t)f->limit - 1);
	*next = uc_arena_printf(ctx->arena, "%" PRId64,
	    (int64_t)json_integer_value(json_object_get(last, "id")));
	return UC_OK;
}

/* ---- checking ---------------------------------------------------- */

/* system_id: a registered system of the resource's unit, or one the
 * actor may read. */
static void
check_system(struct uc_ctx *ctx, int64_t unit, json_t *doc,
    struct uc_error *err)
{
	json_t *v = json_object_get(doc, "system_id");
	struct uc_stmt *s = NULL;
	int64_t id = json_integer_value(v), owner = 0;
	const char *path = NULL;
	int row = 0;

	if (v == NULL || (json_is_integer(v) && id == 0))
		return;
	if (json_is_integer(v) && id > 0 && uc_store_query(ctx->st, &s, err,
	    "SELECT sy.unit_id, un.path FROM systems sy JOIN units un ON"
	    " un.id = sy.unit_id WHERE sy.id = ?", "i", id) == UC_OK &&
	    uc_stmt_step(s, &row, err) == UC_OK && row) {
		owner = uc_stmt_i64(s, 0);
		path = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 1));
	}
	uc_stmt_done(s);
	if (path == NULL || (owner != unit && !uc_access_allows(ctx,
	    UC_PERM_UNIT_READ, path)))
		uc_error_field(err, "system_id", "not_found", "no registered "
		    "system %" PRId64 " of this unit or that you may see", id);
}

static void
check_dates(json_t *doc, struct uc_error *err)
{
	const char *acq = str(doc, "acquired_on"), *exp = str(doc,
	    "expires_on");
	int32_t a = 0, e = 0;

	if (*acq && (a = date_of(acq)) == 0)
		uc_error_field(err, "acquired_on", "format", "acquired_on is "
		    "a date, yyyy-mm-dd");
	if (*exp && (e = date_of(exp)) == 0)
		uc_error_field(err, "expires_on", "format", "expires_on is a "
		    "date, yyyy-mm-dd");
	if (a && e && e < a)
		uc_error_field(err, "expires_on", "range", "expires_on is not "
		    "before acquired_on");
}

static enum uc_status
check_doc(struct uc_ctx *ctx, int64_t unit, json_t *doc,
    struct uc_error *err)
{
	static const char *const statuses[] = { "active", "retired", NULL };
	json_t *qty = json_object_get(doc, "quantity");
	size_t i;

	if (!known(kinds, str(doc, "kind")))
		uc_error_field(err, "kind", "enum", "kind is equipment, tool,"
		    " software, licence or service");
	for (i = 0; i < NTEXTS; i++)
		recorded(texts[i].lines ? uc_valid_lines(texts[i].key,
		    str(doc, texts[i].key), texts[i].min, texts[i].max, err) :
		    uc_valid_text(texts[i].key, str(doc, texts[i].key),
		    texts[i].min, texts[i].max, err));
	if (!json_is_integer(qty) || json_integer_value(qty) < 1 ||
	    json_integer_value(qty) > MAX_QUANTITY)
		uc_error_field(err, "quantity", "range", "quantity is a number"
		    " from 1 to %d", MAX_QUANTITY);
	if (!known(statuses, str(doc, "status")))
		uc_error_field(err, "status", "enum", "status is active or "
		    "retired");
	if (json_object_get(doc, "system_id") != NULL &&
	    !json_is_integer(json_object_get(doc, "system_id")))
		uc_error_field(err, "system_id", "type", "system_id is a "
		    "system's id");
	else
		check_system(ctx, unit, doc, err);
	check_dates(doc, err);
	return err->nfields ? UC_EVALID : UC_OK;
}

/* ---- writing ----------------------------------------------------- */

static const char *
date_or_null(json_t *doc, const char *k)
{
	const char *s = str(doc, k);

	return *s ? s : NULL;
}

static enum uc_status
write_doc(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *doc,
    const char *retired_at, struct uc_error *err)
{
	int64_t changes = 0, sys = json_integer_value(json_object_get(doc,
	    "system_id"));
	char now[32];
	enum uc_status rc;

	iso(ctx->now, now);
	rc = uc_store_run(ctx->st, &changes, err, "UPDATE resources SET"
	    " kind = ?, name = ?, vendor = ?, model = ?, serial = ?,"
	    " quantity = ?, system_id = ?, acquired_on = ?, expires_on = ?,"
	    " note = ?, retired_at = ?, version = version + 1,"
	    " updated_at = ? WHERE id = ? AND version = ?", "sssssissssssii",
	    str(doc, "kind"), str(doc, "name"), str(doc, "vendor"),
	    str(doc, "model"), str(doc, "serial"), (int64_t)
	    json_integer_value(json_object_get(doc, "quantity")),
	    uc_store_id_or_null(ctx->arena, sys), date_or_null(doc,
	    "acquired_on"), date_or_null(doc, "expires_on"), str(doc,
	    "note"), retired_at, now, id, version);
	if (rc == UC_OK && changes != 1)
		rc = uc_error_set(err, UC_EPRECOND, "the resource changed "
		    "since you read it: reload and reapply");
	return rc;
}

enum uc_status
uc_resource_create(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	json_t *doc = json_pack("{ss ss ss ss sI ss ss ss}", "vendor", "",
	    "model", "", "serial", "", "note", "", "quantity", (json_int_t)1,
	    "acquired_on", "", "expires_on", "", "status", "active");
	int64_t unit = 0, id = 0;
	char now[32];
	enum uc_status rc;

	*out = NULL;
	json_object_update(doc, in);
	json_object_del(doc, "unit_id");
	rc = uc_owned_unit(ctx, &owned, in, &unit, err);
	if (rc == UC_OK)
		rc = check_doc(ctx, unit, doc, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK) {
		json_decref(doc);
		return rc;
	}
	iso(ctx->now, now);
	rc = uc_store_insert(ctx->st, &id, err, "INSERT INTO resources"
	    " (unit_id, kind, name, created_by, version, created_at,"
	    " updated_at) VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING id",
	    "isssss", unit, str(doc, "kind"), str(doc, "name"),
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now, now);
	if (rc == UC_OK)
		rc = write_doc(ctx, id, 0, doc, strcmp(str(doc, "status"),
		    "retired") == 0 ? now : NULL, err);
	rc = uc_owned_end(ctx, &owned, id, 0, "resource.create", NULL, rc,
	    out, err);
	json_decref(doc);
	return rc;
}

/* The editable part of a resource as returned (null dates as ""). */
static json_t *
doc_of(json_t *r)
{
	static const char *const keys[] = { "kind", "name", "vendor",
		"model", "serial", "quantity", "note", "status", NULL };
	static const char *const dates[] = { "acquired_on", "expires_on",
		NULL };
	json_t *doc = json_object(), *sys = json_object_get(r, "system_id");
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		json_object_set(doc, keys[i], json_object_get(r, keys[i]));
	for (i = 0; dates[i] != NULL; i++)
		json_object_set_new(doc, dates[i], json_string(str(r,
		    dates[i])));
	json_object_set_new(doc, "system_id", json_integer(
	    json_integer_value(sys)));
	return doc;
}

/* The stored retired_at, kept while retired; now when newly so. */
static enum uc_status
retired_at(struct uc_ctx *ctx, int64_t id, json_t *doc, const char **at,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	char now[32];
	int row = 0;

	*at = NULL;
	if (strcmp(str(doc, "status"), "retired") != 0)
		return UC_OK;
	rc = uc_store_query(ctx->st, &s, err, "SELECT retired_at FROM"
	    " resources WHERE id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row && !uc_stmt_null(s, 0))
		*at = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
	uc_stmt_done(s);
	if (rc == UC_OK && *at == NULL) {
		iso(ctx->now, now);
		*at = uc_arena_strdup(ctx->arena, now);
	}
	return rc;
}

/* One change: the patch in (NULL: retire) merged into the stored
 * resource, checked whole. */
static enum uc_status
change(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *in,
    json_t **out, struct uc_error *err)
{
	json_t *cur = NULL, *doc = NULL;
	const char *action = "resource.update", *at = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_owned_begin(ctx, &owned, id, version, &cur, err);
	if (rc != UC_OK)
		return rc;
	doc = doc_of(cur);
	if (in != NULL)
		json_object_update(doc, in);
	else
		json_object_set_new(doc, "status", json_string("retired"));
	json_object_del(doc, "unit_id");
	if (strcmp(str(doc, "status"), "retired") == 0 &&
	    strcmp(str(cur, "status"), "retired") != 0)
		action = "resource.retire";
	rc = check_doc(ctx, json_integer_value(json_object_get(cur,
	    "unit_id")), doc, err);
	if (rc == UC_OK)
		rc = retired_at(ctx, id, doc, &at, err);
	if (rc == UC_OK)
		rc = write_doc(ctx, id, version, doc, at, err);
	rc = uc_owned_end(ctx, &owned, id, 0, action, cur, rc, out, err);
	json_decref(doc);
	return rc;
}

enum uc_status
uc_resource_update(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t *in, json_t **out, struct uc_error *err)
{
	return change(ctx, id, version, in, out, err);
}

enum uc_status
uc_resource_retire(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t **out, struct uc_error *err)
{
	json_t *cur = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_owned_begin(ctx, &owned, id, version, &cur, err);
	if (rc != UC_OK)
		return rc;
	uc_store_rollback(ctx->st);
	if (strcmp(str(cur, "status"), "retired") == 0) {
		*out = cur;
		return UC_OK;
	}
	json_decref(cur);
	return change(ctx, id, version, NULL, out, err);
}

/* ---- reminders --------------------------------------------------- */

static json_t *
due_row(struct uc_stmt *s, const void *arg)
{
	(void)arg;
	return json_pack("{sI sI ss ss ss}", "id",
	    (json_int_t)uc_stmt_i64(s, 0), "unit_id",
	    (json_int_t)uc_stmt_i64(s, 1), "kind", uc_stmt_text(s, 2),
	    "name", uc_stmt_text(s, 3), "expires_on", uc_stmt_text(s, 4));
}

/* One resource's reminder, in the caller's transaction: the row first,
 * the messages only when the row is new. */
static enum uc_status
remind_one(struct uc_ctx *ctx, json_t *r, int32_t today, int *sent,
    struct uc_error *err)
{
	struct uc_notify_resource m;
	int64_t left = days_between(today, date_of(str(r, "expires_on")));
	const char *kind = left <= 0 ? "expired" : "ahead";
	int64_t changes = 0;
	char now[32];
	enum uc_status rc;

	iso(ctx->now, now);
	rc = uc_store_run(ctx->st, &changes, err, "INSERT INTO"
	    " resource_reminders (resource_id, expires_on, kind, sent_at)"
	    " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", "isss",
	    (int64_t)json_integer_value(json_object_get(r, "id")),
	    str(r, "expires_on"), kind, now);
	if (rc != UC_OK || changes == 0)
		return rc;
	memset(&m, 0, sizeof(m));
	m.unit_id = json_integer_value(json_object_get(r, "unit_id"));
	m.resource_id = json_integer_value(json_object_get(r, "id"));
	m.kind = str(r, "kind");
	m.name = str(r, "name");
	m.expires_on = str(r, "expires_on");
	m.days_left = left;
	m.reminder = kind;
	(*sent)++;
	return uc_notify_resource(ctx, &m, err);
}

enum uc_status
uc_resource_remind(struct uc_ctx *ctx, int64_t now, int *sent,
    struct uc_error *err)
{
	int32_t today = uc_calendar_date_of(now);
	struct uc_stmt *s = NULL;
	json_t *due = NULL, *r;
	char day[11], until[11];
	enum uc_status rc;
	int count = 0;
	size_t i;

	date_text(today, day);
	date_text(uc_calendar_add(today, UC_RESOURCE_AHEAD_DAYS), until);
	/* those in the window without the reminder they are due (the
	 * insert below decides, this keeps the pass short) */
	rc = uc_store_query(ctx->st, &s, err, "SELECT r.id, r.unit_id,"
	    " r.kind, r.name, r.expires_on FROM resources r WHERE"
	    " r.retired_at IS NULL AND r.expires_on IS NOT NULL AND"
	    " r.expires_on <= ? AND NOT EXISTS (SELECT 1 FROM"
	    " resource_reminders m WHERE m.resource_id = r.id AND"
	    " m.expires_on = r.expires_on AND m.kind = CASE WHEN"
	    " r.expires_on <= ? THEN 'expired' ELSE 'ahead' END)"
	    " ORDER BY r.id LIMIT ?", "ssi", until, day, (int64_t)MAX_REMIND);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, due_row, NULL, &due, err);
	/* each in its own transaction with its messages */
	json_array_foreach(due, i, r) {
		if (rc != UC_OK || (rc = uc_store_begin(ctx->st, err)) != UC_OK)
			break;
		rc = remind_one(ctx, r, today, &count, err);
		if (rc == UC_OK)
			rc = uc_store_commit(ctx->st, err);
		uc_store_rollback(ctx->st);
	}
	json_decref(due);
	if (sent != NULL)
		*sent = count;
	return rc;
}
