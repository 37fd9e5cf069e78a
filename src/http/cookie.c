/*
 * cookie.c - see cookie.h. Tokens ungcuu issues are base64url with an
 * optional "uct_" prefix, so anything else is refused outright.
 */
#include "http/cookie.h"

#include <string.h>
#include <strings.h>

static int
token_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static enum uc_status
copy_token(const char *s, size_t n, char *out, size_t len)
{
	size_t i;

	if (n == 0 || n >= len || n > UC_CREDENTIAL_MAX)
		return UC_EINVAL;
	for (i = 0; i < n; i++)
		if (!token_char(s[i]))
			return UC_EINVAL;
	memcpy(out, s, n);
	out[n] = '\0';
	return UC_OK;
}

enum uc_status
uc_cookie_find(const char *header, const char *name, char *out, size_t len)
{
	size_t nl = strlen(name);
	const char *p = header;

	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, ';');
		size_t n;

		while (*p == ' ' || *p == '\t')
			p++;
		n = end ? (size_t)(end - p) : strlen(p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
			const char *v = p + nl + 1;
			size_t vl = n - nl - 1;

			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
				v++;
				vl -= 2;
			}
			return copy_token(v, vl, out, len);
		}
		p = end ? end + 1 : NULL;
	}
	return UC_ENOTFOUND;
}

enum uc_status
uc_cookie_bearer(const char *header, char *out, size_t len)
{
	const char *p = header;
	size_t n;

	if (strncasecmp(p, "Bearer", 6) != 0 || (p[6] != ' ' && p[6] !=
	    '\0'))
		return UC_ENOTFOUND;
	p += 6;
	while (*p == ' ')
		p++;
	n = strlen(p);
	while (n > 0 && p[n - 1] == ' ')
		n--;
	return copy_token(p, n, out, len);
}
