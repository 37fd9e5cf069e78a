/*
 * doc.h - an official document as a layout-neutral model.
 *
 * A report is built here, in an arena, from values the service layer
 * has already checked and formatted (the number and the date line come
 * from domain/docnum.c), then handed to render/pdf.c or render/docx.c,
 * which lay it out as NĐ 30/2020 prescribes (regulation.md §7,
 * docs/internals/documents.md). The model holds no measure: sizes,
 * margins and rules belong to the renderers, so both formats agree.
 *
 * Every string is copied into the arena; the document lives until the
 * arena is freed. A '\n' in the text of a paragraph, heading or form
 * field starts a new paragraph in the same style (a justified line is
 * never stretched to a forced break); elsewhere (header, title, cells,
 * signature) it breaks the line.
 * Builder misuse (a table row before its columns, a level 4 section)
 * is a programming error and aborts; bad text (invalid UTF-8, control
 * characters) is found by uc_doc_validate, which both renderers call.
 */
#ifndef UC_DOC_H
#define UC_DOC_H

#include "core/arena.h"
#include "core/status.h"

#include <stddef.h>
#include <stdint.h>

#define UC_DOC_BOLD	1u	/* run and row styles */
#define UC_DOC_ITALIC	2u

#define UC_DOC_MAX_COLS		16	/* columns of a table */
#define UC_DOC_MAX_BYTES	(64u << 20)	/* cap of a rendered file */

enum uc_doc_align {
	UC_DOC_JUSTIFY = 0,	/* body text */
	UC_DOC_LEFT,
	UC_DOC_CENTER,
	UC_DOC_RIGHT
};

/* The two-column header. NULL or "" leaves an element out. */
struct uc_doc_head {
	const char *supervising;	/* "UBND TỈNH KHÁNH HÒA" */
	const char *issuing;		/* "SỞ NỘI VỤ" (required) */
	const char *number;		/* "05/BC-SNV"; "Số: " is added;
					 * a draft's "/BC-SNV" gets a
					 * blank for the number */
	const char *place_date;		/* "Khánh Hòa, ngày 09 ..." */
	const char *about;		/* công văn: "V/v ..." */
	const char *secrecy;		/* "MẬT" */
	const char *urgency;		/* "KHẨN", "HỎA TỐC" */
};

struct uc_doc;
struct uc_doc_para;
struct uc_doc_table;
struct uc_doc_checks;

/* A document whose strings live in a. */
struct uc_doc *uc_doc_new(struct uc_arena *a);

void uc_doc_set_head(struct uc_doc *d, const struct uc_doc_head *h);
/* Type name in capitals ("BÁO CÁO") and trích yếu (subject). */
void uc_doc_set_title(struct uc_doc *d, const char *kind,
    const char *subject);
/* Metadata: the document's title in the file (default: kind and
 * subject) and its creation instant in UTC ms (0: when rendered). */
void uc_doc_set_meta(struct uc_doc *d, const char *title,
    int64_t created_ms);
/* One "Kính gửi" recipient, without dash or final punctuation. */
void uc_doc_add_recipient(struct uc_doc *d, const char *name);

/* A paragraph of runs; indent sets the 1.27 cm first-line indent. */
struct uc_doc_para *uc_doc_add_para(struct uc_doc *d,
    enum uc_doc_align align, int indent);
void uc_doc_add_run(struct uc_doc_para *p, unsigned style,
    const char *text);
/* A justified, indented body paragraph of one run. */
struct uc_doc_para *uc_doc_add_text(struct uc_doc *d, unsigned style,
    const char *text);
/* A form line: bold "label: " then the value. */
struct uc_doc_para *uc_doc_add_field(struct uc_doc *d, const char *label,
    const char *value);
/* An unnumbered bold heading ("THÔNG TIN BỔ SUNG"). */
void uc_doc_add_heading(struct uc_doc *d, enum uc_doc_align align,
    const char *text);
/* A numbered section: level 1 "I.", 2 "1.", 3 "a)" (Vietnamese letters:
 * a b c d đ e g ...). A section restarts the numbers below it. */
void uc_doc_add_section(struct uc_doc *d, int level, const char *text);

/*
 * A table of ncols columns whose widths are in the proportions of
 * widths (NULL: equal) and whose cells align as align says (NULL: left).
 * Header rows come first and repeat on every page the table spans.
 */
struct uc_doc_table *uc_doc_add_table(struct uc_doc *d, size_t ncols,
    const unsigned *widths, const enum uc_doc_align *align);
/* cells holds ncols strings (NULL: empty cell). */
void uc_doc_table_head(struct uc_doc_table *t, const char *const *cells);
void uc_doc_table_row(struct uc_doc_table *t, unsigned style,
    const char *const *cells);

/* A list of options, ticked or not ("☒ Đã được xử lý ☐ Chưa được xử
 * lý"): on one line after the label, or one per line when column. */
struct uc_doc_checks *uc_doc_add_checks(struct uc_doc *d,
    const char *label, int column);
void uc_doc_add_check(struct uc_doc_checks *c, int checked,
    const char *text);

/* A "Nơi nhận" entry, without dash or final punctuation ("Như trên"). */
void uc_doc_add_copy(struct uc_doc *d, const char *entry);
/* The last entry: "- Lưu: VT, <drafter>." (drafter may be empty). */
void uc_doc_set_archive(struct uc_doc *d, const char *drafter);

/* An authority line above the signer's title: prefix "KT.", "TM.",
 * "Q.", "TL.", "TUQ." or "" and the authority ("GIÁM ĐỐC"). Call it
 * twice for "TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH". */
void uc_doc_add_authority(struct uc_doc *d, const char *prefix,
    const char *authority);
/* The signer's own title ("PHÓ GIÁM ĐỐC"; may be empty when the
 * authority line says it all) and name; note is an optional italic
 * line under the title ("(Ký tên, đóng dấu)"). */
void uc_doc_set_signer(struct uc_doc *d, const char *title,
    const char *name, const char *note);

/* UC_EVALID with the offending field when a text is not valid UTF-8
 * or holds control characters, or the issuing body, place-and-date
 * line or type name is missing. */
enum uc_status uc_doc_validate(const struct uc_doc *d,
    struct uc_error *err) UC_WUR;

#endif
