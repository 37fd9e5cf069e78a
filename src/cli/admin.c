/*
 * admin.c - `ungcuu unit ...`, `audit verify`, `backup`, `restore`.
 */
#include "cli/cli.h"
#include "core/config.h"
#include "service/audit.h"
#include "service/unit.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>

static int
open_unit(struct cli_args *a, struct uc_ctx *ctx, int64_t *parent)
{
	const char *p = uc_cli_opt(a, "parent");
	struct uc_error err = { 0 };
	int ret;

	if (a->npos != 1 || p == NULL) {
		fprintf(stderr, "ungcuu: expected CODE --parent CODE (see "
		    "--help)\n");
		return 2;
	}
	if ((ret = uc_cli_open(ctx, 1)) != 0)
		return ret;
	if (uc_unit_find(ctx, p, parent, &err) != UC_OK) {
		uc_cli_close(ctx);
		return uc_cli_fail(&err);
	}
	return 0;
}

int
cli_unit_add(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_in, *j_out = NULL;
	int64_t parent = 0;
	int ret;

	if ((ret = open_unit(a, &ctx, &parent)) != 0)
		return ret;
	j_in = json_pack("{sI ss ss}", "parent_id", (json_int_t)parent,
	    "code", a->pos[0], "name", uc_cli_opt(a, "name") ?
	    uc_cli_opt(a, "name") : "");
	if (uc_cli_opt(a, "kind"))
		json_object_set_new(j_in, "kind",
		    json_string(uc_cli_opt(a, "kind")));
	if (uc_cli_opt(a, "symbol"))
		json_object_set_new(j_in, "symbol",
		    json_string(uc_cli_opt(a, "symbol")));
	if (uc_unit_create(&ctx, j_in, &j_out, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: unit %s created (id %lld)\n", a->pos[0],
		    (long long)json_integer_value(json_object_get(j_out,
		    "id")));
	json_decref(j_in);
	json_decref(j_out);
	uc_cli_close(&ctx);
	return ret;
}

int
cli_unit_list(struct cli_args *a)
{
	static const char *const cols[] = { "id", "parent_id", "code",
		"symbol", "kind", "name", NULL };
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_items = NULL;
	char *next = NULL;
	int ret;

	(void)a;
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (uc_unit_list(&ctx, NULL, 1000000, &j_items, &next, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		uc_cli_print(j_items, cols);
	json_decref(j_items);
	uc_cli_close(&ctx);
	return ret;
}

int
cli_unit_move(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_u = NULL, *j_out = NULL;
	int64_t parent = 0, id = 0;
	int ret;

	if ((ret = open_unit(a, &ctx, &parent)) != 0)
		return ret;
	if (uc_unit_find(&ctx, a->pos[0], &id, &err) != UC_OK ||
	    uc_unit_get(&ctx, id, &j_u, &err) != UC_OK ||
	    uc_unit_move(&ctx, id, json_integer_value(json_object_get(j_u,
	    "version")), parent, &j_out, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: unit %s moved under %s\n", a->pos[0],
		    uc_cli_opt(a, "parent"));
	json_decref(j_u);
	json_decref(j_out);
	uc_cli_close(&ctx);
	return ret;
}

int
cli_audit_verify(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	struct uc_audit_verify res;
	int ret;

	(void)a;
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (uc_audit_verify(&ctx, &res, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else if (res.ok)
		printf("ungcuu: audit log intact: %" PRId64 " entries\n",
		    res.entries);
	else
		ret = fprintf(stderr, "ungcuu: audit log BROKEN at entry %"
		    PRId64 ": %s\n", res.first_bad_id, res.reason) > 0;
	uc_cli_close(&ctx);
	return ret;
}

int
cli_backup(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	int ret;

	if (a->npos != 1) {
		fprintf(stderr, "ungcuu: expected FILE\n");
		return 2;
	}
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (uc_store_backup(ctx.st, a->pos[0], &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: backup of %s written to %s\n", uc_cli_db(),
		    a->pos[0]);
	uc_cli_close(&ctx);
	return ret;
}

int
cli_restore(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	int ret;

	if (a->npos != 1) {
		fprintf(stderr, "ungcuu: expected FILE\n");
		return 2;
	}
	if ((ret = uc_cli_open(&ctx, 0)) != 0)
		return ret;
	if (uc_store_restore(ctx.st, a->pos[0], &err) != UC_OK ||
	    uc_store_check_schema(ctx.st, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: %s restored from %s\n", uc_cli_db(), a->pos[0]);
	uc_cli_close(&ctx);
	return ret;
}
