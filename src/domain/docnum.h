/*
 * docnum.h - the number of an official document and its place-and-date
 * line, as NĐ 30/2020 Phụ lục I writes them (regulation.md §7).
 *
 * "05/BC-SNV": the number padded to two digits below 10, '/', then the
 * symbol groups joined by '-' with no spaces (document type, issuing
 * body, drafting unit: "12/SNV-VP" for a công văn, "95/KH-UBND").
 * "Khánh Hòa, ngày 09 tháng 01 năm 2026": the day padded below 10, the
 * month padded only for 1 and 2 (so that "tháng 1" cannot be read as
 * "tháng 10" or "tháng 11"), the civil date in Asia/Ho_Chi_Minh.
 * Pure formatting, no I/O.
 */
#ifndef UC_DOCNUM_H
#define UC_DOCNUM_H

#include "core/status.h"

#include <stddef.h>
#include <stdint.h>

#define UC_DOCNUM_MAX	9999999	/* numbers restart each year */
#define UC_DOCNUM_LEN	112	/* room for any number accepted: 7
				 * digits, type and symbol of 16 letters
				 * of up to 3 bytes, '/', '-', NUL */

/*
 * Writes "NN/TYPE-SYMBOL" into out. type is the document type ("BC",
 * "KH"; empty for a công văn), symbol the issuing body's symbol, which
 * may hold several groups ("SNV-VP"). Each is checked as a document
 * symbol (upper-case letters, Vietnamese too, and digits) with no empty
 * group. UC_EVALID with a field error on a bad argument, UC_ETOOBIG
 * when out is too small.
 */
enum uc_status uc_docnum_format(long number, const char *type,
    const char *symbol, char *out, size_t len, struct uc_error *err)
    UC_WUR;

/*
 * Writes "<place>, ngày DD tháng M năm YYYY" for the local date of the
 * UTC instant ms (milliseconds). place is the locality of the issuing
 * body ("Khánh Hòa", "Hưng Yên"), 1-100 characters of one line.
 */
enum uc_status uc_docnum_place_date(int64_t ms, const char *place,
    char *out, size_t len, struct uc_error *err) UC_WUR;

#endif
