/*
 * reply.h - status mapping and problem documents (RFC 9457).
 */
#ifndef UC_REPLY_H
#define UC_REPLY_H

#include "core/status.h"
#include "http/request.h"

/* The one mapping from enum uc_status to an HTTP status. */
int uc_reply_http_status(enum uc_status st);
/* Fill req's reply with the problem document for err. */
void uc_reply_problem(struct uc_req *req, const struct uc_error *err);

#endif
