/*
 * tests/unit/domain/perm.c - src/domain/perm.c: the role x permission
 * matrix of docs/internals/api-contract.md, role names, and the scope
 * rule over materialised paths.
 */
#include "../../../src/domain/perm.c"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The contract's table, written out role by role so a change to the
 * matrix in perm.c has to be a change here too.
 */
static const int contract[UC_ROLE_COUNT][UC_PERM_COUNT] = {
	/*	unit.r unit.w user.r user.w audit.r inc.r inc.w inc.coord
	 *	report.approve system.write team.write */
	[UC_ROLE_OPERATOR] =	{ 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0 },
	[UC_ROLE_LEADER] =	{ 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1 },
	[UC_ROLE_MEMBER] =	{ 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0 },
	[UC_ROLE_COORDINATOR] =	{ 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0 },
	[UC_ROLE_STEERING] =	{ 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0 },
	[UC_ROLE_AUDITOR] =	{ 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0 },
	[UC_ROLE_ADMIN] =	{ 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1 },
};

Test(domain_perm, matrix_matches_the_contract)
{
	int r, p;

	for (r = 0; r < UC_ROLE_COUNT; r++)
		for (p = 0; p < UC_PERM_COUNT; p++)
			cr_expect_eq(uc_perm_role_has((enum uc_role)r,
			    (enum uc_perm)p), contract[r][p], "%s has %s: %d",
			    uc_role_name((enum uc_role)r),
			    uc_perm_name((enum uc_perm)p), contract[r][p]);
}

Test(domain_perm, out_of_range_has_nothing)
{
	cr_expect_eq(uc_perm_role_has(UC_ROLE_COUNT, UC_PERM_UNIT_READ), 0);
	cr_expect_eq(uc_perm_role_has((enum uc_role)-1, UC_PERM_UNIT_READ),
	    0);
	cr_expect_eq(uc_perm_role_has(UC_ROLE_ADMIN, UC_PERM_COUNT), 0);
	cr_expect_eq(uc_perm_role_has(UC_ROLE_ADMIN, (enum uc_perm)-1), 0);
}

Test(domain_perm, role_names_round_trip)
{
	static const char *names[] = { "operator", "leader", "member",
		"coordinator", "steering", "auditor", "admin" };
	size_t i;

	cr_assert_eq(NELEM(names), UC_ROLE_COUNT);
	for (i = 0; i < NELEM(names); i++) {
		cr_expect_str_eq(uc_role_name((enum uc_role)i), names[i]);
		cr_expect_eq(uc_role_parse(names[i]), (int)i);
	}
	cr_expect_eq(uc_role_parse("Admin"), -1);
	cr_expect_eq(uc_role_parse("admin "), -1);
	cr_expect_eq(uc_role_parse(""), -1);
	cr_expect_eq(uc_role_parse("root"), -1);
	cr_expect_eq(uc_role_parse(NULL), -1);
	cr_expect_str_eq(uc_role_name(UC_ROLE_COUNT), "?");
	cr_expect_str_eq(uc_perm_name(UC_PERM_AUDIT_READ), "audit.read");
	cr_expect_str_eq(uc_perm_name(UC_PERM_UNIT_WRITE), "unit.write");
	cr_expect_str_eq(uc_perm_name(UC_PERM_COUNT), "?");
}

struct scope_vec {
	const char *scope, *path;
	int in;
};

static const struct scope_vec scope_vecs[] = {
	{ "/1/", "/1/", 1 },
	{ "/1/", "/1/4/", 1 },
	{ "/1/", "/1/4/9/", 1 },
	{ "/1/4/", "/1/4/", 1 },
	{ "/1/4/", "/1/4/9/", 1 },
	{ "/1/4/", "/1/42/", 0 },
	{ "/1/4/", "/1/", 0 },
	{ "/1/4/9/", "/1/4/", 0 },
	{ "/1/4/", "/1/5/", 0 },
	{ "/1/", "/2/", 0 },
	{ "/1/", "/10/", 0 },
	{ "/1/", "/11/1/", 0 },
	{ "/", "/1/", 1 },		/* the system's scope */
	{ "/", "/7/8/", 1 },
	{ "/1", "/1/", 0 },		/* malformed scopes cover nothing */
	{ "/1/4", "/1/42/", 0 },
	{ "", "/1/", 0 },
	{ "1/", "1/", 0 },
	{ "/1/", "", 0 },
	{ NULL, "/1/", 0 },
	{ "/1/", NULL, 0 },
};

Test(domain_perm, in_scope_vectors)
{
	size_t i;

	for (i = 0; i < NELEM(scope_vecs); i++)
		cr_expect_eq(uc_perm_in_scope(scope_vecs[i].scope,
		    scope_vecs[i].path), scope_vecs[i].in,
		    "scope %s, path %s", scope_vecs[i].scope ?
		    scope_vecs[i].scope : "(null)", scope_vecs[i].path ?
		    scope_vecs[i].path : "(null)");
}

/*
 * Units as in the sample: HY /1/, SNV /1/6/, SNV-VP /1/6/7/,
 * XA-NT /1/9/; an operator on SNV who is also auditor of XA-NT and
 * admin of SNV-VP.
 */
static const struct uc_grant mixed[] = {
	{ UC_ROLE_OPERATOR, 6, "/1/6/" },
	{ UC_ROLE_AUDITOR, 9, "/1/9/" },
	{ UC_ROLE_ADMIN, 7, "/1/6/7/" },
};

struct allows_vec {
	enum uc_perm perm;
	const char *path;
	int allowed;
};

static const struct allows_vec allows_vecs[] = {
	{ UC_PERM_UNIT_READ, "/1/6/", 1 },
	{ UC_PERM_UNIT_READ, "/1/6/7/", 1 },
	{ UC_PERM_UNIT_READ, "/1/6/8/", 1 },
	{ UC_PERM_UNIT_READ, "/1/9/", 1 },
	{ UC_PERM_UNIT_READ, "/1/", 0 },
	{ UC_PERM_UNIT_READ, "/1/10/", 0 },
	{ UC_PERM_UNIT_READ, "/1/60/", 0 },
	{ UC_PERM_UNIT_WRITE, "/1/6/", 0 },
	{ UC_PERM_UNIT_WRITE, "/1/6/7/", 1 },
	{ UC_PERM_UNIT_WRITE, "/1/6/7/12/", 1 },
	{ UC_PERM_UNIT_WRITE, "/1/6/8/", 0 },
	{ UC_PERM_UNIT_WRITE, "/1/9/", 0 },
	{ UC_PERM_USER_READ, "/1/6/", 0 },
	{ UC_PERM_USER_READ, "/1/9/", 1 },
	{ UC_PERM_USER_READ, "/1/6/7/", 1 },
	{ UC_PERM_USER_WRITE, "/1/9/", 0 },
	{ UC_PERM_USER_WRITE, "/1/6/7/", 1 },
	{ UC_PERM_AUDIT_READ, "/1/9/", 1 },
	{ UC_PERM_AUDIT_READ, "/1/9/13/", 1 },
	{ UC_PERM_AUDIT_READ, "/1/6/7/", 1 },
	{ UC_PERM_AUDIT_READ, "/1/6/", 0 },
	{ UC_PERM_AUDIT_READ, "/1/", 0 },
};

Test(domain_perm, allows_with_several_grants)
{
	size_t i;

	for (i = 0; i < NELEM(allows_vecs); i++)
		cr_expect_eq(uc_perm_allows(mixed, NELEM(mixed),
		    allows_vecs[i].perm, allows_vecs[i].path),
		    allows_vecs[i].allowed, "%s on %s",
		    uc_perm_name(allows_vecs[i].perm), allows_vecs[i].path);
}

Test(domain_perm, sees_means_any_grant_covers)
{
	cr_expect(uc_perm_sees(mixed, NELEM(mixed), "/1/6/8/"));
	cr_expect(uc_perm_sees(mixed, NELEM(mixed), "/1/9/"));
	cr_expect_not(uc_perm_sees(mixed, NELEM(mixed), "/1/"));
	cr_expect_not(uc_perm_sees(mixed, NELEM(mixed), "/1/7/"));
}

Test(domain_perm, no_grants_allow_nothing)
{
	int p;

	for (p = 0; p < UC_PERM_COUNT; p++)
		cr_expect_not(uc_perm_allows(NULL, 0, (enum uc_perm)p,
		    "/1/"));
	cr_expect_not(uc_perm_sees(NULL, 0, "/1/"));
}

Test(domain_perm, every_role_on_the_root)
{
	struct uc_grant g = { UC_ROLE_OPERATOR, 1, "/1/" };
	int r, p;

	for (r = 0; r < UC_ROLE_COUNT; r++) {
		g.role = (enum uc_role)r;
		for (p = 0; p < UC_PERM_COUNT; p++) {
			cr_expect_eq(uc_perm_allows(&g, 1, (enum uc_perm)p,
			    "/1/4/9/"), contract[r][p], "%s, %s",
			    uc_role_name(g.role),
			    uc_perm_name((enum uc_perm)p));
			cr_expect_not(uc_perm_allows(&g, 1, (enum uc_perm)p,
			    "/2/"));
		}
	}
}
