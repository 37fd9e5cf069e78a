/*
 * report_data.c - the data a report's document is rendered from
 * (render/forms.h), assembled from the register: the incident with its
 * timeline, tasks, steps, evidence and sends, the unit's settings, the
 * party bindings, and the operator's free fields.
 *
 * Where the register knows what a free field should say (the closing
 * data for Mẫu 04, the timeline since the last report for a progress
 * report, the unit's signer for Mẫu 01), that is the field's default:
 * data.fields shows it, and the operator's own text replaces it.
 */
#include "service/report_int.h"
#include "core/arena.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/docnum.h"
#include "domain/rulepack.h"
#include "service/clock.h"
#include "service/incident.h"
#include "service/stats.h"
#include "store/store.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#define LINES_MAX 50	/* prefilled lines of one field */
#define ROWS_MAX 200	/* evidence, sends, tasks read for a document */

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static const char *
sv(json_t *o, const char *k)
{
	const char *v = str(o, k);

	return v ? v : "";
}

/* The first non-empty of a and b. */
static const char *
first(const char *a, const char *b)
{
	return a != NULL && *a ? a : b != NULL ? b : "";
}

/* "dd/mm/yyyy" of an ISO instant in Vietnam, "" when there is none. */
static const char *
local_date(struct uc_arena *a, const char *iso)
{
	char l[UC_CLOCK_LOCAL_LEN + 1];
	int64_t ms = 0;

	if (iso == NULL || uc_time_parse(iso, &ms) != UC_OK)
		return "";
	uc_clock_local(ms, l, sizeof(l));
	return uc_arena_strndup(a, l, 10);
}

/* "08 giờ 30 phút, ngày 21/11/2026" of an instant in Vietnam. */
static const char *
local_words(struct uc_arena *a, int64_t ms)
{
	char l[UC_CLOCK_LOCAL_LEN + 1];

	uc_clock_local(ms, l, sizeof(l));
	return uc_arena_printf(a, "%.2s giờ %.2s phút, ngày %.10s", l + 11,
	    l + 14, l);
}

static const char *
iso_words(struct uc_arena *a, const char *iso)
{
	int64_t ms = 0;

	if (iso == NULL || uc_time_parse(iso, &ms) != UC_OK)
		return "";
	return local_words(a, ms);
}

/*
 * Lines as a list in the body: "- a;" ... "- z." (an item's own final
 * full stop or semicolon is dropped first). "" when there is none.
 */
static const char *
list_text(struct uc_arena *a, json_t *items)
{
	const char *out = "", *s;
	size_t i, n = json_array_size(items), len;
	json_t *v;

	json_array_foreach(items, i, v) {
		s = json_string_value(v) ? json_string_value(v) : "";
		len = strlen(s);
		if (len > 0 && (s[len - 1] == '.' || s[len - 1] == ';'))
			len--;
		out = uc_arena_printf(a, "%s%s- %.*s%s", out, i ? "\n" : "",
		    (int)len, s, i + 1 == n ? "." : ";");
	}
	return out;
}

/* Two text columns of the first row of sql (one string parameter),
 * into the arena; NULL when there is no row. */
static enum uc_status
row2(struct uc_ctx *ctx, const char *sql, const char *arg, const char **a,
    const char **b, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*a = *b = NULL;
	rc = uc_store_query(ctx->st, &s, err, sql, "s", arg);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row && !uc_stmt_null(s, 0)) {
		*a = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
		*b = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 1));
	}
	uc_stmt_done(s);
	return rc;
}

/* ---- the unit ---- */

/* The unit's settings, its parent's name (the cơ quan chủ quản of Mẫu
 * 01) and the nearest address up the tree (the place of the date). */
enum uc_status
uc_report_unit(struct uc_ctx *ctx, int64_t unit_id, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT u.name, u.symbol,"
	    " u.supervising_name, u.signer_prefix, u.signer_title,"
	    " u.signer_name, u.address, u.phone, u.email, COALESCE((SELECT"
	    " a.address FROM units a WHERE u.path LIKE a.path || '%' AND"
	    " a.address <> '' ORDER BY a.depth DESC LIMIT 1), ''),"
	    " COALESCE((SELECT p.name FROM units p WHERE p.id ="
	    " u.parent_id), '') FROM units u WHERE u.id = ?", "i", unit_id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*out = json_pack("{ss ss ss ss ss ss ss ss ss ss ss}", "name",
		    uc_stmt_text(s, 0), "symbol", uc_stmt_text(s, 1),
		    "supervising", uc_stmt_text(s, 2), "prefix",
		    uc_stmt_text(s, 3), "title", uc_stmt_text(s, 4),
		    "signer", uc_stmt_text(s, 5), "address", uc_stmt_text(s,
		    6), "phone", uc_stmt_text(s, 7), "email",
		    uc_stmt_text(s, 8), "place_address", uc_stmt_text(s, 9),
		    "parent_name", uc_stmt_text(s, 10));
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such unit");
	return rc;
}

/* The place of the date line: the last part of the nearest address up
 * the tree ("Tỉnh Hưng Yên" -> "Hưng Yên"), else the unit's name. */
static const char *
place_of(struct uc_arena *a, json_t *u)
{
	static const char *const drop[] = { "Tỉnh ", "tỉnh ", "Thành phố ",
		"thành phố ", "TP. ", NULL };
	const char *addr = sv(u, "place_address"), *p = strrchr(addr, ',');
	size_t i;

	p = p ? p + 1 : addr;
	while (*p == ' ')
		p++;
	for (i = 0; drop[i] != NULL; i++)
		if (strncmp(p, drop[i], strlen(drop[i])) == 0)
			p += strlen(drop[i]);
	return *p ? uc_arena_strdup(a, p) : sv(u, "name");
}

/* The name of the unit bound to party code, or NULL. */
static enum uc_status
bound_name(struct uc_ctx *ctx, const char *party, const char **name,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*name = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT u.name FROM"
	    " party_bindings b JOIN units u ON u.id = b.unit_id WHERE"
	    " b.party = ?", "s", party);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*name = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
	uc_stmt_done(s);
	return rc;
}

static int
listed(json_t *a, const char *name)
{
	json_t *v;
	size_t i;

	json_array_foreach(a, i, v)
		if (strcmp(json_string_value(v), name) == 0)
			return 1;
	return 0;
}

/* Kính gửi by default: each party the unit bound to it, or else the
 * party's name; network members only when bound (TT 20/2017 Điều
 * 9.2.a: "nếu có"). */
static enum uc_status
default_to(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    const struct uc_rp_list *parties, json_t *to, struct uc_error *err)
{
	const struct uc_rp_party *pt;
	const char *name;
	enum uc_status rc = UC_OK;
	size_t i;

	for (i = 0; rc == UC_OK && i < parties->n; i++) {
		rc = bound_name(ctx, parties->v[i], &name, err);
		pt = uc_rulepack_party(pack, parties->v[i]);
		if (name == NULL && strcmp(parties->v[i], "members") != 0 &&
		    pt != NULL)
			name = pt->vi;
		/* one unit may stand for two parties (owner, steering) */
		if (rc == UC_OK && name != NULL && !listed(to, name))
			json_array_append_new(to, json_string(name));
	}
	return rc;
}

/* The signature block from the unit's settings: "KT. GIÁM ĐỐC" over
 * "PHÓ GIÁM ĐỐC" for a deputy, "TM. <UNIT>" over the title for a
 * collective, the prefix over the title otherwise (Phụ lục I). */
static json_t *
signer_part(struct uc_arena *a, json_t *u)
{
	const char *pre = sv(u, "prefix"), *title = sv(u, "title");

	if (strcmp(pre, "KT.") == 0)
		return json_pack("{ss ss ss ss}", "prefix", pre, "authority",
		    title, "title", uc_arena_printf(a, "PHÓ %s", title),
		    "name", sv(u, "signer"));
	if (strcmp(pre, "TM.") == 0)
		return json_pack("{ss ss ss ss}", "prefix", pre, "authority",
		    sv(u, "name"), "title", title, "name", sv(u, "signer"));
	if (*pre)
		return json_pack("{ss ss ss ss}", "prefix", pre, "authority",
		    title, "title", "", "name", sv(u, "signer"));
	return json_pack("{ss ss ss ss}", "prefix", "", "authority", "",
	    "title", title, "name", sv(u, "signer"));
}

/* s with the letter at byte off in capitals. */
static const char *
cap_at(struct uc_arena *a, const char *s, size_t off)
{
	char up[8];
	int n = g_unichar_to_utf8(g_unichar_toupper(g_utf8_get_char(s +
	    off)), up);

	return uc_arena_printf(a, "%.*s%.*s%s", (int)off, s, n, up,
	    g_utf8_next_char(s + off));
}

/* A title in a sentence: "PHÓ GIÁM ĐỐC" -> "Phó Giám đốc" (lower case,
 * the first word capitalised, and the one after "Phó"). */
static const char *
title_case(struct uc_arena *a, const char *title)
{
	char *g = g_utf8_strdown(title, -1);
	const char *out = uc_arena_strdup(a, g ? g : "");

	g_free(g);
	if (*out == '\0')
		return out;
	out = cap_at(a, out, 0);
	if (strncmp(out, "Phó ", 5) == 0 && out[5] != '\0')
		out = cap_at(a, out, 5);
	return out;
}

/* ---- the header and what every form has ---- */

/* Number and date: the issued ones once approved (at > 0), else the
 * blanks the clerk fills ("Số:      /BC-SNV", "ngày   tháng   năm");
 * no number at all for an unnumbered form (Mẫu 01). */
static enum uc_status
head_part(struct uc_ctx *ctx, json_t *rep, const struct uc_report_form *fm,
    json_t *u, const char *name, int64_t at, json_t **out,
    struct uc_error *err)
{
	char date[160];
	const char *place = place_of(ctx->arena, u);
	const char *number = str(rep, "number");
	enum uc_status rc = UC_OK;

	if (at > 0)
		rc = uc_docnum_place_date(at, place, date, sizeof(date), err);
	else
		snprintf(date, sizeof(date), "%s, ngày      tháng      năm"
		    " %d", place, (int)(uc_calendar_date_of(ctx->now) /
		    10000));
	if (number == NULL && *fm->doc_type)
		number = uc_arena_printf(ctx->arena, "/%s%s%s", fm->doc_type,
		    *sv(u, "symbol") ? "-" : "", sv(u, "symbol"));
	*out = json_pack("{ss ss ss ss ss ss ss sI}", "supervising",
	    sv(u, "supervising"), "issuing", sv(u, "name"), "number",
	    number ? number : "", "place_date", date, "kind", fm->kind,
	    "subject", fm->subject, "file_title", name, "created_ms",
	    (json_int_t)(at > 0 ? at : ctx->now));
	return rc;
}

/* The edition a correction replaces, named in its opening line:
 * "Báo cáo này thay thế Báo cáo số 05/BC-SNV ngày 21/11/2026." */
static enum uc_status
replaces_part(struct uc_ctx *ctx, json_t *rep, json_t *data,
    struct uc_error *err)
{
	const char *rid = str(rep, "replaces"), *num = NULL, *at = NULL;
	const char *kind = str(json_object_get(data, "head"), "kind");
	char *k;
	enum uc_status rc;

	if (rid == NULL)
		return UC_OK;
	rc = row2(ctx, "SELECT COALESCE(symbol, ''), approved_at FROM"
	    " reports WHERE public_id = ?", rid, &num, &at, err);
	if (rc != UC_OK || num == NULL)
		return rc;
	/* "BÁO CÁO" -> "Báo cáo" */
	k = g_utf8_strdown(kind ? kind : "", -1);
	kind = *k ? cap_at(ctx->arena, k, 0) : "";
	g_free(k);
	json_object_set_new(data, "replaces", json_pack("{ss ss ss ss}",
	    "id", rid, "number", num, "date", local_date(ctx->arena, at),
	    "text", uc_arena_printf(ctx->arena, "%s này thay thế %s%s%s "
	    "ngày %s.", kind, kind, *num ? " số " : "", num,
	    local_date(ctx->arena, at))));
	return UC_OK;
}

/*
 * What every form has: header, unit, signer, report time, free fields
 * (with the register's defaults, j_f), Kính gửi, Nơi nhận, the edition
 * replaced. parties: the default recipients.
 */
static enum uc_status
common_part(struct uc_ctx *ctx, json_t *rep, const struct uc_report_form *fm,
    const struct uc_rulepack *pack, const struct uc_rp_list *parties,
    json_t *u, json_t *j_f, int64_t at, const char *name, json_t **out,
    struct uc_error *err)
{
	char local[UC_CLOCK_LOCAL_LEN + 1];
	json_t *j_head = NULL, *j_d;
	enum uc_status rc;

	*out = NULL;
	rc = head_part(ctx, rep, fm, u, name, at, &j_head, err);
	if (rc != UC_OK) {
		json_decref(j_head);
		return rc;
	}
	uc_clock_local(at > 0 ? at : ctx->now, local, sizeof(local));
	j_d = json_pack("{ss ss ss so sO so ss ss sO}", "form", fm->code,
	    "form_name", name, "report_id", sv(rep, "id"), "head", j_head,
	    "unit", u, "signer", signer_part(ctx->arena, u), "report_time",
	    local, "report_time_vi", local_words(ctx->arena, at > 0 ? at :
	    ctx->now), "fields", j_f);
	json_object_set_new(j_d, "to", json_object_get(j_f, "to") ?
	    json_incref(json_object_get(j_f, "to")) : json_array());
	json_object_set_new(j_d, "copies", json_object_get(j_f, "copies") ?
	    json_incref(json_object_get(j_f, "copies")) : json_array());
	json_object_set_new(j_d, "archive", json_string(sv(u, "symbol")));
	rc = replaces_part(ctx, rep, j_d, err);
	if (rc == UC_OK && json_object_get(j_f, "to") == NULL)
		rc = default_to(ctx, pack, parties, json_object_get(j_d, "to"),
		    err);
	if (rc == UC_OK)
		*out = j_d;
	else
		json_decref(j_d);
	return rc;
}

/* ---- the incident (notice, Mẫu 03) ---- */

/* One option list as [{text, checked}]: chosen is a code, an array of
 * codes, or NULL. */
static json_t *
option_list(const struct uc_rulepack *pack, const char *list,
    json_t *chosen)
{
	const struct uc_rp_optlist *ol = uc_rulepack_options(pack, list);
	json_t *a = json_array(), *v;
	size_t i, k;
	int on;

	for (i = 0; ol != NULL && i < ol->nitems; i++) {
		on = json_is_string(chosen) && strcmp(json_string_value(
		    chosen), ol->items[i].code) == 0;
		json_array_foreach(chosen, k, v)
			on |= json_is_string(v) && strcmp(json_string_value(v),
			    ol->items[i].code) == 0;
		json_array_append_new(a, json_pack("{ss sb}", "text",
		    ol->items[i].vi, "checked", on));
	}
	return a;
}

static json_t *
level_list(json_int_t level)
{
	json_t *a = json_array();
	char t[16];
	int i;

	for (i = 1; i <= 5; i++) {
		snprintf(t, sizeof(t), "Cấp %d", i);
		json_array_append_new(a, json_pack("{ss sb}", "text", t,
		    "checked", level == i));
	}
	return a;
}

static json_t *
lists(const struct uc_rulepack *pack, json_t *inc, json_t *fields)
{
	json_t *r = json_object_get(inc, "report");
	json_t *x = json_object_get(r, "extra");
	json_t *sys0 = json_array_get(json_object_get(inc, "systems"), 0);
	json_int_t lv = json_integer_value(json_object_get(json_object_get(
	    r, "system"), "level"));
	int conf = json_is_true(json_object_get(fields, "confidential"));

	return json_pack("{so so so so so so so s[{ss sb}{ss sb}]}",
	    "level", level_list(lv ? lv : json_integer_value(
	    json_object_get(sys0, "level"))),
	    "current_status", option_list(pack, "current_status",
	    json_object_get(r, "current_status")),
	    "detection_method", option_list(pack, "detection_method",
	    json_object_get(r, "detection_methods")),
	    "notified", option_list(pack, "notified",
	    json_object_get(r, "notified")),
	    "service", option_list(pack, "service",
	    json_object_get(x, "services")),
	    "control", option_list(pack, "control",
	    json_object_get(x, "controls")),
	    "attachment", option_list(pack, "attachment",
	    json_object_get(x, "attachments")),
	    "confidential", "text", "Có", "checked", conf, "text", "Không",
	    "checked", !conf);
}

/* "a, b, c" of an array of strings. */
static const char *
joined(struct uc_arena *a, json_t *arr)
{
	const char *out = "";
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
		out = uc_arena_printf(a, "%s%s%s", out, i ? ", " : "",
		    json_string_value(v) ? json_string_value(v) : "");
	return out;
}

static const char *
types_vi(struct uc_arena *a, const struct uc_rulepack *pack, json_t *inc)
{
	const struct uc_rp_type *t;
	const char *out = "";
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(inc, "types"), i, v) {
		t = uc_rulepack_type(pack, json_string_value(v));
		out = uc_arena_printf(a, "%s%s%s", out, i ? "; " : "",
		    t ? t->vi : json_string_value(v));
	}
	return out;
}

static json_t *
incident_part(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    json_t *inc)
{
	char local[UC_CLOCK_LOCAL_LEN + 1] = "";
	int64_t ms = 0;
	json_t *a = json_array(), *v;
	size_t i;

	if (uc_time_parse(sv(inc, "detected_at"), &ms) == UC_OK)
		uc_clock_local(ms, local, sizeof(local));
	json_array_foreach(json_object_get(inc, "systems"), i, v)
		json_array_append_new(a, json_pack("{ss ss ss}", "name",
		    sv(v, "name"), "domain", sv(v, "domain"), "ip",
		    sv(v, "ip")));
	return json_pack("{ss ss ss ss ss ss ss so}", "id", sv(inc, "id"),
	    "title", sv(inc, "title"), "description", sv(inc,
	    "description"), "types_vi", types_vi(ctx->arena, pack, inc),
	    "detected_date", uc_arena_strndup(ctx->arena, local, 10),
	    "detected_time", uc_arena_printf(ctx->arena, "%.2s giờ %.2s "
	    "phút", local + 11, local + 14), "detected_local",
	    uc_arena_printf(ctx->arena, "%.2s giờ %.2s phút, ngày %.10s",
	    local + 11, local + 14, local), "systems", a);
}

/* The parties of Mẫu 03 and the system block, from the incident's
 * report and notice where given, else from the unit and bindings. */
static void
parties_part(struct uc_ctx *ctx, json_t *inc, json_t *u, json_t *out)
{
	json_t *r = json_object_get(inc, "report");
	json_t *n = json_object_get(inc, "notice");
	json_t *rp = json_object_get(r, "reporter");
	json_t *rs = json_object_get(r, "system");
	json_t *c = json_object_get(r, "contact");
	json_t *sys0 = json_array_get(json_object_get(inc, "systems"), 0);
	const char *owner = NULL;
	struct uc_error e = { 0 };

	if (bound_name(ctx, "owner", &owner, &e) != UC_OK)
		owner = NULL;	/* a courtesy default; the form says (nếu có) */
	json_object_set_new(out, "reporter", json_pack("{ss ss ss ss}",
	    "name", first(str(rp, "name"), sv(u, "name")), "address",
	    first(str(rp, "address"), sv(u, "place_address")), "phone",
	    first(str(rp, "phone"), sv(u, "phone")), "email",
	    first(str(rp, "email"), sv(u, "email"))));
	json_object_set_new(out, "contact", json_pack("{ss ss ss ss}",
	    "full_name", sv(c, "full_name"), "position", sv(c, "position"),
	    "phone", sv(c, "phone"), "email", sv(c, "email")));
	json_object_set_new(out, "system", json_pack("{ss ss ss ss ss}",
	    "operator_name", first(str(rs, "operator_name"),
	    first(str(n, "operator_name"), sv(u, "name"))), "owner_name",
	    first(str(rs, "owner_name"), first(str(n, "owner_name"), owner)),
	    "name", first(str(rs, "name"), sv(sys0, "name")),
	    "security_provider", sv(rs, "security_provider"),
	    "upstream_provider", sv(rs, "upstream_provider")));
}

static json_t *
extra_part(struct uc_arena *a, json_t *inc)
{
	json_t *x = json_object_get(json_object_get(inc, "report"), "extra");

	return json_pack("{ss ss ss ss ss}", "os", sv(x, "os"), "os_version",
	    sv(x, "os_version"), "purpose", sv(x, "purpose"), "ips",
	    joined(a, json_object_get(x, "ips")), "domains", joined(a,
	    json_object_get(x, "domains")));
}

/* f[k] = v unless the operator gave k or v is empty. */
static void
dflt(json_t *f, const char *k, const char *v)
{
	if (json_object_get(f, k) == NULL && v != NULL && *v)
		json_object_set_new(f, k, json_string(v));
}

/* ---- Mẫu 04 and the free-form reports (types 3-6) ---- */

/*
 * The incident's initial report, which Mẫu 04 and §3.3 D name: the
 * newest approved edition here, else the newest send of one recorded
 * by hand with its number, else what the operator wrote, else "chưa
 * có" (the form's words for "none yet").
 */
static enum uc_status
initial_part(struct uc_ctx *ctx, const char *pid, json_t *f, json_t **out,
    struct uc_error *err)
{
	const char *num = NULL, *at = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = row2(ctx, "SELECT r.symbol, r.approved_at FROM reports r JOIN"
	    " incidents i ON i.id = r.incident_id WHERE i.public_id = ? AND"
	    " r.form = 'initial' AND r.status <> 'draft' ORDER BY r.id DESC"
	    " LIMIT 1", pid, &num, &at, err);
	if (rc == UC_OK && num == NULL)
		rc = row2(ctx, "SELECT s.reference, s.sent_at FROM report_sends"
		    " s JOIN incidents i ON i.id = s.incident_id WHERE"
		    " i.public_id = ? AND s.report_type = 'initial' AND"
		    " s.reference <> '' ORDER BY s.sent_at DESC, s.id DESC"
		    " LIMIT 1", pid, &num, &at, err);
	if (rc != UC_OK)
		return rc;
	if (num != NULL)
		*out = json_pack("{ss ss ss}", "number", num, "date",
		    first(local_date(ctx->arena, at), "chưa có"), "source",
		    "register");
	else
		*out = json_pack("{ss ss ss}", "number", first(str(f,
		    "initial_number"), "chưa có"), "date", first(str(f,
		    "initial_date"), "chưa có"), "source", str(f,
		    "initial_number") ? "operator" : "none");
	return UC_OK;
}

/* The reports recorded as sent for the incident, but those of form
 * skip: "Thông báo sự cố số 01/TB-SNV, gửi ngày 21/11/2026". */
static enum uc_status
sends_lines(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    const char *pid, const char *skip, json_t *a, struct uc_error *err)
{
	const struct uc_rp_report *rp;
	struct uc_stmt *s = NULL;
	const char *ref;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT s.report_type,"
	    " s.reference, s.sent_at FROM report_sends s JOIN incidents i ON"
	    " i.id = s.incident_id WHERE i.public_id = ? ORDER BY s.sent_at,"
	    " s.id LIMIT ?", "si", pid, (int64_t)ROWS_MAX);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if (strcmp(uc_stmt_text(s, 0), skip) == 0)
			continue;
		rp = uc_rulepack_report(pack, uc_stmt_text(s, 0));
		ref = uc_stmt_text(s, 1);
		json_array_append_new(a, json_string(uc_arena_printf(
		    ctx->arena, "%s%s%s, gửi ngày %s", rp ? rp->vi :
		    uc_stmt_text(s, 0), *ref ? " số " : "", ref,
		    local_date(ctx->arena, uc_stmt_text(s, 2)))));
	}
	uc_stmt_done(s);
	return rc;
}

/* The incident's evidence files: "Tệp access.log: nhật ký truy cập". */
static enum uc_status
evidence_lines(struct uc_ctx *ctx, const char *pid, json_t *a,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	const char *d;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT e.filename,"
	    " e.description FROM evidence e JOIN incidents i ON i.id ="
	    " e.incident_id WHERE i.public_id = ? ORDER BY e.id LIMIT ?",
	    "si", pid, (int64_t)ROWS_MAX);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		d = uc_stmt_null(s, 1) ? "" : uc_stmt_text(s, 1);
		json_array_append_new(a, json_string(uc_arena_printf(
		    ctx->arena, "Tệp %s%s%s", uc_stmt_text(s, 0), *d ? ": " :
		    "", d)));
	}
	uc_stmt_done(s);
	return rc;
}

/* Mẫu 04's "Các tài liệu đính kèm": the other reports sent, the
 * evidence files, then the operator's own lines. */
static enum uc_status
attachments_part(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    const char *pid, json_t *f, json_t **out, struct uc_error *err)
{
	json_t *a = json_array(), *v;
	enum uc_status rc;
	size_t i;

	rc = sends_lines(ctx, pack, pid, "final", a, err);
	if (rc == UC_OK)
		rc = evidence_lines(ctx, pid, a, err);
	json_array_foreach(json_object_get(f, "attachments"), i, v)
		json_array_append(a, v);
	*out = a;
	return rc;
}

/* The instant of the last report sent for the incident, 0 if none. */
static enum uc_status
last_send(struct uc_ctx *ctx, const char *pid, int64_t *ms,
    struct uc_error *err)
{
	const char *at = NULL, *n = NULL;
	enum uc_status rc;

	*ms = 0;
	rc = row2(ctx, "SELECT s.sent_at, s.id FROM report_sends s JOIN"
	    " incidents i ON i.id = s.incident_id WHERE i.public_id = ?"
	    " ORDER BY s.sent_at DESC, s.id DESC LIMIT 1", pid, &at, &n, err);
	if (rc == UC_OK && at != NULL && uc_time_parse(at, ms) != UC_OK)
		*ms = 0;
	return rc;
}

/* A timeline line the report workflow wrote itself (report.c marks
 * them with detail.report): not news for the next report. */
static int
report_line(const char *detail)
{
	json_t *j = detail ? json_loads(detail, 0, NULL) : NULL;
	int yes = json_object_get(j, "report") != NULL;

	json_decref(j);
	return yes;
}

/* "Diễn biến mới" by default: the timeline since the last report sent
 * (since detection before any), newest LINES_MAX lines, oldest first:
 * "- 17:11 ngày 21/11/2026: Phát hiện tệp lạ;". */
static enum uc_status
developments(struct uc_ctx *ctx, const char *pid, const char **out,
    struct uc_error *err)
{
	char l[UC_CLOCK_LOCAL_LEN + 1];
	struct uc_stmt *s = NULL;
	json_t *a = json_array();
	int64_t since = 0, at = 0;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = last_send(ctx, pid, &since, err);
	if (rc == UC_OK)
		rc = uc_store_query(ctx->st, &s, err, "SELECT t.at,"
		    " t.summary, t.detail FROM timeline_events t JOIN"
		    " incidents i ON i.id = t.incident_id WHERE i.public_id"
		    " = ? ORDER BY t.at DESC, t.id DESC LIMIT ?", "si", pid,
		    (int64_t)ROWS_MAX);
	while (rc == UC_OK && json_array_size(a) < LINES_MAX &&
	    (rc = uc_stmt_step(s, &row, err)) == UC_OK && row) {
		if (uc_time_parse(uc_stmt_text(s, 0), &at) != UC_OK ||
		    at <= since)
			break;
		if (report_line(uc_stmt_null(s, 2) ? NULL : uc_stmt_text(s,
		    2)))
			continue;
		uc_clock_local(at, l, sizeof(l));
		json_array_insert_new(a, 0, json_string(uc_arena_printf(
		    ctx->arena, "%.5s ngày %.10s: %s", l + 11, l,
		    uc_stmt_text(s, 1))));
	}
	uc_stmt_done(s);
	if (rc == UC_OK)
		*out = list_text(ctx->arena, a);
	json_decref(a);
	return rc;
}

static const char *
state_vi(const char *state)
{
	return strcmp(state, "done") == 0 ? "đã hoàn thành" :
	    "đang thực hiện";
}

/* "Biện pháp đã/đang triển khai" by default: the procedure's steps
 * under way or done, then the tasks open or done. */
static enum uc_status
measures(struct uc_ctx *ctx, json_t *inc, const char **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	json_t *a = json_array(), *v;
	enum uc_status rc;
	size_t i;
	int row = 0;

	*out = NULL;
	json_array_foreach(json_object_get(inc, "steps"), i, v)
		if (strcmp(sv(v, "state"), "done") == 0 || strcmp(sv(v,
		    "state"), "in_progress") == 0)
			json_array_append_new(a, json_string(uc_arena_printf(
			    ctx->arena, "Bước %s “%s”: %s", sv(v, "code"),
			    sv(v, "title_vi"), state_vi(sv(v, "state")))));
	rc = uc_store_query(ctx->st, &s, err, "SELECT t.title, t.state FROM"
	    " incident_tasks t JOIN incidents i ON i.id = t.incident_id"
	    " WHERE i.public_id = ? AND t.state IN ('open', 'done') ORDER BY"
	    " t.id LIMIT ?", "si", sv(inc, "id"), (int64_t)ROWS_MAX);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row)
		json_array_append_new(a, json_string(uc_arena_printf(
		    ctx->arena, "Nhiệm vụ “%s”: %s", uc_stmt_text(s, 0),
		    state_vi(uc_stmt_text(s, 1)))));
	uc_stmt_done(s);
	if (rc == UC_OK)
		*out = list_text(ctx->arena, a);
	json_decref(a);
	return rc;
}

/* "Phạm vi, đối tượng ảnh hưởng" by default: the systems hit and the
 * harms of QĐ 05/2017 Điều 9.1 the register ticked. */
static const char *
scope(struct uc_arena *ar, const struct uc_rulepack *pack, json_t *inc)
{
	const struct uc_rp_harm *h;
	const char *sys = "";
	json_t *a = json_array(), *v;
	size_t i;

	json_array_foreach(json_object_get(inc, "systems"), i, v) {
		const char *dom = sv(v, "domain"), *ip = sv(v, "ip");

		sys = uc_arena_printf(ar, "%s%s%s%s%s%s%s%s", sys, i ? "; " :
		    "", sv(v, "name"), *dom || *ip ? " (" : "", dom,
		    *dom && *ip ? ", " : "", ip, *dom || *ip ? ")" : "");
	}
	if (*sys)
		json_array_append_new(a, json_string(uc_arena_printf(ar,
		    "Hệ thống bị ảnh hưởng: %s", sys)));
	json_array_foreach(json_object_get(inc, "harms"), i, v)
		if ((h = uc_rulepack_harm(pack, json_string_value(v))) != NULL)
			json_array_append_new(a, json_string(h->vi));
	sys = list_text(ar, a);
	json_decref(a);
	return sys;
}

/* "Đầu mối liên hệ" by default: the contact of the incident's Mẫu 03
 * data, else the report's drafter (and the unit's telephone and
 * e-mail where theirs are missing). */
static enum uc_status
contact(struct uc_ctx *ctx, json_t *rep, json_t *inc, json_t *u,
    json_t *f, struct uc_error *err)
{
	json_t *c = json_object_get(json_object_get(inc, "report"),
	    "contact");
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	if (json_object_get(f, "contact") != NULL)
		return UC_OK;
	if (c != NULL) {
		json_object_set_new(f, "contact", json_pack("{ss ss ss ss}",
		    "full_name", sv(c, "full_name"), "position", sv(c,
		    "position"), "phone", sv(c, "phone"), "email", sv(c,
		    "email")));
		return UC_OK;
	}
	rc = uc_store_query(ctx->st, &s, err, "SELECT full_name, phone,"
	    " email FROM users WHERE id = ?", "i", (int64_t)
	    json_integer_value(json_object_get(rep, "created_by")));
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		json_object_set_new(f, "contact", json_pack("{ss ss ss ss}",
		    "full_name", uc_stmt_text(s, 0), "position", "", "phone",
		    first(uc_stmt_text(s, 1), sv(u, "phone")), "email",
		    first(uc_stmt_text(s, 2), sv(u, "email"))));
	uc_stmt_done(s);
	return rc;
}

/* The defaults of the free-form reports' fields (§3.3 D). */
static enum uc_status
intermediate_defaults(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    json_t *rep, json_t *inc, json_t *u, json_t *f, struct uc_error *err)
{
	const char *d = NULL, *m = NULL;
	enum uc_status rc;

	rc = developments(ctx, sv(inc, "id"), &d, err);
	if (rc == UC_OK)
		rc = measures(ctx, inc, &m, err);
	if (rc == UC_OK)
		rc = contact(ctx, rep, inc, u, f, err);
	if (rc != UC_OK)
		return rc;
	dflt(f, "developments", d);
	dflt(f, "measures", m);
	dflt(f, "scope", scope(ctx->arena, pack, inc));
	return UC_OK;
}

/* The free fields with the register's values as defaults. */
static enum uc_status
defaults(struct uc_ctx *ctx, const struct uc_report_form *fm,
    const struct uc_rulepack *pack, json_t *rep, json_t *inc, json_t *u,
    json_t *f, struct uc_error *err)
{
	json_t *n = json_object_get(inc, "notice");
	json_t *r = json_object_get(inc, "report");
	json_t *cl = json_object_get(inc, "closing");

	if (!*fm->lead)
		dflt(f, "result", str(n, "result"));
	if (strcmp(fm->code, "notice") == 0)
		dflt(f, "proposals", str(n, "proposals"));
	if (strcmp(fm->code, "initial") == 0)
		dflt(f, "recommendations", str(r, "recommendations"));
	if (strcmp(fm->code, "final") == 0) {
		dflt(f, "root_cause", str(cl, "root_cause"));
		dflt(f, "damage", str(cl, "damage_estimate"));
		dflt(f, "lessons", str(cl, "lessons_learned"));
	}
	if (*fm->lead)
		return intermediate_defaults(ctx, pack, rep, inc, u, f, err);
	return UC_OK;
}

/* Mẫu 04 and §3.3 D: the initial report, the attachments, the end of
 * the response, the opening sentence of a free-form report. */
static enum uc_status
later_part(struct uc_ctx *ctx, const struct uc_report_form *fm,
    const struct uc_rulepack *pack, json_t *inc, json_t *u, json_t *d,
    struct uc_error *err)
{
	json_t *f = json_object_get(d, "fields"), *j = NULL;
	enum uc_status rc;

	rc = initial_part(ctx, sv(inc, "id"), f, &j, err);
	json_object_set_new(d, "initial", j ? j : json_null());
	if (rc == UC_OK && strcmp(fm->code, "final") == 0) {
		j = NULL;
		rc = attachments_part(ctx, pack, sv(inc, "id"), f, &j, err);
		json_object_set_new(d, "attachments", j ? j : json_array());
		json_object_set_new(d, "ended", json_string(iso_words(
		    ctx->arena, str(inc, "response_ended_at"))));
	}
	if (rc == UC_OK && *fm->lead)
		json_object_set_new(d, "opening", json_string(uc_arena_printf(
		    ctx->arena, "%s %s sự cố “%s”, phát hiện lúc %s, như sau:",
		    sv(u, "name"), fm->lead, sv(inc, "title"),
		    sv(json_object_get(d, "incident"), "detected_local"))));
	return rc;
}

static enum uc_status
incident_data(struct uc_ctx *ctx, json_t *rep, const struct uc_report_form *fm,
    int64_t at, json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	const struct uc_rp_report *rp = NULL;
	json_t *j_inc = NULL, *j_u = NULL, *j_f = NULL, *j_d = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_incident_get(ctx, sv(rep, "incident"), &j_inc, err);
	if (rc == UC_OK)
		rc = uc_rulepack_get(sv(j_inc, "rulepack"), &pack, err);
	if (rc == UC_OK && (rp = uc_rulepack_report(pack, fm->code)) == NULL)
		rc = uc_error_set(err, UC_EINTERNAL, "rule pack %s has no "
		    "report %s", sv(j_inc, "rulepack"), fm->code);
	if (rc == UC_OK)
		rc = uc_report_unit(ctx, json_integer_value(json_object_get(
		    rep, "unit_id")), &j_u, err);
	j_f = json_deep_copy(json_object_get(rep, "fields"));
	if (rc == UC_OK)
		rc = defaults(ctx, fm, pack, rep, j_inc, j_u, j_f, err);
	if (rc == UC_OK)
		rc = common_part(ctx, rep, fm, pack, &rp->recipients, j_u, j_f,
		    at, rp->vi, &j_d, err);
	if (rc == UC_OK) {
		json_object_set_new(j_d, "incident", incident_part(ctx, pack,
		    j_inc));
		json_object_set_new(j_d, "extra", extra_part(ctx->arena,
		    j_inc));
		json_object_set_new(j_d, "lists", lists(pack, j_inc, j_f));
		parties_part(ctx, j_inc, j_u, j_d);
	}
	if (rc == UC_OK && strcmp(fm->code, "notice") != 0 &&
	    strcmp(fm->code, "initial") != 0)
		rc = later_part(ctx, fm, pack, j_inc, j_u, j_d, err);
	if (rc == UC_OK)
		*out = json_incref(j_d);
	json_decref(j_d);
	json_decref(j_f);
	json_decref(j_inc);
	json_decref(j_u);
	return rc;
}

/* ---- a unit (Mẫu 01) ---- */

static const char *const member_parties[] = { "national_coordinator" };

/* Mẫu 01 from the unit: the organisation, and as defaults the leader
 * in charge (the unit's signer), the intake point (its address,
 * telephone, e-mail and the fax given) and the copy to the national
 * coordinator (TT 20/2017 Điều 5.3). A form, not a letter: no Kính
 * gửi unless given.
 * The rest is the operator's until the systems registry and the team
 * roster hold it. */
static enum uc_status
member_defaults(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    json_t *u, json_t *f, struct uc_error *err)
{
	static const struct uc_rp_list nc = { member_parties, 1 };
	json_t *j_sg = signer_part(ctx->arena, u), *j_c;
	enum uc_status rc = UC_OK;

	if (json_object_get(f, "leader") == NULL)
		json_object_set_new(f, "leader", json_pack("{ss ss}",
		    "full_name", sv(u, "signer"), "position", title_case(
		    ctx->arena, first(sv(j_sg, "title"), sv(j_sg,
		    "authority")))));
	if (json_object_get(f, "intake") == NULL)
		json_object_set_new(f, "intake", json_pack("{ss ss ss ss}",
		    "address", first(sv(u, "address"), sv(u,
		    "place_address")), "phone", sv(u, "phone"), "fax", sv(f,
		    "fax"), "email", sv(u, "email")));
	if (json_object_get(f, "copies") == NULL) {
		j_c = json_array();
		rc = default_to(ctx, pack, &nc, j_c, err);
		json_object_set_new(f, "copies", j_c);
	}
	json_decref(j_sg);
	return rc;
}

static enum uc_status
unit_data(struct uc_ctx *ctx, json_t *rep, const struct uc_report_form *fm,
    int64_t at, json_t **out, struct uc_error *err)
{
	static const struct uc_rp_list none = { NULL, 0 };
	const char *name = "Bản khai hồ sơ thành viên mạng lưới ứng cứu sự cố";
	const struct uc_rulepack *pack = NULL;
	json_t *j_u = NULL, *j_f = NULL, *j_d = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_incident_pack(ctx, &pack, err);
	if (rc == UC_OK)
		rc = uc_report_unit(ctx, json_integer_value(json_object_get(
		    rep, "unit_id")), &j_u, err);
	j_f = json_deep_copy(json_object_get(rep, "fields"));
	if (rc == UC_OK)
		rc = member_defaults(ctx, pack, j_u, j_f, err);
	if (rc == UC_OK)
		rc = common_part(ctx, rep, fm, pack, &none, j_u, j_f, at, name,
		    &j_d, err);
	if (rc == UC_OK) {
		json_object_set_new(j_d, "organisation", json_pack("{ss ss ss "
		    "ss ss}", "name", sv(j_u, "name"), "supervising", first(
		    sv(j_u, "parent_name"), sv(j_u, "supervising")), "address",
		    first(sv(j_u, "address"), sv(j_u, "place_address")),
		    "phone", sv(j_u, "phone"), "email", sv(j_u, "email")));
		*out = j_d;
	}
	json_decref(j_f);
	json_decref(j_u);
	return rc;
}

/* ---- Mẫu 05: the statistics of the period ---- */

/* Mẫu 05's header as a report's: the number and date once approved,
 * and the instant of the document. */
static enum uc_status
summary_head(struct uc_ctx *ctx, json_t *rep, json_t *u, int64_t at,
    json_t *data, struct uc_error *err)
{
	json_t *h = json_object_get(data, "head");
	char date[160];
	enum uc_status rc = UC_OK;

	if (str(rep, "number") != NULL)
		json_object_set_new(h, "number", json_string(str(rep,
		    "number")));
	if (at > 0)
		rc = uc_docnum_place_date(at, place_of(ctx->arena, u), date,
		    sizeof(date), err);
	if (rc == UC_OK && at > 0)
		json_object_set_new(h, "place_date", json_string(date));
	json_object_set_new(h, "created_ms", json_integer(at > 0 ? at :
	    ctx->now));
	return rc;
}

/* The free fields over what the statistics wrote: Kính gửi, Nơi nhận,
 * §2 and §3 (the register's helpers are the default) and §4. */
static void
summary_fields(json_t *data, json_t *f)
{
	static const char *const keys[] = { "to", "copies", "helpers",
		"foreign_helpers", "proposals", NULL };
	size_t i;

	for (i = 0; keys[i] != NULL; i++) {
		if (json_object_get(f, keys[i]) != NULL)
			json_object_set(data, keys[i], json_object_get(f,
			    keys[i]));
		else if (json_object_get(data, keys[i]) != NULL)
			json_object_set(f, keys[i], json_object_get(data,
			    keys[i]));
	}
	json_object_set(data, "fields", f);
}

/* Mẫu 05 (service/stats.h, render/summary.h): the statistics of the
 * report's period over its unit as the actor reads them now, so a
 * draft follows the register and approval freezes it. */
static enum uc_status
summary_data(struct uc_ctx *ctx, json_t *rep, int64_t at, json_t **out,
    struct uc_error *err)
{
	json_t *f = json_deep_copy(json_object_get(rep, "fields"));
	json_t *p = json_object_get(f, "period"), *j_u = NULL, *j_d = NULL;
	struct uc_stats_query q;
	enum uc_status rc;

	memset(&q, 0, sizeof(q));
	q.unit_id = json_integer_value(json_object_get(rep, "unit_id"));
	q.from = str(p, "from");
	q.to = str(p, "to");
	rc = uc_report_unit(ctx, q.unit_id, &j_u, err);
	if (rc == UC_OK)
		rc = uc_stats_summary(ctx, &q, &j_d, err);
	if (rc == UC_OK)
		rc = summary_head(ctx, rep, j_u, at, j_d, err);
	if (rc == UC_OK) {
		summary_fields(j_d, f);
		json_object_set_new(j_d, "report_id", json_string(sv(rep,
		    "id")));
		*out = j_d;
	} else {
		json_decref(j_d);
	}
	json_decref(f);
	json_decref(j_u);
	return rc;
}

enum uc_status
uc_report_data(struct uc_ctx *ctx, json_t *rep, int64_t at, json_t **out,
    struct uc_error *err)
{
	const struct uc_report_form *fm = uc_report_form(sv(rep, "form"));

	*out = NULL;
	if (fm == NULL)
		return uc_error_set(err, UC_EINTERNAL, "report %s: unknown "
		    "form %s", sv(rep, "id"), sv(rep, "form"));
	if (strcmp(fm->code, "summary") == 0)
		return summary_data(ctx, rep, at, out, err);
	return fm->unit ? unit_data(ctx, rep, fm, at, out, err) :
	    incident_data(ctx, rep, fm, at, out, err);
}
