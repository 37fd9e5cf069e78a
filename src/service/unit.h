/*
 * unit.h - the unit tree: list, get, create, update, move.
 *
 * Units are JSON objects here (the field list is in
 * docs/internals/api-contract.md); callers pass only known fields of the
 * right JSON type (the API's decoder and the CLI guarantee that), and
 * these functions check every value and every permission.
 */
#ifndef UC_UNIT_H
#define UC_UNIT_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* Units the actor can see, in tree order, after path `cursor`. */
enum uc_status uc_unit_list(struct uc_ctx *ctx, const char *cursor,
    int limit, json_t **out, char **next, struct uc_error *err) UC_WUR;
enum uc_status uc_unit_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err) UC_WUR;
/* Look a unit up by code (for the CLI). */
enum uc_status uc_unit_find(struct uc_ctx *ctx, const char *code,
    int64_t *id, struct uc_error *err) UC_WUR;
/* `in` needs parent_id (absent only for the first, root unit). */
enum uc_status uc_unit_create(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
/* Apply the fields of `in`; version must match (If-Match). */
enum uc_status uc_unit_update(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err) UC_WUR;
enum uc_status uc_unit_move(struct uc_ctx *ctx, int64_t id,
    int64_t version, int64_t parent_id, json_t **out,
    struct uc_error *err) UC_WUR;

#endif
