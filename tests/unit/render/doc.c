/*
 * tests/unit/render/doc.c - src/render/: a sample initial
 * report (Báo cáo ban đầu) with every kind of block and every
 * Vietnamese diacritic, rendered as PDF and DOCX into $UC_RENDER_OUT
 * (the build dir's render-out/), then read back with the tools an
 * official's machine has: poppler-utils (pdftotext, pdffonts, pdfinfo),
 * xmllint (libxml2-utils) and LibreOffice (libreoffice-writer-nogui).
 * A missing tool fails the test with the package to install.
 *
 * The files are made once, before the tests, by the PRE_ALL hook, which
 * also runs the slow LibreOffice conversion (once per run); the tests
 * read the files, so they see the same bytes whatever process runs
 * them.
 */
#include "render/doc_int.h"
#include "render/docx.h"
#include "render/pdf.h"
#include "domain/docnum.h"
#include "core/mem.h"
#include "core/time.h"

#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <zip.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* 2026-01-09 09:00 in Vietnam: day and month both padded. */
#define WHEN "2026-01-09T09:00:00+07:00"

#define VOWELS_LOWER "a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ e è é ẻ ẽ ẹ ê ề " \
	"ế ể ễ ệ i ì í ỉ ĩ ị o ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ u ù ú ủ ũ ụ " \
	"ư ừ ứ ử ữ ự y ỳ ý ỷ ỹ ỵ đ"
#define VOWELS_UPPER "A À Á Ả Ã Ạ Ă Ằ Ắ Ẳ Ẵ Ặ Â Ầ Ấ Ẩ Ẫ Ậ E È É Ẻ Ẽ Ẹ Ê Ề " \
	"Ế Ể Ễ Ệ I Ì Í Ỉ Ĩ Ị O Ò Ó Ỏ Õ Ọ Ô Ồ Ố Ổ Ỗ Ộ Ơ Ờ Ớ Ở Ỡ Ợ U Ù Ú Ủ Ũ Ụ " \
	"Ư Ừ Ứ Ử Ữ Ự Y Ỳ Ý Ỷ Ỹ Ỵ Đ"
#define LONG_PARA "Vào lúc 08 giờ 15 phút ngày 08/01/2026, hệ thống giám " \
	"sát phát hiện Cổng thông tin điện tử của Sở bị tấn công bằng mã độc " \
	"tống tiền: các tệp dữ liệu trên máy chủ ứng dụng bị mã hóa và đổi " \
	"phần mở rộng, dịch vụ công trực tuyến bị gián đoạn. Bộ phận kỹ " \
	"thuật đã cô lập máy chủ khỏi mạng nội bộ, thu thập nhật ký hệ thống và " \
	"mẫu mã độc, đồng thời thông báo cho các cơ quan, đơn vị có liên " \
	"quan để phối hợp xử lý theo quy định."
#define ESCAPED "Tệp đính kèm <mẫu>.exe & \"nhật ký\" 'hệ thống'"

/* Lines that must come back from pdftotext exactly (whitespace runs,
 * where pdftotext breaks lines, count as one space). */
static const char *const lines[] = {
	"UBND TỈNH KHÁNH HÒA",
	"SỞ NỘI VỤ",
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	"Độc lập - Tự do - Hạnh phúc",
	"Số: 05/BC-SNV",
	"Khánh Hòa, ngày 09 tháng 01 năm 2026",
	"KHẨN",
	"BÁO CÁO",
	"Ban đầu sự cố an toàn thông tin mạng",
	"Kính gửi:",
	"- Sở Khoa học và Công nghệ tỉnh Khánh Hòa;",
	"- Trung tâm Ứng cứu khẩn cấp không gian mạng Việt Nam.",
	"Căn cứ Thông tư số 20/2017/TT-BTTTT ngày 12/9/2017 của Bộ Thông tin"
	" và Truyền thông;",
	"Ủy ban nhân dân tỉnh Hưng Yên — Sự cố tấn công mã độc tống tiền;"
	" ĐẮK LẮK; Nguyễn Thị Ngọc Ánh; ỷ ỹ ự ữ ẵ ẫ",
	VOWELS_LOWER,
	VOWELS_UPPER,
	LONG_PARA,
	ESCAPED,
	"Dòng thứ nhất",
	"dòng thứ hai sau dấu ngắt dòng",
	"I. THÔNG TIN VỀ TỔ CHỨC BÁO CÁO SỰ CỐ",
	"1. Đơn vị vận hành hệ thống thông tin",
	"Tên: Sở Nội vụ tỉnh Khánh Hòa",
	"II. MÔ TẢ SƠ BỘ VỀ SỰ CỐ",
	"a) Máy chủ ứng dụng",
	"đ) Máy trạm của cán bộ",
	"e) Thiết bị mạng",
	"THÔNG TIN BỔ SUNG",
	"Hiện trạng sự cố:",
	"Đã được xử lý",
	"Chưa được xử lý",
	"Cách thức phát hiện:",
	"Qua hệ thống giám sát IDS/IPS",
	"Thông báo từ bên thứ ba",
	"Danh sách máy chủ bị ảnh hưởng",
	"STT",
	"Tên máy chủ",
	"Địa chỉ IP",
	"Tình trạng",
	"srv-ĐẮK-LẮK-40",
	"Nơi nhận:",
	"- Như trên;",
	"- Giám đốc Sở (để báo cáo);",
	"- Lưu: VT, VP.",
	"KT. GIÁM ĐỐC",
	"PHÓ GIÁM ĐỐC",
	"Nguyễn Thị Ngọc Ánh",
};

#define TABLE_ROWS 40


/* --- the sample ----------------------------------------------- */

static int64_t
when(void)
{
	int64_t ms = 0;

	uc_assert(uc_time_parse(WHEN, &ms) == UC_OK);
	return ms;
}

static void
sample_head(struct uc_doc *d)
{
	static char number[UC_DOCNUM_LEN], date[128];
	struct uc_doc_head h = {
		.supervising = "UBND TỈNH KHÁNH HÒA",
		.issuing = "SỞ NỘI VỤ",
		.urgency = "KHẨN",
	};

	uc_assert(uc_docnum_format(5, "BC", "SNV", number, sizeof(number),
	    NULL) == UC_OK);
	uc_assert(uc_docnum_place_date(when(), "Khánh Hòa", date,
	    sizeof(date), NULL) == UC_OK);
	h.number = number;
	h.place_date = date;
	uc_doc_set_head(d, &h);
	uc_doc_set_title(d, "BÁO CÁO", "Ban đầu sự cố an toàn thông tin "
	    "mạng\nCổng thông tin điện tử Sở Nội vụ");
	uc_doc_set_meta(d, "Báo cáo ban đầu sự cố an toàn thông tin mạng",
	    when());
	uc_doc_add_recipient(d, "Sở Khoa học và Công nghệ tỉnh Khánh Hòa");
	uc_doc_add_recipient(d, "Công an tỉnh Khánh Hòa (Phòng An ninh mạng "
	    "và phòng, chống tội phạm sử dụng công nghệ cao);");
	uc_doc_add_recipient(d, "Trung tâm Ứng cứu khẩn cấp không gian mạng "
	    "Việt Nam");
}

static void
sample_text(struct uc_doc *d)
{
	struct uc_doc_para *p;

	uc_doc_add_text(d, UC_DOC_ITALIC, "Căn cứ Thông tư số "
	    "20/2017/TT-BTTTT ngày 12/9/2017 của Bộ Thông tin và Truyền "
	    "thông;");
	p = uc_doc_add_para(d, UC_DOC_JUSTIFY, 1);
	uc_doc_add_run(p, 0, "Sở Nội vụ báo cáo ");
	uc_doc_add_run(p, UC_DOC_BOLD, "ban đầu");
	uc_doc_add_run(p, 0, " sự cố như sau. ");
	uc_doc_add_run(p, UC_DOC_BOLD | UC_DOC_ITALIC, "Ủy ban nhân dân tỉnh "
	    "Hưng Yên — Sự cố tấn công mã độc tống tiền; ĐẮK LẮK; Nguyễn Thị "
	    "Ngọc Ánh; ỷ ỹ ự ữ ẵ ẫ");
	uc_doc_add_text(d, 0, VOWELS_LOWER);
	uc_doc_add_text(d, UC_DOC_BOLD, VOWELS_UPPER);
	uc_doc_add_text(d, 0, LONG_PARA);
	uc_doc_add_text(d, 0, ESCAPED);
	uc_doc_add_text(d, 0, "Dòng thứ nhất\ndòng thứ hai sau dấu ngắt dòng");
	uc_doc_add_section(d, 1, "THÔNG TIN VỀ TỔ CHỨC BÁO CÁO SỰ CỐ");
	uc_doc_add_section(d, 2, "Đơn vị vận hành hệ thống thông tin");
	uc_doc_add_field(d, "Tên", "Sở Nội vụ tỉnh Khánh Hòa");
	uc_doc_add_field(d, "Điện thoại", "0258 3822 000");
	uc_doc_add_section(d, 1, "MÔ TẢ SƠ BỘ VỀ SỰ CỐ");
	uc_doc_add_section(d, 3, "Máy chủ ứng dụng");
	uc_doc_add_section(d, 3, "Máy chủ cơ sở dữ liệu");
	uc_doc_add_section(d, 3, "Máy chủ thư điện tử");
	uc_doc_add_section(d, 3, "Máy chủ tên miền");
	uc_doc_add_section(d, 3, "Máy trạm của cán bộ");
	uc_doc_add_section(d, 3, "Thiết bị mạng");
}

static void
sample_blocks(struct uc_doc *d)
{
	static const unsigned widths[] = { 1, 4, 3, 3 };
	static const enum uc_doc_align align[] = { UC_DOC_CENTER,
		UC_DOC_LEFT, UC_DOC_CENTER, UC_DOC_LEFT };
	static const char *const head[] = { "STT", "Tên máy chủ",
		"Địa chỉ IP", "Tình trạng" };
	struct uc_doc_checks *c;
	struct uc_doc_table *t;
	char n[8], name[64], ip[32];
	int i;

	uc_doc_add_heading(d, UC_DOC_CENTER, "THÔNG TIN BỔ SUNG");
	c = uc_doc_add_checks(d, "Hiện trạng sự cố:", 0);
	uc_doc_add_check(c, 1, "Đã được xử lý");
	uc_doc_add_check(c, 0, "Chưa được xử lý");
	c = uc_doc_add_checks(d, "Cách thức phát hiện:", 1);
	uc_doc_add_check(c, 1, "Qua hệ thống giám sát IDS/IPS");
	uc_doc_add_check(c, 0, "Thông báo từ bên thứ ba");
	uc_doc_add_text(d, UC_DOC_BOLD, "Danh sách máy chủ bị ảnh hưởng");
	t = uc_doc_add_table(d, 4, widths, align);
	uc_doc_table_head(t, head);
	for (i = 1; i <= TABLE_ROWS; i++) {
		const char *row[4] = { n, name, ip, i % 3 ? "Đã khôi phục" :
		    "Đang xử lý, chờ ý kiến chỉ đạo" };

		snprintf(n, sizeof(n), "%d", i);
		snprintf(name, sizeof(name), "srv-ĐẮK-LẮK-%02d", i);
		snprintf(ip, sizeof(ip), "10.12.%d.%d", i / 10, i);
		uc_doc_table_row(t, 0, row);
	}
	uc_doc_add_text(d, 0, "Sở Nội vụ kính báo cáo./.");
}

static void
sample_tail(struct uc_doc *d)
{
	uc_doc_add_copy(d, "Như trên");
	uc_doc_add_copy(d, "Giám đốc Sở (để báo cáo);");
	uc_doc_set_archive(d, "VP");
	uc_doc_add_authority(d, "KT.", "GIÁM ĐỐC");
	uc_doc_set_signer(d, "PHÓ GIÁM ĐỐC", "Nguyễn Thị Ngọc Ánh", NULL);
}

static struct uc_doc *
sample(struct uc_arena *a)
{
	struct uc_doc *d = uc_doc_new(a);

	sample_head(d);
	sample_text(d);
	sample_blocks(d);
	sample_tail(d);
	return d;
}

/* --- files and tools ------------------------------------------ */

/* Where the files go: $UC_RENDER_OUT, set by meson.build. */
static const char *
dir(void)
{
	const char *env = getenv("UC_RENDER_OUT");

	return env != NULL && *env != '\0' ? env : "render-out";
}

static const char *
path(const char *name)
{
	static char buf[4][1200];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir(), name);
	return buf[i];
}

/* Runs a shell command; returns its output (uc_free it). */
static char * UC_PRINTF(2, 3)
sh(int *status, const char *fmt, ...)
{
	char cmd[4096], chunk[4096];
	struct uc_buf b;
	va_list ap;
	FILE *f;
	size_t n;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	uc_buf_init(&b, 64u << 20);
	f = popen(cmd, "r");
	uc_assert(f != NULL);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (uc_buf_append(&b, chunk, n) != UC_OK)
			break;
	rc = pclose(f);
	*status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	return b.data != NULL ? uc_buf_take(&b) : uc_xstrdup("");
}

static void
need(const char *tool, const char *package)
{
	int st;
	char *out = sh(&st, "command -v %s", tool);

	uc_free(out);
	cr_assert_eq(st, 0, "%s is missing: install %s (scripts/install-deps)",
	    tool, package);
}

static void
write_file(const char *name, const struct uc_buf *b)
{
	FILE *f = fopen(path(name), "wb");

	uc_assert(f != NULL);
	uc_assert(fwrite(b->data, 1, b->len, f) == b->len);
	uc_assert(fclose(f) == 0);
}

static char *
read_file(const char *name, size_t *len)
{
	FILE *f = fopen(path(name), "rb");
	char *data;
	long n;

	cr_assert_not_null(f, "%s was not made (see render.log)", path(name));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = uc_xmalloc((size_t)n + 1);
	cr_assert_eq(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)n;
	return data;
}

/* Whitespace runs (with U+00A0 and form feeds) become one space, or
 * nothing when drop is set. */
static char *
squash(const char *s, int drop)
{
	char *out = uc_xmalloc(strlen(s) + 1), *o = out;
	int space = 1;

	for (; *s != '\0'; s++) {
		int ws = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\f' ||
		    *s == '\r';

		if ((unsigned char)s[0] == 0xc2 &&
		    (unsigned char)s[1] == 0xa0) {
			ws = 1;
			s++;
		}
		if (ws) {
			if (!space && !drop)
				*o++ = ' ';
			space = 1;
			continue;
		}
		*o++ = *s;
		space = 0;
	}
	*o = '\0';
	return out;
}

/* --- once per run: render, convert ---------------------------- */

static void
log_line(const char *fmt, const char *what)
{
	FILE *f = fopen(path("render.log"), "a");

	if (f == NULL)
		return;
	fprintf(f, fmt, what);
	fputc('\n', f);
	fclose(f);
}

static void
render_files(void)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_doc *d = sample(a);
	struct uc_error err = { 0 };
	struct uc_buf b;

	uc_buf_init(&b, UC_DOC_MAX_BYTES);
	if (uc_pdf_render(d, &b, &err) == UC_OK)
		write_file("sample.pdf", &b);
	else
		log_line("pdf: %s", err.message);
	uc_buf_cleanup(&b);
	uc_buf_init(&b, UC_DOC_MAX_BYTES);
	if (uc_docx_render(d, &b, &err) == UC_OK)
		write_file("sample.docx", &b);
	else
		log_line("docx: %s", err.message);
	uc_buf_cleanup(&b);
	uc_arena_free(a);
}

/* LibreOffice, headless, with a profile of its own and a time limit;
 * its exit status goes to lo.status for the tests. */
static void
convert_docx(void)
{
	char abs[1024];
	char *out;
	int st;
	FILE *f;

	if (realpath(dir(), abs) == NULL)
		return;
	out = sh(&st, "command -v soffice >/dev/null && cd '%s' && "
	    "rm -rf lo && timeout 240 soffice --headless --norestore "
	    "-env:UserInstallation=file://%s/lo-profile --convert-to pdf "
	    "--outdir lo sample.docx >lo.log 2>&1", abs, abs);
	uc_free(out);
	if ((f = fopen(path("lo.status"), "w")) != NULL) {
		fprintf(f, "%d\n", st);
		fclose(f);
	}
}

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	(void)set;
	mkdir(dir(), 0755);
	remove(path("render.log"));
	remove(path("lo.status"));
	remove(path("sample.pdf"));
	remove(path("sample.docx"));
	render_files();
	convert_docx();
}

/* --- the model ------------------------------------------------ */

Test(render_doc, punctuation_and_numbers)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_doc *d = sample(a);
	const struct uc_doc_block *b;
	const char *labels[16];
	size_t n = 0;

	cr_expect_str_eq(uc_doc_recipient_line(d, d->recipients.first),
	    "- Sở Khoa học và Công nghệ tỉnh Khánh Hòa;");
	cr_expect_str_eq(uc_doc_recipient_line(d, d->recipients.first->next),
	    "- Công an tỉnh Khánh Hòa (Phòng An ninh mạng và phòng, chống "
	    "tội phạm sử dụng công nghệ cao);", "the caller's ';' is not "
	    "doubled");
	cr_expect_str_eq(d->copies.first->next->s,
	    "- Giám đốc Sở (để báo cáo);");
	cr_expect_str_eq(d->archive, "- Lưu: VT, VP.");
	cr_expect_str_eq(d->authority.first->s, "KT. GIÁM ĐỐC");
	cr_expect_str_eq(uc_doc_number_line(d), "Số: 05/BC-SNV");
	for (b = d->blocks; b != NULL; b = b->next)
		if (b->kind == UC_DOC_SECTION && n < NELEM(labels))
			labels[n++] = b->label;
	cr_assert_eq(n, 9);
	cr_expect_str_eq(labels[0], "I.");
	cr_expect_str_eq(labels[1], "1.");
	cr_expect_str_eq(labels[2], "II.");
	cr_expect_str_eq(labels[3], "a)");
	cr_expect_str_eq(labels[7], "đ)");
	cr_expect_str_eq(labels[8], "e)");
	uc_arena_free(a);
}

Test(render_doc, one_recipient_and_draft_number)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_doc *d = uc_doc_new(a);
	struct uc_doc_head h = { .issuing = "SỞ NỘI VỤ", .number = "/BC-SNV",
		.place_date = "Khánh Hòa, ngày 09 tháng 01 năm 2026" };

	uc_doc_set_head(d, &h);
	uc_doc_add_recipient(d, "Ủy ban nhân dân tỉnh Khánh Hòa.");
	uc_doc_set_archive(d, "");
	cr_expect_str_eq(uc_doc_recipient_line(d, d->recipients.first),
	    "Ủy ban nhân dân tỉnh Khánh Hòa");
	cr_expect_str_eq(uc_doc_number_line(d), "Số:       /BC-SNV");
	cr_expect_str_eq(d->archive, "- Lưu: VT.");
	uc_arena_free(a);
}

Test(render_doc, refuses_bad_text)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_doc *d = sample(a);
	struct uc_error err = { 0 };
	struct uc_buf b;

	uc_buf_init(&b, UC_DOC_MAX_BYTES);
	uc_doc_add_text(d, 0, "hỏng \xff\xfe");
	cr_expect_eq(uc_pdf_render(d, &b, &err), UC_EVALID);
	cr_expect_eq(uc_docx_render(d, &b, &err), UC_EVALID);
	cr_expect_eq(b.len, 0);
	d = sample(a);
	uc_doc_add_text(d, 0, "\x01");
	cr_expect_eq(uc_docx_render(d, &b, &err), UC_EVALID,
	    "XML 1.0 cannot carry U+0001");
	d = uc_doc_new(a);
	cr_expect_eq(uc_pdf_render(d, &b, &err), UC_EVALID, "no header");
	uc_buf_cleanup(&b);
	uc_arena_free(a);
}

Test(render_doc, cap)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_doc *d = sample(a);
	struct uc_error err = { 0 };
	struct uc_buf b;

	uc_buf_init(&b, 1000);
	cr_expect_eq(uc_pdf_render(d, &b, &err), UC_ETOOBIG);
	cr_expect_eq(b.len, 0);
	cr_expect_eq(uc_docx_render(d, &b, &err), UC_ETOOBIG);
	uc_buf_cleanup(&b);
	uc_arena_free(a);
}

/* Without Liberation Serif (here: a fontconfig that knows no font)
 * both renderers refuse, naming the package; each test runs in its own
 * process, so the empty configuration stays here. */
Test(render_doc, refuses_without_the_font)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_error err = { 0 };
	struct uc_buf b;

	FcConfigSetCurrent(FcConfigCreate());
	pango_cairo_font_map_set_default(NULL);
	uc_buf_init(&b, UC_DOC_MAX_BYTES);
	cr_expect_eq(uc_pdf_render(sample(a), &b, &err), UC_EIO);
	cr_expect_not_null(strstr(err.message, "install fonts-liberation2"),
	    "%s", err.message);
	uc_error_clear(&err);
	cr_expect_eq(uc_docx_render(sample(a), &b, &err), UC_EIO);
	cr_expect_not_null(strstr(err.message, "Liberation Serif"), "%s",
	    err.message);
	cr_expect_eq(b.len, 0);
	uc_buf_cleanup(&b);
	uc_arena_free(a);
}

/* --- PDF ------------------------------------------------------ */

/*
 * Every line of the sample is in text as it was given, where a run of
 * whitespace (a line break of the layout) reads as one space. Without
 * -raw, pdftotext drops the spaces between one-letter words (it takes
 * "a à á" for a letter-spaced word, from any PDF producer): that text
 * is compared without whitespace, which still checks every letter and
 * mark in order.
 */
static void
expect_lines(const char *text, const char *what, int spaces)
{
	char *got = squash(text, !spaces);
	size_t i;

	for (i = 0; i < NELEM(lines); i++) {
		char *want = squash(lines[i], !spaces);

		cr_expect_not_null(strstr(got, want), "%s lacks \"%s\"", what,
		    lines[i]);
		uc_free(want);
	}
	uc_free(got);
}

Test(render_pdf, same_bytes_twice)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_error err = { 0 };
	struct uc_buf b;
	size_t len;
	char *file = read_file("sample.pdf", &len);

	uc_buf_init(&b, UC_DOC_MAX_BYTES);
	cr_assert_eq(uc_pdf_render(sample(a), &b, &err), UC_OK, "%s",
	    err.message);
	cr_expect_eq(strncmp(b.data, "%PDF-", 5), 0);
	cr_expect_eq(b.len, len);
	cr_expect_eq(memcmp(b.data, file, len < b.len ? len : b.len), 0,
	    "one document, one PDF");
	uc_free(file);
	uc_buf_cleanup(&b);
	uc_arena_free(a);
}

/* How many times needle occurs in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay += strlen(needle))
		n++;
	return n;
}

Test(render_pdf, text_comes_back)
{
	char *raw, *layout;
	int st;

	need("pdftotext", "poppler-utils");
	raw = sh(&st, "pdftotext -raw -enc UTF-8 '%s' -", path("sample.pdf"));
	cr_assert_eq(st, 0, "pdftotext failed");
	expect_lines(raw, "pdftotext -raw", 1);
	/* the header is drawn once (glib's MAX once drew it twice) */
	cr_expect_eq(count(raw, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 1);
	cr_expect_eq(count(raw, "Độc lập - Tự do - Hạnh phúc"), 1);
	uc_free(raw);
	raw = sh(&st, "pdftotext -enc UTF-8 '%s' -", path("sample.pdf"));
	cr_assert_eq(st, 0, "pdftotext failed");
	expect_lines(raw, "pdftotext", 0);
	layout = sh(&st, "pdftotext -layout -enc UTF-8 '%s' -",
	    path("sample.pdf"));
	cr_assert_eq(st, 0);
	/* columns side by side: check the header's own lines */
	cr_expect_not_null(strstr(layout, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT "
	    "NAM"));
	cr_expect_not_null(strstr(layout, "Khánh Hòa, ngày 09 tháng 01 năm "
	    "2026"));
	cr_expect_not_null(strstr(layout, "- Lưu: VT, VP."));
	cr_expect_null(strstr(raw, "\xef\xbf\xbd"), "a replacement char");
	uc_free(raw);
	uc_free(layout);
}

/* Fonts: Liberation Serif in four faces (and DejaVu Sans for the
 * ballot boxes), every one embedded with a Unicode map. */
Test(render_pdf, fonts_embedded)
{
	static const char *const faces[] = { "+LiberationSerif ",
		"+LiberationSerif-Bold ", "+LiberationSerif-Italic ",
		"+LiberationSerif-BoldItalic " };
	char name[256], emb[8], uni[8], *out;
	int st, n = 0;
	size_t i;

	need("pdffonts", "poppler-utils");
	/* per font: name, then from the end: emb sub uni object gen */
	out = sh(&st, "pdffonts '%s' | tail -n +3 | awk '{ print $1, "
	    "$(NF-4), $(NF-2) }'", path("sample.pdf"));
	cr_assert_eq(st, 0);
	for (const char *l = out; sscanf(l, "%255s %7s %7s", name, emb,
	    uni) == 3; l = strchr(l, '\n') + 1, n++) {
		cr_expect(strstr(name, "LiberationSerif") != NULL ||
		    strstr(name, "DejaVuSans") != NULL, "font %s", name);
		cr_expect_str_eq(emb, "yes", "%s is not embedded", name);
		cr_expect_str_eq(uni, "yes", "%s has no ToUnicode", name);
	}
	cr_expect_geq(n, 4);
	uc_free(out);
	out = sh(&st, "pdffonts '%s'", path("sample.pdf"));
	for (i = 0; i < NELEM(faces); i++)
		cr_expect_not_null(strstr(out, faces[i]), "no %s", faces[i]);
	uc_free(out);
}

Test(render_pdf, a4_and_metadata)
{
	char *out;
	int st;

	need("pdfinfo", "poppler-utils");
	out = sh(&st, "pdfinfo -isodates -enc UTF-8 '%s'", path("sample.pdf"));
	cr_assert_eq(st, 0);
	cr_expect_not_null(strstr(out, "595.276 x 841.89 pts (A4)"), "%s",
	    out);
	cr_expect_not_null(strstr(out, "Creator:         ungcuu"), "%s", out);
	cr_expect_not_null(strstr(out, "Title:           Báo cáo ban đầu sự "
	    "cố an toàn thông tin mạng"), "%s", out);
	cr_expect_not_null(strstr(out, "CreationDate:    "
	    "2026-01-09T09:00:00+07"), "creation date (09:00 in Vietnam): %s", out);
	cr_expect_not_null(strstr(out, "Subject:         Ban đầu sự cố an "
	    "toàn thông tin mạng Cổng thông tin"), "one line: %s", out);
	uc_free(out);
}

/* The first non-blank line of a page, trimmed. */
static char *
page_top(const char *file, int page)
{
	char *out, *s, *e;
	int st;

	out = sh(&st, "pdftotext -layout -enc UTF-8 -f %d -l %d '%s' - | "
	    "grep -v '^[[:space:]]*$' | head -n 1", page, page, file);
	for (s = out; *s == ' ' || *s == '\f'; s++)
		;
	for (e = s + strlen(s); e > s && strchr(" \n\f", e[-1]); e--)
		;
	*e = '\0';
	memmove(out, s, strlen(s) + 1);
	return out;
}

static void
expect_page_numbers(const char *file)
{
	char *top;
	int st;
	char *info = sh(&st, "pdfinfo '%s' | sed -n 's/^Pages: *//p'", file);

	cr_assert_geq(atoi(info), 2, "%s has %s pages", file, info);
	uc_free(info);
	top = page_top(file, 1);
	cr_expect_eq(strncmp(top, "UBND TỈNH KHÁNH HÒA",
	    strlen("UBND TỈNH KHÁNH HÒA")), 0,
	    "page 1 of %s starts with \"%s\", not the header", file, top);
	uc_free(top);
	top = page_top(file, 2);
	cr_expect_str_eq(top, "2", "page 2 of %s starts with \"%s\"", file,
	    top);
	uc_free(top);
}

Test(render_pdf, page_numbers_from_page_2)
{
	need("pdftotext", "poppler-utils");
	expect_page_numbers(path("sample.pdf"));
}

/* --- DOCX ----------------------------------------------------- */

static const char *const parts[] = {
	"[Content_Types].xml", "_rels/.rels", "word/document.xml",
	"word/_rels/document.xml.rels", "word/styles.xml",
	"word/settings.xml", "word/numbering.xml", "word/header1.xml",
	"word/header2.xml", "docProps/core.xml", "docProps/app.xml",
};

static char *
part(zip_t *za, const char *name, size_t *len)
{
	zip_stat_t zs;
	zip_file_t *zf;
	char *data;

	cr_assert_eq(zip_stat(za, name, 0, &zs), 0, "no part %s", name);
	data = uc_xmalloc(zs.size + 1);
	zf = zip_fopen(za, name, 0);
	cr_assert_not_null(zf);
	cr_assert_eq(zip_fread(zf, data, zs.size), (zip_int64_t)zs.size);
	zip_fclose(zf);
	data[zs.size] = '\0';
	*len = zs.size;
	return data;
}

/* xmllint reads the part on its stdin. */
static int
well_formed(const char *data, size_t len)
{
	FILE *f = popen("xmllint --noout - 2>&1", "w");
	int rc;

	uc_assert(f != NULL);
	fwrite(data, 1, len, f);
	rc = pclose(f);
	return WIFEXITED(rc) && WEXITSTATUS(rc) == 0;
}

Test(render_docx, same_bytes_twice)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_error err = { 0 };
	struct uc_buf b;
	size_t len;
	char *file = read_file("sample.docx", &len);

	uc_buf_init(&b, UC_DOC_MAX_BYTES);
	cr_assert_eq(uc_docx_render(sample(a), &b, &err), UC_OK, "%s",
	    err.message);
	cr_expect_eq(strncmp(b.data, "PK\x03\x04", 4), 0, "a zip");
	cr_expect_eq(b.len, len);
	cr_expect_eq(memcmp(b.data, file, len < b.len ? len : b.len), 0,
	    "one document, one DOCX");
	uc_free(file);
	uc_buf_cleanup(&b);
	uc_arena_free(a);
}

Test(render_docx, parts_are_well_formed_xml)
{
	zip_t *za;
	int zerr = 0;
	size_t i, len;
	char *data;

	need("xmllint", "libxml2-utils");
	za = zip_open(path("sample.docx"), ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	cr_assert_not_null(za, "sample.docx is not a zip (%d)", zerr);
	cr_expect_eq(zip_get_num_entries(za, 0), (zip_int64_t)NELEM(parts));
	for (i = 0; i < NELEM(parts); i++) {
		data = part(za, parts[i], &len);
		cr_expect(well_formed(data, len), "%s is not well-formed",
		    parts[i]);
		uc_free(data);
	}
	data = part(za, "word/document.xml", &len);
	cr_expect_not_null(strstr(data, "Tệp đính kèm &lt;mẫu&gt;.exe &amp; "
	    "&quot;nhật ký&quot; 'hệ thống'"), "escaped text");
	cr_expect_not_null(strstr(data, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
	    "<w:pgMar w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" "
	    "w:left=\"1701\""), "A4 and the margins");
	cr_expect_not_null(strstr(data, "<w:titlePg/>"));
	cr_expect_not_null(strstr(data, "<w:tblHeader/>"));
	uc_free(data);
	data = part(za, "word/styles.xml", &len);
	cr_expect_not_null(strstr(data, "w:ascii=\"Times New Roman\""));
	uc_free(data);
	zip_close(za);
}

Test(render_docx, libreoffice_opens_it)
{
	char *status, *text;
	int st;

	need("soffice", "libreoffice-writer-nogui");
	need("pdftotext", "poppler-utils");
	status = read_file("lo.status", NULL);
	cr_assert_eq(atoi(status), 0, "soffice failed (%s): see %s", status,
	    path("lo.log"));
	uc_free(status);
	text = sh(&st, "pdftotext -raw -enc UTF-8 '%s' -",
	    path("lo/sample.pdf"));
	cr_assert_eq(st, 0, "LibreOffice made no PDF: see %s", path("lo.log"));
	expect_lines(text, "LibreOffice's PDF (pdftotext -raw)", 1);
	uc_free(text);
	text = sh(&st, "pdfinfo '%s'", path("lo/sample.pdf"));
	cr_expect_not_null(strstr(text, "(A4)"), "%s", text);
	uc_free(text);
	expect_page_numbers(path("lo/sample.pdf"));
}
