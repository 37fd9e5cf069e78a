/*
 * system.c - see system.h. A system's editable fields form a document,
 * as an incident's do: create checks it and writes it; update reads
 * the stored one back, merges the patch, checks the whole and writes
 * it again, so a system never holds what create would refuse. The
 * level is computed from the ticks at every write (domain/level.c) and
 * stored with its reasons; the level in force is the approved one when
 * a dossier was approved, else the computed one.
 *
 * Concurrency: every write ends with "UPDATE ... WHERE id = ? AND
 * version = ?", so of two writers that read the same version one gets
 * UC_EPRECOND. Writes that can change what the index holds bump the
 * registry's generation first (system_index), in the same transaction.
 */
#include "service/system.h"
#include "core/arena.h"
#include "core/fold.h"
#include "core/mem.h"
#include "core/parse.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/level.h"
#include "domain/netindex.h"
#include "domain/observable.h"
#include "domain/rulepack.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/dossier_file.h"
#include "service/incident.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The columns of one system, in the order of enum col. */
#define COLS "s.id, s.unit_id, un.code, un.name, s.operator_unit_id," \
	" ou.code, ou.name, s.name, s.purpose, s.owner_name," \
	" s.operator_name, s.security_provider, s.upstream_provider," \
	" s.national_critical, s.addresses, s.domains, s.details," \
	" s.criteria, s.level_computed, s.level_reasons, s.level_approved," \
	" s.decision_number, s.decision_date, s.approved_at," \
	" s.dossier_status, s.dossier, s.retired_at, s.version," \
	" s.created_at, s.updated_at, un.path"

enum col {
	C_ID, C_UNIT, C_UNIT_CODE, C_UNIT_NAME, C_OP_UNIT, C_OP_CODE,
	C_OP_NAME, C_NAME, C_PURPOSE, C_OWNER, C_OPERATOR, C_SECURITY,
	C_UPSTREAM, C_CRITICAL, C_ADDRS, C_DOMAINS, C_DETAILS, C_CRITERIA,
	C_LEVEL, C_REASONS, C_APPROVED, C_DEC_NUMBER, C_DEC_DATE,
	C_APPROVED_AT, C_DOSSIER_STATUS, C_DOSSIER, C_RETIRED, C_VERSION,
	C_CREATED, C_UPDATED, C_PATH
};

#define FROM " FROM systems s JOIN units un ON un.id = s.unit_id" \
	" LEFT JOIN units ou ON ou.id = s.operator_unit_id"

/* Text fields of the document: name, its bounds. */
static const struct {
	const char *key;
	long min, max;
} texts[] = {
	{ "name", 1, 200 },
	{ "purpose", 0, 2000 },
	{ "owner_name", 0, 200 },
	{ "operator_name", 0, 200 },
	{ "security_provider", 0, 200 },
	{ "upstream_provider", 0, 200 },
};

#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

/* The lists kept in the details column. */
static const char *const detail_keys[] = {
	"os", "services", "controls", "components", "contacts", NULL
};

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static const char *
str_or(json_t *o, const char *k, const char *dflt)
{
	const char *v = str(o, k);

	return v != NULL ? v : dflt;
}

static void
iso(int64_t ms, char *buf)
{
	uc_time_format(ms, buf, UC_TIME_ISO_LEN + 1);
}

static json_t *
text_or_null(struct uc_stmt *s, int c)
{
	return uc_stmt_null(s, c) ? json_null() :
	    json_string(uc_stmt_text(s, c));
}

static json_t *
int_or_null(struct uc_stmt *s, int c)
{
	return uc_stmt_null(s, c) ? json_null() :
	    json_integer(uc_stmt_i64(s, c));
}

/* Stored JSON text back into a value; dflt (a new reference, taken)
 * when absent or broken. */
static json_t *
stored(struct uc_stmt *s, int c, json_t *dflt)
{
	json_t *j = uc_stmt_null(s, c) ? NULL :
	    json_loads(uc_stmt_text(s, c), 0, NULL);

	if (j == NULL)
		return dflt;
	json_decref(dflt);
	return j;
}

static char *
dump(json_t *j)
{
	return json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
}

static const char *
id_text(struct uc_ctx *ctx, int64_t id)
{
	return uc_arena_printf(ctx->arena, "%" PRId64, id);
}

/* ---- reading ----------------------------------------------------- */

static int
in_force(struct uc_stmt *s)
{
	return (int)(uc_stmt_null(s, C_APPROVED) ? uc_stmt_i64(s, C_LEVEL) :
	    uc_stmt_i64(s, C_APPROVED));
}

static json_t *
level_json(struct uc_stmt *s)
{
	json_t *r = stored(s, C_REASONS, json_object());
	json_t *j = json_pack("{si sI so}", "in_force", in_force(s),
	    "computed", (json_int_t)uc_stmt_i64(s, C_LEVEL), "approved",
	    int_or_null(s, C_APPROVED));

	json_object_set(j, "reasons", json_is_array(json_object_get(r,
	    "reasons")) ? json_object_get(r, "reasons") : json_array());
	json_object_set(j, "components", json_is_array(json_object_get(r,
	    "components")) ? json_object_get(r, "components") :
	    json_array());
	json_object_set_new(j, "summary_vi", json_string(str_or(r,
	    "summary_vi", "")));
	json_object_set_new(j, "summary_en", json_string(str_or(r,
	    "summary_en", "")));
	json_decref(r);
	return j;
}

/* The level a dossier is for: the proposed one, else the computed. */
static int
dossier_level(json_t *d, int computed)
{
	json_int_t p = json_integer_value(json_object_get(d,
	    "proposed_level"));

	return p >= 1 && p <= UC_LEVEL_MAX ? (int)p : computed;
}

/* Every part of the pack, with what the dossier says of it. */
static json_t *
parts_json(const struct uc_rulepack *pack, json_t *d, int level,
    json_t *missing)
{
	const struct uc_rp_dossier_part *p;
	json_t *a = json_array(), *st;
	size_t i;
	int req, have;

	for (i = 0; i < pack->ndossier_parts; i++) {
		p = &pack->dossier_parts[i];
		st = json_object_get(json_object_get(d, "parts"), p->code);
		req = uc_level_part_required(p, level ? level : 1);
		have = json_is_true(json_object_get(st, "provided"));
		/* files: service/dossier_file.c fills them in */
		json_array_append_new(a, json_pack("{ss ss ss ss sb sb ss ss"
		    " s[]}", "code", p->code, "vi", p->vi, "en", p->en,
		    "article", p->article, "required", req, "provided", have,
		    "note", str_or(st, "note", ""), "reference", str_or(st,
		    "reference", ""), "files"));
		if (req && !have)
			json_array_append_new(missing, json_string(p->code));
	}
	return a;
}

static json_t *
dossier_json(const struct uc_rulepack *pack, struct uc_stmt *s)
{
	json_t *d = stored(s, C_DOSSIER, json_object());
	json_t *missing = json_array(), *j;
	int level = dossier_level(d, (int)uc_stmt_i64(s, C_LEVEL));

	j = json_pack("{ss si}", "status", uc_stmt_text(s, C_DOSSIER_STATUS),
	    "level", level);
	json_object_set(j, "proposed_level", json_is_integer(json_object_get(
	    d, "proposed_level")) ? json_object_get(d, "proposed_level") :
	    json_null());
	json_object_set_new(j, "parts", parts_json(pack, d, level, missing));
	json_object_set_new(j, "missing", missing);
	json_object_set_new(j, "note", json_string(str_or(d, "note", "")));
	json_object_set(j, "submitted_at", json_object_get(d,
	    "submitted_at") ? json_object_get(d, "submitted_at") :
	    json_null());
	json_object_set(j, "appraised_at", json_object_get(d,
	    "appraised_at") ? json_object_get(d, "appraised_at") :
	    json_null());
	json_object_set_new(j, "appraisal_note", json_string(str_or(d,
	    "appraisal_note", "")));
	json_object_set_new(j, "decision_number", text_or_null(s,
	    C_DEC_NUMBER));
	json_object_set_new(j, "decision_date", text_or_null(s, C_DEC_DATE));
	json_object_set_new(j, "approved_at", text_or_null(s, C_APPROVED_AT));
	json_object_set(j, "history", json_is_array(json_object_get(d,
	    "history")) ? json_object_get(d, "history") : json_array());
	json_decref(d);
	return j;
}

static void
add_details(json_t *j, struct uc_stmt *s)
{
	json_t *d = stored(s, C_DETAILS, json_object()), *v;
	size_t i;

	for (i = 0; detail_keys[i] != NULL; i++) {
		v = json_object_get(d, detail_keys[i]);
		json_object_set(j, detail_keys[i], json_is_array(v) ? v :
		    json_array());
	}
	json_decref(d);
}

static json_t *
operator_unit(struct uc_stmt *s)
{
	if (uc_stmt_null(s, C_OP_UNIT))
		return json_null();
	return json_pack("{sI ss ss}", "id", (json_int_t)uc_stmt_i64(s,
	    C_OP_UNIT), "code", uc_stmt_text(s, C_OP_CODE), "name",
	    uc_stmt_text(s, C_OP_NAME));
}

static json_t *
row_json(const struct uc_rulepack *pack, struct uc_stmt *s)
{
	json_t *j = json_pack("{sI sI ss ss}",
	    "id", (json_int_t)uc_stmt_i64(s, C_ID),
	    "unit_id", (json_int_t)uc_stmt_i64(s, C_UNIT),
	    "unit_code", uc_stmt_text(s, C_UNIT_CODE),
	    "unit_name", uc_stmt_text(s, C_UNIT_NAME));
	size_t i;

	json_object_set_new(j, "operator_unit_id", int_or_null(s,
	    C_OP_UNIT));
	json_object_set_new(j, "operator_unit", operator_unit(s));
	for (i = 0; i < NTEXTS; i++)
		json_object_set_new(j, texts[i].key, json_string(
		    uc_stmt_text(s, C_NAME + (int)i)));
	json_object_set_new(j, "national_critical",
	    json_boolean(uc_stmt_i64(s, C_CRITICAL)));
	json_object_set_new(j, "addresses", stored(s, C_ADDRS,
	    json_array()));
	json_object_set_new(j, "domains", stored(s, C_DOMAINS, json_array()));
	add_details(j, s);
	json_object_set_new(j, "criteria", stored(s, C_CRITERIA,
	    json_array()));
	json_object_set_new(j, "level", level_json(s));
	json_object_set_new(j, "dossier", dossier_json(pack, s));
	json_object_set_new(j, "retired_at", text_or_null(s, C_RETIRED));
	json_object_set_new(j, "version", json_integer(uc_stmt_i64(s,
	    C_VERSION)));
	json_object_set_new(j, "created_at", json_string(uc_stmt_text(s,
	    C_CREATED)));
	json_object_set_new(j, "updated_at", json_string(uc_stmt_text(s,
	    C_UPDATED)));
	return j;
}

/* The system as stored, without access checks; *path its unit's. */
static enum uc_status
load(struct uc_ctx *ctx, const struct uc_rulepack *pack, int64_t id,
    json_t **out, const char **path, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS FROM
	    " WHERE s.id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		*out = row_json(pack, s);
		if (path != NULL)
			*path = uc_arena_strdup(ctx->arena, uc_stmt_text(s,
			    C_PATH));
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such system");
	if (rc == UC_OK) {
		json_t *one = json_pack("[O]", *out);

		rc = uc_dossier_file_attach(ctx, one, err);
		json_decref(one);
	}
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* Load with `perm` over its owner unit: UC_ENOTFOUND when the actor
 * may not see it, UC_EPERM when they see it but may not do this. */
static enum uc_status
load_checked(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    enum uc_perm perm, int64_t id, json_t **out, struct uc_error *err)
{
	const char *path = NULL;
	enum uc_status rc = load(ctx, pack, id, out, &path, err);

	if (rc == UC_OK)
		rc = uc_access_path(ctx, perm, path, err);
	if (rc == UC_ENOTFOUND)
		uc_error_set(err, UC_ENOTFOUND, "no such system");
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum uc_status
uc_system_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	const struct uc_rulepack *pack;
	enum uc_status rc;

	*out = NULL;
	rc = uc_incident_pack(ctx, &pack, err);
	if (rc == UC_OK)
		rc = load_checked(ctx, pack, UC_PERM_UNIT_READ, id, out, err);
	return rc;
}

/* ---- lists ------------------------------------------------------- */

/* The units the actor may read, as " AND (un.path LIKE ? OR ...)". */
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

static enum uc_status
unit_filter(struct uc_ctx *ctx, struct uc_sql *q, int64_t unit,
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
		uc_sql_add(q, " AND un.path LIKE ?", "s", uc_arena_printf(
		    ctx->arena, "%s%%", uc_stmt_text(s, 0)));
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_field(err, "unit_id", "not_found", "no unit %"
		    PRId64, unit);
	return rc;
}

/* Each word of q must appear in the search text. */
static void
search_filter(struct uc_ctx *ctx, struct uc_sql *q, const char *text)
{
	char *f = uc_fold_words(ctx->arena, text), *w, *save = NULL;

	for (w = strtok_r(f, " ", &save); w; w = strtok_r(NULL, " ", &save))
		uc_sql_add(q, " AND s.search LIKE ?", "s",
		    uc_arena_printf(ctx->arena, "%%%s%%", w));
}

static enum uc_status
list_filter(struct uc_ctx *ctx, struct uc_sql *q,
    const struct uc_system_filter *f, struct uc_error *err)
{
	const char *p = f->cursor;
	int64_t after = 0;

	scope_filter(ctx, q);
	if (f->unit_id && unit_filter(ctx, q, f->unit_id, err) != UC_OK)
		return UC_EVALID;
	if (f->level)
		uc_sql_add(q, " AND COALESCE(s.level_approved,"
		    " s.level_computed) = ?", "i", (int64_t)f->level);
	if (!f->retired)
		uc_sql_add(q, " AND s.retired_at IS NULL", "");
	if (f->q != NULL)
		search_filter(ctx, q, f->q);
	if (p != NULL && (uc_parse_i64(&p, 1, INT64_MAX, &after) != UC_OK ||
	    *p != '\0'))
		return uc_error_field(err, "cursor", "format", "cursor is not"
		    " one this server gave");
	if (after)
		uc_sql_add(q, " AND s.id > ?", "i", after);
	return UC_OK;
}

enum uc_status
uc_system_list(struct uc_ctx *ctx, const struct uc_system_filter *f,
    json_t **out, char **next, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	json_t *j_items = json_array();
	enum uc_status rc;
	int row = 0, n = 0;
	int64_t last = 0;

	*out = NULL;
	*next = NULL;
	uc_sql_init(&q, ctx->arena, "SELECT " COLS FROM " WHERE 1 = 1");
	rc = uc_incident_pack(ctx, &pack, err);
	if (rc == UC_OK)
		rc = list_filter(ctx, &q, f, err);
	uc_sql_add(&q, " ORDER BY s.id LIMIT ?", "i", (int64_t)f->limit + 1);
	if (rc == UC_OK)
		rc = uc_store_query_sql(ctx->st, &s, err, &q);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if (n++ == f->limit) {
			*next = uc_arena_printf(ctx->arena, "%" PRId64, last);
			break;
		}
		json_array_append_new(j_items, row_json(pack, s));
		last = uc_stmt_i64(s, C_ID);
	}
	uc_stmt_done(s);
	if (rc == UC_OK)
		rc = uc_dossier_file_attach(ctx, j_items, err);
	if (rc != UC_OK) {
		json_decref(j_items);
		return rc;
	}
	*out = j_items;
	return UC_OK;
}

/* ---- checking a document ----------------------------------------- */

/* A text field of o, "" when absent. */
static int
text(json_t *o, const char *k, const char *path, long min, long max,
    int lines, struct uc_error *err)
{
	const char *v = str(o, k);

	if (v == NULL)
		json_object_set_new(o, k, json_string(v = ""));
	if (lines)
		return uc_valid_lines(path, v, min, max, err) == UC_OK;
	return uc_valid_text(path, v, min, max, err) == UC_OK;
}

static int
check_texts(json_t *doc, struct uc_error *err)
{
	size_t i;
	int ok = 1;

	for (i = 0; i < NTEXTS; i++)
		ok &= text(doc, texts[i].key, texts[i].key, texts[i].min,
		    texts[i].max, strcmp(texts[i].key, "purpose") == 0, err);
	if (ok && str(doc, "name")[strspn(str(doc, "name"), " \t")] == '\0')
		ok = uc_error_field(err, "name", "required", "name is blank") &&
		    0;
	return ok;
}

/* doc[k]: an array of at most max items (a new one when absent). */
static json_t *
array_of(json_t *doc, const char *k, size_t max, int *ok,
    struct uc_error *err)
{
	json_t *a = json_object_get(doc, k);

	if (a == NULL || json_is_null(a))
		json_object_set_new(doc, k, a = json_array());
	if (!json_is_array(a)) {
		*ok = uc_error_field(err, k, "type", "%s must be an array",
		    k) && 0;
		return NULL;
	}
	if (json_array_size(a) > max) {
		*ok = uc_error_field(err, k, "range", "%s: at most %zu items",
		    k, max) && 0;
		return NULL;
	}
	return a;
}

/* The canonical form of one address ("cidr", "ipv4", "ipv6") or
 * domain, or NULL with a field error. */
static json_t *
canonical(const char *kind, json_t *v, const char *path,
    struct uc_error *err)
{
	char out[UC_OBSERVABLE_MAX + 1];
	const char *s = json_string_value(v), *type = kind;
	struct uc_error e2;

	if (s == NULL)
		return uc_error_field(err, path, "type", "%s must be a string",
		    path), NULL;
	if (strcmp(kind, "address") == 0)
		type = strchr(s, '/') ? "cidr" : strchr(s, ':') ? "ipv6" :
		    "ipv4";
	uc_error_clear(&e2);
	if (uc_observable_normalise(type, s, out, sizeof(out), &e2) != UC_OK)
		return uc_error_field(err, path, "format", "%s: %s", path,
		    e2.nfields ? e2.fields[0].message : e2.message), NULL;
	return json_string(out);
}

/* addresses (IPs, CIDRs) or domains: canonical, each once. */
static int
check_names(json_t *doc, const char *k, const char *kind, size_t max,
    struct uc_error *err)
{
	json_t *a, *out = json_array(), *v, *c;
	char path[48];
	size_t i, j;
	int ok = 1;

	if ((a = array_of(doc, k, max, &ok, err)) == NULL) {
		json_decref(out);
		return ok;
	}
	json_array_foreach(a, i, v) {
		snprintf(path, sizeof(path), "%s[%zu]", k, i);
		if ((c = canonical(kind, v, path, err)) == NULL) {
			ok = 0;
			continue;
		}
		for (j = 0; j < json_array_size(out); j++)
			if (json_equal(c, json_array_get(out, j)))
				ok = uc_error_field(err, path, "duplicate",
				    "%s repeats %s", path,
				    json_string_value(c)) && 0;
		json_array_append_new(out, c);
	}
	json_object_set_new(doc, k, out);
	return ok;
}

/* An array of strings (criterion codes). */
static int
check_strings(json_t *o, const char *k, const char *path,
    struct uc_error *err)
{
	json_t *a = json_object_get(o, k), *v;
	char sub[64];
	size_t i;
	int ok = 1;

	if (a == NULL || json_is_null(a))
		json_object_set_new(o, k, a = json_array());
	if (!json_is_array(a))
		return uc_error_field(err, path, "type", "%s must be an array "
		    "of codes", path) && 0;
	json_array_foreach(a, i, v)
		if (!json_is_string(v)) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			ok = uc_error_field(err, sub, "type", "%s must be a "
			    "string", sub) && 0;
		}
	return ok;
}

/* One item of a list of objects, rebuilt from its known fields. */
typedef int (*item_fn)(const struct uc_rulepack *pack, json_t *in,
    json_t *out, const char *path, struct uc_error *err);

static int
check_items(const struct uc_rulepack *pack, json_t *doc, const char *k,
    size_t max, item_fn fn, struct uc_error *err)
{
	json_t *a, *out = json_array(), *v, *o;
	char path[48];
	size_t i;
	int ok = 1;

	if ((a = array_of(doc, k, max, &ok, err)) == NULL) {
		json_decref(out);
		return ok;
	}
	json_array_foreach(a, i, v) {
		snprintf(path, sizeof(path), "%s[%zu]", k, i);
		if (!json_is_object(v)) {
			ok = uc_error_field(err, path, "type", "%s must be an "
			    "object", path) && 0;
			continue;
		}
		json_array_append_new(out, o = json_object());
		ok &= fn(pack, v, o, path, err);
	}
	json_object_set_new(doc, k, out);
	return ok;
}

/* Copy in[k] to out as a string ("" when absent) and check it. */
static int
item_text(json_t *in, json_t *out, const char *k, const char *path,
    long min, long max, struct uc_error *err)
{
	char sub[64];

	snprintf(sub, sizeof(sub), "%s.%s", path, k);
	json_object_set_new(out, k, json_string(str_or(in, k, "")));
	return text(out, k, sub, min, max, 0, err);
}

static int
os_item(const struct uc_rulepack *pack, json_t *in, json_t *out,
    const char *path, struct uc_error *err)
{
	int ok = 1;

	(void)pack;
	ok &= item_text(in, out, "name", path, 1, 100, err);
	ok &= item_text(in, out, "version", path, 0, 100, err);
	return ok;
}

/* services and controls: a code of the pack's list, and a detail. */
static int
coded_item(const struct uc_rulepack *pack, const char *list, json_t *in,
    json_t *out, const char *path, struct uc_error *err)
{
	const char *code = str(in, "code");
	char sub[64];
	int ok = item_text(in, out, "detail", path, 0, 300, err);

	snprintf(sub, sizeof(sub), "%s.code", path);
	json_object_set_new(out, "code", json_string(code ? code : ""));
	if (code == NULL || uc_rulepack_option(pack, list, code) == NULL)
		ok = uc_error_field(err, sub, "enum", "%s: '%s' is not in the "
		    "list %s of the rule pack", sub, code ? code : "", list) &&
		    0;
	return ok;
}

static int
service_item(const struct uc_rulepack *pack, json_t *in, json_t *out,
    const char *path, struct uc_error *err)
{
	return coded_item(pack, "service", in, out, path, err);
}

static int
control_item(const struct uc_rulepack *pack, json_t *in, json_t *out,
    const char *path, struct uc_error *err)
{
	return coded_item(pack, "control", in, out, path, err);
}

static int
component_item(const struct uc_rulepack *pack, json_t *in, json_t *out,
    const char *path, struct uc_error *err)
{
	char sub[64];
	json_t *c = json_object_get(in, "criteria");
	int ok = 1;

	(void)pack;
	ok &= item_text(in, out, "name", path, 1, 200, err);
	ok &= item_text(in, out, "description", path, 0, 1000, err);
	json_object_set(out, "criteria", c ? c : json_null());
	snprintf(sub, sizeof(sub), "%s.criteria", path);
	ok &= check_strings(out, "criteria", sub, err);
	return ok;
}

static int
contact_item(const struct uc_rulepack *pack, json_t *in, json_t *out,
    const char *path, struct uc_error *err)
{
	char sub[64];
	int ok = 1;

	(void)pack;
	ok &= item_text(in, out, "name", path, 1, 200, err);
	ok &= item_text(in, out, "position", path, 0, 200, err);
	json_object_set_new(out, "phone", json_string(str_or(in, "phone",
	    "")));
	json_object_set_new(out, "email", json_string(str_or(in, "email",
	    "")));
	snprintf(sub, sizeof(sub), "%s.phone", path);
	ok &= uc_valid_phone(sub, str(out, "phone"), err) == UC_OK;
	snprintf(sub, sizeof(sub), "%s.email", path);
	ok &= uc_valid_email(sub, str(out, "email"), 1, err) == UC_OK;
	if (ok && *str(out, "phone") == '\0' && *str(out, "email") == '\0')
		ok = uc_error_field(err, path, "required", "%s needs a phone "
		    "or an email", path) && 0;
	return ok;
}

/* No code twice in services or controls. */
static int
distinct_codes(json_t *doc, const char *k, struct uc_error *err)
{
	json_t *a = json_object_get(doc, k);
	char path[48];
	size_t i, j;
	int ok = 1;

	for (i = 0; i < json_array_size(a); i++)
		for (j = 0; j < i; j++)
			if (json_equal(json_object_get(json_array_get(a, i),
			    "code"), json_object_get(json_array_get(a, j),
			    "code"))) {
				snprintf(path, sizeof(path), "%s[%zu].code", k,
				    i);
				ok = uc_error_field(err, path, "duplicate",
				    "%s repeats an earlier code", path) && 0;
				break;
			}
	return ok;
}

/* The level of the document's ticks (domain/level.c). */
static enum uc_status
compute(struct uc_ctx *ctx, const struct uc_rulepack *pack, json_t *doc,
    struct uc_level_result *res, struct uc_error *err)
{
	struct uc_level_input in;
	struct uc_level_component *comp;
	const char **codes;
	json_t *a = json_object_get(doc, "components"), *v, *c;
	size_t i, j, n = json_array_size(a);

	memset(&in, 0, sizeof(in));
	c = json_object_get(doc, "criteria");
	codes = uc_arena_alloc(ctx->arena, (json_array_size(c) + 1) *
	    sizeof(*codes));
	json_array_foreach(c, i, v)
		codes[in.ncriteria++] = json_string_value(v);
	in.criteria = codes;
	comp = uc_arena_alloc(ctx->arena, (n + 1) * sizeof(*comp));
	json_array_foreach(a, i, v) {
		c = json_object_get(v, "criteria");
		codes = uc_arena_alloc(ctx->arena, (json_array_size(c) + 1) *
		    sizeof(*codes));
		comp[i].name = str(v, "name");
		comp[i].criteria = codes;
		comp[i].ncriteria = json_array_size(c);
		for (j = 0; j < comp[i].ncriteria; j++)
			codes[j] = json_string_value(json_array_get(c, j));
	}
	in.components = comp;
	in.ncomponents = n;
	return uc_level_eval(pack, &in, res, err);
}

/*
 * Check and normalise every field of doc; the level of its ticks goes
 * to *res. All checks run, so the reply names every bad field.
 */
static enum uc_status
check_doc(struct uc_ctx *ctx, const struct uc_rulepack *pack, json_t *doc,
    struct uc_level_result *res, struct uc_error *err)
{
	int ok = 1, ticks;

	ok &= check_texts(doc, err);
	if (!json_is_boolean(json_object_get(doc, "national_critical")))
		json_object_set_new(doc, "national_critical", json_false());
	ok &= check_names(doc, "addresses", "address",
	    UC_SYSTEM_MAX_ADDRESSES, err);
	ok &= check_names(doc, "domains", "domain", UC_SYSTEM_MAX_DOMAINS,
	    err);
	ok &= check_items(pack, doc, "os", UC_SYSTEM_MAX_ITEMS, os_item,
	    err);
	ok &= check_items(pack, doc, "services", UC_SYSTEM_MAX_ITEMS,
	    service_item, err) && distinct_codes(doc, "services", err);
	ok &= check_items(pack, doc, "controls", UC_SYSTEM_MAX_ITEMS,
	    control_item, err) && distinct_codes(doc, "controls", err);
	ok &= check_items(pack, doc, "contacts", UC_SYSTEM_MAX_ITEMS,
	    contact_item, err);
	ticks = check_strings(doc, "criteria", "criteria", err);
	ticks &= check_items(pack, doc, "components", UC_LEVEL_MAX_COMPONENTS,
	    component_item, err);
	/* the level's own checks name unknown and repeated codes */
	if (ticks && compute(ctx, pack, doc, res, err) != UC_OK)
		ok = 0;
	ok &= ticks;
	if (ok)
		return UC_OK;
	if (err == NULL)
		return UC_EVALID;
	if (err->code == UC_OK)
		err->code = UC_EVALID;
	return err->code;	/* UC_EINTERNAL: a pack without criteria */
}

/* `perm` over a unit named by a field: a unit out of sight is a field
 * error; other refusals (UC_EPERM) are the request's. */
static enum uc_status
unit_right(struct uc_ctx *ctx, enum uc_perm perm, int64_t unit,
    const char *field, struct uc_error *err)
{
	struct uc_error e2 = { 0 };
	enum uc_status rc = uc_access_unit(ctx, perm, unit, &e2);

	if (rc == UC_ENOTFOUND)
		return uc_error_field(err, field, "not_found", "no unit %"
		    PRId64 " where you may do this", unit);
	if (rc != UC_OK && err != NULL)
		*err = e2;
	return rc;
}

/* unit_id (system.write over it when it is new) and operator_unit_id
 * (a unit the actor may see; 0 or absent: none). old: the stored
 * unit, 0 on create. */
static enum uc_status
check_units(struct uc_ctx *ctx, json_t *doc, int64_t old,
    struct uc_error *err)
{
	json_t *u = json_object_get(doc, "unit_id");
	json_t *op = json_object_get(doc, "operator_unit_id");
	int64_t unit = json_integer_value(u);
	enum uc_status rc = UC_OK, rc2 = UC_OK;

	if (!json_is_integer(u) || unit <= 0)
		rc = uc_error_field(err, "unit_id", "required", "unit_id is "
		    "required");
	else if (unit != old)
		rc = unit_right(ctx, UC_PERM_SYSTEM_WRITE, unit, "unit_id",
		    err);
	if (rc != UC_OK && rc != UC_EVALID)
		return rc;
	if (!json_is_integer(op) || json_integer_value(op) == 0)
		json_object_set_new(doc, "operator_unit_id", json_null());
	else
		rc2 = unit_right(ctx, UC_PERM_UNIT_READ, json_integer_value(op),
		    "operator_unit_id", err);
	return rc2 != UC_OK && rc2 != UC_EVALID ? rc2 : rc != UC_OK ? rc :
	    rc2;
}

/* ---- writing ----------------------------------------------------- */

static json_t *
reasons_json(json_t *doc, const struct uc_level_result *r)
{
	json_t *a = json_array(), *c = json_array(), *comp;
	const struct uc_rp_criterion *k;
	size_t i;

	comp = json_object_get(doc, "components");
	for (i = 0; i < r->nreasons; i++) {
		k = r->reasons[i].criterion;
		json_array_append_new(a, json_pack("{ss si ss ss ss ss ss}",
		    "code", k->code, "level", k->level, "group", k->group,
		    "article", k->article, "article_en", k->article_en, "vi",
		    k->vi, "en", k->en));
		json_object_set_new(json_array_get(a, i), "component",
		    r->reasons[i].component < 0 ? json_null() : json_string(
		    str(json_array_get(comp, (size_t)r->reasons[i].component),
		    "name")));
	}
	for (i = 0; i < json_array_size(comp); i++)
		json_array_append_new(c, json_pack("{ss si}", "name",
		    str(json_array_get(comp, i), "name"), "level",
		    r->components[i]));
	return json_pack("{so so ss ss}", "reasons", a, "components", c,
	    "summary_vi", r->vi, "summary_en", r->en);
}

static const char *
joined(struct uc_ctx *ctx, json_t *a)
{
	const char *out = "";
	json_t *v;
	size_t i;

	json_array_foreach(a, i, v)
		out = uc_arena_printf(ctx->arena, "%s %s", out,
		    json_string_value(v));
	return out;
}

static const char *
search_text(struct uc_ctx *ctx, json_t *doc)
{
	return uc_fold_words(ctx->arena, uc_arena_printf(ctx->arena,
	    "%s %s %s %s %s %s", str(doc, "name"), str(doc, "purpose"),
	    str(doc, "owner_name"), str(doc, "operator_name"), joined(ctx,
	    json_object_get(doc, "domains")), joined(ctx,
	    json_object_get(doc, "addresses"))));
}

static json_t *
details_of(json_t *doc)
{
	json_t *d = json_object();
	size_t i;

	for (i = 0; detail_keys[i] != NULL; i++)
		json_object_set(d, detail_keys[i], json_object_get(doc,
		    detail_keys[i]));
	return d;
}

/* UC_EPRECOND unless exactly one row changed. */
static enum uc_status
one_row(int64_t changes, enum uc_status rc, struct uc_error *err)
{
	if (rc == UC_OK && changes != 1)
		return uc_error_set(err, UC_EPRECOND, "the system changed "
		    "since you read it: reload and reapply");
	return rc;
}

/* Write the checked document onto row id, at `version`. */
static enum uc_status
write_doc(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *doc,
    const struct uc_level_result *res, struct uc_error *err)
{
	json_t *details = details_of(doc), *why = reasons_json(doc, res);
	char *d = dump(details), *w = dump(why), now[32];
	char *addrs = dump(json_object_get(doc, "addresses"));
	char *doms = dump(json_object_get(doc, "domains"));
	char *crit = dump(json_object_get(doc, "criteria"));
	int64_t changes = 0;
	enum uc_status rc;

	iso(ctx->now, now);
	rc = uc_store_run(ctx->st, &changes, err, "UPDATE systems SET"
	    " unit_id = ?, operator_unit_id = ?, name = ?, purpose = ?,"
	    " owner_name = ?, operator_name = ?, security_provider = ?,"
	    " upstream_provider = ?, national_critical = ?, addresses = ?,"
	    " domains = ?, details = ?, criteria = ?, level_computed = ?,"
	    " level_reasons = ?, search = ?, version = version + 1,"
	    " updated_at = ? WHERE id = ? AND version = ?",
	    "isssssssbssssisssii", (int64_t)json_integer_value(
	    json_object_get(doc, "unit_id")), uc_store_id_or_null(ctx->arena,
	    json_integer_value(json_object_get(doc, "operator_unit_id"))),
	    str(doc, "name"), str(doc, "purpose"), str(doc, "owner_name"),
	    str(doc, "operator_name"), str(doc, "security_provider"),
	    str(doc, "upstream_provider"), json_is_true(json_object_get(doc,
	    "national_critical")), addrs, doms, d, crit, (int64_t)res->level,
	    w, search_text(ctx, doc), now, id, version);
	uc_free(d);
	uc_free(w);
	uc_free(addrs);
	uc_free(doms);
	uc_free(crit);
	json_decref(details);
	json_decref(why);
	return one_row(changes, rc, err);
}

/* Open a write transaction; `index`: it may change what the index
 * holds, so move the registry's generation. */
static enum uc_status
begin_write(struct uc_ctx *ctx, int index, struct uc_error *err)
{
	enum uc_status rc = uc_store_begin(ctx->st, err);

	if (rc == UC_OK && index)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE system_index SET"
		    " generation = generation + 1 WHERE id = 1", "");
	if (rc != UC_OK)
		uc_store_rollback(ctx->st);
	return rc;
}

/* Commit a change with its audit entry; *out gets the new state. The
 * transaction always ends here; before is the caller's (freed). */
static enum uc_status
end_change(struct uc_ctx *ctx, const struct uc_rulepack *pack, int64_t id,
    const char *action, json_t *before, enum uc_status rc, json_t **out,
    struct uc_error *err)
{
	json_t *after = NULL;

	if (rc == UC_OK)
		rc = load(ctx, pack, id, &after, NULL, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, action, "system", id_text(ctx, id),
		    json_integer_value(json_object_get(after, "unit_id")),
		    before, after, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	json_decref(before);
	if (rc != UC_OK) {
		json_decref(after);
		after = NULL;
	}
	*out = after;
	return rc;
}

static json_t *
defaults(void)
{
	json_t *d = json_object();
	size_t i;

	for (i = 1; i < NTEXTS; i++)
		json_object_set_new(d, texts[i].key, json_string(""));
	json_object_set_new(d, "national_critical", json_false());
	json_object_set_new(d, "operator_unit_id", json_null());
	return d;
}

/* The actor's own unit, for a create that names none. */
static enum uc_status
own_unit(struct uc_ctx *ctx, json_t *doc, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	if (json_object_get(doc, "unit_id") != NULL || ctx->actor.user_id == 0)
		return UC_OK;
	rc = uc_store_query(ctx->st, &s, err, "SELECT unit_id FROM users"
	    " WHERE id = ?", "i", ctx->actor.user_id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		json_object_set_new(doc, "unit_id", json_integer(uc_stmt_i64(s,
		    0)));
	uc_stmt_done(s);
	return rc;
}

/* Check the units and the document; both run, the worse rc wins. */
static enum uc_status
check_all(struct uc_ctx *ctx, const struct uc_rulepack *pack, json_t *doc,
    int64_t old_unit, struct uc_level_result *res, struct uc_error *err)
{
	enum uc_status rc = check_units(ctx, doc, old_unit, err), rc2;

	if (rc != UC_OK && rc != UC_EVALID)
		return rc;
	rc2 = check_doc(ctx, pack, doc, res, err);
	return rc != UC_OK ? rc : rc2;
}

static enum uc_status
insert(struct uc_ctx *ctx, json_t *doc, const struct uc_level_result *res,
    int64_t *id, struct uc_error *err)
{
	char now[32];
	enum uc_status rc;

	iso(ctx->now, now);
	rc = uc_store_insert(ctx->st, id, err, "INSERT INTO systems (unit_id,"
	    " name, created_by, version, created_at, updated_at) VALUES (?,"
	    " ?, ?, 0, ?, ?) RETURNING id", "issss",
	    (int64_t)json_integer_value(json_object_get(doc, "unit_id")),
	    str(doc, "name"), uc_store_id_or_null(ctx->arena,
	    ctx->actor.user_id), now, now);
	if (rc == UC_OK)
		rc = write_doc(ctx, *id, 0, doc, res, err);
	return rc;
}

enum uc_status
uc_system_create(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	const struct uc_rulepack *pack;
	struct uc_level_result res;
	json_t *doc = defaults();
	int64_t id = 0;
	enum uc_status rc;

	*out = NULL;
	json_object_update(doc, in);
	rc = uc_access_unrestricted(ctx, err);
	if (rc == UC_OK)
		rc = uc_incident_pack(ctx, &pack, err);
	if (rc == UC_OK)
		rc = own_unit(ctx, doc, err);
	if (rc == UC_OK)
		rc = check_all(ctx, pack, doc, 0, &res, err);
	if (rc == UC_OK)
		rc = begin_write(ctx, 1, err);
	if (rc == UC_OK) {
		rc = insert(ctx, doc, &res, &id, err);
		rc = end_change(ctx, pack, id, "system.create", NULL, rc, out,
		    err);
	}
	json_decref(doc);
	return rc;
}

/* The editable part of a system as returned. */
static json_t *
doc_of(json_t *sys)
{
	static const char *const keys[] = {
		"unit_id", "operator_unit_id", "national_critical",
		"addresses", "domains", "criteria", NULL
	};
	json_t *d = json_object();
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		json_object_set(d, keys[i], json_object_get(sys, keys[i]));
	for (i = 0; i < NTEXTS; i++)
		json_object_set(d, texts[i].key, json_object_get(sys,
		    texts[i].key));
	for (i = 0; detail_keys[i] != NULL; i++)
		json_object_set(d, detail_keys[i], json_object_get(sys,
		    detail_keys[i]));
	return d;
}

static enum uc_status
check_version(json_t *cur, int64_t version, struct uc_error *err)
{
	int64_t have = json_integer_value(json_object_get(cur, "version"));

	if (have != version)
		return uc_error_set(err, UC_EPRECOND, "the system changed "
		    "since you read it (version %" PRId64 ", now %" PRId64
		    "): reload and reapply", version, have);
	if (json_is_string(json_object_get(cur, "retired_at")))
		return uc_error_set(err, UC_ECONFLICT, "the system is retired");
	return UC_OK;
}

/* Begin a change of system id: transaction, current state with
 * system.write, version. The caller ends it with end_change. */
static enum uc_status
begin_change(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    int64_t id, int64_t version, int index, json_t **cur,
    struct uc_error *err)
{
	enum uc_status rc;

	*cur = NULL;
	rc = begin_write(ctx, index, err);
	if (rc != UC_OK)
		return rc;
	rc = load_checked(ctx, pack, UC_PERM_SYSTEM_WRITE, id, cur, err);
	if (rc == UC_OK)
		rc = check_version(*cur, version, err);
	if (rc != UC_OK) {
		uc_store_rollback(ctx->st);
		json_decref(*cur);
		*cur = NULL;
	}
	return rc;
}

enum uc_status
uc_system_update(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t *in, json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	struct uc_level_result res;
	json_t *cur = NULL, *doc = NULL, *was = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_incident_pack(ctx, &pack, err);
	if (rc == UC_OK)
		rc = begin_change(ctx, pack, id, version, 1, &cur, err);
	if (rc != UC_OK)
		return rc;
	was = doc_of(cur);
	doc = json_deep_copy(was);
	json_object_update(doc, in);
	rc = check_all(ctx, pack, doc, json_integer_value(json_object_get(
	    cur, "unit_id")), &res, err);
	/* a change that changes nothing keeps the version */
	if (rc == UC_OK && json_equal(doc, was)) {
		uc_store_rollback(ctx->st);
		*out = cur;
		cur = NULL;
	} else {
		if (rc == UC_OK)
			rc = write_doc(ctx, id, version, doc, &res, err);
		rc = end_change(ctx, pack, id, "system.update", cur, rc, out,
		    err);
	}
	json_decref(doc);
	json_decref(was);
	return rc;
}

enum uc_status
uc_system_retire(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	json_t *cur = NULL;
	int64_t changes = 0;
	char now[32];
	enum uc_status rc;

	*out = NULL;
	rc = uc_incident_pack(ctx, &pack, err);
	if (rc == UC_OK)
		rc = begin_change(ctx, pack, id, version, 1, &cur, err);
	if (rc != UC_OK)
		return rc;
	iso(ctx->now, now);
	rc = uc_store_run(ctx->st, &changes, err, "UPDATE systems SET"
	    " retired_at = ?, version = version + 1, updated_at = ? WHERE"
	    " id = ? AND version = ?", "ssii", now, now, id, version);
	rc = one_row(changes, rc, err);
	return end_change(ctx, pack, id, "system.retire", cur, rc, out, err);
}

/* ---- the level without a system ---------------------------------- */

enum uc_status
uc_system_level(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	const struct uc_rulepack *pack;
	struct uc_level_result res;
	json_t *doc = json_pack("{sO* sO*}", "criteria", json_object_get(in,
	    "criteria"), "components", json_object_get(in, "components"));
	json_t *why;
	enum uc_status rc;
	int ok;

	*out = NULL;
	rc = uc_access_unrestricted(ctx, err);
	if (rc == UC_OK)
		rc = uc_incident_pack(ctx, &pack, err);
	if (rc == UC_OK) {
		ok = check_strings(doc, "criteria", "criteria", err);
		ok &= check_items(pack, doc, "components",
		    UC_LEVEL_MAX_COMPONENTS, component_item, err);
		rc = ok ? compute(ctx, pack, doc, &res, err) : UC_EVALID;
	}
	if (rc == UC_OK) {
		why = reasons_json(doc, &res);
		json_object_set_new(why, "computed", json_integer(res.level));
		*out = why;
	}
	json_decref(doc);
	return rc;
}

/* ---- the dossier ------------------------------------------------- */

static enum uc_status
raw_dossier(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT dossier FROM systems"
	    " WHERE id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*out = stored(s, 0, json_object());
	uc_stmt_done(s);
	if (rc == UC_OK && *out == NULL)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such system");
	if (rc == UC_OK && !json_is_object(*out)) {
		json_decref(*out);
		*out = json_object();
	}
	return rc;
}

static enum uc_status
write_dossier(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *d,
    const char *status, struct uc_error *err)
{
	char *text = dump(d), now[32];
	int64_t changes = 0;
	enum uc_status rc;

	iso(ctx->now, now);
	rc = uc_store_run(ctx->st, &changes, err, "UPDATE systems SET"
	    " dossier = ?, dossier_status = ?, version = version + 1,"
	    " updated_at = ? WHERE id = ? AND version = ?", "sssii", text,
	    status, now, id, version);
	uc_free(text);
	return one_row(changes, rc, err);
}

/* One {code, provided, note, reference} of a dossier patch. */
static int
dossier_part(const struct uc_rulepack *pack, json_t *parts, json_t *p,
    size_t i, struct uc_error *err)
{
	const char *code = str(p, "code");
	char path[48];
	json_t *cur;
	int ok = 1;

	snprintf(path, sizeof(path), "parts[%zu].code", i);
	if (code == NULL || uc_rulepack_dossier_part(pack, code) == NULL)
		return uc_error_field(err, path, "enum", "%s: '%s' is not a "
		    "part of the dossier (levels.txt)", path, code ? code :
		    "") && 0;
	if ((cur = json_object_get(parts, code)) == NULL)
		json_object_set_new(parts, code, cur = json_pack("{sb ss ss}",
		    "provided", 0, "note", "", "reference", ""));
	if (json_is_boolean(json_object_get(p, "provided")))
		json_object_set(cur, "provided", json_object_get(p,
		    "provided"));
	snprintf(path, sizeof(path), "parts[%zu]", i);
	if (str(p, "note") != NULL)
		json_object_set(cur, "note", json_object_get(p, "note"));
	if (str(p, "reference") != NULL)
		json_object_set(cur, "reference", json_object_get(p,
		    "reference"));
	ok &= item_text(cur, cur, "note", path, 0, 2000, err);
	ok &= item_text(cur, cur, "reference", path, 0, 300, err);
	return ok;
}

static int
dossier_patch(const struct uc_rulepack *pack, json_t *d, json_t *in,
    struct uc_error *err)
{
	json_t *pl = json_object_get(in, "proposed_level"), *parts, *v;
	json_int_t l = json_integer_value(pl);
	size_t i;
	int ok = 1;

	/* 0: none, the dossier follows the computed level */
	if (pl != NULL && (!json_is_integer(pl) || l < 0 ||
	    l > UC_LEVEL_MAX))
		ok = uc_error_field(err, "proposed_level", "range",
		    "proposed_level is 1 to 5, or 0 for the computed level") &&
		    0;
	else if (pl != NULL && l == 0)
		json_object_del(d, "proposed_level");
	else if (pl != NULL)
		json_object_set(d, "proposed_level", pl);
	if (str(in, "note") != NULL)
		json_object_set(d, "note", json_object_get(in, "note"));
	ok &= text(d, "note", "note", 0, 2000, 1, err);
	if (!json_is_object(parts = json_object_get(d, "parts")))
		json_object_set_new(d, "parts", parts = json_object());
	json_array_foreach(json_object_get(in, "parts"), i, v)
		ok &= dossier_part(pack, parts, v, i, err);
	return ok;
}

static enum uc_status
dossier_status_of(json_t *cur, enum uc_dossier_status *st,
    struct uc_error *err)
{
	int s = uc_level_dossier_parse(str(json_object_get(cur, "dossier"),
	    "status"));

	if (s < 0)
		return uc_error_set(err, UC_EINTERNAL, "a dossier in an "
		    "unknown state");
	*st = (enum uc_dossier_status)s;
	return UC_OK;
}

enum uc_status
uc_system_dossier_update(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t *in, json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	enum uc_dossier_status st = UC_DOSSIER_DRAFT;
	json_t *cur = NULL, *d = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_incident_pack(ctx, &pack, err);
	if (rc == UC_OK)
		rc = begin_change(ctx, pack, id, version, 0, &cur, err);
	if (rc != UC_OK)
		return rc;
	rc = dossier_status_of(cur, &st, err);
	if (rc == UC_OK && st != UC_DOSSIER_DRAFT)
		rc = uc_error_set(err, UC_ECONFLICT, "the dossier is %s: only "
		    "a draft changes (return it to draft first)",
		    uc_level_dossier_name(st));
	if (rc == UC_OK)
		rc = raw_dossier(ctx, id, &d, err);
	if (rc == UC_OK && !dossier_patch(pack, d, in, err))
		rc = UC_EVALID;
	if (rc == UC_OK)
		rc = write_dossier(ctx, id, version, d, "draft", err);
	json_decref(d);
	return end_change(ctx, pack, id, "system.dossier", cur, rc, out, err);
}

/* Submitting: a level 1-5, and every part that level needs. */
static enum uc_status
can_submit(const struct uc_rulepack *pack, json_t *cur, json_t *d,
    struct uc_error *err)
{
	json_t *dj = json_object_get(cur, "dossier"), *p;
	int level = (int)json_integer_value(json_object_get(dj, "level"));
	char path[48];
	size_t i;
	int ok = 1;

	(void)pack;
	if (level < 1 || level > UC_LEVEL_MAX)
		return uc_error_field(err, "proposed_level", "required", "no "
		    "level to propose: tick the criteria or set "
		    "proposed_level");
	json_array_foreach(json_object_get(dj, "parts"), i, p) {
		if (!json_is_true(json_object_get(p, "required")) ||
		    json_is_true(json_object_get(p, "provided")))
			continue;
		snprintf(path, sizeof(path), "parts.%s", str(p, "code"));
		ok = uc_error_field(err, path, "required", "a level-%d "
		    "dossier needs: %s", level, str(p, "vi")) && 0;
	}
	if (!ok)
		return UC_EVALID;
	json_object_set_new(d, "proposed_level", json_integer(level));
	return UC_OK;
}

/* yyyy-mm-dd, a real date, not after today (UTC+7). */
static int
valid_date(const char *s, int64_t now)
{
	const char *p = s;
	int64_t y, m, d;
	static const int dm[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (s == NULL || uc_parse_digits(&p, 4, 1900, 9999, &y) != UC_OK ||
	    *p++ != '-' || uc_parse_digits(&p, 2, 1, 12, &m) != UC_OK ||
	    *p++ != '-' || uc_parse_digits(&p, 2, 1, 31, &d) != UC_OK ||
	    *p != '\0' || d > dm[m - 1] || (m == 2 && d == 29 && (y % 4 ||
	    (y % 100 == 0 && y % 400))))
		return 0;
	return y * 10000 + m * 100 + d <= uc_calendar_date_of(now);
}

static enum uc_status
approve(struct uc_ctx *ctx, int64_t id, json_t *d, json_t *in,
    struct uc_error *err)
{
	const char *num = str(in, "decision_number");
	const char *date = str(in, "decision_date");
	char now[32];
	int ok = 1;

	if (uc_valid_text("decision_number", num ? num : "", 1, 100, err))
		ok = 0;
	if (!valid_date(date, ctx->now))
		ok = uc_error_field(err, "decision_date", "format",
		    "decision_date is the decision's date, yyyy-mm-dd, not "
		    "in the future") && 0;
	if (!ok)
		return UC_EVALID;
	iso(ctx->now, now);
	return uc_store_run(ctx->st, NULL, err, "UPDATE systems SET"
	    " level_approved = ?, decision_number = ?, decision_date = ?,"
	    " approved_at = ? WHERE id = ?", "isssi", (int64_t)
	    json_integer_value(json_object_get(d, "proposed_level")), num,
	    date, now, id);
}

/* The dossier's own record of the move. */
static void
record_move(struct uc_ctx *ctx, json_t *d, enum uc_dossier_status from,
    enum uc_dossier_status to, const char *note)
{
	json_t *h = json_object_get(d, "history");
	char now[32];

	iso(ctx->now, now);
	if (!json_is_array(h))
		json_object_set_new(d, "history", h = json_array());
	while (json_array_size(h) >= UC_SYSTEM_MAX_HISTORY)
		json_array_remove(h, 0);
	json_array_append_new(h, json_pack("{ss ss ss ss ss}", "from",
	    uc_level_dossier_name(from), "to", uc_level_dossier_name(to),
	    "at", now, "by", ctx->actor.login ? ctx->actor.login : "",
	    "note", note ? note : ""));
	if (to == UC_DOSSIER_SUBMITTED)
		json_object_set_new(d, "submitted_at", json_string(now));
	if (to == UC_DOSSIER_APPRAISED) {
		json_object_set_new(d, "appraised_at", json_string(now));
		json_object_set_new(d, "appraisal_note", json_string(note ?
		    note : ""));
	}
	if (to == UC_DOSSIER_DRAFT) {
		/* a new round: the old dates stay in the history */
		json_object_del(d, "submitted_at");
		json_object_del(d, "appraised_at");
		json_object_del(d, "appraisal_note");
	}
}

static enum uc_status
move(struct uc_ctx *ctx, const struct uc_rulepack *pack, int64_t id,
    int64_t version, json_t *cur, json_t *in, enum uc_dossier_status to,
    struct uc_error *err)
{
	enum uc_dossier_status from = UC_DOSSIER_DRAFT;
	json_t *d = NULL;
	char next[64];
	enum uc_status rc;

	rc = dossier_status_of(cur, &from, err);
	if (rc == UC_OK && !uc_level_dossier_allows(from, to))
		rc = uc_error_set(err, UC_ECONFLICT, "the dossier is %s: it "
		    "goes to %s, not to %s", uc_level_dossier_name(from),
		    uc_level_dossier_next(from, next, sizeof(next)),
		    uc_level_dossier_name(to));
	if (rc == UC_OK)
		rc = raw_dossier(ctx, id, &d, err);
	if (rc == UC_OK && to == UC_DOSSIER_SUBMITTED)
		rc = can_submit(pack, cur, d, err);
	if (rc == UC_OK && to == UC_DOSSIER_APPROVED)
		rc = approve(ctx, id, d, in, err);
	if (rc == UC_OK) {
		record_move(ctx, d, from, to, str(in, "note"));
		rc = write_dossier(ctx, id, version, d,
		    uc_level_dossier_name(to), err);
	}
	json_decref(d);
	return rc;
}

enum uc_status
uc_system_dossier_status(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t *in, json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	int to = uc_level_dossier_parse(str(in, "status"));
	json_t *cur = NULL;
	enum uc_status rc;

	*out = NULL;
	if (to < 0)
		return uc_error_field(err, "status", "enum", "status is draft, "
		    "submitted, appraised or approved");
	if (uc_valid_lines("note", str_or(in, "note", ""), 0, 2000, err))
		return UC_EVALID;
	rc = uc_incident_pack(ctx, &pack, err);
	if (rc == UC_OK)
		rc = begin_change(ctx, pack, id, version, 0, &cur, err);
	if (rc != UC_OK)
		return rc;
	rc = move(ctx, pack, id, version, cur, in, (enum uc_dossier_status)to,
	    err);
	return end_change(ctx, pack, id, "system.dossier_status", cur, rc,
	    out, err);
}

/* ---- matching ---------------------------------------------------- */

/* The canonical form of the value looked up, or a field error. */
static enum uc_status
match_value(struct uc_ctx *ctx, const char *type, const char *value,
    const char **out, struct uc_error *err)
{
	char buf[UC_OBSERVABLE_MAX + 1];
	const char *otype;
	struct uc_error e2;

	if (type == NULL || (strcmp(type, "ip") != 0 &&
	    strcmp(type, "domain") != 0))
		return uc_error_field(err, "ip", "required", "give ip or "
		    "domain");
	otype = strcmp(type, "domain") == 0 ? "domain" :
	    value && strchr(value, ':') ? "ipv6" : "ipv4";
	uc_error_clear(&e2);
	if (uc_observable_normalise(otype, value ? value : "", buf,
	    sizeof(buf), &e2) != UC_OK)
		return uc_error_field(err, type, "format", "%s: %s", type,
		    e2.nfields ? e2.fields[0].message : e2.message);
	*out = uc_arena_strdup(ctx->arena, buf);
	return UC_OK;
}

/* The ids the index gives for value, copied out of it. */
static enum uc_status
match_ids(struct uc_ctx *ctx, const char *type, const char *value,
    int64_t **ids, size_t *n, const char **key, struct uc_error *err)
{
	struct uc_system_index *h = NULL;
	struct uc_netindex_match m;
	enum uc_status rc = uc_system_index_get(ctx, &h, err);
	int hit;

	*n = 0;
	if (rc != UC_OK)
		return rc;
	hit = strcmp(type, "domain") == 0 ?
	    uc_netindex_domain(uc_system_index_net(h), value, &m) :
	    uc_netindex_ip(uc_system_index_net(h), value, &m);
	if (hit) {
		*ids = uc_arena_alloc(ctx->arena, m.nids * sizeof(**ids));
		memcpy(*ids, m.ids, m.nids * sizeof(**ids));
		*n = m.nids;
		*key = uc_arena_strdup(ctx->arena, m.key);
	}
	uc_system_index_release(h);
	return UC_OK;
}

static json_t *
match_json(json_t *sys, const char *key, const char *type)
{
	json_t *j = json_pack("{sO sO sO sO ss sO sO ss ss}",
	    "id", json_object_get(sys, "id"),
	    "unit_id", json_object_get(sys, "unit_id"),
	    "unit_code", json_object_get(sys, "unit_code"),
	    "unit_name", json_object_get(sys, "unit_name"),
	    "name", str(sys, "name"),
	    "level", json_object_get(json_object_get(sys, "level"),
	    "in_force"),
	    "national_critical", json_object_get(sys, "national_critical"),
	    "matched", key, "via", strcmp(type, "domain") == 0 ? "domain" :
	    strchr(key, '/') ? "cidr" : "ip");

	return j;
}

enum uc_status
uc_system_match(struct uc_ctx *ctx, const char *type, const char *value,
    json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	const char *canon = NULL, *key = NULL, *path;
	json_t *a = json_array(), *sys;
	int64_t *ids = NULL;
	size_t i, n = 0;
	enum uc_status rc;

	*out = NULL;
	rc = uc_access_unrestricted(ctx, err);
	if (rc == UC_OK)
		rc = match_value(ctx, type, value, &canon, err);
	if (rc == UC_OK)
		rc = uc_incident_pack(ctx, &pack, err);
	if (rc == UC_OK)
		rc = match_ids(ctx, type, canon, &ids, &n, &key, err);
	for (i = 0; rc == UC_OK && i < n; i++) {
		sys = NULL;
		rc = load(ctx, pack, ids[i], &sys, &path, err);
		if (rc == UC_OK && uc_access_allows(ctx, UC_PERM_UNIT_READ,
		    path))
			json_array_append_new(a, match_json(sys, key, type));
		json_decref(sys);
	}
	if (rc != UC_OK) {
		json_decref(a);
		return rc;
	}
	*out = json_pack("{s{ss ss} so}", "query", "type", type, "value",
	    canon, "matches", a);
	return UC_OK;
}

/* ---- incidents --------------------------------------------------- */

/* Does the stored incident name system id already? */
static int
linked(json_t *cur, int64_t id)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(cur, "systems"), i, v)
		if (json_integer_value(json_object_get(v, "system_id")) == id)
			return 1;
	return 0;
}

/* The first of a system's addresses that is one address, or "". */
static const char *
first_ip(json_t *sys)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(sys, "addresses"), i, v)
		if (json_is_string(v) && !strchr(json_string_value(v), '/'))
			return json_string_value(v);
	return "";
}

static void
set_empty(json_t *o, const char *k, const char *v)
{
	const char *have = str(o, k);

	if ((have == NULL || *have == '\0') && v != NULL && *v != '\0')
		json_object_set_new(o, k, json_string(v));
}

/* systems[i] from the registry; *sys the registered system. */
static enum uc_status
fill_one(struct uc_ctx *ctx, const struct uc_rulepack *pack, json_t *v,
    size_t i, json_t *cur, json_t **sys, struct uc_error *err)
{
	int64_t id = json_integer_value(json_object_get(v, "system_id"));
	const char *path = NULL;
	char field[48];
	struct uc_error e2 = { 0 };
	enum uc_status rc = load(ctx, pack, id, sys, &path, &e2);

	if (rc == UC_OK && !linked(cur, id) &&
	    !uc_access_allows(ctx, UC_PERM_UNIT_READ, path))
		rc = UC_ENOTFOUND;
	if (rc != UC_OK && rc != UC_ENOTFOUND && err != NULL)
		*err = e2;
	if (rc == UC_ENOTFOUND) {
		json_decref(*sys);
		*sys = NULL;
		snprintf(field, sizeof(field), "systems[%zu].system_id", i);
		return uc_error_field(err, field, "not_found", "%s: no "
		    "registered system %" PRId64 " that you may see", field,
		    id);
	}
	if (rc != UC_OK)
		return rc;
	json_object_set(v, "name", json_object_get(*sys, "name"));
	json_object_set(v, "level", json_object_get(json_object_get(*sys,
	    "level"), "in_force"));
	json_object_set(v, "national_critical", json_object_get(*sys,
	    "national_critical"));
	set_empty(v, "domain", json_string_value(json_array_get(
	    json_object_get(*sys, "domains"), 0)));
	set_empty(v, "ip", first_ip(*sys));
	return UC_OK;
}

/* The codes of services or controls. */
static json_t *
codes_of(json_t *items)
{
	json_t *a = json_array(), *v;
	size_t i;

	json_array_foreach(items, i, v)
		json_array_append(a, json_object_get(v, "code"));
	return a;
}

static json_t *
child(json_t *o, const char *k)
{
	json_t *c = json_object_get(o, k);

	if (!json_is_object(c))
		json_object_set_new(o, k, c = json_object());
	return c;
}

/* Mẫu 03's system and extra blocks, where the report left them empty. */
static void
fill_report(json_t *r, json_t *sys)
{
	json_t *s = child(r, "system"), *x = child(r, "extra"), *v;
	json_t *os = json_array_get(json_object_get(sys, "os"), 0);
	const char *unit = str(sys, "unit_name");
	json_t *a = json_array();
	size_t i;

	set_empty(s, "owner_name", *str(sys, "owner_name") ? str(sys,
	    "owner_name") : unit);
	set_empty(s, "operator_name", *str(sys, "operator_name") ? str(sys,
	    "operator_name") : str(json_object_get(sys, "operator_unit"),
	    "name") ? str(json_object_get(sys, "operator_unit"), "name") :
	    unit);
	set_empty(s, "name", str(sys, "name"));
	set_empty(s, "security_provider", str(sys, "security_provider"));
	set_empty(s, "upstream_provider", str(sys, "upstream_provider"));
	if (json_integer_value(json_object_get(s, "level")) == 0)
		json_object_set(s, "level", json_object_get(json_object_get(
		    sys, "level"), "in_force"));
	set_empty(x, "os", str(os, "name"));
	set_empty(x, "os_version", str(os, "version"));
	set_empty(x, "purpose", str(sys, "purpose"));
	json_array_foreach(json_object_get(sys, "addresses"), i, v)
		if (json_is_string(v) && !strchr(json_string_value(v), '/'))
			json_array_append(a, v);
	if (json_array_size(json_object_get(x, "ips")) == 0)
		json_object_set(x, "ips", a);
	json_decref(a);
	if (json_array_size(json_object_get(x, "domains")) == 0)
		json_object_set(x, "domains", json_object_get(sys, "domains"));
	if (json_array_size(json_object_get(x, "services")) == 0)
		json_object_set_new(x, "services", codes_of(json_object_get(sys,
		    "services")));
	if (json_array_size(json_object_get(x, "controls")) == 0)
		json_object_set_new(x, "controls", codes_of(json_object_get(sys,
		    "controls")));
}

enum uc_status
uc_system_fill(struct uc_ctx *ctx, json_t *doc, json_t *cur,
    struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	json_t *v, *sys = NULL, *first = NULL;
	enum uc_status rc = UC_OK, one;
	size_t i;
	int bad = 0;

	json_array_foreach(json_object_get(doc, "systems"), i, v) {
		if (!json_is_integer(json_object_get(v, "system_id")))
			continue;
		if (pack == NULL && (rc = uc_incident_pack(ctx, &pack,
		    err)) != UC_OK)
			break;
		one = fill_one(ctx, pack, v, i, cur, &sys, err);
		if (one == UC_EVALID) {
			bad = 1;
			continue;
		}
		if ((rc = one) != UC_OK)
			break;
		if (first == NULL)
			first = sys;
		else
			json_decref(sys);
	}
	if (rc == UC_OK && !bad && first != NULL &&
	    json_is_object(json_object_get(doc, "report")))
		fill_report(json_object_get(doc, "report"), first);
	json_decref(first);
	return rc == UC_OK && bad ? UC_EVALID : rc;
}

/* ---- the pack's levels ------------------------------------------- */

static json_t *
src_json(const struct uc_rp_src *src)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s:%d", src->file ? src->file : "",
	    src->line);
	return json_string(buf);
}

static json_t *
mask_json(unsigned mask)
{
	json_t *a = json_array();
	int l;

	for (l = 1; l <= UC_LEVEL_MAX; l++)
		if (mask & (1u << l))
			json_array_append_new(a, json_integer(l));
	return a;
}

static json_t *
criteria_json(const struct uc_rulepack *p)
{
	const struct uc_rp_criterion *c;
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < p->ncriteria; i++) {
		c = &p->criteria[i];
		json_array_append_new(a, json_pack("{ss si ss ss ss ss ss so}",
		    "code", c->code, "level", c->level, "group", c->group,
		    "article", c->article, "article_en", c->article_en, "vi",
		    c->vi, "en", c->en, "src", src_json(&c->src)));
	}
	return a;
}

static json_t *
parts_def_json(const struct uc_rulepack *p)
{
	const struct uc_rp_dossier_part *d;
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < p->ndossier_parts; i++) {
		d = &p->dossier_parts[i];
		json_array_append_new(a, json_pack("{ss ss ss ss so so}",
		    "code", d->code, "vi", d->vi, "en", d->en, "article",
		    d->article, "levels", mask_json(d->level_mask), "src",
		    src_json(&d->src)));
	}
	return a;
}

json_t *
uc_system_levels_json(const struct uc_rulepack *p)
{
	const struct uc_rp_levels *l = &p->levels;
	json_t *g = json_array();
	size_t i;

	if (l->src.file == NULL)
		return json_null();
	for (i = 0; i < p->nlevel_groups; i++)
		json_array_append_new(g, json_pack("{ss ss ss so}", "code",
		    p->level_groups[i].code, "vi", p->level_groups[i].vi,
		    "en", p->level_groups[i].en, "src",
		    src_json(&p->level_groups[i].src)));
	return json_pack("{so so so s{ss ss ss ss ss ss ss ss} so}",
	    "groups", g, "criteria", criteria_json(p), "dossier_parts",
	    parts_def_json(p), "phrases", "decided_vi", l->decided_vi,
	    "decided_en", l->decided_en, "component_vi", l->component_vi,
	    "component_en", l->component_en, "highest_vi", l->highest_vi,
	    "highest_en", l->highest_en, "none_vi", l->none_vi, "none_en",
	    l->none_en, "src", src_json(&l->src));
}
