/*
 * subscription.h - a unit's webhook subscriptions: an http(s) URL that
 * receives the kinds of message it names (service/notify.h) for the
 * incidents of the unit and of the units below it, as signed JSON POSTs
 * (exchange/webhook.h).
 *
 * They are the unit's administrators': every function needs unit.write
 * over the subscription's unit (service/access.c; out of scope is "no
 * such webhook"). The secret that keys the signature is set by the
 * caller or made by the server; it is shown once, when the server made
 * it, and never read back. A person's own webhook is not one of these:
 * it is among their notification choices (uc_notify_prefs_put).
 *
 * JSON: {id, unit_id, unit_code, url, kinds, description, active,
 * version, created_at, updated_at}; results are the caller's.
 */
#ifndef UC_SUBSCRIPTION_H
#define UC_SUBSCRIPTION_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* Those the actor administers, of unit_id and below (0: all). */
enum uc_status uc_subscription_list(struct uc_ctx *ctx, int64_t unit_id,
    json_t **out, struct uc_error *err) UC_WUR;
enum uc_status uc_subscription_get(struct uc_ctx *ctx, int64_t id,
    json_t **out, struct uc_error *err) UC_WUR;
/* in: unit_id, url, kinds, description?, active?, secret?. A secret the
 * server made is in the reply, once, as "secret". */
enum uc_status uc_subscription_create(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
/* patch: url, kinds, description, active, secret; version: If-Match. */
enum uc_status uc_subscription_update(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *patch, json_t **out, struct uc_error *err)
    UC_WUR;
/* Messages still waiting for it fail ("the webhook was removed"). */
enum uc_status uc_subscription_delete(struct uc_ctx *ctx, int64_t id,
    struct uc_error *err) UC_WUR;

#endif
