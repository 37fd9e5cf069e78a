/*
 * fixture.h - a real SQLite store holding the sample instance, for the
 * service tests.
 *
 * Hashing the sample users' passwords (Argon2id) takes about a second,
 * so the sample database is built once per test program, before any
 * test runs (a Criterion PRE_ALL hook in the runner process), and each
 * test opens a private copy of it: tests may tamper with their copy.
 * Criterion runs every test in a fresh process, so the path reaches the
 * tests through the environment.
 */
#ifndef UC_TEST_FIXTURE_H
#define UC_TEST_FIXTURE_H

#include "service/ctx.h"

#include <stdint.h>

#define FX_ADMIN_PW "Qu\xe1\xba\xa3n tr\xe1\xbb\x8b vi\xc3\xaan 2026"
#define FX_SAMPLE_PW "m\xe1\xba\xadt kh\xe1\xba\xa9u m\xe1\xba\xabu 2026"

/* The context of the running test: a private copy of the sample store,
 * an arena, and the system actor. */
extern struct uc_ctx fx;

/* TestSuite .init/.fini */
void fx_setup(void);
void fx_teardown(void);

/* Look-ups that must succeed (made as the system actor). */
int64_t fx_unit(const char *code);
int64_t fx_user(const char *login);
/* Run SQL that must succeed. */
void fx_sql(const char *sql);
/* Integer result of a one-row, one-column query. */
int64_t fx_count(const char *sql);
/* Act as the sample user `login`, with the grants the store holds. */
void fx_as(const char *login);
/* Act as the system again. */
void fx_as_system(void);

#endif
