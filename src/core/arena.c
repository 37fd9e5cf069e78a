/*
 * arena.c - chunked bump allocator; see arena.h.
 *
 * Invariant: chunk->used <= chunk->size; big requests get a chunk of
 * their own so a large body never wastes a default chunk.
 */
#include "core/arena.h"
#include "core/mem.h"

#include <stdio.h>
#include <string.h>

#define CHUNK_SIZE 16384
#define ALIGN 16

struct chunk {
	struct chunk *next;
	size_t size;		/* usable bytes in data */
	size_t used;		/* bytes handed out */
	_Alignas(ALIGN) unsigned char data[];
};

struct arena {
	struct chunk *head;
	size_t total;
};

struct uc_arena {
	struct arena a;
};

struct uc_arena *
uc_arena_new(void)
{
	return uc_xcalloc(1, sizeof(struct uc_arena));
}

void
uc_arena_free(struct uc_arena *ar)
{
	struct chunk *c, *next;

	if (ar == NULL)
		return;
	for (c = ar->a.head; c != NULL; c = next) {
		next = c->next;
		uc_free(c);
	}
	uc_free(ar);
}

static struct chunk *
chunk_new(size_t size)
{
	struct chunk *c = uc_xmalloc(sizeof(*c) + size);

	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

#ifdef UC_ARENA_MALLOC
/* Sanitizer mode: one chunk per allocation, exactly sized. */
void *
uc_arena_alloc(struct uc_arena *ar, size_t n)
{
	struct chunk *c = chunk_new(n);

	c->used = n;
	c->next = ar->a.head;
	ar->a.head = c;
	ar->a.total += n;
	memset(c->data, 0, n);
	return c->data;
}
#else
void *
uc_arena_alloc(struct uc_arena *ar, size_t n)
{
	struct chunk *c = ar->a.head;
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	void *p;

	if (need == 0)
		need = ALIGN;
	if (c == NULL || c->size - c->used < need) {
		c = chunk_new(need > CHUNK_SIZE ? need : CHUNK_SIZE);
		c->next = ar->a.head;
		ar->a.head = c;
	}
	p = c->data + c->used;
	c->used += need;
	ar->a.total += need;
	memset(p, 0, n);
	return p;
}
#endif

char *
uc_arena_strndup(struct uc_arena *ar, const char *s, size_t n)
{
	char *p = uc_arena_alloc(ar, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
uc_arena_strdup(struct uc_arena *ar, const char *s)
{
	return s == NULL ? NULL : uc_arena_strndup(ar, s, strlen(s));
}

char *
uc_arena_vprintf(struct uc_arena *ar, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	uc_assert(n >= 0);
	p = uc_arena_alloc(ar, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
uc_arena_printf(struct uc_arena *ar, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = uc_arena_vprintf(ar, fmt, ap);
	va_end(ap);
	return p;
}

size_t
uc_arena_used(const struct uc_arena *ar)
{
	return ar->a.total;
}
