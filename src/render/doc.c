/*
 * doc.c - the document model; see doc.h.
 *
 * The builder writes the punctuation NĐ 30/2020 fixes (the dash and
 * ';' of each "Nơi nhận" entry, the final "Lưu: VT", section numbers),
 * so that callers pass bare values and both renderers print the same
 * words.
 */
#include "render/doc_int.h"
#include "core/mem.h"
#include "core/parse.h"

#include <string.h>

#define MAX_LEVEL	3

/* The Vietnamese alphabet as used for "a)" points: no f, j, w, z. */
static const char *const letters[] = {
	"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n",
	"o", "p", "q", "r", "s", "t", "u", "v", "x", "y"
};
#define NLETTERS (sizeof(letters) / sizeof(letters[0]))

static const char *
dup(struct uc_doc *d, const char *s)
{
	return uc_arena_strdup(d->a, s != NULL ? s : "");
}

/* A copy without trailing blanks and the list punctuation the caller
 * may already have typed (";", "."), which the builder adds itself. */
static const char *
bare(struct uc_doc *d, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	while (n > 0 && strchr(" \t\n;.", s[n - 1]) != NULL)
		n--;
	return uc_arena_strndup(d->a, s != NULL ? s : "", n);
}

static void
list_init(struct uc_doc_list *l)
{
	l->first = NULL;
	l->tail = &l->first;
	l->n = 0;
}

static void
list_add(struct uc_doc *d, struct uc_doc_list *l, const char *s)
{
	struct uc_doc_str *e = uc_arena_alloc(d->a, sizeof(*e));

	e->s = s;
	*l->tail = e;
	l->tail = &e->next;
	l->n++;
}

struct uc_doc *
uc_doc_new(struct uc_arena *a)
{
	struct uc_doc *d = uc_arena_alloc(a, sizeof(*d));
	struct uc_doc_head none = { 0 };

	d->a = a;
	d->tail = &d->blocks;
	list_init(&d->recipients);
	list_init(&d->copies);
	list_init(&d->authority);
	uc_doc_set_head(d, &none);
	d->kind = d->subject = d->title = "";
	d->archive = "- Lưu: VT.";
	d->sign_title = d->sign_name = d->sign_note = "";
	return d;
}

void
uc_doc_set_head(struct uc_doc *d, const struct uc_doc_head *h)
{
	d->head.supervising = dup(d, h->supervising);
	d->head.issuing = dup(d, h->issuing);
	d->head.number = dup(d, h->number);
	d->head.place_date = dup(d, h->place_date);
	d->head.about = dup(d, h->about);
	d->head.secrecy = dup(d, h->secrecy);
	d->head.urgency = dup(d, h->urgency);
}

void
uc_doc_set_title(struct uc_doc *d, const char *kind, const char *subject)
{
	d->kind = dup(d, kind);
	d->subject = dup(d, subject);
}

void
uc_doc_set_meta(struct uc_doc *d, const char *title, int64_t created_ms)
{
	d->title = dup(d, title);
	d->created_ms = created_ms;
}

void
uc_doc_add_recipient(struct uc_doc *d, const char *name)
{
	list_add(d, &d->recipients, bare(d, name));
}

static struct uc_doc_block *
add_block(struct uc_doc *d, enum uc_doc_kind kind)
{
	struct uc_doc_block *b = uc_arena_alloc(d->a, sizeof(*b));

	b->kind = kind;
	b->label = b->text = "";
	*d->tail = b;
	d->tail = &b->next;
	return b;
}

static struct uc_doc_para *
add_para(struct uc_doc *d, enum uc_doc_kind kind, enum uc_doc_align align,
    int indent)
{
	struct uc_doc_para *p = &add_block(d, kind)->u.para;

	p->a = d->a;
	p->align = align;
	p->indent = indent;
	p->tail = &p->runs;
	return p;
}

struct uc_doc_para *
uc_doc_add_para(struct uc_doc *d, enum uc_doc_align align, int indent)
{
	return add_para(d, UC_DOC_PARA, align, indent);
}

void
uc_doc_add_run(struct uc_doc_para *p, unsigned style, const char *text)
{
	struct uc_doc_run *r = uc_arena_alloc(p->a, sizeof(*r));

	r->style = style;
	r->text = uc_arena_strdup(p->a, text != NULL ? text : "");
	*p->tail = r;
	p->tail = &r->next;
}

struct uc_doc_para *
uc_doc_add_text(struct uc_doc *d, unsigned style, const char *text)
{
	struct uc_doc_para *p = uc_doc_add_para(d, UC_DOC_JUSTIFY, 1);

	uc_doc_add_run(p, style, text);
	return p;
}

struct uc_doc_para *
uc_doc_add_field(struct uc_doc *d, const char *label, const char *value)
{
	struct uc_doc_para *p = uc_doc_add_para(d, UC_DOC_JUSTIFY, 1);

	uc_doc_add_run(p, UC_DOC_BOLD, uc_arena_printf(d->a, "%s: ",
	    label != NULL ? label : ""));
	uc_doc_add_run(p, 0, value);
	return p;
}

void
uc_doc_add_heading(struct uc_doc *d, enum uc_doc_align align,
    const char *text)
{
	uc_doc_add_run(add_para(d, UC_DOC_HEADING, align, 0), UC_DOC_BOLD,
	    text);
}

/* "I.", "1." or "a)" for the n-th section (from 1) of a level. */
static const char *
section_label(struct uc_doc *d, int level, int n)
{
	static const char *const roman[] = { "", "I", "II", "III", "IV",
		"V", "VI", "VII", "VIII", "IX" };
	static const char *const tens[] = { "", "X", "XX", "XXX", "XL",
		"L", "LX", "LXX", "LXXX", "XC" };

	if (level == 1 && n < 100)
		return uc_arena_printf(d->a, "%s%s.", tens[n / 10],
		    roman[n % 10]);
	if (level == 3 && (size_t)n <= NLETTERS)
		return uc_arena_printf(d->a, "%s)", letters[n - 1]);
	return uc_arena_printf(d->a, "%d%s", n, level == 3 ? ")" : ".");
}

void
uc_doc_add_section(struct uc_doc *d, int level, const char *text)
{
	struct uc_doc_block *b;
	int i;

	uc_assert(level >= 1 && level <= MAX_LEVEL);
	d->counters[level - 1]++;
	for (i = level; i < MAX_LEVEL; i++)
		d->counters[i] = 0;
	b = add_block(d, UC_DOC_SECTION);
	b->level = level;
	b->label = section_label(d, level, d->counters[level - 1]);
	b->text = dup(d, text);
}

struct uc_doc_table *
uc_doc_add_table(struct uc_doc *d, size_t ncols, const unsigned *widths,
    const enum uc_doc_align *align)
{
	struct uc_doc_table *t = &add_block(d, UC_DOC_TABLE)->u.table;
	size_t i;

	uc_assert(ncols >= 1 && ncols <= UC_DOC_MAX_COLS);
	t->a = d->a;
	t->ncols = ncols;
	t->tail = &t->rows;
	for (i = 0; i < ncols; i++) {
		t->widths[i] = widths != NULL && widths[i] > 0 ? widths[i] : 1;
		t->total += t->widths[i];
		t->align[i] = align != NULL ? align[i] : UC_DOC_LEFT;
	}
	return t;
}

static struct uc_doc_row *
add_row(struct uc_doc_table *t, unsigned style, const char *const *cells)
{
	struct uc_doc_row *r = uc_arena_alloc(t->a, sizeof(*r));
	size_t i;

	r->style = style;
	r->cells = uc_arena_alloc(t->a, t->ncols * sizeof(*r->cells));
	for (i = 0; i < t->ncols; i++)
		r->cells[i] = uc_arena_strdup(t->a, cells != NULL &&
		    cells[i] != NULL ? cells[i] : "");
	*t->tail = r;
	t->tail = &r->next;
	t->nrows++;
	return r;
}

void
uc_doc_table_head(struct uc_doc_table *t, const char *const *cells)
{
	/* the header rows are the first ones: none after a body row */
	uc_assert(t->nrows == t->nhead);
	add_row(t, UC_DOC_BOLD, cells);
	t->nhead++;
}

void
uc_doc_table_row(struct uc_doc_table *t, unsigned style,
    const char *const *cells)
{
	add_row(t, style, cells);
}

struct uc_doc_checks *
uc_doc_add_checks(struct uc_doc *d, const char *label, int column)
{
	struct uc_doc_checks *c = &add_block(d, UC_DOC_CHECKS)->u.checks;

	c->a = d->a;
	c->label = dup(d, label);
	c->column = column;
	c->tail = &c->items;
	return c;
}

void
uc_doc_add_check(struct uc_doc_checks *c, int checked, const char *text)
{
	struct uc_doc_check *k = uc_arena_alloc(c->a, sizeof(*k));

	k->checked = checked != 0;
	k->text = uc_arena_strdup(c->a, text != NULL ? text : "");
	*c->tail = k;
	c->tail = &k->next;
}

void
uc_doc_add_copy(struct uc_doc *d, const char *entry)
{
	list_add(d, &d->copies, uc_arena_printf(d->a, "- %s;",
	    bare(d, entry)));
}

void
uc_doc_set_archive(struct uc_doc *d, const char *drafter)
{
	const char *who = bare(d, drafter);

	d->archive = *who != '\0' ? uc_arena_printf(d->a, "- Lưu: VT, %s.",
	    who) : "- Lưu: VT.";
}

void
uc_doc_add_authority(struct uc_doc *d, const char *prefix,
    const char *authority)
{
	const char *p = prefix != NULL ? prefix : "";

	list_add(d, &d->authority, uc_arena_printf(d->a, "%s%s%s", p,
	    *p != '\0' ? " " : "", authority != NULL ? authority : ""));
}

void
uc_doc_set_signer(struct uc_doc *d, const char *title, const char *name,
    const char *note)
{
	d->sign_title = dup(d, title);
	d->sign_name = dup(d, name);
	d->sign_note = dup(d, note);
}

const char *
uc_doc_recipient_line(const struct uc_doc *d, const struct uc_doc_str *r)
{
	if (d->recipients.n == 1)
		return r->s;
	return uc_arena_printf(d->a, "- %s%s", r->s,
	    r->next != NULL ? ";" : ".");
}

const char *
uc_doc_one_line(const struct uc_doc *d, const char *s)
{
	char *out = uc_arena_strdup(d->a, s), *c;

	for (c = out; *c != '\0'; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
	return out;
}

const char *
uc_doc_number_line(const struct uc_doc *d)
{
	const char *n = d->head.number;

	if (*n == '\0')
		return "";
	/* a draft's "/BC-SNV" leaves room for the clerk's number */
	return uc_arena_printf(d->a, "Số: %s%s", *n == '/' ? "      " : "",
	    n);
}

/* Valid UTF-8 without control characters other than '\n' and '\t'. */
static int
text_ok(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (uc_utf8_len(s, strlen(s)) < 0)
		return 0;
	for (; *u != '\0'; u++)
		if ((*u < 0x20 && *u != '\n' && *u != '\t') || *u == 0x7f ||
		    (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f))
			return 0;
	return 1;
}

static enum uc_status
check(const char *field, const char *s, int required,
    struct uc_error *err)
{
	if (required && *s == '\0')
		return uc_error_field(err, field, "required",
		    "the document needs %s", field);
	if (!text_ok(s))
		return uc_error_field(err, field, "format", "%s is not valid "
		    "UTF-8 text (or holds control characters)", field);
	return UC_OK;
}

static enum uc_status
check_list(const char *field, const struct uc_doc_list *l,
    struct uc_error *err)
{
	const struct uc_doc_str *e;

	for (e = l->first; e != NULL; e = e->next)
		if (check(field, e->s, 0, err) != UC_OK)
			return UC_EVALID;
	return UC_OK;
}

static enum uc_status
check_block(const struct uc_doc_block *b, struct uc_error *err)
{
	const struct uc_doc_run *r;
	const struct uc_doc_row *w;
	const struct uc_doc_check *k;
	enum uc_status st = UC_OK;
	size_t i;

	switch (b->kind) {
	case UC_DOC_PARA:
	case UC_DOC_HEADING:
		for (r = b->u.para.runs; st == UC_OK && r; r = r->next)
			st = check("body", r->text, 0, err);
		return st;
	case UC_DOC_SECTION:
		return check("section", b->text, 0, err);
	case UC_DOC_TABLE:
		for (w = b->u.table.rows; st == UC_OK && w; w = w->next)
			for (i = 0; st == UC_OK && i < b->u.table.ncols; i++)
				st = check("table", w->cells[i], 0, err);
		return st;
	case UC_DOC_CHECKS:
		st = check("checks", b->u.checks.label, 0, err);
		for (k = b->u.checks.items; st == UC_OK && k; k = k->next)
			st = check("checks", k->text, 0, err);
		return st;
	default:
		uc_assert(!"unknown block kind");
	}
}

static enum uc_status
check_head(const struct uc_doc *d, struct uc_error *err)
{
	const struct uc_doc_head *h = &d->head;

	if (check("supervising", h->supervising, 0, err) ||
	    check("issuing", h->issuing, 1, err) ||
	    check("number", h->number, 0, err) ||
	    check("place_date", h->place_date, 1, err) ||
	    check("about", h->about, 0, err) ||
	    check("secrecy", h->secrecy, 0, err) ||
	    check("urgency", h->urgency, 0, err) ||
	    check("kind", d->kind, 1, err) ||
	    check("subject", d->subject, 0, err) ||
	    check("title", d->title, 0, err))
		return UC_EVALID;
	return UC_OK;
}

enum uc_status
uc_doc_validate(const struct uc_doc *d, struct uc_error *err)
{
	const struct uc_doc_block *b;

	if (check_head(d, err) != UC_OK ||
	    check_list("recipients", &d->recipients, err) != UC_OK ||
	    check_list("copies", &d->copies, err) != UC_OK ||
	    check_list("authority", &d->authority, err) != UC_OK ||
	    check("archive", d->archive, 1, err) != UC_OK ||
	    check("signer", d->sign_title, 0, err) != UC_OK ||
	    check("signer", d->sign_name, 0, err) != UC_OK ||
	    check("signer", d->sign_note, 0, err) != UC_OK)
		return UC_EVALID;
	for (b = d->blocks; b != NULL; b = b->next)
		if (check_block(b, err) != UC_OK)
			return UC_EVALID;
	return UC_OK;
}
