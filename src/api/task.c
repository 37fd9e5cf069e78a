/*
 * task.c - /api/v1/incidents/{pid}/tasks.
 */
#include "api/api.h"
#include "http/json.h"
#include "service/task.h"

static const struct uc_jfield create_spec[] = {
	{ "title", UC_JSTR, 1, 0, NULL },
	{ "assignee_id", UC_JINT, 0, 1, NULL },
	{ "unit_id", UC_JINT, 0, 1, NULL },
	{ "due_at", UC_JSTR, 0, 1, NULL },
	{ "state", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield update_spec[] = {
	{ "title", UC_JSTR, 0, 0, NULL },
	{ "assignee_id", UC_JINT, 0, 1, NULL },
	{ "unit_id", UC_JINT, 0, 1, NULL },
	{ "due_at", UC_JSTR, 0, 1, NULL },
	{ "state", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

/* A PATCH body in which null clears a nullable field: uc_req_body
 * drops those nulls (absent = unchanged), so they are put back. */
static enum uc_status
patch_body(struct uc_req *req, const struct uc_jfield *spec, json_t **out,
    struct uc_error *err)
{
	const struct uc_jfield *f;
	json_t *j_raw;
	enum uc_status rc = uc_req_body(req, spec, out, err);

	if (rc != UC_OK)
		return rc;
	j_raw = json_loadb(req->body.data, req->body.len, 0, NULL);
	for (f = spec; f->name != NULL; f++)
		if (f->nullable && json_is_null(json_object_get(j_raw,
		    f->name)))
			json_object_set_new(*out, f->name, json_null());
	json_decref(j_raw);
	return UC_OK;
}

static void
one(struct uc_req *req, int status, json_t *j)
{
	uc_req_etag(req, j);
	uc_req_json(req, status, j);
}

enum uc_status
api_task_list(struct uc_req *req, struct uc_error *err)
{
	json_t *j_items = NULL;
	enum uc_status rc = uc_task_list(&req->ctx, req->params[0], &j_items,
	    err);

	if (rc == UC_OK)
		uc_req_list(req, j_items, NULL);
	return rc;
}

enum uc_status
api_task_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_t = NULL;
	enum uc_status rc = uc_req_body(req, create_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_task_create(&req->ctx, req->params[0], j_in, &j_t,
		    err);
	json_decref(j_in);
	if (rc == UC_OK)
		one(req, 201, j_t);
	return rc;
}

enum uc_status
api_task_update(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_t = NULL;
	int64_t id, version;
	enum uc_status rc = uc_req_id(req, 1, &id, err);

	if (rc == UC_OK)
		rc = patch_body(req, update_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = uc_task_update(&req->ctx, req->params[0], id, version,
		    j_in, &j_t, err);
	json_decref(j_in);
	if (rc == UC_OK)
		one(req, 200, j_t);
	return rc;
}
