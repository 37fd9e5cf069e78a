/*
 * calendar.c - see calendar.h.
 *
 * One unit at a time: load its systems (level in force: the approved
 * level, else the computed one) and its fulfilments, let
 * domain/obligation.c compute the items, then render, count or remind.
 * Nothing about an item is stored but its fulfilment and the reminders
 * sent, so a pack edit or a level change shows at once.
 */
#include "service/calendar.h"
#include "service/calendar_unit.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/obligation.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/deadline.h"
#include "service/incident.h"
#include "service/notify.h"
#include "service/resource.h"
#include "store/store.h"

#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YEAR_MS (366LL * UC_OB_DAY_MS)
#define AHEAD_MS (91 * UC_OB_DAY_MS)	/* past the longest reminder lead */

const char *
uc_cal_iso(struct uc_ctx *ctx, int64_t ms)
{
	char *b = uc_arena_alloc(ctx->arena, UC_TIME_ISO_LEN + 1);

	uc_time_format(ms, b, UC_TIME_ISO_LEN + 1);
	return b;
}

static const char *
ymd_text(struct uc_ctx *ctx, int32_t d)
{
	char *b = uc_arena_alloc(ctx->arena, 16);

	uc_calendar_text(d, b, 16);
	return b;
}

static const char *
col_text(struct uc_ctx *ctx, struct uc_stmt *s, int col)
{
	const char *t = uc_stmt_text(s, col);

	return uc_arena_strdup(ctx->arena, t ? t : "");
}

/* ---- window ------------------------------------------------------ */

/* 0 from: 1 January of the current local year; 0 to: 1 January of
 * the year after from's. */
static enum uc_status
window(struct uc_ctx *ctx, int64_t *from, int64_t *to,
    struct uc_error *err)
{
	int32_t today = uc_calendar_date_of(ctx->now);

	if (*from == 0)
		*from = uc_calendar_at(today / 10000 * 10000 + 101, 0, 0, 0);
	if (*to == 0)
		*to = uc_calendar_at((uc_calendar_date_of(*from) / 10000 + 1) *
		    10000 + 101, 0, 0, 0);
	if (*to <= *from)
		return uc_error_field(err, "to", "range", "to must be after "
		    "from");
	if (*to - *from > UC_CALENDAR_MAX_SPAN)
		return uc_error_field(err, "to", "range", "the window may "
		    "span at most 5 years");
	return UC_OK;
}

/* ---- loading ----------------------------------------------------- */

static enum uc_status
load_systems(struct uc_ctx *ctx, struct uc_cal_unit *u, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	size_t cap = 0;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT id, name,"
	    " COALESCE(level_approved, level_computed) FROM systems WHERE"
	    " unit_id = ? AND retired_at IS NULL ORDER BY id", "i", u->id);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if (u->nsys == cap) {
			struct uc_ob_system *ns;
			const char **nn;

			cap = cap ? cap * 2 : 16;
			ns = uc_arena_alloc(ctx->arena, cap * sizeof(*ns));
			nn = uc_arena_alloc(ctx->arena, cap * sizeof(*nn));
			if (u->nsys) {
				memcpy(ns, u->sys, u->nsys * sizeof(*ns));
				memcpy(nn, u->sys_name, u->nsys *
				    sizeof(*nn));
			}
			u->sys = ns;
			u->sys_name = nn;
		}
		u->sys[u->nsys].id = uc_stmt_i64(s, 0);
		u->sys_name[u->nsys] = col_text(ctx, s, 1);
		u->sys[u->nsys++].level = (int)uc_stmt_i64(s, 2);
	}
	uc_stmt_done(s);
	return rc;
}

static void
grow_done(struct uc_ctx *ctx, struct uc_cal_unit *u, size_t *cap)
{
	size_t n = u->ndone, c = *cap ? *cap * 2 : 16;
	struct uc_ob_done *d = uc_arena_alloc(ctx->arena, c * sizeof(*d));
	const char ***cols[] = { &u->done_at, &u->ev_kind, &u->ev_ref,
	    &u->note };
	size_t i;

	if (n)
		memcpy(d, u->done, n * sizeof(*d));
	u->done = d;
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		const char **v = uc_arena_alloc(ctx->arena, c * sizeof(*v));

		if (n)
			memcpy(v, *cols[i], n * sizeof(*v));
		*cols[i] = v;
	}
	*cap = c;
}

static enum uc_status
load_done(struct uc_ctx *ctx, struct uc_cal_unit *u, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	size_t cap = 0, k;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT system_id, obligation,"
	    " period, done_at, evidence_kind, evidence_ref, note FROM"
	    " obligation_fulfilments WHERE unit_id = ? ORDER BY id", "i",
	    u->id);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if (u->ndone == cap)
			grow_done(ctx, u, &cap);
		k = u->ndone++;
		u->done[k].system_id = uc_stmt_i64(s, 0);
		u->done[k].code = col_text(ctx, s, 1);
		u->done[k].period = col_text(ctx, s, 2);
		u->done_at[k] = col_text(ctx, s, 3);
		u->ev_kind[k] = col_text(ctx, s, 4);
		u->ev_ref[k] = col_text(ctx, s, 5);
		u->note[k] = col_text(ctx, s, 6);
	}
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_cal_unit_load(struct uc_ctx *ctx, int64_t id, struct uc_cal_unit *u,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	memset(u, 0, sizeof(*u));
	u->id = id;
	rc = uc_store_query(ctx->st, &s, err, "SELECT code, name, path,"
	    " created_at FROM units WHERE id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		u->code = col_text(ctx, s, 0);
		u->name = col_text(ctx, s, 1);
		u->path = col_text(ctx, s, 2);
		if (uc_time_parse(col_text(ctx, s, 3), &u->created_ms) !=
		    UC_OK)
			u->created_ms = 0;
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such unit");
	if (rc == UC_OK)
		rc = load_systems(ctx, u, err);
	if (rc == UC_OK)
		rc = load_done(ctx, u, err);
	return rc;
}

enum uc_status
uc_cal_compute(struct uc_ctx *ctx, const struct uc_rulepack *p,
    const struct uc_cal_unit *u, int64_t from, int64_t to, int64_t now,
    struct uc_ob_item **v, size_t *n, struct uc_error *err)
{
	return uc_obligation_items(p->obligations, p->nobligations, u->sys,
	    u->nsys, u->done, u->ndone, from, to, now, ctx->arena, v, n, err);
}

const char *
uc_cal_system_name(const struct uc_cal_unit *u, int64_t id)
{
	size_t i;

	for (i = 0; i < u->nsys; i++)
		if (u->sys[i].id == id)
			return u->sys_name[i];
	return NULL;
}

/* ---- rendering --------------------------------------------------- */

static json_t *
list_json(const struct uc_rp_list *l)
{
	json_t *j = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(j, json_string(l->v[i]));
	return j;
}

static json_t *
fulfilment_json(const struct uc_cal_unit *u, long k)
{
	if (k < 0)
		return json_null();
	return json_pack("{ss s{ss ss} ss}", "done_at", u->done_at[k],
	    "evidence", "kind", u->ev_kind[k], "ref", u->ev_ref[k], "note",
	    u->note[k]);
}

json_t *
uc_cal_item_json(struct uc_ctx *ctx, const struct uc_cal_unit *u,
    const struct uc_ob_item *it)
{
	const struct uc_rp_obligation *o = it->ob;
	const char *sn = it->system_id ? uc_cal_system_name(u, it->system_id) :
	    NULL;
	json_t *j = json_pack("{ss ss ss ss ss ss ss ss ss ss si so}",
	    "obligation", o->code, "title", o->vi, "title_en", o->en,
	    "source", o->source, "scope", o->scope == UC_OB_UNIT ? "unit" :
	    "system", "period", it->period, "start", ymd_text(ctx, it->start),
	    "end", ymd_text(ctx, it->end), "due_at", uc_cal_iso(ctx,
	    it->due_ms), "remind_at", uc_cal_iso(ctx, it->remind_ms),
	    "every_months", o->every,
	    "evidence_kinds", list_json(&o->evidence));

	json_object_set_new(j, "unit_id", json_integer(u->id));
	json_object_set_new(j, "system_id", it->system_id ?
	    json_integer(it->system_id) : json_null());
	json_object_set_new(j, "system_name", sn ? json_string(sn) :
	    json_null());
	json_object_set_new(j, "level", it->system_id ?
	    json_integer(it->level) : json_null());
	json_object_set_new(j, "status", json_string(
	    uc_obligation_status_name(it->status)));
	json_object_set_new(j, "fulfilment", fulfilment_json(u, it->done));
	return j;
}

enum uc_status
uc_calendar_items(struct uc_ctx *ctx, int64_t unit_id, int64_t from,
    int64_t to, json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *p = NULL;
	struct uc_ob_item *v = NULL;
	struct uc_cal_unit u;
	json_t *j_items;
	enum uc_status rc;
	size_t n = 0, i;

	*out = NULL;
	if ((rc = window(ctx, &from, &to, err)) != UC_OK)
		return rc;
	rc = uc_access_unrestricted(ctx, err);
	if (rc == UC_OK)
		rc = uc_access_unit(ctx, UC_PERM_UNIT_READ, unit_id, err);
	if (rc == UC_ENOTFOUND)
		return uc_error_set(err, UC_ENOTFOUND, "no such unit");
	if (rc == UC_OK)
		rc = uc_incident_pack(ctx, &p, err);
	if (rc == UC_OK)
		rc = uc_cal_unit_load(ctx, unit_id, &u, err);
	if (rc == UC_OK)
		rc = uc_cal_compute(ctx, p, &u, from, to, ctx->now, &v, &n,
		    err);
	if (rc != UC_OK)
		return rc;
	j_items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(j_items, uc_cal_item_json(ctx, &u,
		    &v[i]));
	*out = json_pack("{sI ss ss ss ss so}", "unit_id", (json_int_t)unit_id,
	    "unit_name", u.name, "from", uc_cal_iso(ctx, from), "to",
	    uc_cal_iso(ctx, to),
	    "rulepack", p->id, "items", j_items);
	return UC_OK;
}

/* ---- standing ---------------------------------------------------- */

/* The ids of the units the actor may read, by path. */
static enum uc_status
scope_units(struct uc_ctx *ctx, int64_t **ids, size_t *n,
    struct uc_error *err)
{
	const char **paths;
	size_t i, np = uc_access_scopes(ctx, UC_PERM_UNIT_READ, &paths);
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	enum uc_status rc;
	int row = 0;

	*n = 0;
	*ids = uc_arena_alloc(ctx->arena, UC_CALENDAR_MAX_UNITS *
	    sizeof(**ids));
	uc_sql_init(&q, ctx->arena, "SELECT id FROM units WHERE 1 = 1");
	if (!ctx->actor.system) {
		/* a grant is one scope; UC_SQL_PARAMS bounds them */
		uc_sql_add(&q, " AND (1 = 0", "");
		for (i = 0; i < np && i < UC_SQL_PARAMS - 8; i++)
			uc_sql_add(&q, " OR path LIKE ?", "s",
			    uc_arena_printf(ctx->arena, "%s%%", paths[i]));
		uc_sql_add(&q, ")", "");
	}
	uc_sql_add(&q, " ORDER BY path LIMIT ?", "i",
	    (int64_t)UC_CALENDAR_MAX_UNITS);
	rc = uc_store_query_sql(ctx->st, &s, err, &q);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row)
		(*ids)[(*n)++] = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	return rc;
}

static json_t *
counts_json(const struct uc_cal_unit *u, const struct uc_ob_item *v, size_t n)
{
	json_int_t c[UC_OB_STATUS_COUNT] = { 0 };
	size_t i;

	for (i = 0; i < n; i++)
		c[v[i].status]++;
	return json_pack("{sI ss ss sI sI sI sI sI}", "unit_id",
	    (json_int_t)u->id, "code", u->code, "name", u->name, "overdue",
	    c[UC_OB_OVERDUE], "due", c[UC_OB_DUE], "upcoming",
	    c[UC_OB_UPCOMING], "done", c[UC_OB_DONE], "total",
	    (json_int_t)n);
}

enum uc_status
uc_calendar_standing(struct uc_ctx *ctx, int64_t from, int64_t to,
    json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *p = NULL;
	int64_t *ids = NULL;
	json_t *j_units = NULL;
	enum uc_status rc;
	size_t nu = 0, i;

	*out = NULL;
	if ((rc = window(ctx, &from, &to, err)) != UC_OK)
		return rc;
	rc = uc_access_unrestricted(ctx, err);
	if (rc == UC_OK)
		rc = uc_incident_pack(ctx, &p, err);
	if (rc == UC_OK)
		rc = scope_units(ctx, &ids, &nu, err);
	if (rc != UC_OK)
		return rc;
	j_units = json_array();
	for (i = 0; rc == UC_OK && i < nu; i++) {
		struct uc_ob_item *v = NULL;
		struct uc_cal_unit u;
		size_t n = 0;

		rc = uc_cal_unit_load(ctx, ids[i], &u, err);
		if (rc == UC_OK)
			rc = uc_cal_compute(ctx, p, &u, from, to, ctx->now,
			    &v, &n, err);
		if (rc == UC_OK)
			json_array_append_new(j_units, counts_json(&u, v, n));
	}
	if (rc != UC_OK) {
		json_decref(j_units);
		return rc;
	}
	*out = json_pack("{ss ss ss so}", "from", uc_cal_iso(ctx, from), "to",
	    uc_cal_iso(ctx, to), "rulepack", p->id, "units", j_units);
	return UC_OK;
}

/* ---- reminders --------------------------------------------------- */

static enum uc_status
remind_item(struct uc_ctx *ctx, const struct uc_cal_unit *u,
    const struct uc_ob_item *it, int *sent, struct uc_error *err)
{
	const char *kind = it->status == UC_OB_OVERDUE ? "overdue" : "ahead";
	struct uc_notify_obligation ob;
	int64_t changes = 0;
	enum uc_status rc;

	rc = uc_store_run(ctx->st, &changes, err, "INSERT INTO"
	    " obligation_reminders (unit_id, system_id, obligation, period,"
	    " kind, sent_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO"
	    " NOTHING", "iissss", u->id, it->system_id, it->ob->code,
	    it->period, kind, uc_cal_iso(ctx, ctx->now));
	if (rc != UC_OK || changes == 0)
		return rc;
	memset(&ob, 0, sizeof(ob));
	ob.unit_id = u->id;
	ob.system_id = it->system_id;
	ob.system_name = it->system_id ? uc_cal_system_name(u,
	    it->system_id) : NULL;
	ob.code = it->ob->code;
	ob.title = it->ob->vi;
	ob.source = it->ob->source;
	ob.period = it->period;
	ob.due_at = uc_cal_iso(ctx, it->due_ms);
	ob.reminder = kind;
	(*sent)++;
	return uc_notify_obligation(ctx, &ob, err);
}

/*
 * A unit's open items from a year back to the longest reminder lead
 * ahead, each in its own transaction with its messages. Items that fell
 * due before the unit entered the register are shown on its calendar
 * but not mailed: a new installation would otherwise send an "overdue"
 * for every duty of the past year at its first run.
 */
static enum uc_status
remind_unit(struct uc_ctx *ctx, const struct uc_rulepack *p, int64_t id,
    int64_t now, int *sent, struct uc_error *err)
{
	struct uc_ob_item *v = NULL;
	struct uc_cal_unit u;
	enum uc_status rc;
	int64_t from;
	size_t n = 0, i;

	rc = uc_cal_unit_load(ctx, id, &u, err);
	from = now - YEAR_MS;
	if (u.created_ms > from)
		from = u.created_ms;
	if (rc == UC_OK && from < now + AHEAD_MS)
		rc = uc_cal_compute(ctx, p, &u, from, now + AHEAD_MS, now, &v,
		    &n, err);
	for (i = 0; rc == UC_OK && i < n; i++) {
		if (v[i].status != UC_OB_DUE && v[i].status != UC_OB_OVERDUE)
			continue;
		if ((rc = uc_store_begin(ctx->st, err)) != UC_OK)
			break;
		rc = remind_item(ctx, &u, &v[i], sent, err);
		if (rc == UC_OK)
			rc = uc_store_commit(ctx->st, err);
		uc_store_rollback(ctx->st);
	}
	return rc;
}

enum uc_status
uc_calendar_remind(struct uc_ctx *ctx, int64_t now, int *sent,
    struct uc_error *err)
{
	const struct uc_rulepack *p = NULL;
	struct uc_stmt *s = NULL;
	int64_t *ids;
	size_t n = 0, i;
	enum uc_status rc;
	int row = 0, count = 0, more = 0;

	ids = uc_arena_alloc(ctx->arena, UC_CALENDAR_MAX_UNITS *
	    sizeof(*ids));
	rc = uc_incident_pack(ctx, &p, err);
	if (rc == UC_OK)
		rc = uc_store_query(ctx->st, &s, err, "SELECT id FROM units"
		    " ORDER BY id LIMIT ?", "i",
		    (int64_t)UC_CALENDAR_MAX_UNITS);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row)
		ids[n++] = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	for (i = 0; rc == UC_OK && i < n; i++)
		rc = remind_unit(ctx, p, ids[i], now, &count, err);
	/* the units' expiring resources and the incidents' deadlines,
	 * once each the same way */
	if (rc == UC_OK)
		rc = uc_resource_remind(ctx, now, &more, err);
	count += more;
	more = 0;
	if (rc == UC_OK)
		rc = uc_deadline_remind(ctx, now, &more, err);
	count += more;
	if (sent != NULL)
		*sent = count;
	return rc;
}

/* ---- the reminder thread ----------------------------------------- */

static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int started, stop;
	int64_t interval_ms, first_ms;
} rt = { .mu = PTHREAD_MUTEX_INITIALIZER };

/* Sleep ms, or less when uc_calendar_stop asks; 1 when stopping. */
static int
nap(int64_t ms)
{
	struct timespec ts;
	int stop;

	uc_time_mono_after(ms, &ts);
	pthread_mutex_lock(&rt.mu);
	while (!rt.stop && pthread_cond_timedwait(&rt.cv, &rt.mu, &ts) == 0)
		;
	stop = rt.stop;
	pthread_mutex_unlock(&rt.mu);
	return stop;
}

static void
remind_once(void)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	int sent = 0;

	memset(&ctx, 0, sizeof(ctx));
	if (uc_store_pool_get(&ctx.st, &err) != UC_OK) {
		uc_log_warn("calendar: %s", err.message);
		return;
	}
	uc_store_pool_acquire();
	ctx.arena = uc_arena_new();
	ctx.source = "calendar";
	ctx.now = uc_time_now_ms();
	uc_access_system(&ctx, "calendar");
	if (uc_calendar_remind(&ctx, ctx.now, &sent, &err) != UC_OK)
		uc_log_warn("calendar: reminders: %s", err.message);
	else if (sent > 0)
		uc_log_info("calendar: %d reminder(s) enqueued", sent);
	uc_store_rollback(ctx.st);
	uc_arena_free(ctx.arena);
	uc_store_pool_release();
}

static void *
run(void *arg)
{
	(void)arg;
	if (nap(rt.first_ms))
		return NULL;
	do
		remind_once();
	while (!nap(rt.interval_ms));
	return NULL;
}

enum uc_status
uc_calendar_start(int64_t interval_ms, int64_t first_ms,
    struct uc_error *err)
{
	pthread_condattr_t ca;
	sigset_t block, old;
	int e;

	if (interval_ms <= 0)
		return UC_OK;
	rt.interval_ms = interval_ms;
	rt.first_ms = first_ms;
	rt.stop = 0;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&rt.cv, &ca);
	pthread_condattr_destroy(&ca);
	/* signals are the main thread's (http/server.c waits for them) */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	e = pthread_create(&rt.thread, NULL, run, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		pthread_cond_destroy(&rt.cv);
		return uc_error_set(err, UC_EIO, "calendar: cannot start the "
		    "reminder thread: %s", strerror(e));
	}
	rt.started = 1;
	return UC_OK;
}

void
uc_calendar_stop(void)
{
	if (!rt.started)
		return;
	pthread_mutex_lock(&rt.mu);
	rt.stop = 1;
	pthread_cond_signal(&rt.cv);
	pthread_mutex_unlock(&rt.mu);
	pthread_join(rt.thread, NULL);
	pthread_cond_destroy(&rt.cv);
	rt.started = 0;
}
