/*
 * token.c - the actor's API tokens (/api/v1/me/tokens).
 */
#include "api/api.h"
#include "http/json.h"
#include "service/token.h"

static const struct uc_jfield create_spec[] = {
	{ "name", UC_JSTR, 1, 0, NULL },
	{ "expires_at", UC_JSTR, 0, 1, NULL },
	{ NULL, 0, 0, 0, NULL }
};

enum uc_status
api_token_list(struct uc_req *req, struct uc_error *err)
{
	json_t *j_items = NULL;
	enum uc_status rc = uc_token_list(&req->ctx, req->ctx.actor.user_id,
	    &j_items, err);

	if (rc == UC_OK)
		uc_req_list(req, j_items, NULL);
	return rc;
}

enum uc_status
api_token_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc;

	if ((rc = uc_req_body(req, create_spec, &j_in, err)) != UC_OK)
		return rc;
	rc = uc_token_create(&req->ctx, req->ctx.actor.user_id,
	    json_string_value(json_object_get(j_in, "name")),
	    json_string_value(json_object_get(j_in, "expires_at")), &j_out,
	    err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, 201, j_out);
	return rc;
}

enum uc_status
api_token_delete(struct uc_req *req, struct uc_error *err)
{
	int64_t id;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_token_revoke(&req->ctx, id, err);
	if (rc == UC_OK)
		req->status = 204;
	return rc;
}
