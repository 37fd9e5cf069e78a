/*
 * link.c - /api/v1/incidents/{pid}/links.
 */
#include "api/api.h"
#include "api/part.h"
#include "http/json.h"
#include "service/link.h"

static const struct uc_jfield create_spec[] = {
	{ "to", UC_JSTR, 1, 0, NULL },
	{ "kind", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

enum uc_status
api_link_list(struct uc_req *req, struct uc_error *err)
{
	return api_part_list(req, uc_link_list, err);
}

enum uc_status
api_link_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_l = NULL;
	enum uc_status rc = uc_req_body(req, create_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_link_create(&req->ctx, req->params[0], str(j_in, "to"),
		    str(j_in, "kind"), &j_l, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, 201, j_l);
	return rc;
}

enum uc_status
api_link_delete(struct uc_req *req, struct uc_error *err)
{
	int64_t id;
	enum uc_status rc = uc_req_id(req, 1, &id, err);

	if (rc == UC_OK)
		rc = uc_link_delete(&req->ctx, req->params[0], id, err);
	if (rc == UC_OK)
		req->status = 204;
	return rc;
}
