/*
 * send.c - see send.h.
 */
#include "service/send.h"
#include "core/arena.h"
#include "core/mem.h"
#include "core/time.h"
#include "domain/rulepack.h"
#include "domain/validate.h"
#include "service/part.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define COLS "r.id, i.public_id, r.report_type, r.reference," \
	" r.recipients, r.channel, r.sent_at, r.acked_at, r.created_by," \
	" r.created_at"

static const char *const channels[] = {
	"cong_van", "email", "fax", "national_system", "other", NULL
};

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The report's name in the pack ("" when the pack lacks it). */
static const char *
report_vi(const struct uc_rulepack *pack, const char *code)
{
	const struct uc_rp_report *r = pack ? uc_rulepack_report(pack,
	    code) : NULL;

	return r ? r->vi : "";
}

/* arg: the incident's rule pack (NULL: none), for report names. */
static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	const struct uc_rulepack *pack = arg;
	json_t *j_rcpt = json_loads(uc_stmt_text(s, 4), 0, NULL);
	json_t *j = json_pack("{sI ss ss ss ss}", "id",
	    (json_int_t)uc_stmt_i64(s, 0), "incident", uc_stmt_text(s, 1),
	    "report", uc_stmt_text(s, 2), "report_name", report_vi(pack,
	    uc_stmt_text(s, 2)), "reference", uc_stmt_text(s, 3));

	json_object_set_new(j, "recipients", j_rcpt ? j_rcpt : json_array());
	json_object_set_new(j, "channel", json_string(uc_stmt_text(s, 5)));
	json_object_set_new(j, "sent_at", json_string(uc_stmt_text(s, 6)));
	json_object_set_new(j, "acked_at", uc_part_text(s, 7));
	json_object_set_new(j, "created_by", uc_part_int(s, 8));
	json_object_set_new(j, "created_at", json_string(uc_stmt_text(s,
	    9)));
	return j;
}

/* Sends of incident p: one (id > 0) or all, newest first. */
static enum uc_status
select_sends(struct uc_ctx *ctx, const struct uc_part *p, int64_t id,
    json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	struct uc_error e = { 0 };
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	if (uc_rulepack_get(p->rulepack, &pack, &e) != UC_OK)
		pack = NULL;	/* names are a courtesy; codes still show */
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM"
	    " report_sends r JOIN incidents i ON i.id = r.incident_id WHERE"
	    " r.incident_id = ? AND (? = 0 OR r.id = ?) ORDER BY r.sent_at"
	    " DESC, r.id DESC LIMIT ?", "iiii", p->id, id, id,
	    (int64_t)UC_PART_LIST_MAX);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, pack, out, err);
	return rc;
}

static enum uc_status
load(struct uc_ctx *ctx, const struct uc_part *p, int64_t id, json_t **out,
    struct uc_error *err)
{
	return uc_part_load(ctx, p, select_sends, id, "no such report send",
	    out, err);
}

enum uc_status
uc_send_list(struct uc_ctx *ctx, const char *pid, json_t **out,
    struct uc_error *err)
{
	return uc_part_list(ctx, pid, select_sends, out, err);
}

static int
report(const struct uc_part *p, const char *code, struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	struct uc_error e = { 0 };

	if (code == NULL)
		return uc_error_field(err, "report", "required", "report is "
		    "required: a report code of the incident's rule pack"), 0;
	if (uc_rulepack_get(p->rulepack, &pack, &e) != UC_OK ||
	    uc_rulepack_report(pack, code) == NULL)
		return uc_error_field(err, "report", "enum", "the rule pack "
		    "%s has no report '%s'", p->rulepack, code), 0;
	return 1;
}

static int
recipients(json_t *a, struct uc_error *err)
{
	char path[32];
	json_t *v;
	size_t i;
	int ok = 1;

	if (!json_is_array(a) || json_array_size(a) == 0)
		return uc_error_field(err, "recipients", "required", "name at "
		    "least one recipient"), 0;
	if (json_array_size(a) > UC_SEND_RECIPIENTS_MAX)
		return uc_error_field(err, "recipients", "too_long", "at most "
		    "%d recipients", UC_SEND_RECIPIENTS_MAX), 0;
	json_array_foreach(a, i, v) {
		snprintf(path, sizeof(path), "recipients[%zu]", i);
		if (!json_is_string(v)) {
			uc_error_field(err, path, "type", "%s must be a "
			    "string", path);
			ok = 0;
		} else if (uc_valid_text(path, json_string_value(v), 1, 200,
		    err) != UC_OK) {
			ok = 0;
		}
	}
	return ok;
}

static int
sent_at(struct uc_ctx *ctx, const struct uc_part *p, json_t *doc,
    struct uc_error *err)
{
	int64_t ms = 0;

	if (str(doc, "sent_at") == NULL)
		return uc_error_field(err, "sent_at", "required", "sent_at is "
		    "required"), 0;
	if (uc_part_time(ctx, doc, "sent_at", 1, &ms, err) != UC_OK)
		return 0;
	if (ms < p->detected_ms)
		return uc_error_field(err, "sent_at", "order", "sent_at is "
		    "before the incident was detected (%s)", p->detected_at),
		    0;
	return 1;
}

static enum uc_status
validate(struct uc_ctx *ctx, const struct uc_part *p, json_t *doc,
    struct uc_error *err)
{
	int ok = report(p, str(doc, "report"), err);

	ok &= uc_valid_text("reference", str(doc, "reference"), 0, 50,
	    err) == UC_OK;
	ok &= recipients(json_object_get(doc, "recipients"), err);
	ok &= uc_part_enum("channel", str(doc, "channel"), channels, err) ==
	    UC_OK;
	ok &= sent_at(ctx, p, doc, err);
	return ok ? UC_OK : UC_EVALID;
}

static enum uc_status
insert(struct uc_ctx *ctx, const struct uc_part *p, json_t *doc,
    int64_t *id, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1], *rcpt;
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	rcpt = json_dumps(json_object_get(doc, "recipients"), JSON_COMPACT);
	rc = uc_store_insert(ctx->st, id, err, "INSERT INTO report_sends"
	    " (incident_id, report_type, reference, recipients, channel,"
	    " sent_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
	    " ?) RETURNING id", "isssssss", p->id, str(doc, "report"),
	    str(doc, "reference"), rcpt, str(doc, "channel"),
	    str(doc, "sent_at"), uc_store_id_or_null(ctx->arena,
	    ctx->actor.user_id), now);
	uc_free(rcpt);
	return rc;
}

static enum uc_status
finish(struct uc_ctx *ctx, const struct uc_part *p, enum uc_status rc,
    struct uc_part_change *c, json_t **out, struct uc_error *err)
{
	json_t *j_after = NULL, *j_detail = json_pack("{sI}", "send_id",
	    (json_int_t)c->object_id);
	const char *ref;

	if (rc == UC_OK)
		rc = load(ctx, p, c->object_id, &j_after, err);
	c->after = j_after;
	c->detail = j_detail;
	c->summary = "";
	ref = str(j_after, "reference");
	if (j_after != NULL && c->before == NULL)
		c->summary = uc_arena_printf(ctx->arena, "Gửi %s%s%s%s",
		    str(j_after, "report_name"), *ref ? " (số " : "", ref,
		    *ref ? ")" : "");
	else if (j_after != NULL)
		c->summary = uc_arena_printf(ctx->arena, "Nhận xác nhận đã "
		    "nhận: %s", str(j_after, "report_name"));
	rc = uc_part_finish(ctx, p, rc, c, out, err);
	json_decref(j_detail);
	return rc;
}

enum uc_status
uc_send_create(struct uc_ctx *ctx, const char *pid, json_t *in,
    json_t **out, struct uc_error *err)
{
	struct uc_part_change c = { "send.create", "report_send", 0, NULL,
	    NULL, NULL, NULL };
	json_t *j_doc = json_deep_copy(in);
	struct uc_part p;
	enum uc_status rc;

	*out = NULL;
	if (json_object_get(j_doc, "reference") == NULL)
		json_object_set_new(j_doc, "reference", json_string(""));
	rc = uc_part_begin(ctx, pid, 0, &p, err);
	if (rc == UC_OK) {
		rc = validate(ctx, &p, j_doc, err);
		if (rc == UC_OK)
			rc = insert(ctx, &p, j_doc, &c.object_id, err);
		rc = finish(ctx, &p, rc, &c, out, err);
	}
	json_decref(j_doc);
	return rc;
}

static enum uc_status
check_ack(struct uc_ctx *ctx, json_t *send, json_t *doc,
    struct uc_error *err)
{
	int64_t ms = 0, sent = 0;

	if (!json_is_null(json_object_get(send, "acked_at")))
		return uc_error_set(err, UC_ECONFLICT, "this report was "
		    "acknowledged already, at %s", str(send, "acked_at"));
	if (str(doc, "acked_at") == NULL)
		return uc_error_field(err, "acked_at", "required", "acked_at "
		    "is required");
	if (uc_part_time(ctx, doc, "acked_at", 1, &ms, err) != UC_OK)
		return UC_EVALID;
	if (uc_time_parse(str(send, "sent_at"), &sent) == UC_OK && ms < sent)
		return uc_error_field(err, "acked_at", "order", "acked_at is "
		    "before the report was sent (%s)", str(send, "sent_at"));
	return UC_OK;
}

enum uc_status
uc_send_ack(struct uc_ctx *ctx, const char *pid, int64_t id,
    const char *acked_at, json_t **out, struct uc_error *err)
{
	struct uc_part_change c = { "send.ack", "report_send", id, NULL,
	    NULL, NULL, NULL };
	json_t *j_doc = json_object(), *j_cur = NULL;
	struct uc_part p;
	int64_t n = 0;
	enum uc_status rc;

	*out = NULL;
	if (acked_at != NULL)
		json_object_set_new(j_doc, "acked_at", json_string(acked_at));
	rc = uc_part_begin(ctx, pid, 1, &p, err);
	if (rc == UC_OK) {
		rc = load(ctx, &p, id, &j_cur, err);
		if (rc == UC_OK)
			rc = check_ack(ctx, j_cur, j_doc, err);
		if (rc == UC_OK)
			rc = uc_store_run(ctx->st, &n, err, "UPDATE"
			    " report_sends SET acked_at = ? WHERE id = ? AND"
			    " acked_at IS NULL", "si", str(j_doc, "acked_at"),
			    id);
		if (rc == UC_OK && n != 1)
			rc = uc_error_set(err, UC_ECONFLICT, "this report was "
			    "acknowledged already");
		c.before = j_cur;
		rc = finish(ctx, &p, rc, &c, out, err);
	}
	json_decref(j_cur);
	json_decref(j_doc);
	return rc;
}
