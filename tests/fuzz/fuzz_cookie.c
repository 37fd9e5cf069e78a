/*
 * fuzz_cookie.c - Cookie headers: uc_cookie_find for the session cookie
 * with output buffers of several sizes.
 */
#include "fuzz.h"

#include "http/cookie.h"
#include "core/mem.h"

#include <string.h>

static void
find(const char *header, const char *name, size_t len)
{
	char out[UC_CREDENTIAL_MAX + 16], *end;
	enum uc_status rc;
	size_t i, n;

	memset(out, '#', sizeof(out));
	rc = uc_cookie_find(header, name, out, len);
	fuzz_check(rc == UC_OK || rc == UC_EINVAL || rc == UC_ENOTFOUND);
	if (rc != UC_OK)
		return;
	end = memchr(out, '\0', len);
	fuzz_check(end != NULL);
	n = (size_t)(end - out);
	fuzz_check(n > 0 && n < len && n <= UC_CREDENTIAL_MAX);
	for (i = 0; i < n; i++)
		fuzz_check(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
		    "qrstuvwxyz0123456789-_", out[i]) != NULL);
	/* nothing written past the terminator */
	for (i = n + 1; i < sizeof(out); i++)
		fuzz_check(out[i] == '#');
	/* the value appears in the header */
	fuzz_check(strstr(header, out) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header = uc_xmalloc(size + 1);

	memcpy(header, data, size);
	header[size] = '\0';
	find(header, UC_COOKIE_NAME, UC_CREDENTIAL_MAX + 1);
	find(header, UC_COOKIE_NAME, 8);
	find(header, "a", UC_CREDENTIAL_MAX + 1);
	uc_free(header);
	return 0;
}
