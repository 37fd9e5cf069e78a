/*
 * request.h - one HTTP request as the API handlers see it.
 *
 * Created when libmicrohttpd reports the request line (URI log
 * callback), owned by the connection, and freed with its arena when the
 * request completes. Handlers read method, path parameters, query and
 * body, and answer by filling status and j_reply (or by returning a
 * status: reply.c turns errors into RFC 9457 problem documents).
 */
#ifndef UC_REQUEST_H
#define UC_REQUEST_H

#include "core/buf.h"
#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

#define UC_REQ_PARAMS 4
#define UC_REQ_HEADERS 8

struct uc_req;
struct uc_query;
typedef enum uc_status (*uc_handler)(struct uc_req *req,
    struct uc_error *err);

struct uc_header {
	const char *name;
	const char *value;
};

/*
 * Where the body of a streamed route (UC_R_STREAM) goes. The route's
 * handler runs as soon as the headers are in and the request has been
 * admitted (credentials, CSRF, TOTP restriction); it installs a sink
 * in req->sink (state in req->sink_arg), sets req->body_max and
 * replies nothing. The body is then never buffered: each chunk goes to
 * data() as it arrives, and finish() produces the reply once it has
 * ended. See docs/internals/evidence.md.
 */
struct uc_req_sink {
	/* the next n > 0 bytes of the body; after an error the sink is
	 * released at once, the rest of the body is read and dropped (up
	 * to body_max) and the problem answered at its end */
	enum uc_status (*data)(struct uc_req *req, const char *p, size_t n,
	    struct uc_error *err);
	uc_handler finish;	/* the body has ended: reply (store open) */
	/* release everything (temp files included), once: after finish or
	 * a refusal, before the reply goes; else when the request ends */
	void (*cleanup)(struct uc_req *req);
};

struct uc_req {
	struct uc_arena *arena;
	void *conn;		/* struct MHD_Connection */
	const char *method;
	const char *path;	/* decoded path, without the query */
	const char *query;	/* raw query string, "" when none */
	const char *params[UC_REQ_PARAMS];	/* {x} segments of the route */
	struct uc_buf body;	/* capped at --max-body */
	int body_too_big;
	const struct uc_req_sink *sink;	/* streamed body, or NULL */
	void *sink_arg;		/* the sink's state */
	int64_t body_max;	/* streamed: most body bytes ever read */
	int64_t body_seen;	/* streamed: body bytes so far */
	int64_t start_ns;
	int observed;		/* counted in the metrics already */
	int route;		/* index in the route table, -1: none */
	struct uc_ctx ctx;
	int cookie_auth;	/* authenticated by the session cookie */
	const char *session_token;	/* that cookie's value */
	/* the reply */
	int status;
	json_t *j_reply;	/* owned; JSON body */
	const char *text;	/* or a text body (arena or static) */
	size_t text_len;
	int reply_file;		/* or a file body: */
	int reply_fd;		/* owned while reply_file is set */
	int64_t reply_fd_size;	/* its length from offset 0 */
	int queued;		/* the reply has gone to MHD */
	const char *content_type;
	struct uc_header headers[UC_REQ_HEADERS];
	int nheaders;
	struct uc_query *q;	/* parsed by uc_req_page */
};

/* A request header (case-insensitive name), or NULL. */
const char *uc_req_header(struct uc_req *req, const char *name);
/* Add a reply header; name and value must outlive the request. */
void uc_req_set_header(struct uc_req *req, const char *name,
    const char *value);
/* Reply with a JSON value (takes the reference). */
void uc_req_json(struct uc_req *req, int status, json_t *j);
/* Close a file body that was not handed to MHD (safe when none). */
void uc_req_drop_file(struct uc_req *req);
/* Reply 200 with the first size bytes of the open file fd (takes it:
 * closed once sent, or when the request ends). */
void uc_req_file(struct uc_req *req, int fd, int64_t size,
    const char *content_type);
/* Path parameter i as a positive id; UC_ENOTFOUND when it is not one. */
enum uc_status uc_req_id(struct uc_req *req, int i, int64_t *id,
    struct uc_error *err) UC_WUR;
/* The If-Match version: UC_ENEEDMATCH when absent. */
enum uc_status uc_req_if_match(struct uc_req *req, int64_t *version,
    struct uc_error *err) UC_WUR;
/* Set ETag from the object's "version". */
void uc_req_etag(struct uc_req *req, json_t *obj);
/* Reply with one versioned object (takes the reference) and its ETag. */
void uc_req_json_etag(struct uc_req *req, int status, json_t *obj);


struct uc_jfield;

/* Decode the JSON body against a field spec (see http/json.h). */
enum uc_status uc_req_body(struct uc_req *req, const struct uc_jfield *spec,
    json_t **out, struct uc_error *err) UC_WUR;
/* ?limit= (1..200, default 50) and ?cursor=; refuses other parameters
 * except those in `extra` (NULL-terminated, may be NULL). */
enum uc_status uc_req_page(struct uc_req *req, const char *const *extra,
    int *limit, const char **cursor, struct uc_error *err) UC_WUR;
/* A query parameter after uc_req_page, or NULL. */
const char *uc_req_query(struct uc_req *req, const char *name);
/* Reply {"items": items, "next_cursor": next or null}. */
void uc_req_list(struct uc_req *req, json_t *items, const char *next);

#endif
