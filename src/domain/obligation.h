/*
 * obligation.h - the compliance calendar's due items: which periodic
 * obligations of a rule pack (obligations.txt) fall due for a unit and
 * its systems in a window, when, and where each stands.
 *
 * Pure: the caller brings the obligations, the unit's systems with
 * their level in force, the fulfilments on record and "now". A period
 * of an obligation is `every` months long, aligned on 1 January (or,
 * for every 24, on the month of its anchor). Its due instant is "trước
 * ngày mm-dd" of the period's start year when the pack names dates
 * (the day before at 23:59:59.999 local, uc_calendar_before_day), else
 * the end of the period's last day. Status, in this order: done (a
 * fulfilment of the same target, code and period), overdue (now past
 * the due), due (now within remind_days of the due), upcoming.
 * docs/internals/calendar.md.
 */
#ifndef UC_OBLIGATION_H
#define UC_OBLIGATION_H

#include "core/status.h"
#include "domain/rulepack.h"

#include <stddef.h>
#include <stdint.h>

#define UC_OB_PERIOD_MAX 16	/* "2026-2027", "2026-H1" + NUL */
#define UC_OB_MAX_ITEMS 10000	/* items of one computation */
#define UC_OB_DAY_MS (86400LL * 1000)

enum uc_ob_status {
	UC_OB_UPCOMING,
	UC_OB_DUE,
	UC_OB_DONE,
	UC_OB_OVERDUE,
	UC_OB_STATUS_COUNT
};

/* A system of the unit. */
struct uc_ob_system {
	int64_t id;
	int level;		/* level in force, 1-5; 0 when not known */
};

/* A fulfilment on record. Strings are borrowed. */
struct uc_ob_done {
	int64_t system_id;	/* 0: the unit itself */
	const char *code;	/* an obligation's code */
	const char *period;	/* its period key */
};

struct uc_ob_item {
	const struct uc_rp_obligation *ob;	/* borrowed from the pack */
	int64_t system_id;	/* 0: the unit itself */
	int level;		/* the system's level, 0 for the unit */
	char period[UC_OB_PERIOD_MAX];	/* 2026, 2026-H1, 2026-Q3 ... */
	int32_t start;		/* first day of the period, yyyymmdd */
	int32_t end;		/* last day of the period, yyyymmdd */
	int64_t due_ms;		/* the deadline, inclusive */
	int64_t remind_ms;	/* reminders start here */
	enum uc_ob_status status;
	long done;		/* index of its fulfilment, -1 */
};

struct uc_arena;

/*
 * The items of obs (nobs) for one unit and its systems whose due
 * instant lies in [from, to), sorted by due, code, system. The array
 * lives in arena a. UC_EINVAL when from >= to or the window would
 * hold more than UC_OB_MAX_ITEMS items.
 */
enum uc_status uc_obligation_items(const struct uc_rp_obligation *obs,
    size_t nobs, const struct uc_ob_system *sys, size_t nsys,
    const struct uc_ob_done *done, size_t ndone, int64_t from, int64_t to,
    int64_t now, struct uc_arena *a, struct uc_ob_item **out /* OUT */,
    size_t *n /* OUT */, struct uc_error *err) UC_WUR;

/* "upcoming", "due", "done", "overdue". */
const char *uc_obligation_status_name(enum uc_ob_status s);

#endif
