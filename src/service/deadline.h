/*
 * deadline.h - warnings of an incident's reporting deadlines (issue 6,
 * C10 "deadline warnings"): each clock of an open incident (service/
 * clock.h) that turns due soon is told to the incident unit's keepers
 * once, and once more when it is overdue (incident.deadline in
 * service/notify.h). docs/internals/outbox.md.
 */
#ifndef UC_SERVICE_DEADLINE_H
#define UC_SERVICE_DEADLINE_H

#include "core/status.h"
#include "service/ctx.h"

#include <stdint.h>

#define UC_DEADLINE_MAX_INCIDENTS 5000	/* open incidents of one pass */

/*
 * Enqueue the warnings due at `now` for every open incident with an
 * unmet clock, each incident in its own transaction; a reminder row per
 * clock, deadline and kind (ahead, overdue) keeps each single whatever
 * the number of runs or processes. *sent (may be NULL) gets how many
 * clocks were warned of. Run by the calendar's reminder pass.
 */
enum uc_status uc_deadline_remind(struct uc_ctx *ctx, int64_t now,
    int *sent, struct uc_error *err) UC_WUR;

#endif
