/*
 * step.h - the procedure of an incident: its steps from the rule pack,
 * their lead (chu tri) and coordinating (phoi hop) units, their states.
 * The rules of a change are domain/procedure.c's; this file loads and
 * stores them. Steps are named by their code (I.1, III.3, S2 ...).
 */
#ifndef UC_STEP_H
#define UC_STEP_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

struct uc_rulepack;

/* Inside the caller's transaction: add the steps of `procedure` the
 * incident lacks, with units prefilled from the pack's parties. */
enum uc_status uc_step_sync(struct uc_ctx *ctx,
    const struct uc_rulepack *pack, int64_t id, const char *procedure,
    struct uc_error *err) UC_WUR;
/* Inside the caller's transaction: store the status the steps give. */
enum uc_status uc_step_status(struct uc_ctx *ctx,
    const struct uc_rulepack *pack, int64_t id, struct uc_error *err)
    UC_WUR;
/* UC_ECONFLICT naming the first step (or report) that blocks closure. */
enum uc_status uc_step_can_close(struct uc_ctx *ctx,
    const struct uc_rulepack *pack, int64_t id, struct uc_error *err)
    UC_WUR;
/* The steps of incident id (no access check: the caller did it). */
enum uc_status uc_step_json(struct uc_ctx *ctx,
    const struct uc_rulepack *pack, int64_t id, json_t **out,
    struct uc_error *err) UC_WUR;

/*
 * Change step `code` of incident pid: {state, reason, note, failed};
 * its start and end times follow the state. version is the step's
 * If-Match. Reopening a done step needs incident.coordinate. Returns
 * the incident.
 */
enum uc_status uc_step_change(struct uc_ctx *ctx, const char *pid,
    const char *code, int64_t version, json_t *in, json_t **out,
    struct uc_error *err) UC_WUR;
/* Replace the lead and coordinating units of a step ({lead: [unit ids],
 * coordinating: [unit ids]}); needs incident.coordinate. */
enum uc_status uc_step_units(struct uc_ctx *ctx, const char *pid,
    const char *code, int64_t version, json_t *in, json_t **out,
    struct uc_error *err) UC_WUR;

#endif
