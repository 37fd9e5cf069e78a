/*
 * calendar.c - `ungcuu calendar remind`: enqueue the compliance
 * calendar's reminders now (for cron, or to test with --at), and
 * `ungcuu calendar show UNIT-ID`: a unit's items, and the reminder
 * thread of `serve` (UNGCUU_CALENDAR_REMIND_MS; docs/internals/calendar.md).
 */
#include "cli/cli.h"
#include "core/parse.h"
#include "core/time.h"
#include "service/calendar.h"

#include <stdio.h>
#include <stdlib.h>

#define REMIND_MS_DEFAULT (3600LL * 1000)	/* hourly */
#define REMIND_FIRST_MS (300LL * 1000)	/* 5 minutes after the start */

int
cli_calendar_start(void)
{
	const char *v = getenv("UNGCUU_CALENDAR_REMIND_MS");
	struct uc_error err = { 0 };
	int64_t ms = REMIND_MS_DEFAULT;

	if (v != NULL && *v != '\0' && uc_parse_i64_str(v, 0,
	    INT64_C(604800000), &ms) != UC_OK) {
		fprintf(stderr, "ungcuu: UNGCUU_CALENDAR_REMIND_MS is a number "
		    "from 0 (off) to 604800000\n");
		return 2;
	}
	if (uc_calendar_start(ms, ms < REMIND_FIRST_MS ? ms : REMIND_FIRST_MS,
	    &err) != UC_OK)
		return uc_cli_fail(&err);
	return 0;
}

/* --name as an ISO instant into *ms; 0 when absent, -1 when bad. */
static int
instant(const struct cli_args *a, const char *name, int64_t *ms)
{
	const char *v = uc_cli_opt(a, name);

	if (v == NULL)
		return 0;
	if (uc_time_parse(v, ms) != UC_OK) {
		fprintf(stderr, "ungcuu: --%s is an ISO 8601 instant "
		    "(2026-06-01T00:00:00+07:00)\n", name);
		return -1;
	}
	return 0;
}

int
cli_calendar_remind(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	int64_t at = 0;
	int ret, sent = 0;

	if (a->npos != 0 || instant(a, "at", &at) != 0)
		return 2;
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (at != 0)
		ctx.now = at;
	if (uc_calendar_remind(&ctx, ctx.now, &sent, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: %d reminder(s) enqueued\n", sent);
	uc_cli_close(&ctx);
	return ret;
}

int
cli_calendar_show(struct cli_args *a)
{
	static const char *const cols[] = { "obligation", "system_id",
		"period", "due_at", "status", NULL };
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	int64_t unit = 0, from = 0, to = 0;
	json_t *j = NULL;
	int ret;

	if (a->npos != 1 || uc_parse_i64_str(a->pos[0], 1, INT64_MAX,
	    &unit) != UC_OK) {
		fprintf(stderr, "ungcuu: expected a unit id\n");
		return 2;
	}
	if (instant(a, "from", &from) != 0 || instant(a, "to", &to) != 0)
		return 2;
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (uc_calendar_items(&ctx, unit, from, to, &j, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else if (uc_cli_opt(a, "json") != NULL) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		printf("\n");
	} else {
		uc_cli_print(json_object_get(j, "items"), cols);
	}
	json_decref(j);
	uc_cli_close(&ctx);
	return ret;
}
