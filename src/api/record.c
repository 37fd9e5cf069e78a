/*
 * record.c - see record.h.
 */
#include "api/record.h"

enum uc_status
uc_api_record_get(struct uc_req *req,
    enum uc_status (*get)(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err), struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = get(&req->ctx, id, &j_out, err);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

enum uc_status
uc_api_record_update(struct uc_req *req,
    enum uc_status (*parse)(struct uc_req *req, const struct uc_jfield
    *spec, json_t **out, struct uc_error *err),
    const struct uc_jfield *spec,
    enum uc_status (*update)(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err),
    struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t id, version = 0;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = parse(req, spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = update(&req->ctx, id, version, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

enum uc_status
uc_api_record_delete(struct uc_req *req,
    enum uc_status (*del)(struct uc_ctx *ctx, int64_t id, int64_t version,
    struct uc_error *err), struct uc_error *err)
{
	int64_t id, version = 0;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = del(&req->ctx, id, version, err);
	if (rc == UC_OK)
		req->status = 204;
	return rc;
}
