/*
 * xlsx.h - tables as an Excel workbook (.xlsx, libxlsxwriter): one
 * worksheet per table, a bold header row that stays in view, numbers
 * as numbers, dates as real dates shown dd/mm/yyyy.
 *
 * A table is a JSON object, the same one render/csv.h writes:
 *
 *	name     "by_type": the table's code (CSV file names, the API)
 *	sheet    the worksheet's name, at most 31 characters and none
 *	         of []:*?/\ (Excel's rules), e.g. "Theo loại sự cố"
 *	columns  [{title, type, width?}]; type is text, int, number
 *	         (two decimals) or date; width in characters
 *	rows     [[cell, ...]]: strings for text, integers for int, reals
 *	         or integers for number, "yyyy-mm-dd" for date; null is
 *	         an empty cell
 *	bold     optional: how many of the last rows are totals (bold)
 *	notes    optional: lines written under the table
 *
 * Layout only: the figures and the Vietnamese titles come from the
 * caller (service/stats.c).
 */
#ifndef UC_XLSX_H
#define UC_XLSX_H

#include "core/buf.h"
#include "core/status.h"

#include <jansson.h>
#include <stdint.h>

#define UC_XLSX_SHEET_MAX 31	/* characters in a worksheet name */

/*
 * Append the workbook of tables (an array of table objects, one
 * worksheet each, in order) to out. title names the workbook in its
 * properties; created_ms (UTC) is its creation date. UC_EVALID for a
 * malformed table, UC_EIO when the workbook cannot be written (it is
 * built in a temporary file: libxlsxwriter writes only to files),
 * UC_ETOOBIG past out's cap.
 */
enum uc_status uc_xlsx_render(json_t *tables, const char *title,
    int64_t created_ms, struct uc_buf *out, struct uc_error *err) UC_WUR;

#endif
