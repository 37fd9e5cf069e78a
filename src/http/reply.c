/*
 * reply.c - see reply.h.
 */
#include "http/reply.h"
#include "core/arena.h"

#include <stdio.h>

struct problem {
	int status;
	const char *slug;
	const char *title;
};

/* Indexed by enum uc_status. */
static const struct problem problems[] = {
	[UC_OK] = { 200, "ok", "OK" },
	[UC_EINVAL] = { 400, "invalid-request", "Malformed request" },
	[UC_EVALID] = { 422, "validation", "Invalid fields" },
	[UC_EAUTH] = { 401, "unauthenticated", "Sign-in required" },
	[UC_ECREDS] = { 401, "invalid-credentials", "Sign-in refused" },
	[UC_ETOTP] = { 401, "totp-required", "Second factor required" },
	[UC_EPERM] = { 403, "forbidden", "Not allowed" },
	[UC_ENOTFOUND] = { 404, "not-found", "Not found" },
	[UC_EMETHOD] = { 405, "method-not-allowed", "Method not allowed" },
	[UC_ECONFLICT] = { 409, "conflict", "Conflict" },
	[UC_EPRECOND] = { 412, "precondition-failed",
	    "The object has changed" },
	[UC_ENEEDMATCH] = { 428, "precondition-required",
	    "If-Match required" },
	[UC_ETOOBIG] = { 413, "payload-too-large", "Body too large" },
	[UC_EMEDIA] = { 415, "unsupported-media-type",
	    "Unsupported media type" },
	[UC_ETHROTTLE] = { 429, "too-many-requests", "Too many attempts" },
	[UC_EDB] = { 500, "internal", "Internal error" },
	[UC_EIO] = { 500, "internal", "Internal error" },
	[UC_EVERSION] = { 500, "internal", "Internal error" },
	[UC_EINTERNAL] = { 500, "internal", "Internal error" },
};

static const struct problem *
problem_for(enum uc_status st)
{
	if ((size_t)st >= sizeof(problems) / sizeof(problems[0]))
		st = UC_EINTERNAL;
	return &problems[st];
}

int
uc_reply_http_status(enum uc_status st)
{
	return problem_for(st)->status;
}

static json_t *
field_errors(const struct uc_error *err)
{
	json_t *j_errors = json_array();
	size_t i;

	for (i = 0; i < err->nfields; i++)
		json_array_append_new(j_errors, json_pack("{ss ss ss}",
		    "field", err->fields[i].field,
		    "code", err->fields[i].code,
		    "message", err->fields[i].message));
	return j_errors;
}

void
uc_reply_problem(struct uc_req *req, const struct uc_error *err)
{
	const struct problem *p = problem_for(err->code);
	const char *detail = err->message[0] ? err->message : p->title;
	json_t *j;

	/* internal details stay in the log, not in the reply */
	if (p->status >= 500)
		detail = "the server could not complete the request";
	else if (err->code == UC_ECONFLICT && err->nfields > 0)
		detail = "the change conflicts with the data already stored";
	j = json_pack("{ss ss si ss so}",
	    "type", uc_arena_printf(req->arena,
	    "https://ungcuu.vn/problems/%s", p->slug),
	    "title", p->title, "status", p->status, "detail", detail,
	    "errors", field_errors(err));
	uc_req_json(req, p->status, j);
	req->content_type = "application/problem+json";
	if (err->code == UC_ETHROTTLE && err->retry_after > 0)
		uc_req_set_header(req, "Retry-After", uc_arena_printf(
		    req->arena, "%d", err->retry_after));
}
