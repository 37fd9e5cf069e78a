/*
 * tests/unit/domain/docnum.c - src/domain/docnum.c: the document
 * number "NN/TYPE-SYMBOL" and the place-and-date line of NĐ 30/2020,
 * table-driven. Instants are written as ISO text and read with
 * uc_time_parse, so the expected dates do not depend on the arithmetic
 * under test.
 */
#include "../../../src/domain/docnum.c"

#include "core/time.h"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct date_vec {
	const char *instant;
	const char *place;
	const char *want;
	const char *what;
};

static const struct date_vec date_vecs[] = {
	{ "2026-01-09T09:00:00+07:00", "Khánh Hòa",
	  "Khánh Hòa, ngày 09 tháng 01 năm 2026", "day 09, month 01" },
	{ "2026-02-14T09:00:00+07:00", "Hưng Yên",
	  "Hưng Yên, ngày 14 tháng 02 năm 2026", "month 02 is padded" },
	{ "2026-06-05T09:00:00+07:00", "Khánh Hòa",
	  "Khánh Hòa, ngày 05 tháng 6 năm 2026", "month 6 is not padded" },
	{ "2026-06-15T09:00:00+07:00", "Khánh Hòa",
	  "Khánh Hòa, ngày 15 tháng 6 năm 2026", "the §7 example" },
	{ "2025-10-22T09:00:00+07:00", "Hưng Yên",
	  "Hưng Yên, ngày 22 tháng 10 năm 2025", "95/KH-UBND's date" },
	{ "2026-12-31T09:00:00+07:00", "Đắk Lắk",
	  "Đắk Lắk, ngày 31 tháng 12 năm 2026", "month 12" },
	{ "2026-03-01T09:00:00+07:00", "Khánh Hòa",
	  "Khánh Hòa, ngày 01 tháng 3 năm 2026", "month 3 is not padded" },
	{ "2026-11-10T09:00:00+07:00", "Khánh Hòa",
	  "Khánh Hòa, ngày 10 tháng 11 năm 2026", "day 10 is not padded" },
	{ "2026-01-31T16:59:59.999Z", "Khánh Hòa",
	  "Khánh Hòa, ngày 31 tháng 01 năm 2026",
	  "23:59:59.999 local is still the 31st" },
	{ "2026-01-31T17:00:00Z", "Khánh Hòa",
	  "Khánh Hòa, ngày 01 tháng 02 năm 2026",
	  "midnight UTC+7 crosses into February" },
	{ "2026-12-31T17:30:00Z", "Khánh Hòa",
	  "Khánh Hòa, ngày 01 tháng 01 năm 2027",
	  "00:30 local on New Year's Day, still 2026 in UTC" },
	{ "2026-06-08T20:00:00Z", "Khánh Hòa",
	  "Khánh Hòa, ngày 09 tháng 6 năm 2026",
	  "03:00 local on the 9th, the 8th in UTC" },
};

static int64_t
iso(const char *s)
{
	int64_t ms = 0;

	cr_assert_eq(uc_time_parse(s, &ms), UC_OK, "bad fixture %s", s);
	return ms;
}

Test(domain_docnum, place_date)
{
	char out[128];
	struct uc_error err = { 0 };
	size_t i;

	for (i = 0; i < NELEM(date_vecs); i++) {
		const struct date_vec *v = &date_vecs[i];

		cr_assert_eq(uc_docnum_place_date(iso(v->instant), v->place,
		    out, sizeof(out), &err), UC_OK, "%s: %s", v->what,
		    err.message);
		cr_expect_str_eq(out, v->want, "%s", v->what);
	}
}

struct num_vec {
	long number;
	const char *type;
	const char *symbol;
	const char *want;	/* NULL: refused with UC_EVALID */
	const char *what;
};

static const struct num_vec num_vecs[] = {
	{ 5, "BC", "SNV", "05/BC-SNV", "the §7 example" },
	{ 7, "BC", "SNV", "07/BC-SNV", "7 is padded" },
	{ 10, "BC", "SNV", "10/BC-SNV", "10 is not padded" },
	{ 95, "KH", "UBND", "95/KH-UBND", "Hưng Yên's plan" },
	{ 123, "BC", "SNV", "123/BC-SNV", "three digits" },
	{ 1, "BC", "SNV-VP", "01/BC-SNV-VP", "multi-group symbol" },
	{ 12, "", "SNV-VP", "12/SNV-VP", "công văn: no type" },
	{ 12, NULL, "SNV-VP", "12/SNV-VP", "công văn: NULL type" },
	{ 3, "QĐ", "UBND", "03/QĐ-UBND", "Vietnamese capitals" },
	{ 4, "TTr", "SNV", NULL, "lower case in the type" },
	{ 4, "BC", "snv", NULL, "lower case in the symbol" },
	{ 4, "BC", "", NULL, "no symbol" },
	{ 4, "BC", "S NV", NULL, "space in the symbol" },
	{ 4, "BC", "SNV--VP", NULL, "empty group" },
	{ 4, "BC", "-SNV", NULL, "leading '-'" },
	{ 4, "BC-", "SNV", NULL, "trailing '-' in the type" },
	{ 0, "BC", "SNV", NULL, "number 0" },
	{ -3, "BC", "SNV", NULL, "negative number" },
	{ UC_DOCNUM_MAX + 1L, "BC", "SNV", NULL, "number too large" },
};

Test(domain_docnum, format)
{
	char out[UC_DOCNUM_LEN];
	size_t i;

	for (i = 0; i < NELEM(num_vecs); i++) {
		const struct num_vec *v = &num_vecs[i];
		struct uc_error err = { 0 };
		enum uc_status st = uc_docnum_format(v->number, v->type,
		    v->symbol, out, sizeof(out), &err);

		if (v->want == NULL) {
			cr_expect_eq(st, UC_EVALID, "%s: accepted as %s",
			    v->what, out);
			cr_expect_gt(err.nfields, 0, "%s", v->what);
			continue;
		}
		cr_expect_eq(st, UC_OK, "%s: %s", v->what, err.message);
		cr_expect_str_eq(out, v->want, "%s", v->what);
	}
}

Test(domain_docnum, limits)
{
	char small[8], out[UC_DOCNUM_LEN];
	struct uc_error err = { 0 };
	/* the longest accepted: 7 digits and two 16-letter groups of
	 * three-byte capitals */
	const char *big = "ỄỄỄỄỄỄỄỄỄỄỄỄỄỄỄỄ";

	cr_expect_eq(uc_docnum_format(123, "BC", "SNV", small,
	    sizeof(small), &err), UC_ETOOBIG);
	cr_expect_eq(uc_docnum_format(UC_DOCNUM_MAX, big, big, out,
	    sizeof(out), &err), UC_OK, "%s", err.message);
	cr_expect_eq(uc_docnum_place_date(0, "Khánh Hòa", small,
	    sizeof(small), &err), UC_ETOOBIG);
	uc_error_clear(&err);
	cr_expect_eq(uc_docnum_place_date(0, "", out, sizeof(out), &err),
	    UC_EVALID);
	uc_error_clear(&err);
	cr_expect_eq(uc_docnum_place_date(0, "Khánh\nHòa", out,
	    sizeof(out), &err), UC_EVALID);
	uc_error_clear(&err);
	cr_expect_eq(uc_docnum_place_date(-1, "Khánh Hòa", out,
	    sizeof(out), &err), UC_EVALID);
}
