/*
 * comment.c - /api/v1/incidents/{pid}/comments (append-only).
 */
#include "api/api.h"
#include "api/part.h"
#include "http/json.h"
#include "service/comment.h"

static const struct uc_jfield create_spec[] = {
	{ "body", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

enum uc_status
api_comment_list(struct uc_req *req, struct uc_error *err)
{
	return api_part_list(req, uc_comment_list, err);
}

enum uc_status
api_comment_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_c = NULL;
	enum uc_status rc = uc_req_body(req, create_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_comment_create(&req->ctx, req->params[0],
		    json_string_value(json_object_get(j_in, "body")), &j_c,
		    err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, 201, j_c);
	return rc;
}
