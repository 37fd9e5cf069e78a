/*
 * tests/unit/core/parse.c - src/core/parse.c: bounded integer and digit
 * parsing, hex digits, UTF-8 code point counting, constant-time
 * comparison.
 */
#include "../../../src/core/parse.c"

#include <criterion/criterion.h>
#include <stdint.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct i64_vec {
	const char *in;
	int64_t min, max;
	enum uc_status rc;
	int64_t out;		/* when rc == UC_OK */
	size_t used;		/* bytes consumed when rc == UC_OK */
};

static const struct i64_vec i64_vecs[] = {
	{ "0", INT64_MIN, INT64_MAX, UC_OK, 0, 1 },
	{ "-0", INT64_MIN, INT64_MAX, UC_OK, 0, 2 },
	{ "42", 0, 100, UC_OK, 42, 2 },
	{ "42abc", 0, 100, UC_OK, 42, 2 },
	{ "-17", -100, 100, UC_OK, -17, 3 },
	{ "007", 0, 10, UC_OK, 7, 3 },
	{ "9223372036854775807", INT64_MIN, INT64_MAX, UC_OK, INT64_MAX,
	  19 },
	{ "-9223372036854775807", INT64_MIN, INT64_MAX, UC_OK,
	  -INT64_MAX, 20 },
	{ "-9223372036854775808", INT64_MIN, INT64_MAX, UC_OK, INT64_MIN,
	  20 },
	/* overflow, one past each end */
	{ "9223372036854775808", INT64_MIN, INT64_MAX, UC_EINVAL, 0, 0 },
	{ "-9223372036854775809", INT64_MIN, INT64_MAX, UC_EINVAL, 0, 0 },
	{ "18446744073709551616", INT64_MIN, INT64_MAX, UC_EINVAL, 0, 0 },
	{ "99999999999999999999", INT64_MIN, INT64_MAX, UC_EINVAL, 0, 0 },
	/* more than 19 digits even when the value is small */
	{ "00000000000000000001", INT64_MIN, INT64_MAX, UC_EINVAL, 0, 0 },
	{ "0000000000000000001", INT64_MIN, INT64_MAX, UC_OK, 1, 19 },
	/* bounds */
	{ "101", 0, 100, UC_EINVAL, 0, 0 },
	{ "100", 0, 100, UC_OK, 100, 3 },
	{ "-1", 0, 100, UC_EINVAL, 0, 0 },
	{ "0", 1, 200, UC_EINVAL, 0, 0 },
	{ "-9223372036854775808", INT64_MIN + 1, INT64_MAX, UC_EINVAL, 0,
	  0 },
	{ "9223372036854775807", INT64_MIN, INT64_MAX - 1, UC_EINVAL, 0,
	  0 },
	/* not a number */
	{ "", INT64_MIN, INT64_MAX, UC_EINVAL, 0, 0 },
	{ "-", INT64_MIN, INT64_MAX, UC_EINVAL, 0, 0 },
	{ "--1", INT64_MIN, INT64_MAX, UC_EINVAL, 0, 0 },
	{ "+1", INT64_MIN, INT64_MAX, UC_EINVAL, 0, 0 },
	{ " 1", INT64_MIN, INT64_MAX, UC_EINVAL, 0, 0 },
	{ "abc", INT64_MIN, INT64_MAX, UC_EINVAL, 0, 0 },
	{ "0x10", INT64_MIN, INT64_MAX, UC_OK, 0, 1 },
};

Test(core_parse, i64_vectors)
{
	size_t i;

	for (i = 0; i < NELEM(i64_vecs); i++) {
		const struct i64_vec *v = &i64_vecs[i];
		const char *p = v->in;
		int64_t out = 12345;
		enum uc_status rc;

		rc = uc_parse_i64(&p, v->min, v->max, &out);
		cr_expect_eq(rc, v->rc, "uc_parse_i64(\"%s\"): rc %d, want %d",
		    v->in, rc, v->rc);
		if (v->rc == UC_OK) {
			cr_expect_eq(out, v->out, "\"%s\": %lld", v->in,
			    (long long)out);
			cr_expect_eq((size_t)(p - v->in), v->used,
			    "\"%s\": consumed %zu", v->in,
			    (size_t)(p - v->in));
		} else {
			cr_expect_eq(p, v->in, "\"%s\": pointer moved", v->in);
			cr_expect_eq(out, 12345, "\"%s\": out written", v->in);
		}
	}
}

Test(core_parse, i64_str_whole_string)
{
	static const struct {
		const char *in;
		enum uc_status rc;
		int64_t out;
	} vecs[] = {
		{ "50", UC_OK, 50 },
		{ "200", UC_OK, 200 },
		{ "201", UC_EINVAL, 0 },
		{ "50 ", UC_EINVAL, 0 },
		{ "5x", UC_EINVAL, 0 },
		{ "", UC_EINVAL, 0 },
		{ "1e3", UC_EINVAL, 0 },
	};
	size_t i;
	int64_t out;

	for (i = 0; i < NELEM(vecs); i++) {
		out = -1;
		cr_expect_eq(uc_parse_i64_str(vecs[i].in, 1, 200, &out),
		    vecs[i].rc, "\"%s\"", vecs[i].in);
		if (vecs[i].rc == UC_OK)
			cr_expect_eq(out, vecs[i].out, "\"%s\"", vecs[i].in);
	}
	cr_expect_eq(uc_parse_i64_str(NULL, 0, 1, &out), UC_EINVAL);
}

struct digits_vec {
	const char *in;
	int width;
	int64_t min, max;
	enum uc_status rc;
	int64_t out;
};

static const struct digits_vec digits_vecs[] = {
	{ "2026", 4, 1970, 9999, UC_OK, 2026 },
	{ "2026-11", 4, 1970, 9999, UC_OK, 2026 },
	{ "1969", 4, 1970, 9999, UC_EINVAL, 0 },
	{ "07", 2, 0, 23, UC_OK, 7 },
	{ "24", 2, 0, 23, UC_EINVAL, 0 },
	{ "00", 2, 0, 23, UC_OK, 0 },
	{ "7", 2, 0, 23, UC_EINVAL, 0 },	/* stops at the NUL */
	{ "7:", 2, 0, 59, UC_EINVAL, 0 },
	{ "-1", 2, -9, 9, UC_EINVAL, 0 },
	{ "+1", 2, 0, 9, UC_EINVAL, 0 },
	{ " 1", 2, 0, 9, UC_EINVAL, 0 },
	{ "1a", 2, 0, 99, UC_EINVAL, 0 },
	{ "123456789012345678", 18, 0, INT64_MAX, UC_OK,
	  123456789012345678 },
	{ "", 0, 0, 0, UC_OK, 0 },
};

Test(core_parse, digits_vectors)
{
	size_t i;

	for (i = 0; i < NELEM(digits_vecs); i++) {
		const struct digits_vec *v = &digits_vecs[i];
		const char *p = v->in;
		int64_t out = -1;

		cr_expect_eq(uc_parse_digits(&p, v->width, v->min, v->max,
		    &out), v->rc, "uc_parse_digits(\"%s\", %d)", v->in,
		    v->width);
		if (v->rc == UC_OK) {
			cr_expect_eq(out, v->out, "\"%s\"", v->in);
			cr_expect_eq(p, v->in + v->width, "\"%s\"", v->in);
		} else {
			cr_expect_eq(p, v->in, "\"%s\": pointer moved", v->in);
		}
	}
}

Test(core_parse, chained_helpers)
{
	const char *p = "12:34";
	int64_t h = 0, m = 0;

	cr_assert_eq(uc_parse_digits(&p, 2, 0, 23, &h), UC_OK);
	cr_assert_eq(*p++, ':');
	cr_assert_eq(uc_parse_i64(&p, 0, 59, &m), UC_OK);
	cr_expect_eq(h, 12);
	cr_expect_eq(m, 34);
	cr_expect_eq(*p, '\0');
}

struct utf8_vec {
	const char *what;
	const char *in;
	size_t n;		/* 0: strlen(in) */
	long want;
};

static const struct utf8_vec utf8_vecs[] = {
	{ "empty", "", 0, 0 },
	{ "ascii", "abc", 0, 3 },
	{ "Vietnamese", "Vi\xe1\xbb\x87t Nam", 0, 8 },
	{ "Sở Nội vụ", "S\xe1\xbb\x9f N\xe1\xbb\x99i v\xe1\xbb\xa5", 0, 9 },
	{ "two-byte", "\xc3\xa9", 0, 1 },
	{ "smallest two-byte", "\xc2\x80", 0, 1 },
	{ "smallest three-byte", "\xe0\xa0\x80", 0, 1 },
	{ "before surrogates", "\xed\x9f\xbf", 0, 1 },
	{ "after surrogates", "\xee\x80\x80", 0, 1 },
	{ "U+FFFF", "\xef\xbf\xbf", 0, 1 },
	{ "smallest four-byte", "\xf0\x90\x80\x80", 0, 1 },
	{ "emoji", "\xf0\x9f\x98\x80", 0, 1 },
	{ "U+10FFFF", "\xf4\x8f\xbf\xbf", 0, 1 },
	{ "embedded NUL counted", "a\0b", 3, 3 },
	/* overlong encodings */
	{ "overlong / (2)", "\xc0\xaf", 0, -1 },
	{ "overlong DEL (2)", "\xc1\xbf", 0, -1 },
	{ "overlong NUL (2)", "\xc0\x80", 0, -1 },
	{ "overlong / (3)", "\xe0\x80\xaf", 0, -1 },
	{ "overlong U+07FF (3)", "\xe0\x9f\xbf", 0, -1 },
	{ "overlong / (4)", "\xf0\x80\x80\xaf", 0, -1 },
	{ "overlong U+FFFF (4)", "\xf0\x8f\xbf\xbf", 0, -1 },
	/* UTF-16 surrogates */
	{ "high surrogate", "\xed\xa0\x80", 0, -1 },
	{ "low surrogate", "\xed\xbf\xbf", 0, -1 },
	{ "surrogate pair", "\xed\xa0\xbd\xed\xb8\x80", 0, -1 },
	/* beyond Unicode */
	{ "U+110000", "\xf4\x90\x80\x80", 0, -1 },
	{ "F5 lead", "\xf5\x80\x80\x80", 0, -1 },
	{ "FF", "\xff", 0, -1 },
	{ "FE", "\xfe", 0, -1 },
	/* truncated and broken sequences */
	{ "truncated two-byte", "\xc3", 0, -1 },
	{ "truncated three-byte", "\xe2\x82", 0, -1 },
	{ "truncated four-byte", "\xf0\x9f\x98", 0, -1 },
	{ "truncated by n", "\xc3\xa9", 1, -1 },
	{ "lone continuation", "\x80", 0, -1 },
	{ "continuation after ascii", "a\xbf", 0, -1 },
	{ "bad continuation", "\xc3\x28", 0, -1 },
	{ "ascii in four-byte", "\xf0\x9f\x28\x80", 0, -1 },
	{ "good then bad", "Vi\xe1\xbb\x87t\xe1", 0, -1 },
};

Test(core_parse, utf8_len_vectors)
{
	size_t i;

	for (i = 0; i < NELEM(utf8_vecs); i++) {
		const struct utf8_vec *v = &utf8_vecs[i];
		size_t n = v->n ? v->n : strlen(v->in);

		cr_expect_eq(uc_utf8_len(v->in, n), v->want,
		    "%s: got %ld, want %ld", v->what, uc_utf8_len(v->in, n),
		    v->want);
	}
}

Test(core_parse, utf8_len_reads_only_n_bytes)
{
	/* the bad byte lies beyond n */
	cr_expect_eq(uc_utf8_len("ab\xff", 2), 2);
	cr_expect_eq(uc_utf8_len("\xc3\xa9\xc3", 2), 1);
}

Test(core_parse, str_equal_ct)
{
	cr_expect(uc_str_equal_ct("", ""));
	cr_expect(uc_str_equal_ct("token", "token"));
	cr_expect_not(uc_str_equal_ct("token", "tokem"));
	cr_expect_not(uc_str_equal_ct("token", "token2"));
	cr_expect_not(uc_str_equal_ct("token2", "token"));
	cr_expect_not(uc_str_equal_ct("", "a"));
	cr_expect_not(uc_str_equal_ct("Token", "token"));
}

Test(core_parse, hex_digit)
{
	static const char digits[] = "0123456789abcdefABCDEF";
	int c, n = 0;

	for (c = 0; c < 256; c++) {
		int v = uc_hex_digit((char)c);

		if (c != 0 && strchr(digits, c) != NULL) {
			cr_expect_geq(v, 0, "%c", c);
			cr_expect_lt(v, 16, "%c", c);
			n++;
		} else {
			cr_expect_eq(v, -1, "byte %d", c);
		}
	}
	cr_expect_eq(n, 22);
	cr_expect_eq(uc_hex_digit('F'), 15);
	cr_expect_eq(uc_hex_digit('a'), 10);
}
