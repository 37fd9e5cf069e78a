/*
 * observable.h - the observables of an incident (indicators: addresses,
 * names, hashes, accounts) and their one canonical text form, so that
 * the same indicator pasted twice, in two spellings, is stored once.
 *
 * Types and canonical forms:
 *   ipv4      dotted quad, no leading zeros ("01.2.3.4" is refused)
 *   ipv6      RFC 5952: lower case, longest zero run as "::",
 *             "::ffff:1.2.3.4" for IPv4-mapped addresses
 *   cidr      canonical address "/" prefix; host bits must be zero
 *   domain    lower-case A-labels (IDN as punycode "xn--"), no
 *             trailing dot, at least two labels, TLD not all digits
 *   url       http, https or ftp; scheme and host lower case, host as
 *             a domain or an IP, default port dropped, empty path
 *             written "/", user info and path kept byte for byte
 *   email     dot-atom local part kept as is, "@", a domain as above
 *   md5 sha1 sha256   hex of the exact length, lower case
 *   filename  1-255 bytes of UTF-8, no '/' and no control character,
 *             kept byte for byte (not trimmed)
 *   account   1-256 bytes of UTF-8, no control character
 * Every type but filename ignores ASCII white space around the value.
 * Normalising a canonical form gives it back unchanged.
 */
#ifndef UC_OBSERVABLE_H
#define UC_OBSERVABLE_H

#include "core/status.h"

#include <stddef.h>

/* Longest canonical form in bytes, without the NUL: a URL with 8 bytes
 * of scheme, 256 of user info, a 255-byte host, a port, 2048 of path. */
#define UC_OBSERVABLE_MAX	2600
/* Longest value accepted before any parsing. */
#define UC_OBSERVABLE_INPUT_MAX	4096

/* The type names, NULL-terminated, in a stable order. */
extern const char *const uc_observable_types[];

/* 1 when type is one of uc_observable_types, else 0. */
int uc_observable_type_valid(const char *type);

/*
 * Validate value as an observable of type and write its canonical form
 * to out (always NUL-terminated when outlen > 0; "" on failure). out
 * may be the buffer that holds value.
 * UC_EVALID with a field error: "type" (code "enum") for an unknown
 * type, "value" (code "required" when empty, else "format") naming what
 * is wrong. UC_ETOOBIG when outlen is too small for the canonical form,
 * which UC_OBSERVABLE_MAX + 1 bytes never are.
 */
enum uc_status uc_observable_normalise(const char *type, const char *value,
    char *out, size_t outlen, struct uc_error *err) UC_WUR;

/*
 * The most likely type of a pasted value (hashes by length, then URL,
 * CIDR, IP, email, file name by extension, domain, DOMAIN\user
 * account), or NULL when none fits. The result is one of
 * uc_observable_types; normalising value under it succeeds.
 */
const char *uc_observable_guess(const char *value);

#endif
