/*
 * account.c - `ungcuu user ...` and `ungcuu token ...`.
 */
#include "cli/cli.h"
#include "core/mem.h"
#include "core/parse.h"
#include "service/token.h"
#include "service/unit.h"
#include "service/user.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* "role@CODE" -> {"role": role, "unit_id": id}. */
static int
grant_of(struct uc_ctx *ctx, const char *spec, json_t **out)
{
	struct uc_error err = { 0 };
	const char *at = strchr(spec, '@');
	char role[32];
	int64_t id = 0;

	if (at == NULL || (size_t)(at - spec) >= sizeof(role)) {
		fprintf(stderr, "ungcuu: '%s': expected ROLE@UNITCODE\n", spec);
		return 1;
	}
	memcpy(role, spec, (size_t)(at - spec));
	role[at - spec] = '\0';
	if (uc_unit_find(ctx, at + 1, &id, &err) != UC_OK)
		return uc_cli_fail(&err);
	*out = json_pack("{ss sI}", "role", role, "unit_id", (json_int_t)id);
	return 0;
}

static int
roles_of(struct uc_ctx *ctx, struct cli_args *a, json_t *j_roles)
{
	json_t *j_g = NULL;
	int i;

	for (i = 0; i < a->nopt; i++) {
		if (strcmp(a->opt[i], "role") != 0)
			continue;
		if (grant_of(ctx, a->val[i], &j_g) != 0)
			return 1;
		json_array_append_new(j_roles, j_g);
	}
	return 0;
}

static int
need(struct cli_args *a, int npos, const char *what)
{
	if (a->npos == npos)
		return 0;
	fprintf(stderr, "ungcuu: expected %s (see --help)\n", what);
	return 2;
}

static json_t *
new_user(struct cli_args *a, int64_t unit, char *pw)
{
	return json_pack("{ss ss ss ss sI ss s[]}", "login", a->pos[0],
	    "full_name", uc_cli_opt(a, "name") ? uc_cli_opt(a, "name") : "",
	    "email", uc_cli_opt(a, "email") ? uc_cli_opt(a, "email") : "",
	    "phone", uc_cli_opt(a, "phone") ? uc_cli_opt(a, "phone") : "",
	    "unit_id", (json_int_t)unit, "password", pw, "roles");
}

int
cli_user_add(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_u = NULL, *j_out = NULL;
	char *pw = NULL;
	int64_t unit = 0;
	int ret;

	if ((ret = need(a, 1, "LOGIN")) || (ret = uc_cli_open(&ctx, 1)))
		return ret;
	if (uc_unit_find(&ctx, uc_cli_opt(a, "unit") ? uc_cli_opt(a, "unit")
	    : "", &unit, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else if ((pw = uc_cli_password("UNGCUU_PASSWORD", "Password: ")) ==
	    NULL)
		ret = fprintf(stderr, "ungcuu: set UNGCUU_PASSWORD or run on a"
		    " terminal\n") > 0;
	if (ret == 0) {
		j_u = new_user(a, unit, pw);
		ret = roles_of(&ctx, a, json_object_get(j_u, "roles"));
	}
	if (ret == 0 && uc_user_create(&ctx, j_u, &j_out, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	if (ret == 0)
		printf("ungcuu: user %s created (id %lld)\n", a->pos[0],
		    (long long)json_integer_value(json_object_get(j_out,
		    "id")));
	if (pw != NULL)
		sodium_memzero(pw, strlen(pw));
	uc_free(pw);
	json_decref(j_u);
	json_decref(j_out);
	uc_cli_close(&ctx);
	return ret;
}

int
cli_user_list(struct cli_args *a)
{
	static const char *const cols[] = { "id", "login", "full_name",
		"unit_id", "disabled", "roles", NULL };
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_items = NULL;
	int64_t next = 0;
	int ret;

	(void)a;
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (uc_user_list(&ctx, 0, 1000000, &j_items, &next, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		uc_cli_print(j_items, cols);
	json_decref(j_items);
	uc_cli_close(&ctx);
	return ret;
}

/* Open, and find the user named by the first argument. */
static int
open_user(struct cli_args *a, struct uc_ctx *ctx, int64_t *id)
{
	struct uc_error err = { 0 };
	int ret;

	if ((ret = need(a, 1, "LOGIN")) || (ret = uc_cli_open(ctx, 1)))
		return ret;
	if (uc_user_find(ctx, a->pos[0], id, &err) != UC_OK) {
		uc_cli_close(ctx);
		return uc_cli_fail(&err);
	}
	return 0;
}

int
cli_user_passwd(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	int64_t id = 0;
	char *pw;
	int ret;

	if ((ret = open_user(a, &ctx, &id)) != 0)
		return ret;
	pw = uc_cli_password("UNGCUU_PASSWORD", "New password: ");
	if (pw == NULL)
		ret = fprintf(stderr, "ungcuu: set UNGCUU_PASSWORD or run on a"
		    " terminal\n") > 0;
	else if (uc_user_set_password(&ctx, id, pw, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: password of %s changed; their sessions "
		    "ended\n", a->pos[0]);
	if (pw != NULL)
		sodium_memzero(pw, strlen(pw));
	uc_free(pw);
	uc_cli_close(&ctx);
	return ret;
}

int
cli_user_disable(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_u = NULL;
	int64_t id = 0;
	int ret;

	if ((ret = open_user(a, &ctx, &id)) != 0)
		return ret;
	if (uc_user_disable(&ctx, id, &j_u, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: %s disabled\n", a->pos[0]);
	json_decref(j_u);
	uc_cli_close(&ctx);
	return ret;
}

/* Current grants, with `g` added or removed. */
static json_t *
edited_roles(json_t *j_user, json_t *g, int grant)
{
	json_t *j_roles = json_array(), *j_r;
	size_t i;

	json_array_foreach(json_object_get(j_user, "roles"), i, j_r)
		if (grant || !json_equal(j_r, g))
			json_array_append(j_roles, j_r);
	if (grant)
		json_array_append(j_roles, g);
	return j_roles;
}

int
cli_user_role(struct cli_args *a)
{
	const char *gs = uc_cli_opt(a, "grant"), *rs = uc_cli_opt(a, "revoke");
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_user = NULL, *j_g = NULL, *j_roles = NULL, *j_out = NULL;
	int64_t id = 0;
	int ret;

	if ((gs == NULL) == (rs == NULL)) {
		fprintf(stderr, "ungcuu: give --grant or --revoke ROLE@CODE\n");
		return 2;
	}
	if ((ret = open_user(a, &ctx, &id)) != 0)
		return ret;
	if (uc_user_get(&ctx, id, &j_user, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	if (ret == 0)
		ret = grant_of(&ctx, gs ? gs : rs, &j_g);
	if (ret == 0) {
		j_roles = edited_roles(j_user, j_g, gs != NULL);
		if (uc_user_set_roles(&ctx, id, -1, j_roles, &j_out, &err))
			ret = uc_cli_fail(&err);
	}
	if (ret == 0)
		printf("ungcuu: roles of %s changed; their sessions ended\n",
		    a->pos[0]);
	json_decref(j_user);
	json_decref(j_g);
	json_decref(j_roles);
	json_decref(j_out);
	uc_cli_close(&ctx);
	return ret;
}

int
cli_token_create(struct cli_args *a)
{
	const char *login = uc_cli_opt(a, "user");
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_t = NULL;
	int64_t id = 0;
	int ret;

	if (login == NULL) {
		fprintf(stderr, "ungcuu: --user LOGIN is required\n");
		return 2;
	}
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (uc_user_find(&ctx, login, &id, &err) != UC_OK ||
	    uc_token_create(&ctx, id, uc_cli_opt(a, "name") ?
	    uc_cli_opt(a, "name") : "cli", uc_cli_opt(a, "expires"), &j_t,
	    &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: token %lld for %s (shown once):\n%s\n",
		    (long long)json_integer_value(json_object_get(j_t, "id")),
		    login, json_string_value(json_object_get(j_t, "token")));
	json_decref(j_t);
	uc_cli_close(&ctx);
	return ret;
}

int
cli_token_revoke(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	int64_t id = 0;
	int ret;

	if ((ret = need(a, 1, "ID")) != 0)
		return ret;
	if (uc_parse_i64_str(a->pos[0], 1, INT64_MAX, &id) != UC_OK) {
		fprintf(stderr, "ungcuu: '%s' is not a token id\n", a->pos[0]);
		return 2;
	}
	if ((ret = uc_cli_open(&ctx, 1)) != 0)
		return ret;
	if (uc_token_revoke(&ctx, id, &err) != UC_OK)
		ret = uc_cli_fail(&err);
	else
		printf("ungcuu: token %s revoked\n", a->pos[0]);
	uc_cli_close(&ctx);
	return ret;
}
