/*
 * csv.c - see csv.h.
 */
#include "render/csv.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* RFC 4180 §2.6: a field with a separator, a quote or a line break is
 * quoted; leading or trailing spaces too, which some readers trim. */
static int
needs_quotes(const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return 0;
	return strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' ||
	    s[n - 1] == ' ';
}

enum uc_status
uc_csv_field(struct uc_buf *b, const char *s)
{
	enum uc_status rc = UC_OK;
	const char *q;

	if (s == NULL || !needs_quotes(s))
		return s ? uc_buf_appends(b, s) : UC_OK;
	rc = uc_buf_append(b, "\"", 1);
	while (rc == UC_OK && (q = strchr(s, '"')) != NULL) {
		rc = uc_buf_append(b, s, (size_t)(q - s + 1));
		if (rc == UC_OK)
			rc = uc_buf_append(b, "\"", 1);
		s = q + 1;
	}
	if (rc == UC_OK)
		rc = uc_buf_appends(b, s);
	if (rc == UC_OK)
		rc = uc_buf_append(b, "\"", 1);
	return rc;
}

/* "2026-01-31" -> "31/01/2026"; NULL when it is not such a date. */
static const char *
local_date(const char *iso, char out[11])
{
	if (iso == NULL || strlen(iso) != 10 || iso[4] != '-' ||
	    iso[7] != '-' || strspn(iso, "0123456789-") != 10)
		return NULL;
	snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	return out;
}

/* The text of one cell of a column of type `type`, in buf (or a
 * pointer into the cell); NULL when the cell does not fit the type. */
static const char *
cell_text(json_t *v, const char *type, char *buf, size_t len)
{
	if (json_is_null(v))
		return "";
	if (strcmp(type, "text") == 0)
		return json_string_value(v);
	if (strcmp(type, "int") == 0 && json_is_integer(v)) {
		snprintf(buf, len, "%" PRId64, (int64_t)json_integer_value(v));
		return buf;
	}
	if (strcmp(type, "number") == 0 && json_is_number(v)) {
		snprintf(buf, len, "%.2f", json_number_value(v));
		return buf;
	}
	if (strcmp(type, "date") == 0 && len >= 11)
		return local_date(json_string_value(v), buf);
	return NULL;
}

static enum uc_status
header(json_t *cols, struct uc_buf *out, struct uc_error *err)
{
	enum uc_status rc = UC_OK;
	json_t *c;
	size_t i;

	json_array_foreach(cols, i, c) {
		if (i > 0)
			rc = uc_buf_append(out, ",", 1);
		if (rc == UC_OK)
			rc = uc_csv_field(out, json_string_value(
			    json_object_get(c, "title")));
		if (rc != UC_OK)
			break;
	}
	if (rc == UC_OK)
		rc = uc_buf_append(out, "\r\n", 2);
	return rc == UC_OK ? UC_OK : uc_error_set(err, rc, "table too big");
}

static enum uc_status
row(json_t *cols, json_t *r, size_t n, struct uc_buf *out,
    struct uc_error *err)
{
	enum uc_status rc = UC_OK;
	const char *t, *type;
	char buf[64];
	size_t i;

	if (!json_is_array(r) || json_array_size(r) != json_array_size(cols))
		return uc_error_set(err, UC_EVALID, "row %zu: one cell per "
		    "column", n);
	for (i = 0; rc == UC_OK && i < json_array_size(r); i++) {
		type = json_string_value(json_object_get(json_array_get(cols,
		    i), "type"));
		t = cell_text(json_array_get(r, i), type ? type : "", buf,
		    sizeof(buf));
		if (t == NULL)
			return uc_error_set(err, UC_EVALID, "row %zu, column "
			    "%zu: not a %s", n, i, type ? type : "cell");
		if (i > 0)
			rc = uc_buf_append(out, ",", 1);
		if (rc == UC_OK)
			rc = uc_csv_field(out, t);
	}
	if (rc == UC_OK)
		rc = uc_buf_append(out, "\r\n", 2);
	return rc == UC_OK ? UC_OK : uc_error_set(err, rc, "table too big");
}

enum uc_status
uc_csv_table(json_t *table, struct uc_buf *out, struct uc_error *err)
{
	json_t *cols = json_object_get(table, "columns");
	json_t *rows = json_object_get(table, "rows"), *r;
	enum uc_status rc;
	size_t i;

	if (!json_is_array(cols) || json_array_size(cols) == 0 ||
	    !json_is_array(rows))
		return uc_error_set(err, UC_EVALID, "a table needs columns "
		    "and rows");
	rc = uc_buf_appends(out, UC_CSV_BOM);
	if (rc != UC_OK)
		return uc_error_set(err, rc, "table too big");
	rc = header(cols, out, err);
	json_array_foreach(rows, i, r) {
		if (rc != UC_OK)
			break;
		rc = row(cols, r, i, out, err);
	}
	return rc;
}
