/*
 * session.c - sign-in, sign-out and the actor's own account (/me).
 */
#include "api/api.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/cookie.h"
#include "http/json.h"
#include "http/server.h"
#include "service/auth.h"
#include "service/totp.h"
#include "service/user.h"

#include <sodium.h>
#include <string.h>

static const struct uc_jfield login_spec[] = {
	{ "login", UC_JSTR, 1, 0, NULL },
	{ "password", UC_JSTR, 1, 0, NULL },
	{ "totp", UC_JSTR, 0, 1, NULL },
	{ "recovery_code", UC_JSTR, 0, 1, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const char *
str(json_t *j, const char *k)
{
	return json_string_value(json_object_get(j, k));
}

static void
set_cookie(struct uc_req *req, const char *token, long max_age)
{
	uc_req_set_header(req, "Set-Cookie", uc_arena_printf(req->arena,
	    "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s",
	    UC_COOKIE_NAME, token, max_age, uc_server_tls() ? "; Secure" :
	    ""));
}

static void
session_reply(struct uc_req *req, int status,
    const struct uc_session_out *out, struct uc_error *err)
{
	json_t *j_user = NULL;

	req->ctx.actor.user_id = out->user_id;
	if (uc_user_me(&req->ctx, &j_user, err) != UC_OK)
		j_user = json_null();
	set_cookie(req, out->token, (long)uc_cfg.session_absolute);
	uc_req_json(req, status, json_pack("{so ss ss}", "user", j_user,
	    "csrf_token", out->csrf, "expires_at", out->expires_at));
}

enum uc_status
api_session_create(struct uc_req *req, struct uc_error *err)
{
	struct uc_session_out out;
	struct uc_login in;
	json_t *j_in = NULL;
	enum uc_status rc;

	if ((rc = uc_req_body(req, login_spec, &j_in, err)) != UC_OK)
		return rc;
	in.login = str(j_in, "login");
	in.password = str(j_in, "password");
	in.totp = str(j_in, "totp");
	in.recovery_code = str(j_in, "recovery_code");
	rc = uc_auth_login(&req->ctx, &in, &out, err);
	if (rc == UC_OK)
		session_reply(req, 201, &out, err);
	sodium_memzero(&out, sizeof(out));
	json_decref(j_in);
	return rc;
}

enum uc_status
api_session_delete(struct uc_req *req, struct uc_error *err)
{
	enum uc_status rc = uc_auth_logout(&req->ctx, err);

	if (rc != UC_OK)
		return rc;
	set_cookie(req, "", 0);
	req->status = 204;
	return UC_OK;
}

/*
 * What the person's roles allow somewhere in their scope, by name: the
 * pages use it to show only what can work (the menu, a button); every
 * request is still checked in the service layer.
 */
static json_t *
permissions_json(const struct uc_actor *a)
{
	json_t *j = json_array();
	int p;
	size_t i;

	for (p = 0; p < UC_PERM_COUNT; p++)
		for (i = 0; i < a->ngrants; i++)
			if (uc_perm_role_has(a->grants[i].role, p)) {
				json_array_append_new(j,
				    json_string(uc_perm_name(p)));
				break;
			}
	return j;
}

enum uc_status
api_me_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j_me = NULL;
	char csrf[64];
	enum uc_status rc = uc_user_me(&req->ctx, &j_me, err);

	if (rc != UC_OK)
		return rc;
	json_object_set_new(j_me, "must_enrol_totp",
	    json_boolean(req->ctx.actor.restricted));
	json_object_set_new(j_me, "permissions",
	    permissions_json(&req->ctx.actor));
	if (req->cookie_auth) {
		uc_secret_csrf(req->session_token, csrf, sizeof(csrf));
		json_object_set_new(j_me, "csrf_token", json_string(csrf));
	}
	uc_req_json_etag(req, 200, j_me);
	return UC_OK;
}

static const struct uc_jfield password_spec[] = {
	{ "current_password", UC_JSTR, 1, 0, NULL },
	{ "new_password", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

enum uc_status
api_me_password(struct uc_req *req, struct uc_error *err)
{
	struct uc_session_out out;
	json_t *j_in = NULL;
	enum uc_status rc;

	if ((rc = uc_req_body(req, password_spec, &j_in, err)) != UC_OK)
		return rc;
	memset(&out, 0, sizeof(out));
	rc = uc_user_change_password(&req->ctx, str(j_in, "current_password"),
	    str(j_in, "new_password"), req->cookie_auth ? &out : NULL, err);
	json_decref(j_in);
	if (rc != UC_OK)
		return rc;
	/* the session rotates: the new cookie comes with the reply, and
	 * GET /api/v1/me gives its CSRF token */
	if (req->cookie_auth)
		set_cookie(req, out.token, (long)uc_cfg.session_absolute);
	req->status = 204;
	sodium_memzero(&out, sizeof(out));
	return UC_OK;
}

enum uc_status
api_me_totp_begin(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	enum uc_status rc = uc_totp_begin(&req->ctx, &j_out, err);

	if (rc == UC_OK)
		uc_req_json(req, 201, j_out);
	return rc;
}

static const struct uc_jfield confirm_spec[] = {
	{ "code", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

enum uc_status
api_me_totp_confirm(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc;

	if ((rc = uc_req_body(req, confirm_spec, &j_in, err)) != UC_OK)
		return rc;
	rc = uc_totp_confirm(&req->ctx, str(j_in, "code"), &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, 200, j_out);
	return rc;
}
