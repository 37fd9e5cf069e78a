/*
 * fuzz_query.c - query strings: uc_query_parse into an arena, then the
 * promises of query.h on whatever it accepts.
 */
#include "fuzz.h"

#include "core/arena.h"
#include "core/mem.h"
#include "core/parse.h"
#include "http/query.h"

#include <string.h>

static const char *const allowed[] = { "limit", "cursor", "action",
	"object_type", NULL };

static void
check_pairs(const struct uc_query *q)
{
	size_t i, j;

	fuzz_check(q->n <= UC_QUERY_MAX);
	for (i = 0; i < q->n; i++) {
		fuzz_check(q->name[i] != NULL && q->value[i] != NULL);
		fuzz_check(q->name[i][0] != '\0');
		fuzz_check(uc_utf8_len(q->name[i], strlen(q->name[i])) >= 0);
		fuzz_check(uc_utf8_len(q->value[i], strlen(q->value[i])) >=
		    0);
		for (j = 0; j < i; j++)
			fuzz_check(strcmp(q->name[i], q->name[j]) != 0);
		fuzz_check(uc_query_get(q, q->name[i]) == q->value[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_error err = { 0 };
	struct uc_query q;
	char *raw = uc_xmalloc(size + 1);
	enum uc_status rc;

	memcpy(raw, data, size);
	raw[size] = '\0';
	rc = uc_query_parse(a, raw, &q, &err);
	if (rc == UC_OK) {
		check_pairs(&q);
		rc = uc_query_only(&q, allowed, &err);
		fuzz_check(rc == UC_OK || rc == UC_EVALID);
	} else {
		fuzz_check(rc == UC_EVALID && err.nfields == 1);
	}
	/* the decoder alone, both ways, over the raw bytes */
	(void)uc_query_decode(a, raw, size, 0);
	(void)uc_query_decode(a, raw, size, 1);
	uc_free(raw);
	uc_arena_free(a);
	return 0;
}
