/*
 * part.c - see part.h.
 */
#include "api/part.h"
#include "http/json.h"

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

enum uc_status
api_part_list(struct uc_req *req, api_part_list_fn fn, struct uc_error *err)
{
	json_t *j_items = NULL;
	enum uc_status rc = fn(&req->ctx, req->params[0], &j_items, err);

	if (rc == UC_OK)
		uc_req_list(req, j_items, NULL);
	return rc;
}

enum uc_status
api_part_add(struct uc_req *req, const struct uc_jfield *spec,
    api_part_add_fn fn, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = uc_req_body(req, spec, &j_in, err);

	if (rc == UC_OK)
		rc = fn(&req->ctx, req->params[0], j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_out);
	return rc;
}

enum uc_status
api_part_update(struct uc_req *req, const struct uc_jfield *spec,
    api_part_update_fn fn, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t id, version;
	enum uc_status rc = uc_req_id(req, 1, &id, err);

	if (rc == UC_OK)
		rc = patch_body(req, spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = fn(&req->ctx, req->params[0], id, version, j_in, &j_out,
		    err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}
