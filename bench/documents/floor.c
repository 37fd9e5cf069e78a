/*
 * floor.c - the floor of bench/documents/run.sh: what it costs to lay
 * out and write the smallest official document, in-process, with the
 * same renderers the server uses (render/pdf.c, render/docx.c) and no
 * database, no HTTP, no JSON.
 *
 *   floor [--repeat N]
 *
 * Builds a document of render/doc.h with the NĐ 30/2020 header, a
 * title, one paragraph and a signature, and renders it N times (default
 * 21) to PDF and to DOCX after one warm-up of each (fonts loaded,
 * caches filled). Prints "pdf <median ms>" and "docx <median ms>".
 *
 * Build (run.sh does it): cc -std=c17 -O2 -D_GNU_SOURCE -Isrc floor.c
 *   build/libungcuu.a $(pkg-config --cflags --libs pangocairo libzip
 *   ...), see run.sh.
 */
#include "core/arena.h"
#include "core/buf.h"
#include "core/time.h"
#include "render/doc.h"
#include "render/docx.h"
#include "render/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REPEAT 1000

typedef enum uc_status (*render_fn)(const struct uc_doc *d,
    struct uc_buf *out, struct uc_error *err);

static struct uc_doc *
one_paragraph(struct uc_arena *a)
{
	struct uc_doc *d = uc_doc_new(a);
	struct uc_doc_head h = {
		.supervising = "UBND TỈNH HƯNG YÊN",
		.issuing = "SỞ NỘI VỤ",
		.number = "01/BC-SNV",
		.place_date = "Hưng Yên, ngày 05 tháng 6 năm 2026",
	};

	uc_doc_set_head(d, &h);
	uc_doc_set_title(d, "BÁO CÁO", "Thử nghiệm");
	uc_doc_set_meta(d, "floor", 1780000000000);
	uc_doc_add_text(d, 0, "Nội dung một đoạn.");
	uc_doc_set_archive(d, "SNV");
	uc_doc_set_signer(d, "GIÁM ĐỐC", "Nguyễn Văn A", "");
	return d;
}

/* One rendering, in ms; exits on failure. */
static double
once(render_fn fn, const char *what)
{
	struct uc_error err = { 0 };
	struct uc_arena *a = uc_arena_new();
	struct uc_buf b;
	int64_t t0;
	double ms;

	uc_buf_init(&b, UC_DOC_MAX_BYTES);
	t0 = uc_time_mono_ns();
	if (fn(one_paragraph(a), &b, &err) != UC_OK) {
		fprintf(stderr, "floor: %s: %s\n", what, err.message);
		exit(1);
	}
	ms = (double)(uc_time_mono_ns() - t0) / 1e6;
	uc_buf_cleanup(&b);
	uc_arena_free(a);
	return ms;
}

static int
cmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static double
median(render_fn fn, const char *what, int n)
{
	double v[MAX_REPEAT];
	int i;

	(void)once(fn, what);
	for (i = 0; i < n; i++)
		v[i] = once(fn, what);
	qsort(v, (size_t)n, sizeof(v[0]), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main(int argc, char **argv)
{
	int n = 21;

	if (argc == 3 && strcmp(argv[1], "--repeat") == 0)
		n = (int)strtol(argv[2], NULL, 10);
	else if (argc != 1) {
		fprintf(stderr, "usage: floor [--repeat N]\n");
		return 2;
	}
	if (n < 1 || n > MAX_REPEAT) {
		fprintf(stderr, "floor: --repeat is 1..%d\n", MAX_REPEAT);
		return 2;
	}
	printf("pdf %.3f\n", median(uc_pdf_render, "pdf", n));
	printf("docx %.3f\n", median(uc_docx_render, "docx", n));
	return 0;
}
