/*
 * store_int.h - what an engine provides to store.c. Private to store/.
 */
#ifndef UC_STORE_INT_H
#define UC_STORE_INT_H

#include "store/store.h"

#include <stddef.h>

struct uc_blob {
	const char *name;		/* file name, e.g. 0001_init.sql */
	const unsigned char *data;
	size_t len;
};

struct uc_store_ops {
	const char *name;
	enum uc_status (*open)(struct uc_store *st, const char *dsn,
	    struct uc_error *err);
	void (*close)(struct uc_store *st);
	enum uc_status (*exec)(struct uc_store *st, const char *sql,
	    struct uc_error *err);
	enum uc_status (*prepare)(struct uc_store *st, const char *sql,
	    void **impl, struct uc_error *err);
	void (*finalize)(struct uc_store *st, void *impl);
	void (*bind_i64)(void *impl, int idx, int64_t v);
	void (*bind_text)(void *impl, int idx, const char *s);
	void (*bind_null)(void *impl, int idx);
	enum uc_status (*step)(struct uc_store *st, void *impl, int *row,
	    struct uc_error *err);
	int64_t (*col_i64)(void *impl, int col);
	const char *(*col_text)(void *impl, int col);
	int (*col_null)(void *impl, int col);
	void (*reset)(void *impl);
	int64_t (*changes)(struct uc_store *st, void *impl);
	enum uc_status (*begin)(struct uc_store *st, struct uc_error *err);
	enum uc_status (*lock)(struct uc_store *st, const char *name,
	    struct uc_error *err);
	enum uc_status (*backup)(struct uc_store *st, const char *path,
	    struct uc_error *err);
	enum uc_status (*restore)(struct uc_store *st, const char *path,
	    struct uc_error *err);
	const struct uc_blob *migrations;
	const size_t *nmigrations;
};

#define UC_STMT_CACHE 128

struct uc_stmt {
	struct uc_store *st;
	void *impl;		/* engine statement */
	char *sql;		/* cache key */
	int busy;		/* handed out and not yet done */
	int cached;		/* lives in st->cache */
};

struct uc_store {
	const struct uc_store_ops *ops;
	void *conn;		/* engine connection */
	char *dsn;		/* what follows the scheme */
	int in_tx;
	size_t ncache;
	struct uc_stmt *cache[UC_STMT_CACHE];
};

extern const struct uc_store_ops uc_store_sqlite_ops;
extern const struct uc_store_ops uc_store_pg_ops;

extern const struct uc_blob uc_migrations_sqlite[];
extern const size_t uc_migrations_sqlite_count;
extern const struct uc_blob uc_migrations_pg[];
extern const size_t uc_migrations_pg_count;

#endif
