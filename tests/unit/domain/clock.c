/*
 * tests/unit/domain/clock.c - src/domain/clock.c against the shipped
 * packs: the 2017 notice (5 calendar days from detection, a last day
 * off rolled to the next working day, Tết 2026 from holidays.txt), the
 * initial report at once when beyond capacity, the final report 5 days
 * after the response, the 2026 pack's immediate / 24 h / 72 h, the
 * acknowledgement, and the states pending -> due_soon -> overdue and
 * met / late.
 */
#include "../../../src/domain/clock.c"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define HOUR_MS (3600LL * 1000)

/* A local (UTC+7) time; hh 24 is the end of the day, 23:59:59.999. */
struct t {
	int32_t d;		/* yyyymmdd, 0: absent */
	int hh, mm;
};

static int64_t
ms(struct t t)
{
	if (t.d == 0)
		return 0;
	if (t.hh == 24)
		return uc_calendar_at(t.d, 23, 59, 59) + 999;
	return uc_calendar_at(t.d, t.hh, t.mm, 0);
}

static const struct uc_rulepack *
pack(const char *id)
{
	const struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };

	cr_assert_eq(uc_rulepack_get(id, &p, &err), UC_OK, "%s", err.message);
	return p;
}

static const struct uc_clock *
find(const struct uc_clock *c, size_t n, const char *report)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(c[i].report, report) == 0)
			return &c[i];
	cr_assert_fail("no clock %s", report);
	return NULL;
}

struct vec {
	const char *name;
	const char *pack;
	const char *report;	/* the clock under test */
	struct t detected, beyond, ended, serious, received, acked;
	struct t sent;		/* a send of `report` (not for ack) */
	struct t now;
	enum uc_clock_state state;
	struct t due, warn;	/* absent when not started */
};

#define L "legacy-2017"
#define N "law116-2026"
#define T(d, h, m) { d, h, m }
#define NONE { 0, 0, 0 }
#define EOD(d) { d, 24, 0 }

/* 2026-03-04 is a Wednesday, 2026-03-02 a Monday; Tết 2026 is Mon
 * 16/02 - Fri 20/02 (holidays.txt), between two weekends. */
static const struct vec vecs[] = {
	/* ---- the 2017 notice: 5 calendar days from detection ---- */
	{ "notice from a Wednesday runs across the weekend", L, "notice",
	  T(20260304, 10, 0), NONE, NONE, NONE, NONE, NONE, NONE,
	  T(20260305, 9, 0), UC_CLOCK_PENDING,
	  EOD(20260309), EOD(20260306) },
	{ "notice from a Monday: Saturday rolls to Monday", L, "notice",
	  T(20260302, 10, 0), NONE, NONE, NONE, NONE, NONE, NONE,
	  T(20260303, 9, 0), UC_CLOCK_PENDING,
	  EOD(20260309), EOD(20260306) },
	{ "notice before Tết rolls past the holidays and a weekend", L,
	  "notice", T(20260211, 16, 30), NONE, NONE, NONE, NONE, NONE, NONE,
	  T(20260212, 8, 0), UC_CLOCK_PENDING,
	  EOD(20260223), EOD(20260220) },
	{ "detection at 00:00 counts from the next day", L, "notice",
	  T(20260304, 0, 0), NONE, NONE, NONE, NONE, NONE, NONE,
	  T(20260304, 0, 0), UC_CLOCK_PENDING,
	  EOD(20260309), EOD(20260306) },
	/* ---- states of one clock ---- */
	{ "due soon once past warn", L, "notice",
	  T(20260304, 10, 0), NONE, NONE, NONE, NONE, NONE, NONE,
	  T(20260307, 12, 0), UC_CLOCK_DUE_SOON,
	  EOD(20260309), EOD(20260306) },
	{ "still due soon at the last millisecond", L, "notice",
	  T(20260304, 10, 0), NONE, NONE, NONE, NONE, NONE, NONE,
	  EOD(20260309), UC_CLOCK_DUE_SOON,
	  EOD(20260309), EOD(20260306) },
	{ "overdue the next morning", L, "notice",
	  T(20260304, 10, 0), NONE, NONE, NONE, NONE, NONE, NONE,
	  T(20260310, 0, 0), UC_CLOCK_OVERDUE,
	  EOD(20260309), EOD(20260306) },
	{ "met when sent on the last day", L, "notice",
	  T(20260304, 10, 0), NONE, NONE, NONE, NONE, NONE,
	  T(20260309, 20, 0), T(20260320, 0, 0), UC_CLOCK_MET,
	  EOD(20260309), EOD(20260306) },
	{ "met when sent at the deadline itself", L, "notice",
	  T(20260304, 10, 0), NONE, NONE, NONE, NONE, NONE,
	  EOD(20260309), T(20260320, 0, 0), UC_CLOCK_MET,
	  EOD(20260309), EOD(20260306) },
	{ "late when sent the day after", L, "notice",
	  T(20260304, 10, 0), NONE, NONE, NONE, NONE, NONE,
	  T(20260310, 9, 0), T(20260310, 10, 0), UC_CLOCK_LATE,
	  EOD(20260309), EOD(20260306) },
	{ "met at once, before warn", L, "notice",
	  T(20260304, 10, 0), NONE, NONE, NONE, NONE, NONE,
	  T(20260304, 11, 0), T(20260304, 12, 0), UC_CLOCK_MET,
	  EOD(20260309), EOD(20260306) },
	/* ---- the 2017 initial report: at once when beyond capacity ---- */
	{ "initial report does not start without beyond capacity", L,
	  "initial", T(20260304, 10, 0), NONE, NONE, NONE, NONE, NONE, NONE,
	  T(20260320, 0, 0), UC_CLOCK_NOT_STARTED, NONE, NONE },
	{ "initial report sent without the flag stays not started", L,
	  "initial", T(20260304, 10, 0), NONE, NONE, NONE, NONE, NONE,
	  T(20260304, 12, 0), T(20260320, 0, 0), UC_CLOCK_NOT_STARTED,
	  NONE, NONE },
	{ "initial report pending in the first 45 minutes", L, "initial",
	  T(20260304, 10, 0), T(20260305, 14, 0), NONE, NONE, NONE, NONE,
	  NONE, T(20260305, 14, 44), UC_CLOCK_PENDING,
	  T(20260305, 15, 0), T(20260305, 14, 45) },
	{ "initial report due soon in the last quarter hour", L, "initial",
	  T(20260304, 10, 0), T(20260305, 14, 0), NONE, NONE, NONE, NONE,
	  NONE, T(20260305, 14, 45), UC_CLOCK_DUE_SOON,
	  T(20260305, 15, 0), T(20260305, 14, 45) },
	{ "initial report overdue after an hour", L, "initial",
	  T(20260304, 10, 0), T(20260305, 14, 0), NONE, NONE, NONE, NONE,
	  NONE, T(20260305, 15, 1), UC_CLOCK_OVERDUE,
	  T(20260305, 15, 0), T(20260305, 14, 45) },
	{ "initial report met within the hour", L, "initial",
	  T(20260304, 10, 0), T(20260305, 14, 0), NONE, NONE, NONE, NONE,
	  T(20260305, 14, 50), T(20260305, 16, 0), UC_CLOCK_MET,
	  T(20260305, 15, 0), T(20260305, 14, 45) },
	{ "initial report sent the next morning is late", L, "initial",
	  T(20260304, 10, 0), T(20260305, 14, 0), NONE, NONE, NONE, NONE,
	  T(20260306, 8, 0), T(20260306, 9, 0), UC_CLOCK_LATE,
	  T(20260305, 15, 0), T(20260305, 14, 45) },
	/* ---- the 2017 final report: 5 days after the response ---- */
	{ "final report does not start before the response ends", L,
	  "final", T(20260304, 10, 0), NONE, NONE, NONE, NONE, NONE, NONE,
	  T(20260420, 0, 0), UC_CLOCK_NOT_STARTED, NONE, NONE },
	{ "final report 5 days after a Friday's end of response", L,
	  "final", T(20260304, 10, 0), NONE, T(20260306, 15, 0), NONE, NONE,
	  NONE, NONE, T(20260308, 9, 0), UC_CLOCK_PENDING,
	  EOD(20260311), EOD(20260308) },
	{ "final report ending on Giỗ Tổ's day off rolls a day", L, "final",
	  T(20260415, 10, 0), NONE, T(20260422, 11, 0), NONE, NONE, NONE,
	  NONE, T(20260426, 9, 0), UC_CLOCK_DUE_SOON,
	  EOD(20260428), EOD(20260425) },
	/* ---- the acknowledgement: at once on receipt ---- */
	{ "no receipt, no acknowledgement", L, "ack",
	  T(20260304, 10, 0), NONE, NONE, NONE, NONE, NONE, NONE,
	  T(20260305, 0, 0), UC_CLOCK_NOT_STARTED, NONE, NONE },
	{ "acknowledged in half an hour", L, "ack",
	  T(20260304, 10, 0), NONE, NONE, NONE, T(20260304, 10, 30),
	  T(20260304, 11, 0), NONE, T(20260305, 0, 0), UC_CLOCK_MET,
	  T(20260304, 11, 30), T(20260304, 11, 15) },
	{ "not acknowledged the next day", N, "ack",
	  T(20260804, 10, 0), NONE, NONE, NONE, T(20260804, 10, 30), NONE,
	  NONE, T(20260805, 0, 0), UC_CLOCK_OVERDUE,
	  T(20260804, 11, 30), T(20260804, 11, 15) },
	/* ---- the 2026 pack: immediately / 24 h / 72 h ---- */
	{ "2026 notice at once from detection", N, "notice",
	  T(20260804, 10, 0), NONE, NONE, NONE, NONE, NONE, NONE,
	  T(20260804, 10, 20), UC_CLOCK_PENDING,
	  T(20260804, 11, 0), T(20260804, 10, 45) },
	{ "2026 notice sent the next day is late", N, "notice",
	  T(20260804, 10, 0), NONE, NONE, NONE, NONE, NONE,
	  T(20260805, 10, 0), T(20260806, 0, 0), UC_CLOCK_LATE,
	  T(20260804, 11, 0), T(20260804, 10, 45) },
	{ "2026 initial report waits for the serious finding", N, "initial",
	  T(20260804, 10, 0), T(20260804, 11, 0), NONE, NONE, NONE, NONE,
	  NONE, T(20260810, 0, 0), UC_CLOCK_NOT_STARTED, NONE, NONE },
	{ "2026 initial report 24 h from found serious", N, "initial",
	  T(20260804, 10, 0), NONE, NONE, T(20260805, 9, 0), NONE, NONE,
	  NONE, T(20260806, 2, 59), UC_CLOCK_PENDING,
	  T(20260806, 9, 0), T(20260806, 3, 0) },
	{ "2026 initial report due soon in the last 6 h", N, "initial",
	  T(20260804, 10, 0), NONE, NONE, T(20260805, 9, 0), NONE, NONE,
	  NONE, T(20260806, 3, 0), UC_CLOCK_DUE_SOON,
	  T(20260806, 9, 0), T(20260806, 3, 0) },
	{ "2026 final report 72 h from detection, weekend or not", N,
	  "final", T(20260807, 8, 0), NONE, NONE, NONE, NONE, NONE, NONE,
	  T(20260809, 13, 0), UC_CLOCK_PENDING,
	  T(20260810, 8, 0), T(20260809, 14, 0) },
	{ "2026 final report overdue at 72 h", N, "final",
	  T(20260807, 8, 0), NONE, NONE, NONE, NONE, NONE, NONE,
	  T(20260810, 8, 1), UC_CLOCK_OVERDUE,
	  T(20260810, 8, 0), T(20260809, 14, 0) },
	{ "2026 final report met at 71 h", N, "final",
	  T(20260807, 8, 0), NONE, NONE, NONE, NONE, NONE,
	  T(20260810, 7, 0), T(20260811, 0, 0), UC_CLOCK_MET,
	  T(20260810, 8, 0), T(20260809, 14, 0) },
};

static void
check_vec(const struct vec *v)
{
	struct uc_clock_send send = { v->report, ms(v->sent), 0 };
	struct uc_clock_facts f = {
		.detected_at = ms(v->detected),
		.reported_at = ms(v->detected),
		.beyond_capacity_at = ms(v->beyond),
		.response_ended_at = ms(v->ended),
		.serious_at = ms(v->serious),
		.received_at = ms(v->received),
		.acknowledged_at = ms(v->acked),
		.sends = &send,
		.nsends = 1,
	};
	struct uc_clock c[UC_CLOCK_MAX];
	struct uc_error err = { 0 };
	const struct uc_clock *k;
	int64_t now = ms(v->now);
	size_t n;

	cr_assert_eq(uc_clock_eval(pack(v->pack), &f, now, c, NELEM(c), &n,
	    &err), UC_OK, "%s: %s", v->name, err.message);
	k = find(c, n, v->report);
	cr_expect_eq(k->state, v->state, "%s: %s, not %s", v->name,
	    uc_clock_state_name(k->state), uc_clock_state_name(v->state));
	cr_expect_eq(k->started, v->due.d != 0, "%s", v->name);
	cr_expect_eq(k->due_at, ms(v->due), "%s: due %lld, not %lld",
	    v->name, (long long)k->due_at, (long long)ms(v->due));
	cr_expect_eq(k->warn_at, ms(v->warn), "%s: warn %lld, not %lld",
	    v->name, (long long)k->warn_at, (long long)ms(v->warn));
	cr_expect_eq(k->sent_at, strcmp(v->report, "ack") == 0 ?
	    ms(v->acked) : ms(v->sent), "%s", v->name);
	if (k->started && k->sent_at == 0)
		cr_expect_eq(k->time_left_ms, k->due_at - now, "%s", v->name);
	else
		cr_expect_eq(k->time_left_ms, 0, "%s", v->name);
}

Test(domain_clock, vectors)
{
	size_t i;

	for (i = 0; i < NELEM(vecs); i++)
		check_vec(&vecs[i]);
}

/* The clocks of each pack, in the pack's order, with recipients. */
Test(domain_clock, clocks_of_each_pack)
{
	static const char *const legacy[] = { "notice", "initial", "final",
	    "ack" };
	struct uc_clock_facts f = { .detected_at = ms((struct t)T(20260304,
	    10, 0)) };
	struct uc_clock c[UC_CLOCK_MAX];
	struct uc_error err = { 0 };
	size_t i, n;

	cr_assert_eq(uc_clock_eval(pack(L), &f, f.detected_at, c, NELEM(c),
	    &n, &err), UC_OK);
	cr_assert_eq(n, NELEM(legacy));
	for (i = 0; i < n; i++)
		cr_expect_str_eq(c[i].report, legacy[i]);
	cr_expect_str_eq(c[0].vi, "Thông báo sự cố");
	cr_assert_eq(c[0].to->n, 4);
	cr_expect_str_eq(c[0].to->v[0], "owner");
	cr_expect_str_eq(c[0].to->v[3], "members");
	cr_expect_eq(c[0].deadline->due, UC_DUE_DAYS);
	cr_expect_str_eq(c[3].to->v[0], "sender");
	cr_expect_str_eq(c[3].vi, pack(L)->ack_vi);
	cr_assert_eq(uc_clock_eval(pack(N), &f, f.detected_at, c, NELEM(c),
	    &n, &err), UC_OK);
	cr_assert_eq(n, NELEM(legacy));
	for (i = 0; i < n; i++)
		cr_expect_str_eq(c[i].report, legacy[i]);
	cr_expect_str_eq(c[0].to->v[0], "mps_unit");
	cr_expect_eq(c[2].deadline->amount, 72);
}

Test(domain_clock, bad_calls)
{
	struct uc_clock_facts f = { 0 };
	struct uc_clock c[UC_CLOCK_MAX];
	struct uc_error err = { 0 };
	size_t n = 9;

	cr_expect_eq(uc_clock_eval(pack(L), &f, 0, c, NELEM(c), &n, &err),
	    UC_EINVAL);
	cr_expect_eq(n, 0);
	f.detected_at = ms((struct t)T(20260304, 10, 0));
	cr_expect_eq(uc_clock_eval(pack(L), &f, 0, c, 3, &n, &err),
	    UC_EINTERNAL);
	cr_expect_str_eq(err.message, "clocks: pack legacy-2017 has more "
	    "than 3");
	cr_expect_eq(uc_clock_eval(pack(L), &f, 0, c, 2, &n, &err),
	    UC_EINTERNAL);
}

/* Several sends: the first counts; drafts and other reports do not. */
Test(domain_clock, first_send_counts)
{
	const struct uc_clock_send sends[] = {
		{ "notice", 0, 0 },
		{ "final", ms((struct t)T(20260305, 9, 0)), 0 },
		{ "notice", ms((struct t)T(20260311, 9, 0)), 0 },
		{ "notice", ms((struct t)T(20260308, 9, 0)),
		  ms((struct t)T(20260308, 9, 5)) },
	};
	struct uc_clock_facts f = {
		.detected_at = ms((struct t)T(20260304, 10, 0)),
		.sends = sends, .nsends = NELEM(sends),
	};
	struct uc_clock c[UC_CLOCK_MAX];
	struct uc_error err = { 0 };
	size_t n;

	cr_assert_eq(uc_clock_eval(pack(L), &f, ms((struct t)T(20260320, 0,
	    0)), c, NELEM(c), &n, &err), UC_OK);
	cr_expect_eq(c[0].state, UC_CLOCK_MET);
	cr_expect_eq(c[0].sent_at, sends[3].sent_at);
	cr_expect_eq(c[0].acked_at, sends[3].acked_at);
	cr_expect_eq(c[2].state, UC_CLOCK_NOT_STARTED);
	cr_expect_eq(c[2].sent_at, sends[1].sent_at);
}

/* The earliest unsent due date; overdue ones count; sent ones do not. */
Test(domain_clock, next_due_and_overdue)
{
	struct uc_clock_send sends[] = {
		{ "initial", 0, 0 },
		{ "notice", 0, 0 },
	};
	struct uc_clock_facts f = {
		.detected_at = ms((struct t)T(20260304, 10, 0)),
		.beyond_capacity_at = ms((struct t)T(20260305, 14, 0)),
		.sends = sends, .nsends = NELEM(sends),
	};
	struct uc_clock c[UC_CLOCK_MAX];
	struct uc_error err = { 0 };
	int64_t now = ms((struct t)T(20260305, 14, 30));
	size_t n;

	cr_assert_eq(uc_clock_eval(pack(L), &f, now, c, NELEM(c), &n, &err),
	    UC_OK);
	cr_expect_eq(uc_clock_next_due(c, n), ms((struct t)T(20260305, 15,
	    0)));
	cr_expect_eq(uc_clock_any_overdue(c, n), 0);
	now = ms((struct t)T(20260306, 0, 0));
	cr_assert_eq(uc_clock_eval(pack(L), &f, now, c, NELEM(c), &n, &err),
	    UC_OK);
	cr_expect_eq(uc_clock_next_due(c, n), ms((struct t)T(20260305, 15,
	    0)));
	cr_expect_eq(uc_clock_any_overdue(c, n), 1);
	sends[0].sent_at = ms((struct t)T(20260305, 16, 0));
	cr_assert_eq(uc_clock_eval(pack(L), &f, now, c, NELEM(c), &n, &err),
	    UC_OK);
	cr_expect_eq(c[1].state, UC_CLOCK_LATE);
	cr_expect_eq(uc_clock_any_overdue(c, n), 0);
	cr_expect_eq(uc_clock_next_due(c, n), ms((struct t)EOD(20260309)));
	sends[1].sent_at = now;
	cr_assert_eq(uc_clock_eval(pack(L), &f, now, c, NELEM(c), &n, &err),
	    UC_OK);
	cr_expect_eq(uc_clock_next_due(c, n), 0);
	cr_expect_eq(uc_clock_next_due(c, 0), 0);
}

/* Closure stops nothing: an unsent notice turns overdue after it. */
Test(domain_clock, closure_stops_no_clock)
{
	struct uc_clock_facts f = {
		.detected_at = ms((struct t)T(20260304, 10, 0)),
		.response_ended_at = ms((struct t)T(20260305, 10, 0)),
		.closed = 1,
	};
	struct uc_clock c[UC_CLOCK_MAX];
	struct uc_error err = { 0 };
	size_t n;

	cr_assert_eq(uc_clock_eval(pack(L), &f, ms((struct t)T(20260306, 0,
	    0)), c, NELEM(c), &n, &err), UC_OK);
	cr_expect_eq(c[0].state, UC_CLOCK_PENDING);
	cr_assert_eq(uc_clock_eval(pack(L), &f, ms((struct t)T(20260401, 0,
	    0)), c, NELEM(c), &n, &err), UC_OK);
	cr_expect_eq(c[0].state, UC_CLOCK_OVERDUE);
	cr_expect_eq(c[2].state, UC_CLOCK_OVERDUE);
	cr_expect_eq(uc_clock_any_overdue(c, n), 1);
	cr_expect_eq(uc_clock_next_due(c, n), ms((struct t)EOD(20260309)));
}

/* Warn never falls before the anchor; a zero grace is due at once. */
Test(domain_clock, edges_of_the_pack_numbers)
{
	struct uc_rulepack p = *pack(L);
	struct uc_clock_facts f = {
		.detected_at = ms((struct t)T(20260304, 10, 0)),
		.beyond_capacity_at = ms((struct t)T(20260304, 11, 0)),
	};
	struct uc_clock c[UC_CLOCK_MAX];
	struct uc_error err = { 0 };
	size_t n;

	p.days.warn_days = 10;
	p.clocks.immediate_minutes = 0;
	p.clocks.warn_percent = 100;
	cr_assert_eq(uc_clock_eval(&p, &f, f.detected_at, c, NELEM(c), &n,
	    &err), UC_OK);
	cr_expect_eq(c[0].warn_at, f.detected_at);
	cr_expect_eq(c[0].state, UC_CLOCK_DUE_SOON);
	cr_expect_eq(c[1].due_at, f.beyond_capacity_at);
	cr_expect_eq(c[1].warn_at, f.beyond_capacity_at);
	p.clocks.immediate_minutes = 90;
	p.clocks.warn_percent = 0;
	cr_assert_eq(uc_clock_eval(&p, &f, f.detected_at, c, NELEM(c), &n,
	    &err), UC_OK);
	cr_expect_eq(c[1].due_at, f.beyond_capacity_at + 90 * 60000);
	cr_expect_eq(c[1].warn_at, c[1].due_at);
}

Test(domain_clock, state_names)
{
	cr_expect_str_eq(uc_clock_state_name(UC_CLOCK_NOT_STARTED),
	    "not_started");
	cr_expect_str_eq(uc_clock_state_name(UC_CLOCK_DUE_SOON), "due_soon");
	cr_expect_str_eq(uc_clock_state_name(UC_CLOCK_OVERDUE), "overdue");
	cr_expect_str_eq(uc_clock_state_name(UC_CLOCK_STATE_COUNT), "?");
}
