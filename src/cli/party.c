/*
 * party.c - `ungcuu party list|bind` and `ungcuu rulepack list|use`:
 * which rule pack the instance runs and which units stand for its
 * parties.
 */
#include "cli/cli.h"
#include "domain/rulepack.h"
#include "service/party.h"

#include <stdio.h>

int
cli_party_list(struct cli_args *a)
{
	static const char *const cols[] = { "party", "unit_code",
		"label_vi", NULL };
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j = NULL;
	int ret;

	(void)a;
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (uc_party_list(&ctx, &j, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		uc_cli_print(j, cols);
	json_decref(j);
	uc_cli_close(&ctx);
	return ret;
}

int
cli_party_bind(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	int ret;

	if (a->npos < 1 || a->npos > 2) {
		fprintf(stderr, "ungcuu: expected PARTY [UNIT-CODE]\n");
		return 2;
	}
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (uc_party_bind(&ctx, a->pos[0], a->npos == 2 ? a->pos[1] : NULL,
	    &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: %s %s %s\n", a->pos[0], a->npos == 2 ?
		    "bound to" : "unbound", a->npos == 2 ? a->pos[1] : "");
	uc_cli_close(&ctx);
	return ret;
}

int
cli_rulepack_list(struct cli_args *a)
{
	(void)a;
	for (size_t i = 0; i < uc_rulepack_count(); i++)
		printf("%s\t%s\n", uc_rulepack_at(i)->id,
		    uc_rulepack_at(i)->vi);
	return 0;
}

int
cli_rulepack_use(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	int ret;

	if (a->npos != 1) {
		fprintf(stderr, "ungcuu: expected a rule pack id\n");
		return 2;
	}
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (uc_party_use_pack(&ctx, a->pos[0], &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: new incidents follow rule pack %s\n",
		    a->pos[0]);
	uc_cli_close(&ctx);
	return ret;
}
