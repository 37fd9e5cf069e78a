/*
 * playbook.c - `ungcuu playbook list|show|apply`: the response
 * playbooks from a terminal, through the same service functions as the
 * API (service/playbook.h). As the local operator by default; with
 * --as LOGIN as that user, with their roles. --json prints the
 * service's JSON.
 */
#include "cli/cli.h"
#include "core/mem.h"
#include "core/parse.h"
#include "service/access.h"
#include "service/playbook.h"
#include "service/unit.h"
#include "service/user.h"

#include <stdio.h>
#include <string.h>
static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void
print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);

	puts(s ? s : "null");
	uc_free(s);
}

/* A positive integer argument or flag value, else 0 after a message. */
static int64_t
number(const char *s, const char *what)
{
	int64_t v = 0;

	if (s == NULL || uc_parse_i64_str(s, 1, INT64_MAX, &v) != UC_OK) {
		fprintf(stderr, "ungcuu: %s is a positive number\n", what);
		return 0;
	}
	return v;
}

/* Print j (or the error) and close: the end of each command. */
static int
done(struct cli_args *a, struct uc_ctx *ctx, enum uc_status rc, json_t *j,
    void (*print)(json_t *), const struct uc_error *err)
{
	int ret = 0;

	if (rc != UC_OK)
		ret = uc_cli_fail(err);
	else if (uc_cli_opt(a, "json") != NULL)
		print_json(j);
	else
		print(j);
	json_decref(j);
	uc_cli_close(ctx);
	return ret;
}

static void
print_list(json_t *j)
{
	static const char *const cols[] = { "id", "scenario", "unit_code",
		"system_id", "version", "title", NULL };

	uc_cli_print(j, cols);
}

static enum uc_status
list_filter(struct cli_args *a, struct uc_ctx *ctx,
    struct uc_playbook_filter *f, struct uc_error *err)
{
	const char *unit = uc_cli_opt(a, "unit");

	memset(f, 0, sizeof(*f));
	f->limit = 1000;
	f->scenario = uc_cli_opt(a, "scenario");
	f->defaults = uc_cli_opt(a, "default") != NULL;
	if (unit == NULL)
		return UC_OK;
	return uc_unit_find(ctx, unit, &f->unit_id, err);
}

int
cli_playbook_list(struct cli_args *a)
{
	struct uc_playbook_filter f;
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_out = NULL;
	char *next = NULL;
	enum uc_status rc;
	int ret;

	if (a->npos != 0) {
		fprintf(stderr, "ungcuu: playbook list takes no argument\n");
		return 2;
	}
	if ((ret = uc_cli_open_as(a, &ctx)) != 0)
		return ret;
	rc = list_filter(a, &ctx, &f, &err);
	if (rc == UC_OK)
		rc = uc_playbook_list(&ctx, &f, &j_out, &next, &err);
	return done(a, &ctx, rc, j_out, print_list, &err);
}

static void
print_playbook(json_t *j)
{
	json_t *v;
	size_t i;

	printf("%s  %s  [%s] phiên bản %lld/%lld\n", str(j, "scenario"),
	    str(j, "title"), str(j, "unit_code") ? str(j, "unit_code") :
	    "mặc định", (long long)json_integer_value(json_object_get(j,
	    "shown_version")), (long long)json_integer_value(
	    json_object_get(j, "version")));
	json_array_foreach(json_object_get(j, "versions"), i, v)
		printf("  v%lld  %s  %s\n", (long long)json_integer_value(
		    json_object_get(v, "version")), str(v, "created_at"),
		    str(v, "note"));
	printf("\n%s", str(j, "content"));
}

int
cli_playbook_show(struct cli_args *a)
{
	const char *vs = uc_cli_opt(a, "version");
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_out = NULL;
	int64_t id, version = 0;
	enum uc_status rc;
	int ret;

	if (a->npos != 1) {
		fprintf(stderr, "ungcuu: expected a playbook id\n");
		return 2;
	}
	if ((id = number(a->pos[0], "the playbook id")) == 0 ||
	    (vs != NULL && (version = number(vs, "--version")) == 0))
		return 2;
	if ((ret = uc_cli_open_as(a, &ctx)) != 0)
		return ret;
	rc = uc_playbook_get(&ctx, id, version, &j_out, &err);
	return done(a, &ctx, rc, j_out, print_playbook, &err);
}

static void
print_use(json_t *j)
{
	json_t *v;
	size_t i;

	printf("%s v%lld  %s\n", str(j, "scenario"), (long long)
	    json_integer_value(json_object_get(j, "version")), str(j,
	    "title"));
	json_array_foreach(json_object_get(j, "tasks"), i, v)
		printf("  task %lld  %-6s %-10s %s\n", (long long)
		    json_integer_value(json_object_get(v, "task_id")),
		    str(v, "step_code"), str(v, "phase"), str(v, "title"));
	json_array_foreach(json_object_get(j, "checklist"), i, v)
		printf("  [%s] %-6s %s\n", json_is_true(json_object_get(v,
		    "done")) ? "x" : " ", str(v, "step_code"), str(v,
		    "text"));
}

int
cli_playbook_apply(struct cli_args *a)
{
	const char *vs = uc_cli_opt(a, "version");
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_in, *j_out = NULL;
	int64_t id, version = 0;
	enum uc_status rc;
	int ret;

	if (a->npos != 2) {
		fprintf(stderr, "ungcuu: expected SC-YYYY-NNNN and a playbook "
		    "id\n");
		return 2;
	}
	if ((id = number(a->pos[1], "the playbook id")) == 0 ||
	    (vs != NULL && (version = number(vs, "--version")) == 0))
		return 2;
	if ((ret = uc_cli_open_as(a, &ctx)) != 0)
		return ret;
	j_in = json_pack("{sI}", "playbook_id", (json_int_t)id);
	if (version != 0)
		json_object_set_new(j_in, "version", json_integer(version));
	rc = uc_playbook_apply(&ctx, a->pos[0], j_in, &j_out, &err);
	json_decref(j_in);
	return done(a, &ctx, rc, j_out, print_use, &err);
}
