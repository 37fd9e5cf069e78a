/*
 * server.h - the HTTP server: libmicrohttpd with its internal epoll
 * thread pool. uc_server_run blocks until SIGTERM or SIGINT, then stops
 * accepting, lets in-flight requests finish, and returns.
 */
#ifndef UC_SERVER_H
#define UC_SERVER_H

#include "core/status.h"

enum uc_status uc_server_run(struct uc_error *err) UC_WUR;
/* Is the server speaking TLS (cookies get Secure, replies HSTS)? */
int uc_server_tls(void);
/* Has SIGTERM started the drain? */
int uc_server_draining(void);

#endif
