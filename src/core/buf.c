/*
 * buf.c - capped growable buffer; see buf.h.
 */
#include "core/buf.h"
#include "core/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
uc_buf_init(struct uc_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
uc_buf_cleanup(struct uc_buf *b)
{
	if (b == NULL)
		return;
	uc_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static void
grow(struct uc_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 256;

	while (cap < need)
		cap *= 2;
	b->data = uc_xrealloc(b->data, cap);
	b->cap = cap;
}

enum uc_status
uc_buf_append(struct uc_buf *b, const void *p, size_t n)
{
	if (n > b->max || b->len > b->max - n)
		return UC_ETOOBIG;
	if (b->len + n + 1 > b->cap)
		grow(b, b->len + n + 1);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return UC_OK;
}

enum uc_status
uc_buf_appends(struct uc_buf *b, const char *s)
{
	return uc_buf_append(b, s, strlen(s));
}

enum uc_status
uc_buf_appendf(struct uc_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;
	enum uc_status st;
	char *big;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	uc_assert(n >= 0);
	if ((size_t)n < sizeof(small))
		return uc_buf_append(b, small, (size_t)n);
	big = uc_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	st = uc_buf_append(b, big, (size_t)n);
	uc_free(big);
	return st;
}

char *
uc_buf_take(struct uc_buf *b)
{
	char *p = b->data;

	if (p == NULL)
		p = uc_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
