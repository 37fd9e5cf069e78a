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

/* ---- incidents ---- */

/*
 * Who sees an incident: a holder of incident.read over the incident's
 * unit, or over a unit that leads or coordinates one of its steps; and
 * when it is TLP:RED, only the people named on it. Writing needs
 * incident.write over either; coordinating needs incident.coordinate
 * over the incident's unit.
 */
struct incident_acl {
	char *path;		/* the incident's unit */
	int red;		/* TLP:RED */
	int named;		/* the actor is named on it */
	char **step_paths;	/* units on its steps */
	size_t nsteps;
};

static enum uc_status
acl_row(struct uc_ctx *ctx, int64_t id, struct incident_acl *a, int *found,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT un.path, i.tlp,"
	    " EXISTS (SELECT 1 FROM incident_people p WHERE p.incident_id ="
	    " i.id AND p.user_id = ?) FROM incidents i JOIN units un ON"
	    " un.id = i.unit_id WHERE i.id = ?", "ii", ctx->actor.user_id,
	    id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, found, err);
	if (rc == UC_OK && *found) {
		a->path = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
		a->red = strcmp(uc_stmt_text(s, 1), "RED") == 0;
		a->named = (int)uc_stmt_i64(s, 2);
	}
	uc_stmt_done(s);
	return rc;
}

static enum uc_status
acl_steps(struct uc_ctx *ctx, int64_t id, struct incident_acl *a,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;
	size_t cap = 16;

	a->step_paths = uc_arena_alloc(ctx->arena, cap * sizeof(char *));
	rc = uc_store_query(ctx->st, &s, err, "SELECT DISTINCT u.path FROM"
	    " step_units su JOIN units u ON u.id = su.unit_id WHERE"
	    " su.incident_id = ?", "i", id);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if (a->nsteps == cap) {
			char **more = uc_arena_alloc(ctx->arena,
			    2 * cap * sizeof(char *));

			memcpy(more, a->step_paths, cap * sizeof(char *));
			a->step_paths = more;
			cap *= 2;
		}
		a->step_paths[a->nsteps++] = uc_arena_strdup(ctx->arena,
		    uc_stmt_text(s, 0));
	}
	uc_stmt_done(s);
	return rc;
}

static int
acl_allows(struct uc_ctx *ctx, const struct incident_acl *a,
    enum uc_perm perm)
{
	if (uc_access_allows(ctx, perm, a->path))
		return 1;
	if (perm == UC_PERM_INCIDENT_COORDINATE)
		return 0;
	for (size_t i = 0; i < a->nsteps; i++)
		if (uc_access_allows(ctx, perm, a->step_paths[i]))
			return 1;
	return 0;
}

enum uc_status
uc_access_incident(struct uc_ctx *ctx, enum uc_perm perm, int64_t id,
    struct uc_error *err)
{
	struct incident_acl a;
	enum uc_status rc;
	int found = 0;

	memset(&a, 0, sizeof(a));
	rc = acl_row(ctx, id, &a, &found, err);
	if (rc == UC_OK && found)
		rc = acl_steps(ctx, id, &a, err);
	if (rc != UC_OK)
		return rc;
	if (!found || !acl_allows(ctx, &a, UC_PERM_INCIDENT_READ) ||
	    (a.red && !a.named && !ctx->actor.system))
		return uc_error_set(err, UC_ENOTFOUND, "no such incident");
	if (!acl_allows(ctx, &a, perm))
		return uc_error_set(err, UC_EPERM, "your roles do not allow "
		    "%s on this incident", uc_perm_name(perm));
	return UC_OK;
}

/* "/1/": the root's path, which holds every unit (one root: init
 * makes it and every other unit has a parent). */
static int
is_root(const char *path)
{
	return path[0] == '/' && strchr(path + 1, '/') != NULL &&
	    strchr(path + 1, '/')[1] == '\0';
}

/* TLP:RED rows only for the people named on them; a lookup per RED row
 * (a join would read all of the user's namings for every list). */
static void
red_rule(struct uc_ctx *ctx, struct uc_sql *q)
{
	uc_sql_add(q, " AND (i.tlp <> 'RED' OR (SELECT 1 FROM"
	    " incident_people ip WHERE ip.incident_id = i.id AND"
	    " ip.user_id = ?) IS NOT NULL)", "i", ctx->actor.user_id);
}

/* Drop scopes inside another one: the filter needs only the tops. */
static size_t
top_scopes(const char **paths, size_t n)
{
	size_t i, j, k = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++)
			if (j != i && uc_perm_in_scope(paths[j], paths[i]) &&
			    (strcmp(paths[j], paths[i]) != 0 || j < i))
				break;
		if (j == n)
			paths[k++] = paths[i];
	}
	return k;
}

void
uc_access_unit_filter(struct uc_ctx *ctx, enum uc_perm perm,
    const char *col, struct uc_sql *q)
{
	const char **paths;
	size_t i, n = uc_access_scopes(ctx, perm, &paths);

	if (ctx->actor.system)
		return;
	if (n == 0) {
		uc_sql_add(q, " AND 1 = 0", "");
		return;
	}
	for (i = 0; i < n; i++)
		uc_sql_add(q, uc_arena_printf(ctx->arena, "%s%s LIKE ?",
		    i ? " OR " : " AND (", col), "s", uc_arena_printf(
		    ctx->arena, "%s%%", paths[i]));
	uc_sql_add(q, ")", "");
}

void
uc_access_incident_filter(struct uc_ctx *ctx, struct uc_sql *q)
{
	const char **paths;
	size_t n = uc_access_scopes(ctx, UC_PERM_INCIDENT_READ, &paths);

	n = top_scopes(paths, n);

	if (ctx->actor.system)
		return;
	if (n == 0) {
		uc_sql_add(q, " AND 1 = 0", "");
		return;
	}
	if (n == 1 && is_root(paths[0])) {
		red_rule(ctx, q);
		return;
	}
	uc_sql_add(q, " AND (", "");
	for (size_t i = 0; i < n; i++)
		uc_sql_add(q, "un.path LIKE ? OR ", "s",
		    uc_arena_printf(ctx->arena, "%s%%", paths[i]));
	uc_sql_add(q, "EXISTS (SELECT 1 FROM step_units su JOIN units suu"
	    " ON suu.id = su.unit_id WHERE su.incident_id = i.id AND (", "");
	for (size_t i = 0; i < n; i++)
		uc_sql_add(q, i ? " OR suu.path LIKE ?" : "suu.path LIKE ?",
		    "s", uc_arena_printf(ctx->arena, "%s%%", paths[i]));
	uc_sql_add(q, ")))", "");
	red_rule(ctx, q);
}
