/*
 * direction.c - /api/v1/incidents/{pid}/directions (chi dao and lenh
 * dieu phoi received).
 */
#include "api/api.h"
#include "api/part.h"
#include "http/json.h"
#include "service/direction.h"

static const struct uc_jfield create_spec[] = {
	{ "kind", UC_JSTR, 1, 0, NULL },
	{ "number", UC_JSTR, 1, 0, NULL },
	{ "issuer", UC_JSTR, 1, 0, NULL },
	{ "issued_on", UC_JSTR, 1, 0, NULL },
	{ "actions", UC_JSTR, 1, 0, NULL },
	{ "deadline", UC_JSTR, 0, 1, NULL },
	{ "result", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield update_spec[] = {
	{ "kind", UC_JSTR, 0, 0, NULL },
	{ "number", UC_JSTR, 0, 0, NULL },
	{ "issuer", UC_JSTR, 0, 0, NULL },
	{ "issued_on", UC_JSTR, 0, 0, NULL },
	{ "actions", UC_JSTR, 0, 0, NULL },
	{ "deadline", UC_JSTR, 0, 1, NULL },
	{ "result", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

enum uc_status
api_direction_list(struct uc_req *req, struct uc_error *err)
{
	return api_part_list(req, uc_direction_list, err);
}

enum uc_status
api_direction_create(struct uc_req *req, struct uc_error *err)
{
	return api_part_add(req, create_spec, uc_direction_create, err);
}

enum uc_status
api_direction_update(struct uc_req *req, struct uc_error *err)
{
	return api_part_update(req, update_spec, uc_direction_update, err);
}
