/*
 * report.c - see report.h and docs/internals/reports.md.
 *
 * The data a document is rendered from is assembled here (data_build):
 * the incident as the register holds it, its unit's settings, the
 * party bindings and the free fields; render/forms.c lays it out.
 */
#include "service/report.h"
#include "core/arena.h"
#include "core/mem.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/docnum.h"
#include "domain/rulepack.h"
#include "domain/validate.h"
#include "render/docx.h"
#include "render/forms.h"
#include "render/pdf.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/clock.h"
#include "service/incident.h"
#include "service/part.h"
#include "store/store.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define COLS "r.id, r.public_id, i.public_id, r.form, r.doc_type," \
	" r.edition, p.public_id, r.status, r.fields, r.number, r.symbol," \
	" r.sha256, r.recipients, r.channel, r.sent_at, r.acked_at," \
	" r.created_by, r.created_at, r.approved_by, r.approved_at," \
	" r.sent_by, r.acked_by, r.version, r.updated_at, r.year," \
	" (SELECT n.public_id FROM reports n WHERE n.replaces_id = r.id)," \
	" r.unit_id, r.snapshot"
#define FROM " FROM reports r JOIN incidents i ON i.id = r.incident_id" \
	" LEFT JOIN reports p ON p.id = r.replaces_id"

#define TEXT_MAX 5000	/* a free field */
#define LIST_MAX 20	/* Kính gửi, Nơi nhận, recipients */

static const char *const channels[] = {
	"cong_van", "email", "fax", "national_system", "other", NULL
};

/* Free fields: texts, the two lists, the confidentiality flag. */
static const char *const text_fields[] = {
	"result", "proposals", "harm", "measures", "assisting",
	"recommendations", NULL
};

/* What the workflow needs of a report, read inside its transaction. */
struct rep {
	int64_t id;
	int64_t unit_id;
	char pid[32];		/* the incident's */
	json_t *j;		/* the report as the API shows it */
};

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

static json_t *
jtext(struct uc_stmt *s, int col)
{
	return uc_part_text(s, col);
}

/* ---- reading ---- */

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	json_t *j = json_object(), *f;

	(void)arg;
	f = json_loads(uc_stmt_text(s, 8), 0, NULL);
	json_object_set_new(j, "id", json_string(uc_stmt_text(s, 1)));
	json_object_set_new(j, "incident", json_string(uc_stmt_text(s, 2)));
	json_object_set_new(j, "form", json_string(uc_stmt_text(s, 3)));
	json_object_set_new(j, "doc_type", json_string(uc_stmt_text(s, 4)));
	json_object_set_new(j, "edition", uc_part_int(s, 5));
	json_object_set_new(j, "replaces", jtext(s, 6));
	json_object_set_new(j, "replaced_by", jtext(s, 25));
	json_object_set_new(j, "status", json_string(uc_stmt_text(s, 7)));
	json_object_set_new(j, "fields", f ? f : json_object());
	json_object_set_new(j, "year", uc_part_int(s, 24));
	json_object_set_new(j, "seq", uc_part_int(s, 9));
	json_object_set_new(j, "number", jtext(s, 10));
	json_object_set_new(j, "sha256", jtext(s, 11));
	f = uc_stmt_null(s, 12) ? NULL : json_loads(uc_stmt_text(s, 12), 0,
	    NULL);
	json_object_set_new(j, "recipients", f ? f : json_null());
	json_object_set_new(j, "channel", jtext(s, 13));
	json_object_set_new(j, "sent_at", jtext(s, 14));
	json_object_set_new(j, "acked_at", jtext(s, 15));
	json_object_set_new(j, "created_by", uc_part_int(s, 16));
	json_object_set_new(j, "created_at", jtext(s, 17));
	json_object_set_new(j, "approved_by", uc_part_int(s, 18));
	json_object_set_new(j, "approved_at", jtext(s, 19));
	json_object_set_new(j, "sent_by", uc_part_int(s, 20));
	json_object_set_new(j, "acked_by", uc_part_int(s, 21));
	json_object_set_new(j, "version", uc_part_int(s, 22));
	json_object_set_new(j, "updated_at", jtext(s, 23));
	json_object_set_new(j, "unit_id", uc_part_int(s, 26));
	/* internal: the frozen data, taken out before it is shown */
	json_object_set_new(j, "_id", uc_part_int(s, 0));
	json_object_set_new(j, "_snapshot", jtext(s, 27));
	return j;
}

/* Hide what is internal (ids, the frozen data) from a reply. */
static json_t *
shown(json_t *j)
{
	json_object_del(j, "_id");
	json_object_del(j, "_snapshot");
	return j;
}

static json_t *
shown_row(struct uc_stmt *s, const void *arg)
{
	return shown(row_json(s, arg));
}

/* The incident public id of report rid (no access check: the caller
 * checks it on the incident before it shows anything). */
static enum uc_status
incident_of(struct uc_ctx *ctx, const char *rid, char *pid, size_t len,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT i.public_id FROM"
	    " reports r JOIN incidents i ON i.id = r.incident_id WHERE"
	    " r.public_id = ?", "s", rid ? rid : "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		snprintf(pid, len, "%s", uc_stmt_text(s, 0));
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such report");
	return rc;
}

static enum uc_status
load(struct uc_ctx *ctx, const char *rid, struct rep *r,
    struct uc_error *err)
{
	json_t *j_items = NULL;
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS FROM
	    " WHERE r.public_id = ?", "s", rid);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, NULL, &j_items, err);
	if (rc == UC_OK && json_array_size(j_items) != 1)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such report");
	if (rc == UC_OK) {
		r->j = json_incref(json_array_get(j_items, 0));
		r->id = json_integer_value(json_object_get(r->j, "_id"));
		r->unit_id = json_integer_value(json_object_get(r->j,
		    "unit_id"));
	}
	json_decref(j_items);
	return rc;
}

/* Report rid with its incident checked for perm (404 when unseen). */
static enum uc_status
get_checked(struct uc_ctx *ctx, const char *rid, enum uc_perm perm,
    struct uc_part *p, struct rep *r, struct uc_error *err)
{
	enum uc_status rc;

	memset(r, 0, sizeof(*r));
	rc = incident_of(ctx, rid, r->pid, sizeof(r->pid), err);
	if (rc == UC_OK)
		rc = uc_part_get(ctx, r->pid, perm, p, err);
	if (rc == UC_OK)
		rc = load(ctx, rid, r, err);
	return rc;
}

enum uc_status
uc_report_get(struct uc_ctx *ctx, const char *rid, json_t **out,
    struct uc_error *err)
{
	struct uc_part p;
	struct rep r;
	enum uc_status rc;

	*out = NULL;
	rc = get_checked(ctx, rid, UC_PERM_INCIDENT_READ, &p, &r, err);
	if (rc == UC_OK)
		*out = shown(r.j);
	return rc;
}

static enum uc_status
select_reports(struct uc_ctx *ctx, const struct uc_part *p, int64_t id,
    json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS FROM
	    " WHERE r.incident_id = ? AND (? = 0 OR r.id = ?) ORDER BY"
	    " r.id DESC LIMIT ?", "iiii", p->id, id, id,
	    (int64_t)UC_PART_LIST_MAX);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, shown_row, NULL, out, err);
	return rc;
}

enum uc_status
uc_report_list(struct uc_ctx *ctx, const char *pid, json_t **out,
    struct uc_error *err)
{
	return uc_part_list(ctx, pid, select_reports, out, err);
}

/* ---- free fields ---- */

static int
text_list(json_t *f, const char *k, struct uc_error *err)
{
	json_t *a = json_object_get(f, k), *v;
	char path[40];
	size_t i;
	int ok = 1;

	if (a == NULL)
		return 1;
	if (!json_is_array(a) || json_array_size(a) > LIST_MAX)
		return uc_error_field(err, k, "type", "fields.%s is a list "
		    "of at most %d names", k, LIST_MAX), 0;
	json_array_foreach(a, i, v) {
		snprintf(path, sizeof(path), "fields.%s[%zu]", k, i);
		if (uc_valid_text(path, json_string_value(v), 1, 300, err) !=
		    UC_OK)
			ok = 0;
	}
	return ok;
}

static int
known_field(const char *k)
{
	size_t i;

	if (strcmp(k, "to") == 0 || strcmp(k, "copies") == 0 ||
	    strcmp(k, "confidential") == 0)
		return 1;
	for (i = 0; text_fields[i] != NULL; i++)
		if (strcmp(k, text_fields[i]) == 0)
			return 1;
	return 0;
}

/* fields: the operator's additions (report.h); UC_EVALID naming each
 * bad one. */
static enum uc_status
check_fields(json_t *f, struct uc_error *err)
{
	const char *k;
	json_t *v;
	char path[40];
	int ok = 1;

	if (!json_is_object(f))
		return uc_error_field(err, "fields", "type", "fields is an "
		    "object");
	json_object_foreach(f, k, v) {
		snprintf(path, sizeof(path), "fields.%.30s", k);
		if (!known_field(k))
			ok = uc_error_field(err, path, "unknown", "%s is not a "
			    "free field of a report", path) && 0;
		else if (strcmp(k, "confidential") == 0 && !json_is_boolean(v))
			ok = uc_error_field(err, path, "type", "%s is true or "
			    "false", path) && 0;
		else if (strcmp(k, "to") == 0 || strcmp(k, "copies") == 0)
			ok &= text_list(f, k, err);
		else if (strcmp(k, "confidential") != 0 && uc_valid_lines(path,
		    json_string_value(v), 0, TEXT_MAX, err) != UC_OK)
			ok = 0;
	}
	return ok ? UC_OK : UC_EVALID;
}

/* ---- the data a document renders from ---- */

/* The unit's settings, and the place for the date line: the last part
 * of the nearest address up the tree ("Tỉnh Hưng Yên" -> "Hưng Yên"). */
static enum uc_status
unit_json(struct uc_ctx *ctx, int64_t unit_id, json_t **out,
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
	    " a.address <> '' ORDER BY a.depth DESC LIMIT 1), '') FROM units"
	    " u WHERE u.id = ?", "i", unit_id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*out = json_pack("{ss ss ss ss ss ss ss ss ss ss}", "name",
		    uc_stmt_text(s, 0), "symbol", uc_stmt_text(s, 1),
		    "supervising", uc_stmt_text(s, 2), "prefix",
		    uc_stmt_text(s, 3), "title", uc_stmt_text(s, 4),
		    "signer", uc_stmt_text(s, 5), "address", uc_stmt_text(s,
		    6), "phone", uc_stmt_text(s, 7), "email",
		    uc_stmt_text(s, 8), "place_address", uc_stmt_text(s, 9));
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such unit");
	return rc;
}

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

/* Kính gửi by default: the report's recipients in the pack, each the
 * unit bound to the party or else the party's name; network members
 * only when bound (TT 20/2017 Điều 9.2.a: "nếu có"). */
static enum uc_status
default_to(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    const char *form, json_t *to, struct uc_error *err)
{
	const struct uc_rp_report *rp = uc_rulepack_report(pack, form);
	const struct uc_rp_party *pt;
	const char *name;
	enum uc_status rc = UC_OK;
	size_t i;

	for (i = 0; rp != NULL && rc == UC_OK && i < rp->recipients.n;
	    i++) {
		rc = bound_name(ctx, rp->recipients.v[i], &name, err);
		pt = uc_rulepack_party(pack, rp->recipients.v[i]);
		if (name == NULL && strcmp(rp->recipients.v[i], "members") !=
		    0 && pt != NULL)
			name = pt->vi;
		if (rc == UC_OK && name != NULL)
			json_array_append_new(to, json_string(name));
	}
	return rc;
}

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

/* The first non-empty of a and b. */
static const char *
first(const char *a, const char *b)
{
	return a != NULL && *a ? a : b != NULL ? b : "";
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
static json_t *
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
	return out;
}

/* The free fields with the register's values as defaults. */
static json_t *
fields_part(json_t *inc, json_t *fields)
{
	json_t *n = json_object_get(inc, "notice");
	json_t *r = json_object_get(inc, "report");
	json_t *f = json_deep_copy(fields);

	if (str(f, "result") == NULL && str(n, "result") != NULL)
		json_object_set_new(f, "result", json_string(str(n,
		    "result")));
	if (str(f, "proposals") == NULL && str(n, "proposals") != NULL)
		json_object_set_new(f, "proposals", json_string(str(n,
		    "proposals")));
	if (str(f, "recommendations") == NULL &&
	    str(r, "recommendations") != NULL)
		json_object_set_new(f, "recommendations", json_string(str(r,
		    "recommendations")));
	return f;
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

/* Number and date: the issued ones once approved (at > 0), else the
 * blanks the clerk fills ("Số:      /BC-SNV", "ngày   tháng   năm"). */
static enum uc_status
head_part(struct uc_ctx *ctx, json_t *rep, json_t *u, const char *name,
    int64_t at, json_t **out, struct uc_error *err)
{
	char date[160];
	const char *place = place_of(ctx->arena, u), *form = sv(rep, "form");
	const char *number = str(rep, "number");
	enum uc_status rc = UC_OK;

	if (at > 0)
		rc = uc_docnum_place_date(at, place, date, sizeof(date), err);
	else
		snprintf(date, sizeof(date), "%s, ngày      tháng      năm"
		    " %d", place, (int)(uc_calendar_date_of(ctx->now) /
		    10000));
	if (number == NULL)
		number = uc_arena_printf(ctx->arena, "/%s%s%s", sv(rep,
		    "doc_type"), *sv(u, "symbol") ? "-" : "", sv(u,
		    "symbol"));
	*out = json_pack("{ss ss ss ss ss ss ss sI}", "supervising",
	    sv(u, "supervising"), "issuing", sv(u, "name"), "number", number,
	    "place_date", date, "kind", strcmp(form, "notice") == 0 ?
	    "THÔNG BÁO" : "BÁO CÁO", "subject", strcmp(form, "notice") == 0 ?
	    "Sự cố an toàn thông tin mạng" : "Ban đầu sự cố an toàn thông "
	    "tin mạng", "file_title", name, "created_ms",
	    (json_int_t)(at > 0 ? at : ctx->now));
	return rc;
}

/* The whole data object of report rep (forms.h); at: approval time,
 * 0 for a draft. */
static enum uc_status
data_build(struct uc_ctx *ctx, json_t *rep, int64_t at, json_t **out,
    struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	const struct uc_rp_report *rp;
	json_t *j_inc = NULL, *j_u = NULL, *j_head = NULL, *j_f, *j_d;
	char local[UC_CLOCK_LOCAL_LEN + 1];
	enum uc_status rc;

	*out = NULL;
	rc = uc_incident_get(ctx, sv(rep, "incident"), &j_inc, err);
	if (rc == UC_OK)
		rc = uc_rulepack_get(sv(j_inc, "rulepack"), &pack, err);
	if (rc == UC_OK)
		rc = unit_json(ctx, json_integer_value(json_object_get(rep,
		    "unit_id")), &j_u, err);
	rp = rc == UC_OK ? uc_rulepack_report(pack, sv(rep, "form")) : NULL;
	if (rc == UC_OK)
		rc = head_part(ctx, rep, j_u, rp ? rp->vi : "", at, &j_head,
		    err);
	if (rc != UC_OK)
		goto out;
	j_f = fields_part(j_inc, json_object_get(rep, "fields"));
	uc_clock_local(at > 0 ? at : ctx->now, local, sizeof(local));
	j_d = json_pack("{ss ss ss sO sO so so so ss so}", "form", sv(rep,
	    "form"), "form_name", rp ? rp->vi : "", "report_id", sv(rep,
	    "id"), "head", j_head, "unit", j_u, "signer", signer_part(
	    ctx->arena, j_u), "incident", incident_part(ctx, pack, j_inc),
	    "extra", extra_part(ctx->arena, j_inc), "report_time", local,
	    "lists", lists(pack, j_inc, j_f));
	json_object_set(j_d, "fields", j_f);
	json_object_set(j_d, "to", json_object_get(j_f, "to") ?
	    json_object_get(j_f, "to") : json_array());
	json_object_set(j_d, "copies", json_object_get(j_f, "copies") ?
	    json_object_get(j_f, "copies") : json_array());
	json_object_set_new(j_d, "archive", json_string(sv(j_u, "symbol")));
	parties_part(ctx, j_inc, j_u, j_d);
	if (json_object_get(j_f, "to") == NULL)
		rc = default_to(ctx, pack, sv(rep, "form"),
		    json_object_get(j_d, "to"), err);
	json_decref(j_f);
	if (rc == UC_OK)
		*out = j_d;
	else
		json_decref(j_d);
out:
	json_decref(j_inc);
	json_decref(j_u);
	json_decref(j_head);
	return rc;
}

/* ---- rendering ---- */

static enum uc_status
render_doc(struct uc_ctx *ctx, json_t *data, const char *format,
    struct uc_buf *out, struct uc_error *err)
{
	struct uc_doc *d = NULL;
	enum uc_status rc;

	rc = uc_forms_build(ctx->arena, data, &d, err);
	if (rc == UC_OK && strcmp(format, "pdf") == 0)
		rc = uc_pdf_render(d, out, err);
	else if (rc == UC_OK)
		rc = uc_docx_render(d, out, err);
	return rc;
}

static void
sha256_hex(const struct uc_buf *b, char hex[65])
{
	unsigned char md[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(md, (const unsigned char *)b->data, b->len);
	sodium_bin2hex(hex, 65, md, sizeof(md));
}

/* The data a report renders from: frozen once approved. */
static enum uc_status
data_of(struct uc_ctx *ctx, json_t *rep, json_t **out,
    struct uc_error *err)
{
	const char *snap = str(rep, "_snapshot");

	*out = NULL;
	if (snap == NULL)
		return data_build(ctx, rep, 0, out, err);
	*out = json_loads(snap, 0, NULL);
	return *out ? UC_OK : uc_error_set(err, UC_EINTERNAL, "report %s: "
	    "stored data does not parse", sv(rep, "id"));
}

static enum uc_status
render_json(json_t *rep, json_t *data, struct uc_buf *out,
    struct uc_error *err)
{
	json_t *j = json_pack("{sO sO}", "report", rep, "data", data);
	char *txt = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	enum uc_status rc = uc_buf_appends(out, txt ? txt : "null");

	json_decref(j);
	uc_free(txt);
	return rc == UC_OK ? UC_OK : uc_error_set(err, rc, "report too big");
}

enum uc_status
uc_report_render(struct uc_ctx *ctx, const char *rid, const char *format,
    struct uc_report_file *f, struct uc_error *err)
{
	json_t *j_data = NULL;
	struct uc_part p;
	struct rep r;
	enum uc_status rc;

	uc_buf_init(&f->body, UC_DOC_MAX_BYTES);
	f->content_type = f->filename = NULL;
	if (format == NULL || (strcmp(format, "pdf") != 0 &&
	    strcmp(format, "docx") != 0 && strcmp(format, "json") != 0))
		return uc_error_field(err, "format", "enum", "format is pdf, "
		    "docx or json");
	rc = get_checked(ctx, rid, UC_PERM_INCIDENT_READ, &p, &r, err);
	if (rc == UC_OK)
		rc = data_of(ctx, r.j, &j_data, err);
	if (rc == UC_OK && strcmp(format, "json") == 0)
		rc = render_json(shown(r.j), j_data, &f->body, err);
	else if (rc == UC_OK)
		rc = render_doc(ctx, j_data, format, &f->body, err);
	if (rc == UC_OK) {
		f->filename = uc_arena_printf(ctx->arena, "%s.%s", rid,
		    format);
		f->content_type = strcmp(format, "pdf") == 0 ?
		    "application/pdf" : strcmp(format, "json") == 0 ?
		    "application/json" : "application/vnd.openxmlformats-"
		    "officedocument.wordprocessingml.document";
	}
	json_decref(j_data);
	json_decref(r.j);
	return rc;
}

/* ---- changes ---- */

/* Open the change of report rid: its incident's transaction with perm
 * checked (service/part.h), then the report as it stands in it. */
static enum uc_status
change_begin(struct uc_ctx *ctx, const char *rid, enum uc_perm perm,
    struct uc_part *p, struct rep *r, struct uc_error *err)
{
	enum uc_status rc;

	memset(r, 0, sizeof(*r));
	rc = incident_of(ctx, rid, r->pid, sizeof(r->pid), err);
	if (rc == UC_OK)
		rc = uc_part_begin_perm(ctx, r->pid, perm, 1, p, err);
	if (rc != UC_OK)
		return rc;
	rc = load(ctx, rid, r, err);
	if (rc != UC_OK)
		uc_store_rollback(ctx->st);
	return rc;
}

/* Record the change (audit, timeline, incident touched), commit, and
 * hand back the report as it now stands. */
static enum uc_status
change_end(struct uc_ctx *ctx, struct uc_part *p, struct rep *r,
    const char *rid, enum uc_status rc, const char *action,
    const char *summary, json_t **out, struct uc_error *err)
{
	struct uc_part_change c = { action, "report", r->id, NULL, NULL,
	    summary, NULL };
	struct rep now;

	memset(&now, 0, sizeof(now));
	if (rc == UC_OK)
		rc = load(ctx, rid, &now, err);
	c.before = r->j ? shown(r->j) : NULL;
	c.after = now.j ? shown(now.j) : NULL;
	rc = uc_part_finish(ctx, p, rc, &c, out, err);
	json_decref(r->j);
	return rc;
}

static enum uc_status
check_state(json_t *rep, const char *want, int64_t version,
    struct uc_error *err)
{
	const char *st = sv(rep, "status");

	if (strcmp(st, want) != 0 && strcmp(want, "draft") == 0)
		return uc_error_set(err, UC_ECONFLICT, "report %s is %s: an "
		    "approved report is frozen; draft a new edition that "
		    "replaces it", sv(rep, "id"), st);
	if (strcmp(st, want) != 0)
		return uc_error_set(err, UC_ECONFLICT, "report %s is %s, not "
		    "%s", sv(rep, "id"), st, want);
	return uc_part_version(rep, version, "report", err);
}

static const char *
doc_type(const char *form)
{
	/* Phụ lục III: Thông báo is TB, Báo cáo is BC */
	return strcmp(form, "notice") == 0 ? "TB" : "BC";
}

/* BC-YYYY-NNNN, from the year's row moved in this transaction. */
static enum uc_status
next_rid(struct uc_ctx *ctx, char *rid, size_t len, struct uc_error *err)
{
	int64_t year = uc_calendar_date_of(ctx->now) / 10000, n = 0;
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0, more = 0;

	rc = uc_store_query(ctx->st, &s, err, "INSERT INTO report_ids"
	    " (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET"
	    " last = report_ids.last + 1 RETURNING last", "i", year);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		n = uc_stmt_i64(s, 0);
	/* finish the statement before the next one (PostgreSQL) */
	while (rc == UC_OK && row)
		rc = uc_stmt_step(s, &more, err), row = more;
	uc_stmt_done(s);
	if (rc == UC_OK && n == 0)
		rc = uc_error_set(err, UC_EDB, "report counter not moved");
	snprintf(rid, len, "BC-%04" PRId64 "-%04" PRId64, year, n);
	return rc;
}

/* The edition a new draft replaces: an approved (or later) report of
 * the same incident and form that nothing replaces yet. */
static enum uc_status
check_replaces(struct uc_ctx *ctx, const struct uc_part *p, json_t *in,
    struct rep *old, struct uc_error *err)
{
	const char *rid = str(in, "replaces");
	enum uc_status rc;

	memset(old, 0, sizeof(*old));
	if (rid == NULL)
		return UC_OK;
	rc = load(ctx, rid, old, err);
	if (rc == UC_ENOTFOUND || (rc == UC_OK && strcmp(sv(old->j,
	    "incident"), p->pid) != 0))
		return uc_error_field(err, "replaces", "not_found", "no report"
		    " %s of incident %s", rid, p->pid);
	if (rc == UC_OK && strcmp(sv(old->j, "form"), sv(in, "form")) != 0)
		rc = uc_error_field(err, "replaces", "form", "%s is a report "
		    "of another form", rid);
	else if (rc == UC_OK && strcmp(sv(old->j, "status"), "draft") == 0)
		rc = uc_error_field(err, "replaces", "draft", "%s is a draft:"
		    " edit it instead", rid);
	else if (rc == UC_OK && !json_is_null(json_object_get(old->j,
	    "replaced_by")))
		rc = uc_error_set(err, UC_ECONFLICT, "%s is replaced already,"
		    " by %s", rid, sv(old->j, "replaced_by"));
	return rc;
}

static enum uc_status
check_create(struct uc_ctx *ctx, const struct uc_part *p, json_t *in,
    struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	const char *form = str(in, "form");

	(void)ctx;
	if (!uc_forms_known(form))
		return uc_error_field(err, "form", "enum", "form is notice "
		    "(Thông báo sự cố) or initial (Báo cáo ban đầu, Mẫu 03)");
	if (uc_rulepack_get(p->rulepack, &pack, err) != UC_OK ||
	    uc_rulepack_report(pack, form) == NULL)
		return uc_error_field(err, "form", "enum", "the rule pack %s "
		    "has no report '%s'", p->rulepack, form);
	if (json_object_get(in, "fields") == NULL)
		json_object_set_new(in, "fields", json_object());
	return check_fields(json_object_get(in, "fields"), err);
}

static enum uc_status
insert(struct uc_ctx *ctx, const struct uc_part *p, json_t *in,
    struct rep *old, const char *rid, int64_t *id, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1], *fields;
	json_t *f = old->j && json_object_size(json_object_get(in,
	    "fields")) == 0 ? json_object_get(old->j, "fields") :
	    json_object_get(in, "fields");
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	fields = json_dumps(f, JSON_COMPACT | JSON_SORT_KEYS);
	rc = uc_store_insert(ctx->st, id, err, "INSERT INTO reports"
	    " (public_id, incident_id, unit_id, form, doc_type, edition,"
	    " replaces_id, fields, created_by, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "siississsss", rid, p->id, p->unit_id, str(in, "form"),
	    doc_type(str(in, "form")), (int64_t)(old->j ?
	    json_integer_value(json_object_get(old->j, "edition")) + 1 : 1),
	    uc_store_id_or_null(ctx->arena, old->id), fields,
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now, now);
	uc_free(fields);
	return rc;
}

enum uc_status
uc_report_create(struct uc_ctx *ctx, json_t *in, json_t **out,
    struct uc_error *err)
{
	json_t *j_in = json_deep_copy(in);
	char rid[32] = "";
	struct uc_part p;
	struct rep r, old;
	enum uc_status rc;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	memset(&old, 0, sizeof(old));
	rc = uc_part_begin(ctx, sv(j_in, "incident"), 1, &p, err);
	if (rc != UC_OK)
		goto out;
	rc = check_create(ctx, &p, j_in, err);
	if (rc == UC_OK)
		rc = check_replaces(ctx, &p, j_in, &old, err);
	if (rc == UC_OK)
		rc = next_rid(ctx, rid, sizeof(rid), err);
	if (rc == UC_OK)
		rc = insert(ctx, &p, j_in, &old, rid, &r.id, err);
	snprintf(r.pid, sizeof(r.pid), "%s", p.pid);
	rc = change_end(ctx, &p, &r, rid, rc, "report.create",
	    uc_arena_printf(ctx->arena, "Soạn dự thảo %s %s%s%s",
	    str(j_in, "form") && strcmp(str(j_in, "form"), "notice") == 0 ?
	    "thông báo sự cố" : "báo cáo ban đầu", rid, old.j ? ", thay "
	    "thế " : "", old.j ? sv(old.j, "id") : ""), out, err);
out:
	json_decref(old.j);
	json_decref(j_in);
	return rc;
}

static json_t *
merged_fields(json_t *cur, json_t *patch)
{
	json_t *f = json_deep_copy(cur), *v;
	const char *k;

	json_object_foreach(patch, k, v) {
		if (json_is_null(v))
			json_object_del(f, k);
		else
			json_object_set(f, k, v);
	}
	return f;
}

static enum uc_status
write_fields(struct uc_ctx *ctx, struct rep *r, json_t *patch,
    struct uc_error *err)
{
	json_t *j_f = merged_fields(json_object_get(r->j, "fields"),
	    json_object_get(patch, "fields"));
	char now[UC_TIME_ISO_LEN + 1], *txt = NULL;
	enum uc_status rc;

	rc = check_fields(j_f, err);
	uc_time_format(ctx->now, now, sizeof(now));
	if (rc == UC_OK) {
		txt = json_dumps(j_f, JSON_COMPACT | JSON_SORT_KEYS);
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE reports SET"
		    " fields = ?, version = version + 1, updated_at = ? WHERE"
		    " id = ?", "ssi", txt, now, r->id);
	}
	uc_free(txt);
	json_decref(j_f);
	return rc;
}

enum uc_status
uc_report_update(struct uc_ctx *ctx, const char *rid, int64_t version,
    json_t *patch, json_t **out, struct uc_error *err)
{
	struct uc_part p;
	struct rep r;
	enum uc_status rc;

	*out = NULL;
	rc = change_begin(ctx, rid, UC_PERM_INCIDENT_WRITE, &p, &r, err);
	if (rc != UC_OK)
		return rc;
	rc = check_state(r.j, "draft", version, err);
	if (rc == UC_OK && !json_is_object(json_object_get(patch, "fields")))
		rc = uc_error_field(err, "fields", "required", "fields is an "
		    "object of the free fields to change");
	if (rc == UC_OK)
		rc = write_fields(ctx, &r, patch, err);
	return change_end(ctx, &p, &r, rid, rc, "report.update",
	    uc_arena_printf(ctx->arena, "Sửa dự thảo %s", rid), out, err);
}

/* The unit's next number of this type for the year: the counter row
 * moves in the approving transaction (its row lock serialises
 * concurrent approvals), so numbers never repeat and leave no gap. */
static enum uc_status
next_number(struct uc_ctx *ctx, int64_t unit_id, int64_t year,
    const char *type, int64_t *n, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0, more = 0;

	*n = 0;
	rc = uc_store_query(ctx->st, &s, err, "INSERT INTO doc_counters"
	    " (unit_id, year, doc_type, last) VALUES (?, ?, ?, 1) ON CONFLICT"
	    " (unit_id, year, doc_type) DO UPDATE SET last ="
	    " doc_counters.last + 1 RETURNING last", "iis", unit_id, year,
	    type);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*n = uc_stmt_i64(s, 0);
	while (rc == UC_OK && row)
		rc = uc_stmt_step(s, &more, err), row = more;
	uc_stmt_done(s);
	if (rc == UC_OK && *n == 0)
		rc = uc_error_set(err, UC_EDB, "document counter not moved");
	return rc;
}

/* Number the report: "01/BC-SNV" into r->j. */
static enum uc_status
number(struct uc_ctx *ctx, struct rep *r, int64_t year,
    struct uc_error *err)
{
	json_t *j_u = NULL;
	char num[UC_DOCNUM_LEN];
	int64_t n = 0;
	enum uc_status rc;

	rc = unit_json(ctx, r->unit_id, &j_u, err);
	if (rc == UC_OK && *sv(j_u, "symbol") == '\0')
		rc = uc_error_set(err, UC_ECONFLICT, "unit %s has no document "
		    "symbol: set it before approving", sv(j_u, "name"));
	if (rc == UC_OK)
		rc = next_number(ctx, r->unit_id, year, sv(r->j, "doc_type"),
		    &n, err);
	if (rc == UC_OK)
		rc = uc_docnum_format((long)n, sv(r->j, "doc_type"), sv(j_u,
		    "symbol"), num, sizeof(num), err);
	if (rc == UC_OK) {
		json_object_set_new(r->j, "number", json_string(num));
		json_object_set_new(r->j, "seq", json_integer(n));
	}
	json_decref(j_u);
	return rc;
}

/* Freeze: the data with its number and date, its PDF's SHA-256. */
static enum uc_status
freeze(struct uc_ctx *ctx, struct rep *r, char sha[65],
    struct uc_error *err)
{
	int64_t year = uc_calendar_date_of(ctx->now) / 10000;
	char now[UC_TIME_ISO_LEN + 1], *snap = NULL;
	json_t *j_data = NULL;
	struct uc_buf pdf;
	enum uc_status rc;

	uc_buf_init(&pdf, UC_DOC_MAX_BYTES);
	uc_time_format(ctx->now, now, sizeof(now));
	rc = number(ctx, r, year, err);
	if (rc == UC_OK)
		rc = data_build(ctx, r->j, ctx->now, &j_data, err);
	if (rc == UC_OK)
		rc = render_doc(ctx, j_data, "pdf", &pdf, err);
	if (rc == UC_OK) {
		sha256_hex(&pdf, sha);
		snap = json_dumps(j_data, JSON_COMPACT | JSON_SORT_KEYS);
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE reports SET"
		    " status = 'approved', year = ?, number = ?, symbol = ?,"
		    " snapshot = ?, sha256 = ?, approved_by = ?, approved_at"
		    " = ?, version = version + 1, updated_at = ? WHERE id = ?",
		    "iissssssi", year, (int64_t)json_integer_value(
		    json_object_get(r->j, "seq")), sv(r->j, "number"), snap,
		    sha, uc_store_id_or_null(ctx->arena, ctx->actor.user_id),
		    now, now, r->id);
	}
	uc_free(snap);
	json_decref(j_data);
	uc_buf_cleanup(&pdf);
	return rc;
}

enum uc_status
uc_report_approve(struct uc_ctx *ctx, const char *rid, int64_t version,
    json_t **out, struct uc_error *err)
{
	struct uc_part p;
	struct rep r;
	char sha[65] = "";
	enum uc_status rc;

	*out = NULL;
	rc = change_begin(ctx, rid, UC_PERM_INCIDENT_READ, &p, &r, err);
	if (rc != UC_OK)
		return rc;
	/* the leader of the report's own unit (or above), not of a step's */
	rc = uc_access_unit(ctx, UC_PERM_REPORT_APPROVE, r.unit_id, err);
	if (rc == UC_OK)
		rc = check_state(r.j, "draft", version, err);
	if (rc == UC_OK)
		rc = freeze(ctx, &r, sha, err);
	/* the hash of what was issued, in the chain with the approval */
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "report.document", "report",
		    uc_arena_printf(ctx->arena, "%s:sha256:%s", rid, sha),
		    p.unit_id, NULL, NULL, err);
	return change_end(ctx, &p, &r, rid, rc, "report.approve",
	    uc_arena_printf(ctx->arena, "Phê duyệt %s, số %s", rid,
	    sv(r.j, "number")), out, err);
}

static int
check_recipients(json_t *a, struct uc_error *err)
{
	char path[32];
	json_t *v;
	size_t i;
	int ok = 1;

	if (!json_is_array(a) || json_array_size(a) == 0)
		return uc_error_field(err, "recipients", "required", "name at "
		    "least one recipient"), 0;
	if (json_array_size(a) > LIST_MAX)
		return uc_error_field(err, "recipients", "too_long", "at most "
		    "%d recipients", LIST_MAX), 0;
	json_array_foreach(a, i, v) {
		snprintf(path, sizeof(path), "recipients[%zu]", i);
		if (uc_valid_text(path, json_string_value(v), 1, 200, err) !=
		    UC_OK)
			ok = 0;
	}
	return ok;
}

/* An instant in[k], defaulting to now, not before `after` (ISO). */
static enum uc_status
instant(struct uc_ctx *ctx, json_t *in, const char *k, const char *after,
    struct uc_error *err)
{
	char iso[UC_TIME_ISO_LEN + 1];
	int64_t ms = 0, min = 0;
	enum uc_status rc;

	if (str(in, k) == NULL) {
		uc_time_format(ctx->now, iso, sizeof(iso));
		json_object_set_new(in, k, json_string(iso));
	}
	rc = uc_part_time(ctx, in, k, 1, &ms, err);
	if (rc == UC_OK && after != NULL && uc_time_parse(after, &min) ==
	    UC_OK && ms < min)
		rc = uc_error_field(err, k, "order", "%s is before %s", k,
		    after);
	return rc;
}

/* The incident's report send (report_sends, which the clocks read),
 * in this transaction; see service/send.h for the same record made by
 * hand. */
static enum uc_status
record_send(struct uc_ctx *ctx, const struct uc_part *p, struct rep *r,
    json_t *in, int64_t *send_id, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1], *rcpt;
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	rcpt = json_dumps(json_object_get(in, "recipients"), JSON_COMPACT);
	rc = uc_store_insert(ctx->st, send_id, err, "INSERT INTO"
	    " report_sends (incident_id, report_type, reference, recipients,"
	    " channel, sent_at, created_by, created_at) VALUES (?, ?, ?, ?,"
	    " ?, ?, ?, ?) RETURNING id", "isssssss", p->id, sv(r->j, "form"),
	    sv(r->j, "number"), rcpt, str(in, "channel"), str(in, "sent_at"),
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE reports SET"
		    " status = 'sent', recipients = ?, channel = ?,"
		    " sent_at = ?, sent_by = ?, send_id = ?,"
		    " version = version + 1,"
		    " updated_at = ? WHERE id = ?", "ssssisi", rcpt, str(in,
		    "channel"), str(in, "sent_at"), uc_store_id_or_null(
		    ctx->arena, ctx->actor.user_id), *send_id, now, r->id);
	uc_free(rcpt);
	return rc;
}

enum uc_status
uc_report_send(struct uc_ctx *ctx, const char *rid, int64_t version,
    json_t *in, json_t **out, struct uc_error *err)
{
	json_t *j_in = json_deep_copy(in);
	struct uc_part p;
	struct rep r;
	int64_t send_id = 0;
	enum uc_status rc;

	*out = NULL;
	rc = change_begin(ctx, rid, UC_PERM_INCIDENT_WRITE, &p, &r, err);
	if (rc != UC_OK) {
		json_decref(j_in);
		return rc;
	}
	rc = check_state(r.j, "approved", version, err);
	if (rc == UC_OK) {
		int ok = check_recipients(json_object_get(j_in, "recipients"),
		    err);

		ok &= uc_part_enum("channel", str(j_in, "channel"), channels,
		    err) == UC_OK;
		ok &= instant(ctx, j_in, "sent_at", str(r.j, "approved_at"),
		    err) == UC_OK;
		rc = ok ? UC_OK : UC_EVALID;
	}
	if (rc == UC_OK)
		rc = record_send(ctx, &p, &r, j_in, &send_id, err);
	rc = change_end(ctx, &p, &r, rid, rc, "report.send",
	    uc_arena_printf(ctx->arena, "Gửi %s (số %s)", rid, sv(r.j,
	    "number")), out, err);
	json_decref(j_in);
	return rc;
}

static enum uc_status
record_ack(struct uc_ctx *ctx, struct rep *r, json_t *in,
    struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_run(ctx->st, NULL, err, "UPDATE report_sends SET"
	    " acked_at = ? WHERE id = (SELECT send_id FROM reports WHERE id"
	    " = ?) AND acked_at IS NULL", "si", str(in, "acked_at"), r->id);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE reports SET"
		    " status = 'acknowledged', acked_at = ?, acked_by = ?,"
		    " version = version + 1, updated_at = ? WHERE id = ?",
		    "sssi", str(in, "acked_at"), uc_store_id_or_null(
		    ctx->arena, ctx->actor.user_id), now, r->id);
	return rc;
}

enum uc_status
uc_report_ack(struct uc_ctx *ctx, const char *rid, int64_t version,
    json_t *in, json_t **out, struct uc_error *err)
{
	json_t *j_in = in ? json_deep_copy(in) : json_object();
	struct uc_part p;
	struct rep r;
	enum uc_status rc;

	*out = NULL;
	rc = change_begin(ctx, rid, UC_PERM_INCIDENT_WRITE, &p, &r, err);
	if (rc != UC_OK) {
		json_decref(j_in);
		return rc;
	}
	rc = check_state(r.j, "sent", version, err);
	if (rc == UC_OK)
		rc = instant(ctx, j_in, "acked_at", str(r.j, "sent_at"), err);
	if (rc == UC_OK)
		rc = record_ack(ctx, &r, j_in, err);
	rc = change_end(ctx, &p, &r, rid, rc, "report.ack",
	    uc_arena_printf(ctx->arena, "Nhận xác nhận đã nhận %s (số %s)",
	    rid, sv(r.j, "number")), out, err);
	json_decref(j_in);
	return rc;
}
