/*
 * auth.h - sign-in, sessions, API tokens and the login throttle.
 */
#ifndef UC_AUTH_H
#define UC_AUTH_H

#include "core/status.h"
#include "service/ctx.h"
#include "service/secret.h"

#include <jansson.h>

struct uc_login {
	const char *login;
	const char *password;
	const char *totp;		/* may be NULL */
	const char *recovery_code;	/* may be NULL */
};

struct uc_session_out {
	char token[UC_TOKEN_LEN + 8];	/* the cookie value */
	char csrf[64];
	char expires_at[32];
	int64_t user_id;
};

/* Prepare the dummy hash that equalises timing for unknown logins. */
void uc_auth_init(void);

/* Check credentials, throttle, second factor; open a session. */
enum uc_status uc_auth_login(struct uc_ctx *ctx, const struct uc_login *in,
    struct uc_session_out *out, struct uc_error *err) UC_WUR;
/* End the actor's session. */
enum uc_status uc_auth_logout(struct uc_ctx *ctx, struct uc_error *err)
    UC_WUR;
/* Resolve a session cookie into ctx->actor (grants loaded). */
enum uc_status uc_auth_session(struct uc_ctx *ctx, const char *token,
    struct uc_error *err) UC_WUR;
/* Resolve a bearer token into ctx->actor (grants loaded). */
enum uc_status uc_auth_bearer(struct uc_ctx *ctx, const char *token,
    struct uc_error *err) UC_WUR;
/* End every session of a user (after a password or role change). */
enum uc_status uc_auth_revoke_sessions(struct uc_ctx *ctx, int64_t user_id,
    struct uc_error *err) UC_WUR;
/* Open a session for the actor (rotation after a privilege change). */
enum uc_status uc_auth_new_session(struct uc_ctx *ctx, int64_t user_id,
    struct uc_session_out *out, struct uc_error *err) UC_WUR;

/* Hash a password with argon2id (interactive limits); out gets
 * crypto_pwhash_STRBYTES bytes. */
enum uc_status uc_auth_hash_password(const char *pw, char *out,
    struct uc_error *err) UC_WUR;
int uc_auth_check_password(const char *hash, const char *pw);

#endif
