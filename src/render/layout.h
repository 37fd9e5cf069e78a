/*
 * layout.h - the measures of the NĐ 30/2020 layout (regulation.md §7,
 * NĐ 30/2020 Phụ lục I), in one place for the PDF renderer (points)
 * and the DOCX one (twips and half-points), so the two formats cannot
 * drift apart. Where the decree gives a range, the value chosen and
 * why is in docs/internals/documents.md.
 */
#ifndef UC_LAYOUT_H
#define UC_LAYOUT_H

/* Millimetres to points and to twips (1/20 pt). */
#define UC_MM_PT(mm)	((mm) * 72.0 / 25.4)
#define UC_PT_TW(pt)	((long)((pt) * 20.0 + 0.5))

/* A4 portrait; margins: top and bottom 20-25, left 30-35, right 15-20 */
#define UC_PAGE_W_MM	210.0
#define UC_PAGE_H_MM	297.0
#define UC_TOP_MM	20.0
#define UC_BOTTOM_MM	20.0
#define UC_LEFT_MM	30.0
#define UC_RIGHT_MM	15.0
#define UC_PAGENO_MM	10.0	/* top of the page number, from the edge */

/* Body: first-line indent 1 or 1.27 cm, >= 6 pt between paragraphs. */
#define UC_INDENT_MM	12.7
#define UC_AFTER_PT	6.0
/* Single spacing as Word sets Times New Roman: 1.15 em from baseline
 * to baseline, where pango's natural line is 1.107 em. */
#define UC_LINE_FACTOR	1.039

/* Sizes in points. */
#define UC_SZ_SUPERVISING	13.0	/* 12-13, upright */
#define UC_SZ_ISSUING		13.0	/* 12-13, bold */
#define UC_SZ_NUMBER		13.0	/* "Số:" and the symbol, 13 */
#define UC_SZ_ABOUT		12.0	/* "V/v ...", 12-13 */
#define UC_SZ_MARK		13.0	/* KHẨN, MẬT: 13-14 bold */
#define UC_SZ_NATION		12.0	/* Quốc hiệu 12-13, bold */
#define UC_SZ_MOTTO		13.0	/* Tiêu ngữ 13-14, bold */
#define UC_SZ_DATE		14.0	/* place and date 13-14, italic */
#define UC_SZ_TITLE		14.0	/* type name and subject 13-14 */
#define UC_SZ_BODY		14.0	/* 13-14 */
#define UC_SZ_CELL		13.0	/* tables: one size below body */
#define UC_SZ_COPIES_HEAD	12.0	/* "Nơi nhận:" bold italic 12 */
#define UC_SZ_COPIES		11.0	/* its entries, 11 */
#define UC_SZ_SIGN		14.0	/* signature block 13-14, bold */
#define UC_SZ_PAGENO		14.0	/* 13-14 */

/* Header columns and the tail (Nơi nhận | signature): share of the
 * text width given to the left column. */
#define UC_HEAD_LEFT	0.40
#define UC_TAIL_LEFT	0.47

/* Rules: under the issuing body 1/3-1/2 of its line; under the motto
 * its whole length; under the subject 1/3-1/2 of its line. */
#define UC_RULE_ISSUING	0.5
#define UC_RULE_SUBJECT	0.4
#define UC_RULE_PT	0.6	/* thickness */
#define UC_RULE_GAP_PT	3.5	/* under the line's descent: clear of
				 * the dot under "Ụ" and of "p" */

#define UC_SIGN_SPACE_MM	25.0	/* room for the signature and seal */
/* The closing paragraph goes with the signature block to the next page
 * (a signature page must carry some text) when it is this short. */
#define UC_KEEP_LAST_LINES	4
#define UC_CELL_PAD_MM		1.9	/* Word's default cell margin */

#endif
