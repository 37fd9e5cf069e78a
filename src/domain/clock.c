/*
 * clock.c - see clock.h.
 */
#include "domain/clock.h"
#include "core/mem.h"
#include "domain/calendar.h"

#include <string.h>

#define MINUTE_MS (60LL * 1000)
#define DAY_MS (86400LL * 1000)

static const char *const state_names[] = {
	"not_started", "pending", "due_soon", "met", "late", "overdue"
};

_Static_assert(sizeof(state_names) / sizeof(state_names[0]) ==
    UC_CLOCK_STATE_COUNT, "a name per state");

static int64_t
anchor_of(const struct uc_clock_facts *f, enum uc_anchor a)
{
	switch (a) {
	case UC_ANCHOR_NONE:
		return 0;
	case UC_ANCHOR_DETECTION:
		return f->detected_at;
	case UC_ANCHOR_BEYOND_CAPACITY:
		return f->beyond_capacity_at;
	case UC_ANCHOR_RESPONSE_END:
		return f->response_ended_at;
	case UC_ANCHOR_RECEIPT:
		return f->received_at;
	case UC_ANCHOR_SERIOUS:
		return f->serious_at;
	default:
		uc_assert(!"unknown anchor");
	}
	return 0;
}

static int64_t
due_of(const struct uc_rulepack *p, const struct uc_rp_deadline *d,
    int64_t anchor)
{
	switch (d->due) {
	case UC_DUE_IMMEDIATE:
		return anchor + p->clocks.immediate_minutes * MINUTE_MS;
	case UC_DUE_HOURS:
		return uc_calendar_within_hours(anchor, d->amount);
	case UC_DUE_DAYS:
		return uc_calendar_within_days(&p->days, anchor, d->amount);
	default:
		uc_assert(!"a clock without a deadline");
	}
	return 0;
}

/* Day clocks warn warn_days before; the others in the last
 * warn_percent % of their span. Never before the anchor. */
static int64_t
warn_of(const struct uc_rulepack *p, const struct uc_rp_deadline *d,
    int64_t anchor, int64_t due)
{
	int64_t w;

	if (d->due == UC_DUE_DAYS)
		w = due - p->days.warn_days * DAY_MS;
	else
		w = due - (due - anchor) * p->clocks.warn_percent / 100;
	return w < anchor ? anchor : w;
}

/* The first send of `report`: sent_at and acked_at, or zeros. */
static void
first_send(const struct uc_clock_facts *f, const char *report,
    struct uc_clock *c)
{
	size_t i;

	for (i = 0; i < f->nsends; i++) {
		const struct uc_clock_send *s = &f->sends[i];

		if (s->sent_at == 0 || strcmp(s->report, report) != 0)
			continue;
		if (c->sent_at == 0 || s->sent_at < c->sent_at) {
			c->sent_at = s->sent_at;
			c->acked_at = s->acked_at;
		}
	}
}

static enum uc_clock_state
state_of(const struct uc_clock *c, int64_t now)
{
	if (!c->started)
		return UC_CLOCK_NOT_STARTED;
	if (c->sent_at != 0)
		return c->sent_at <= c->due_at ? UC_CLOCK_MET : UC_CLOCK_LATE;
	if (now > c->due_at)
		return UC_CLOCK_OVERDUE;
	return now >= c->warn_at ? UC_CLOCK_DUE_SOON : UC_CLOCK_PENDING;
}

/* Fill c from the rule and the facts; sent_at / acked_at are set. */
static void
run(const struct uc_rulepack *p, const struct uc_clock_facts *f,
    int64_t now, struct uc_clock *c)
{
	int64_t anchor = anchor_of(f, c->deadline->anchor);

	if (anchor != 0) {
		c->started = 1;
		c->anchor_at = anchor;
		c->due_at = due_of(p, c->deadline, anchor);
		c->warn_at = warn_of(p, c->deadline, anchor, c->due_at);
	}
	c->state = state_of(c, now);
	if (c->started && c->sent_at == 0)
		c->time_left_ms = c->due_at - now;
}

static void
report_clock(const struct uc_rulepack *p, const struct uc_rp_report *r,
    const struct uc_clock_facts *f, int64_t now, struct uc_clock *c)
{
	memset(c, 0, sizeof(*c));
	c->report = r->code;
	c->vi = r->vi;
	c->en = r->en;
	c->deadline = &r->deadline;
	c->to = &r->recipients;
	first_send(f, r->code, c);
	run(p, f, now, c);
}

static void
ack_clock(const struct uc_rulepack *p, const struct uc_clock_facts *f,
    int64_t now, struct uc_clock *c)
{
	memset(c, 0, sizeof(*c));
	c->report = UC_CLOCK_ACK;
	c->vi = p->ack_vi;
	c->en = p->ack_en;
	c->deadline = &p->ack;
	c->to = &p->ack_recipients;
	c->sent_at = f->acknowledged_at;
	run(p, f, now, c);
}

enum uc_status
uc_clock_eval(const struct uc_rulepack *pack,
    const struct uc_clock_facts *facts, int64_t now, struct uc_clock out[],
    size_t max, size_t *n, struct uc_error *err)
{
	size_t i, k = 0;

	*n = 0;
	if (facts->detected_at == 0)
		return uc_error_set(err, UC_EINVAL, "clocks: no detection "
		    "time");
	for (i = 0; i < pack->nreports; i++) {
		const struct uc_rp_report *r = &pack->reports[i];

		if (r->deadline.due == UC_DUE_NONE)
			continue;
		if (k == max)
			goto full;
		report_clock(pack, r, facts, now, &out[k++]);
	}
	if (k == max)
		goto full;
	ack_clock(pack, facts, now, &out[k++]);
	*n = k;
	return UC_OK;
full:
	return uc_error_set(err, UC_EINTERNAL, "clocks: pack %s has more "
	    "than %zu", pack->id, max);
}

int64_t
uc_clock_next_due(const struct uc_clock *c, size_t n)
{
	int64_t next = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!c[i].started || c[i].sent_at != 0)
			continue;
		if (next == 0 || c[i].due_at < next)
			next = c[i].due_at;
	}
	return next;
}

int
uc_clock_any_overdue(const struct uc_clock *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i].state == UC_CLOCK_OVERDUE)
			return 1;
	return 0;
}

const char *
uc_clock_state_name(enum uc_clock_state s)
{
	return (unsigned)s < UC_CLOCK_STATE_COUNT ? state_names[s] : "?";
}
