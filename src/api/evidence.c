/*
 * evidence.c - /api/v1/incidents/{pid}/evidence.
 *
 * The upload is a streamed route (UC_R_STREAM) through api/upload.h:
 * the form below names the text fields and binds the file to the
 * evidence store (service/evidence.h), which checks the incident when
 * the headers are in. Downloads are served from the verified
 * descriptor as application/octet-stream, never as the type the
 * uploader claimed.
 */
#include "api/api.h"
#include "api/upload.h"
#include "core/config.h"
#include "http/json.h"
#include "service/evidence.h"

enum { F_DESCRIPTION, F_COLLECTED_BY, F_COLLECTED_AT, F_COLLECTED_FROM,
	F_STEP };

static const char *const field_names[] = {
	"description", "collected_by", "collected_at", "collected_from",
	"step", NULL
};

static const struct uc_jfield transfer_spec[] = {
	{ "to", UC_JSTR, 1, 0, NULL },
	{ "reason", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

/* ---- the upload (api/upload.h) ---- */

static enum uc_status
ev_open(struct uc_req *req, void **state, struct uc_error *err)
{
	return uc_evidence_upload_new(&req->ctx, req->params[0],
	    (struct uc_evidence_upload **)state, err);
}

static enum uc_status
ev_file(void *state, struct uc_error *err)
{
	return uc_evidence_upload_file(state, err);
}

static enum uc_status
ev_write(void *state, const void *p, size_t n, struct uc_error *err)
{
	return uc_evidence_upload_write(state, p, n, err);
}

static enum uc_status
ev_finish(struct uc_req *req, void *state, const struct uc_upload_values *v,
    json_t **out, struct uc_error *err)
{
	struct uc_evidence_meta m;

	m.filename = v->filename;
	m.content_type = v->content_type;
	m.description = v->values[F_DESCRIPTION];
	m.collected_by = v->values[F_COLLECTED_BY];
	m.collected_at = v->values[F_COLLECTED_AT];
	m.collected_from = v->values[F_COLLECTED_FROM];
	m.step = v->values[F_STEP];
	return uc_evidence_upload_finish(&req->ctx, state, &m, out, err);
}

static void
ev_free(void *state)
{
	uc_evidence_upload_free(state);
}

static const struct uc_upload_form evidence_form = {
	field_names, "the evidence", &uc_cfg.evidence_max, UC_EINVAL,
	ev_open, ev_file, ev_write, ev_finish, ev_free
};

enum uc_status
api_evidence_upload(struct uc_req *req, struct uc_error *err)
{
	return uc_upload_start(req, &evidence_form, err);
}

/* ---- the other routes ---- */

enum uc_status
api_evidence_list(struct uc_req *req, struct uc_error *err)
{
	json_t *j_items = NULL;
	const char *cursor = NULL;
	char *next = NULL;
	int limit = 50;
	enum uc_status rc = uc_req_page(req, NULL, &limit, &cursor, err);

	if (rc == UC_OK)
		rc = uc_evidence_list(&req->ctx, req->params[0], cursor, limit,
		    &j_items, &next, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next);
	return rc;
}

enum uc_status
api_evidence_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 1, &id, err);

	if (rc == UC_OK)
		rc = uc_evidence_get(&req->ctx, req->params[0], id, &j, err);
	if (rc == UC_OK)
		uc_req_json(req, 200, j);
	return rc;
}

enum uc_status
api_evidence_content(struct uc_req *req, struct uc_error *err)
{
	json_t *j_meta = NULL;
	int64_t id, size = 0;
	int fd = -1;
	enum uc_status rc = uc_req_id(req, 1, &id, err);

	if (rc == UC_OK)
		rc = uc_evidence_download(&req->ctx, req->params[0], id, &fd,
		    &size, &j_meta, err);
	if (rc != UC_OK)
		return rc;
	uc_upload_serve(req, fd, size, j_meta);
	json_decref(j_meta);
	return UC_OK;
}

enum uc_status
api_evidence_transfer(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 1, &id, err);

	if (rc == UC_OK)
		rc = uc_req_body(req, transfer_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_evidence_transfer(&req->ctx, req->params[0], id,
		    json_string_value(json_object_get(j_in, "to")),
		    json_string_value(json_object_get(j_in, "reason")), &j,
		    err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, 200, j);
	return rc;
}
