/*
 * subscription.c - see subscription.h. Create and update check the
 * whole subscription (update merges the patch into the stored one
 * first), in the transaction that writes it.
 */
#include "service/subscription.h"
#include "core/arena.h"
#include "core/time.h"
#include "domain/validate.h"
#include "exchange/webhook.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/notify.h"
#include "service/secret.h"
#include "store/store.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define LIST_MAX 1000
#define KINDS_MAX 16
#define SECRET_MIN 16
#define SECRET_MAX 256

#define COLS "w.id, w.unit_id, un.code, w.url, w.description, w.active," \
	" w.version, w.created_at, w.updated_at, un.path"
#define FROM " FROM webhooks w JOIN units un ON un.id = w.unit_id"
enum { C_PATH = 9 };

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	(void)arg;
	return json_pack("{sI sI ss ss ss sb sI ss ss s[]}",
	    "id", (json_int_t)uc_stmt_i64(s, 0),
	    "unit_id", (json_int_t)uc_stmt_i64(s, 1),
	    "unit_code", uc_stmt_text(s, 2),
	    "url", uc_stmt_text(s, 3),
	    "description", uc_stmt_text(s, 4),
	    "active", (int)uc_stmt_i64(s, 5),
	    "version", (json_int_t)uc_stmt_i64(s, 6),
	    "created_at", uc_stmt_text(s, 7),
	    "updated_at", uc_stmt_text(s, 8), "kinds");
}

static enum uc_status
add_kinds(struct uc_ctx *ctx, json_t *j, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *j_a = json_object_get(j, "kinds");
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT kind FROM webhook_kinds"
	    " WHERE webhook_id = ? ORDER BY kind", "i",
	    (int64_t)json_integer_value(json_object_get(j, "id")));
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row)
		json_array_append_new(j_a, json_string(uc_stmt_text(s, 0)));
	uc_stmt_done(s);
	return rc;
}

/* Subscription id, checked against the actor's unit.write. */
static enum uc_status
load(struct uc_ctx *ctx, int64_t id, json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	char *path = NULL;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS FROM
	    " WHERE w.id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		*out = row_json(s, NULL);
		path = uc_arena_strdup(ctx->arena, uc_stmt_text(s, C_PATH));
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such webhook");
	if (rc == UC_OK)
		rc = uc_access_path(ctx, UC_PERM_UNIT_WRITE, path, err);
	if (rc == UC_ENOTFOUND)
		uc_error_set(err, UC_ENOTFOUND, "no such webhook");
	if (rc == UC_OK)
		rc = add_kinds(ctx, *out, err);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum uc_status
uc_subscription_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	return load(ctx, id, out, err);
}

/* unit_id's path for the ?unit_id= filter. */
static enum uc_status
unit_path(struct uc_ctx *ctx, int64_t unit, const char **path,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*path = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT path FROM units WHERE"
	    " id = ?", "i", unit);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*path = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_field(err, "unit_id", "not_found", "no unit %"
		    PRId64, unit);
	return rc;
}

static enum uc_status
list_query(struct uc_ctx *ctx, int64_t unit, struct uc_sql *q,
    struct uc_error *err)
{
	const char **paths, *under = NULL;
	size_t i, n = uc_access_scopes(ctx, UC_PERM_UNIT_WRITE, &paths);
	enum uc_status rc = UC_OK;

	uc_sql_init(q, ctx->arena, "SELECT " COLS FROM " WHERE 1 = 1");
	if (n == 0)
		return uc_error_set(err, UC_EPERM, "your roles do not allow "
		    "%s: webhooks are the administrators'",
		    uc_perm_name(UC_PERM_UNIT_WRITE));
	if (unit != 0 && (rc = unit_path(ctx, unit, &under, err)) != UC_OK)
		return rc;
	if (under != NULL)
		uc_sql_add(q, " AND un.path LIKE ?", "s", uc_arena_printf(
		    ctx->arena, "%s%%", under));
	uc_sql_add(q, " AND (", "");
	for (i = 0; i < n; i++)
		uc_sql_add(q, i ? " OR un.path LIKE ?" : "un.path LIKE ?", "s",
		    uc_arena_printf(ctx->arena, "%s%%", paths[i]));
	uc_sql_add(q, ") ORDER BY w.id LIMIT ?", "i", (int64_t)LIST_MAX);
	return UC_OK;
}

enum uc_status
uc_subscription_list(struct uc_ctx *ctx, int64_t unit, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	json_t *j_w;
	size_t i;
	enum uc_status rc;

	*out = NULL;
	rc = list_query(ctx, unit, &q, err);
	if (rc == UC_OK)
		rc = uc_store_query_sql(ctx->st, &s, err, &q);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, NULL, out, err);
	json_array_foreach(*out, i, j_w)
		if (rc == UC_OK)
			rc = add_kinds(ctx, j_w, err);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- checking ---- */

static int
kinds_bad(json_t *a, struct uc_error *err)
{
	char field[64];
	json_t *v;
	size_t i, k;
	int bad = 0;

	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > KINDS_MAX)
		return uc_error_field(err, "kinds", "required", "kinds names "
		    "1 to %d kinds of message", KINDS_MAX) != UC_OK;
	json_array_foreach(a, i, v) {
		snprintf(field, sizeof(field), "kinds[%zu]", i);
		if (!uc_notify_kind_known(json_string_value(v)))
			bad = uc_error_field(err, field, "enum", "a kind is "
			    "one of incident.serious, task.assigned") != UC_OK;
		for (k = 0; k < i; k++)
			if (json_equal(v, json_array_get(a, k)))
				bad = uc_error_field(err, field, "duplicate",
				    "a kind is named once") != UC_OK;
	}
	return bad;
}

static int
secret_bad(const char *s, struct uc_error *err)
{
	size_t n = s ? strlen(s) : 0;
	const char *p;

	if (s == NULL)
		return 0;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			break;
	if (n < SECRET_MIN || n > SECRET_MAX || *p != '\0')
		return uc_error_field(err, "secret", "format", "secret is %d "
		    "to %d printable characters", SECRET_MIN, SECRET_MAX) !=
		    UC_OK;
	return 0;
}

/* The unit, which the actor must administer. */
static enum uc_status
check_unit(struct uc_ctx *ctx, json_t *doc, struct uc_error *err)
{
	struct uc_error e = { 0 };
	json_t *v = json_object_get(doc, "unit_id");
	enum uc_status rc;

	if (!json_is_integer(v))
		return uc_error_field(err, "unit_id", "required", "unit_id is "
		    "required");
	rc = uc_access_unit(ctx, UC_PERM_UNIT_WRITE,
	    (int64_t)json_integer_value(v), &e);
	if (rc == UC_ENOTFOUND)
		return uc_error_field(err, "unit_id", "not_found", "no unit %"
		    JSON_INTEGER_FORMAT " that you administer",
		    json_integer_value(v));
	if (rc != UC_OK && err != NULL)
		*err = e;
	return rc;
}

static enum uc_status
validate(struct uc_ctx *ctx, json_t *doc, struct uc_error *err)
{
	enum uc_status r;
	int bad = 0;

	if (!uc_webhook_url_ok(str(doc, "url")))
		bad = uc_error_field(err, "url", str(doc, "url") ? "format" :
		    "required", "url is an http:// or https:// URL of at most "
		    "2000 characters") != UC_OK;
	bad |= kinds_bad(json_object_get(doc, "kinds"), err);
	bad |= uc_valid_text("description", str(doc, "description") ?
	    str(doc, "description") : "", 0, 200, err) != UC_OK;
	bad |= secret_bad(str(doc, "secret"), err);
	if ((r = check_unit(ctx, doc, err)) == UC_EVALID)
		bad = 1;
	else if (r != UC_OK)
		return r;
	return bad ? UC_EVALID : UC_OK;
}

/* ---- writing ---- */

static enum uc_status
write_kinds(struct uc_ctx *ctx, int64_t id, json_t *doc,
    struct uc_error *err)
{
	json_t *v;
	size_t i;
	enum uc_status rc;

	rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM webhook_kinds"
	    " WHERE webhook_id = ?", "i", id);
	json_array_foreach(json_object_get(doc, "kinds"), i, v)
		if (rc == UC_OK)
			rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
			    " webhook_kinds (webhook_id, kind) VALUES (?, ?)",
			    "is", id, json_string_value(v));
	return rc;
}

static enum uc_status
insert(struct uc_ctx *ctx, json_t *doc, const char *secret, int64_t *id,
    struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];
	json_t *a = json_object_get(doc, "active");
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_insert(ctx->st, id, err, "INSERT INTO webhooks"
	    " (unit_id, url, secret, description, active, created_by,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id", "isssbsss",
	    (int64_t)json_integer_value(json_object_get(doc, "unit_id")),
	    str(doc, "url"), secret, str(doc, "description") ? str(doc,
	    "description") : "", a == NULL || json_is_true(a),
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now, now);
	return rc == UC_OK ? write_kinds(ctx, *id, doc, err) : rc;
}

/* Audit and commit when rc is UC_OK, else roll back. */
static enum uc_status
finish(struct uc_ctx *ctx, enum uc_status rc, const char *action,
    int64_t id, json_t *before, json_t *after, struct uc_error *err)
{
	json_t *j_any = after ? after : before;

	if (rc == UC_OK)
		rc = uc_audit_record(ctx, action, "webhook", uc_arena_printf(
		    ctx->arena, "%" PRId64, id), (int64_t)json_integer_value(
		    json_object_get(j_any, "unit_id")), before, after, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc;
}

enum uc_status
uc_subscription_create(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	char made[64] = "";
	const char *secret = str(in, "secret");
	int64_t id = 0;
	enum uc_status rc;

	*out = NULL;
	if ((rc = uc_store_begin(ctx->st, err)) != UC_OK)
		return rc;
	rc = validate(ctx, in, err);
	if (rc == UC_OK && secret == NULL) {
		uc_secret_token("whsec_", made, sizeof(made));
		secret = made;
	}
	if (rc == UC_OK)
		rc = insert(ctx, in, secret, &id, err);
	if (rc == UC_OK)
		rc = load(ctx, id, out, err);
	rc = finish(ctx, rc, "webhook.create", id, NULL, *out, err);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	} else if (*made) {
		json_object_set_new(*out, "secret", json_string(made));
	}
	sodium_memzero(made, sizeof(made));
	return rc;
}

static enum uc_status
write_sub(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *doc,
    struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];
	int64_t n = 0;
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_run(ctx->st, &n, err, "UPDATE webhooks SET url = ?,"
	    " description = ?, active = ?, secret = COALESCE(?, secret),"
	    " version = version + 1, updated_at = ? WHERE id = ? AND"
	    " version = ?", "ssbssii", str(doc, "url"), str(doc,
	    "description"), json_is_true(json_object_get(doc, "active")),
	    str(doc, "secret"), now, id, version);
	if (rc == UC_OK && n != 1)
		rc = uc_error_set(err, UC_EPRECOND, "the webhook changed since "
		    "you read it: reload and apply your change again");
	return rc == UC_OK ? write_kinds(ctx, id, doc, err) : rc;
}

static enum uc_status
check_version(json_t *cur, int64_t version, struct uc_error *err)
{
	int64_t have = (int64_t)json_integer_value(json_object_get(cur,
	    "version"));

	if (have != version)
		return uc_error_set(err, UC_EPRECOND, "the webhook changed "
		    "since you read it (version %" PRId64 ", yours %" PRId64
		    "); reload and apply your change again", have, version);
	return UC_OK;
}

enum uc_status
uc_subscription_update(struct uc_ctx *ctx, int64_t id, int64_t version,
    json_t *patch, json_t **out, struct uc_error *err)
{
	json_t *j_cur = NULL, *j_new = NULL;
	enum uc_status rc;

	*out = NULL;
	if ((rc = uc_store_begin(ctx->st, err)) != UC_OK)
		return rc;
	rc = load(ctx, id, &j_cur, err);
	if (rc == UC_OK)
		rc = check_version(j_cur, version, err);
	if (rc == UC_OK) {
		j_new = json_deep_copy(j_cur);
		json_object_update(j_new, patch);
		rc = validate(ctx, j_new, err);
	}
	if (rc == UC_OK)
		rc = write_sub(ctx, id, version, j_new, err);
	if (rc == UC_OK)
		rc = load(ctx, id, out, err);
	rc = finish(ctx, rc, "webhook.update", id, j_cur, *out, err);
	json_decref(j_cur);
	json_decref(j_new);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum uc_status
uc_subscription_delete(struct uc_ctx *ctx, int64_t id, struct uc_error *err)
{
	json_t *j_cur = NULL;
	enum uc_status rc;

	if ((rc = uc_store_begin(ctx->st, err)) != UC_OK)
		return rc;
	rc = load(ctx, id, &j_cur, err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM webhooks"
		    " WHERE id = ?", "i", id);
	rc = finish(ctx, rc, "webhook.delete", id, j_cur, NULL, err);
	json_decref(j_cur);
	return rc;
}
