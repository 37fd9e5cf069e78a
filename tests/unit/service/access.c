/*
 * tests/unit/service/access.c - src/service/access.c against the sample
 * instance in a real SQLite store: grants loaded from the database, the
 * role matrix and the scope rule, UC_ENOTFOUND outside the scope and
 * UC_EPERM inside it.
 */
#include "fixture.h"

#include "core/arena.h"
#include "service/access.h"
#include "service/unit.h"
#include "service/user.h"

#include <criterion/criterion.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

TestSuite(service_access, .init = fx_setup, .fini = fx_teardown);

struct unit_vec {
	const char *login;
	enum uc_perm perm;
	const char *unit;
	enum uc_status want;
};

/*
 * Sample grants: admin admin@HY, dieuphoi coordinator@HY, bcd
 * steering@HY, kiemtra auditor@HY, doiungcuu member@HY, lanhdao.snv
 * leader@SNV, vanhanh.snv operator@SNV, vanhanh.xa operator@XA-NT,
 * quantri.snv admin@SNV.
 */
static const struct unit_vec unit_vecs[] = {
	{ "vanhanh.snv", UC_PERM_UNIT_READ, "SNV", UC_OK },
	{ "vanhanh.snv", UC_PERM_UNIT_READ, "SNV-VP", UC_OK },
	{ "vanhanh.snv", UC_PERM_UNIT_READ, "SNV-PC", UC_OK },
	{ "vanhanh.snv", UC_PERM_UNIT_READ, "XA-NT", UC_ENOTFOUND },
	{ "vanhanh.snv", UC_PERM_UNIT_READ, "HY", UC_ENOTFOUND },
	{ "vanhanh.snv", UC_PERM_UNIT_WRITE, "SNV", UC_EPERM },
	{ "vanhanh.snv", UC_PERM_UNIT_WRITE, "SNV-VP", UC_EPERM },
	{ "vanhanh.snv", UC_PERM_UNIT_WRITE, "XA-NT", UC_ENOTFOUND },
	{ "vanhanh.snv", UC_PERM_USER_READ, "SNV", UC_EPERM },
	{ "vanhanh.snv", UC_PERM_AUDIT_READ, "SNV", UC_EPERM },
	{ "vanhanh.xa", UC_PERM_UNIT_READ, "XA-NT", UC_OK },
	{ "vanhanh.xa", UC_PERM_UNIT_READ, "XA-PC", UC_ENOTFOUND },
	{ "vanhanh.xa", UC_PERM_UNIT_READ, "SNV", UC_ENOTFOUND },
	{ "lanhdao.snv", UC_PERM_USER_READ, "SNV-PC", UC_OK },
	{ "lanhdao.snv", UC_PERM_USER_WRITE, "SNV-PC", UC_EPERM },
	{ "lanhdao.snv", UC_PERM_UNIT_WRITE, "SNV", UC_EPERM },
	{ "lanhdao.snv", UC_PERM_USER_READ, "TTDL", UC_ENOTFOUND },
	{ "quantri.snv", UC_PERM_UNIT_WRITE, "SNV", UC_OK },
	{ "quantri.snv", UC_PERM_UNIT_WRITE, "SNV-VP", UC_OK },
	{ "quantri.snv", UC_PERM_USER_WRITE, "SNV-PC", UC_OK },
	{ "quantri.snv", UC_PERM_AUDIT_READ, "SNV", UC_OK },
	{ "quantri.snv", UC_PERM_UNIT_WRITE, "HY", UC_ENOTFOUND },
	{ "quantri.snv", UC_PERM_UNIT_READ, "SKHCN", UC_ENOTFOUND },
	{ "kiemtra", UC_PERM_AUDIT_READ, "XA-PC", UC_OK },
	{ "kiemtra", UC_PERM_USER_READ, "HY", UC_OK },
	{ "kiemtra", UC_PERM_UNIT_WRITE, "HY", UC_EPERM },
	{ "kiemtra", UC_PERM_USER_WRITE, "PA05", UC_EPERM },
	{ "dieuphoi", UC_PERM_USER_READ, "SNV-VP", UC_OK },
	{ "dieuphoi", UC_PERM_USER_WRITE, "PA05", UC_EPERM },
	{ "dieuphoi", UC_PERM_AUDIT_READ, "PA05", UC_EPERM },
	{ "bcd", UC_PERM_UNIT_READ, "TTDL", UC_OK },
	{ "bcd", UC_PERM_USER_READ, "HY", UC_EPERM },
	{ "doiungcuu", UC_PERM_UNIT_READ, "XA-PC", UC_OK },
	{ "doiungcuu", UC_PERM_USER_READ, "TTDL", UC_EPERM },
	{ "admin", UC_PERM_UNIT_WRITE, "HY", UC_OK },
	{ "admin", UC_PERM_USER_WRITE, "XA-PC", UC_OK },
	{ "admin", UC_PERM_AUDIT_READ, "PA05", UC_OK },
};

Test(service_access, unit_matrix)
{
	size_t i;

	for (i = 0; i < NELEM(unit_vecs); i++) {
		const struct unit_vec *v = &unit_vecs[i];
		struct uc_error err = { 0 };
		int64_t id = fx_unit(v->unit);
		enum uc_status rc;

		fx_as(v->login);
		rc = uc_access_unit(&fx, v->perm, id, &err);
		cr_expect_eq(rc, v->want, "%s %s on %s: %s, want %s",
		    v->login, uc_perm_name(v->perm), v->unit,
		    uc_status_name(rc), uc_status_name(v->want));
		cr_expect_eq(err.code, rc, "%s %s on %s", v->login,
		    uc_perm_name(v->perm), v->unit);
		fx_as_system();
	}
}

Test(service_access, grants_loaded_from_the_store)
{
	struct uc_error err = { 0 };
	int64_t snv = fx_unit("SNV"), hy = fx_unit("HY");
	char path[64];

	fx_as("vanhanh.snv");
	cr_assert_eq(fx.actor.ngrants, 1);
	cr_expect_eq(fx.actor.grants[0].role, UC_ROLE_OPERATOR);
	cr_expect_eq(fx.actor.grants[0].unit_id, snv);
	snprintf(path, sizeof(path), "/%lld/%lld/", (long long)hy,
	    (long long)snv);
	cr_expect_str_eq(fx.actor.grants[0].path, path);

	/* a second grant, straight in the store, is picked up */
	fx_as_system();
	fx_sql("INSERT INTO role_grants (user_id, role, unit_id) SELECT"
	    " u.id, 'auditor', n.id FROM users u, units n"
	    " WHERE u.login = 'vanhanh.snv' AND n.code = 'XA-NT'");
	fx_as("vanhanh.snv");
	cr_expect_eq(fx.actor.ngrants, 2);
	cr_expect_eq(uc_access_unit(&fx, UC_PERM_AUDIT_READ,
	    fx_unit("XA-NT"), &err), UC_OK);
	cr_expect_eq(uc_access_unit(&fx, UC_PERM_UNIT_READ,
	    fx_unit("XA-PC"), &err), UC_ENOTFOUND);

	/* unknown role names in the store grant nothing */
	fx_as_system();
	fx_sql("INSERT INTO role_grants (user_id, role, unit_id) SELECT"
	    " u.id, 'superuser', n.id FROM users u, units n"
	    " WHERE u.login = 'vanhanh.xa' AND n.code = 'HY'");
	fx_as("vanhanh.xa");
	cr_expect_eq(fx.actor.ngrants, 1);
	cr_expect_eq(uc_access_unit(&fx, UC_PERM_UNIT_READ, hy, &err),
	    UC_ENOTFOUND);
}

Test(service_access, unknown_unit_is_not_found)
{
	struct uc_error err = { 0 };

	cr_expect_eq(uc_access_unit(&fx, UC_PERM_UNIT_READ, 999999, &err),
	    UC_ENOTFOUND);
	fx_as("admin");
	cr_expect_eq(uc_access_unit(&fx, UC_PERM_UNIT_READ, 999999, &err),
	    UC_ENOTFOUND);
}

Test(service_access, system_actor_may_do_anything)
{
	struct uc_error err = { 0 };
	const char **paths;
	int p;

	for (p = 0; p < UC_PERM_COUNT; p++)
		cr_expect_eq(uc_access_unit(&fx, (enum uc_perm)p,
		    fx_unit("SNV-PC"), &err), UC_OK);
	cr_assert_eq(uc_access_scopes(&fx, UC_PERM_AUDIT_READ, &paths), 1);
	cr_expect_str_eq(paths[0], "/");
}

Test(service_access, scopes_follow_the_grants)
{
	const char **paths;

	fx_as("quantri.snv");
	cr_expect_eq(uc_access_scopes(&fx, UC_PERM_USER_WRITE, &paths), 1);
	fx_as("vanhanh.snv");
	cr_expect_eq(uc_access_scopes(&fx, UC_PERM_USER_READ, &paths), 0);
	cr_expect_eq(uc_access_scopes(&fx, UC_PERM_UNIT_READ, &paths), 1);
}

Test(service_access, restricted_session_sees_nothing)
{
	struct uc_error err = { 0 };
	const char **paths;

	fx_as("admin");
	fx.actor.restricted = 1;
	cr_expect_eq(uc_access_unit(&fx, UC_PERM_UNIT_READ, fx_unit("HY"),
	    &err), UC_ENOTFOUND);
	cr_expect_eq(uc_access_unrestricted(&fx, &err), UC_EPERM);
	cr_expect_eq(uc_access_scopes(&fx, UC_PERM_UNIT_READ, &paths), 0);
	fx.actor.restricted = 0;
	cr_expect_eq(uc_access_unrestricted(&fx, &err), UC_OK);
}

/* The same answers through the unit and user services. */
Test(service_access, through_the_unit_service)
{
	struct uc_error err = { 0 };
	json_t *j = NULL, *j_in;
	int64_t vp = fx_unit("SNV-VP"), nt = fx_unit("XA-NT");
	int64_t snv = fx_unit("SNV");

	fx_as("vanhanh.snv");
	cr_expect_eq(uc_unit_get(&fx, vp, &j, &err), UC_OK, "%s",
	    err.message);
	cr_expect_str_eq(json_string_value(json_object_get(j, "code")),
	    "SNV-VP");
	json_decref(j);
	j = NULL;
	uc_error_clear(&err);
	cr_expect_eq(uc_unit_get(&fx, nt, &j, &err), UC_ENOTFOUND);
	cr_expect_null(j);

	j_in = json_pack("{ss}", "name", "S\xe1\xbb\x9f N\xe1\xbb\x99i v"
	    "\xe1\xbb\xa5 (\xc4\x91\xe1\xbb\x95i t\xc3\xaan)");
	uc_error_clear(&err);
	cr_expect_eq(uc_unit_update(&fx, snv, 1, j_in, &j, &err), UC_EPERM);
	cr_expect_null(j);
	uc_error_clear(&err);
	cr_expect_eq(uc_unit_update(&fx, nt, 1, j_in, &j, &err),
	    UC_ENOTFOUND);
	cr_expect_null(j);

	/* the unit's own admin may */
	fx_as("quantri.snv");
	uc_error_clear(&err);
	cr_expect_eq(uc_unit_update(&fx, snv, 1, j_in, &j, &err), UC_OK,
	    "%s", err.message);
	cr_expect_eq(json_integer_value(json_object_get(j, "version")), 2);
	json_decref(j);
	json_decref(j_in);
}

Test(service_access, through_the_user_service)
{
	struct uc_error err = { 0 };
	json_t *j = NULL;
	int64_t id;

	fx_as("lanhdao.snv");
	cr_expect_eq(uc_user_get(&fx, fx_user("vanhanh.snv"), &j, &err),
	    UC_OK, "%s", err.message);
	json_decref(j);
	j = NULL;
	uc_error_clear(&err);
	cr_expect_eq(uc_user_get(&fx, fx_user("vanhanh.xa"), &j, &err),
	    UC_ENOTFOUND);
	cr_expect_null(j);
	uc_error_clear(&err);
	cr_expect_eq(uc_user_find(&fx, "kiemtra", &id, &err), UC_ENOTFOUND);

	fx_as("vanhanh.snv");
	uc_error_clear(&err);
	cr_expect_eq(uc_user_get(&fx, fx_user("lanhdao.snv"), &j, &err),
	    UC_EPERM);
	cr_expect_null(j);
}
