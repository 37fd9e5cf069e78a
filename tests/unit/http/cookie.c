/*
 * tests/unit/http/cookie.c - src/http/cookie.c: finding the session
 * cookie in a Cookie header and the token in "Authorization: Bearer".
 */
#include "../../../src/http/cookie.c"

#include <criterion/criterion.h>
#include <stdio.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct vec {
	const char *header;
	enum uc_status rc;
	const char *want;
};

static const struct vec cookie_vecs[] = {
	{ "uc_session=abc", UC_OK, "abc" },
	{ "uc_session=AZaz09-_", UC_OK, "AZaz09-_" },
	{ "a=1; uc_session=abc; b=2", UC_OK, "abc" },
	{ "a=1;uc_session=abc;b=2", UC_OK, "abc" },
	{ "   uc_session=abc   ", UC_OK, "abc" },
	{ "a=1;\tuc_session=abc\t; b=2", UC_OK, "abc" },
	{ "a=1; b=2; uc_session=last", UC_OK, "last" },
	{ "uc_session=\"quoted\"", UC_OK, "quoted" },
	{ "x=\"a;b\"; uc_session=abc", UC_OK, "abc" },
	{ ";;; uc_session=abc;;", UC_OK, "abc" },
	{ "uc_session=first; uc_session=second", UC_OK, "first" },
	{ "uc_session=uct_Xy-_9", UC_OK, "uct_Xy-_9" },
	/* other cookies only */
	{ "", UC_ENOTFOUND, NULL },
	{ "a=1; b=2", UC_ENOTFOUND, NULL },
	{ "uc_sessionx=abc", UC_ENOTFOUND, NULL },
	{ "xuc_session=abc", UC_ENOTFOUND, NULL },
	{ "uc_session", UC_ENOTFOUND, NULL },
	{ "uc_session =abc", UC_ENOTFOUND, NULL },
	{ "UC_SESSION=abc", UC_ENOTFOUND, NULL },
	{ "a=uc_session=abc", UC_ENOTFOUND, NULL },
	/* present but malformed */
	{ "uc_session=", UC_EINVAL, NULL },
	{ "uc_session=; a=1", UC_EINVAL, NULL },
	{ "uc_session=\"\"", UC_EINVAL, NULL },
	{ "uc_session=\"", UC_EINVAL, NULL },
	{ "uc_session=\"abc", UC_EINVAL, NULL },
	{ "uc_session=abc\"", UC_EINVAL, NULL },
	{ "uc_session=a b", UC_EINVAL, NULL },
	{ "uc_session= abc", UC_EINVAL, NULL },
	{ "uc_session=abc=", UC_EINVAL, NULL },
	{ "uc_session=abc+/", UC_EINVAL, NULL },
	{ "uc_session=abc!", UC_EINVAL, NULL },
	{ "uc_session=ab,c", UC_EINVAL, NULL },
	{ "uc_session=ab%41", UC_EINVAL, NULL },
	{ "uc_session=ab\\c", UC_EINVAL, NULL },
	{ "uc_session=\xc3\xa9", UC_EINVAL, NULL },
	{ "uc_session=ab\x01", UC_EINVAL, NULL },
	{ "uc_session=bad!; uc_session=good", UC_EINVAL, NULL },
};

Test(http_cookie, find)
{
	char out[UC_CREDENTIAL_MAX + 1];
	size_t i;

	for (i = 0; i < NELEM(cookie_vecs); i++) {
		const struct vec *v = &cookie_vecs[i];
		enum uc_status rc;

		snprintf(out, sizeof(out), "untouched");
		rc = uc_cookie_find(v->header, UC_COOKIE_NAME, out,
		    sizeof(out));
		cr_expect_eq(rc, v->rc, "'%s': rc %d, want %d", v->header,
		    rc, v->rc);
		if (v->rc == UC_OK && rc == UC_OK)
			cr_expect_str_eq(out, v->want, "'%s'", v->header);
	}
}

Test(http_cookie, find_other_names)
{
	char out[16];

	cr_expect_eq(uc_cookie_find("uc_session=a; csrf=b", "csrf", out,
	    sizeof(out)), UC_OK);
	cr_expect_str_eq(out, "b");
	cr_expect_eq(uc_cookie_find("ab=1; a=2", "a", out, sizeof(out)),
	    UC_OK);
	cr_expect_str_eq(out, "2");
}

Test(http_cookie, lengths)
{
	char hdr[UC_CREDENTIAL_MAX + 32], out[UC_CREDENTIAL_MAX + 8];
	size_t n = strlen("uc_session=");

	memcpy(hdr, "uc_session=", n);
	memset(hdr + n, 'A', UC_CREDENTIAL_MAX);
	hdr[n + UC_CREDENTIAL_MAX] = '\0';
	cr_expect_eq(uc_cookie_find(hdr, UC_COOKIE_NAME, out, sizeof(out)),
	    UC_OK);
	cr_expect_eq(strlen(out), UC_CREDENTIAL_MAX);
	/* the output buffer needs room for the NUL */
	cr_expect_eq(uc_cookie_find(hdr, UC_COOKIE_NAME, out,
	    UC_CREDENTIAL_MAX), UC_EINVAL);
	cr_expect_eq(uc_cookie_find("uc_session=abcd", UC_COOKIE_NAME, out,
	    4), UC_EINVAL);
	cr_expect_eq(uc_cookie_find("uc_session=abc", UC_COOKIE_NAME, out,
	    4), UC_OK);
	/* over the credential cap even with a big buffer */
	hdr[n + UC_CREDENTIAL_MAX] = 'A';
	hdr[n + UC_CREDENTIAL_MAX + 1] = '\0';
	cr_expect_eq(uc_cookie_find(hdr, UC_COOKIE_NAME, out, sizeof(out)),
	    UC_EINVAL);
}

static const struct vec bearer_vecs[] = {
	{ "Bearer abc", UC_OK, "abc" },
	{ "bearer abc", UC_OK, "abc" },
	{ "BEARER abc", UC_OK, "abc" },
	{ "bEaReR abc", UC_OK, "abc" },
	{ "Bearer    abc   ", UC_OK, "abc" },
	{ "Bearer uct_AZaz09-_", UC_OK, "uct_AZaz09-_" },
	/* another scheme */
	{ "", UC_ENOTFOUND, NULL },
	{ "Basic YWRtaW46cGFzcw==", UC_ENOTFOUND, NULL },
	{ "Digest username=x", UC_ENOTFOUND, NULL },
	{ "Bearerabc", UC_ENOTFOUND, NULL },
	{ "Bear abc", UC_ENOTFOUND, NULL },
	{ " Bearer abc", UC_ENOTFOUND, NULL },
	{ "Bearer\tabc", UC_ENOTFOUND, NULL },
	{ "Token abc", UC_ENOTFOUND, NULL },
	/* Bearer, malformed */
	{ "Bearer", UC_EINVAL, NULL },
	{ "Bearer ", UC_EINVAL, NULL },
	{ "Bearer     ", UC_EINVAL, NULL },
	{ "Bearer a b", UC_EINVAL, NULL },
	{ "Bearer abc=", UC_EINVAL, NULL },
	{ "Bearer abc+/", UC_EINVAL, NULL },
	{ "Bearer \"abc\"", UC_EINVAL, NULL },
	{ "Bearer abc\t", UC_EINVAL, NULL },
	{ "Bearer abc\r\n", UC_EINVAL, NULL },
	{ "Bearer \xc3\xa9", UC_EINVAL, NULL },
	{ "Bearer abc, Bearer def", UC_EINVAL, NULL },
};

Test(http_cookie, bearer)
{
	char out[UC_CREDENTIAL_MAX + 1];
	size_t i;

	for (i = 0; i < NELEM(bearer_vecs); i++) {
		const struct vec *v = &bearer_vecs[i];
		enum uc_status rc;

		rc = uc_cookie_bearer(v->header, out, sizeof(out));
		cr_expect_eq(rc, v->rc, "'%s': rc %d, want %d", v->header,
		    rc, v->rc);
		if (v->rc == UC_OK && rc == UC_OK)
			cr_expect_str_eq(out, v->want, "'%s'", v->header);
	}
}

Test(http_cookie, bearer_lengths)
{
	char hdr[UC_CREDENTIAL_MAX + 32], out[UC_CREDENTIAL_MAX + 8];

	memcpy(hdr, "Bearer ", 7);
	memset(hdr + 7, 'z', UC_CREDENTIAL_MAX);
	hdr[7 + UC_CREDENTIAL_MAX] = '\0';
	cr_expect_eq(uc_cookie_bearer(hdr, out, sizeof(out)), UC_OK);
	cr_expect_eq(strlen(out), UC_CREDENTIAL_MAX);
	cr_expect_eq(uc_cookie_bearer(hdr, out, UC_CREDENTIAL_MAX),
	    UC_EINVAL);
	hdr[7 + UC_CREDENTIAL_MAX] = 'z';
	hdr[8 + UC_CREDENTIAL_MAX] = '\0';
	cr_expect_eq(uc_cookie_bearer(hdr, out, sizeof(out)), UC_EINVAL);
}

Test(http_cookie, token_char_static)
{
	int c, n = 0;

	for (c = 0; c < 256; c++)
		n += token_char((char)c);
	cr_expect_eq(n, 26 + 26 + 10 + 2);
	cr_expect_not(token_char('='));
	cr_expect_not(token_char('.'));
	cr_expect(token_char('_'));
}
