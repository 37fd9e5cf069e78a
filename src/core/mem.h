/*
 * mem.h - allocation that never returns NULL.
 *
 * Out of memory is not a recoverable error for a server: these log and
 * abort. Every free function in ungcuu accepts NULL.
 */
#ifndef UC_MEM_H
#define UC_MEM_H

#include <stddef.h>

void *uc_xmalloc(size_t n);
void *uc_xcalloc(size_t nmemb, size_t size);
void *uc_xrealloc(void *p, size_t n);
char *uc_xstrdup(const char *s);
char *uc_xstrndup(const char *s, size_t n);
void uc_free(void *p);

/* Always-on invariant check: logs file:line and aborts. */
#define uc_assert(x) \
	((x) ? (void)0 : uc_assert_fail(#x, __FILE__, __LINE__))
_Noreturn void uc_assert_fail(const char *what, const char *file, int line);

#endif
