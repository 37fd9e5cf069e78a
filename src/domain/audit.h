/*
 * audit.h - the hash chain of the audit log, as pure functions.
 *
 * hash(n) = BLAKE2b-256(hash(n-1) || canonical(entry n)), hex encoded.
 * The canonical form writes every field as "<length>:<bytes>\n" in a
 * fixed order, so no value can be shifted into its neighbour.
 */
#ifndef UC_AUDIT_H
#define UC_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#define UC_AUDIT_HEX 65		/* 64 hex digits and a NUL */
#define UC_AUDIT_ZERO \
	"0000000000000000000000000000000000000000000000000000000000000000"

struct uc_audit_entry {
	int64_t id;
	const char *at;
	int64_t actor_id;	/* 0: no user (the system, a failed login) */
	const char *actor_login;
	const char *source;
	const char *action;
	const char *object_type;
	const char *object_id;
	int64_t unit_id;	/* 0: none */
	const char *before_digest;
	const char *after_digest;
	const char *prev_hash;
};

/* The entry's hash given its prev_hash; out gets UC_AUDIT_HEX bytes. */
void uc_audit_hash(const struct uc_audit_entry *e, char *out);
/* Digest of an object's canonical JSON text; "-" for none (NULL). */
void uc_audit_digest(const char *canonical_json, char *out);

#endif
