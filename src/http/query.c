/*
 * query.c - see query.h.
 */
#include "http/query.h"
#include "core/arena.h"
#include "core/parse.h"

#include <string.h>

char *
uc_query_decode(struct uc_arena *a, const char *s, size_t n, int plus)
{
	char *out = uc_arena_alloc(a, n + 1), *o = out;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= n || (hi = uc_hex_digit(s[i + 1])) < 0 ||
			    (lo = uc_hex_digit(s[i + 2])) < 0 || (hi | lo) == 0)
				return NULL;
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus) {
			*o++ = ' ';
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	if (uc_utf8_len(out, (size_t)(o - out)) < 0)
		return NULL;
	return out;
}

static enum uc_status
add_pair(struct uc_arena *a, const char *p, size_t n, struct uc_query *q,
    struct uc_error *err)
{
	const char *eq = memchr(p, '=', n);
	size_t nl = eq ? (size_t)(eq - p) : n;
	char *name, *value;
	size_t i;

	name = uc_query_decode(a, p, nl, 1);
	value = eq ? uc_query_decode(a, eq + 1, n - nl - 1, 1) :
	    uc_arena_strdup(a, "");
	if (name == NULL || value == NULL || *name == '\0')
		return uc_error_field(err, "query", "format", "the query "
		    "string has a malformed parameter");
	for (i = 0; i < q->n; i++)
		if (strcmp(q->name[i], name) == 0)
			return uc_error_field(err, name, "duplicate", "query "
			    "parameter %s is given twice", name);
	if (q->n == UC_QUERY_MAX)
		return uc_error_field(err, "query", "too_long", "the query "
		    "string has too many parameters");
	q->name[q->n] = name;
	q->value[q->n++] = value;
	return UC_OK;
}

enum uc_status
uc_query_parse(struct uc_arena *a, const char *raw, struct uc_query *q,
    struct uc_error *err)
{
	const char *p = raw, *amp;
	enum uc_status rc;

	q->n = 0;
	while (p != NULL && *p != '\0') {
		amp = strchr(p, '&');
		if ((amp ? amp : p + strlen(p)) != p) {
			rc = add_pair(a, p, amp ? (size_t)(amp - p) :
			    strlen(p), q, err);
			if (rc != UC_OK)
				return rc;
		}
		p = amp ? amp + 1 : NULL;
	}
	return UC_OK;
}

const char *
uc_query_get(const struct uc_query *q, const char *name)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (strcmp(q->name[i], name) == 0)
			return q->value[i];
	return NULL;
}

enum uc_status
uc_query_only(const struct uc_query *q, const char *const *allowed,
    struct uc_error *err)
{
	const char *const *a;
	size_t i;

	for (i = 0; i < q->n; i++) {
		for (a = allowed; *a != NULL; a++)
			if (strcmp(*a, q->name[i]) == 0)
				break;
		if (*a == NULL)
			return uc_error_field(err, q->name[i], "unknown_field",
			    "unknown query parameter %s", q->name[i]);
	}
	return UC_OK;
}
