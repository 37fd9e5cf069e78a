/*
 * ctx.h - who is acting, on which connection, at what time.
 *
 * Every service function takes a struct uc_ctx. The HTTP layer builds it
 * from the session or token, the CLI from the local operator (a system
 * actor: full rights, still checked by service/access.c and recorded in
 * the audit log as "cli:<user>").
 */
#ifndef UC_CTX_H
#define UC_CTX_H

#include "domain/perm.h"

#include <stddef.h>
#include <stdint.h>

struct uc_store;
struct uc_arena;

struct uc_actor {
	int64_t user_id;	/* 0: nobody signed in, or the system */
	const char *login;
	int system;		/* the local operator on the command line */
	struct uc_grant *grants;
	size_t ngrants;
	int64_t session_id;	/* cookie session, or 0 */
	int64_t token_id;	/* API token, or 0 */
	int restricted;		/* must enrol TOTP before anything else */
};

struct uc_ctx {
	struct uc_store *st;
	struct uc_arena *arena;
	struct uc_actor actor;
	const char *source;	/* client address, or "cli" */
	int64_t now;		/* ms since the epoch, fixed per request */
};

#endif
