/*
 * parse.c - see parse.h.
 */
#include "core/parse.h"

#include <string.h>

enum uc_status
uc_parse_digits(const char **p, int width, int64_t min, int64_t max,
    int64_t *out)
{
	const char *s = *p;
	int64_t v = 0;
	int i;

	for (i = 0; i < width; i++) {
		if (s[i] < '0' || s[i] > '9')
			return UC_EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	if (v < min || v > max)
		return UC_EINVAL;
	*out = v;
	*p = s + width;
	return UC_OK;
}

enum uc_status
uc_parse_i64(const char **p, int64_t min, int64_t max, int64_t *out)
{
	const char *s = *p;
	int neg = 0, n = 0;
	uint64_t v = 0, lim;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	while (*s >= '0' && *s <= '9') {
		if (++n > 19 || v > (lim - (uint64_t)(*s - '0')) / 10)
			return UC_EINVAL;
		v = v * 10 + (uint64_t)(*s++ - '0');
	}
	if (n == 0)
		return UC_EINVAL;
	if (neg) {
		if (v == (uint64_t)INT64_MAX + 1) {
			if (INT64_MIN < min)
				return UC_EINVAL;
			*out = INT64_MIN;
			*p = s;
			return UC_OK;
		}
		if (-(int64_t)v < min || -(int64_t)v > max)
			return UC_EINVAL;
		*out = -(int64_t)v;
	} else {
		if ((int64_t)v < min || (int64_t)v > max)
			return UC_EINVAL;
		*out = (int64_t)v;
	}
	*p = s;
	return UC_OK;
}

enum uc_status
uc_parse_i64_str(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *p = s;
	int64_t v;

	if (s == NULL || uc_parse_i64(&p, min, max, &v) != UC_OK ||
	    *p != '\0')
		return UC_EINVAL;
	*out = v;
	return UC_OK;
}

int
uc_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long
uc_utf8_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	long count = 0;

	while (i < n) {
		unsigned c = u[i];
		size_t len;
		unsigned cp, j;

		if (c < 0x80) {
			i++;
			count++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, cp = c & 0x07;
		else
			return -1;
		if (i + len > n)
			return -1;
		for (j = 1; j < len; j++) {
			if ((u[i + j] & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (u[i + j] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 &&
		    cp <= 0xdfff))) || (len == 4 && (cp < 0x10000 ||
		    cp > 0x10ffff)))
			return -1;
		i += len;
		count++;
	}
	return count;
}

int
uc_str_equal_ct(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = (unsigned char)(la != lb);

	for (i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}
