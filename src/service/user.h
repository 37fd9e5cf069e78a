/*
 * user.h - accounts: list, get, create, update, disable, roles,
 * password. Users are JSON objects here (fields in
 * docs/internals/api-contract.md); a user is in an actor's scope when
 * the user's home unit is.
 */
#ifndef UC_USER_H
#define UC_USER_H

#include "core/status.h"
#include "service/auth.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

enum uc_status uc_user_list(struct uc_ctx *ctx, int64_t cursor, int limit,
    json_t **out, int64_t *next, struct uc_error *err) UC_WUR;
enum uc_status uc_user_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err) UC_WUR;
/* The actor's own record, with roles (no permission needed). */
enum uc_status uc_user_me(struct uc_ctx *ctx, json_t **out,
    struct uc_error *err) UC_WUR;
enum uc_status uc_user_find(struct uc_ctx *ctx, const char *login,
    int64_t *id, struct uc_error *err) UC_WUR;
/* in: login, full_name, email?, phone?, unit_id, password, roles? */
enum uc_status uc_user_create(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
/* in: any of full_name, email, phone, unit_id. */
enum uc_status uc_user_update(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
    UC_WUR;
enum uc_status uc_user_disable(struct uc_ctx *ctx, int64_t id,
    json_t **out, struct uc_error *err) UC_WUR;
/* Replace the grants the actor may manage; version -1 skips the check. */
enum uc_status uc_user_set_roles(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *roles, json_t **out, struct uc_error *err)
    UC_WUR;
/* The actor changes their own password; other sessions end and a new
 * one is opened into *sess (when sess is not NULL). */
enum uc_status uc_user_change_password(struct uc_ctx *ctx,
    const char *current, const char *password,
    struct uc_session_out *sess, struct uc_error *err) UC_WUR;
/* An administrator sets a user's password (CLI). */
enum uc_status uc_user_set_password(struct uc_ctx *ctx, int64_t id,
    const char *password, struct uc_error *err) UC_WUR;

#endif
