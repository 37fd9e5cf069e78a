/*
 * request.c - see request.h.
 */
#include "http/request.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/parse.h"
#include "http/json.h"
#include "http/query.h"

#include <inttypes.h>
#include <microhttpd.h>
#include <string.h>
#include <unistd.h>

const char *
uc_req_header(struct uc_req *req, const char *name)
{
	if (req->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

void
uc_req_set_header(struct uc_req *req, const char *name, const char *value)
{
	if (req->nheaders == UC_REQ_HEADERS)
		return;
	req->headers[req->nheaders].name = name;
	req->headers[req->nheaders++].value = value;
}

/* Close a file body not handed over yet. */
void
uc_req_drop_file(struct uc_req *req)
{
	if (req->reply_file)
		close(req->reply_fd);
	req->reply_file = 0;
	req->reply_fd = -1;
}

void
uc_req_json(struct uc_req *req, int status, json_t *j)
{
	uc_req_drop_file(req);
	json_decref(req->j_reply);
	req->j_reply = j;
	req->status = status;
	req->content_type = "application/json";
}

void
uc_req_file(struct uc_req *req, int fd, int64_t size,
    const char *content_type)
{
	uc_req_drop_file(req);
	json_decref(req->j_reply);
	req->j_reply = NULL;
	req->reply_file = 1;
	req->reply_fd = fd;
	req->reply_fd_size = size;
	req->status = 200;
	req->content_type = content_type;
}

enum uc_status
uc_req_id(struct uc_req *req, int i, int64_t *id, struct uc_error *err)
{
	if (uc_parse_i64_str(req->params[i], 1, INT64_MAX, id) != UC_OK)
		return uc_error_set(err, UC_ENOTFOUND, "no such object");
	return UC_OK;
}

enum uc_status
uc_req_if_match(struct uc_req *req, int64_t *version, struct uc_error *err)
{
	const char *h = uc_req_header(req, "If-Match");
	char buf[32];
	size_t n;

	if (h == NULL)
		return uc_error_set(err, UC_ENEEDMATCH, "send If-Match with the"
		    " ETag you read, so that no change is overwritten");
	if (strncmp(h, "W/", 2) == 0)
		h += 2;
	n = strlen(h);
	if (n >= 2 && n < sizeof(buf) && h[0] == '"' && h[n - 1] == '"') {
		memcpy(buf, h + 1, n - 2);
		buf[n - 2] = '\0';
		h = buf;
	}
	if (uc_parse_i64_str(h, 0, INT64_MAX, version) != UC_OK)
		return uc_error_set(err, UC_EPRECOND, "If-Match '%s' is not an "
		    "ETag of this object", uc_req_header(req, "If-Match"));
	return UC_OK;
}

void
uc_req_etag(struct uc_req *req, json_t *obj)
{
	json_t *v = json_object_get(obj, "version");

	if (json_is_integer(v))
		uc_req_set_header(req, "ETag", uc_arena_printf(req->arena,
		    "\"%" PRId64 "\"", (int64_t)json_integer_value(v)));
}

void
uc_req_json_etag(struct uc_req *req, int status, json_t *obj)
{
	uc_req_etag(req, obj);
	uc_req_json(req, status, obj);
}

enum uc_status
uc_req_body(struct uc_req *req, const struct uc_jfield *spec, json_t **out,
    struct uc_error *err)
{
	enum uc_status rc;

	*out = NULL;
	if (req->body.len == 0) {
		uc_error_set(err, UC_EINVAL, "this request needs a JSON body");
		uc_error_field(err, "body", "required", "empty body");
		err->code = UC_EINVAL;
		return UC_EINVAL;
	}
	rc = uc_json_parse(req->body.data, req->body.len,
	    (size_t)uc_cfg.max_depth, (size_t)uc_cfg.max_array, out, err);
	if (rc == UC_OK)
		rc = uc_json_check(*out, spec, "", err);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

static const char *const paging[] = { "limit", "cursor", NULL };

static enum uc_status
only(struct uc_req *req, const char *const *extra, struct uc_error *err)
{
	const char *all[UC_QUERY_MAX + 3];
	size_t n = 0, i;

	for (i = 0; paging[i] != NULL; i++)
		all[n++] = paging[i];
	for (i = 0; extra != NULL && extra[i] != NULL && n < UC_QUERY_MAX;
	    i++)
		all[n++] = extra[i];
	all[n] = NULL;
	return uc_query_only(req->q, all, err);
}

enum uc_status
uc_req_page(struct uc_req *req, const char *const *extra, int *limit,
    const char **cursor, struct uc_error *err)
{
	const char *l;
	int64_t v = 50;
	enum uc_status rc;

	req->q = uc_arena_alloc(req->arena, sizeof(*req->q));
	rc = uc_query_parse(req->arena, req->query, req->q, err);
	if (rc == UC_OK)
		rc = only(req, extra, err);
	if (rc != UC_OK)
		return rc;
	l = uc_query_get(req->q, "limit");
	if (l != NULL && uc_parse_i64_str(l, 1, 200, &v) != UC_OK)
		return uc_error_field(err, "limit", "range", "limit is a whole "
		    "number from 1 to 200");
	*limit = (int)v;
	*cursor = uc_query_get(req->q, "cursor");
	return UC_OK;
}

const char *
uc_req_query(struct uc_req *req, const char *name)
{
	return req->q ? uc_query_get(req->q, name) : NULL;
}

void
uc_req_list(struct uc_req *req, json_t *items, const char *next)
{
	uc_req_json(req, 200, json_pack("{so so}", "items", items,
	    "next_cursor", next ? json_string(next) : json_null()));
}
