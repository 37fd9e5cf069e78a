/*
 * store_pg.c - the PostgreSQL engine (libpq): one connection per thread,
 * session in UTC with ISO dates, server-side prepared statements named
 * s1, s2, ... per connection with text parameters whose types the server
 * infers, READ COMMITTED transactions, advisory locks, and pg_dump /
 * pg_restore for backups.
 *
 * A connection that broke is re-opened at the next use outside a
 * transaction; statements prepared on the old one are prepared again.
 */
#include "store/store_int.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/time.h"

#include <libpq-fe.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define OID_BOOL	16
#define OID_TIMESTAMP	1114
#define OID_TIMESTAMPTZ	1184

#define GONE_MAX	(64 * 1024)	/* pending DEALLOCATE text */
#define FILE_MAX	4096		/* longest tool path */

extern char **environ;

struct pgconn {
	PGconn *pg;
	unsigned long nstmt;	/* statements named so far */
	unsigned long gen;	/* bumped at each reconnection */
	struct uc_buf gone;	/* DEALLOCATEs not yet sent */
};

typedef char isotime[UC_TIME_ISO_LEN + 1];

struct pgstmt {
	char name[24];
	char *sql;		/* with $1..$n */
	int nparams;
	char **params;		/* owned copies; NULL binds SQL NULL */
	PGresult *res;
	int ran;		/* executed since the last reset */
	int row;		/* current row, -1 before the first */
	unsigned long gen;	/* connection generation it was prepared on */
	isotime *times;		/* converted timestamps, one per column */
	int ntimes;
};

static PGconn *
pg_of(struct uc_store *st)
{
	return ((struct pgconn *)st->conn)->pg;
}

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* ---- errors ---- */

static enum uc_status
status_of(const char *sqlstate)
{
	static const char *const conflict[] = {
		"23505",	/* unique_violation */
		"23503",	/* foreign_key_violation */
		"40001",	/* serialization_failure */
		"40P01",	/* deadlock_detected */
	};
	size_t i;

	for (i = 0; sqlstate != NULL &&
	    i < sizeof(conflict) / sizeof(conflict[0]); i++)
		if (strcmp(sqlstate, conflict[i]) == 0)
			return UC_ECONFLICT;
	return UC_EDB;
}

static enum uc_status
set_error(struct uc_error *err, enum uc_status rc, const char *what,
    const char *msg)
{
	char one[256];
	size_t n;

	snprintf(one, sizeof(one), "%s", msg != NULL ? msg : "");
	for (n = 0; one[n] != '\0'; n++)
		if (one[n] == '\n' || one[n] == '\t')
			one[n] = ' ';
	while (n > 0 && one[n - 1] == ' ')
		one[--n] = '\0';
	if (n == 0)
		snprintf(one, sizeof(one), "unknown error");
	return uc_error_set(err, rc, "postgres %s: %s", what, one);
}

static enum uc_status
conn_fail(PGconn *pg, struct uc_error *err, const char *what)
{
	return set_error(err, UC_EDB, what,
	    pg != NULL ? PQerrorMessage(pg) : "out of memory");
}

/* UC_OK when res is a success; else fill err from it. */
static enum uc_status
check(PGresult *res, PGconn *pg, struct uc_error *err, const char *what)
{
	ExecStatusType s = PQresultStatus(res);
	const char *msg;

	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ||
	    s == PGRES_EMPTY_QUERY)
		return UC_OK;
	if (res == NULL)
		return conn_fail(pg, err, what);
	msg = PQresultErrorMessage(res);
	if (*msg == '\0')
		msg = PQerrorMessage(pg);
	return set_error(err,
	    status_of(PQresultErrorField(res, PG_DIAG_SQLSTATE)), what, msg);
}

/* ---- connection ---- */

static enum uc_status
setup_session(PGconn *pg, struct uc_error *err)
{
	PGresult *res;
	enum uc_status rc;

	PQsetNoticeProcessor(pg, quiet, NULL);
	PQsetErrorVerbosity(pg, PQERRORS_TERSE);
	res = PQexec(pg, "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO';"
	    " SET client_encoding = 'UTF8'");
	rc = check(res, pg, err, "session setup");
	PQclear(res);
	return rc;
}

static void
pg_close(struct uc_store *st)
{
	struct pgconn *c = st->conn;

	if (c == NULL)
		return;
	PQfinish(c->pg);
	uc_buf_cleanup(&c->gone);
	uc_free(c);
	st->conn = NULL;
}

static enum uc_status
pg_open(struct uc_store *st, const char *dsn, struct uc_error *err)
{
	struct pgconn *c = uc_xcalloc(1, sizeof(*c));
	enum uc_status rc;

	uc_buf_init(&c->gone, GONE_MAX);
	st->conn = c;
	c->pg = PQconnectdb(dsn);
	if (c->pg == NULL || PQstatus(c->pg) != CONNECTION_OK)
		rc = conn_fail(c->pg, err, "connect");
	else
		rc = setup_session(c->pg, err);
	if (rc != UC_OK)
		pg_close(st);
	return rc;
}

/*
 * Read, without waiting, what the server sent to an idle connection: a
 * server that restarted or ended the session (pg_terminate_backend)
 * sent a FATAL message then closed, which marks the connection bad.
 */
static void
notice_close(PGconn *pg)
{
	struct pollfd pfd;
	int i;

	for (i = 0; i < 4 && PQstatus(pg) == CONNECTION_OK; i++) {
		pfd.fd = PQsocket(pg);
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (pfd.fd < 0 || poll(&pfd, 1, 0) <= 0 ||
		    PQconsumeInput(pg) == 0)
			return;
	}
}

/* Re-open a broken connection, unless a transaction was under way. */
static enum uc_status
revive(struct uc_store *st, struct uc_error *err)
{
	struct pgconn *c = st->conn;

	if (st->in_tx)
		return UC_OK;
	notice_close(c->pg);
	if (PQstatus(c->pg) == CONNECTION_OK)
		return UC_OK;
	PQreset(c->pg);
	if (PQstatus(c->pg) != CONNECTION_OK)
		return conn_fail(c->pg, err, "reconnect");
	c->gen++;
	uc_buf_cleanup(&c->gone);
	return setup_session(c->pg, err);
}

static enum uc_status
pg_exec(struct uc_store *st, const char *sql, struct uc_error *err)
{
	PGconn *pg = pg_of(st);
	PGresult *res;
	enum uc_status rc;

	rc = revive(st, err);
	if (rc != UC_OK)
		return rc;
	res = PQexec(pg, sql);
	rc = check(res, pg, err, "exec");
	/* COMMIT of a failed transaction answers ROLLBACK, not an error */
	if (rc == UC_OK && strcmp(sql, "COMMIT") == 0 &&
	    strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
		rc = uc_error_set(err, UC_EDB, "postgres commit: the "
		    "transaction was rolled back after an earlier error");
	PQclear(res);
	return rc;
}

/* ---- statements ---- */

/* The end of the literal, identifier or comment starting at p, or p. */
static const char *
skip_quoted(const char *p)
{
	const char *end = NULL;

	if (*p == '\'' || *p == '"')
		end = strchr(p + 1, *p);
	else if (p[0] == '-' && p[1] == '-')
		end = strchr(p, '\n');
	else if (p[0] == '/' && p[1] == '*') {
		end = strstr(p + 2, "*/");
		if (end != NULL)
			end++;
	} else
		return p;
	return end != NULL ? end + 1 : p + strlen(p);
}

/* '?' placeholders to $1..$n; *n gets their count. */
static char *
translate(const char *sql, int *n)
{
	const char *p = sql, *q;
	size_t marks = 0, cap;
	char *out, *o;

	for (q = sql; *q != '\0'; q++)
		marks += *q == '?';
	cap = strlen(sql) + marks * 11 + 1;
	out = o = uc_xmalloc(cap);
	*n = 0;
	while (*p != '\0') {
		q = skip_quoted(p);
		if (q != p) {
			memcpy(o, p, (size_t)(q - p));
			o += q - p;
			p = q;
		} else if (*p == '?') {
			o += snprintf(o, cap - (size_t)(o - out), "$%d", ++*n);
			p++;
		} else
			*o++ = *p++;
	}
	*o = '\0';
	return out;
}

static void
free_params(struct pgstmt *s)
{
	int i;

	for (i = 0; i < s->nparams; i++) {
		uc_free(s->params[i]);
		s->params[i] = NULL;
	}
}

static void
free_stmt(struct pgstmt *s)
{
	PQclear(s->res);
	free_params(s);
	uc_free(s->params);
	uc_free(s->sql);
	uc_free(s->times);
	uc_free(s);
}

/* Send the DEALLOCATEs of finalized statements, outside transactions. */
static void
flush_gone(struct pgconn *c)
{
	if (c->gone.len == 0 || PQtransactionStatus(c->pg) != PQTRANS_IDLE)
		return;
	PQclear(PQexec(c->pg, c->gone.data));
	uc_buf_cleanup(&c->gone);
}

static enum uc_status
server_prepare(struct pgconn *c, struct pgstmt *s, struct uc_error *err)
{
	PGresult *res = PQprepare(c->pg, s->name, s->sql, 0, NULL);
	enum uc_status rc = check(res, c->pg, err, "prepare");

	PQclear(res);
	if (rc == UC_OK)
		s->gen = c->gen;
	return rc;
}

static enum uc_status
pg_prepare(struct uc_store *st, const char *sql, void **impl,
    struct uc_error *err)
{
	struct pgconn *c = st->conn;
	struct pgstmt *s;
	enum uc_status rc;

	rc = revive(st, err);
	if (rc != UC_OK)
		return rc;
	flush_gone(c);
	s = uc_xcalloc(1, sizeof(*s));
	s->sql = translate(sql, &s->nparams);
	s->params = uc_xcalloc((size_t)s->nparams + 1, sizeof(char *));
	s->row = -1;
	snprintf(s->name, sizeof(s->name), "s%lu", ++c->nstmt);
	rc = server_prepare(c, s, err);
	if (rc != UC_OK) {
		free_stmt(s);
		return rc;
	}
	*impl = s;
	return UC_OK;
}

static void
pg_finalize(struct uc_store *st, void *impl)
{
	struct pgconn *c = st->conn;
	struct pgstmt *s = impl;

	if (s->gen == c->gen &&
	    uc_buf_appendf(&c->gone, "DEALLOCATE %s;", s->name) != UC_OK) {
		/* too many pending: the server frees it at disconnection */
	}
	free_stmt(s);
}

static void
set_param(void *impl, int idx, char *v)
{
	struct pgstmt *s = impl;

	if (idx < 1 || idx > s->nparams) {
		uc_free(v);
		return;
	}
	uc_free(s->params[idx - 1]);
	s->params[idx - 1] = v;
}

static void
pg_bind_i64(void *impl, int idx, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%" PRId64, v);
	set_param(impl, idx, uc_xstrdup(num));
}

static void
pg_bind_text(void *impl, int idx, const char *s)
{
	set_param(impl, idx, uc_xstrdup(s));
}

static void
pg_bind_null(void *impl, int idx)
{
	set_param(impl, idx, NULL);
}

static enum uc_status
run(struct uc_store *st, struct pgstmt *s, struct uc_error *err)
{
	struct pgconn *c = st->conn;
	enum uc_status rc;
	int n;

	rc = revive(st, err);
	if (rc == UC_OK && s->gen != c->gen)
		rc = server_prepare(c, s, err);
	if (rc != UC_OK)
		return rc;
	s->res = PQexecPrepared(c->pg, s->name, s->nparams,
	    (const char *const *)s->params, NULL, NULL, 0);
	s->ran = 1;
	rc = check(s->res, c->pg, err, "step");
	n = PQnfields(s->res);
	if (rc == UC_OK && n > s->ntimes) {
		s->times = uc_xrealloc(s->times, (size_t)n * sizeof(isotime));
		s->ntimes = n;
	}
	return rc;
}

static enum uc_status
pg_step(struct uc_store *st, void *impl, int *row, struct uc_error *err)
{
	struct pgstmt *s = impl;
	enum uc_status rc;

	*row = 0;
	if (!s->ran) {
		rc = run(st, s, err);
		if (rc != UC_OK)
			return rc;
	}
	if (s->row < PQntuples(s->res))
		s->row++;
	*row = s->row < PQntuples(s->res);
	return UC_OK;
}

static int
has_cell(struct pgstmt *s, int col)
{
	return s->res != NULL && s->row >= 0 && s->row < PQntuples(s->res) &&
	    col >= 0 && col < PQnfields(s->res);
}

static int
pg_col_null(void *impl, int col)
{
	struct pgstmt *s = impl;

	return !has_cell(s, col) || PQgetisnull(s->res, s->row, col);
}

static int64_t
pg_col_i64(void *impl, int col)
{
	struct pgstmt *s = impl;
	const char *v;

	if (pg_col_null(s, col))
		return 0;
	v = PQgetvalue(s->res, s->row, col);
	if (PQftype(s->res, col) == OID_BOOL)
		return *v == 't';
	return strtoll(v, NULL, 10);
}

/* "2026-11-21 07:00:00.123456+00" as "2026-11-21T07:00:00.123Z". */
static const char *
iso_time(struct pgstmt *s, int col, const char *v, int zoned)
{
	char zone[64];
	int64_t ms;

	if (!zoned) {
		snprintf(zone, sizeof(zone), "%s+00", v);
		v = zone;
	}
	if (uc_time_parse(v, &ms) != UC_OK)
		return PQgetvalue(s->res, s->row, col);	/* infinity, BC */
	uc_time_format(ms, s->times[col], sizeof(isotime));
	return s->times[col];
}

static const char *
pg_col_text(void *impl, int col)
{
	struct pgstmt *s = impl;
	const char *v;
	Oid type;

	if (pg_col_null(s, col))
		return NULL;
	v = PQgetvalue(s->res, s->row, col);
	type = PQftype(s->res, col);
	if (type == OID_BOOL)
		return *v == 't' ? "1" : "0";
	if (type == OID_TIMESTAMPTZ || type == OID_TIMESTAMP)
		return iso_time(s, col, v, type == OID_TIMESTAMPTZ);
	return v;
}

static void
pg_reset(void *impl)
{
	struct pgstmt *s = impl;

	PQclear(s->res);
	s->res = NULL;
	s->ran = 0;
	s->row = -1;
	free_params(s);
}

static int64_t
pg_changes(struct uc_store *st, void *impl)
{
	struct pgstmt *s = impl;

	(void)st;
	return s->res != NULL ? strtoll(PQcmdTuples(s->res), NULL, 10) : 0;
}

/* ---- transactions ---- */

static enum uc_status
pg_begin(struct uc_store *st, struct uc_error *err)
{
	return pg_exec(st, "BEGIN ISOLATION LEVEL READ COMMITTED", err);
}

static enum uc_status
pg_lock(struct uc_store *st, const char *name, struct uc_error *err)
{
	PGconn *pg = pg_of(st);
	const char *params[1] = { name };
	PGresult *res;
	enum uc_status rc;

	res = PQexecParams(pg, "SELECT pg_advisory_xact_lock(hashtext($1))",
	    1, NULL, params, NULL, NULL, 0);
	rc = check(res, pg, err, "lock");
	PQclear(res);
	return rc;
}

/* ---- backup and restore with pg_dump / pg_restore ---- */

static char *
find_in_path(const char *prog)
{
	const char *p = getenv("PATH"), *colon;
	char file[FILE_MAX];
	size_t len;

	for (; p != NULL && *p != '\0'; p = colon != NULL ? colon + 1 : "") {
		colon = strchr(p, ':');
		len = colon != NULL ? (size_t)(colon - p) : strlen(p);
		if (len == 0 || len > sizeof(file) - 32)
			continue;
		snprintf(file, sizeof(file), "%.*s/%s", (int)len, p, prog);
		if (access(file, X_OK) == 0)
			return uc_xstrdup(file);
	}
	return NULL;
}

/* Debian's /usr/lib/postgresql/<major>/bin: the highest major. */
static char *
find_in_lib(const char *prog)
{
	DIR *d = opendir("/usr/lib/postgresql");
	struct dirent *e;
	char file[FILE_MAX], *end, *best = NULL;
	long v, bestv = -1;

	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		v = strtol(e->d_name, &end, 10);
		if (end == e->d_name || (*end != '\0' && *end != '.') ||
		    v <= bestv || strlen(e->d_name) > 32)
			continue;
		snprintf(file, sizeof(file), "/usr/lib/postgresql/%s/bin/%s",
		    e->d_name, prog);
		if (access(file, X_OK) != 0)
			continue;
		uc_free(best);
		best = uc_xstrdup(file);
		bestv = v;
	}
	closedir(d);
	return best;
}

static enum uc_status
find_tool(const char *prog, char **out, struct uc_error *err)
{
	*out = find_in_path(prog);
	if (*out == NULL)
		*out = find_in_lib(prog);
	if (*out == NULL)
		return uc_error_set(err, UC_EIO, "%s is not installed: "
		    "install Debian's postgresql-client", prog);
	return UC_OK;
}

static char *
concat(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = uc_xmalloc(na + nb + 1);

	memcpy(s, a, na);
	memcpy(s + na, b, nb + 1);
	return s;
}

static void
append_quoted(struct uc_buf *b, const char *key, const char *val)
{
	enum uc_status rc;

	rc = uc_buf_appendf(b, "%s%s='", b->len > 0 ? " " : "", key);
	for (; rc == UC_OK && *val != '\0'; val++) {
		if (*val == '\'' || *val == '\\')
			rc = uc_buf_append(b, "\\", 1);
		if (rc == UC_OK)
			rc = uc_buf_append(b, val, 1);
	}
	if (rc == UC_OK)
		rc = uc_buf_append(b, "'", 1);
	uc_assert(rc == UC_OK);
}

/*
 * The DSN as key='value' connection string without its password, which
 * goes to *pwenv as PGPASSWORD=... so that ps does not show it.
 */
static enum uc_status
split_dsn(const char *dsn, char **conninfo, char **pwenv,
    struct uc_error *err)
{
	PQconninfoOption *opts = PQconninfoParse(dsn, NULL), *o;
	struct uc_buf b;

	*pwenv = NULL;
	if (opts == NULL)
		return uc_error_set(err, UC_EINVAL,
		    "postgres: cannot parse the database URL");
	uc_buf_init(&b, 64 * 1024);
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL)
			continue;
		if (strcmp(o->keyword, "password") != 0) {
			append_quoted(&b, o->keyword, o->val);
			continue;
		}
		uc_free(*pwenv);
		*pwenv = concat("PGPASSWORD=", o->val);
	}
	PQconninfoFree(opts);
	*conninfo = b.data != NULL ? uc_buf_take(&b) : uc_xstrdup("");
	return UC_OK;
}

/* The environment, with PGPASSWORD replaced by pwenv when given. */
static char **
child_env(char *pwenv)
{
	size_t n = 0, i, k = 0;
	char **env;

	while (environ[n] != NULL)
		n++;
	env = uc_xcalloc(n + 2, sizeof(char *));
	for (i = 0; i < n; i++)
		if (pwenv == NULL || strncmp(environ[i], "PGPASSWORD=", 11))
			env[k++] = environ[i];
	if (pwenv != NULL)
		env[k++] = pwenv;
	env[k] = NULL;
	return env;
}

static enum uc_status
wait_tool(pid_t pid, const char *prog, struct uc_error *err)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return uc_error_set(err, UC_EIO, "waiting for %s: %s",
			    prog, strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return UC_OK;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return uc_error_set(err, UC_EIO, "%s could not be started",
		    prog);
	if (WIFEXITED(status))
		return uc_error_set(err, UC_EIO, "%s failed with exit code %d",
		    prog, WEXITSTATUS(status));
	return uc_error_set(err, UC_EIO, "%s was killed by signal %d", prog,
	    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* Run argv (argv[0] a full path) without a shell and wait for it. */
static enum uc_status
run_tool(char *const argv[], char *pwenv, const char *prog,
    struct uc_error *err)
{
	char **env = child_env(pwenv);
	enum uc_status rc;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		umask(077);	/* a dump holds password hashes and secrets */
		execve(argv[0], argv, env);
		_exit(127);
	}
	if (pid < 0)
		rc = uc_error_set(err, UC_EIO, "cannot run %s: %s", prog,
		    strerror(errno));
	else
		rc = wait_tool(pid, prog, err);
	uc_free(env);
	return rc;
}

/* Run prog with args, then "--dbname=<dsn>", then tail, then NULL. */
static enum uc_status
run_pg_tool(struct uc_store *st, const char *prog, const char *const *args,
    size_t nargs, const char *tail, struct uc_error *err)
{
	char *tool = NULL, *conninfo = NULL, *pwenv = NULL, *argv[16];
	enum uc_status rc;
	size_t i, k = 0;

	uc_assert(nargs < 10);
	rc = find_tool(prog, &tool, err);
	if (rc == UC_OK)
		rc = split_dsn(st->dsn, &conninfo, &pwenv, err);
	if (rc == UC_OK) {
		argv[k++] = uc_xstrdup(tool);
		for (i = 0; i < nargs; i++)
			argv[k++] = uc_xstrdup(args[i]);
		argv[k++] = concat("--dbname=", conninfo);
		if (tail != NULL) {
			argv[k++] = uc_xstrdup("--");
			argv[k++] = uc_xstrdup(tail);
		}
		argv[k] = NULL;
		rc = run_tool(argv, pwenv, prog, err);
	}
	for (i = 0; i < k; i++)
		uc_free(argv[i]);
	uc_free(tool);
	uc_free(conninfo);
	uc_free(pwenv);
	return rc;
}

static enum uc_status
pg_backup(struct uc_store *st, const char *path, struct uc_error *err)
{
	const char *args[3] = { "--format=custom", "--no-owner", NULL };
	char *file;
	enum uc_status rc;

	if (access(path, F_OK) == 0)
		return uc_error_set(err, UC_ECONFLICT,
		    "%s exists already; choose a new file name", path);
	file = concat("--file=", path);
	args[2] = file;
	rc = run_pg_tool(st, "pg_dump", args, 3, NULL, err);
	if (rc != UC_OK && access(path, F_OK) == 0)
		unlink(path);
	uc_free(file);
	return rc;
}

static enum uc_status
pg_restore(struct uc_store *st, const char *path, struct uc_error *err)
{
	static const char *const args[] = {
		"--clean", "--if-exists", "--no-owner", "--single-transaction"
	};

	if (access(path, R_OK) != 0)
		return uc_error_set(err, UC_EIO, "cannot open %s: %s", path,
		    strerror(errno));
	return run_pg_tool(st, "pg_restore", args, 4, path, err);
}

const struct uc_store_ops uc_store_pg_ops = {
	.name = "postgres",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_i64 = pg_bind_i64,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_i64 = pg_col_i64,
	.col_text = pg_col_text,
	.col_null = pg_col_null,
	.reset = pg_reset,
	.changes = pg_changes,
	.begin = pg_begin,
	.lock = pg_lock,
	.backup = pg_backup,
	.restore = pg_restore,
	.migrations = uc_migrations_pg,
	.nmigrations = &uc_migrations_pg_count,
};
