/*
 * rulepack.c - /api/v1/rulepacks: the rule packs, read-only.
 */
#include "api/api.h"
#include "service/rulepack.h"

enum uc_status
api_rulepack_list(struct uc_req *req, struct uc_error *err)
{
	json_t *j_items = NULL;
	enum uc_status rc = uc_rulepack_list_json(&req->ctx, &j_items, err);

	/* a handful of packs: one page */
	if (rc == UC_OK)
		uc_req_list(req, j_items, NULL);
	return rc;
}

enum uc_status
api_rulepack_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j_p = NULL;
	enum uc_status rc = uc_rulepack_get_json(&req->ctx, req->params[0],
	    &j_p, err);

	if (rc == UC_OK)
		uc_req_json(req, 200, j_p);
	return rc;
}
