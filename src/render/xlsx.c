/*
 * xlsx.c - see xlsx.h. libxlsxwriter (1.1.x in Debian 12) writes only
 * to a named file, so the workbook goes to a private temporary file
 * (mkstemp, mode 0600), is read back into the caller's buffer and
 * removed. The tables are checked first, so a malformed table never
 * leaves a half-written file behind.
 */
#include "render/xlsx.h"
#include "core/parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define DATE_FORMAT "dd/mm/yyyy"

struct formats {
	lxw_format *head;	/* bold, wrapped, centred */
	lxw_format *bold;	/* totals */
	lxw_format *date;
	lxw_format *bold_date;
	lxw_format *num;	/* two decimals */
	lxw_format *bold_num;
	lxw_format *intg;	/* 1,234 */
	lxw_format *bold_int;
	lxw_format *wrap;	/* text */
	lxw_format *bold_wrap;
};

/* ---- checks ---- */

static int
is_date(const char *s)
{
	const char *p = s;
	int64_t y, m, d;

	if (s == NULL || strlen(s) != 10)
		return 0;
	if (uc_parse_digits(&p, 4, 1900, 9999, &y) != UC_OK || *p++ != '-' ||
	    uc_parse_digits(&p, 2, 1, 12, &m) != UC_OK || *p++ != '-' ||
	    uc_parse_digits(&p, 2, 1, 31, &d) != UC_OK)
		return 0;
	return 1;
}

static int
cell_fits(json_t *v, const char *type)
{
	if (json_is_null(v))
		return 1;
	if (strcmp(type, "text") == 0)
		return json_is_string(v);
	if (strcmp(type, "int") == 0)
		return json_is_integer(v);
	if (strcmp(type, "number") == 0)
		return json_is_number(v);
	if (strcmp(type, "date") == 0)
		return is_date(json_string_value(v));
	return 0;
}

static const char *
col_type(json_t *cols, size_t i)
{
	const char *t = json_string_value(json_object_get(json_array_get(
	    cols, i), "type"));

	return t ? t : "";
}

/* Excel refuses these in a sheet name; it must also be 1-31 long. */
static int
sheet_ok(const char *name)
{
	long n = name ? uc_utf8_len(name, strlen(name)) : -1;

	return n >= 1 && n <= UC_XLSX_SHEET_MAX &&
	    strpbrk(name, "[]:*?/\\") == NULL && name[0] != '\'';
}

static enum uc_status
check_table(json_t *t, size_t k, struct uc_error *err)
{
	json_t *cols = json_object_get(t, "columns");
	json_t *rows = json_object_get(t, "rows"), *r;
	size_t i, j;

	if (!sheet_ok(json_string_value(json_object_get(t, "sheet"))))
		return uc_error_set(err, UC_EVALID, "table %zu: the sheet "
		    "name must be 1-31 characters without []:*?/\\", k);
	if (!json_is_array(cols) || json_array_size(cols) == 0 ||
	    !json_is_array(rows))
		return uc_error_set(err, UC_EVALID, "table %zu needs columns "
		    "and rows", k);
	json_array_foreach(rows, i, r) {
		if (json_array_size(r) != json_array_size(cols))
			return uc_error_set(err, UC_EVALID, "table %zu, row "
			    "%zu: one cell per column", k, i);
		for (j = 0; j < json_array_size(r); j++)
			if (!cell_fits(json_array_get(r, j), col_type(cols, j)))
				return uc_error_set(err, UC_EVALID, "table %zu,"
				    " row %zu, column %zu: not a %s", k, i, j,
				    col_type(cols, j));
	}
	return UC_OK;
}

/* ---- writing ---- */

static void
make_formats(lxw_workbook *wb, struct formats *f)
{
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_text_wrap(f->head);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(f->head, LXW_BORDER_THIN);
	f->bold = workbook_add_format(wb);
	format_set_bold(f->bold);
	f->date = workbook_add_format(wb);
	format_set_num_format(f->date, DATE_FORMAT);
	f->bold_date = workbook_add_format(wb);
	format_set_num_format(f->bold_date, DATE_FORMAT);
	format_set_bold(f->bold_date);
	f->num = workbook_add_format(wb);
	format_set_num_format(f->num, "0.00");
	f->bold_num = workbook_add_format(wb);
	format_set_num_format(f->bold_num, "0.00");
	format_set_bold(f->bold_num);
	f->intg = workbook_add_format(wb);
	format_set_num_format(f->intg, "#,##0");
	f->bold_int = workbook_add_format(wb);
	format_set_num_format(f->bold_int, "#,##0");
	format_set_bold(f->bold_int);
	f->wrap = workbook_add_format(wb);
	format_set_text_wrap(f->wrap);
	format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
	f->bold_wrap = workbook_add_format(wb);
	format_set_text_wrap(f->bold_wrap);
	format_set_align(f->bold_wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_bold(f->bold_wrap);
}

static lxw_error
write_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, json_t *v,
    const char *type, int bold, const struct formats *f)
{
	const char *s = json_string_value(v);
	lxw_datetime dt;

	if (json_is_null(v))
		return LXW_NO_ERROR;
	if (strcmp(type, "int") == 0)
		return worksheet_write_number(ws, r, c, (double)
		    json_integer_value(v), bold ? f->bold_int : f->intg);
	if (strcmp(type, "number") == 0)
		return worksheet_write_number(ws, r, c, json_number_value(v),
		    bold ? f->bold_num : f->num);
	if (strcmp(type, "date") == 0) {
		memset(&dt, 0, sizeof(dt));
		dt.year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		    (s[2] - '0') * 10 + (s[3] - '0');
		dt.month = (s[5] - '0') * 10 + (s[6] - '0');
		dt.day = (s[8] - '0') * 10 + (s[9] - '0');
		return worksheet_write_datetime(ws, r, c, &dt, bold ?
		    f->bold_date : f->date);
	}
	return worksheet_write_string(ws, r, c, s, bold ? f->bold_wrap :
	    f->wrap);
}

static lxw_error
write_head(lxw_worksheet *ws, json_t *cols, const struct formats *f)
{
	lxw_error e = LXW_NO_ERROR;
	json_t *c;
	double w;
	size_t i;

	json_array_foreach(cols, i, c) {
		w = json_number_value(json_object_get(c, "width"));
		if (w <= 0)
			w = 14;
		e = worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w,
		    NULL);
		if (e == LXW_NO_ERROR)
			e = worksheet_write_string(ws, 0, (lxw_col_t)i,
			    json_string_value(json_object_get(c, "title")),
			    f->head);
		if (e != LXW_NO_ERROR)
			return e;
	}
	worksheet_freeze_panes(ws, 1, 0);
	return LXW_NO_ERROR;
}

static lxw_error
write_sheet(lxw_workbook *wb, json_t *t, const struct formats *f)
{
	json_t *cols = json_object_get(t, "columns"), *r, *n;
	json_t *rows = json_object_get(t, "rows");
	size_t nrows = json_array_size(rows), i, j;
	size_t bold = (size_t)json_integer_value(json_object_get(t, "bold"));
	lxw_worksheet *ws;
	lxw_error e;

	ws = workbook_add_worksheet(wb, json_string_value(json_object_get(t,
	    "sheet")));
	if (ws == NULL)
		return LXW_ERROR_SHEETNAME_ALREADY_USED;
	e = write_head(ws, cols, f);
	json_array_foreach(rows, i, r) {
		for (j = 0; e == LXW_NO_ERROR && j < json_array_size(r); j++)
			e = write_cell(ws, (lxw_row_t)(i + 1), (lxw_col_t)j,
			    json_array_get(r, j), col_type(cols, j),
			    i + bold >= nrows, f);
		if (e != LXW_NO_ERROR)
			return e;
	}
	json_array_foreach(json_object_get(t, "notes"), i, n)
		if (e == LXW_NO_ERROR && json_is_string(n))
			e = worksheet_write_string(ws, (lxw_row_t)(nrows + 2 +
			    i), 0, json_string_value(n), NULL);
	return e;
}

static enum uc_status
write_book(const char *path, json_t *tables, const char *title,
    int64_t created_ms, struct uc_error *err)
{
	lxw_doc_properties props;
	struct formats f;
	lxw_workbook *wb = workbook_new(path);
	lxw_error e = LXW_NO_ERROR, ce;
	json_t *t;
	size_t i;

	if (wb == NULL)
		return uc_error_set(err, UC_EIO, "cannot start a workbook");
	memset(&props, 0, sizeof(props));
	props.title = (char *)(uintptr_t)title;
	props.author = "ungcuu";
	props.created = (time_t)(created_ms / 1000);
	workbook_set_properties(wb, &props);
	make_formats(wb, &f);
	json_array_foreach(tables, i, t)
		if (e == LXW_NO_ERROR)
			e = write_sheet(wb, t, &f);
	ce = workbook_close(wb);
	if (e == LXW_NO_ERROR)
		e = ce;
	if (e != LXW_NO_ERROR)
		return uc_error_set(err, e == LXW_ERROR_SHEETNAME_ALREADY_USED
		    ? UC_EVALID : UC_EIO, "workbook: %s", lxw_strerror(e));
	return UC_OK;
}

static enum uc_status
read_back(const char *path, struct uc_buf *out, struct uc_error *err)
{
	FILE *fp = fopen(path, "rb");
	enum uc_status rc = UC_OK;
	char chunk[16384];
	size_t n;

	if (fp == NULL)
		return uc_error_set(err, UC_EIO, "workbook: %s",
		    strerror(errno));
	while (rc == UC_OK && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		rc = uc_buf_append(out, chunk, n);
	if (rc == UC_OK && ferror(fp))
		rc = uc_error_set(err, UC_EIO, "workbook: read error");
	else if (rc != UC_OK)
		rc = uc_error_set(err, rc, "workbook too big");
	fclose(fp);
	return rc;
}

enum uc_status
uc_xlsx_render(json_t *tables, const char *title, int64_t created_ms,
    struct uc_buf *out, struct uc_error *err)
{
	const char *dir = getenv("TMPDIR");
	enum uc_status rc = UC_OK;
	char path[4096];
	json_t *t;
	size_t i;
	int fd;

	if (!json_is_array(tables) || json_array_size(tables) == 0)
		return uc_error_set(err, UC_EVALID, "a workbook needs a "
		    "table");
	json_array_foreach(tables, i, t)
		if (rc == UC_OK)
			rc = check_table(t, i, err);
	if (rc != UC_OK)
		return rc;
	snprintf(path, sizeof(path), "%s/ungcuu-xlsx-XXXXXX", dir && *dir ?
	    dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return uc_error_set(err, UC_EIO, "temporary file in %s: %s",
		    dir && *dir ? dir : "/tmp", strerror(errno));
	close(fd);
	rc = write_book(path, tables, title ? title : "", created_ms, err);
	if (rc == UC_OK)
		rc = read_back(path, out, err);
	unlink(path);
	return rc;
}
