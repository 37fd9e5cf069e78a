/*
 * mem.c - the only place that calls malloc and free directly.
 */
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Noreturn void
oom(size_t n)
{
	fprintf(stderr, "ungcuu: out of memory (%zu bytes)\n", n);
	abort();
}

void *
uc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
uc_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom(nmemb * size);
	return p;
}

void *
uc_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

char *
uc_xstrdup(const char *s)
{
	return uc_xstrndup(s, strlen(s));
}

char *
uc_xstrndup(const char *s, size_t n)
{
	char *p = uc_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
uc_free(void *p)
{
	free(p);
}

void
uc_assert_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "ungcuu: assertion failed: %s (%s:%d)\n", what,
	    file, line);
	abort();
}
