/*
 * tests/unit/domain/procedure.c - src/domain/procedure.c: step states,
 * the allowed changes, the III.3 failure loop, reclassification
 * normal -> serious keeping done steps, the derived status and the
 * closure rule (regulation.md §2.3-2.4, TT 20/2017 Điều 9.2.b).
 */
#include "../../../src/domain/procedure.c"

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

/* An incident's steps: the normal procedure, all pending. */
static size_t
normal(struct uc_step_item *steps)
{
	const struct uc_rp_procedure *pr = NULL;
	struct uc_error err = { 0 };
	size_t i;

	cr_assert_eq(uc_procedure_instantiate(legacy(), "normal", &pr, &err),
	    UC_OK);
	for (i = 0; i < pr->nsteps; i++) {
		steps[i].code = pr->steps[i].code;
		steps[i].state = UC_STEP_PENDING;
	}
	return pr->nsteps;
}

static struct uc_step_item *
step(struct uc_step_item *steps, size_t n, const char *code)
{
	long i = find_step(steps, n, code);

	cr_assert_geq(i, 0, "%s", code);
	return &steps[i];
}

/* Set every step up to and including `last` (in order) to `state`. */
static void
set_until(struct uc_step_item *steps, size_t n, const char *last,
    enum uc_step_state state)
{
	size_t i;

	for (i = 0; i < n; i++) {
		steps[i].state = state;
		if (strcmp(steps[i].code, last) == 0)
			return;
	}
}

static enum uc_procedure_status
status(const struct uc_step_item *steps, size_t n)
{
	return uc_procedure_status(legacy(), steps, n, 0, 0);
}

Test(domain_procedure, state_names)
{
	int i;

	for (i = 0; i < UC_STEP_STATE_COUNT; i++)
		cr_expect_eq(uc_procedure_state_parse(
		    uc_procedure_state_name((enum uc_step_state)i)), i);
	cr_expect_str_eq(uc_procedure_state_name(UC_STEP_NOT_APPLICABLE),
	    "not_applicable");
	cr_expect_str_eq(uc_procedure_state_name(UC_STEP_IN_PROGRESS),
	    "in_progress");
	cr_expect_eq(uc_procedure_state_parse("failed"), -1);
	cr_expect_eq(uc_procedure_state_parse(NULL), -1);
	cr_expect_str_eq(uc_procedure_status_name(
	    UC_PROCEDURE_AWAITING_FINAL_REPORT), "awaiting_final_report");
	cr_expect_str_eq(uc_procedure_status_name(UC_PROCEDURE_CLOSED),
	    "closed");
}

Test(domain_procedure, instantiate)
{
	const struct uc_rp_procedure *pr = NULL;
	struct uc_error err = { 0 };
	struct uc_step_item steps[UC_RP_MAX_STEPS];

	cr_expect_eq(normal(steps), 12);
	cr_expect_str_eq(steps[0].code, "I.1");
	cr_expect_str_eq(steps[11].code, "IV.1");
	cr_expect_eq(uc_procedure_instantiate(legacy(), "serious", &pr,
	    &err), UC_OK);
	cr_expect_eq(pr->nsteps, 14);
	cr_expect_eq(uc_procedure_instantiate(legacy(), "urgent", &pr, &err),
	    UC_EVALID);
	cr_expect_null(pr);
	cr_expect_str_eq(err.fields[0].field, "procedure");
}

/* A normal response, step by step, and the status after each. */
struct walk {
	const char *code;
	enum uc_step_state to;
	enum uc_procedure_status want;
};

static const struct walk walk[] = {
	{ "I.1", UC_STEP_IN_PROGRESS, UC_PROCEDURE_VERIFYING },
	{ "I.1", UC_STEP_DONE, UC_PROCEDURE_RESPONDING },
	{ "I.2", UC_STEP_IN_PROGRESS, UC_PROCEDURE_RESPONDING },
	{ "I.2", UC_STEP_DONE, UC_PROCEDURE_RESPONDING },
	{ "I.3", UC_STEP_DONE, UC_PROCEDURE_RESPONDING },
	{ "I.5", UC_STEP_IN_PROGRESS, UC_PROCEDURE_RESPONDING },
	/* reporting goes on while containment runs */
	{ "II.1", UC_STEP_IN_PROGRESS, UC_PROCEDURE_CONTAINING },
	{ "I.5", UC_STEP_DONE, UC_PROCEDURE_CONTAINING },
	{ "II.1", UC_STEP_DONE, UC_PROCEDURE_ERADICATING },
	{ "III.1", UC_STEP_IN_PROGRESS, UC_PROCEDURE_ERADICATING },
	{ "III.1", UC_STEP_DONE, UC_PROCEDURE_RECOVERING },
	{ "III.2", UC_STEP_DONE, UC_PROCEDURE_CHECKING },
	{ "III.3", UC_STEP_IN_PROGRESS, UC_PROCEDURE_CHECKING },
	{ "III.3", UC_STEP_DONE, UC_PROCEDURE_REVIEWING },
	{ "III.4", UC_STEP_DONE, UC_PROCEDURE_REVIEWING },
	{ "IV.1", UC_STEP_IN_PROGRESS, UC_PROCEDURE_REVIEWING },
	/* I.4 and I.6 are optional and still pending */
	{ "IV.1", UC_STEP_DONE, UC_PROCEDURE_AWAITING_FINAL_REPORT },
};

Test(domain_procedure, status_follows_the_steps)
{
	struct uc_step_item steps[UC_RP_MAX_STEPS];
	size_t n = normal(steps), i;

	cr_expect_eq(status(steps, n), UC_PROCEDURE_NEW);
	for (i = 0; i < NELEM(walk); i++) {
		struct uc_step_request req = { walk[i].code, walk[i].to, 0,
		    NULL, 0 };
		struct uc_step_changes ch;
		struct uc_error err = { 0 };

		cr_assert_eq(uc_procedure_change(legacy(), steps, n, &req, &ch,
		    &err), UC_OK, "step %zu: %s", i, err.message);
		cr_assert_eq(ch.n, 1, "step %zu", i);
		step(steps, n, ch.v[0].code)->state = ch.v[0].to;
		cr_expect_eq(status(steps, n), walk[i].want,
		    "after %s -> %s: %s, want %s", walk[i].code,
		    uc_procedure_state_name(walk[i].to),
		    uc_procedure_status_name(status(steps, n)),
		    uc_procedure_status_name(walk[i].want));
	}
	cr_expect_eq(uc_procedure_status(legacy(), steps, n, 1, 0),
	    UC_PROCEDURE_READY_TO_CLOSE);
	cr_expect_eq(uc_procedure_status(legacy(), steps, n, 1, 1),
	    UC_PROCEDURE_CLOSED);
}

Test(domain_procedure, status_rules)
{
	struct uc_step_item steps[UC_RP_MAX_STEPS];
	size_t n = normal(steps);

	cr_expect_eq(uc_procedure_status(legacy(), steps, 0, 0, 0),
	    UC_PROCEDURE_NEW);
	/* one step not applicable is a start */
	step(steps, n, "I.4")->state = UC_STEP_NOT_APPLICABLE;
	cr_expect_eq(status(steps, n), UC_PROCEDURE_VERIFYING);
	/* the latest phase in progress wins */
	step(steps, n, "I.2")->state = UC_STEP_IN_PROGRESS;
	step(steps, n, "III.2")->state = UC_STEP_IN_PROGRESS;
	cr_expect_eq(status(steps, n), UC_PROCEDURE_RECOVERING);
	/* an optional step in progress after the required ones are done */
	set_until(steps, n, "IV.1", UC_STEP_DONE);
	step(steps, n, "I.6")->state = UC_STEP_IN_PROGRESS;
	cr_expect_eq(status(steps, n), UC_PROCEDURE_AWAITING_FINAL_REPORT);
	/* everything not applicable: only the report is left */
	set_until(steps, n, "IV.1", UC_STEP_NOT_APPLICABLE);
	cr_expect_eq(status(steps, n), UC_PROCEDURE_AWAITING_FINAL_REPORT);
	cr_expect_eq(uc_procedure_status(legacy(), steps, n, 0, 1),
	    UC_PROCEDURE_CLOSED);
}

static struct uc_step_changes
change(struct uc_step_item *steps, size_t n,
    const struct uc_step_request *req, enum uc_status want,
    struct uc_error *err)
{
	struct uc_step_changes ch;
	enum uc_status rc;

	uc_error_clear(err);
	rc = uc_procedure_change(legacy(), steps, n, req, &ch, err);
	cr_expect_eq(rc, want, "%s: %s (%s)", req->code,
	    uc_status_name(rc), err->message);
	if (rc != UC_OK)
		cr_expect_eq(ch.n, 0);
	return ch;
}

Test(domain_procedure, changes)
{
	struct uc_step_item steps[UC_RP_MAX_STEPS];
	size_t n = normal(steps);
	struct uc_error err;
	struct uc_step_changes ch;
	struct uc_step_request na = { "I.4", UC_STEP_NOT_APPLICABLE, 0,
	    NULL, 0 };
	struct uc_step_request back = { "I.1", UC_STEP_PENDING, 0, NULL,
	    0 };

	change(steps, n, &na, UC_EVALID, &err);
	cr_expect_str_eq(err.fields[0].field, "reason");
	na.reason = "  \t";
	change(steps, n, &na, UC_EVALID, &err);
	na.reason = "Sự cố không cần chỉ đạo";
	ch = change(steps, n, &na, UC_OK, &err);
	cr_assert_eq(ch.n, 1);
	cr_expect_eq(ch.v[0].from, UC_STEP_PENDING);
	cr_expect_eq(ch.v[0].to, UC_STEP_NOT_APPLICABLE);
	/* a no-op changes nothing */
	ch = change(steps, n, &back, UC_OK, &err);
	cr_expect_eq(ch.n, 0);
	/* done goes back only through a coordinator, with a reason */
	step(steps, n, "I.1")->state = UC_STEP_DONE;
	change(steps, n, &back, UC_EPERM, &err);
	back.may_reopen = 1;
	change(steps, n, &back, UC_EVALID, &err);
	cr_expect_str_eq(err.fields[0].field, "reason");
	back.reason = "Xác minh lại nguồn gốc";
	ch = change(steps, n, &back, UC_OK, &err);
	cr_assert_eq(ch.n, 1);
	cr_expect_eq(ch.v[0].from, UC_STEP_DONE);
	back.code = "V.1";
	change(steps, n, &back, UC_ENOTFOUND, &err);
	back.code = "I.2";
	back.to = UC_STEP_STATE_COUNT;
	change(steps, n, &back, UC_EVALID, &err);
}

/* III.3 fails: II.1 and III.1 reopen, III.2 and III.3 start again. */
Test(domain_procedure, check_failure_loop)
{
	struct uc_step_item steps[UC_RP_MAX_STEPS];
	size_t n = normal(steps), i;
	struct uc_error err;
	struct uc_step_changes ch;
	struct uc_step_request fail = { "III.3", UC_STEP_PENDING, 1, NULL,
	    0 };

	set_until(steps, n, "III.2", UC_STEP_DONE);
	step(steps, n, "III.3")->state = UC_STEP_IN_PROGRESS;
	cr_expect_eq(status(steps, n), UC_PROCEDURE_CHECKING);
	change(steps, n, &fail, UC_EVALID, &err);
	cr_expect_str_eq(err.fields[0].field, "reason");
	fail.reason = "Máy chủ vẫn kết nối tới C2";
	ch = change(steps, n, &fail, UC_OK, &err);
	cr_assert_eq(ch.n, 4);
	cr_expect_str_eq(ch.v[0].code, "II.1");
	cr_expect_eq(ch.v[0].to, UC_STEP_IN_PROGRESS);
	cr_expect_str_eq(ch.v[1].code, "III.1");
	cr_expect_eq(ch.v[1].to, UC_STEP_IN_PROGRESS);
	cr_expect_str_eq(ch.v[2].code, "III.2");
	cr_expect_eq(ch.v[2].from, UC_STEP_DONE);
	cr_expect_eq(ch.v[2].to, UC_STEP_PENDING);
	cr_expect_str_eq(ch.v[3].code, "III.3");
	cr_expect_eq(ch.v[3].from, UC_STEP_IN_PROGRESS);
	cr_expect_eq(ch.v[3].to, UC_STEP_PENDING);
	for (i = 0; i < ch.n; i++)
		step(steps, n, ch.v[i].code)->state = ch.v[i].to;
	cr_expect_eq(status(steps, n), UC_PROCEDURE_ERADICATING);
	/* III.1 back to pending: II.1 is what remains in progress */
	step(steps, n, "III.1")->state = UC_STEP_PENDING;
	cr_expect_eq(status(steps, n), UC_PROCEDURE_CONTAINING);
}

Test(domain_procedure, only_a_check_can_fail)
{
	struct uc_step_item steps[UC_RP_MAX_STEPS];
	size_t n = normal(steps);
	struct uc_error err;
	struct uc_step_request fail = { "II.1", UC_STEP_PENDING, 1, "x", 0 };

	change(steps, n, &fail, UC_EVALID, &err);
	cr_expect_str_eq(err.fields[0].code, "policy");
	fail.code = "III.3";
	step(steps, n, "III.3")->state = UC_STEP_NOT_APPLICABLE;
	change(steps, n, &fail, UC_ECONFLICT, &err);
	step(steps, n, "III.3")->state = UC_STEP_DONE;
	change(steps, n, &fail, UC_EPERM, &err);
	fail.may_reopen = 1;
	change(steps, n, &fail, UC_OK, &err);
	/* the check that has not started may fail at once */
	step(steps, n, "III.3")->state = UC_STEP_PENDING;
	fail.may_reopen = 0;
	change(steps, n, &fail, UC_OK, &err);
}

/* The serious procedure's assessment (S6) loops back to 5e and 5g. */
Test(domain_procedure, serious_check_loop)
{
	const struct uc_rp_procedure *pr = NULL;
	struct uc_step_item steps[UC_RP_MAX_STEPS];
	struct uc_step_changes ch;
	struct uc_error err = { 0 };
	struct uc_step_request fail = { "S6", UC_STEP_PENDING, 1, "x", 0 };
	size_t i;

	cr_assert_eq(uc_procedure_instantiate(legacy(), "serious", &pr,
	    &err), UC_OK);
	for (i = 0; i < pr->nsteps; i++) {
		steps[i].code = pr->steps[i].code;
		steps[i].state = UC_STEP_DONE;
	}
	ch = change(steps, pr->nsteps, &fail, UC_EPERM, &err);
	step(steps, pr->nsteps, "S6")->state = UC_STEP_IN_PROGRESS;
	ch = change(steps, pr->nsteps, &fail, UC_OK, &err);
	cr_assert_eq(ch.n, 3);
	cr_expect_str_eq(ch.v[0].code, "S5e");
	cr_expect_str_eq(ch.v[1].code, "S5g");
	cr_expect_str_eq(ch.v[2].code, "S6");
}

/* Reclassified serious: S1-S7 are added, the done steps stay. */
Test(domain_procedure, reclassification_keeps_done_steps)
{
	const struct uc_rulepack *p = legacy();
	struct uc_step_item steps[UC_RP_MAX_STEPS];
	const struct uc_rp_step *add[UC_RP_MAX_STEPS];
	struct uc_error err = { 0 };
	size_t n = normal(steps), nadd, i;

	set_until(steps, n, "I.3", UC_STEP_DONE);
	step(steps, n, "II.1")->state = UC_STEP_IN_PROGRESS;
	cr_assert_eq(uc_procedure_merge(p, "serious", steps, n, add, &nadd,
	    &err), UC_OK);
	cr_assert_eq(nadd, 14);
	cr_expect_str_eq(add[0]->code, "S1");
	cr_expect_str_eq(add[13]->code, "S7");
	for (i = 0; i < nadd; i++) {
		steps[n + i].code = add[i]->code;
		steps[n + i].state = UC_STEP_PENDING;
	}
	n += nadd;
	cr_expect_eq(step(steps, n, "I.1")->state, UC_STEP_DONE);
	cr_expect_eq(step(steps, n, "II.1")->state, UC_STEP_IN_PROGRESS);
	cr_expect_eq(status(steps, n), UC_PROCEDURE_CONTAINING);
	/* merging again adds nothing; back to normal adds nothing */
	cr_assert_eq(uc_procedure_merge(p, "serious", steps, n, add, &nadd,
	    &err), UC_OK);
	cr_expect_eq(nadd, 0);
	cr_assert_eq(uc_procedure_merge(p, "normal", steps, n, add, &nadd,
	    &err), UC_OK);
	cr_expect_eq(nadd, 0);
	/* closure now waits for the serious steps too */
	set_until(steps, n, "IV.1", UC_STEP_DONE);
	cr_expect_eq(status(steps, n), UC_PROCEDURE_VERIFYING);
	cr_expect_eq(uc_procedure_merge(p, "other", steps, n, add, &nadd,
	    &err), UC_EVALID);
}

Test(domain_procedure, serious_to_normal_adds_normal_steps)
{
	const struct uc_rulepack *p = legacy();
	struct uc_step_item steps[] = { { "S1", UC_STEP_DONE } };
	const struct uc_rp_step *add[UC_RP_MAX_STEPS];
	struct uc_error err = { 0 };
	size_t nadd;

	cr_assert_eq(uc_procedure_merge(p, "normal", steps, 1, add, &nadd,
	    &err), UC_OK);
	cr_expect_eq(nadd, 12);
}

static void
expect_blocker(struct uc_step_item *steps, size_t n, int final_sent,
    const char *want)
{
	const char *blocker = "unset";
	struct uc_error err = { 0 };
	enum uc_status rc;

	rc = uc_procedure_can_close(legacy(), steps, n, final_sent, &blocker,
	    &err);
	if (want == NULL) {
		cr_expect_eq(rc, UC_OK, "%s", err.message);
		cr_expect_null(blocker);
		return;
	}
	cr_expect_eq(rc, UC_ECONFLICT);
	cr_expect_str_eq(blocker, want);
	cr_expect_not_null(strstr(err.message, want), "%s", err.message);
}

Test(domain_procedure, closure)
{
	struct uc_step_item steps[UC_RP_MAX_STEPS + 1];
	size_t n = normal(steps);

	expect_blocker(steps, n, 1, "I.1");
	set_until(steps, n, "IV.1", UC_STEP_DONE);
	step(steps, n, "III.4")->state = UC_STEP_PENDING;
	expect_blocker(steps, n, 1, "III.4");
	step(steps, n, "III.4")->state = UC_STEP_NOT_APPLICABLE;
	/* the optional I.4 and I.6 may stay pending ... */
	step(steps, n, "I.4")->state = UC_STEP_PENDING;
	step(steps, n, "I.6")->state = UC_STEP_PENDING;
	expect_blocker(steps, n, 0, "final");
	expect_blocker(steps, n, 1, NULL);
	/* ... but not in progress */
	step(steps, n, "I.6")->state = UC_STEP_IN_PROGRESS;
	expect_blocker(steps, n, 1, "I.6");
	step(steps, n, "I.6")->state = UC_STEP_DONE;
	/* a step the pack does not know is optional */
	steps[n].code = "X.9";
	steps[n].state = UC_STEP_PENDING;
	expect_blocker(steps, n + 1, 1, NULL);
	cr_expect_eq(uc_procedure_status(legacy(), steps, n + 1, 1, 0),
	    UC_PROCEDURE_READY_TO_CLOSE);
}
