/*
 * user.c - /api/v1/users.
 */
#include "api/api.h"
#include "core/arena.h"
#include "core/parse.h"
#include "api/spec.h"
#include "http/json.h"
#include "service/user.h"

#include <inttypes.h>

static const struct uc_jfield update_spec[] = {
	{ "full_name", UC_JSTR, 0, 0, NULL },
	{ "email", UC_JSTR, 0, 0, NULL },
	{ "phone", UC_JSTR, 0, 0, NULL },
	{ "unit_id", UC_JINT, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield roles_spec[] = {
	{ "roles", UC_JARRAY, 1, 0, uc_spec_grant },
	{ NULL, 0, 0, 0, NULL }
};

enum uc_status
api_user_list(struct uc_req *req, struct uc_error *err)
{
	json_t *j_items = NULL;
	const char *cursor = NULL;
	int64_t after = 0, next = 0;
	int limit = 50;
	enum uc_status rc = uc_req_page(req, NULL, &limit, &cursor, err);

	if (rc == UC_OK && cursor != NULL && uc_parse_i64_str(cursor, 0,
	    INT64_MAX, &after) != UC_OK)
		rc = uc_error_field(err, "cursor", "format", "cursor is not "
		    "one this server gave");
	if (rc == UC_OK)
		rc = uc_user_list(&req->ctx, after, limit, &j_items, &next,
		    err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next ? uc_arena_printf(req->arena,
		    "%" PRId64, next) : NULL);
	return rc;
}

enum uc_status
api_user_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j_u = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_user_get(&req->ctx, id, &j_u, err);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_u);
	return rc;
}

enum uc_status
api_user_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_u = NULL;
	enum uc_status rc = uc_req_body(req, uc_spec_user_create, &j_in, err);

	if (rc == UC_OK)
		rc = uc_user_create(&req->ctx, j_in, &j_u, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_u);
	return rc;
}

enum uc_status
api_user_update(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_u = NULL;
	int64_t id, version;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_req_body(req, update_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = uc_user_update(&req->ctx, id, version, j_in, &j_u, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_u);
	return rc;
}

enum uc_status
api_user_disable(struct uc_req *req, struct uc_error *err)
{
	json_t *j_u = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_user_disable(&req->ctx, id, &j_u, err);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_u);
	return rc;
}

enum uc_status
api_user_roles(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_u = NULL;
	int64_t id, version;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_req_body(req, roles_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = uc_user_set_roles(&req->ctx, id, version,
		    json_object_get(j_in, "roles"), &j_u, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_u);
	return rc;
}
