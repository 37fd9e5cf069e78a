/*
 * secret.c - see secret.h.
 */
#include "service/secret.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

void
uc_secret_token(const char *prefix, char *out, size_t len)
{
	unsigned char raw[32];
	char b64[UC_TOKEN_LEN + 4];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(out, len, "%s%s", prefix ? prefix : "", b64);
	sodium_memzero(raw, sizeof(raw));
}

void
uc_secret_digest(const char *s, char *out)
{
	unsigned char md[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(md, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, UC_DIGEST_HEX, md, sizeof(md));
}

void
uc_secret_csrf(const char *session_token, char *out, size_t len)
{
	static const unsigned char key[] = "ungcuu csrf v1 key, not secret";
	unsigned char md[32];
	char b64[64];

	crypto_generichash(md, sizeof(md),
	    (const unsigned char *)session_token, strlen(session_token), key,
	    sizeof(key) - 1);
	sodium_bin2base64(b64, sizeof(b64), md, sizeof(md),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(out, len, "%s", b64);
}
