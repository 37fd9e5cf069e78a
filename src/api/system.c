/*
 * system.c - /api/v1/systems: the registry of information systems,
 * their level from the criteria, the level dossier and its files
 * (service/dossier_file.h, uploads through api/upload.h), and the
 * match of an IP or a domain to the systems it belongs to
 * (service/system.h).
 */
#include "api/api.h"
#include "api/upload.h"
#include "core/config.h"
#include "core/parse.h"
#include "http/json.h"
#include "service/dossier_file.h"
#include "service/system.h"

#include <string.h>

static const struct uc_jfield os_spec[] = {
	{ "name", UC_JSTR, 1, 0, NULL },
	{ "version", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

/* services and controls: a code of the pack's list, and a detail */
static const struct uc_jfield coded_spec[] = {
	{ "code", UC_JSTR, 1, 0, NULL },
	{ "detail", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield component_spec[] = {
	{ "name", UC_JSTR, 1, 0, NULL },
	{ "description", UC_JSTR, 0, 0, NULL },
	{ "criteria", UC_JARRAY, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield contact_spec[] = {
	{ "name", UC_JSTR, 1, 0, NULL },
	{ "position", UC_JSTR, 0, 0, NULL },
	{ "phone", UC_JSTR, 0, 0, NULL },
	{ "email", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

#define SYSTEM_FIELDS \
	{ "unit_id", UC_JINT, 0, 0, NULL }, \
	{ "operator_unit_id", UC_JINT, 0, 0, NULL }, \
	{ "purpose", UC_JSTR, 0, 0, NULL }, \
	{ "owner_name", UC_JSTR, 0, 0, NULL }, \
	{ "operator_name", UC_JSTR, 0, 0, NULL }, \
	{ "security_provider", UC_JSTR, 0, 0, NULL }, \
	{ "upstream_provider", UC_JSTR, 0, 0, NULL }, \
	{ "national_critical", UC_JBOOL, 0, 0, NULL }, \
	{ "addresses", UC_JARRAY, 0, 0, NULL }, \
	{ "domains", UC_JARRAY, 0, 0, NULL }, \
	{ "os", UC_JARRAY, 0, 0, os_spec }, \
	{ "services", UC_JARRAY, 0, 0, coded_spec }, \
	{ "controls", UC_JARRAY, 0, 0, coded_spec }, \
	{ "components", UC_JARRAY, 0, 0, component_spec }, \
	{ "contacts", UC_JARRAY, 0, 0, contact_spec }, \
	{ "criteria", UC_JARRAY, 0, 0, NULL }

static const struct uc_jfield create_spec[] = {
	{ "name", UC_JSTR, 1, 0, NULL },
	SYSTEM_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield update_spec[] = {
	{ "name", UC_JSTR, 0, 0, NULL },
	SYSTEM_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield level_spec[] = {
	{ "criteria", UC_JARRAY, 0, 0, NULL },
	{ "components", UC_JARRAY, 0, 0, component_spec },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield part_spec[] = {
	{ "code", UC_JSTR, 1, 0, NULL },
	{ "provided", UC_JBOOL, 0, 0, NULL },
	{ "note", UC_JSTR, 0, 0, NULL },
	{ "reference", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield dossier_spec[] = {
	{ "proposed_level", UC_JINT, 0, 0, NULL },
	{ "note", UC_JSTR, 0, 0, NULL },
	{ "parts", UC_JARRAY, 0, 0, part_spec },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield status_spec[] = {
	{ "status", UC_JSTR, 1, 0, NULL },
	{ "note", UC_JSTR, 0, 0, NULL },
	{ "decision_number", UC_JSTR, 0, 0, NULL },
	{ "decision_date", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const char *const list_params[] = {
	"unit_id", "q", "level", "retired", NULL
};

static const char *const match_params[] = { "ip", "domain", NULL };

/* ?name= as an integer in [min, max]; 0 when absent. */
static enum uc_status
int_param(struct uc_req *req, const char *name, int64_t min, int64_t max,
    int64_t *v, struct uc_error *err)
{
	const char *s = uc_req_query(req, name), *p = s;

	*v = 0;
	if (s == NULL)
		return UC_OK;
	if (uc_parse_i64(&p, min, max, v) != UC_OK || *p != '\0')
		return uc_error_field(err, name, "format", "%s is a number "
		    "from %lld to %lld", name, (long long)min,
		    (long long)max);
	return UC_OK;
}

enum uc_status
api_system_list(struct uc_req *req, struct uc_error *err)
{
	struct uc_system_filter f;
	json_t *j_items = NULL;
	const char *r;
	char *next = NULL;
	int64_t level = 0;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	f.limit = 50;
	rc = uc_req_page(req, list_params, &f.limit, &f.cursor, err);
	if (rc == UC_OK)
		rc = int_param(req, "unit_id", 1, INT64_MAX, &f.unit_id, err);
	if (rc == UC_OK)
		rc = int_param(req, "level", 1, 5, &level, err);
	f.level = (int)level;
	f.q = uc_req_query(req, "q");
	r = uc_req_query(req, "retired");
	f.retired = r != NULL && (strcmp(r, "1") == 0 ||
	    strcmp(r, "true") == 0);
	if (rc == UC_OK)
		rc = uc_system_list(&req->ctx, &f, &j_items, &next, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next);
	return rc;
}

enum uc_status
api_system_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = uc_req_body(req, create_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_system_create(&req->ctx, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_out);
	return rc;
}

enum uc_status
api_system_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_system_get(&req->ctx, id, &j_out, err);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

/* A change of system {id}: a body (spec NULL: none) and If-Match. */
typedef enum uc_status (*change_fn)(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err);

static enum uc_status
change(struct uc_req *req, const struct uc_jfield *spec, change_fn fn,
    struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t id, version = 0;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK && spec != NULL)
		rc = uc_req_body(req, spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = fn(&req->ctx, id, version, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

static enum uc_status
do_retire(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *in,
    json_t **out, struct uc_error *err)
{
	(void)in;
	return uc_system_retire(ctx, id, version, out, err);
}

enum uc_status
api_system_update(struct uc_req *req, struct uc_error *err)
{
	return change(req, update_spec, uc_system_update, err);
}

enum uc_status
api_system_retire(struct uc_req *req, struct uc_error *err)
{
	return change(req, NULL, do_retire, err);
}

enum uc_status
api_system_dossier(struct uc_req *req, struct uc_error *err)
{
	return change(req, dossier_spec, uc_system_dossier_update, err);
}

enum uc_status
api_system_dossier_status(struct uc_req *req, struct uc_error *err)
{
	return change(req, status_spec, uc_system_dossier_status, err);
}

enum uc_status
api_system_level(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = uc_req_body(req, level_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_system_level(&req->ctx, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, 200, j_out);
	return rc;
}

/* ?ip= or ?domain=, exactly one. */
enum uc_status
api_system_match(struct uc_req *req, struct uc_error *err)
{
	const char *cursor = NULL, *ip, *domain;
	json_t *j_out = NULL;
	int limit = 50;
	enum uc_status rc;

	rc = uc_req_page(req, match_params, &limit, &cursor, err);
	ip = uc_req_query(req, "ip");
	domain = uc_req_query(req, "domain");
	if (rc == UC_OK && (ip == NULL) == (domain == NULL))
		rc = uc_error_field(err, ip ? "domain" : "ip", "required",
		    "give exactly one of ip and domain");
	if (rc == UC_OK)
		rc = uc_system_match(&req->ctx, ip ? "ip" : "domain", ip ? ip :
		    domain, &j_out, err);
	if (rc == UC_OK)
		uc_req_json(req, 200, j_out);
	return rc;
}

/* ---- the dossier's files ---- */

enum { F_PART, F_DESCRIPTION };

static const char *const file_fields[] = { "part", "description", NULL };

static enum uc_status
file_open(struct uc_req *req, void **state, struct uc_error *err)
{
	int64_t id;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_dossier_file_upload_new(&req->ctx, id,
		    (struct uc_dossier_upload **)state, err);
	return rc;
}

static enum uc_status
file_file(void *state, struct uc_error *err)
{
	return uc_dossier_file_upload_file(state, err);
}

static enum uc_status
file_write(void *state, const void *p, size_t n, struct uc_error *err)
{
	return uc_dossier_file_upload_write(state, p, n, err);
}

static enum uc_status
file_finish(struct uc_req *req, void *state, const struct uc_upload_values *v,
    json_t **out, struct uc_error *err)
{
	struct uc_dossier_file_meta m;

	m.part = v->values[F_PART];
	m.filename = v->filename;
	m.content_type = v->content_type;
	m.description = v->values[F_DESCRIPTION];
	return uc_dossier_file_upload_finish(&req->ctx, state, &m, out, err);
}

static void
file_free(void *state)
{
	uc_dossier_file_upload_free(state);
}

static const struct uc_upload_form file_form = {
	file_fields, "the document", &uc_cfg.evidence_max, UC_EVALID,
	file_open, file_file, file_write, file_finish, file_free
};

enum uc_status
api_system_file_upload(struct uc_req *req, struct uc_error *err)
{
	return uc_upload_start(req, &file_form, err);
}

enum uc_status
api_system_file_list(struct uc_req *req, struct uc_error *err)
{
	json_t *j_items = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_dossier_file_list(&req->ctx, id, &j_items, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, NULL);
	return rc;
}

enum uc_status
api_system_file_content(struct uc_req *req, struct uc_error *err)
{
	json_t *j_meta = NULL;
	int64_t id, fid, size = 0;
	int fd = -1;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_req_id(req, 1, &fid, err);
	if (rc == UC_OK)
		rc = uc_dossier_file_download(&req->ctx, id, fid, &fd, &size,
		    &j_meta, err);
	if (rc != UC_OK)
		return rc;
	uc_upload_serve(req, fd, size, j_meta);
	json_decref(j_meta);
	return UC_OK;
}

enum uc_status
api_system_file_remove(struct uc_req *req, struct uc_error *err)
{
	int64_t id, fid;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_req_id(req, 1, &fid, err);
	if (rc == UC_OK)
		rc = uc_dossier_file_remove(&req->ctx, id, fid, err);
	if (rc == UC_OK)
		req->status = 204;
	return rc;
}
