/*
 * idempotency.h - replaying creates sent twice with one Idempotency-Key.
 *
 * A client that retries a POST with the same key and the same body gets
 * the first reply again instead of a second object; the same key with
 * another body is refused. Keys are per user and kept for 24 hours.
 */
#ifndef UC_IDEMPOTENCY_H
#define UC_IDEMPOTENCY_H

#include "core/status.h"
#include "service/ctx.h"

/* Look the key up: *found = -1 while another request runs it, 1 with
 * the stored status and body (arena),
 * UC_ECONFLICT when the key was used for another request. */
enum uc_status uc_idem_lookup(struct uc_ctx *ctx, const char *key,
    const char *request_hash, int *found, int *status, char **body,
    struct uc_error *err) UC_WUR;
/* Claim the key before running the request (*claimed = 0 when another
 * request holds it); release drops an unfinished claim. */
enum uc_status uc_idem_claim(struct uc_ctx *ctx, const char *key,
    const char *request_hash, int *claimed, struct uc_error *err) UC_WUR;
enum uc_status uc_idem_release(struct uc_ctx *ctx, const char *key,
    struct uc_error *err) UC_WUR;
/* Remember a successful reply (fills the claimed row). */
enum uc_status uc_idem_store(struct uc_ctx *ctx, const char *key,
    const char *request_hash, int status, const char *body,
    struct uc_error *err) UC_WUR;

#endif
