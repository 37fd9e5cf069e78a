/*
 * authcache.h - resolved credentials reused for a short while.
 *
 * Resolving a session cookie or an API token costs two queries (the
 * credential and its user, then the role grants). Every request pays it,
 * so the result is kept per process, keyed by the credential's digest,
 * for at most uc_cfg.auth_cache_ms. An entry is trusted only while the
 * database's auth_epoch counter is where it was when the entry was read:
 * triggers move it on every revoke, user change, grant change and unit
 * move, whoever makes it (this server, the CLI, another server on the
 * same PostgreSQL), so such a change applies to the very next request.
 * A hit costs one single-row read instead of two joins. Expiry and idle
 * limits are still checked on every hit.
 */
#ifndef UC_AUTHCACHE_H
#define UC_AUTHCACHE_H

#include "core/status.h"
#include "domain/perm.h"
#include "service/ctx.h"

#include <stdint.h>

enum uc_authcache_kind {
	UC_AUTHCACHE_SESSION = 1,
	UC_AUTHCACHE_TOKEN = 2
};

struct uc_cred {
	int64_t id;		/* session or token id */
	int64_t user_id;
	int64_t seen;		/* last seen or used, ms */
	int64_t until;		/* absolute expiry, ms (INT64_MAX: none) */
	int disabled;		/* the user is disabled */
	int restricted;		/* must enrol TOTP first */
	char login[72];
};

/* Read the current auth_epoch; do it before reading the credential. */
enum uc_status uc_authcache_epoch(struct uc_ctx *ctx, int64_t *epoch,
    struct uc_error *err) UC_WUR;
/* On a live entry for (kind, digest) at epoch: copy it to *out, set the
 * actor's grants (copied into ctx->arena) and return 1; else 0. */
int uc_authcache_get(struct uc_ctx *ctx, enum uc_authcache_kind kind,
    const char *digest, int64_t epoch, struct uc_cred *out /* OUT */);
/* The credential was just marked seen or used at ms. */
void uc_authcache_seen(enum uc_authcache_kind kind, const char *digest,
    int64_t ms);
/* Remember a credential and the actor's grants, read at epoch. */
void uc_authcache_put(const struct uc_ctx *ctx, enum uc_authcache_kind kind,
    const char *digest, int64_t epoch, const struct uc_cred *cred);

#endif
