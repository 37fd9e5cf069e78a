/*
 * pdf.h - a document of render/doc.h as PDF, in the NĐ 30/2020 layout
 * (render/layout.h), drawn with cairo and pango in Liberation Serif,
 * with the fonts embedded and the text extractable as it was given.
 */
#ifndef UC_PDF_H
#define UC_PDF_H

#include "core/buf.h"
#include "render/doc.h"

/* Appends the PDF to out (whose cap bounds it: UC_DOC_MAX_BYTES is a
 * sane one). UC_EVALID for a bad document, UC_EIO when the fonts are
 * missing or cairo fails, UC_ETOOBIG past the cap. */
enum uc_status uc_pdf_render(const struct uc_doc *d, struct uc_buf *out,
    struct uc_error *err) UC_WUR;

#endif
