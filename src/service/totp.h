/*
 * totp.h - the second factor: TOTP (RFC 6238, 30 s, 6 digits, SHA-1,
 * one step of clock drift either way) and single-use recovery codes.
 */
#ifndef UC_TOTP_H
#define UC_TOTP_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

#define UC_RECOVERY_CODES 10

/* Is `code` valid for the base32 secret at `now_s`, for a step later
 * than `last_step` (no replay)? *step gets the step it matched. */
int uc_totp_check(const char *secret_b32, const char *code, int64_t now_s,
    int64_t last_step, int64_t *step);
/* Start enrolment for the actor: {secret, otpauth_uri, qr_svg}. */
enum uc_status uc_totp_begin(struct uc_ctx *ctx, json_t **out,
    struct uc_error *err) UC_WUR;
/* Confirm with a code; enables TOTP, returns {recovery_codes:[...]}. */
enum uc_status uc_totp_confirm(struct uc_ctx *ctx, const char *code,
    json_t **out, struct uc_error *err) UC_WUR;
/* Spend one recovery code of the user; UC_ECREDS when none matches. */
enum uc_status uc_totp_use_recovery(struct uc_ctx *ctx, int64_t user_id,
    const char *code, struct uc_error *err) UC_WUR;
/* Render text as a QR code in SVG (arena memory). */
char *uc_totp_qr_svg(struct uc_ctx *ctx, const char *text);

#endif
