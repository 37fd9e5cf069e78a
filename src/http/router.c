/*
 * router.c - see router.h.
 */
#include "http/router.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/parse.h"
#include "core/time.h"
#include "http/cookie.h"
#include "http/reply.h"
#include "service/access.h"
#include "service/auth.h"
#include "service/idempotency.h"
#include "service/secret.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Match one pattern; captures {x} segments into params. */
static int
match(const char *pattern, const char *path, struct uc_req *req)
{
	const char *p = pattern, *s = path;
	int np = 0;

	while (*p != '\0' && *s != '\0') {
		if (*p == '{') {
			const char *end = strchr(s, '/');
			size_t n = end ? (size_t)(end - s) : strlen(s);

			if (n == 0 || np == UC_REQ_PARAMS)
				return 0;
			req->params[np++] = uc_arena_strndup(req->arena, s, n);
			s += n;
			p = strchr(p, '}') + 1;
		} else if (*p++ != *s++) {
			return 0;
		}
	}
	return *p == '\0' && *s == '\0';
}

int
uc_router_match(struct uc_req *req, int *other_method)
{
	size_t i;

	*other_method = 0;
	for (i = 0; i < uc_nroutes; i++) {
		if (!match(uc_routes[i].pattern, req->path, req))
			continue;
		if (strcmp(uc_routes[i].method, req->method) == 0 ||
		    (strcmp(req->method, "HEAD") == 0 &&
		    strcmp(uc_routes[i].method, "GET") == 0))
			return (int)i;
		*other_method = 1;
	}
	return -1;
}

/* The methods the path answers to, for the Allow header. */
static const char *
allowed(struct uc_req *req)
{
	const char *list = NULL;
	size_t i;

	for (i = 0; i < uc_nroutes; i++) {
		if (!match(uc_routes[i].pattern, req->path, req))
			continue;
		list = list ? uc_arena_printf(req->arena, "%s, %s", list,
		    uc_routes[i].method) : uc_routes[i].method;
	}
	return list ? list : "";
}

static int
is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static enum uc_status
check_csrf(struct uc_req *req, struct uc_error *err)
{
	const char *sent = uc_req_header(req, "X-CSRF-Token");
	char want[64];

	if (!req->cookie_auth || !is_write(req->method))
		return UC_OK;
	uc_secret_csrf(req->session_token, want, sizeof(want));
	if (sent != NULL && uc_str_equal_ct(sent, want))
		return UC_OK;
	uc_error_set(err, UC_EPERM, "this request needs the X-CSRF-Token "
	    "header of the session");
	uc_error_field(err, "X-CSRF-Token", sent ? "format" : "required",
	    "missing or wrong CSRF token");
	err->code = UC_EPERM;
	return UC_EPERM;
}

static enum uc_status
authenticate(struct uc_req *req, struct uc_error *err)
{
	const char *auth = uc_req_header(req, "Authorization");
	const char *cookie = uc_req_header(req, "Cookie");
	char tok[UC_CREDENTIAL_MAX + 1];

	if (auth != NULL) {
		if (uc_cookie_bearer(auth, tok, sizeof(tok)) != UC_OK)
			return uc_error_set(err, UC_EAUTH, "the Authorization "
			    "header must be 'Bearer <token>'");
		return uc_auth_bearer(&req->ctx, tok, err);
	}
	if (cookie != NULL && uc_cookie_find(cookie, UC_COOKIE_NAME, tok,
	    sizeof(tok)) == UC_OK) {
		req->cookie_auth = 1;
		req->session_token = uc_arena_strdup(req->arena, tok);
		return uc_auth_session(&req->ctx, tok, err);
	}
	return uc_error_set(err, UC_EAUTH, "sign in, or send an API token");
}

static const char *
idem_key(struct uc_req *req, const struct uc_route *r)
{
	const char *k = uc_req_header(req, "Idempotency-Key");

	if (!(r->flags & UC_R_CREATE) || k == NULL)
		return NULL;
	return k;
}

static char *
request_digest(struct uc_req *req)
{
	char *d = uc_arena_alloc(req->arena, UC_DIGEST_HEX);
	char *text = uc_arena_printf(req->arena, "%s %s\n%s", req->method,
	    req->path, req->body.data ? req->body.data : "");

	uc_secret_digest(text, d);
	return d;
}

/* Wait (up to 10 s) for another request holding the key to finish. */
static enum uc_status
await_key(struct uc_req *req, const char *key, const char *digest,
    int *found, int *status, char **body, struct uc_error *err)
{
	enum uc_status rc = UC_OK;
	int i;

	for (i = 0; i < 1000 && rc == UC_OK && *found == -1; i++) {
		usleep(10000);
		rc = uc_idem_lookup(&req->ctx, key, digest, found, status,
		    body, err);
	}
	if (rc == UC_OK && *found == -1)
		rc = uc_error_set(err, UC_ECONFLICT, "a request with this "
		    "Idempotency-Key is still running");
	return rc;
}

static enum uc_status
replay(struct uc_req *req, int status, const char *body)
{
	uc_req_json_etag(req, status, json_loads(body, 0, NULL));
	return UC_OK;
}

/* Run a create under an Idempotency-Key: replay, or claim and run. */
static enum uc_status
run_once(struct uc_req *req, const struct uc_route *r, const char *key,
    struct uc_error *err)
{
	char *digest = request_digest(req), *body = NULL, *text;
	int found = 0, status = 0, claimed = 0;
	enum uc_status rc;

	if (strlen(key) == 0 || strlen(key) > 128)
		return uc_error_field(err, "Idempotency-Key", "format",
		    "Idempotency-Key takes 1 to 128 characters");
	rc = uc_idem_lookup(&req->ctx, key, digest, &found, &status, &body,
	    err);
	if (rc == UC_OK && found == 0)
		rc = uc_idem_claim(&req->ctx, key, digest, &claimed, err);
	if (rc == UC_OK && found == 0 && !claimed)
		found = -1;
	if (rc == UC_OK && found == -1)
		rc = await_key(req, key, digest, &found, &status, &body, err);
	if (rc != UC_OK || found == 1)
		return rc != UC_OK ? rc : replay(req, status, body);
	rc = r->handler(req, err);
	if (rc != UC_OK || req->j_reply == NULL) {
		struct uc_error e2 = { 0 };

		if (uc_idem_release(&req->ctx, key, &e2) != UC_OK)
			uc_log_warn("idempotency claim kept: %s", e2.message);
		return rc;
	}
	text = json_dumps(req->j_reply, JSON_COMPACT);
	if (uc_idem_store(&req->ctx, key, digest, req->status, text, err))
		uc_log_warn("idempotency key not kept: %s", err->message);
	uc_error_clear(err);
	free(text);	/* jansson's allocation */
	return UC_OK;
}

/* Credentials, CSRF and the TOTP-enrolment restriction. */
static enum uc_status
admit(struct uc_req *req, const struct uc_route *r, struct uc_error *err)
{
	enum uc_status rc;

	if (r->flags & UC_R_PUBLIC)
		return UC_OK;
	if ((rc = authenticate(req, err)) != UC_OK)
		return rc;
	if ((rc = check_csrf(req, err)) != UC_OK)
		return rc;
	if (!(r->flags & UC_R_ENROL))
		return uc_access_unrestricted(&req->ctx, err);
	return UC_OK;
}

static enum uc_status
run(struct uc_req *req, const struct uc_route *r, struct uc_error *err)
{
	const char *key;
	enum uc_status rc;

	if ((rc = admit(req, r, err)) != UC_OK)
		return rc;
	if ((key = idem_key(req, r)) != NULL)
		return run_once(req, r, key, err);
	return r->handler(req, err);
}

static enum uc_status
route(struct uc_req *req, struct uc_error *err)
{
	int other = 0;

	req->route = uc_router_match(req, &other);
	if (req->route < 0 && other) {
		uc_req_set_header(req, "Allow", allowed(req));
		return uc_error_set(err, UC_EMETHOD, "%s is not allowed on %s",
		    req->method, req->path);
	}
	if (req->route < 0)
		return uc_error_set(err, UC_ENOTFOUND, "no resource at %s",
		    req->path);
	if (req->body_too_big) {
		uc_error_set(err, UC_ETOOBIG, "the body is larger than the "
		    "server accepts");
		uc_error_field(err, "body", "too_long", "at most %zu bytes",
		    req->body.max);
		err->code = UC_ETOOBIG;
		return UC_ETOOBIG;
	}
	return run(req, &uc_routes[req->route], err);
}

/* A failed stage becomes the problem reply; 5xx are logged. */
static void
settle(struct uc_req *req, enum uc_status rc, struct uc_error *err)
{
	if (rc == UC_OK)
		return;
	if (err->code == UC_OK)
		err->code = rc;
	if (uc_reply_http_status(rc) >= 500)
		uc_log_error("%s %s: %s (%s)", req->method, req->path,
		    err->message, uc_status_name(rc));
	uc_reply_problem(req, err);
}

/* Run one stage of a request on the thread's store connection. */
static void
with_store(struct uc_req *req, uc_handler stage)
{
	struct uc_error err = { 0 };
	enum uc_status rc;

	req->ctx.arena = req->arena;
	req->ctx.now = uc_time_now_ms();
	rc = uc_store_pool_get(&req->ctx.st, &err);
	if (rc == UC_OK) {
		uc_store_pool_acquire();
		rc = stage(req, &err);
		uc_store_rollback(req->ctx.st);	/* a handler's leftover */
		uc_store_pool_release();
	}
	settle(req, rc, &err);
}

void
uc_router_dispatch(struct uc_req *req)
{
	with_store(req, route);
}

/* ---- streamed routes ---- */

static enum uc_status
open_stream(struct uc_req *req, struct uc_error *err)
{
	const struct uc_route *r = &uc_routes[req->route];
	enum uc_status rc;

	if ((rc = admit(req, r, err)) != UC_OK)
		return rc;
	if ((rc = r->handler(req, err)) != UC_OK)
		return rc;
	uc_assert(req->sink != NULL && req->status == 0 &&
	    req->body_max > 0);
	return UC_OK;
}

int
uc_router_open(struct uc_req *req)
{
	int other = 0;

	req->route = uc_router_match(req, &other);
	if (req->route < 0 || !(uc_routes[req->route].flags & UC_R_STREAM))
		return 0;
	with_store(req, open_stream);
	if (req->status != 0)
		uc_router_close(req);	/* refused: release at once */
	return 1;
}

int
uc_router_feed(struct uc_req *req, const char *p, size_t n)
{
	struct uc_error err = { 0 };

	req->body_seen += (int64_t)n;
	if (req->body_seen > req->body_max) {
		uc_log_warn("%s %s: body over %lld bytes, connection cut",
		    req->method, req->path, (long long)req->body_max);
		return -1;
	}
	if (req->sink == NULL || req->status != 0)
		return 0;	/* refused already: drop the rest */
	settle(req, req->sink->data(req, p, n, &err), &err);
	if (req->status != 0)
		uc_router_close(req);	/* temp files go now */
	return 0;
}

void
uc_router_finish(struct uc_req *req)
{
	if (req->sink != NULL && req->status == 0)
		with_store(req, req->sink->finish);
	uc_router_close(req);	/* before the reply: nothing left after it */
}

void
uc_router_close(struct uc_req *req)
{
	const struct uc_req_sink *sink = req->sink;

	req->sink = NULL;
	if (sink != NULL && sink->cleanup != NULL)
		sink->cleanup(req);
}
