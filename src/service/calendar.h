/*
 * calendar.h - the compliance calendar: the periodic obligations of the
 * rule pack (obligations.txt) as due items per unit and per system,
 * their fulfilment with evidence, the coordinator's standing page and
 * the reminders (docs/internals/calendar.md).
 *
 * The items are computed (domain/obligation.h) from the pack, the
 * unit's systems with their level in force and the fulfilments on
 * record; only fulfilments and sent reminders are stored. Windows are
 * [from, to) on the due instant, in ms; from 0: 1 January of the
 * current local year; to 0: 1 January of the year after from's. A
 * window spans at most UC_CALENDAR_MAX_SPAN.
 */
#ifndef UC_SERVICE_CALENDAR_H
#define UC_SERVICE_CALENDAR_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

#define UC_CALENDAR_MAX_SPAN (5LL * 366 * 86400 * 1000)	/* 5 years */
#define UC_CALENDAR_MAX_UNITS 2000	/* units on the standing page */
#define UC_CALENDAR_REF_MAX 500		/* bytes of an evidence ref */
#define UC_CALENDAR_NOTE_MAX 2000	/* bytes of a note */

/* {unit_id, from, to, items: [...]}: the items of unit_id and its
 * systems (unit.read over it; UC_ENOTFOUND otherwise). */
enum uc_status uc_calendar_items(struct uc_ctx *ctx, int64_t unit_id,
    int64_t from, int64_t to, json_t **out, struct uc_error *err) UC_WUR;

/* {from, to, units: [{unit_id, code, name, overdue, due, upcoming,
 * done, total}]}: every unit the actor may read, by path. */
enum uc_status uc_calendar_standing(struct uc_ctx *ctx, int64_t from,
    int64_t to, json_t **out, struct uc_error *err) UC_WUR;

/*
 * Mark an item done: in = {unit_id, system_id?, obligation, period,
 * evidence: {kind, ref}, note?}; system.write over the unit. *out gets
 * the item as the calendar shows it. UC_EVALID naming the field for
 * bad input, UC_ECONFLICT when the item is done already.
 */
enum uc_status uc_calendar_fulfil(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;

/*
 * A record fulfils the item of obligation `code` of the unit (system_id
 * 0) or of one of its systems whose period holds day (yyyymmdd): a Mẫu
 * 05 sent (its period's last day), a Mẫu 01 sent, a drill evaluated,
 * the roster confirmed, an assessment recorded. In the caller's
 * transaction; audited like a fulfilment by hand. Nothing happens, and
 * UC_OK, when the pack owes no such item taking evidence of that kind,
 * or the item is done already. *period (may be NULL) gets the period
 * marked, NULL when none was.
 */
enum uc_status uc_calendar_fulfil_by(struct uc_ctx *ctx, int64_t unit_id,
    int64_t system_id, const char *code, int32_t day, const char *kind,
    const char *ref, const char **period, struct uc_error *err) UC_WUR;

/*
 * Enqueue the reminders due at `now` for every unit: "ahead" once an
 * item's reminder window is open, "overdue" once it is past due; each
 * at most once per item (obligation_reminders). *sent (may be NULL)
 * gets how many items were reminded. For `serve` and the CLI.
 */
enum uc_status uc_calendar_remind(struct uc_ctx *ctx, int64_t now,
    int *sent, struct uc_error *err) UC_WUR;

/*
 * The reminder thread of `serve`: uc_calendar_remind every interval_ms,
 * the first time first_ms after the start (several processes may run
 * it: the reminder log keeps each reminder single). interval_ms 0: no
 * thread. uc_calendar_stop ends it.
 */
enum uc_status uc_calendar_start(int64_t interval_ms, int64_t first_ms,
    struct uc_error *err) UC_WUR;
void uc_calendar_stop(void);

#endif
