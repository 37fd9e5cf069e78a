/*
 * calendar_unit.h - what calendar.c and calendar_fulfil.c share: a unit
 * with its systems and fulfilments loaded, the items computed for it,
 * and an item as JSON. Internal to the calendar service.
 */
#ifndef UC_SERVICE_CALENDAR_UNIT_H
#define UC_SERVICE_CALENDAR_UNIT_H

#include "core/status.h"
#include "domain/obligation.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* A unit with what the calendar needs of it. */
struct uc_cal_unit {
	int64_t id;
	const char *code, *name, *path;
	int64_t created_ms;	/* when it entered the register */
	struct uc_ob_system *sys;
	const char **sys_name;	/* parallel to sys */
	size_t nsys;
	struct uc_ob_done *done;
	const char **done_at, **ev_kind, **ev_ref, **note;	/* parallel */
	size_t ndone;
};

/* ms as ISO 8601 in the request's arena. */
const char *uc_cal_iso(struct uc_ctx *ctx, int64_t ms);

/* Load unit id (UC_ENOTFOUND when there is none). */
enum uc_status uc_cal_unit_load(struct uc_ctx *ctx, int64_t id,
    struct uc_cal_unit *u, struct uc_error *err) UC_WUR;

/* Its items due in [from, to) as of now. */
enum uc_status uc_cal_compute(struct uc_ctx *ctx,
    const struct uc_rulepack *p, const struct uc_cal_unit *u, int64_t from,
    int64_t to, int64_t now, struct uc_ob_item **v, size_t *n,
    struct uc_error *err) UC_WUR;

/* The name of its system id in service; NULL when it has none. */
const char *uc_cal_system_name(const struct uc_cal_unit *u, int64_t id);

/* An item as the API shows it. */
json_t *uc_cal_item_json(struct uc_ctx *ctx, const struct uc_cal_unit *u,
    const struct uc_ob_item *it);

#endif
