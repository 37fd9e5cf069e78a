/*
 * server.c - libmicrohttpd glue. The access handler only reads the body,
 * dispatches and replies; the request object lives from the URI log
 * callback to the completion callback. A streamed route's body is not
 * read into memory: once the headers are in, the router admits the
 * request, and each chunk MHD delivers goes to the route's sink (see
 * router.h); a refusal is answered at once, before or mid-body.
 */
#include "http/server.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/mem.h"
#include "core/time.h"
#include "http/metrics.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/router.h"
#include "service/evidence.h"
#include "store/store.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <pthread.h>
#include <sodium.h>

#define HEADER_CAP (64 * 1024)	/* request line + headers, per connection */
#define DRAIN_MAX (1024 * 1024)	/* a refused body read rather than reset */
#define DRAIN_SECONDS 30

static atomic_int in_flight;
static atomic_int draining;
static int tls_on;

static const char csp[] = "default-src 'self'; script-src 'self'; "
    "style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-src 'self'; frame-ancestors 'none'";

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_req *req = uc_arena_alloc(a, sizeof(*req));
	const char *q = strchr(uri, '?');

	(void)cls;
	req->arena = a;
	req->conn = conn;
	req->route = -1;
	req->query = uc_arena_strdup(a, q ? q + 1 : "");
	req->start_ns = uc_time_mono_ns();
	req->reply_fd = -1;
	uc_buf_init(&req->body, (size_t)uc_cfg.max_body);
	atomic_fetch_add(&in_flight, 1);
	return req;
}

/* Counted before the reply is queued, so a client that has its reply
 * sees it in the next scrape of /metrics. */
static void
observe(struct uc_req *req)
{
	req->observed = 1;
	uc_metrics_observe(req->route, req->status,
	    (double)(uc_time_mono_ns() - req->start_ns) / 1e9);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct uc_req *req = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (req == NULL)
		return;
	if (!req->observed)	/* the client went away before a reply */
		observe(req);
	uc_router_close(req);	/* a streamed upload's temp file goes */
	uc_req_drop_file(req);
	json_decref(req->j_reply);
	uc_buf_cleanup(&req->body);
	uc_arena_free(req->arena);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

/* Has the handler set this reply header itself? */
static int
has_header(const struct uc_req *req, const char *name)
{
	int i;

	for (i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return 1;
	return 0;
}

static void
add_headers(struct MHD_Response *resp, struct uc_req *req)
{
	int i;

	MHD_add_response_header(resp, "Content-Type", req->content_type ?
	    req->content_type : "application/json");
	/* a reply may loosen these for itself (an inline document) */
	if (!has_header(req, "Content-Security-Policy"))
		MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (!has_header(req, "X-Frame-Options"))
		MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	if (!has_header(req, "Cache-Control"))	/* static.c: no-cache */
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (tls_on)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		    "max-age=31536000; includeSubDomains");
	if (atomic_load(&draining))
		MHD_add_response_header(resp, "Connection", "close");
	for (i = 0; i < req->nheaders; i++)
		MHD_add_response_header(resp, req->headers[i].name,
		    req->headers[i].value);
}

/* A file body: MHD owns the descriptor once the response exists. */
static struct MHD_Response *
file_response(struct uc_req *req)
{
	struct MHD_Response *resp = MHD_create_response_from_fd64(
	    (uint64_t)req->reply_fd_size, req->reply_fd);

	if (resp != NULL)
		req->reply_file = 0;
	else
		uc_req_drop_file(req);
	return resp;
}

static enum MHD_Result
reply(struct MHD_Connection *conn, struct uc_req *req)
{
	struct MHD_Response *resp;
	char *body = NULL;
	size_t len = 0;
	enum MHD_Result ret;

	req->queued = 1;
	if (req->reply_file) {
		resp = file_response(req);
		goto queue;
	}
	if (req->j_reply != NULL) {
		body = json_dumps(req->j_reply, JSON_COMPACT);
		len = body ? strlen(body) : 0;
	} else if (req->text != NULL) {
		len = req->text_len;
	}
	if (req->status == 0)
		req->status = 500;
	resp = MHD_create_response_from_buffer(len, body ? body :
	    (void *)(uintptr_t)(req->text ? req->text : ""),
	    MHD_RESPMEM_MUST_COPY);
	free(body);	/* jansson's allocation */
queue:
	if (resp == NULL)
		return MHD_NO;
	add_headers(resp, req);
	ret = MHD_queue_response(conn, (unsigned)req->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static int
needs_json(struct uc_req *req)
{
	const char *ct = uc_req_header(req, "Content-Type");

	if (req->body.len == 0)
		return 0;
	return ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' ');
}

static void
handle(struct uc_req *req)
{
	struct uc_error err = { 0 };

	if (needs_json(req)) {
		uc_error_set(&err, UC_EMEDIA, "send the body as "
		    "application/json");
		uc_error_field(&err, "Content-Type", "format", "expected "
		    "application/json");
		err.code = UC_EMEDIA;
		uc_reply_problem(req, &err);
		return;
	}
	uc_router_dispatch(req);
}

static const char *
client_address(struct uc_req *req, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "-";
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	const void *v = sa;

	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)v)->sin_addr,
		    buf, sizeof(buf));
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)v)->sin6_addr, buf,
		    sizeof(buf));
	return uc_arena_strdup(req->arena, buf);
}

static enum MHD_Result
answer(struct MHD_Connection *conn, struct uc_req *req)
{
	if (req->status == 0)
		req->status = 500;
	observe(req);
	return reply(conn, req);
}

/*
 * A refusal before the body: answer at once, or read the body first?
 * Answered at once, MHD reads none of it and closes after the reply,
 * and a client still sending may get the reset of its unread bytes
 * before the reply. So a client that waits for 100 Continue (it has
 * sent nothing) and a large or unbounded body get the reply now; a
 * body of at most DRAIN_MAX declared bytes is read and dropped first.
 */
static int
answer_now(struct uc_req *req)
{
	const char *expect = uc_req_header(req, "Expect");
	const char *cl = uc_req_header(req, "Content-Length");
	int64_t n;

	if (expect != NULL && strcasecmp(expect, "100-continue") == 0)
		return 1;
	return cl == NULL || uc_parse_i64_str(cl, 0, INT64_MAX, &n) !=
	    UC_OK || n > DRAIN_MAX;
}

/* The headers are in: a streamed route is admitted (or refused) now. */
static enum MHD_Result
on_headers(struct MHD_Connection *conn, struct uc_req *req,
    const char *method, const char *url)
{
	req->method = uc_arena_strdup(req->arena, method);
	req->path = uc_arena_strdup(req->arena, url);
	req->ctx.source = client_address(req, conn);
	if (!uc_router_open(req) || req->status == 0)
		return MHD_YES;
	if (answer_now(req))
		return answer(conn, req);
	req->body_max = DRAIN_MAX;	/* dropped as it comes, see on_body */
	return MHD_YES;
}

/*
 * A chunk of the body: to a streamed route's sink, or into the capped
 * buffer. MHD 0.9 accepts a reply only before the body or after it, so
 * a sink's refusal is answered at the end of the body; the router
 * drops what comes until then, and past req->body_max we cut the
 * connection (MHD_NO) rather than read on.
 */
static enum MHD_Result
on_body(struct uc_req *req, const char *data, size_t len)
{
	if (req->body_max > 0)
		return uc_router_feed(req, data, len) == 0 ? MHD_YES : MHD_NO;
	if (!req->body_too_big && uc_buf_append(&req->body, data, len) !=
	    UC_OK)
		req->body_too_big = 1;
	return MHD_YES;
}

static enum MHD_Result
on_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct uc_req *req = *con_cls;
	size_t n = *upload_data_size;

	(void)cls;
	(void)version;
	*upload_data_size = 0;
	if (req->queued)	/* answered before the body: not ours */
		return MHD_YES;
	if (req->method == NULL)
		return on_headers(conn, req, method, url);
	if (n > 0)
		return on_body(req, upload_data, n);
	if (req->sink != NULL)
		uc_router_finish(req);
	else if (req->body_max == 0)
		handle(req);
	return answer(conn, req);
}

static enum uc_status
parse_listen(const char *s, struct sockaddr_in *sa, struct uc_error *err)
{
	const char *colon = strrchr(s, ':');
	char host[64];
	long port;
	char *end;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (colon == NULL || (size_t)(colon - s) >= sizeof(host))
		return uc_error_set(err, UC_EINVAL, "--listen '%s': expected "
		    "HOST:PORT such as 127.0.0.1:8080", s);
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 0 || port > 65535 ||
	    inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return uc_error_set(err, UC_EINVAL, "--listen '%s': expected "
		    "an IPv4 address and a port from 0 to 65535", s);
	sa->sin_port = htons((uint16_t)port);
	return UC_OK;
}

static char *
read_file(const char *path, struct uc_error *err)
{
	FILE *fp = fopen(path, "rb");
	struct uc_buf b;
	char chunk[4096];
	size_t n;

	if (fp == NULL) {
		uc_error_set(err, UC_EIO, "cannot read %s: %s", path,
		    strerror(errno));
		return NULL;
	}
	uc_buf_init(&b, 1 << 20);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (uc_buf_append(&b, chunk, n) != UC_OK)
			break;
	fclose(fp);
	return uc_buf_take(&b);
}

static unsigned
pool_size(void)
{
	long n = uc_cfg.threads > 0 ? uc_cfg.threads :
	    sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 2;
}

static struct MHD_Daemon *
start(const struct sockaddr_in *sa, const char *cert, const char *key)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ITC | MHD_USE_ERROR_LOG;

	if (cert != NULL)
		flags |= MHD_USE_TLS;
	return MHD_start_daemon(flags, ntohs(sa->sin_port), NULL, NULL,
	    on_access, NULL,
	    MHD_OPTION_SOCK_ADDR, sa,
	    MHD_OPTION_THREAD_POOL_SIZE, pool_size(),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HEADER_CAP,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
	    MHD_OPTION_HTTPS_MEM_KEY, key,
	    MHD_OPTION_END);
}

static unsigned
connections(struct MHD_Daemon *d)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(d,
	    MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

	return i ? i->num_connections : 0;
}

/*
 * Keep accepting while requests are in flight, so that a request already
 * queued in the listen backlog is served rather than reset; replies say
 * "Connection: close" and /healthz answers 503 so balancers stop sending.
 * Stop once nothing has been in flight for QUIET_MS (or after the cap).
 */
#define QUIET_MS 300

static void
drain(struct MHD_Daemon *d)
{
	int i, quiet = 0;

	atomic_store(&draining, 1);
	for (i = 0; i < DRAIN_SECONDS * 100 && quiet < QUIET_MS / 10; i++) {
		usleep(10000);
		if (atomic_load(&in_flight) > 0)
			quiet = 0;
		else if (connections(d) == 0)
			break;
		else
			quiet++;	/* idle keep-alive connections only */
	}
	MHD_quiesce_daemon(d);
	MHD_stop_daemon(d);
}

static int
wait_signal(void)
{
	sigset_t set;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			return SIGTERM;
		if (sig != SIGHUP)
			return sig;
		uc_log_info("SIGHUP: logs go to stderr; nothing to reopen");
	}
}

static void
block_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

enum uc_status
uc_server_run(struct uc_error *err)
{
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	char *cert = NULL, *key = NULL;
	enum uc_status rc;
	int sig;

	if ((rc = parse_listen(uc_cfg.listen, &sa, err)) != UC_OK)
		return rc;
	if (*uc_cfg.tls_cert != '\0' || *uc_cfg.tls_key != '\0') {
		if (*uc_cfg.tls_cert == '\0' || *uc_cfg.tls_key == '\0')
			return uc_error_set(err, UC_EINVAL, "TLS needs both "
			    "--tls-cert and --tls-key");
		cert = read_file(uc_cfg.tls_cert, err);
		key = cert ? read_file(uc_cfg.tls_key, err) : NULL;
		if (key == NULL) {
			uc_free(cert);
			return UC_EIO;
		}
		tls_on = 1;
	}
	/* the evidence store, opened once: a bad --data-dir fails here */
	if ((rc = uc_evidence_open(err)) != UC_OK)
		goto out;
	block_signals();
	d = start(&sa, cert, key);
	if (d == NULL) {
		rc = uc_error_set(err, UC_EIO, "cannot listen on %s (in use, or"
		    " not an address of this machine)", uc_cfg.listen);
		goto out;
	}
	uc_log_info("serving http%s://%s threads=%u", tls_on ? "s" : "",
	    uc_cfg.listen, pool_size());
	sig = wait_signal();
	uc_log_info("signal %d: finishing in-flight requests", sig);
	drain(d);
	uc_log_info("stopped");
out:
	uc_evidence_close();
	if (key != NULL)
		sodium_memzero(key, strlen(key));
	uc_free(cert);
	uc_free(key);
	return rc;
}

int
uc_server_tls(void)
{
	return tls_on;
}

int
uc_server_draining(void)
{
	return atomic_load(&draining);
}
