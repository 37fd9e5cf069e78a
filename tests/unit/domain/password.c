/*
 * tests/unit/domain/password.c - src/domain/password.c: length counted
 * in code points, not the login, not on the common list (any case).
 */
#include "../../../src/domain/password.c"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct pw_vec {
	const char *login, *password;
	const char *code;	/* NULL: accepted */
};

static const struct pw_vec pw_vecs[] = {
	/* good ones */
	{ "vanhanh.snv", "correct horse battery", NULL },
	{ NULL, "Ngựa-đúng-pin-kẹp-giấy", NULL },
	{ "admin", "Mật khẩu dài!", NULL },	/* 13 code points */
	{ "admin", "Mật khẩu ổn!", NULL },	/* exactly 12 */
	{ "admin", "abcdefghijkl", NULL },
	{ "admin", "\xf0\x9f\x94\x92\xf0\x9f\x94\x92\xf0\x9f\x94\x92"
	  "\xf0\x9f\x94\x92\xf0\x9f\x94\x92\xf0\x9f\x94\x92"
	  "\xf0\x9f\x94\x92\xf0\x9f\x94\x92\xf0\x9f\x94\x92"
	  "\xf0\x9f\x94\x92\xf0\x9f\x94\x92\xf0\x9f\x94\x92", NULL },
	/* too short, counted in code points although the bytes suffice */
	{ "admin", "Mật khẩu ổn", "too_short" },	/* 11, 17 bytes */
	{ "admin", "đđđđđđđđđđđ", "too_short" },	/* 11, 22 bytes */
	{ "admin", "abcdefghijk", "too_short" },
	{ "admin", "", "too_short" },
	/* not UTF-8 */
	{ "admin", "abcdefghijkl\xff", "format" },
	{ "admin", "abcdefghijkl\xc0\xaf", "format" },
	/* the login, in any ASCII case */
	{ "nguyenvana.1", "nguyenvana.1", "policy" },
	{ "nguyenvana.1", "NguyenVanA.1", "policy" },
	{ "nguyenvana.1", "NGUYENVANA.1", "policy" },
	{ "nguyenvana.1", "nguyenvana.12", NULL },
	/* common, in any ASCII case */
	{ "admin", "password1234", "policy" },
	{ "admin", "Password1234", "policy" },
	{ "admin", "PASSWORD1234", "policy" },
	{ "admin", "123456789012", "policy" },
	{ "admin", "qwertyuiop12", "policy" },
	{ "admin", "Password@1234", "policy" },
	{ "admin", "password@1234", "policy" },
	{ "admin", "password12345", "policy" },
	/* a prefix or extension of a common one is not common */
	{ "admin", "password1234x", NULL },
	{ "admin", "xpassword1234", NULL },
};

Test(domain_password, vectors)
{
	size_t i;

	for (i = 0; i < NELEM(pw_vecs); i++) {
		const struct pw_vec *v = &pw_vecs[i];
		struct uc_error err = { 0 };
		enum uc_status rc;

		rc = uc_password_check(v->login, v->password, "password",
		    &err);
		if (v->code == NULL) {
			cr_expect_eq(rc, UC_OK, "\"%s\" refused: %s",
			    v->password, err.fields[0].code);
			cr_expect_eq(err.nfields, 0);
			continue;
		}
		cr_expect_eq(rc, UC_EVALID, "\"%s\" accepted", v->password);
		cr_expect_eq(err.code, UC_EVALID);
		cr_expect_eq(err.nfields, 1, "\"%s\"", v->password);
		cr_expect_str_eq(err.fields[0].field, "password");
		cr_expect_str_eq(err.fields[0].code, v->code, "\"%s\"",
		    v->password);
	}
}

Test(domain_password, length_limits)
{
	char pw[UC_PASSWORD_MAX * 2 + 3];
	struct uc_error err = { 0 };
	size_t i;

	/* 256 two-byte code points pass, 257 do not */
	for (i = 0; i < UC_PASSWORD_MAX; i++)
		memcpy(pw + 2 * i, "\xc4\x91", 2);	/* đ */
	pw[2 * UC_PASSWORD_MAX] = '\0';
	cr_expect_eq(uc_password_check("admin", pw, "pw", &err), UC_OK);
	memcpy(pw + 2 * UC_PASSWORD_MAX, "\xc4\x91", 3);
	cr_expect_eq(uc_password_check("admin", pw, "pw", &err), UC_EVALID);
	cr_expect_str_eq(err.fields[0].code, "too_long");
}

Test(domain_password, field_name_and_null_error)
{
	struct uc_error err = { 0 };

	cr_expect_eq(uc_password_check("admin", "short", "new_password",
	    &err), UC_EVALID);
	cr_expect_str_eq(err.fields[0].field, "new_password");
	cr_expect_eq(uc_password_check("admin", "short", "x", NULL),
	    UC_EVALID);
}

Test(domain_password, common_list_static)
{
	cr_expect(is_common("password1234"));
	cr_expect(is_common("pAsSwOrD1234"));
	cr_expect(is_common("P@ssw0rd@123"));
	cr_expect_not(is_common("password123"
	    "4 but longer"));
	cr_expect_not(is_common(""));
	cr_expect_not(is_common("Ngựa-đúng-pin-kẹp-giấy"));
	/* the list ends without a stray empty line that would match "" */
	cr_expect_gt(uc_common_passwords_len, 0);
}
