/*
 * step.c - see step.h. Steps keep the order of their procedure in the
 * pack (ord); the serious procedure's steps follow the normal ones.
 */
#include "service/step.h"
#include "core/arena.h"
#include "core/time.h"
#include "domain/procedure.h"
#include "domain/rulepack.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/incident.h"
#include "service/timeline.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct step_row {
	int64_t id;
	int64_t version;
	char *procedure;
	char *code;
	enum uc_step_state state;
	int has_start;
};

struct steps {
	struct step_row row[UC_RP_MAX_STEPS];
	struct uc_step_item item[UC_RP_MAX_STEPS];
	size_t n;
	int64_t unit_id;	/* the incident's unit */
	int final_sent;
	int closed;
};

static void
iso(int64_t ms, char *buf)
{
	uc_time_format(ms, buf, UC_TIME_ISO_LEN + 1);
}

static enum uc_status
load_rows(struct uc_ctx *ctx, int64_t id, struct steps *st,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0, state;

	rc = uc_store_query(ctx->st, &s, err, "SELECT id, version, procedure,"
	    " code, state, started_at IS NOT NULL FROM incident_steps WHERE"
	    " incident_id = ? ORDER BY ord, id", "i", id);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row && st->n < UC_RP_MAX_STEPS) {
		struct step_row *r = &st->row[st->n];

		r->id = uc_stmt_i64(s, 0);
		r->version = uc_stmt_i64(s, 1);
		r->procedure = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 2));
		r->code = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 3));
		state = uc_procedure_state_parse(uc_stmt_text(s, 4));
		r->state = state < 0 ? UC_STEP_PENDING :
		    (enum uc_step_state)state;
		r->has_start = (int)uc_stmt_i64(s, 5);
		st->item[st->n].code = r->code;
		st->item[st->n].state = r->state;
		st->n++;
	}
	uc_stmt_done(s);
	return rc;
}

/* Steps plus what closure depends on: the closing report sent, closed. */
static enum uc_status
load(struct uc_ctx *ctx, const struct uc_rulepack *pack, int64_t id,
    struct steps *st, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	const char *closing = "";
	enum uc_status rc;
	int row = 0;

	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < pack->nreports; i++)
		if (pack->reports[i].closure)
			closing = pack->reports[i].code;
	rc = uc_store_query(ctx->st, &s, err, "SELECT i.unit_id,"
	    " i.closed_at IS NOT NULL, EXISTS (SELECT 1 FROM report_sends r"
	    " WHERE r.incident_id = i.id AND r.report_type = ?) FROM"
	    " incidents i WHERE i.id = ?", "si", closing, id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		st->unit_id = uc_stmt_i64(s, 0);
		st->closed = (int)uc_stmt_i64(s, 1);
		st->final_sent = (int)uc_stmt_i64(s, 2);
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		return uc_error_set(err, UC_ENOTFOUND, "no such incident");
	return rc == UC_OK ? load_rows(ctx, id, st, err) : rc;
}

/* The unit a party of the pack stands for in this incident, or 0. */
static enum uc_status
party_unit(struct uc_ctx *ctx, const struct steps *st, const char *party,
    int64_t *unit, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*unit = 0;
	if (strcmp(party, "operator") == 0) {
		*unit = st->unit_id;
		return UC_OK;
	}
	rc = uc_store_query(ctx->st, &s, err, "SELECT unit_id FROM"
	    " party_bindings WHERE party = ?", "s", party);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*unit = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	return rc;
}

static enum uc_status
add_units(struct uc_ctx *ctx, const struct steps *st, int64_t id,
    int64_t step_id, const struct uc_rp_list *parties, const char *role,
    struct uc_error *err)
{
	enum uc_status rc = UC_OK;
	int64_t unit;

	for (size_t i = 0; rc == UC_OK && i < parties->n; i++) {
		rc = party_unit(ctx, st, parties->v[i], &unit, err);
		if (rc == UC_OK && unit != 0)
			rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
			    " step_units (step_id, incident_id, unit_id, role)"
			    " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			    "iiis", step_id, id, unit, role);
	}
	return rc;
}

/* Order of a step: its procedure's rank, then its place in the pack. */
static int64_t
step_ord(const struct uc_rulepack *pack, const struct uc_rp_step *d)
{
	for (size_t p = 0; p < pack->nprocedures; p++)
		for (size_t i = 0; i < pack->procedures[p].nsteps; i++)
			if (&pack->procedures[p].steps[i] == d)
				return (int64_t)(p * 1000 + i);
	return 999999;
}

static enum uc_status
insert_step(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    const struct steps *st, int64_t id, const char *procedure,
    const struct uc_rp_step *d, struct uc_error *err)
{
	char now[32];
	int64_t step_id = 0;
	enum uc_status rc;

	iso(ctx->now, now);
	rc = uc_store_insert(ctx->st, &step_id, err, "INSERT INTO"
	    " incident_steps (incident_id, procedure, code, ord, required,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "issibs", id,
	    procedure, d->code, step_ord(pack, d), d->required, now);
	if (rc == UC_OK)
		rc = add_units(ctx, st, id, step_id, &d->lead, "lead", err);
	if (rc == UC_OK)
		rc = add_units(ctx, st, id, step_id, &d->coordinate,
		    "coordinating", err);
	return rc;
}

enum uc_status
uc_step_sync(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    int64_t id, const char *procedure, struct uc_error *err)
{
	const struct uc_rp_step *add[UC_RP_MAX_STEPS];
	struct steps *st = uc_arena_alloc(ctx->arena, sizeof(*st));
	size_t nadd = 0;
	enum uc_status rc;

	rc = load(ctx, pack, id, st, err);
	if (rc == UC_OK)
		rc = uc_procedure_merge(pack, procedure, st->item, st->n, add,
		    &nadd, err);
	for (size_t i = 0; rc == UC_OK && i < nadd; i++)
		rc = insert_step(ctx, pack, st, id, procedure, add[i], err);
	return rc;
}

enum uc_status
uc_step_status(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    int64_t id, struct uc_error *err)
{
	struct steps *st = uc_arena_alloc(ctx->arena, sizeof(*st));
	enum uc_procedure_status status;
	enum uc_status rc;

	if ((rc = load(ctx, pack, id, st, err)) != UC_OK)
		return rc;
	status = uc_procedure_status(pack, st->item, st->n, st->final_sent,
	    st->closed);
	return uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
	    " status = ? WHERE id = ?", "si",
	    uc_procedure_status_name(status), id);
}

enum uc_status
uc_step_can_close(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    int64_t id, struct uc_error *err)
{
	struct steps *st = uc_arena_alloc(ctx->arena, sizeof(*st));
	const char *blocker = NULL;
	enum uc_status rc;

	if ((rc = load(ctx, pack, id, st, err)) != UC_OK)
		return rc;
	return uc_procedure_can_close(pack, st->item, st->n, st->final_sent,
	    &blocker, err);
}

/* ---- reading ---- */

static json_t *
parties_json(const struct uc_rulepack *pack, const struct uc_rp_list *l)
{
	json_t *a = json_array();
	const struct uc_rp_party *p;

	for (size_t i = 0; i < l->n; i++)
		if ((p = uc_rulepack_party(pack, l->v[i])) != NULL)
			json_array_append_new(a, json_pack("{ss ss ss}",
			    "party", p->code, "label_vi", p->vi, "label_en",
			    p->en));
	return a;
}

/* arg: the incident's rule pack. */
static json_t *
step_row_json(struct uc_stmt *s, const void *arg)
{
	const struct uc_rulepack *pack = arg;
	const struct uc_rp_step *d = uc_rulepack_step(pack, uc_stmt_text(s,
	    1), uc_stmt_text(s, 2));
	json_t *j = json_pack("{ss ss ss sb ss ss sI sI}",
	    "procedure", uc_stmt_text(s, 1), "code", uc_stmt_text(s, 2),
	    "state", uc_stmt_text(s, 3), "required", (int)uc_stmt_i64(s, 4),
	    "note", uc_stmt_text(s, 7), "na_reason", uc_stmt_text(s, 8),
	    "failures", (json_int_t)uc_stmt_i64(s, 9),
	    "version", (json_int_t)uc_stmt_i64(s, 10));

	json_object_set_new(j, "started_at", uc_stmt_null(s, 5) ? json_null()
	    : json_string(uc_stmt_text(s, 5)));
	json_object_set_new(j, "ended_at", uc_stmt_null(s, 6) ? json_null() :
	    json_string(uc_stmt_text(s, 6)));
	json_object_set_new(j, "title_vi", json_string(d ? d->vi : ""));
	json_object_set_new(j, "title_en", json_string(d ? d->en : ""));
	json_object_set_new(j, "stage", json_string(d ? d->stage : ""));
	json_object_set_new(j, "phase", json_string(d ?
	    uc_rulepack_phase_name(d->phase) : ""));
	json_object_set_new(j, "lead_parties", d ? parties_json(pack,
	    &d->lead) : json_array());
	json_object_set_new(j, "coordinating_parties", d ? parties_json(pack,
	    &d->coordinate) : json_array());
	json_object_set_new(j, "lead", json_array());
	json_object_set_new(j, "coordinating", json_array());
	json_object_set_new(j, "attachments", json_array());
	return j;
}

/* Append item to the array `key` of the step with this code. */
static void
attach(json_t *steps, const char *code, const char *key, json_t *item)
{
	json_t *step;
	size_t i;

	json_array_foreach(steps, i, step)
		if (strcmp(json_string_value(json_object_get(step, "code")),
		    code) == 0)
			json_array_append(json_object_get(step, key), item);
	json_decref(item);
}

/* Evidence filed under a step: its "attachments". */
static enum uc_status
attachments_json(struct uc_ctx *ctx, int64_t id, json_t *steps,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT step_code, id, filename,"
	    " sha256, size FROM evidence WHERE incident_id = ? AND step_code"
	    " IS NOT NULL ORDER BY id", "i", id);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row)
		attach(steps, uc_stmt_text(s, 0), "attachments", json_pack(
		    "{sI ss ss sI}", "evidence_id",
		    (json_int_t)uc_stmt_i64(s, 1), "filename",
		    uc_stmt_text(s, 2), "sha256", uc_stmt_text(s, 3), "size",
		    (json_int_t)uc_stmt_i64(s, 4)));
	uc_stmt_done(s);
	return rc;
}

/* Put each step's units into its "lead" / "coordinating" arrays. */
static enum uc_status
units_json(struct uc_ctx *ctx, int64_t id, json_t *steps,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *unit;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT st.code, su.role,"
	    " u.id, u.code, u.name FROM step_units su JOIN incident_steps st"
	    " ON st.id = su.step_id JOIN units u ON u.id = su.unit_id WHERE"
	    " su.incident_id = ? ORDER BY u.path", "i", id);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		unit = json_pack("{sI ss ss}", "unit_id",
		    (json_int_t)uc_stmt_i64(s, 2), "code", uc_stmt_text(s, 3),
		    "name", uc_stmt_text(s, 4));
		attach(steps, uc_stmt_text(s, 0), uc_stmt_text(s, 1), unit);
	}
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_step_json(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    int64_t id, json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *a = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT id, procedure, code,"
	    " state, required, started_at, ended_at, note, na_reason,"
	    " failures, version FROM incident_steps WHERE incident_id = ?"
	    " ORDER BY ord, id", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, step_row_json, pack, &a, err);
	if (rc == UC_OK)
		rc = units_json(ctx, id, a, err);
	if (rc == UC_OK)
		rc = attachments_json(ctx, id, a, err);
	if (rc != UC_OK) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return UC_OK;
}

/* ---- changing ---- */

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static struct step_row *
find(struct steps *st, const char *code)
{
	for (size_t i = 0; i < st->n; i++)
		if (strcmp(st->row[i].code, code) == 0)
			return &st->row[i];
	return NULL;
}

/* Write one state change; start and end times follow the state. */
static enum uc_status
apply(struct uc_ctx *ctx, struct steps *st, const struct uc_step_change *c,
    const char *reason, struct uc_error *err)
{
	struct step_row *r = find(st, c->code);
	char now[32];

	iso(ctx->now, now);
	return uc_store_run(ctx->st, NULL, err, "UPDATE incident_steps SET"
	    " state = ?, started_at = CASE WHEN ? THEN COALESCE(started_at,"
	    " ?) ELSE started_at END, ended_at = CASE WHEN ? THEN"
	    " COALESCE(ended_at, ?) ELSE NULL END, na_reason = ?, version ="
	    " version + 1, updated_at = ? WHERE id = ?", "sbsbsssi",
	    uc_procedure_state_name(c->to), c->to != UC_STEP_PENDING, now,
	    c->to == UC_STEP_DONE || c->to == UC_STEP_NOT_APPLICABLE, now,
	    c->to == UC_STEP_NOT_APPLICABLE && reason ? reason : "", now,
	    r->id);
}

/* The response ends when the post-recovery check passes (III.3); a
 * failed check takes that back. The end-of-response clock reads it. */
static enum uc_status
response_end(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    int64_t id, const struct uc_step_changes *ch, struct uc_error *err)
{
	const struct uc_rp_step *d;
	char now[32];
	int ended = 0, reopened = 0;

	for (size_t i = 0; i < ch->n; i++) {
		d = uc_rulepack_step(pack, NULL, ch->v[i].code);
		if (d == NULL || d->phase != UC_PHASE_CHECK)
			continue;
		ended |= ch->v[i].to == UC_STEP_DONE;
		reopened |= ch->v[i].from == UC_STEP_DONE ||
		    ch->v[i].to == UC_STEP_PENDING;
	}
	iso(ctx->now, now);
	if (ended)
		return uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
		    " response_ended_at = COALESCE(response_ended_at, ?) WHERE"
		    " id = ?", "si", now, id);
	if (reopened)
		return uc_store_run(ctx->st, NULL, err, "UPDATE incidents SET"
		    " response_ended_at = NULL WHERE id = ?", "i", id);
	return UC_OK;
}

static enum uc_status
request(json_t *in, struct uc_step_request *req, struct uc_error *err)
{
	int state = -1;

	memset(req, 0, sizeof(req[0]));
	req->failed = json_is_true(json_object_get(in, "failed"));
	req->reason = str(in, "reason");
	if (str(in, "state") != NULL)
		state = uc_procedure_state_parse(str(in, "state"));
	if (!req->failed && state < 0 && json_object_get(in, "note") == NULL)
		return uc_error_field(err, "state", "enum", "state is pending,"
		    " in_progress, done or not_applicable");
	if (req->reason && uc_valid_text("reason", req->reason, 1, 2000,
	    err) != UC_OK)
		return UC_EVALID;
	if (str(in, "note") && uc_valid_text("note", str(in, "note"), 0,
	    10000, err) != UC_OK)
		return UC_EVALID;
	req->to = state < 0 ? UC_STEP_STATE_COUNT : (enum uc_step_state)state;
	return UC_OK;
}

/*
 * The timeline is the register's record, written in Vietnamese like
 * the rest of it: the step's new state in words, not its code.
 */
static const char *
state_words(enum uc_step_state s)
{
	switch (s) {
	case UC_STEP_PENDING:
		return "mở lại, chờ thực hiện";
	case UC_STEP_IN_PROGRESS:
		return "bắt đầu thực hiện";
	case UC_STEP_DONE:
		return "hoàn thành";
	case UC_STEP_NOT_APPLICABLE:
		return "không áp dụng";
	default:
		return "ghi chú";
	}
}

static enum uc_status
change_tx(struct uc_ctx *ctx, const struct uc_rulepack *pack, int64_t id,
    struct steps *st, struct uc_step_request *req, json_t *in,
    struct uc_error *err)
{
	struct uc_step_changes *ch = uc_arena_alloc(ctx->arena, sizeof(*ch));
	struct step_row *r = find(st, req->code);
	enum uc_status rc = UC_OK;
	char what[256];

	if (req->to != UC_STEP_STATE_COUNT || req->failed)
		rc = uc_procedure_change(pack, st->item, st->n, req, ch, err);
	for (size_t i = 0; rc == UC_OK && i < ch->n; i++)
		rc = apply(ctx, st, &ch->v[i], req->reason, err);
	if (rc == UC_OK && str(in, "note"))
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE incident_steps"
		    " SET note = ?, version = version + ? WHERE id = ?", "sii",
		    str(in, "note"), (int64_t)(ch->n == 0), r->id);
	if (rc == UC_OK && req->failed)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE incident_steps"
		    " SET failures = failures + 1 WHERE id = ?", "i", r->id);
	if (rc == UC_OK)
		rc = response_end(ctx, pack, id, ch, err);
	snprintf(what, sizeof(what), req->failed ? "Bước %s: kiểm tra không "
	    "đạt, quay lại ngăn chặn, xử lý" : "Bước %s: %s", req->code,
	    state_words(req->to));
	if (rc == UC_OK)
		rc = uc_timeline_change(ctx, id, what, in, err);
	if (rc == UC_OK)
		rc = uc_incident_touch(ctx, id, err);
	return rc;
}

/* Begin a step change: lookup, transaction, steps, version check. */
static enum uc_status
begin(struct uc_ctx *ctx, const char *pid, const char *code,
    int64_t version, enum uc_perm perm, const struct uc_rulepack **pack,
    int64_t *id, struct steps *st, struct uc_error *err)
{
	struct step_row *r;
	enum uc_status rc;

	rc = uc_incident_lookup(ctx, pid, perm, id, err);
	if (rc == UC_OK)
		rc = uc_incident_pack(ctx, pack, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK)
		return rc;
	rc = load(ctx, *pack, *id, st, err);
	if (rc == UC_OK && st->closed)
		rc = uc_error_set(err, UC_ECONFLICT, "the incident is closed");
	if (rc == UC_OK && (r = find(st, code)) == NULL)
		rc = uc_error_set(err, UC_ENOTFOUND, "the incident has no "
		    "step %s", code);
	else if (rc == UC_OK && r->version != version)
		rc = uc_error_set(err, UC_EPRECOND, "step %s changed since "
		    "you read it (version %" PRId64 ", now %" PRId64 "): "
		    "reload and reapply", code, version, r->version);
	if (rc != UC_OK)
		uc_store_rollback(ctx->st);
	return rc;
}

static enum uc_status
finish(struct uc_ctx *ctx, const char *pid, const char *action,
    enum uc_status rc, json_t **out, struct uc_error *err)
{
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, action, "incident", pid, 0, NULL,
		    NULL, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc == UC_OK ? uc_incident_get(ctx, pid, out, err) : rc;
}

enum uc_status
uc_step_change(struct uc_ctx *ctx, const char *pid, const char *code,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	struct steps *st = uc_arena_alloc(ctx->arena, sizeof(*st));
	struct uc_step_request req;
	struct uc_error e2;
	int64_t id;
	enum uc_status rc;

	*out = NULL;
	if ((rc = request(in, &req, err)) != UC_OK)
		return rc;
	req.code = code;
	uc_error_clear(&e2);
	req.may_reopen = uc_incident_lookup(ctx, pid,
	    UC_PERM_INCIDENT_COORDINATE, &id, &e2) == UC_OK;
	rc = begin(ctx, pid, code, version, UC_PERM_INCIDENT_WRITE, &pack,
	    &id, st, err);
	if (rc != UC_OK)
		return rc;
	rc = change_tx(ctx, pack, id, st, &req, in, err);
	return finish(ctx, pid, "incident.step", rc, out, err);
}

static enum uc_status
units_role(struct uc_ctx *ctx, int64_t id, int64_t step_id, json_t *in,
    const char *role, struct uc_error *err)
{
	json_t *a = json_object_get(in, role), *v;
	enum uc_status rc = UC_OK;
	char field[48];
	size_t i;

	if (a == NULL)
		return UC_OK;
	rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM step_units WHERE"
	    " step_id = ? AND role = ?", "is", step_id, role);
	json_array_foreach(a, i, v) {
		snprintf(field, sizeof(field), "%s[%zu]", role, i);
		if (rc == UC_OK && !json_is_integer(v))
			return uc_error_field(err, field, "type", "%s is a "
			    "unit id", field);
		if (rc == UC_OK && uc_access_unit(ctx, UC_PERM_UNIT_READ,
		    (int64_t)json_integer_value(v), err) != UC_OK) {
			uc_error_clear(err);
			return uc_error_field(err, field, "not_found",
			    "no unit %" JSON_INTEGER_FORMAT,
			    json_integer_value(v));
		}
		if (rc == UC_OK)
			rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
			    " step_units (step_id, incident_id, unit_id, role)"
			    " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			    "iiis", step_id, id,
			    (int64_t)json_integer_value(v), role);
	}
	return rc;
}

enum uc_status
uc_step_units(struct uc_ctx *ctx, const char *pid, const char *code,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	struct steps *st = uc_arena_alloc(ctx->arena, sizeof(*st));
	struct step_row *r;
	char what[128];
	int64_t id;
	enum uc_status rc;

	*out = NULL;
	rc = begin(ctx, pid, code, version, UC_PERM_INCIDENT_COORDINATE,
	    &pack, &id, st, err);
	if (rc != UC_OK)
		return rc;
	r = find(st, code);
	rc = units_role(ctx, id, r->id, in, "lead", err);
	if (rc == UC_OK)
		rc = units_role(ctx, id, r->id, in, "coordinating", err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE incident_steps"
		    " SET version = version + 1 WHERE id = ?", "i", r->id);
	snprintf(what, sizeof(what), "Bước %s: phân công đơn vị chủ trì, "
	    "phối hợp", code);
	if (rc == UC_OK)
		rc = uc_timeline_change(ctx, id, what, in, err);
	if (rc == UC_OK)
		rc = uc_incident_touch(ctx, id, err);
	return finish(ctx, pid, "incident.step_units", rc, out, err);
}
