/*
 * config.c - see config.h. The table below is the single source of the
 * settings, their environment variables, defaults and bounds.
 */
#include "core/config.h"
#include "core/mem.h"
#include "core/parse.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct uc_config uc_cfg;

enum kind { STR, INT };

struct setting {
	const char *name;	/* flag without the leading -- */
	const char *env;	/* environment variable */
	enum kind kind;
	size_t off;		/* offset in struct uc_config */
	const char *def;	/* default, as text */
	int64_t min, max;	/* bounds for INT */
	const char *help;
};

#define S(f) offsetof(struct uc_config, f)

static const struct setting settings[] = {
	{ "db", "UNGCUU_DB", STR, S(db), "sqlite:./var/ungcuu.db", 0, 0,
	  "database URL: sqlite:PATH or postgres://..." },
	{ "listen", "UNGCUU_LISTEN", STR, S(listen), "127.0.0.1:8080", 0, 0,
	  "address and port to serve on" },
	{ "data-dir", "UNGCUU_DATA_DIR", STR, S(data_dir), "./var", 0, 0,
	  "directory for evidence and other files" },
	{ "tls-cert", "UNGCUU_TLS_CERT", STR, S(tls_cert), "", 0, 0,
	  "PEM certificate; with --tls-key serves HTTPS" },
	{ "tls-key", "UNGCUU_TLS_KEY", STR, S(tls_key), "", 0, 0,
	  "PEM private key" },
	{ "threads", "UNGCUU_THREADS", INT, S(threads), "0", 0, 256,
	  "HTTP worker threads (0: one per CPU)" },
	{ "max-body", "UNGCUU_MAX_BODY", INT, S(max_body), "1048576", 1024,
	  1073741824, "largest JSON request body, bytes" },
	{ "evidence-max", "UNGCUU_EVIDENCE_MAX", INT, S(evidence_max),
	  "2147483648", 1024, (int64_t)1 << 40,
	  "largest evidence file accepted, bytes" },
	{ "max-depth", "UNGCUU_MAX_DEPTH", INT, S(max_depth), "32", 2, 512,
	  "deepest JSON nesting accepted" },
	{ "max-array", "UNGCUU_MAX_ARRAY", INT, S(max_array), "1000", 1,
	  1000000, "longest JSON array accepted" },
	{ "session-idle", "UNGCUU_SESSION_IDLE_SECONDS", INT,
	  S(session_idle), "1800", 1, 86400, "session idle expiry, s" },
	{ "session-absolute", "UNGCUU_SESSION_ABSOLUTE_SECONDS", INT,
	  S(session_absolute), "43200", 1, 604800,
	  "session absolute expiry, s" },
	{ "auth-cache-ms", "UNGCUU_AUTH_CACHE_MS", INT, S(auth_cache_ms),
	  "30000", 0, 600000, "longest reuse of a resolved credential, ms"
	  " (revokes still apply at once; 0: no cache)" },
	{ "lock-account", "UNGCUU_LOCK_ACCOUNT", INT, S(lock_account), "5",
	  1, 1000, "failed logins per account before a lock" },
	{ "lock-address", "UNGCUU_LOCK_ADDRESS", INT, S(lock_address), "20",
	  1, 100000, "failed logins per address before a lock" },
	{ "lock-window", "UNGCUU_LOCK_WINDOW", INT, S(lock_window), "900",
	  1, 86400, "window in which failures count, s" },
	{ "lock-seconds", "UNGCUU_LOCK_SECONDS", INT, S(lock_seconds),
	  "900", 1, 86400, "first lock length, s (doubles, max 24 h)" },
	{ "busy-timeout", "UNGCUU_BUSY_TIMEOUT", INT, S(busy_timeout),
	  "10000", 0, 600000, "SQLite busy timeout, ms" },
};

#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

static enum uc_status
apply(const struct setting *s, const char *val, struct uc_error *err)
{
	char *base = (char *)&uc_cfg;
	int64_t v;

	if (s->kind == STR) {
		char **slot = (char **)(base + s->off);

		uc_free(*slot);
		*slot = uc_xstrdup(val);
		return UC_OK;
	}
	if (uc_parse_i64_str(val, s->min, s->max, &v) != UC_OK)
		return uc_error_set(err, UC_EINVAL,
		    "--%s: '%s' is not a whole number from %lld to %lld",
		    s->name, val, (long long)s->min, (long long)s->max);
	*(int64_t *)(base + s->off) = v;
	return UC_OK;
}

enum uc_status
uc_config_load_env(struct uc_error *err)
{
	size_t i;
	enum uc_status st;

	for (i = 0; i < NSETTINGS; i++) {
		const char *v = getenv(settings[i].env);

		st = apply(&settings[i], settings[i].def, err);
		if (st == UC_OK && v != NULL && *v != '\0')
			st = apply(&settings[i], v, err);
		if (st != UC_OK)
			return st;
	}
	return UC_OK;
}

enum uc_status
uc_config_flag(int argc, char **argv, int *consumed, struct uc_error *err)
{
	const char *arg = argv[0], *eq, *val;
	size_t i, n;

	if (strncmp(arg, "--", 2) != 0)
		return UC_ENOTFOUND;
	arg += 2;
	eq = strchr(arg, '=');
	n = eq ? (size_t)(eq - arg) : strlen(arg);
	for (i = 0; i < NSETTINGS; i++) {
		if (strlen(settings[i].name) != n ||
		    strncmp(settings[i].name, arg, n) != 0)
			continue;
		if (eq != NULL) {
			val = eq + 1;
			*consumed = 1;
		} else if (argc > 1) {
			val = argv[1];
			*consumed = 2;
		} else {
			return uc_error_set(err, UC_EINVAL,
			    "--%s needs a value", settings[i].name);
		}
		return apply(&settings[i], val, err);
	}
	return UC_ENOTFOUND;
}

static int
wanted(const char *name, const char *const *names)
{
	if (names == NULL)
		return 1;
	for (; *names != NULL; names++)
		if (strcmp(*names, name) == 0)
			return 1;
	return 0;
}

void
uc_config_usage(FILE *fp, const char *const *names)
{
	size_t i;

	for (i = 0; i < NSETTINGS; i++) {
		if (!wanted(settings[i].name, names))
			continue;
		fprintf(fp, "  --%-18s %s\n  %-20s (env %s, default '%s')\n",
		    settings[i].name, settings[i].help, "", settings[i].env,
		    settings[i].def);
	}
}
