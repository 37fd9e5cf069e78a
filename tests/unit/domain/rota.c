/*
 * tests/unit/domain/rota.c - src/domain/rota.c: who is on duty at an
 * instant and whose shift starts next, across midnight, month ends, the
 * year end and a gap. Instants are ISO text read with uc_time_parse, so
 * the expectations do not depend on the arithmetic under test.
 */
#include "../../../src/domain/rota.c"

#include "core/time.h"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int64_t
at(const char *iso)
{
	int64_t t = 0;

	cr_assert_eq(uc_time_parse(iso, &t), UC_OK, "%s", iso);
	return t;
}

/*
 * The rota under test (local time): id 1 nights Monday 22:00 for 10 h,
 * id 2 days Tuesday 08:00 for 14 h, id 3 Sunday 20:00 for 12 h (into
 * Monday), id 4 a dated shift over the 2026/2027 year end. Nobody is
 * on duty Wednesday to Saturday: the gap.
 */
static struct uc_rota_shift rota[4];

static void
setup(void)
{
	rota[0] = (struct uc_rota_shift){ 1, UC_ROTA_WEEKLY, 1, 22 * 60,
	    10 * 60, 0, 0 };
	rota[1] = (struct uc_rota_shift){ 2, UC_ROTA_WEEKLY, 2, 8 * 60,
	    14 * 60, 0, 0 };
	rota[2] = (struct uc_rota_shift){ 3, UC_ROTA_WEEKLY, 7, 20 * 60,
	    12 * 60, 0, 0 };
	rota[3] = (struct uc_rota_shift){ 4, UC_ROTA_DATED, 0, 0, 0,
	    at("2026-12-31T18:00:00+07:00"), at("2027-01-01T08:00:00+07:00") };
}

struct vec {
	const char *t;
	int64_t now;		/* the one on duty, 0: nobody */
	const char *now_end;	/* when that shift ends */
	int64_t next;		/* whose shift starts next, 0: none */
	const char *next_start;
	const char *what;
};

static const struct vec vecs[] = {
	/* 2026-11-30 is a Monday, and the last day of November */
	{ "2026-11-30T23:30:00+07:00", 1, "2026-12-01T08:00:00+07:00", 2,
	  "2026-12-01T08:00:00+07:00", "Monday night, before midnight" },
	{ "2026-12-01T00:30:00+07:00", 1, "2026-12-01T08:00:00+07:00", 2,
	  "2026-12-01T08:00:00+07:00", "after midnight into a new month" },
	{ "2026-12-01T07:59:59.999+07:00", 1, "2026-12-01T08:00:00+07:00",
	  2, "2026-12-01T08:00:00+07:00", "the last instant of the night" },
	{ "2026-12-01T08:00:00+07:00", 2, "2026-12-01T22:00:00+07:00", 3,
	  "2026-12-06T20:00:00+07:00", "[start, end): the day shift" },
	{ "2026-12-02T12:00:00+07:00", 0, NULL, 3,
	  "2026-12-06T20:00:00+07:00", "a gap: nobody, Sunday is next" },
	{ "2026-12-06T23:59:00+07:00", 3, "2026-12-07T08:00:00+07:00", 1,
	  "2026-12-07T22:00:00+07:00", "Sunday night into Monday" },
	{ "2026-12-07T01:00:00+07:00", 3, "2026-12-07T08:00:00+07:00", 1,
	  "2026-12-07T22:00:00+07:00", "Sunday's shift across the week" },
	{ "2026-12-31T23:00:00+07:00", 4, "2027-01-01T08:00:00+07:00", 3,
	  "2027-01-03T20:00:00+07:00", "the dated shift at the year end" },
	{ "2027-01-01T00:30:00+07:00", 4, "2027-01-01T08:00:00+07:00", 3,
	  "2027-01-03T20:00:00+07:00", "past the year end" },
	{ "2027-01-03T21:00:00+07:00", 3, "2027-01-04T08:00:00+07:00", 1,
	  "2027-01-04T22:00:00+07:00", "Sunday 3 January 2027" },
	{ "2026-02-28T23:00:00+07:00", 0, NULL, 3,
	  "2026-03-01T20:00:00+07:00", "February's end, a Saturday" },
	{ "2026-03-01T23:00:00+07:00", 3, "2026-03-02T08:00:00+07:00", 1,
	  "2026-03-02T22:00:00+07:00", "1 March, a Sunday night" },
	{ "2026-12-31T16:59:59.999Z", 4, "2027-01-01T08:00:00+07:00", 3,
	  "2027-01-03T20:00:00+07:00", "a UTC instant, local midnight" },
};

Test(rota, on_duty_and_next, .init = setup)
{
	struct uc_rota_slot slot[4], nx;
	size_t i, k;

	for (i = 0; i < NELEM(vecs); i++) {
		const struct vec *v = &vecs[i];
		int64_t t = at(v->t);

		k = uc_rota_on_duty(rota, NELEM(rota), t, slot, NELEM(slot));
		cr_assert_eq(k, v->now ? 1u : 0u, "%s: %zu on duty", v->what,
		    k);
		if (v->now) {
			cr_assert_eq(slot[0].id, v->now, "%s", v->what);
			cr_assert_eq(slot[0].end, at(v->now_end), "%s",
			    v->what);
		}
		cr_assert(uc_rota_next(rota, NELEM(rota), t, &nx), "%s",
		    v->what);
		cr_assert_eq(nx.id, v->next, "%s: next %lld", v->what,
		    (long long)nx.id);
		cr_assert_eq(nx.start, at(v->next_start), "%s", v->what);
	}
}

Test(rota, overlap_ordered_and_capped)
{
	struct uc_rota_shift s[2] = {
		{ 7, UC_ROTA_WEEKLY, 3, 0, 1440, 0, 0 },
		{ 5, UC_ROTA_WEEKLY, 3, 0, 1440, 0, 0 },
	};
	struct uc_rota_slot out[1];
	int64_t t = at("2026-12-02T10:00:00+07:00");

	cr_assert_eq(uc_rota_on_duty(s, 2, t, out, 1), 2u);
	cr_assert_eq(out[0].id, 5, "ties go to the smaller id");
}

Test(rota, week_long_shift_always_covers)
{
	struct uc_rota_shift s = { 1, UC_ROTA_WEEKLY, 5, 17 * 60,
	    UC_ROTA_WEEK_MIN, 0, 0 };
	struct uc_rota_slot out[2];
	const char *ts[] = { "2026-12-04T17:00:00+07:00",
	    "2026-12-07T03:00:00+07:00", "2026-12-11T16:59:00+07:00",
	    "2027-01-01T00:00:00+07:00" };
	size_t i;

	for (i = 0; i < NELEM(ts); i++)
		cr_assert_eq(uc_rota_on_duty(&s, 1, at(ts[i]), out, 2), 1u,
		    "%s", ts[i]);
}

Test(rota, nothing_next_after_a_dated_past)
{
	struct uc_rota_shift s = { 1, UC_ROTA_DATED, 0, 0, 0,
	    at("2026-01-01T00:00:00Z"), at("2026-01-02T00:00:00Z") };
	struct uc_rota_slot nx;

	cr_assert_not(uc_rota_next(&s, 1, at("2026-06-01T00:00:00Z"), &nx));
}

Test(rota, invalid_shifts_are_ignored)
{
	struct uc_rota_shift s[] = {
		{ 1, UC_ROTA_WEEKLY, 0, 0, 60, 0, 0 },
		{ 2, UC_ROTA_WEEKLY, 8, 0, 60, 0, 0 },
		{ 3, UC_ROTA_WEEKLY, 1, 1440, 60, 0, 0 },
		{ 4, UC_ROTA_WEEKLY, 1, 0, 0, 0, 0 },
		{ 5, UC_ROTA_WEEKLY, 1, 0, UC_ROTA_WEEK_MIN + 1, 0, 0 },
		{ 6, UC_ROTA_DATED, 0, 0, 0, 10, 10 },
	};
	size_t i;

	for (i = 0; i < NELEM(s); i++)
		cr_assert_not(uc_rota_valid(&s[i]), "shift %zu", i);
}

Test(rota, hhmm)
{
	int m = -1;

	cr_assert(uc_rota_parse_hhmm("00:00", &m) && m == 0);
	cr_assert(uc_rota_parse_hhmm("23:59", &m) && m == 1439);
	cr_assert(uc_rota_parse_hhmm("07:30", &m) && m == 450);
	cr_assert_not(uc_rota_parse_hhmm("24:00", &m));
	cr_assert_not(uc_rota_parse_hhmm("7:30", &m));
	cr_assert_not(uc_rota_parse_hhmm("07:60", &m));
	cr_assert_not(uc_rota_parse_hhmm("07:30x", &m));
	cr_assert_not(uc_rota_parse_hhmm(NULL, &m));
}
