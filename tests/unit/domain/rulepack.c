/*
 * tests/unit/domain/rulepack.c - src/domain/rulepack.c: every shipped
 * pack parses and is complete (4 groups, 21 types, harms a-đ, the
 * Khánh Hòa steps, report types 1-7, sorted holidays, the day rule),
 * and a broken pack is refused with a message naming file:line.
 */
#include "../../../src/domain/rulepack.c"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct uc_rulepack *
pack(const char *id)
{
	const struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };

	cr_assert_eq(uc_rulepack_get(id, &p, &err), UC_OK, "%s: %s",
	    id ? id : "default", err.message);
	cr_assert_not_null(p);
	return p;
}

static const char *const pack_ids[] = { "legacy-2017", "law116-2026" };

/* ---- the shipped packs ------------------------------------------- */

Test(domain_rulepack, shipped_packs_load)
{
	struct uc_error err = { 0 };
	const struct uc_rulepack *p = NULL;

	cr_expect_eq(uc_rulepack_count(), 2);
	cr_expect_str_eq(uc_rulepack_default_id(), "legacy-2017");
	cr_expect_eq(pack(NULL), pack("legacy-2017"));
	cr_expect_str_eq(uc_rulepack_at(0)->id, "law116-2026");
	cr_expect_str_eq(uc_rulepack_at(1)->id, "legacy-2017");
	cr_expect_null(uc_rulepack_at(2));
	cr_expect_eq(uc_rulepack_get("legacy-2016", &p, &err), UC_ENOTFOUND);
	cr_expect_null(p);
	cr_expect_str_eq(pack("legacy-2017")->regime, "legacy_2017");
	cr_expect_str_eq(pack("law116-2026")->regime, "law116_2026");
	cr_expect_eq(pack("legacy-2017")->effective_from, 20170316);
	cr_expect_eq(pack("law116-2026")->effective_from, 20260701);
}

static void *
get_in_thread(void *arg)
{
	*(const struct uc_rulepack **)arg = uc_rulepack_at(0);
	return NULL;
}

Test(domain_rulepack, first_use_from_many_threads)
{
	pthread_t t[8];
	const struct uc_rulepack *got[8];
	size_t i;

	for (i = 0; i < NELEM(t); i++)
		cr_assert_eq(pthread_create(&t[i], NULL, get_in_thread,
		    &got[i]), 0);
	for (i = 0; i < NELEM(t); i++) {
		cr_assert_eq(pthread_join(t[i], NULL), 0);
		cr_expect_not_null(got[i]);
		cr_expect_eq(got[i], got[0]);
	}
}

static const char *const group_codes[] = { "TC", "LH", "QT", "TH" };
static const char *const type_codes[] = {
	"TC01", "TC02", "TC03", "TC04", "TC05", "TC06", "TC07", "TC08",
	"TC09", "TC10", "LH01", "LH02", "LH03", "LH04", "LH05", "QT01",
	"QT02", "QT03", "QT04", "QT05", "TH"
};
static const char *const harm_codes[] = { "a", "b", "c", "d", "đ" };
static const char *const normal_steps[] = {
	"I.1", "I.2", "I.3", "I.4", "I.5", "I.6", "II.1", "III.1", "III.2",
	"III.3", "III.4", "IV.1"
};
static const char *const serious_steps[] = {
	"S1", "S2", "S3", "S4", "S5a", "S5b", "S5c", "S5d", "S5đ", "S5e",
	"S5g", "S5h", "S6", "S7"
};
static const char *const report_codes[] = {
	"notice", "initial", "progress", "plan", "direction_request",
	"support_request", "final"
};

Test(domain_rulepack, taxonomy_is_complete)
{
	size_t k, i;

	for (k = 0; k < NELEM(pack_ids); k++) {
		const struct uc_rulepack *p = pack(pack_ids[k]);

		cr_assert_eq(p->ngroups, NELEM(group_codes), "%s", p->id);
		for (i = 0; i < p->ngroups; i++)
			cr_expect_str_eq(p->groups[i].code, group_codes[i]);
		cr_assert_eq(p->ntypes, NELEM(type_codes), "%s", p->id);
		for (i = 0; i < p->ntypes; i++) {
			const struct uc_rp_type *t = &p->types[i];

			cr_expect_str_eq(t->code, type_codes[i]);
			cr_expect_eq(strncmp(t->code, t->group, 2), 0,
			    "%s in group %s", t->code, t->group);
			cr_expect_neq(*t->vi, '\0', "%s", t->code);
			cr_expect_neq(*t->en, '\0', "%s", t->code);
			/* only the combined attack has no single class */
			cr_expect_eq(*t->rsit == '\0',
			    strcmp(t->code, "TC09") == 0, "%s", t->code);
			cr_expect_eq(t->multi_label,
			    strcmp(t->code, "TC09") == 0, "%s", t->code);
		}
	}
}

/* Hưng Yên 95/KH-UBND III.2, verbatim. */
Test(domain_rulepack, taxonomy_wording_is_the_plans)
{
	const struct uc_rulepack *p = pack("legacy-2017");

	cr_expect_str_eq(uc_rulepack_group(p, "TC")->vi,
	    "Sự cố do bị tấn công mạng");
	cr_expect_str_eq(uc_rulepack_type(p, "TC01")->vi,
	    "Tấn công từ chối dịch vụ");
	cr_expect_str_eq(uc_rulepack_type(p, "TC09")->vi,
	    "Tấn công tổng hợp sử dụng kết hợp nhiều hình thức");
	cr_expect_str_eq(uc_rulepack_type(p, "LH03")->vi, "Sự cố do lỗi "
	    "phần mềm, phần cứng, ứng dụng của hệ thống thông tin");
	cr_expect_str_eq(uc_rulepack_type(p, "QT01")->vi,
	    "Lỗi trong cập nhật, thay đổi, cấu hình phần cứng");
	cr_expect_str_eq(uc_rulepack_type(p, "TC01")->rsit,
	    "availability:ddos");
	cr_expect_eq(uc_rulepack_type(p, "TC04")->rsit_alt.n, 4);
	cr_expect_null(uc_rulepack_type(p, "TC11"));
}

Test(domain_rulepack, serious_test_data)
{
	size_t k, i;

	for (k = 0; k < NELEM(pack_ids); k++) {
		const struct uc_rulepack *p = pack(pack_ids[k]);

		cr_assert_eq(p->nharms, NELEM(harm_codes), "%s", p->id);
		for (i = 0; i < p->nharms; i++) {
			cr_expect_str_eq(p->harms[i].code, harm_codes[i]);
			cr_expect_neq(*p->harms[i].reason_vi, '\0');
		}
		cr_expect_eq(p->serious.level_mask, (1u << 4) | (1u << 5));
		cr_expect_eq(p->serious.national_critical, 1);
	}
	cr_expect_str_eq(uc_rulepack_harm(pack(NULL), "a")->vi,
	    "Hệ thống bị gián đoạn dịch vụ");
}

static void
expect_steps(const struct uc_rulepack *p, const char *proc,
    const char *const *codes, size_t n)
{
	const struct uc_rp_procedure *pr = uc_rulepack_procedure(p, proc);
	size_t i;

	cr_assert_not_null(pr, "%s: %s", p->id, proc);
	cr_assert_eq(pr->nsteps, n, "%s: %s", p->id, proc);
	for (i = 0; i < n; i++) {
		cr_expect_str_eq(pr->steps[i].code, codes[i]);
		cr_expect_gt(pr->steps[i].lead.n, 0, "%s", codes[i]);
		cr_expect_eq(uc_rulepack_step(p, NULL, codes[i]),
		    &pr->steps[i]);
	}
}

Test(domain_rulepack, procedures_are_complete)
{
	size_t k;

	for (k = 0; k < NELEM(pack_ids); k++) {
		const struct uc_rulepack *p = pack(pack_ids[k]);

		expect_steps(p, "normal", normal_steps, NELEM(normal_steps));
		expect_steps(p, "serious", serious_steps,
		    NELEM(serious_steps));
		cr_expect_eq(uc_rulepack_procedure(p, "normal")->nstages, 4);
	}
}

Test(domain_rulepack, normal_steps_follow_the_appendix)
{
	const struct uc_rulepack *p = pack(NULL);
	const struct uc_rp_step *s = uc_rulepack_step(p, "normal", "III.3");

	cr_assert_not_null(s);
	cr_expect_str_eq(s->vi, "Kiểm tra, đánh giá an toàn hệ thống thông "
	    "tin sau khi khôi phục");
	cr_expect_eq(s->phase, UC_PHASE_CHECK);
	cr_assert_eq(s->reopen.n, 2);
	cr_expect_str_eq(s->reopen.v[0], "II.1");
	cr_expect_str_eq(s->reopen.v[1], "III.1");
	cr_assert_eq(s->reset.n, 2);
	cr_expect_str_eq(s->reset.v[0], "III.2");
	cr_expect_str_eq(s->reset.v[1], "III.3");
	s = uc_rulepack_step(p, "normal", "I.4");
	cr_expect_str_eq(s->vi, "Chỉ đạo xử lý sự cố");
	cr_expect_eq(s->required, 0);
	cr_expect_str_eq(s->lead.v[0], "steering_board");
	s = uc_rulepack_step(p, "normal", "I.1");
	cr_expect_str_eq(s->stage, "I");
	cr_expect_str_eq(s->lead.v[0], "operator");
	cr_expect_str_eq(s->coordinate.v[0], "police");
	cr_expect_str_eq(s->coordinate.v[1], "team");
	cr_expect_null(uc_rulepack_step(p, "serious", "I.1"));
	cr_expect_not_null(uc_rulepack_step(p, "serious", "S6"));
	cr_expect_str_eq(uc_rulepack_phase_name(s->phase), "verify");
}

static void
expect_deadline(const struct uc_rulepack *p, const char *code,
    enum uc_anchor anchor, enum uc_due due, int amount)
{
	const struct uc_rp_report *r = uc_rulepack_report(p, code);

	cr_assert_not_null(r, "%s: %s", p->id, code);
	cr_expect_eq(r->deadline.anchor, anchor, "%s %s: anchor %s", p->id,
	    code, uc_rulepack_anchor_name(r->deadline.anchor));
	cr_expect_eq(r->deadline.due, due, "%s %s: due %s", p->id, code,
	    uc_rulepack_due_name(r->deadline.due));
	cr_expect_eq(r->deadline.amount, amount, "%s %s", p->id, code);
}

Test(domain_rulepack, reports_are_complete)
{
	size_t k, i;

	for (k = 0; k < NELEM(pack_ids); k++) {
		const struct uc_rulepack *p = pack(pack_ids[k]);

		cr_assert_eq(p->nreports, NELEM(report_codes), "%s", p->id);
		for (i = 0; i < p->nreports; i++) {
			cr_expect_str_eq(p->reports[i].code, report_codes[i]);
			cr_expect_eq(p->reports[i].number, (int)i + 1);
			cr_expect_eq(p->reports[i].closure,
			    strcmp(report_codes[i], "final") == 0);
			cr_expect_gt(p->reports[i].recipients.n, 0);
		}
		cr_expect_eq(p->ack.anchor, UC_ANCHOR_RECEIPT);
		cr_expect_eq(p->ack.due, UC_DUE_IMMEDIATE);
	}
}

/* regulation.md §3.2 and §9. */
Test(domain_rulepack, report_deadlines)
{
	const struct uc_rulepack *l = pack("legacy-2017");
	const struct uc_rulepack *n = pack("law116-2026");

	expect_deadline(l, "notice", UC_ANCHOR_DETECTION, UC_DUE_DAYS, 5);
	expect_deadline(l, "initial", UC_ANCHOR_BEYOND_CAPACITY,
	    UC_DUE_IMMEDIATE, 0);
	expect_deadline(l, "progress", UC_ANCHOR_NONE, UC_DUE_NONE, 0);
	expect_deadline(l, "final", UC_ANCHOR_RESPONSE_END, UC_DUE_DAYS, 5);
	cr_expect_str_eq(uc_rulepack_report(l, "initial")->form,
	    "Biểu mẫu 03");
	cr_expect_str_eq(uc_rulepack_report(l, "final")->form,
	    "Biểu mẫu 04");
	expect_deadline(n, "notice", UC_ANCHOR_DETECTION, UC_DUE_IMMEDIATE,
	    0);
	expect_deadline(n, "initial", UC_ANCHOR_SERIOUS, UC_DUE_HOURS, 24);
	expect_deadline(n, "final", UC_ANCHOR_DETECTION, UC_DUE_HOURS, 72);
	cr_expect_not_null(uc_rulepack_party(n, "mps_unit"));
	cr_expect_null(uc_rulepack_party(l, "mps_unit"));
}

Test(domain_rulepack, day_rule_and_holidays)
{
	size_t k, i;

	for (k = 0; k < NELEM(pack_ids); k++) {
		const struct uc_rulepack *p = pack(pack_ids[k]);
		const struct uc_dayrule *d = &p->days;

		cr_expect_eq(d->working_days, 0);
		cr_expect_eq(d->start_next_day, 1);
		cr_expect_eq(d->roll_non_working, 1);
		cr_expect_eq(d->weekend_mask, (1 << 0) | (1 << 6));
		cr_expect_eq(d->warn_days, 3);
		cr_assert_eq(d->nholidays, p->nholidays);
		cr_assert_gt(d->nholidays, 30);
		for (i = 0; i < d->nholidays; i++) {
			cr_expect_eq(d->holidays[i], p->holidays[i].date);
			if (i > 0)
				cr_expect_gt(d->holidays[i],
				    d->holidays[i - 1]);
		}
		cr_expect_eq(d->holidays[0], 20250101);
		cr_expect_eq(d->holidays[d->nholidays - 1] / 10000, 2027);
	}
}

/* The clocks' numbers and the acknowledgement's recipient. */
Test(domain_rulepack, clocks_and_ack)
{
	size_t k;

	for (k = 0; k < NELEM(pack_ids); k++) {
		const struct uc_rulepack *p = pack(pack_ids[k]);

		cr_expect_eq(p->clocks.immediate_minutes, 60, "%s", p->id);
		cr_expect_eq(p->clocks.warn_percent, 25, "%s", p->id);
		cr_expect_str_eq(p->clocks.src.file, k == 0 ?
		    "legacy-2017/days.txt" : "law116-2026/days.txt");
		cr_assert_eq(p->ack_recipients.n, 1);
		cr_expect_str_eq(p->ack_recipients.v[0], "sender");
		cr_expect_not_null(uc_rulepack_party(p, "sender"));
		cr_expect_gt(p->ack_src.line, 0);
		cr_expect_gt(p->days_src.line, 0);
		cr_expect_gt(p->src.line, 0);
		cr_expect_gt(p->holidays[0].src.line, 0);
		cr_expect_str_eq(p->holidays[0].src.file, k == 0 ?
		    "legacy-2017/holidays.txt" : "law116-2026/holidays.txt");
	}
}

/* regulation.md §3.3 B's option lists, and the incident's TLP,
 * priority and impact levels: the codes service/intake.c stores. */
struct want_list {
	const char *code;
	int multi;
	const char *def;
	const char *items[8];	/* NULL-terminated */
};

static const struct want_list want_lists[] = {
	{ "current_status", 0, "", { "handled", "not_handled", NULL } },
	{ "detection_method", 1, "", { "ids_ips", "log_review",
	  "third_party", "other", NULL } },
	{ "notified", 1, "", { "national_coordinator", "owner", "ir_unit",
	  "isp", "police", "other", NULL } },
	{ "service", 1, "", { "web", "mail", "database", "ftp", "dns",
	  "proxy", "other", NULL } },
	{ "control", 1, "", { "antivirus", "firewall", "ids_ips", "other",
	  NULL } },
	{ "attachment", 1, "", { "logs", "malware_samples", "other",
	  NULL } },
	{ "tlp", 0, "AMBER", { "CLEAR", "GREEN", "AMBER", "AMBER+STRICT",
	  "RED", NULL } },
	{ "priority", 0, "P3", { "P1", "P2", "P3", "P4", NULL } },
	{ "impact", 0, "none", { "none", "low", "medium", "high", NULL } },
};

static void
expect_list(const struct uc_rulepack *p, const struct want_list *w)
{
	const struct uc_rp_optlist *l = uc_rulepack_options(p, w->code);
	size_t i, j;

	cr_assert_not_null(l, "%s: [list %s]", p->id, w->code);
	cr_expect_eq(l->multi, w->multi, "%s %s", p->id, w->code);
	cr_expect_str_eq(l->default_code, w->def, "%s %s", p->id, w->code);
	cr_expect_neq(*l->vi, '\0');
	cr_expect_neq(*l->en, '\0');
	for (i = 0, j = 0; w->items[i] != NULL; i++, j++) {
		/* the 2026 pack adds mps_unit to the notified parties */
		if (j < l->nitems && strcmp(l->items[j].code, "mps_unit") == 0)
			j++;
		cr_assert_lt(j, l->nitems, "%s %s", p->id, w->code);
		cr_expect_str_eq(l->items[j].code, w->items[i], "%s %s",
		    p->id, w->code);
		cr_expect_neq(*l->items[j].vi, '\0');
		cr_expect_neq(*l->items[j].en, '\0');
		cr_expect_eq(uc_rulepack_option(p, w->code, w->items[i]),
		    &l->items[j]);
	}
	cr_expect_eq(j, l->nitems, "%s %s: %zu options", p->id, w->code,
	    l->nitems);
}

Test(domain_rulepack, option_lists_are_complete)
{
	size_t k, i;

	for (k = 0; k < NELEM(pack_ids); k++) {
		const struct uc_rulepack *p = pack(pack_ids[k]);

		cr_expect_eq(p->nlists, NELEM(want_lists), "%s", p->id);
		for (i = 0; i < NELEM(want_lists); i++)
			expect_list(p, &want_lists[i]);
		for (i = 0; i < 5; i++)
			cr_expect_neq(*uc_rulepack_options(p, "tlp")->items[i]
			    .description_vi, '\0', "%s tlp %zu", p->id, i);
	}
	cr_expect_null(uc_rulepack_option(pack("legacy-2017"), "notified",
	    "mps_unit"));
	cr_expect_not_null(uc_rulepack_option(pack("law116-2026"),
	    "notified", "mps_unit"));
	cr_expect_str_eq(uc_rulepack_option(pack(NULL), "current_status",
	    "handled")->vi, "Đã được xử lý");
	cr_expect_str_eq(uc_rulepack_option(pack(NULL), "current_status",
	    "not_handled")->vi, "Chưa được xử lý");
}

/* ---- the parser -------------------------------------------------- */

/* A closed list of one option (the parser needs nine of them). */
#define LIST(code) \
	"[list " code "]\nvi = L\nen = L\nmulti = no\n" \
	"[option x]\nvi = X\nen = X\n"

/* A small valid pack in one file; the vectors append to it. */
static const char base[] =
	"# a minimal pack\n"
	"[pack mini]\n"
	"vi = Gói thử\n"
	"en = Test pack\n"
	"regime = test\n"
	"effective_from = 2026-01-01\n"
	"[group TC]\nvi = Nhóm\nen = Group\n"
	"[type TC01]\ngroup = TC\nvi = Loại\nen = Type\nrsit = a:b\n"
	"rsit_alt = c:d , e:f\n"
	"[serious]\nlevels = 4, 5\nnational_critical = yes\n"
	"system_vi = s {level}\nsystem_en = s {level}\n"
	"critical_vi = c\ncritical_en = c\nunknown_vi = u\nunknown_en = u\n"
	"no_system_vi = n\nno_system_en = n\n"
	"not_qualifying_vi = q {levels}\nnot_qualifying_en = q {levels}\n"
	"no_harm_vi = h\nno_harm_en = h\n"
	"owner_cannot_vi = o\nowner_cannot_en = o\n"
	"owner_can_vi = k\nowner_can_en = k\n"
	"[harm a]\nvi = A\nen = A\nreason_vi = ra\nreason_en = ra\n"
	"[party op]\nvi = Vận hành\nen = Operator\n"
	"[procedure normal]\nvi = T\nen = N\n"
	"[step N1]\nvi = B\nen = S\nphase = contain\nrequired = yes\n"
	"lead = op\n"
	"[step N2]\nvi = K\nen = C\nphase = check\nrequired = yes\n"
	"lead = op\nreopen = N1\nreset = N2\n"
	"[procedure serious]\nvi = T\nen = S\n"
	"[step X1]\nvi = B\nen = S\nphase = receive\nrequired = no\n"
	"lead = op\n"
	"[report final]\nnumber = 7\nvi = BC\nen = Final\n"
	"anchor = response_end\ndue = days\namount = 5\n"
	"recipients = op\nclosure = yes\n"
	"[acknowledge]\nvi = P\nen = A\nanchor = receipt\n"
	"due = immediate\nrecipients = op\n"
	"[days]\ncount = calendar\nstart_next_day = yes\n"
	"roll_non_working = yes\nweekend = sat, sun\nwarn_days = 3\n"
	"[clocks]\nimmediate_minutes = 60\nwarn_percent = 25\n"
	"[holidays]\n2026-01-01 = Tết Dương lịch\n"
	"2026-09-02 = Quốc khánh\n"
	LIST("current_status") LIST("detection_method") LIST("notified")
	LIST("service") LIST("control") LIST("attachment") LIST("priority")
	LIST("impact")
	"[list tlp]\nvi = T\nen = T\nmulti = no\ndefault = RED\n"
	"[option AMBER+STRICT]\nvi = A\nen = A\n"
	"[option RED]\nvi = R\nen = R\ndescription_en = named only\n";

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static enum uc_status
parse_text(const char *text, struct uc_rulepack **out,
    struct uc_error *err)
{
	struct uc_rp_file f = { "mini/pack.txt", text, strlen(text) };

	return uc_rulepack_parse(&f, 1, out, err);
}

Test(domain_rulepack, minimal_pack_parses)
{
	struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };
	const struct uc_rp_type *t;

	cr_assert_eq(parse_text(base, &p, &err), UC_OK, "%s", err.message);
	cr_expect_str_eq(p->id, "mini");
	cr_expect_str_eq(p->note, "");
	cr_expect_eq(p->effective_to, 0);
	cr_expect_eq(p->is_default, 0);
	t = uc_rulepack_type(p, "TC01");
	cr_assert_not_null(t);
	cr_expect_eq(t->src.line, 10);
	cr_expect_str_eq(t->src.file, "mini/pack.txt");
	cr_assert_eq(t->rsit_alt.n, 2);
	cr_expect_str_eq(t->rsit_alt.v[0], "c:d");
	cr_expect_str_eq(t->rsit_alt.v[1], "e:f");
	cr_expect_str_eq(uc_rulepack_step(p, NULL, "N1")->content, "");
	cr_expect_eq(p->days.nholidays, 2);
	cr_expect_eq(p->days.holidays[1], 20260902);
	cr_expect_str_eq(p->holidays[0].name, "Tết Dương lịch");
	cr_expect_eq(p->holidays[1].src.line, 95);
	cr_expect_eq(p->src.line, 2);
	cr_expect_eq(p->clocks.immediate_minutes, 60);
	cr_expect_eq(p->clocks.warn_percent, 25);
	cr_expect_str_eq(p->ack_recipients.v[0], "op");
	cr_expect_eq(p->nlists, 9);
	cr_expect_str_eq(uc_rulepack_options(p, "tlp")->default_code, "RED");
	cr_expect_str_eq(uc_rulepack_options(p, "impact")->default_code, "");
	cr_expect_str_eq(uc_rulepack_option(p, "tlp", "RED")->description_en,
	    "named only");
	cr_expect_str_eq(uc_rulepack_option(p, "tlp", "RED")->description_vi,
	    "");
	cr_expect_not_null(uc_rulepack_option(p, "tlp", "AMBER+STRICT"));
	cr_expect_null(uc_rulepack_option(p, "tlp", "x"));
	cr_expect_null(uc_rulepack_option(p, "colour", "RED"));
	uc_rulepack_free(p);
	uc_rulepack_free(NULL);
}

struct bad {
	const char *extra;	/* appended to base */
	int line;		/* of the error, within extra; 0: none */
	const char *what;	/* expected in the message */
};

static const struct bad bad_vecs[] = {
	{ "[nonsense]\n", 1, "unknown section [nonsense]" },
	{ "[type]\n", 1, "needs a code" },
	{ "[party p 2]\n", 1, "needs a code" },
	{ "[days x]\n", 1, "takes no code" },
	{ "[party\n", 1, "a section line is" },
	{ "[type TC01]\n", 1, "[type TC01] is defined twice" },
	{ "[days]\n", 1, "[days] appears twice" },
	{ "[party p2]\nvi = x\nfoo = bar\n", 3,
	  "unknown key 'foo' in [party p2]" },
	{ "[party p2]\nvi = x\n", 1, "[party p2] lacks 'en'" },
	{ "[party p2]\nvi = x\nvi = y\n", 3, "'vi' is set twice" },
	{ "[party p2]\nvi\n", 2, "expected \"key = value\"" },
	{ "[party p2]\n = x\n", 2, "a key is missing" },
	{ "[party p2]\nvi =\nen = y\n", 2, "'vi' is empty" },
	{ "[party p2]\nvi = \xff\xfe\n", 2, "not UTF-8 text" },
	{ "[party p2]\nvi = a\x01z\n", 2, "not UTF-8 text" },
	{ "[holidays]\n2020-02-30 = Ngày\n", 2, "is not a date" },
	{ "[holidays]\n2026-05-01 =\n", 2, "has no name" },
	{ "[holidays]\n2026-12-01 = A\n2026-11-30 = B\n", 3,
	  "out of date order" },
	{ "[holidays]\n2026-01-01 = Trùng\n", 2, "out of date order" },
	{ "[type T9]\ngroup = TC\nvi = a\nen = b\nrsit =\n"
	  "multi_label = maybe\n", 6, "'multi_label' must be yes or no" },
	{ "[report r9]\nnumber = 100\n", 2,
	  "'number' must be a number from 1 to 99" },
	{ "[report r9]\nanchor = tomorrow\n", 2,
	  "'anchor': unknown value 'tomorrow'" },
	{ "[step N9]\nphase = rest\n", 2, "'phase': unknown value 'rest'" },
	{ "[days2]\n", 1, "unknown section" },
	{ "[type T9]\nrsit_alt = a:b, , c:d\n", 2,
	  "'rsit_alt': item 2 is not a code" },
	/* checks of the whole pack name the record's line */
	{ "[type T9]\ngroup = ZZ\nvi = a\nen = b\nrsit =\n", 1,
	  "unknown group 'ZZ'" },
	{ "[report r9]\nnumber = 9\nvi = a\nen = b\nanchor = none\n"
	  "due = none\nrecipients = nobody\nclosure = no\n", 1,
	  "recipients: unknown party 'nobody'" },
	{ "[report r9]\nnumber = 7\nvi = a\nen = b\nanchor = none\n"
	  "due = none\nrecipients = op\nclosure = no\n", 1,
	  "number 7 is taken by [report final]" },
	{ "[report r9]\nnumber = 9\nvi = a\nen = b\nanchor = detection\n"
	  "due = none\nrecipients = op\nclosure = no\n", 1,
	  "anchor, due and amount do not agree" },
	{ "[report r9]\nnumber = 9\nvi = a\nen = b\nanchor = detection\n"
	  "due = days\nrecipients = op\nclosure = no\n", 1,
	  "anchor, due and amount do not agree" },
	{ "[procedure extra]\nvi = a\nen = b\n[step S9]\nvi = a\nen = b\n"
	  "phase = review\nrequired = yes\nlead = op, ghost\n", 4,
	  "lead: unknown party 'ghost'" },
	{ "[procedure extra]\nvi = a\nen = b\n[step S9]\nstage = V\n"
	  "vi = a\nen = b\nphase = review\nrequired = yes\nlead = op\n", 4,
	  "no [stage V] in this procedure" },
	{ "[procedure extra]\nvi = a\nen = b\n[step N1]\nvi = a\nen = b\n"
	  "phase = review\nrequired = yes\nlead = op\n", 4,
	  "[step N1] is also a step of another procedure" },
	{ "[procedure extra]\nvi = a\nen = b\n[step S9]\nvi = a\nen = b\n"
	  "phase = check\nrequired = yes\nlead = op\n", 4,
	  "is needed by a step of phase check" },
	{ "[procedure extra]\nvi = a\nen = b\n[step S9]\nvi = a\nen = b\n"
	  "phase = review\nrequired = yes\nlead = op\nreopen = N1\n", 4,
	  "is needed by a step of phase check" },
	{ "[procedure extra]\nvi = a\nen = b\n[step S9]\nvi = a\nen = b\n"
	  "phase = check\nrequired = yes\nlead = op\nreopen = N1\n", 4,
	  "reopen: 'N1' is not a step of [procedure extra]" },
	{ "[procedure extra]\nvi = a\nen = b\n", 1,
	  "[procedure extra] has no steps" },
	{ "[pack mini2]\n", 1, "[pack mini2] appears twice" },
	{ "[clocks]\n", 1, "[clocks] appears twice" },
	{ "[list tlp]\n", 1, "[list tlp] is defined twice" },
	{ "[option RED]\n", 1, "[option RED] is defined twice" },
	{ "[list extra]\nvi = a\nen = b\nmulti = no\n", 1,
	  "[list extra] has no [option]" },
	{ "[list extra]\nvi = a\nen = b\nmulti = no\ndefault = z\n"
	  "[option y]\nvi = a\nen = b\n", 1,
	  "default: 'z' is not an option of [list extra]" },
	{ "[list extra]\nvi = a\nen = b\nmulti = maybe\n", 4,
	  "'multi' must be yes or no" },
};

Test(domain_rulepack, broken_packs_name_file_and_line)
{
	int nbase = count_lines(base);
	size_t i;

	for (i = 0; i < NELEM(bad_vecs); i++) {
		struct uc_rulepack *p = NULL;
		struct uc_error err = { 0 };
		char text[8192], where[64];

		snprintf(text, sizeof(text), "%s%s", base, bad_vecs[i].extra);
		snprintf(where, sizeof(where), "mini/pack.txt:%d: ",
		    nbase + bad_vecs[i].line);
		cr_expect_eq(parse_text(text, &p, &err), UC_EINVAL,
		    "vector %zu accepted", i);
		cr_expect_null(p);
		cr_expect_eq(strncmp(err.message, where, strlen(where)), 0,
		    "vector %zu: \"%s\" should start \"%s\"", i, err.message,
		    where);
		cr_expect_not_null(strstr(err.message, bad_vecs[i].what),
		    "vector %zu: \"%s\" should say \"%s\"", i, err.message,
		    bad_vecs[i].what);
	}
}

Test(domain_rulepack, key_before_any_section)
{
	struct uc_rp_file f[2] = {
		{ "mini/pack.txt", base, sizeof(base) - 1 },
		{ "mini/more.txt", "# x\r\nvi = a\r\n", 13 },
	};
	struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };

	cr_expect_eq(uc_rulepack_parse(f, 2, &p, &err), UC_EINVAL);
	cr_expect_str_eq(err.message,
	    "mini/more.txt:2: 'vi' comes before any [section]");
}

Test(domain_rulepack, step_before_procedure_in_its_file)
{
	struct uc_rp_file f[2] = {
		{ "mini/pack.txt", base, sizeof(base) - 1 },
		{ "mini/more.txt", "[step Z1]\n", 10 },
	};
	struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };

	cr_expect_eq(uc_rulepack_parse(f, 2, &p, &err), UC_EINVAL);
	cr_expect_str_eq(err.message, "mini/more.txt:1: [step Z1] comes "
	    "before any [procedure] of this file");
}

Test(domain_rulepack, option_before_list_in_its_file)
{
	struct uc_rp_file f[2] = {
		{ "mini/pack.txt", base, sizeof(base) - 1 },
		{ "mini/more.txt", "[option y]\n", 11 },
	};
	struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };

	cr_expect_eq(uc_rulepack_parse(f, 2, &p, &err), UC_EINVAL);
	cr_expect_str_eq(err.message, "mini/more.txt:1: [option y] comes "
	    "before any [list] of this file");
}

Test(domain_rulepack, long_line_and_nul)
{
	static char text[RP_LINE_MAX + 64];
	struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };
	struct uc_rp_file f = { "mini/pack.txt", "[pack x]\nvi = a\0b\n",
	    18 };

	memset(text, 'x', sizeof(text) - 1);
	text[0] = '#';
	cr_expect_eq(parse_text(text, &p, &err), UC_EINVAL);
	cr_expect_str_eq(err.message,
	    "mini/pack.txt:1: line longer than 4095 bytes");
	cr_expect_eq(uc_rulepack_parse(&f, 1, &p, &err), UC_EINVAL);
	cr_expect_str_eq(err.message, "mini/pack.txt:2: not UTF-8 text");
}

/* The shipped legacy files, without one (skip) or renamed (rename). */
static size_t
legacy_files(struct uc_rp_file *f, const char *skip, const char *rename)
{
	size_t i, n = 0;

	for (i = 0; i < uc_rulepack_files_count; i++) {
		const char *name = uc_rulepack_files_names[i];

		if (strncmp(name, "legacy-2017/", 12) != 0 ||
		    (skip && strcmp(name + 12, skip) == 0))
			continue;
		f[n].name = rename && strcmp(name + 12, rename) == 0 ?
		    "other/parties.txt" : name;
		f[n].text = (const char *)uc_rulepack_files_data[i];
		f[n++].len = uc_rulepack_files_lens[i];
	}
	return n;
}

Test(domain_rulepack, incomplete_packs)
{
	struct uc_rp_file f[RP_MAX_FILES];
	struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };
	size_t n;

	n = legacy_files(f, NULL, NULL);
	cr_assert_eq(uc_rulepack_parse(f, n, &p, &err), UC_OK, "%s",
	    err.message);
	uc_rulepack_free(p);
	n = legacy_files(f, "harms.txt", NULL);
	cr_expect_eq(uc_rulepack_parse(f, n, &p, &err), UC_EINVAL);
	cr_expect_str_eq(err.message, "legacy-2017: needs [serious], "
	    "[acknowledge], [days], [clocks] and [holidays]");
	n = legacy_files(f, "options.txt", NULL);
	cr_expect_eq(uc_rulepack_parse(f, n, &p, &err), UC_EINVAL);
	cr_expect_str_eq(err.message, "legacy-2017: no [list "
	    "current_status] (options.txt)");
	n = legacy_files(f, "procedure-serious.txt", NULL);
	cr_expect_eq(uc_rulepack_parse(f, n, &p, &err), UC_EINVAL);
	cr_expect_str_eq(err.message, "legacy-2017: no [procedure serious]");
	n = legacy_files(f, "pack.txt", NULL);
	cr_expect_eq(uc_rulepack_parse(f, n, &p, &err), UC_EINVAL);
	cr_expect_str_eq(err.message, "no [pack] section");
	n = legacy_files(f, NULL, "parties.txt");
	cr_expect_eq(uc_rulepack_parse(f, n, &p, &err), UC_EINVAL);
	cr_expect_str_eq(err.message,
	    "other/parties.txt: not in the folder of [pack legacy-2017]");
	n = legacy_files(f, "parties.txt", NULL);
	cr_expect_eq(uc_rulepack_parse(f, n, &p, &err), UC_EINVAL);
	cr_expect_not_null(strstr(err.message, "needs groups, types, harms "
	    "and parties"), "%s", err.message);
}

Test(domain_rulepack, names)
{
	cr_expect_str_eq(uc_rulepack_phase_name(UC_PHASE_RECEIVE), "receive");
	cr_expect_str_eq(uc_rulepack_phase_name(UC_PHASE_REVIEW), "review");
	cr_expect_str_eq(uc_rulepack_phase_name(UC_PHASE_COUNT), "?");
	cr_expect_str_eq(uc_rulepack_anchor_name(UC_ANCHOR_BEYOND_CAPACITY),
	    "beyond_capacity");
	cr_expect_str_eq(uc_rulepack_due_name(UC_DUE_HOURS), "hours");
}
