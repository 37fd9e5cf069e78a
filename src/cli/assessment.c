/*
 * assessment.c - `ungcuu assessment list`: the security assessments
 * (kiểm tra, đánh giá an toàn thông tin) of the units in scope from a
 * terminal (service/assessment.h), as the local operator or, with --as
 * LOGIN, as that user with their roles. --json prints the service's
 * JSON.
 */
#include "cli/cli.h"
#include "core/mem.h"
#include "core/parse.h"
#include "service/assessment.h"
#include "service/unit.h"

#include <stdio.h>
#include <string.h>

#define CLI_ROWS 1000	/* one page, the most a terminal wants */

int
cli_assessment_list(struct cli_args *a)
{
	static const char *const cols[] = { "id", "held_on", "kind",
		"obligation", "unit_name", "system_name", "title", NULL };
	struct uc_assessment_filter f;
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	const char *u = uc_cli_opt(a, "unit");
	json_t *j_out = NULL;
	char *next = NULL, *s;
	enum uc_status rc = UC_OK;
	int ret;

	memset(&f, 0, sizeof(f));
	f.limit = CLI_ROWS;
	if ((ret = uc_cli_open_args(a, &ctx, 0)) != 0)
		return ret;
	if (u != NULL && uc_parse_i64_str(u, 1, INT64_MAX, &f.unit_id) !=
	    UC_OK)
		rc = uc_unit_find(&ctx, u, &f.unit_id, &err);
	if (rc == UC_OK)
		rc = uc_assessment_list(&ctx, &f, &j_out, &next, &err);
	if (rc != UC_OK) {
		ret = uc_cli_fail(&err);
	} else if (uc_cli_opt(a, "json") != NULL) {
		s = json_dumps(j_out, JSON_INDENT(2) | JSON_SORT_KEYS);
		puts(s ? s : "null");
		uc_free(s);
	} else {
		uc_cli_print(j_out, cols);
	}
	json_decref(j_out);
	uc_cli_close(&ctx);
	return ret;
}
