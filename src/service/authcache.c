/*
 * authcache.c - see authcache.h. A direct-mapped table: the digest is
 * uniformly random, so its first bytes pick the slot and a collision
 * just replaces the older entry. One mutex; the critical sections copy
 * a few hundred bytes.
 */
#include "service/authcache.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/mem.h"
#include "service/secret.h"
#include "store/store.h"

#include <pthread.h>
#include <string.h>

#define SLOTS 1024	/* power of two */

struct slot {
	enum uc_authcache_kind kind;	/* 0: empty */
	char digest[UC_DIGEST_HEX];
	int64_t epoch;
	int64_t stored_at;	/* ms */
	struct uc_cred cred;
	struct uc_grant *grants;	/* owned, paths too */
	size_t ngrants;
};

static struct slot table[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static struct slot *
slot_of(const char *digest)
{
	unsigned h = 0;

	for (int i = 0; i < 8 && digest[i]; i++)
		h = h * 31 + (unsigned char)digest[i];
	return &table[h & (SLOTS - 1)];
}

static void
slot_clear(struct slot *sl)
{
	for (size_t i = 0; i < sl->ngrants; i++)
		uc_free((char *)(uintptr_t)sl->grants[i].path);
	uc_free(sl->grants);
	memset(sl, 0, sizeof(*sl));
}

enum uc_status
uc_authcache_epoch(struct uc_ctx *ctx, int64_t *epoch, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*epoch = 0;
	if (uc_cfg.auth_cache_ms <= 0)
		return UC_OK;
	rc = uc_store_query(ctx->st, &s, err, "SELECT n FROM auth_epoch"
	    " WHERE id = 1", "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*epoch = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	return rc;
}

static int
live(const struct slot *sl, enum uc_authcache_kind kind,
    const char *digest, int64_t epoch, int64_t now)
{
	return epoch > 0 && sl->kind == kind &&
	    strcmp(sl->digest, digest) == 0 && sl->epoch == epoch &&
	    now - sl->stored_at < uc_cfg.auth_cache_ms &&
	    now >= sl->stored_at;
}

static void
copy_grants(struct uc_ctx *ctx, const struct slot *sl)
{
	struct uc_grant *g;

	g = uc_arena_alloc(ctx->arena, (sl->ngrants + 1) * sizeof(*g));
	for (size_t i = 0; i < sl->ngrants; i++) {
		g[i] = sl->grants[i];
		g[i].path = uc_arena_strdup(ctx->arena, sl->grants[i].path);
	}
	ctx->actor.grants = g;
	ctx->actor.ngrants = sl->ngrants;
}

int
uc_authcache_get(struct uc_ctx *ctx, enum uc_authcache_kind kind,
    const char *digest, int64_t epoch, struct uc_cred *out)
{
	struct slot *sl = slot_of(digest);
	int hit;

	if (uc_cfg.auth_cache_ms <= 0)
		return 0;
	pthread_mutex_lock(&lock);
	hit = live(sl, kind, digest, epoch, ctx->now);
	if (hit) {
		*out = sl->cred;
		copy_grants(ctx, sl);
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

void
uc_authcache_seen(enum uc_authcache_kind kind, const char *digest,
    int64_t ms)
{
	struct slot *sl = slot_of(digest);

	pthread_mutex_lock(&lock);
	if (sl->kind == kind && strcmp(sl->digest, digest) == 0 &&
	    sl->cred.seen < ms)
		sl->cred.seen = ms;
	pthread_mutex_unlock(&lock);
}

void
uc_authcache_put(const struct uc_ctx *ctx, enum uc_authcache_kind kind,
    const char *digest, int64_t epoch, const struct uc_cred *cred)
{
	struct slot *sl = slot_of(digest);
	size_t n = ctx->actor.ngrants;

	if (uc_cfg.auth_cache_ms <= 0 || epoch <= 0)
		return;
	pthread_mutex_lock(&lock);
	slot_clear(sl);
	sl->kind = kind;
	memcpy(sl->digest, digest, sizeof(sl->digest));
	sl->epoch = epoch;
	sl->stored_at = ctx->now;
	sl->cred = *cred;
	sl->grants = uc_xcalloc(n + 1, sizeof(*sl->grants));
	for (size_t i = 0; i < n; i++) {
		sl->grants[i] = ctx->actor.grants[i];
		sl->grants[i].path = uc_xstrdup(ctx->actor.grants[i].path);
	}
	sl->ngrants = n;
	pthread_mutex_unlock(&lock);
}
