/*
 * router.h - the route table's shape and the dispatcher.
 *
 * The table itself is data in api/routes.c. Dispatch finds the route,
 * authenticates (bearer token or session cookie), enforces CSRF on
 * cookie-authenticated writes and the TOTP-enrolment restriction, then
 * calls the handler; for a streamed route (UC_R_STREAM) the same
 * happens as soon as the headers are in, before any body is read.
 * Permissions are decided by the service the handler calls; `perm` in
 * the table says which one guards the route.
 */
#ifndef UC_ROUTER_H
#define UC_ROUTER_H

#include "http/request.h"

enum {
	UC_R_PUBLIC = 1 << 0,		/* no credentials needed */
	UC_R_ENROL = 1 << 1,		/* allowed before TOTP enrolment */
	UC_R_CREATE = 1 << 2,		/* honours Idempotency-Key */
	UC_R_STREAM = 1 << 3,		/* body streamed to a sink */
};

#define UC_PERM_SELF (-1)		/* the actor's own data */
#define UC_PERM_NONE (-2)		/* public */

struct uc_route {
	const char *method;
	const char *pattern;		/* "/api/v1/units/{id}" */
	uc_handler handler;
	int perm;			/* enum uc_perm or UC_PERM_* */
	unsigned flags;
};

extern const struct uc_route uc_routes[];
extern const size_t uc_nroutes;

/* Index of the route for method and path, filling req->params; -1 when
 * none, with *other_method set when the path exists for another. */
int uc_router_match(struct uc_req *req, int *other_method);
/* Run the request to a reply (status + body in req). */
void uc_router_dispatch(struct uc_req *req);

/*
 * Streamed routes (UC_R_STREAM; struct uc_req_sink in request.h).
 * uc_router_open runs when the headers are in: for a streamed route it
 * admits the request exactly as dispatch would and runs the handler,
 * which installs the sink. It returns 0 for any other request (buffer
 * the body, then dispatch), 1 for a streamed one; then a reply already
 * set (req->status) is a refusal, its sink already released: send it
 * before the body, or drop the body (feed does) and send it after.
 * uc_router_feed passes a chunk to the sink; on the sink's error it
 * sets the reply and releases the sink, and later chunks are dropped.
 * It returns -1 once the body passes req->body_max: cut the connection.
 * At the end, uc_router_finish has the sink make the reply (unless one
 * is set) and releases it. uc_router_close runs the sink's cleanup,
 * once, if nothing did yet; call it when the request completes.
 */
int uc_router_open(struct uc_req *req);
int uc_router_feed(struct uc_req *req, const char *p, size_t n);
void uc_router_finish(struct uc_req *req);
void uc_router_close(struct uc_req *req);

#endif
