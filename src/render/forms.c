/*
 * forms.c - see forms.h. The data object's shape is written down in
 * docs/internals/reports.md; a missing string reads as "".
 */
#include "render/forms.h"

#include <glib.h>
#include <string.h>

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

/* A form line: bold label, then the value. */
static void
field(struct uc_doc *d, const char *label, const char *value)
{
	uc_doc_add_field(d, label, value);
}

/* An option list of data.lists[code]: [{text, checked}]. */
static void
checks(struct uc_doc *d, json_t *data, const char *code,
    const char *label, int column)
{
	json_t *a = json_object_get(o(data, "lists"), code), *v;
	struct uc_doc_checks *c = uc_doc_add_checks(d, label, column);
	size_t i;

	json_array_foreach(a, i, v)
		uc_doc_add_check(c, json_is_true(json_object_get(v,
		    "checked")), s(v, "text"));
}

/* Names of bodies in capitals, Vietnamese marks kept ("Sở Nội vụ" ->
 * "SỞ NỘI VỤ"): the header and the authority line are set so. */
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
	json_t *h = o(data, "head");
	struct uc_doc_head hd = {
		.supervising = s(h, "supervising"),
		.issuing = upper(a, s(h, "issuing")),
		.number = s(h, "number"),
		.place_date = s(h, "place_date"),
	};
	json_t *v;
	size_t i;

	uc_doc_set_head(d, &hd);
	uc_doc_set_title(d, s(h, "kind"), s(h, "subject"));
	uc_doc_set_meta(d, s(h, "file_title"), json_integer_value(
	    json_object_get(h, "created_ms")));
	json_array_foreach(o(data, "to"), i, v)
		uc_doc_add_recipient(d, json_string_value(v));
}

/* Nơi nhận and the signature block, common to every form. */
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
systems_text(struct uc_doc *d, json_t *inc)
{
	json_t *v;
	size_t i;

	json_array_foreach(o(inc, "systems"), i, v) {
		const char *dom = s(v, "domain"), *ip = s(v, "ip");
		struct uc_doc_para *p = uc_doc_add_para(d, UC_DOC_JUSTIFY, 1);

		uc_doc_add_run(p, 0, "- ");
		uc_doc_add_run(p, UC_DOC_BOLD, *s(v, "name") ? s(v, "name") :
		    "(không rõ tên)");
		if (*dom) {
			uc_doc_add_run(p, 0, "; tên miền: ");
			uc_doc_add_run(p, 0, dom);
		}
		if (*ip) {
			uc_doc_add_run(p, 0, "; địa chỉ IP: ");
			uc_doc_add_run(p, 0, ip);
		}
	}
	if (json_array_size(o(inc, "systems")) == 0)
		uc_doc_add_text(d, 0, "(chưa xác định)");
}

/* §3.3 A, TT 20/2017 Điều 9.3.a: six points, in the order of the text. */
static void
notice_body(struct uc_doc *d, json_t *data)
{
	json_t *u = o(data, "unit"), *inc = o(data, "incident");
	json_t *sy = o(data, "system"), *f = o(data, "fields");

	uc_doc_add_section(d, 2, "Tên, địa chỉ đơn vị, cá nhân thông báo "
	    "sự cố");
	field(d, "Tên đơn vị", s(u, "name"));
	field(d, "Địa chỉ", s(u, "address"));
	field(d, "Điện thoại", s(u, "phone"));
	field(d, "Email", s(u, "email"));
	uc_doc_add_section(d, 2, "Tên hoặc tên miền, địa chỉ IP của hệ thống "
	    "thông tin bị sự cố");
	systems_text(d, inc);
	uc_doc_add_section(d, 2, "Tên, địa chỉ đơn vị vận hành và cơ quan "
	    "chủ quản");
	field(d, "Đơn vị vận hành", s(sy, "operator_name"));
	field(d, "Cơ quan chủ quản", s(sy, "owner_name"));
	uc_doc_add_section(d, 2, "Mô tả sự cố và thời điểm phát hiện sự cố");
	field(d, "Tên sự cố", s(inc, "title"));
	field(d, "Loại sự cố", s(inc, "types_vi"));
	uc_doc_add_text(d, 0, s(inc, "description"));
	field(d, "Thời điểm phát hiện", s(inc, "detected_local"));
	uc_doc_add_section(d, 2, "Kết quả xử lý sự cố");
	uc_doc_add_text(d, 0, *s(f, "result") ? s(f, "result") :
	    "(đang xử lý)");
	uc_doc_add_section(d, 2, "Đề xuất, kiến nghị và các thông tin liên "
	    "quan khác");
	uc_doc_add_text(d, 0, *s(f, "proposals") ? s(f, "proposals") :
	    "(không có)");
}

static void
initial_people(struct uc_doc *d, json_t *data)
{
	json_t *r = o(data, "reporter"), *c = o(data, "contact");

	uc_doc_add_section(d, 1, "THÔNG TIN VỀ TỔ CHỨC/CÁ NHÂN BÁO CÁO SỰ "
	    "CỐ");
	field(d, "Tên", s(r, "name"));
	field(d, "Địa chỉ", s(r, "address"));
	field(d, "Điện thoại", s(r, "phone"));
	field(d, "Email", s(r, "email"));
	uc_doc_add_section(d, 1, "NGƯỜI LIÊN HỆ");
	field(d, "Họ và tên", s(c, "full_name"));
	field(d, "Chức vụ", s(c, "position"));
	field(d, "Điện thoại", s(c, "phone"));
	field(d, "Email", s(c, "email"));
}

static void
initial_system(struct uc_doc *d, json_t *data)
{
	json_t *sy = o(data, "system");

	uc_doc_add_section(d, 1, "THÔNG TIN CHI TIẾT VỀ HỆ THỐNG BỊ SỰ CỐ");
	field(d, "Tên đơn vị vận hành hệ thống thông tin",
	    s(sy, "operator_name"));
	field(d, "Cơ quan chủ quản", s(sy, "owner_name"));
	field(d, "Tên hệ thống bị sự cố", s(sy, "name"));
	checks(d, data, "level", "Phân loại cấp độ của hệ thống thông tin "
	    "(nếu có):", 0);
	field(d, "Tổ chức cung cấp dịch vụ an toàn thông tin (nếu có)",
	    s(sy, "security_provider"));
	field(d, "Tên nhà cung cấp dịch vụ kết nối bên ngoài (nếu có)",
	    s(sy, "upstream_provider"));
}

static void
initial_incident(struct uc_doc *d, json_t *data)
{
	json_t *inc = o(data, "incident"), *f = o(data, "fields");

	uc_doc_add_section(d, 1, "MÔ TẢ SƠ BỘ VỀ SỰ CỐ");
	field(d, "Tên sự cố", s(inc, "title"));
	field(d, "Loại sự cố", s(inc, "types_vi"));
	uc_doc_add_text(d, 0, s(inc, "description"));
	if (*s(f, "harm"))
		field(d, "Tác hại ban đầu, phạm vi và ảnh hưởng", s(f,
		    "harm"));
	field(d, "Ngày phát hiện sự cố", s(inc, "detected_date"));
	field(d, "Thời gian phát hiện", s(inc, "detected_time"));
	checks(d, data, "current_status", "Hiện trạng sự cố:", 0);
	checks(d, data, "detection_method", "Cách thức phát hiện:", 1);
	checks(d, data, "notified", "Đã gửi thông báo sự cố cho:", 1);
	uc_doc_add_section(d, 1, "BIỆN PHÁP VÀ KẾT QUẢ ỨNG CỨU BAN ĐẦU");
	field(d, "Các biện pháp đã triển khai hoặc dự kiến",
	    *s(f, "measures") ? s(f, "measures") : "(chưa có)");
	field(d, "Tổ chức đang hỗ trợ và kết quả", *s(f, "assisting") ?
	    s(f, "assisting") : "(không có)");
	field(d, "Kết quả ứng cứu ban đầu", *s(f, "result") ? s(f,
	    "result") : "(đang xử lý)");
}

static void
initial_extra(struct uc_doc *d, json_t *data)
{
	json_t *x = o(data, "extra"), *f = o(data, "fields");

	uc_doc_add_section(d, 1, "THÔNG TIN BỔ SUNG");
	field(d, "Hệ điều hành", s(x, "os"));
	field(d, "Version", s(x, "os_version"));
	checks(d, data, "service", "Các dịch vụ có trên hệ thống:", 1);
	checks(d, data, "control", "Các biện pháp an toàn thông tin đã "
	    "triển khai:", 1);
	field(d, "Các địa chỉ IP của hệ thống", s(x, "ips"));
	field(d, "Các tên miền", s(x, "domains"));
	field(d, "Mục đích chính sử dụng hệ thống", s(x, "purpose"));
	checks(d, data, "attachment", "Thông tin gửi kèm:", 1);
	checks(d, data, "confidential", "Các thông tin cung cấp trong báo "
	    "cáo này phải được giữ bí mật:", 0);
	uc_doc_add_section(d, 1, "KIẾN NGHỊ, ĐỀ XUẤT HỖ TRỢ");
	uc_doc_add_text(d, 0, *s(f, "recommendations") ? s(f,
	    "recommendations") : "(không có)");
	field(d, "Thời gian thực hiện báo cáo", s(data, "report_time"));
}

int
uc_forms_known(const char *form)
{
	return form != NULL && (strcmp(form, "notice") == 0 ||
	    strcmp(form, "initial") == 0);
}

enum uc_status
uc_forms_build(struct uc_arena *a, json_t *data, struct uc_doc **out,
    struct uc_error *err)
{
	const char *form = s(data, "form");
	struct uc_doc *d;

	*out = NULL;
	if (!uc_forms_known(form))
		return uc_error_field(err, "form", "enum", "no document for "
		    "report '%s' (notice, initial)", form);
	if (!json_is_object(o(data, "head")))
		return uc_error_set(err, UC_EVALID, "report data has no "
		    "header");
	d = uc_doc_new(a);
	head(d, a, data);
	if (strcmp(form, "notice") == 0) {
		notice_body(d, data);
	} else {
		initial_people(d, data);
		initial_system(d, data);
		initial_incident(d, data);
		initial_extra(d, data);
	}
	foot(d, a, data);
	*out = d;
	return UC_OK;
}
