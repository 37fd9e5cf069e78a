/*
 * rulepack.h - the rule packs as JSON: every rule an instance may run,
 * for administrators to read and for the forms (taxonomy, options).
 *
 * Any signed-in user may read them (not a session restricted to TOTP
 * enrolment). The pack this instance runs (settings.rulepack, see
 * uc_incident_pack) is marked "in_use": true. Every item carries "src",
 * the "file:line" of its section in data/rulepacks/. Results are new
 * JSON references the caller owns.
 */
#ifndef UC_SERVICE_RULEPACK_H
#define UC_SERVICE_RULEPACK_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>

/* The shipped packs, in id order: [{id, vi, en, regime, note,
 * effective_from, effective_to, default, in_use, src}]. */
enum uc_status uc_rulepack_list_json(struct uc_ctx *ctx, json_t **out,
    struct uc_error *err) UC_WUR;

/* Everything of pack `id` (UC_ENOTFOUND when unknown): the summary
 * above plus groups, types, serious, harms, parties, procedures (with
 * stages and steps), reports, acknowledge, days, clocks, holidays and
 * options (an object keyed by list code). docs/internals/rulepack.md. */
enum uc_status uc_rulepack_get_json(struct uc_ctx *ctx, const char *id,
    json_t **out, struct uc_error *err) UC_WUR;

#endif
