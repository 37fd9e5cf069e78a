/*
 * incident.c - see incident.h. The editable fields of an incident form
 * a document (service/intake.c checks it); create checks it and writes
 * it, update reads it back, merges the patch, checks the whole and
 * writes it again. Everything derived (the serious test, the procedure,
 * the status, the next deadline, the search text) is recomputed from
 * the stored state by refresh() after every change, in the same
 * transaction.
 */
#include "service/incident.h"
#include "core/arena.h"
#include "core/fold.h"
#include "core/mem.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/rulepack.h"
#include "domain/serious.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/clock.h"
#include "service/intake.h"
#include "service/notify.h"
#include "service/step.h"
#include "service/system.h"
#include "service/timeline.h"
#include "core/parse.h"
#include "domain/validate.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The columns of one incident, in the order of enum col. */
#define COLS "i.id, i.public_id, i.unit_id, un.code, un.name, i.rulepack," \
	" i.source, i.title, i.description, i.status, i.procedure," \
	" i.severity, i.tlp, i.priority, i.impact_c, i.impact_i," \
	" i.impact_a, i.harms, i.owner_cannot_handle," \
	" i.beyond_capacity_at, i.acknowledged_at, i.serious_at," \
	" i.serious_computed, i.serious_reasons_vi, i.serious_reasons_en," \
	" i.upgrade_proposed_at, i.upgrade_reason, i.decision," \
	" i.decision_at, i.decision_note, i.detected_at, i.reported_at," \
	" i.response_ended_at, i.closed_at, i.next_due_at, i.notice," \
	" i.report, i.closing, i.violation, i.exercise, i.version," \
	" i.created_at, i.updated_at, un.path"

enum col {
	C_ID, C_PID, C_UNIT, C_UNIT_CODE, C_UNIT_NAME, C_PACK, C_SOURCE,
	C_TITLE, C_DESC, C_STATUS, C_PROC, C_SEVERITY, C_TLP, C_PRIO,
	C_IMP_C, C_IMP_I, C_IMP_A, C_HARMS, C_OWNER, C_BEYOND, C_ACK,
	C_SERIOUS_AT, C_COMPUTED, C_REASONS_VI, C_REASONS_EN, C_PROPOSED_AT,
	C_PROPOSED_REASON, C_DECISION, C_DECISION_AT, C_DECISION_NOTE,
	C_DETECTED, C_REPORTED, C_ENDED, C_CLOSED, C_NEXT_DUE, C_NOTICE,
	C_REPORT, C_CLOSING, C_VIOLATION, C_EXERCISE, C_VERSION, C_CREATED,
	C_UPDATED, C_PATH,
	C_TYPES		/* lists only: types_col() */
};

#define FROM " FROM incidents i JOIN units un ON un.id = i.unit_id"

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
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

/* Stored JSON text back into a value (null when absent). */
static json_t *
stored_json(struct uc_stmt *s, int c)
{
	json_t *j;

	if (uc_stmt_null(s, c))
		return json_null();
	j = json_loads(uc_stmt_text(s, c), 0, NULL);
	return j ? j : json_null();
}

static char *
dump(json_t *j)
{
	return j == NULL || json_is_null(j) ? NULL :
	    json_dumps(j, JSON_COMPACT);
}

/* ---- the rule pack in use ---- */

enum uc_status
uc_incident_pack(struct uc_ctx *ctx, const struct uc_rulepack **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;
	char id[64] = "";

	rc = uc_store_query(ctx->st, &s, err, "SELECT value FROM settings"
	    " WHERE key = 'rulepack'", "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		snprintf(id, sizeof(id), "%s", uc_stmt_text(s, 0));
	uc_stmt_done(s);
	if (rc != UC_OK)
		return rc;
	return uc_rulepack_get(row ? id : NULL, out, err);
}

enum uc_status
uc_incident_lookup(struct uc_ctx *ctx, const char *pid, enum uc_perm perm,
    int64_t *id, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*id = 0;
	rc = uc_store_query(ctx->st, &s, err, "SELECT id FROM incidents"
	    " WHERE public_id = ?", "s", pid ? pid : "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*id = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	if (rc != UC_OK)
		return rc;
	if (!row)
		return uc_error_set(err, UC_ENOTFOUND, "no such incident");
	return uc_access_incident(ctx, perm, *id, err);
}

/* ---- reading ---- */

static json_t *
serious_json(struct uc_stmt *s)
{
	json_t *j = json_pack("{sb ss ss}",
	    "computed", (int)uc_stmt_i64(s, C_COMPUTED),
	    "reasons_vi", uc_stmt_text(s, C_REASONS_VI),
	    "reasons_en", uc_stmt_text(s, C_REASONS_EN));

	json_object_set_new(j, "proposal", uc_stmt_null(s, C_PROPOSED_AT) ?
	    json_null() : json_pack("{ss ss}", "at", uc_stmt_text(s,
	    C_PROPOSED_AT), "reason", uc_stmt_text(s, C_PROPOSED_REASON)));
	json_object_set_new(j, "decision", uc_stmt_null(s, C_DECISION_AT) ?
	    json_null() : json_pack("{ss ss ss}", "value", uc_stmt_text(s,
	    C_DECISION), "at", uc_stmt_text(s, C_DECISION_AT), "note",
	    uc_stmt_text(s, C_DECISION_NOTE)));
	return j;
}

/* The fields a list shows. */
static json_t *
summary_json(struct uc_stmt *s)
{
	json_t *j = json_pack("{ss sI ss ss ss ss ss ss ss ss}",
	    "id", uc_stmt_text(s, C_PID),
	    "unit_id", (json_int_t)uc_stmt_i64(s, C_UNIT),
	    "unit_code", uc_stmt_text(s, C_UNIT_CODE),
	    "unit_name", uc_stmt_text(s, C_UNIT_NAME),
	    "title", uc_stmt_text(s, C_TITLE),
	    "status", uc_stmt_text(s, C_STATUS),
	    "severity", uc_stmt_text(s, C_SEVERITY),
	    "tlp", uc_stmt_text(s, C_TLP),
	    "priority", uc_stmt_text(s, C_PRIO),
	    "detected_at", uc_stmt_text(s, C_DETECTED));

	json_object_set_new(j, "next_due_at", text_or_null(s, C_NEXT_DUE));
	json_object_set_new(j, "closed_at", text_or_null(s, C_CLOSED));
	json_object_set_new(j, "exercise",
	    json_boolean(uc_stmt_i64(s, C_EXERCISE)));
	json_object_set_new(j, "version",
	    json_integer(uc_stmt_i64(s, C_VERSION)));
	return j;
}

static json_t *
row_json(struct uc_stmt *s)
{
	json_t *j = summary_json(s);

	json_object_set_new(j, "rulepack", json_string(uc_stmt_text(s,
	    C_PACK)));
	json_object_set_new(j, "source", json_string(uc_stmt_text(s,
	    C_SOURCE)));
	json_object_set_new(j, "description", json_string(uc_stmt_text(s,
	    C_DESC)));
	json_object_set_new(j, "procedure", json_string(uc_stmt_text(s,
	    C_PROC)));
	json_object_set_new(j, "impact", json_pack("{ss ss ss}",
	    "confidentiality", uc_stmt_text(s, C_IMP_C),
	    "integrity", uc_stmt_text(s, C_IMP_I),
	    "availability", uc_stmt_text(s, C_IMP_A)));
	json_object_set_new(j, "harms", stored_json(s, C_HARMS));
	json_object_set_new(j, "owner_cannot_handle",
	    json_boolean(uc_stmt_i64(s, C_OWNER)));
	json_object_set_new(j, "beyond_capacity",
	    json_boolean(!uc_stmt_null(s, C_BEYOND)));
	json_object_set_new(j, "beyond_capacity_at", text_or_null(s,
	    C_BEYOND));
	json_object_set_new(j, "acknowledged_at", text_or_null(s, C_ACK));
	json_object_set_new(j, "serious_at", text_or_null(s, C_SERIOUS_AT));
	json_object_set_new(j, "serious", serious_json(s));
	json_object_set_new(j, "reported_at", json_string(uc_stmt_text(s,
	    C_REPORTED)));
	json_object_set_new(j, "response_ended_at", text_or_null(s,
	    C_ENDED));
	json_object_set_new(j, "notice", stored_json(s, C_NOTICE));
	json_object_set_new(j, "report", stored_json(s, C_REPORT));
	json_object_set_new(j, "closing", stored_json(s, C_CLOSING));
	json_object_set_new(j, "violation", stored_json(s, C_VIOLATION));
	json_object_set_new(j, "created_at", json_string(uc_stmt_text(s,
	    C_CREATED)));
	json_object_set_new(j, "updated_at", json_string(uc_stmt_text(s,
	    C_UPDATED)));
	return j;
}

static enum uc_status
add_types(struct uc_ctx *ctx, int64_t id, json_t *j, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *a = json_array();
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT code FROM"
	    " incident_types WHERE incident_id = ? ORDER BY code", "i", id);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row)
		json_array_append_new(a, json_string(uc_stmt_text(s, 0)));
	uc_stmt_done(s);
	json_object_set_new(j, "types", a);
	return rc;
}

static enum uc_status
add_systems(struct uc_ctx *ctx, int64_t id, json_t *j, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *a = json_array(), *o;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT system_id, name, level,"
	    " national_critical, domain, ip FROM incident_systems WHERE"
	    " incident_id = ? ORDER BY id", "i", id);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		o = json_pack("{ss sI sb ss ss}", "name", uc_stmt_text(s, 1),
		    "level", (json_int_t)uc_stmt_i64(s, 2),
		    "national_critical", (int)uc_stmt_i64(s, 3),
		    "domain", uc_stmt_text(s, 4), "ip", uc_stmt_text(s, 5));
		json_object_set_new(o, "system_id", uc_stmt_null(s, 0) ?
		    json_null() : json_integer(uc_stmt_i64(s, 0)));
		json_array_append_new(a, o);
	}
	uc_stmt_done(s);
	json_object_set_new(j, "systems", a);
	return rc;
}

/* The incident as stored, without access checks; *path its unit's. */
static enum uc_status
load(struct uc_ctx *ctx, int64_t id, json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS FROM
	    " WHERE i.id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*out = row_json(s);
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such incident");
	if (rc == UC_OK)
		rc = add_types(ctx, id, *out, err);
	if (rc == UC_OK)
		rc = add_systems(ctx, id, *out, err);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* The whole reply: the incident, its steps and its clocks. */
static enum uc_status
full(struct uc_ctx *ctx, int64_t id, json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	json_t *j_steps = NULL, *j_clocks = NULL;
	enum uc_status rc;

	if ((rc = load(ctx, id, out, err)) != UC_OK)
		return rc;
	rc = uc_rulepack_get(str(*out, "rulepack"), &pack, err);
	if (rc == UC_OK)
		rc = uc_step_json(ctx, pack, id, &j_steps, err);
	if (rc == UC_OK)
		rc = uc_clock_incident(ctx, pack, id, &j_clocks, NULL, err);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	json_object_set_new(*out, "steps", j_steps);
	json_object_set_new(*out, "clocks", j_clocks);
	return UC_OK;
}

enum uc_status
uc_incident_get(struct uc_ctx *ctx, const char *pid, json_t **out,
    struct uc_error *err)
{
	int64_t id;
	enum uc_status rc;

	*out = NULL;
	rc = uc_incident_lookup(ctx, pid, UC_PERM_INCIDENT_READ, &id, err);
	return rc == UC_OK ? full(ctx, id, out, err) : rc;
}

/* ---- derived state ---- */

/* Serious test over the stored systems and harms. */
static enum uc_status
evaluate(struct uc_ctx *ctx, const struct uc_rulepack *pack, json_t *doc,
    struct uc_serious_result *res, struct uc_error *err)
{
	struct uc_serious_system sys[UC_INTAKE_MAX_SYSTEMS];
	const char *harm[16];
	struct uc_serious_input in;
	json_t *a = json_object_get(doc, "systems"), *v;
	size_t i;

	(void)ctx;
	memset(&in, 0, sizeof(in));
	json_array_foreach(a, i, v) {
		if (i >= UC_INTAKE_MAX_SYSTEMS)
			break;
		sys[i].level = (int)json_integer_value(json_object_get(v,
		    "level"));
		sys[i].national_critical = json_is_true(json_object_get(v,
		    "national_critical"));
		in.nsystems = i + 1;
	}
	a = json_object_get(doc, "harms");
	json_array_foreach(a, i, v)
		if (i < 16)
			harm[in.nharms++] = json_string_value(v);
	in.systems = sys;
	in.harms = harm;
	in.owner_cannot_handle = json_is_true(json_object_get(doc,
	    "owner_cannot_handle"));
	return uc_serious_eval(pack, &in, res, err);
}

/*
 * After any change, in the caller's transaction: the severity in force
 * (the coordinator's decision, else the computed test), the procedure it
 * calls for (missing steps added), the status from the steps, the next
 * deadline, and a new version.
 */
static enum uc_status
refresh(struct uc_ctx *ctx, int64_t id, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	struct uc_serious_result res;
	json_t *doc = NULL;
	const char *decision, *severity, *since;
	char now[32], due[32];
	int64_t next = 0;
	enum uc_status rc;

	iso(ctx->now, now);
	if ((rc = load(ctx, id, &doc, err)) != UC_OK)
		return rc;
	rc = uc_rulepack_get(str(doc, "rulepack"), &pack, err);
	if (rc == UC_OK)
		rc = evaluate(ctx, pack, doc, &res, err);
	if (rc != UC_OK)
		goto out;
	decision = json_string_value(json_object_get(json_object_get(
	    json_object_get(doc, "serious"), "decision"), "value"));
	severity = decision ? decision : res.serious ? "serious" : "normal";
	since = str(doc, "serious_at") ? str(doc, "serious_at") : now;
	rc = uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
	    " serious_computed = ?, serious_reasons_vi = ?,"
	    " serious_reasons_en = ?, severity = ?, procedure = ?,"
	    " serious_at = ? WHERE id = ?", "bsssssi", res.serious, res.vi,
	    res.en, severity, severity, strcmp(severity, "serious") == 0 ?
	    since : NULL, id);
	/* newly serious: the coordinators and the board are told (outbox) */
	if (rc == UC_OK && str(doc, "serious_at") == NULL &&
	    strcmp(severity, "serious") == 0)
		rc = uc_notify_serious(ctx, id, since, err);
	if (rc == UC_OK)
		rc = uc_step_sync(ctx, pack, id, severity, err);
	if (rc == UC_OK)
		rc = uc_clock_incident(ctx, pack, id, NULL, &next, err);
	if (rc == UC_OK)
		rc = uc_step_status(ctx, pack, id, err);
	if (rc != UC_OK)
		goto out;
	if (next > 0)
		iso(next, due);
	rc = uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
	    " next_due_at = ?, version = version + 1, updated_at = ? WHERE"
	    " id = ?", "ssi", next > 0 ? due : NULL, now, id);
out:
	json_decref(doc);
	return rc;
}

enum uc_status
uc_incident_touch(struct uc_ctx *ctx, int64_t id, struct uc_error *err)
{
	return refresh(ctx, id, err);
}

/* ---- writing ---- */

static enum uc_status
write_types(struct uc_ctx *ctx, int64_t id, json_t *doc,
    struct uc_error *err)
{
	json_t *v;
	size_t i;
	enum uc_status rc;

	rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM incident_types"
	    " WHERE incident_id = ?", "i", id);
	json_array_foreach(json_object_get(doc, "types"), i, v)
		if (rc == UC_OK)
			rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
			    " incident_types (incident_id, code) VALUES (?, ?)",
			    "is", id, json_string_value(v));
	return rc;
}

static enum uc_status
write_systems(struct uc_ctx *ctx, int64_t id, json_t *doc,
    struct uc_error *err)
{
	json_t *v, *sid;
	size_t i;
	enum uc_status rc;

	rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM incident_systems"
	    " WHERE incident_id = ?", "i", id);
	json_array_foreach(json_object_get(doc, "systems"), i, v) {
		if (rc != UC_OK)
			break;
		sid = json_object_get(v, "system_id");
		rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
		    " incident_systems (incident_id, system_id, name, level,"
		    " national_critical, domain, ip) VALUES (?, ?, ?, ?, ?,"
		    " ?, ?)", "iisibss", id, json_is_integer(sid) ?
		    (int64_t)json_integer_value(sid) : (int64_t)0,
		    str(v, "name") ? str(v, "name") : "",
		    (int64_t)json_integer_value(json_object_get(v, "level")),
		    json_is_true(json_object_get(v, "national_critical")),
		    str(v, "domain") ? str(v, "domain") : "",
		    str(v, "ip") ? str(v, "ip") : "");
	}
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE incident_systems"
		    " SET system_id = NULL WHERE incident_id = ? AND"
		    " system_id = 0", "i", id);
	return rc;
}

/* The search text: public id, title, description, systems, report. */
static enum uc_status
write_search(struct uc_ctx *ctx, int64_t id, const char *pid, json_t *doc,
    struct uc_error *err)
{
	char *sys = dump(json_object_get(doc, "systems"));
	char *rep = dump(json_object_get(doc, "report"));
	char *notice = dump(json_object_get(doc, "notice"));
	/* words only: PostgreSQL's parser would read "sc-2026-0046" as
	 * signed numbers */
	char *text = uc_fold_words(ctx->arena, uc_arena_printf(ctx->arena,
	    "%s %s %s %s %s %s", pid, str(doc, "title"), str(doc,
	    "description"), sys ? sys : "", rep ? rep : "", notice ? notice :
	    ""));
	enum uc_status rc;

	uc_free(sys);
	uc_free(rep);
	uc_free(notice);
	if (strcmp(uc_store_engine(ctx->st), "postgres") == 0)
		return uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
		    " search = to_tsvector('simple', ?) WHERE id = ?", "si",
		    text, id);
	rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM incidents_fts"
	    " WHERE rowid = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
		    " incidents_fts (rowid, body) VALUES (?, ?)", "is", id,
		    text);
	return rc;
}

/* Write the checked document's fields onto incident id. */
static enum uc_status
write_doc(struct uc_ctx *ctx, int64_t id, const char *pid, json_t *doc,
    struct uc_error *err)
{
	json_t *imp = json_object_get(doc, "impact");
	char *harms = dump(json_object_get(doc, "harms"));
	char *notice = dump(json_object_get(doc, "notice"));
	char *report = dump(json_object_get(doc, "report"));
	char *violation = dump(json_object_get(doc, "violation"));
	const char *beyond = NULL;
	char now[32];
	enum uc_status rc;

	iso(ctx->now, now);
	/* the first time it was found beyond capacity starts a clock */
	if (json_is_true(json_object_get(doc, "beyond_capacity")))
		beyond = str(doc, "beyond_capacity_at") ? str(doc,
		    "beyond_capacity_at") : now;
	rc = uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET title = ?,"
	    " description = ?, detected_at = ?, reported_at = ?, tlp = ?,"
	    " priority = ?, impact_c = ?, impact_i = ?, impact_a = ?,"
	    " harms = ?, owner_cannot_handle = ?, beyond_capacity_at = ?,"
	    " notice = ?, report = ?, violation = ? WHERE id = ?",
	    "ssssssssssbssssi", str(doc, "title"), str(doc, "description"),
	    str(doc, "detected_at"), str(doc, "reported_at"), str(doc, "tlp"),
	    str(doc, "priority"), str(imp, "confidentiality"),
	    str(imp, "integrity"), str(imp, "availability"), harms ? harms :
	    "[]", json_is_true(json_object_get(doc, "owner_cannot_handle")),
	    beyond, notice, report, violation, id);
	uc_free(harms);
	uc_free(notice);
	uc_free(report);
	uc_free(violation);
	if (rc == UC_OK)
		rc = write_types(ctx, id, doc, err);
	if (rc == UC_OK)
		rc = write_systems(ctx, id, doc, err);
	if (rc == UC_OK)
		rc = write_search(ctx, id, pid, doc, err);
	return rc;
}

/* ---- create ---- */

/* SC-YYYY-NNNN: the year's counter moves inside this transaction (the
 * row lock serialises creates), so numbers are gap-free. */
static enum uc_status
next_public_id(struct uc_ctx *ctx, char *pid, size_t len,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	int64_t year = uc_calendar_date_of(ctx->now) / 10000, n = 0;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "INSERT INTO incident_counters"
	    " (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET"
	    " last = incident_counters.last + 1 RETURNING last", "i", year);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		n = uc_stmt_i64(s, 0);
	if (rc == UC_OK) {
		int more = 0;

		/* finish the statement before the next one (PostgreSQL) */
		while (rc == UC_OK && row)
			rc = uc_stmt_step(s, &more, err), row = more;
	}
	uc_stmt_done(s);
	if (rc == UC_OK && n == 0)
		rc = uc_error_set(err, UC_EDB, "incident counter not moved");
	snprintf(pid, len, "SC-%04" PRId64 "-%04" PRId64, year, n);
	return rc;
}

/* The unit the incident belongs to: the body's, else the actor's own. */
static enum uc_status
intake_unit(struct uc_ctx *ctx, json_t *in, int64_t *unit,
    struct uc_error *err)
{
	json_t *u = json_object_get(in, "unit_id");
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	if (json_is_integer(u)) {
		*unit = (int64_t)json_integer_value(u);
	} else {
		rc = uc_store_query(ctx->st, &s, err, "SELECT unit_id FROM"
		    " users WHERE id = ?", "i", ctx->actor.user_id);
		if (rc == UC_OK)
			rc = uc_stmt_step(s, &row, err);
		*unit = row ? uc_stmt_i64(s, 0) : 0;
		uc_stmt_done(s);
		if (rc != UC_OK)
			return rc;
		if (*unit == 0)
			return uc_error_field(err, "unit_id", "required",
			    "unit_id is required");
	}
	rc = uc_access_unit(ctx, UC_PERM_INCIDENT_WRITE, *unit, err);
	if (rc == UC_ENOTFOUND) {
		uc_error_clear(err);
		return uc_error_field(err, "unit_id", "not_found", "no unit "
		    "%" PRId64 " that you may report for", *unit);
	}
	return rc;
}

static const char *
intake_source(struct uc_ctx *ctx, json_t *in)
{
	const char *src = str(in, "source");

	if (src != NULL && strcmp(src, "notice") == 0)
		return "notice";
	return ctx->actor.token_id ? "token" : "unit";
}

static enum uc_status
insert(struct uc_ctx *ctx, const char *pack, int64_t unit, const char *pid,
    const char *source, json_t *doc, int64_t *id, struct uc_error *err)
{
	char now[32];
	enum uc_status rc;

	iso(ctx->now, now);
	rc = uc_store_insert(ctx->st, id, err, "INSERT INTO incidents"
	    " (public_id, unit_id, rulepack, source, title, description,"
	    " status, procedure, tlp, priority, detected_at, reported_at,"
	    " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?,"
	    " 'new', 'normal', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "sisssssssssss", pid, unit, pack, source, str(doc, "title"),
	    str(doc, "description"), str(doc, "tlp"), str(doc, "priority"),
	    str(doc, "detected_at"), str(doc, "reported_at"),
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now, now);
	if (rc == UC_OK && ctx->actor.user_id != 0)
		rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
		    " incident_people (incident_id, user_id) VALUES (?, ?)",
		    "ii", *id, ctx->actor.user_id);
	return rc;
}

static enum uc_status
create_tx(struct uc_ctx *ctx, const struct uc_rulepack *pack, int64_t unit,
    const char *source, json_t *doc, int exercise, int64_t *id,
    struct uc_error *err)
{
	char pid[32];
	enum uc_status rc;

	rc = next_public_id(ctx, pid, sizeof(pid), err);
	if (rc == UC_OK)
		rc = insert(ctx, pack->id, unit, pid, source, doc, id, err);
	/* before refresh: its clocks and messages already see a drill */
	if (rc == UC_OK && exercise)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
		    " exercise = 1 WHERE id = ?", "i", *id);
	if (rc == UC_OK)
		rc = write_doc(ctx, *id, pid, doc, err);
	if (rc == UC_OK)
		rc = refresh(ctx, *id, err);
	if (rc == UC_OK)
		rc = uc_timeline_change(ctx, *id, strcmp(source, "notice") ==
		    0 ? "Tiếp nhận thông báo sự cố" : "Tiếp nhận báo cáo sự cố",
		    NULL, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "incident.create", "incident", pid,
		    unit, NULL, doc, err);
	return rc;
}

static enum uc_status
create(struct uc_ctx *ctx, json_t *in, int exercise, json_t **out,
    struct uc_error *err)
{
	const struct uc_rulepack *pack;
	const char *source = intake_source(ctx, in);
	json_t *doc = json_deep_copy(in);
	int64_t unit = 0, id = 0;
	enum uc_status rc;

	*out = NULL;
	json_object_del(doc, "unit_id");
	json_object_del(doc, "source");
	rc = uc_incident_pack(ctx, &pack, err);
	if (rc == UC_OK)
		rc = intake_unit(ctx, in, &unit, err);
	/* registered systems: their level, for the serious test */
	if (rc == UC_OK)
		rc = uc_system_fill(ctx, doc, NULL, err);
	if (rc == UC_OK)
		rc = uc_intake_check(pack, doc, strcmp(source, "notice") == 0,
		    ctx->now, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK) {
		rc = create_tx(ctx, pack, unit, source, doc, exercise, &id,
		    err);
		rc = rc == UC_OK ? uc_store_commit(ctx->st, err) : rc;
		uc_store_rollback(ctx->st);
	}
	json_decref(doc);
	return rc == UC_OK ? full(ctx, id, out, err) : rc;
}

enum uc_status
uc_incident_create(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	return create(ctx, in, 0, out, err);
}

enum uc_status
uc_incident_create_exercise(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	return create(ctx, in, 1, out, err);
}

/* ---- update ---- */

static enum uc_status
check_version(json_t *cur, int64_t version, struct uc_error *err)
{
	int64_t have = (int64_t)json_integer_value(json_object_get(cur,
	    "version"));

	if (version != have)
		return uc_error_set(err, UC_EPRECOND, "the incident changed "
		    "since you read it (version %" PRId64 ", now %" PRId64
		    "): reload and reapply", version, have);
	return UC_OK;
}

/* Begin a change of incident pid: lookup with perm, transaction,
 * current state, version check. The caller commits or rolls back. */
static enum uc_status
begin_change(struct uc_ctx *ctx, const char *pid, enum uc_perm perm,
    int64_t version, int64_t *id, json_t **cur, struct uc_error *err)
{
	enum uc_status rc;

	*cur = NULL;
	rc = uc_incident_lookup(ctx, pid, perm, id, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK)
		return rc;
	rc = load(ctx, *id, cur, err);
	if (rc == UC_OK)
		rc = check_version(*cur, version, err);
	if (rc == UC_OK && json_is_string(json_object_get(*cur, "closed_at")))
		rc = uc_error_set(err, UC_ECONFLICT, "the incident is closed");
	if (rc != UC_OK)
		uc_store_rollback(ctx->st);
	return rc;
}

/* Commit a change begun by begin_change, with its audit entry and
 * timeline line; always ends the transaction and frees before. */
static enum uc_status
end_change(struct uc_ctx *ctx, int64_t id, const char *action,
    const char *what, json_t *before, enum uc_status rc, json_t **out,
    struct uc_error *err)
{
	json_t *after = NULL;

	if (rc == UC_OK)
		rc = refresh(ctx, id, err);
	if (rc == UC_OK)
		rc = load(ctx, id, &after, err);
	if (rc == UC_OK)
		rc = uc_timeline_change(ctx, id, what, NULL, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, action, "incident", str(before, "id"),
		    json_integer_value(json_object_get(before, "unit_id")),
		    before, after, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	json_decref(before);
	json_decref(after);
	return rc == UC_OK ? full(ctx, id, out, err) : rc;
}

enum uc_status
uc_incident_update(struct uc_ctx *ctx, const char *pid, int64_t version,
    json_t *patch, json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	json_t *cur = NULL, *doc;
	int64_t id;
	enum uc_status rc;

	*out = NULL;
	rc = begin_change(ctx, pid, UC_PERM_INCIDENT_WRITE, version, &id,
	    &cur, err);
	if (rc != UC_OK)
		return rc;
	doc = json_deep_copy(cur);
	json_object_update(doc, patch);
	rc = uc_rulepack_get(str(cur, "rulepack"), &pack, err);
	if (rc == UC_OK)
		rc = uc_system_fill(ctx, doc, cur, err);
	if (rc == UC_OK)
		rc = uc_intake_check(pack, doc, strcmp(str(cur, "source"),
		    "notice") == 0, ctx->now, err);
	/* a change that changes nothing keeps the version, so that it
	 * does not make everyone else's next edit stale */
	if (rc == UC_OK && json_equal(doc, cur)) {
		uc_store_rollback(ctx->st);
		json_decref(doc);
		json_decref(cur);
		return full(ctx, id, out, err);
	}
	if (rc == UC_OK)
		rc = write_doc(ctx, id, pid, doc, err);
	/* whoever makes it TLP:RED must still see it */
	if (rc == UC_OK && ctx->actor.user_id != 0 &&
	    strcmp(str(doc, "tlp"), "RED") == 0)
		rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
		    " incident_people (incident_id, user_id) VALUES (?, ?) ON"
		    " CONFLICT DO NOTHING", "ii", id, ctx->actor.user_id);
	json_decref(doc);
	return end_change(ctx, id, "incident.update", "Cập nhật thông tin sự "
	    "cố", cur, rc, out, err);
}

enum uc_status
uc_incident_propose(struct uc_ctx *ctx, const char *pid, int64_t version,
    const char *reason, json_t **out, struct uc_error *err)
{
	json_t *cur = NULL;
	char now[32];
	int64_t id;
	enum uc_status rc;

	*out = NULL;
	if (uc_valid_text("reason", reason, 1, 5000, err) != UC_OK)
		return UC_EVALID;
	rc = begin_change(ctx, pid, UC_PERM_INCIDENT_WRITE, version, &id,
	    &cur, err);
	if (rc != UC_OK)
		return rc;
	iso(ctx->now, now);
	rc = uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
	    " upgrade_proposed_at = ?, upgrade_proposed_by = ?,"
	    " upgrade_reason = ? WHERE id = ?", "sisi", now,
	    ctx->actor.user_id, reason, id);
	if (rc == UC_OK && ctx->actor.user_id == 0)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
		    " upgrade_proposed_by = NULL WHERE id = ?", "i", id);
	return end_change(ctx, id, "incident.propose_serious", "Đề xuất nâng "
	    "cấp sự cố nghiêm trọng", cur, rc, out, err);
}

enum uc_status
uc_incident_decide(struct uc_ctx *ctx, const char *pid, int64_t version,
    const char *decision, const char *note, json_t **out,
    struct uc_error *err)
{
	json_t *cur = NULL;
	char now[32];
	int64_t id;
	enum uc_status rc;

	*out = NULL;
	if (decision == NULL || (strcmp(decision, "serious") != 0 &&
	    strcmp(decision, "normal") != 0))
		return uc_error_field(err, "decision", "enum", "decision is "
		    "serious or normal");
	if (uc_valid_text("note", note ? note : "", 0, 5000, err) != UC_OK)
		return UC_EVALID;
	rc = begin_change(ctx, pid, UC_PERM_INCIDENT_COORDINATE, version, &id,
	    &cur, err);
	if (rc != UC_OK)
		return rc;
	iso(ctx->now, now);
	rc = uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
	    " decision = ?, decision_at = ?, decision_by = ?, decision_note"
	    " = ? WHERE id = ?", "ssisi", decision, now, ctx->actor.user_id,
	    note ? note : "", id);
	if (rc == UC_OK && ctx->actor.user_id == 0)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
		    " decision_by = NULL WHERE id = ?", "i", id);
	return end_change(ctx, id, "incident.decide", strcmp(decision,
	    "serious") == 0 ? "Quyết định: sự cố nghiêm trọng" :
	    "Quyết định: sự cố thông thường", cur, rc, out, err);
}

enum uc_status
uc_incident_acknowledge(struct uc_ctx *ctx, const char *pid,
    int64_t version, json_t **out, struct uc_error *err)
{
	json_t *cur = NULL;
	char now[32];
	int64_t id;
	enum uc_status rc;

	*out = NULL;
	rc = begin_change(ctx, pid, UC_PERM_INCIDENT_WRITE, version, &id,
	    &cur, err);
	if (rc != UC_OK)
		return rc;
	if (json_is_string(json_object_get(cur, "acknowledged_at"))) {
		uc_store_rollback(ctx->st);
		json_decref(cur);
		return uc_error_set(err, UC_ECONFLICT, "already acknowledged");
	}
	iso(ctx->now, now);
	rc = uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
	    " acknowledged_at = ? WHERE id = ?", "si", now, id);
	return end_change(ctx, id, "incident.acknowledge", "Phản hồi xác "
	    "nhận đã tiếp nhận", cur, rc, out, err);
}

static enum uc_status
closing_check(json_t *c, struct uc_error *err)
{
	enum uc_status rc = UC_OK;

	if (uc_valid_text("root_cause", str(c, "root_cause"), 1, 5000, err))
		rc = UC_EVALID;
	if (uc_valid_text("damage_estimate", str(c, "damage_estimate"), 1,
	    5000, err))
		rc = UC_EVALID;
	if (uc_valid_text("lessons_learned", str(c, "lessons_learned"), 1,
	    10000, err))
		rc = UC_EVALID;
	return rc;
}

enum uc_status
uc_incident_close(struct uc_ctx *ctx, const char *pid, int64_t version,
    json_t *closing, json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	json_t *cur = NULL;
	char now[32], *text;
	int64_t id;
	enum uc_status rc;

	*out = NULL;
	if (closing_check(closing, err) != UC_OK)
		return UC_EVALID;
	rc = begin_change(ctx, pid, UC_PERM_INCIDENT_WRITE, version, &id,
	    &cur, err);
	if (rc != UC_OK)
		return rc;
	rc = uc_rulepack_get(str(cur, "rulepack"), &pack, err);
	if (rc == UC_OK)
		rc = uc_step_can_close(ctx, pack, id, err);
	iso(ctx->now, now);
	text = json_dumps(closing, JSON_COMPACT);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
		    " closing = ?, closed_at = ? WHERE id = ?", "ssi", text,
		    now, id);
	uc_free(text);
	return end_change(ctx, id, "incident.close", "Kết thúc ứng cứu sự cố",
	    cur, rc, out, err);
}

/* ---- lists ---- */

/* The words of a search, folded, for FTS5 ("tan"* "cong"*) or a
 * tsquery (tan:* & cong:*); only [a-z0-9] survive, so nothing in the
 * query can be syntax. NULL when no word is left. */
static const char *
search_query(struct uc_ctx *ctx, const char *q, int pg)
{
	char *f = uc_fold_words(ctx->arena, q), *out = "", *w;
	char *save = NULL;

	for (w = strtok_r(f, " ", &save); w; w = strtok_r(NULL, " ", &save))
		out = uc_arena_printf(ctx->arena, pg ? "%s%s%s:*" :
		    "%s%s\"%s\"*", out, *out ? (pg ? " & " : " ") : "", w);
	return *out ? out : NULL;
}

static void
filter_search(struct uc_ctx *ctx, struct uc_sql *q, const char *text)
{
	int pg = strcmp(uc_store_engine(ctx->st), "postgres") == 0;
	const char *m = search_query(ctx, text, pg);

	if (m == NULL)
		return;
	if (pg)
		uc_sql_add(q, " AND i.search @@ to_tsquery('simple', ?)", "s",
		    m);
	else
		/* '+' keeps SQLite walking the incidents in list order and
		 * testing membership, instead of fetching and sorting every
		 * match of a common word (bench/incidents) */
		uc_sql_add(q, " AND +i.id IN (SELECT rowid FROM incidents_fts"
		    " WHERE incidents_fts MATCH ?)", "s", m);
}

/* The unit's subtree, by its path bound as a constant: the planner
 * then knows how much of the tree it is; the root filters nothing. */
static enum uc_status
unit_filter(struct uc_ctx *ctx, struct uc_sql *q, int64_t unit,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	char *path = NULL;
	int row = 0, root = 0;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT path, parent_id IS NULL"
	    " FROM units WHERE id = ?", "i", unit);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		path = uc_arena_printf(ctx->arena, "%s%%", uc_stmt_text(s,
		    0));
		root = (int)uc_stmt_i64(s, 1);
	}
	uc_stmt_done(s);
	if (rc != UC_OK)
		return rc;
	if (!row)
		return uc_error_field(err, "unit_id", "not_found", "no unit "
		    "%" PRId64, unit);
	if (!root)
		uc_sql_add(q, " AND un.path LIKE ?", "s", path);
	return UC_OK;
}

static enum uc_status
filter(struct uc_ctx *ctx, struct uc_sql *q,
    const struct uc_incident_filter *f, struct uc_error *err)
{
	char now[32];

	uc_access_incident_filter(ctx, q);
	if (f->unit_id && unit_filter(ctx, q, f->unit_id, err) != UC_OK)
		return UC_EVALID;
	if (f->status)
		uc_sql_add(q, " AND i.status = ?", "s", f->status);
	if (f->severity)
		uc_sql_add(q, " AND i.severity = ?", "s", f->severity);
	if (f->priority)
		uc_sql_add(q, " AND i.priority = ?", "s", f->priority);
	if (f->tlp)
		uc_sql_add(q, " AND i.tlp = ?", "s", f->tlp);
	if (f->type)
		uc_sql_add(q, " AND EXISTS (SELECT 1 FROM incident_types t"
		    " WHERE t.incident_id = i.id AND t.code = ?)", "s",
		    f->type);
	if (f->detected_from)
		uc_sql_add(q, " AND i.detected_at >= ?", "s",
		    f->detected_from);
	if (f->detected_to)
		uc_sql_add(q, " AND i.detected_at <= ?", "s", f->detected_to);
	if (f->assignee_id)
		uc_sql_add(q, " AND EXISTS (SELECT 1 FROM incident_tasks k"
		    " WHERE k.incident_id = i.id AND k.assignee_id = ? AND"
		    " k.state = 'open')", "i", f->assignee_id);
	iso(ctx->now, now);
	if (f->overdue)
		uc_sql_add(q, " AND i.next_due_at < ?", "s",
		    uc_arena_strdup(ctx->arena, now));
	if (f->open)
		uc_sql_add(q, " AND i.closed_at IS NULL", "");
	if (f->q)
		filter_search(ctx, q, f->q);
	(void)err;
	return UC_OK;
}

/* Cursor "<time>~<id>": the sort key and id of the last row shown. */
static enum uc_status
cursor(struct uc_ctx *ctx, struct uc_sql *q, const char *c, int due,
    struct uc_error *err)
{
	const char *tilde = c ? strrchr(c, '~') : NULL;
	int64_t id = 0, ms = 0;
	char *t;
	const char *p;

	if (c == NULL)
		return UC_OK;
	p = tilde ? tilde + 1 : NULL;
	t = tilde ? uc_arena_strndup(ctx->arena, c, (size_t)(tilde - c)) :
	    NULL;
	if (p == NULL || uc_parse_i64(&p, 1, INT64_MAX, &id) != UC_OK ||
	    *p != '\0' || (*t && uc_time_parse(t, &ms) != UC_OK))
		return uc_error_field(err, "cursor", "format", "cursor is not"
		    " one this server gave");
	if (due && *t == '\0')
		uc_sql_add(q, " AND i.next_due_at IS NULL AND i.id > ?", "i",
		    id);
	else if (due)
		uc_sql_add(q, " AND (i.next_due_at > ? OR i.next_due_at IS"
		    " NULL OR (i.next_due_at = ? AND i.id > ?))", "ssi", t, t,
		    id);
	else
		uc_sql_add(q, " AND (i.detected_at < ? OR (i.detected_at = ?"
		    " AND i.id < ?))", "ssi", t, t, id);
	return UC_OK;
}

/* The incident's type codes, sorted, as one column "TC01 TC03": one
 * query for the page rather than one per row. */
static const char *
types_col(struct uc_ctx *ctx)
{
	if (strcmp(uc_store_engine(ctx->st), "postgres") == 0)
		return ", (SELECT string_agg(ty.code, ' ' ORDER BY ty.code)"
		    " FROM incident_types ty WHERE ty.incident_id = i.id)";
	return ", (SELECT group_concat(code, ' ') FROM (SELECT ty.code FROM"
	    " incident_types ty WHERE ty.incident_id = i.id ORDER BY"
	    " ty.code))";
}

/* A list row: the summary, its types, and "_id" for the cursor. */
static json_t *
list_row(struct uc_ctx *ctx, struct uc_stmt *s)
{
	json_t *j = summary_json(s), *a = json_array();
	char *codes, *w, *save = NULL;

	codes = uc_stmt_null(s, C_TYPES) ? NULL :
	    uc_arena_strdup(ctx->arena, uc_stmt_text(s, C_TYPES));
	for (w = codes ? strtok_r(codes, " ", &save) : NULL; w;
	    w = strtok_r(NULL, " ", &save))
		json_array_append_new(a, json_string(w));
	json_object_set_new(j, "types", a);
	json_object_set_new(j, "_id", json_integer(uc_stmt_i64(s, C_ID)));
	return j;
}

enum uc_status
uc_incident_list(struct uc_ctx *ctx, const struct uc_incident_filter *f,
    json_t **out, char **next, struct uc_error *err)
{
	int due = f->sort != NULL && strcmp(f->sort, "due") == 0;
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	json_t *j_items = json_array();
	enum uc_status rc;
	int row = 0, n = 0;

	*out = NULL;
	*next = NULL;
	uc_sql_init(&q, ctx->arena, "SELECT " COLS);
	uc_sql_add(&q, types_col(ctx), "");
	uc_sql_add(&q, FROM " WHERE 1 = 1", "");
	rc = filter(ctx, &q, f, err);
	if (rc == UC_OK)
		rc = cursor(ctx, &q, f->cursor, due, err);
	uc_sql_add(&q, due ? " ORDER BY i.next_due_at IS NULL,"
	    " i.next_due_at, i.id LIMIT ?" : " ORDER BY i.detected_at DESC,"
	    " i.id DESC LIMIT ?", "i", (int64_t)f->limit + 1);
	if (rc == UC_OK)
		rc = uc_store_query_sql(ctx->st, &s, err, &q);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if (n++ == f->limit) {
			json_t *last = json_array_get(j_items,
			    json_array_size(j_items) - 1);

			*next = uc_arena_printf(ctx->arena, "%s~%" PRId64,
			    due ? (str(last, "next_due_at") ? str(last,
			    "next_due_at") : "") : str(last, "detected_at"),
			    (int64_t)json_integer_value(json_object_get(last,
			    "_id")));
			break;
		}
		json_array_append_new(j_items, list_row(ctx, s));
	}
	uc_stmt_done(s);
	for (size_t i = 0; i < json_array_size(j_items); i++)
		json_object_del(json_array_get(j_items, i), "_id");
	if (rc != UC_OK) {
		json_decref(j_items);
		return rc;
	}
	*out = j_items;
	return UC_OK;
}

enum uc_status
uc_incident_count(struct uc_ctx *ctx, const struct uc_incident_filter *f,
    int64_t *n, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	enum uc_status rc;
	int row = 0;

	*n = 0;
	uc_sql_init(&q, ctx->arena, "SELECT COUNT(*)" FROM " WHERE 1 = 1");
	rc = filter(ctx, &q, f, err);
	if (rc == UC_OK)
		rc = uc_store_query_sql(ctx->st, &s, err, &q);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*n = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	return rc;
}

/* What a count can be grouped by: the key (first column), the columns
 * shown with it, and the join that brings them. */
struct group_by {
	const char *name;
	const char *cols;
	const char *join;
};

static const struct group_by groups[] = {
	{ "status", "i.status", "" },
	{ "type", "ty.code", " JOIN incident_types ty ON ty.incident_id ="
	  " i.id" },
	{ "severity", "i.severity", "" },
	{ "priority", "i.priority", "" },
	{ "unit", "i.unit_id, un.code, un.name", "" },
	{ NULL, NULL, NULL }
};

static json_t *
group_json(struct uc_stmt *s, const void *arg)
{
	const struct group_by *g = arg;
	int unit = strcmp(g->name, "unit") == 0;
	json_t *j = json_object();

	json_object_set_new(j, "key", unit ? json_integer(uc_stmt_i64(s, 1)) :
	    json_string(uc_stmt_text(s, 1)));
	json_object_set_new(j, "count", json_integer(uc_stmt_i64(s, 0)));
	if (!unit)
		return j;
	json_object_set_new(j, "unit_code", json_string(uc_stmt_text(s, 2)));
	json_object_set_new(j, "unit_name", json_string(uc_stmt_text(s, 3)));
	return j;
}

static enum uc_status
count_groups(struct uc_ctx *ctx, const struct uc_incident_filter *f,
    const struct group_by *g, json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	enum uc_status rc;

	uc_sql_init(&q, ctx->arena, uc_arena_printf(ctx->arena, "SELECT"
	    " COUNT(*), %s" FROM "%s WHERE 1 = 1", g->cols, g->join));
	rc = filter(ctx, &q, f, err);
	uc_sql_add(&q, uc_arena_printf(ctx->arena, " GROUP BY %s ORDER BY"
	    " 1 DESC, 2", g->cols), "");
	if (rc == UC_OK)
		rc = uc_store_query_sql(ctx->st, &s, err, &q);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, group_json, g, out, err);
	return rc;
}

enum uc_status
uc_incident_groups(struct uc_ctx *ctx, const struct uc_incident_filter *f,
    const char *group, json_t **out, struct uc_error *err)
{
	const struct group_by *g = groups;
	json_t *j_groups = NULL;
	int64_t n = 0;
	enum uc_status rc;

	*out = NULL;
	while (g->name && strcmp(g->name, group ? group : "") != 0)
		g++;
	if (g->name == NULL)
		return uc_error_field(err, "group", "enum", "group is status,"
		    " type, severity, priority or unit");
	rc = uc_incident_count(ctx, f, &n, err);
	if (rc == UC_OK)
		rc = count_groups(ctx, f, g, &j_groups, err);
	if (rc == UC_OK)
		*out = json_pack("{sI so}", "count", (json_int_t)n, "groups",
		    j_groups);
	return rc;
}
