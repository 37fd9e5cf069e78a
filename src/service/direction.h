/*
 * direction.h - directions received for an incident: chi dao (a
 * direction of a steering body) and lenh dieu phoi (a coordination
 * order), with their number, issuer, date, the actions they require,
 * an optional deadline and the result of carrying them out.
 *
 * Results are new JSON references the caller owns; changes follow
 * service/part.h (audit, timeline, incident touched, one transaction).
 */
#ifndef UC_DIRECTION_H
#define UC_DIRECTION_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* in: kind (direction, coordination_order), number (1-50), issuer
 * (1-200), issued_on (yyyy-mm-dd, not after today in UTC+7), actions
 * (1-5000), deadline? (ISO), result? (0-5000). */
enum uc_status uc_direction_create(struct uc_ctx *ctx, const char *pid,
    json_t *in, json_t **out, struct uc_error *err) UC_WUR;
/* The incident's directions, newest first (UC_PART_LIST_MAX). */
enum uc_status uc_direction_list(struct uc_ctx *ctx, const char *pid,
    json_t **out, struct uc_error *err) UC_WUR;
/* Apply the fields of patch (JSON null clears deadline); version is
 * the direction's, from If-Match (UC_EPRECOND when stale). */
enum uc_status uc_direction_update(struct uc_ctx *ctx, const char *pid,
    int64_t id, int64_t version, json_t *patch, json_t **out,
    struct uc_error *err) UC_WUR;

#endif
