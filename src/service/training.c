/*
 * training.c - training and awareness sessions; see training.h and
 * docs/internals/readiness.md.
 *
 * As for drills (service/drill.c), a session's editable fields form a
 * document: create checks it and writes it; update reads the stored one
 * back, merges the patch, checks the whole and writes it again, so a
 * session never holds what create would refuse. Every write ends with
 * "... WHERE id = ? AND version = ?": of two writers that read the same
 * version, one gets UC_EPRECOND.
 */
#include "service/training.h"

#include "core/arena.h"
#include "core/mem.h"
#include "core/parse.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/owned.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MAX_COUNT 10000000	/* people reached by one session */

#define COLS "t.id, t.unit_id, un.name, t.kind, t.topic, t.legal_docs," \
	" t.held_on, t.ends_on, t.place, t.organiser, t.audience," \
	" t.attendee_count, t.attendees, t.note, t.created_at," \
	" t.created_by, t.updated_at, t.version, un.path"
#define FROM " FROM trainings t JOIN units un ON un.id = t.unit_id"

enum { C_ID, C_UNIT, C_UNIT_NAME, C_KIND, C_TOPIC, C_DOCS, C_HELD,
	C_ENDS, C_PLACE, C_ORGANISER, C_AUDIENCE, C_COUNT, C_ATTENDEES,
	C_NOTE, C_CREATED, C_CREATED_BY, C_UPDATED, C_VERSION, C_PATH };

static const char *const kinds[] = { "awareness", "training", "refresher",
	"external", NULL };

/* The free texts of a session: key, bounds in code points. */
static const struct {
	const char *key;
	long max;
	int lines;
} texts[] = {
	{ "place", 300, 0 },
	{ "organiser", 300, 0 },
	{ "audience", 1000, 0 },
	{ "note", 20000, 1 },
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

/* ---- reading ----------------------------------------------------- */

static json_t *
stored(struct uc_stmt *s, int c)
{
	json_t *j = json_loads(uc_stmt_text(s, c), 0, NULL);

	return json_is_array(j) ? j : (json_decref(j), json_array());
}

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	json_t *j;

	(void)arg;
	j = json_pack("{sI sI ss ss ss so ss so ss ss ss sI so ss}",
	    "id", (json_int_t)uc_stmt_i64(s, C_ID),
	    "unit_id", (json_int_t)uc_stmt_i64(s, C_UNIT),
	    "unit_name", uc_stmt_text(s, C_UNIT_NAME),
	    "kind", uc_stmt_text(s, C_KIND),
	    "topic", uc_stmt_text(s, C_TOPIC),
	    "legal_docs", stored(s, C_DOCS),
	    "held_on", uc_stmt_text(s, C_HELD),
	    "ends_on", uc_stmt_null(s, C_ENDS) ? json_null() :
	    json_string(uc_stmt_text(s, C_ENDS)),
	    "place", uc_stmt_text(s, C_PLACE),
	    "organiser", uc_stmt_text(s, C_ORGANISER),
	    "audience", uc_stmt_text(s, C_AUDIENCE),
	    "attendee_count", (json_int_t)uc_stmt_i64(s, C_COUNT),
	    "attendees", stored(s, C_ATTENDEES),
	    "note", uc_stmt_text(s, C_NOTE));
	json_object_set_new(j, "created_at",
	    json_string(uc_stmt_text(s, C_CREATED)));
	json_object_set_new(j, "created_by", uc_stmt_null(s, C_CREATED_BY) ?
	    json_null() : json_integer(uc_stmt_i64(s, C_CREATED_BY)));
	json_object_set_new(j, "updated_at",
	    json_string(uc_stmt_text(s, C_UPDATED)));
	json_object_set_new(j, "version",
	    json_integer(uc_stmt_i64(s, C_VERSION)));
	return j;
}

/* Session id with `perm` over its unit: UC_ENOTFOUND outside the
 * scope. */
static enum uc_status
load(struct uc_ctx *ctx, enum uc_perm perm, int64_t id, json_t **out,
    struct uc_error *err)
{
	enum uc_status rc = uc_owned_read(ctx, "SELECT " COLS FROM
	    " WHERE t.id = ?", id, row_json, NULL, C_PATH, perm,
	    "training session", out, err);

	return rc;
}

static const struct uc_owned owned = {
	"training", "the session", "sessions", UC_PERM_TEAM_WRITE, load, NULL
};

enum uc_status
uc_training_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	return load(ctx, UC_PERM_UNIT_READ, id, out, err);
}

/* ---- lists ------------------------------------------------------- */

static int
known_kind(const char *k)
{
	for (size_t i = 0; kinds[i] != NULL; i++)
		if (strcmp(kinds[i], k) == 0)
			return 1;
	return 0;
}

static enum uc_status
list_filter(struct uc_ctx *ctx, struct uc_sql *q,
    const struct uc_training_filter *f, struct uc_error *err)
{
	enum uc_status rc = UC_OK;

	uc_access_unit_filter(ctx, UC_PERM_UNIT_READ, "un.path", q);
	if (f->from != NULL && !uc_calendar_parse(f->from))
		uc_error_field(err, "from", "format", "from is a date, "
		    "yyyy-mm-dd");
	if (f->to != NULL && !uc_calendar_parse(f->to))
		uc_error_field(err, "to", "format", "to is a date, yyyy-mm-dd");
	if (f->kind != NULL && !known_kind(f->kind))
		uc_error_field(err, "kind", "enum", "kind is awareness, "
		    "training, refresher or external");
	if (err->nfields)
		return UC_EVALID;
	if (f->unit_id) {
		rc = uc_access_unit(ctx, UC_PERM_UNIT_READ, f->unit_id, err);
		uc_sql_add(q, " AND un.path LIKE (SELECT path FROM units"
		    " WHERE id = ?) || '%'", "i", f->unit_id);
	}
	if (f->from != NULL)
		uc_sql_add(q, " AND t.held_on >= ?", "s", f->from);
	if (f->to != NULL)
		uc_sql_add(q, " AND t.held_on <= ?", "s", f->to);
	if (f->kind != NULL)
		uc_sql_add(q, " AND t.kind = ?", "s", f->kind);
	if (rc == UC_OK)
		rc = uc_owned_seek(ctx, q, "t", f->cursor, err);
	return rc;
}

enum uc_status
uc_training_list(struct uc_ctx *ctx, const struct uc_training_filter *f,
    json_t **out, char **next, struct uc_error *err)
{
	struct uc_sql q;
	enum uc_status rc;

	*out = NULL;
	*next = NULL;
	uc_sql_init(&q, ctx->arena, "SELECT " COLS FROM " WHERE 1 = 1");
	rc = list_filter(ctx, &q, f, err);
	if (rc == UC_OK)
		rc = uc_owned_page(ctx, &q, "t", f->limit, row_json, out,
		    next, err);
	return rc;
}

/* ---- checking ---------------------------------------------------- */

/* A list of texts (each min..max code points) of at most n. */
static void
check_texts(json_t *doc, const char *key, size_t n, json_t **out,
    struct uc_error *err)
{
	json_t *a = json_object_get(doc, key), *v;
	char field[64];
	size_t i;

	*out = NULL;
	if (!json_is_array(a) || json_array_size(a) > n) {
		uc_error_field(err, key, "type", "%s is a list of at most %zu",
		    key, n);
		return;
	}
	json_array_foreach(a, i, v) {
		snprintf(field, sizeof(field), "%s[%zu]", key, i);
		if (!json_is_string(v)) {
			uc_error_field(err, field, "type", "%s is a text",
			    field);
			return;
		}
		if (uc_valid_text(field, json_string_value(v), 1, 300, err) !=
		    UC_OK)
			return;
	}
	*out = a;
}

/* attendees[i]: {name (1-200), position, workplace}. */
static void
check_attendee(json_t *v, size_t i, struct uc_error *err)
{
	static const char *const keys[] = { "name", "position", "workplace",
		NULL };
	const char *k;
	char field[64];
	json_t *x;
	size_t j;

	if (!json_is_object(v)) {
		snprintf(field, sizeof(field), "attendees[%zu]", i);
		uc_error_field(err, field, "type", "%s is {name, position, "
		    "workplace}", field);
		return;
	}
	for (j = 0; keys[j] != NULL; j++) {
		snprintf(field, sizeof(field), "attendees[%zu].%s", i,
		    keys[j]);
		x = json_object_get(v, keys[j]);
		if (x != NULL && !json_is_string(x))
			uc_error_field(err, field, "type", "%s is a text",
			    field);
		else
			recorded(uc_valid_text(field, json_string_value(x) ?
			    json_string_value(x) : "", j == 0 ? 1 : 0,
			    j == 0 ? 200 : 300, err));
	}
	json_object_foreach(v, k, x)
		if (strcmp(k, "name") && strcmp(k, "position") &&
		    strcmp(k, "workplace")) {
			snprintf(field, sizeof(field), "attendees[%zu].%s", i,
			    k);
			uc_error_field(err, field, "unknown_field", "%s is not "
			    "a field of an attendee", field);
			return;
		}
}

static void
check_people(json_t *doc, struct uc_error *err)
{
	json_t *a = json_object_get(doc, "attendees"), *v;
	json_t *c = json_object_get(doc, "attendee_count");
	size_t i, before = err->nfields;

	if (!json_is_array(a) || json_array_size(a) >
	    UC_TRAINING_MAX_ATTENDEES) {
		uc_error_field(err, "attendees", "type", "attendees is a list "
		    "of at most %d people", UC_TRAINING_MAX_ATTENDEES);
		return;
	}
	json_array_foreach(a, i, v) {
		check_attendee(v, i, err);
		if (err->nfields > before)
			return;
	}
	if (!json_is_integer(c) || json_integer_value(c) < 0 ||
	    json_integer_value(c) > MAX_COUNT)
		uc_error_field(err, "attendee_count", "range", "attendee_count "
		    "is a number from 0 to %d", MAX_COUNT);
	else if ((size_t)json_integer_value(c) < json_array_size(a))
		uc_error_field(err, "attendee_count", "range", "attendee_count "
		    "(%" PRId64 ") is fewer than the %zu attendees listed",
		    (int64_t)json_integer_value(c), json_array_size(a));
}

static void
check_dates(json_t *doc, struct uc_error *err)
{
	const char *held = str(doc, "held_on"), *ends = str(doc, "ends_on");

	if (!uc_calendar_parse(held))
		uc_error_field(err, "held_on", "format", "held_on is a date, "
		    "yyyy-mm-dd");
	if (*ends == '\0')
		return;
	if (!uc_calendar_parse(ends))
		uc_error_field(err, "ends_on", "format", "ends_on is a date, "
		    "yyyy-mm-dd");
	else if (uc_calendar_parse(held) && strcmp(ends, held) < 0)
		uc_error_field(err, "ends_on", "range", "ends_on is not before"
		    " held_on");
}

static enum uc_status
check_doc(json_t *doc, struct uc_error *err)
{
	json_t *docs = NULL;
	size_t i;

	if (!known_kind(str(doc, "kind")))
		uc_error_field(err, "kind", "enum", "kind is awareness, "
		    "training, refresher or external");
	recorded(uc_valid_text("topic", str(doc, "topic"), 1, 500, err));
	check_texts(doc, "legal_docs", UC_TRAINING_MAX_DOCS, &docs, err);
	check_dates(doc, err);
	for (i = 0; i < NTEXTS; i++)
		recorded(texts[i].lines ? uc_valid_lines(texts[i].key,
		    str(doc, texts[i].key), 0, texts[i].max, err) :
		    uc_valid_text(texts[i].key, str(doc, texts[i].key), 0,
		    texts[i].max, err));
	check_people(doc, err);
	return err->nfields ? UC_EVALID : UC_OK;
}

/*
 * attendee_count when the input leaves it out: the number listed on a
 * new session; on a change, what was stored, raised to the number
 * listed (a big session lists only some names).
 */
static void
default_count(json_t *doc, json_t *in, json_t *cur)
{
	size_t n = json_array_size(json_object_get(doc, "attendees"));
	json_int_t had = cur ? json_integer_value(json_object_get(cur,
	    "attendee_count")) : 0;

	if (json_object_get(in, "attendee_count") != NULL)
		return;
	json_object_set_new(doc, "attendee_count", json_integer(
	    had > (json_int_t)n ? had : (json_int_t)n));
}

/* ---- writing ----------------------------------------------------- */

static enum uc_status
write_doc(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *doc,
    struct uc_error *err)
{
	char *docs = json_dumps(json_object_get(doc, "legal_docs"),
	    JSON_COMPACT);
	char *people = json_dumps(json_object_get(doc, "attendees"),
	    JSON_COMPACT), now[32];
	const char *ends = str(doc, "ends_on");
	int64_t changes = 0;
	enum uc_status rc;

	iso(ctx->now, now);
	rc = uc_store_run(ctx->st, &changes, err, "UPDATE trainings SET"
	    " kind = ?, topic = ?, legal_docs = ?, held_on = ?, ends_on = ?,"
	    " place = ?, organiser = ?, audience = ?, attendee_count = ?,"
	    " attendees = ?, note = ?, version = version + 1, updated_at = ?"
	    " WHERE id = ? AND version = ?", "ssssssssisssii",
	    str(doc, "kind"), str(doc, "topic"), docs, str(doc, "held_on"),
	    *ends ? ends : NULL, str(doc, "place"), str(doc, "organiser"),
	    str(doc, "audience"), (int64_t)json_integer_value(
	    json_object_get(doc, "attendee_count")), people,
	    str(doc, "note"), now, id, version);
	uc_free(docs);
	uc_free(people);
	if (rc == UC_OK && changes != 1)
		rc = uc_error_set(err, UC_EPRECOND, "the session changed since"
		    " you read it: reload and reapply");
	return rc;
}

enum uc_status
uc_training_create(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	json_t *doc = json_pack("{ss ss ss ss ss s[] s[]}", "ends_on", "",
	    "place", "", "organiser", "", "audience", "", "note", "",
	    "legal_docs", "attendees");
	int64_t unit = 0, id = 0;
	char now[32];
	enum uc_status rc;

	*out = NULL;
	json_object_update(doc, in);
	json_object_del(doc, "unit_id");
	default_count(doc, in, NULL);
	rc = uc_owned_unit(ctx, &owned, in, &unit, err);
	if (rc == UC_OK)
		rc = check_doc(doc, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK) {
		json_decref(doc);
		return rc;
	}
	iso(ctx->now, now);
	rc = uc_store_insert(ctx->st, &id, err, "INSERT INTO trainings"
	    " (unit_id, kind, topic, held_on, created_by, version, created_at,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
	    "issssss", unit, str(doc, "kind"), str(doc, "topic"),
	    str(doc, "held_on"), uc_store_id_or_null(ctx->arena,
	    ctx->actor.user_id), now, now);
	if (rc == UC_OK)
		rc = write_doc(ctx, id, 0, doc, err);
	rc = uc_owned_end(ctx, &owned, id, unit, "training.create", NULL, rc,
	    out, err);
	json_decref(doc);
	return rc;
}

/* The editable part of a session as returned. */
static json_t *
doc_of(json_t *t)
{
	static const char *const keys[] = { "kind", "topic", "legal_docs",
		"held_on", "place", "organiser", "audience", "attendee_count",
		"attendees", "note", NULL };
	json_t *doc = json_object();
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		json_object_set(doc, keys[i], json_object_get(t, keys[i]));
	json_object_set_new(doc, "ends_on", json_string(str(t, "ends_on")));
	return doc;
}

enum uc_status
uc_training_update(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t *in, json_t **out, struct uc_error *err)
{
	json_t *cur = NULL, *doc = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_owned_begin(ctx, &owned, id, version, &cur, err);
	if (rc != UC_OK)
		return rc;
	doc = doc_of(cur);
	json_object_update(doc, in);
	json_object_del(doc, "unit_id");
	default_count(doc, in, cur);
	rc = check_doc(doc, err);
	if (rc == UC_OK)
		rc = write_doc(ctx, id, version, doc, err);
	rc = uc_owned_end(ctx, &owned, id, 0, "training.update", cur, rc,
	    out, err);
	json_decref(doc);
	return rc;
}

enum uc_status
uc_training_delete(struct uc_ctx *ctx, int64_t id, int64_t version,
    struct uc_error *err)
{
	json_t *cur = NULL;
	int64_t unit, changes = 0;
	enum uc_status rc;

	rc = uc_owned_begin(ctx, &owned, id, version, &cur, err);
	if (rc != UC_OK)
		return rc;
	unit = json_integer_value(json_object_get(cur, "unit_id"));
	rc = uc_store_run(ctx->st, &changes, err, "DELETE FROM trainings"
	    " WHERE id = ? AND version = ?", "ii", id, version);
	if (rc == UC_OK && changes != 1)
		rc = uc_error_set(err, UC_EPRECOND, "the session changed since"
		    " you read it: reload and reapply");
	return uc_owned_end(ctx, &owned, id, unit, "training.delete", cur, rc,
	    NULL, err);
}
