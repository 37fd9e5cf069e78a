/*
 * drill.h - drills (diễn tập): a scenario from the taxonomy (the
 * playbook of that code), a date, the participants, the exercise
 * incidents injected into it, the times measured on them, the
 * evaluation and the lessons.
 *
 * An injected incident is created through service/incident.c like any
 * other (the actor needs incident.write over the drill's unit) but is
 * flagged exercise: statistics, periodic reports and messages upward
 * leave it out. Reading a drill needs unit.read over its unit, changing
 * it team.write; outside the scope: UC_ENOTFOUND. Results are new JSON
 * references the caller owns. docs/internals/team.md.
 */
#ifndef UC_DRILL_H
#define UC_DRILL_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* The drills of the units in scope (unit: that unit and below; 0 all),
 * newest first. */
enum uc_status uc_drill_list(struct uc_ctx *ctx, int64_t unit,
    json_t **out, struct uc_error *err) UC_WUR;
enum uc_status uc_drill_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err) UC_WUR;
/* in: unit_id (default: the actor's), title, scenario (a taxonomy
 * code), held_on (yyyy-mm-dd), participants ([text]), evaluation,
 * lessons. */
enum uc_status uc_drill_create(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err) UC_WUR;
/* Patch; version is the caller's If-Match. */
enum uc_status uc_drill_update(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
    UC_WUR;
/* in: {incident: an incident's create body, injected_at (default: its
 * detected_at)}: create the exercise incident in the drill's unit and
 * attach it. Answers the drill. */
enum uc_status uc_drill_inject(struct uc_ctx *ctx, int64_t id, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;

#endif
