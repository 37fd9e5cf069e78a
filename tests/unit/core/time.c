/*
 * tests/unit/core/time.c - src/core/time.c: the fixed-width ISO 8601
 * form, parsing of ISO and PostgreSQL timestamps, and the civil-date
 * arithmetic behind both (statics reached by including the .c).
 */
#include "../../../src/core/time.c"

#include <criterion/criterion.h>
#include <stdint.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct fmt_vec {
	int64_t ms;
	const char *iso;
};

static const struct fmt_vec fmt_vecs[] = {
	{ 0, "1970-01-01T00:00:00.000Z" },
	{ 1, "1970-01-01T00:00:00.001Z" },
	{ 86399999, "1970-01-01T23:59:59.999Z" },
	{ 86400000, "1970-01-02T00:00:00.000Z" },
	{ 951782400000, "2000-02-29T00:00:00.000Z" },
	{ 1709210096000, "2024-02-29T12:34:56.000Z" },
	{ 1795244400000, "2026-11-21T07:00:00.000Z" },
	{ 1795244400123, "2026-11-21T07:00:00.123Z" },
	{ 1798761599999, "2026-12-31T23:59:59.999Z" },
	{ 2147483648000, "2038-01-19T03:14:08.000Z" },
	{ 4107542399000, "2100-02-28T23:59:59.000Z" },
	{ 4107542400000, "2100-03-01T00:00:00.000Z" },
	{ 253402300799999, "9999-12-31T23:59:59.999Z" },
	{ -1, "1969-12-31T23:59:59.999Z" },
	{ -86400000, "1969-12-31T00:00:00.000Z" },
};

Test(core_time, format_vectors)
{
	char buf[UC_TIME_ISO_LEN + 1];
	size_t i;

	for (i = 0; i < NELEM(fmt_vecs); i++) {
		uc_time_format(fmt_vecs[i].ms, buf, sizeof(buf));
		cr_expect_str_eq(buf, fmt_vecs[i].iso, "%lld",
		    (long long)fmt_vecs[i].ms);
		cr_expect_eq(strlen(buf), UC_TIME_ISO_LEN);
	}
}

Test(core_time, parse_the_format_back)
{
	int64_t out;
	size_t i;

	for (i = 0; i < NELEM(fmt_vecs); i++) {
		if (fmt_vecs[i].ms < 0)
			continue;	/* before 1970 is refused */
		out = -1;
		cr_expect_eq(uc_time_parse(fmt_vecs[i].iso, &out), UC_OK,
		    "%s", fmt_vecs[i].iso);
		cr_expect_eq(out, fmt_vecs[i].ms, "%s", fmt_vecs[i].iso);
	}
}

Test(core_time, round_trip_sweep)
{
	char buf[UC_TIME_ISO_LEN + 1];
	int64_t ms, out;

	/* about every 13 days and some odd milliseconds, 1970 to 2500 */
	for (ms = 0; ms < 16725225600000; ms += 1123456789 + 7) {
		uc_time_format(ms, buf, sizeof(buf));
		cr_assert_eq(uc_time_parse(buf, &out), UC_OK, "%s", buf);
		cr_assert_eq(out, ms, "%s", buf);
	}
}

struct parse_vec {
	const char *in;
	enum uc_status rc;
	const char *want;	/* the instant, in the ISO form */
};

static const struct parse_vec parse_vecs[] = {
	{ "2026-11-21T07:00:00Z", UC_OK, "2026-11-21T07:00:00.000Z" },
	{ "2026-11-21T07:00:00z", UC_OK, "2026-11-21T07:00:00.000Z" },
	{ "2026-11-21T07:00:00.5Z", UC_OK, "2026-11-21T07:00:00.500Z" },
	{ "2026-11-21T07:00:00.12Z", UC_OK, "2026-11-21T07:00:00.120Z" },
	{ "2026-11-21T07:00:00.1239Z", UC_OK, "2026-11-21T07:00:00.123Z" },
	/* offsets */
	{ "2026-11-21T14:00:00+07:00", UC_OK, "2026-11-21T07:00:00.000Z" },
	{ "2026-11-21T14:00:00+0700", UC_OK, "2026-11-21T07:00:00.000Z" },
	{ "2026-11-21T14:00:00+07", UC_OK, "2026-11-21T07:00:00.000Z" },
	{ "2026-11-21T01:30:00-05:30", UC_OK, "2026-11-21T07:00:00.000Z" },
	{ "2026-11-21T07:00:00+00:00", UC_OK, "2026-11-21T07:00:00.000Z" },
	{ "2026-11-21T07:00:00-00:00", UC_OK, "2026-11-21T07:00:00.000Z" },
	{ "2027-01-01T06:00:00+07:00", UC_OK, "2026-12-31T23:00:00.000Z" },
	{ "2026-12-31T20:00:00-05:00", UC_OK, "2027-01-01T01:00:00.000Z" },
	{ "2024-03-01T06:59:59.999+07:00", UC_OK,
	  "2024-02-29T23:59:59.999Z" },
	/* PostgreSQL's text form */
	{ "2026-11-21 07:00:00.123+00", UC_OK, "2026-11-21T07:00:00.123Z" },
	{ "2026-11-21 07:00:00.123456+00", UC_OK,
	  "2026-11-21T07:00:00.123Z" },
	{ "2026-11-21 07:00:00+00", UC_OK, "2026-11-21T07:00:00.000Z" },
	{ "2026-11-21 14:00:00+07", UC_OK, "2026-11-21T07:00:00.000Z" },
	{ "2026-11-21 12:45:00+05:45", UC_OK, "2026-11-21T07:00:00.000Z" },
	/* leap years */
	{ "2024-02-29T00:00:00Z", UC_OK, "2024-02-29T00:00:00.000Z" },
	{ "2000-02-29T00:00:00Z", UC_OK, "2000-02-29T00:00:00.000Z" },
	{ "2023-02-29T00:00:00Z", UC_EINVAL, NULL },
	{ "2100-02-29T00:00:00Z", UC_EINVAL, NULL },
	{ "2026-02-30T00:00:00Z", UC_EINVAL, NULL },
	{ "2026-04-31T00:00:00Z", UC_EINVAL, NULL },
	{ "2026-12-32T00:00:00Z", UC_EINVAL, NULL },
	{ "2026-13-01T00:00:00Z", UC_EINVAL, NULL },
	{ "2026-00-10T00:00:00Z", UC_EINVAL, NULL },
	{ "2026-11-00T00:00:00Z", UC_EINVAL, NULL },
	/* out of range fields */
	{ "2026-11-21T24:00:00Z", UC_EINVAL, NULL },
	{ "2026-11-21T07:60:00Z", UC_EINVAL, NULL },
	{ "2026-11-21T07:00:60Z", UC_EINVAL, NULL },
	{ "2026-11-21T07:00:00+15:00", UC_EINVAL, NULL },
	{ "2026-11-21T07:00:00+07:60", UC_EINVAL, NULL },
	{ "1969-12-31T23:59:59Z", UC_EINVAL, NULL },
	/* the instant must be one the ISO form holds (1970 to 9999 UTC) */
	{ "1970-01-01T00:00:00+07:00", UC_EINVAL, NULL },
	{ "1970-01-01T06:59:59.999+07:00", UC_EINVAL, NULL },
	{ "1970-01-01T07:00:00+07:00", UC_OK, "1970-01-01T00:00:00.000Z" },
	{ "1970-01-01T00:00:00Z", UC_OK, "1970-01-01T00:00:00.000Z" },
	{ "9999-12-31T23:59:59.999Z", UC_OK, "9999-12-31T23:59:59.999Z" },
	{ "9999-12-31T23:59:59-01:00", UC_EINVAL, NULL },
	{ "9999-12-31T22:59:59.999-01:00", UC_OK,
	  "9999-12-31T23:59:59.999Z" },
	/* malformed */
	{ "", UC_EINVAL, NULL },
	{ "garbage", UC_EINVAL, NULL },
	{ "2026", UC_EINVAL, NULL },
	{ "2026-11-21", UC_EINVAL, NULL },
	{ "2026-11-21T", UC_EINVAL, NULL },
	{ "2026-11-21T07:00", UC_EINVAL, NULL },
	{ "2026-11-21T07:00:00", UC_EINVAL, NULL },
	{ "2026-11-21T07:00:00.Z", UC_EINVAL, NULL },
	{ "2026-11-21T07:00:00.", UC_EINVAL, NULL },
	{ "2026-11-21T07:00:00ZZ", UC_EINVAL, NULL },
	{ "2026-11-21T07:00:00Z ", UC_EINVAL, NULL },
	{ " 2026-11-21T07:00:00Z", UC_EINVAL, NULL },
	{ "2026-11-21t07:00:00Z", UC_EINVAL, NULL },
	{ "2026-11-21_07:00:00Z", UC_EINVAL, NULL },
	{ "2026/11/21T07:00:00Z", UC_EINVAL, NULL },
	{ "2026-1-21T07:00:00Z", UC_EINVAL, NULL },
	{ "2026-11-21T7:00:00Z", UC_EINVAL, NULL },
	{ "2026-11-21T07:00:00+7", UC_EINVAL, NULL },
	{ "2026-11-21T07:00:00+07:0", UC_EINVAL, NULL },
	{ "2026-11-21T07:00:00 +07:00", UC_EINVAL, NULL },
	{ "+2026-11-21T07:00:00Z", UC_EINVAL, NULL },
	{ "-2026-11-21T07:00:00Z", UC_EINVAL, NULL },
	{ "20261121T070000Z", UC_EINVAL, NULL },
	{ "2026-11-21T07:00:00\xc3\xa9", UC_EINVAL, NULL },
};

Test(core_time, parse_vectors)
{
	char buf[UC_TIME_ISO_LEN + 1];
	size_t i;

	for (i = 0; i < NELEM(parse_vecs); i++) {
		const struct parse_vec *v = &parse_vecs[i];
		int64_t out = -1;
		enum uc_status rc = uc_time_parse(v->in, &out);

		cr_expect_eq(rc, v->rc, "uc_time_parse(\"%s\"): rc %d", v->in,
		    rc);
		if (v->rc != UC_OK || rc != UC_OK)
			continue;
		uc_time_format(out, buf, sizeof(buf));
		cr_expect_str_eq(buf, v->want, "\"%s\"", v->in);
	}
}

Test(core_time, days_in_month_static)
{
	static const struct {
		int64_t y, m;
		int days;
	} vecs[] = {
		{ 2026, 1, 31 }, { 2026, 2, 28 }, { 2026, 4, 30 },
		{ 2026, 12, 31 }, { 2024, 2, 29 }, { 2000, 2, 29 },
		{ 1900, 2, 28 }, { 2100, 2, 28 }, { 2400, 2, 29 },
	};
	size_t i;

	for (i = 0; i < NELEM(vecs); i++)
		cr_expect_eq(days_in_month(vecs[i].y, vecs[i].m),
		    vecs[i].days, "%lld-%02lld", (long long)vecs[i].y,
		    (long long)vecs[i].m);
}

Test(core_time, civil_days_inverse)
{
	int64_t z;
	int y, m, d;

	cr_expect_eq(days_from_civil(1970, 1, 1), 0);
	cr_expect_eq(days_from_civil(2000, 3, 1), 11017);
	cr_expect_eq(days_from_civil(1969, 12, 31), -1);
	for (z = -800000; z <= 3000000; z += 997) {
		civil_from_days(z, &y, &m, &d);
		cr_assert(m >= 1 && m <= 12 && d >= 1 &&
		    d <= days_in_month(y, m), "day %lld", (long long)z);
		cr_assert_eq(days_from_civil(y, m, d), z, "day %lld",
		    (long long)z);
	}
}

Test(core_time, format_truncates_to_the_buffer)
{
	char small[11];

	uc_time_format(1795244400000, small, sizeof(small));
	cr_expect_str_eq(small, "2026-11-21");
}

Test(core_time, clocks_move_forward)
{
	int64_t a = uc_time_mono_ns(), b = uc_time_mono_ns();

	cr_expect_geq(b, a);
	/* after 2020-01-01 */
	cr_expect_gt(uc_time_now_ms(), 1577836800000);
}
