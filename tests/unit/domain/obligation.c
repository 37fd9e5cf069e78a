/*
 * tests/unit/domain/obligation.c - src/domain/obligation.c: the due
 * items of the shipped packs' obligations for a unit with systems at
 * levels 2, 3 and 5 over 2026-2027. Expected instants are ISO text with
 * an explicit +07:00, read with uc_time_parse, so they do not depend
 * on the arithmetic under test; "trước ngày X" is X-1 at 23:59:59.999.
 */
#include "../../../src/domain/obligation.c"

#include "core/arena.h"
#include "core/time.h"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define END "T23:59:59.999+07:00"
#define FROM "2026-01-01T00:00:00+07:00"
#define TO "2028-01-01T00:00:00+07:00"

static const struct uc_ob_system systems[] = {
	{ 2, 2 }, { 3, 3 }, { 5, 5 },
};

static int64_t
iso(const char *s)
{
	int64_t ms = 0;

	cr_assert_eq(uc_time_parse(s, &ms), UC_OK, "bad fixture %s", s);
	return ms;
}

static const struct uc_rulepack *
pack(const char *id)
{
	const struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };

	cr_assert_eq(uc_rulepack_get(id, &p, &err), UC_OK, "%s",
	    err.message);
	cr_assert_gt(p->nobligations, 0, "%s has no obligations", id);
	return p;
}

/* The items of the pack for the unit over 2026-2027, at `now`. */
static size_t
items(struct uc_arena *a, const char *id, const struct uc_ob_done *done,
    size_t ndone, const char *now, struct uc_ob_item **out)
{
	const struct uc_rulepack *p = pack(id);
	struct uc_error err = { 0 };
	size_t n = 0;

	cr_assert_eq(uc_obligation_items(p->obligations, p->nobligations,
	    systems, NELEM(systems), done, ndone, iso(FROM), iso(TO),
	    iso(now), a, out, &n, &err), UC_OK, "%s", err.message);
	return n;
}

static const struct uc_ob_item *
find(const struct uc_ob_item *v, size_t n, const char *code,
    int64_t sys, const char *period)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].ob->code, code) == 0 &&
		    v[i].system_id == sys && strcmp(v[i].period, period) == 0)
			return &v[i];
	return NULL;
}

static size_t
count(const struct uc_ob_item *v, size_t n, const char *code, int64_t sys)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += strcmp(v[i].ob->code, code) == 0 &&
		    v[i].system_id == sys;
	return c;
}

struct count_vec {
	const char *pack;
	const char *code;
	int64_t system;		/* 0: the unit */
	size_t n;		/* items over 2026-2027 */
	const char *what;
};

static const struct count_vec count_vecs[] = {
	{ "legacy-2017", "assess_6m", 0, 2, "yearly, before 10/06" },
	{ "legacy-2017", "assess_annual", 0, 2, "yearly, before 05/12" },
	{ "legacy-2017", "summary", 0, 4, "Mẫu 05: two a year" },
	{ "legacy-2017", "roster", 0, 8, "quarterly" },
	{ "legacy-2017", "drill", 0, 2, "annual" },
	{ "legacy-2017", "member_profile", 0, 2, "annual" },
	{ "legacy-2017", "response_plan", 0, 2, "annual" },
	{ "legacy-2017", "assess_org", 0, 1, "every 2 years from 2026" },
	{ "legacy-2017", "scan", 2, 4, "every 6 months, any level" },
	{ "legacy-2017", "scan", 3, 4, "every 6 months, any level" },
	{ "legacy-2017", "scan", 5, 4, "every 6 months, any level" },
	{ "legacy-2017", "assess_level34", 2, 0, "not for level 2" },
	{ "legacy-2017", "assess_level34", 3, 2, "level 3: yearly" },
	{ "legacy-2017", "assess_level34", 5, 0, "level 5 has its own" },
	{ "legacy-2017", "assess_level5", 3, 0, "not for level 3" },
	{ "legacy-2017", "assess_level5", 5, 4, "level 5: 6-monthly" },
	{ "legacy-2017", "level_report", 2, 0, "levels 3-5 only" },
	{ "legacy-2017", "level_report", 3, 2, "TT 03 Đ17, yearly" },
	{ "legacy-2017", "info_share", 3, 0, "levels 4-5 only" },
	{ "legacy-2017", "info_share", 5, 8, "quarterly" },
	{ "legacy-2017", "scan", 0, 0, "systems only" },
	{ "law116-2026", "scan_l12", 2, 2, "TCVN 14423: level 2 yearly" },
	{ "law116-2026", "scan_l34", 3, 4, "level 3: 6-monthly" },
	{ "law116-2026", "scan_l5", 5, 8, "level 5: quarterly" },
	{ "law116-2026", "scan_l5", 3, 0, "level 3 is not quarterly" },
};

Test(domain_obligation, items_per_obligation_and_system)
{
	struct uc_arena *a = uc_arena_new();
	size_t i;

	for (i = 0; i < NELEM(count_vecs); i++) {
		const struct count_vec *cv = &count_vecs[i];
		struct uc_ob_item *v = NULL;
		size_t n = items(a, cv->pack, NULL, 0, FROM, &v);

		cr_expect_eq(count(v, n, cv->code, cv->system), cv->n,
		    "%s %s system %lld: %zu items, want %zu (%s)", cv->pack,
		    cv->code, (long long)cv->system,
		    count(v, n, cv->code, cv->system), cv->n, cv->what);
	}
	uc_arena_free(a);
}

Test(domain_obligation, legacy_totals_and_order)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_ob_item *v = NULL;
	size_t n = items(a, "legacy-2017", NULL, 0, FROM, &v), i;

	cr_expect_eq(n, 53, "%zu items", n);
	for (i = 1; i < n; i++)
		cr_expect_leq(v[i - 1].due_ms, v[i].due_ms, "sorted by due");
	uc_arena_free(a);
}

struct due_vec {
	const char *code;
	int64_t system;
	const char *period;
	const char *due;
	const char *start, *end;	/* yyyy-mm-dd of the period */
	const char *what;
};

static const struct due_vec due_vecs[] = {
	{ "assess_6m", 0, "2026", "2026-06-09" END, "2026-01-01",
	  "2026-12-31", "trước ngày 10/06: 09/06 at 23:59:59.999" },
	{ "assess_6m", 0, "2027", "2027-06-09" END, "2027-01-01",
	  "2027-12-31", "the same a year later" },
	{ "assess_annual", 0, "2026", "2026-12-04" END, "2026-01-01",
	  "2026-12-31", "trước ngày 05/12" },
	{ "summary", 0, "2026-H1", "2026-06-19" END, "2026-01-01",
	  "2026-06-30", "Mẫu 05 trước ngày 20/06" },
	{ "summary", 0, "2026-H2", "2026-12-14" END, "2026-07-01",
	  "2026-12-31", "Mẫu 05 trước ngày 15/12" },
	{ "roster", 0, "2026-Q1", "2026-03-31" END, "2026-01-01",
	  "2026-03-31", "a quarter ends on its last day" },
	{ "roster", 0, "2027-Q4", "2027-12-31" END, "2027-10-01",
	  "2027-12-31", "the last quarter of the window" },
	{ "drill", 0, "2027", "2027-12-31" END, "2027-01-01",
	  "2027-12-31", "annual: the end of the year" },
	{ "assess_org", 0, "2026-2027", "2027-12-31" END, "2026-01-01",
	  "2027-12-31", "two years from the 2026 anchor" },
	{ "scan", 2, "2026-H1", "2026-06-30" END, "2026-01-01",
	  "2026-06-30", "level 2 scans too" },
	{ "scan", 5, "2027-H2", "2027-12-31" END, "2027-07-01",
	  "2027-12-31", "the last day counts, to 23:59:59.999" },
	{ "assess_level34", 3, "2026", "2026-12-31" END, "2026-01-01",
	  "2026-12-31", "level 3 yearly" },
	{ "assess_level5", 5, "2026-H1", "2026-06-30" END, "2026-01-01",
	  "2026-06-30", "level 5 every 6 months" },
	{ "assess_level5", 5, "2027-H2", "2027-12-31" END, "2027-07-01",
	  "2027-12-31", "level 5 every 6 months" },
	{ "level_report", 5, "2027", "2027-11-29" END, "2027-01-01",
	  "2027-12-31", "TT 03 Đ17: trước ngày 30/11" },
	{ "info_share", 5, "2026-Q2", "2026-06-30" END, "2026-04-01",
	  "2026-06-30", "quarterly" },
};

static int32_t
ymd(const char *s)
{
	return (int32_t)((s[0] - '0') * 10000000 + (s[1] - '0') * 1000000 +
	    (s[2] - '0') * 100000 + (s[3] - '0') * 10000 +
	    (s[5] - '0') * 1000 + (s[6] - '0') * 100 + (s[8] - '0') * 10 +
	    (s[9] - '0'));
}

Test(domain_obligation, exact_due_instants)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_ob_item *v = NULL;
	size_t n = items(a, "legacy-2017", NULL, 0, FROM, &v), i;

	for (i = 0; i < NELEM(due_vecs); i++) {
		const struct due_vec *dv = &due_vecs[i];
		const struct uc_ob_item *it = find(v, n, dv->code,
		    dv->system, dv->period);

		cr_assert_not_null(it, "%s %s missing", dv->code, dv->period);
		cr_expect_eq(it->due_ms, iso(dv->due), "%s %s: %s",
		    dv->code, dv->period, dv->what);
		cr_expect_eq(it->start, ymd(dv->start), "%s %s start",
		    dv->code, dv->period);
		cr_expect_eq(it->end, ymd(dv->end), "%s %s end", dv->code,
		    dv->period);
	}
	cr_expect_null(find(v, n, "assess_org", 0, "2024-2025"),
	    "due 31/12/2025 is before the window");
	cr_expect_null(find(v, n, "assess_org", 0, "2028-2029"),
	    "due 31/12/2029 is after it");
	uc_arena_free(a);
}

struct status_vec {
	const char *now;
	const char *code;
	int64_t system;
	const char *period;
	enum uc_ob_status status;
	const char *what;
};

static const struct uc_ob_done done[] = {
	{ 0, "summary", "2026-H1" },
	{ 5, "scan", "2026-H1" },
	{ 3, "scan", "2026-H2" },	/* not system 5's */
};

static const struct status_vec status_vecs[] = {
	{ "2026-05-01T08:00:00+07:00", "assess_6m", 0, "2026",
	  UC_OB_UPCOMING, "more than 14 days ahead" },
	{ "2026-05-27T00:00:00+07:00", "assess_6m", 0, "2026", UC_OB_DUE,
	  "the reminder window opens 14 days before 10/06" },
	{ "2026-05-26T23:59:59.999+07:00", "assess_6m", 0, "2026",
	  UC_OB_UPCOMING, "a millisecond before the window" },
	{ "2026-06-09T23:59:59.999+07:00", "assess_6m", 0, "2026",
	  UC_OB_DUE, "trước ngày 10/06: the last instant of 09/06" },
	{ "2026-06-10T00:00:00+07:00", "assess_6m", 0, "2026",
	  UC_OB_OVERDUE, "10/06 itself is too late" },
	{ "2027-03-01T00:00:00+07:00", "summary", 0, "2026-H1", UC_OB_DONE,
	  "fulfilled: done even after the due" },
	{ "2026-06-01T00:00:00+07:00", "scan", 5, "2026-H1", UC_OB_DONE,
	  "system 5 scanned" },
	{ "2026-07-01T00:00:00+07:00", "scan", 3, "2026-H1",
	  UC_OB_OVERDUE, "system 3 did not scan in H1" },
	{ "2026-12-20T00:00:00+07:00", "scan", 5, "2026-H2", UC_OB_DUE,
	  "system 3's scan does not fulfil system 5's" },
	{ "2026-12-20T00:00:00+07:00", "scan", 3, "2026-H2", UC_OB_DONE,
	  "system 3's own scan" },
	{ "2026-06-01T00:00:00+07:00", "roster", 0, "2026-Q1",
	  UC_OB_OVERDUE, "Q1 roster not confirmed" },
	{ "2026-06-01T00:00:00+07:00", "drill", 0, "2026", UC_OB_UPCOMING,
	  "the drill is due at the end of the year" },
};

Test(domain_obligation, status_around_now)
{
	struct uc_arena *a = uc_arena_new();
	size_t i;

	for (i = 0; i < NELEM(status_vecs); i++) {
		const struct status_vec *sv = &status_vecs[i];
		struct uc_ob_item *v = NULL;
		size_t n = items(a, "legacy-2017", done, NELEM(done), sv->now,
		    &v);
		const struct uc_ob_item *it = find(v, n, sv->code,
		    sv->system, sv->period);

		cr_assert_not_null(it, "%s %s missing", sv->code, sv->period);
		cr_expect_eq(it->status, sv->status, "%s %s at %s: %s, want "
		    "%s (%s)", sv->code, sv->period, sv->now,
		    uc_obligation_status_name(it->status),
		    uc_obligation_status_name(sv->status), sv->what);
		cr_expect_eq(it->done >= 0, sv->status == UC_OB_DONE);
	}
	uc_arena_free(a);
}

Test(domain_obligation, window_is_half_open_on_the_due)
{
	const struct uc_rulepack *p = pack("legacy-2017");
	const struct uc_rp_obligation *o = uc_rulepack_obligation(p,
	    "assess_6m");
	struct uc_arena *a = uc_arena_new();
	struct uc_error err = { 0 };
	struct uc_ob_item *v = NULL;
	int64_t due = iso("2026-06-09" END);
	size_t n = 9;

	cr_assert_not_null(o);
	cr_assert_eq(uc_obligation_items(o, 1, NULL, 0, NULL, 0, due,
	    due + 1, due, a, &v, &n, &err), UC_OK);
	cr_expect_eq(n, 1, "from = the due: in");
	cr_assert_eq(uc_obligation_items(o, 1, NULL, 0, NULL, 0, due - 1000,
	    due, due, a, &v, &n, &err), UC_OK);
	cr_expect_eq(n, 0, "to = the due: out");
	cr_expect_eq(uc_obligation_items(o, 1, NULL, 0, NULL, 0, due, due,
	    due, a, &v, &n, &err), UC_EVALID, "an empty window is refused");
	uc_arena_free(a);
}

Test(domain_obligation, unknown_level_owes_only_what_all_systems_owe)
{
	static const struct uc_ob_system unknown[] = { { 9, 0 } };
	const struct uc_rulepack *p = pack("legacy-2017");
	struct uc_arena *a = uc_arena_new();
	struct uc_error err = { 0 };
	struct uc_ob_item *v = NULL;
	size_t n = 0;

	cr_assert_eq(uc_obligation_items(p->obligations, p->nobligations,
	    unknown, 1, NULL, 0, iso(FROM), iso(TO), iso(FROM), a, &v, &n,
	    &err), UC_OK);
	cr_expect_eq(count(v, n, "scan", 9), 4);
	cr_expect_eq(count(v, n, "assess_level34", 9), 0);
	cr_expect_eq(count(v, n, "assess_level5", 9), 0);
	uc_arena_free(a);
}

extern const char *const uc_rulepack_files_names[];
extern const unsigned char *const uc_rulepack_files_data[];
extern const size_t uc_rulepack_files_lens[];
extern const size_t uc_rulepack_files_count;

/* The shipped legacy pack plus one more obligation: the error, or "". */
static const char *
parse_with(const char *extra, struct uc_error *err)
{
	struct uc_rp_file f[24];
	struct uc_rulepack *p = NULL;
	size_t i, n = 0;

	for (i = 0; i < uc_rulepack_files_count; i++) {
		if (strncmp(uc_rulepack_files_names[i], "legacy-2017/", 12))
			continue;
		cr_assert_lt(n, NELEM(f) - 1);
		f[n].name = uc_rulepack_files_names[i];
		f[n].text = (const char *)uc_rulepack_files_data[i];
		f[n++].len = uc_rulepack_files_lens[i];
	}
	f[n].name = "legacy-2017/extra.txt";
	f[n].text = extra;
	f[n++].len = strlen(extra);
	if (uc_rulepack_parse(f, n, &p, err) == UC_OK) {
		uc_rulepack_free(p);
		return "";
	}
	return err->message;
}

#define OB "[obligation x]\nvi = x\nen = x\nremind_days = 1\n" \
	"evidence = scan\nsource = s\n"

Test(domain_obligation, pack_refuses_bad_obligations)
{
	static const char *const bad[] = {
		OB "scope = unit\nevery = 5\n", "'every' must be",
		OB "scope = unit\nevery = 24\n", "needs 'anchor'",
		OB "scope = unit\nevery = 6\ndue = 06-10\n",
		"'due' needs 2 dates",
		OB "scope = unit\nevery = 6\ndue = 07-10, 12-15\n",
		"not in period 1",
		OB "scope = unit\nevery = 12\ndue = 02-30\n",
		"not a later mm-dd",
		OB "scope = unit\nevery = 12\nlevels = 3\n",
		"for system scope",
		OB "scope = team\nevery = 12\n", "unknown value 'team'",
	};
	size_t i;

	for (i = 0; i < NELEM(bad); i += 2) {
		struct uc_error err = { 0 };
		const char *msg = parse_with(bad[i], &err);

		cr_expect(strstr(msg, bad[i + 1]) != NULL, "'%s': got '%s'",
		    bad[i + 1], msg);
	}
	cr_expect_str_eq(parse_with(OB "scope = system\nlevels = 4, 5\n"
	    "every = 4\n", &(struct uc_error){ 0 }), "", "a good one");
}
