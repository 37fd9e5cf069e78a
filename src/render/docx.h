/*
 * docx.h - a document of render/doc.h as an Office Open XML
 * word-processing file (.docx), in the NĐ 30/2020 layout
 * (render/layout.h), for an official to open in Word or LibreOffice,
 * edit, sign and issue: real styles (Times New Roman), numbered
 * headings, tables with repeated header rows, ticking checkboxes, and
 * page numbers from page 2.
 */
#ifndef UC_DOCX_H
#define UC_DOCX_H

#include "core/buf.h"
#include "render/doc.h"

/* Appends the .docx (a zip) to out, whose cap bounds it. UC_EVALID for
 * a bad document, UC_EIO when the fonts to measure with are missing or
 * libzip fails, UC_ETOOBIG past the cap. */
enum uc_status uc_docx_render(const struct uc_doc *d, struct uc_buf *out,
    struct uc_error *err) UC_WUR;

#endif
