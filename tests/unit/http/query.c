/*
 * tests/unit/http/query.c - src/http/query.c: splitting, percent- and
 * '+'-decoding, and refusing bad escapes, NUL, invalid UTF-8, duplicate
 * and excess parameters.
 */
#include "../../../src/http/query.c"

#include <criterion/criterion.h>
#include <stdio.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct uc_arena *arena;

static void
init(void)
{
	arena = uc_arena_new();
}

static void
fini(void)
{
	uc_arena_free(arena);
}

TestSuite(http_query, .init = init, .fini = fini);

struct ok_vec {
	const char *raw;
	size_t n;
	const char *pairs[6][2];
};

static const struct ok_vec ok_vecs[] = {
	{ "", 0, { { NULL, NULL } } },
	{ "&", 0, { { NULL, NULL } } },
	{ "&&&", 0, { { NULL, NULL } } },
	{ "limit=50", 1, { { "limit", "50" } } },
	{ "limit=50&cursor=abc", 2, { { "limit", "50" },
	  { "cursor", "abc" } } },
	{ "&limit=50&&cursor=abc&", 2, { { "limit", "50" },
	  { "cursor", "abc" } } },
	{ "q=a+b%20c", 1, { { "q", "a b c" } } },
	{ "q=%2B", 1, { { "q", "+" } } },
	{ "q=100%25", 1, { { "q", "100%" } } },
	{ "q=%26%3D", 1, { { "q", "&=" } } },
	{ "q=a=b", 1, { { "q", "a=b" } } },
	{ "q=", 1, { { "q", "" } } },
	{ "flag", 1, { { "flag", "" } } },
	{ "my+name=x", 1, { { "my name", "x" } } },
	{ "%6c%69mit=1", 1, { { "limit", "1" } } },
	{ "action=unit.update&object_type=unit", 2,
	  { { "action", "unit.update" }, { "object_type", "unit" } } },
	{ "name=S%E1%BB%9F+N%E1%BB%99i+v%E1%BB%A5", 1,
	  { { "name", "S\xe1\xbb\x9f N\xe1\xbb\x99i v\xe1\xbb\xa5" } } },
	{ "name=Sở", 1, { { "name", "Sở" } } },
	{ "A=1&a=2", 2, { { "A", "1" }, { "a", "2" } } },
};

Test(http_query, decodes)
{
	size_t i, j;

	for (i = 0; i < NELEM(ok_vecs); i++) {
		const struct ok_vec *v = &ok_vecs[i];
		struct uc_error err = { 0 };
		struct uc_query q;

		cr_expect_eq(uc_query_parse(arena, v->raw, &q, &err), UC_OK,
		    "\"%s\": %s", v->raw, err.nfields ? err.fields[0].code :
		    "-");
		cr_expect_eq(q.n, v->n, "\"%s\": %zu pairs", v->raw, q.n);
		for (j = 0; j < v->n && j < q.n; j++) {
			cr_expect_str_eq(q.name[j], v->pairs[j][0], "\"%s\"",
			    v->raw);
			cr_expect_str_eq(q.value[j], v->pairs[j][1], "\"%s\"",
			    v->raw);
			cr_expect_str_eq(uc_query_get(&q, v->pairs[j][0]),
			    v->pairs[j][1]);
		}
	}
}

struct bad_vec {
	const char *raw;
	const char *field, *code;
};

static const struct bad_vec bad_vecs[] = {
	{ "q=%zz", "query", "format" },
	{ "q=%4", "query", "format" },
	{ "q=%", "query", "format" },
	{ "q=%4g", "query", "format" },
	{ "q=%g4", "query", "format" },
	{ "q=%%41", "query", "format" },
	{ "q=%00", "query", "format" },
	{ "q=a%00b", "query", "format" },
	{ "%00=1", "query", "format" },
	{ "q=%ff", "query", "format" },		/* not UTF-8 */
	{ "q=%c0%af", "query", "format" },	/* overlong */
	{ "q=%ed%a0%80", "query", "format" },	/* surrogate */
	{ "q=%e1%bb", "query", "format" },	/* truncated */
	{ "=x", "query", "format" },
	{ "=", "query", "format" },
	{ "a=1&=2", "query", "format" },
	{ "limit=1&limit=2", "limit", "duplicate" },
	{ "limit=1&cursor=x&limit=1", "limit", "duplicate" },
	{ "limit=1&l%69mit=2", "limit", "duplicate" },
	{ "a+b=1&a%20b=2", "a b", "duplicate" },
	{ "flag&flag", "flag", "duplicate" },
};

Test(http_query, refuses)
{
	size_t i;

	for (i = 0; i < NELEM(bad_vecs); i++) {
		const struct bad_vec *v = &bad_vecs[i];
		struct uc_error err = { 0 };
		struct uc_query q;

		cr_expect_eq(uc_query_parse(arena, v->raw, &q, &err),
		    UC_EVALID, "\"%s\" accepted", v->raw);
		cr_expect_eq(err.nfields, 1, "\"%s\"", v->raw);
		cr_expect_str_eq(err.fields[0].field, v->field, "\"%s\"",
		    v->raw);
		cr_expect_str_eq(err.fields[0].code, v->code, "\"%s\"",
		    v->raw);
	}
}

Test(http_query, null_is_empty)
{
	struct uc_query q;

	q.n = 99;
	cr_expect_eq(uc_query_parse(arena, NULL, &q, NULL), UC_OK);
	cr_expect_eq(q.n, 0);
	cr_expect_null(uc_query_get(&q, "limit"));
}

Test(http_query, pair_limit)
{
	char raw[UC_QUERY_MAX * 8 + 16];
	struct uc_error err = { 0 };
	struct uc_query q;
	size_t i, off = 0;

	for (i = 0; i < UC_QUERY_MAX; i++)
		off += (size_t)snprintf(raw + off, sizeof(raw) - off,
		    "%sp%zu=%zu", i ? "&" : "", i, i);
	cr_expect_eq(uc_query_parse(arena, raw, &q, &err), UC_OK);
	cr_expect_eq(q.n, UC_QUERY_MAX);
	cr_expect_str_eq(uc_query_get(&q, "p31"), "31");
	snprintf(raw + off, sizeof(raw) - off, "&extra=1");
	cr_expect_eq(uc_query_parse(arena, raw, &q, &err), UC_EVALID);
	cr_expect_str_eq(err.fields[0].code, "too_long");
}

Test(http_query, only_allowed_names)
{
	static const char *const allowed[] = { "limit", "cursor", NULL };
	struct uc_error err = { 0 };
	struct uc_query q;

	cr_assert_eq(uc_query_parse(arena, "limit=5&cursor=x", &q, &err),
	    UC_OK);
	cr_expect_eq(uc_query_only(&q, allowed, &err), UC_OK);
	cr_assert_eq(uc_query_parse(arena, "limit=5&sort=name", &q, &err),
	    UC_OK);
	cr_expect_eq(uc_query_only(&q, allowed, &err), UC_EVALID);
	cr_expect_str_eq(err.fields[0].field, "sort");
	cr_expect_str_eq(err.fields[0].code, "unknown_field");
}

Test(http_query, decode_directly)
{
	char *s;

	s = uc_query_decode(arena, "a+b%41", 6, 0);
	cr_expect_str_eq(s, "a+bA");
	s = uc_query_decode(arena, "a+b%41", 6, 1);
	cr_expect_str_eq(s, "a bA");
	/* only n bytes are read: the escape is cut short */
	cr_expect_null(uc_query_decode(arena, "a%41", 3, 1));
	s = uc_query_decode(arena, "a%41", 1, 1);
	cr_expect_str_eq(s, "a");
	s = uc_query_decode(arena, "", 0, 1);
	cr_expect_str_eq(s, "");
}
