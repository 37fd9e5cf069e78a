/*
 * party.h - the instance's side of the rule pack: which pack it runs and
 * which of its units stand for the pack's parties (ir_unit, team,
 * steering_board ...), so a new incident's steps get their lead and
 * coordinating units. The administrator at the root sets both; every
 * change is audited.
 */
#ifndef UC_PARTY_H
#define UC_PARTY_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>

/* [{party, label_vi, label_en, unit_id, unit_code, unit_name}] over the
 * parties of the pack in use (unit fields null when unbound). */
enum uc_status uc_party_list(struct uc_ctx *ctx, json_t **out,
    struct uc_error *err) UC_WUR;
/* Bind party to the unit with this code ("" or NULL: unbind). */
enum uc_status uc_party_bind(struct uc_ctx *ctx, const char *party,
    const char *unit_code, struct uc_error *err) UC_WUR;
/* Run rule pack id from now on; incidents keep the pack they began
 * with. */
enum uc_status uc_party_use_pack(struct uc_ctx *ctx, const char *id,
    struct uc_error *err) UC_WUR;

#endif
