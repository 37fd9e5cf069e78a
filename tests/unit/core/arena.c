/*
 * tests/unit/core/arena.c - src/core/arena.c: zeroed 16-byte aligned
 * allocations, string helpers, allocations bigger than a chunk, and the
 * byte count (exact in UC_ARENA_MALLOC builds, rounded up otherwise).
 */
#include "../../../src/core/arena.c"

#include <criterion/criterion.h>
#include <stdint.h>

static int
all_zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

Test(core_arena, aligned_and_zeroed)
{
	struct uc_arena *a = uc_arena_new();
	size_t sizes[] = { 0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 100, 255,
		4095, 4097 };
	size_t i, round;
	unsigned char *p;

	for (round = 0; round < 40; round++) {
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			p = uc_arena_alloc(a, sizes[i]);
			cr_assert_not_null(p);
			cr_assert_eq((uintptr_t)p % 16, 0, "size %zu",
			    sizes[i]);
			cr_assert(all_zero(p, sizes[i]), "size %zu",
			    sizes[i]);
			memset(p, 0xa5, sizes[i]);
		}
	}
	uc_arena_free(a);
}

Test(core_arena, allocations_do_not_overlap)
{
	struct uc_arena *a = uc_arena_new();
	unsigned char *p[200];
	size_t i, j;

	for (i = 0; i < 200; i++) {
		p[i] = uc_arena_alloc(a, 37 + i);
		memset(p[i], (int)i, 37 + i);
	}
	for (i = 0; i < 200; i++)
		for (j = 0; j < 37 + i; j++)
			cr_assert_eq(p[i][j], (unsigned char)i, "block %zu",
			    i);
	uc_arena_free(a);
}

Test(core_arena, strings)
{
	struct uc_arena *a = uc_arena_new();
	const char *vn = "Ủy ban nhân dân tỉnh Hưng Yên";
	char *s;

	s = uc_arena_strdup(a, vn);
	cr_expect_str_eq(s, vn);
	cr_expect_neq(s, vn);
	cr_expect_null(uc_arena_strdup(a, NULL));
	s = uc_arena_strdup(a, "");
	cr_expect_str_eq(s, "");
	s = uc_arena_strndup(a, "abcdef", 3);
	cr_expect_str_eq(s, "abc");
	s = uc_arena_strndup(a, "ab\0cd", 5);
	cr_expect_eq(memcmp(s, "ab\0cd", 6), 0);
	s = uc_arena_printf(a, "%s/%d/%05.1f", "unit", 42, 3.14159);
	cr_expect_str_eq(s, "unit/42/003.1");
	s = uc_arena_printf(a, "%s", "");
	cr_expect_str_eq(s, "");
	uc_arena_free(a);
}

Test(core_arena, larger_than_a_chunk)
{
	struct uc_arena *a = uc_arena_new();
	size_t big = 3 * CHUNK_SIZE + 5, before;
	unsigned char *p, *q;
	char *s, *fill;

	q = uc_arena_alloc(a, 10);
	memset(q, 0x11, 10);
	before = uc_arena_used(a);
	p = uc_arena_alloc(a, big);
	cr_assert_not_null(p);
	cr_expect_eq((uintptr_t)p % 16, 0);
	cr_expect(all_zero(p, big));
	memset(p, 0x5a, big);
	cr_expect_geq(uc_arena_used(a) - before, big);
	/* smaller allocations still work after the big one */
	q = uc_arena_alloc(a, 10);
	cr_expect(all_zero(q, 10));
	cr_expect_eq(p[big - 1], 0x5a);

	/* 1 MiB: a request body at the default --max-body */
	p = uc_arena_alloc(a, 1 << 20);
	cr_expect(all_zero(p, 1 << 20));

	fill = uc_xmalloc(2 * CHUNK_SIZE);
	memset(fill, 'z', 2 * CHUNK_SIZE - 1);
	fill[2 * CHUNK_SIZE - 1] = '\0';
	s = uc_arena_printf(a, "[%s]", fill);
	cr_expect_eq(strlen(s), 2 * CHUNK_SIZE + 1);
	cr_expect_eq(s[0], '[');
	cr_expect_eq(s[2 * CHUNK_SIZE], ']');
	uc_free(fill);
	uc_arena_free(a);
}

Test(core_arena, used_counts_bytes)
{
	struct uc_arena *a = uc_arena_new();

	cr_expect_eq(uc_arena_used(a), 0);
	(void)uc_arena_alloc(a, 1);
	(void)uc_arena_alloc(a, 16);
	(void)uc_arena_alloc(a, 17);
#ifdef UC_ARENA_MALLOC
	cr_expect_eq(uc_arena_used(a), 1 + 16 + 17);
#else
	cr_expect_eq(uc_arena_used(a), 16 + 16 + 32);
#endif
	uc_arena_free(a);
}

Test(core_arena, free_accepts_null)
{
	uc_arena_free(NULL);
}
