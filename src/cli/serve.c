/*
 * serve.c - `ungcuu serve`, `migrate` and `version`.
 */
#include "cli/cli.h"
#include "core/config.h"
#include "core/log.h"
#include "http/server.h"
#include "service/auth.h"
#include "service/calendar.h"
#include "service/outbox.h"
#include "store/store.h"

#include <stdio.h>
#include <sys/stat.h>

int
cli_migrate(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	int applied = 0, ret;

	(void)a;
	if ((ret = uc_cli_open(&ctx, 0)) != 0)
		return ret;
	if (uc_store_migrate(ctx.st, &applied, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: %d migration(s) applied; schema version %d\n",
		    applied, uc_store_schema_version(ctx.st));
	uc_cli_close(&ctx);
	return ret;
}

int
cli_serve(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	struct uc_outbox_config outbox;
	int applied = 0, ret;

	if ((ret = cli_outbox_config(a, &outbox)) != 0)
		return ret;
	if ((ret = uc_cli_open(&ctx, 0)) != 0)
		return ret;
	if (uc_store_migrate(ctx.st, &applied, &err) != UC_OK) {
		uc_cli_close(&ctx);
		return uc_cli_fail(&err);
	}
	uc_cli_close(&ctx);
	if (mkdir(uc_cfg.data_dir, 0750) != 0) {
		/* exists already; evidence storage reports its own errors */
	}
	uc_auth_init();
	uc_store_pool_init(uc_cfg.db);
	if (uc_outbox_start(&outbox, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else if ((ret = cli_calendar_start()) != 0)
		;	/* said why */
	else if (uc_server_run(&err) != UC_OK)
		ret = uc_cli_fail(&err);
	uc_calendar_stop();
	uc_outbox_stop();
	uc_store_pool_shutdown();
	return ret;
}

int
cli_version(struct cli_args *a)
{
	(void)a;
	printf("ungcuu %s\n", UC_VERSION);
	return 0;
}
