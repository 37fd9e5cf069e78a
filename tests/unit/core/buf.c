/*
 * tests/unit/core/buf.c - src/core/buf.c: the hard cap, NUL termination,
 * growth and handing the bytes over with _take.
 */
#include "../../../src/core/buf.c"

#include <criterion/criterion.h>
#include <stdint.h>

Test(core_buf, empty_buffer)
{
	struct uc_buf b;
	char *s;

	uc_buf_init(&b, 16);
	cr_expect_null(b.data);
	cr_expect_eq(b.len, 0);
	s = uc_buf_take(&b);
	cr_expect_str_eq(s, "");
	uc_free(s);
	uc_buf_cleanup(&b);
	uc_buf_cleanup(&b);
	uc_buf_cleanup(NULL);
}

Test(core_buf, nul_terminated_after_every_append)
{
	struct uc_buf b;

	uc_buf_init(&b, 1024);
	cr_assert_eq(uc_buf_append(&b, "abc", 3), UC_OK);
	cr_expect_eq(b.len, 3);
	cr_expect_str_eq(b.data, "abc");
	/* append takes bytes, not a string: no NUL copied from p */
	cr_assert_eq(uc_buf_append(&b, "defXYZ", 3), UC_OK);
	cr_expect_str_eq(b.data, "abcdef");
	cr_assert_eq(uc_buf_append(&b, "", 0), UC_OK);
	cr_expect_str_eq(b.data, "abcdef");
	cr_assert_eq(uc_buf_appends(&b, "-g"), UC_OK);
	cr_assert_eq(uc_buf_appendf(&b, "%d/%s", 42, "x"), UC_OK);
	cr_expect_str_eq(b.data, "abcdef-g42/x");
	cr_expect_eq(b.len, strlen("abcdef-g42/x"));
	cr_expect_gt(b.cap, b.len);
	uc_buf_cleanup(&b);
}

Test(core_buf, zero_length_append_allocates)
{
	struct uc_buf b;

	uc_buf_init(&b, 0);
	cr_assert_eq(uc_buf_append(&b, "", 0), UC_OK);
	cr_assert_not_null(b.data);
	cr_expect_str_eq(b.data, "");
	cr_expect_eq(uc_buf_append(&b, "a", 1), UC_ETOOBIG);
	uc_buf_cleanup(&b);
}

Test(core_buf, cap_enforced_and_buffer_unchanged)
{
	struct uc_buf b;

	uc_buf_init(&b, 8);
	cr_assert_eq(uc_buf_appends(&b, "12345"), UC_OK);
	cr_expect_eq(uc_buf_appends(&b, "6789"), UC_ETOOBIG);
	cr_expect_eq(b.len, 5);
	cr_expect_str_eq(b.data, "12345");
	cr_expect_eq(uc_buf_appendf(&b, "%s", "abcd"), UC_ETOOBIG);
	cr_expect_str_eq(b.data, "12345");
	/* exactly up to the cap is fine */
	cr_expect_eq(uc_buf_appends(&b, "678"), UC_OK);
	cr_expect_eq(b.len, 8);
	cr_expect_str_eq(b.data, "12345678");
	cr_expect_eq(uc_buf_append(&b, "9", 1), UC_ETOOBIG);
	cr_expect_eq(uc_buf_append(&b, "", 0), UC_OK);
	cr_expect_str_eq(b.data, "12345678");
	uc_buf_cleanup(&b);
}

Test(core_buf, huge_lengths_do_not_wrap)
{
	struct uc_buf b;

	uc_buf_init(&b, 64);
	cr_assert_eq(uc_buf_appends(&b, "abc"), UC_OK);
	cr_expect_eq(uc_buf_append(&b, "x", SIZE_MAX), UC_ETOOBIG);
	cr_expect_eq(uc_buf_append(&b, "x", SIZE_MAX - 2), UC_ETOOBIG);
	cr_expect_eq(b.len, 3);
	uc_buf_cleanup(&b);

	uc_buf_init(&b, SIZE_MAX);
	cr_assert_eq(uc_buf_appends(&b, "abc"), UC_OK);
	cr_expect_eq(uc_buf_append(&b, "x", SIZE_MAX), UC_ETOOBIG);
	cr_expect_eq(uc_buf_append(&b, "x", SIZE_MAX - 2), UC_ETOOBIG);
	uc_buf_cleanup(&b);
}

Test(core_buf, grows_past_the_first_allocation)
{
	struct uc_buf b;
	size_t i;

	uc_buf_init(&b, 5000);
	for (i = 0; i < 5000; i++)
		cr_assert_eq(uc_buf_append(&b, &"0123456789"[i % 10], 1),
		    UC_OK);
	cr_expect_eq(b.len, 5000);
	cr_expect_eq(strlen(b.data), 5000);
	cr_expect_eq(b.data[4999], '9');
	cr_expect_eq(uc_buf_append(&b, "x", 1), UC_ETOOBIG);
	uc_buf_cleanup(&b);
}

Test(core_buf, appendf_longer_than_its_stack_buffer)
{
	struct uc_buf b;
	char big[1001];

	memset(big, 'q', 1000);
	big[1000] = '\0';
	uc_buf_init(&b, 4096);
	cr_assert_eq(uc_buf_appendf(&b, "<%s>", big), UC_OK);
	cr_expect_eq(b.len, 1002);
	cr_expect_eq(b.data[0], '<');
	cr_expect_eq(b.data[1001], '>');
	cr_expect_eq(b.data[1002], '\0');
	uc_buf_cleanup(&b);

	uc_buf_init(&b, 1001);
	cr_expect_eq(uc_buf_appendf(&b, "<%s>", big), UC_ETOOBIG);
	cr_expect_eq(b.len, 0);
	uc_buf_cleanup(&b);
}

Test(core_buf, take_hands_over_and_empties)
{
	struct uc_buf b;
	char *s;

	uc_buf_init(&b, 100);
	cr_assert_eq(uc_buf_appends(&b, "Sở Nội vụ"), UC_OK);
	s = uc_buf_take(&b);
	cr_expect_str_eq(s, "Sở Nội vụ");
	cr_expect_null(b.data);
	cr_expect_eq(b.len, 0);
	cr_expect_eq(b.cap, 0);
	cr_expect_eq(b.max, 100);
	/* the buffer is reusable after take */
	cr_assert_eq(uc_buf_appends(&b, "again"), UC_OK);
	cr_expect_str_eq(b.data, "again");
	uc_free(s);
	uc_buf_cleanup(&b);
}
