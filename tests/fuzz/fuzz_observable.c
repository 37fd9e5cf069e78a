/*
 * fuzz_observable.c - pasted indicators: the input is normalised under
 * every observable type. Whatever is accepted must be short enough,
 * UTF-8 without controls, and normalise to itself (idempotence); a
 * buffer one byte short must be refused without a write past it; a
 * refusal must carry one "value" field error. The guess, when there is
 * one, must name a type that accepts the input.
 */
#include "fuzz.h"

#include "core/mem.h"
#include "core/parse.h"
#include "domain/observable.h"

#include <string.h>

static void
check_refusal(enum uc_status rc, const struct uc_error *err)
{
	fuzz_check(rc == UC_EVALID);
	fuzz_check(err->nfields == 1);
	fuzz_check(strcmp(err->fields[0].field, "value") == 0);
	fuzz_check(strcmp(err->fields[0].code, "format") == 0 ||
	    strcmp(err->fields[0].code, "required") == 0);
}

/* Exactly sized heap buffers, so ASan sees a write one byte past. */
static void
check_small(const char *type, const char *value, size_t len)
{
	char *tight = uc_xmalloc(len + 1), *short_ = uc_xmalloc(len);

	fuzz_check(uc_observable_normalise(type, value, tight, len + 1,
	    NULL) == UC_OK);
	fuzz_check(strlen(tight) == len);
	fuzz_check(uc_observable_normalise(type, value, short_, len,
	    NULL) == UC_ETOOBIG);
	fuzz_check(len == 0 || short_[0] == '\0');
	uc_free(short_);
	uc_free(tight);
}

static void
check_type(const char *type, const char *value)
{
	char out[UC_OBSERVABLE_MAX + 1], again[UC_OBSERVABLE_MAX + 1];
	struct uc_error err = { 0 };
	enum uc_status rc;
	size_t len, i;

	rc = uc_observable_normalise(type, value, out, sizeof(out), &err);
	if (rc != UC_OK) {
		check_refusal(rc, &err);
		fuzz_check(out[0] == '\0');
		return;
	}
	len = strlen(out);
	fuzz_check(len > 0 && len <= UC_OBSERVABLE_MAX);
	fuzz_check(uc_utf8_len(out, len) >= 0);
	for (i = 0; i < len; i++)
		fuzz_check((unsigned char)out[i] >= 0x20 && out[i] != 0x7f);
	fuzz_check(uc_observable_normalise(type, out, again, sizeof(again),
	    NULL) == UC_OK);
	fuzz_check(strcmp(out, again) == 0);
	check_small(type, value, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = uc_xmalloc(size + 1), out[UC_OBSERVABLE_MAX + 1];
	const char *guess;
	size_t i;

	memcpy(s, data, size);
	s[size] = '\0';
	for (i = 0; uc_observable_types[i] != NULL; i++)
		check_type(uc_observable_types[i], s);
	guess = uc_observable_guess(s);
	if (guess != NULL) {
		fuzz_check(uc_observable_type_valid(guess));
		fuzz_check(uc_observable_normalise(guess, s, out, sizeof(out),
		    NULL) == UC_OK);
	}
	uc_free(s);
	return 0;
}
