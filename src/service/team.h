/*
 * team.h - the roster of a unit's incident response team (Đội ứng cứu
 * sự cố) and its contact points (đầu mối chính / dự phòng).
 *
 * A change of a contact point (a member becomes or stops being one, or
 * a contact point's name, position, phone or email changes) starts a
 * clock: the national coordinator must be told within 24 hours (TT
 * 20/2017 Đ6.1.b). The clock is met when the notice is recorded as
 * sent. Reading needs unit.read over the unit, changing team.write;
 * a unit outside the actor's scope answers UC_ENOTFOUND. Results are
 * new JSON references the caller owns. docs/internals/team.md.
 */
#ifndef UC_TEAM_H
#define UC_TEAM_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* {unit_id, items: [member], clocks: [contact_change clock]}. */
enum uc_status uc_team_roster(struct uc_ctx *ctx, int64_t unit,
    json_t **out, struct uc_error *err) UC_WUR;
enum uc_status uc_team_get(struct uc_ctx *ctx, int64_t unit, int64_t id,
    json_t **out, struct uc_error *err) UC_WUR;
/* in: full_name, rank, position, workplace, phone, email, team_role
 * (leader, deputy, member), contact ("", primary, backup), valid_from,
 * valid_to (yyyy-mm-dd; "" open-ended). */
enum uc_status uc_team_create(struct uc_ctx *ctx, int64_t unit, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
/* Patch; version is the caller's If-Match (UC_EPRECOND when stale). */
enum uc_status uc_team_update(struct uc_ctx *ctx, int64_t unit, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
    UC_WUR;
/* Remove the member and their rota shifts. */
enum uc_status uc_team_delete(struct uc_ctx *ctx, int64_t unit, int64_t id,
    int64_t version, struct uc_error *err) UC_WUR;
/* Record the notice of clock `clock` as sent ({sent_at?, note?}; the
 * default is now): the clock is met. Answers the clock. */
enum uc_status uc_team_notice(struct uc_ctx *ctx, int64_t unit,
    int64_t clock, json_t *in, json_t **out, struct uc_error *err) UC_WUR;

/*
 * The quarterly confirmation of the roster (regulation.md §6 #5): the
 * calendar's `roster` item of the period holding today is done, with
 * the count of current members as its evidence; team.write over unit.
 * UC_ECONFLICT when the roster is empty or the period is done already.
 * *out: {unit_id, period, members, confirmed_at, evidence}.
 */
enum uc_status uc_team_confirm(struct uc_ctx *ctx, int64_t unit,
    json_t **out, struct uc_error *err) UC_WUR;

#endif
