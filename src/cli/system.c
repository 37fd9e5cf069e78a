/*
 * system.c - `ungcuu system ...`: the registry of information systems
 * from a terminal (service/system.h).
 *
 * Each command calls the same service function as the API, as the
 * local operator (recorded as cli:<user>) or, with --as LOGIN, as that
 * user with their roles. --json prints the service's JSON.
 */
#include "cli/cli.h"
#include "core/mem.h"
#include "core/parse.h"
#include "domain/netindex.h"
#include "service/access.h"
#include "service/system.h"
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

static void
print_list(const char *label, json_t *a)
{
	json_t *v;
	size_t i;

	if (json_array_size(a) == 0)
		return;
	printf("  %s:", label);
	json_array_foreach(a, i, v)
		printf(" %s", json_string_value(v));
	printf("\n");
}

static void
print_system(json_t *j)
{
	json_t *l = json_object_get(j, "level");
	json_t *d = json_object_get(j, "dossier");

	printf("#%lld  %s\n  %s · cấp độ %lld (tính theo tiêu chí: %lld) · "
	    "hồ sơ: %s%s\n  %s\n", (long long)json_integer_value(
	    json_object_get(j, "id")), str(j, "name"), str(j, "unit_name"),
	    (long long)json_integer_value(json_object_get(l, "in_force")),
	    (long long)json_integer_value(json_object_get(l, "computed")),
	    str(d, "status"), json_is_string(json_object_get(j,
	    "retired_at")) ? " · retired" : "", str(l, "summary_vi"));
	print_list("addresses", json_object_get(j, "addresses"));
	print_list("domains", json_object_get(j, "domains"));
	print_list("missing", json_object_get(d, "missing"));
}

/* One flat line per system, for the table. */
static json_t *
rows_of(json_t *items)
{
	json_t *a = json_array(), *v;
	size_t i;

	json_array_foreach(items, i, v)
		json_array_append_new(a, json_pack("{sO sO sO sO sO}", "id",
		    json_object_get(v, "id"), "unit", json_object_get(v,
		    "unit_code"), "level", json_object_get(json_object_get(v,
		    "level"), "in_force"), "dossier", json_object_get(
		    json_object_get(v, "dossier"), "status"), "name",
		    json_object_get(v, "name")));
	return a;
}

static void
print_matches(json_t *j)
{
	json_t *m = json_object_get(j, "matches"), *v;
	size_t i;

	if (json_array_size(m) == 0)
		printf("%s: no registered system\n", str(json_object_get(j,
		    "query"), "value"));
	json_array_foreach(m, i, v)
		printf("#%lld\t%s\tcấp độ %lld\t%s %s\t%s\n",
		    (long long)json_integer_value(json_object_get(v, "id")),
		    str(v, "unit_code"), (long long)json_integer_value(
		    json_object_get(v, "level")), str(v, "via"),
		    str(v, "matched"), str(v, "name"));
}

/* A command's work: what it makes goes to *out; *print shows it. */
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

/* A JSON body from --file F ("-": standard input), or a new object. */
static enum uc_status
body(struct cli_args *a, json_t **out, struct uc_error *err)
{
	const char *f = uc_cli_opt(a, "file");
	json_error_t je;

	*out = NULL;
	if (f == NULL) {
		*out = json_object();
		return UC_OK;
	}
	*out = strcmp(f, "-") == 0 ? json_loadf(stdin, JSON_REJECT_DUPLICATES,
	    &je) : json_load_file(f, JSON_REJECT_DUPLICATES, &je);
	if (*out == NULL || !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return uc_error_set(err, UC_EINVAL, "%s: line %d: %s", f,
		    je.line, *je.text ? je.text : "not a JSON object");
	}
	return UC_OK;
}

/* Every --flag given, in order, as j[key] (when any). */
static void
set_many(struct cli_args *a, json_t *j, const char *flag, const char *key)
{
	json_t *v = json_array();
	int i;

	for (i = 0; i < a->nopt; i++)
		if (strcmp(a->opt[i], flag) == 0)
			json_array_append_new(v, json_string(a->val[i]));
	if (json_array_size(v) > 0)
		json_object_set_new(j, key, v);
	else
		json_decref(v);
}

static enum uc_status
unit_opt(struct cli_args *a, struct uc_ctx *ctx, int64_t *id,
    struct uc_error *err)
{
	*id = 0;
	if (uc_cli_opt(a, "unit") == NULL)
		return UC_OK;
	return uc_unit_find(ctx, uc_cli_opt(a, "unit"), id, err);
}

static enum uc_status
do_add(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	json_t *j_in = NULL;
	int64_t unit = 0;
	enum uc_status rc = body(a, &j_in, err);

	if (rc == UC_OK)
		rc = unit_opt(a, ctx, &unit, err);
	if (rc == UC_OK) {
		json_object_set_new(j_in, "name", json_string(a->pos[0]));
		if (unit)
			json_object_set_new(j_in, "unit_id",
			    json_integer(unit));
		if (uc_cli_opt(a, "purpose") != NULL)
			json_object_set_new(j_in, "purpose",
			    json_string(uc_cli_opt(a, "purpose")));
		if (uc_cli_opt(a, "critical") != NULL)
			json_object_set_new(j_in, "national_critical",
			    json_true());
		set_many(a, j_in, "address", "addresses");
		set_many(a, j_in, "domain", "domains");
		set_many(a, j_in, "criterion", "criteria");
		rc = uc_system_create(ctx, j_in, out, err);
	}
	json_decref(j_in);
	return rc;
}

int
cli_system_add(struct cli_args *a)
{
	return run(a, 1, do_add, print_system);
}

static enum uc_status
do_list(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	struct uc_system_filter f;
	const char *lv = uc_cli_opt(a, "level");
	int64_t level = 0;
	char *next = NULL;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	f.limit = 1000;
	f.q = uc_cli_opt(a, "search");
	f.retired = uc_cli_opt(a, "retired") != NULL;
	if (lv != NULL && (uc_parse_i64(&lv, 1, 5, &level) != UC_OK ||
	    *lv != '\0'))
		return uc_error_set(err, UC_EINVAL, "--level is 1 to 5");
	f.level = (int)level;
	rc = unit_opt(a, ctx, &f.unit_id, err);
	if (rc == UC_OK)
		rc = uc_system_list(ctx, &f, out, &next, err);
	return rc;
}

static void
print_table(json_t *items)
{
	json_t *rows = rows_of(items);

	uc_cli_print(rows, (const char *const[]){ "id", "unit", "level",
	    "dossier", "name", NULL });
	json_decref(rows);
}

int
cli_system_list(struct cli_args *a)
{
	return run(a, 0, do_list, print_table);
}

static enum uc_status
do_show(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	const char *p = a->pos[0];
	int64_t id = 0;

	if (uc_parse_i64(&p, 1, INT64_MAX, &id) != UC_OK || *p != '\0')
		return uc_error_set(err, UC_EINVAL, "a system is named by its "
		    "number (ungcuu system list)");
	return uc_system_get(ctx, id, out, err);
}

int
cli_system_show(struct cli_args *a)
{
	return run(a, 1, do_show, print_system);
}

/* An address when it parses as one, else a domain. */
static enum uc_status
do_match(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	struct uc_netaddr ip;
	const char *v = a->pos[0];

	return uc_system_match(ctx, uc_netindex_parse(v, &ip) == 0 ? "ip" :
	    "domain", v, out, err);
}

int
cli_system_match(struct cli_args *a)
{
	return run(a, 1, do_match, print_matches);
}
