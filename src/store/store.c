/*
 * store.c - engine choice, statement cache, binding, migrations and the
 * per-thread connection pool. Engines live in store_sqlite.c and
 * store_pg.c behind struct uc_store_ops.
 */
#include "store/store_int.h"
#include "core/arena.h"
#include "core/mem.h"
#include "core/time.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct uc_store_ops *
engine_for(const char *url, const char **dsn)
{
	if (strncmp(url, "sqlite:", 7) == 0) {
		*dsn = url + 7;
		return &uc_store_sqlite_ops;
	}
	if (strncmp(url, "postgres://", 11) == 0 ||
	    strncmp(url, "postgresql://", 13) == 0) {
		*dsn = url;
		return &uc_store_pg_ops;
	}
	return NULL;
}

enum uc_status
uc_store_open(const char *url, struct uc_store **out, struct uc_error *err)
{
	const struct uc_store_ops *ops;
	const char *dsn = NULL;
	struct uc_store *st;
	enum uc_status rc;

	*out = NULL;
	ops = engine_for(url, &dsn);
	if (ops == NULL || *dsn == '\0')
		return uc_error_set(err, UC_EINVAL,
		    "--db '%s': expected sqlite:PATH or postgres://...", url);
	st = uc_xcalloc(1, sizeof(*st));
	st->ops = ops;
	st->dsn = uc_xstrdup(dsn);
	rc = ops->open(st, dsn, err);
	if (rc != UC_OK) {
		uc_free(st->dsn);
		uc_free(st);
		return rc;
	}
	*out = st;
	return UC_OK;
}

void
uc_store_free(struct uc_store *st)
{
	size_t i;

	if (st == NULL)
		return;
	uc_store_rollback(st);
	for (i = 0; i < st->ncache; i++) {
		st->ops->finalize(st, st->cache[i]->impl);
		uc_free(st->cache[i]->sql);
		uc_free(st->cache[i]);
	}
	st->ops->close(st);
	uc_free(st->dsn);
	uc_free(st);
}

const char *
uc_store_redact(const char *url, char *buf, size_t len)
{
	const char *scheme = strstr(url, "://"), *at, *colon;

	snprintf(buf, len, "%s", url);
	if (scheme == NULL || (at = strchr(scheme + 3, '@')) == NULL)
		return buf;
	colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
	if (colon != NULL)
		snprintf(buf, len, "%.*s:***%s", (int)(colon - url), url, at);
	return buf;
}

const char *
uc_store_engine(const struct uc_store *st)
{
	return st->ops->name;
}

enum uc_status
uc_store_begin(struct uc_store *st, struct uc_error *err)
{
	enum uc_status rc;

	uc_assert(!st->in_tx);
	rc = st->ops->begin(st, err);
	if (rc == UC_OK)
		st->in_tx = 1;
	return rc;
}

enum uc_status
uc_store_commit(struct uc_store *st, struct uc_error *err)
{
	enum uc_status rc;

	uc_assert(st->in_tx);
	rc = st->ops->exec(st, "COMMIT", err);
	if (rc != UC_OK) {
		uc_store_rollback(st);
		return rc;
	}
	st->in_tx = 0;
	return UC_OK;
}

void
uc_store_rollback(struct uc_store *st)
{
	if (st == NULL || !st->in_tx)
		return;
	if (st->ops->exec(st, "ROLLBACK", NULL) != UC_OK) {
		/* the engine already ended the transaction */
	}
	st->in_tx = 0;
}

enum uc_status
uc_store_lock(struct uc_store *st, const char *name, struct uc_error *err)
{
	uc_assert(st->in_tx);
	return st->ops->lock(st, name, err);
}

enum uc_status
uc_store_exec(struct uc_store *st, const char *sql, struct uc_error *err)
{
	return st->ops->exec(st, sql, err);
}

static struct uc_stmt *
cache_find(struct uc_store *st, const char *sql)
{
	size_t i;

	for (i = 0; i < st->ncache; i++)
		if (!st->cache[i]->busy && strcmp(st->cache[i]->sql, sql) == 0)
			return st->cache[i];
	return NULL;
}

/* cache = 0: a statement of its own, finalised when done. */
static enum uc_status
prepare_as(struct uc_store *st, const char *sql, int cache,
    struct uc_stmt **out, struct uc_error *err)
{
	struct uc_stmt *s = cache ? cache_find(st, sql) : NULL;
	void *impl = NULL;
	enum uc_status rc;

	if (s == NULL) {
		rc = st->ops->prepare(st, sql, &impl, err);
		if (rc != UC_OK)
			return rc;
		s = uc_xcalloc(1, sizeof(*s));
		s->st = st;
		s->impl = impl;
		s->sql = uc_xstrdup(sql);
		if (cache && st->ncache < UC_STMT_CACHE) {
			st->cache[st->ncache++] = s;
			s->cached = 1;
		}
	}
	s->busy = 1;
	*out = s;
	return UC_OK;
}

static enum uc_status
prepare(struct uc_store *st, const char *sql, struct uc_stmt **out,
    struct uc_error *err)
{
	return prepare_as(st, sql, 1, out, err);
}

static enum uc_status
bind_args(struct uc_stmt *s, const char *fmt, va_list ap,
    struct uc_error *err)
{
	const struct uc_store_ops *ops = s->st->ops;
	int idx = 1;
	const char *str;

	for (; fmt != NULL && *fmt != '\0'; fmt++, idx++) {
		switch (*fmt) {
		case 'i':
			ops->bind_i64(s->impl, idx, va_arg(ap, int64_t));
			break;
		case 'b':
			ops->bind_i64(s->impl, idx, va_arg(ap, int) != 0);
			break;
		case 's':
			str = va_arg(ap, const char *);
			if (str == NULL)
				ops->bind_null(s->impl, idx);
			else
				ops->bind_text(s->impl, idx, str);
			break;
		default:
			return uc_error_set(err, UC_EINTERNAL,
			    "bad bind format '%c'", *fmt);
		}
	}
	return UC_OK;
}

static enum uc_status
vquery(struct uc_store *st, struct uc_stmt **out, struct uc_error *err,
    const char *sql, const char *fmt, va_list ap)
{
	enum uc_status rc;

	rc = prepare(st, sql, out, err);
	if (rc != UC_OK)
		return rc;
	rc = bind_args(*out, fmt, ap, err);
	if (rc != UC_OK) {
		uc_stmt_done(*out);
		*out = NULL;
	}
	return rc;
}

const char *
uc_store_id_or_null(struct uc_arena *a, int64_t id)
{
	return id ? uc_arena_printf(a, "%" PRId64, id) : NULL;
}

void
uc_sql_init(struct uc_sql *q, struct uc_arena *a, const char *text)
{
	memset(q, 0, sizeof(*q));
	q->arena = a;
	q->text = uc_arena_strdup(a, text);
}

void
uc_sql_add(struct uc_sql *q, const char *text, const char *fmt, ...)
{
	struct uc_sql_param *p;
	va_list ap;

	q->text = uc_arena_printf(q->arena, "%s%s", q->text, text);
	va_start(ap, fmt);
	for (; *fmt != '\0'; fmt++) {
		uc_assert(q->nparams < UC_SQL_PARAMS);
		p = &q->params[q->nparams++];
		p->type = *fmt == 's' ? 's' : 'i';
		if (*fmt == 's')
			p->s = va_arg(ap, const char *);
		else if (*fmt == 'b')
			p->i = va_arg(ap, int) != 0;
		else
			p->i = va_arg(ap, int64_t);
	}
	va_end(ap);
}

enum uc_status
uc_store_query_sql(struct uc_store *st, struct uc_stmt **out,
    struct uc_error *err, const struct uc_sql *q)
{
	const struct uc_store_ops *ops = st->ops;
	enum uc_status rc;

	/* PostgreSQL would settle a reused statement on one generic plan,
	 * blind to the filter's values (a rare word or a large unit); a
	 * list is planned for its values each time instead */
	rc = prepare_as(st, q->text, strcmp(uc_store_engine(st),
	    "postgres") != 0, out, err);
	if (rc != UC_OK)
		return rc;
	for (size_t i = 0; i < q->nparams; i++) {
		const struct uc_sql_param *p = &q->params[i];

		if (p->type == 'i')
			ops->bind_i64((*out)->impl, (int)i + 1, p->i);
		else if (p->s == NULL)
			ops->bind_null((*out)->impl, (int)i + 1);
		else
			ops->bind_text((*out)->impl, (int)i + 1, p->s);
	}
	return UC_OK;
}

enum uc_status
uc_store_query(struct uc_store *st, struct uc_stmt **out,
    struct uc_error *err, const char *sql, const char *fmt, ...)
{
	va_list ap;
	enum uc_status rc;

	va_start(ap, fmt);
	rc = vquery(st, out, err, sql, fmt, ap);
	va_end(ap);
	return rc;
}

enum uc_status
uc_store_run(struct uc_store *st, int64_t *changes, struct uc_error *err,
    const char *sql, const char *fmt, ...)
{
	struct uc_stmt *s = NULL;
	va_list ap;
	enum uc_status rc;
	int row = 1;

	va_start(ap, fmt);
	rc = vquery(st, &s, err, sql, fmt, ap);
	va_end(ap);
	while (rc == UC_OK && row)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && changes != NULL)
		*changes = st->ops->changes(st, s->impl);
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_store_insert(struct uc_store *st, int64_t *id, struct uc_error *err,
    const char *sql, const char *fmt, ...)
{
	struct uc_stmt *s = NULL;
	va_list ap;
	enum uc_status rc;
	int row = 0;

	*id = 0;
	va_start(ap, fmt);
	rc = vquery(st, &s, err, sql, fmt, ap);
	va_end(ap);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*id = uc_stmt_i64(s, 0);
	while (rc == UC_OK && row)
		rc = uc_stmt_step(s, &row, err);
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_stmt_step(struct uc_stmt *s, int *row, struct uc_error *err)
{
	return s->st->ops->step(s->st, s->impl, row, err);
}

int64_t
uc_stmt_i64(struct uc_stmt *s, int col)
{
	return s->st->ops->col_i64(s->impl, col);
}

const char *
uc_stmt_text(struct uc_stmt *s, int col)
{
	return s->st->ops->col_text(s->impl, col);
}

int
uc_stmt_null(struct uc_stmt *s, int col)
{
	return s->st->ops->col_null(s->impl, col);
}

void
uc_stmt_done(struct uc_stmt *s)
{
	if (s == NULL)
		return;
	s->st->ops->reset(s->impl);
	s->busy = 0;
	if (!s->cached) {
		s->st->ops->finalize(s->st, s->impl);
		uc_free(s->sql);
		uc_free(s);
	}
}

enum uc_status
uc_stmt_rows(struct uc_stmt *s, uc_stmt_row_fn row, const void *arg,
    json_t **out, struct uc_error *err)
{
	json_t *j_items = json_array();
	enum uc_status rc;
	int more = 0;

	while ((rc = uc_stmt_step(s, &more, err)) == UC_OK && more)
		json_array_append_new(j_items, row(s, arg));
	uc_stmt_done(s);
	if (rc != UC_OK) {
		json_decref(j_items);
		j_items = NULL;
	}
	*out = j_items;
	return rc;
}

/* ---- migrations ---- */

static int
blob_version(const struct uc_blob *b)
{
	return atoi(b->name);	/* names start with their number */
}

int
uc_store_schema_version(const struct uc_store *st)
{
	size_t n = *st->ops->nmigrations;

	return n == 0 ? 0 : blob_version(&st->ops->migrations[n - 1]);
}

static enum uc_status
current_version(struct uc_store *st, int *out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_exec(st, "CREATE TABLE IF NOT EXISTS schema_migrations"
	    " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", err);
	if (rc == UC_OK)
		rc = uc_store_query(st, &s, err,
		    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
		    "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	*out = rc == UC_OK && row ? (int)uc_stmt_i64(s, 0) : 0;
	uc_stmt_done(s);
	return rc;
}

static enum uc_status
apply_one(struct uc_store *st, const struct uc_blob *b,
    struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];
	char *sql = uc_xstrndup((const char *)b->data, b->len);
	enum uc_status rc;

	uc_time_format(uc_time_now_ms(), now, sizeof(now));
	rc = uc_store_begin(st, err);
	if (rc == UC_OK)
		rc = uc_store_lock(st, "migrate", err);
	if (rc == UC_OK)
		rc = uc_store_exec(st, sql, err);
	if (rc == UC_OK)
		rc = uc_store_run(st, NULL, err, "INSERT INTO schema_migrations"
		    " (version, applied_at) VALUES (?, ?)", "is",
		    (int64_t)blob_version(b), now);
	if (rc == UC_OK)
		rc = uc_store_commit(st, err);
	if (rc != UC_OK) {
		uc_store_rollback(st);
		if (err != NULL) {
			char msg[sizeof(err->message) + 64];
			size_t n;

			snprintf(msg, sizeof(msg), "migration %s: %s",
			    b->name, err->message);
			n = strlen(msg);
			if (n >= sizeof(err->message))
				n = sizeof(err->message) - 1;
			memcpy(err->message, msg, n);
			err->message[n] = '\0';
		}
	}
	uc_free(sql);
	return rc;
}

static enum uc_status
refuse_newer(int have, int know, struct uc_error *err)
{
	return uc_error_set(err, UC_EVERSION,
	    "the database is at schema version %d but this ungcuu knows only "
	    "up to %d: use a newer ungcuu with this database", have, know);
}

enum uc_status
uc_store_migrate(struct uc_store *st, int *applied, struct uc_error *err)
{
	size_t i, n = *st->ops->nmigrations;
	int have = 0, know = uc_store_schema_version(st);
	enum uc_status rc;

	*applied = 0;
	rc = current_version(st, &have, err);
	if (rc != UC_OK)
		return rc;
	if (have > know)
		return refuse_newer(have, know, err);
	for (i = 0; i < n; i++) {
		const struct uc_blob *b = &st->ops->migrations[i];

		if (blob_version(b) <= have)
			continue;
		rc = apply_one(st, b, err);
		if (rc != UC_OK)
			return rc;
		(*applied)++;
	}
	return UC_OK;
}

enum uc_status
uc_store_check_schema(struct uc_store *st, struct uc_error *err)
{
	int have = 0, know = uc_store_schema_version(st);
	enum uc_status rc = current_version(st, &have, err);

	if (rc != UC_OK)
		return rc;
	if (have > know)
		return refuse_newer(have, know, err);
	if (have < know)
		return uc_error_set(err, UC_EVERSION,
		    "the database is at schema version %d; run "
		    "'ungcuu migrate' to bring it to %d", have, know);
	return UC_OK;
}

enum uc_status
uc_store_backup(struct uc_store *st, const char *path, struct uc_error *err)
{
	return st->ops->backup(st, path, err);
}

enum uc_status
uc_store_restore(struct uc_store *st, const char *path, struct uc_error *err)
{
	return st->ops->restore(st, path, err);
}

/* ---- per-thread pool ---- */

static char *pool_url;
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static struct uc_store *pool_all[1024];
static int pool_open;
static atomic_int pool_busy;
static _Thread_local struct uc_store *pool_mine;

void
uc_store_pool_init(const char *url)
{
	uc_free(pool_url);
	pool_url = uc_xstrdup(url);
}

enum uc_status
uc_store_pool_get(struct uc_store **out, struct uc_error *err)
{
	enum uc_status rc;

	if (pool_mine == NULL) {
		rc = uc_store_open(pool_url, &pool_mine, err);
		if (rc != UC_OK)
			return rc;
		pthread_mutex_lock(&pool_mu);
		uc_assert(pool_open < 1024);
		pool_all[pool_open++] = pool_mine;
		pthread_mutex_unlock(&pool_mu);
	}
	*out = pool_mine;
	return UC_OK;
}

void
uc_store_pool_acquire(void)
{
	atomic_fetch_add(&pool_busy, 1);
}

void
uc_store_pool_release(void)
{
	atomic_fetch_sub(&pool_busy, 1);
}

void
uc_store_pool_stats(int *open, int *busy)
{
	pthread_mutex_lock(&pool_mu);
	*open = pool_open;
	pthread_mutex_unlock(&pool_mu);
	*busy = atomic_load(&pool_busy);
}

void
uc_store_pool_shutdown(void)
{
	int i;

	pthread_mutex_lock(&pool_mu);
	for (i = 0; i < pool_open; i++)
		uc_store_free(pool_all[i]);
	pool_open = 0;
	pthread_mutex_unlock(&pool_mu);
	pool_mine = NULL;
}
