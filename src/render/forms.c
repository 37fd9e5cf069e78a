/*
 * forms.c - see forms.h. The data object's shape is written down in
 * docs/internals/reports.md; a missing string reads as "".
 *
 * Labels follow the forms as the regulation gives them (regulation.md
 * §3.3 A-F); the words of an empty section say what is missing
 * ("(không có)") rather than leave a bare heading.
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
		.number = *s(h, "number") ? s(h, "number") : NULL,
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

	if (json_array_size(o(data, "to")) > 0)
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

/* ---- Mẫu 04 and the free-form reports ---- */

/* A form line whose empty value is left as dots for the clerk, as
 * printed forms do, rather than a bare label. */
static void
line(struct uc_doc *d, const char *label, const char *value)
{
	uc_doc_add_field(d, label, *value ? value : "………………………");
}

/* s(o, k), or the words for an empty section. */
static const char *
or_none(json_t *o, const char *k, const char *none)
{
	return *s(o, k) ? s(o, k) : none;
}

/* Each line of a as a list item: "- a;" ... "- z.". */
static void
list_paras(struct uc_doc *d, struct uc_arena *a, json_t *arr)
{
	size_t i, n = json_array_size(arr), len;
	const char *t;

	for (i = 0; i < n; i++) {
		t = json_string_value(json_array_get(arr, i));
		t = t ? t : "";
		len = strlen(t);
		if (len > 0 && (t[len - 1] == '.' || t[len - 1] == ';'))
			len--;
		uc_doc_add_text(d, 0, uc_arena_printf(a, "- %.*s%s",
		    (int)len, t, i + 1 == n ? "." : ";"));
	}
}

/* The ticked item of single-choice list code, or none: a level is one
 * word, where five boxes would not fit on the label's line. */
static const char *
ticked(json_t *data, const char *code, const char *none)
{
	json_t *a = json_object_get(o(data, "lists"), code), *v;
	size_t i;

	json_array_foreach(a, i, v)
		if (json_is_true(json_object_get(v, "checked")))
			return s(v, "text");
	return none;
}

/* The initial report named: "Số ký hiệu: 02/BC-SNV; Ngày báo cáo:
 * 21/11/2026" (Mẫu 04's words). */
static void
initial_link(struct uc_doc *d, json_t *data)
{
	json_t *in = o(data, "initial");
	struct uc_doc_para *p = uc_doc_add_para(d, UC_DOC_JUSTIFY, 1);

	uc_doc_add_run(p, UC_DOC_BOLD, "Số ký hiệu: ");
	uc_doc_add_run(p, 0, or_none(in, "number", "chưa có"));
	uc_doc_add_run(p, 0, "; ");
	uc_doc_add_run(p, UC_DOC_BOLD, "Ngày báo cáo: ");
	uc_doc_add_run(p, 0, or_none(in, "date", "chưa có"));
}

static void
reporter(struct uc_doc *d, json_t *data)
{
	json_t *r = o(data, "reporter");

	line(d, "Tên tổ chức/cá nhân báo cáo sự cố", s(r, "name"));
	line(d, "Địa chỉ", s(r, "address"));
	line(d, "Điện thoại", s(r, "phone"));
	line(d, "Email", s(r, "email"));
}

/* Mẫu 04 (§3.3 C). */
static void
final_body(struct uc_doc *d, struct uc_arena *a, json_t *data)
{
	json_t *sy = o(data, "system"), *inc = o(data, "incident");
	json_t *f = o(data, "fields");

	uc_doc_add_section(d, 1, "THÔNG TIN VỀ TỔ CHỨC/CÁ NHÂN BÁO CÁO SỰ "
	    "CỐ");
	reporter(d, data);
	uc_doc_add_section(d, 1, "KÝ HIỆU BÁO CÁO BAN ĐẦU SỰ CỐ");
	initial_link(d, data);
	uc_doc_add_section(d, 1, "THÔNG TIN CHI TIẾT VỀ HỆ THỐNG BỊ SỰ CỐ");
	line(d, "Tên đơn vị vận hành hệ thống thông tin",
	    s(sy, "operator_name"));
	line(d, "Cơ quan chủ quản", s(sy, "owner_name"));
	line(d, "Tên hệ thống", s(sy, "name"));
	line(d, "Phân loại cấp độ của hệ thống thông tin", ticked(data,
	    "level", "Chưa xác định"));
	uc_doc_add_section(d, 1, "TÊN, MÔ TẢ VỀ SỰ CỐ");
	line(d, "Tên sự cố", s(inc, "title"));
	if (*s(inc, "types_vi"))
		line(d, "Loại sự cố", s(inc, "types_vi"));
	uc_doc_add_text(d, 0, s(inc, "description"));
	line(d, "Ngày phát hiện sự cố", s(inc, "detected_date"));
	line(d, "Thời gian phát hiện", s(inc, "detected_time"));
	uc_doc_add_section(d, 1, "KẾT QUẢ XỬ LÝ SỰ CỐ");
	if (*s(data, "ended"))
		line(d, "Thời điểm kết thúc ứng phó", s(data, "ended"));
	line(d, "Tóm tắt diễn biến và cách thức giải quyết",
	    or_none(f, "result", "(chưa có)"));
	line(d, "Nguyên nhân sự cố", or_none(f, "root_cause", "(chưa có)"));
	line(d, "Thiệt hại", or_none(f, "damage", "(chưa có)"));
	line(d, "Bài học kinh nghiệm, đề xuất giải pháp phòng ngừa sự cố "
	    "tương tự", or_none(f, "lessons", "(chưa có)"));
	uc_doc_add_section(d, 1, "CÁC TÀI LIỆU ĐÍNH KÈM");
	if (json_array_size(o(data, "attachments")) > 0)
		list_paras(d, a, o(data, "attachments"));
	else
		uc_doc_add_text(d, 0, "(không có)");
}

/* §3.3 D: the four free-form reports share one layout; the plan and
 * the request for direction add their own section. */
static void
later_body(struct uc_doc *d, struct uc_arena *a, json_t *data)
{
	json_t *inc = o(data, "incident"), *f = o(data, "fields");
	json_t *c = o(f, "contact"), *in = o(data, "initial");
	const char *form = s(data, "form");

	uc_doc_add_text(d, 0, s(data, "opening"));
	uc_doc_add_section(d, 1, "THÔNG TIN CHUNG");
	line(d, "Số, ký hiệu báo cáo ban đầu", *s(in, "date") &&
	    strcmp(s(in, "date"), "chưa có") != 0 ? uc_arena_printf(a,
	    "%s, ngày %s", s(in, "number"), s(in, "date")) : or_none(in,
	    "number", "chưa có"));
	line(d, "Tên sự cố", s(inc, "title"));
	if (*s(inc, "types_vi"))
		line(d, "Loại sự cố", s(inc, "types_vi"));
	line(d, "Thời điểm phát hiện", s(inc, "detected_local"));
	line(d, "Thời điểm báo cáo", s(data, "report_time_vi"));
	uc_doc_add_section(d, 1, "DIỄN BIẾN MỚI");
	uc_doc_add_text(d, 0, or_none(f, "developments", "(không có diễn "
	    "biến mới)"));
	uc_doc_add_section(d, 1, "PHẠM VI, ĐỐI TƯỢNG ẢNH HƯỞNG");
	uc_doc_add_text(d, 0, or_none(f, "scope", "(chưa xác định)"));
	uc_doc_add_section(d, 1, "BIỆN PHÁP ĐÃ, ĐANG TRIỂN KHAI");
	uc_doc_add_text(d, 0, or_none(f, "measures", "(chưa có)"));
	if (strcmp(form, "plan") == 0) {
		uc_doc_add_section(d, 1, "PHƯƠNG ÁN ỨNG CỨU CỤ THỂ");
		uc_doc_add_text(d, 0, or_none(f, "plan", "(chưa có)"));
	}
	if (strcmp(form, "direction_request") == 0) {
		uc_doc_add_section(d, 1, "NỘI DUNG XIN Ý KIẾN CHỈ ĐẠO, CHỈ "
		    "HUY");
		uc_doc_add_text(d, 0, or_none(f, "request", "(chưa có)"));
	}
	uc_doc_add_section(d, 1, "NỘI DUNG ĐỀ NGHỊ HỖ TRỢ");
	uc_doc_add_text(d, 0, or_none(f, "support", "(không có)"));
	uc_doc_add_section(d, 1, "ĐƠN VỊ ĐỀ NGHỊ PHỐI HỢP");
	uc_doc_add_text(d, 0, or_none(f, "coordinate", "(không có)"));
	uc_doc_add_section(d, 1, "ĐẦU MỐI LIÊN HỆ");
	line(d, "Họ và tên", s(c, "full_name"));
	line(d, "Chức vụ", s(c, "position"));
	line(d, "Điện thoại", s(c, "phone"));
	line(d, "Email", s(c, "email"));
	uc_doc_add_section(d, 1, "KIẾN NGHỊ");
	uc_doc_add_text(d, 0, or_none(f, "recommendations", "(không có)"));
}

/* ---- Mẫu 01 ---- */

/* Mẫu 01 §6 and §7: the groups of the staff tables, in order. */
static const struct {
	const char *code, *num, *label;
} staff_groups[] = {
	{ "field", "6.1", "Số lượng cán bộ theo lĩnh vực đào tạo" },
	{ "level", "6.2", "Số lượng cán bộ phân theo trình độ đào tạo" },
	{ "certificate", "6.3", "Số lượng cán bộ có chứng chỉ về công nghệ "
	  "thông tin, an toàn thông tin hoặc tương đương" },
	{ "management", "7.1", "Nhóm chuyên gia quản lý an toàn thông tin" },
	{ "defence", "7.2", "Nhóm chuyên gia kỹ thuật phòng thủ, chống tấn "
	  "công" },
	{ "protection", "7.3", "Nhóm chuyên gia kỹ thuật bảo vệ an toàn hệ "
	  "thống và ứng dụng" },
	{ "assessment", "7.4", "Nhóm chuyên gia kỹ thuật kiểm tra, đánh giá "
	  "an toàn thông tin" },
};

/* a) b) ... in the Vietnamese alphabet, as the sections letter. */
static const char *
letter(struct uc_arena *a, size_t i)
{
	static const char *const v[] = { "a", "b", "c", "d", "đ", "e", "g",
		"h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
		"u", "v", "x", "y" };

	if (i < sizeof(v) / sizeof(v[0]))
		return uc_arena_printf(a, "%s)", v[i]);
	return uc_arena_printf(a, "%zu)", i + 1);
}

static void
member_contact(struct uc_doc *d, json_t *c)
{
	line(d, "Họ và tên", s(c, "full_name"));
	line(d, "Chức vụ", s(c, "position"));
	line(d, "Địa chỉ liên hệ", s(c, "address"));
	line(d, "Số điện thoại cố định", s(c, "phone"));
	line(d, "Số di động", s(c, "mobile"));
	line(d, "Số Fax", s(c, "fax"));
	line(d, "Email", s(c, "email"));
}

static void
member_org(struct uc_doc *d, json_t *data)
{
	json_t *org = o(data, "organisation"), *f = o(data, "fields");
	json_t *l = o(f, "leader"), *in = o(f, "intake");

	uc_doc_add_section(d, 2, "Thông tin chung về tổ chức");
	line(d, "Tên tổ chức", s(org, "name"));
	line(d, "Tên cơ quan chủ quản", s(org, "supervising"));
	line(d, "Địa chỉ", s(org, "address"));
	line(d, "Điện thoại", s(org, "phone"));
	line(d, "Fax", s(f, "fax"));
	line(d, "Email", s(org, "email"));
	line(d, "Website", s(f, "website"));
	line(d, "Lãnh đạo phụ trách an toàn thông tin", s(l, "full_name"));
	line(d, "Chức vụ", s(l, "position"));
	uc_doc_add_section(d, 2, "Thông tin tiếp nhận thông báo sự cố");
	line(d, "Địa chỉ", s(in, "address"));
	line(d, "Số điện thoại cố định", s(in, "phone"));
	line(d, "Số điện thoại di động", s(in, "mobile"));
	line(d, "Số Fax", s(in, "fax"));
	line(d, "Email", s(in, "email"));
	uc_doc_add_section(d, 2, "Đầu mối ứng cứu sự cố");
	uc_doc_add_section(d, 3, "Đầu mối ứng cứu sự cố chính");
	member_contact(d, o(f, "contact_primary"));
	uc_doc_add_section(d, 3, "Đầu mối ứng cứu sự cố dự phòng");
	member_contact(d, o(f, "contact_backup"));
	uc_doc_add_section(d, 2, "Giới thiệu về hoạt động của tổ chức");
	uc_doc_add_text(d, 0, or_none(f, "activity", "(chưa kê khai)"));
}

static void
member_systems(struct uc_doc *d, struct uc_arena *a, json_t *rows)
{
	static const unsigned w[] = { 8, 70, 22 };
	static const enum uc_doc_align al[] = { UC_DOC_CENTER, UC_DOC_LEFT,
		UC_DOC_CENTER };
	static const char *const headc[] = { "TT", "Tên hệ thống thông tin",
		"Cấp độ" };
	struct uc_doc_table *t;
	const char *cells[3];
	json_t *v;
	size_t i;

	uc_doc_add_section(d, 2, "Tên các hệ thống thông tin thuộc phạm vi "
	    "phụ trách hoặc cung cấp dịch vụ");
	if (json_array_size(rows) == 0) {
		uc_doc_add_text(d, 0, "(chưa kê khai)");
		return;
	}
	t = uc_doc_add_table(d, 3, w, al);
	uc_doc_table_head(t, headc);
	json_array_foreach(rows, i, v) {
		cells[0] = uc_arena_printf(a, "%zu", i + 1);
		cells[1] = s(v, "name");
		cells[2] = json_is_integer(o(v, "level")) ? uc_arena_printf(a,
		    "Cấp %d", (int)json_integer_value(o(v, "level"))) :
		    "Chưa xác định";
		uc_doc_table_row(t, 0, cells);
	}
}

/* One §6 or §7 table: a bold row per group, its lines below. */
static void
member_staff(struct uc_doc *d, struct uc_arena *a, json_t *rows,
    size_t from, size_t to)
{
	static const unsigned w[] = { 10, 68, 22 };
	static const enum uc_doc_align al[] = { UC_DOC_CENTER, UC_DOC_LEFT,
		UC_DOC_CENTER };
	static const char *const headc[] = { "TT", "Phân loại",
		"Số lượng (người)" };
	struct uc_doc_table *t = uc_doc_add_table(d, 3, w, al);
	const char *cells[3];
	size_t g, i, k;
	json_t *v;

	uc_doc_table_head(t, headc);
	for (g = from; g < to; g++) {
		cells[0] = staff_groups[g].num;
		cells[1] = staff_groups[g].label;
		cells[2] = "";
		uc_doc_table_row(t, UC_DOC_BOLD, cells);
		k = 0;
		json_array_foreach(rows, i, v) {
			if (strcmp(s(v, "group"), staff_groups[g].code) != 0)
				continue;
			cells[0] = letter(a, k++);
			cells[1] = s(v, "label");
			cells[2] = uc_arena_printf(a, "%" JSON_INTEGER_FORMAT,
			    json_integer_value(o(v, "count")));
			uc_doc_table_row(t, 0, cells);
		}
	}
}

static void
member_people(struct uc_doc *d, struct uc_arena *a, json_t *rows)
{
	static const unsigned w[] = { 7, 21, 21, 19, 18, 14 };
	static const enum uc_doc_align al[] = { UC_DOC_CENTER, UC_DOC_LEFT,
		UC_DOC_LEFT, UC_DOC_LEFT, UC_DOC_LEFT, UC_DOC_CENTER };
	static const char *const headc[] = { "TT", "Họ và tên",
		"Tên trường, cơ sở đào tạo", "Chuyên ngành đào tạo, bồi "
		"dưỡng", "Văn bằng, chứng chỉ", "Tháng/năm tốt nghiệp" };
	struct uc_doc_table *t;
	const char *cells[6];
	json_t *v;
	size_t i;

	uc_doc_add_section(d, 2, "Danh sách nhân lực, chuyên gia an toàn "
	    "thông tin, công nghệ thông tin và tương đương");
	if (json_array_size(rows) == 0) {
		uc_doc_add_text(d, 0, "(chưa kê khai)");
		return;
	}
	t = uc_doc_add_table(d, 6, w, al);
	uc_doc_table_head(t, headc);
	json_array_foreach(rows, i, v) {
		cells[0] = uc_arena_printf(a, "%zu", i + 1);
		cells[1] = s(v, "full_name");
		cells[2] = s(v, "school");
		cells[3] = s(v, "major");
		cells[4] = s(v, "degree");
		cells[5] = s(v, "graduated");
		uc_doc_table_row(t, 0, cells);
	}
}

/* Mẫu 01 (§3.3 F), sections 1-8 and the commitment. */
static void
member_body(struct uc_doc *d, struct uc_arena *a, json_t *data)
{
	json_t *f = o(data, "fields");

	member_org(d, data);
	member_systems(d, a, o(f, "systems"));
	uc_doc_add_section(d, 2, "Thông tin về số lượng nhân lực liên quan "
	    "đến công nghệ thông tin, an toàn thông tin hoặc tương đương");
	member_staff(d, a, o(f, "staff"), 0, 3);
	uc_doc_add_section(d, 2, "Thông tin về số lượng nhân lực có kinh "
	    "nghiệm, được đào tạo về an toàn thông tin");
	member_staff(d, a, o(f, "staff"), 3, 7);
	member_people(d, a, o(f, "staff_list"));
	uc_doc_add_text(d, UC_DOC_ITALIC, "Chúng tôi cam kết thông tin khai "
	    "báo trong hồ sơ là chính xác và tuân thủ trách nhiệm, quyền hạn "
	    "của thành viên mạng lưới, các quy định về hoạt động điều phối "
	    "ứng cứu sự cố theo quy định của pháp luật và hướng dẫn của Cơ "
	    "quan điều phối quốc gia.");
}

static const char *const forms[] = {
	"notice", "initial", "progress", "plan", "direction_request",
	"support_request", "final", "member_profile", NULL
};

int
uc_forms_known(const char *form)
{
	size_t i;

	for (i = 0; form != NULL && forms[i] != NULL; i++)
		if (strcmp(forms[i], form) == 0)
			return 1;
	return 0;
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
		    "report '%s'", form);
	if (!json_is_object(o(data, "head")))
		return uc_error_set(err, UC_EVALID, "report data has no "
		    "header");
	d = uc_doc_new(a);
	head(d, a, data);
	/* a correction names the edition it replaces, first */
	if (*s(o(data, "replaces"), "text"))
		uc_doc_add_text(d, UC_DOC_ITALIC, s(o(data, "replaces"),
		    "text"));
	if (strcmp(form, "notice") == 0) {
		notice_body(d, data);
	} else if (strcmp(form, "initial") == 0) {
		initial_people(d, data);
		initial_system(d, data);
		initial_incident(d, data);
		initial_extra(d, data);
	} else if (strcmp(form, "final") == 0) {
		final_body(d, a, data);
	} else if (strcmp(form, "member_profile") == 0) {
		member_body(d, a, data);
	} else {
		later_body(d, a, data);
	}
	foot(d, a, data);
	*out = d;
	return UC_OK;
}
