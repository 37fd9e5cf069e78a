/*
 * readiness.c - training and awareness sessions (/api/v1/trainings,
 * service/training.h) and the unit's equipment, tools, software,
 * licences and services (/api/v1/resources, service/resource.h).
 * docs/internals/readiness.md.
 */
#include "api/api.h"
#include "api/record.h"
#include "core/config.h"
#include "core/parse.h"
#include "http/json.h"
#include "service/resource.h"
#include "service/training.h"

#include <string.h>

static const struct uc_jfield attendee_spec[] = {
	{ "name", UC_JSTR, 1, 0, NULL },
	{ "position", UC_JSTR, 0, 0, NULL },
	{ "workplace", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

#define TRAINING_FIELDS \
	{ "legal_docs", UC_JARRAY, 0, 0, NULL }, \
	{ "ends_on", UC_JSTR, 0, 0, NULL }, \
	{ "place", UC_JSTR, 0, 0, NULL }, \
	{ "organiser", UC_JSTR, 0, 0, NULL }, \
	{ "audience", UC_JSTR, 0, 0, NULL }, \
	{ "attendee_count", UC_JINT, 0, 0, NULL }, \
	{ "attendees", UC_JARRAY, 0, 0, attendee_spec }, \
	{ "note", UC_JSTR, 0, 0, NULL }

static const struct uc_jfield training_create[] = {
	{ "unit_id", UC_JINT, 0, 1, NULL },
	{ "kind", UC_JSTR, 1, 0, NULL },
	{ "topic", UC_JSTR, 1, 0, NULL },
	{ "held_on", UC_JSTR, 1, 0, NULL },
	TRAINING_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield training_update[] = {
	{ "kind", UC_JSTR, 0, 0, NULL },
	{ "topic", UC_JSTR, 0, 0, NULL },
	{ "held_on", UC_JSTR, 0, 0, NULL },
	TRAINING_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

#define RESOURCE_FIELDS \
	{ "vendor", UC_JSTR, 0, 0, NULL }, \
	{ "model", UC_JSTR, 0, 0, NULL }, \
	{ "serial", UC_JSTR, 0, 0, NULL }, \
	{ "quantity", UC_JINT, 0, 0, NULL }, \
	{ "system_id", UC_JINT, 0, 0, NULL }, \
	{ "acquired_on", UC_JSTR, 0, 0, NULL }, \
	{ "expires_on", UC_JSTR, 0, 0, NULL }, \
	{ "note", UC_JSTR, 0, 0, NULL }

static const struct uc_jfield resource_create[] = {
	{ "unit_id", UC_JINT, 0, 1, NULL },
	{ "kind", UC_JSTR, 1, 0, NULL },
	{ "name", UC_JSTR, 1, 0, NULL },
	RESOURCE_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield resource_update[] = {
	{ "kind", UC_JSTR, 0, 0, NULL },
	{ "name", UC_JSTR, 0, 0, NULL },
	{ "status", UC_JSTR, 0, 0, NULL },
	RESOURCE_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

static const char *const training_params[] = { "unit_id", "from", "to",
	"kind", NULL };
static const char *const resource_params[] = { "unit_id", "kind",
	"expiring", "status", NULL };

/*
 * The body against spec. In the fields that may be emptied, null means
 * "none" rather than "unchanged": "" for a date, 0 for system_id, which
 * is what the services read as none.
 */
static enum uc_status
body(struct uc_req *req, const struct uc_jfield *spec, json_t **out,
    struct uc_error *err)
{
	static const char *const dates[] = { "ends_on", "acquired_on",
		"expires_on", NULL };
	enum uc_status rc;
	size_t i;

	*out = NULL;
	if (req->body.len == 0)
		return uc_req_body(req, spec, out, err);
	rc = uc_json_parse(req->body.data, req->body.len,
	    (size_t)uc_cfg.max_depth, (size_t)uc_cfg.max_array, out, err);
	for (i = 0; rc == UC_OK && dates[i] != NULL; i++)
		if (json_is_null(json_object_get(*out, dates[i])))
			json_object_set_new(*out, dates[i], json_string(""));
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

/* ?name= as an integer in [min, max]; dflt when absent. */
static enum uc_status
int_param(struct uc_req *req, const char *name, int64_t min, int64_t max,
    int64_t dflt, int64_t *v, struct uc_error *err)
{
	const char *s = uc_req_query(req, name);

	*v = dflt;
	if (s != NULL && uc_parse_i64_str(s, min, max, v) != UC_OK)
		return uc_error_field(err, name, "format", "%s is a number "
		    "from %lld to %lld", name, (long long)min,
		    (long long)max);
	return UC_OK;
}

/* ---- trainings --------------------------------------------------- */

enum uc_status
api_training_list(struct uc_req *req, struct uc_error *err)
{
	struct uc_training_filter f;
	json_t *j_items = NULL;
	char *next = NULL;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	f.limit = 50;
	rc = uc_req_page(req, training_params, &f.limit, &f.cursor, err);
	if (rc == UC_OK)
		rc = int_param(req, "unit_id", 1, INT64_MAX, 0, &f.unit_id,
		    err);
	f.from = uc_req_query(req, "from");
	f.to = uc_req_query(req, "to");
	f.kind = uc_req_query(req, "kind");
	if (rc == UC_OK)
		rc = uc_training_list(&req->ctx, &f, &j_items, &next, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next);
	return rc;
}

enum uc_status
api_training_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = body(req, training_create, &j_in, err);

	if (rc == UC_OK)
		rc = uc_training_create(&req->ctx, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_out);
	return rc;
}

enum uc_status
api_training_get(struct uc_req *req, struct uc_error *err)
{
	return uc_api_record_get(req, uc_training_get, err);
}

enum uc_status
api_training_update(struct uc_req *req, struct uc_error *err)
{
	return uc_api_record_update(req, body, training_update,
	    uc_training_update, err);
}

enum uc_status
api_training_delete(struct uc_req *req, struct uc_error *err)
{
	return uc_api_record_delete(req, uc_training_delete, err);
}

/* ---- resources --------------------------------------------------- */

enum uc_status
api_resource_list(struct uc_req *req, struct uc_error *err)
{
	struct uc_resource_filter f;
	json_t *j_items = NULL;
	char *next = NULL;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	f.limit = 50;
	rc = uc_req_page(req, resource_params, &f.limit, &f.cursor, err);
	if (rc == UC_OK)
		rc = int_param(req, "unit_id", 1, INT64_MAX, 0, &f.unit_id,
		    err);
	if (rc == UC_OK)
		rc = int_param(req, "expiring", 0, UC_RESOURCE_MAX_EXPIRING,
		    -1, &f.expiring, err);
	f.kind = uc_req_query(req, "kind");
	f.status = uc_req_query(req, "status");
	if (rc == UC_OK)
		rc = uc_resource_list(&req->ctx, &f, &j_items, &next, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next);
	return rc;
}

enum uc_status
api_resource_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = body(req, resource_create, &j_in, err);

	if (rc == UC_OK)
		rc = uc_resource_create(&req->ctx, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_out);
	return rc;
}

enum uc_status
api_resource_get(struct uc_req *req, struct uc_error *err)
{
	return uc_api_record_get(req, uc_resource_get, err);
}

enum uc_status
api_resource_update(struct uc_req *req, struct uc_error *err)
{
	return uc_api_record_update(req, body, resource_update,
	    uc_resource_update, err);
}

/* DELETE retires: the resource is kept as history. */
enum uc_status
api_resource_delete(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t id, version = 0;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = uc_resource_retire(&req->ctx, id, version, &j_out, err);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}
