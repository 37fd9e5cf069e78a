/*
 * fixture.c - see fixture.h.
 */
#include "fixture.h"

#include "core/arena.h"
#include "core/config.h"
#include "core/mem.h"
#include "service/access.h"
#include "service/sample.h"
#include "service/unit.h"
#include "service/user.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <liboath/oath.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FX_ENV "UC_TEST_SAMPLE_DB"
#define FX_NOW 1795244400000	/* 2026-11-21T07:00:00.000Z */

struct uc_ctx fx;
static char fx_dir[256];	/* the runner's scratch directory */
static char fx_path[300];	/* this test's copy */

static int
libs_init(void)
{
	struct uc_error err = { 0 };

	if (sodium_init() < 0 || oath_init() != OATH_OK)
		return -1;
	return uc_config_load_env(&err) == UC_OK ? 0 : -1;
}

static void
remove_db(const char *path)
{
	char side[320];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-journal", path);
	unlink(side);
}

/* Build the sample database at path; 0 on success. */
static int
build_sample(const char *path)
{
	struct uc_error err = { 0 };
	struct uc_ctx ctx;
	char url[320];
	int applied = 0;
	enum uc_status rc;

	memset(&ctx, 0, sizeof(ctx));
	snprintf(url, sizeof(url), "sqlite:%s", path);
	rc = uc_store_open(url, &ctx.st, &err);
	if (rc == UC_OK)
		rc = uc_store_migrate(ctx.st, &applied, &err);
	if (rc == UC_OK) {
		ctx.arena = uc_arena_new();
		ctx.now = FX_NOW;
		ctx.source = "test";
		uc_access_system(&ctx, "cli:test");
		rc = uc_sample_init(&ctx, 1, NULL, FX_ADMIN_PW, FX_SAMPLE_PW,
		    &err);
	}
	if (rc != UC_OK)
		fprintf(stderr, "fixture: building the sample failed: %s "
		    "(%s %s)\n", err.message, err.nfields ?
		    err.fields[0].field : "", err.nfields ?
		    err.fields[0].message : "");
	uc_store_free(ctx.st);
	uc_arena_free(ctx.arena);
	return rc == UC_OK ? 0 : -1;
}

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	const char *tmp = getenv("TMPDIR");
	char path[300];

	(void)set;
	if (libs_init() != 0)
		return;
	snprintf(fx_dir, sizeof(fx_dir), "%s/ungcuu-unit-XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(fx_dir) == NULL) {
		perror("fixture: mkdtemp");
		fx_dir[0] = '\0';
		return;
	}
	snprintf(path, sizeof(path), "%s/sample.db", fx_dir);
	if (build_sample(path) == 0)
		setenv(FX_ENV, path, 1);
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
	char path[300];

	(void)stats;
	if (fx_dir[0] == '\0')
		return;
	snprintf(path, sizeof(path), "%s/sample.db", fx_dir);
	remove_db(path);
	rmdir(fx_dir);
}

static void
copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out;
	char chunk[65536];
	size_t n;

	cr_assert_not_null(in, "open %s", from);
	out = fopen(to, "wb");
	cr_assert_not_null(out, "create %s", to);
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		cr_assert_eq(fwrite(chunk, 1, n, out), n, "write %s", to);
	cr_assert_eq(ferror(in), 0);
	fclose(in);
	cr_assert_eq(fclose(out), 0);
}

void
fx_setup(void)
{
	const char *master = getenv(FX_ENV);
	struct uc_error err = { 0 };
	char url[320];

	cr_assert_eq(libs_init(), 0, "sodium_init/oath_init failed");
	cr_assert_not_null(master, "the sample database was not built "
	    "(see the messages before the first test)");
	snprintf(fx_path, sizeof(fx_path), "%s.%ld", master, (long)getpid());
	copy_file(master, fx_path);
	memset(&fx, 0, sizeof(fx));
	snprintf(url, sizeof(url), "sqlite:%s", fx_path);
	cr_assert_eq(uc_store_open(url, &fx.st, &err), UC_OK, "%s",
	    err.message);
	fx.arena = uc_arena_new();
	fx.now = FX_NOW + 60000;
	fx.source = "test";
	uc_access_system(&fx, "cli:test");
}

void
fx_teardown(void)
{
	uc_store_free(fx.st);
	uc_arena_free(fx.arena);
	memset(&fx, 0, sizeof(fx));
	if (fx_path[0] != '\0')
		remove_db(fx_path);
	fx_path[0] = '\0';
}

int64_t
fx_unit(const char *code)
{
	struct uc_error err = { 0 };
	struct uc_actor saved = fx.actor;
	int64_t id = 0;

	uc_access_system(&fx, "cli:test");
	cr_assert_eq(uc_unit_find(&fx, code, &id, &err), UC_OK, "unit %s: %s",
	    code, err.message);
	fx.actor = saved;
	return id;
}

int64_t
fx_user(const char *login)
{
	struct uc_error err = { 0 };
	struct uc_actor saved = fx.actor;
	int64_t id = 0;

	uc_access_system(&fx, "cli:test");
	cr_assert_eq(uc_user_find(&fx, login, &id, &err), UC_OK,
	    "user %s: %s", login, err.message);
	fx.actor = saved;
	return id;
}

void
fx_sql(const char *sql)
{
	struct uc_error err = { 0 };

	cr_assert_eq(uc_store_exec(fx.st, sql, &err), UC_OK, "%s: %s", sql,
	    err.message);
}

int64_t
fx_count(const char *sql)
{
	struct uc_error err = { 0 };
	struct uc_stmt *s = NULL;
	int row = 0;
	int64_t v;

	cr_assert_eq(uc_store_query(fx.st, &s, &err, sql, ""), UC_OK,
	    "%s: %s", sql, err.message);
	cr_assert_eq(uc_stmt_step(s, &row, &err), UC_OK, "%s", err.message);
	cr_assert(row, "%s: no row", sql);
	v = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	return v;
}

void
fx_as(const char *login)
{
	struct uc_error err = { 0 };
	int64_t id = fx_user(login);

	memset(&fx.actor, 0, sizeof(fx.actor));
	fx.actor.user_id = id;
	fx.actor.login = login;
	cr_assert_eq(uc_access_load(&fx, &err), UC_OK, "grants of %s: %s",
	    login, err.message);
}

void
fx_as_system(void)
{
	uc_access_system(&fx, "cli:test");
}
