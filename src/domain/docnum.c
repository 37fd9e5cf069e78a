/*
 * docnum.c - see docnum.h.
 *
 * The checks live here, not in the renderers: a number or a date line
 * that breaks the rules of NĐ 30/2020 must never reach a document.
 */
#include "domain/docnum.h"
#include "domain/calendar.h"
#include "domain/validate.h"

#include <stdio.h>
#include <string.h>

#define PLACE_MAX	100	/* characters of the place name */

/* Empty groups ("BC--SNV", "-SNV", "SNV-") pass uc_valid_symbol. */
static enum uc_status
check_groups(const char *field, const char *s, int allow_empty,
    struct uc_error *err)
{
	size_t n = strlen(s);

	if (uc_valid_symbol(field, s, allow_empty, err) != UC_OK)
		return UC_EVALID;
	if (n > 0 && (s[0] == '-' || s[n - 1] == '-' ||
	    strstr(s, "--") != NULL))
		return uc_error_field(err, field, "format",
		    "%s has an empty group between '-'", field);
	return UC_OK;
}

static enum uc_status
fits(int n, size_t len, struct uc_error *err)
{
	if (n < 0 || (size_t)n >= len)
		return uc_error_set(err, UC_ETOOBIG, "document line needs %d "
		    "bytes, the buffer holds %zu", n + 1, len);
	return UC_OK;
}

enum uc_status
uc_docnum_format(long number, const char *type, const char *symbol,
    char *out, size_t len, struct uc_error *err)
{
	const char *sep;

	if (number < 1 || number > UC_DOCNUM_MAX)
		return uc_error_field(err, "number", "range",
		    "number must be 1-%d", UC_DOCNUM_MAX);
	if (type == NULL)
		type = "";
	if (check_groups("type", type, 1, err) != UC_OK ||
	    check_groups("symbol", symbol, 0, err) != UC_OK)
		return UC_EVALID;
	sep = *type != '\0' ? "-" : "";
	return fits(snprintf(out, len, "%02ld/%s%s%s", number, type, sep,
	    symbol), len, err);
}

enum uc_status
uc_docnum_place_date(int64_t ms, const char *place, char *out,
    size_t len, struct uc_error *err)
{
	int32_t date;
	int day, month;

	if (uc_valid_text("place", place, 1, PLACE_MAX, err) != UC_OK)
		return UC_EVALID;
	if (ms < 0)
		return uc_error_field(err, "date", "range",
		    "date must be after 1970");
	date = uc_calendar_date_of(ms);
	day = date % 100;
	month = date / 100 % 100;
	/* NĐ 30/2020: day below 10 and months 1-2 take a leading zero */
	return fits(snprintf(out, len, "%s, ngày %02d tháng %s%d năm %d",
	    place, day, month <= 2 ? "0" : "", month, (int)(date / 10000)),
	    len, err);
}
