/*
 * part.h - what the handlers of an incident's parts share (tasks,
 * comments, links, observables, directions, reports sent, people
 * named: /api/v1/incidents/{pid}/...). Path parameter 0 is the
 * incident's public id.
 */
#ifndef UC_API_PART_H
#define UC_API_PART_H

#include "http/request.h"

/* A service's list of the parts of incident pid. */
typedef enum uc_status (*api_part_list_fn)(struct uc_ctx *ctx,
    const char *pid, json_t **out, struct uc_error *err);
/* A service's new part of incident pid, made from the body `in`. */
typedef enum uc_status (*api_part_add_fn)(struct uc_ctx *ctx,
    const char *pid, json_t *in, json_t **out, struct uc_error *err);

/* A service's change of part id of incident pid: the PATCH body and
 * the If-Match version. */
typedef enum uc_status (*api_part_update_fn)(struct uc_ctx *ctx,
    const char *pid, int64_t id, int64_t version, json_t *patch,
    json_t **out, struct uc_error *err);

/* Reply with the list fn makes (no paging: one page of them all). */
enum uc_status api_part_list(struct uc_req *req, api_part_list_fn fn,
    struct uc_error *err) UC_WUR;
/* Decode the body against spec, add with fn and reply 201 with the new
 * part (with its ETag when it has a version). */
enum uc_status api_part_add(struct uc_req *req, const struct uc_jfield *spec,
    api_part_add_fn fn, struct uc_error *err) UC_WUR;
/* Path parameter 1 (the part's id), the PATCH body against spec and
 * If-Match to fn; reply 200 with the part changed and its ETag. */
enum uc_status api_part_update(struct uc_req *req,
    const struct uc_jfield *spec, api_part_update_fn fn,
    struct uc_error *err) UC_WUR;

#endif
