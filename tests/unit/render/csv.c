/*
 * tests/unit/render/csv.c - src/render/csv.c: RFC 4180 quoting, table
 * by table (vectors), and a whole table: BOM, header, CRLF, cells by
 * column type, refusals and the cap.
 */
#include "../../../src/render/csv.c"

#include <criterion/criterion.h>

struct vec {
	const char *in;
	const char *out;
};

static const struct vec fields[] = {
	{ "", "" },
	{ "plain", "plain" },
	{ "Tấn công từ chối dịch vụ", "Tấn công từ chối dịch vụ" },
	{ "a,b", "\"a,b\"" },
	{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
	{ "\"", "\"\"\"\"" },
	{ "line\nbreak", "\"line\nbreak\"" },
	{ "cr\rhere", "\"cr\rhere\"" },
	{ "crlf\r\n", "\"crlf\r\n\"" },
	{ " lead", "\" lead\"" },
	{ "trail ", "\"trail \"" },
	{ "in side", "in side" },
	{ "Tấn công truy cập trái phép, chiếm quyền điều khiển",
	  "\"Tấn công truy cập trái phép, chiếm quyền điều khiển\"" },
	{ "semi;colon", "semi;colon" },
	{ NULL, NULL }
};

Test(render_csv, field_quoting_vectors)
{
	struct uc_buf b;

	for (const struct vec *v = fields; v->in != NULL; v++) {
		uc_buf_init(&b, 1024);
		cr_assert_eq(uc_csv_field(&b, v->in), UC_OK);
		cr_expect_str_eq(b.data ? b.data : "", v->out, "field [%s]",
		    v->in);
		uc_buf_cleanup(&b);
	}
	uc_buf_init(&b, 16);
	cr_assert_eq(uc_csv_field(&b, NULL), UC_OK);
	cr_expect_eq(b.len, 0, "NULL is an empty field");
	uc_buf_cleanup(&b);
}

static json_t *
sample(void)
{
	return json_pack("{ss s[{ss ss} {ss ss} {ss ss} {ss ss}] s[[s i f s]"
	    " [s n n n]]}", "name", "t", "columns", "title", "Mã, loại",
	    "type", "text", "title", "Số", "type", "int", "title", "Giờ",
	    "type", "number", "title", "Ngày", "type", "date", "rows",
	    "TC01", 3, 1.5, "2026-01-31", "Tổng \"cộng\"");
}

Test(render_csv, table_bom_header_crlf_and_cells)
{
	struct uc_error err = { 0 };
	json_t *t = sample();
	struct uc_buf b;

	uc_buf_init(&b, 4096);
	cr_assert_eq(uc_csv_table(t, &b, &err), UC_OK, "%s", err.message);
	cr_expect_str_eq(b.data, UC_CSV_BOM "\"Mã, loại\",Số,Giờ,Ngày\r\n"
	    "TC01,3,1.50,31/01/2026\r\n"
	    "\"Tổng \"\"cộng\"\"\",,,\r\n");
	uc_buf_cleanup(&b);
	json_decref(t);
}

Test(render_csv, refusals_and_cap)
{
	struct uc_error err = { 0 };
	json_t *t = sample();
	struct uc_buf b;

	/* a cell that does not fit its column */
	json_array_set_new(json_array_get(json_object_get(t, "rows"), 0), 1,
	    json_string("three"));
	uc_buf_init(&b, 4096);
	cr_expect_eq(uc_csv_table(t, &b, &err), UC_EVALID);
	uc_buf_cleanup(&b);
	/* a bad date */
	json_array_set_new(json_array_get(json_object_get(t, "rows"), 0), 1,
	    json_integer(3));
	json_array_set_new(json_array_get(json_object_get(t, "rows"), 0), 3,
	    json_string("31/01/2026"));
	uc_buf_init(&b, 4096);
	cr_expect_eq(uc_csv_table(t, &b, &err), UC_EVALID);
	uc_buf_cleanup(&b);
	/* a short row */
	json_array_remove(json_array_get(json_object_get(t, "rows"), 1), 0);
	uc_buf_init(&b, 4096);
	cr_expect_eq(uc_csv_table(t, &b, &err), UC_EVALID);
	uc_buf_cleanup(&b);
	json_decref(t);
	/* no columns */
	t = json_pack("{s[] s[]}", "columns", "rows");
	uc_buf_init(&b, 4096);
	cr_expect_eq(uc_csv_table(t, &b, &err), UC_EVALID);
	uc_buf_cleanup(&b);
	json_decref(t);
	/* the cap */
	t = sample();
	uc_buf_init(&b, 20);
	cr_expect_eq(uc_csv_table(t, &b, &err), UC_ETOOBIG);
	uc_buf_cleanup(&b);
	json_decref(t);
}
