/*
 * observable.c (service) - see service/observable.h. Values are
 * checked and normalised by domain/observable.c; inserts use ON
 * CONFLICT DO NOTHING, so a duplicate is found by the database itself
 * (no read-then-write race) and, in a paste, does not abort the rest.
 */
#include "service/observable.h"
#include "core/arena.h"
#include "core/time.h"
#include "domain/observable.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/part.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define NOTE_MAX 2000
#define SEEN_MAX 50		/* other incidents listed per observable */
#define ECHO_MAX 200		/* bytes of a too long line echoed back */

#define COLS "o.id, i.public_id, o.type, o.value, o.tlp, o.is_indicator," \
	" o.first_seen, o.last_seen, o.note, o.created_by, o.created_at"

static const char *const tlps[] = {
	"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED", NULL
};

/* What a paste adds and skips. */
struct bulk {
	const char *tlp;
	int indicator;
	json_t *added;		/* [{id, type, value}] */
	json_t *skipped;	/* [{line, value, type, reason}] */
	int64_t first_id;	/* of the first observable added */
};

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	json_t *j = json_pack("{sI ss ss ss ss sb}", "id",
	    (json_int_t)uc_stmt_i64(s, 0), "incident", uc_stmt_text(s, 1),
	    "type", uc_stmt_text(s, 2), "value", uc_stmt_text(s, 3),
	    "tlp", uc_stmt_text(s, 4), "is_indicator",
	    uc_stmt_i64(s, 5) != 0);

	json_object_set_new(j, "first_seen", uc_part_text(s, 6));
	json_object_set_new(j, "last_seen", uc_part_text(s, 7));
	json_object_set_new(j, "note", json_string(uc_stmt_text(s, 8)));
	json_object_set_new(j, "created_by", uc_part_int(s, 9));
	json_object_set_new(j, "created_at", json_string(uc_stmt_text(s,
	    10)));
	json_object_set_new(j, "seen_in", json_array());
	(void)arg;
	return j;
}

static char *
key(struct uc_ctx *ctx, int64_t id)
{
	return uc_arena_printf(ctx->arena, "%" PRId64, id);
}

/* The rows by their id's text (a new object of borrowed rows). */
static json_t *
by_id(struct uc_ctx *ctx, json_t *rows)
{
	json_t *j_byid = json_object(), *v;
	size_t i;

	json_array_foreach(rows, i, v)
		json_object_set(j_byid, key(ctx, (int64_t)json_integer_value(
		    json_object_get(v, "id"))), v);
	return j_byid;
}

/*
 * seen_in of the observables in byid (id text -> object): one query
 * over the other incidents with the same type and value, restricted to
 * those the actor sees by the access filter.
 */
static enum uc_status
seen_in(struct uc_ctx *ctx, int64_t incident, int64_t id, int64_t min_id,
    json_t *byid, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	enum uc_status rc;
	json_t *j_seen;
	int row = 0;

	uc_sql_init(&q, ctx->arena, "SELECT o.id, i.public_id FROM"
	    " observables o JOIN observables x ON x.type = o.type AND"
	    " x.value = o.value AND x.incident_id <> o.incident_id JOIN"
	    " incidents i ON i.id = x.incident_id JOIN units un ON un.id ="
	    " i.unit_id");
	uc_sql_add(&q, " WHERE o.incident_id = ? AND (? = 0 OR o.id = ?)"
	    " AND o.id >= ?", "iiii", incident, id, id, min_id);
	uc_access_incident_filter(ctx, &q);
	uc_sql_add(&q, " ORDER BY o.id, i.public_id", "");
	rc = uc_store_query_sql(ctx->st, &s, err, &q);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		j_seen = json_object_get(json_object_get(byid, key(ctx,
		    uc_stmt_i64(s, 0))), "seen_in");
		if (j_seen != NULL && json_array_size(j_seen) < SEEN_MAX)
			json_array_append_new(j_seen, json_string(
			    uc_stmt_text(s, 1)));
	}
	uc_stmt_done(s);
	return rc;
}

/* Observables of incident p: one (id > 0) or all with an id of at
 * least min_id, newest first, with seen_in. */
static enum uc_status
select_since(struct uc_ctx *ctx, const struct uc_part *p, int64_t id,
    int64_t min_id, json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *j_items = NULL, *j_byid;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM"
	    " observables o JOIN incidents i ON i.id = o.incident_id WHERE"
	    " o.incident_id = ? AND (? = 0 OR o.id = ?) AND o.id >= ?"
	    " ORDER BY o.id DESC LIMIT ?", "iiiii", p->id, id, id, min_id,
	    (int64_t)UC_PART_LIST_MAX);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, NULL, &j_items, err);
	if (rc == UC_OK && json_array_size(j_items) > 0) {
		j_byid = by_id(ctx, j_items);
		rc = seen_in(ctx, p->id, id, min_id, j_byid, err);
		json_decref(j_byid);
	}
	if (rc != UC_OK) {
		json_decref(j_items);
		return rc;
	}
	*out = j_items;
	return UC_OK;
}

static enum uc_status
select_obs(struct uc_ctx *ctx, const struct uc_part *p, int64_t id,
    json_t **out, struct uc_error *err)
{
	return select_since(ctx, p, id, 0, out, err);
}

static enum uc_status
load(struct uc_ctx *ctx, const struct uc_part *p, int64_t id, json_t **out,
    struct uc_error *err)
{
	return uc_part_load(ctx, p, select_obs, id, "no such observable",
	    out, err);
}

enum uc_status
uc_observable_list(struct uc_ctx *ctx, const char *pid, json_t **out,
    struct uc_error *err)
{
	return uc_part_list(ctx, pid, select_obs, out, err);
}

/* Insert one; *id = 0 when the incident has it already. */
static enum uc_status
insert(struct uc_ctx *ctx, const struct uc_part *p, const char *type,
    const char *value, json_t *doc, int64_t *id, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];

	uc_time_format(ctx->now, now, sizeof(now));
	return uc_store_insert(ctx->st, id, err, "INSERT INTO observables"
	    " (incident_id, type, value, tlp, is_indicator, first_seen,"
	    " last_seen, note, created_by, created_at) VALUES (?, ?, ?, ?, ?,"
	    " ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
	    "isssbsssss", p->id, type, value, str(doc, "tlp"),
	    json_is_true(json_object_get(doc, "is_indicator")),
	    str(doc, "first_seen"), str(doc, "last_seen"),
	    str(doc, "note") ? str(doc, "note") : "",
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now);
}

/* tlp (default: the incident's) and is_indicator (default false). */
static int
marks(const struct uc_part *p, json_t *doc, struct uc_error *err)
{
	if (json_object_get(doc, "tlp") == NULL)
		json_object_set_new(doc, "tlp", json_string(p->tlp));
	if (json_object_get(doc, "is_indicator") == NULL)
		json_object_set_new(doc, "is_indicator", json_false());
	return uc_part_enum("tlp", str(doc, "tlp"), tlps, err) == UC_OK;
}

static int
times(struct uc_ctx *ctx, json_t *doc, struct uc_error *err)
{
	int64_t first = 0, last = 0;
	int ok = uc_part_time(ctx, doc, "first_seen", 1, &first, err) ==
	    UC_OK;

	ok &= uc_part_time(ctx, doc, "last_seen", 1, &last, err) == UC_OK;
	if (ok && first != 0 && last != 0 && first > last)
		return uc_error_field(err, "last_seen", "order", "last_seen "
		    "is before first_seen"), 0;
	return ok;
}

/* Check doc and put the canonical value in `value`. */
static enum uc_status
check_one(struct uc_ctx *ctx, const struct uc_part *p, json_t *doc,
    char *value, size_t len, struct uc_error *err)
{
	const char *type = str(doc, "type");
	int ok = 1;

	if (!uc_observable_type_valid(type))
		ok = uc_part_enum("type", type, uc_observable_types, err) ==
		    UC_OK;
	else
		ok = uc_observable_normalise(type, str(doc, "value") ?
		    str(doc, "value") : "", value, len, err) == UC_OK;
	ok &= marks(p, doc, err);
	ok &= times(ctx, doc, err);
	if (str(doc, "note") != NULL)
		ok &= uc_valid_lines("note", str(doc, "note"), 0, NOTE_MAX,
		    err) == UC_OK;
	return ok ? UC_OK : UC_EVALID;
}

static enum uc_status
add_tx(struct uc_ctx *ctx, const struct uc_part *p, json_t *doc,
    int64_t *id, struct uc_error *err)
{
	char value[UC_OBSERVABLE_MAX + 1];
	enum uc_status rc = check_one(ctx, p, doc, value, sizeof(value),
	    err);

	if (rc == UC_OK)
		rc = insert(ctx, p, str(doc, "type"), value, doc, id, err);
	if (rc == UC_OK && *id == 0) {
		uc_error_set(err, UC_ECONFLICT, "the incident has this "
		    "observable already");
		rc = uc_error_field(err, "value", "duplicate", "the incident "
		    "has %s %s already", str(doc, "type"), value);
	}
	return rc;
}

enum uc_status
uc_observable_add(struct uc_ctx *ctx, const char *pid, json_t *in,
    json_t **out, struct uc_error *err)
{
	struct uc_part_change c = { "observable.create", "observable", 0,
	    NULL, NULL, "", NULL };
	json_t *j_doc = json_deep_copy(in), *j_obs = NULL;
	struct uc_part p;
	enum uc_status rc;

	*out = NULL;
	rc = uc_part_begin(ctx, pid, 0, &p, err);
	if (rc == UC_OK) {
		rc = add_tx(ctx, &p, j_doc, &c.object_id, err);
		if (rc == UC_OK)
			rc = load(ctx, &p, c.object_id, &j_obs, err);
		c.after = j_obs;
		if (j_obs != NULL)
			c.summary = uc_arena_printf(ctx->arena, "Thêm đối "
			    "tượng quan sát: %s %s", str(j_obs, "type"),
			    str(j_obs, "value"));
		rc = uc_part_end(ctx, &p, rc, &c, err);
	}
	json_decref(j_doc);
	if (rc == UC_OK)
		*out = j_obs;
	else
		json_decref(j_obs);
	return rc;
}

/* ---- pasting a list ---- */

static void
skip(struct bulk *b, int line, const char *value, const char *type,
    const char *reason)
{
	json_t *j = json_pack("{si ss ss}", "line", line, "value", value,
	    "reason", reason);

	json_object_set_new(j, "type", type ? json_string(type) :
	    json_null());
	json_array_append_new(b->skipped, j);
}

/* The first bytes of a long line, cut on a character boundary. */
static char *
echo(struct uc_ctx *ctx, const char *s, size_t n)
{
	if (n > ECHO_MAX) {
		n = ECHO_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	return uc_arena_strndup(ctx->arena, s, n);
}

static enum uc_status
paste_one(struct uc_ctx *ctx, const struct uc_part *p, struct bulk *b,
    json_t *doc, const char *s, size_t n, int line, struct uc_error *err)
{
	char value[UC_OBSERVABLE_MAX + 1], *raw;
	const char *type;
	struct uc_error e = { 0 };
	int64_t id = 0;
	enum uc_status rc;

	if (n > UC_OBSERVABLE_INPUT_MAX) {
		skip(b, line, echo(ctx, s, n), NULL, "too_long");
		return UC_OK;
	}
	raw = uc_arena_strndup(ctx->arena, s, n);
	if ((type = uc_observable_guess(raw)) == NULL) {
		skip(b, line, raw, NULL, "unrecognised");
		return UC_OK;
	}
	if (uc_observable_normalise(type, raw, value, sizeof(value), &e)) {
		skip(b, line, raw, type, "invalid");
		return UC_OK;
	}
	rc = insert(ctx, p, type, value, doc, &id, err);
	if (rc == UC_OK && id == 0)
		skip(b, line, raw, type, "duplicate");
	else if (rc == UC_OK) {
		json_array_append_new(b->added, json_pack("{sI ss ss}", "id",
		    (json_int_t)id, "type", type, "value", value));
		if (b->first_id == 0)
			b->first_id = id;
	}
	return rc;
}

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static enum uc_status
paste(struct uc_ctx *ctx, const struct uc_part *p, struct bulk *b,
    json_t *doc, const char *text, struct uc_error *err)
{
	const char *s = text, *e;
	enum uc_status rc = UC_OK;
	size_t n;
	int line;

	for (line = 1; rc == UC_OK; line++, s = e + 1) {
		e = strchr(s, '\n');
		n = e ? (size_t)(e - s) : strlen(s);
		while (n > 0 && space(s[n - 1]))
			n--;
		while (n > 0 && space(*s))
			s++, n--;
		if (n > 0)
			rc = paste_one(ctx, p, b, doc, s, n, line, err);
		if (e == NULL)
			break;
	}
	return rc;
}

static enum uc_status
check_paste(const struct uc_part *p, json_t *doc, struct uc_error *err)
{
	const char *text = str(doc, "text"), *c;
	int ok = marks(p, doc, err), lines = 0;

	if (text == NULL)
		return uc_error_field(err, "text", "required", "text is "
		    "required: the values, one per line");
	/* a last line without its line feed counts too */
	for (c = text; *c != '\0'; c++)
		lines += *c == '\n' || c[1] == '\0';
	if (lines > UC_OBSERVABLE_BULK_MAX) {
		uc_error_field(err, "text", "too_long", "text may have at "
		    "most %d lines", UC_OBSERVABLE_BULK_MAX);
		ok = 0;
	}
	return ok ? UC_OK : UC_EVALID;
}

/* The added observables, read back with seen_in, in paste order. */
static enum uc_status
read_added(struct uc_ctx *ctx, const struct uc_part *p, struct bulk *b,
    json_t **out, struct uc_error *err)
{
	json_t *j_rows = NULL, *j_byid, *j_added, *v;
	size_t i;
	enum uc_status rc = select_since(ctx, p, 0, b->first_id, &j_rows,
	    err);

	j_byid = by_id(ctx, j_rows);
	j_added = json_array();
	json_array_foreach(b->added, i, v) {
		v = json_object_get(j_byid, key(ctx, (int64_t)
		    json_integer_value(json_object_get(v, "id"))));
		if (v != NULL)
			json_array_append(j_added, v);
	}
	json_decref(j_rows);
	json_decref(j_byid);
	*out = j_added;
	return rc;
}

static enum uc_status
paste_end(struct uc_ctx *ctx, const struct uc_part *p, struct bulk *b,
    enum uc_status rc, json_t **out, struct uc_error *err)
{
	struct uc_part_change c = { "observable.import", "observable", 0,
	    NULL, NULL, "", NULL };
	json_t *j_added = NULL;

	if (rc == UC_OK && json_array_size(b->added) == 0) {
		uc_store_rollback(ctx->st);	/* nothing changed */
		*out = json_pack("{s[] sO}", "added", "skipped", b->skipped);
		return UC_OK;
	}
	if (rc == UC_OK)
		rc = read_added(ctx, p, b, &j_added, err);
	c.after = json_pack("{sO si}", "added", b->added, "skipped",
	    (int)json_array_size(b->skipped));
	c.summary = uc_arena_printf(ctx->arena, "Thêm %zu đối tượng quan "
	    "sát (dán danh sách)", json_array_size(b->added));
	rc = uc_part_end(ctx, p, rc, &c, err);
	json_decref(c.after);
	if (rc == UC_OK)
		*out = json_pack("{so sO}", "added", j_added, "skipped",
		    b->skipped);
	else
		json_decref(j_added);
	return rc;
}

enum uc_status
uc_observable_bulk(struct uc_ctx *ctx, const char *pid, json_t *in,
    json_t **out, struct uc_error *err)
{
	json_t *j_doc = json_deep_copy(in);
	struct bulk b = { NULL, 0, json_array(), json_array(), 0 };
	struct uc_part p;
	enum uc_status rc;

	*out = NULL;
	rc = uc_part_begin(ctx, pid, 0, &p, err);
	if (rc == UC_OK) {
		rc = check_paste(&p, j_doc, err);
		if (rc == UC_OK)
			rc = paste(ctx, &p, &b, j_doc, str(j_doc, "text"),
			    err);
		rc = paste_end(ctx, &p, &b, rc, out, err);
	}
	json_decref(b.added);
	json_decref(b.skipped);
	json_decref(j_doc);
	return rc;
}

/* ---- removing one ---- */

enum uc_status
uc_observable_delete(struct uc_ctx *ctx, const char *pid, int64_t id,
    struct uc_error *err)
{
	struct uc_part_change c = { "observable.delete", "observable", id,
	    NULL, NULL, "", NULL };
	json_t *j_obs = NULL;
	struct uc_part p;
	enum uc_status rc;

	if ((rc = uc_part_begin(ctx, pid, 0, &p, err)) != UC_OK)
		return rc;
	rc = load(ctx, &p, id, &j_obs, err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM observables"
		    " WHERE id = ?", "i", id);
	c.before = j_obs;
	if (j_obs != NULL)
		c.summary = uc_arena_printf(ctx->arena, "Xóa đối tượng quan "
		    "sát: %s %s", str(j_obs, "type"), str(j_obs, "value"));
	rc = uc_part_end(ctx, &p, rc, &c, err);
	json_decref(j_obs);
	return rc;
}
