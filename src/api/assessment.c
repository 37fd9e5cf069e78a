/*
 * assessment.c - security assessments of a unit or of its systems
 * (/api/v1/assessments, service/assessment.h).
 * docs/internals/assessments.md.
 */
#include "api/api.h"
#include "api/record.h"
#include "core/config.h"
#include "core/parse.h"
#include "http/json.h"
#include "service/assessment.h"

#include <string.h>

static const struct uc_jfield findings_spec[] = {
	{ "critical", UC_JINT, 0, 0, NULL },
	{ "high", UC_JINT, 0, 0, NULL },
	{ "medium", UC_JINT, 0, 0, NULL },
	{ "low", UC_JINT, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

#define ASSESSMENT_FIELDS \
	{ "system_id", UC_JINT, 0, 0, NULL }, \
	{ "obligation", UC_JSTR, 0, 0, NULL }, \
	{ "ends_on", UC_JSTR, 0, 0, NULL }, \
	{ "assessor", UC_JSTR, 0, 0, NULL }, \
	{ "scope", UC_JSTR, 0, 0, NULL }, \
	{ "findings", UC_JOBJ, 0, 0, findings_spec }, \
	{ "summary", UC_JSTR, 0, 0, NULL }, \
	{ "reference", UC_JSTR, 0, 0, NULL }

static const struct uc_jfield assessment_create[] = {
	{ "unit_id", UC_JINT, 0, 1, NULL },
	{ "kind", UC_JSTR, 1, 0, NULL },
	{ "title", UC_JSTR, 1, 0, NULL },
	{ "held_on", UC_JSTR, 1, 0, NULL },
	ASSESSMENT_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield assessment_update[] = {
	{ "kind", UC_JSTR, 0, 0, NULL },
	{ "title", UC_JSTR, 0, 0, NULL },
	{ "held_on", UC_JSTR, 0, 0, NULL },
	ASSESSMENT_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

static const char *const list_params[] = { "unit_id", "system_id",
	"obligation", "from", "to", NULL };

/*
 * The body against spec. null means "none" rather than "unchanged": ""
 * for ends_on, 0 (the unit as a whole) for system_id.
 */
static enum uc_status
body(struct uc_req *req, const struct uc_jfield *spec, json_t **out,
    struct uc_error *err)
{
	enum uc_status rc;

	*out = NULL;
	if (req->body.len == 0)
		return uc_req_body(req, spec, out, err);
	rc = uc_json_parse(req->body.data, req->body.len,
	    (size_t)uc_cfg.max_depth, (size_t)uc_cfg.max_array, out, err);
	if (rc == UC_OK && json_is_null(json_object_get(*out, "ends_on")))
		json_object_set_new(*out, "ends_on", json_string(""));
	if (rc == UC_OK && json_is_null(json_object_get(*out, "system_id")))
		json_object_set_new(*out, "system_id", json_integer(0));
	if (rc == UC_OK)
		rc = uc_json_check(*out, spec, "", err);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* ?name= as an id; 0 when absent. */
static enum uc_status
id_param(struct uc_req *req, const char *name, int64_t *v,
    struct uc_error *err)
{
	const char *s = uc_req_query(req, name);

	*v = 0;
	if (s != NULL && uc_parse_i64_str(s, 1, INT64_MAX, v) != UC_OK)
		return uc_error_field(err, name, "format", "%s is an id", name);
	return UC_OK;
}

enum uc_status
api_assessment_list(struct uc_req *req, struct uc_error *err)
{
	struct uc_assessment_filter f;
	json_t *j_items = NULL;
	char *next = NULL;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	f.limit = 50;
	rc = uc_req_page(req, list_params, &f.limit, &f.cursor, err);
	if (rc == UC_OK)
		rc = id_param(req, "unit_id", &f.unit_id, err);
	if (rc == UC_OK)
		rc = id_param(req, "system_id", &f.system_id, err);
	f.obligation = uc_req_query(req, "obligation");
	f.from = uc_req_query(req, "from");
	f.to = uc_req_query(req, "to");
	if (rc == UC_OK)
		rc = uc_assessment_list(&req->ctx, &f, &j_items, &next, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next);
	return rc;
}

enum uc_status
api_assessment_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = body(req, assessment_create, &j_in, err);

	if (rc == UC_OK)
		rc = uc_assessment_create(&req->ctx, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_out);
	return rc;
}

enum uc_status
api_assessment_get(struct uc_req *req, struct uc_error *err)
{
	return uc_api_record_get(req, uc_assessment_get, err);
}

enum uc_status
api_assessment_update(struct uc_req *req, struct uc_error *err)
{
	return uc_api_record_update(req, body, assessment_update,
	    uc_assessment_update, err);
}

enum uc_status
api_assessment_delete(struct uc_req *req, struct uc_error *err)
{
	return uc_api_record_delete(req, uc_assessment_delete, err);
}
