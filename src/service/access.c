/*
 * access.c - see access.h. The role matrix and the scope rule are pure
 * functions in domain/perm.c; this file feeds them from the database.
 */
#include "service/access.h"
#include "core/arena.h"
#include "store/store.h"

#include <string.h>

#define MAX_GRANTS 64

enum uc_status
uc_access_load(struct uc_ctx *ctx, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_grant *g;
	enum uc_status rc;
	int row = 0, role;
	size_t n = 0;

	g = uc_arena_alloc(ctx->arena, MAX_GRANTS * sizeof(*g));
	rc = uc_store_query(ctx->st, &s, err,
	    "SELECT g.role, g.unit_id, u.path FROM role_grants g"
	    " JOIN units u ON u.id = g.unit_id WHERE g.user_id = ?"
	    " ORDER BY u.path, g.role", "i", ctx->actor.user_id);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row && n < MAX_GRANTS) {
		if ((role = uc_role_parse(uc_stmt_text(s, 0))) < 0)
			continue;
		g[n].role = (enum uc_role)role;
		g[n].unit_id = uc_stmt_i64(s, 1);
		g[n].path = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 2));
		n++;
	}
	uc_stmt_done(s);
	ctx->actor.grants = g;
	ctx->actor.ngrants = n;
	return rc;
}

void
uc_access_system(struct uc_ctx *ctx, const char *login)
{
	memset(&ctx->actor, 0, sizeof(ctx->actor));
	ctx->actor.system = 1;
	ctx->actor.login = login;
}

int
uc_access_allows(struct uc_ctx *ctx, enum uc_perm perm, const char *path)
{
	if (ctx->actor.restricted)
		return 0;
	if (ctx->actor.system)
		return 1;
	return uc_perm_allows(ctx->actor.grants, ctx->actor.ngrants, perm,
	    path);
}

enum uc_status
uc_access_path(struct uc_ctx *ctx, enum uc_perm perm, const char *path,
    struct uc_error *err)
{
	if (uc_access_allows(ctx, perm, path))
		return UC_OK;
	if (!ctx->actor.system && !ctx->actor.restricted &&
	    uc_perm_sees(ctx->actor.grants, ctx->actor.ngrants, path))
		return uc_error_set(err, UC_EPERM,
		    "your roles do not allow %s here", uc_perm_name(perm));
	return uc_error_set(err, UC_ENOTFOUND, "no such object");
}

enum uc_status
uc_access_unit(struct uc_ctx *ctx, enum uc_perm perm, int64_t unit_id,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	char *path = NULL;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err,
	    "SELECT path FROM units WHERE id = ?", "i", unit_id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		path = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
	uc_stmt_done(s);
	if (rc != UC_OK)
		return rc;
	if (path == NULL)
		return uc_error_set(err, UC_ENOTFOUND, "no such unit");
	return uc_access_path(ctx, perm, path, err);
}

size_t
uc_access_scopes(struct uc_ctx *ctx, enum uc_perm perm, const char ***paths)
{
	const char **out;
	size_t i, n = 0;

	out = uc_arena_alloc(ctx->arena,
	    (ctx->actor.ngrants + 1) * sizeof(*out));
	*paths = out;
	if (ctx->actor.restricted)
		return 0;
	if (ctx->actor.system) {
		out[0] = "/";
		return 1;
	}
	for (i = 0; i < ctx->actor.ngrants; i++)
		if (uc_perm_role_has(ctx->actor.grants[i].role, perm))
			out[n++] = ctx->actor.grants[i].path;
	return n;
}

enum uc_status
uc_access_unrestricted(struct uc_ctx *ctx, struct uc_error *err)
{
	if (ctx->actor.restricted)
		return uc_error_set(err, UC_EPERM,
		    "enrol a second factor (TOTP) before anything else: "
		    "your unit requires it");
	return UC_OK;
}
