/*
 * calendar_fulfil.c - marking the calendar's items done: by hand, with
 * evidence that is checked against the records it names, and by the
 * records themselves (a Mẫu 05 or Mẫu 01 sent, a drill evaluated, the
 * roster confirmed), in the transaction that makes them. See
 * calendar.h and docs/internals/calendar.md.
 */
#include "service/calendar.h"
#include "service/calendar_unit.h"
#include "core/arena.h"
#include "core/parse.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/obligation.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/incident.h"
#include "service/report.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct fulfil {
	int64_t unit_id, system_id;
	const struct uc_rp_obligation *ob;
	const char *period, *kind, *ref, *note;
};

static int
in_list(const struct uc_rp_list *l, const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

static const char *
text_field(json_t *in, const char *k, size_t max, int required,
    struct uc_error *err)
{
	json_t *j = json_object_get(in, k);
	const char *s = json_string_value(j);

	if (j == NULL || json_is_null(j)) {
		if (required)
			uc_error_field(err, k, "required", "%s is required",
			    k);
		return required ? NULL : "";
	}
	if (s == NULL || (required && *s == '\0') || strlen(s) > max) {
		uc_error_field(err, k, "invalid", "%s must be a text of %s"
		    "%zu bytes at most", k, required ? "1 to " : "", max);
		return NULL;
	}
	return s;
}

static void
check_ids(json_t *in, struct fulfil *f, struct uc_error *err)
{
	json_t *u = json_object_get(in, "unit_id");
	json_t *sy = json_object_get(in, "system_id");

	if (!json_is_integer(u) || json_integer_value(u) <= 0)
		uc_error_field(err, "unit_id", "required", "unit_id must be "
		    "a unit's id");
	else
		f->unit_id = json_integer_value(u);
	if (sy != NULL && !json_is_null(sy) && (!json_is_integer(sy) ||
	    json_integer_value(sy) <= 0))
		uc_error_field(err, "system_id", "invalid", "system_id must be"
		    " a system's id, or null");
	else if (sy != NULL && !json_is_null(sy))
		f->system_id = json_integer_value(sy);
}

static enum uc_status
check_fulfil(const struct uc_rulepack *p, json_t *in, struct fulfil *f,
    struct uc_error *err)
{
	const char *code;
	json_t *ev;

	memset(f, 0, sizeof(*f));
	if (!json_is_object(in))
		return uc_error_set(err, UC_EVALID, "the body must be a JSON "
		    "object");
	check_ids(in, f, err);
	code = text_field(in, "obligation", 32, 1, err);
	if (code != NULL && (f->ob = uc_rulepack_obligation(p, code)) == NULL)
		uc_error_field(err, "obligation", "unknown", "no obligation "
		    "'%s' in rule pack %s", code, p->id);
	f->period = text_field(in, "period", UC_OB_PERIOD_MAX - 1, 1, err);
	f->note = text_field(in, "note", UC_CALENDAR_NOTE_MAX, 0, err);
	ev = json_object_get(in, "evidence");
	if (!json_is_object(ev)) {
		uc_error_field(err, "evidence", "required", "evidence must be "
		    "{kind, ref}");
	} else {
		f->kind = json_string_value(json_object_get(ev, "kind"));
		f->ref = json_string_value(json_object_get(ev, "ref"));
		if (f->ob != NULL && !in_list(&f->ob->evidence, f->kind))
			uc_error_field(err, "evidence.kind", "invalid", "%s "
			    "is fulfilled by: %s", f->ob->code,
			    f->ob->evidence.v[0]);
		if (f->ref == NULL || *f->ref == '\0' || strlen(f->ref) >
		    UC_CALENDAR_REF_MAX)
			uc_error_field(err, "evidence.ref", "invalid", "the "
			    "evidence's ref must be a text of 1 to %d bytes",
			    UC_CALENDAR_REF_MAX);
	}
	return err->code;
}

/* The items of obligation o its unit owes, periods of year y among them
 * (none for a year out of range). */
static enum uc_status
owed(struct uc_ctx *ctx, const struct uc_cal_unit *u,
    const struct uc_rp_obligation *o, int32_t y, struct uc_ob_item **v,
    size_t *n, struct uc_error *err)
{
	*v = NULL;
	*n = 0;
	if (y < 1901 || y > 9997)
		return UC_OK;
	return uc_obligation_items(o, 1, u->sys, u->nsys, u->done, u->ndone,
	    uc_calendar_at((y - 1) * 10000 + 101, 0, 0, 0),
	    uc_calendar_at((y + 3) * 10000 + 101, 0, 0, 0), ctx->now,
	    ctx->arena, v, n, err);
}

/* The item f names, computed for its unit; field errors otherwise. */
static enum uc_status
find_item(struct uc_ctx *ctx, const struct uc_cal_unit *u,
    const struct fulfil *f, const struct uc_ob_item **out,
    struct uc_error *err)
{
	const struct uc_rp_obligation *o = f->ob;
	int32_t y = (int32_t)strtol(f->period, NULL, 10);
	struct uc_ob_item *v = NULL;
	enum uc_status rc;
	size_t n = 0, i;

	*out = NULL;
	if (f->system_id && uc_cal_system_name(u, f->system_id) == NULL)
		return uc_error_field(err, "system_id", "not_found", "no "
		    "system %" PRId64 " in service in unit %" PRId64,
		    f->system_id, u->id);
	if (o->scope == UC_OB_SYSTEM && f->system_id == 0)
		return uc_error_field(err, "system_id", "required", "%s is "
		    "owed per system", o->code);
	if (o->scope == UC_OB_UNIT && f->system_id != 0)
		return uc_error_field(err, "system_id", "invalid", "%s is "
		    "owed by the unit, not a system", o->code);
	if ((rc = owed(ctx, u, o, y, &v, &n, err)) != UC_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (v[i].system_id == f->system_id &&
		    strcmp(v[i].period, f->period) == 0)
			*out = &v[i];
	if (*out == NULL)
		return uc_error_field(err, "period", "invalid", "'%s' is not a"
		    " period %s owes (2026, 2026-H1, 2026-Q3, 2026-2027 ...)",
		    f->period, f->system_id ? "this system" : "this unit");
	if ((*out)->done >= 0)
		return uc_error_set(err, UC_ECONFLICT, "%s %s is done "
		    "already", o->code, f->period);
	return UC_OK;
}

/* ---- evidence ---------------------------------------------------- */

/* A drill of the unit or of a unit above it (a province's drill counts
 * for the departments that took part), held within the item's period
 * and not in the future. */
static enum uc_status
check_drill(struct uc_ctx *ctx, const struct uc_cal_unit *u,
    const struct fulfil *f, const struct uc_ob_item *it,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	int64_t id = 0;
	int32_t held = 0;
	enum uc_status rc;
	int row = 0;

	if (uc_parse_i64_str(f->ref, 1, INT64_MAX, &id) != UC_OK)
		return uc_error_field(err, "evidence.ref", "invalid", "a "
		    "drill's evidence is the drill's id");
	rc = uc_store_query(ctx->st, &s, err, "SELECT d.held_on FROM drills d"
	    " JOIN units du ON du.id = d.unit_id WHERE d.id = ? AND"
	    " substr(?, 1, length(du.path)) = du.path", "is", id, u->path);
	if (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK && row)
		held = uc_calendar_parse(uc_stmt_text(s, 0));
	uc_stmt_done(s);
	if (rc != UC_OK)
		return rc;
	if (!row)
		return uc_error_field(err, "evidence.ref", "not_found", "no "
		    "drill %" PRId64 " of this unit or a unit above it", id);
	if (held < it->start || held > it->end ||
	    held > uc_calendar_date_of(ctx->now))
		return uc_error_field(err, "evidence.ref", "period", "drill %"
		    PRId64 " was not held within %s", id, f->period);
	return UC_OK;
}

/* A report of the unit, approved at least; of the obligation's own form
 * when the obligation is one (Mẫu 01 member_profile, Mẫu 05 summary). */
static enum uc_status
check_report(struct uc_ctx *ctx, const struct uc_cal_unit *u,
    const struct fulfil *f, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	const char *form = NULL, *status = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT form, status FROM"
	    " reports WHERE public_id = ? AND unit_id = ?", "si", f->ref,
	    u->id);
	if (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK && row) {
		form = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
		status = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 1));
	}
	uc_stmt_done(s);
	if (rc != UC_OK)
		return rc;
	if (!row)
		return uc_error_field(err, "evidence.ref", "not_found", "no "
		    "report %s of this unit", f->ref);
	if (uc_report_is_form(f->ob->code) && strcmp(form, f->ob->code) != 0)
		return uc_error_field(err, "evidence.ref", "form", "%s is "
		    "fulfilled by a report of form %s, not %s", f->ob->code,
		    f->ob->code, form);
	if (strcmp(status, "draft") == 0)
		return uc_error_field(err, "evidence.ref", "state", "report %s "
		    "is a draft: approve it first", f->ref);
	return UC_OK;
}

/* An assessment of the unit (for a system's item, of that system),
 * held within the item's period and not in the future. */
static enum uc_status
check_assessment(struct uc_ctx *ctx, const struct uc_cal_unit *u,
    const struct fulfil *f, const struct uc_ob_item *it,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	int64_t id = 0;
	int32_t held = 0;
	enum uc_status rc;
	int row = 0;

	if (uc_parse_i64_str(f->ref, 1, INT64_MAX, &id) != UC_OK)
		return uc_error_field(err, "evidence.ref", "invalid", "an "
		    "assessment's evidence is the assessment's id");
	rc = uc_store_query(ctx->st, &s, err, "SELECT held_on FROM assessments"
	    " WHERE id = ? AND unit_id = ? AND COALESCE(system_id, 0) = ?",
	    "iii", id, u->id, f->system_id);
	if (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK && row)
		held = uc_calendar_parse(uc_stmt_text(s, 0));
	uc_stmt_done(s);
	if (rc != UC_OK)
		return rc;
	if (!row)
		return uc_error_field(err, "evidence.ref", "not_found", "no "
		    "assessment %" PRId64 " of this %s", id, f->system_id ?
		    "system" : "unit");
	if (held < it->start || held > it->end ||
	    held > uc_calendar_date_of(ctx->now))
		return uc_error_field(err, "evidence.ref", "period",
		    "assessment %" PRId64 " was not held within %s", id,
		    f->period);
	return UC_OK;
}

/*
 * Evidence that names a record must name one the unit has. Scans and
 * documents are named in words: the register keeps no such records
 * (scan imports come with alert ingestion).
 */
static enum uc_status
check_evidence(struct uc_ctx *ctx, const struct uc_cal_unit *u,
    const struct fulfil *f, const struct uc_ob_item *it,
    struct uc_error *err)
{
	if (strcmp(f->kind, "drill") == 0)
		return check_drill(ctx, u, f, it, err);
	if (strcmp(f->kind, "assessment") == 0)
		return check_assessment(ctx, u, f, it, err);
	if (strcmp(f->kind, "report") == 0)
		return check_report(ctx, u, f, err);
	return UC_OK;
}

static enum uc_status
insert_fulfil(struct uc_ctx *ctx, const struct fulfil *f,
    struct uc_error *err)
{
	const char *now = uc_cal_iso(ctx, ctx->now);
	json_t *j_after;
	enum uc_status rc;
	int64_t id = 0;

	rc = uc_store_insert(ctx->st, &id, err, "INSERT INTO"
	    " obligation_fulfilments (unit_id, system_id, obligation, period,"
	    " done_at, evidence_kind, evidence_ref, note, created_by,"
	    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT"
	    " DO NOTHING RETURNING id", "iissssssss", f->unit_id,
	    f->system_id, f->ob->code, f->period, now, f->kind, f->ref,
	    f->note, uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now);
	if (rc == UC_OK && id == 0)
		return uc_error_set(err, UC_ECONFLICT, "%s %s is done already",
		    f->ob->code, f->period);
	if (rc != UC_OK)
		return rc;
	j_after = json_pack("{sI sI ss ss s{ss ss} ss}", "unit_id",
	    (json_int_t)f->unit_id, "system_id", (json_int_t)f->system_id,
	    "obligation", f->ob->code, "period", f->period, "evidence",
	    "kind", f->kind, "ref", f->ref, "note", f->note);
	rc = uc_audit_record(ctx, "calendar.fulfil", "obligation_fulfilment",
	    uc_arena_printf(ctx->arena, "%" PRId64, id), f->unit_id, NULL,
	    j_after, err);
	json_decref(j_after);
	return rc;
}

/* The item as the calendar now shows it. */
static enum uc_status
fulfilled_json(struct uc_ctx *ctx, const struct fulfil *f, json_t **out,
    struct uc_error *err)
{
	const struct uc_ob_item *it = NULL;
	struct uc_cal_unit u;
	enum uc_status rc = uc_cal_unit_load(ctx, f->unit_id, &u, err);
	struct fulfil again = *f;

	if (rc != UC_OK)
		return rc;
	rc = find_item(ctx, &u, &again, &it, err);
	if (rc == UC_ECONFLICT) {
		uc_error_clear(err);
		rc = UC_OK;
	}
	if (rc == UC_OK && it != NULL)
		*out = uc_cal_item_json(ctx, &u, it);
	return rc;
}

static enum uc_status
fulfil_right(struct uc_ctx *ctx, int64_t unit, struct uc_error *err)
{
	struct uc_error e2 = { 0 };
	enum uc_status rc = uc_access_unit(ctx, UC_PERM_SYSTEM_WRITE, unit,
	    &e2);

	if (rc == UC_ENOTFOUND)
		return uc_error_field(err, "unit_id", "not_found", "no unit %"
		    PRId64 " where you may do this", unit);
	if (rc != UC_OK)
		*err = e2;
	return rc;
}

enum uc_status
uc_calendar_fulfil(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	const struct uc_rulepack *p = NULL;
	const struct uc_ob_item *it = NULL;
	struct fulfil f;
	struct uc_cal_unit u;
	enum uc_status rc;

	*out = NULL;
	rc = uc_access_unrestricted(ctx, err);
	if (rc == UC_OK)
		rc = uc_incident_pack(ctx, &p, err);
	if (rc == UC_OK)
		rc = check_fulfil(p, in, &f, err);
	if (rc == UC_OK)
		rc = fulfil_right(ctx, f.unit_id, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK)
		return rc;
	rc = uc_cal_unit_load(ctx, f.unit_id, &u, err);
	if (rc == UC_OK)
		rc = find_item(ctx, &u, &f, &it, err);
	if (rc == UC_OK)
		rc = check_evidence(ctx, &u, &f, it, err);
	if (rc == UC_OK)
		rc = insert_fulfil(ctx, &f, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	if (rc == UC_OK)
		rc = fulfilled_json(ctx, &f, out, err);
	return rc;
}


/* ---- fulfilled by the records ------------------------------------ */

enum uc_status
uc_calendar_fulfil_by(struct uc_ctx *ctx, int64_t unit_id, int64_t system_id,
    const char *code, int32_t day, const char *kind, const char *ref,
    const char **period, struct uc_error *err)
{
	const struct uc_rulepack *p = NULL;
	struct uc_ob_item *v = NULL;
	struct uc_cal_unit u;
	struct fulfil f;
	enum uc_status rc;
	size_t n = 0, i;

	if (period != NULL)
		*period = NULL;
	memset(&f, 0, sizeof(f));
	rc = uc_incident_pack(ctx, &p, err);
	if (rc == UC_OK)
		f.ob = uc_rulepack_obligation(p, code);
	if (rc != UC_OK || f.ob == NULL || (f.ob->scope == UC_OB_UNIT) !=
	    (system_id == 0) || !in_list(&f.ob->evidence, kind))
		return rc;	/* the pack owes nothing of the kind */
	rc = uc_cal_unit_load(ctx, unit_id, &u, err);
	if (rc == UC_OK)
		rc = owed(ctx, &u, f.ob, day / 10000, &v, &n, err);
	for (i = 0; rc == UC_OK && i < n; i++) {
		if (v[i].system_id != system_id || v[i].start > day ||
		    v[i].end < day)
			continue;
		if (v[i].done >= 0)
			break;	/* fulfilled already, by hand or a record */
		f.unit_id = unit_id;
		f.system_id = system_id;
		f.period = v[i].period;
		f.kind = kind;
		f.ref = ref;
		f.note = "";
		rc = insert_fulfil(ctx, &f, err);
		if (rc == UC_OK && period != NULL)
			*period = f.period;
		break;
	}
	return rc;
}
