/*
 * secret.h - random tokens and their stored digests.
 *
 * Tokens are 32 random bytes in unpadded base64url; the database keeps
 * only the hex SHA-256 of a token, never the token.
 */
#ifndef UC_SECRET_H
#define UC_SECRET_H

#include <stddef.h>

#define UC_TOKEN_LEN 44		/* 43 characters and a NUL */
#define UC_DIGEST_HEX 65

/* A fresh random token with an optional prefix; out holds 64 bytes. */
void uc_secret_token(const char *prefix, char *out, size_t len);
/* Hex SHA-256 of s. */
void uc_secret_digest(const char *s, char *out);
/* The CSRF token bound to a session token (a keyed BLAKE2b of it). */
void uc_secret_csrf(const char *session_token, char *out, size_t len);

#endif
