/*
 * tests/unit/domain/audit.c - src/domain/audit.c: the audit chain's
 * entry hash (deterministic, sensitive to every field, immune to
 * shifting bytes between fields) and the object digest.
 */
#include "../../../src/domain/audit.c"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
init(void)
{
	cr_assert_geq(sodium_init(), 0);
}

static struct uc_audit_entry
sample(void)
{
	struct uc_audit_entry e = {
		.id = 7,
		.at = "2026-11-21T07:00:00.000Z",
		.actor_id = 3,
		.actor_login = "kiemtra",
		.source = "127.0.0.1",
		.action = "unit.update",
		.object_type = "unit",
		.object_id = "6",
		.unit_id = 6,
		.before_digest = "-",
		.after_digest = "-",
		.prev_hash = UC_AUDIT_ZERO,
	};

	return e;
}

static int
is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

TestSuite(domain_audit, .init = init);

Test(domain_audit, deterministic_hex)
{
	struct uc_audit_entry e = sample(), f = sample();
	char a[UC_AUDIT_HEX], b[UC_AUDIT_HEX];

	uc_audit_hash(&e, a);
	uc_audit_hash(&f, b);
	cr_expect(is_hex64(a), "%s", a);
	cr_expect_str_eq(a, b);
	uc_audit_hash(&e, b);
	cr_expect_str_eq(a, b);
}

/* The documented canonical form, rebuilt here independently. */
Test(domain_audit, known_answer)
{
	static const char canon[] =
	    "64:" UC_AUDIT_ZERO "\n"
	    "1:7\n"
	    "24:2026-11-21T07:00:00.000Z\n"
	    "1:3\n"
	    "7:kiemtra\n"
	    "9:127.0.0.1\n"
	    "11:unit.update\n"
	    "4:unit\n"
	    "1:6\n"
	    "1:6\n"
	    "1:-\n"
	    "1:-\n";
	struct uc_audit_entry e = sample();
	unsigned char md[32];
	char want[UC_AUDIT_HEX], got[UC_AUDIT_HEX];

	crypto_generichash(md, sizeof(md), (const unsigned char *)canon,
	    strlen(canon), NULL, 0);
	sodium_bin2hex(want, sizeof(want), md, sizeof(md));
	uc_audit_hash(&e, got);
	cr_expect_str_eq(got, want);
}

enum field {
	F_ID, F_AT, F_ACTOR_ID, F_ACTOR_LOGIN, F_SOURCE, F_ACTION,
	F_OBJECT_TYPE, F_OBJECT_ID, F_UNIT_ID, F_BEFORE, F_AFTER, F_PREV,
	F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"id", "at", "actor_id", "actor_login", "source", "action",
	"object_type", "object_id", "unit_id", "before_digest",
	"after_digest", "prev_hash"
};

/* Change one field by the smallest step. */
static void
mutate(struct uc_audit_entry *e, enum field f)
{
	static const char prev1[] = "00000000000000000000000000000000"
	    "00000000000000000000000000000001";

	switch (f) {
	case F_ID:
		e->id = 8;
		break;
	case F_AT:
		e->at = "2026-11-21T07:00:00.001Z";
		break;
	case F_ACTOR_ID:
		e->actor_id = 0;
		break;
	case F_ACTOR_LOGIN:
		e->actor_login = "kiemtrA";
		break;
	case F_SOURCE:
		e->source = "127.0.0.2";
		break;
	case F_ACTION:
		e->action = "unit.delete";
		break;
	case F_OBJECT_TYPE:
		e->object_type = "user";
		break;
	case F_OBJECT_ID:
		e->object_id = "7";
		break;
	case F_UNIT_ID:
		e->unit_id = 1;
		break;
	case F_BEFORE:
		e->before_digest = "+";
		break;
	case F_AFTER:
		e->after_digest = "";
		break;
	case F_PREV:
		e->prev_hash = prev1;
		break;
	case F_COUNT:
		cr_assert_fail("no such field");
	}
}

Test(domain_audit, every_field_changes_the_hash)
{
	struct uc_audit_entry e = sample();
	char base[UC_AUDIT_HEX], h[UC_AUDIT_HEX];
	int f;

	uc_audit_hash(&e, base);
	for (f = 0; f < F_COUNT; f++) {
		e = sample();
		mutate(&e, (enum field)f);
		uc_audit_hash(&e, h);
		cr_expect_str_neq(h, base, "changing %s kept the hash",
		    field_names[f]);
	}
}

Test(domain_audit, boundaries_cannot_shift)
{
	struct uc_audit_entry e = sample(), f = sample();
	char a[UC_AUDIT_HEX], b[UC_AUDIT_HEX];

	e.actor_login = "ab";
	e.source = "c";
	f.actor_login = "a";
	f.source = "bc";
	uc_audit_hash(&e, a);
	uc_audit_hash(&f, b);
	cr_expect_str_neq(a, b);

	/* a separator-looking value must not fake a field boundary */
	e = sample();
	f = sample();
	e.action = "x\n4:unit";
	e.object_type = "";
	f.action = "x";
	f.object_type = "unit";
	uc_audit_hash(&e, a);
	uc_audit_hash(&f, b);
	cr_expect_str_neq(a, b);

	/* numbers are fields too: id 1 + at "2..." vs id 12 + at "..." */
	e = sample();
	f = sample();
	e.id = 1;
	e.at = "2x";
	f.id = 12;
	f.at = "x";
	uc_audit_hash(&e, a);
	uc_audit_hash(&f, b);
	cr_expect_str_neq(a, b);
}

Test(domain_audit, chain_links)
{
	struct uc_audit_entry e1 = sample(), e2 = sample();
	char h1[UC_AUDIT_HEX], h2[UC_AUDIT_HEX], h2b[UC_AUDIT_HEX];

	e1.id = 1;
	uc_audit_hash(&e1, h1);
	e2.id = 2;
	e2.prev_hash = h1;
	uc_audit_hash(&e2, h2);
	/* editing entry 1 changes its hash, so entry 2 no longer follows */
	e1.action = "user.update";
	uc_audit_hash(&e1, h1);
	uc_audit_hash(&e2, h2b);
	cr_expect_str_neq(h2, h2b);
}

Test(domain_audit, digest)
{
	char d[UC_AUDIT_HEX], want[UC_AUDIT_HEX];
	unsigned char md[32];

	memset(d, 'x', sizeof(d));
	uc_audit_digest(NULL, d);
	cr_expect_str_eq(d, "-");

	uc_audit_digest("{\"id\":1}", d);
	cr_expect(is_hex64(d), "%s", d);
	crypto_generichash(md, sizeof(md), (const unsigned char *)"{\"id\":1}",
	    8, NULL, 0);
	sodium_bin2hex(want, sizeof(want), md, sizeof(md));
	cr_expect_str_eq(d, want);

	uc_audit_digest("", want);
	cr_expect(is_hex64(want));
	cr_expect_str_neq(want, "-");
	uc_audit_digest("{\"id\":2}", want);
	cr_expect_str_neq(d, want);
}
