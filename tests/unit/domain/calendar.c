/*
 * tests/unit/domain/calendar.c - src/domain/calendar.c: civil dates in
 * UTC+7, "within n days" under the day rules of the rule pack, and
 * "truoc ngay X". Expected instants are written as ISO text with an
 * explicit +07:00 and read with uc_time_parse, so they do not depend on
 * the arithmetic under test.
 */
#include "../../../src/domain/calendar.c"

#include "core/time.h"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define WEEKEND (1 << 0 | 1 << 6)	/* Sunday, Saturday */

/*
 * A test holiday table for 2026 (the real one lives in the rule pack):
 * Tet Nguyen dan 14/02-22/02 as scheduled for civil servants, Gio To
 * Hung Vuong 26/04 (a Sunday) with the compensating Monday 27/04,
 * 30/04, 01/05, Quoc khanh 01/09-02/09, and New Year's Day 2027.
 */
static const int32_t holidays[] = {
	20260101,
	20260214, 20260215, 20260216, 20260217, 20260218, 20260219,
	20260220, 20260221, 20260222,
	20260426, 20260427, 20260430, 20260501,
	20260901, 20260902,
	20270101,
};

enum { CAL, NOROLL, SAMEDAY, WORK, WORKSAME };

static const struct uc_dayrule rules[] = {
	/* BLDS 2015 D147-148: the default of regulation.md 10 */
	[CAL] = { 0, 1, 1, WEEKEND, holidays, NELEM(holidays), 3 },
	[NOROLL] = { 0, 1, 0, WEEKEND, holidays, NELEM(holidays), 3 },
	[SAMEDAY] = { 0, 0, 1, WEEKEND, holidays, NELEM(holidays), 3 },
	[WORK] = { 1, 1, 1, WEEKEND, holidays, NELEM(holidays), 3 },
	[WORKSAME] = { 1, 0, 0, WEEKEND, holidays, NELEM(holidays), 3 },
};

static int64_t
iso(const char *s)
{
	int64_t ms = 0;

	cr_assert_eq(uc_time_parse(s, &ms), UC_OK, "bad fixture %s", s);
	return ms;
}

struct within_vec {
	const char *anchor;
	int n;
	int rule;
	const char *due;
	const char *what;
};

#define END "T23:59:59.999+07:00"

static const struct within_vec within_vecs[] = {
	{ "2026-03-02T10:00:00+07:00", 5, CAL, "2026-03-09" END,
	  "Monday + 5: Saturday rolls to Monday" },
	{ "2026-03-02T10:00:00+07:00", 5, NOROLL, "2026-03-07" END,
	  "Monday + 5 without roll: Saturday" },
	{ "2026-03-03T10:00:00+07:00", 5, CAL, "2026-03-09" END,
	  "Tuesday + 5: Sunday rolls to Monday" },
	{ "2026-03-04T10:00:00+07:00", 5, SAMEDAY, "2026-03-09" END,
	  "Wednesday as day 1: day 5 Sunday rolls to Monday" },
	{ "2026-03-04T10:00:00+07:00", 5, CAL, "2026-03-09" END,
	  "Wednesday + 5: Monday" },
	{ "2026-03-06T08:00:00+07:00", 1, CAL, "2026-03-09" END,
	  "Friday + 1: Saturday rolls" },
	{ "2026-02-11T09:00:00+07:00", 5, CAL, "2026-02-23" END,
	  "Tet: day 5 on 16/02 rolls past the holiday to 23/02" },
	{ "2026-02-10T09:00:00+07:00", 3, CAL, "2026-02-13" END,
	  "before Tet: Friday 13/02 is a working day" },
	{ "2026-02-10T09:00:00+07:00", 4, CAL, "2026-02-23" END,
	  "Tet: Saturday 14/02 rolls to 23/02" },
	{ "2026-02-12T09:00:00+07:00", 5, WORK, "2026-02-26" END,
	  "Tet, working days: 13, 23, 24, 25, 26/02" },
	{ "2026-02-12T09:00:00+07:00", 5, NOROLL, "2026-02-17" END,
	  "Tet without roll: the calendar day stands" },
	{ "2026-04-24T09:00:00+07:00", 2, CAL, "2026-04-28" END,
	  "Gio To on a Sunday and its Monday off" },
	{ "2026-04-28T09:00:00+07:00", 2, CAL, "2026-05-04" END,
	  "30/04 and 01/05, then the weekend" },
	{ "2026-08-28T09:00:00+07:00", 4, CAL, "2026-09-03" END,
	  "Quoc khanh 01-02/09" },
	{ "2026-08-28T09:00:00+07:00", 3, WORK, "2026-09-04" END,
	  "Quoc khanh, working days: 31/08, 03/09, 04/09" },
	{ "2026-12-28T09:00:00+07:00", 5, CAL, "2027-01-04" END,
	  "year end: Saturday 02/01 rolls to Monday" },
	{ "2026-12-28T09:00:00+07:00", 4, CAL, "2027-01-04" END,
	  "year end: New Year's Day, then the weekend" },
	{ "2026-12-28T09:00:00+07:00", 4, NOROLL, "2027-01-01" END,
	  "year end without roll" },
	{ "2026-01-29T09:00:00+07:00", 3, NOROLL, "2026-02-01" END,
	  "month end" },
	{ "2026-02-25T09:00:00+07:00", 4, NOROLL, "2026-03-01" END,
	  "2026 is not a leap year" },
	{ "2028-02-25T09:00:00+07:00", 4, NOROLL, "2028-02-29" END,
	  "2028 is a leap year" },
	{ "2028-02-25T09:00:00+07:00", 4, CAL, "2028-02-29" END,
	  "29/02/2028 is a Tuesday: no roll" },
	{ "2028-02-25T09:00:00+07:00", 5, NOROLL, "2028-03-01" END,
	  "after 29/02/2028" },
	{ "2026-03-02T16:30:00Z", 5, NOROLL, "2026-03-07" END,
	  "23:30 local Monday counts from Monday" },
	{ "2026-03-02T17:30:00Z", 5, NOROLL, "2026-03-08" END,
	  "00:30 local Tuesday, same UTC day, counts from Tuesday" },
	{ "2026-03-02T16:59:59.999Z", 1, NOROLL, "2026-03-03" END,
	  "last instant of Monday local" },
	{ "2026-03-02T17:00:00Z", 1, NOROLL, "2026-03-04" END,
	  "first instant of Tuesday local" },
	{ "2026-03-02T16:30:00Z", 5, CAL, "2026-03-09" END,
	  "23:30 local Monday, with roll" },
	{ "2026-03-02T17:30:00Z", 5, CAL, "2026-03-09" END,
	  "00:30 local Tuesday, with roll" },
	{ "2026-03-07T10:00:00+07:00", 0, CAL, "2026-03-07" END,
	  "n = 0 is the anchor day, even a Saturday" },
	{ "2026-03-02T17:30:00Z", 0, CAL, "2026-03-03" END,
	  "n = 0 is the local anchor day" },
	{ "2026-03-02T10:00:00+07:00", -3, CAL, "2026-03-02" END,
	  "n < 0 reads as 0" },
	{ "2026-03-07T10:00:00+07:00", 1, WORKSAME, "2026-03-09" END,
	  "working days from a Saturday: day 1 is Monday" },
	{ "2026-03-04T10:00:00+07:00", 1, WORKSAME, "2026-03-04" END,
	  "working days from a Wednesday: day 1 is the anchor day" },
	{ "2026-03-02T10:00:00+07:00", 10, WORK, "2026-03-16" END,
	  "ten working days: two weeks" },
};

Test(domain_calendar, within_days)
{
	size_t i;

	for (i = 0; i < NELEM(within_vecs); i++) {
		const struct within_vec *v = &within_vecs[i];
		int64_t got = uc_calendar_within_days(&rules[v->rule],
		    iso(v->anchor), v->n);
		char buf[UC_TIME_ISO_LEN + 1];

		uc_time_format(got, buf, sizeof(buf));
		cr_expect_eq(got, iso(v->due), "%s: got %s UTC, want %s",
		    v->what, buf, v->due);
	}
}

Test(domain_calendar, within_days_degenerate)
{
	struct uc_dayrule all = { 1, 1, 1, 0x7f, NULL, 0, 0 };
	struct uc_dayrule none = { 1, 1, 1, 0, NULL, 0, 0 };
	int64_t a = iso("2026-03-02T10:00:00+07:00");

	/* a weekend of seven days is no weekend, not an endless loop */
	cr_expect_eq(uc_calendar_within_days(&all, a, 3),
	    iso("2026-03-05" END));
	cr_expect_eq(uc_calendar_within_days(&none, a, 7),
	    iso("2026-03-09" END));
	/* n is capped: this must return, well within the year 9999 */
	cr_expect_lt(uc_calendar_within_days(&rules[WORK], a, 1 << 30),
	    iso("9999-12-31T00:00:00Z"));
	cr_expect_eq(uc_calendar_within_hours(a, 24),
	    iso("2026-03-03T10:00:00+07:00"));
	cr_expect_eq(uc_calendar_within_hours(a, 72),
	    iso("2026-03-05T10:00:00+07:00"));
}

struct before_vec {
	int32_t x;
	const char *due;
};

static const struct before_vec before_vecs[] = {
	{ 20260620, "2026-06-19" END },	/* Mau 05, 6-monthly */
	{ 20261215, "2026-12-14" END },	/* Mau 05, annual */
	{ 20260610, "2026-06-09" END },
	{ 20270101, "2026-12-31" END },	/* crosses the year */
	{ 20260301, "2026-02-28" END },
	{ 20280301, "2028-02-29" END },
	{ 20260621, "2026-06-20" END },	/* a Saturday: never rolls */
	{ 20260215, "2026-02-14" END },	/* a holiday: never rolls */
};

Test(domain_calendar, before_day)
{
	size_t i;

	for (i = 0; i < NELEM(before_vecs); i++)
		cr_expect_eq(uc_calendar_before_day(before_vecs[i].x),
		    iso(before_vecs[i].due), "before %d",
		    (int)before_vecs[i].x);
	cr_expect_eq(uc_calendar_before_day(20260620),
	    iso("2026-06-19T16:59:59.999Z"));
}

struct valid_vec {
	int32_t date;
	int valid;
};

static const struct valid_vec valid_vecs[] = {
	{ 20260229, 0 }, { 20280229, 1 }, { 20000229, 1 }, { 21000229, 0 },
	{ 19000229, 0 }, { 20240229, 1 }, { 20261231, 1 }, { 20261232, 0 },
	{ 20260431, 0 }, { 20260430, 1 }, { 20261301, 0 }, { 20260001, 0 },
	{ 20260100, 0 }, { 19000101, 1 }, { 18991231, 0 }, { 99991231, 1 },
	{ 100000101, 0 }, { 0, 0 }, { -20260101, 0 }, { 20260131, 1 },
	{ 20260632, 0 },
};

Test(domain_calendar, valid)
{
	size_t i;

	for (i = 0; i < NELEM(valid_vecs); i++)
		cr_expect_eq(uc_calendar_valid(valid_vecs[i].date),
		    valid_vecs[i].valid, "%d", (int)valid_vecs[i].date);
}

Test(domain_calendar, weekday)
{
	cr_expect_eq(uc_calendar_weekday(19700101), 4);
	cr_expect_eq(uc_calendar_weekday(19691231), 3);
	cr_expect_eq(uc_calendar_weekday(19000101), 1);
	cr_expect_eq(uc_calendar_weekday(20000229), 2);
	cr_expect_eq(uc_calendar_weekday(20260217), 2);	/* Tet 2026 */
	cr_expect_eq(uc_calendar_weekday(20260302), 1);
	cr_expect_eq(uc_calendar_weekday(20260426), 0);
	cr_expect_eq(uc_calendar_weekday(20280229), 2);
	cr_expect_eq(uc_calendar_weekday(99991231), 5);
}

Test(domain_calendar, date_of_and_at)
{
	cr_expect_eq(uc_calendar_date_of(0), 19700101);
	cr_expect_eq(uc_calendar_date_of(-1), 19700101);
	cr_expect_eq(uc_calendar_date_of(-25200000), 19700101);
	cr_expect_eq(uc_calendar_date_of(-25200001), 19691231);
	cr_expect_eq(uc_calendar_date_of(iso("2026-03-02T16:59:59.999Z")),
	    20260302);
	cr_expect_eq(uc_calendar_date_of(iso("2026-03-02T17:00:00Z")),
	    20260303);
	cr_expect_eq(uc_calendar_date_of(iso("2026-12-31T17:00:00Z")),
	    20270101);
	cr_expect_eq(uc_calendar_date_of(iso("2028-02-28T17:00:00Z")),
	    20280229);
	cr_expect_eq(uc_calendar_at(20260302, 23, 30, 0),
	    iso("2026-03-02T16:30:00Z"));
	cr_expect_eq(uc_calendar_at(19700101, 7, 0, 0), 0);
	/* extremes must not overflow (UBSan would say so) */
	(void)uc_calendar_date_of(INT64_MAX);
	(void)uc_calendar_date_of(INT64_MIN);
}

Test(domain_calendar, add)
{
	cr_expect_eq(uc_calendar_add(20261231, 1), 20270101);
	cr_expect_eq(uc_calendar_add(20270101, -1), 20261231);
	cr_expect_eq(uc_calendar_add(20260301, -1), 20260228);
	cr_expect_eq(uc_calendar_add(20280301, -1), 20280229);
	cr_expect_eq(uc_calendar_add(20260101, 365), 20270101);
	cr_expect_eq(uc_calendar_add(20260220, -30), 20260121);
	cr_expect_eq(uc_calendar_add(20000101, 36525), 21000101);
	cr_expect_eq(uc_calendar_add(20260302, 0), 20260302);
}

/* Every day from 1900 to 2101: the day number and back, validity, and
 * the weekday advancing by one. */
Test(domain_calendar, round_trip)
{
	int64_t z, first = to_days(19000101), last = to_days(21011231);
	int prev = uc_calendar_weekday(18991231);

	for (z = first; z <= last; z++) {
		int32_t d = civil_from_days(z);

		cr_assert(uc_calendar_valid(d), "%d", (int)d);
		cr_assert_eq(to_days(d), z, "%d", (int)d);
		cr_assert_eq(uc_calendar_weekday(d), (prev + 1) % 7);
		prev = uc_calendar_weekday(d);
	}
}

Test(domain_calendar, is_off)
{
	cr_expect(uc_calendar_is_off(&rules[CAL], 20260307));	/* Sat */
	cr_expect(uc_calendar_is_off(&rules[CAL], 20260308));	/* Sun */
	cr_expect(!uc_calendar_is_off(&rules[CAL], 20260309));
	cr_expect(uc_calendar_is_off(&rules[CAL], 20260217));	/* Tet */
	cr_expect(uc_calendar_is_off(&rules[CAL], 20260902));
	cr_expect(!uc_calendar_is_off(&rules[CAL], 20260213));
	cr_expect(!uc_calendar_is_off(&rules[CAL], 20260223));
	cr_expect(uc_calendar_is_off(&rules[CAL], 20270101));
}
