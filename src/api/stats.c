/*
 * stats.c - /api/v1/statistics: the register's figures for a unit and
 * a period as JSON, CSV (one table) or XLSX, and the Mẫu 05 summary as
 * PDF, DOCX or JSON (service/stats.h).
 */
#include "api/api.h"
#include "core/arena.h"
#include "core/parse.h"
#include "service/stats.h"

#include <stdint.h>
#include <string.h>

static const char *const stats_params[] = { "unit_id", "from", "to",
	"format", "table", NULL };
static const char *const summary_params[] = { "unit_id", "from", "to",
	"format", NULL };

/* The query string as a uc_stats_query; unknown parameters refused. */
static enum uc_status
query(struct uc_req *req, const char *const *params,
    struct uc_stats_query *q, struct uc_error *err)
{
	const char *cursor = NULL, *unit;
	int limit = 0;
	enum uc_status rc;

	memset(q, 0, sizeof(*q));
	rc = uc_req_page(req, params, &limit, &cursor, err);
	if (rc != UC_OK)
		return rc;
	unit = uc_req_query(req, "unit_id");
	if (unit != NULL && uc_parse_i64_str(unit, 1, INT64_MAX,
	    &q->unit_id) != UC_OK)
		return uc_error_field(err, "unit_id", "format", "unit_id is a "
		    "unit's id");
	q->from = uc_req_query(req, "from");
	q->to = uc_req_query(req, "to");
	return UC_OK;
}

/* A file for download, named as the service says. */
static void
attachment(struct uc_req *req, struct uc_stats_file *f)
{
	req->status = 200;
	req->text = uc_arena_strndup(req->arena, f->body.data ? f->body.data :
	    "", f->body.len);
	req->text_len = f->body.len;
	req->content_type = f->content_type;
	uc_req_set_header(req, "Content-Disposition", uc_arena_printf(
	    req->arena, "attachment; filename=\"%s\"", f->filename));
}

/* GET /api/v1/statistics?unit_id=&from=&to=&format=json|csv|xlsx
 * [&table=...] */
enum uc_status
api_stats_get(struct uc_req *req, struct uc_error *err)
{
	struct uc_stats_query q;
	struct uc_stats_file f;
	const char *format;
	json_t *j_out = NULL;
	enum uc_status rc = query(req, stats_params, &q, err);

	memset(&f, 0, sizeof(f));
	format = uc_req_query(req, "format");
	if (rc == UC_OK && (format == NULL || strcmp(format, "json") == 0) &&
	    uc_req_query(req, "table") == NULL) {
		rc = uc_stats_get(&req->ctx, &q, &j_out, err);
		if (rc == UC_OK)
			uc_req_json(req, 200, j_out);
		return rc;
	}
	if (rc == UC_OK)
		rc = uc_stats_export(&req->ctx, &q, format ? format : "json",
		    uc_req_query(req, "table"), &f, err);
	if (rc == UC_OK)
		attachment(req, &f);
	uc_buf_cleanup(&f.body);
	return rc;
}

/* GET /api/v1/statistics/summary05?unit_id=&from=&to=
 * &format=pdf|docx|json */
enum uc_status
api_stats_summary(struct uc_req *req, struct uc_error *err)
{
	struct uc_stats_query q;
	struct uc_stats_file f;
	const char *format;
	json_t *j_out = NULL;
	enum uc_status rc = query(req, summary_params, &q, err);

	memset(&f, 0, sizeof(f));
	format = uc_req_query(req, "format");
	if (rc == UC_OK && format != NULL && strcmp(format, "json") == 0) {
		rc = uc_stats_summary(&req->ctx, &q, &j_out, err);
		if (rc == UC_OK)
			uc_req_json(req, 200, j_out);
		return rc;
	}
	if (rc == UC_OK)
		rc = uc_stats_summary_render(&req->ctx, &q, format ? format :
		    "pdf", &f, err);
	if (rc == UC_OK)
		attachment(req, &f);
	uc_buf_cleanup(&f.body);
	return rc;
}
