/*
 * calendar.c - see calendar.h.
 *
 * Civil dates become day numbers (days since 1970-01-01) with Howard
 * Hinnant's days_from_civil / civil_from_days, valid for the proleptic
 * Gregorian calendar; instants are shifted by the fixed UTC+7 offset.
 * No libc time zone function is used, so TZ has no effect.
 */
#include "domain/calendar.h"

#include <stdio.h>
#include <stdlib.h>

#define DAY_MS		(86400LL * 1000)
#define MAX_DAYS	100000	/* n past this is clamped: ~273 years */
#define ALL_DAYS	0x7f	/* weekend_mask with every day set */

/* Floor division for a positive divisor. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && a < 0) ? q - 1 : q;
}

static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* yyyymmdd of a day number; years past 214747 do not fit and wrap. */
static int32_t
civil_from_days(int64_t z)
{
	int64_t era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	return (int32_t)(y * 10000 + m * 100 + d);
}

static int64_t
to_days(int32_t date)
{
	return days_from_civil(date / 10000, date / 100 % 100, date % 100);
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
uc_calendar_valid(int32_t date)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
		31, 30, 31 };
	int y = date / 10000, m = date / 100 % 100, d = date % 100;

	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* s read against pattern pat ('d' a digit, else that byte): the digits
 * in pattern order as one number, 0 when s does not fit. */
static int32_t
fit(const char *s, const char *pat)
{
	int32_t v = 0;
	int i;

	for (i = 0; s != NULL && pat[i] != '\0'; i++) {
		if (pat[i] != 'd' && s[i] != pat[i])
			return 0;
		if (pat[i] == 'd' && (s[i] < '0' || s[i] > '9'))
			return 0;
		if (pat[i] == 'd')
			v = v * 10 + (s[i] - '0');
	}
	return s != NULL && s[i] == '\0' ? v : 0;
}

int32_t
uc_calendar_parse(const char *s)
{
	int32_t v = fit(s, "dddd-dd-dd");

	return uc_calendar_valid(v) ? v : 0;
}

int32_t
uc_calendar_parse_day(const char *s)
{
	int32_t v = fit(s, "dd/dd/dddd");

	/* ddmmyyyy -> yyyymmdd */
	v = v % 10000 * 10000 + v / 10000 % 100 * 100 + v / 1000000;
	if (uc_calendar_valid(v))
		return v;
	return uc_calendar_parse(s);
}

void
uc_calendar_text(int32_t date, char *buf, size_t len)
{
	snprintf(buf, len, "%04d-%02d-%02d", (int)(date / 10000),
	    (int)(date / 100 % 100), (int)(date % 100));
}

int32_t
uc_calendar_date_of(int64_t ms)
{
	int64_t days = ms / DAY_MS, rem = ms % DAY_MS;

	/* floor division; the offset goes on the remainder, not on ms,
	 * so that no instant overflows */
	if (rem < 0) {
		days--;
		rem += DAY_MS;
	}
	if (rem >= DAY_MS - UC_CALENDAR_OFFSET_MS)
		days++;
	return civil_from_days(days);
}

int64_t
uc_calendar_at(int32_t date, int hour, int min, int sec)
{
	return to_days(date) * DAY_MS + (int64_t)hour * 3600000 +
	    (int64_t)min * 60000 + (int64_t)sec * 1000 -
	    UC_CALENDAR_OFFSET_MS;
}

int32_t
uc_calendar_add(int32_t date, int n)
{
	return civil_from_days(to_days(date) + n);
}

int
uc_calendar_weekday(int32_t date)
{
	int64_t z = to_days(date) + 4;	/* 1970-01-01 was a Thursday */

	return (int)(z - floor_div(z, 7) * 7);
}

static int
cmp_date(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/* A rule whose weekend is every day would never find a working day:
 * its weekend is ignored (holidays still count). */
static int
weekend_mask(const struct uc_dayrule *rule)
{
	int mask = rule->weekend_mask & ALL_DAYS;

	return mask == ALL_DAYS ? 0 : mask;
}

int
uc_calendar_is_off(const struct uc_dayrule *rule, int32_t date)
{
	if (weekend_mask(rule) & (1 << uc_calendar_weekday(date)))
		return 1;
	if (rule->holidays == NULL || rule->nholidays == 0)
		return 0;
	return bsearch(&date, rule->holidays, rule->nholidays,
	    sizeof(rule->holidays[0]), cmp_date) != NULL;
}

/* The first working day on or after date. Terminates: the weekend
 * leaves a day of each week free and the holiday list is finite. */
static int32_t
next_working(const struct uc_dayrule *rule, int32_t date)
{
	while (uc_calendar_is_off(rule, date))
		date = uc_calendar_add(date, 1);
	return date;
}

/* The n-th day (n >= 1) counted from day 1 = first under the rule. */
static int32_t
nth_day(const struct uc_dayrule *rule, int32_t first, int n)
{
	int32_t day;

	if (!rule->working_days)
		return uc_calendar_add(first, n - 1);
	day = next_working(rule, first);
	while (--n > 0)
		day = next_working(rule, uc_calendar_add(day, 1));
	return day;
}

int64_t
uc_calendar_within_days(const struct uc_dayrule *rule, int64_t anchor_ms,
    int n)
{
	int32_t last = uc_calendar_date_of(anchor_ms);

	if (n > MAX_DAYS)
		n = MAX_DAYS;
	if (n > 0) {
		last = nth_day(rule, rule->start_next_day ?
		    uc_calendar_add(last, 1) : last, n);
		if (rule->roll_non_working)
			last = next_working(rule, last);
	}
	return uc_calendar_at(last, 23, 59, 59) + 999;
}

int64_t
uc_calendar_within_hours(int64_t anchor_ms, int hours)
{
	return anchor_ms + (int64_t)hours * 3600000;
}

int64_t
uc_calendar_before_day(int32_t x)
{
	return uc_calendar_at(uc_calendar_add(x, -1), 23, 59, 59) + 999;
}
