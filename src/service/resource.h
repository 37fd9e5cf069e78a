/*
 * resource.h - the equipment, tools, software, licences and outsourced
 * services a unit keeps for information security (trang thiết bị,
 * công cụ, phần mềm, bản quyền, dịch vụ; issue 6, C6), their expiry
 * and the reminders before and on it.
 *
 * A resource belongs to a unit: unit.read over it to see it, team.write
 * to change it; outside the scope: UC_ENOTFOUND, in scope without the
 * right: UC_EPERM (service/access.c decides). A retired resource is
 * kept as history and owes no renewal. Every value is checked here;
 * bad input is UC_EVALID naming each field and changes nothing. Writes
 * are one transaction each with an audit entry (resource.create,
 * resource.update, resource.retire). Results are new JSON references
 * the caller owns. docs/internals/readiness.md.
 *
 * expiry and days_left are computed at each read from the local
 * (Asia/Ho_Chi_Minh) calendar day: days_left = expires_on - today in
 * whole days; expiry "none" without a date, "expired" once days_left
 * < 0, "soon" while days_left <= UC_RESOURCE_SOON_DAYS, else "ok".
 */
#ifndef UC_RESOURCE_H
#define UC_RESOURCE_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

#define UC_RESOURCE_SOON_DAYS 60	/* expiry "soon" */
#define UC_RESOURCE_AHEAD_DAYS 30	/* the reminder ahead */
#define UC_RESOURCE_MAX_EXPIRING 36500	/* ?expiring=N, N at most */

/* Filters of a list; NULL / 0 fields do not filter. */
struct uc_resource_filter {
	int64_t unit_id;	/* this unit and the units below it */
	const char *kind;
	int64_t expiring;	/* >= 0: expires within N days or expired */
	const char *status;	/* active (NULL), retired, all */
	const char *cursor;	/* from the previous page */
	int limit;
};

/* Sorted by expires_on (none last), name; *next: the cursor of the
 * following page, NULL at the end. f->expiring < 0: no such filter. */
enum uc_status uc_resource_list(struct uc_ctx *ctx,
    const struct uc_resource_filter *f, json_t **out, char **next,
    struct uc_error *err) UC_WUR;
enum uc_status uc_resource_get(struct uc_ctx *ctx, int64_t id,
    json_t **out, struct uc_error *err) UC_WUR;
/* in: unit_id (default: the actor's), kind, name, vendor, model,
 * serial, quantity, system_id (0: none), acquired_on, expires_on
 * ("": none), note. */
enum uc_status uc_resource_create(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
/* Patch; version is the caller's If-Match. status "retired" retires,
 * "active" puts it back in service. */
enum uc_status uc_resource_update(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
    UC_WUR;
/* Retire (kept, out of the default list and of the reminders); a
 * retired one answers unchanged. */
enum uc_status uc_resource_retire(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t **out, struct uc_error *err) UC_WUR;

/*
 * Enqueue the expiry reminders due at `now`: "ahead" once a resource
 * in service is UC_RESOURCE_AHEAD_DAYS or fewer days from its expiry,
 * "expired" from its expiry day on; each once per resource, expiry
 * date and kind (resource_reminders), in one transaction with its
 * messages. *sent (may be NULL) gets how many were reminded. Called by
 * the calendar's reminder pass (service/calendar.c).
 */
enum uc_status uc_resource_remind(struct uc_ctx *ctx, int64_t now,
    int *sent, struct uc_error *err) UC_WUR;

#endif
