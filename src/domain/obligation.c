/*
 * obligation.c - see obligation.h.
 *
 * Periods are counted as month indexes (year * 12 + month - 1) so that
 * quarters, halves, years and two-year cycles share one loop; the
 * window is widened by a period on each side and filtered on the due
 * instant, because a "trước ngày" date may fall after its period.
 */
#include "domain/obligation.h"
#include "core/arena.h"
#include "core/mem.h"
#include "domain/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {
	"upcoming", "due", "done", "overdue"
};

const char *
uc_obligation_status_name(enum uc_ob_status s)
{
	uc_assert((unsigned)s < UC_OB_STATUS_COUNT);
	return status_names[s];
}

struct gen {
	struct uc_arena *a;
	struct uc_ob_item *v;
	size_t n, cap;
	const struct uc_ob_done *done;
	size_t ndone;
	int64_t from, to, now;
};

static int32_t
month_date(long mi)
{
	return (int32_t)((mi / 12) * 10000 + (mi % 12 + 1) * 100 + 1);
}

/* The month index periods of o are counted from. */
static long
base_month(const struct uc_rp_obligation *o)
{
	if (o->anchor == 0)
		return 0;
	return (long)(o->anchor / 10000) * 12 + (o->anchor / 100) % 100 - 1;
}

static void
period_key(const struct uc_rp_obligation *o, long mi, char *buf)
{
	long y = mi / 12, k = (mi % 12) / o->every + 1;

	switch (o->every) {
	case 24:
		snprintf(buf, UC_OB_PERIOD_MAX, "%ld-%ld", y, y + 1);
		break;
	case 12:
		snprintf(buf, UC_OB_PERIOD_MAX, "%ld", y);
		break;
	case 6:
		snprintf(buf, UC_OB_PERIOD_MAX, "%ld-H%ld", y, k);
		break;
	case 4:
		snprintf(buf, UC_OB_PERIOD_MAX, "%ld-T%ld", y, k);
		break;
	default:
		snprintf(buf, UC_OB_PERIOD_MAX, "%ld-Q%ld", y, k);
		break;
	}
}

static long
find_done(const struct gen *g, const struct uc_ob_item *it)
{
	size_t i;

	for (i = 0; i < g->ndone; i++)
		if (g->done[i].system_id == it->system_id &&
		    strcmp(g->done[i].code, it->ob->code) == 0 &&
		    strcmp(g->done[i].period, it->period) == 0)
			return (long)i;
	return -1;
}

static enum uc_ob_status
status_of(const struct uc_ob_item *it, int64_t now)
{
	if (it->done >= 0)
		return UC_OB_DONE;
	if (now > it->due_ms)
		return UC_OB_OVERDUE;
	if (now >= it->remind_ms)
		return UC_OB_DUE;
	return UC_OB_UPCOMING;
}

static struct uc_ob_item *
push(struct gen *g)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 32;
		struct uc_ob_item *nv = uc_arena_alloc(g->a,
		    cap * sizeof(*nv));

		if (g->n > 0)
			memcpy(nv, g->v, g->n * sizeof(*nv));
		g->v = nv;
		g->cap = cap;
	}
	return &g->v[g->n++];
}

/* "mm-dd" (checked by the pack parser) as mmdd. */
static int32_t
atoi_mmdd(const char *s)
{
	return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[3] - '0') * 10 +
	    (s[4] - '0');
}

/* The period of o starting at month index mi, for one target. */
static enum uc_status
add_period(struct gen *g, const struct uc_rp_obligation *o, long mi,
    int64_t system_id, int level, struct uc_error *err)
{
	struct uc_ob_item it = { 0 };
	size_t k = o->every >= 12 ? 0 : (size_t)((mi % 12) / o->every);
	int32_t next = month_date(mi + o->every);

	if (o->due.n > 0)
		it.due_ms = uc_calendar_before_day((int32_t)((mi / 12) *
		    10000 + atoi_mmdd(o->due.v[k])));
	else
		it.due_ms = uc_calendar_before_day(next);
	if (it.due_ms < g->from || it.due_ms >= g->to)
		return UC_OK;
	if (g->n >= UC_OB_MAX_ITEMS)
		return uc_error_set(err, UC_EINVAL, "the window holds more "
		    "than %d items; narrow from/to", UC_OB_MAX_ITEMS);
	it.ob = o;
	it.system_id = system_id;
	it.level = level;
	period_key(o, mi, it.period);
	it.start = month_date(mi);
	it.end = uc_calendar_add(next, -1);
	it.remind_ms = it.due_ms + 1 - (int64_t)o->remind_days *
	    UC_OB_DAY_MS;
	it.done = find_done(g, &it);
	it.status = status_of(&it, g->now);
	*push(g) = it;
	return UC_OK;
}

static long
floor_div(long a, long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Every period of o whose due may fall in the window, for one target. */
static enum uc_status
add_target(struct gen *g, const struct uc_rp_obligation *o,
    int64_t system_id, int level, struct uc_error *err)
{
	int32_t d0 = uc_calendar_date_of(g->from);
	int32_t d1 = uc_calendar_date_of(g->to);
	long lo = (long)(d0 / 10000) * 12 + (d0 / 100) % 100 - 1 -
	    o->every - 1;
	long hi = (long)(d1 / 10000) * 12 + (d1 / 100) % 100;
	long base = base_month(o), mi;
	enum uc_status rc;

	mi = base + floor_div(lo - base, o->every) * o->every;
	for (; mi <= hi; mi += o->every)
		if ((rc = add_period(g, o, mi, system_id, level, err)) !=
		    UC_OK)
			return rc;
	return UC_OK;
}

static enum uc_status
add_obligation(struct gen *g, const struct uc_rp_obligation *o,
    const struct uc_ob_system *sys, size_t nsys, struct uc_error *err)
{
	enum uc_status rc;
	size_t i;

	if (o->scope == UC_OB_UNIT)
		return add_target(g, o, 0, 0, err);
	for (i = 0; i < nsys; i++) {
		/* a system whose level is not known owes what all owe */
		if (o->level_mask != 0 && !(o->level_mask &
		    (1u << sys[i].level)))
			continue;
		if (sys[i].level < 0 || sys[i].level > 5)
			continue;
		if ((rc = add_target(g, o, sys[i].id, sys[i].level, err)) !=
		    UC_OK)
			return rc;
	}
	return UC_OK;
}

static int
cmp_item(const void *pa, const void *pb)
{
	const struct uc_ob_item *a = pa, *b = pb;
	int c;

	if (a->due_ms != b->due_ms)
		return a->due_ms < b->due_ms ? -1 : 1;
	if ((c = strcmp(a->ob->code, b->ob->code)) != 0)
		return c;
	return (a->system_id > b->system_id) - (a->system_id < b->system_id);
}

enum uc_status
uc_obligation_items(const struct uc_rp_obligation *obs, size_t nobs,
    const struct uc_ob_system *sys, size_t nsys,
    const struct uc_ob_done *done, size_t ndone, int64_t from, int64_t to,
    int64_t now, struct uc_arena *a, struct uc_ob_item **out, size_t *n,
    struct uc_error *err)
{
	struct gen g = { a, NULL, 0, 0, done, ndone, from, to, now };
	enum uc_status rc;
	size_t i;

	*out = NULL;
	*n = 0;
	if (from >= to)
		return uc_error_field(err, "to", "invalid",
		    "to must be after from");
	for (i = 0; i < nobs; i++)
		if ((rc = add_obligation(&g, &obs[i], sys, nsys, err)) !=
		    UC_OK)
			return rc;
	if (g.n > 1)
		qsort(g.v, g.n, sizeof(*g.v), cmp_item);
	*out = g.v;
	*n = g.n;
	return UC_OK;
}
