/*
 * system_index.c - the registry's index of addresses and domains (see
 * system.h): built from the systems in service into a domain/netindex.h
 * index, shared between requests and rebuilt when the registry's
 * generation moves. Matching (GET /api/v1/systems/match) is in
 * system.c, which reads the systems it finds.
 */
#include "service/system.h"
#include "core/arena.h"
#include "core/mem.h"
#include "domain/netindex.h"
#include "store/store.h"

#include <pthread.h>
#include <string.h>

/* ---- the index --------------------------------------------------- */

struct uc_system_index {
	struct uc_netindex *ix;
	int64_t generation;
	int refs;		/* the cache's and each borrower's */
};

static pthread_mutex_t index_mu = PTHREAD_MUTEX_INITIALIZER;
static struct uc_system_index *index_now;	/* the newest built */

static enum uc_status
generation(struct uc_ctx *ctx, int64_t *gen, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*gen = 0;
	rc = uc_store_query(ctx->st, &s, err, "SELECT generation FROM"
	    " system_index WHERE id = 1", "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*gen = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	return rc;
}

/* A growing array of entries, strings in the arena. */
struct entries {
	struct uc_netindex_entry *v;
	size_t n, cap;
};

static void
entries_add(struct uc_ctx *ctx, struct entries *e, json_t *a, int64_t id)
{
	json_t *v;
	size_t i;

	json_array_foreach(a, i, v) {
		if (!json_is_string(v))
			continue;
		if (e->n == e->cap) {
			e->cap = e->cap ? 2 * e->cap : 256;
			e->v = uc_xrealloc(e->v, e->cap * sizeof(*e->v));
		}
		e->v[e->n].value = uc_arena_strdup(ctx->arena,
		    json_string_value(v));
		e->v[e->n++].id = id;
	}
}

static enum uc_status
index_build(struct uc_ctx *ctx, struct uc_netindex **out,
    struct uc_error *err)
{
	struct entries addrs = { NULL, 0, 0 }, doms = { NULL, 0, 0 };
	struct uc_stmt *s = NULL;
	json_t *a;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT id, addresses, domains"
	    " FROM systems WHERE retired_at IS NULL ORDER BY id", "");
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		entries_add(ctx, &addrs, a = json_loads(uc_stmt_text(s, 1), 0,
		    NULL), uc_stmt_i64(s, 0));
		json_decref(a);
		entries_add(ctx, &doms, a = json_loads(uc_stmt_text(s, 2), 0,
		    NULL), uc_stmt_i64(s, 0));
		json_decref(a);
	}
	uc_stmt_done(s);
	if (rc == UC_OK)
		rc = uc_netindex_build(addrs.v, addrs.n, doms.v, doms.n, out,
		    err);
	uc_free(addrs.v);
	uc_free(doms.v);
	return rc;
}

/* Drop a reference; under index_mu. */
static void
unref(struct uc_system_index *h)
{
	if (h != NULL && --h->refs == 0) {
		uc_netindex_free(h->ix);
		uc_free(h);
	}
}

/* The cached index when it is of generation gen (with a reference for
 * the caller), else NULL. */
static struct uc_system_index *
cached(int64_t gen)
{
	struct uc_system_index *h = NULL;

	pthread_mutex_lock(&index_mu);
	if (index_now != NULL && index_now->generation == gen) {
		h = index_now;
		h->refs++;
	}
	pthread_mutex_unlock(&index_mu);
	return h;
}

/* Publish a new index unless a newer one came meanwhile. */
static void
publish(struct uc_system_index *h)
{
	pthread_mutex_lock(&index_mu);
	if (index_now == NULL || index_now->generation < h->generation) {
		unref(index_now);
		index_now = h;
		h->refs++;
	}
	pthread_mutex_unlock(&index_mu);
}

enum uc_status
uc_system_index_get(struct uc_ctx *ctx, struct uc_system_index **out,
    struct uc_error *err)
{
	struct uc_netindex *ix = NULL;
	struct uc_system_index *h;
	int64_t gen = 0;
	enum uc_status rc;

	*out = NULL;
	if ((rc = generation(ctx, &gen, err)) != UC_OK)
		return rc;
	if ((*out = cached(gen)) != NULL)
		return UC_OK;
	if ((rc = index_build(ctx, &ix, err)) != UC_OK)
		return rc;
	h = uc_xcalloc(1, sizeof(*h));
	h->ix = ix;
	h->generation = gen;
	h->refs = 1;
	publish(h);
	*out = h;
	return UC_OK;
}

const struct uc_netindex *
uc_system_index_net(const struct uc_system_index *h)
{
	return h->ix;
}

void
uc_system_index_release(struct uc_system_index *h)
{
	pthread_mutex_lock(&index_mu);
	unref(h);
	pthread_mutex_unlock(&index_mu);
}

