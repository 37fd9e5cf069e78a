/*
 * outbox.c - `ungcuu outbox list|retry`, and the outbox settings of
 * `ungcuu serve` (flags, else environment variables), which start its
 * worker: docs/internals/outbox.md.
 */
#include "cli/cli.h"
#include "core/parse.h"
#include "service/notify.h"
#include "service/outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --name, else the environment variable, else NULL. */
static const char *
setting(const struct cli_args *a, const char *name, const char *env)
{
	const char *v = uc_cli_opt(a, name);

	if (v == NULL)
		v = getenv(env);
	return v != NULL && *v != '\0' ? v : NULL;
}

static int
number(const struct cli_args *a, const char *name, const char *env,
    int64_t min, int64_t max, int64_t *out)
{
	const char *v = setting(a, name, env);

	if (v == NULL)
		return 0;
	if (uc_parse_i64_str(v, min, max, out) != UC_OK) {
		fprintf(stderr, "ungcuu: --%s is a number from %lld to %lld\n",
		    name, (long long)min, (long long)max);
		return -1;
	}
	return 0;
}

static int
numbers(const struct cli_args *a, struct uc_outbox_config *c)
{
	if (number(a, "outbox-backoff-ms", "UNGCUU_OUTBOX_BACKOFF_MS", 10,
	    INT64_C(86400000), &c->backoff_ms) != 0 ||
	    number(a, "outbox-max-attempts", "UNGCUU_OUTBOX_MAX_ATTEMPTS", 1,
	    100, &c->max_attempts) != 0 ||
	    number(a, "outbox-poll-ms", "UNGCUU_OUTBOX_POLL_MS", 10, 60000,
	    &c->poll_ms) != 0 ||
	    number(a, "outbox-lease-ms", "UNGCUU_OUTBOX_LEASE_MS", 1000,
	    INT64_C(86400000), &c->lease_ms) != 0)
		return -1;
	/* a send outliving its lease could be sent twice */
	if (c->timeout_ms > c->lease_ms / 2)
		c->timeout_ms = c->lease_ms / 2;
	return 0;
}

static int
choice(const char *v, const char *yes, const char *no, const char *flag,
    int *out)
{
	if (v == NULL)
		return 0;
	if (strcmp(v, yes) == 0 || strcmp(v, no) == 0) {
		*out = strcmp(v, yes) == 0;
		return 0;
	}
	fprintf(stderr, "ungcuu: --%s is %s or %s\n", flag, yes, no);
	return -1;
}

int
cli_outbox_config(const struct cli_args *a, struct uc_outbox_config *c)
{
	const char *url = setting(a, "smtp-url", "UNGCUU_SMTP_URL");
	const char *from = setting(a, "mail-from", "UNGCUU_MAIL_FROM");

	uc_outbox_defaults(c);
	if (url != NULL && strncmp(url, "smtp://", 7) != 0 &&
	    strncmp(url, "smtps://", 8) != 0) {
		fprintf(stderr, "ungcuu: --smtp-url is smtp://HOST:PORT or "
		    "smtps://HOST:PORT\n");
		return 2;
	}
	if (from != NULL && (strchr(from, '@') == NULL ||
	    strpbrk(from, " <>\r\n") != NULL)) {
		fprintf(stderr, "ungcuu: --mail-from is an address "
		    "(ungcuu@example.gov.vn)\n");
		return 2;
	}
	c->smtp_url = url;
	c->mail_from = from ? from : c->mail_from;
	c->smtp_user = setting(a, "smtp-user", "UNGCUU_SMTP_USER");
	c->smtp_password = setting(a, "smtp-password", "UNGCUU_SMTP_PASSWORD");
	c->ca_file = setting(a, "smtp-ca", "UNGCUU_SMTP_CA");
	if (choice(setting(a, "smtp-tls", "UNGCUU_SMTP_TLS"), "required",
	    "try", "smtp-tls", &c->smtp_tls_required) != 0 ||
	    choice(setting(a, "outbox-worker", "UNGCUU_OUTBOX_WORKER"), "on",
	    "off", "outbox-worker", &c->worker) != 0 || numbers(a, c) != 0)
		return 2;
	uc_notify_set_public_url(setting(a, "public-url",
	    "UNGCUU_PUBLIC_URL"));
	return 0;
}

int
cli_outbox_list(struct cli_args *a)
{
	static const char *const cols[] = { "id", "state", "attempts",
		"channel", "kind", "recipient", "incident", "next_at",
		"last_error", NULL };
	struct uc_outbox_filter f;
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j = NULL;
	char *next = NULL;
	int ret;

	memset(&f, 0, sizeof(f));
	f.state = uc_cli_opt(a, "state");
	f.kind = uc_cli_opt(a, "kind");
	f.limit = 200;
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (uc_outbox_list(&ctx, &f, &j, &next, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else if (uc_cli_opt(a, "json") != NULL) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		printf("\n");
	} else {
		uc_cli_print(j, cols);
	}
	json_decref(j);
	uc_cli_close(&ctx);
	return ret;
}

int
cli_outbox_retry(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j = NULL;
	int64_t id = 0;
	int ret;

	if (a->npos != 1 || uc_parse_i64_str(a->pos[0], 1, INT64_MAX, &id) !=
	    UC_OK) {
		fprintf(stderr, "ungcuu: expected a message id\n");
		return 2;
	}
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (uc_outbox_retry(&ctx, id, &j, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: message %lld is waiting to be sent again\n",
		    (long long)id);
	json_decref(j);
	uc_cli_close(&ctx);
	return ret;
}
