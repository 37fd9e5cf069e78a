/*
 * tests/unit/domain/level.c - src/domain/level.c: the security level
 * from the NĐ 85/2016 criteria, table-driven from regulation.md §5 (the
 * criteria of levels 1-5, "highest component wins"), the explanations,
 * the input errors, the dossier's parts by level (§5 "Dossier") and
 * the dossier's status machine.
 */
#include "../../../src/domain/level.c"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct uc_rulepack *
pack(const char *id)
{
	const struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };

	cr_assert_eq(uc_rulepack_get(id, &p, &err), UC_OK, "%s",
	    err.message);
	return p;
}

/* regulation.md §5, written out independently of levels.txt: each
 * criterion of NĐ 85/2016 Điều 7-11 and the level it gives. */
static const struct {
	const char *code;
	int level;
	const char *article;
} table[] = {
	{ "N85.7", 1, "Điều 7" },
	{ "N85.8.1", 2, "Điều 8 khoản 1" },
	{ "N85.8.2a", 2, "Điều 8 khoản 2 điểm a" },
	{ "N85.8.2b", 2, "Điều 8 khoản 2 điểm b" },
	{ "N85.8.2c", 2, "Điều 8 khoản 2 điểm c" },
	{ "N85.8.3", 2, "Điều 8 khoản 3" },
	{ "N85.9.1", 3, "Điều 9 khoản 1" },
	{ "N85.9.2a", 3, "Điều 9 khoản 2 điểm a" },
	{ "N85.9.2b", 3, "Điều 9 khoản 2 điểm b" },
	{ "N85.9.2c", 3, "Điều 9 khoản 2 điểm c" },
	{ "N85.9.3", 3, "Điều 9 khoản 3" },
	{ "N85.9.4", 3, "Điều 9 khoản 4" },
	{ "N85.10.1", 4, "Điều 10 khoản 1" },
	{ "N85.10.2", 4, "Điều 10 khoản 2" },
	{ "N85.10.3", 4, "Điều 10 khoản 3" },
	{ "N85.10.4", 4, "Điều 10 khoản 4" },
	{ "N85.11.1", 5, "Điều 11 khoản 1" },
	{ "N85.11.2", 5, "Điều 11 khoản 2" },
	{ "N85.11.3", 5, "Điều 11 khoản 3" },
	{ "N85.11.4", 5, "Điều 11 khoản 4" },
	{ "N85.11.5", 5, "Điều 11 khoản 5" },
};

static void
eval(const struct uc_rulepack *p, const char *const *codes, size_t n,
    const struct uc_level_component *comp, size_t ncomp,
    struct uc_level_result *r)
{
	struct uc_level_input in = { codes, n, comp, ncomp };
	struct uc_error err = { 0 };

	cr_assert_eq(uc_level_eval(p, &in, r, &err), UC_OK, "%s",
	    err.nfields ? err.fields[0].message : err.message);
}

Test(domain_level, both_packs_carry_exactly_the_criteria_of_section_5)
{
	const char *const ids[] = { "legacy-2017", "law116-2026" };
	size_t i, k;

	for (k = 0; k < NELEM(ids); k++) {
		const struct uc_rulepack *p = pack(ids[k]);

		cr_expect_eq(p->ncriteria, NELEM(table), "%s", ids[k]);
		for (i = 0; i < NELEM(table); i++) {
			const struct uc_rp_criterion *c =
			    uc_rulepack_criterion(p, table[i].code);

			cr_assert_not_null(c, "%s: %s", ids[k],
			    table[i].code);
			cr_expect_eq(c->level, table[i].level, "%s",
			    table[i].code);
			cr_expect_str_eq(c->article, table[i].article);
			cr_expect_not_null(uc_rulepack_level_group(p,
			    c->group), "%s", c->group);
			cr_expect_neq(c->vi[0], '\0');
			cr_expect_neq(c->en[0], '\0');
		}
	}
}

Test(domain_level, each_criterion_alone_gives_its_level)
{
	const struct uc_rulepack *p = pack("legacy-2017");
	struct uc_level_result r;
	size_t i;

	for (i = 0; i < NELEM(table); i++) {
		eval(p, &table[i].code, 1, NULL, 0, &r);
		cr_expect_eq(r.level, table[i].level, "%s", table[i].code);
		cr_expect_eq(r.own, table[i].level);
		cr_assert_eq(r.nreasons, 1);
		cr_expect_str_eq(r.reasons[0].criterion->code, table[i].code);
		cr_expect_eq(r.reasons[0].component, -1);
		cr_expect_not_null(strstr(r.vi, table[i].article), "%s",
		    r.vi);
	}
}

/* Every pair: the higher level wins, and only its criteria are the
 * reasons. */
Test(domain_level, of_two_criteria_the_higher_level_wins)
{
	const struct uc_rulepack *p = pack("legacy-2017");
	struct uc_level_result r;
	size_t i, j, want;
	int hi;

	for (i = 0; i < NELEM(table); i++)
		for (j = 0; j < NELEM(table); j++) {
			const char *codes[2] = { table[i].code,
			    table[j].code };

			if (i == j)
				continue;
			eval(p, codes, 2, NULL, 0, &r);
			hi = table[i].level > table[j].level ?
			    table[i].level : table[j].level;
			want = (table[i].level == hi) +
			    (table[j].level == hi);
			cr_expect_eq(r.level, hi, "%s + %s", codes[0],
			    codes[1]);
			cr_expect_eq(r.nreasons, want, "%s + %s", codes[0],
			    codes[1]);
		}
}

Test(domain_level, nothing_ticked_is_not_determined)
{
	const struct uc_rulepack *p = pack("legacy-2017");
	struct uc_level_result r;

	eval(p, NULL, 0, NULL, 0, &r);
	cr_expect_eq(r.level, 0);
	cr_expect_eq(r.nreasons, 0);
	cr_expect_str_eq(r.vi, "Chưa chọn tiêu chí nào nên chưa xác định "
	    "được cấp độ");
	cr_expect_str_eq(r.en, "No criterion ticked: the level is not "
	    "determined");
}

Test(domain_level, the_highest_component_wins)
{
	const struct uc_rulepack *p = pack("legacy-2017");
	const char *own[] = { "N85.8.2a" };
	const char *c1[] = { "N85.9.2c" };
	const char *c2[] = { "N85.7", "N85.9.3" };
	const char *c3[] = { "N85.8.3" };
	struct uc_level_component comp[] = {
		{ "Cổng dịch vụ công", c1, 1 },
		{ "Trục liên thông", c2, 2 },
		{ "Mạng nội bộ", c3, 1 },
	};
	struct uc_level_result r;

	eval(p, own, 1, comp, 3, &r);
	cr_expect_eq(r.level, 3);
	cr_expect_eq(r.own, 2);
	cr_expect_eq(r.components[0], 3);
	cr_expect_eq(r.components[1], 3);
	cr_expect_eq(r.components[2], 2);
	cr_assert_eq(r.nreasons, 2);
	cr_expect_str_eq(r.reasons[0].criterion->code, "N85.9.2c");
	cr_expect_eq(r.reasons[0].component, 0);
	cr_expect_str_eq(r.reasons[1].criterion->code, "N85.9.3");
	cr_expect_eq(r.reasons[1].component, 1);
	cr_expect_str_eq(r.vi, "Cấp độ 3 theo Điều 9 khoản 2 điểm c (thành "
	    "phần Cổng dịch vụ công); Điều 9 khoản 3 (thành phần Trục liên "
	    "thông); hệ thống gồm nhiều thành phần lấy cấp độ cao nhất của "
	    "các thành phần");
	cr_expect_str_eq(r.en, "Level 3 under Article 9(2)(c) (component "
	    "Cổng dịch vụ công); Article 9(3) (component Trục liên thông); "
	    "a system of several components takes the highest component "
	    "level");
}

Test(domain_level, the_system_own_ticks_can_decide_over_components)
{
	const struct uc_rulepack *p = pack("legacy-2017");
	const char *own[] = { "N85.10.2" };
	const char *c1[] = { "N85.9.2a" };
	struct uc_level_component comp[] = { { "A", c1, 1 } };
	struct uc_level_result r;

	eval(p, own, 1, comp, 1, &r);
	cr_expect_eq(r.level, 4);
	cr_assert_eq(r.nreasons, 1);
	cr_expect_eq(r.reasons[0].component, -1);
	/* decided by the system itself: no "highest component" phrase */
	cr_expect_str_eq(r.vi, "Cấp độ 4 theo Điều 10 khoản 2");
}

Test(domain_level, bad_ticks_are_named)
{
	const struct uc_rulepack *p = pack("legacy-2017");
	const char *own[] = { "N85.7", "N85.99", "N85.7", NULL };
	const char *c1[] = { "x" };
	struct uc_level_component comp[] = { { "A", c1, 1 } };
	struct uc_level_input in = { own, 4, comp, 1 };
	struct uc_level_result r;
	struct uc_error err = { 0 };

	cr_expect_eq(uc_level_eval(p, &in, &r, &err), UC_EVALID);
	cr_expect_eq(err.code, UC_EVALID);
	cr_assert_eq(err.nfields, 4);
	cr_expect_str_eq(err.fields[0].field, "criteria[1]");
	cr_expect_str_eq(err.fields[0].code, "enum");
	cr_expect_str_eq(err.fields[1].field, "criteria[2]");
	cr_expect_str_eq(err.fields[1].code, "duplicate");
	cr_expect_str_eq(err.fields[2].field, "criteria[3]");
	cr_expect_str_eq(err.fields[3].field, "components[0].criteria[0]");
	cr_expect_eq(r.level, 0);
	cr_expect_eq(r.nreasons, 0);
}

Test(domain_level, lists_over_the_limits_are_refused)
{
	const struct uc_rulepack *p = pack("legacy-2017");
	const char *many[UC_LEVEL_MAX_CRITERIA + 1];
	struct uc_level_component comp[UC_LEVEL_MAX_COMPONENTS + 1];
	struct uc_level_input in = { many, NELEM(many), NULL, 0 };
	struct uc_level_result r;
	struct uc_error err = { 0 };
	size_t i;

	for (i = 0; i < NELEM(many); i++)
		many[i] = "N85.7";
	cr_expect_eq(uc_level_eval(p, &in, &r, &err), UC_EVALID);
	cr_expect_str_eq(err.fields[0].field, "criteria");
	cr_expect_str_eq(err.fields[0].code, "range");
	memset(comp, 0, sizeof(comp));
	in.ncriteria = 0;
	in.components = comp;
	in.ncomponents = NELEM(comp);
	uc_error_clear(&err);
	cr_expect_eq(uc_level_eval(p, &in, &r, &err), UC_EVALID);
	cr_expect_str_eq(err.fields[0].field, "components");
}

/* regulation.md §5 "Dossier": parts 1-4 at every level, the expert
 * opinion (5) at levels 4 and 5 only. */
Test(domain_level, dossier_parts_by_level)
{
	static const struct {
		const char *code;
		unsigned levels;	/* bit n: needed at level n */
	} parts[] = {
		{ "overview", 0x3e }, { "design", 0x3e },
		{ "justification", 0x3e }, { "protection_plan", 0x3e },
		{ "expert_opinion", 0x30 },
	};
	const struct uc_rulepack *p = pack("legacy-2017");
	size_t i;
	int l;

	cr_expect_eq(p->ndossier_parts, NELEM(parts));
	for (i = 0; i < NELEM(parts); i++) {
		const struct uc_rp_dossier_part *d =
		    uc_rulepack_dossier_part(p, parts[i].code);

		cr_assert_not_null(d, "%s", parts[i].code);
		for (l = 0; l <= 6; l++)
			cr_expect_eq(uc_level_part_required(d, l),
			    (parts[i].levels >> l) & 1, "%s at level %d",
			    parts[i].code, l);
	}
}

Test(domain_level, dossier_moves)
{
	/* from \ to: draft submitted appraised approved */
	static const int allowed[UC_DOSSIER_COUNT][UC_DOSSIER_COUNT] = {
		{ 0, 1, 0, 0 },
		{ 1, 0, 1, 0 },
		{ 1, 0, 0, 1 },
		{ 1, 0, 0, 0 },
	};
	char buf[64];
	int f, t;

	for (f = 0; f < UC_DOSSIER_COUNT; f++)
		for (t = 0; t < UC_DOSSIER_COUNT; t++)
			cr_expect_eq(uc_level_dossier_allows(
			    (enum uc_dossier_status)f,
			    (enum uc_dossier_status)t), allowed[f][t],
			    "%d -> %d", f, t);
	cr_expect_eq(uc_level_dossier_allows(UC_DOSSIER_COUNT,
	    UC_DOSSIER_DRAFT), 0);
	cr_expect_str_eq(uc_level_dossier_next(UC_DOSSIER_SUBMITTED, buf,
	    sizeof(buf)), "draft or appraised");
	cr_expect_str_eq(uc_level_dossier_next(UC_DOSSIER_DRAFT, buf,
	    sizeof(buf)), "submitted");
	for (f = 0; f < UC_DOSSIER_COUNT; f++)
		cr_expect_eq(uc_level_dossier_parse(uc_level_dossier_name(
		    (enum uc_dossier_status)f)), f);
	cr_expect_eq(uc_level_dossier_parse("rejected"), -1);
	cr_expect_eq(uc_level_dossier_parse(NULL), -1);
}

Test(domain_level, a_pack_without_criteria_is_an_internal_error)
{
	struct uc_rulepack empty;
	struct uc_level_input in = { NULL, 0, NULL, 0 };
	struct uc_level_result r;
	struct uc_error err = { 0 };

	memset(&empty, 0, sizeof(empty));
	empty.id = "empty";
	cr_expect_eq(uc_level_eval(&empty, &in, &r, &err), UC_EINTERNAL);
}
