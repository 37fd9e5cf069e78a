/*
 * meta.c - the routes about the server itself: the API's root (where
 * its document is; the web application has "/", see web.c), health,
 * metrics and the OpenAPI document.
 */
#include "api/api.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/metrics.h"
#include "http/server.h"
#include "store/store.h"

#include <string.h>

extern const unsigned char uc_openapi_json[];
extern const size_t uc_openapi_json_len;

static void
text(struct uc_req *req, const char *type, const char *body, size_t len)
{
	req->status = 200;
	req->content_type = type;
	req->text = body;
	req->text_len = len;
}

enum uc_status
api_root_get(struct uc_req *req, struct uc_error *err)
{
	(void)err;
	uc_req_json(req, 200, json_pack("{ss ss ss}", "name", "ungcuu",
	    "openapi", "/api/v1/openapi.json", "web", "/"));
	return UC_OK;
}

enum uc_status
api_health_get(struct uc_req *req, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(req->ctx.st, &s, err, "SELECT 1", "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	uc_stmt_done(s);
	if (rc != UC_OK)
		return rc;
	uc_req_json(req, uc_server_draining() ? 503 : 200, json_pack("{ss}",
	    "status", uc_server_draining() ? "stopping" : "ok"));
	return UC_OK;
}

enum uc_status
api_metrics_get(struct uc_req *req, struct uc_error *err)
{
	struct uc_buf b;
	enum uc_status rc;

	uc_buf_init(&b, 4 << 20);
	rc = uc_metrics_render(&b);
	if (rc == UC_OK)
		text(req, "text/plain; version=0.0.4",
		    uc_arena_strndup(req->arena, b.data ? b.data : "", b.len),
		    b.len);
	uc_buf_cleanup(&b);
	if (rc != UC_OK)
		return uc_error_set(err, rc, "metrics too large");
	return UC_OK;
}

enum uc_status
api_openapi_get(struct uc_req *req, struct uc_error *err)
{
	(void)err;
	text(req, "application/json", (const char *)uc_openapi_json,
	    uc_openapi_json_len);
	return UC_OK;
}
