/*
 * team.c - `ungcuu team ...`, `ungcuu oncall`, `ungcuu drill list`:
 * readiness from a terminal (service/team.h, rota.h, drill.h).
 *
 * Each command calls the same service function as the API, as the
 * local operator (recorded as cli:<user>) or, with --as LOGIN, as that
 * user with their roles. --json prints the service's JSON.
 */
#include "cli/cli.h"
#include "core/mem.h"
#include "core/time.h"
#include "service/access.h"
#include "service/drill.h"
#include "service/rota.h"
#include "service/team.h"
#include "service/unit.h"
#include "service/user.h"

#include <stdio.h>
#include <string.h>
static const char *
str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

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
run(struct cli_args *a, int npos, cmd_fn fn, void (*print)(json_t *))
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_out = NULL;
	enum uc_status rc;
	int ret;

	if ((ret = uc_cli_open_args(a, &ctx, npos)) != 0)
		return ret;
	rc = fn(a, &ctx, &j_out, &err);
	if (rc != UC_OK)
		ret = uc_cli_fail(&err);
	else if (uc_cli_opt(a, "json") != NULL)
		print_json(j_out);
	else
		print(j_out);
	json_decref(j_out);
	uc_cli_close(&ctx);
	return ret;
}

/* ---- team list UNIT ---------------------------------------------- */

static enum uc_status
do_roster(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	int64_t unit = 0;
	enum uc_status rc = uc_unit_find(ctx, a->pos[0], &unit, err);

	return rc == UC_OK ? uc_team_roster(ctx, unit, out, err) : rc;
}

static void
print_roster(json_t *j)
{
	json_t *v;
	size_t i;

	uc_cli_print(json_object_get(j, "items"), (const char *const[]){
	    "id", "team_role", "contact", "full_name", "position", "phone",
	    "email", NULL });
	json_array_foreach(json_object_get(j, "clocks"), i, v)
		if (strcmp(str(v, "state"), "met") != 0)
			printf("! %s: báo cơ quan điều phối quốc gia trước %s"
			    " (%s)\n", str(v, "detail"), str(v, "due_at"),
			    str(v, "state"));
}

int
cli_team_list(struct cli_args *a)
{
	return run(a, 1, do_roster, print_roster);
}

/* ---- oncall [--at ISO] ------------------------------------------- */

static enum uc_status
do_oncall(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	const char *s = uc_cli_opt(a, "at");
	int64_t at = ctx->now;

	if (s != NULL && uc_time_parse(s, &at) != UC_OK)
		return uc_error_field(err, "at", "format", "--at is an ISO "
		    "8601 instant");
	return uc_rota_oncall(ctx, at, out, err);
}

static void
print_slot(const char *label, json_t *s)
{
	printf("  %s %s  %s  %s .. %s\n", label, str(s, "full_name"),
	    str(s, "phone"), str(s, "start"), str(s, "end"));
}

static void
print_oncall(json_t *j)
{
	json_t *u, *s, *nx;
	size_t i, k;

	json_array_foreach(json_object_get(j, "units"), i, u) {
		printf("%s  %s\n", str(u, "unit_code"), str(u, "unit_name"));
		json_array_foreach(json_object_get(u, "on_duty"), k, s)
			print_slot("trực:", s);
		if (json_array_size(json_object_get(u, "on_duty")) == 0)
			printf("  trực: (không có ai)\n");
		if ((nx = json_object_get(u, "next")) != NULL &&
		    json_is_object(nx))
			print_slot("tiếp:", nx);
	}
}

int
cli_oncall(struct cli_args *a)
{
	return run(a, 0, do_oncall, print_oncall);
}

/* ---- drill list [--unit CODE] ------------------------------------ */

static enum uc_status
do_drills(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	int64_t unit = 0;
	enum uc_status rc = UC_OK;

	if (uc_cli_opt(a, "unit") != NULL)
		rc = uc_unit_find(ctx, uc_cli_opt(a, "unit"), &unit, err);
	return rc == UC_OK ? uc_drill_list(ctx, unit, out, err) : rc;
}

static void
print_drills(json_t *j)
{
	uc_cli_print(j, (const char *const[]){ "id", "held_on", "scenario",
	    "title", NULL });
}

int
cli_drill_list(struct cli_args *a)
{
	return run(a, 0, do_drills, print_drills);
}
