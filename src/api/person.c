/*
 * person.c - /api/v1/incidents/{pid}/people: who is named on an
 * incident (and so sees it when it is TLP:RED).
 */
#include "api/api.h"
#include "api/part.h"
#include "http/json.h"
#include "service/person.h"

static const struct uc_jfield add_spec[] = {
	{ "user_id", UC_JINT, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

enum uc_status
api_person_list(struct uc_req *req, struct uc_error *err)
{
	return api_part_list(req, uc_person_list, err);
}

enum uc_status
api_person_add(struct uc_req *req, struct uc_error *err)
{
	return api_part_add(req, add_spec, uc_person_add, err);
}

enum uc_status
api_person_remove(struct uc_req *req, struct uc_error *err)
{
	int64_t uid;
	enum uc_status rc = uc_req_id(req, 1, &uid, err);

	if (rc == UC_OK)
		rc = uc_person_remove(&req->ctx, req->params[0], uid, err);
	if (rc == UC_OK)
		req->status = 204;
	return rc;
}
