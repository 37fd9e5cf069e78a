/*
 * store_sqlite.c - the SQLite engine: WAL, foreign keys, busy timeout,
 * synchronous=FULL (an acknowledged write survives a power cut), one
 * connection per thread (SQLITE_OPEN_NOMUTEX).
 */
#include "store/store_int.h"
#include "core/config.h"
#include "core/mem.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static sqlite3 *
db_of(struct uc_store *st)
{
	return st->conn;
}

static enum uc_status
fail(struct uc_store *st, struct uc_error *err, const char *what)
{
	int code = sqlite3_extended_errcode(db_of(st));
	enum uc_status rc = UC_EDB;

	if (code == SQLITE_CONSTRAINT_UNIQUE ||
	    code == SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = UC_ECONFLICT;
	return uc_error_set(err, rc, "sqlite %s: %s", what,
	    sqlite3_errmsg(db_of(st)));
}

static void
make_parent_dir(const char *path)
{
	char *dir = uc_xstrdup(path), *slash = strrchr(dir, '/');

	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0750) != 0) {
			/* exists already, or open reports the real error */
		}
	}
	uc_free(dir);
}

static enum uc_status
sq_open(struct uc_store *st, const char *path, struct uc_error *err)
{
	sqlite3 *db = NULL;
	char pragmas[256];
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX;
	enum uc_status rc;

	make_parent_dir(path);
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		uc_error_set(err, UC_EDB, "sqlite open %s: %s", path,
		    db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return UC_EDB;
	}
	st->conn = db;
	sqlite3_busy_timeout(db, (int)uc_cfg.busy_timeout);
	snprintf(pragmas, sizeof(pragmas),
	    "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
	    " PRAGMA synchronous=FULL;");
	rc = st->ops->exec(st, pragmas, err);
	if (rc != UC_OK) {
		sqlite3_close(db);
		st->conn = NULL;
	}
	return rc;
}

static void
sq_close(struct uc_store *st)
{
	sqlite3_close(db_of(st));
	st->conn = NULL;
}

static enum uc_status
sq_exec(struct uc_store *st, const char *sql, struct uc_error *err)
{
	char *msg = NULL;
	enum uc_status rc = UC_OK;

	if (sqlite3_exec(db_of(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		rc = fail(st, err, "exec");
		sqlite3_free(msg);
	}
	return rc;
}

static enum uc_status
sq_prepare(struct uc_store *st, const char *sql, void **impl,
    struct uc_error *err)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v3(db_of(st), sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s, NULL) != SQLITE_OK)
		return fail(st, err, "prepare");
	*impl = s;
	return UC_OK;
}

static void
sq_finalize(struct uc_store *st, void *impl)
{
	(void)st;
	sqlite3_finalize(impl);
}

static void
sq_bind_i64(void *impl, int idx, int64_t v)
{
	sqlite3_bind_int64(impl, idx, v);
}

static void
sq_bind_text(void *impl, int idx, const char *s)
{
	sqlite3_bind_text(impl, idx, s, -1, SQLITE_TRANSIENT);
}

static void
sq_bind_null(void *impl, int idx)
{
	sqlite3_bind_null(impl, idx);
}

static enum uc_status
sq_step(struct uc_store *st, void *impl, int *row, struct uc_error *err)
{
	int r = sqlite3_step(impl);

	if (r == SQLITE_ROW) {
		*row = 1;
		return UC_OK;
	}
	*row = 0;
	if (r == SQLITE_DONE)
		return UC_OK;
	return fail(st, err, "step");
}

static int64_t
sq_col_i64(void *impl, int col)
{
	return sqlite3_column_int64(impl, col);
}

static const char *
sq_col_text(void *impl, int col)
{
	return (const char *)sqlite3_column_text(impl, col);
}

static int
sq_col_null(void *impl, int col)
{
	return sqlite3_column_type(impl, col) == SQLITE_NULL;
}

static void
sq_reset(void *impl)
{
	sqlite3_reset(impl);
	sqlite3_clear_bindings(impl);
}

static int64_t
sq_changes(struct uc_store *st, void *impl)
{
	(void)impl;
	return sqlite3_changes64(db_of(st));
}

static enum uc_status
sq_begin(struct uc_store *st, struct uc_error *err)
{
	return sq_exec(st, "BEGIN IMMEDIATE", err);
}

static enum uc_status
sq_lock(struct uc_store *st, const char *name, struct uc_error *err)
{
	/* BEGIN IMMEDIATE already holds the database's single write lock */
	(void)st;
	(void)name;
	(void)err;
	return UC_OK;
}

static enum uc_status
copy_db(sqlite3 *to, sqlite3 *from, struct uc_error *err)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int r;

	if (b == NULL)
		return uc_error_set(err, UC_EDB, "sqlite backup: %s",
		    sqlite3_errmsg(to));
	do {
		r = sqlite3_backup_step(b, 256);
		if (r == SQLITE_BUSY || r == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (r == SQLITE_OK || r == SQLITE_BUSY || r == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (r != SQLITE_DONE)
		return uc_error_set(err, UC_EDB, "sqlite backup: %s",
		    sqlite3_errstr(r));
	return UC_OK;
}

static enum uc_status
sq_backup(struct uc_store *st, const char *path, struct uc_error *err)
{
	sqlite3 *to = NULL;
	enum uc_status rc;
	mode_t old;
	int r;

	if (access(path, F_OK) == 0)
		return uc_error_set(err, UC_ECONFLICT,
		    "%s exists already; choose a new file name", path);
	/* the copy holds password hashes and TOTP secrets: owner only */
	old = umask(077);
	r = sqlite3_open(path, &to);
	umask(old);
	if (r != SQLITE_OK) {
		rc = uc_error_set(err, UC_EIO, "cannot create %s: %s", path,
		    sqlite3_errmsg(to));
		sqlite3_close(to);
		return rc;
	}
	rc = copy_db(to, db_of(st), err);
	sqlite3_close(to);
	if (rc != UC_OK)
		unlink(path);
	return rc;
}

static enum uc_status
check_backup_file(sqlite3 *from, struct uc_error *err)
{
	sqlite3_stmt *s = NULL;
	int ok;

	ok = sqlite3_prepare_v2(from, "SELECT COUNT(*) FROM schema_migrations",
	    -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_int(s, 0) > 0;
	sqlite3_finalize(s);
	if (!ok)
		return uc_error_set(err, UC_EINVAL,
		    "the file is not an ungcuu SQLite backup");
	return UC_OK;
}

static enum uc_status
sq_restore(struct uc_store *st, const char *path, struct uc_error *err)
{
	sqlite3 *from = NULL;
	enum uc_status rc;

	if (sqlite3_open_v2(path, &from, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		rc = uc_error_set(err, UC_EIO, "cannot open %s: %s", path,
		    sqlite3_errmsg(from));
		sqlite3_close(from);
		return rc;
	}
	rc = check_backup_file(from, err);
	if (rc == UC_OK)
		rc = copy_db(db_of(st), from, err);
	sqlite3_close(from);
	return rc;
}

const struct uc_store_ops uc_store_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.bind_i64 = sq_bind_i64,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_i64 = sq_col_i64,
	.col_text = sq_col_text,
	.col_null = sq_col_null,
	.reset = sq_reset,
	.changes = sq_changes,
	.begin = sq_begin,
	.lock = sq_lock,
	.backup = sq_backup,
	.restore = sq_restore,
	.migrations = uc_migrations_sqlite,
	.nmigrations = &uc_migrations_sqlite_count,
};
