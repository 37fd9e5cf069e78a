/*
 * rota.c - who is on duty and who is next; see rota.h.
 *
 * A weekly pattern recurs every 7 days from the local Monday 00:00 of
 * its week. Its length is at most a week, so the occurrence covering
 * an instant started in that instant's local week or the week before,
 * and the next one to start is in this week or the following.
 */
#include "domain/rota.h"

#define MIN_MS INT64_C(60000)
#define DAY_MS (INT64_C(1440) * MIN_MS)
#define WEEK_MS (7 * DAY_MS)

/* Floor division: instants before 1970 still fall in the right week. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The instant of local Monday 00:00 of the week holding t. 1970-01-01
 * was a Thursday: local day 0 is weekday 4 (Monday = 1). */
static int64_t
week_start(int64_t t)
{
	int64_t day = floor_div(t + UC_ROTA_OFFSET_MS, DAY_MS);
	int64_t monday = day - ((day + 3) - floor_div(day + 3, 7) * 7);

	return monday * DAY_MS - UC_ROTA_OFFSET_MS;
}

/* The occurrence of weekly shift s in the week starting at `week`. */
static struct uc_rota_slot
weekly_at(const struct uc_rota_shift *s, int64_t week)
{
	struct uc_rota_slot o;

	o.id = s->id;
	o.start = week + (s->weekday - 1) * DAY_MS + s->start_min * MIN_MS;
	o.end = o.start + s->length_min * MIN_MS;
	return o;
}

int
uc_rota_valid(const struct uc_rota_shift *s)
{
	if (s->kind == UC_ROTA_DATED)
		return s->start < s->end;
	return s->kind == UC_ROTA_WEEKLY && s->weekday >= 1 &&
	    s->weekday <= 7 && s->start_min >= 0 && s->start_min < 1440 &&
	    s->length_min >= 1 && s->length_min <= UC_ROTA_WEEK_MIN;
}

static int
before(const struct uc_rota_slot *a, const struct uc_rota_slot *b)
{
	return a->start < b->start || (a->start == b->start && a->id < b->id);
}

/* Insert o into the sorted out[0..*k), keeping at most max. */
static void
keep(struct uc_rota_slot *out, size_t max, size_t *k,
    struct uc_rota_slot o)
{
	size_t i = *k < max ? *k : max;

	if (max == 0)
		return;
	if (i == max && !before(&o, &out[max - 1]))
		return;
	if (i == max)
		i--;
	while (i > 0 && before(&o, &out[i - 1])) {
		out[i] = out[i - 1];
		i--;
	}
	out[i] = o;
	if (*k < max)
		(*k)++;
}

size_t
uc_rota_on_duty(const struct uc_rota_shift *s, size_t n, int64_t t,
    struct uc_rota_slot *out, size_t max)
{
	struct uc_rota_slot o;
	size_t i, count = 0, kept = 0;
	int64_t w = week_start(t), k;

	for (i = 0; i < n; i++) {
		if (!uc_rota_valid(&s[i]))
			continue;
		for (k = -1; k <= 0; k++) {
			if (s[i].kind == UC_ROTA_DATED) {
				if (k < 0)
					continue;
				o.id = s[i].id;
				o.start = s[i].start;
				o.end = s[i].end;
			} else {
				o = weekly_at(&s[i], w + k * WEEK_MS);
			}
			if (o.start <= t && t < o.end) {
				count++;
				keep(out, max, &kept, o);
			}
		}
	}
	return count;
}

int
uc_rota_next(const struct uc_rota_shift *s, size_t n, int64_t t,
    struct uc_rota_slot *out)
{
	struct uc_rota_slot o;
	size_t i, kept = 0;
	int64_t w = week_start(t), k;

	for (i = 0; i < n; i++) {
		if (!uc_rota_valid(&s[i]))
			continue;
		for (k = 0; k <= 1; k++) {
			if (s[i].kind == UC_ROTA_DATED) {
				if (k > 0)
					continue;
				o.id = s[i].id;
				o.start = s[i].start;
				o.end = s[i].end;
			} else {
				o = weekly_at(&s[i], w + k * WEEK_MS);
			}
			if (o.start > t)
				keep(out, 1, &kept, o);
		}
	}
	return kept != 0;
}

int
uc_rota_parse_hhmm(const char *s, int *min)
{
	int h, m;

	if (s == NULL || s[0] < '0' || s[0] > '2' || s[1] < '0' ||
	    s[1] > '9' || s[2] != ':' || s[3] < '0' || s[3] > '5' ||
	    s[4] < '0' || s[4] > '9' || s[5] != '\0')
		return 0;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23)
		return 0;
	*min = h * 60 + m;
	return 1;
}
