/*
 * fuzz_auth.c - Authorization headers: uc_cookie_bearer with output
 * buffers of several sizes.
 */
#include "fuzz.h"

#include "http/cookie.h"
#include "core/mem.h"

#include <string.h>
#include <strings.h>

static void
bearer(const char *header, size_t len)
{
	char out[UC_CREDENTIAL_MAX + 16], *end;
	enum uc_status rc;
	size_t i, n;

	memset(out, '#', sizeof(out));
	rc = uc_cookie_bearer(header, out, len);
	fuzz_check(rc == UC_OK || rc == UC_EINVAL || rc == UC_ENOTFOUND);
	if (rc == UC_ENOTFOUND) {
		fuzz_check(strncasecmp(header, "bearer ", 7) != 0);
		return;
	}
	if (rc != UC_OK)
		return;
	fuzz_check(strncasecmp(header, "bearer", 6) == 0);
	end = memchr(out, '\0', len);
	fuzz_check(end != NULL);
	n = (size_t)(end - out);
	fuzz_check(n > 0 && n < len && n <= UC_CREDENTIAL_MAX);
	for (i = 0; i < n; i++)
		fuzz_check(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
		    "qrstuvwxyz0123456789-_", out[i]) != NULL);
	for (i = n + 1; i < sizeof(out); i++)
		fuzz_check(out[i] == '#');
	fuzz_check(strstr(header + 6, out) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header = uc_xmalloc(size + 1);

	memcpy(header, data, size);
	header[size] = '\0';
	bearer(header, UC_CREDENTIAL_MAX + 1);
	bearer(header, 8);
	uc_free(header);
	return 0;
}
