/*
 * drill.c - drills and their exercise incidents; see drill.h and
 * docs/internals/team.md.
 *
 * The measured times come from the incidents' own timestamps, so they
 * are what the real procedure recorded: to detect (injected ->
 * detected_at), to report (detected_at -> reported_at) and to contain
 * (detected_at -> response_ended_at, the end of the response).
 */
#include "service/drill.h"

#include "core/arena.h"
#include "core/mem.h"
#include "core/parse.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/rulepack.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/calendar.h"
#include "service/incident.h"
#include "service/owned.h"
#include "store/store.h"

#include <inttypes.h>
#include <string.h>

#define MAX_PARTICIPANTS 200

#define COLS "d.id, d.unit_id, d.title, d.scenario, d.held_on," \
	" d.participants, d.evaluation, d.lessons, d.version," \
	" d.created_at, d.updated_at, un.path"
#define FROM " FROM drills d JOIN units un ON un.id = d.unit_id"

enum { C_ID, C_UNIT, C_TITLE, C_SCENARIO, C_HELD, C_PART, C_EVAL, C_LESS,
	C_VERSION, C_CREATED, C_UPDATED, C_PATH };

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

static const char *
id_text(struct uc_ctx *ctx, int64_t id)
{
	return uc_arena_printf(ctx->arena, "%" PRId64, id);
}

static void
recorded(enum uc_status rc)
{
	(void)rc;
}

/* ---- reading ----------------------------------------------------- */

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	json_t *parts = json_loads(uc_stmt_text(s, C_PART), 0, NULL);

	(void)arg;
	return json_pack("{sI sI ss ss ss so ss ss sI ss ss}",
	    "id", (json_int_t)uc_stmt_i64(s, C_ID),
	    "unit_id", (json_int_t)uc_stmt_i64(s, C_UNIT),
	    "title", uc_stmt_text(s, C_TITLE),
	    "scenario", uc_stmt_text(s, C_SCENARIO),
	    "held_on", uc_stmt_text(s, C_HELD),
	    "participants", parts ? parts : json_array(),
	    "evaluation", uc_stmt_text(s, C_EVAL),
	    "lessons", uc_stmt_text(s, C_LESS),
	    "version", (json_int_t)uc_stmt_i64(s, C_VERSION),
	    "created_at", uc_stmt_text(s, C_CREATED),
	    "updated_at", uc_stmt_text(s, C_UPDATED));
}

/* Seconds from a to b (ISO texts), or null when either is absent. */
static json_t *
seconds(struct uc_stmt *s, int a, int b)
{
	int64_t x = 0, y = 0;

	if (uc_stmt_null(s, a) || uc_stmt_null(s, b) ||
	    uc_time_parse(uc_stmt_text(s, a), &x) != UC_OK ||
	    uc_time_parse(uc_stmt_text(s, b), &y) != UC_OK)
		return json_null();
	return json_integer((y - x) / 1000);
}

static json_t *
incident_row(struct uc_stmt *s, const void *arg)
{
	(void)arg;
	return json_pack("{ss ss ss sb ss ss ss so so so so}",
	    "id", uc_stmt_text(s, 0), "title", uc_stmt_text(s, 1),
	    "status", uc_stmt_text(s, 2), "exercise", uc_stmt_i64(s, 3) != 0,
	    "injected_at", uc_stmt_text(s, 4),
	    "detected_at", uc_stmt_text(s, 5),
	    "reported_at", uc_stmt_text(s, 6),
	    "response_ended_at", uc_stmt_null(s, 7) ? json_null() :
	    json_string(uc_stmt_text(s, 7)),
	    "detect_s", seconds(s, 4, 5), "report_s", seconds(s, 5, 6),
	    "contain_s", seconds(s, 5, 7));
}

/* The mean of key over the incidents that have it, or null. */
static json_t *
mean(json_t *items, const char *key)
{
	json_t *it;
	size_t i, n = 0;
	int64_t sum = 0;

	json_array_foreach(items, i, it) {
		json_t *v = json_object_get(it, key);

		if (json_is_integer(v)) {
			sum += json_integer_value(v);
			n++;
		}
	}
	return n ? json_integer(sum / (int64_t)n) : json_null();
}

static enum uc_status
add_incidents(struct uc_ctx *ctx, int64_t id, json_t *j,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *items = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT i.public_id, i.title,"
	    " i.status, i.exercise, di.injected_at, i.detected_at,"
	    " i.reported_at, i.response_ended_at FROM drill_incidents di"
	    " JOIN incidents i ON i.id = di.incident_id WHERE di.drill_id = ?"
	    " ORDER BY di.injected_at, i.id", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, incident_row, NULL, &items, err);
	if (rc != UC_OK)
		return rc;
	json_object_set_new(j, "measured", json_pack("{so so so}",
	    "detect_s", mean(items, "detect_s"), "report_s", mean(items,
	    "report_s"), "contain_s", mean(items, "contain_s")));
	json_object_set_new(j, "incidents", items);
	return UC_OK;
}

/* Drill id with `perm` over its unit: UC_ENOTFOUND outside the scope. */
static enum uc_status
load(struct uc_ctx *ctx, enum uc_perm perm, int64_t id, json_t **out,
    struct uc_error *err)
{
	enum uc_status rc = uc_owned_read(ctx, "SELECT " COLS FROM
	    " WHERE d.id = ?", id, row_json, NULL, C_PATH, perm,
	    "drill", out, err);

	if (rc == UC_OK && (rc = add_incidents(ctx, id, *out, err)) != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum uc_status
uc_drill_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	return load(ctx, UC_PERM_UNIT_READ, id, out, err);
}

enum uc_status
uc_drill_list(struct uc_ctx *ctx, int64_t unit, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	enum uc_status rc = UC_OK;

	*out = NULL;
	uc_sql_init(&q, ctx->arena, "SELECT " COLS FROM " WHERE 1 = 1");
	uc_access_unit_filter(ctx, UC_PERM_UNIT_READ, "un.path", &q);
	if (unit) {
		rc = uc_access_unit(ctx, UC_PERM_UNIT_READ, unit, err);
		uc_sql_add(&q, " AND un.path LIKE (SELECT path FROM units"
		    " WHERE id = ?) || '%'", "i", unit);
	}
	uc_sql_add(&q, " ORDER BY d.held_on DESC, d.id DESC LIMIT 500", "");
	if (rc == UC_OK)
		rc = uc_store_query_sql(ctx->st, &s, err, &q);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, NULL, out, err);
	return rc;
}

/* ---- checking ---------------------------------------------------- */

static void
check_participants(json_t *doc, struct uc_error *err)
{
	json_t *a = json_object_get(doc, "participants"), *v;
	size_t i;

	if (!json_is_array(a) || json_array_size(a) > MAX_PARTICIPANTS) {
		uc_error_field(err, "participants", "type", "participants is a"
		    " list of at most %d names", MAX_PARTICIPANTS);
		return;
	}
	json_array_foreach(a, i, v)
		if (!json_is_string(v) || json_string_length(v) == 0 ||
		    json_string_length(v) > 200) {
			uc_error_field(err, "participants", "format",
			    "participants[%zu] is a name of 1 to 200 bytes",
			    i);
			return;
		}
}

static enum uc_status
check_doc(struct uc_ctx *ctx, json_t *doc, struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	enum uc_status rc = uc_incident_pack(ctx, &pack, err);

	if (rc != UC_OK)
		return rc;
	recorded(uc_valid_text("title", str(doc, "title"), 1, 300, err));
	if (uc_rulepack_type(pack, str(doc, "scenario")) == NULL)
		uc_error_field(err, "scenario", "enum", "scenario is a code of"
		    " the taxonomy (TC01 ... TH), the playbook to exercise");
	if (uc_calendar_parse(str(doc, "held_on")) == 0)
		uc_error_field(err, "held_on", "format", "held_on is a date, "
		    "yyyy-mm-dd");
	check_participants(doc, err);
	recorded(uc_valid_lines("evaluation", str(doc, "evaluation"), 0,
	    20000, err));
	recorded(uc_valid_lines("lessons", str(doc, "lessons"), 0, 20000,
	    err));
	return err->nfields ? UC_EVALID : UC_OK;
}

/* ---- writing ----------------------------------------------------- */

static enum uc_status
write_doc(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *doc,
    struct uc_error *err)
{
	char *parts = json_dumps(json_object_get(doc, "participants"),
	    JSON_COMPACT), now[32];
	int64_t changes = 0;
	enum uc_status rc;

	iso(ctx->now, now);
	rc = uc_store_run(ctx->st, &changes, err, "UPDATE drills SET"
	    " title = ?, scenario = ?, held_on = ?, participants = ?,"
	    " evaluation = ?, lessons = ?, version = version + 1,"
	    " updated_at = ? WHERE id = ? AND version = ?", "sssssssii",
	    str(doc, "title"), str(doc, "scenario"), str(doc, "held_on"),
	    parts, str(doc, "evaluation"), str(doc, "lessons"), now, id,
	    version);
	uc_free(parts);
	if (rc == UC_OK && changes != 1)
		rc = uc_error_set(err, UC_EPRECOND, "the drill changed since "
		    "you read it: reload and reapply");
	return rc;
}

/* A drill held and evaluated is the unit's yearly drill done (the
 * calendar's `drill` duty of the year it was held in). */
static enum uc_status
fulfil_drill(struct uc_ctx *ctx, int64_t id, json_t *d,
    struct uc_error *err)
{
	int32_t held = uc_calendar_parse(str(d, "held_on"));

	if (held == 0 || held > uc_calendar_date_of(ctx->now) ||
	    *str(d, "evaluation") == '\0')
		return UC_OK;
	return uc_calendar_fulfil_by(ctx, json_integer_value(json_object_get(
	    d, "unit_id")), 0, "drill", held, "drill", id_text(ctx, id), NULL,
	    err);
}

static const struct uc_owned drills = {
	"drill", "the drill", "drills", UC_PERM_TEAM_WRITE, load,
	fulfil_drill
};

enum uc_status
uc_drill_create(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	json_t *doc = json_pack("{ss ss s[]}", "evaluation", "", "lessons",
	    "", "participants");
	int64_t unit = 0, id = 0;
	char now[32];
	enum uc_status rc;

	*out = NULL;
	json_object_update(doc, in);
	json_object_del(doc, "unit_id");
	rc = uc_owned_unit(ctx, &drills, in, &unit, err);
	if (rc == UC_OK)
		rc = check_doc(ctx, doc, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK) {
		json_decref(doc);
		return rc;
	}
	iso(ctx->now, now);
	rc = uc_store_insert(ctx->st, &id, err, "INSERT INTO drills (unit_id,"
	    " title, scenario, held_on, created_by, version, created_at,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
	    "issssss", unit, str(doc, "title"), str(doc, "scenario"),
	    str(doc, "held_on"), uc_store_id_or_null(ctx->arena,
	    ctx->actor.user_id), now, now);
	if (rc == UC_OK)
		rc = write_doc(ctx, id, 0, doc, err);
	rc = uc_owned_end(ctx, &drills, id, 0, "drill.create", NULL, rc, out,
	    err);
	json_decref(doc);
	return rc;
}

/* The editable part of a drill as returned. */
static json_t *
doc_of(json_t *d)
{
	static const char *const keys[] = { "title", "scenario", "held_on",
		"participants", "evaluation", "lessons", NULL };
	json_t *doc = json_object();
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		json_object_set(doc, keys[i], json_object_get(d, keys[i]));
	return doc;
}

enum uc_status
uc_drill_update(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t *in, json_t **out, struct uc_error *err)
{
	json_t *cur = NULL, *doc = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_owned_begin(ctx, &drills, id, version, &cur, err);
	if (rc != UC_OK)
		return rc;
	doc = doc_of(cur);
	json_object_update(doc, in);
	rc = check_doc(ctx, doc, err);
	if (rc == UC_OK)
		rc = write_doc(ctx, id, version, doc, err);
	rc = uc_owned_end(ctx, &drills, id, 0, "drill.update", cur, rc, out,
	    err);
	json_decref(doc);
	return rc;
}

/* ---- injecting an exercise incident ------------------------------- */

/* When the scenario's event was staged: the body's, else the incident's
 * detected_at; never after it. */
static enum uc_status
injected_at(json_t *in, json_t *inc, char *buf, struct uc_error *err)
{
	const char *s = json_string_value(json_object_get(in, "injected_at"));
	int64_t at = 0, detected = 0;

	if (uc_time_parse(str(inc, "detected_at"), &detected) != UC_OK)
		return uc_error_field(err, "incident.detected_at", "format",
		    "detected_at is an ISO 8601 instant");
	if (s == NULL)
		at = detected;
	else if (uc_time_parse(s, &at) != UC_OK)
		return uc_error_field(err, "injected_at", "format",
		    "injected_at is an ISO 8601 instant");
	else if (at > detected)
		return uc_error_field(err, "injected_at", "range",
		    "injected_at is not after the incident's detected_at");
	iso(at, buf);
	return UC_OK;
}

static enum uc_status
attach(struct uc_ctx *ctx, int64_t id, json_t *cur, json_t *inc,
    const char *at, json_t **out, struct uc_error *err)
{
	int64_t iid = 0, v = json_integer_value(json_object_get(cur,
	    "version"));
	enum uc_status rc;

	rc = uc_incident_lookup(ctx, str(inc, "id"), UC_PERM_INCIDENT_READ,
	    &iid, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK) {
		json_decref(cur);
		return rc;
	}
	rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO drill_incidents"
	    " (drill_id, incident_id, injected_at) VALUES (?, ?, ?)", "iis",
	    id, iid, at);
	if (rc == UC_OK)
		rc = write_doc(ctx, id, v, cur, err);
	return uc_owned_end(ctx, &drills, id, 0, "drill.inject", cur, rc,
	    out, err);
}

enum uc_status
uc_drill_inject(struct uc_ctx *ctx, int64_t id, json_t *in, json_t **out,
    struct uc_error *err)
{
	json_t *cur = NULL, *body = NULL, *inc = NULL;
	char at[32];
	enum uc_status rc;

	*out = NULL;
	rc = load(ctx, UC_PERM_INCIDENT_WRITE, id, &cur, err);
	if (rc != UC_OK)
		return rc;
	body = json_deep_copy(json_object_get(in, "incident"));
	if (!json_is_object(body))
		rc = uc_error_field(err, "incident", "required", "incident is "
		    "the exercise incident's report");
	if (rc == UC_OK)
		rc = injected_at(in, body, at, err);
	/* always the drill's unit, through the normal intake */
	if (rc == UC_OK)
		rc = json_object_set(body, "unit_id", json_object_get(cur,
		    "unit_id")) == 0 ? UC_OK : UC_EINTERNAL;
	if (rc == UC_OK)
		rc = uc_incident_create_exercise(ctx, body, &inc, err);
	json_decref(body);
	if (rc != UC_OK) {
		json_decref(cur);
		return rc;
	}
	rc = attach(ctx, id, cur, inc, at, out, err);
	json_decref(inc);
	return rc;
}
