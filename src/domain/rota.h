/*
 * rota.h - the 24/7 on-call rota (trực 24/7) as pure functions: who is
 * on duty at an instant, and whose shift starts next.
 *
 * A shift is a half-open interval [start, end) of instants (ms since
 * the epoch, UTC). A weekly pattern names a local weekday, a start
 * minute and a length in Asia/Ho_Chi_Minh time (UTC+7 all year, no
 * daylight saving), so it may run past midnight, a month end or a year
 * end; a dated shift names its two instants. No I/O, no allocation.
 */
#ifndef UC_ROTA_H
#define UC_ROTA_H

#include <stddef.h>
#include <stdint.h>

#define UC_ROTA_OFFSET_MS (INT64_C(7) * 3600 * 1000)	/* UTC+7 */
#define UC_ROTA_WEEK_MIN (7 * 1440)	/* longest weekly shift */

enum uc_rota_kind {
	UC_ROTA_WEEKLY,
	UC_ROTA_DATED
};

struct uc_rota_shift {
	int64_t id;		/* the caller's, returned in slots */
	enum uc_rota_kind kind;
	int weekday;		/* weekly: 1 Monday .. 7 Sunday (local) */
	int start_min;		/* weekly: minutes after local midnight */
	int length_min;		/* weekly: 1 .. UC_ROTA_WEEK_MIN */
	int64_t start;		/* dated: first instant */
	int64_t end;		/* dated: first instant after it */
};

/* One occurrence of a shift. */
struct uc_rota_slot {
	int64_t id;		/* the shift's id */
	int64_t start;
	int64_t end;
};

/* Is the shift well formed (ranges above; dated: start < end)? */
int uc_rota_valid(const struct uc_rota_shift *s);
/*
 * The occurrences covering t, ordered by start then id, at most max
 * written to out (OUT); returns how many cover t (may exceed max).
 */
size_t uc_rota_on_duty(const struct uc_rota_shift *s, size_t n, int64_t t,
    struct uc_rota_slot *out, size_t max);
/*
 * The occurrence that starts first after t (ties: smaller id), into
 * *out (OUT); 0 when no shift starts after t.
 */
int uc_rota_next(const struct uc_rota_shift *s, size_t n, int64_t t,
    struct uc_rota_slot *out);
/* "HH:MM" (00:00 .. 23:59) into minutes after midnight; 0 on error. */
int uc_rota_parse_hhmm(const char *s, int *min /* OUT */);

#endif
