/*
 * fuzz_json.c - request bodies: uc_json_parse within the default caps,
 * then uc_json_check against the user-create spec of src/api/user.c.
 */
#include "fuzz.h"

#include "api/spec.h"
#include "http/json.h"

#include <string.h>


/* A field spec with a nullable member, so the removal path runs too. */
static const struct uc_jfield token_spec[] = {
	{ "name", UC_JSTR, 1, 0, NULL },
	{ "expires_at", UC_JSTR, 0, 1, NULL },
	{ NULL, 0, 0, 0, NULL }
};

#define MAX_DEPTH 32
#define MAX_ARRAY 1000

static void
check(json_t *j, const struct uc_jfield *spec)
{
	struct uc_error err = { 0 };
	enum uc_status rc;
	size_t i;

	rc = uc_json_check(j, spec, "", &err);
	fuzz_check(rc == UC_OK || rc == UC_EVALID);
	fuzz_check((rc == UC_OK) == (err.nfields == 0));
	fuzz_check(err.nfields <= UC_ERROR_FIELDS);
	for (i = 0; i < err.nfields; i++) {
		fuzz_check(memchr(err.fields[i].field, '\0',
		    sizeof(err.fields[i].field)) != NULL);
		fuzz_check(err.fields[i].code[0] != '\0');
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uc_error err = { 0 };
	const char *text = (const char *)data;
	json_t *j = NULL, *copy;
	enum uc_status rc;

	rc = uc_json_parse(text, size, MAX_DEPTH, MAX_ARRAY, &j, &err);
	fuzz_check((rc == UC_OK) == (j != NULL));
	if (rc != UC_OK) {
		fuzz_check(rc == UC_EINVAL && err.code == UC_EINVAL);
		fuzz_check(err.nfields >= 1 &&
		    strcmp(err.fields[0].field, "body") == 0);
		return 0;
	}
	fuzz_check(uc_json_depth(text, size) <= MAX_DEPTH);
	copy = json_deep_copy(j);
	check(j, uc_spec_user_create);
	/* a checked object checks the same the second time */
	check(j, uc_spec_user_create);
	check(copy, token_spec);
	json_decref(copy);
	json_decref(j);
	return 0;
}
