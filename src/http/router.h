/*
 * router.h - the route table's shape and the dispatcher.
 *
 * The table itself is data in api/routes.c. Dispatch finds the route,
 * authenticates (bearer token or session cookie), enforces CSRF on
 * cookie-authenticated writes and the TOTP-enrolment restriction, then
 * calls the handler. Permissions are decided by the service the handler
 * calls; `perm` in the table says which one guards the route.
 */
#ifndef UC_ROUTER_H
#define UC_ROUTER_H

#include "http/request.h"

enum {
	UC_R_PUBLIC = 1 << 0,		/* no credentials needed */
	UC_R_ENROL = 1 << 1,		/* allowed before TOTP enrolment */
	UC_R_CREATE = 1 << 2,		/* honours Idempotency-Key */
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

#endif
