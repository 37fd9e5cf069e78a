/*
 * fuzz_time.c - timestamps from clients and from PostgreSQL:
 * uc_time_parse accepts only instants the ISO form can hold (1970 to
 * 9999 UTC), and for each format-then-parse gives the instant back.
 */
#include "fuzz.h"

#include "core/mem.h"
#include "core/time.h"

#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = uc_xmalloc(size + 1), iso[UC_TIME_ISO_LEN + 1];
	int64_t ms = 0, back = 0;

	memcpy(s, data, size);
	s[size] = '\0';
	if (uc_time_parse(s, &ms) == UC_OK) {
		fuzz_check(ms >= UC_TIME_FIRST_MS && ms <= UC_TIME_LAST_MS);
		uc_time_format(ms, iso, sizeof(iso));
		fuzz_check(strlen(iso) == UC_TIME_ISO_LEN);
		fuzz_check(uc_time_parse(iso, &back) == UC_OK);
		fuzz_check(back == ms);
	}
	uc_free(s);
	return 0;
}
