/*
 * playbook.c - /api/v1/playbooks (the library: defaults and the units'
 * copies, with their versions) and /api/v1/incidents/{pid}/playbooks
 * (applying one) and .../checklist/{id} (ticking what it filled).
 * service/playbook.h decides who may do what.
 */
#include "api/api.h"
#include "api/part.h"
#include "core/parse.h"
#include "http/json.h"
#include "service/playbook.h"

#include <string.h>

static const struct uc_jfield create_spec[] = {
	{ "from", UC_JINT, 1, 0, NULL },
	{ "unit_id", UC_JINT, 0, 1, NULL },
	{ "system_id", UC_JINT, 0, 1, NULL },
	{ "content", UC_JSTR, 0, 0, NULL },
	{ "note", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield update_spec[] = {
	{ "content", UC_JSTR, 1, 0, NULL },
	{ "note", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield apply_spec[] = {
	{ "playbook_id", UC_JINT, 1, 0, NULL },
	{ "version", UC_JINT, 0, 1, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield check_spec[] = {
	{ "done", UC_JBOOL, 0, 0, NULL },
	{ "note", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const char *const list_params[] = { "scenario", "unit_id",
	"default", NULL };
static const char *const get_params[] = { "version", NULL };

/* An optional positive integer query parameter; 0 when absent. */
static enum uc_status
int_param(struct uc_req *req, const char *name, int64_t *v,
    struct uc_error *err)
{
	const char *s = uc_req_query(req, name);

	*v = 0;
	if (s != NULL && uc_parse_i64_str(s, 1, INT64_MAX, v) != UC_OK)
		return uc_error_field(err, name, "format", "%s is a positive "
		    "integer", name);
	return UC_OK;
}

static enum uc_status
list_query(struct uc_req *req, struct uc_playbook_filter *f,
    struct uc_error *err)
{
	const char *def;
	enum uc_status rc;

	rc = uc_req_page(req, list_params, &f->limit, &f->cursor, err);
	if (rc == UC_OK)
		rc = int_param(req, "unit_id", &f->unit_id, err);
	if (rc != UC_OK)
		return rc;
	f->scenario = uc_req_query(req, "scenario");
	def = uc_req_query(req, "default");
	f->defaults = def != NULL && (strcmp(def, "1") == 0 ||
	    strcmp(def, "true") == 0);
	return UC_OK;
}

/* GET /api/v1/playbooks */
enum uc_status
api_playbook_list(struct uc_req *req, struct uc_error *err)
{
	struct uc_playbook_filter f;
	json_t *j_items = NULL;
	char *next = NULL;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	rc = list_query(req, &f, err);
	if (rc == UC_OK)
		rc = uc_playbook_list(&req->ctx, &f, &j_items, &next, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next);
	return rc;
}

/* GET /api/v1/playbooks/{id}[?version=N] */
enum uc_status
api_playbook_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	const char *cursor;
	int64_t id, version = 0;
	int limit;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_req_page(req, get_params, &limit, &cursor, err);
	if (rc == UC_OK)
		rc = int_param(req, "version", &version, err);
	if (rc == UC_OK)
		rc = uc_playbook_get(&req->ctx, id, version, &j_out, err);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

/* POST /api/v1/playbooks: a unit's copy */
enum uc_status
api_playbook_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = uc_req_body(req, create_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_playbook_copy(&req->ctx, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_out);
	return rc;
}

/* PATCH /api/v1/playbooks/{id}: a new version (If-Match) */
enum uc_status
api_playbook_update(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t id, version;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_req_body(req, update_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = uc_playbook_update(&req->ctx, id, version, j_in, &j_out,
		    err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

/* GET /api/v1/incidents/{id}/playbooks */
enum uc_status
api_incident_playbook_list(struct uc_req *req, struct uc_error *err)
{
	return api_part_list(req, uc_playbook_applied, err);
}

/* POST /api/v1/incidents/{id}/playbooks {playbook_id, version?} */
enum uc_status
api_incident_playbook_apply(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = uc_req_body(req, apply_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_playbook_apply(&req->ctx, req->params[0], j_in, &j_out,
		    err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, 201, j_out);
	return rc;
}

/* PATCH /api/v1/incidents/{id}/checklist/{item} {done, note} */
enum uc_status
api_incident_checklist_update(struct uc_req *req, struct uc_error *err)
{
	return api_part_update(req, check_spec, uc_playbook_check, err);
}
