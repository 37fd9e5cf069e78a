/*
 * user.c - see user.h.
 */
#include "service/user.h"
#include "core/arena.h"
#include "core/time.h"
#include "domain/password.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/store.h"

#include <ctype.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define COLS "u.id, u.login, u.full_name, u.email, u.phone, u.unit_id," \
	" u.disabled, u.totp_secret IS NOT NULL, u.version, u.created_at," \
	" u.updated_at, u.last_login_at, n.path"

static json_t *
row_json(struct uc_stmt *s)
{
	json_t *j = json_pack("{sI ss ss ss ss sI sb sb sI ss ss}",
	    "id", (json_int_t)uc_stmt_i64(s, 0),
	    "login", uc_stmt_text(s, 1), "full_name", uc_stmt_text(s, 2),
	    "email", uc_stmt_text(s, 3), "phone", uc_stmt_text(s, 4),
	    "unit_id", (json_int_t)uc_stmt_i64(s, 5),
	    "disabled", (int)uc_stmt_i64(s, 6),
	    "totp_enabled", (int)uc_stmt_i64(s, 7),
	    "version", (json_int_t)uc_stmt_i64(s, 8),
	    "created_at", uc_stmt_text(s, 9),
	    "updated_at", uc_stmt_text(s, 10));

	json_object_set_new(j, "last_login_at", uc_stmt_null(s, 11) ?
	    json_null() : json_string(uc_stmt_text(s, 11)));
	return j;
}

static enum uc_status
add_roles(struct uc_ctx *ctx, json_t *j_user, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *j_roles = json_array();
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT role, unit_id FROM"
	    " role_grants WHERE user_id = ? ORDER BY unit_id, role", "i",
	    (int64_t)json_integer_value(json_object_get(j_user, "id")));
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row)
		json_array_append_new(j_roles, json_pack("{ss sI}", "role",
		    uc_stmt_text(s, 0), "unit_id",
		    (json_int_t)uc_stmt_i64(s, 1)));
	uc_stmt_done(s);
	json_object_set_new(j_user, "roles", j_roles);
	return rc;
}

static enum uc_status
load(struct uc_ctx *ctx, int64_t id, json_t **out, char **path,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM users u"
	    " JOIN units n ON n.id = u.unit_id WHERE u.id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		*out = row_json(s);
		*path = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 12));
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such user");
	if (rc == UC_OK)
		rc = add_roles(ctx, *out, err);
	return rc;
}

static enum uc_status
load_checked(struct uc_ctx *ctx, enum uc_perm perm, int64_t id,
    json_t **out, char **path, struct uc_error *err)
{
	enum uc_status rc = load(ctx, id, out, path, err);

	if (rc == UC_OK)
		rc = uc_access_path(ctx, perm, *path, err);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum uc_status
uc_user_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	char *path;

	return load_checked(ctx, UC_PERM_USER_READ, id, out, &path, err);
}

enum uc_status
uc_user_me(struct uc_ctx *ctx, json_t **out, struct uc_error *err)
{
	char *path;

	return load(ctx, ctx->actor.user_id, out, &path, err);
}

enum uc_status
uc_user_find(struct uc_ctx *ctx, const char *login, int64_t *id,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT u.id, n.path FROM users"
	    " u JOIN units n ON n.id = u.unit_id WHERE u.login = ?", "s",
	    login);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row && uc_access_allows(ctx, UC_PERM_USER_READ,
	    uc_stmt_text(s, 1)))
		*id = uc_stmt_i64(s, 0);
	else if (rc == UC_OK)
		rc = uc_error_set(err, UC_ENOTFOUND, "no user '%s'", login);
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_user_list(struct uc_ctx *ctx, int64_t cursor, int limit, json_t **out,
    int64_t *next, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *j_items = json_array(), *j_u;
	const char **scopes;
	enum uc_status rc;
	int row = 0;
	int64_t last = 0;

	*next = 0;
	*out = NULL;
	if (uc_access_scopes(ctx, UC_PERM_USER_READ, &scopes) == 0) {
		json_decref(j_items);
		return uc_error_set(err, UC_EPERM, "your roles do not allow "
		    "reading users");
	}
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM users u"
	    " JOIN units n ON n.id = u.unit_id WHERE u.id > ? ORDER BY u.id",
	    "i", cursor);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if (!uc_access_allows(ctx, UC_PERM_USER_READ,
		    uc_stmt_text(s, 12)))
			continue;
		if ((int)json_array_size(j_items) == limit) {
			*next = last;
			break;
		}
		json_array_append_new(j_items, row_json(s));
		last = uc_stmt_i64(s, 0);
	}
	uc_stmt_done(s);
	for (size_t i = 0; rc == UC_OK && i < json_array_size(j_items); i++) {
		j_u = json_array_get(j_items, i);
		rc = add_roles(ctx, j_u, err);
	}
	if (rc != UC_OK) {
		json_decref(j_items);
		return rc;
	}
	*out = j_items;
	return UC_OK;
}

static const char *
str(json_t *j, const char *k)
{
	return json_string_value(json_object_get(j, k));
}

static char *
id_text(struct uc_ctx *ctx, int64_t id)
{
	return uc_arena_printf(ctx->arena, "%" PRId64, id);
}

static enum uc_status
validate(json_t *u, struct uc_error *err)
{
	enum uc_status rc = UC_OK;

	if (uc_valid_text("full_name", str(u, "full_name"), 1, 120, err))
		rc = UC_EVALID;
	if (uc_valid_email("email", str(u, "email"), 1, err))
		rc = UC_EVALID;
	if (uc_valid_phone("phone", str(u, "phone"), err))
		rc = UC_EVALID;
	return rc;
}

/* The home unit must exist and be one the actor manages users in. */
static enum uc_status
check_unit(struct uc_ctx *ctx, int64_t unit_id, struct uc_error *err)
{
	enum uc_status rc = uc_access_unit(ctx, UC_PERM_USER_WRITE, unit_id,
	    err);

	if (rc == UC_ENOTFOUND) {
		uc_error_clear(err);
		return uc_error_field(err, "unit_id", "not_found",
		    "no such unit");
	}
	return rc;
}

struct grant_in {
	const char *role;
	int64_t unit_id;
};

static enum uc_status
parse_grants(struct uc_ctx *ctx, json_t *j_roles, struct grant_in **out,
    size_t *n, struct uc_error *err)
{
	size_t i, count = json_array_size(j_roles);
	struct grant_in *g = uc_arena_alloc(ctx->arena,
	    (count + 1) * sizeof(*g));
	json_t *j_r;
	enum uc_status rc;

	json_array_foreach(j_roles, i, j_r) {
		g[i].role = str(j_r, "role");
		g[i].unit_id = json_integer_value(json_object_get(j_r,
		    "unit_id"));
		if (uc_role_parse(g[i].role) < 0)
			return uc_error_field(err, "roles", "format", "role "
			    "'%s' is not one of operator, leader, member, "
			    "coordinator, steering, auditor, admin",
			    g[i].role ? g[i].role : "");
		rc = uc_access_unit(ctx, UC_PERM_USER_WRITE, g[i].unit_id,
		    err);
		if (rc == UC_ENOTFOUND) {
			uc_error_clear(err);
			return uc_error_field(err, "roles", "not_found",
			    "no such unit: %" PRId64, g[i].unit_id);
		}
		if (rc != UC_OK)
			return rc;
	}
	*out = g;
	*n = count;
	return UC_OK;
}

static enum uc_status
insert_grants(struct uc_ctx *ctx, int64_t uid, const struct grant_in *g,
    size_t n, struct uc_error *err)
{
	enum uc_status rc = UC_OK;
	size_t i;

	for (i = 0; rc == UC_OK && i < n; i++)
		rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO role_grants"
		    " (user_id, role, unit_id) VALUES (?, ?, ?)"
		    " ON CONFLICT DO NOTHING", "isi", uid, g[i].role,
		    g[i].unit_id);
	return rc;
}

static enum uc_status
finish(struct uc_ctx *ctx, enum uc_status rc, int64_t id, json_t **out,
    struct uc_error *err)
{
	char *path;

	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	if (rc == UC_ECONFLICT && err != NULL && err->nfields == 0) {
		uc_error_field(err, "login", "duplicate", "this login is "
		    "taken");
		err->code = UC_ECONFLICT;
	}
	if (rc == UC_OK && out != NULL)
		rc = load(ctx, id, out, &path, err);
	return rc;
}

static enum uc_status
check_new(struct uc_ctx *ctx, json_t *in, struct grant_in **g, size_t *ng,
    struct uc_error *err)
{
	const char *login = str(in, "login"), *pw = str(in, "password");
	enum uc_status rc = UC_OK;

	if (uc_valid_login("login", login, err) != UC_OK)
		rc = UC_EVALID;
	if (pw == NULL)
		rc = uc_error_field(err, "password", "required",
		    "password is required");
	else if (uc_password_check(login, pw, "password", err) != UC_OK)
		rc = UC_EVALID;
	if (validate(in, err) != UC_OK)
		rc = UC_EVALID;
	if (rc != UC_OK)
		return rc;
	rc = check_unit(ctx, json_integer_value(json_object_get(in,
	    "unit_id")), err);
	if (rc == UC_OK)
		rc = parse_grants(ctx, json_object_get(in, "roles"), g, ng,
		    err);
	return rc;
}

static enum uc_status
insert_user(struct uc_ctx *ctx, json_t *in, const char *hash, int64_t *id,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	char now[UC_TIME_ISO_LEN + 1];
	enum uc_status rc;
	int row = 0;

	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_query(ctx->st, &s, err, "INSERT INTO users (login,"
	    " full_name, email, phone, unit_id, password_hash, created_at,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "ssssisss", str(in, "login"), str(in, "full_name"),
	    str(in, "email") ? str(in, "email") : "",
	    str(in, "phone") ? str(in, "phone") : "",
	    (int64_t)json_integer_value(json_object_get(in, "unit_id")),
	    hash, now, now);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK)
		*id = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_user_create(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	struct grant_in *g = NULL;
	json_t *j_after = NULL;
	size_t ng = 0;
	int64_t id = 0;
	enum uc_status rc;

	*out = NULL;
	rc = uc_access_unrestricted(ctx, err);
	if (rc == UC_OK)
		rc = check_new(ctx, in, &g, &ng, err);
	if (rc == UC_OK)
		rc = uc_auth_hash_password(str(in, "password"), hash, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = insert_user(ctx, in, hash, &id, err);
	if (rc == UC_OK)
		rc = insert_grants(ctx, id, g, ng, err);
	if (rc == UC_OK) {
		j_after = json_deep_copy(in);
		json_object_del(j_after, "password");
		rc = uc_audit_record(ctx, "user.create", "user",
		    id_text(ctx, id), json_integer_value(json_object_get(in,
		    "unit_id")), NULL, j_after, err);
	}
	json_decref(j_after);
	sodium_memzero(hash, sizeof(hash));
	return finish(ctx, rc, id, out, err);
}

static enum uc_status
check_version(json_t *cur, int64_t version, struct uc_error *err)
{
	int64_t have = json_integer_value(json_object_get(cur, "version"));

	if (version >= 0 && have != version)
		return uc_error_set(err, UC_EPRECOND, "the user changed since "
		    "you read it (version %" PRId64 ", yours %" PRId64 "); "
		    "reload and apply your change again", have, version);
	return UC_OK;
}

static int64_t
unit_of(json_t *j)
{
	return json_integer_value(json_object_get(j, "unit_id"));
}

static enum uc_status
write_user(struct uc_ctx *ctx, int64_t id, json_t *u, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];

	uc_time_format(ctx->now, now, sizeof(now));
	return uc_store_run(ctx->st, NULL, err, "UPDATE users SET full_name ="
	    " ?, email = ?, phone = ?, unit_id = ?, disabled = ?,"
	    " version = version + 1, updated_at = ? WHERE id = ?", "sssibsi",
	    str(u, "full_name"), str(u, "email"), str(u, "phone"),
	    unit_of(u), json_is_true(json_object_get(u, "disabled")), now,
	    id);
}

/* Load, check write access and version, start the change. */
static enum uc_status
begin_change(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t **cur, struct uc_error *err)
{
	char *path;
	enum uc_status rc;

	*cur = NULL;
	rc = uc_store_begin(ctx->st, err);
	/* the version check and the write must see the same row */
	if (rc == UC_OK)
		rc = uc_store_lock(ctx->st, "users", err);
	if (rc == UC_OK)
		rc = load_checked(ctx, UC_PERM_USER_WRITE, id, cur, &path,
		    err);
	if (rc == UC_OK)
		rc = check_version(*cur, version, err);
	return rc;
}

enum uc_status
uc_user_update(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *in,
    json_t **out, struct uc_error *err)
{
	json_t *j_cur = NULL, *j_new = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = begin_change(ctx, id, version, &j_cur, err);
	if (rc == UC_OK) {
		j_new = json_deep_copy(j_cur);
		json_object_update(j_new, in);
		rc = validate(j_new, err);
	}
	if (rc == UC_OK && unit_of(j_new) != unit_of(j_cur))
		rc = check_unit(ctx, unit_of(j_new), err);
	if (rc == UC_OK)
		rc = write_user(ctx, id, j_new, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "user.update", "user",
		    id_text(ctx, id), unit_of(j_new), j_cur, j_new, err);
	rc = finish(ctx, rc, id, out, err);
	json_decref(j_cur);
	json_decref(j_new);
	return rc;
}

enum uc_status
uc_user_disable(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	json_t *j_cur = NULL, *j_new = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = begin_change(ctx, id, -1, &j_cur, err);
	if (rc == UC_OK && id == ctx->actor.user_id)
		rc = uc_error_set(err, UC_ECONFLICT, "you cannot disable your "
		    "own account");
	if (rc == UC_OK) {
		j_new = json_deep_copy(j_cur);
		json_object_set_new(j_new, "disabled", json_true());
		rc = write_user(ctx, id, j_new, err);
	}
	if (rc == UC_OK)
		rc = uc_auth_revoke_sessions(ctx, id, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "user.disable", "user",
		    id_text(ctx, id), unit_of(j_cur), j_cur, j_new, err);
	rc = finish(ctx, rc, id, out, err);
	json_decref(j_cur);
	json_decref(j_new);
	return rc;
}

/* Drop the grants the actor may manage; others stay. */
static enum uc_status
drop_managed(struct uc_ctx *ctx, int64_t id, json_t *j_cur,
    struct uc_error *err)
{
	json_t *j_r;
	size_t i;
	enum uc_status rc = UC_OK;

	json_array_foreach(json_object_get(j_cur, "roles"), i, j_r) {
		int64_t unit = json_integer_value(json_object_get(j_r,
		    "unit_id"));
		struct uc_error ignore = { 0 };

		if (uc_access_unit(ctx, UC_PERM_USER_WRITE, unit, &ignore))
			continue;
		rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM role_grants"
		    " WHERE user_id = ? AND role = ? AND unit_id = ?", "isi",
		    id, str(j_r, "role"), unit);
		if (rc != UC_OK)
			break;
	}
	return rc;
}

enum uc_status
uc_user_set_roles(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t *roles, json_t **out, struct uc_error *err)
{
	json_t *j_cur = NULL, *j_new = NULL;
	struct grant_in *g = NULL;
	size_t ng = 0;
	char *path;
	enum uc_status rc;

	*out = NULL;
	rc = begin_change(ctx, id, version, &j_cur, err);
	if (rc == UC_OK)
		rc = parse_grants(ctx, roles, &g, &ng, err);
	if (rc == UC_OK)
		rc = drop_managed(ctx, id, j_cur, err);
	if (rc == UC_OK)
		rc = insert_grants(ctx, id, g, ng, err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE users SET"
		    " version = version + 1 WHERE id = ?", "i", id);
	/* a change of privilege ends the user's sessions */
	if (rc == UC_OK)
		rc = uc_auth_revoke_sessions(ctx, id, err);
	if (rc == UC_OK)
		rc = load(ctx, id, &j_new, &path, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "user.roles", "user",
		    id_text(ctx, id), unit_of(j_cur), j_cur, j_new, err);
	rc = finish(ctx, rc, id, out, err);
	json_decref(j_cur);
	json_decref(j_new);
	return rc;
}

static enum uc_status
store_password(struct uc_ctx *ctx, int64_t id, const char *pw,
    const char *action, struct uc_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	enum uc_status rc = uc_auth_hash_password(pw, hash, err);

	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE users SET"
		    " password_hash = ?, version = version + 1 WHERE id = ?",
		    "si", hash, id);
	sodium_memzero(hash, sizeof(hash));
	if (rc == UC_OK)
		rc = uc_auth_revoke_sessions(ctx, id, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, action, "user", id_text(ctx, id), 0,
		    NULL, NULL, err);
	return rc;
}

static enum uc_status
current_hash(struct uc_ctx *ctx, char **hash, char **login,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT password_hash, login"
	    " FROM users WHERE id = ?", "i", ctx->actor.user_id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		*hash = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
		*login = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 1));
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_EAUTH, "no such user");
	return rc;
}

enum uc_status
uc_user_change_password(struct uc_ctx *ctx, const char *current,
    const char *password, struct uc_session_out *sess,
    struct uc_error *err)
{
	char *hash = NULL, *login = NULL;
	enum uc_status rc;

	rc = current_hash(ctx, &hash, &login, err);
	if (rc == UC_OK && !uc_auth_check_password(hash, current))
		rc = uc_error_field(err, "current_password", "format",
		    "the current password is wrong");
	if (rc == UC_OK)
		rc = uc_password_check(login, password, "new_password", err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = store_password(ctx, ctx->actor.user_id, password,
		    "user.password", err);
	if (rc == UC_OK && sess != NULL)
		rc = uc_auth_new_session(ctx, ctx->actor.user_id, sess, err);
	return finish(ctx, rc, 0, NULL, err);
}

enum uc_status
uc_user_set_password(struct uc_ctx *ctx, int64_t id, const char *password,
    struct uc_error *err)
{
	json_t *j_cur = NULL;
	enum uc_status rc;

	rc = begin_change(ctx, id, -1, &j_cur, err);
	if (rc == UC_OK)
		rc = uc_password_check(str(j_cur, "login"), password,
		    "password", err);
	if (rc == UC_OK)
		rc = store_password(ctx, id, password, "user.password_reset",
		    err);
	json_decref(j_cur);
	return finish(ctx, rc, 0, NULL, err);
}
