/*
 * report.c - /api/v1/reports: official reports drafted from an
 * incident or, for Mẫu 01, for a unit; their workflow and their
 * documents (service/report.h).
 */
#include "api/api.h"
#include "core/arena.h"
#include "core/parse.h"
#include "http/json.h"
#include "service/report.h"

#include <string.h>

static const struct uc_jfield create_spec[] = {
	{ "incident", UC_JSTR, 0, 0, NULL },
	{ "unit_id", UC_JINT, 0, 0, NULL },
	{ "form", UC_JSTR, 1, 0, NULL },
	{ "fields", UC_JOBJ, 0, 1, NULL },
	{ "replaces", UC_JSTR, 0, 1, NULL },
	{ "from", UC_JSTR, 0, 0, NULL },
	{ "to", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield update_spec[] = {
	{ "fields", UC_JOBJ, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield send_spec[] = {
	{ "recipients", UC_JARRAY, 1, 0, NULL },
	{ "channel", UC_JSTR, 1, 0, NULL },
	{ "sent_at", UC_JSTR, 0, 1, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield ack_spec[] = {
	{ "acked_at", UC_JSTR, 0, 1, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield empty_spec[] = {
	{ NULL, 0, 0, 0, NULL }
};

static const char *const list_params[] = { "incident", "unit", NULL };
static const char *const doc_params[] = { "format", "disposition", NULL };

/* An inline document may be framed by the application's own pages (the
 * report panel's preview), and by nothing else. object-src 'self':
 * browsers show a PDF through a plugin of the document itself, which
 * 'none' would block. */
static const char inline_csp[] = "default-src 'none'; object-src 'self'; "
    "frame-ancestors 'self'";

/* GET /api/v1/reports?incident=SC-...: that incident's reports;
 * ?unit=ID: the unit's own (Mẫu 01). */
enum uc_status
api_report_list(struct uc_req *req, struct uc_error *err)
{
	const char *cursor = NULL, *pid, *unit;
	json_t *j_items = NULL;
	int64_t unit_id = 0;
	int limit = 0;
	enum uc_status rc;

	rc = uc_req_page(req, list_params, &limit, &cursor, err);
	pid = uc_req_query(req, "incident");
	unit = uc_req_query(req, "unit");
	if (rc == UC_OK && (pid == NULL) == (unit == NULL))
		rc = uc_error_field(err, pid ? "unit" : "incident", pid ?
		    "unknown" : "required", "give incident (SC-YYYY-NNNN) or "
		    "unit (a unit id), not both");
	if (rc == UC_OK && unit != NULL && uc_parse_i64_str(unit, 1,
	    INT64_MAX, &unit_id) != UC_OK)
		rc = uc_error_field(err, "unit", "format", "unit is a unit id");
	if (rc == UC_OK && pid != NULL)
		rc = uc_report_list(&req->ctx, pid, &j_items, err);
	else if (rc == UC_OK)
		rc = uc_report_list_unit(&req->ctx, unit_id, &j_items, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, NULL);
	return rc;
}

enum uc_status
api_report_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = uc_req_body(req, create_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_report_create(&req->ctx, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_out);
	return rc;
}

enum uc_status
api_report_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	enum uc_status rc = uc_report_get(&req->ctx, req->params[0], &j_out,
	    err);

	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

/* A versioned change: If-Match, the body against spec, then fn. */
typedef enum uc_status (*change_fn)(struct uc_ctx *ctx, const char *rid,
    int64_t version, json_t *in, json_t **out, struct uc_error *err);

static enum uc_status
change(struct uc_req *req, const struct uc_jfield *spec, change_fn fn,
    struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t version = 0;
	enum uc_status rc = uc_req_if_match(req, &version, err);

	if (rc == UC_OK && req->body.len > 0)
		rc = uc_req_body(req, spec, &j_in, err);
	if (rc == UC_OK && j_in == NULL)
		j_in = json_object();
	if (rc == UC_OK)
		rc = fn(&req->ctx, req->params[0], version, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

static enum uc_status
approve(struct uc_ctx *ctx, const char *rid, int64_t version, json_t *in,
    json_t **out, struct uc_error *err)
{
	(void)in;
	return uc_report_approve(ctx, rid, version, out, err);
}

enum uc_status
api_report_update(struct uc_req *req, struct uc_error *err)
{
	return change(req, update_spec, uc_report_update, err);
}

enum uc_status
api_report_approve(struct uc_req *req, struct uc_error *err)
{
	return change(req, empty_spec, approve, err);
}

enum uc_status
api_report_send(struct uc_req *req, struct uc_error *err)
{
	return change(req, send_spec, uc_report_send, err);
}

enum uc_status
api_report_ack(struct uc_req *req, struct uc_error *err)
{
	return change(req, ack_spec, uc_report_ack, err);
}

/* GET /api/v1/reports/forms: the forms and their free fields. */
enum uc_status
api_report_forms(struct uc_req *req, struct uc_error *err)
{
	json_t *j_items = NULL;
	enum uc_status rc = uc_report_forms(&req->ctx, &j_items, err);

	if (rc == UC_OK)
		uc_req_json(req, 200, json_pack("{so}", "items", j_items));
	return rc;
}

/* attachment (the default) or inline, which may be framed by the
 * application's own pages. */
static enum uc_status
disposition(struct uc_req *req, int *inl, struct uc_error *err)
{
	const char *d = uc_req_query(req, "disposition");

	*inl = d != NULL && strcmp(d, "inline") == 0;
	if (d != NULL && !*inl && strcmp(d, "attachment") != 0)
		return uc_error_field(err, "disposition", "enum",
		    "disposition is attachment or inline");
	return UC_OK;
}

/* GET /api/v1/reports/{id}/document?format=pdf|docx|json
 * &disposition=attachment|inline: the file, named after the report. */
enum uc_status
api_report_document(struct uc_req *req, struct uc_error *err)
{
	struct uc_report_file f;
	const char *cursor = NULL, *format;
	int limit = 0, inl = 0;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	rc = uc_req_page(req, doc_params, &limit, &cursor, err);
	format = uc_req_query(req, "format");
	if (rc == UC_OK)
		rc = disposition(req, &inl, err);
	if (rc == UC_OK)
		rc = uc_report_render(&req->ctx, req->params[0], format ?
		    format : "pdf", &f, err);
	if (rc == UC_OK) {
		req->status = 200;
		req->text = uc_arena_strndup(req->arena, f.body.data ?
		    f.body.data : "", f.body.len);
		req->text_len = f.body.len;
		req->content_type = f.content_type;
		uc_req_set_header(req, "Content-Disposition",
		    uc_arena_printf(req->arena, "%s; filename=\"%s\"", inl ?
		    "inline" : "attachment", f.filename));
	}
	if (rc == UC_OK && inl) {
		uc_req_set_header(req, "X-Frame-Options", "SAMEORIGIN");
		uc_req_set_header(req, "Content-Security-Policy", inline_csp);
	}
	uc_buf_cleanup(&f.body);
	return rc;
}
