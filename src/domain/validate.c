/*
 * validate.c - see validate.h.
 */
#include "domain/validate.h"
#include "core/parse.h"

#include <string.h>

/* ASCII and C1 controls, and the bidirectional overrides that can make
 * a name read differently from what it is (U+202A-202E, U+2066-2069).
 * With lines set, tab, line feed and carriage return are text. */
static int
has_control(const char *s, int lines)
{
	const unsigned char *u = (const unsigned char *)s;

	for (; *u != '\0'; u++) {
		if (lines && (*u == '\t' || *u == '\n' || *u == '\r'))
			continue;
		if (*u < 0x20 || *u == 0x7f)
			return 1;
		if (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f)
			return 1;
		if (u[0] == 0xe2 && ((u[1] == 0x80 && u[2] >= 0xaa &&
		    u[2] <= 0xae) || (u[1] == 0x81 && u[2] >= 0xa6 &&
		    u[2] <= 0xa9)))
			return 1;
	}
	return 0;
}

static enum uc_status
check_text(const char *field, const char *s, long min, long max, int lines,
    struct uc_error *err)
{
	long n;

	if (s == NULL)
		return uc_error_field(err, field, "required",
		    "%s is required", field);
	n = uc_utf8_len(s, strlen(s));
	if (n < 0)
		return uc_error_field(err, field, "format",
		    "%s is not valid UTF-8", field);
	if (has_control(s, lines))
		return uc_error_field(err, field, "format",
		    "%s contains control characters", field);
	if (n < min)
		return uc_error_field(err, field, min == 1 ? "required" :
		    "too_short", "%s needs at least %ld characters", field,
		    min);
	if (n > max)
		return uc_error_field(err, field, "too_long",
		    "%s may have at most %ld characters", field, max);
	return UC_OK;
}

enum uc_status
uc_valid_text(const char *field, const char *s, long min, long max,
    struct uc_error *err)
{
	return check_text(field, s, min, max, 0, err);
}

enum uc_status
uc_valid_lines(const char *field, const char *s, long min, long max,
    struct uc_error *err)
{
	return check_text(field, s, min, max, 1, err);
}

static int
all_of(const char *s, const char *set)
{
	return s[strspn(s, set)] == '\0';
}

enum uc_status
uc_valid_login(const char *field, const char *s, struct uc_error *err)
{
	size_t n = s ? strlen(s) : 0;

	if (s == NULL || n == 0)
		return uc_error_field(err, field, "required",
		    "%s is required", field);
	if (n < 3 || n > 64 || !all_of(s,
	    "abcdefghijklmnopqrstuvwxyz0123456789._-") ||
	    strchr("._-", s[0]) != NULL)
		return uc_error_field(err, field, "format",
		    "%s must be 3 to 64 of a-z, 0-9, '.', '_', '-'", field);
	return UC_OK;
}

enum uc_status
uc_valid_unit_code(const char *field, const char *s, struct uc_error *err)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0)
		return uc_error_field(err, field, "required",
		    "%s is required", field);
	if (n < 2 || n > 32 ||
	    !all_of(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"))
		return uc_error_field(err, field, "format",
		    "%s must be 2 to 32 of A-Z, 0-9 and '-'", field);
	return UC_OK;
}

/* Is cp an upper-case letter of the Vietnamese alphabet outside ASCII
 * (Â Ă Đ Ê Ô Ơ Ư and the toned vowels; U+1EA0-U+1EF8 even)? */
static int
vn_upper(unsigned cp)
{
	static const unsigned latin1[] = { 0xc0, 0xc1, 0xc2, 0xc3, 0xc8,
		0xc9, 0xca, 0xcc, 0xcd, 0xd2, 0xd3, 0xd4, 0xd5, 0xd9, 0xda,
		0xdd };
	size_t i;

	for (i = 0; i < sizeof(latin1) / sizeof(latin1[0]); i++)
		if (cp == latin1[i])
			return 1;
	if (cp == 0x102 || cp == 0x110 || cp == 0x128 || cp == 0x168 ||
	    cp == 0x1a0 || cp == 0x1af)
		return 1;
	return cp >= 0x1ea0 && cp <= 0x1ef8 && cp % 2 == 0;
}

/* Length of the symbol character at s, 0 when it is not one. */
static size_t
symbol_char(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;

	if ((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
	    *s == '-')
		return 1;
	if (u[0] >= 0xc2 && u[0] <= 0xdf && (u[1] & 0xc0) == 0x80) {
		cp = (unsigned)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
		return vn_upper(cp) ? 2 : 0;
	}
	if (u[0] == 0xe1 && (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80) {
		cp = 0x1000u | (unsigned)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
		return vn_upper(cp) ? 3 : 0;
	}
	return 0;
}

enum uc_status
uc_valid_symbol(const char *field, const char *s, int allow_empty,
    struct uc_error *err)
{
	size_t step;
	int n = 0;

	if (s == NULL || *s == '\0')
		return allow_empty ? UC_OK : uc_error_field(err, field,
		    "required", "%s is required", field);
	for (; *s != '\0'; s += step, n++)
		if ((step = symbol_char(s)) == 0)
			return uc_error_field(err, field, "format",
			    "%s takes upper-case letters, digits and '-'",
			    field);
	if (n > 16)
		return uc_error_field(err, field, "too_long",
		    "%s may have at most 16 characters", field);
	return UC_OK;
}

enum uc_status
uc_valid_email(const char *field, const char *s, int allow_empty,
    struct uc_error *err)
{
	const char *at, *dot;
	size_t n = s ? strlen(s) : 0;

	if (n == 0)
		return allow_empty ? UC_OK : uc_error_field(err, field,
		    "required", "%s is required", field);
	at = strchr(s, '@');
	dot = at ? strrchr(at, '.') : NULL;
	if (n > 254 || at == NULL || at == s || strchr(at + 1, '@') ||
	    dot == NULL || dot == at + 1 || dot[1] == '\0' ||
	    strpbrk(s, " \t\r\n<>()[],;:\"\\") != NULL || has_control(s, 0))
		return uc_error_field(err, field, "format",
		    "%s is not an email address", field);
	return UC_OK;
}

enum uc_status
uc_valid_phone(const char *field, const char *s, struct uc_error *err)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0)
		return UC_OK;
	if (n < 3 || n > 32 || !all_of(s, "0123456789 +-().") ||
	    strpbrk(s, "0123456789") == NULL)
		return uc_error_field(err, field, "format",
		    "%s is not a telephone number", field);
	return UC_OK;
}
