/*
 * audit.c - see audit.h.
 */
#include "domain/audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void
put(crypto_generichash_state *h, const char *s)
{
	char len[24];

	if (s == NULL)
		s = "";
	snprintf(len, sizeof(len), "%zu:", strlen(s));
	crypto_generichash_update(h, (const unsigned char *)len, strlen(len));
	crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
	crypto_generichash_update(h, (const unsigned char *)"\n", 1);
}

static void
put_i64(crypto_generichash_state *h, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%" PRId64, v);
	put(h, num);
}

void
uc_audit_hash(const struct uc_audit_entry *e, char *out)
{
	crypto_generichash_state h;
	unsigned char md[32];

	crypto_generichash_init(&h, NULL, 0, sizeof(md));
	put(&h, e->prev_hash);
	put_i64(&h, e->id);
	put(&h, e->at);
	put_i64(&h, e->actor_id);
	put(&h, e->actor_login);
	put(&h, e->source);
	put(&h, e->action);
	put(&h, e->object_type);
	put(&h, e->object_id);
	put_i64(&h, e->unit_id);
	put(&h, e->before_digest);
	put(&h, e->after_digest);
	crypto_generichash_final(&h, md, sizeof(md));
	sodium_bin2hex(out, UC_AUDIT_HEX, md, sizeof(md));
}

void
uc_audit_digest(const char *canonical_json, char *out)
{
	unsigned char md[32];

	if (canonical_json == NULL) {
		memcpy(out, "-", 2);
		return;
	}
	crypto_generichash(md, sizeof(md),
	    (const unsigned char *)canonical_json, strlen(canonical_json),
	    NULL, 0);
	sodium_bin2hex(out, UC_AUDIT_HEX, md, sizeof(md));
}
