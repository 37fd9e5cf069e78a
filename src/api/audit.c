/*
 * audit.c - /api/v1/audit: list and verify. There is no route that
 * changes an entry.
 */
#include "api/api.h"
#include "core/arena.h"
#include "core/parse.h"
#include "service/audit.h"

#include <inttypes.h>

static const char *const filters[] = { "action", "object_type", NULL };

enum uc_status
api_audit_list(struct uc_req *req, struct uc_error *err)
{
	json_t *j_items = NULL;
	const char *cursor = NULL;
	int64_t before = 0, next = 0;
	int limit = 50;
	enum uc_status rc = uc_req_page(req, filters, &limit, &cursor, err);

	if (rc == UC_OK && cursor != NULL && uc_parse_i64_str(cursor, 1,
	    INT64_MAX, &before) != UC_OK)
		rc = uc_error_field(err, "cursor", "format", "cursor is not "
		    "one this server gave");
	if (rc == UC_OK)
		rc = uc_audit_list(&req->ctx, before, limit,
		    uc_req_query(req, "action"),
		    uc_req_query(req, "object_type"), &j_items, &next, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next ? uc_arena_printf(req->arena,
		    "%" PRId64, next) : NULL);
	return rc;
}

enum uc_status
api_audit_verify(struct uc_req *req, struct uc_error *err)
{
	struct uc_audit_verify res;
	enum uc_status rc = uc_audit_verify(&req->ctx, &res, err);

	if (rc != UC_OK)
		return rc;
	uc_req_json(req, 200, json_pack("{sb sI so so}", "ok", res.ok,
	    "entries", (json_int_t)res.entries, "first_bad_id",
	    res.first_bad_id ? json_integer(res.first_bad_id) : json_null(),
	    "reason", res.ok ? json_null() : json_string(res.reason)));
	return UC_OK;
}
