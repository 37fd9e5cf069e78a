/*
 * fuzz_incident.c - the untrusted path from a POST /api/v1/incidents
 * body to an incident document: uc_json_parse within the server's
 * default caps, uc_json_check against uc_spec_incident_create, then
 * uc_intake_check with the default rule pack at a fixed time.
 *
 * The input is the body as sent. Whether it is a third party's notice
 * comes from its first byte: a body that begins with white space is
 * one. So every seed is a valid body and still chooses its mode.
 *
 * Promises checked:
 * - nothing crashes, leaks or reads out of bounds;
 * - a refusal is UC_EVALID and names every bad field: each error has a
 *   field whose first segment is a field of the create body, and a code;
 *   an acceptance has no field errors;
 * - the accepted, normalised document still has the shape of the body
 *   (uc_json_check passes), and a second uc_intake_check accepts it
 *   and leaves it unchanged (normalisation is idempotent).
 */
#include "fuzz.h"

#include "api/spec.h"
#include "domain/rulepack.h"
#include "http/json.h"
#include "service/intake.h"

#include <string.h>

/* the defaults of core/config.c: max-body, max-depth, max-array */
#define MAX_BODY 1048576
#define MAX_DEPTH 32
#define MAX_ARRAY 1000
/* 2026-11-21T01:30:00Z (08:30 in Hà Nội) */
#define NOW INT64_C(1795224600000)

static const struct uc_rulepack *
pack(void)
{
	static const struct uc_rulepack *p;
	struct uc_error err = { 0 };

	if (p == NULL) {
		fuzz_check(uc_rulepack_get(NULL, &p, &err) == UC_OK);
		fuzz_check(p != NULL);
	}
	return p;
}

/* Is the first segment of path ("systems[2].ip": "systems") a field
 * of the create body? */
static int
known_root(const char *path)
{
	size_t n = strcspn(path, ".[");
	const struct uc_jfield *f;

	for (f = uc_spec_incident_create; f->name != NULL; f++)
		if (strlen(f->name) == n && strncmp(f->name, path, n) == 0)
			return 1;
	return 0;
}

/* rc and err agree, and every field error is named. */
static void
check_errors(enum uc_status rc, const struct uc_error *err)
{
	size_t i;

	fuzz_check(rc == UC_OK || rc == UC_EVALID);
	fuzz_check((rc == UC_OK) == (err->nfields == 0));
	fuzz_check(rc == UC_OK || err->code == UC_EVALID);
	fuzz_check(err->nfields <= UC_ERROR_FIELDS);
	for (i = 0; i < err->nfields; i++) {
		const struct uc_field_error *f = &err->fields[i];

		fuzz_check(memchr(f->field, '\0', sizeof(f->field)) != NULL);
		fuzz_check(memchr(f->code, '\0', sizeof(f->code)) != NULL);
		fuzz_check(f->code[0] != '\0');
		fuzz_check(known_root(f->field));
	}
}

/* An accepted document: same shape, and normalised for good. */
static void
check_normal(json_t *doc, int notice)
{
	struct uc_error err = { 0 };
	json_t *again = json_deep_copy(doc);

	fuzz_check(uc_json_check(again, uc_spec_incident_create, "", &err) ==
	    UC_OK);
	fuzz_check(json_equal(again, doc));
	fuzz_check(uc_intake_check(pack(), again, notice, NOW, &err) ==
	    UC_OK);
	fuzz_check(err.nfields == 0);
	fuzz_check(json_equal(again, doc));
	json_decref(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct uc_error err = { 0 };
	json_t *doc = NULL;
	enum uc_status rc;
	int notice;

	if (size == 0 || size > MAX_BODY)
		return 0;
	notice = memchr(" \t\r\n", text[0], 4) != NULL;
	if (uc_json_parse(text, size, MAX_DEPTH, MAX_ARRAY, &doc, &err) !=
	    UC_OK)
		return 0;
	rc = uc_json_check(doc, uc_spec_incident_create, "", &err);
	if (rc == UC_OK) {
		rc = uc_intake_check(pack(), doc, notice, NOW, &err);
		check_errors(rc, &err);
		if (rc == UC_OK)
			check_normal(doc, notice);
	} else {
		fuzz_check(rc == UC_EVALID && err.nfields > 0);
	}
	json_decref(doc);
	return 0;
}
