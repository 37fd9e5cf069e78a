/*
 * clock.c - see clock.h.
 */
#include "service/clock.h"
#include "core/time.h"
#include "core/arena.h"
#include "domain/calendar.h"
#include "service/ctx.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS (86400LL * 1000)
#define MINUTE_MS (60LL * 1000)

static json_t *
iso_or_null(int64_t ms)
{
	char buf[UC_TIME_ISO_LEN + 1];

	if (ms == 0)
		return json_null();
	uc_time_format(ms, buf, sizeof(buf));
	return json_string(buf);
}

void
uc_clock_local(int64_t ms, char *buf, size_t len)
{
	int32_t d = uc_calendar_date_of(ms);
	int64_t in_day = (ms + UC_CALENDAR_OFFSET_MS) % DAY_MS;
	int64_t min;

	if (in_day < 0)
		in_day += DAY_MS;
	min = in_day / MINUTE_MS;
	snprintf(buf, len, "%02d/%02d/%04d %02d:%02d", (int)(d % 100),
	    (int)(d / 100 % 100), (int)(d / 10000), (int)(min / 60),
	    (int)(min % 60));
}

static json_t *
local_or_null(int64_t ms)
{
	char buf[UC_CLOCK_LOCAL_LEN + 1];

	if (ms == 0)
		return json_null();
	uc_clock_local(ms, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *
to_json(const struct uc_rulepack *pack, const struct uc_rp_list *to)
{
	json_t *j_a = json_array();
	size_t i;

	for (i = 0; i < to->n; i++) {
		const struct uc_rp_party *p = uc_rulepack_party(pack,
		    to->v[i]);

		json_array_append_new(j_a, json_pack("{ss ss ss}",
		    "party", to->v[i], "label_vi", p ? p->vi : to->v[i],
		    "label_en", p ? p->en : to->v[i]));
	}
	return j_a;
}

/* The number in the unit of the clock's kind. */
static int
amount_of(const struct uc_rulepack *pack, const struct uc_rp_deadline *d)
{
	return d->due == UC_DUE_IMMEDIATE ? pack->clocks.immediate_minutes :
	    d->amount;
}

static json_t *
one_json(const struct uc_rulepack *pack, const struct uc_clock *c,
    int64_t now)
{
	json_t *j = json_pack("{ss ss ss so ss}", "report", c->report,
	    "label_vi", c->vi, "label_en", c->en,
	    "to", to_json(pack, c->to),
	    "anchor", uc_rulepack_anchor_name(c->deadline->anchor));

	json_object_set_new(j, "started_at", iso_or_null(c->anchor_at));
	json_object_set_new(j, "kind", json_string(uc_rulepack_due_name(
	    c->deadline->due)));
	json_object_set_new(j, "amount", json_integer(amount_of(pack,
	    c->deadline)));
	json_object_set_new(j, "due_at", iso_or_null(c->due_at));
	json_object_set_new(j, "due_local", local_or_null(c->due_at));
	json_object_set_new(j, "warn_at", iso_or_null(c->warn_at));
	json_object_set_new(j, "state", json_string(uc_clock_state_name(
	    c->state)));
	json_object_set_new(j, "sent_at", iso_or_null(c->sent_at));
	json_object_set_new(j, "acked_at", iso_or_null(c->acked_at));
	json_object_set_new(j, "time_left_ms", c->started && c->sent_at == 0 ?
	    json_integer(c->due_at - now) : json_null());
	return j;
}

json_t *
uc_clock_json(const struct uc_rulepack *pack, const struct uc_clock *c,
    size_t n, int64_t now)
{
	json_t *j_a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(j_a, one_json(pack, &c[i], now));
	return j_a;
}

/* ---- an incident's clocks, from the register ---- */

static int64_t
ms_of(struct uc_stmt *s, int c)
{
	int64_t v = 0;

	if (uc_stmt_null(s, c) || uc_time_parse(uc_stmt_text(s, c), &v) !=
	    UC_OK)
		return 0;
	return v;
}

static enum uc_status
clock_facts(struct uc_ctx *ctx, int64_t id, struct uc_clock_facts *f,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	memset(f, 0, sizeof(*f));
	rc = uc_store_query(ctx->st, &s, err, "SELECT detected_at,"
	    " reported_at, beyond_capacity_at, response_ended_at, serious_at,"
	    " source, acknowledged_at, closed_at FROM incidents WHERE id = ?",
	    "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		f->detected_at = ms_of(s, 0);
		f->reported_at = ms_of(s, 1);
		f->beyond_capacity_at = ms_of(s, 2);
		f->response_ended_at = ms_of(s, 3);
		f->serious_at = ms_of(s, 4);
		if (strcmp(uc_stmt_text(s, 5), "notice") == 0)
			f->received_at = f->reported_at;
		f->acknowledged_at = ms_of(s, 6);
		f->closed = !uc_stmt_null(s, 7);
	}
	uc_stmt_done(s);
	return rc;
}

static enum uc_status
clock_sends(struct uc_ctx *ctx, int64_t id, struct uc_clock_facts *f,
    struct uc_error *err)
{
	struct uc_clock_send *v;
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;
	size_t n = 0;

	v = uc_arena_alloc(ctx->arena, 64 * sizeof(*v));
	rc = uc_store_query(ctx->st, &s, err, "SELECT report_type, sent_at,"
	    " acked_at FROM report_sends WHERE incident_id = ? ORDER BY"
	    " sent_at, id LIMIT 64", "i", id);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		v[n].report = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
		v[n].sent_at = ms_of(s, 1);
		v[n].acked_at = ms_of(s, 2);
		n++;
	}
	uc_stmt_done(s);
	f->sends = v;
	f->nsends = n;
	return rc;
}

enum uc_status
uc_clock_incident(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    int64_t id, json_t **j, int64_t *next, struct uc_error *err)
{
	struct uc_clock c[UC_CLOCK_MAX];
	struct uc_clock_facts f;
	size_t n = 0;
	enum uc_status rc;

	rc = clock_facts(ctx, id, &f, err);
	if (rc == UC_OK)
		rc = clock_sends(ctx, id, &f, err);
	if (rc == UC_OK)
		rc = uc_clock_eval(pack, &f, ctx->now, c, UC_CLOCK_MAX, &n,
		    err);
	if (rc != UC_OK)
		return rc;
	if (j != NULL)
		*j = uc_clock_json(pack, c, n, ctx->now);
	if (next != NULL)
		*next = uc_clock_next_due(c, n);
	return UC_OK;
}
