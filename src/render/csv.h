/*
 * csv.h - a table as CSV (RFC 4180) that Excel opens with Vietnamese
 * intact: UTF-8 with a byte-order mark (without it Excel reads the
 * bytes as the local ANSI code page), comma separators, CRLF line
 * ends, and a field quoted when it holds a comma, a quote, CR or LF
 * (quotes doubled inside), or starts or ends with a space.
 *
 * The table is the JSON object render/xlsx.h describes (columns with
 * titles and types, rows of cells); render/xlsx.c writes the same
 * object as a worksheet, so both formats show the same figures.
 * Numbers are written with a '.' decimal point, dates as dd/mm/yyyy.
 */
#ifndef UC_CSV_H
#define UC_CSV_H

#include "core/buf.h"
#include "core/status.h"

#include <jansson.h>

#define UC_CSV_BOM "\xef\xbb\xbf"

/* Append one field (NULL: empty), quoted when it must be. */
enum uc_status uc_csv_field(struct uc_buf *b, const char *s) UC_WUR;

/*
 * Append the table: the BOM, a header line of the column titles, one
 * line per row. UC_EVALID when a row does not have one cell per
 * column or a cell does not fit its column's type; UC_ETOOBIG past
 * the buffer's cap.
 */
enum uc_status uc_csv_table(json_t *table, struct uc_buf *out,
    struct uc_error *err) UC_WUR;

#endif
