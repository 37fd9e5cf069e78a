/*
 * rota.h - the 24/7 on-call rota (trực 24/7) of a unit's response team:
 * weekly patterns or dated shifts of its members, and who is on duty
 * now and next (domain/rota.h decides; this file reads and writes).
 *
 * Reading needs unit.read over the unit, changing it team.write; a unit
 * outside the actor's scope answers UC_ENOTFOUND. Results are new JSON
 * references the caller owns. docs/internals/team.md.
 */
#ifndef UC_SERVICE_ROTA_H
#define UC_SERVICE_ROTA_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* {unit_id, at, items: [shift], on_duty: [slot], next: slot | null}
 * at the instant `at` (ms). */
enum uc_status uc_rota_list(struct uc_ctx *ctx, int64_t unit, int64_t at,
    json_t **out, struct uc_error *err) UC_WUR;
/* in: member_id and either weekday (1 Monday .. 7 Sunday), start
 * ("HH:MM", local) and length_min, or starts_at and ends_at. */
enum uc_status uc_rota_add(struct uc_ctx *ctx, int64_t unit, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
enum uc_status uc_rota_remove(struct uc_ctx *ctx, int64_t unit, int64_t id,
    struct uc_error *err) UC_WUR;
/* The hotline page: {at, units: [{unit_id, unit_code, unit_name,
 * on_duty, next}]} for every unit in scope that has a rota. */
enum uc_status uc_rota_oncall(struct uc_ctx *ctx, int64_t at, json_t **out,
    struct uc_error *err) UC_WUR;

#endif
