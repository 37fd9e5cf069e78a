/*
 * notify_prefs.c - each person's choice of what they receive and how
 * (GET/PUT /api/v1/me/notifications): per kind by email and by their
 * own webhook, whose secret the server may make and shows once. See
 * notify.h.
 */
#include "service/notify.h"
#include "core/arena.h"
#include "core/time.h"
#include "exchange/webhook.h"
#include "service/audit.h"
#include "service/secret.h"
#include "store/store.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SECRET_MIN 16
#define SECRET_MAX 256

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* ---- a person's choices ---- */

struct prefs_user {
	int64_t id, unit_id, version;
	int settings;		/* a notify_settings row exists */
};

static enum uc_status
self(struct uc_ctx *ctx, struct prefs_user *u, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	memset(u, 0, sizeof(*u));
	if (ctx->actor.user_id == 0)
		return uc_error_set(err, UC_EPERM, "notification choices are "
		    "a signed-in person's own");
	u->id = ctx->actor.user_id;
	u->version = 1;
	rc = uc_store_query(ctx->st, &s, err, "SELECT u.unit_id, n.version"
	    " FROM users u LEFT JOIN notify_settings n ON n.user_id = u.id"
	    " WHERE u.id = ?", "i", u->id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		u->unit_id = uc_stmt_i64(s, 0);
		u->settings = !uc_stmt_null(s, 1);
		if (u->settings)
			u->version = uc_stmt_i64(s, 1);
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such user");
	return rc;
}

/* Overlay the stored choices on the defaults in j_kinds. */
static enum uc_status
stored_kinds(struct uc_ctx *ctx, int64_t uid, json_t *j_kinds,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	json_t *j_k;
	size_t i;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT kind, email, webhook"
	    " FROM notify_prefs WHERE user_id = ?", "i", uid);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row)
		json_array_foreach(j_kinds, i, j_k)
			if (strcmp(str(j_k, "kind"), uc_stmt_text(s, 0)) == 0) {
				json_object_set_new(j_k, "email", json_boolean(
				    uc_stmt_i64(s, 1)));
				json_object_set_new(j_k, "webhook",
				    json_boolean(uc_stmt_i64(s, 2)));
			}
	uc_stmt_done(s);
	return rc;
}

static enum uc_status
read_prefs(struct uc_ctx *ctx, const struct prefs_user *u, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *j = json_pack("{sI so sI}", "user_id", (json_int_t)u->id,
	    "kinds", uc_notify_kinds_json(), "version", (json_int_t)u->version);
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = stored_kinds(ctx, u->id, json_object_get(j, "kinds"), err);
	if (rc == UC_OK)
		rc = uc_store_query(ctx->st, &s, err, "SELECT u.email, w.url"
		    " FROM users u LEFT JOIN webhooks w ON w.user_id = u.id"
		    " WHERE u.id = ?", "i", u->id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		json_object_set_new(j, "email", json_string(uc_stmt_text(s,
		    0)));
		json_object_set_new(j, "webhook_url", uc_stmt_null(s, 1) ?
		    json_null() : json_string(uc_stmt_text(s, 1)));
	}
	uc_stmt_done(s);
	if (rc == UC_OK)
		*out = j;
	else
		json_decref(j);
	return rc;
}

enum uc_status
uc_notify_prefs_get(struct uc_ctx *ctx, json_t **out, struct uc_error *err)
{
	struct prefs_user u;
	enum uc_status rc;

	*out = NULL;
	rc = self(ctx, &u, err);
	return rc == UC_OK ? read_prefs(ctx, &u, out, err) : rc;
}

/* After the change: does any kind go to the person's webhook? */
static int
wants_hook(json_t *in, json_t *j_cur)
{
	json_t *j_k, *j_n, *v;
	size_t i, k;

	json_array_foreach(json_object_get(j_cur, "kinds"), i, j_k) {
		v = json_object_get(j_k, "webhook");
		json_array_foreach(json_object_get(in, "kinds"), k, j_n)
			if (json_equal(json_object_get(j_n, "kind"),
			    json_object_get(j_k, "kind")) &&
			    json_object_get(j_n, "webhook") != NULL)
				v = json_object_get(j_n, "webhook");
		if (json_is_true(v))
			return 1;
	}
	return 0;
}

static int
secret_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < SECRET_MIN || n > SECRET_MAX)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* Every rule on in; every bad field named. j_cur: the stored choices. */
static enum uc_status
check_prefs(json_t *in, json_t *j_cur, struct uc_error *err)
{
	const char *url = str(in, "webhook_url");
	const char *sec = str(in, "webhook_secret");
	int hook = url ? *url != '\0' : json_is_string(json_object_get(j_cur,
	    "webhook_url"));
	char field[64];
	json_t *j_k;
	size_t i;
	int bad = 0;

	json_array_foreach(json_object_get(in, "kinds"), i, j_k)
		if (!uc_notify_kind_known(str(j_k, "kind"))) {
			snprintf(field, sizeof(field), "kinds[%zu].kind", i);
			bad = 1;
			uc_error_field(err, field, "enum", "kind is one of "
			    "incident.serious, task.assigned");
		}
	if (url != NULL && *url != '\0' && !uc_webhook_url_ok(url))
		bad = uc_error_field(err, "webhook_url", "format", "webhook_url"
		    " is an http:// or https:// URL") != UC_OK;
	if (sec != NULL && !secret_ok(sec))
		bad = uc_error_field(err, "webhook_secret", "format",
		    "webhook_secret is %d to %d printable characters",
		    SECRET_MIN, SECRET_MAX) != UC_OK;
	if (sec != NULL && !hook)
		bad = uc_error_field(err, "webhook_secret", "unexpected",
		    "webhook_secret goes with a webhook_url") != UC_OK;
	if (!hook && wants_hook(in, j_cur))
		bad = uc_error_field(err, "webhook_url", "required", "a kind "
		    "sent by webhook needs a webhook_url") != UC_OK;
	return bad ? UC_EVALID : UC_OK;
}

/* The version moves first: a racing change waits on it, then fails. */
static enum uc_status
bump(struct uc_ctx *ctx, const struct prefs_user *u, int64_t version,
    struct uc_error *err)
{
	int64_t n = 0;
	enum uc_status rc;

	if (version != u->version)
		return uc_error_set(err, UC_EPRECOND, "your notification "
		    "choices changed since you read them (version %" PRId64
		    ", yours %" PRId64 "): reload and apply your change again",
		    u->version, version);
	if (u->settings)
		rc = uc_store_run(ctx->st, &n, err, "UPDATE notify_settings SET"
		    " version = version + 1 WHERE user_id = ? AND version = ?",
		    "ii", u->id, version);
	else
		rc = uc_store_run(ctx->st, &n, err, "INSERT INTO"
		    " notify_settings (user_id, version) VALUES (?, 2) ON"
		    " CONFLICT (user_id) DO NOTHING", "i", u->id);
	if (rc == UC_OK && n != 1)
		rc = uc_error_set(err, UC_EPRECOND, "your notification choices"
		    " changed meanwhile: reload and apply your change again");
	return rc;
}

static enum uc_status
write_kinds(struct uc_ctx *ctx, int64_t uid, json_t *in, json_t *j_cur,
    struct uc_error *err)
{
	json_t *j_k, *j_c, *e, *w;
	size_t i, k;
	enum uc_status rc = UC_OK;

	json_array_foreach(json_object_get(in, "kinds"), i, j_k) {
		e = json_object_get(j_k, "email");
		w = json_object_get(j_k, "webhook");
		json_array_foreach(json_object_get(j_cur, "kinds"), k, j_c)
			if (json_equal(json_object_get(j_c, "kind"),
			    json_object_get(j_k, "kind"))) {
				e = e ? e : json_object_get(j_c, "email");
				w = w ? w : json_object_get(j_c, "webhook");
			}
		if (rc == UC_OK)
			rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
			    " notify_prefs (user_id, kind, email, webhook)"
			    " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, kind)"
			    " DO UPDATE SET email = excluded.email, webhook ="
			    " excluded.webhook", "isbb", uid, str(j_k, "kind"),
			    json_is_true(e), json_is_true(w));
	}
	return rc;
}

/* The person's webhook: removed, its URL changed, or created (with the
 * secret given, or one made here: *made). */
static enum uc_status
write_hook(struct uc_ctx *ctx, int64_t uid, json_t *in, json_t *j_cur,
    char *made, struct uc_error *err)
{
	const char *url = str(in, "webhook_url");
	const char *sec = str(in, "webhook_secret");
	const char *now;
	char tmp[UC_TIME_ISO_LEN + 1];

	uc_time_format(ctx->now, tmp, sizeof(tmp));
	now = tmp;
	if (url == NULL)
		return UC_OK;
	if (*url == '\0')
		return uc_store_run(ctx->st, NULL, err, "DELETE FROM webhooks"
		    " WHERE user_id = ?", "i", uid);
	if (json_is_string(json_object_get(j_cur, "webhook_url")))
		return uc_store_run(ctx->st, NULL, err, "UPDATE webhooks SET"
		    " url = ?, secret = COALESCE(?, secret), version = version"
		    " + 1, updated_at = ? WHERE user_id = ?", "sssi", url, sec,
		    now, uid);
	if (sec == NULL) {
		uc_secret_token("whsec_", made, 64);
		sec = made;
	}
	return uc_store_run(ctx->st, NULL, err, "INSERT INTO webhooks"
	    " (user_id, url, secret, created_by, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?)", "ississ", uid, url, sec, uid, now,
	    now);
}

enum uc_status
uc_notify_prefs_put(struct uc_ctx *ctx, int64_t version, json_t *in,
    json_t **out, struct uc_error *err)
{
	struct prefs_user u;
	json_t *j_cur = NULL;
	char made[64] = "";
	enum uc_status rc;

	*out = NULL;
	if ((rc = uc_store_begin(ctx->st, err)) != UC_OK)
		return rc;
	rc = self(ctx, &u, err);
	if (rc == UC_OK)
		rc = read_prefs(ctx, &u, &j_cur, err);
	if (rc == UC_OK)
		rc = bump(ctx, &u, version, err);
	if (rc == UC_OK)
		rc = check_prefs(in, j_cur, err);
	if (rc == UC_OK)
		rc = write_kinds(ctx, u.id, in, j_cur, err);
	if (rc == UC_OK)
		rc = write_hook(ctx, u.id, in, j_cur, made, err);
	if (rc == UC_OK)
		rc = self(ctx, &u, err);
	if (rc == UC_OK)
		rc = read_prefs(ctx, &u, out, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "notify.update", "user",
		    uc_arena_printf(ctx->arena, "%" PRId64, u.id), u.unit_id,
		    j_cur, *out, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	json_decref(j_cur);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	} else if (*made) {
		json_object_set_new(*out, "webhook_secret", json_string(made));
	}
	sodium_memzero(made, sizeof(made));
	return rc;
}
