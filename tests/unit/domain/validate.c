/*
 * tests/unit/domain/validate.c - src/domain/validate.c: the field rules
 * for logins, unit codes, document symbols, email, telephone and text.
 */
#include "../../../src/domain/validate.c"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Check rc and, on failure, the single field error's name and code. */
static void
expect(enum uc_status rc, struct uc_error *err, const char *field,
    const char *code, const char *what)
{
	if (code == NULL) {
		cr_expect_eq(rc, UC_OK, "%s: refused (%s)", what,
		    err->nfields ? err->fields[0].code : "-");
		cr_expect_eq(err->nfields, 0, "%s", what);
		return;
	}
	cr_expect_eq(rc, UC_EVALID, "%s: accepted", what);
	cr_expect_eq(err->nfields, 1, "%s", what);
	cr_expect_str_eq(err->fields[0].field, field, "%s", what);
	cr_expect_str_eq(err->fields[0].code, code, "%s: code %s", what,
	    err->fields[0].code);
}

struct vec {
	const char *in;
	const char *code;	/* NULL: valid */
};

static const struct vec login_vecs[] = {
	{ "admin", NULL },
	{ "vanhanh.snv", NULL },
	{ "a_b-c.d", NULL },
	{ "1abc", NULL },
	{ "abc", NULL },
	{ "a1.", NULL },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  NULL },			/* 64 */
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "format" },			/* 65 */
	{ "ab", "format" },
	{ "Admin", "format" },
	{ ".abc", "format" },
	{ "_abc", "format" },
	{ "-abc", "format" },
	{ "a b", "format" },
	{ "a@b", "format" },
	{ "nguy\xe1\xbb\x85n", "format" },	/* nguyễn */
	{ "abc\n", "format" },
	{ "", "required" },
	{ NULL, "required" },
};

Test(domain_validate, login)
{
	size_t i;

	for (i = 0; i < NELEM(login_vecs); i++) {
		struct uc_error err = { 0 };

		expect(uc_valid_login("login", login_vecs[i].in, &err), &err,
		    "login", login_vecs[i].code, login_vecs[i].in ?
		    login_vecs[i].in : "(null)");
	}
}

static const struct vec code_vecs[] = {
	{ "HY", NULL },
	{ "SNV-VP", NULL },
	{ "PA05", NULL },
	{ "XA-NT", NULL },
	{ "--", NULL },
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", NULL },	/* 32 */
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "format" },	/* 33 */
	{ "H", "format" },
	{ "hy", "format" },
	{ "Hy", "format" },
	{ "SNV_VP", "format" },
	{ "SNV VP", "format" },
	{ "\xc4\x90N", "format" },	/* ĐN */
	{ "", "required" },
	{ NULL, "required" },
};

Test(domain_validate, unit_code)
{
	size_t i;

	for (i = 0; i < NELEM(code_vecs); i++) {
		struct uc_error err = { 0 };

		expect(uc_valid_unit_code("code", code_vecs[i].in, &err),
		    &err, "code", code_vecs[i].code, code_vecs[i].in ?
		    code_vecs[i].in : "(null)");
	}
}

static const struct vec symbol_vecs[] = {
	{ "UBND", NULL },
	{ "PA05", NULL },
	{ "SNV-VP", NULL },
	{ "Q\xc4\x90", NULL },			/* QĐ */
	{ "\xc4\x90\xc3\x82\xc4\x82\xc3\x8a\xc3\x94\xc6\xa0\xc6\xaf", NULL },
						/* ĐÂĂÊÔƠƯ */
	{ "\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90"
	  "\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90",
	  NULL },				/* 16 Đ, 32 bytes */
	{ "\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90"
	  "\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xc4\x90"
	  "\xc4\x90", "too_long" },		/* 17 Đ */
	{ "\xc4\x90\xe1\xba\xa2NG", NULL },		/* ĐẢNG */
	{ "\xe1\xbb\xa6Y", NULL },			/* ỦY */
	{ "\xc3\x81\xc3\x80\xc3\x9d\xc4\xa8\xc5\xa8", NULL },
						/* ÁÀÝĨŨ */
	{ "\xe1\xba\xa0\xe1\xbb\xb8", NULL },	/* Ạ Ỹ: the range ends */
	{ "QĐ-UBND", NULL },
	{ "\xe1\xba\xa3", "format" },		/* ả, lower case */
	{ "\xe1\xba\xa1", "format" },		/* ạ, lower case */
	{ "\xe1\xbb\xb9", "format" },		/* ỹ, lower case */
	{ "\xc3\xa1", "format" },			/* á, lower case */
	{ "\xc3\x97", "format" },			/* the sign × */
	{ "\xe1\xba\x9e", "format" },		/* ẞ, before the range */
	{ "\xc3", "format" },			/* truncated */
	{ "ABCDEFGHIJKLMNOP", NULL },
	{ "ABCDEFGHIJKLMNOPQ", "too_long" },
	{ "ubnd", "format" },
	{ "\xc4\x91", "format" },		/* đ, lower case */
	{ "UB ND", "format" },
	{ "UB_ND", "format" },
	{ "UBND/", "format" },
	{ "\xc4", "format" },			/* half a Đ */
	{ "", "required" },
	{ NULL, "required" },
};

Test(domain_validate, symbol)
{
	struct uc_error err = { 0 };
	size_t i;

	for (i = 0; i < NELEM(symbol_vecs); i++) {
		uc_error_clear(&err);
		expect(uc_valid_symbol("symbol", symbol_vecs[i].in, 0, &err),
		    &err, "symbol", symbol_vecs[i].code, symbol_vecs[i].in ?
		    symbol_vecs[i].in : "(null)");
	}
	uc_error_clear(&err);
	expect(uc_valid_symbol("symbol", "", 1, &err), &err, NULL, NULL,
	    "empty, allowed");
	expect(uc_valid_symbol("symbol", NULL, 1, &err), &err, NULL, NULL,
	    "NULL, allowed");
}

static const struct vec email_vecs[] = {
	{ "a@b.vn", NULL },
	{ "nguyen.van.a@snv.hungyen.gov.vn", NULL },
	{ "x+tag@example.com", NULL },
	{ "ab.vn", "format" },
	{ "@b.vn", "format" },
	{ "a@b", "format" },
	{ "a@.vn", "format" },
	{ "a@b.", "format" },
	{ "a@@b.vn", "format" },
	{ "a@b@c.vn", "format" },
	{ "a b@c.vn", "format" },
	{ "a@b.vn\n", "format" },
	{ "a@b.vn\r\nBcc: x@y.vn", "format" },
	{ "<a@b.vn>", "format" },
	{ "a,b@c.vn", "format" },
	{ "a\x01@b.vn", "format" },
	{ "\"a\"@b.vn", "format" },
	{ "", "required" },
	{ NULL, "required" },
};

Test(domain_validate, email)
{
	char longer[300];
	struct uc_error err = { 0 };
	size_t i;

	for (i = 0; i < NELEM(email_vecs); i++) {
		uc_error_clear(&err);
		expect(uc_valid_email("email", email_vecs[i].in, 0, &err),
		    &err, "email", email_vecs[i].code, email_vecs[i].in ?
		    email_vecs[i].in : "(null)");
	}
	uc_error_clear(&err);
	expect(uc_valid_email("email", "", 1, &err), &err, NULL, NULL,
	    "empty, allowed");
	/* 254 is the longest address */
	memset(longer, 'a', sizeof(longer));
	memcpy(longer + 254 - 5, "@b.vn", 6);
	cr_assert_eq(strlen(longer), 254);
	expect(uc_valid_email("email", longer, 0, &err), &err, NULL, NULL,
	    "254 bytes");
	memset(longer, 'a', sizeof(longer));
	memcpy(longer + 255 - 5, "@b.vn", 6);
	expect(uc_valid_email("email", longer, 0, &err), &err, "email",
	    "format", "255 bytes");
}

static const struct vec phone_vecs[] = {
	{ "", NULL },
	{ NULL, NULL },
	{ "113", NULL },
	{ "0221 3862 123", NULL },
	{ "+84 (221) 386-2123", NULL },
	{ "0221.3862.123", NULL },
	{ "12345678901234567890123456789012", NULL },	/* 32 */
	{ "123456789012345678901234567890123", "format" },	/* 33 */
	{ "12", "format" },
	{ "abc", "format" },
	{ "---", "format" },
	{ "( )", "format" },
	{ "0221/3862", "format" },
	{ "0221\t3862", "format" },
	{ "0221x123", "format" },
};

Test(domain_validate, phone)
{
	size_t i;

	for (i = 0; i < NELEM(phone_vecs); i++) {
		struct uc_error err = { 0 };

		expect(uc_valid_phone("phone", phone_vecs[i].in, &err), &err,
		    "phone", phone_vecs[i].code, phone_vecs[i].in ?
		    phone_vecs[i].in : "(null)");
	}
}

struct text_vec {
	const char *in;
	long min, max;
	const char *code;
};

static const struct text_vec text_vecs[] = {
	{ "S\xe1\xbb\x9f N\xe1\xbb\x99i v\xe1\xbb\xa5", 1, 9, NULL },
						/* Sở Nội vụ: 9, 14 bytes */
	{ "S\xe1\xbb\x9f N\xe1\xbb\x99i v\xe1\xbb\xa5", 1, 8, "too_long" },
	{ "a", 1, 10, NULL },
	{ "", 1, 10, "required" },
	{ "", 0, 10, NULL },
	{ "a", 2, 10, "too_short" },
	{ "ab", 2, 10, NULL },
	{ "abcdefghijk", 1, 10, "too_long" },
	{ "a\tb", 1, 10, "format" },
	{ "a\nb", 1, 10, "format" },
	{ "a\rb", 1, 10, "format" },
	{ "\x1b[31m", 1, 10, "format" },
	{ "a\x7f", 1, 10, "format" },
	{ "a\xff", 1, 10, "format" },
	{ "a\xc0\xaf", 1, 10, "format" },
	{ "\xed\xa0\x80", 1, 10, "format" },
	{ NULL, 1, 10, "required" },
	{ NULL, 0, 10, "required" },
};

Test(domain_validate, text)
{
	size_t i;

	for (i = 0; i < NELEM(text_vecs); i++) {
		struct uc_error err = { 0 };
		const struct text_vec *v = &text_vecs[i];

		expect(uc_valid_text("name", v->in, v->min, v->max, &err),
		    &err, "name", v->code, v->in ? v->in : "(null)");
	}
}

static const struct text_vec lines_vecs[] = {
	{ "a\tb", 1, 10, NULL },
	{ "a\nb", 1, 10, NULL },
	{ "a\r\nb", 1, 10, NULL },
	{ "", 1, 10, "required" },
	{ "abcdefghijk", 1, 10, "too_long" },
	{ "\x1b[31m", 1, 10, "format" },
	{ "a\x7f", 1, 10, "format" },
	{ "a\x0b", 1, 10, "format" },
	{ "a\xe2\x80\xae", 1, 10, "format" },	/* U+202E */
	{ "a\xff", 1, 10, "format" },
	{ NULL, 0, 10, "required" },
};

Test(domain_validate, lines)
{
	size_t i;

	for (i = 0; i < NELEM(lines_vecs); i++) {
		struct uc_error err = { 0 };
		const struct text_vec *v = &lines_vecs[i];

		expect(uc_valid_lines("body", v->in, v->min, v->max, &err),
		    &err, "body", v->code, v->in ? v->in : "(null)");
	}
}

Test(domain_validate, errors_accumulate)
{
	struct uc_error err = { 0 };

	cr_expect_eq(uc_valid_login("login", "X", &err), UC_EVALID);
	cr_expect_eq(uc_valid_email("email", "nope", 0, &err), UC_EVALID);
	cr_expect_eq(uc_valid_phone("phone", "123", &err), UC_OK);
	cr_expect_eq(err.code, UC_EVALID);
	cr_assert_eq(err.nfields, 2);
	cr_expect_str_eq(err.fields[0].field, "login");
	cr_expect_str_eq(err.fields[1].field, "email");
}
