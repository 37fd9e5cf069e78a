/*
 * team.c - the response team's roster and the contact-change clock;
 * see team.h and docs/internals/team.md.
 *
 * Every function asks service/access.c about the unit first: unit.read
 * to see the roster, team.write to change it. A member is always read
 * through its unit, so a member id of another unit is "no such member".
 */
#include "service/team.h"

#include "core/arena.h"
#include "core/mem.h"
#include "core/parse.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/calendar.h"
#include "service/notify.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define DAY_MS (INT64_C(86400000))
#define NOTICE_MS (INT64_C(24) * 3600 * 1000)	/* TT 20/2017 Đ6.1.b */

#define COLS "id, unit_id, full_name, rank, position, workplace, phone," \
	" email, team_role, contact, valid_from, valid_to, version," \
	" created_at, updated_at"
#define CLOCK_COLS "id, kind, member_id, detail, started_at, due_at," \
	" met_at, note"

/* The texts of a member: name, most length, required. */
static const struct {
	const char *key;
	long max;
	int required;
} texts[] = {
	{ "full_name", 200, 1 }, { "rank", 100, 0 }, { "position", 200, 0 },
	{ "workplace", 300, 0 }, { "phone", 32, 0 }, { "email", 254, 0 },
	{ "team_role", 16, 1 }, { "contact", 16, 0 },
	{ "valid_from", 10, 1 },
};
#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

static const char *
str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static void
iso(int64_t ms, char *buf)
{
	uc_time_format(ms, buf, UC_TIME_ISO_LEN + 1);
}

static json_t *
text_or_null(struct uc_stmt *s, int c)
{
	return uc_stmt_null(s, c) ? json_null() :
	    json_string(uc_stmt_text(s, c));
}

static const char *
id_text(struct uc_ctx *ctx, int64_t id)
{
	return uc_arena_printf(ctx->arena, "%" PRId64, id);
}

/* ---- reading ----------------------------------------------------- */

static json_t *
member_json(struct uc_stmt *s, int32_t today)
{
	int32_t from = uc_calendar_parse(uc_stmt_text(s, 10));
	int32_t to = uc_stmt_null(s, 11) ? 0 :
	    uc_calendar_parse(uc_stmt_text(s, 11));

	return json_pack("{sI sI ss ss ss ss ss ss ss ss ss so sb sI ss ss}",
	    "id", (json_int_t)uc_stmt_i64(s, 0),
	    "unit_id", (json_int_t)uc_stmt_i64(s, 1),
	    "full_name", uc_stmt_text(s, 2), "rank", uc_stmt_text(s, 3),
	    "position", uc_stmt_text(s, 4), "workplace", uc_stmt_text(s, 5),
	    "phone", uc_stmt_text(s, 6), "email", uc_stmt_text(s, 7),
	    "team_role", uc_stmt_text(s, 8), "contact", uc_stmt_text(s, 9),
	    "valid_from", uc_stmt_text(s, 10), "valid_to",
	    text_or_null(s, 11), "active", from <= today && (to == 0 ||
	    today <= to), "version", (json_int_t)uc_stmt_i64(s, 12),
	    "created_at", uc_stmt_text(s, 13), "updated_at",
	    uc_stmt_text(s, 14));
}

static json_t *
member_row(struct uc_stmt *s, const void *arg)
{
	return member_json(s, *(const int32_t *)arg);
}

static json_t *
clock_row(struct uc_stmt *s, const void *arg)
{
	const int64_t *now = arg;
	int64_t due = 0;
	const char *state = "running";

	if (!uc_stmt_null(s, 6))
		state = "met";
	else if (uc_time_parse(uc_stmt_text(s, 5), &due) == UC_OK &&
	    due < *now)
		state = "overdue";
	return json_pack("{sI ss so ss ss ss so ss ss}",
	    "id", (json_int_t)uc_stmt_i64(s, 0), "kind", uc_stmt_text(s, 1),
	    "member_id", uc_stmt_null(s, 2) ? json_null() :
	    json_integer(uc_stmt_i64(s, 2)), "detail", uc_stmt_text(s, 3),
	    "started_at", uc_stmt_text(s, 4), "due_at", uc_stmt_text(s, 5),
	    "met_at", text_or_null(s, 6), "note", uc_stmt_text(s, 7),
	    "state", state);
}

static enum uc_status
load(struct uc_ctx *ctx, int64_t unit, int64_t id, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	int32_t today = uc_calendar_date_of(ctx->now);
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM"
	    " team_members WHERE id = ? AND unit_id = ?", "ii", id, unit);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*out = member_json(s, today);
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such team member");
	return rc;
}

static enum uc_status
load_clock(struct uc_ctx *ctx, int64_t unit, int64_t id, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT " CLOCK_COLS " FROM"
	    " team_clocks WHERE id = ? AND unit_id = ?", "ii", id, unit);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*out = clock_row(s, &ctx->now);
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such clock");
	return rc;
}

enum uc_status
uc_team_get(struct uc_ctx *ctx, int64_t unit, int64_t id, json_t **out,
    struct uc_error *err)
{
	enum uc_status rc = uc_access_unit(ctx, UC_PERM_UNIT_READ, unit, err);

	*out = NULL;
	return rc == UC_OK ? load(ctx, unit, id, out, err) : rc;
}

static enum uc_status
members(struct uc_ctx *ctx, int64_t unit, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	int32_t today = uc_calendar_date_of(ctx->now);
	enum uc_status rc;

	/* leader, deputy, members; by name within each */
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM"
	    " team_members WHERE unit_id = ? ORDER BY CASE team_role WHEN"
	    " 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, full_name, id",
	    "i", unit);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, member_row, &today, out, err);
	return rc;
}

static enum uc_status
clocks(struct uc_ctx *ctx, int64_t unit, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT " CLOCK_COLS " FROM"
	    " team_clocks WHERE unit_id = ? ORDER BY id DESC", "i", unit);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, clock_row, &ctx->now, out, err);
	return rc;
}

enum uc_status
uc_team_roster(struct uc_ctx *ctx, int64_t unit, json_t **out,
    struct uc_error *err)
{
	json_t *j_items = NULL, *j_clocks = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_access_unit(ctx, UC_PERM_UNIT_READ, unit, err);
	if (rc == UC_OK)
		rc = members(ctx, unit, &j_items, err);
	if (rc == UC_OK)
		rc = clocks(ctx, unit, &j_clocks, err);
	if (rc == UC_OK)
		*out = json_pack("{sI so so}", "unit_id", (json_int_t)unit,
		    "items", j_items, "clocks", j_clocks);
	else {
		json_decref(j_items);
		json_decref(j_clocks);
	}
	return rc;
}

/* ---- checking ---------------------------------------------------- */

/* A check whose field error stays in err; the count decides. */
static void
recorded(enum uc_status rc)
{
	(void)rc;
}

static int
one_of(const char *s, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

static void
check_texts(json_t *doc, struct uc_error *err)
{
	size_t i;

	for (i = 0; i < NTEXTS; i++) {
		json_t *v = json_object_get(doc, texts[i].key);

		if (v != NULL && !json_is_string(v))
			uc_error_field(err, texts[i].key, "type", "%s is text",
			    texts[i].key);
		else
			recorded(uc_valid_text(texts[i].key, str(doc,
			    texts[i].key), texts[i].required, texts[i].max,
			    err));
	}
}

static void
check_dates(json_t *doc, struct uc_error *err)
{
	json_t *to = json_object_get(doc, "valid_to");
	int32_t from = uc_calendar_parse(str(doc, "valid_from")), until = 0;

	if (from == 0)
		uc_error_field(err, "valid_from", "format", "valid_from is a "
		    "date, yyyy-mm-dd");
	/* "" (or null, as read back): open-ended */
	if (to != NULL && !json_is_null(to) && *str(doc, "valid_to") != '\0' &&
	    (until = uc_calendar_parse(json_string_value(to))) == 0)
		uc_error_field(err, "valid_to", "format", "valid_to is a "
		    "date, yyyy-mm-dd, or null");
	else if (until != 0 && from != 0 && until < from)
		uc_error_field(err, "valid_to", "range", "valid_to is on or "
		    "after valid_from");
}

static enum uc_status
check_doc(json_t *doc, struct uc_error *err)
{
	static const char *const roles[] = { "leader", "deputy", "member",
		NULL };
	static const char *const contacts[] = { "", "primary", "backup",
		NULL };

	check_texts(doc, err);
	if (!one_of(str(doc, "team_role"), roles))
		uc_error_field(err, "team_role", "enum", "team_role is "
		    "leader, deputy or member");
	if (!one_of(str(doc, "contact"), contacts))
		uc_error_field(err, "contact", "enum", "contact is \"\", "
		    "primary or backup");
	recorded(uc_valid_phone("phone", str(doc, "phone"), err));
	recorded(uc_valid_email("email", str(doc, "email"), 1, err));
	check_dates(doc, err);
	return err->nfields > 0 ? UC_EVALID : UC_OK;
}

/* ---- writing ----------------------------------------------------- */

static enum uc_status
write_doc(struct uc_ctx *ctx, int64_t id, int64_t version, json_t *doc,
    struct uc_error *err)
{
	json_t *to = json_object_get(doc, "valid_to");
	int64_t changes = 0;
	char now[32];
	enum uc_status rc;

	iso(ctx->now, now);
	rc = uc_store_run(ctx->st, &changes, err, "UPDATE team_members SET"
	    " full_name = ?, rank = ?, position = ?, workplace = ?, phone = ?,"
	    " email = ?, team_role = ?, contact = ?, valid_from = ?,"
	    " valid_to = ?, version = version + 1, updated_at = ? WHERE"
	    " id = ? AND version = ?", "sssssssssssii", str(doc, "full_name"),
	    str(doc, "rank"), str(doc, "position"), str(doc, "workplace"),
	    str(doc, "phone"), str(doc, "email"), str(doc, "team_role"),
	    str(doc, "contact"), str(doc, "valid_from"),
	    json_is_string(to) && *json_string_value(to) != '\0' ?
	    json_string_value(to) : NULL, now, id,
	    version);
	if (rc == UC_OK && changes != 1)
		rc = uc_error_set(err, UC_EPRECOND, "the member changed since "
		    "you read them: reload and reapply");
	return rc;
}

/* What a contact point is, for the comparison and the clock's text. */
static int
same_contact(json_t *a, json_t *b)
{
	static const char *const keys[] = { "contact", "full_name",
		"position", "phone", "email", NULL };
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		if (strcmp(str(a, keys[i]), str(b, keys[i])) != 0)
			return 0;
	return 1;
}

/* Did the unit's contact points change between before and after
 * (either NULL: created, deleted)? */
static int
contact_changed(json_t *before, json_t *after)
{
	int was = before != NULL && *str(before, "contact") != '\0';
	int is = after != NULL && *str(after, "contact") != '\0';

	if (!was && !is)
		return 0;
	return !was || !is || !same_contact(before, after);
}

static const char *
contact_word(const char *c)
{
	return strcmp(c, "primary") == 0 ? "chính" : "dự phòng";
}

static const char *
change_text(struct uc_ctx *ctx, json_t *before, json_t *after)
{
	if (after == NULL || *str(after, "contact") == '\0')
		return uc_arena_printf(ctx->arena, "Thôi làm đầu mối %s: %s",
		    contact_word(str(before, "contact")),
		    str(before, "full_name"));
	return uc_arena_printf(ctx->arena, "Đầu mối %s: %s, %s, %s, %s",
	    contact_word(str(after, "contact")), str(after, "full_name"),
	    str(after, "position"), str(after, "phone"), str(after, "email"));
}

/*
 * The 24-hour clock of a contact-point change: it shows in the roster
 * until the notice is recorded, and the unit's leaders and admins are
 * told at once (contact.changed), in the same transaction.
 */
static enum uc_status
start_clock(struct uc_ctx *ctx, int64_t unit, int64_t member,
    json_t *before, json_t *after, struct uc_error *err)
{
	const char *detail = change_text(ctx, before, after);
	char now[32], due[32];
	int64_t id = 0;
	enum uc_status rc;

	if (!contact_changed(before, after))
		return UC_OK;
	iso(ctx->now, now);
	iso(ctx->now + NOTICE_MS, due);
	rc = uc_store_insert(ctx->st, &id, err, "INSERT INTO team_clocks"
	    " (unit_id, kind, member_id, detail, started_at, due_at,"
	    " created_at) VALUES (?, 'contact_change', ?, ?, ?, ?, ?)"
	    " RETURNING id", "isssss", unit, uc_store_id_or_null(ctx->arena,
	    member), detail, now, due, now);
	if (rc == UC_OK)
		rc = uc_notify_contact(ctx, unit, id, detail, due, err);
	return rc;
}

/* Commit a change of member id with its clock and audit entry; *out
 * gets the new state. The transaction ends here; before is freed. */
static enum uc_status
end_change(struct uc_ctx *ctx, int64_t unit, int64_t id, const char *action,
    json_t *before, enum uc_status rc, json_t **out, struct uc_error *err)
{
	json_t *after = NULL;

	if (rc == UC_OK)
		rc = load(ctx, unit, id, &after, err);
	if (rc == UC_OK)
		rc = start_clock(ctx, unit, id, before, after, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, action, "team_member",
		    id_text(ctx, id), unit, before, after, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	json_decref(before);
	if (rc != UC_OK) {
		json_decref(after);
		after = NULL;
	}
	*out = after;
	return rc;
}

static json_t *
defaults(struct uc_ctx *ctx)
{
	char today[16];

	uc_calendar_text(uc_calendar_date_of(ctx->now), today, sizeof(today));
	return json_pack("{ss ss ss ss ss ss ss ss}", "rank", "",
	    "position", "", "workplace", "", "phone", "", "email", "",
	    "team_role", "member", "contact", "", "valid_from", today);
}

enum uc_status
uc_team_create(struct uc_ctx *ctx, int64_t unit, json_t *in, json_t **out,
    struct uc_error *err)
{
	json_t *doc = defaults(ctx);
	int64_t id = 0;
	char now[32];
	enum uc_status rc;

	*out = NULL;
	json_object_update(doc, in);
	rc = uc_access_unit(ctx, UC_PERM_TEAM_WRITE, unit, err);
	if (rc == UC_OK)
		rc = check_doc(doc, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK) {
		json_decref(doc);
		return rc;
	}
	iso(ctx->now, now);
	rc = uc_store_insert(ctx->st, &id, err, "INSERT INTO team_members"
	    " (unit_id, full_name, valid_from, created_by, version,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)"
	    " RETURNING id", "isssss", unit, str(doc, "full_name"),
	    str(doc, "valid_from"), uc_store_id_or_null(ctx->arena,
	    ctx->actor.user_id), now, now);
	if (rc == UC_OK)
		rc = write_doc(ctx, id, 0, doc, err);
	rc = end_change(ctx, unit, id, "team.create", NULL, rc, out, err);
	json_decref(doc);
	return rc;
}

/* Begin a change: transaction, team.write, the member at `version`. */
static enum uc_status
begin_change(struct uc_ctx *ctx, int64_t unit, int64_t id, int64_t version,
    json_t **cur, struct uc_error *err)
{
	enum uc_status rc;

	*cur = NULL;
	rc = uc_access_unit(ctx, UC_PERM_TEAM_WRITE, unit, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK)
		return rc;
	rc = load(ctx, unit, id, cur, err);
	if (rc == UC_OK && json_integer_value(json_object_get(*cur,
	    "version")) != version)
		rc = uc_error_set(err, UC_EPRECOND, "the member changed since "
		    "you read them (version %" PRId64 ", now %"
		    JSON_INTEGER_FORMAT "): reload and reapply", version,
		    json_integer_value(json_object_get(*cur, "version")));
	if (rc != UC_OK) {
		uc_store_rollback(ctx->st);
		json_decref(*cur);
		*cur = NULL;
	}
	return rc;
}

enum uc_status
uc_team_update(struct uc_ctx *ctx, int64_t unit, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
{
	json_t *cur = NULL, *doc = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = begin_change(ctx, unit, id, version, &cur, err);
	if (rc != UC_OK)
		return rc;
	doc = json_deep_copy(cur);
	json_object_update(doc, in);
	rc = check_doc(doc, err);
	if (rc == UC_OK)
		rc = write_doc(ctx, id, version, doc, err);
	rc = end_change(ctx, unit, id, "team.update", cur, rc, out, err);
	json_decref(doc);
	return rc;
}

enum uc_status
uc_team_delete(struct uc_ctx *ctx, int64_t unit, int64_t id,
    int64_t version, struct uc_error *err)
{
	json_t *cur = NULL;
	enum uc_status rc;

	rc = begin_change(ctx, unit, id, version, &cur, err);
	if (rc != UC_OK)
		return rc;
	rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM rota_shifts WHERE"
	    " member_id = ?", "i", id);
	/* the clocks keep their text; they lose only the link */
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE team_clocks SET"
		    " member_id = NULL WHERE member_id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM team_members"
		    " WHERE id = ?", "i", id);
	if (rc == UC_OK)
		rc = start_clock(ctx, unit, 0, cur, NULL, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "team.delete", "team_member",
		    id_text(ctx, id), unit, cur, NULL, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	json_decref(cur);
	return rc;
}

/* ---- the notice -------------------------------------------------- */

static enum uc_status
sent_at(struct uc_ctx *ctx, json_t *in, json_t *clock, int64_t *at,
    struct uc_error *err)
{
	const char *s = json_string_value(json_object_get(in, "sent_at"));
	int64_t started = 0;

	*at = ctx->now;
	if (json_is_string(json_object_get(clock, "met_at")))
		return uc_error_set(err, UC_ECONFLICT, "the notice of this "
		    "change is already recorded");
	if (s == NULL)
		return UC_OK;
	if (uc_time_parse(s, at) != UC_OK)
		return uc_error_field(err, "sent_at", "format", "sent_at is "
		    "an ISO 8601 instant");
	if (uc_time_parse(str(clock, "started_at"), &started) != UC_OK)
		started = 0;
	if (*at > ctx->now || *at < started)
		return uc_error_field(err, "sent_at", "range", "sent_at is "
		    "between the change and now");
	return UC_OK;
}

enum uc_status
uc_team_notice(struct uc_ctx *ctx, int64_t unit, int64_t clock, json_t *in,
    json_t **out, struct uc_error *err)
{
	const char *note = json_string_value(json_object_get(in, "note"));
	json_t *cur = NULL;
	int64_t at = 0;
	char when[32];
	enum uc_status rc;

	*out = NULL;
	rc = uc_access_unit(ctx, UC_PERM_TEAM_WRITE, unit, err);
	if (rc == UC_OK && note != NULL)
		rc = uc_valid_lines("note", note, 0, 2000, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK)
		return rc;
	rc = load_clock(ctx, unit, clock, &cur, err);
	if (rc == UC_OK)
		rc = sent_at(ctx, in, cur, &at, err);
	iso(at, when);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE team_clocks SET"
		    " met_at = ?, note = ? WHERE id = ?", "ssi", when,
		    note ? note : "", clock);
	if (rc == UC_OK)
		rc = load_clock(ctx, unit, clock, out, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "team.notice", "team_clock",
		    id_text(ctx, clock), unit, cur, *out, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	json_decref(cur);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- the quarterly confirmation ----------------------------------- */

static enum uc_status
current_members(struct uc_ctx *ctx, int64_t unit, const char *today,
    int64_t *n, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*n = 0;
	rc = uc_store_query(ctx->st, &s, err, "SELECT count(*) FROM"
	    " team_members WHERE unit_id = ? AND valid_from <= ? AND"
	    " (valid_to IS NULL OR valid_to >= ?)", "iss", unit, today, today);
	if (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK && row)
		*n = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_team_confirm(struct uc_ctx *ctx, int64_t unit, json_t **out,
    struct uc_error *err)
{
	int32_t day = uc_calendar_date_of(ctx->now);
	const char *period = NULL, *ref;
	char today[16], now[32];
	int64_t n = 0;
	enum uc_status rc;

	*out = NULL;
	uc_calendar_text(day, today, sizeof(today));
	rc = uc_access_unit(ctx, UC_PERM_TEAM_WRITE, unit, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK)
		return rc;
	rc = current_members(ctx, unit, today, &n, err);
	if (rc == UC_OK && n == 0)
		rc = uc_error_set(err, UC_ECONFLICT, "the roster has no current"
		    " member: add the team before confirming it");
	ref = uc_arena_printf(ctx->arena, "Xác nhận danh sách đội ứng cứu sự"
	    " cố ngày %02d/%02d/%04d: %" PRId64 " thành viên", (int)(day %
	    100), (int)(day / 100 % 100), (int)(day / 10000), n);
	if (rc == UC_OK)
		rc = uc_calendar_fulfil_by(ctx, unit, 0, "roster", day,
		    "document", ref, &period, err);
	if (rc == UC_OK && period == NULL)
		rc = uc_error_set(err, UC_ECONFLICT, "the roster of this "
		    "period is confirmed already (or the rule pack asks for no"
		    " confirmation)");
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	iso(ctx->now, now);
	if (rc == UC_OK)
		*out = json_pack("{sI ss sI ss ss}", "unit_id",
		    (json_int_t)unit, "period", period, "members",
		    (json_int_t)n, "confirmed_at", now, "evidence", ref);
	return rc;
}
