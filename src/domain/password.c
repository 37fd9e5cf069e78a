/*
 * password.c - see password.h. The common list is data/common-passwords
 * .txt, embedded at build time as uc_common_passwords (one per line,
 * lower case). Comparison folds ASCII case, so "Password1234" is caught.
 */
#include "domain/password.h"
#include "core/parse.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

extern const unsigned char uc_common_passwords[];
extern const size_t uc_common_passwords_len;

static int
is_common(const char *pw)
{
	const char *p = (const char *)uc_common_passwords;
	const char *end = p + uc_common_passwords_len;
	size_t n = strlen(pw);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (len == n && strncasecmp(p, pw, n) == 0)
			return 1;
		p += len + 1;
	}
	return 0;
}

enum uc_status
uc_password_check(const char *login, const char *password,
    const char *field, struct uc_error *err)
{
	long n = uc_utf8_len(password, strlen(password));

	if (n < 0)
		return uc_error_field(err, field, "format",
		    "the password is not valid UTF-8");
	if (n < UC_PASSWORD_MIN)
		return uc_error_field(err, field, "too_short",
		    "the password needs at least %d characters",
		    UC_PASSWORD_MIN);
	if (n > UC_PASSWORD_MAX)
		return uc_error_field(err, field, "too_long",
		    "the password may have at most %d characters",
		    UC_PASSWORD_MAX);
	if (login != NULL && strcasecmp(login, password) == 0)
		return uc_error_field(err, field, "policy",
		    "the password must not be the login");
	if (is_common(password))
		return uc_error_field(err, field, "policy",
		    "the password is too common");
	return UC_OK;
}
