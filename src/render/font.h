/*
 * font.h - the typeface of official documents, through pango and
 * fontconfig, for the PDF renderer (which draws with it) and the DOCX
 * one (which measures text to size the rules under the header lines).
 *
 * NĐ 30/2020 asks for Times New Roman; Liberation Serif
 * (fonts-liberation2) has the same metrics, so a line measured here
 * breaks where Word breaks it. uc_font_new refuses to work when
 * fontconfig resolves the family to another font: a substitute would
 * silently change every line break of the document.
 */
#ifndef UC_FONT_H
#define UC_FONT_H

#include "core/status.h"

#include <pango/pango.h>

#define UC_FONT_SERIF	"Liberation Serif"
/* ☐ and ☒, which Liberation Serif lacks (fonts-dejavu-core) */
#define UC_FONT_SYMBOL	"DejaVu Sans"

struct uc_font;

/* A pango context in points, with unhinted metrics and unrounded glyph
 * positions (what a PDF needs), after checking that both families
 * resolve to themselves. UC_EIO names the missing package. */
enum uc_status uc_font_new(struct uc_font **out, struct uc_error *err)
    UC_WUR;
void uc_font_free(struct uc_font *f);
/* Borrowed: the context layouts are made in. */
PangoContext *uc_font_context(struct uc_font *f);
/* A new description of family at size points, bold and/or italic
 * (UC_DOC_BOLD, UC_DOC_ITALIC); the caller frees it. */
PangoFontDescription *uc_font_desc(const char *family, double size,
    unsigned style);
/* Width in points of one unwrapped line of text. */
double uc_font_width(struct uc_font *f, const char *text, double size,
    unsigned style);

#endif
