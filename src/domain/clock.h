/*
 * clock.h - an incident's reporting clocks: what is due, to whom, by
 * when, and whether it went out in time (regulation.md §3.2, §8, §10).
 *
 * One clock per report of the rule pack that has a deadline, in the
 * pack's order, then the acknowledgement clock ("ack": the receiver of a
 * notice answers its sender). A clock starts at its anchor (detection,
 * beyond capacity, end of response, receipt, found serious); a clock
 * whose anchor has not happened is not_started, so a report that does
 * not apply never runs (the initial report of the 2017 regime without
 * beyond_capacity_at; a serious-anchored one without serious_at).
 *
 *	due   immediate: anchor + the pack's [clocks] immediate_minutes
 *	      hours:     anchor + amount hours (elapsed time)
 *	      days:      the end (23:59:59.999 UTC+7) of the last day,
 *	                 under the pack's [days] rule (calendar.h)
 *	warn  days:      due - [days] warn_days days
 *	      otherwise: due - [clocks] warn_percent % of (due - anchor)
 *	      never before the anchor
 *	state not_started  no anchor
 *	      met / late   first send at or before / after due
 *	      overdue      not sent and now > due
 *	      due_soon     not sent and now >= warn
 *	      pending      not sent, before warn
 *
 * Closure changes no clock: a report owed when the incident closes is
 * still owed (the duty is the regulation's, not the register's), so an
 * unsent clock keeps running and turns overdue when its time passes,
 * and a late or overdue clock stays so for good, as history. A report
 * sent without its anchor (an initial report sent before anyone marked
 * the incident beyond capacity) leaves the clock not_started, with
 * sent_at filled. Pure: no I/O, no allocation; the result borrows from
 * the pack and the facts.
 */
#ifndef UC_CLOCK_H
#define UC_CLOCK_H

#include "core/status.h"
#include "domain/rulepack.h"

#include <stddef.h>
#include <stdint.h>

#define UC_CLOCK_MAX 16		/* clocks of one pack, ack included */
#define UC_CLOCK_ACK "ack"	/* the report code of the ack clock */

enum uc_clock_state {
	UC_CLOCK_NOT_STARTED,
	UC_CLOCK_PENDING,
	UC_CLOCK_DUE_SOON,
	UC_CLOCK_MET,
	UC_CLOCK_LATE,
	UC_CLOCK_OVERDUE,
	UC_CLOCK_STATE_COUNT
};

/* A report recorded as sent. */
struct uc_clock_send {
	const char *report;	/* a report code of the pack */
	int64_t sent_at;	/* ms; 0: not sent yet (ignored) */
	int64_t acked_at;	/* ms; the receiver's answer, 0 when none */
};

/* What happened to the incident, in ms since the epoch; 0: not yet. */
struct uc_clock_facts {
	int64_t detected_at;	/* always set */
	int64_t reported_at;	/* entered or received; anchors no clock */
	int64_t beyond_capacity_at;	/* 0: not flagged */
	int64_t response_ended_at;	/* 0: response not ended */
	int64_t serious_at;	/* 0: not serious (decision or computed) */
	int64_t received_at;	/* third party's notice: its receipt */
	int64_t acknowledged_at;	/* 0: not acknowledged */
	const struct uc_clock_send *sends;	/* reports recorded as sent */
	size_t nsends;
	int closed;		/* read by no rule: closure stops nothing */
};

struct uc_clock {
	const char *report;	/* report code, or UC_CLOCK_ACK */
	const char *vi;		/* the report's name */
	const char *en;
	const struct uc_rp_deadline *deadline;	/* the pack's rule */
	const struct uc_rp_list *to;	/* recipients: party codes */
	int started;		/* the anchor happened */
	int64_t anchor_at;	/* ms; 0 when not started */
	int64_t due_at;		/* ms; 0 when not started */
	int64_t warn_at;	/* ms; 0 when not started */
	enum uc_clock_state state;
	int64_t sent_at;	/* first send; 0 when none */
	int64_t acked_at;	/* that send's acknowledgement; 0 when none */
	int64_t time_left_ms;	/* due - now while unsent, else 0 */
};

/*
 * The clocks of `pack` for `facts` at `now`, into out[0 .. *n - 1].
 * UC_EINVAL when facts->detected_at is 0; UC_EINTERNAL when the pack
 * has more than `max` clocks (UC_CLOCK_MAX always suffices for the
 * shipped packs).
 */
enum uc_status uc_clock_eval(const struct uc_rulepack *pack,
    const struct uc_clock_facts *facts, int64_t now,
    struct uc_clock out[] /* OUT */, size_t max, size_t *n /* OUT */,
    struct uc_error *err) UC_WUR;

/* The earliest due_at among started clocks not yet sent (pending,
 * due_soon, overdue); 0 when none. Incidents sort on it. */
int64_t uc_clock_next_due(const struct uc_clock *c, size_t n);
/* 1 when a clock is overdue. */
int uc_clock_any_overdue(const struct uc_clock *c, size_t n);

/* "not_started", "pending", "due_soon", "met", "late", "overdue". */
const char *uc_clock_state_name(enum uc_clock_state s);

#endif
