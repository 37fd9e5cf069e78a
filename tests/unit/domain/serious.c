/*
 * tests/unit/domain/serious.c - src/domain/serious.c: the QĐ 05/2017
 * Điều 9 test over every harm x level 0-5 x national-critical x owner
 * (regulation.md §2.1), its explanations, and its input errors.
 */
#include "../../../src/domain/serious.c"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct uc_rulepack *
legacy(void)
{
	const struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };

	cr_assert_eq(uc_rulepack_get("legacy-2017", &p, &err), UC_OK, "%s",
	    err.message);
	return p;
}

static void
eval(const struct uc_rulepack *p, const struct uc_serious_system *sys,
    size_t nsys, const char *const *harms, size_t nharms, int cannot,
    struct uc_serious_result *r)
{
	struct uc_serious_input in = { sys, nsys, harms, nharms, cannot };
	struct uc_error err = { 0 };

	cr_assert_eq(uc_serious_eval(p, &in, r, &err), UC_OK, "%s",
	    err.nfields ? err.fields[0].message : err.message);
}

/* regulation.md §2.1, written out independently of serious.c. */
static int
rule(int level, int critical, int nharms, int cannot)
{
	return (level == 4 || level == 5 || critical) && nharms > 0 &&
	    cannot;
}

/* Every harm alone, none, and all five. */
static const char *const all_harms[] = { "a", "b", "c", "d", "đ" };

Test(domain_serious, every_harm_level_critical_and_owner)
{
	const struct uc_rulepack *p = legacy();
	int level, crit, cannot, h, cases = 0;

	for (h = -2; h < (int)NELEM(all_harms); h++)
	for (level = 0; level <= UC_SERIOUS_MAX_LEVEL; level++)
	for (crit = 0; crit <= 1; crit++)
	for (cannot = 0; cannot <= 1; cannot++) {
		struct uc_serious_system sys = { level, crit };
		struct uc_serious_result r;
		/* h == -2: no harm; -1: all five; else one */
		const char *const *harms = h >= 0 ? &all_harms[h] :
		    all_harms;
		size_t nharms = h >= 0 ? 1 : h == -1 ? NELEM(all_harms) : 0;

		eval(p, &sys, 1, harms, nharms, cannot, &r);
		cr_expect_eq(r.serious, rule(level, crit, (int)nharms,
		    cannot), "harm %d level %d critical %d cannot %d: %s",
		    h, level, crit, cannot, r.vi);
		cr_expect_eq(r.system_met, level >= 4 || crit);
		cr_expect_eq(r.harm_met, nharms > 0);
		cr_expect_eq(r.owner_met, cannot);
		cr_expect_neq(r.vi[0], '\0');
		cr_expect_neq(r.en[0], '\0');
		cases++;
	}
	cr_expect_eq(cases, 7 * 6 * 2 * 2);
}

struct text_vec {
	struct uc_serious_system sys[3];
	size_t nsys;
	const char *harms[5];
	size_t nharms;
	int cannot;
	const char *vi;
	const char *en;
};

static const struct text_vec text_vecs[] = {
	{ { { 4, 0 } }, 1, { "a" }, 1, 1,
	  "Hệ thống cấp độ 4 bị gián đoạn dịch vụ; chủ quản không đủ khả "
	  "năng xử lý",
	  "Level-4 system suffers a service interruption; the owner cannot "
	  "handle it" },
	/* harms in the pack's order, whatever the input order */
	{ { { 5, 0 } }, 1, { "d", "a", "d" }, 3, 1,
	  "Hệ thống cấp độ 5 bị gián đoạn dịch vụ, bị mất quyền điều "
	  "khiển; chủ quản không đủ khả năng xử lý", NULL },
	/* the highest qualifying system is named */
	{ { { 3, 0 }, { 4, 0 }, { 0, 0 } }, 3, { "a" }, 1, 1,
	  "Hệ thống cấp độ 4 bị gián đoạn dịch vụ; chủ quản không đủ khả "
	  "năng xử lý", NULL },
	{ { { 3, 1 } }, 1, { "b" }, 1, 1,
	  "Hệ thống thuộc Danh mục hệ thống thông tin quan trọng quốc gia "
	  "có dữ liệu tuyệt mật hoặc bí mật nhà nước có khả năng bị tiết "
	  "lộ; chủ quản không đủ khả năng xử lý", NULL },
	{ { { 3, 0 } }, 1, { "a" }, 1, 1,
	  "Hệ thống cấp độ 3: chỉ hệ thống cấp độ 4, 5 hoặc thuộc Danh mục "
	  "hệ thống thông tin quan trọng quốc gia",
	  "Level-3 system: only level 4, 5 systems or systems on the "
	  "national critical list qualify" },
	/* an unknown level is named before a known low one */
	{ { { 2, 0 }, { 0, 0 } }, 2, { "a" }, 1, 1,
	  "Hệ thống chưa xác định cấp độ: chỉ hệ thống cấp độ 4, 5 hoặc "
	  "thuộc Danh mục hệ thống thông tin quan trọng quốc gia", NULL },
	{ { { 4, 0 } }, 1, { NULL }, 0, 0,
	  "chưa có thiệt hại nào theo Điều 9; chủ quản tự xử lý được",
	  "none of the harms of Article 9; the owner can handle it" },
	{ { { 5, 0 } }, 1, { "c" }, 1, 0, "chủ quản tự xử lý được", NULL },
	{ { { 0 } }, 0, { "a" }, 1, 0,
	  "chưa có hệ thống bị ảnh hưởng; chủ quản tự xử lý được", NULL },
	{ { { 1, 0 } }, 1, { NULL }, 0, 0,
	  "Hệ thống cấp độ 1: chỉ hệ thống cấp độ 4, 5 hoặc thuộc Danh mục "
	  "hệ thống thông tin quan trọng quốc gia; chưa có thiệt hại nào "
	  "theo Điều 9; chủ quản tự xử lý được", NULL },
};

Test(domain_serious, explanations)
{
	const struct uc_rulepack *p = legacy();
	size_t i;

	for (i = 0; i < NELEM(text_vecs); i++) {
		const struct text_vec *v = &text_vecs[i];
		struct uc_serious_result r;

		eval(p, v->sys, v->nsys, v->harms, v->nharms, v->cannot, &r);
		cr_expect_str_eq(r.vi, v->vi, "vector %zu", i);
		if (v->en != NULL)
			cr_expect_str_eq(r.en, v->en, "vector %zu", i);
	}
}

Test(domain_serious, unknown_harm_and_bad_level)
{
	const struct uc_rulepack *p = legacy();
	static const char *const harms[] = { "a", "e" };
	struct uc_serious_system sys[] = { { 4, 0 }, { 6, 0 } };
	struct uc_serious_input in = { sys, 1, harms, 2, 1 };
	struct uc_serious_result r;
	struct uc_error err = { 0 };

	cr_expect_eq(uc_serious_eval(p, &in, &r, &err), UC_EVALID);
	cr_assert_eq(err.nfields, 1);
	cr_expect_str_eq(err.fields[0].field, "harms");
	cr_expect_str_eq(err.fields[0].code, "not_found");
	cr_expect_eq(r.serious, 0);
	cr_expect_str_eq(r.vi, "");
	uc_error_clear(&err);
	in.nsystems = 2;
	in.nharms = 1;
	cr_expect_eq(uc_serious_eval(p, &in, &r, &err), UC_EVALID);
	cr_assert_eq(err.nfields, 1);
	cr_expect_str_eq(err.fields[0].field, "systems[1].level");
	sys[1].level = -1;
	uc_error_clear(&err);
	cr_expect_eq(uc_serious_eval(p, &in, &r, &err), UC_EVALID);
}

/* The levels and phrases are the pack's, not constants of serious.c. */
Test(domain_serious, rules_come_from_the_pack)
{
	struct uc_rulepack p = *legacy();
	struct uc_serious_system sys = { 4, 1 };
	static const char *const harms[] = { "a" };
	struct uc_serious_result r;

	p.serious.level_mask = 1u << 5;
	p.serious.national_critical = 0;
	eval(&p, &sys, 1, harms, 1, 1, &r);
	cr_expect_eq(r.serious, 0);
	cr_expect_str_eq(r.vi, "Hệ thống cấp độ 4: chỉ hệ thống cấp độ 5 "
	    "hoặc thuộc Danh mục hệ thống thông tin quan trọng quốc gia");
	p.serious.system_vi = "HT {level}/{levels}/{x}";
	sys.level = 5;
	eval(&p, &sys, 1, harms, 1, 1, &r);
	cr_expect_eq(r.serious, 1);
	cr_expect_str_eq(r.vi, "HT 5//{x} bị gián đoạn dịch vụ; chủ quản "
	    "không đủ khả năng xử lý");
}

Test(domain_serious, the_2026_pack_keeps_the_test)
{
	const struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };
	struct uc_serious_system sys = { 5, 0 };
	static const char *const harms[] = { "đ" };
	struct uc_serious_result r;

	cr_assert_eq(uc_rulepack_get("law116-2026", &p, &err), UC_OK);
	eval(p, &sys, 1, harms, 1, 1, &r);
	cr_expect_eq(r.serious, 1);
}

Test(domain_serious, long_text_is_cut_between_characters)
{
	char buf[6];
	struct text t = { buf, sizeof(buf), 0 };

	puts_text(&t, "ab");
	puts_text(&t, "cấp");	/* 3 bytes fit: c and 2 of the 3 of ấ */
	cr_expect_str_eq(buf, "abc");
	puts_text(&t, "xyz");
	cr_expect_str_eq(buf, "abcxy");
	cr_expect_eq(t.len, 5);
}
