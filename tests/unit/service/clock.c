/*
 * tests/unit/service/clock.c - src/service/clock.c: the JSON of an
 * incident's clocks, and the local (UTC+7) form of a deadline.
 */
#include "../../../src/service/clock.c"

#include <criterion/criterion.h>

static const struct uc_rulepack *
legacy(void)
{
	const struct uc_rulepack *p = NULL;
	struct uc_error err = { 0 };

	cr_assert_eq(uc_rulepack_get("legacy-2017", &p, &err), UC_OK);
	return p;
}

Test(service_clock, local_time)
{
	static const struct {
		int64_t ms;
		const char *want;
	} v[] = {
		{ 0, "01/01/1970 07:00" },
		/* 2026-03-09 23:59:59.999 +07 */
		{ 1773075599999LL, "09/03/2026 23:59" },
		/* 2026-02-16 17:00:00Z is already the 17th in Hà Nội */
		{ 1771261200000LL, "17/02/2026 00:00" },
		{ -1, "01/01/1970 06:59" },
	};
	char buf[UC_CLOCK_LOCAL_LEN + 1];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uc_clock_local(v[i].ms, buf, sizeof(buf));
		cr_expect_str_eq(buf, v[i].want, "%lld", (long long)v[i].ms);
	}
}

Test(service_clock, json_of_the_clocks)
{
	int64_t det = uc_calendar_at(20260304, 10, 0, 0);
	int64_t now = uc_calendar_at(20260310, 8, 0, 0);
	struct uc_clock_send send = { "final", now, 0 };
	struct uc_clock_facts f = { .detected_at = det,
	    .beyond_capacity_at = det, .sends = &send, .nsends = 1 };
	struct uc_clock c[UC_CLOCK_MAX];
	struct uc_error err = { 0 };
	json_t *j_a, *j;
	size_t n;

	cr_assert_eq(uc_clock_eval(legacy(), &f, now, c, UC_CLOCK_MAX, &n,
	    &err), UC_OK);
	j_a = uc_clock_json(legacy(), c, n, now);
	cr_assert_eq(json_array_size(j_a), 4);
	j = json_array_get(j_a, 0);
	cr_expect_str_eq(json_string_value(json_object_get(j, "report")),
	    "notice");
	cr_expect_str_eq(json_string_value(json_object_get(j, "label_vi")),
	    "Thông báo sự cố");
	cr_expect_str_eq(json_string_value(json_object_get(j, "state")),
	    "overdue");
	cr_expect_str_eq(json_string_value(json_object_get(j, "kind")),
	    "days");
	cr_expect_eq(json_integer_value(json_object_get(j, "amount")), 5);
	cr_expect_str_eq(json_string_value(json_object_get(j, "anchor")),
	    "detection");
	cr_expect_str_eq(json_string_value(json_object_get(j, "due_at")),
	    "2026-03-09T16:59:59.999Z");
	cr_expect_str_eq(json_string_value(json_object_get(j, "due_local")),
	    "09/03/2026 23:59");
	cr_expect_str_eq(json_string_value(json_object_get(j, "started_at")),
	    "2026-03-04T03:00:00.000Z");
	cr_expect_eq(json_integer_value(json_object_get(j, "time_left_ms")),
	    c[0].due_at - now);
	cr_expect_lt(json_integer_value(json_object_get(j, "time_left_ms")),
	    0);
	cr_expect(json_is_null(json_object_get(j, "sent_at")));
	j = json_object_get(j, "to");
	cr_assert_eq(json_array_size(j), 4);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(j,
	    0), "party")), "owner");
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(j,
	    0), "label_vi")), "Chủ quản hệ thống thông tin");
	j = json_array_get(j_a, 1);	/* initial: immediate, 60 minutes */
	cr_expect_str_eq(json_string_value(json_object_get(j, "kind")),
	    "immediate");
	cr_expect_eq(json_integer_value(json_object_get(j, "amount")), 60);
	j = json_array_get(j_a, 2);	/* final: sent, never started */
	cr_expect_str_eq(json_string_value(json_object_get(j, "state")),
	    "not_started");
	cr_expect(json_is_null(json_object_get(j, "due_at")));
	cr_expect(json_is_null(json_object_get(j, "due_local")));
	cr_expect(json_is_null(json_object_get(j, "time_left_ms")));
	cr_expect_str_eq(json_string_value(json_object_get(j, "sent_at")),
	    "2026-03-10T01:00:00.000Z");
	j = json_array_get(j_a, 3);
	cr_expect_str_eq(json_string_value(json_object_get(j, "report")),
	    "ack");
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "to"), 0), "party")), "sender");
	json_decref(j_a);
}
