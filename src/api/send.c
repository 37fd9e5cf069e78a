/*
 * send.c - /api/v1/incidents/{pid}/sends (reports sent, and their
 * acknowledgement).
 */
#include "api/api.h"
#include "api/part.h"
#include "http/json.h"
#include "service/send.h"

static const struct uc_jfield create_spec[] = {
	{ "report", UC_JSTR, 1, 0, NULL },
	{ "reference", UC_JSTR, 0, 0, NULL },
	{ "recipients", UC_JARRAY, 1, 0, NULL },
	{ "channel", UC_JSTR, 1, 0, NULL },
	{ "sent_at", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield ack_spec[] = {
	{ "acked_at", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

enum uc_status
api_send_list(struct uc_req *req, struct uc_error *err)
{
	return api_part_list(req, uc_send_list, err);
}

enum uc_status
api_send_create(struct uc_req *req, struct uc_error *err)
{
	return api_part_add(req, create_spec, uc_send_create, err);
}

enum uc_status
api_send_ack(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_s = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 1, &id, err);

	if (rc == UC_OK)
		rc = uc_req_body(req, ack_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_send_ack(&req->ctx, req->params[0], id,
		    json_string_value(json_object_get(j_in, "acked_at")), &j_s,
		    err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, 200, j_s);
	return rc;
}
