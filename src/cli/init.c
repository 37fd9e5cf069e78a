/*
 * init.c - `ungcuu init`: schema, administrator, sample tree.
 */
#include "cli/cli.h"
#include "core/config.h"
#include "core/mem.h"
#include "domain/password.h"
#include "service/sample.h"
#include "store/store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A 20-character password from an alphabet without look-alikes. */
static char *
generate(void)
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	    "abcdefghijkmnopqrstuvwxyz23456789";
	char *p = uc_xmalloc(21);
	int i;

	for (i = 0; i < 20; i++)
		p[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	p[20] = '\0';
	return p;
}

static char *
password_from(const char *env, int *generated)
{
	const char *v = getenv(env);

	*generated = v == NULL || *v == '\0';
	return *generated ? generate() : uc_xstrdup(v);
}

static int
migrate(struct uc_ctx *ctx)
{
	struct uc_error err = { 0 };
	int applied = 0, done = 0;

	if (uc_store_migrate(ctx->st, &applied, &err) != UC_OK ||
	    uc_sample_initialised(ctx, &done, &err) != UC_OK)
		return uc_cli_fail(&err);
	if (done) {
		fprintf(stderr, "ungcuu: %s is initialised already; nothing "
		    "changed\n", uc_cli_db());
		return 1;
	}
	return 0;
}

static void
announce(const char *admin_pw, int gen_admin, const char *sample_pw,
    int gen_sample, int sample)
{
	printf("ungcuu: initialised %s%s\n", uc_cli_db(), sample ?
	    " with the sample unit tree" : "");
	printf("administrator login: admin\n");
	if (gen_admin)
		printf("administrator password (shown once): %s\n", admin_pw);
	if (sample && gen_sample)
		printf("sample users' password (shown once): %s\n", sample_pw);
	if (sample)
		printf("sample users: dieuphoi bcd kiemtra doiungcuu "
		    "lanhdao.snv vanhanh.snv vanhanh.xa quantri.snv\n");
}

int
cli_init(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	int sample = uc_cli_opt(a, "sample") != NULL, ga, gs, ret;
	const char *root = uc_cli_opt(a, "root-name");
	char *apw = password_from("UNGCUU_ADMIN_PASSWORD", &ga);
	char *spw = password_from("UNGCUU_SAMPLE_PASSWORD", &gs);

	ret = uc_password_check("admin", apw, "UNGCUU_ADMIN_PASSWORD", &err)
	    != UC_OK || uc_password_check(NULL, spw, "UNGCUU_SAMPLE_PASSWORD",
	    &err) != UC_OK ? uc_cli_fail(&err) : 0;
	if (ret == 0 && (ret = uc_cli_open(&ctx, 0)) == 0) {
		ret = migrate(&ctx);
		if (ret == 0 && uc_sample_init(&ctx, sample, root ? root :
		    "Đơn vị chủ quản", apw, spw, &err) != UC_OK)
			ret = uc_cli_fail(&err);
		if (ret == 0)
			announce(apw, ga, spw, gs, sample);
		uc_cli_close(&ctx);
	}
	sodium_memzero(apw, strlen(apw));
	sodium_memzero(spw, strlen(spw));
	uc_free(apw);
	uc_free(spw);
	return ret;
}
