/*
 * stats.c - `ungcuu stats ...`: the register's statistics and the
 * Mẫu 05 summary from a terminal (service/stats.h), with the
 * conventions of cli/report.c: the local operator by default (every
 * unit), --as LOGIN to count as a user sees it. Days are dd/mm/yyyy
 * (or yyyy-mm-dd); --to is the day after the last, as in the API.
 *
 *   ungcuu stats --unit SNV --from 01/01/2026 --to 01/07/2026 \
 *       --format xlsx -o thong-ke.xlsx
 *   ungcuu stats --from 01/01/2026 --to 01/07/2026 --format csv \
 *       --table by_type
 *   ungcuu stats summary05 --unit HY --from 01/01/2026 \
 *       --to 01/07/2026 --format pdf -o mau05.pdf
 */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/mem.h"
#include "service/access.h"
#include "service/stats.h"
#include "service/unit.h"
#include "service/user.h"

#include <stdio.h>
#include <string.h>

/* -o FILE (a positional pair) or --output FILE; NULL when neither. */
static const char *
output(const struct cli_args *a)
{
	for (int i = 0; i + 1 < a->npos; i++)
		if (strcmp(a->pos[i], "-o") == 0)
			return a->pos[i + 1];
	return uc_cli_opt(a, "output");
}

static int
stray(const struct cli_args *a)
{
	int n = a->npos - (output(a) != NULL && uc_cli_opt(a, "output") ==
	    NULL ? 2 : 0);

	if (n == 0)
		return 0;
	fprintf(stderr, "ungcuu stats: unexpected argument '%s' (see "
	    "--help)\n", a->pos[0]);
	return 2;
}

/* Become --as LOGIN when given (as cli/report.c). */
static int
open_as(struct cli_args *a, struct uc_ctx *ctx)
{
	int ret;

	if ((ret = stray(a)) != 0)
		return ret;
	return uc_cli_open_as(a, ctx);
}

static enum uc_status
query(struct cli_args *a, struct uc_ctx *ctx, struct uc_stats_query *q,
    struct uc_error *err)
{
	const char *code = uc_cli_opt(a, "unit");

	memset(q, 0, sizeof(*q));
	q->from = uc_cli_opt(a, "from");
	q->to = uc_cli_opt(a, "to");
	if (code == NULL)
		return UC_OK;
	return uc_unit_find(ctx, code, &q->unit_id, err);
}

static enum uc_status
write_file(const char *path, const struct uc_buf *b, struct uc_error *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	int ok;

	if (f == NULL)
		return uc_error_set(err, UC_EIO, "%s: cannot write", path);
	ok = fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
	if (f != stdout)
		ok &= fclose(f) == 0;
	else
		ok &= fflush(f) == 0;
	return ok ? UC_OK : uc_error_set(err, UC_EIO, "%s: write failed",
	    path);
}

/* Text formats go to the terminal unless -o says otherwise; files to
 * -o or the name the service gives, which is then printed. */
static int
finish(struct cli_args *a, struct uc_ctx *ctx, enum uc_status rc,
    struct uc_stats_file *f, const char *format, struct uc_error *err)
{
	const char *path = output(a);
	int text = strcmp(format, "json") == 0 || strcmp(format, "csv") == 0;
	int ret;

	if (path == NULL)
		path = text ? "-" : f->filename;
	if (rc == UC_OK)
		rc = write_file(path, &f->body, err);
	if (rc == UC_OK && text && strcmp(path, "-") == 0)
		putchar('\n');
	else if (rc == UC_OK && strcmp(path, "-") != 0)
		printf("%s\n", path);
	uc_buf_cleanup(&f->body);
	ret = rc == UC_OK ? 0 : uc_cli_fail(err);
	uc_cli_close(ctx);
	return ret;
}

int
cli_stats(struct cli_args *a)
{
	struct uc_stats_query q;
	struct uc_stats_file f;
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	const char *fmt = uc_cli_opt(a, "format");
	enum uc_status rc;
	int ret;

	memset(&f, 0, sizeof(f));
	if ((ret = open_as(a, &ctx)) != 0)
		return ret;
	fmt = fmt ? fmt : "json";
	rc = query(a, &ctx, &q, &err);
	if (rc == UC_OK)
		rc = uc_stats_export(&ctx, &q, fmt, uc_cli_opt(a, "table"), &f,
		    &err);
	return finish(a, &ctx, rc, &f, fmt, &err);
}

int
cli_stats_summary(struct cli_args *a)
{
	struct uc_stats_query q;
	struct uc_stats_file f;
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	const char *fmt = uc_cli_opt(a, "format");
	enum uc_status rc;
	int ret;

	memset(&f, 0, sizeof(f));
	if ((ret = open_as(a, &ctx)) != 0)
		return ret;
	fmt = fmt ? fmt : "pdf";
	rc = query(a, &ctx, &q, &err);
	if (rc == UC_OK)
		rc = uc_stats_summary_render(&ctx, &q, fmt, &f, &err);
	return finish(a, &ctx, rc, &f, fmt, &err);
}
