/*
 * tests/unit/http/json.c - src/http/json.c: the depth scan, parsing
 * within the caps, and checking objects against a field spec (unknown
 * fields, types, required and nullable fields, items of arrays).
 */
#include "../../../src/http/json.c"
#include "api/spec.h"
#include "core/mem.h"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))


/* Every type, with nullable fields. */
static const struct uc_jfield misc_spec[] = {
	{ "name", UC_JSTR, 1, 0, NULL },
	{ "expires_at", UC_JSTR, 0, 1, NULL },
	{ "note", UC_JSTR, 1, 1, NULL },
	{ "count", UC_JINT, 0, 0, NULL },
	{ "on", UC_JBOOL, 0, 0, NULL },
	{ "tags", UC_JARRAY, 0, 0, NULL },
	{ "meta", UC_JOBJ, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

struct depth_vec {
	const char *text;
	size_t depth;
};

static const struct depth_vec depth_vecs[] = {
	{ "", 0 },
	{ "1", 0 },
	{ "\"x\"", 0 },
	{ "{}", 1 },
	{ "[]", 1 },
	{ "[[]]", 2 },
	{ "[[],[],[]]", 2 },
	{ "[{\"a\":[1]}]", 3 },
	{ "{\"a\":{\"b\":{\"c\":{}}},\"d\":[]}", 4 },
	{ "\"[[[{{{\"", 0 },
	{ "[\"]]]\",[1]]", 2 },
	{ "[\"[[[\",1]", 1 },
	{ "[\"\\\"[[[\"]", 1 },		/* escaped quote, brackets inside */
	{ "[\"\\\"]]]\",[[1]]]", 3 },
	{ "[\"\\\\\",[[1]]]", 3 },		/* escaped backslash ends */
	{ "{\"k\\\\\\\"[\":{}}", 2 },
	{ "]]]][[", 2 },			/* stray closers stop at 0 */
	{ "[\"[[[", 1 },			/* unterminated string */
	{ "[\"\\", 1 },			/* ends inside an escape */
};

Test(http_json, depth_scan)
{
	size_t i;

	for (i = 0; i < NELEM(depth_vecs); i++)
		cr_expect_eq(uc_json_depth(depth_vecs[i].text,
		    strlen(depth_vecs[i].text)), depth_vecs[i].depth,
		    "%s: %zu", depth_vecs[i].text,
		    uc_json_depth(depth_vecs[i].text,
		    strlen(depth_vecs[i].text)));
	/* only len bytes are scanned */
	cr_expect_eq(uc_json_depth("[[[[", 2), 2);
	cr_expect_eq(uc_json_depth("[\"]\"[[", 4), 1);
}

static char *
nest(size_t depth)
{
	char *s = uc_xmalloc(2 * depth + 2);
	size_t i;

	for (i = 0; i < depth; i++) {
		s[i] = '[';
		s[2 * depth - 1 - i] = ']';
	}
	s[2 * depth] = '\0';
	return s;
}

static void
expect_body_error(enum uc_status rc, json_t *j, struct uc_error *err,
    const char *code, const char *what)
{
	cr_expect_eq(rc, UC_EINVAL, "%s accepted", what);
	cr_expect_null(j, "%s", what);
	cr_expect_eq(err->code, UC_EINVAL, "%s", what);
	cr_expect_geq(err->nfields, 1, "%s", what);
	cr_expect_str_eq(err->fields[0].field, "body", "%s", what);
	cr_expect_str_eq(err->fields[0].code, code, "%s: %s", what,
	    err->fields[0].code);
}

Test(http_json, parse_depth_cap)
{
	struct uc_error err = { 0 };
	json_t *j = NULL;
	enum uc_status rc;
	char *s;

	s = nest(32);
	cr_expect_eq(uc_json_parse(s, strlen(s), 32, 1000, &j, &err), UC_OK);
	json_decref(j);
	uc_free(s);
	s = nest(33);
	rc = uc_json_parse(s, strlen(s), 32, 1000, &j, &err);
	expect_body_error(rc, j, &err, "range", "33 levels");
	uc_free(s);
	/* brackets inside strings do not count */
	uc_error_clear(&err);
	s = "{\"a\":\"[[[[[[[[[[\",\"b\":\"{{{{{{{{\"}";
	cr_expect_eq(uc_json_parse(s, strlen(s), 2, 1000, &j, &err), UC_OK);
	json_decref(j);
}

Test(http_json, parse_array_cap)
{
	static const struct {
		const char *text;
		int ok;
	} vecs[] = {
		{ "[1,2,3]", 1 },
		{ "[1,2,3,4]", 0 },
		{ "{\"a\":[1,2,3]}", 1 },
		{ "{\"a\":{\"b\":[1,2,3,4]}}", 0 },
		{ "[[1,2,3],[1,2,3],[1,2,3]]", 1 },
		{ "[[1,2,3],[1,2,3,4]]", 0 },
		{ "[{\"x\":[[],[],[],[]]}]", 0 },
		{ "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}", 1 },
	};
	size_t i;

	for (i = 0; i < NELEM(vecs); i++) {
		struct uc_error err = { 0 };
		json_t *j = NULL;
		enum uc_status rc;

		rc = uc_json_parse(vecs[i].text, strlen(vecs[i].text), 32, 3,
		    &j, &err);
		if (vecs[i].ok) {
			cr_expect_eq(rc, UC_OK, "%s", vecs[i].text);
			cr_expect_not_null(j);
		} else {
			expect_body_error(rc, j, &err, "range", vecs[i].text);
		}
		json_decref(j);
	}
}

Test(http_json, parse_refuses)
{
	static const struct {
		const char *text;
		size_t len;	/* 0: strlen */
	} vecs[] = {
		{ "{\"a\":\"\xff\"}", 0 },
		{ "{\"a\":\"\xc0\xaf\"}", 0 },		/* overlong */
		{ "{\"a\":\"\xed\xa0\x80\"}", 0 },	/* surrogate */
		{ "{\"a\":\"\xe1\xbb\"}", 0 },		/* truncated */
		{ "{\"\xff\":1}", 0 },
		{ "{\"a\":1,\"a\":2}", 0 },
		{ "{\"a\":1,\"b\":{\"c\":1,\"c\":1}}", 0 },
		{ "[{\"a\":1,\"a\":1}]", 0 },
		{ "{\"a\":\"\\u0000\"}", 0 },
		{ "{\"a\":\"x\0y\"}", 12 },
		{ "", 0 },
		{ "{", 0 },
		{ "{\"a\":}", 0 },
		{ "{\"a\":1,}", 0 },
		{ "[1,]", 0 },
		{ "{} {}", 0 },
		{ "{}x", 0 },
		{ "nul", 0 },
		{ "{'a':1}", 0 },
		{ "{\"a\":NaN}", 0 },
		{ "{\"a\":01}", 0 },
		{ "{\"a\":99999999999999999999999}", 0 },
		{ "{\"a\":\"tab\there\"}", 0 },
		{ "1", 0 },
		{ "\"x\"", 0 },
	};
	size_t i;

	for (i = 0; i < NELEM(vecs); i++) {
		struct uc_error err = { 0 };
		json_t *j = NULL;
		size_t len = vecs[i].len ? vecs[i].len : strlen(vecs[i].text);
		enum uc_status rc;

		rc = uc_json_parse(vecs[i].text, len, 32, 1000, &j, &err);
		expect_body_error(rc, j, &err, "format", vecs[i].text);
		json_decref(j);
	}
}

Test(http_json, parse_accepts)
{
	static const char *const vecs[] = {
		"{}",
		"[]",
		"{\"name\":\"S\xe1\xbb\x9f N\xe1\xbb\x99i v\xe1\xbb\xa5\"}",
		"{\"a\":\"\\u1edf\",\"b\":\"\\ud83d\\ude00\"}",
		"{\"a\":null,\"b\":true,\"c\":-1.5e3,\"d\":[{}]}",
		" \t\r\n{\"a\":1}\n",
	};
	size_t i;

	for (i = 0; i < NELEM(vecs); i++) {
		struct uc_error err = { 0 };
		json_t *j = NULL;

		cr_expect_eq(uc_json_parse(vecs[i], strlen(vecs[i]), 32, 1000,
		    &j, &err), UC_OK, "%s: %s", vecs[i], err.message);
		cr_expect_not_null(j);
		json_decref(j);
	}
	/* len bounds the text */
	{
		struct uc_error err = { 0 };
		json_t *j = NULL;

		cr_expect_eq(uc_json_parse("{\"a\":1}garbage", 7, 32, 1000,
		    &j, &err), UC_OK);
		json_decref(j);
	}
}

/* Parse text (which must be valid) and check it against spec. */
static enum uc_status
check(const char *text, const struct uc_jfield *spec, struct uc_error *err,
    json_t **out)
{
	json_error_t je;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	enum uc_status rc;

	cr_assert_not_null(j, "%s: %s", text, je.text);
	rc = uc_json_check(j, spec, "", err);
	if (out != NULL)
		*out = j;
	else
		json_decref(j);
	return rc;
}

static int
has_field(const struct uc_error *err, const char *field, const char *code)
{
	size_t i;

	for (i = 0; i < err->nfields; i++)
		if (strcmp(err->fields[i].field, field) == 0 &&
		    strcmp(err->fields[i].code, code) == 0)
			return 1;
	return 0;
}

struct check_vec {
	const char *text;
	const char *field, *code;	/* NULL: passes */
};

#define USER "\"login\":\"lan\",\"full_name\":\"Ho\\u00e0ng Th\\u1ecb Lan\"," \
	"\"unit_id\":6,\"password\":\"correct horse battery\""

static const struct check_vec check_vecs[] = {
	{ "{" USER "}", NULL, NULL },
	{ "{" USER ",\"email\":\"a@b.vn\",\"phone\":\"113\"}", NULL, NULL },
	{ "{" USER ",\"roles\":[]}", NULL, NULL },
	{ "{" USER ",\"roles\":[{\"role\":\"leader\",\"unit_id\":6}]}", NULL,
	  NULL },
	/* unknown fields, at the top and in items */
	{ "{" USER ",\"admin\":true}", "admin", "unknown_field" },
	{ "{" USER ",\"Login\":\"x\"}", "Login", "unknown_field" },
	{ "{" USER ",\"roles\":[{\"role\":\"x\",\"unit_id\":1,\"scope\":1}]}",
	  "roles[0].scope", "unknown_field" },
	/* wrong types */
	{ "{" USER ",\"email\":1}", "email", "type" },
	{ "{" USER ",\"email\":null}", "email", "type" },
	{ "{" USER ",\"email\":[\"a@b.vn\"]}", "email", "type" },
	{ "{" USER ",\"roles\":{}}", "roles", "type" },
	{ "{" USER ",\"roles\":\"admin\"}", "roles", "type" },
	{ "{" USER ",\"roles\":[1]}", "roles[0]", "type" },
	{ "{" USER ",\"roles\":[[]]}", "roles[0]", "type" },
	{ "{" USER ",\"roles\":[{\"role\":\"admin\",\"unit_id\":1},"
	  "{\"role\":\"admin\",\"unit_id\":\"2\"}]}", "roles[1].unit_id",
	  "type" },
	{ "{" USER ",\"roles\":[{\"role\":\"admin\",\"unit_id\":1.5}]}",
	  "roles[0].unit_id", "type" },
	{ "{" USER ",\"roles\":[{\"role\":true,\"unit_id\":1}]}",
	  "roles[0].role", "type" },
	/* missing required fields, at the top and in items */
	{ "{\"full_name\":\"x\",\"unit_id\":1,\"password\":\"p\"}", "login",
	  "required" },
	{ "{" USER ",\"roles\":[{\"unit_id\":1}]}", "roles[0].role",
	  "required" },
	{ "{" USER ",\"roles\":[{\"role\":\"a\",\"unit_id\":1},{},"
	  "{\"role\":\"b\"}]}", "roles[2].unit_id", "required" },
};

Test(http_json, check_user_create)
{
	size_t i;

	for (i = 0; i < NELEM(check_vecs); i++) {
		const struct check_vec *v = &check_vecs[i];
		struct uc_error err = { 0 };
		enum uc_status rc = check(v->text, uc_spec_user_create, &err, NULL);

		if (v->field == NULL) {
			cr_expect_eq(rc, UC_OK, "%s: %s %s", v->text,
			    err.fields[0].field, err.fields[0].code);
			cr_expect_eq(err.nfields, 0);
			continue;
		}
		cr_expect_eq(rc, UC_EVALID, "%s accepted", v->text);
		cr_expect_eq(err.code, UC_EVALID);
		cr_expect(has_field(&err, v->field, v->code),
		    "%s: want %s %s, got %s %s", v->text, v->field, v->code,
		    err.fields[0].field, err.fields[0].code);
	}
}

Test(http_json, check_reports_every_missing_field)
{
	struct uc_error err = { 0 };

	cr_expect_eq(check("{}", uc_spec_user_create, &err, NULL), UC_EVALID);
	cr_expect_eq(err.nfields, 4);
	cr_expect(has_field(&err, "login", "required"));
	cr_expect(has_field(&err, "full_name", "required"));
	cr_expect(has_field(&err, "unit_id", "required"));
	cr_expect(has_field(&err, "password", "required"));
	cr_expect_not(has_field(&err, "email", "required"));
	cr_expect_not(has_field(&err, "roles", "required"));
}

Test(http_json, check_caps_the_field_list)
{
	struct uc_error err = { 0 };

	cr_expect_eq(check("{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,"
	    "\"g\":1,\"h\":1,\"i\":1,\"j\":1}", uc_spec_user_create, &err, NULL),
	    UC_EVALID);
	cr_expect_eq(err.nfields, UC_ERROR_FIELDS);
}

Test(http_json, check_not_an_object)
{
	struct uc_error err = { 0 };
	json_t *j = json_array();

	cr_expect_eq(uc_json_check(j, uc_spec_user_create, "", &err), UC_EVALID);
	cr_expect_str_eq(err.fields[0].field, "body");
	cr_expect_str_eq(err.fields[0].code, "type");
	json_decref(j);
}

Test(http_json, check_nullable)
{
	struct uc_error err = { 0 };
	json_t *j = NULL;

	/* a null nullable field is removed: services see it as absent */
	cr_expect_eq(check("{\"name\":\"x\",\"note\":\"n\","
	    "\"expires_at\":null}", misc_spec, &err, &j), UC_OK);
	cr_expect_null(json_object_get(j, "expires_at"));
	cr_expect_eq(json_object_size(j), 2);
	json_decref(j);

	/* required and nullable: null counts as missing */
	uc_error_clear(&err);
	cr_expect_eq(check("{\"name\":\"x\",\"note\":null}", misc_spec, &err,
	    NULL), UC_EVALID);
	cr_expect(has_field(&err, "note", "required"));

	/* not nullable */
	uc_error_clear(&err);
	cr_expect_eq(check("{\"name\":null,\"note\":\"n\"}", misc_spec, &err,
	    NULL), UC_EVALID);
	cr_expect(has_field(&err, "name", "type"));
}

Test(http_json, check_types)
{
	static const struct check_vec vecs[] = {
		{ "{\"name\":\"x\",\"note\":\"n\",\"count\":-3,\"on\":false,"
		  "\"tags\":[1,\"a\",null],\"meta\":{\"any\":[]}}", NULL,
		  NULL },
		{ "{\"name\":\"x\",\"note\":\"n\",\"count\":1.0}", "count",
		  "type" },
		{ "{\"name\":\"x\",\"note\":\"n\",\"count\":true}", "count",
		  "type" },
		{ "{\"name\":\"x\",\"note\":\"n\",\"on\":1}", "on", "type" },
		{ "{\"name\":\"x\",\"note\":\"n\",\"on\":\"true\"}", "on",
		  "type" },
		{ "{\"name\":\"x\",\"note\":\"n\",\"tags\":{}}", "tags",
		  "type" },
		{ "{\"name\":\"x\",\"note\":\"n\",\"meta\":[]}", "meta",
		  "type" },
		{ "{\"name\":1,\"note\":\"n\"}", "name", "type" },
	};
	size_t i;

	for (i = 0; i < NELEM(vecs); i++) {
		struct uc_error err = { 0 };
		enum uc_status rc = check(vecs[i].text, misc_spec, &err,
		    NULL);

		if (vecs[i].field == NULL) {
			cr_expect_eq(rc, UC_OK, "%s", vecs[i].text);
			continue;
		}
		cr_expect_eq(rc, UC_EVALID, "%s", vecs[i].text);
		cr_expect(has_field(&err, vecs[i].field, vecs[i].code), "%s",
		    vecs[i].text);
	}
}

Test(http_json, check_long_names_are_cut_not_overrun)
{
	char text[400], key[300];
	struct uc_error err = { 0 };

	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	snprintf(text, sizeof(text), "{\"%s\":1}", key);
	cr_expect_eq(check(text, uc_spec_user_create, &err, NULL), UC_EVALID);
	cr_expect_eq(strlen(err.fields[0].field),
	    sizeof(err.fields[0].field) - 1);
	cr_expect_str_eq(err.fields[0].code, "unknown_field");
}
