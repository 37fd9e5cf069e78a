/*
 * query.h - application/x-www-form-urlencoded query strings.
 */
#ifndef UC_QUERY_H
#define UC_QUERY_H

#include "core/status.h"

#include <stddef.h>

struct uc_arena;

#define UC_QUERY_MAX 32

struct uc_query {
	size_t n;
	const char *name[UC_QUERY_MAX];
	const char *value[UC_QUERY_MAX];
};

/* Split and percent-decode; refuses bad escapes, NUL bytes, invalid
 * UTF-8, more than UC_QUERY_MAX pairs and repeated names. */
enum uc_status uc_query_parse(struct uc_arena *a, const char *raw,
    struct uc_query *q, struct uc_error *err) UC_WUR;
/* The value of name, or NULL. */
const char *uc_query_get(const struct uc_query *q, const char *name);
/* Refuse any name not in the NULL-terminated list. */
enum uc_status uc_query_only(const struct uc_query *q,
    const char *const *allowed, struct uc_error *err) UC_WUR;
/* Percent-decode s[0..n) into arena memory; '+' becomes a space when
 * plus is set. NULL on a bad escape or NUL byte. */
char *uc_query_decode(struct uc_arena *a, const char *s, size_t n,
    int plus);

#endif
