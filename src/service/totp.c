/*
 * totp.c - see totp.h. liboath does the RFC 6238 arithmetic and base32;
 * libqrencode draws the enrolment QR code.
 */
#include "service/totp.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/time.h"
#include "service/audit.h"
#include "service/secret.h"
#include "store/store.h"

#include <inttypes.h>
#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP 30
#define SECRET_BYTES 20

static int
matches(const char *raw, size_t rawlen, int64_t step, const char *code)
{
	char gen[8];

	return oath_totp_generate(raw, rawlen, (time_t)(step * STEP), STEP, 0,
	    6, gen) == OATH_OK && sodium_memcmp(gen, code, 6) == 0;
}

int
uc_totp_check(const char *secret_b32, const char *code, int64_t now_s,
    int64_t last_step, int64_t *step)
{
	char *raw = NULL;
	size_t rawlen = 0;
	int64_t s, cur = now_s / STEP;
	int ok = 0;

	if (secret_b32 == NULL || code == NULL || strlen(code) != 6 ||
	    strspn(code, "0123456789") != 6)
		return 0;
	if (oath_base32_decode(secret_b32, strlen(secret_b32), &raw,
	    &rawlen) != OATH_OK)
		return 0;
	for (s = cur - 1; s <= cur + 1 && !ok; s++) {
		if (s > last_step && matches(raw, rawlen, s, code)) {
			*step = s;
			ok = 1;
		}
	}
	sodium_memzero(raw, rawlen);
	free(raw);	/* liboath's allocation */
	return ok;
}

static void
svg_cells(struct uc_buf *b, const QRcode *qr)
{
	int x, y;

	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1 &&
			    uc_buf_appendf(b, "M%d %dh1v1h-1z", x + 4, y + 4)
			    != UC_OK)
				return;
}

char *
uc_totp_qr_svg(struct uc_ctx *ctx, const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	struct uc_buf b;
	char *svg;
	int w;

	if (qr == NULL)
		return NULL;
	w = qr->width + 8;
	uc_buf_init(&b, 1 << 20);
	if (uc_buf_appendf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path d=\"",
	    w, w, w, w) == UC_OK) {
		svg_cells(&b, qr);
		if (uc_buf_appends(&b, "\" fill=\"#000\"/></svg>") != UC_OK)
			b.len = 0;
	}
	QRcode_free(qr);
	svg = uc_arena_strdup(ctx->arena, b.data ? b.data : "");
	uc_buf_cleanup(&b);
	return svg;
}

static char *
new_secret(struct uc_ctx *ctx)
{
	char raw[SECRET_BYTES], *b32 = NULL, *out;
	size_t len = 0;

	randombytes_buf(raw, sizeof(raw));
	if (oath_base32_encode(raw, sizeof(raw), &b32, &len) != OATH_OK)
		return NULL;
	sodium_memzero(raw, sizeof(raw));
	out = uc_arena_strndup(ctx->arena, b32, len);
	free(b32);	/* liboath's allocation */
	return out;
}

enum uc_status
uc_totp_begin(struct uc_ctx *ctx, json_t **out, struct uc_error *err)
{
	char *secret = new_secret(ctx), *uri, *svg;
	enum uc_status rc;

	if (secret == NULL)
		return uc_error_set(err, UC_EINTERNAL, "cannot make a secret");
	uri = uc_arena_printf(ctx->arena, "otpauth://totp/ungcuu:%s?"
	    "secret=%s&issuer=ungcuu&algorithm=SHA1&digits=6&period=30",
	    ctx->actor.login, secret);
	svg = uc_totp_qr_svg(ctx, uri);
	rc = uc_store_run(ctx->st, NULL, err, "UPDATE users SET"
	    " totp_pending = ? WHERE id = ?", "si", secret,
	    ctx->actor.user_id);
	if (rc != UC_OK)
		return rc;
	*out = json_pack("{ss ss ss}", "secret", secret, "otpauth_uri", uri,
	    "qr_svg", svg ? svg : "");
	return UC_OK;
}

static void
recovery_code(char *out, size_t len)
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	char c[10];
	size_t i;

	for (i = 0; i < sizeof(c); i++)
		c[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	snprintf(out, len, "%.5s-%.5s", c, c + 5);
}

static enum uc_status
store_codes(struct uc_ctx *ctx, json_t *j_codes, struct uc_error *err)
{
	char code[16], digest[UC_DIGEST_HEX];
	enum uc_status rc;
	int i;

	rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM recovery_codes"
	    " WHERE user_id = ?", "i", ctx->actor.user_id);
	for (i = 0; rc == UC_OK && i < UC_RECOVERY_CODES; i++) {
		recovery_code(code, sizeof(code));
		uc_secret_digest(code, digest);
		json_array_append_new(j_codes, json_string(code));
		rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
		    " recovery_codes (user_id, code_hash) VALUES (?, ?)",
		    "is", ctx->actor.user_id, digest);
	}
	return rc;
}

static enum uc_status
pending_secret(struct uc_ctx *ctx, char **secret, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*secret = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT totp_pending FROM users"
	    " WHERE id = ?", "i", ctx->actor.user_id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row && !uc_stmt_null(s, 0))
		*secret = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
	uc_stmt_done(s);
	if (rc == UC_OK && *secret == NULL)
		rc = uc_error_set(err, UC_ECONFLICT, "start the enrolment "
		    "first (POST /api/v1/me/totp)");
	return rc;
}

enum uc_status
uc_totp_confirm(struct uc_ctx *ctx, const char *code, json_t **out,
    struct uc_error *err)
{
	json_t *j_codes = json_array();
	char *secret = NULL, oid[32];
	enum uc_status rc;
	int64_t step = 0;

	*out = NULL;
	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = pending_secret(ctx, &secret, err);
	if (rc == UC_OK && !uc_totp_check(secret, code, ctx->now / 1000, 0,
	    &step))
		rc = uc_error_field(err, "code", "format", "the code does not "
		    "match; check the phone's clock and try the next code");
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE users SET"
		    " totp_secret = totp_pending, totp_pending = NULL,"
		    " totp_last_step = ?, version = version + 1 WHERE id = ?",
		    "ii", step, ctx->actor.user_id);
	if (rc == UC_OK)
		rc = store_codes(ctx, j_codes, err);
	snprintf(oid, sizeof(oid), "%" PRId64, ctx->actor.user_id);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "user.totp_enable", "user", oid, 0,
		    NULL, NULL, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	if (rc != UC_OK) {
		json_decref(j_codes);
		return rc;
	}
	*out = json_pack("{so}", "recovery_codes", j_codes);
	return UC_OK;
}

enum uc_status
uc_totp_use_recovery(struct uc_ctx *ctx, int64_t user_id, const char *code,
    struct uc_error *err)
{
	char digest[UC_DIGEST_HEX], now[UC_TIME_ISO_LEN + 1];
	int64_t changed = 0;
	enum uc_status rc;

	uc_secret_digest(code, digest);
	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_run(ctx->st, &changed, err, "UPDATE recovery_codes SET"
	    " used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS"
	    " NULL", "sis", now, user_id, digest);
	if (rc == UC_OK && changed == 0)
		rc = UC_ECREDS;
	return rc;
}
