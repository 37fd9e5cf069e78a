/*
 * clock.h - an incident's reporting clocks as JSON (domain/clock.h
 * decides them). Every incident reply lists them.
 */
#ifndef UC_SERVICE_CLOCK_H
#define UC_SERVICE_CLOCK_H

#include "domain/clock.h"

#include <jansson.h>
#include <stdint.h>

/*
 * A new array, one object per clock, in order:
 *
 *	report       report code, or "ack"
 *	label_vi/en  the report's name
 *	to           [{party, label_vi, label_en}]: the recipients
 *	anchor       what starts it: detection, beyond_capacity ...
 *	started_at   ISO instant of the anchor, null when not started
 *	kind         immediate | hours | days
 *	amount       minutes (immediate: the pack's grace), hours or days
 *	due_at       ISO instant, null when not started
 *	due_local    "dd/mm/yyyy HH:MM" in Asia/Ho_Chi_Minh, or null
 *	warn_at      ISO instant from which it is due_soon, or null
 *	state        not_started | pending | due_soon | met | late | overdue
 *	sent_at      ISO instant of the first send (the acknowledgement for
 *	             "ack"), null when none
 *	acked_at     ISO instant the receiver acknowledged that send, or null
 *	time_left_ms due - now while started and unsent (negative when
 *	             overdue), else null
 *
 * now is the instant given to uc_clock_eval.
 */
json_t *uc_clock_json(const struct uc_rulepack *pack, const struct uc_clock *c,
    size_t n, int64_t now);

/* "dd/mm/yyyy HH:MM" of an instant in Asia/Ho_Chi_Minh (UTC+7);
 * buf needs UC_CLOCK_LOCAL_LEN + 1 bytes. */
#define UC_CLOCK_LOCAL_LEN 16
void uc_clock_local(int64_t ms, char *buf, size_t len);

/*
 * The clocks of incident id (no access check: the caller did it), from
 * its stored times and the reports recorded as sent: as JSON (j may be
 * NULL) and its next unmet deadline (next may be NULL; 0 when none).
 */
struct uc_ctx;
enum uc_status uc_clock_incident(struct uc_ctx *ctx,
    const struct uc_rulepack *pack, int64_t id, json_t **j, int64_t *next,
    struct uc_error *err) UC_WUR;

#endif
