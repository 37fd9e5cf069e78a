/*
 * record.h - the handlers of one record by its id (the route's first
 * parameter) that every unit-kept record repeats (drills, sessions,
 * resources, assessments): read it with its ETag, patch it with
 * If-Match, delete it with If-Match. The service decides everything;
 * these only move the request and the reply.
 */
#ifndef UC_API_RECORD_H
#define UC_API_RECORD_H

#include "api/api.h"
#include "http/json.h"

/* GET: get(ctx, id, &out), 200 with the ETag of its version. */
enum uc_status uc_api_record_get(struct uc_req *req,
    enum uc_status (*get)(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err), struct uc_error *err);

/* PATCH: the body read by parse against spec (uc_req_body, or the
 * module's own reading), update(ctx, id, If-Match, in, &out), 200 with
 * the new ETag. */
enum uc_status uc_api_record_update(struct uc_req *req,
    enum uc_status (*parse)(struct uc_req *req, const struct uc_jfield
    *spec, json_t **out, struct uc_error *err),
    const struct uc_jfield *spec,
    enum uc_status (*update)(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err),
    struct uc_error *err);

/* DELETE: del(ctx, id, If-Match), 204. */
enum uc_status uc_api_record_delete(struct uc_req *req,
    enum uc_status (*del)(struct uc_ctx *ctx, int64_t id, int64_t version,
    struct uc_error *err), struct uc_error *err);

#endif
