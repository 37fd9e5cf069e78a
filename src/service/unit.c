/*
 * unit.c - see unit.h. An update reads the row, merges the patch,
 * validates the merged whole and writes it back, so a unit can never be
 * left in a state that create would refuse.
 */
#include "service/unit.h"
#include "core/arena.h"
#include "core/time.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define COLS "id, COALESCE(parent_id, 0), code, name, kind, symbol," \
	" address, supervising_name, signer_prefix, signer_title," \
	" signer_name, phone, email, require_totp, depth, version," \
	" created_at, updated_at, path"

static const char *const kinds[] = {
	"province", "department", "agency", "commune", "office", NULL
};

static const char *const prefixes[] = {
	"", "KT.", "TM.", "Q.", "TL.", "TUQ.", NULL
};

/* Text fields after code and name, in COLS order from column 4. */
static const char *const text_fields[] = {
	"kind", "symbol", "address", "supervising_name", "signer_prefix",
	"signer_title", "signer_name", "phone", "email", NULL
};

static json_t *
row_json(struct uc_stmt *s)
{
	json_t *j = json_pack("{sI sI ss ss}",
	    "id", (json_int_t)uc_stmt_i64(s, 0),
	    "parent_id", (json_int_t)uc_stmt_i64(s, 1),
	    "code", uc_stmt_text(s, 2), "name", uc_stmt_text(s, 3));
	int i;

	if (uc_stmt_i64(s, 1) == 0)
		json_object_set_new(j, "parent_id", json_null());
	for (i = 0; text_fields[i] != NULL; i++)
		json_object_set_new(j, text_fields[i],
		    json_string(uc_stmt_text(s, 4 + i)));
	json_object_set_new(j, "require_totp",
	    json_boolean(uc_stmt_i64(s, 13)));
	json_object_set_new(j, "depth", json_integer(uc_stmt_i64(s, 14)));
	json_object_set_new(j, "version", json_integer(uc_stmt_i64(s, 15)));
	json_object_set_new(j, "created_at", json_string(uc_stmt_text(s, 16)));
	json_object_set_new(j, "updated_at", json_string(uc_stmt_text(s, 17)));
	return j;
}

/* Read a unit regardless of permissions; *path gets its path. */
static enum uc_status
load(struct uc_ctx *ctx, int64_t id, json_t **out, char **path,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM units"
	    " WHERE id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		*out = row_json(s);
		*path = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 18));
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such unit");
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
uc_unit_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	char *path;

	return load_checked(ctx, UC_PERM_UNIT_READ, id, out, &path, err);
}

enum uc_status
uc_unit_find(struct uc_ctx *ctx, const char *code, int64_t *id,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT id, path FROM units"
	    " WHERE code = ?", "s", code);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row && uc_access_allows(ctx, UC_PERM_UNIT_READ,
	    uc_stmt_text(s, 1)))
		*id = uc_stmt_i64(s, 0);
	else if (rc == UC_OK)
		rc = uc_error_set(err, UC_ENOTFOUND, "no unit with code '%s'",
		    code);
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_unit_list(struct uc_ctx *ctx, const char *cursor, int limit,
    json_t **out, char **next, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *j_items = json_array();
	enum uc_status rc;
	int row = 0;
	const char *last = NULL;

	*next = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM units"
	    " WHERE path > ? ORDER BY path", "s", cursor ? cursor : "");
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if (!uc_access_allows(ctx, UC_PERM_UNIT_READ,
		    uc_stmt_text(s, 18)))
			continue;
		if ((int)json_array_size(j_items) == limit) {
			*next = uc_arena_strdup(ctx->arena, last);
			break;
		}
		json_array_append_new(j_items, row_json(s));
		last = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 18));
	}
	uc_stmt_done(s);
	if (rc != UC_OK) {
		json_decref(j_items);
		return rc;
	}
	*out = j_items;
	return UC_OK;
}

static const char *
str(json_t *u, const char *k)
{
	return json_string_value(json_object_get(u, k));
}

static int
one_of(const char *s, const char *const *set)
{
	for (; s != NULL && *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

static enum uc_status
validate(json_t *u, struct uc_error *err)
{
	enum uc_status rc = UC_OK;

	if (uc_valid_unit_code("code", str(u, "code"), err) != UC_OK)
		rc = UC_EVALID;
	if (uc_valid_text("name", str(u, "name"), 1, 200, err) != UC_OK)
		rc = UC_EVALID;
	if (!one_of(str(u, "kind"), kinds))
		rc = uc_error_field(err, "kind", "format", "kind is one of "
		    "province, department, agency, commune, office");
	if (uc_valid_symbol("symbol", str(u, "symbol"), 1, err) != UC_OK)
		rc = UC_EVALID;
	if (!one_of(str(u, "signer_prefix"), prefixes))
		rc = uc_error_field(err, "signer_prefix", "format",
		    "signer_prefix is one of '', KT., TM., Q., TL., TUQ.");
	if (uc_valid_text("address", str(u, "address"), 0, 300, err) ||
	    uc_valid_text("supervising_name", str(u, "supervising_name"), 0,
	    200, err) || uc_valid_text("signer_title", str(u,
	    "signer_title"), 0, 100, err) || uc_valid_text("signer_name",
	    str(u, "signer_name"), 0, 100, err) || uc_valid_phone("phone",
	    str(u, "phone"), err) || uc_valid_email("email", str(u, "email"),
	    1, err))
		rc = UC_EVALID;
	return rc;
}

static json_t *
defaults(void)
{
	json_t *j = json_object();
	int i;

	for (i = 0; text_fields[i] != NULL; i++)
		json_object_set_new(j, text_fields[i], json_string(""));
	json_object_set_new(j, "kind", json_string("office"));
	json_object_set_new(j, "require_totp", json_false());
	return j;
}

static enum uc_status
write_fields(struct uc_ctx *ctx, int64_t id, json_t *u, const char *now,
    struct uc_error *err)
{
	return uc_store_run(ctx->st, NULL, err, "UPDATE units SET code = ?,"
	    " name = ?, kind = ?, symbol = ?, address = ?, supervising_name"
	    " = ?, signer_prefix = ?, signer_title = ?, signer_name = ?,"
	    " phone = ?, email = ?, require_totp = ?, version = version + 1,"
	    " updated_at = ? WHERE id = ?", "sssssssssssbsi",
	    str(u, "code"), str(u, "name"), str(u, "kind"),
	    str(u, "symbol"), str(u, "address"), str(u, "supervising_name"),
	    str(u, "signer_prefix"), str(u, "signer_title"),
	    str(u, "signer_name"), str(u, "phone"), str(u, "email"),
	    json_is_true(json_object_get(u, "require_totp")), now, id);
}

static char *
id_text(struct uc_ctx *ctx, int64_t id)
{
	return uc_arena_printf(ctx->arena, "%" PRId64, id);
}

static enum uc_status
finish(struct uc_ctx *ctx, enum uc_status rc, int64_t id, json_t **out,
    struct uc_error *err)
{
	char *path;

	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	if (rc == UC_ECONFLICT && err != NULL && err->nfields == 0)
		uc_error_field(err, "code", "duplicate", "another unit has "
		    "this code"), err->code = UC_ECONFLICT;
	if (rc == UC_OK)
		rc = load(ctx, id, out, &path, err);
	return rc;
}

/* Insert the row, then set its path now that its id is known. */
static enum uc_status
insert(struct uc_ctx *ctx, json_t *u, int64_t parent, const char *ppath,
    int64_t depth, int64_t *id, struct uc_error *err)
{
	static const char sql[] = "INSERT INTO units (parent_id, path, depth,"
	    " code, name, kind, version, created_at, updated_at)"
	    " VALUES (?, '', ?, ?, '', 'office', 0, ?, ?) RETURNING id";
	struct uc_stmt *s = NULL;
	char now[UC_TIME_ISO_LEN + 1];
	enum uc_status rc;
	int row = 0;

	uc_time_format(ctx->now, now, sizeof(now));
	if (parent != 0)
		rc = uc_store_query(ctx->st, &s, err, sql, "iisss", parent,
		    depth, str(u, "code"), now, now);
	else
		rc = uc_store_query(ctx->st, &s, err, sql, "sisss",
		    (const char *)NULL, depth, str(u, "code"), now, now);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK)
		*id = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE units SET path ="
		    " ? WHERE id = ?", "si", uc_arena_printf(ctx->arena,
		    "%s%" PRId64 "/", ppath, *id), *id);
	if (rc == UC_OK)
		rc = write_fields(ctx, *id, u, now, err);
	return rc;
}

static enum uc_status
parent_of(struct uc_ctx *ctx, json_t *in, int64_t *parent, char **ppath,
    int64_t *depth, struct uc_error *err)
{
	json_t *j_parent = NULL;
	enum uc_status rc;

	*parent = json_integer_value(json_object_get(in, "parent_id"));
	*ppath = "/";
	*depth = 0;
	if (*parent == 0) {
		if (!ctx->actor.system)
			return uc_error_field(err, "parent_id", "required",
			    "parent_id is required");
		return UC_OK;
	}
	rc = load(ctx, *parent, &j_parent, ppath, err);
	if (rc == UC_ENOTFOUND || (rc == UC_OK && !uc_access_allows(ctx,
	    UC_PERM_UNIT_READ, *ppath))) {
		uc_error_clear(err);
		rc = uc_error_field(err, "parent_id", "not_found",
		    "no such unit");
	}
	if (rc == UC_OK)
		rc = uc_access_path(ctx, UC_PERM_UNIT_WRITE, *ppath, err);
	if (rc == UC_OK)
		*depth = json_integer_value(json_object_get(j_parent,
		    "depth")) + 1;
	json_decref(j_parent);
	return rc;
}

enum uc_status
uc_unit_create(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	json_t *j_u = defaults();
	char *ppath;
	int64_t parent, depth, id = 0;
	enum uc_status rc;

	*out = NULL;
	json_object_update(j_u, in);
	json_object_del(j_u, "parent_id");
	rc = uc_access_unrestricted(ctx, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = uc_store_lock(ctx->st, "unit-tree", err);
	if (rc == UC_OK)
		rc = parent_of(ctx, in, &parent, &ppath, &depth, err);
	if (rc == UC_OK)
		rc = validate(j_u, err);
	if (rc == UC_OK)
		rc = insert(ctx, j_u, parent, ppath, depth, &id, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "unit.create", "unit",
		    id_text(ctx, id), id, NULL, j_u, err);
	rc = finish(ctx, rc, id, out, err);
	json_decref(j_u);
	return rc;
}

static enum uc_status
check_version(json_t *cur, int64_t version, struct uc_error *err)
{
	int64_t have = json_integer_value(json_object_get(cur, "version"));

	if (have != version)
		return uc_error_set(err, UC_EPRECOND, "the object changed "
		    "since you read it (version %" PRId64 ", yours %" PRId64
		    "); reload and apply your change again", have, version);
	return UC_OK;
}

enum uc_status
uc_unit_update(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *in,
    json_t **out, struct uc_error *err)
{
	json_t *j_cur = NULL, *j_new = NULL;
	char *path, now[UC_TIME_ISO_LEN + 1];
	enum uc_status rc;

	*out = NULL;
	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_begin(ctx->st, err);
	/* the version check and the write must see the same row */
	if (rc == UC_OK)
		rc = uc_store_lock(ctx->st, "unit-tree", err);
	if (rc == UC_OK)
		rc = load_checked(ctx, UC_PERM_UNIT_WRITE, id, &j_cur, &path,
		    err);
	if (rc == UC_OK)
		rc = check_version(j_cur, version, err);
	if (rc == UC_OK) {
		j_new = json_deep_copy(j_cur);
		json_object_update(j_new, in);
		rc = validate(j_new, err);
	}
	if (rc == UC_OK)
		rc = write_fields(ctx, id, j_new, now, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "unit.update", "unit",
		    id_text(ctx, id), id, j_cur, j_new, err);
	rc = finish(ctx, rc, id, out, err);
	json_decref(j_cur);
	json_decref(j_new);
	return rc;
}

static enum uc_status
move_subtree(struct uc_ctx *ctx, const char *from, const char *to,
    int64_t shift, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];

	uc_time_format(ctx->now, now, sizeof(now));
	return uc_store_run(ctx->st, NULL, err, "UPDATE units SET path ="
	    " CAST(? AS TEXT) || substr(path, CAST(? AS INTEGER)),"
	    " depth = depth + CAST(? AS INTEGER), updated_at = ?"
	    " WHERE path LIKE CAST(? AS TEXT) || '%'", "siiss", to,
	    (int64_t)strlen(from) + 1, shift, now, from);
}

static enum uc_status
check_target(struct uc_ctx *ctx, const char *path, int64_t parent_id,
    char **ppath, int64_t *pdepth, struct uc_error *err)
{
	json_t *j_in = json_pack("{sI}", "parent_id", (json_int_t)parent_id);
	enum uc_status rc;

	rc = parent_id == 0 ? uc_error_field(err, "parent_id", "required",
	    "parent_id is required") : parent_of(ctx, j_in, &parent_id,
	    ppath, pdepth, err);
	json_decref(j_in);
	if (rc == UC_OK && strncmp(*ppath, path, strlen(path)) == 0)
		rc = uc_error_field(err, "parent_id", "range", "a unit cannot"
		    " move under itself or a unit below it");
	return rc;
}

enum uc_status
uc_unit_move(struct uc_ctx *ctx, int64_t id, int64_t version,
    int64_t parent_id, json_t **out, struct uc_error *err)
{
	json_t *j_cur = NULL, *j_new = NULL;
	char *path = NULL, *ppath = NULL;
	int64_t pdepth = 0, depth;
	enum uc_status rc;

	*out = NULL;
	rc = uc_store_begin(ctx->st, err);
	/* moves see each other's result: two crossing moves cannot both
	 * pass the cycle check on a tree neither has changed yet */
	if (rc == UC_OK)
		rc = uc_store_lock(ctx->st, "unit-tree", err);
	if (rc == UC_OK)
		rc = load_checked(ctx, UC_PERM_UNIT_WRITE, id, &j_cur, &path,
		    err);
	if (rc == UC_OK)
		rc = check_version(j_cur, version, err);
	if (rc == UC_OK && json_is_null(json_object_get(j_cur, "parent_id")))
		rc = uc_error_field(err, "parent_id", "range", "the root unit "
		    "cannot move");
	if (rc == UC_OK)
		rc = check_target(ctx, path, parent_id, &ppath, &pdepth, err);
	depth = json_integer_value(json_object_get(j_cur, "depth"));
	if (rc == UC_OK)
		rc = move_subtree(ctx, path, uc_arena_printf(ctx->arena,
		    "%s%" PRId64 "/", ppath, id), pdepth - depth, err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE units SET"
		    " parent_id = ?, version = version + 1 WHERE id = ?", "ii",
		    parent_id, id);
	if (rc == UC_OK) {
		j_new = json_deep_copy(j_cur);
		json_object_set_new(j_new, "parent_id",
		    json_integer(parent_id));
		rc = uc_audit_record(ctx, "unit.move", "unit",
		    id_text(ctx, id), id, j_cur, j_new, err);
	}
	rc = finish(ctx, rc, id, out, err);
	json_decref(j_cur);
	json_decref(j_new);
	return rc;
}
