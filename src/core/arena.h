/*
 * arena.h - a bump allocator per request.
 *
 * Everything a request allocates comes from its arena and is released at
 * once when the request completes. Anything that must outlive the request
 * is copied out with uc_x* allocation. Built with UC_ARENA_MALLOC (the
 * sanitizer builds), every allocation is a real malloc so ASan sees
 * overflows and use-after-free.
 */
#ifndef UC_ARENA_H
#define UC_ARENA_H

#include <stddef.h>
#include <stdarg.h>

struct uc_arena;

struct uc_arena *uc_arena_new(void);
void uc_arena_free(struct uc_arena *a);

/* Zeroed, 16-byte aligned memory living until uc_arena_free. */
void *uc_arena_alloc(struct uc_arena *a, size_t n);
char *uc_arena_strdup(struct uc_arena *a, const char *s);
char *uc_arena_strndup(struct uc_arena *a, const char *s, size_t n);
char *uc_arena_printf(struct uc_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *uc_arena_vprintf(struct uc_arena *a, const char *fmt, va_list ap);

/* Bytes handed out so far (for metrics and tests). */
size_t uc_arena_used(const struct uc_arena *a);

#endif
