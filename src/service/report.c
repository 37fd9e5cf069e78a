/*
 * report.c - see report.h and docs/internals/reports.md: the workflow.
 *
 * A report belongs to an incident (the notice, Mẫu 03, 04, the
 * free-form reports) or, for Mẫu 01, to a unit. Either way its changes
 * run in one transaction with one audit entry; an incident's report
 * changes go through service/part.c, which also writes the timeline
 * line and touches the incident. The forms and their free fields are
 * report_fields.c; the data a document renders from, report_data.c.
 */
#include "service/report.h"
#include "core/arena.h"
#include "core/mem.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/docnum.h"
#include "domain/rulepack.h"
#include "domain/validate.h"
#include "render/docx.h"
#include "render/forms.h"
#include "render/pdf.h"
#include "render/summary.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/calendar.h"
#include "service/incident.h"
#include "service/part.h"
#include "service/report_int.h"
#include "store/store.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define COLS "r.id, r.public_id, i.public_id, r.form, r.doc_type," \
	" r.edition, p.public_id, r.status, r.fields, r.number, r.symbol," \
	" r.sha256, r.recipients, r.channel, r.sent_at, r.acked_at," \
	" r.created_by, r.created_at, r.approved_by, r.approved_at," \
	" r.sent_by, r.acked_by, r.version, r.updated_at, r.year," \
	" (SELECT n.public_id FROM reports n WHERE n.replaces_id = r.id)," \
	" r.unit_id, r.snapshot"
#define FROM " FROM reports r LEFT JOIN incidents i ON i.id =" \
	" r.incident_id LEFT JOIN reports p ON p.id = r.replaces_id"

#define LIST_MAX 20	/* recipients of a send */

static const char *const channels[] = {
	"cong_van", "email", "fax", "national_system", "other", NULL
};

/* What the workflow needs of a report, read inside its transaction. */
struct rep {
	int64_t id;
	int64_t unit_id;
	char pid[32];		/* the incident's; "" for a unit's report */
	json_t *j;		/* the report as the API shows it */
};

static enum uc_status change_begin(struct uc_ctx *ctx, const char *rid,
    enum uc_perm perm, struct uc_part *p, struct rep *r,
    struct uc_error *err);
static enum uc_status change_end(struct uc_ctx *ctx, struct uc_part *p,
    struct rep *r, const char *rid, enum uc_status rc, const char *action,
    const char *summary, json_t **out, struct uc_error *err);
static enum uc_status check_state(json_t *rep, const char *want,
    int64_t version, struct uc_error *err);

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static const char *
sv(json_t *o, const char *k)
{
	const char *v = str(o, k);

	return v ? v : "";
}

static json_t *
jtext(struct uc_stmt *s, int col)
{
	return uc_part_text(s, col);
}

/* ---- reading ---- */

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	json_t *j = json_object(), *f;

	(void)arg;
	f = json_loads(uc_stmt_text(s, 8), 0, NULL);
	json_object_set_new(j, "id", json_string(uc_stmt_text(s, 1)));
	json_object_set_new(j, "incident", jtext(s, 2));
	json_object_set_new(j, "form", json_string(uc_stmt_text(s, 3)));
	json_object_set_new(j, "doc_type", json_string(uc_stmt_text(s, 4)));
	json_object_set_new(j, "edition", uc_part_int(s, 5));
	json_object_set_new(j, "replaces", jtext(s, 6));
	json_object_set_new(j, "replaced_by", jtext(s, 25));
	json_object_set_new(j, "status", json_string(uc_stmt_text(s, 7)));
	json_object_set_new(j, "fields", f ? f : json_object());
	json_object_set_new(j, "year", uc_part_int(s, 24));
	json_object_set_new(j, "seq", uc_part_int(s, 9));
	json_object_set_new(j, "number", jtext(s, 10));
	json_object_set_new(j, "sha256", jtext(s, 11));
	f = uc_stmt_null(s, 12) ? NULL : json_loads(uc_stmt_text(s, 12), 0,
	    NULL);
	json_object_set_new(j, "recipients", f ? f : json_null());
	json_object_set_new(j, "channel", jtext(s, 13));
	json_object_set_new(j, "sent_at", jtext(s, 14));
	json_object_set_new(j, "acked_at", jtext(s, 15));
	json_object_set_new(j, "created_by", uc_part_int(s, 16));
	json_object_set_new(j, "created_at", jtext(s, 17));
	json_object_set_new(j, "approved_by", uc_part_int(s, 18));
	json_object_set_new(j, "approved_at", jtext(s, 19));
	json_object_set_new(j, "sent_by", uc_part_int(s, 20));
	json_object_set_new(j, "acked_by", uc_part_int(s, 21));
	json_object_set_new(j, "version", uc_part_int(s, 22));
	json_object_set_new(j, "updated_at", jtext(s, 23));
	json_object_set_new(j, "unit_id", uc_part_int(s, 26));
	/* internal: the frozen data, taken out before it is shown */
	json_object_set_new(j, "_id", uc_part_int(s, 0));
	json_object_set_new(j, "_snapshot", jtext(s, 27));
	return j;
}

/* Hide what is internal (ids, the frozen data) from a reply. */
static json_t *
shown(json_t *j)
{
	json_object_del(j, "_id");
	json_object_del(j, "_snapshot");
	return j;
}

static json_t *
shown_row(struct uc_stmt *s, const void *arg)
{
	return shown(row_json(s, arg));
}

/* What report rid is about: its incident's public id (r->pid, "" for
 * a unit's report) and its unit. No access check: the caller checks
 * the subject before it shows anything. */
static enum uc_status
subject_of(struct uc_ctx *ctx, const char *rid, struct rep *r,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT COALESCE(i.public_id,"
	    " ''), r.unit_id FROM reports r LEFT JOIN incidents i ON i.id ="
	    " r.incident_id WHERE r.public_id = ?", "s", rid ? rid : "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		snprintf(r->pid, sizeof(r->pid), "%s", uc_stmt_text(s, 0));
		r->unit_id = uc_stmt_i64(s, 1);
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such report");
	return rc;
}

static enum uc_status
load(struct uc_ctx *ctx, const char *rid, struct rep *r,
    struct uc_error *err)
{
	json_t *j_items = NULL;
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS FROM
	    " WHERE r.public_id = ?", "s", rid);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, NULL, &j_items, err);
	if (rc == UC_OK && json_array_size(j_items) != 1)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such report");
	if (rc == UC_OK) {
		r->j = json_incref(json_array_get(j_items, 0));
		r->id = json_integer_value(json_object_get(r->j, "_id"));
		r->unit_id = json_integer_value(json_object_get(r->j,
		    "unit_id"));
	}
	json_decref(j_items);
	return rc;
}

/* Report rid with its subject checked for perm: the incident (404 when
 * unseen, service/part.h) or the unit (404 outside the actor's scope). */
static enum uc_status
get_checked(struct uc_ctx *ctx, const char *rid, enum uc_perm perm,
    struct uc_part *p, struct rep *r, struct uc_error *err)
{
	enum uc_status rc;

	memset(r, 0, sizeof(*r));
	memset(p, 0, sizeof(*p));
	rc = subject_of(ctx, rid, r, err);
	if (rc == UC_OK && *r->pid)
		rc = uc_part_get(ctx, r->pid, perm, p, err);
	else if (rc == UC_OK)
		rc = uc_access_unit(ctx, perm, r->unit_id, err);
	if (rc == UC_OK)
		rc = load(ctx, rid, r, err);
	return rc;
}

enum uc_status
uc_report_get(struct uc_ctx *ctx, const char *rid, json_t **out,
    struct uc_error *err)
{
	struct uc_part p;
	struct rep r;
	enum uc_status rc;

	*out = NULL;
	rc = get_checked(ctx, rid, UC_PERM_INCIDENT_READ, &p, &r, err);
	if (rc == UC_OK)
		*out = shown(r.j);
	return rc;
}

static enum uc_status
select_reports(struct uc_ctx *ctx, const struct uc_part *p, int64_t id,
    json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS FROM
	    " WHERE r.incident_id = ? AND (? = 0 OR r.id = ?) ORDER BY"
	    " r.id DESC LIMIT ?", "iiii", p->id, id, id,
	    (int64_t)UC_PART_LIST_MAX);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, shown_row, NULL, out, err);
	return rc;
}

enum uc_status
uc_report_list(struct uc_ctx *ctx, const char *pid, json_t **out,
    struct uc_error *err)
{
	return uc_part_list(ctx, pid, select_reports, out, err);
}

enum uc_status
uc_report_list_unit(struct uc_ctx *ctx, int64_t unit_id, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_access_unit(ctx, UC_PERM_INCIDENT_READ, unit_id, err);
	if (rc == UC_OK)
		rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS FROM
		    " WHERE r.incident_id IS NULL AND r.unit_id = ? ORDER BY"
		    " r.id DESC LIMIT ?", "ii", unit_id,
		    (int64_t)UC_PART_LIST_MAX);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, shown_row, NULL, out, err);
	return rc;
}

/* ---- rendering ---- */

static enum uc_status
render_doc(struct uc_ctx *ctx, json_t *data, const char *format,
    struct uc_buf *out, struct uc_error *err)
{
	struct uc_doc *d = NULL;
	enum uc_status rc;

	/* Mẫu 05 is the statistics' document (render/summary.h) */
	if (strcmp(sv(data, "form"), "summary05") == 0)
		rc = uc_summary_build(ctx->arena, data, &d, err);
	else
		rc = uc_forms_build(ctx->arena, data, &d, err);
	if (rc == UC_OK && strcmp(format, "pdf") == 0)
		rc = uc_pdf_render(d, out, err);
	else if (rc == UC_OK)
		rc = uc_docx_render(d, out, err);
	return rc;
}

static void
sha256_hex(const struct uc_buf *b, char hex[65])
{
	unsigned char md[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(md, (const unsigned char *)b->data, b->len);
	sodium_bin2hex(hex, 65, md, sizeof(md));
}

/* The data a report renders from: frozen once approved. */
static enum uc_status
data_of(struct uc_ctx *ctx, json_t *rep, json_t **out,
    struct uc_error *err)
{
	const char *snap = str(rep, "_snapshot");

	*out = NULL;
	if (snap == NULL)
		return uc_report_data(ctx, rep, 0, out, err);
	*out = json_loads(snap, 0, NULL);
	return *out ? UC_OK : uc_error_set(err, UC_EINTERNAL, "report %s: "
	    "stored data does not parse", sv(rep, "id"));
}

static enum uc_status
render_json(json_t *rep, json_t *data, struct uc_buf *out,
    struct uc_error *err)
{
	json_t *j = json_pack("{sO sO}", "report", rep, "data", data);
	char *txt = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	enum uc_status rc = uc_buf_appends(out, txt ? txt : "null");

	json_decref(j);
	uc_free(txt);
	return rc == UC_OK ? UC_OK : uc_error_set(err, rc, "report too big");
}

enum uc_status
uc_report_render(struct uc_ctx *ctx, const char *rid, const char *format,
    struct uc_report_file *f, struct uc_error *err)
{
	json_t *j_data = NULL;
	struct uc_part p;
	struct rep r;
	enum uc_status rc;

	uc_buf_init(&f->body, UC_DOC_MAX_BYTES);
	f->content_type = f->filename = NULL;
	if (format == NULL || (strcmp(format, "pdf") != 0 &&
	    strcmp(format, "docx") != 0 && strcmp(format, "json") != 0))
		return uc_error_field(err, "format", "enum", "format is pdf, "
		    "docx or json");
	rc = get_checked(ctx, rid, UC_PERM_INCIDENT_READ, &p, &r, err);
	if (rc == UC_OK)
		rc = data_of(ctx, r.j, &j_data, err);
	if (rc == UC_OK && strcmp(format, "json") == 0)
		rc = render_json(shown(r.j), j_data, &f->body, err);
	else if (rc == UC_OK)
		rc = render_doc(ctx, j_data, format, &f->body, err);
	if (rc == UC_OK) {
		f->filename = uc_arena_printf(ctx->arena, "%s.%s", rid,
		    format);
		f->content_type = strcmp(format, "pdf") == 0 ?
		    "application/pdf" : strcmp(format, "json") == 0 ?
		    "application/json" : "application/vnd.openxmlformats-"
		    "officedocument.wordprocessingml.document";
	}
	json_decref(j_data);
	json_decref(r.j);
	return rc;
}

/* ---- changes ---- */

/* The transaction of a change to a unit's report, with perm checked on
 * the unit; on failure no transaction is left open. */
static enum uc_status
unit_begin(struct uc_ctx *ctx, int64_t unit_id, enum uc_perm perm,
    struct uc_error *err)
{
	enum uc_status rc;

	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = uc_access_unit(ctx, perm, unit_id, err);
	if (rc != UC_OK)
		uc_store_rollback(ctx->st);
	return rc;
}

/* Open the change of report rid: its subject's transaction with perm
 * checked (service/part.h for an incident), then the report as it
 * stands in it. */
static enum uc_status
change_begin(struct uc_ctx *ctx, const char *rid, enum uc_perm perm,
    struct uc_part *p, struct rep *r, struct uc_error *err)
{
	enum uc_status rc;

	memset(r, 0, sizeof(*r));
	memset(p, 0, sizeof(*p));
	rc = subject_of(ctx, rid, r, err);
	if (rc == UC_OK && *r->pid)
		rc = uc_part_begin_perm(ctx, r->pid, perm, 1, p, err);
	else if (rc == UC_OK)
		rc = unit_begin(ctx, r->unit_id, perm, err);
	if (rc != UC_OK)
		return rc;
	rc = load(ctx, rid, r, err);
	if (rc != UC_OK)
		uc_store_rollback(ctx->st);
	return rc;
}

/* uc_part_finish for a unit's report: its audit entry, then commit. */
static enum uc_status
unit_finish(struct uc_ctx *ctx, const struct rep *r, enum uc_status rc,
    const struct uc_part_change *c, json_t **out, struct uc_error *err)
{
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, c->action, c->type, uc_arena_printf(
		    ctx->arena, "%" PRId64, c->object_id), r->unit_id,
		    c->before, c->after, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	if (rc == UC_OK)
		*out = c->after;
	else
		json_decref(c->after);
	return rc;
}

/*
 * Record the change (audit; for an incident's report also the timeline
 * line, marked with detail.report so that the next report's "Diễn biến
 * mới" leaves it out, and the incident touched), commit, and hand back
 * the report as it now stands.
 */
static enum uc_status
change_end(struct uc_ctx *ctx, struct uc_part *p, struct rep *r,
    const char *rid, enum uc_status rc, const char *action,
    const char *summary, json_t **out, struct uc_error *err)
{
	json_t *j_detail = json_pack("{ss}", "report", rid);
	struct uc_part_change c = { action, "report", r->id, NULL, NULL,
	    summary, j_detail };
	struct rep now;

	memset(&now, 0, sizeof(now));
	if (rc == UC_OK)
		rc = load(ctx, rid, &now, err);
	c.before = r->j ? shown(r->j) : NULL;
	c.after = now.j ? shown(now.j) : NULL;
	if (*r->pid)
		rc = uc_part_finish(ctx, p, rc, &c, out, err);
	else
		rc = unit_finish(ctx, r, rc, &c, out, err);
	json_decref(r->j);
	json_decref(j_detail);
	return rc;
}

static enum uc_status
check_state(json_t *rep, const char *want, int64_t version,
    struct uc_error *err)
{
	const char *st = sv(rep, "status");

	if (strcmp(st, want) != 0 && strcmp(want, "draft") == 0)
		return uc_error_set(err, UC_ECONFLICT, "report %s is %s: an "
		    "approved report is frozen; draft a new edition that "
		    "replaces it", sv(rep, "id"), st);
	if (strcmp(st, want) != 0)
		return uc_error_set(err, UC_ECONFLICT, "report %s is %s, not "
		    "%s", sv(rep, "id"), st, want);
	return uc_part_version(rep, version, "report", err);
}

/* BC-YYYY-NNNN, from the year's row moved in this transaction. */
static enum uc_status
next_rid(struct uc_ctx *ctx, char *rid, size_t len, struct uc_error *err)
{
	int64_t year = uc_calendar_date_of(ctx->now) / 10000, n = 0;
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0, more = 0;

	rc = uc_store_query(ctx->st, &s, err, "INSERT INTO report_ids"
	    " (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET"
	    " last = report_ids.last + 1 RETURNING last", "i", year);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		n = uc_stmt_i64(s, 0);
	/* finish the statement before the next one (PostgreSQL) */
	while (rc == UC_OK && row)
		rc = uc_stmt_step(s, &more, err), row = more;
	uc_stmt_done(s);
	if (rc == UC_OK && n == 0)
		rc = uc_error_set(err, UC_EDB, "report counter not moved");
	snprintf(rid, len, "BC-%04" PRId64 "-%04" PRId64, year, n);
	return rc;
}

/*
 * The edition a new draft replaces: an approved (or later) report of
 * the same subject and form that nothing replaces yet. r names the
 * subject (r->pid, or r->unit_id for a unit's report).
 */
static enum uc_status
check_replaces(struct uc_ctx *ctx, const struct rep *r, json_t *in,
    struct rep *old, struct uc_error *err)
{
	const char *rid = str(in, "replaces");
	enum uc_status rc;
	int same;

	memset(old, 0, sizeof(*old));
	if (rid == NULL)
		return UC_OK;
	rc = load(ctx, rid, old, err);
	same = rc == UC_OK && (*r->pid ? strcmp(sv(old->j, "incident"),
	    r->pid) == 0 : str(old->j, "incident") == NULL &&
	    old->unit_id == r->unit_id);
	if (rc == UC_ENOTFOUND || (rc == UC_OK && !same))
		return uc_error_field(err, "replaces", "not_found", "no report"
		    " %s of %s", rid, *r->pid ? r->pid : "this unit");
	if (rc == UC_OK && strcmp(sv(old->j, "form"), sv(in, "form")) != 0)
		rc = uc_error_field(err, "replaces", "form", "%s is a report "
		    "of another form", rid);
	else if (rc == UC_OK && strcmp(sv(old->j, "status"), "draft") == 0)
		rc = uc_error_field(err, "replaces", "draft", "%s is a draft:"
		    " edit it instead", rid);
	else if (rc == UC_OK && !json_is_null(json_object_get(old->j,
	    "replaced_by")))
		rc = uc_error_set(err, UC_ECONFLICT, "%s is replaced already,"
		    " by %s", rid, sv(old->j, "replaced_by"));
	return rc;
}

/* Mẫu 05's period, given as from and to, kept as fields.period (so a
 * draft's period can be edited like its other fields). */
static enum uc_status
check_period(json_t *in, const struct uc_report_form *fm,
    struct uc_error *err)
{
	static const char *const keys[] = { "from", "to", NULL };
	int want = fm->required != NULL && strcmp(fm->required, "period")
	    == 0;
	size_t i;
	int ok = 1;

	for (i = 0; keys[i] != NULL; i++) {
		if (!want && json_object_get(in, keys[i]) != NULL)
			ok = uc_error_field(err, keys[i], "unknown", "only a "
			    "summary (Mẫu 05) has a period") && 0;
		else if (want && str(in, keys[i]) == NULL)
			ok = uc_error_field(err, keys[i], "required", "a "
			    "summary covers [from, to): give both days "
			    "(yyyy-mm-dd)") && 0;
	}
	if (!ok)
		return UC_EVALID;
	if (want && json_object_get(in, "fields") == NULL)
		json_object_set_new(in, "fields", json_object());
	if (want)
		json_object_set_new(json_object_get(in, "fields"), "period",
		    json_pack("{ss ss}", "from", str(in, "from"), "to",
		    str(in, "to")));
	return UC_OK;
}

/* The form and what the report is about, before anything is opened:
 * an incident for every form but Mẫu 01 and 05, a unit for those. */
static enum uc_status
check_subject(json_t *in, const struct uc_report_form **fm,
    struct uc_error *err)
{
	int has_inc = json_object_get(in, "incident") != NULL;
	int has_unit = json_object_get(in, "unit_id") != NULL;

	*fm = uc_report_form(str(in, "form"));
	if (*fm == NULL)
		return uc_error_field(err, "form", "enum", "form is notice, "
		    "initial, progress, plan, direction_request, "
		    "support_request, final, member_profile or summary");
	if (check_period(in, *fm, err) != UC_OK)
		return UC_EVALID;
	if ((*fm)->unit && (has_inc || !json_is_integer(json_object_get(in,
	    "unit_id"))))
		return uc_error_field(err, has_inc ? "incident" : "unit_id",
		    has_inc ? "unknown" : "required", "a %s is drafted for a "
		    "unit: give unit_id, not an incident", (*fm)->name);
	if (!(*fm)->unit && (has_unit || str(in, "incident") == NULL))
		return uc_error_field(err, has_unit ? "unit_id" : "incident",
		    has_unit ? "unknown" : "required", "a report of form %s "
		    "is drafted from an incident: give incident (SC-...)",
		    (*fm)->code);
	if (json_object_get(in, "fields") == NULL)
		json_object_set_new(in, "fields", json_object());
	return UC_OK;
}

/* Open the transaction of a new report: on the incident (incident.write,
 * even closed: a final report may follow closure) or on the unit. */
static enum uc_status
create_begin(struct uc_ctx *ctx, const struct uc_report_form *fm,
    json_t *in, struct uc_part *p, struct rep *r, struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	enum uc_status rc;

	memset(p, 0, sizeof(*p));
	memset(r, 0, sizeof(*r));
	if (fm->unit) {
		r->unit_id = json_integer_value(json_object_get(in,
		    "unit_id"));
		return unit_begin(ctx, r->unit_id, UC_PERM_INCIDENT_WRITE,
		    err);
	}
	rc = uc_part_begin(ctx, sv(in, "incident"), 1, p, err);
	if (rc != UC_OK)
		return rc;
	snprintf(r->pid, sizeof(r->pid), "%s", p->pid);
	r->unit_id = p->unit_id;
	if (uc_rulepack_get(p->rulepack, &pack, err) != UC_OK ||
	    uc_rulepack_report(pack, fm->code) == NULL)
		rc = uc_error_field(err, "form", "enum", "the rule pack %s "
		    "has no report '%s'", p->rulepack, fm->code);
	if (rc != UC_OK)
		uc_store_rollback(ctx->st);
	return rc;
}

/* A form whose data can be refused (Mẫu 05: a period the statistics
 * refuse, a unit not readable) is built once before it is stored. */
static enum uc_status
check_data(struct uc_ctx *ctx, const struct uc_report_form *fm,
    int64_t unit_id, json_t *fields, struct uc_error *err)
{
	json_t *j_rep, *j_d = NULL;
	enum uc_status rc;

	if (fm->required == NULL)
		return UC_OK;
	j_rep = json_pack("{ss sI sO}", "form", fm->code, "unit_id",
	    (json_int_t)unit_id, "fields", fields);
	rc = uc_report_data(ctx, j_rep, 0, &j_d, err);
	json_decref(j_d);
	json_decref(j_rep);
	return rc;
}

static enum uc_status
insert(struct uc_ctx *ctx, const struct uc_report_form *fm,
    const struct uc_part *p, struct rep *r, json_t *in, struct rep *old,
    const char *rid, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1], *fields;
	json_t *f = old->j && json_object_size(json_object_get(in,
	    "fields")) == 0 ? json_object_get(old->j, "fields") :
	    json_object_get(in, "fields");
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	fields = json_dumps(f, JSON_COMPACT | JSON_SORT_KEYS);
	rc = uc_store_insert(ctx->st, &r->id, err, "INSERT INTO reports"
	    " (public_id, incident_id, unit_id, form, doc_type, edition,"
	    " replaces_id, fields, created_by, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "ssississsss", rid, uc_store_id_or_null(ctx->arena, p->id),
	    r->unit_id, fm->code, fm->doc_type, (int64_t)(old->j ?
	    json_integer_value(json_object_get(old->j, "edition")) + 1 : 1),
	    uc_store_id_or_null(ctx->arena, old->id), fields,
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now, now);
	uc_free(fields);
	return rc;
}

enum uc_status
uc_report_create(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	json_t *j_in = json_deep_copy(in);
	const struct uc_report_form *fm = NULL;
	char rid[32] = "";
	struct uc_part p;
	struct rep r, old;
	enum uc_status rc;

	*out = NULL;
	memset(&old, 0, sizeof(old));
	rc = check_subject(j_in, &fm, err);
	if (rc == UC_OK)
		rc = create_begin(ctx, fm, j_in, &p, &r, err);
	if (rc != UC_OK)
		goto out;
	rc = uc_report_fields_check(fm, json_object_get(j_in, "fields"),
	    err);
	if (rc == UC_OK)
		rc = check_replaces(ctx, &r, j_in, &old, err);
	if (rc == UC_OK)
		rc = check_data(ctx, fm, r.unit_id, old.j &&
		    json_object_size(json_object_get(j_in, "fields")) == 0 ?
		    json_object_get(old.j, "fields") : json_object_get(j_in,
		    "fields"), err);
	if (rc == UC_OK)
		rc = next_rid(ctx, rid, sizeof(rid), err);
	if (rc == UC_OK)
		rc = insert(ctx, fm, &p, &r, j_in, &old, rid, err);
	rc = change_end(ctx, &p, &r, rid, rc, "report.create",
	    uc_arena_printf(ctx->arena, "Soạn dự thảo %s %s%s%s", fm->name,
	    rid, old.j ? ", thay thế " : "", old.j ? sv(old.j, "id") : ""),
	    out, err);
out:
	json_decref(old.j);
	json_decref(j_in);
	return rc;
}

static json_t *
merged_fields(json_t *cur, json_t *patch)
{
	json_t *f = json_deep_copy(cur), *v;
	const char *k;

	json_object_foreach(patch, k, v) {
		if (json_is_null(v))
			json_object_del(f, k);
		else
			json_object_set(f, k, v);
	}
	return f;
}

static enum uc_status
write_fields(struct uc_ctx *ctx, struct rep *r, json_t *patch,
    struct uc_error *err)
{
	json_t *j_f = merged_fields(json_object_get(r->j, "fields"),
	    json_object_get(patch, "fields"));
	const struct uc_report_form *fm = uc_report_form(sv(r->j, "form"));
	char now[UC_TIME_ISO_LEN + 1], *txt = NULL;
	enum uc_status rc;

	rc = fm ? uc_report_fields_check(fm, j_f, err) : uc_error_set(err,
	    UC_EINTERNAL, "report of unknown form %s", sv(r->j, "form"));
	uc_time_format(ctx->now, now, sizeof(now));
	if (rc == UC_OK)
		rc = check_data(ctx, fm, r->unit_id, j_f, err);
	if (rc == UC_OK) {
		txt = json_dumps(j_f, JSON_COMPACT | JSON_SORT_KEYS);
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE reports SET"
		    " fields = ?, version = version + 1, updated_at = ? WHERE"
		    " id = ?", "ssi", txt, now, r->id);
	}
	uc_free(txt);
	json_decref(j_f);
	return rc;
}

enum uc_status
uc_report_update(struct uc_ctx *ctx, const char *rid, int64_t version,
    json_t *patch, json_t **out, struct uc_error *err)
{
	struct uc_part p;
	struct rep r;
	enum uc_status rc;

	*out = NULL;
	rc = change_begin(ctx, rid, UC_PERM_INCIDENT_WRITE, &p, &r, err);
	if (rc != UC_OK)
		return rc;
	rc = check_state(r.j, "draft", version, err);
	if (rc == UC_OK && !json_is_object(json_object_get(patch, "fields")))
		rc = uc_error_field(err, "fields", "required", "fields is an "
		    "object of the free fields to change");
	if (rc == UC_OK)
		rc = write_fields(ctx, &r, patch, err);
	return change_end(ctx, &p, &r, rid, rc, "report.update",
	    uc_arena_printf(ctx->arena, "Sửa dự thảo %s", rid), out, err);
}

/* The unit's next number of this type for the year: the counter row
 * moves in the approving transaction (its row lock serialises
 * concurrent approvals), so numbers never repeat and leave no gap. */
static enum uc_status
next_number(struct uc_ctx *ctx, int64_t unit_id, int64_t year,
    const char *type, int64_t *n, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0, more = 0;

	*n = 0;
	rc = uc_store_query(ctx->st, &s, err, "INSERT INTO doc_counters"
	    " (unit_id, year, doc_type, last) VALUES (?, ?, ?, 1) ON CONFLICT"
	    " (unit_id, year, doc_type) DO UPDATE SET last ="
	    " doc_counters.last + 1 RETURNING last", "iis", unit_id, year,
	    type);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*n = uc_stmt_i64(s, 0);
	while (rc == UC_OK && row)
		rc = uc_stmt_step(s, &more, err), row = more;
	uc_stmt_done(s);
	if (rc == UC_OK && *n == 0)
		rc = uc_error_set(err, UC_EDB, "document counter not moved");
	return rc;
}

/* Number the report: "01/BC-SNV" into r->j. A form without a document
 * type (Mẫu 01) takes no number. */
static enum uc_status
number(struct uc_ctx *ctx, struct rep *r, int64_t year,
    struct uc_error *err)
{
	json_t *j_u = NULL;
	char num[UC_DOCNUM_LEN];
	int64_t n = 0;
	enum uc_status rc;

	if (*sv(r->j, "doc_type") == '\0')
		return UC_OK;
	rc = uc_report_unit(ctx, r->unit_id, &j_u, err);
	if (rc == UC_OK && *sv(j_u, "symbol") == '\0')
		rc = uc_error_set(err, UC_ECONFLICT, "unit %s has no document "
		    "symbol: set it before approving", sv(j_u, "name"));
	if (rc == UC_OK)
		rc = next_number(ctx, r->unit_id, year, sv(r->j, "doc_type"),
		    &n, err);
	if (rc == UC_OK)
		rc = uc_docnum_format((long)n, sv(r->j, "doc_type"), sv(j_u,
		    "symbol"), num, sizeof(num), err);
	if (rc == UC_OK) {
		json_object_set_new(r->j, "number", json_string(num));
		json_object_set_new(r->j, "seq", json_integer(n));
	}
	json_decref(j_u);
	return rc;
}

/* Freeze: the data with its number and date, its PDF's SHA-256. */
static enum uc_status
freeze(struct uc_ctx *ctx, struct rep *r, char sha[65],
    struct uc_error *err)
{
	int64_t year = uc_calendar_date_of(ctx->now) / 10000;
	char now[UC_TIME_ISO_LEN + 1], *snap = NULL;
	json_t *j_data = NULL;
	struct uc_buf pdf;
	enum uc_status rc;

	uc_buf_init(&pdf, UC_DOC_MAX_BYTES);
	uc_time_format(ctx->now, now, sizeof(now));
	rc = number(ctx, r, year, err);
	if (rc == UC_OK)
		rc = uc_report_data(ctx, r->j, ctx->now, &j_data, err);
	if (rc == UC_OK)
		rc = render_doc(ctx, j_data, "pdf", &pdf, err);
	if (rc == UC_OK) {
		sha256_hex(&pdf, sha);
		snap = json_dumps(j_data, JSON_COMPACT | JSON_SORT_KEYS);
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE reports SET"
		    " status = 'approved', year = ?, number = ?, symbol = ?,"
		    " snapshot = ?, sha256 = ?, approved_by = ?, approved_at"
		    " = ?, version = version + 1, updated_at = ? WHERE id = ?",
		    "isssssssi", year, uc_store_id_or_null(ctx->arena,
		    (int64_t)json_integer_value(json_object_get(r->j, "seq"))),
		    str(r->j, "number"), snap, sha, uc_store_id_or_null(
		    ctx->arena, ctx->actor.user_id), now, now, r->id);
	}
	uc_free(snap);
	json_decref(j_data);
	uc_buf_cleanup(&pdf);
	return rc;
}

/* " (số 01/BC-SNV)" for a numbered report, "" otherwise. */
static const char *
number_note(struct uc_ctx *ctx, json_t *rep)
{
	const char *n = str(rep, "number");

	return n ? uc_arena_printf(ctx->arena, " (số %s)", n) : "";
}

enum uc_status
uc_report_approve(struct uc_ctx *ctx, const char *rid, int64_t version,
    json_t **out, struct uc_error *err)
{
	struct uc_part p;
	struct rep r;
	char sha[65] = "";
	enum uc_status rc;

	*out = NULL;
	rc = change_begin(ctx, rid, UC_PERM_INCIDENT_READ, &p, &r, err);
	if (rc != UC_OK)
		return rc;
	/* the leader of the report's own unit (or above), not of a step's */
	rc = uc_access_unit(ctx, UC_PERM_REPORT_APPROVE, r.unit_id, err);
	if (rc == UC_OK)
		rc = check_state(r.j, "draft", version, err);
	if (rc == UC_OK)
		rc = freeze(ctx, &r, sha, err);
	/* the hash of what was issued, in the chain with the approval */
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "report.document", "report",
		    uc_arena_printf(ctx->arena, "%s:sha256:%s", rid, sha),
		    *r.pid ? p.unit_id : r.unit_id, NULL, NULL, err);
	return change_end(ctx, &p, &r, rid, rc, "report.approve",
	    uc_arena_printf(ctx->arena, "Phê duyệt %s%s", rid,
	    number_note(ctx, r.j)), out, err);
}

static int
check_recipients(json_t *a, struct uc_error *err)
{
	char path[32];
	json_t *v;
	size_t i;
	int ok = 1;

	if (!json_is_array(a) || json_array_size(a) == 0)
		return uc_error_field(err, "recipients", "required", "name at "
		    "least one recipient"), 0;
	if (json_array_size(a) > LIST_MAX)
		return uc_error_field(err, "recipients", "too_long", "at most "
		    "%d recipients", LIST_MAX), 0;
	json_array_foreach(a, i, v) {
		snprintf(path, sizeof(path), "recipients[%zu]", i);
		if (uc_valid_text(path, json_string_value(v), 1, 200, err) !=
		    UC_OK)
			ok = 0;
	}
	return ok;
}

/* An instant in[k], defaulting to now, not before `after` (ISO). */
static enum uc_status
instant(struct uc_ctx *ctx, json_t *in, const char *k, const char *after,
    struct uc_error *err)
{
	char iso[UC_TIME_ISO_LEN + 1];
	int64_t ms = 0, min = 0;
	enum uc_status rc;

	if (str(in, k) == NULL) {
		uc_time_format(ctx->now, iso, sizeof(iso));
		json_object_set_new(in, k, json_string(iso));
	}
	rc = uc_part_time(ctx, in, k, 1, &ms, err);
	if (rc == UC_OK && after != NULL && uc_time_parse(after, &min) ==
	    UC_OK && ms < min)
		rc = uc_error_field(err, k, "order", "%s is before %s", k,
		    after);
	return rc;
}

/* The incident's report send (report_sends, which the clocks read), in
 * this transaction; see service/send.h for the same record made by
 * hand. A unit's report has no incident: its row alone says it went. */
static enum uc_status
record_send(struct uc_ctx *ctx, const struct uc_part *p, struct rep *r,
    json_t *in, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1], *rcpt;
	int64_t send_id = 0;
	enum uc_status rc = UC_OK;

	uc_time_format(ctx->now, now, sizeof(now));
	rcpt = json_dumps(json_object_get(in, "recipients"), JSON_COMPACT);
	if (*r->pid)
		rc = uc_store_insert(ctx->st, &send_id, err, "INSERT INTO"
		    " report_sends (incident_id, report_type, reference,"
		    " recipients, channel, sent_at, created_by, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "isssssss",
		    p->id, sv(r->j, "form"), sv(r->j, "number"), rcpt, str(in,
		    "channel"), str(in, "sent_at"), uc_store_id_or_null(
		    ctx->arena, ctx->actor.user_id), now);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE reports SET"
		    " status = 'sent', recipients = ?, channel = ?,"
		    " sent_at = ?, sent_by = ?, send_id = ?,"
		    " version = version + 1,"
		    " updated_at = ? WHERE id = ?", "ssssssi", rcpt, str(in,
		    "channel"), str(in, "sent_at"), uc_store_id_or_null(
		    ctx->arena, ctx->actor.user_id), uc_store_id_or_null(
		    ctx->arena, send_id), now, r->id);
	uc_free(rcpt);
	return rc;
}

/*
 * A unit's report sent is the periodic duty of its form done (Mẫu 05:
 * the period holding its last day, "to" being the day after; Mẫu 01:
 * the period it was sent in), unless that period is done already.
 */
static enum uc_status
fulfil_duty(struct uc_ctx *ctx, const struct rep *r, const char *rid,
    const char *sent_at, struct uc_error *err)
{
	json_t *period = json_object_get(json_object_get(r->j, "fields"),
	    "period");
	int32_t day = uc_calendar_parse_day(str(period, "to"));
	int64_t at = 0;

	if (day != 0)
		day = uc_calendar_add(day, -1);
	else if (uc_time_parse(sent_at, &at) == UC_OK)
		day = uc_calendar_date_of(at);
	else
		day = uc_calendar_date_of(ctx->now);
	return uc_calendar_fulfil_by(ctx, r->unit_id, 0, sv(r->j, "form"),
	    day, "report", rid, NULL, err);
}

/*
 * A drill's incidents run through the real procedure but are never sent
 * upward (issue 6): their reports are drafted and approved for practice,
 * and refused at sending.
 */
static enum uc_status
not_exercise(struct uc_ctx *ctx, int64_t incident, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0, exercise = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT exercise FROM"
	    " incidents WHERE id = ?", "i", incident);
	if (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK && row)
		exercise = uc_stmt_i64(s, 0) != 0;
	uc_stmt_done(s);
	if (rc == UC_OK && exercise)
		rc = uc_error_set(err, UC_ECONFLICT, "the incident is a drill's"
		    " exercise: its reports are not sent upward");
	return rc;
}

enum uc_status
uc_report_send(struct uc_ctx *ctx, const char *rid, int64_t version,
    json_t *in, json_t **out, struct uc_error *err)
{
	json_t *j_in = json_deep_copy(in);
	struct uc_part p;
	struct rep r;
	enum uc_status rc;

	*out = NULL;
	rc = change_begin(ctx, rid, UC_PERM_INCIDENT_WRITE, &p, &r, err);
	if (rc != UC_OK) {
		json_decref(j_in);
		return rc;
	}
	rc = check_state(r.j, "approved", version, err);
	if (rc == UC_OK && *r.pid)
		rc = not_exercise(ctx, p.id, err);
	if (rc == UC_OK) {
		int ok = check_recipients(json_object_get(j_in, "recipients"),
		    err);

		ok &= uc_part_enum("channel", str(j_in, "channel"), channels,
		    err) == UC_OK;
		ok &= instant(ctx, j_in, "sent_at", str(r.j, "approved_at"),
		    err) == UC_OK;
		rc = ok ? UC_OK : UC_EVALID;
	}
	if (rc == UC_OK)
		rc = record_send(ctx, &p, &r, j_in, err);
	if (rc == UC_OK && !*r.pid)
		rc = fulfil_duty(ctx, &r, rid, str(j_in, "sent_at"), err);
	rc = change_end(ctx, &p, &r, rid, rc, "report.send",
	    uc_arena_printf(ctx->arena, "Gửi %s%s", rid, number_note(ctx,
	    r.j)), out, err);
	json_decref(j_in);
	return rc;
}

static enum uc_status
record_ack(struct uc_ctx *ctx, struct rep *r, json_t *in,
    struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_run(ctx->st, NULL, err, "UPDATE report_sends SET"
	    " acked_at = ? WHERE id = (SELECT send_id FROM reports WHERE id"
	    " = ?) AND acked_at IS NULL", "si", str(in, "acked_at"), r->id);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE reports SET"
		    " status = 'acknowledged', acked_at = ?, acked_by = ?,"
		    " version = version + 1, updated_at = ? WHERE id = ?",
		    "sssi", str(in, "acked_at"), uc_store_id_or_null(
		    ctx->arena, ctx->actor.user_id), now, r->id);
	return rc;
}

enum uc_status
uc_report_ack(struct uc_ctx *ctx, const char *rid, int64_t version,
    json_t *in, json_t **out, struct uc_error *err)
{
	json_t *j_in = in ? json_deep_copy(in) : json_object();
	struct uc_part p;
	struct rep r;
	enum uc_status rc;

	*out = NULL;
	rc = change_begin(ctx, rid, UC_PERM_INCIDENT_WRITE, &p, &r, err);
	if (rc != UC_OK) {
		json_decref(j_in);
		return rc;
	}
	rc = check_state(r.j, "sent", version, err);
	if (rc == UC_OK)
		rc = instant(ctx, j_in, "acked_at", str(r.j, "sent_at"), err);
	if (rc == UC_OK)
		rc = record_ack(ctx, &r, j_in, err);
	rc = change_end(ctx, &p, &r, rid, rc, "report.ack",
	    uc_arena_printf(ctx->arena, "Nhận xác nhận đã nhận %s%s", rid,
	    number_note(ctx, r.j)), out, err);
	json_decref(j_in);
	return rc;
}

/* ---- the forms ---- */

/* One form; its labels are the pack's: the report type's (reports.txt)
 * or, for Mẫu 05, the periodic duty's of the same code (obligations.txt,
 * TT 20/2017 Điều 6.1.c), which names it "obligation". */
static json_t *
form_json(const struct uc_rulepack *pack, const struct uc_report_form *f)
{
	const struct uc_rp_report *pr = uc_rulepack_report(pack, f->code);
	const struct uc_rp_obligation *ob = f->unit ?
	    uc_rulepack_obligation(pack, f->code) : NULL;
	const char *vi = pr ? pr->vi : ob ? ob->vi : f->vi;
	const char *en = pr ? pr->en : ob ? ob->en : f->en;

	return json_pack("{ss ss s{ss ss} ss ss sb so* so}", "code", f->code,
	    "subject", f->unit ? "unit" : "incident", "label", "vi", vi,
	    "en", en, "doc_type", f->doc_type, "title", f->subject,
	    "period", f->required != NULL && strcmp(f->required, "period") ==
	    0, "obligation", ob ? json_string(ob->code) : NULL, "fields",
	    uc_report_fields_json(f));
}

enum uc_status
uc_report_forms(struct uc_ctx *ctx, json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	const struct uc_report_form *f;
	enum uc_status rc;
	size_t i;

	*out = NULL;
	rc = uc_incident_pack(ctx, &pack, err);
	if (rc != UC_OK)
		return rc;
	*out = json_array();
	for (i = 0; (f = uc_report_form_at(i)) != NULL; i++)
		/* an incident's form the pack lacks cannot be drafted */
		if (f->unit || uc_rulepack_report(pack, f->code) != NULL)
			json_array_append_new(*out, form_json(pack, f));
	return UC_OK;
}
