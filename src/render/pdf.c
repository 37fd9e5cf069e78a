/*
 * pdf.c - see pdf.h.
 *
 * The document flows down the page from the top margin: each block is
 * laid out by pango at its width, then drawn line by line; a line that
 * would cross the bottom margin goes to a new page, keeping at least
 * two lines of a paragraph together, a heading with what follows, a
 * table row whole (with the header rows repeated) and the signature
 * block whole. Coordinates are points from the page's top-left corner.
 *
 * The text is set as given: line breaks inside a block become U+2028
 * (a break without a new paragraph, so no new indent), and automatic
 * hyphenation is off, so pdftotext gives back exactly what came in.
 */
#include "render/pdf.h"
#include "render/doc_int.h"
#include "render/font.h"
#include "render/layout.h"
#include "core/mem.h"
#include "core/time.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <stdio.h>
#include <string.h>

#define PAGE_W		UC_MM_PT(UC_PAGE_W_MM)
#define PAGE_H		UC_MM_PT(UC_PAGE_H_MM)
#define TOP		UC_MM_PT(UC_TOP_MM)
#define LEFT		UC_MM_PT(UC_LEFT_MM)
#define TEXT_W		(PAGE_W - LEFT - UC_MM_PT(UC_RIGHT_MM))
#define LIMIT		(PAGE_H - UC_MM_PT(UC_BOTTOM_MM))
#define INDENT		UC_MM_PT(UC_INDENT_MM)
#define PAD_X		UC_MM_PT(UC_CELL_PAD_MM)
#define PAD_Y		2.0
#define RULE_GAP	UC_RULE_GAP_PT
#define SLACK		0.01	/* rounding room at the bottom margin */
#define LINES2		(2 * UC_SZ_BODY * 1.15)	/* two body lines */

#define LINE_SEP	"\xe2\x80\xa8"	/* U+2028 */
#define NBSP		"\xc2\xa0"
#define BOX_ON		"\xe2\x98\x92"	/* ☒ */
#define BOX_OFF		"\xe2\x98\x90"	/* ☐ */

struct pdf {
	const struct uc_doc *d;
	struct uc_font *font;
	cairo_t *cr;
	double y;		/* top of the free space on the page */
	int page;		/* the current page from 1; 0 before */
};

/* What a layout is made of: its text and the styles of its spans. */
struct text {
	GString *s;
	PangoAttrList *attrs;
};

/* The write callback's state: where to, and why it stopped. */
struct sink {
	struct uc_buf *out;
	enum uc_status st;
};

/* a function, not glib's MAX: its arguments draw text (head_left) */
static double
maxd(double a, double b)
{
	return a > b ? a : b;
}

static void
text_init(struct text *t)
{
	t->s = g_string_new(NULL);
	t->attrs = pango_attr_list_new();
	/* pango 1.44+ hyphenates long words, adding '-' to the text */
	pango_attr_list_insert(t->attrs, pango_attr_insert_hyphens_new(0));
}

static void
attr(struct text *t, PangoAttribute *a, size_t start)
{
	a->start_index = (guint)start;
	a->end_index = (guint)t->s->len;
	pango_attr_list_insert(t->attrs, a);
}

/* Appends n bytes of s in style (and family when not NULL, else the
 * serif). */
static void
span_n(struct text *t, const char *s, size_t n, unsigned style,
    const char *family)
{
	size_t start = t->s->len;
	const char *end = s + n;

	for (; s < end; s++)
		if (*s == '\n')
			g_string_append(t->s, LINE_SEP);
		else
			g_string_append_c(t->s, *s);
	if (style & UC_DOC_BOLD)
		attr(t, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start);
	if (style & UC_DOC_ITALIC)
		attr(t, pango_attr_style_new(PANGO_STYLE_ITALIC), start);
	if (family != NULL)
		attr(t, pango_attr_family_new(family), start);
}

static void
span(struct text *t, const char *s, unsigned style, const char *family)
{
	span_n(t, s, strlen(s), style, family);
}

/* A paragraph break: a new first line (for hanging indents). */
static void
para_break(struct text *t)
{
	g_string_append_c(t->s, '\n');
}

static void
sized(struct text *t, size_t start, double size)
{
	attr(t, pango_attr_size_new_absolute((int)(size * PANGO_SCALE)),
	    start);
}

static PangoAlignment
palign(enum uc_doc_align align)
{
	switch (align) {
	case UC_DOC_CENTER:
		return PANGO_ALIGN_CENTER;
	case UC_DOC_RIGHT:
		return PANGO_ALIGN_RIGHT;
	case UC_DOC_JUSTIFY:
	case UC_DOC_LEFT:
		return PANGO_ALIGN_LEFT;
	default:
		uc_assert(!"unknown alignment");
	}
}

/* A layout of t (which it consumes) at width; indent < 0 hangs. */
static PangoLayout *
layout(struct pdf *p, struct text *t, double size, unsigned style,
    double width, enum uc_doc_align align, double indent)
{
	PangoLayout *l = pango_layout_new(uc_font_context(p->font));
	PangoFontDescription *fd = uc_font_desc(UC_FONT_SERIF, size, style);

	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, palign(align));
	pango_layout_set_justify(l, align == UC_DOC_JUSTIFY);
	pango_layout_set_indent(l, (int)(indent * PANGO_SCALE));
	pango_layout_set_line_spacing(l, UC_LINE_FACTOR);
	pango_layout_set_text(l, t->s->str, (int)t->s->len);
	pango_layout_set_attributes(l, t->attrs);
	pango_attr_list_unref(t->attrs);
	g_string_free(t->s, TRUE);
	return l;
}

/* A layout of one string in one style. */
static PangoLayout *
simple(struct pdf *p, const char *s, double size, unsigned style,
    double width, enum uc_doc_align align)
{
	struct text t;

	text_init(&t);
	span(&t, s, 0, NULL);
	return layout(p, &t, size, style, width, align, 0);
}

static PangoRectangle
extents(PangoLayout *l)
{
	PangoRectangle r;

	pango_layout_get_extents(l, NULL, &r);
	return r;
}

static double
height(PangoLayout *l)
{
	return (double)extents(l).height / PANGO_SCALE;
}

static double
width_of(PangoLayout *l)
{
	return (double)extents(l).width / PANGO_SCALE;
}

static double
baseline(PangoLayout *l)
{
	return (double)pango_layout_get_baseline(l) / PANGO_SCALE;
}

/* Draws l with its top-left corner at x, y and frees it. */
static void
draw(struct pdf *p, PangoLayout *l, double x, double y)
{
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

/* A horizontal rule of length w centred on cx. */
static void
rule(struct pdf *p, double cx, double y, double w)
{
	cairo_set_line_width(p->cr, UC_RULE_PT);
	cairo_move_to(p->cr, cx - w / 2, y);
	cairo_line_to(p->cr, cx + w / 2, y);
	cairo_stroke(p->cr);
}

/* Pages from the second carry their number, centred in the top
 * margin; the first does not (NĐ 30/2020 Phụ lục I). */
static void
new_page(struct pdf *p)
{
	char n[16];

	if (p->page > 0)
		cairo_show_page(p->cr);
	p->page++;
	p->y = TOP;
	if (p->page < 2)
		return;
	snprintf(n, sizeof(n), "%d", p->page);
	draw(p, simple(p, n, UC_SZ_PAGENO, 0, TEXT_W, UC_DOC_CENTER), LEFT,
	    UC_MM_PT(UC_PAGENO_MM));
}

static int
at_top(const struct pdf *p)
{
	return p->y <= TOP + SLACK;
}

/* Starts a new page unless need points fit below y. */
static void
ensure(struct pdf *p, double need)
{
	if (p->y + need > LIMIT + SLACK && !at_top(p))
		new_page(p);
}

/* Tops and bottoms of l's lines, in layout points. */
static void
measure_lines(PangoLayout *l, double *top, double *bot)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	PangoRectangle r;
	int i = 0;

	do {
		pango_layout_iter_get_line_extents(it, NULL, &r);
		top[i] = (double)r.y / PANGO_SCALE;
		bot[i] = (double)(r.y + r.height) / PANGO_SCALE;
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/*
 * How many lines from start fit on the page: [start, end). A first
 * line alone at the bottom (an orphan) goes with the rest to the next
 * page; so does a last line alone at the top (a widow) take one more
 * with it. Nothing fits only away from the top of a page.
 */
static int
fit_lines(const struct pdf *p, const double *top, const double *bot,
    int n, int start)
{
	int end = start;

	while (end < n && p->y + bot[end] - top[start] <= LIMIT + SLACK)
		end++;
	if (end == n)
		return n;
	if (end == start)
		return at_top(p) ? start + 1 : start;
	if (start == 0 && end == 1 && !at_top(p))
		return 0;
	if (end == n - 1 && end - start > 2)
		return end - 1;
	return end;
}

/* Draws lines [start, end) of l with line start's top at p->y. */
static void
draw_lines(struct pdf *p, PangoLayout *l, double x, double top0,
    int start, int end)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	PangoRectangle r;
	double base;
	int i = 0;

	do {
		if (i >= start && i < end) {
			pango_layout_iter_get_line_extents(it, NULL, &r);
			base = pango_layout_iter_get_baseline(it);
			cairo_move_to(p->cr, x + (double)r.x / PANGO_SCALE,
			    p->y - top0 + base / PANGO_SCALE);
			pango_cairo_show_layout_line(p->cr,
			    pango_layout_iter_get_line_readonly(it));
		}
		i++;
	} while (i < end && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* Draws l at x from y on, across pages as needed; frees l. */
static void
flow(struct pdf *p, PangoLayout *l, double x)
{
	int n = pango_layout_get_line_count(l), start = 0, end;
	double *top = uc_xcalloc((size_t)n, sizeof(*top));
	double *bot = uc_xcalloc((size_t)n, sizeof(*bot));

	measure_lines(l, top, bot);
	while (start < n) {
		end = fit_lines(p, top, bot, n, start);
		draw_lines(p, l, x, top[start], start, end);
		if (end < n)
			new_page(p);
		else
			p->y += bot[n - 1] - top[start];
		start = end;
	}
	uc_free(top);
	uc_free(bot);
	g_object_unref(l);
}

/* --- header ---------------------------------------------------- */

/* Draws l at x, y; returns the y under it. */
static double
stack(struct pdf *p, PangoLayout *l, double x, double y)
{
	double h = height(l);

	draw(p, l, x, y);
	return y + h;
}

/* Supervising body, issuing body and its rule; returns the y under. */
static double
head_left(struct pdf *p, double x, double w)
{
	const struct uc_doc_head *h = &p->d->head;
	PangoLayout *l;
	double y = TOP, rw;

	if (*h->supervising != '\0')
		y = stack(p, simple(p, h->supervising, UC_SZ_SUPERVISING, 0,
		    w, UC_DOC_CENTER), x, y);
	l = simple(p, h->issuing, UC_SZ_ISSUING, UC_DOC_BOLD, w,
	    UC_DOC_CENTER);
	rw = width_of(l) * UC_RULE_ISSUING;
	y = stack(p, l, x, y) + RULE_GAP;
	rule(p, x + w / 2, y, rw);
	return y;
}

/* Quốc hiệu, Tiêu ngữ and its rule as long as the motto. */
static double
head_right(struct pdf *p, double x, double w)
{
	PangoLayout *l;
	double y, rw;

	y = stack(p, simple(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	    UC_SZ_NATION, UC_DOC_BOLD, w, UC_DOC_CENTER), x, TOP);
	l = simple(p, "Độc lập - Tự do - Hạnh phúc", UC_SZ_MOTTO,
	    UC_DOC_BOLD, w, UC_DOC_CENTER);
	rw = width_of(l);
	y = stack(p, l, x, y) + RULE_GAP;
	rule(p, x + w / 2, y, rw);
	return y;
}

/* "Số: ..." left and the place-and-date line right, on one baseline. */
static double
head_line(struct pdf *p, double xl, double wl, double xr, double wr,
    double y)
{
	PangoLayout *n = simple(p, uc_doc_number_line(p->d), UC_SZ_NUMBER,
	    0, wl, UC_DOC_CENTER);
	PangoLayout *t = simple(p, p->d->head.place_date, UC_SZ_DATE,
	    UC_DOC_ITALIC, wr, UC_DOC_CENTER);
	double bn = baseline(n), bt = baseline(t), b = maxd(bn, bt);
	double bottom = y + b + maxd(height(n) - bn, height(t) - bt);

	draw(p, n, xl, y + b - bn);
	draw(p, t, xr, y + b - bt);
	return bottom;
}

/* A secrecy or urgency mark: bold capitals in a red box. */
static double
mark(struct pdf *p, const char *s, double x, double w, double y)
{
	PangoLayout *l;
	double lw, lh;

	if (*s == '\0')
		return y;
	l = simple(p, s, UC_SZ_MARK, UC_DOC_BOLD, w, UC_DOC_CENTER);
	lw = width_of(l) + 8;
	lh = height(l) + 2;
	y += 6;
	cairo_set_source_rgb(p->cr, 0.85, 0, 0);
	cairo_set_line_width(p->cr, 0.8);
	cairo_rectangle(p->cr, x + (w - lw) / 2, y, lw, lh);
	cairo_stroke(p->cr);
	draw(p, l, x, y + 1);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	return y + lh;
}

static void
head(struct pdf *p)
{
	const struct uc_doc_head *h = &p->d->head;
	double wl = TEXT_W * UC_HEAD_LEFT, wr = TEXT_W - wl;
	double xr = LEFT + wl, y, yl;

	y = maxd(head_left(p, LEFT, wl), head_right(p, xr, wr)) + 8;
	y = yl = head_line(p, LEFT, wl, xr, wr, y);
	if (*h->about != '\0')
		yl = stack(p, simple(p, h->about, UC_SZ_ABOUT, 0, wl,
		    UC_DOC_CENTER), LEFT, yl + 6);
	yl = mark(p, h->secrecy, LEFT, wl, yl);
	yl = mark(p, h->urgency, LEFT, wl, yl);
	p->y = maxd(y, yl);
}

/* --- title and recipients -------------------------------------- */

static void
title(struct pdf *p)
{
	const struct uc_doc *d = p->d;
	PangoLayout *l;
	double rw;

	p->y += 18;
	l = simple(p, d->kind, UC_SZ_TITLE, UC_DOC_BOLD, TEXT_W,
	    UC_DOC_CENTER);
	rw = width_of(l) * UC_RULE_SUBJECT;
	p->y = stack(p, l, LEFT, p->y);
	if (*d->subject != '\0') {
		l = simple(p, d->subject, UC_SZ_TITLE, UC_DOC_BOLD, TEXT_W,
		    UC_DOC_CENTER);
		rw = width_of(l) * UC_RULE_SUBJECT;
		p->y = stack(p, l, LEFT, p->y);
	}
	p->y += RULE_GAP;
	rule(p, LEFT + TEXT_W / 2, p->y, rw);
	p->y += 12;
}

/* One recipient on the line of "Kính gửi:", centred. */
static void
recipient_one(struct pdf *p)
{
	struct text t;

	text_init(&t);
	span(&t, "Kính gửi: ", 0, NULL);
	span(&t, uc_doc_recipient_line(p->d, p->d->recipients.first), 0,
	    NULL);
	flow(p, layout(p, &t, UC_SZ_BODY, 0, TEXT_W, UC_DOC_CENTER, 0),
	    LEFT);
}

/* "Kính gửi:" on its line, then one recipient per line, the dashes
 * aligned under its colon, wrapped lines hanging after the dash; the
 * whole block centred. */
static void
recipient_list(struct pdf *p)
{
	const struct uc_doc_str *r;
	double k = uc_font_width(p->font, "Kính gửi:", UC_SZ_BODY, 0);
	double off = k - uc_font_width(p->font, ":", UC_SZ_BODY, 0);
	double dash = uc_font_width(p->font, "- ", UC_SZ_BODY, 0);
	double widest = 0, x;

	for (r = p->d->recipients.first; r != NULL; r = r->next)
		widest = maxd(widest, uc_font_width(p->font,
		    uc_doc_recipient_line(p->d, r), UC_SZ_BODY, 0));
	/* centred, but never left of the first-line indent */
	x = LEFT + maxd(INDENT, (TEXT_W - off - widest) / 2);
	ensure(p, 3 * UC_SZ_BODY * 1.15);	/* "Kính gửi:" and two */
	flow(p, simple(p, "Kính gửi:", UC_SZ_BODY, 0, TEXT_W, UC_DOC_LEFT),
	    x);
	for (r = p->d->recipients.first; r != NULL; r = r->next) {
		struct text t;

		text_init(&t);
		span(&t, uc_doc_recipient_line(p->d, r), 0, NULL);
		flow(p, layout(p, &t, UC_SZ_BODY, 0, LEFT + TEXT_W - x - off,
		    UC_DOC_LEFT, -dash), x + off);
	}
}

static void
recipients(struct pdf *p)
{
	if (p->d->recipients.n == 0)
		return;
	if (p->d->recipients.n == 1)
		recipient_one(p);
	else
		recipient_list(p);
	p->y += 12;
}

/* --- body ------------------------------------------------------ */

/* Lays out and draws t (consumed) as one paragraph of para, on the
 * next page unless keep points more fit under it. */
static void
para_out(struct pdf *p, const struct uc_doc_para *para, struct text *t,
    double keep)
{
	PangoLayout *l = layout(p, t, UC_SZ_BODY, 0, TEXT_W, para->align,
	    para->indent ? INDENT : 0);

	if (keep > 0 && pango_layout_get_line_count(l) <= UC_KEEP_LAST_LINES)
		ensure(p, height(l) + keep);
	flow(p, l, LEFT);
	p->y += UC_AFTER_PT;
}

/* A '\n' in the runs ends one paragraph and starts the next; the last
 * one keeps keep points with it, the others a heading's two lines. */
static void
para(struct pdf *p, const struct uc_doc_para *para, double keep)
{
	const struct uc_doc_run *r;
	const char *s, *nl;
	struct text t;

	text_init(&t);
	for (r = para->runs; r != NULL; r = r->next)
		for (s = r->text; ; s = nl + 1) {
			nl = strchr(s, '\n');
			span_n(&t, s, nl != NULL ? (size_t)(nl - s) : strlen(s),
			    r->style, NULL);
			if (nl == NULL)
				break;
			para_out(p, para, &t, keep > 0 ? LINES2 : 0);
			text_init(&t);
		}
	para_out(p, para, &t, keep);
}

/* Section levels: 1 and 2 bold, 3 italic, all with the body's indent. */
static void
section(struct pdf *p, const struct uc_doc_block *b)
{
	struct text t;
	PangoLayout *l;

	text_init(&t);
	span(&t, b->label, 0, NULL);
	span(&t, " ", 0, NULL);
	span(&t, b->text, 0, NULL);
	l = layout(p, &t, UC_SZ_BODY, b->level < 3 ? UC_DOC_BOLD :
	    UC_DOC_ITALIC, TEXT_W, UC_DOC_JUSTIFY, INDENT);
	ensure(p, height(l) + LINES2);
	flow(p, l, LEFT);
	p->y += UC_AFTER_PT;
}

static void
checks(struct pdf *p, const struct uc_doc_checks *c)
{
	const struct uc_doc_check *k;
	struct text t;

	text_init(&t);
	if (*c->label != '\0') {
		span(&t, c->label, UC_DOC_BOLD, NULL);
		span(&t, c->column ? "\n" : " ", 0, NULL);
	}
	for (k = c->items; k != NULL; k = k->next) {
		span(&t, k->checked ? BOX_ON : BOX_OFF, 0, UC_FONT_SYMBOL);
		/* no break between a box and its words */
		span(&t, NBSP, 0, NULL);
		span(&t, k->text, 0, NULL);
		if (k->next != NULL)
			span(&t, c->column ? "\n" : "    ", 0, NULL);
	}
	if (c->column)
		flow(p, layout(p, &t, UC_SZ_BODY, 0, TEXT_W - INDENT,
		    UC_DOC_LEFT, 0), LEFT + INDENT);
	else
		flow(p, layout(p, &t, UC_SZ_BODY, 0, TEXT_W, UC_DOC_LEFT,
		    INDENT), LEFT);
	p->y += UC_AFTER_PT;
}

/* --- tables ---------------------------------------------------- */

/* Column edges: the widths' proportions of the text width. */
static void
grid(const struct uc_doc_table *t, double *x)
{
	unsigned acc = 0;
	size_t i;

	for (i = 0; i < t->ncols; i++) {
		x[i] = LEFT + TEXT_W * acc / t->total;
		acc += t->widths[i];
	}
	x[t->ncols] = LEFT + TEXT_W;
}

/* Lays out a row's cells into cells; returns the row's height. */
static double
row_cells(struct pdf *p, const struct uc_doc_table *t, const double *x,
    const struct uc_doc_row *r, int head, PangoLayout **cells)
{
	double h = 0;
	size_t i;

	for (i = 0; i < t->ncols; i++) {
		cells[i] = simple(p, r->cells[i], UC_SZ_CELL, r->style,
		    x[i + 1] - x[i] - 2 * PAD_X, head ? UC_DOC_CENTER :
		    t->align[i]);
		h = maxd(h, height(cells[i]));
	}
	return h + 2 * PAD_Y;
}

/* Draws the cells (centred vertically) and their borders; frees them. */
static void
row_draw(struct pdf *p, size_t ncols, const double *x,
    PangoLayout **cells, double h)
{
	size_t i;

	cairo_set_line_width(p->cr, 0.5);
	for (i = 0; i < ncols; i++) {
		cairo_rectangle(p->cr, x[i], p->y, x[i + 1] - x[i], h);
		cairo_stroke(p->cr);
		draw(p, cells[i], x[i] + PAD_X,
		    p->y + (h - height(cells[i])) / 2);
	}
	p->y += h;
}

static double
row_height(struct pdf *p, const struct uc_doc_table *t, const double *x,
    const struct uc_doc_row *r, int head)
{
	PangoLayout *cells[UC_DOC_MAX_COLS];
	double h = row_cells(p, t, x, r, head, cells);
	size_t i;

	for (i = 0; i < t->ncols; i++)
		g_object_unref(cells[i]);
	return h;
}

/* The header rows and the first body row stay together. */
static double
table_start(struct pdf *p, const struct uc_doc_table *t, const double *x)
{
	const struct uc_doc_row *r = t->rows;
	double h = 0;
	size_t i;

	for (i = 0; r != NULL && i <= t->nhead; i++, r = r->next)
		h += row_height(p, t, x, r, i < t->nhead);
	return h;
}

static void
table_heads(struct pdf *p, const struct uc_doc_table *t, const double *x)
{
	PangoLayout *cells[UC_DOC_MAX_COLS];
	const struct uc_doc_row *r = t->rows;
	size_t i;
	double h;

	for (i = 0; i < t->nhead; i++, r = r->next) {
		h = row_cells(p, t, x, r, 1, cells);
		row_draw(p, t->ncols, x, cells, h);
	}
}

static void
table(struct pdf *p, const struct uc_doc_table *t)
{
	PangoLayout *cells[UC_DOC_MAX_COLS];
	double x[UC_DOC_MAX_COLS + 1], h;
	const struct uc_doc_row *r;
	size_t i = 0;

	grid(t, x);
	ensure(p, table_start(p, t, x));
	for (r = t->rows; r != NULL; r = r->next, i++) {
		h = row_cells(p, t, x, r, i < t->nhead, cells);
		/* a row taller than a page overflows: rows never split */
		if (p->y + h > LIMIT + SLACK && !at_top(p)) {
			new_page(p);
			if (i >= t->nhead)
				table_heads(p, t, x);
		}
		row_draw(p, t->ncols, x, cells, h);
	}
	p->y += UC_AFTER_PT;
}

/* --- Nơi nhận and signature ------------------------------------ */

/* "Nơi nhận:" and its entries, wrapped lines hanging after the dash. */
static PangoLayout *
copies(struct pdf *p, double w)
{
	const struct uc_doc_str *e;
	struct text t;
	size_t start;

	text_init(&t);
	span(&t, "Nơi nhận:", UC_DOC_BOLD | UC_DOC_ITALIC, NULL);
	sized(&t, 0, UC_SZ_COPIES_HEAD);
	for (e = p->d->copies.first; e != NULL; e = e->next) {
		para_break(&t);
		span(&t, e->s, 0, NULL);
	}
	para_break(&t);
	start = t.s->len;
	span(&t, p->d->archive, 0, NULL);
	sized(&t, start, UC_SZ_COPIES);
	return layout(p, &t, UC_SZ_COPIES, 0, w, UC_DOC_LEFT,
	    -uc_font_width(p->font, "- ", UC_SZ_COPIES, 0));
}

/* Authority lines and the signer's title (bold), the note (italic). */
static PangoLayout *
signature(struct pdf *p, double w)
{
	const struct uc_doc *d = p->d;
	const struct uc_doc_str *e;
	struct text t;
	const char *sep = "";

	text_init(&t);
	for (e = d->authority.first; e != NULL; e = e->next, sep = "\n") {
		span(&t, sep, 0, NULL);
		span(&t, e->s, UC_DOC_BOLD, NULL);
	}
	if (*d->sign_title != '\0') {
		span(&t, sep, 0, NULL);
		span(&t, d->sign_title, UC_DOC_BOLD, NULL);
		sep = "\n";
	}
	if (*d->sign_note != '\0') {
		span(&t, sep, 0, NULL);
		span(&t, d->sign_note, UC_DOC_ITALIC, NULL);
	}
	return layout(p, &t, UC_SZ_SIGN, 0, w, UC_DOC_CENTER, 0);
}

/* The Nơi nhận | signature block, laid out before it is placed. */
struct tail {
	PangoLayout *left;	/* Nơi nhận */
	PangoLayout *sign;	/* authority, title, note */
	PangoLayout *name;
	double shift;		/* lowers Nơi nhận to the signature's
				 * first baseline */
	double need;		/* height of the block and the space
				 * above it */
};

static void
tail_make(struct pdf *p, struct tail *t)
{
	double wl = TEXT_W * UC_TAIL_LEFT, wr = TEXT_W - wl;

	t->left = copies(p, wl - 6);
	t->sign = signature(p, wr);
	t->name = simple(p, p->d->sign_name, UC_SZ_SIGN, UC_DOC_BOLD, wr,
	    UC_DOC_CENTER);
	t->shift = baseline(t->sign) - baseline(t->left);
	t->need = UC_AFTER_PT + maxd(t->shift + height(t->left),
	    height(t->sign) + UC_MM_PT(UC_SIGN_SPACE_MM) + height(t->name));
}

/* Nơi nhận flush left, level with the first line of the signature;
 * the block stays whole. */
static void
tail(struct pdf *p, struct tail *t)
{
	double xr = LEFT + TEXT_W * UC_TAIL_LEFT, hs = height(t->sign);

	p->y += UC_AFTER_PT;
	ensure(p, t->need - UC_AFTER_PT);
	draw(p, t->left, LEFT, p->y + t->shift);
	draw(p, t->sign, xr, p->y);
	draw(p, t->name, xr, p->y + hs + UC_MM_PT(UC_SIGN_SPACE_MM));
	p->y += t->need - UC_AFTER_PT;
}

/* The closing paragraph keeps the signature block with it. */
static void
body(struct pdf *p, const struct tail *t)
{
	const struct uc_doc_block *b;

	for (b = p->d->blocks; b != NULL; b = b->next)
		switch (b->kind) {
		case UC_DOC_PARA:
			para(p, &b->u.para, b->next == NULL ? t->need : 0);
			break;
		case UC_DOC_HEADING:
			para(p, &b->u.para, LINES2);
			break;
		case UC_DOC_SECTION:
			section(p, b);
			break;
		case UC_DOC_TABLE:
			table(p, &b->u.table);
			break;
		case UC_DOC_CHECKS:
			checks(p, &b->u.checks);
			break;
		default:
			uc_assert(!"unknown block kind");
		}
}

/* --- the file -------------------------------------------------- */

static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct sink *s = closure;

	if (s->st == UC_OK)
		s->st = uc_buf_append(s->out, data, len);
	return s->st == UC_OK ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/* Title, author, subject, creator and dates (Vietnam time). */
static void
metadata(cairo_surface_t *s, const struct uc_doc *d)
{
	int64_t ms = d->created_ms != 0 ? d->created_ms : uc_time_now_ms();
	char iso[UC_TIME_ISO_LEN + 1], date[32];
	const char *title = d->title;

	uc_time_format(ms + 7 * 3600 * INT64_C(1000), iso, sizeof(iso));
	snprintf(date, sizeof(date), "%.19s+07:00", iso);
	if (*title == '\0')
		title = uc_arena_printf(d->a, "%s %s", d->kind, d->subject);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
	    uc_doc_one_line(d, title));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
	    uc_doc_one_line(d, d->head.issuing));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT,
	    uc_doc_one_line(d, d->subject));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	    "ungcuu");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
	    date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static void
pages(struct pdf *p)
{
	struct tail t;

	tail_make(p, &t);
	new_page(p);
	head(p);
	title(p);
	recipients(p);
	body(p, &t);
	tail(p, &t);
}

enum uc_status
uc_pdf_render(const struct uc_doc *d, struct uc_buf *out,
    struct uc_error *err)
{
	struct pdf p = { .d = d };
	struct sink s = { .out = out, .st = UC_OK };
	cairo_surface_t *surface;
	cairo_status_t cs;
	size_t mark_len = out->len;

	if (uc_doc_validate(d, err) != UC_OK)
		return UC_EVALID;
	if (uc_font_new(&p.font, err) != UC_OK)
		return UC_EIO;
	surface = cairo_pdf_surface_create_for_stream(sink_write, &s, PAGE_W,
	    PAGE_H);
	metadata(surface, d);
	p.cr = cairo_create(surface);
	pango_cairo_update_context(p.cr, uc_font_context(p.font));
	pages(&p);
	cairo_destroy(p.cr);
	cairo_surface_finish(surface);
	cs = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	uc_font_free(p.font);
	if (s.st == UC_OK && cs == CAIRO_STATUS_SUCCESS)
		return UC_OK;
	out->len = mark_len;
	if (out->data != NULL)
		out->data[mark_len] = '\0';
	if (s.st != UC_OK)
		return uc_error_set(err, s.st, "the PDF is over %zu bytes",
		    out->max);
	return uc_error_set(err, UC_EIO, "cairo: %s",
	    cairo_status_to_string(cs));
}
