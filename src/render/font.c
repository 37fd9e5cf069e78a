/*
 * font.c - see font.h.
 *
 * The font map is pangocairo's default one (one per thread), so the
 * fonts fontconfig found are kept between documents; the context is
 * made per document, cheaply.
 */
#include "render/font.h"
#include "render/doc.h"
#include "core/mem.h"

#include <pango/pangocairo.h>

#include <strings.h>

struct uc_font {
	PangoContext *ctx;
};

static const struct {
	const char *family;
	unsigned style;
	const char *package;
} needed[] = {
	{ UC_FONT_SERIF, 0, "fonts-liberation2" },
	{ UC_FONT_SERIF, UC_DOC_BOLD, "fonts-liberation2" },
	{ UC_FONT_SERIF, UC_DOC_ITALIC, "fonts-liberation2" },
	{ UC_FONT_SERIF, UC_DOC_BOLD | UC_DOC_ITALIC, "fonts-liberation2" },
	{ UC_FONT_SYMBOL, 0, "fonts-dejavu-core" },
};

PangoFontDescription *
uc_font_desc(const char *family, double size, unsigned style)
{
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, family);
	/* absolute: the context's units are points, whatever its dpi */
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, (style & UC_DOC_BOLD) ?
	    PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, (style & UC_DOC_ITALIC) ?
	    PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	return fd;
}

/* The family fontconfig gives for a request, compared to the one asked
 * for; a machine without the font quietly gets DejaVu or worse. */
static enum uc_status
check_face(PangoContext *ctx, size_t i, struct uc_error *err)
{
	PangoFontDescription *fd = uc_font_desc(needed[i].family, 12,
	    needed[i].style), *got = NULL;
	PangoFont *font = pango_context_load_font(ctx, fd);
	const char *family = NULL;
	enum uc_status st = UC_OK;

	if (font != NULL) {
		got = pango_font_describe(font);
		family = pango_font_description_get_family(got);
	}
	if (family == NULL || strcasecmp(family, needed[i].family) != 0)
		st = uc_error_set(err, UC_EIO, "font %s%s%s is not installed"
		    " (fontconfig gives %s): install %s", needed[i].family,
		    (needed[i].style & UC_DOC_BOLD) ? " Bold" : "",
		    (needed[i].style & UC_DOC_ITALIC) ? " Italic" : "",
		    family != NULL ? family : "nothing", needed[i].package);
	if (got != NULL)
		pango_font_description_free(got);
	if (font != NULL)
		g_object_unref(font);
	pango_font_description_free(fd);
	return st;
}

enum uc_status
uc_font_new(struct uc_font **out, struct uc_error *err)
{
	struct uc_font *f = uc_xcalloc(1, sizeof(*f));
	cairo_font_options_t *fo = cairo_font_options_create();
	enum uc_status st = UC_OK;
	size_t i;

	f->ctx = pango_font_map_create_context(
	    pango_cairo_font_map_get_default());
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(f->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(f->ctx, FALSE);
	pango_context_set_language(f->ctx, pango_language_from_string("vi"));
	for (i = 0; st == UC_OK && i < sizeof(needed) / sizeof(*needed); i++)
		st = check_face(f->ctx, i, err);
	if (st != UC_OK)
		goto fail;
	*out = f;
	return UC_OK;
fail:
	uc_font_free(f);
	return st;
}

void
uc_font_free(struct uc_font *f)
{
	if (f == NULL)
		return;
	if (f->ctx != NULL)
		g_object_unref(f->ctx);
	uc_free(f);
}

PangoContext *
uc_font_context(struct uc_font *f)
{
	return f->ctx;
}

double
uc_font_width(struct uc_font *f, const char *text, double size,
    unsigned style)
{
	PangoLayout *l = pango_layout_new(f->ctx);
	PangoFontDescription *fd = uc_font_desc(UC_FONT_SERIF, size, style);
	PangoRectangle logical;

	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, text, -1);
	pango_layout_get_extents(l, NULL, &logical);
	pango_font_description_free(fd);
	g_object_unref(l);
	return (double)logical.width / PANGO_SCALE;
}
