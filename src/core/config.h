/*
 * config.h - the one typed table of settings.
 *
 * Each setting has a name (the --flag), an environment variable, a
 * default and bounds. Loaded once at start-up (defaults, then the
 * environment, then flags) and read-only afterwards.
 */
#ifndef UC_CONFIG_H
#define UC_CONFIG_H

#include "core/status.h"

#include <stdint.h>
#include <stdio.h>

struct uc_config {
	char *db;		/* store URL: sqlite:PATH or postgres://... */
	char *listen;		/* HOST:PORT for serve */
	char *data_dir;		/* evidence and other files */
	char *tls_cert;		/* PEM file, with tls_key enables TLS */
	char *tls_key;
	int64_t threads;	/* HTTP thread pool size, 0 = CPUs */
	int64_t max_body;	/* JSON body cap in bytes */
	int64_t evidence_max;	/* evidence file cap in bytes */
	int64_t max_depth;	/* JSON nesting cap */
	int64_t max_array;	/* JSON array length cap */
	int64_t session_idle;	/* seconds */
	int64_t session_absolute;	/* seconds */
	int64_t auth_cache_ms;	/* credential cache lifetime, 0 = none */
	int64_t lock_account;	/* failures per login before a lock */
	int64_t lock_address;	/* failures per address before a lock */
	int64_t lock_window;	/* seconds over which failures count */
	int64_t lock_seconds;	/* first lock length, doubled after */
	int64_t busy_timeout;	/* SQLite busy timeout, ms */
};

/* The process-wide configuration (defaults until uc_config_load). */
extern struct uc_config uc_cfg;

/* Apply defaults and environment variables. */
enum uc_status uc_config_load_env(struct uc_error *err) UC_WUR;
/* Apply "--name value" or "--name=value"; UC_ENOTFOUND when the flag is
 * not a setting. *consumed tells how many argv entries were used. */
enum uc_status uc_config_flag(int argc, char **argv, int *consumed,
    struct uc_error *err) UC_WUR;
/* Print the settings named in `names` (NULL = all) as --help lines. */
void uc_config_usage(FILE *fp, const char *const *names);

#endif
