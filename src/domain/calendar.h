/*
 * calendar.h - the day count of the regulation's deadlines.
 *
 * Deadlines are counted in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight
 * saving since 1975), on civil dates. The rule comes from the rule pack:
 * calendar or working days, whether day 1 is the day after the anchor
 * (Bo luat Dan su 2015 D147-148), and whether a last day that falls on a
 * weekend or holiday rolls forward to the next working day. Pure
 * arithmetic, no I/O; dates are yyyymmdd integers (20260902).
 */
#ifndef UC_CALENDAR_H
#define UC_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#define UC_CALENDAR_OFFSET_MS (7LL * 3600 * 1000)	/* UTC+7 */

struct uc_dayrule {
	int working_days;	/* count only working days (else calendar) */
	int start_next_day;	/* day 1 is the day after the anchor */
	int roll_non_working;	/* a last day off rolls to the next workday */
	int weekend_mask;	/* bit 0 = Sunday ... bit 6 = Saturday */
	const int32_t *holidays;	/* yyyymmdd, sorted ascending */
	size_t nholidays;
	int warn_days;		/* warn this many days before the deadline */
};

/* The local (UTC+7) civil date of an instant, as yyyymmdd. */
int32_t uc_calendar_date_of(int64_t ms);
/* The instant of local hh:mm:ss on a yyyymmdd date. */
int64_t uc_calendar_at(int32_t date, int hour, int min, int sec);
/* The date n days after date (n may be negative); civil arithmetic. */
int32_t uc_calendar_add(int32_t date, int n);
/* Day of week of a date: 0 = Sunday ... 6 = Saturday. */
int uc_calendar_weekday(int32_t date);
/* 1 when the date is a weekend day or a holiday under the rule. */
int uc_calendar_is_off(const struct uc_dayrule *rule, int32_t date);
/* 1 when date is a valid civil date between years 1900 and 9999. */
int uc_calendar_valid(int32_t date);
/* "yyyy-mm-dd" as yyyymmdd; 0 when s is NULL or not a valid date. */
int32_t uc_calendar_parse(const char *s);
/* The same, or "dd/mm/yyyy" as people type it. */
int32_t uc_calendar_parse_day(const char *s);
/* yyyymmdd as "yyyy-mm-dd" in buf (11 bytes at least). */
void uc_calendar_text(int32_t date, char *buf, size_t len);

/*
 * Deadline for "within n days of anchor": the end (23:59:59.999 local)
 * of the last day, counted under the rule. n <= 0 means the anchor day
 * itself ("trong ngay"), which never rolls; n is capped at 100000. A
 * weekend_mask naming all seven days is read as no weekend.
 */
int64_t uc_calendar_within_days(const struct uc_dayrule *rule,
    int64_t anchor_ms, int n);
/* Deadline for "within h hours of anchor": plain elapsed time. */
int64_t uc_calendar_within_hours(int64_t anchor_ms, int hours);
/* Deadline for "truoc ngay X" (before day X): X-1 at 23:59:59.999
 * local. The wording names a date, so it never rolls. */
int64_t uc_calendar_before_day(int32_t x);

#endif
