/*
 * summary.c - see summary.h. The data object's shape is written down in
 * docs/internals/statistics.md; a missing string reads as "". The §1
 * table follows the form's columns (Mẫu 05 as the VNCERT portal printed
 * it, regulation.md §3.3 E): the type's code before its label, the
 * estimated damage in millions of đồng so that the columns fit A4
 * portrait.
 */
#include "render/summary.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#define BLANK "……………………………………"	/* left for the clerk */
#define NCOLS 7

static const char *
s(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v ? v : "";
}

static json_t *
o(json_t *data, const char *k)
{
	return json_object_get(data, k);
}

const char *
uc_summary_number(struct uc_arena *a, long long v)
{
	char digits[32], out[48];
	size_t n, i, k = 0;
	int neg = v < 0;

	snprintf(digits, sizeof(digits), "%llu", neg ? 0ULL -
	    (unsigned long long)v : (unsigned long long)v);
	n = strlen(digits);
	if (neg)
		out[k++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[k++] = '.';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	return uc_arena_strdup(a, out);
}

/* Names of bodies in capitals, Vietnamese marks kept (as forms.c). */
static const char *
upper(struct uc_arena *a, const char *text)
{
	char *g = g_utf8_strup(text, -1);
	const char *out = uc_arena_strdup(a, g ? g : "");

	g_free(g);
	return out;
}

static void
head(struct uc_doc *d, struct uc_arena *a, json_t *data)
{
	json_t *h = o(data, "head"), *v;
	struct uc_doc_head hd = {
		.supervising = s(h, "supervising"),
		.issuing = upper(a, s(h, "issuing")),
		.number = s(h, "number"),
		.place_date = s(h, "place_date"),
	};
	size_t i;

	uc_doc_set_head(d, &hd);
	uc_doc_set_title(d, s(h, "kind"), s(h, "subject"));
	uc_doc_set_meta(d, s(h, "file_title"), json_integer_value(
	    json_object_get(h, "created_ms")));
	json_array_foreach(o(data, "to"), i, v)
		uc_doc_add_recipient(d, json_string_value(v));
}

static void
foot(struct uc_doc *d, struct uc_arena *a, json_t *data)
{
	json_t *sg = o(data, "signer"), *v;
	size_t i;

	uc_doc_add_copy(d, "Như trên");
	json_array_foreach(o(data, "copies"), i, v)
		uc_doc_add_copy(d, json_string_value(v));
	uc_doc_set_archive(d, s(data, "archive"));
	if (*s(sg, "authority"))
		uc_doc_add_authority(d, s(sg, "prefix"), upper(a, s(sg,
		    "authority")));
	uc_doc_set_signer(d, s(sg, "title"), s(sg, "name"), s(sg, "note"));
}

static void
organisation(struct uc_doc *d, json_t *data)
{
	json_t *org = o(data, "org");

	uc_doc_add_field(d, "Thời gian báo cáo", s(o(data, "period"),
	    "line"));
	uc_doc_add_field(d, "Tên cơ quan/tổ chức", s(org, "name"));
	uc_doc_add_field(d, "Địa chỉ", *s(org, "address") ? s(org,
	    "address") : BLANK);
	uc_doc_add_field(d, "Mã thành viên mạng lưới", *s(org,
	    "member_code") ? s(org, "member_code") : BLANK);
}

static const char *
count(struct uc_arena *a, json_t *r, const char *k)
{
	return uc_summary_number(a, (long long)json_integer_value(
	    json_object_get(r, k)));
}

/* Đồng as millions, as official tables do ("triệu đồng"): up to three
 * decimals after a decimal comma, so that a column stays narrow. */
static const char *
millions(struct uc_arena *a, json_t *r, const char *k)
{
	long long v = (long long)json_integer_value(json_object_get(r, k));
	long long whole = v / 1000000, frac = (v % 1000000 + 500) / 1000;
	char dec[8];
	int n;

	if (frac == 1000) {
		whole++;
		frac = 0;
	}
	if (frac == 0)
		return uc_summary_number(a, whole);
	n = snprintf(dec, sizeof(dec), "%03lld", frac);
	while (n > 0 && dec[n - 1] == '0')
		dec[--n] = '\0';
	return uc_arena_printf(a, "%s,%s", uc_summary_number(a, whole), dec);
}

/* "TC01. Tấn công từ chối dịch vụ"; a group heading has no code. */
static const char *
label(struct uc_arena *a, json_t *r)
{
	if (strcmp(s(r, "kind"), "type") != 0)
		return s(r, "label");
	return uc_arena_printf(a, "%s. %s", s(r, "code"), s(r, "label"));
}

static void
table_row(struct uc_doc_table *t, struct uc_arena *a, json_t *r)
{
	const char *kind = s(r, "kind");
	const char *cells[NCOLS] = { label(a, r) };
	static const char *const keys[NCOLS - 2] = { "count", "self",
		"domestic", "foreign", "vncert" };
	size_t i;

	if (strcmp(kind, "group") != 0) {
		for (i = 0; i < NCOLS - 2; i++)
			cells[i + 1] = count(a, r, keys[i]);
		cells[NCOLS - 1] = millions(a, r, "damage");
	}
	uc_doc_table_row(t, strcmp(kind, "type") == 0 || strcmp(kind,
	    "untyped") == 0 ? 0 : UC_DOC_BOLD, cells);
}

/* §1: one row per type under its cause group, then the total. */
static void
counts(struct uc_doc *d, struct uc_arena *a, json_t *data)
{
	static const unsigned widths[NCOLS] = { 28, 10, 10, 12, 12, 15, 13 };
	static const enum uc_doc_align align[NCOLS] = { UC_DOC_LEFT,
		UC_DOC_RIGHT, UC_DOC_RIGHT, UC_DOC_RIGHT, UC_DOC_RIGHT,
		UC_DOC_RIGHT, UC_DOC_RIGHT };
	static const char *const titles[NCOLS] = {
		"Loại sự cố/tấn công mạng", "Số lượng", "Số sự cố tự xử lý",
		"Số sự cố có hỗ trợ xử lý từ các tổ chức khác",
		"Số sự cố có hỗ trợ xử lý từ tổ chức nước ngoài",
		"Số sự cố đề nghị VNCERT hỗ trợ xử lý",
		"Thiệt hại ước tính (triệu đồng)" };
	struct uc_doc_table *t;
	json_t *r;
	size_t i;

	uc_doc_add_section(d, 2, "Số lượng sự cố và cách thức xử lý");
	t = uc_doc_add_table(d, NCOLS, widths, align);
	uc_doc_table_head(t, titles);
	json_array_foreach(o(data, "rows"), i, r)
		table_row(t, a, r);
	json_array_foreach(o(data, "notes"), i, r)
		uc_doc_add_text(d, UC_DOC_ITALIC, json_string_value(r));
}

static void
list(struct uc_doc *d, struct uc_arena *a, json_t *items)
{
	json_t *v;
	size_t i;

	json_array_foreach(items, i, v)
		uc_doc_add_text(d, 0, uc_arena_printf(a, "- %s",
		    json_string_value(v)));
	if (json_array_size(items) == 0)
		uc_doc_add_text(d, 0, "(không có)");
}

static void
body(struct uc_doc *d, struct uc_arena *a, json_t *data)
{
	organisation(d, data);
	counts(d, a, data);
	uc_doc_add_section(d, 2, "Danh sách các tổ chức hỗ trợ xử lý sự cố");
	list(d, a, o(data, "helpers"));
	uc_doc_add_section(d, 2, "Danh sách các tổ chức nước ngoài hỗ trợ xử "
	    "lý sự cố");
	list(d, a, o(data, "foreign_helpers"));
	uc_doc_add_section(d, 2, "Đề xuất kiến nghị");
	uc_doc_add_text(d, 0, *s(data, "proposals") ? s(data, "proposals") :
	    BLANK);
}

enum uc_status
uc_summary_build(struct uc_arena *a, json_t *data, struct uc_doc **out,
    struct uc_error *err)
{
	struct uc_doc *d;

	*out = NULL;
	if (strcmp(s(data, "form"), "summary05") != 0)
		return uc_error_field(err, "form", "enum", "no summary for "
		    "form '%s' (summary05)", s(data, "form"));
	if (!json_is_object(o(data, "head")))
		return uc_error_set(err, UC_EVALID, "summary data has no "
		    "header");
	d = uc_doc_new(a);
	head(d, a, data);
	body(d, a, data);
	foot(d, a, data);
	*out = d;
	return UC_OK;
}
