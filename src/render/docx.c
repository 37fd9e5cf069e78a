/*
 * docx.c - see docx.h.
 *
 * Each part is written as text into its own buffer with a sticky
 * status (the first failed append is kept and the rest are skipped, so
 * the writers stay straight-line), then the parts are zipped in memory
 * with libzip. Every user text goes through xtext, which escapes it.
 * WordprocessingML is order-sensitive: the children of pPr, rPr, tblPr
 * and tcPr are written in the order of the ECMA-376 schema, which Word
 * enforces.
 *
 * The header and the Nơi nhận / signature block are borderless
 * two-column tables; the rules under the issuing body, the motto and
 * the subject are the top borders of empty 1 pt paragraphs, indented
 * to the rule's length as measured in Liberation Serif (render/font.h),
 * which has Times New Roman's metrics.
 */
#include "render/docx.h"
#include "render/doc_int.h"
#include "render/font.h"
#include "render/layout.h"
#include "core/mem.h"
#include "core/time.h"

#include <zip.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TW(mm)		UC_PT_TW(UC_MM_PT(mm))
#define PAGE_W		11906	/* A4 in twips */
#define PAGE_H		16838
/* the text width, a long */
#define TEXT_W		(PAGE_W - TW(UC_LEFT_MM) - TW(UC_RIGHT_MM))
#define HP(pt)		((int)((pt) * 2 + 0.5))	/* half-points */
#define RULE_SZ		((int)(UC_RULE_PT * 8 + 0.5))	/* 1/8 pt */
#define ASCENT		0.891	/* Times New Roman, em */

#define NS_W	"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R	"http://schemas.openxmlformats.org/officeDocument/2006/" \
		"relationships"
#define NS_PR	"http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" " \
		"standalone=\"yes\"?>\n"
#define T_OPEN	"<w:t xml:space=\"preserve\">"
#define NBSP	"\xc2\xa0"

/* An XML part being written; st keeps the first failure. */
struct xml {
	struct uc_buf b;
	enum uc_status st;
};

struct docx {
	const struct uc_doc *d;
	struct uc_font *font;
	struct xml *x;		/* word/document.xml */
};

static void
xs(struct xml *x, const char *s)
{
	if (x->st == UC_OK)
		x->st = uc_buf_appends(&x->b, s);
}

static void
xn(struct xml *x, const char *s, size_t n)
{
	if (x->st == UC_OK)
		x->st = uc_buf_append(&x->b, s, n);
}

/* Markup with numbers; never user text (that goes through xtext). */
static void UC_PRINTF(2, 3)
xf(struct xml *x, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	uc_assert(n >= 0 && (size_t)n < sizeof(tmp));
	xn(x, tmp, (size_t)n);
}

/*
 * s escaped for XML. Inside a w:t (in_run), a tab and a line break end
 * the text element and become w:tab and w:br; elsewhere they are
 * spaces. uc_doc_validate has refused every other control character,
 * which XML 1.0 cannot carry.
 */
static void
xtext(struct xml *x, const char *s, int in_run)
{
	const char *from = s;

	for (; *s != '\0'; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\n': rep = in_run ? "</w:t><w:br/>" T_OPEN : " "; break;
		case '\t': rep = in_run ? "</w:t><w:tab/>" T_OPEN : " "; break;
		default: continue;
		}
		xn(x, from, (size_t)(s - from));
		xs(x, rep);
		from = s + 1;
	}
	xn(x, from, (size_t)(s - from));
}

/* A run of text; halfpt 0 keeps the paragraph style's size. */
static void
run(struct xml *x, const char *text, unsigned style, int halfpt)
{
	xs(x, "<w:r>");
	if (style != 0 || halfpt != 0) {
		xs(x, "<w:rPr>");
		if (style & UC_DOC_BOLD)
			xs(x, "<w:b/><w:bCs/>");
		if (style & UC_DOC_ITALIC)
			xs(x, "<w:i/><w:iCs/>");
		if (halfpt != 0)
			xf(x, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>",
			    halfpt, halfpt);
		xs(x, "</w:rPr>");
	}
	xs(x, T_OPEN);
	xtext(x, text, 1);
	xs(x, "</w:t></w:r>");
}

static const char *
jc(enum uc_doc_align align)
{
	switch (align) {
	case UC_DOC_JUSTIFY:
		return "both";
	case UC_DOC_LEFT:
		return "left";
	case UC_DOC_CENTER:
		return "center";
	case UC_DOC_RIGHT:
		return "right";
	default:
		uc_assert(!"unknown alignment");
	}
}

/* <w:p><w:pPr> with a style and more properties in schema order. */
static void
p_open(struct xml *x, const char *style, const char *more)
{
	xf(x, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>", style);
	xs(x, more);
	xs(x, "</w:pPr>");
}

/* A centred line (or lines) in one style, space before in twips. */
static void
centred(struct xml *x, const char *text, unsigned style, double size,
    long before)
{
	char more[64];

	snprintf(more, sizeof(more), "<w:spacing w:before=\"%ld\"/>", before);
	p_open(x, "UcCentre", before > 0 ? more : "");
	run(x, text, style, HP(size));
	xs(x, "</w:p>");
}

/* A rule of len_pt centred in a column col twips wide. */
static void
rule(struct xml *x, long col, double len_pt)
{
	long len = UC_PT_TW(len_pt), side = (col - len) / 2;

	if (side < 0)
		side = 0;
	xf(x, "<w:p><w:pPr><w:pStyle w:val=\"UcRule\"/><w:pBdr><w:top "
	    "w:val=\"single\" w:sz=\"%d\" w:space=\"0\" w:color=\"000000\"/>"
	    "</w:pBdr><w:ind w:left=\"%ld\" w:right=\"%ld\"/></w:pPr></w:p>",
	    RULE_SZ, side, side);
}

/* An empty paragraph exactly tw twips high: room between blocks, and
 * the paragraph Word needs between two tables. */
static void
gap(struct xml *x, long tw, int keep)
{
	xf(x, "<w:p><w:pPr><w:pStyle w:val=\"UcRule\"/>%s<w:spacing "
	    "w:before=\"0\" w:line=\"%ld\" w:lineRule=\"exact\"/></w:pPr>"
	    "</w:p>", keep ? "<w:keepNext/>" : "", tw);
}

/* Widest line of s in points, at most limit (wider lines wrap). */
static double
widest(struct docx *dx, const char *s, double size, unsigned style,
    double limit)
{
	double w = 0;
	const char *nl;

	for (;;) {
		char *line = uc_arena_strndup(dx->d->a, s, (nl = strchr(s,
		    '\n')) != NULL ? (size_t)(nl - s) : strlen(s));

		w = MAX(w, uc_font_width(dx->font, line, size, style));
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	return MIN(w, limit);
}

/* --- tables ---------------------------------------------------- */

/* A table of n columns of widths w (twips, summing to the text width);
 * borderless ones lay out the header and the signature block. */
static void
tbl_open(struct xml *x, const long *w, size_t n, int borders)
{
	size_t i;

	xf(x, "<w:tbl><w:tblPr><w:tblStyle w:val=\"%s\"/><w:tblW w:w=\"%ld\""
	    " w:type=\"dxa\"/><w:tblInd w:w=\"0\" w:type=\"dxa\"/>",
	    borders ? "UcGrid" : "UcLayout", TEXT_W);
	xs(x, "<w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0000\"/>"
	    "</w:tblPr><w:tblGrid>");
	for (i = 0; i < n; i++)
		xf(x, "<w:gridCol w:w=\"%ld\"/>", w[i]);
	xs(x, "</w:tblGrid>");
}

static void
tc_open(struct xml *x, long w, const char *valign)
{
	xf(x, "<w:tc><w:tcPr><w:tcW w:w=\"%ld\" w:type=\"dxa\"/>"
	    "<w:vAlign w:val=\"%s\"/></w:tcPr>", w, valign);
}

/* Column widths in twips from the proportions; the last takes the
 * rounding so they sum to the text width exactly. */
static void
grid(const struct uc_doc_table *t, long *w)
{
	long used = 0;
	size_t i;

	for (i = 0; i < t->ncols; i++) {
		w[i] = (long)TEXT_W * t->widths[i] / t->total;
		used += w[i];
	}
	w[t->ncols - 1] += TEXT_W - used;
}

static void
row(struct xml *x, const struct uc_doc_table *t, const long *w,
    const struct uc_doc_row *r, int head)
{
	size_t i;

	/* a header row repeats on each page; no row splits */
	xs(x, head ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" :
	    "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
	for (i = 0; i < t->ncols; i++) {
		tc_open(x, w[i], "center");
		xf(x, "<w:p><w:pPr><w:pStyle w:val=\"UcCell\"/><w:jc "
		    "w:val=\"%s\"/></w:pPr>", jc(head ? UC_DOC_CENTER :
		    t->align[i]));
		run(x, r->cells[i], r->style, 0);
		xs(x, "</w:p></w:tc>");
	}
	xs(x, "</w:tr>");
}

static void
table(struct xml *x, const struct uc_doc_table *t)
{
	long w[UC_DOC_MAX_COLS];
	const struct uc_doc_row *r;
	size_t i = 0;

	grid(t, w);
	tbl_open(x, w, t->ncols, 1);
	for (r = t->rows; r != NULL; r = r->next, i++)
		row(x, t, w, r, i < t->nhead);
	xs(x, "</w:tbl>");
	gap(x, UC_PT_TW(UC_AFTER_PT), 0);
}

/* --- header ---------------------------------------------------- */

static void
head_left(struct docx *dx, long w)
{
	const struct uc_doc_head *h = &dx->d->head;
	struct xml *x = dx->x;

	tc_open(x, w, "top");
	if (*h->supervising != '\0')
		centred(x, h->supervising, 0, UC_SZ_SUPERVISING, 0);
	centred(x, h->issuing, UC_DOC_BOLD, UC_SZ_ISSUING, 0);
	rule(x, w, UC_RULE_ISSUING * widest(dx, h->issuing, UC_SZ_ISSUING,
	    UC_DOC_BOLD, (double)w / 20));
	xs(x, "</w:tc>");
}

static void
head_right(struct docx *dx, long w)
{
	static const char motto[] = "Độc lập - Tự do - Hạnh phúc";
	struct xml *x = dx->x;

	tc_open(x, w, "top");
	centred(x, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", UC_DOC_BOLD,
	    UC_SZ_NATION, 0);
	centred(x, motto, UC_DOC_BOLD, UC_SZ_MOTTO, 0);
	rule(x, w, uc_font_width(dx->font, motto, UC_SZ_MOTTO, UC_DOC_BOLD));
	xs(x, "</w:tc>");
}

/* KHẨN, MẬT: bold red capitals in a red box. */
static void
mark(struct xml *x, const char *s)
{
	if (*s == '\0')
		return;
	p_open(x, "UcCentre", "<w:spacing w:before=\"120\"/>");
	xf(x, "<w:r><w:rPr><w:b/><w:bCs/><w:color w:val=\"D90000\"/>"
	    "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/><w:bdr w:val=\"single\""
	    " w:sz=\"6\" w:space=\"2\" w:color=\"D90000\"/></w:rPr>" T_OPEN,
	    HP(UC_SZ_MARK), HP(UC_SZ_MARK));
	xtext(x, s, 1);
	xs(x, "</w:t></w:r></w:p>");
}

/* Second row: the number (with V/v and marks) | the place and date. */
static void
head_numbers(struct docx *dx, long wl, long wr)
{
	const struct uc_doc_head *h = &dx->d->head;
	struct xml *x = dx->x;

	xs(x, "<w:tr>");
	tc_open(x, wl, "top");
	/* lowered to the date's baseline, the date being larger */
	centred(x, uc_doc_number_line(dx->d), 0, UC_SZ_NUMBER, 160 +
	    UC_PT_TW((UC_SZ_DATE - UC_SZ_NUMBER) * ASCENT));
	if (*h->about != '\0')
		centred(x, h->about, 0, UC_SZ_ABOUT, 120);
	mark(x, h->secrecy);
	mark(x, h->urgency);
	xs(x, "</w:tc>");
	tc_open(x, wr, "top");
	centred(x, h->place_date, UC_DOC_ITALIC, UC_SZ_DATE, 160);
	xs(x, "</w:tc></w:tr>");
}

static void
head(struct docx *dx)
{
	long w[2];

	w[0] = (long)(TEXT_W * UC_HEAD_LEFT);
	w[1] = TEXT_W - w[0];
	tbl_open(dx->x, w, 2, 0);
	xs(dx->x, "<w:tr>");
	head_left(dx, w[0]);
	head_right(dx, w[1]);
	xs(dx->x, "</w:tr>");
	head_numbers(dx, w[0], w[1]);
	xs(dx->x, "</w:tbl>");
}

/* --- title and recipients -------------------------------------- */

static void
title(struct docx *dx)
{
	const struct uc_doc *d = dx->d;
	const char *last = *d->subject != '\0' ? d->subject : d->kind;

	centred(dx->x, d->kind, UC_DOC_BOLD, UC_SZ_TITLE, 360);
	if (*d->subject != '\0')
		centred(dx->x, d->subject, UC_DOC_BOLD, UC_SZ_TITLE, 0);
	rule(dx->x, TEXT_W, UC_RULE_SUBJECT * widest(dx, last, UC_SZ_TITLE,
	    UC_DOC_BOLD, (double)TEXT_W / 20));
	gap(dx->x, 240, 0);
}

/* "Kính gửi:" alone, then the recipients with their dashes under its
 * colon and wrapped lines hanging after the dash, the block centred. */
static void
recipient_list(struct docx *dx)
{
	struct xml *x = dx->x;
	const struct uc_doc_str *r;
	double k = uc_font_width(dx->font, "Kính gửi:", UC_SZ_BODY, 0);
	double off = k - uc_font_width(dx->font, ":", UC_SZ_BODY, 0);
	double dash = uc_font_width(dx->font, "- ", UC_SZ_BODY, 0);
	double most = 0;
	long left;

	for (r = dx->d->recipients.first; r != NULL; r = r->next)
		most = MAX(most, uc_font_width(dx->font,
		    uc_doc_recipient_line(dx->d, r), UC_SZ_BODY, 0));
	/* centred, but never left of the first-line indent */
	left = MAX(TW(UC_INDENT_MM), UC_PT_TW(((double)TEXT_W / 20 - off -
	    most) / 2));
	xf(x, "<w:p><w:pPr><w:pStyle w:val=\"UcPlain\"/><w:keepNext/>"
	    "<w:ind w:left=\"%ld\"/></w:pPr>", left);
	run(x, "Kính gửi:", 0, 0);
	xs(x, "</w:p>");
	for (r = dx->d->recipients.first; r != NULL; r = r->next) {
		xf(x, "<w:p><w:pPr><w:pStyle w:val=\"UcPlain\"/><w:ind "
		    "w:left=\"%ld\" w:hanging=\"%ld\"/></w:pPr>", left +
		    UC_PT_TW(off + dash), UC_PT_TW(dash));
		run(x, uc_doc_recipient_line(dx->d, r), 0, 0);
		xs(x, "</w:p>");
	}
}

static void
recipients(struct docx *dx)
{
	const struct uc_doc *d = dx->d;

	if (d->recipients.n == 0)
		return;
	if (d->recipients.n == 1) {
		p_open(dx->x, "UcCentre", "");
		run(dx->x, "Kính gửi: ", 0, HP(UC_SZ_BODY));
		run(dx->x, uc_doc_recipient_line(d, d->recipients.first), 0,
		    HP(UC_SZ_BODY));
		xs(dx->x, "</w:p>");
	} else {
		recipient_list(dx);
	}
	gap(dx->x, 240, 0);
}

/* --- body ------------------------------------------------------ */

static void
para_open(struct xml *x, const struct uc_doc_para *p, int heading,
    int keep)
{
	xf(x, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>%s", heading ?
	    "UcHeading" : "UcBody", keep ? "<w:keepNext/>" : "");
	if (!p->indent)
		xs(x, "<w:ind w:firstLine=\"0\"/>");
	xf(x, "<w:jc w:val=\"%s\"/></w:pPr>", jc(p->align));
}

/* The '\n' in a paragraph's runs. */
static size_t
breaks(const struct uc_doc_para *p)
{
	const struct uc_doc_run *r;
	const char *s;
	size_t n = 0;

	for (r = p->runs; r != NULL; r = r->next)
		for (s = r->text; (s = strchr(s, '\n')) != NULL; s++)
			n++;
	return n;
}

/* A '\n' in the runs ends one paragraph and opens the next alike; the
 * last one is kept with what follows when keep is set (the closing
 * paragraph with the signature block: Word moves them together). */
static void
para(struct xml *x, struct uc_arena *a, const struct uc_doc_para *p,
    int heading, int keep)
{
	const struct uc_doc_run *r;
	const char *s, *nl;
	size_t left = breaks(p);

	para_open(x, p, heading, keep && left == 0);
	for (r = p->runs; r != NULL; r = r->next)
		for (s = r->text; ; s = nl + 1) {
			if ((nl = strchr(s, '\n')) == NULL) {
				run(x, s, r->style, 0);
				break;
			}
			run(x, uc_arena_strndup(a, s, (size_t)(nl - s)),
			    r->style, 0);
			xs(x, "</w:p>");
			para_open(x, p, heading, keep && --left == 0);
		}
	xs(x, "</w:p>");
}

/* Levels 1 and 2 are numbered by Word (word/numbering.xml), so an
 * inserted section renumbers the rest; level 3 carries its letter,
 * since Word's letters skip "đ". */
static void
section(struct xml *x, const struct uc_doc_block *b)
{
	xf(x, "<w:p><w:pPr><w:pStyle w:val=\"Heading%d\"/></w:pPr>",
	    b->level);
	if (b->level == 3) {
		run(x, b->label, 0, 0);
		run(x, " ", 0, 0);
	}
	run(x, b->text, 0, 0);
	xs(x, "</w:p>");
}

/* A Word checkbox content control (w14), ticked or not, that the
 * official can still click; older readers show the ballot box. */
static void
checkbox(struct xml *x, int checked)
{
	xf(x, "<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val=\"%d\"/>"
	    "<w14:checkedState w14:val=\"2612\" w14:font=\"MS Gothic\"/>"
	    "<w14:uncheckedState w14:val=\"2610\" w14:font=\"MS Gothic\"/>"
	    "</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rFonts "
	    "w:ascii=\"MS Gothic\" w:eastAsia=\"MS Gothic\" w:hAnsi=\"MS "
	    "Gothic\" w:hint=\"eastAsia\"/></w:rPr><w:t>%s</w:t></w:r>"
	    "</w:sdtContent></w:sdt>", checked, checked ? "\xe2\x98\x92" :
	    "\xe2\x98\x90");
}

static void
checks(struct xml *x, const struct uc_doc_checks *c)
{
	const struct uc_doc_check *k;

	p_open(x, "UcBody", c->column ? "<w:ind w:left=\"720\" "
	    "w:firstLine=\"0\"/><w:jc w:val=\"left\"/>" :
	    "<w:jc w:val=\"left\"/>");
	if (*c->label != '\0') {
		run(x, c->label, UC_DOC_BOLD, 0);
		run(x, c->column ? "\n" : " ", 0, 0);
	}
	for (k = c->items; k != NULL; k = k->next) {
		checkbox(x, k->checked);
		/* no break between a box and its words */
		run(x, NBSP, 0, 0);
		run(x, k->text, 0, 0);
		if (k->next != NULL)
			run(x, c->column ? "\n" : "    ", 0, 0);
	}
	xs(x, "</w:p>");
}

static void
body(struct docx *dx)
{
	const struct uc_doc_block *b;

	for (b = dx->d->blocks; b != NULL; b = b->next)
		switch (b->kind) {
		case UC_DOC_PARA:
		case UC_DOC_HEADING:
			para(dx->x, dx->d->a, &b->u.para,
			    b->kind == UC_DOC_HEADING, b->next == NULL);
			break;
		case UC_DOC_SECTION:
			section(dx->x, b);
			break;
		case UC_DOC_TABLE:
			table(dx->x, &b->u.table);
			break;
		case UC_DOC_CHECKS:
			checks(dx->x, &b->u.checks);
			break;
		default:
			uc_assert(!"unknown block kind");
		}
}

/* --- Nơi nhận and signature ------------------------------------ */

/* "Nơi nhận:" lowered so its baseline meets the signature's first. */
static void
copies(struct xml *x, const struct uc_doc *d, long w)
{
	const struct uc_doc_str *e;

	tc_open(x, w, "top");
	xf(x, "<w:p><w:pPr><w:pStyle w:val=\"UcCopiesHead\"/><w:spacing "
	    "w:before=\"%ld\"/></w:pPr>", UC_PT_TW((UC_SZ_SIGN -
	    UC_SZ_COPIES_HEAD) * ASCENT));
	run(x, "Nơi nhận:", 0, 0);
	xs(x, "</w:p>");
	for (e = d->copies.first; e != NULL; e = e->next) {
		p_open(x, "UcCopies", "");
		run(x, e->s, 0, 0);
		xs(x, "</w:p>");
	}
	p_open(x, "UcCopies", "");
	run(x, d->archive, 0, 0);
	xs(x, "</w:p></w:tc>");
}

static void
signature(struct xml *x, const struct uc_doc *d, long w)
{
	const struct uc_doc_str *e;

	tc_open(x, w, "top");
	for (e = d->authority.first; e != NULL; e = e->next)
		centred(x, e->s, UC_DOC_BOLD, UC_SZ_SIGN, 0);
	if (*d->sign_title != '\0')
		centred(x, d->sign_title, UC_DOC_BOLD, UC_SZ_SIGN, 0);
	if (*d->sign_note != '\0')
		centred(x, d->sign_note, UC_DOC_ITALIC, UC_SZ_SIGN, 0);
	centred(x, d->sign_name, UC_DOC_BOLD, UC_SZ_SIGN,
	    TW(UC_SIGN_SPACE_MM));
	xs(x, "</w:tc>");
}

static void
tail(struct docx *dx)
{
	long w[2];

	w[0] = (long)(TEXT_W * UC_TAIL_LEFT);
	w[1] = TEXT_W - w[0];
	gap(dx->x, UC_PT_TW(UC_AFTER_PT), 1);
	tbl_open(dx->x, w, 2, 0);
	/* the block stays whole: it moves to the next page if need be */
	xs(dx->x, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
	copies(dx->x, dx->d, w[0]);
	signature(dx->x, dx->d, w[1]);
	xs(dx->x, "</w:tr></w:tbl>");
}

/* The body's last child: A4, the margins, page numbers from page 2
 * (titlePg: the first page takes the empty first-page header). */
static void
sect(struct xml *x)
{
	xf(x, "<w:sectPr>"
	    "<w:headerReference w:type=\"default\" r:id=\"rIdHdr\"/>"
	    "<w:headerReference w:type=\"first\" r:id=\"rIdHdr1\"/>"
	    "<w:pgSz w:w=\"%d\" w:h=\"%d\"/><w:pgMar w:top=\"%ld\" "
	    "w:right=\"%ld\" w:bottom=\"%ld\" w:left=\"%ld\" w:header=\"%ld\""
	    " w:footer=\"%ld\" w:gutter=\"0\"/><w:titlePg/></w:sectPr>",
	    PAGE_W, PAGE_H, TW(UC_TOP_MM),
	    TW(UC_RIGHT_MM), TW(UC_BOTTOM_MM), TW(UC_LEFT_MM),
	    TW(UC_PAGENO_MM), TW(UC_PAGENO_MM));
}

static void
document(struct docx *dx)
{
	xs(dx->x, XML_DECL "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\""
	    NS_R "\" xmlns:mc=\"http://schemas.openxmlformats.org/"
	    "markup-compatibility/2006\" xmlns:w14=\"http://schemas."
	    "microsoft.com/office/word/2010/wordml\" mc:Ignorable=\"w14\">"
	    "<w:body>");
	head(dx);
	title(dx);
	recipients(dx);
	body(dx);
	tail(dx);
	sect(dx->x);
	xs(dx->x, "</w:body></w:document>");
}

/* --- the other parts ------------------------------------------- */

/* One w:style; ppr and rpr are their inner properties, or "". */
static void
style(struct xml *x, const char *id, const char *name, const char *based,
    const char *ppr, const char *rpr)
{
	xf(x, "<w:style w:type=\"paragraph\" w:styleId=\"%s\">", id);
	xs(x, "<w:name w:val=\"");
	xtext(x, name, 0);
	xs(x, "\"/>");
	if (*based != '\0')
		xf(x, "<w:basedOn w:val=\"%s\"/>", based);
	xs(x, "<w:qFormat/>");
	if (*ppr != '\0') {
		xs(x, "<w:pPr>");
		xs(x, ppr);
		xs(x, "</w:pPr>");
	}
	if (*rpr != '\0') {
		xs(x, "<w:rPr>");
		xs(x, rpr);
		xs(x, "</w:rPr>");
	}
	xs(x, "</w:style>");
}

static const char *
sz(struct uc_arena *a, double pt)
{
	return uc_arena_printf(a, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>",
	    HP(pt), HP(pt));
}

static void
table_styles(struct xml *x)
{
	static const char *const mar = "<w:tblCellMar><w:top w:w=\"40\" "
	    "w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom "
	    "w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
	    "</w:tblCellMar>";

	xs(x, "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\""
	    "TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority "
	    "w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>");
	xs(x, mar);
	xs(x, "</w:tblPr></w:style><w:style w:type=\"table\" w:styleId=\""
	    "UcGrid\"><w:name w:val=\"Bảng có viền\"/><w:basedOn w:val=\""
	    "TableNormal\"/><w:tblPr><w:tblBorders>");
	xs(x, "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\""
	    "000000\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
	    "w:color=\"000000\"/><w:bottom w:val=\"single\" w:sz=\"4\" "
	    "w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"single\" "
	    "w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideH w:val=\""
	    "single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV"
	    " w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>");
	xs(x, "</w:tblBorders>");
	xs(x, mar);
	/* the layout tables: no border, no cell margin, so their columns
	 * are exactly the header's and signature's columns */
	xs(x, "</w:tblPr></w:style><w:style w:type=\"table\" w:styleId=\""
	    "UcLayout\"><w:name w:val=\"Bảng trình bày\"/><w:basedOn w:val=\""
	    "TableNormal\"/><w:tblPr><w:tblCellMar><w:top w:w=\"0\" w:type=\""
	    "dxa\"/><w:left w:w=\"0\" w:type=\"dxa\"/><w:bottom w:w=\"0\" "
	    "w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/>"
	    "</w:tblCellMar></w:tblPr></w:style>");
}

static void
styles(struct docx *dx, struct xml *x)
{
	struct uc_arena *a = dx->d->a;
	long dash = UC_PT_TW(uc_font_width(dx->font, "- ", UC_SZ_COPIES, 0));
	const char *body = uc_arena_printf(a, "<w:spacing w:after=\"%ld\"/>"
	    "<w:ind w:firstLine=\"%ld\"/><w:jc w:val=\"both\"/>",
	    UC_PT_TW(UC_AFTER_PT), TW(UC_INDENT_MM));

	xs(x, XML_DECL "<w:styles xmlns:w=\"" NS_W "\"><w:docDefaults>"
	    "<w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
	    "w:eastAsia=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
	    "w:cs=\"Times New Roman\"/>");
	xs(x, sz(a, UC_SZ_BODY));
	xs(x, "<w:lang w:val=\"vi-VN\" w:eastAsia=\"vi-VN\" w:bidi=\"ar-SA\"/>"
	    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing "
	    "w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
	    "</w:pPrDefault></w:docDefaults>");
	xs(x, "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\""
	    "Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
	    "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\""
	    "DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/>"
	    "<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/>"
	    "</w:style>");
	style(x, "UcBody", "Nội dung", "Normal", body, "");
	style(x, "UcHeading", "Đề mục", "UcBody", uc_arena_printf(a,
	    "<w:keepNext/>%s", body), "<w:b/><w:bCs/>");
	style(x, "Heading1", "heading 1", "UcBody", uc_arena_printf(a,
	    "<w:keepNext/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/>"
	    "</w:numPr>%s<w:outlineLvl w:val=\"0\"/>", body), "<w:b/><w:bCs/>");
	style(x, "Heading2", "heading 2", "UcBody", uc_arena_printf(a,
	    "<w:keepNext/><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/>"
	    "</w:numPr>%s<w:outlineLvl w:val=\"1\"/>", body), "<w:b/><w:bCs/>");
	style(x, "Heading3", "heading 3", "UcBody", uc_arena_printf(a,
	    "<w:keepNext/>%s<w:outlineLvl w:val=\"2\"/>", body),
	    "<w:i/><w:iCs/>");
	style(x, "UcPlain", "Dòng thường", "Normal", "<w:jc w:val=\"left\"/>",
	    "");
	style(x, "UcCentre", "Căn giữa", "Normal", "<w:jc w:val=\"center\"/>",
	    "");
	style(x, "UcCell", "Ô bảng", "Normal", "", sz(a, UC_SZ_CELL));
	style(x, "UcRule", "Đường kẻ", "Normal", "<w:spacing w:before=\"70\" "
	    "w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/>",
	    "<w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/>");
	style(x, "UcCopiesHead", "Nơi nhận", "Normal", "<w:keepNext/>",
	    uc_arena_printf(a, "<w:b/><w:bCs/><w:i/><w:iCs/>%s",
	    sz(a, UC_SZ_COPIES_HEAD)));
	style(x, "UcCopies", "Nơi nhận - mục", "Normal", uc_arena_printf(a,
	    "<w:ind w:left=\"%ld\" w:hanging=\"%ld\"/><w:jc w:val=\"left\"/>",
	    dash, dash), sz(a, UC_SZ_COPIES));
	style(x, "Header", "header", "Normal", "<w:jc w:val=\"center\"/>",
	    sz(a, UC_SZ_PAGENO));
	table_styles(x);
	xs(x, "</w:styles>");
}

static void
numbering(struct xml *x)
{
	static const char *const fmt[] = { "upperRoman", "decimal" };
	int i;

	xs(x, XML_DECL "<w:numbering xmlns:w=\"" NS_W "\"><w:abstractNum "
	    "w:abstractNumId=\"0\"><w:multiLevelType w:val=\"multilevel\"/>");
	for (i = 0; i < 2; i++)
		xf(x, "<w:lvl w:ilvl=\"%d\"><w:start w:val=\"1\"/><w:numFmt "
		    "w:val=\"%s\"/><w:pStyle w:val=\"Heading%d\"/><w:suff "
		    "w:val=\"space\"/><w:lvlText w:val=\"%%%d.\"/><w:lvlJc "
		    "w:val=\"left\"/><w:pPr><w:ind w:left=\"0\" w:firstLine=\""
		    "%ld\"/></w:pPr></w:lvl>", i, fmt[i], i + 1, i + 1,
		    TW(UC_INDENT_MM));
	xs(x, "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId "
	    "w:val=\"0\"/></w:num></w:numbering>");
}

static void
settings(struct xml *x)
{
	xs(x, XML_DECL "<w:settings xmlns:w=\"" NS_W "\"><w:zoom "
	    "w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/>"
	    "<w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat>"
	    "<w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://"
	    "schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
	    "<w:themeFontLang w:val=\"vi-VN\"/></w:settings>");
}

/* The header of pages 2 on: the page number, centred. */
static void
header_number(struct xml *x)
{
	xs(x, XML_DECL "<w:hdr xmlns:w=\"" NS_W "\"><w:p><w:pPr><w:pStyle "
	    "w:val=\"Header\"/></w:pPr><w:r><w:fldChar w:fldCharType=\"begin"
	    "\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE "
	    "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/>"
	    "</w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType=\""
	    "end\"/></w:r></w:p></w:hdr>");
}

static void
header_first(struct xml *x)
{
	xs(x, XML_DECL "<w:hdr xmlns:w=\"" NS_W "\"><w:p><w:pPr><w:pStyle "
	    "w:val=\"Header\"/></w:pPr></w:p></w:hdr>");
}

#define CT_OOXML "application/vnd.openxmlformats-officedocument."
#define CT_WML CT_OOXML "wordprocessingml."

static void
content_types(struct xml *x)
{
	xs(x, XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/"
	    "package/2006/content-types\"><Default Extension=\"rels\" "
	    "ContentType=\"application/vnd.openxmlformats-package."
	    "relationships+xml\"/><Default Extension=\"xml\" ContentType=\""
	    "application/xml\"/>");
	xs(x, "<Override PartName=\"/word/document.xml\" ContentType=\""
	    CT_WML "document.main+xml\"/><Override PartName=\"/word/"
	    "styles.xml\" ContentType=\"" CT_WML "styles+xml\"/><Override "
	    "PartName=\"/word/settings.xml\" ContentType=\"" CT_WML
	    "settings+xml\"/><Override PartName=\"/word/numbering.xml\" "
	    "ContentType=\"" CT_WML "numbering+xml\"/>");
	xs(x, "<Override PartName=\"/word/header1.xml\" ContentType=\""
	    CT_WML "header+xml\"/><Override PartName=\"/word/header2.xml\" "
	    "ContentType=\"" CT_WML "header+xml\"/><Override PartName=\""
	    "/docProps/core.xml\" ContentType=\"application/vnd."
	    "openxmlformats-package.core-properties+xml\"/><Override "
	    "PartName=\"/docProps/app.xml\" ContentType=\"" CT_OOXML
	    "extended-properties+xml\"/></Types>");
}

static void
rel(struct xml *x, const char *id, const char *type, const char *target)
{
	xf(x, "<Relationship Id=\"%s\" Type=\"%s\" Target=\"%s\"/>", id,
	    type, target);
}

#define REL_OD "http://schemas.openxmlformats.org/officeDocument/2006/" \
	"relationships/"

static void
package_rels(struct xml *x)
{
	xs(x, XML_DECL "<Relationships xmlns=\"" NS_PR "\">");
	rel(x, "rId1", REL_OD "officeDocument", "word/document.xml");
	rel(x, "rId2", "http://schemas.openxmlformats.org/package/2006/"
	    "relationships/metadata/core-properties", "docProps/core.xml");
	rel(x, "rId3", REL_OD "extended-properties", "docProps/app.xml");
	xs(x, "</Relationships>");
}

static void
document_rels(struct xml *x)
{
	xs(x, XML_DECL "<Relationships xmlns=\"" NS_PR "\">");
	rel(x, "rIdStyles", REL_OD "styles", "styles.xml");
	rel(x, "rIdSettings", REL_OD "settings", "settings.xml");
	rel(x, "rIdNumbering", REL_OD "numbering", "numbering.xml");
	rel(x, "rIdHdr", REL_OD "header", "header1.xml");
	rel(x, "rIdHdr1", REL_OD "header", "header2.xml");
	xs(x, "</Relationships>");
}

static int64_t
created(const struct uc_doc *d)
{
	return d->created_ms != 0 ? d->created_ms : uc_time_now_ms();
}

/* dc:creator is the issuing body; the application is in app.xml. */
static void
core(struct xml *x, const struct uc_doc *d)
{
	char iso[UC_TIME_ISO_LEN + 1];
	const char *title = *d->title != '\0' ? d->title :
	    uc_arena_printf(d->a, "%s %s", d->kind, d->subject);
	int i;

	uc_time_format(created(d), iso, sizeof(iso));
	xs(x, XML_DECL "<cp:coreProperties xmlns:cp=\"http://schemas."
	    "openxmlformats.org/package/2006/metadata/core-properties\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\""
	    "http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/"
	    "XMLSchema-instance\"><dc:title>");
	xtext(x, title, 0);
	xs(x, "</dc:title><dc:subject>");
	xtext(x, uc_doc_one_line(d, d->subject), 0);
	xs(x, "</dc:subject><dc:creator>");
	xtext(x, uc_doc_one_line(d, d->head.issuing), 0);
	xs(x, "</dc:creator><cp:lastModifiedBy>ungcuu</cp:lastModifiedBy>");
	for (i = 0; i < 2; i++)
		xf(x, "<dcterms:%s xsi:type=\"dcterms:W3CDTF\">%.19sZ"
		    "</dcterms:%s>", i ? "modified" : "created", iso,
		    i ? "modified" : "created");
	xs(x, "</cp:coreProperties>");
}

static void
app(struct xml *x)
{
	xs(x, XML_DECL "<Properties xmlns=\"http://schemas.openxmlformats."
	    "org/officeDocument/2006/extended-properties\"><Application>"
	    "ungcuu</Application></Properties>");
}

/* --- the package ----------------------------------------------- */

enum part {
	P_TYPES, P_RELS, P_DOC, P_DOC_RELS, P_STYLES, P_SETTINGS,
	P_NUMBERING, P_HEADER, P_HEADER_FIRST, P_CORE, P_APP, NPARTS
};

static const char *const part_names[NPARTS] = {
	[P_TYPES] = "[Content_Types].xml",
	[P_RELS] = "_rels/.rels",
	[P_DOC] = "word/document.xml",
	[P_DOC_RELS] = "word/_rels/document.xml.rels",
	[P_STYLES] = "word/styles.xml",
	[P_SETTINGS] = "word/settings.xml",
	[P_NUMBERING] = "word/numbering.xml",
	[P_HEADER] = "word/header1.xml",
	[P_HEADER_FIRST] = "word/header2.xml",
	[P_CORE] = "docProps/core.xml",
	[P_APP] = "docProps/app.xml",
};

static void
write_parts(struct docx *dx, struct xml *parts)
{
	content_types(&parts[P_TYPES]);
	package_rels(&parts[P_RELS]);
	document_rels(&parts[P_DOC_RELS]);
	styles(dx, &parts[P_STYLES]);
	settings(&parts[P_SETTINGS]);
	numbering(&parts[P_NUMBERING]);
	header_number(&parts[P_HEADER]);
	header_first(&parts[P_HEADER_FIRST]);
	core(&parts[P_CORE], dx->d);
	app(&parts[P_APP]);
	dx->x = &parts[P_DOC];
	document(dx);
}

/* Adds the parts to za, dated mtime (so one document zips to the same
 * bytes twice); their buffers must outlive zip_close. */
static enum uc_status
add_parts(zip_t *za, const struct xml *parts, time_t mtime,
    struct uc_error *err)
{
	zip_source_t *zs;
	zip_int64_t idx;
	size_t i;

	for (i = 0; i < NPARTS; i++) {
		zs = zip_source_buffer(za, parts[i].b.data, parts[i].b.len, 0);
		idx = zs != NULL ? zip_file_add(za, part_names[i], zs,
		    ZIP_FL_ENC_UTF_8) : -1;
		if (idx < 0) {
			zip_source_free(zs);
			return uc_error_set(err, UC_EIO, "libzip: %s: %s",
			    part_names[i], zip_strerror(za));
		}
		if (zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0) < 0)
			return uc_error_set(err, UC_EIO, "libzip: %s",
			    zip_strerror(za));
	}
	return UC_OK;
}

/* Copies the finished archive out of src into out. */
static enum uc_status
read_back(zip_source_t *src, struct uc_buf *out, struct uc_error *err)
{
	char chunk[8192];
	zip_int64_t n;
	enum uc_status rc = UC_OK;

	if (zip_source_open(src) < 0)
		return uc_error_set(err, UC_EIO, "libzip: %s",
		    zip_error_strerror(zip_source_error(src)));
	while (rc == UC_OK && (n = zip_source_read(src, chunk,
	    sizeof(chunk))) > 0)
		rc = uc_buf_append(out, chunk, (size_t)n);
	if (rc == UC_OK && n < 0)
		rc = uc_error_set(err, UC_EIO, "libzip: %s",
		    zip_error_strerror(zip_source_error(src)));
	zip_source_close(src);
	if (rc == UC_ETOOBIG)
		uc_error_set(err, rc, "the DOCX is over %zu bytes", out->max);
	return rc;
}

static enum uc_status
zip_parts(const struct xml *parts, int64_t ms, struct uc_buf *out,
    struct uc_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za = NULL;
	enum uc_status rc;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (src != NULL)
		za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (za == NULL) {
		rc = uc_error_set(err, UC_EIO, "libzip: %s",
		    zip_error_strerror(&ze));
		goto out;
	}
	/* the archive is written into src: keep it past zip_close */
	zip_source_keep(src);
	rc = add_parts(za, parts, (time_t)(ms / 1000), err);
	if (rc == UC_OK && zip_close(za) < 0)
		rc = uc_error_set(err, UC_EIO, "libzip: %s", zip_strerror(za));
	if (rc != UC_OK) {
		zip_discard(za);
		goto out;
	}
	rc = read_back(src, out, err);
out:
	zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}

enum uc_status
uc_docx_render(const struct uc_doc *d, struct uc_buf *out,
    struct uc_error *err)
{
	struct xml parts[NPARTS];
	struct docx dx = { .d = d };
	enum uc_status rc = UC_OK;
	size_t i;

	if (uc_doc_validate(d, err) != UC_OK)
		return UC_EVALID;
	if (uc_font_new(&dx.font, err) != UC_OK)
		return UC_EIO;
	for (i = 0; i < NPARTS; i++) {
		uc_buf_init(&parts[i].b, out->max);
		parts[i].st = UC_OK;
	}
	write_parts(&dx, parts);
	for (i = 0; rc == UC_OK && i < NPARTS; i++)
		if (parts[i].st != UC_OK)
			rc = uc_error_set(err, parts[i].st, "%s is over %zu "
			    "bytes", part_names[i], out->max);
	if (rc == UC_OK)
		rc = zip_parts(parts, created(d), out, err);
	for (i = 0; i < NPARTS; i++)
		uc_buf_cleanup(&parts[i].b);
	uc_font_free(dx.font);
	return rc;
}
