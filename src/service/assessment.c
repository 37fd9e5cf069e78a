/*
 * assessment.c - security assessments; see assessment.h and
 * docs/internals/assessments.md.
 *
 * As for training sessions (service/training.c), an assessment's
 * editable fields form a document: create checks it and writes it;
 * update reads the stored one back, merges the patch, checks the whole
 * and writes it again, so a record never holds what create would
 * refuse. Every write ends with "... WHERE id = ? AND version = ?": of
 * two writers that read the same version, one gets UC_EPRECOND. The
 * owned steps (service/owned.h) run the transaction and the audit; their
 * `after` hook fulfils the calendar.
 */
#include "service/assessment.h"

#include "core/arena.h"
#include "core/mem.h"
#include "core/parse.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/rulepack.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/calendar.h"
#include "service/incident.h"
#include "service/owned.h"
#include "store/store.h"

#include <inttypes.h>
#include <string.h>

#define MAX_FINDINGS 1000000	/* findings of one severity */

#define COLS "a.id, a.unit_id, un.name, a.system_id, sy.name," \
	" a.obligation, a.kind, a.title, a.held_on, a.ends_on, a.assessor," \
	" a.scope, a.findings, a.summary, a.reference, a.created_at," \
	" a.created_by, a.updated_at, a.version, un.path"
#define FROM " FROM assessments a JOIN units un ON un.id = a.unit_id" \
	" LEFT JOIN systems sy ON sy.id = a.system_id"

enum { C_ID, C_UNIT, C_UNIT_NAME, C_SYSTEM, C_SYSTEM_NAME, C_OBLIGATION,
	C_KIND, C_TITLE, C_HELD, C_ENDS, C_ASSESSOR, C_SCOPE, C_FINDINGS,
	C_SUMMARY, C_REFERENCE, C_CREATED, C_CREATED_BY, C_UPDATED,
	C_VERSION, C_PATH };

static const char *const severities[] = { "critical", "high", "medium",
	"low", NULL };

/* The free texts of an assessment: key, bounds in code points. */
static const struct {
	const char *key;
	long min, max;
	int lines;
} texts[] = {
	{ "title", 1, 500, 0 },
	{ "assessor", 0, 300, 0 },
	{ "reference", 0, 300, 0 },
	{ "scope", 0, 2000, 1 },
	{ "summary", 0, 20000, 1 },
};

#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

/* What check_doc learns beyond the fields: the system's level. */
struct target {
	int64_t unit_id;
	int level;		/* the system's level in force, 0: the unit */
};

static const char *
str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static int64_t
num(json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

static void
recorded(enum uc_status rc)
{
	(void)rc;
}

/* ---- reading ----------------------------------------------------- */

static json_t *
findings_of(struct uc_stmt *s)
{
	json_t *j = json_loads(uc_stmt_text(s, C_FINDINGS), 0, NULL);
	json_t *out = json_object();
	size_t i;

	for (i = 0; severities[i] != NULL; i++)
		json_object_set_new(out, severities[i], json_integer(
		    json_integer_value(json_object_get(j, severities[i]))));
	json_decref(j);
	return out;
}

static json_t *
nullable_text(struct uc_stmt *s, int c)
{
	return uc_stmt_null(s, c) ? json_null() :
	    json_string(uc_stmt_text(s, c));
}

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	json_t *j;

	(void)arg;
	j = json_pack("{sI sI ss ss ss ss ss ss ss ss ss}",
	    "id", (json_int_t)uc_stmt_i64(s, C_ID),
	    "unit_id", (json_int_t)uc_stmt_i64(s, C_UNIT),
	    "unit_name", uc_stmt_text(s, C_UNIT_NAME),
	    "obligation", uc_stmt_text(s, C_OBLIGATION),
	    "kind", uc_stmt_text(s, C_KIND),
	    "title", uc_stmt_text(s, C_TITLE),
	    "held_on", uc_stmt_text(s, C_HELD),
	    "assessor", uc_stmt_text(s, C_ASSESSOR),
	    "scope", uc_stmt_text(s, C_SCOPE),
	    "summary", uc_stmt_text(s, C_SUMMARY),
	    "reference", uc_stmt_text(s, C_REFERENCE));
	json_object_set_new(j, "system_id", uc_stmt_null(s, C_SYSTEM) ?
	    json_null() : json_integer(uc_stmt_i64(s, C_SYSTEM)));
	json_object_set_new(j, "system_name", nullable_text(s,
	    C_SYSTEM_NAME));
	json_object_set_new(j, "ends_on", nullable_text(s, C_ENDS));
	json_object_set_new(j, "findings", findings_of(s));
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

/* Assessment id with `perm` over its unit: UC_ENOTFOUND outside the
 * scope. */
static enum uc_status
load(struct uc_ctx *ctx, enum uc_perm perm, int64_t id, json_t **out,
    struct uc_error *err)
{
	return uc_owned_read(ctx, "SELECT " COLS FROM " WHERE a.id = ?", id,
	    row_json, NULL, C_PATH, perm, "assessment", out, err);
}

/*
 * Once held, an assessment that answers a duty fulfils the item of the
 * period holding held_on (nothing when it is done already): in the
 * transaction that writes it, before its audit entry.
 */
static enum uc_status
fulfil_assessment(struct uc_ctx *ctx, int64_t id, json_t *a,
    struct uc_error *err)
{
	int32_t held = uc_calendar_parse(str(a, "held_on"));

	if (held == 0 || held > uc_calendar_date_of(ctx->now) ||
	    *str(a, "obligation") == '\0')
		return UC_OK;
	return uc_calendar_fulfil_by(ctx, num(a, "unit_id"), num(a,
	    "system_id"), str(a, "obligation"), held, "assessment",
	    uc_arena_printf(ctx->arena, "%" PRId64, id), NULL, err);
}

static const struct uc_owned owned = {
	"assessment", "the assessment", "assessments", UC_PERM_SYSTEM_WRITE,
	load, fulfil_assessment
};

enum uc_status
uc_assessment_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	return load(ctx, UC_PERM_UNIT_READ, id, out, err);
}

/* ---- lists ------------------------------------------------------- */

static enum uc_status
list_filter(struct uc_ctx *ctx, struct uc_sql *q,
    const struct uc_assessment_filter *f, struct uc_error *err)
{
	enum uc_status rc = UC_OK;

	uc_access_unit_filter(ctx, UC_PERM_UNIT_READ, "un.path", q);
	if (f->from != NULL && !uc_calendar_parse(f->from))
		uc_error_field(err, "from", "format", "from is a date, "
		    "yyyy-mm-dd");
	if (f->to != NULL && !uc_calendar_parse(f->to))
		uc_error_field(err, "to", "format", "to is a date, yyyy-mm-dd");
	if (f->obligation != NULL)
		recorded(uc_valid_text("obligation", f->obligation, 0, 32,
		    err));
	if (err->nfields)
		return UC_EVALID;
	if (f->unit_id) {
		rc = uc_access_unit(ctx, UC_PERM_UNIT_READ, f->unit_id, err);
		uc_sql_add(q, " AND un.path LIKE (SELECT path FROM units"
		    " WHERE id = ?) || '%'", "i", f->unit_id);
	}
	if (f->system_id)
		uc_sql_add(q, " AND a.system_id = ?", "i", f->system_id);
	if (f->obligation != NULL)
		uc_sql_add(q, " AND a.obligation = ?", "s", f->obligation);
	if (f->from != NULL)
		uc_sql_add(q, " AND a.held_on >= ?", "s", f->from);
	if (f->to != NULL)
		uc_sql_add(q, " AND a.held_on <= ?", "s", f->to);
	if (rc == UC_OK)
		rc = uc_owned_seek(ctx, q, "a", f->cursor, err);
	return rc;
}

enum uc_status
uc_assessment_list(struct uc_ctx *ctx, const struct uc_assessment_filter *f,
    json_t **out, char **next, struct uc_error *err)
{
	struct uc_sql q;
	enum uc_status rc;

	*out = NULL;
	*next = NULL;
	uc_sql_init(&q, ctx->arena, "SELECT " COLS FROM " WHERE 1 = 1");
	rc = list_filter(ctx, &q, f, err);
	if (rc == UC_OK)
		rc = uc_owned_page(ctx, &q, "a", f->limit, row_json, out,
		    next, err);
	return rc;
}

/* ---- checking ---------------------------------------------------- */

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

/* findings: {critical, high, medium, low}, each a count; missing ones
 * are 0, so the stored object always has the four. */
static void
check_findings(json_t *doc, struct uc_error *err)
{
	json_t *f = json_object_get(doc, "findings"), *v, *norm;
	const char *k;
	size_t i;

	if (!json_is_object(f)) {
		uc_error_field(err, "findings", "type", "findings is {critical"
		    ", high, medium, low}");
		return;
	}
	json_object_foreach(f, k, v) {
		for (i = 0; severities[i] && strcmp(severities[i], k); i++)
			;
		if (severities[i] == NULL) {
			uc_error_field(err, "findings", "unknown_field", "%s is"
			    " not a severity: critical, high, medium, low", k);
			return;
		}
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > MAX_FINDINGS) {
			uc_error_field(err, "findings", "range", "findings.%s "
			    "is a count from 0 to %d", k, MAX_FINDINGS);
			return;
		}
	}
	norm = json_object();
	for (i = 0; severities[i] != NULL; i++)
		json_object_set_new(norm, severities[i], json_integer(
		    json_integer_value(json_object_get(f, severities[i]))));
	json_object_set_new(doc, "findings", norm);
}

/* system_id: 0, or a system of unit t->unit_id in service; its level. */
static enum uc_status
check_system(struct uc_ctx *ctx, json_t *doc, struct target *t,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	int64_t id = num(doc, "system_id");
	enum uc_status rc;
	int row = 0;

	t->level = 0;
	if (id == 0)
		return UC_OK;
	rc = uc_store_query(ctx->st, &s, err, "SELECT COALESCE("
	    "level_approved, level_computed, 0) FROM systems WHERE id = ? AND"
	    " unit_id = ? AND retired_at IS NULL", "ii", id, t->unit_id);
	if (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK && row)
		t->level = (int)uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		uc_error_field(err, "system_id", "not_found", "no system %"
		    PRId64 " in service in unit %" PRId64, id, t->unit_id);
	return rc;
}

static int
has_field(const struct uc_error *err, const char *field)
{
	size_t i;

	for (i = 0; i < err->nfields && i < UC_ERROR_FIELDS; i++)
		if (strcmp(err->fields[i].field, field) == 0)
			return 1;
	return 0;
}

static int
takes_assessment(const struct uc_rp_obligation *o)
{
	size_t i;

	for (i = 0; i < o->evidence.n; i++)
		if (strcmp(o->evidence.v[i], "assessment") == 0)
			return 1;
	return 0;
}

/*
 * obligation: "" or a duty of the pack in use that assessments fulfil,
 * owed as the record is (by the unit, or by a system); a system of level
 * 3 or more is assessed for its duty by a licensed or designated body
 * (regulation.md §5): kind external.
 */
static enum uc_status
check_obligation(struct uc_ctx *ctx, json_t *doc, const struct target *t,
    struct uc_error *err)
{
	const struct uc_rulepack *p = NULL;
	const struct uc_rp_obligation *o;
	const char *code = str(doc, "obligation");
	enum uc_status rc;

	if (*code == '\0')
		return UC_OK;
	if ((rc = uc_incident_pack(ctx, &p, err)) != UC_OK)
		return rc;
	o = uc_rulepack_obligation(p, code);
	if (o == NULL || !takes_assessment(o))
		return uc_error_field(err, "obligation", "unknown", "no duty "
		    "'%s' fulfilled by an assessment in rule pack %s", code,
		    p->id);
	if (o->scope == UC_OB_SYSTEM && num(doc, "system_id") == 0)
		return uc_error_field(err, "system_id", "required", "%s is "
		    "owed per system: name the system", code);
	if (o->scope == UC_OB_UNIT && num(doc, "system_id") != 0)
		return uc_error_field(err, "system_id", "invalid", "%s is owed"
		    " by the unit as a whole, not a system", code);
	if (o->scope == UC_OB_SYSTEM && t->level >= 3 &&
	    strcmp(str(doc, "kind"), "external") != 0)
		return uc_error_field(err, "kind", "external_required", "a "
		    "system of level %d is assessed by a licensed or designated"
		    " organisation: kind external", t->level);
	return UC_OK;
}

static enum uc_status
check_doc(struct uc_ctx *ctx, json_t *doc, struct target *t,
    struct uc_error *err)
{
	const char *kind = str(doc, "kind");
	enum uc_status rc;
	size_t i;

	if (strcmp(kind, "self") && strcmp(kind, "external"))
		uc_error_field(err, "kind", "enum", "kind is self or external");
	for (i = 0; i < NTEXTS; i++)
		recorded(texts[i].lines ? uc_valid_lines(texts[i].key,
		    str(doc, texts[i].key), texts[i].min, texts[i].max, err) :
		    uc_valid_text(texts[i].key, str(doc, texts[i].key),
		    texts[i].min, texts[i].max, err));
	if (strcmp(kind, "external") == 0 && *str(doc, "assessor") == '\0')
		uc_error_field(err, "assessor", "required", "an external "
		    "assessment names the organisation that did it");
	check_dates(doc, err);
	check_findings(doc, err);
	if (num(doc, "system_id") < 0)
		uc_error_field(err, "system_id", "range", "system_id is a "
		    "system's id, or null for the unit");
	else if ((rc = check_system(ctx, doc, t, err)) != UC_OK)
		return rc;
	if (!has_field(err, "system_id") &&
	    (rc = check_obligation(ctx, doc, t, err)) != UC_OK &&
	    rc != UC_EVALID)
		return rc;
	return err->nfields ? UC_EVALID : UC_OK;
}

/* ---- writing ----------------------------------------------------- */

static enum uc_status
write_doc(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *doc,
    struct uc_error *err)
{
	char *findings = json_dumps(json_object_get(doc, "findings"),
	    JSON_COMPACT | JSON_SORT_KEYS), now[32];
	const char *ends = str(doc, "ends_on");
	int64_t changes = 0, sys = num(doc, "system_id");
	enum uc_status rc;

	uc_time_format(ctx->now, now, UC_TIME_ISO_LEN + 1);
	rc = uc_store_run(ctx->st, &changes, err, "UPDATE assessments SET"
	    " system_id = ?, obligation = ?, kind = ?, title = ?, held_on = ?,"
	    " ends_on = ?, assessor = ?, scope = ?, findings = ?, summary = ?,"
	    " reference = ?, version = version + 1, updated_at = ?"
	    " WHERE id = ? AND version = ?", "ssssssssssssii",
	    uc_store_id_or_null(ctx->arena, sys), str(doc, "obligation"),
	    str(doc, "kind"), str(doc, "title"), str(doc, "held_on"),
	    *ends ? ends : NULL, str(doc, "assessor"), str(doc, "scope"),
	    findings, str(doc, "summary"), str(doc, "reference"), now, id,
	    version);
	uc_free(findings);
	if (rc == UC_OK && changes != 1)
		rc = uc_error_set(err, UC_EPRECOND, "the assessment changed "
		    "since you read it: reload and reapply");
	return rc;
}

enum uc_status
uc_assessment_create(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	json_t *doc = json_pack("{sI ss ss ss ss ss ss s{}}", "system_id",
	    (json_int_t)0, "obligation", "", "ends_on", "", "assessor", "",
	    "scope", "", "summary", "", "reference", "", "findings");
	struct target t = { 0, 0 };
	int64_t id = 0;
	char now[32];
	enum uc_status rc;

	*out = NULL;
	json_object_update(doc, in);
	json_object_del(doc, "unit_id");
	rc = uc_owned_unit(ctx, &owned, in, &t.unit_id, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK) {
		json_decref(doc);
		return rc;
	}
	rc = check_doc(ctx, doc, &t, err);
	uc_time_format(ctx->now, now, UC_TIME_ISO_LEN + 1);
	if (rc == UC_OK)
		rc = uc_store_insert(ctx->st, &id, err, "INSERT INTO"
		    " assessments (unit_id, kind, title, held_on, created_by,"
		    " version, created_at, updated_at) VALUES (?, ?, ?, ?, ?,"
		    " 0, ?, ?) RETURNING id", "issssss", t.unit_id,
		    str(doc, "kind"), str(doc, "title"), str(doc, "held_on"),
		    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now,
		    now);
	if (rc == UC_OK)
		rc = write_doc(ctx, id, 0, doc, err);
	rc = uc_owned_end(ctx, &owned, id, t.unit_id, "assessment.create",
	    NULL, rc, out, err);
	json_decref(doc);
	return rc;
}

/* The editable part of an assessment as returned. */
static json_t *
doc_of(json_t *a)
{
	static const char *const keys[] = { "obligation", "kind", "title",
		"held_on", "assessor", "scope", "findings", "summary",
		"reference", NULL };
	json_t *doc = json_object();
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		json_object_set(doc, keys[i], json_object_get(a, keys[i]));
	json_object_set_new(doc, "ends_on", json_string(str(a, "ends_on")));
	json_object_set_new(doc, "system_id", json_integer(num(a,
	    "system_id")));
	return doc;
}

enum uc_status
uc_assessment_update(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t *in, json_t **out, struct uc_error *err)
{
	json_t *cur = NULL, *doc = NULL;
	struct target t = { 0, 0 };
	enum uc_status rc;

	*out = NULL;
	rc = uc_owned_begin(ctx, &owned, id, version, &cur, err);
	if (rc != UC_OK)
		return rc;
	t.unit_id = num(cur, "unit_id");
	doc = doc_of(cur);
	json_object_update(doc, in);
	json_object_del(doc, "unit_id");
	rc = check_doc(ctx, doc, &t, err);
	if (rc == UC_OK)
		rc = write_doc(ctx, id, version, doc, err);
	rc = uc_owned_end(ctx, &owned, id, t.unit_id, "assessment.update",
	    cur, rc, out, err);
	json_decref(doc);
	return rc;
}

/* The record a calendar item names as its evidence stays: deleting it
 * would leave a done item pointing at nothing. */
static enum uc_status
not_evidence(struct uc_ctx *ctx, int64_t id, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	const char *what = NULL;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT obligation || ' ' ||"
	    " period FROM obligation_fulfilments WHERE evidence_kind ="
	    " 'assessment' AND evidence_ref = ? LIMIT 1", "s",
	    uc_arena_printf(ctx->arena, "%" PRId64, id));
	if (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK && row)
		what = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
	uc_stmt_done(s);
	if (rc == UC_OK && what != NULL)
		rc = uc_error_set(err, UC_ECONFLICT, "the assessment is the "
		    "evidence of the calendar's %s: it is kept", what);
	return rc;
}

enum uc_status
uc_assessment_delete(struct uc_ctx *ctx, int64_t id, int64_t version,
    struct uc_error *err)
{
	json_t *cur = NULL;
	int64_t unit, changes = 0;
	enum uc_status rc;

	rc = uc_owned_begin(ctx, &owned, id, version, &cur, err);
	if (rc != UC_OK)
		return rc;
	unit = num(cur, "unit_id");
	rc = not_evidence(ctx, id, err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, &changes, err, "DELETE FROM"
		    " assessments WHERE id = ? AND version = ?", "ii", id,
		    version);
	if (rc == UC_OK && changes != 1)
		rc = uc_error_set(err, UC_EPRECOND, "the assessment changed "
		    "since you read it: reload and reapply");
	return uc_owned_end(ctx, &owned, id, unit, "assessment.delete", cur,
	    rc, NULL, err);
}
