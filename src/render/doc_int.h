/*
 * doc_int.h - the body of the document model, shared by doc.c and the
 * renderers (pdf.c, docx.c) that walk it. Nothing else includes it.
 *
 * Lists are singly linked in insertion order; every string is in the
 * document's arena and is never NULL ("" when absent).
 */
#ifndef UC_DOC_INT_H
#define UC_DOC_INT_H

#include "render/doc.h"

enum uc_doc_kind {
	UC_DOC_PARA,
	UC_DOC_HEADING,		/* a paragraph kept with the next block */
	UC_DOC_SECTION,
	UC_DOC_TABLE,
	UC_DOC_CHECKS
};

struct uc_doc_str {
	const char *s;
	struct uc_doc_str *next;
};

struct uc_doc_list {
	struct uc_doc_str *first;
	struct uc_doc_str **tail;	/* where the next one goes */
	size_t n;
};

struct uc_doc_run {
	unsigned style;		/* UC_DOC_BOLD | UC_DOC_ITALIC */
	const char *text;
	struct uc_doc_run *next;
};

struct uc_doc_para {
	struct uc_arena *a;	/* the document's, for the runs */
	enum uc_doc_align align;
	int indent;		/* first-line indent */
	struct uc_doc_run *runs;
	struct uc_doc_run **tail;
};

struct uc_doc_row {
	unsigned style;
	const char **cells;	/* ncols strings */
	struct uc_doc_row *next;
};

struct uc_doc_table {
	struct uc_arena *a;
	size_t ncols;
	unsigned widths[UC_DOC_MAX_COLS];	/* proportions, > 0 */
	unsigned total;				/* their sum */
	enum uc_doc_align align[UC_DOC_MAX_COLS];
	size_t nhead;		/* the first nhead rows are the header */
	size_t nrows;		/* header rows included */
	struct uc_doc_row *rows;
	struct uc_doc_row **tail;
};

struct uc_doc_check {
	int checked;
	const char *text;
	struct uc_doc_check *next;
};

struct uc_doc_checks {
	struct uc_arena *a;
	const char *label;	/* "" for none */
	int column;		/* one option per line */
	struct uc_doc_check *items;
	struct uc_doc_check **tail;
};

struct uc_doc_block {
	enum uc_doc_kind kind;
	int level;		/* section: 1-3 */
	const char *label;	/* section: "I.", "1.", "a)" */
	const char *text;	/* section */
	union {
		struct uc_doc_para para;	/* PARA, HEADING */
		struct uc_doc_table table;
		struct uc_doc_checks checks;
	} u;
	struct uc_doc_block *next;
};

struct uc_doc {
	struct uc_arena *a;
	struct uc_doc_head head;	/* never NULL fields */
	const char *kind;		/* "BÁO CÁO" */
	const char *subject;
	const char *title;		/* metadata */
	int64_t created_ms;		/* 0: at rendering */
	struct uc_doc_list recipients;	/* bare names */
	struct uc_doc_block *blocks;
	struct uc_doc_block **tail;
	int counters[3];		/* section numbers by level */
	struct uc_doc_list copies;	/* "- Như trên;" */
	const char *archive;		/* "- Lưu: VT, VP." */
	struct uc_doc_list authority;	/* "KT. GIÁM ĐỐC" */
	const char *sign_title;
	const char *sign_name;
	const char *sign_note;
};

/* "Kính gửi" entry r as printed: alone, the bare name; one of several,
 * "- name;" or, for the last, "- name.". In the document's arena. */
const char *uc_doc_recipient_line(const struct uc_doc *d,
    const struct uc_doc_str *r);
/* s on one line ('\n' and '\t' as spaces), for the file's metadata. */
const char *uc_doc_one_line(const struct uc_doc *d, const char *s);
/* "Số: 05/BC-SNV" or "" (in the arena). */
const char *uc_doc_number_line(const struct uc_doc *d);

#endif
