/*
 * report_fields.c - the forms a report can take and the free fields of
 * each: what the operator adds to what the register holds (see
 * report_int.h and docs/internals/reports.md). Everything else in a
 * document comes from the register, so it is not a field here.
 */
#include "service/report.h"
#include "service/report_int.h"
#include "core/mem.h"
#include "domain/validate.h"

#include <stdio.h>
#include <string.h>

#define TEXT_MAX 5000	/* a free text */
#define LINE_MAX 300	/* a name, a number, a line of a list */
#define LIST_MAX 20	/* Kính gửi, Nơi nhận, attachments */
#define ROWS_MAX 200	/* rows of a table (Mẫu 01) */
#define COUNT_MAX 1000000

enum ftype {
	F_TEXT,		/* several lines */
	F_LINE,		/* one line */
	F_DATE,		/* dd/mm/yyyy */
	F_LIST,		/* lines */
	F_BOOL,
	F_OBJ,		/* an object of lines, keys as listed */
	F_ROWS		/* a table: objects, keys as listed */
};

/* A key of an object or of a row: kind 's' a line of text, 'n' a count
 * (0-1000000), 'l' a security level (1-5), 'g' a group of Mẫu 01's
 * staff tables (staff_groups). */
struct fkey {
	const char *name;
	char kind;
};

struct fspec {
	const char *name;
	enum ftype type;
	const struct fkey *keys;
};

/* Mẫu 01 §6 (by field of training, level, certificate) and §7 (the
 * four groups of experts). */
static const char *const staff_groups[] = {
	"field", "level", "certificate", "management", "defence",
	"protection", "assessment", NULL
};

static const struct fkey person_keys[] = {
	{ "full_name", 's' }, { "position", 's' }, { "phone", 's' },
	{ "email", 's' }, { NULL, 0 }
};
static const struct fkey leader_keys[] = {
	{ "full_name", 's' }, { "position", 's' }, { NULL, 0 }
};
static const struct fkey intake_keys[] = {
	{ "address", 's' }, { "phone", 's' }, { "mobile", 's' },
	{ "fax", 's' }, { "email", 's' }, { NULL, 0 }
};
static const struct fkey contact_keys[] = {
	{ "full_name", 's' }, { "position", 's' }, { "address", 's' },
	{ "phone", 's' }, { "mobile", 's' }, { "fax", 's' }, { "email", 's' },
	{ NULL, 0 }
};
static const struct fkey system_keys[] = {
	{ "name", 's' }, { "level", 'l' }, { NULL, 0 }
};
static const struct fkey staff_keys[] = {
	{ "group", 'g' }, { "label", 's' }, { "count", 'n' }, { NULL, 0 }
};
/* Mẫu 05's period: first day, and the day after the last
 * (service/stats.h: yyyy-mm-dd or dd/mm/yyyy) */
static const struct fkey period_keys[] = {
	{ "from", 'd' }, { "to", 'd' }, { NULL, 0 }
};
static const struct fkey member_keys[] = {
	{ "full_name", 's' }, { "school", 's' }, { "major", 's' },
	{ "degree", 's' }, { "graduated", 's' }, { NULL, 0 }
};

static const struct fspec specs[] = {
	{ "to", F_LIST, NULL }, { "copies", F_LIST, NULL },
	{ "confidential", F_BOOL, NULL },
	{ "result", F_TEXT, NULL }, { "proposals", F_TEXT, NULL },
	{ "harm", F_TEXT, NULL }, { "measures", F_TEXT, NULL },
	{ "assisting", F_TEXT, NULL }, { "recommendations", F_TEXT, NULL },
	{ "initial_number", F_LINE, NULL }, { "initial_date", F_DATE, NULL },
	{ "root_cause", F_TEXT, NULL }, { "damage", F_TEXT, NULL },
	{ "lessons", F_TEXT, NULL }, { "attachments", F_LIST, NULL },
	{ "developments", F_TEXT, NULL }, { "scope", F_TEXT, NULL },
	{ "plan", F_TEXT, NULL }, { "request", F_TEXT, NULL },
	{ "support", F_TEXT, NULL }, { "coordinate", F_TEXT, NULL },
	{ "contact", F_OBJ, person_keys },
	{ "fax", F_LINE, NULL }, { "website", F_LINE, NULL },
	{ "leader", F_OBJ, leader_keys }, { "intake", F_OBJ, intake_keys },
	{ "contact_primary", F_OBJ, contact_keys },
	{ "contact_backup", F_OBJ, contact_keys },
	{ "activity", F_TEXT, NULL },
	{ "systems", F_ROWS, system_keys },
	{ "staff", F_ROWS, staff_keys },
	{ "staff_list", F_ROWS, member_keys },
	{ "period", F_OBJ, period_keys },
	{ "helpers", F_LIST, NULL }, { "foreign_helpers", F_LIST, NULL },
	{ NULL, 0, NULL }
};

/* The free fields of each form. */
static const char *const notice_f[] = {
	"to", "copies", "result", "proposals", NULL
};
static const char *const initial_f[] = {
	"to", "copies", "confidential", "harm", "measures", "assisting",
	"result", "recommendations", NULL
};
static const char *const final_f[] = {
	"to", "copies", "initial_number", "initial_date", "result",
	"root_cause", "damage", "lessons", "attachments", NULL
};
/* §3.3 D, the same for the four free-form reports (types 3-6) */
#define INTERMEDIATE "to", "copies", "initial_number", "initial_date", \
	"developments", "scope", "measures", "support", "coordinate", \
	"contact", "recommendations"
static const char *const progress_f[] = { INTERMEDIATE, NULL };
static const char *const plan_f[] = { INTERMEDIATE, "plan", NULL };
static const char *const direction_f[] = { INTERMEDIATE, "request", NULL };
static const char *const member_f[] = {
	"to", "copies", "fax", "website", "leader", "intake",
	"contact_primary", "contact_backup", "activity", "systems", "staff",
	"staff_list", NULL
};

/* Mẫu 05: §2 and §3 (the register's helpers by default), §4 */
static const char *const summary_f[] = {
	"to", "copies", "period", "helpers", "foreign_helpers", "proposals",
	NULL
};

static const struct uc_report_form forms[] = {
	{ "notice", "TB", 0, "THÔNG BÁO", "Sự cố an toàn thông tin mạng",
	  "thông báo sự cố", "", notice_f, NULL, "Thông báo sự cố",
	  "Incident notice" },
	{ "initial", "BC", 0, "BÁO CÁO", "Ban đầu sự cố an toàn thông tin "
	  "mạng", "báo cáo ban đầu", "", initial_f, NULL, "Báo cáo ban đầu",
	  "Initial report" },
	{ "progress", "BC", 0, "BÁO CÁO", "Diễn biến tình hình sự cố an "
	  "toàn thông tin mạng", "báo cáo diễn biến tình hình",
	  "báo cáo diễn biến tình hình", progress_f, NULL,
	  "Báo cáo diễn biến tình hình", "Progress report" },
	{ "plan", "BC", 0, "BÁO CÁO", "Phương án ứng cứu cụ thể sự cố an "
	  "toàn thông tin mạng", "báo cáo phương án ứng cứu cụ thể",
	  "báo cáo phương án ứng cứu cụ thể đối với", plan_f, NULL,
	  "Báo cáo phương án ứng cứu cụ thể", "Response plan report" },
	{ "direction_request", "BC", 0, "BÁO CÁO", "Xin ý kiến chỉ đạo, chỉ "
	  "huy ứng cứu sự cố an toàn thông tin mạng", "báo cáo xin ý kiến "
	  "chỉ đạo, chỉ huy", "báo cáo và xin ý kiến chỉ đạo, chỉ huy ứng "
	  "cứu", direction_f, NULL, "Báo cáo xin ý kiến chỉ đạo, chỉ huy",
	  "Request for direction" },
	{ "support_request", "BC", 0, "BÁO CÁO", "Đề nghị hỗ trợ, phối hợp "
	  "ứng cứu sự cố an toàn thông tin mạng", "báo cáo đề nghị hỗ trợ, "
	  "phối hợp", "báo cáo và đề nghị hỗ trợ, phối hợp ứng cứu",
	  progress_f, NULL, "Báo cáo đề nghị hỗ trợ, phối hợp",
	  "Request for support or coordination" },
	{ "final", "BC", 0, "BÁO CÁO", "Kết thúc ứng phó sự cố an toàn "
	  "thông tin mạng", "báo cáo kết thúc ứng phó sự cố", "", final_f,
	  NULL, "Báo cáo kết thúc ứng phó sự cố", "End-of-response report" },
	/* Mẫu 01 travels with a công văn, which carries the number */
	{ "member_profile", "", 1, "BẢN KHAI", "Hồ sơ thành viên mạng lưới "
	  "ứng cứu sự cố", "bản khai hồ sơ thành viên mạng lưới", "",
	  member_f, NULL, "Bản khai hồ sơ thành viên mạng lưới (Mẫu 01)",
	  "Network member profile (form 01)" },
	/* Mẫu 05, TT 20/2017 Điều 6.1.c: a unit's 6-month or annual
	 * summary, numbered as a Báo cáo; its data is the statistics of
	 * the period (service/stats.h) */
	{ "summary", "BC", 1, "BÁO CÁO", "Tổng hợp về hoạt động tiếp nhận "
	  "và xử lý sự cố", "báo cáo tổng hợp", "", summary_f, "period",
	  "Báo cáo tổng hợp tiếp nhận và xử lý sự cố (Mẫu 05)",
	  "Summary of incident handling (form 05)" },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }
};

const struct uc_report_form *
uc_report_form(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && forms[i].code != NULL; i++)
		if (strcmp(forms[i].code, code) == 0)
			return &forms[i];
	return NULL;
}

int
uc_report_is_form(const char *code)
{
	return uc_report_form(code) != NULL;
}

const struct uc_report_form *
uc_report_form_at(size_t i)
{
	return i < sizeof(forms) / sizeof(forms[0]) - 1 ? &forms[i] : NULL;
}

static const struct fspec *
spec_of(const struct uc_report_form *f, const char *name)
{
	size_t i;

	for (i = 0; f->fields[i] != NULL; i++)
		if (strcmp(f->fields[i], name) == 0)
			break;
	if (f->fields[i] == NULL)
		return NULL;
	for (i = 0; specs[i].name != NULL; i++)
		if (strcmp(specs[i].name, name) == 0)
			return &specs[i];
	return NULL;
}

/* ---- one value ---- */

static int
line(const char *path, json_t *v, long max, struct uc_error *err)
{
	if (!json_is_string(v))
		return uc_error_field(err, path, "type", "%s is text", path),
		    0;
	return uc_valid_text(path, json_string_value(v), 0, max, err) ==
	    UC_OK;
}

static int
text(const char *path, json_t *v, struct uc_error *err)
{
	if (!json_is_string(v))
		return uc_error_field(err, path, "type", "%s is text", path),
		    0;
	return uc_valid_lines(path, json_string_value(v), 0, TEXT_MAX,
	    err) == UC_OK;
}

/* dd/mm/yyyy, a real day (the form's "Ngày báo cáo"). */
static int
date(const char *path, json_t *v, struct uc_error *err)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	const char *s = json_string_value(v);
	int d = 0, m = 0, y = 0, n = 0;

	if (s != NULL && strlen(s) == 10 && sscanf(s, "%2d/%2d/%4d%n", &d, &m,
	    &y, &n) == 3 && n == 10 && s[2] == '/' && s[5] == '/' &&
	    y >= 2000 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= mdays[m - 1] && (m != 2 || d < 29 || (y % 4 == 0 &&
	    (y % 100 != 0 || y % 400 == 0))))
		return 1;
	return uc_error_field(err, path, "format", "%s is a date dd/mm/yyyy",
	    path), 0;
}

/* A day as service/stats.h takes it: yyyy-mm-dd or dd/mm/yyyy (the
 * statistics check that it is a real day, and the order). */
static int
day(const char *path, json_t *v, struct uc_error *err)
{
	const char *s = json_string_value(v);
	static const char iso[] = "dddd-dd-dd", vn[] = "dd/dd/dddd";
	size_t i;
	int a = s != NULL && strlen(s) == 10, b = a;

	for (i = 0; a + b > 0 && i < 10; i++) {
		a &= iso[i] == 'd' ? s[i] >= '0' && s[i] <= '9' : s[i] ==
		    iso[i];
		b &= vn[i] == 'd' ? s[i] >= '0' && s[i] <= '9' : s[i] ==
		    vn[i];
	}
	if (a || b)
		return 1;
	return uc_error_field(err, path, "format", "%s is a day: yyyy-mm-dd "
	    "or dd/mm/yyyy", path), 0;
}

static int
in_set(const char *v, const char *const *set)
{
	size_t i;

	for (i = 0; v != NULL && set[i] != NULL; i++)
		if (strcmp(set[i], v) == 0)
			return 1;
	return 0;
}

static int
int_in(const char *path, json_t *v, json_int_t min, json_int_t max,
    struct uc_error *err)
{
	if (json_is_integer(v) && json_integer_value(v) >= min &&
	    json_integer_value(v) <= max)
		return 1;
	return uc_error_field(err, path, "range", "%s is a whole number from "
	    "%" JSON_INTEGER_FORMAT " to %" JSON_INTEGER_FORMAT, path, min,
	    max), 0;
}

static int
key_value(const char *path, char kind, json_t *v, struct uc_error *err)
{
	switch (kind) {
	case 's':
		return line(path, v, LINE_MAX, err);
	case 'n':
		return int_in(path, v, 0, COUNT_MAX, err);
	case 'l':
		return json_is_null(v) || int_in(path, v, 1, 5, err);
	case 'd':
		return day(path, v, err);
	case 'g':
		if (in_set(json_string_value(v), staff_groups))
			return 1;
		return uc_error_field(err, path, "enum", "%s is one of field, "
		    "level, certificate, management, defence, protection, "
		    "assessment", path), 0;
	default:
		uc_assert(!"key kind");
		return 0;
	}
}

/* An object whose keys are in keys. */
static int
object(const char *path, json_t *o, const struct fkey *keys,
    struct uc_error *err)
{
	char sub[96];
	const char *k;
	json_t *v;
	size_t i;
	int ok = 1;

	if (!json_is_object(o))
		return uc_error_field(err, path, "type", "%s is an object",
		    path), 0;
	json_object_foreach(o, k, v) {
		snprintf(sub, sizeof(sub), "%s.%.30s", path, k);
		for (i = 0; keys[i].name != NULL; i++)
			if (strcmp(keys[i].name, k) == 0)
				break;
		if (keys[i].name == NULL)
			ok = uc_error_field(err, sub, "unknown", "%s is not a "
			    "field here", sub) && 0;
		else
			ok &= key_value(sub, keys[i].kind, v, err);
	}
	return ok;
}

/* An array of at most max items, each checked by object() when keys is
 * given, else as a line. */
static int
array(const char *path, json_t *a, size_t max, const struct fkey *keys,
    struct uc_error *err)
{
	char sub[64];
	json_t *v;
	size_t i;
	int ok = 1;

	if (!json_is_array(a) || json_array_size(a) > max)
		return uc_error_field(err, path, "type", "%s is a list of at "
		    "most %zu items", path, max), 0;
	json_array_foreach(a, i, v) {
		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		ok &= keys ? object(sub, v, keys, err) : line(sub, v,
		    LINE_MAX, err);
	}
	return ok;
}

static int
field(const char *path, const struct fspec *sp, json_t *v,
    struct uc_error *err)
{
	switch (sp->type) {
	case F_TEXT:
		return text(path, v, err);
	case F_LINE:
		return line(path, v, LINE_MAX, err);
	case F_DATE:
		return date(path, v, err);
	case F_LIST:
		return array(path, v, LIST_MAX, NULL, err);
	case F_BOOL:
		if (json_is_boolean(v))
			return 1;
		return uc_error_field(err, path, "type", "%s is true or "
		    "false", path), 0;
	case F_OBJ:
		return object(path, v, sp->keys, err);
	case F_ROWS:
		return array(path, v, ROWS_MAX, sp->keys, err);
	default:
		uc_assert(!"field type");
		return 0;
	}
}

enum uc_status
uc_report_fields_check(const struct uc_report_form *f, json_t *fields,
    struct uc_error *err)
{
	const struct fspec *sp;
	const char *k;
	json_t *v;
	char path[48];
	int ok = 1;

	if (!json_is_object(fields))
		return uc_error_field(err, "fields", "type", "fields is an "
		    "object");
	json_object_foreach(fields, k, v) {
		snprintf(path, sizeof(path), "fields.%.30s", k);
		if ((sp = spec_of(f, k)) == NULL)
			ok = uc_error_field(err, path, "unknown", "%s is not a "
			    "free field of a report of form %s", path,
			    f->code) && 0;
		else
			ok &= field(path, sp, v, err);
	}
	if (f->required != NULL && json_object_get(fields, f->required) ==
	    NULL) {
		snprintf(path, sizeof(path), "fields.%.30s", f->required);
		ok = uc_error_field(err, path, "required", "a report of form "
		    "%s needs %s", f->code, path) && 0;
	}
	return ok ? UC_OK : UC_EVALID;
}

/* ---- the list the API shows ---- */

static const char *
type_name(enum ftype t)
{
	static const char *const names[] = { "text", "line", "date", "list",
		"bool", "object", "table" };

	return names[t];
}

static const char *
key_type(char kind)
{
	switch (kind) {
	case 'n':
		return "count";
	case 'l':
		return "level";
	case 'g':
		return "staff_group";
	case 'd':
		return "day";
	default:
		return "line";
	}
}

static json_t *
keys_json(const struct fkey *keys)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; keys[i].name != NULL; i++)
		json_array_append_new(a, json_pack("{ss ss}", "name",
		    keys[i].name, "type", key_type(keys[i].kind)));
	return a;
}

/* One field: its limits as the checks above apply them. */
static json_t *
field_json(const struct uc_report_form *f, const struct fspec *sp)
{
	json_t *j = json_pack("{ss ss sb}", "name", sp->name, "type",
	    type_name(sp->type), "required", f->required != NULL &&
	    strcmp(f->required, sp->name) == 0);

	if (sp->type == F_TEXT)
		json_object_set_new(j, "max_length", json_integer(TEXT_MAX));
	else if (sp->type == F_LINE || sp->type == F_LIST)
		json_object_set_new(j, "max_length", json_integer(LINE_MAX));
	else if (sp->type == F_DATE)
		json_object_set_new(j, "format", json_string("dd/mm/yyyy"));
	if (sp->type == F_LIST || sp->type == F_ROWS)
		json_object_set_new(j, "max_items", json_integer(
		    sp->type == F_LIST ? LIST_MAX : ROWS_MAX));
	if (sp->keys != NULL) {
		json_object_set_new(j, "keys", keys_json(sp->keys));
		json_object_set_new(j, "key_max_length",
		    json_integer(LINE_MAX));
	}
	return j;
}

json_t *
uc_report_fields_json(const struct uc_report_form *f)
{
	json_t *a = json_array();
	const struct fspec *sp;
	size_t i;

	for (i = 0; f->fields[i] != NULL; i++)
		if ((sp = spec_of(f, f->fields[i])) != NULL)
			json_array_append_new(a, field_json(f, sp));
	return a;
}
