/*
 * observable.c - /api/v1/incidents/{pid}/observables.
 */
#include "api/api.h"
#include "api/part.h"
#include "http/json.h"
#include "service/observable.h"

static const struct uc_jfield create_spec[] = {
	{ "type", UC_JSTR, 1, 0, NULL },
	{ "value", UC_JSTR, 1, 0, NULL },
	{ "tlp", UC_JSTR, 0, 0, NULL },
	{ "is_indicator", UC_JBOOL, 0, 0, NULL },
	{ "first_seen", UC_JSTR, 0, 1, NULL },
	{ "last_seen", UC_JSTR, 0, 1, NULL },
	{ "note", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield bulk_spec[] = {
	{ "text", UC_JSTR, 1, 0, NULL },
	{ "tlp", UC_JSTR, 0, 0, NULL },
	{ "is_indicator", UC_JBOOL, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

enum uc_status
api_observable_list(struct uc_req *req, struct uc_error *err)
{
	return api_part_list(req, uc_observable_list, err);
}

enum uc_status
api_observable_create(struct uc_req *req, struct uc_error *err)
{
	return api_part_add(req, create_spec, uc_observable_add, err);
}

/* 201 when something was added, 200 when every line was skipped. */
enum uc_status
api_observable_bulk(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_res = NULL;
	enum uc_status rc = uc_req_body(req, bulk_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_observable_bulk(&req->ctx, req->params[0], j_in,
		    &j_res, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, json_array_size(json_object_get(j_res,
		    "added")) > 0 ? 201 : 200, j_res);
	return rc;
}

enum uc_status
api_observable_delete(struct uc_req *req, struct uc_error *err)
{
	int64_t id;
	enum uc_status rc = uc_req_id(req, 1, &id, err);

	if (rc == UC_OK)
		rc = uc_observable_delete(&req->ctx, req->params[0], id, err);
	if (rc == UC_OK)
		req->status = 204;
	return rc;
}
