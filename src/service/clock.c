/*
 * clock.c - see clock.h.
 */
#include "service/clock.h"
#include "core/time.h"
#include "domain/calendar.h"

#include <stdio.h>

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
