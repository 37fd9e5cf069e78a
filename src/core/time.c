/*
 * time.c - see time.h. Civil-date arithmetic follows Howard Hinnant's
 * days_from_civil so no timezone database or locale is involved.
 */
#include "core/time.h"
#include "core/parse.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t
uc_time_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
uc_time_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
uc_time_mono_after(int64_t ms, struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += (time_t)(ms / 1000);
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void
uc_time_format(int64_t ms, char *buf, size_t len)
{
	int64_t days = ms / 86400000, rem = ms % 86400000;
	int y, mo, d;

	if (rem < 0) {
		rem += 86400000;
		days--;
	}
	civil_from_days(days, &y, &mo, &d);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mo, d,
	    (int)(rem / 3600000), (int)(rem / 60000 % 60),
	    (int)(rem / 1000 % 60), (int)(rem % 1000));
}

static int
days_in_month(int64_t y, int64_t m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dim[m - 1];
}

static enum uc_status
parse_fraction(const char **p, int64_t *ms)
{
	int64_t scale = 100;

	*ms = 0;
	if (**p != '.')
		return UC_OK;
	(*p)++;
	if (**p < '0' || **p > '9')
		return UC_EINVAL;
	while (**p >= '0' && **p <= '9') {
		*ms += (**p - '0') * scale;
		scale /= 10;
		(*p)++;
	}
	return UC_OK;
}

static enum uc_status
parse_zone(const char **p, int64_t *off_min)
{
	int64_t hh, mm = 0;
	int sign;

	*off_min = 0;
	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		return UC_OK;
	}
	if (**p != '+' && **p != '-')
		return UC_EINVAL;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (uc_parse_digits(p, 2, 0, 14, &hh) != UC_OK)
		return UC_EINVAL;
	if (**p == ':') {
		(*p)++;
		if (uc_parse_digits(p, 2, 0, 59, &mm) != UC_OK)
			return UC_EINVAL;
	} else if (**p >= '0' && **p <= '9' &&
	    uc_parse_digits(p, 2, 0, 59, &mm) != UC_OK) {
		return UC_EINVAL;
	}
	*off_min = sign * (hh * 60 + mm);
	return UC_OK;
}

enum uc_status
uc_time_parse(const char *s, int64_t *out)
{
	const char *p = s;
	int64_t y, mo, d, h, mi, se, frac, off, t;

	if (uc_parse_digits(&p, 4, 1970, 9999, &y) || *p++ != '-' ||
	    uc_parse_digits(&p, 2, 1, 12, &mo) || *p++ != '-' ||
	    uc_parse_digits(&p, 2, 1, 31, &d))
		return UC_EINVAL;
	if (d > days_in_month(y, mo) || (*p != 'T' && *p != ' '))
		return UC_EINVAL;
	p++;
	if (uc_parse_digits(&p, 2, 0, 23, &h) || *p++ != ':' ||
	    uc_parse_digits(&p, 2, 0, 59, &mi) || *p++ != ':' ||
	    uc_parse_digits(&p, 2, 0, 59, &se))
		return UC_EINVAL;
	if (parse_fraction(&p, &frac) || parse_zone(&p, &off) || *p != '\0')
		return UC_EINVAL;
	t = ((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se) -
	    off * 60) * 1000 + frac;
	/* "1970-01-01T00:00:00+07:00" is 1969 in UTC: not writable */
	if (t < UC_TIME_FIRST_MS || t > UC_TIME_LAST_MS)
		return UC_EINVAL;
	*out = t;
	return UC_OK;
}
