/*
 * tests/unit/service/audit.c - src/service/audit.c against the sample
 * instance in a real SQLite store: the chain verifies, and editing,
 * deleting or reordering rows behind the service's back is caught at the
 * right entry. Who may verify and list is checked too.
 */
#include "fixture.h"

#include "service/access.h"
#include "domain/audit.h"
#include "service/audit.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

TestSuite(service_audit, .init = fx_setup, .fini = fx_teardown);

static struct uc_audit_verify
verify(void)
{
	struct uc_audit_verify res;
	struct uc_error err = { 0 };

	cr_assert_eq(uc_audit_verify(&fx, &res, &err), UC_OK, "%s",
	    err.message);
	return res;
}

static int64_t
entries(void)
{
	return fx_count("SELECT COUNT(*) FROM audit_entries");
}

Test(service_audit, sample_chain_verifies)
{
	struct uc_audit_verify res = verify();
	int64_t n = entries();

	/* a root, 9 units and 9 users at least */
	cr_expect_geq(n, 19);
	cr_expect_eq(res.ok, 1, "%s", res.reason);
	cr_expect_eq(res.entries, n);
	cr_expect_eq(res.first_bad_id, 0);
	cr_expect_eq(fx_count("SELECT MAX(id) FROM audit_entries"), n);
	cr_expect_eq(fx_count("SELECT last_id FROM audit_head"), n);
}

Test(service_audit, new_entries_extend_the_chain)
{
	struct uc_error err = { 0 };
	struct uc_audit_verify res;
	int64_t n = entries();

	cr_assert_eq(uc_audit_record_tx(&fx, "session.logout", "session",
	    "1", 0, &err), UC_OK, "%s", err.message);
	fx_as("kiemtra");
	cr_assert_eq(uc_audit_record_tx(&fx, "session.create", "session",
	    "2", fx_unit("HY"), &err), UC_OK, "%s", err.message);
	res = verify();
	cr_expect_eq(res.ok, 1, "%s", res.reason);
	cr_expect_eq(res.entries, n + 2);
}

struct tamper_vec {
	const char *what;
	const char *sql;
	int64_t first_bad;	/* -1: the last entry */
	const char *reason;	/* a word the reason must contain */
};

#define COLS(x) "at = " x ".at, actor_id = " x ".actor_id," \
	" actor_login = " x ".actor_login, source = " x ".source," \
	" action = " x ".action, object_type = " x ".object_type," \
	" object_id = " x ".object_id, unit_id = " x ".unit_id," \
	" before_digest = " x ".before_digest," \
	" after_digest = " x ".after_digest, prev_hash = " x ".prev_hash," \
	" hash = " x ".hash"

static const struct tamper_vec tamper_vecs[] = {
	{ "edit the action of entry 3",
	  "UPDATE audit_entries SET action = 'unit.delete' WHERE id = 3",
	  3, "edited" },
	{ "edit the time of entry 2",
	  "UPDATE audit_entries SET at = '2020-01-01T00:00:00.000Z'"
	  " WHERE id = 2", 2, "edited" },
	{ "edit the actor of entry 8",
	  "UPDATE audit_entries SET actor_login = 'admin' WHERE id = 8",
	  8, "edited" },
	{ "edit the digest of entry 9",
	  "UPDATE audit_entries SET after_digest = 'x' WHERE id = 9",
	  9, "edited" },
	{ "edit the unit of entry 10",
	  "UPDATE audit_entries SET unit_id = COALESCE(unit_id, 0) + 1"
	  " WHERE id = 10",
	  10, "edited" },
	{ "rewrite entry 6 and its hash",
	  "UPDATE audit_entries SET action = 'x', hash = '" UC_AUDIT_ZERO
	  "' WHERE id = 6", 6, "edited" },
	{ "delete entry 5",
	  "DELETE FROM audit_entries WHERE id = 5", 5, "missing" },
	{ "delete entry 1",
	  "DELETE FROM audit_entries WHERE id = 1", 1, "missing" },
	{ "swap the content of entries 4 and 7",
	  "CREATE TEMP TABLE saved AS SELECT * FROM audit_entries"
	  " WHERE id IN (4, 7);"
	  "UPDATE audit_entries SET " COLS("s") " FROM saved s"
	  " WHERE s.id = 11 - audit_entries.id AND audit_entries.id IN (4, 7);",
	  4, "follow" },
	{ "renumber entry 12 as 100",
	  "UPDATE audit_entries SET id = 100 WHERE id = 12", 12, "missing" },
	{ "delete the last entry",
	  "DELETE FROM audit_entries WHERE id ="
	  " (SELECT MAX(id) FROM audit_entries)", -1, "removed" },
	{ "delete the last three entries",
	  "DELETE FROM audit_entries WHERE id >"
	  " (SELECT MAX(id) - 3 FROM audit_entries)", -3, "removed" },
};

Test(service_audit, tampering_is_caught)
{
	size_t i;

	for (i = 0; i < NELEM(tamper_vecs); i++) {
		const struct tamper_vec *v = &tamper_vecs[i];
		struct uc_audit_verify res;
		int64_t n = entries(), want;

		want = v->first_bad < 0 ? n + v->first_bad + 1 : v->first_bad;
		fx_sql("SAVEPOINT tamper");
		fx_sql(v->sql);
		res = verify();
		cr_expect_eq(res.ok, 0, "%s: still verifies", v->what);
		cr_expect_eq(res.first_bad_id, want, "%s: first bad %lld, "
		    "want %lld (%s)", v->what, (long long)res.first_bad_id,
		    (long long)want, res.reason);
		cr_expect_not_null(strstr(res.reason, v->reason),
		    "%s: reason \"%s\"", v->what, res.reason);
		fx_sql("ROLLBACK TO tamper; RELEASE tamper;"
		    " DROP TABLE IF EXISTS temp.saved");
		res = verify();
		cr_assert_eq(res.ok, 1, "%s: not restored", v->what);
	}
}

Test(service_audit, swapped_rows_keep_their_hashes_but_break_links)
{
	struct uc_audit_verify res;

	/* each row keeps its own stored hash, but the id is part of the
	 * hash and each prev_hash now points at the wrong neighbour */
	fx_sql("CREATE TEMP TABLE saved AS SELECT * FROM audit_entries"
	    " WHERE id IN (2, 3)");
	fx_sql("UPDATE audit_entries SET " COLS("s") " FROM saved s"
	    " WHERE s.id = 5 - audit_entries.id"
	    " AND audit_entries.id IN (2, 3)");
	res = verify();
	cr_expect_eq(res.ok, 0);
	cr_expect_eq(res.first_bad_id, 2, "%s", res.reason);
}

Test(service_audit, head_edit_is_caught)
{
	struct uc_audit_verify res;

	fx_sql("UPDATE audit_head SET last_hash = '" UC_AUDIT_ZERO "'");
	res = verify();
	cr_expect_eq(res.ok, 0);
	cr_expect_neq(res.first_bad_id, 0, "%s", res.reason);
}

Test(service_audit, who_may_verify)
{
	static const struct {
		const char *login;
		enum uc_status want;
	} vecs[] = {
		{ "admin", UC_OK },
		{ "kiemtra", UC_OK },		/* auditor@HY */
		{ "quantri.snv", UC_EPERM },	/* admin below the root */
		{ "vanhanh.snv", UC_EPERM },
		{ "dieuphoi", UC_EPERM },
		{ "bcd", UC_EPERM },
	};
	size_t i;

	for (i = 0; i < NELEM(vecs); i++) {
		struct uc_audit_verify res;
		struct uc_error err = { 0 };
		enum uc_status rc;

		fx_as(vecs[i].login);
		rc = uc_audit_verify(&fx, &res, &err);
		cr_expect_eq(rc, vecs[i].want, "%s: %s", vecs[i].login,
		    uc_status_name(rc));
		if (rc == UC_OK)
			cr_expect_eq(res.ok, 1, "%s", vecs[i].login);
	}
}

/* Entries whose unit is in the actor's audit.read scope, nothing else. */
Test(service_audit, list_is_scoped)
{
	struct uc_error err = { 0 };
	json_t *j = NULL, *e;
	int64_t next = 0, n_all, n_snv;
	size_t i;
	char sql[256];

	fx_as("admin");
	cr_assert_eq(uc_audit_list(&fx, 0, 200, NULL, NULL, &j, &next, &err),
	    UC_OK, "%s", err.message);
	n_all = (int64_t)json_array_size(j);
	cr_expect_eq(n_all, entries());
	json_decref(j);

	fx_as("quantri.snv");
	cr_assert_eq(uc_audit_list(&fx, 0, 200, NULL, NULL, &j, &next, &err),
	    UC_OK, "%s", err.message);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM audit_entries a"
	    " JOIN units u ON u.id = a.unit_id WHERE u.path LIKE '%%/%lld/%%'",
	    (long long)fx_unit("SNV"));
	n_snv = fx_count(sql);
	cr_expect_gt(n_snv, 0);
	cr_expect_eq((int64_t)json_array_size(j), n_snv);
	json_array_foreach(j, i, e) {
		int64_t u = json_integer_value(json_object_get(e, "unit_id"));

		cr_expect(u == fx_unit("SNV") || u == fx_unit("SNV-VP") ||
		    u == fx_unit("SNV-PC"), "entry %lld has unit %lld",
		    (long long)json_integer_value(json_object_get(e, "id")),
		    (long long)u);
	}
	json_decref(j);

	fx_as("vanhanh.snv");
	j = NULL;
	cr_expect_eq(uc_audit_list(&fx, 0, 50, NULL, NULL, &j, &next, &err),
	    UC_EPERM);
	cr_expect_null(j);
}

Test(service_audit, list_pages_and_filters)
{
	struct uc_error err = { 0 };
	json_t *j = NULL;
	int64_t next = 0, total = 0, n = entries();
	int pages = 0;

	do {
		cr_assert_eq(uc_audit_list(&fx, next, 7, NULL, NULL, &j, &next,
		    &err), UC_OK, "%s", err.message);
		total += (int64_t)json_array_size(j);
		json_decref(j);
		pages++;
	} while (next != 0 && pages < 100);
	cr_expect_eq(total, n);
	cr_expect_eq(pages, (n + 6) / 7);

	cr_assert_eq(uc_audit_list(&fx, 0, 200, "user.create", "user", &j,
	    &next, &err), UC_OK, "%s", err.message);
	cr_expect_eq((int64_t)json_array_size(j),
	    fx_count("SELECT COUNT(*) FROM audit_entries"
	    " WHERE action = 'user.create'"));
	cr_expect_eq(json_array_size(j), 9);
	json_decref(j);
}
