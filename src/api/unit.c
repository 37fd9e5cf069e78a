/*
 * unit.c - /api/v1/units.
 */
#include "api/api.h"
#include "http/json.h"
#include "service/unit.h"

#define UNIT_FIELDS \
	{ "name", UC_JSTR, 0, 0, NULL }, \
	{ "kind", UC_JSTR, 0, 0, NULL }, \
	{ "symbol", UC_JSTR, 0, 0, NULL }, \
	{ "address", UC_JSTR, 0, 0, NULL }, \
	{ "supervising_name", UC_JSTR, 0, 0, NULL }, \
	{ "signer_prefix", UC_JSTR, 0, 0, NULL }, \
	{ "signer_title", UC_JSTR, 0, 0, NULL }, \
	{ "signer_name", UC_JSTR, 0, 0, NULL }, \
	{ "phone", UC_JSTR, 0, 0, NULL }, \
	{ "email", UC_JSTR, 0, 0, NULL }, \
	{ "require_totp", UC_JBOOL, 0, 0, NULL }

static const struct uc_jfield create_spec[] = {
	{ "parent_id", UC_JINT, 1, 0, NULL },
	{ "code", UC_JSTR, 1, 0, NULL },
	UNIT_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield update_spec[] = {
	UNIT_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield move_spec[] = {
	{ "parent_id", UC_JINT, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

enum uc_status
api_unit_list(struct uc_req *req, struct uc_error *err)
{
	json_t *j_items = NULL;
	const char *cursor = NULL;
	char *next = NULL;
	int limit = 50;
	enum uc_status rc = uc_req_page(req, NULL, &limit, &cursor, err);

	if (rc == UC_OK)
		rc = uc_unit_list(&req->ctx, cursor, limit, &j_items, &next,
		    err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next);
	return rc;
}

enum uc_status
api_unit_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j_u = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_unit_get(&req->ctx, id, &j_u, err);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_u);
	return rc;
}

enum uc_status
api_unit_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_u = NULL;
	enum uc_status rc = uc_req_body(req, create_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_unit_create(&req->ctx, j_in, &j_u, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_u);
	return rc;
}

enum uc_status
api_unit_update(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_u = NULL;
	int64_t id, version;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_req_body(req, update_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = uc_unit_update(&req->ctx, id, version, j_in, &j_u, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_u);
	return rc;
}

enum uc_status
api_unit_move(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_u = NULL;
	int64_t id, version;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_req_body(req, move_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = uc_unit_move(&req->ctx, id, version, json_integer_value(
		    json_object_get(j_in, "parent_id")), &j_u, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_u);
	return rc;
}
