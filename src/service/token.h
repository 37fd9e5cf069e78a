/*
 * token.h - API tokens for integrations: a user's bearer credential,
 * shown once at creation, stored as a digest, revocable.
 */
#ifndef UC_TOKEN_H
#define UC_TOKEN_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* Tokens of `user_id` (the actor's own, or any for the system). */
enum uc_status uc_token_list(struct uc_ctx *ctx, int64_t user_id,
    json_t **out, struct uc_error *err) UC_WUR;
/* expires_at may be NULL; *out includes "token" (shown once). */
enum uc_status uc_token_create(struct uc_ctx *ctx, int64_t user_id,
    const char *name, const char *expires_at, json_t **out,
    struct uc_error *err) UC_WUR;
enum uc_status uc_token_revoke(struct uc_ctx *ctx, int64_t token_id,
    struct uc_error *err) UC_WUR;

#endif
