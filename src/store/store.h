/*
 * store.h - the one persistence interface.
 *
 * A struct uc_store is one database connection, owned by one thread.
 * SQL is written once in the portable subset both engines accept, with
 * '?' placeholders; the engine behind the handle (store_sqlite.c,
 * store_pg.c) translates what differs: placeholders, booleans, and
 * timestamps, which always come back as UTC ISO 8601 text
 * ("2026-11-21T07:00:00.000Z"). Prepared statements are cached per
 * connection by their SQL text.
 *
 * Format strings for uc_store_query/uc_store_run: 'i' int64_t,
 * 's' const char * (NULL binds SQL NULL), 'b' int used as a boolean.
 */
#ifndef UC_STORE_H
#define UC_STORE_H

#include "core/status.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct uc_store;
struct uc_stmt;
struct uc_arena;

/* Open a connection for "sqlite:PATH" or "postgres://...". */
enum uc_status uc_store_open(const char *url, struct uc_store **out,
    struct uc_error *err) UC_WUR;
void uc_store_free(struct uc_store *st);
/* The URL without its password, for messages; buf of len bytes. */
const char *uc_store_redact(const char *url, char *buf, size_t len);
/* "sqlite" or "postgres". */
const char *uc_store_engine(const struct uc_store *st);

/* Apply embedded migrations newer than the database, one transaction
 * each. *applied gets how many ran. Refuses a newer database. */
enum uc_status uc_store_migrate(struct uc_store *st, int *applied,
    struct uc_error *err) UC_WUR;
/* UC_OK when the schema is exactly what this binary knows. */
enum uc_status uc_store_check_schema(struct uc_store *st,
    struct uc_error *err) UC_WUR;
/* Highest migration version compiled into the binary. */
int uc_store_schema_version(const struct uc_store *st);

/* Write transactions. begin takes the write lock at once (SQLite
 * BEGIN IMMEDIATE) so two writers never deadlock on an upgrade. */
enum uc_status uc_store_begin(struct uc_store *st, struct uc_error *err)
    UC_WUR;
enum uc_status uc_store_commit(struct uc_store *st, struct uc_error *err)
    UC_WUR;
/* Safe to call when no transaction is open. */
void uc_store_rollback(struct uc_store *st);
/* Serialise a named critical section until the transaction ends. */
enum uc_status uc_store_lock(struct uc_store *st, const char *name,
    struct uc_error *err) UC_WUR;

/* Run statements without parameters (DDL, pragmas). */
enum uc_status uc_store_exec(struct uc_store *st, const char *sql,
    struct uc_error *err) UC_WUR;
/* Prepare (or take from the cache) and bind; step with uc_stmt_step and
 * always end with uc_stmt_done. */
enum uc_status uc_store_query(struct uc_store *st, struct uc_stmt **out,
    struct uc_error *err, const char *sql, const char *fmt, ...) UC_WUR;
/* Prepare, bind, run to completion; *changes (may be NULL) gets the
 * number of rows written. */
enum uc_status uc_store_run(struct uc_store *st, int64_t *changes,
    struct uc_error *err, const char *sql, const char *fmt, ...) UC_WUR;
/* The same for an INSERT ... RETURNING id: *id gets the id, or 0 when
 * no row came back (ON CONFLICT DO NOTHING). */
enum uc_status uc_store_insert(struct uc_store *st, int64_t *id /* OUT */,
    struct uc_error *err, const char *sql, const char *fmt, ...) UC_WUR;

/*
 * A statement put together at run time (a list with optional filters):
 * text and parameters grow together, so a '?' and its value are always
 * added in one call. Arena memory; at most UC_SQL_PARAMS parameters
 * (more is an invariant failure: callers bound their filters).
 */
#define UC_SQL_PARAMS 256	/* 64 grants x 2 scopes + filters */

struct uc_sql_param {
	char type;		/* 'i' or 's' */
	int64_t i;
	const char *s;
};

struct uc_sql {
	struct uc_arena *arena;
	char *text;
	size_t nparams;
	struct uc_sql_param params[UC_SQL_PARAMS];
};

/* An id to bind with 's': its decimal text, or NULL (SQL NULL) for 0.
 * Both engines store the text in an integer column as the integer. */
const char *uc_store_id_or_null(struct uc_arena *a, int64_t id);

void uc_sql_init(struct uc_sql *q, struct uc_arena *a, const char *text);
/* Append text whose '?' take the values described by fmt ('i', 's',
 * 'b' as for uc_store_query). */
void uc_sql_add(struct uc_sql *q, const char *text, const char *fmt, ...);
enum uc_status uc_store_query_sql(struct uc_store *st, struct uc_stmt **out,
    struct uc_error *err, const struct uc_sql *q) UC_WUR;

/* Next row: *row = 1 with a row, 0 when done. */
enum uc_status uc_stmt_step(struct uc_stmt *s, int *row,
    struct uc_error *err) UC_WUR;
int64_t uc_stmt_i64(struct uc_stmt *s, int col);
/* Borrowed until the next step; NULL for SQL NULL. */
const char *uc_stmt_text(struct uc_stmt *s, int col);
int uc_stmt_null(struct uc_stmt *s, int col);
/* Reset and return the statement to its cache. Accepts NULL. */
void uc_stmt_done(struct uc_stmt *s);

/* One row of a statement as a new JSON value; arg is the caller's. */
typedef json_t *(*uc_stmt_row_fn)(struct uc_stmt *s, const void *arg);
/* Step s to its end and end it (uc_stmt_done): *out gets a new array
 * of row(s, arg) for each row, or NULL on failure. */
enum uc_status uc_stmt_rows(struct uc_stmt *s, uc_stmt_row_fn row,
    const void *arg, json_t **out /* OUT */, struct uc_error *err) UC_WUR;

/* Copy the live database to `path` (SQLite online backup; pg_dump). */
enum uc_status uc_store_backup(struct uc_store *st, const char *path,
    struct uc_error *err) UC_WUR;
/* Replace the database's content with the backup at `path`. */
enum uc_status uc_store_restore(struct uc_store *st, const char *path,
    struct uc_error *err) UC_WUR;

/*
 * Per-thread connections. uc_store_pool_init records the URL; each
 * thread's first uc_store_pool_get opens its own connection, which
 * lives until uc_store_pool_shutdown.
 */
void uc_store_pool_init(const char *url);
enum uc_status uc_store_pool_get(struct uc_store **out,
    struct uc_error *err) UC_WUR;
/* Mark the thread's connection busy or idle, for metrics. */
void uc_store_pool_acquire(void);
void uc_store_pool_release(void);
void uc_store_pool_stats(int *open, int *busy);
void uc_store_pool_shutdown(void);

#endif
