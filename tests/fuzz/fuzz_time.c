/*
 * fuzz_time.c - timestamps from clients and from PostgreSQL:
 * uc_time_parse, and for every instant it accepts that the ISO form can
 * hold (1970 to 9999), format-then-parse gives the instant back.
 */
#include "fuzz.h"

#include "core/mem.h"
#include "core/time.h"

#include <string.h>

#define LAST_MS 253402300799999	/* 9999-12-31T23:59:59.999Z */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = uc_xmalloc(size + 1), iso[UC_TIME_ISO_LEN + 1];
	int64_t ms = 0, back = 0;

	memcpy(s, data, size);
	s[size] = '\0';
	if (uc_time_parse(s, &ms) == UC_OK) {
		/* earliest: 1970-01-01T00:00:00-14:59 style offsets */
		fuzz_check(ms >= -15 * 3600000 && ms <= LAST_MS + 15 *
		    3600000);
		uc_time_format(ms, iso, sizeof(iso));
		if (ms >= 0 && ms <= LAST_MS) {
			fuzz_check(strlen(iso) == UC_TIME_ISO_LEN);
			fuzz_check(uc_time_parse(iso, &back) == UC_OK);
			fuzz_check(back == ms);
		}
	}
	uc_free(s);
	return 0;
}
