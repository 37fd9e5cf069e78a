/*
 * tests/unit/domain/playbook.c - src/domain/playbook.c: the 21 default
 * playbooks ship, one per incident type of the taxonomy, and each
 * parses under both rule packs with every section, the containment,
 * eradication and recovery checklists, tasks on steps of the normal
 * procedure and known parties; broken playbooks are refused with a
 * message naming the line.
 */
#include "../../../src/domain/playbook.c"

#include "core/mem.h"

#include <criterion/criterion.h>

static const struct uc_rulepack *
pack(const char *id)
{
	const struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };

	cr_assert_eq(uc_rulepack_get(id, &p, &err), UC_OK, "%s",
	    err.message);
	return p;
}

static const char *const pack_ids[] = { "legacy-2017", "law116-2026" };

/* ---- the shipped defaults ---------------------------------------- */

Test(domain_playbook, one_default_per_type)
{
	const struct uc_rulepack *p = pack(NULL);
	struct uc_rp_file f;
	size_t i;

	cr_assert_eq(p->ntypes, 21);
	cr_expect_eq(uc_playbook_default_count(), 21);
	for (i = 0; i < p->ntypes; i++)
		cr_expect(uc_playbook_default(p->types[i].code, &f),
		    "no data/playbooks/%s.txt", p->types[i].code);
	cr_expect_not(uc_playbook_default("TC11", &f));
	cr_expect_not(uc_playbook_default_at(21, &f));
}

static void
check_items(const struct uc_playbook *pb, const char *name)
{
	size_t s, i;

	for (s = 0; s < UC_PB_NSECTIONS; s++) {
		cr_expect_geq(pb->sections[s].n, 3, "%s: [%s] has %zu items",
		    name, uc_playbook_section_name(s), pb->sections[s].n);
		for (i = 0; i < pb->sections[s].n; i++)
			cr_expect_gt(strlen(pb->sections[s].v[i]), 10);
	}
}

/* Steps of the normal procedure, parties of the pack, each phase of
 * the checklists, and a task on each of them. */
static void
check_refs(const struct uc_rulepack *p, const struct uc_playbook *pb,
    const char *name)
{
	static const char *const need[] = { "I.1", "II.1", "III.1",
		"III.2", "IV.1" };
	size_t i, j;
	int have;

	for (i = 0; i < pb->ntasks; i++) {
		const struct uc_pb_task *t = &pb->tasks[i];

		cr_expect_not_null(uc_rulepack_step(p, "normal", t->step));
		cr_expect_geq(t->lead.n, 1, "%s: task line %d", name,
		    t->line);
		for (j = 0; j < t->lead.n; j++)
			cr_expect_not_null(uc_rulepack_party(p, t->lead.v[j]));
		cr_expect_leq(uc_utf8_len(t->title, strlen(t->title)),
		    UC_PB_TITLE_MAX);
	}
	for (i = 0; i < sizeof(need) / sizeof(*need); i++) {
		for (have = 0, j = 0; j < pb->ntasks; j++)
			have |= strcmp(pb->tasks[j].step, need[i]) == 0;
		cr_expect(have, "%s: no task on step %s", name, need[i]);
	}
	for (i = 0; i < pb->lead.n; i++)
		cr_expect_not_null(uc_rulepack_party(p, pb->lead.v[i]));
	cr_expect_geq(pb->coordinate.n, 1, "%s: nobody coordinates", name);
}

Test(domain_playbook, defaults_parse_complete_under_both_packs)
{
	struct uc_error err = { 0 };
	struct uc_playbook *pb = NULL;
	struct uc_rp_file f;
	char code[16];
	size_t i, k;

	for (k = 0; k < 2; k++)
		for (i = 0; uc_playbook_default_at(i, &f); i++) {
			const char *base = strchr(f.name, '/') + 1;

			snprintf(code, sizeof(code), "%.*s",
			    (int)(strchr(base, '.') - base), base);
			cr_assert_eq(uc_playbook_parse(f.name, f.text, f.len,
			    pack(pack_ids[k]), code, &pb, &err), UC_OK,
			    "%s", err.message);
			cr_expect_str_eq(pb->scenario, code);
			cr_expect_gt(strlen(pb->summary), 40);
			cr_expect_geq(pb->ntasks, 6, "%s", f.name);
			check_items(pb, f.name);
			check_refs(pack(pack_ids[k]), pb, f.name);
			uc_playbook_free(pb);
		}
}

Test(domain_playbook, checklists_in_step_order_with_step_phase)
{
	struct uc_error err = { 0 };
	struct uc_playbook *pb = NULL;
	struct uc_rp_file f;

	cr_assert(uc_playbook_default("TC06", &f));
	cr_assert_eq(uc_playbook_parse(f.name, f.text, f.len, pack(NULL),
	    NULL, &pb, &err), UC_OK, "%s", err.message);
	cr_assert_geq(pb->nchecklists, 3);
	cr_expect_str_eq(pb->checklists[0].step, "II.1");
	cr_expect_eq(pb->checklists[0].phase, UC_PHASE_CONTAIN);
	cr_expect_str_eq(pb->checklists[1].step, "III.1");
	cr_expect_eq(pb->checklists[1].phase, UC_PHASE_ERADICATE);
	cr_expect_str_eq(pb->checklists[2].step, "III.2");
	cr_expect_eq(pb->checklists[2].phase, UC_PHASE_RECOVER);
	cr_expect_str_eq(pb->tasks[0].step, "I.1");
	cr_expect_eq(pb->tasks[0].phase, UC_PHASE_VERIFY);
	cr_expect_str_eq(pb->lead.v[0], "operator");
	uc_playbook_free(pb);
}

/* ---- broken playbooks -------------------------------------------- */

#define HEAD "[playbook TC01]\nvi = Tiêu đề\nen = Title\n" \
	"summary = Tóm tắt\nlead = operator\ncoordinate = team\n"
#define ITEMS "[recognise]\nitem = a\n[criteria]\nitem = b\n" \
	"[first_steps]\nitem = c\n[evidence]\nitem = d\n" \
	"[resources]\nitem = e\n"
#define LISTS "[checklist III.2]\nitem = r\n[checklist II.1]\n" \
	"item = c\n[checklist III.1]\nitem = e\n"
#define TASK "[task]\nstep = II.1\nphase = contain\nlead = operator\n" \
	"title = Cô lập\n"

static enum uc_status
parse(const char *text, const char *want, struct uc_error *err)
{
	struct uc_playbook *pb = NULL;
	enum uc_status rc;

	uc_error_clear(err);
	rc = uc_playbook_parse("content", text, strlen(text), pack(NULL),
	    want, &pb, err);
	uc_playbook_free(pb);
	return rc;
}

Test(domain_playbook, minimal_playbook_parses)
{
	struct uc_error err = { 0 };
	struct uc_playbook *pb = NULL;
	const char *t = "# c\r\n" HEAD ITEMS LISTS TASK;

	cr_assert_eq(uc_playbook_parse("content", t, strlen(t), pack(NULL),
	    "TC01", &pb, &err), UC_OK, "%s", err.message);
	cr_expect_str_eq(pb->checklists[0].step, "II.1", "sorted by step");
	cr_expect_str_eq(pb->checklists[2].step, "III.2");
	cr_expect_str_eq(pb->tasks[0].title, "Cô lập");
	cr_expect_eq(pb->tasks[0].line, 24);
	uc_playbook_free(pb);
}

static const struct {
	const char *text;
	const char *want;	/* expected scenario, or NULL */
	const char *msg;	/* start of the message */
} bad[] = {
	{ HEAD ITEMS LISTS TASK, "TC02", "content:1: [playbook TC01]: this "
	  "playbook is for scenario TC02" },
	{ "[playbook TC99]\n", NULL, "content:1: [playbook TC99]: not an "
	  "incident type" },
	{ "vi = x\n", NULL, "content:1: 'vi' comes before any [section]" },
	{ HEAD "vi = again\n", NULL, "content:7: 'vi' is set twice" },
	{ "[playbook TC01]\nvi = a\n[recognise]\n", NULL, "content:1: "
	  "[playbook TC01] lacks 'en'" },
	{ HEAD "colour = red\n", NULL, "content:7: unknown key 'colour'" },
	{ HEAD "[recognise]\nnote = x\n", NULL, "content:8: unknown key "
	  "'note' in [recognise]" },
	{ HEAD "[recognise]\nitem =\n", NULL, "content:8: 'item' is empty" },
	{ HEAD "[history]\n", NULL, "content:7: unknown section [history]" },
	{ HEAD "[task X]\n", NULL, "content:7: [task X] takes no code" },
	{ HEAD "[checklist II.9]\n", NULL, "content:7: [checklist II.9]: not "
	  "a step" },
	{ HEAD "[checklist S5e]\n", NULL, "content:7: [checklist S5e]: not a "
	  "step of the normal procedure" },
	{ HEAD "[task]\nstep = V.1\n", NULL, "content:8: 'step': 'V.1' is "
	  "not a step" },
	{ HEAD "[task]\nphase = later\n", NULL, "content:8: 'phase': unknown "
	  "value 'later'" },
	{ HEAD "[task]\nlead = operator, nobody\n", NULL, "content:8: "
	  "'lead': unknown party 'nobody'" },
	{ HEAD "[task]\nlead = operator,\n", NULL, "content:8: 'lead': item "
	  "2 is not a party code" },
	{ HEAD "[task]\nstep = I.1\n[recognise]\n", NULL, "content:7: [task] "
	  "lacks 'phase'" },
	{ HEAD ITEMS TASK, NULL, "content:21: no checklist for a step of "
	  "phase contain" },
	{ HEAD ITEMS LISTS, NULL, "content:22: no [task] section" },
	{ HEAD "[recognise]\n" LISTS TASK, NULL, "content:18: no [recognise] "
	  "section with an item" },
	{ HEAD "[playbook TC01]\n", NULL, "content:7: a second [playbook]" },
	{ HEAD "just words\n", NULL, "content:7: expected \"key = value\"" },
	{ HEAD "[recognise\n", NULL, "content:7: a section line is" },
	{ HEAD "vi\x01 = x\n", NULL, "content:7: not UTF-8 text" },
	{ HEAD "[recognise]\nitem = \xc3\x28\n", NULL, "content:8: not UTF-8 "
	  "text" },
	{ "", NULL, "content:1: no [playbook CODE] section" },
};

Test(domain_playbook, broken_playbooks_name_the_line)
{
	struct uc_error err = { 0 };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		cr_expect_eq(parse(bad[i].text, bad[i].want, &err), UC_EINVAL,
		    "case %zu", i);
		cr_expect_eq(strncmp(err.message, bad[i].msg,
		    strlen(bad[i].msg)), 0, "case %zu: got \"%s\"", i,
		    err.message);
	}
}

Test(domain_playbook, caps)
{
	struct uc_error err = { 0 };
	char *big = uc_xmalloc(UC_PB_TEXT_MAX + 2);
	char line[5000];

	memset(big, '#', UC_PB_TEXT_MAX + 1);
	big[UC_PB_TEXT_MAX + 1] = '\0';
	cr_expect_eq(parse(big, NULL, &err), UC_EINVAL);
	cr_expect(strstr(err.message, "longer than") != NULL);
	uc_free(big);
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	cr_expect_eq(parse(line, NULL, &err), UC_EINVAL);
	cr_expect(strstr(err.message, "content:1: line longer") != NULL,
	    "%s", err.message);
}
