/*
 * readiness.c - `ungcuu training list`, `ungcuu resource list`: the
 * unit's training sessions and its equipment, tools and licences from
 * a terminal (service/training.h, service/resource.h).
 *
 * Each command calls the same service function as the API, as the
 * local operator or, with --as LOGIN, as that user with their roles.
 * --json prints the service's JSON.
 */
#include "cli/cli.h"
#include "core/mem.h"
#include "core/parse.h"
#include "service/resource.h"
#include "service/training.h"
#include "service/unit.h"

#include <stdio.h>
#include <string.h>

#define CLI_ROWS 1000	/* one page, the most a terminal wants */

static void
print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);

	puts(s ? s : "null");
	uc_free(s);
}

typedef enum uc_status (*cmd_fn)(struct cli_args *a, struct uc_ctx *ctx,
    json_t **out, struct uc_error *err);

static int
run(struct cli_args *a, cmd_fn fn, const char *const *cols)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_out = NULL;
	enum uc_status rc;
	int ret;

	if ((ret = uc_cli_open_args(a, &ctx, 0)) != 0)
		return ret;
	rc = fn(a, &ctx, &j_out, &err);
	if (rc != UC_OK)
		ret = uc_cli_fail(&err);
	else if (uc_cli_opt(a, "json") != NULL)
		print_json(j_out);
	else
		uc_cli_print(j_out, cols);
	json_decref(j_out);
	uc_cli_close(&ctx);
	return ret;
}

/* --unit: a unit's id, or its code. */
static enum uc_status
unit_opt(struct cli_args *a, struct uc_ctx *ctx, int64_t *unit,
    struct uc_error *err)
{
	const char *u = uc_cli_opt(a, "unit");

	*unit = 0;
	if (u == NULL || uc_parse_i64_str(u, 1, INT64_MAX, unit) == UC_OK)
		return UC_OK;
	return uc_unit_find(ctx, u, unit, err);
}

/* ---- training list [--unit ID|CODE] ------------------------------ */

static enum uc_status
do_trainings(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	struct uc_training_filter f;
	char *next = NULL;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	f.limit = CLI_ROWS;
	rc = unit_opt(a, ctx, &f.unit_id, err);
	return rc == UC_OK ? uc_training_list(ctx, &f, out, &next, err) : rc;
}

int
cli_training_list(struct cli_args *a)
{
	return run(a, do_trainings, (const char *const[]){ "id", "held_on",
	    "kind", "attendee_count", "unit_name", "topic", NULL });
}

/* ---- resource list [--unit ID|CODE] [--expiring DAYS] ------------ */

static enum uc_status
do_resources(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	struct uc_resource_filter f;
	const char *e = uc_cli_opt(a, "expiring");
	char *next = NULL;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	f.limit = CLI_ROWS;
	f.expiring = -1;
	if (e != NULL && uc_parse_i64_str(e, 0, UC_RESOURCE_MAX_EXPIRING,
	    &f.expiring) != UC_OK)
		return uc_error_set(err, UC_EINVAL, "--expiring is a number "
		    "of days from 0 to %d", UC_RESOURCE_MAX_EXPIRING);
	rc = unit_opt(a, ctx, &f.unit_id, err);
	return rc == UC_OK ? uc_resource_list(ctx, &f, out, &next, err) : rc;
}

int
cli_resource_list(struct cli_args *a)
{
	return run(a, do_resources, (const char *const[]){ "id", "kind",
	    "expires_on", "days_left", "expiry", "unit_name", "name", NULL });
}
