/*
 * tests/unit/http/multipart.c - src/http/multipart.c: boundaries from
 * Content-Type, parts and their headers, every chunking of the same
 * body giving the same callbacks, the caps and the refusals.
 */
#include "../../../src/http/multipart.c"

#include "core/buf.h"

#include <criterion/criterion.h>
#include <stdio.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define CT "multipart/form-data; boundary=XyZ"

/* The callbacks write one log: "{name|filename|type|file}" data "{end}"
 * per part, which does not depend on how the body was chunked. */
struct rec {
	struct uc_buf log;
	size_t calls;		/* data callbacks */
	int fail_at;		/* callback number that fails, 0: none */
	int ncb;
};

static enum uc_status
rec_fail(struct rec *r, struct uc_error *err)
{
	if (r->fail_at != 0 && ++r->ncb == r->fail_at)
		return uc_error_set(err, UC_EIO, "test: callback refused");
	return UC_OK;
}

static enum uc_status
on_begin(void *arg, const struct uc_multipart_part *p, struct uc_error *err)
{
	struct rec *r = arg;

	cr_assert_eq(uc_buf_appendf(&r->log, "{%s|%s|%s|%d}", p->name,
	    p->filename ? p->filename : "-", p->content_type, p->is_file),
	    UC_OK);
	return rec_fail(r, err);
}

static enum uc_status
on_data(void *arg, const char *p, size_t n, struct uc_error *err)
{
	struct rec *r = arg;

	cr_assert_gt(n, 0);
	cr_assert_eq(uc_buf_append(&r->log, p, n), UC_OK);
	r->calls++;
	return rec_fail(r, err);
}

static enum uc_status
on_end(void *arg, struct uc_error *err)
{
	struct rec *r = arg;

	cr_assert_eq(uc_buf_appends(&r->log, "{end}"), UC_OK);
	return rec_fail(r, err);
}

/* Parse body in pieces of `chunk` bytes (0: whole), or, when split is
 * set, in two pieces cut at `chunk`. */
static enum uc_status
run(const char *ct, const struct uc_multipart_caps *caps, const char *body,
    size_t len, size_t chunk, int split, struct rec *r, struct uc_error *err)
{
	struct uc_multipart_cb cb = { on_begin, on_data, on_end, r };
	struct uc_multipart *mp = NULL;
	enum uc_status rc;
	size_t off = 0, n;

	uc_buf_init(&r->log, 1 << 22);
	if ((rc = uc_multipart_new(ct, caps, &cb, &mp, err)) != UC_OK)
		return rc;
	while (rc == UC_OK && off < len) {
		n = chunk == 0 ? len : split ? (off == 0 ? chunk : len - off) :
		    chunk;
		if (n > len - off)
			n = len - off;
		rc = uc_multipart_feed(mp, body + off, n, err);
		off += n;
	}
	if (rc == UC_OK)
		rc = uc_multipart_finish(mp, err);
	uc_multipart_free(mp);
	return rc;
}

static const char *
log_of(struct rec *r)
{
	return r->log.data ? r->log.data : "";
}

struct ok_vec {
	const char *what;
	const char *body;
	const char *log;
	size_t body_len, log_len;	/* 0: strlen */
};

#define DISP "Content-Disposition: form-data; "
#define BIN_BODY "--XyZ\r\n" DISP "name=f; filename=b.bin\r\n\r\n" \
	"\0\1\2\377\r\n--XyZ--"
#define BIN_LOG "{f|b.bin|text/plain|1}\0\1\2\377{end}"

static const struct ok_vec ok_vecs[] = {
	{ "single field",
	  "--XyZ\r\n" DISP "name=\"title\"\r\n\r\nhello\r\n--XyZ--\r\n",
	  "{title|-|text/plain|0}hello{end}", 0, 0 },
	{ "file and fields",
	  "--XyZ\r\n" DISP "name=\"incident\"\r\n\r\n42\r\n"
	  "--XyZ\r\n" DISP "name=\"file\"; filename=\"log.txt\"\r\n"
	  "Content-Type: application/octet-stream\r\n\r\n"
	  "line1\r\nline2\r\n\r\n--XyZ\r\n" DISP "name=note\r\n\r\n"
	  "x\r\n--XyZ--",
	  "{incident|-|text/plain|0}42{end}"
	  "{file|log.txt|application/octet-stream|1}line1\r\nline2\r\n{end}"
	  "{note|-|text/plain|0}x{end}", 0, 0 },
	{ "CR, LF and CRLF inside data",
	  "--XyZ\r\n" DISP "name=a\r\n\r\n\r\r\n\n\r\r\r\n\r\n--XyZ--",
	  "{a|-|text/plain|0}\r\r\n\n\r\r\r\n{end}", 0, 0 },
	{ "data ending in CR before the delimiter",
	  "--XyZ\r\n" DISP "name=a\r\n\r\nabc\r\r\n--XyZ--",
	  "{a|-|text/plain|0}abc\r{end}", 0, 0 },
	{ "boundary-like text inside data",
	  "--XyZ\r\n" DISP "name=a\r\n\r\n--XyZ\n--XyZ a--XyZ--\r\n--Xy"
	  "\r\n--X\r\n-\r\r\n--xyz\r\n--XY\r\n\r\n--XyZ--",
	  "{a|-|text/plain|0}--XyZ\n--XyZ a--XyZ--\r\n--Xy\r\n--X\r\n-\r"
	  "\r\n--xyz\r\n--XY\r\n{end}", 0, 0 },
	{ "empty content and empty filename",
	  "--XyZ\r\n" DISP "name=\"f\"; filename=\"\"\r\n\r\n\r\n"
	  "--XyZ\r\n" DISP "name=e\r\n\r\n\r\n--XyZ--",
	  "{f||text/plain|1}{end}{e|-|text/plain|0}{end}", 0, 0 },
	{ "preamble and epilogue",
	  "This is a preamble.\r\n--Xy is not the boundary\r\n\r\n"
	  "--XyZ\r\n" DISP "name=a\r\n\r\nv\r\n--XyZ--\r\n"
	  "This is the epilogue.\r\n--XyZ\r\nignored",
	  "{a|-|text/plain|0}v{end}", 0, 0 },
	{ "preamble ending in CRLF only",
	  "\r\n--XyZ\r\n" DISP "name=a\r\n\r\nv\r\n--XyZ--",
	  "{a|-|text/plain|0}v{end}", 0, 0 },
	{ "transport padding after boundaries",
	  "--XyZ \t \r\n" DISP "name=a\r\n\r\nv\r\n--XyZ\t\r\n" DISP
	  "name=b\r\n\r\nw\r\n--XyZ--  \r\n",
	  "{a|-|text/plain|0}v{end}{b|-|text/plain|0}w{end}", 0, 0 },
	{ "header names in any case, unknown headers ignored",
	  "--XyZ\r\ncontent-disposition:form-data;name=a\r\n"
	  "X-Whatever: 1\r\nCONTENT-TYPE:   text/csv ; charset=utf-8  \r\n"
	  "Content-Transfer-Encoding: binary\r\n\r\nv\r\n--XyZ--",
	  "{a|-|text/csv ; charset=utf-8|0}v{end}", 0, 0 },
	{ "no parts at all",
	  "--XyZ--\r\n", "", 0, 0 },
	{ "binary data with NUL bytes", BIN_BODY, BIN_LOG,
	  sizeof(BIN_BODY) - 1, sizeof(BIN_LOG) - 1 },
};

static size_t
vec_len(const struct ok_vec *v)
{
	return v->body_len ? v->body_len : strlen(v->body);
}

static void
expect_log(struct rec *r, const struct ok_vec *v, size_t chunk)
{
	size_t n = v->log_len ? v->log_len : strlen(v->log);
	const char *want = v->log, *what = v->what;

	cr_expect_eq(r->log.len, n, "%s (chunk %zu): log %zu bytes, want %zu:"
	    " %s", what, chunk, r->log.len, n, log_of(r));
	if (r->log.len == n)
		cr_expect(memcmp(log_of(r), want, n) == 0, "%s (chunk %zu): %s",
		    what, chunk, log_of(r));
}

Test(http_multipart, parses)
{
	size_t i;

	for (i = 0; i < NELEM(ok_vecs); i++) {
		const struct ok_vec *v = &ok_vecs[i];
		struct uc_error err = { 0 };
		struct rec r = { 0 };

		cr_expect_eq(run(CT, NULL, v->body, vec_len(v), 0, 0,
		    &r, &err), UC_OK, "%s: %s", v->what, err.message);
		expect_log(&r, v, 0);
		uc_buf_cleanup(&r.log);
	}
}

/* Every chunk size from 1 to the body's length, and every cut of the
 * body in two, give the same callbacks. */
Test(http_multipart, any_chunking)
{
	size_t i, c, len;
	int split;

	for (i = 0; i < NELEM(ok_vecs); i++) {
		len = vec_len(&ok_vecs[i]);
		for (split = 0; split < 2; split++)
			for (c = 1; c <= len; c++) {
				struct uc_error err = { 0 };
				struct rec r = { 0 };

				cr_expect_eq(run(CT, NULL, ok_vecs[i].body, len,
				    c, split, &r, &err), UC_OK, "%s chunk %zu:"
				    " %s", ok_vecs[i].what, c, err.message);
				expect_log(&r, &ok_vecs[i], c);
				uc_buf_cleanup(&r.log);
			}
	}
}

struct ct_vec {
	const char *ct;
	enum uc_status rc;
	const char *boundary;	/* or the start of the message */
};

#define B70 "0123456789012345678901234567890123456789" \
	"012345678901234567890123456789"

static const struct ct_vec ct_vecs[] = {
	{ "multipart/form-data; boundary=XyZ", UC_OK, "XyZ" },
	{ "multipart/form-data;boundary=\"XyZ\"", UC_OK, "XyZ" },
	{ "Multipart/Form-Data; BOUNDARY=a'()+_,-./:=?", UC_OK,
	  "a'()+_,-./:=?" },
	{ "multipart/form-data; charset=utf-8; boundary=\"a b c\"", UC_OK,
	  "a b c" },
	{ "multipart/form-data ; boundary = q ;", UC_OK, "q" },
	{ "multipart/form-data; boundary=" B70, UC_OK, B70 },
	{ "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
	  UC_OK, "----WebKitFormBoundary7MA4YWxkTrZu0gW" },
	{ "multipart/form-data; boundary=" B70 "1", UC_EINVAL,
	  "multipart: the boundary must be 1 to 70" },
	{ "multipart/form-data", UC_EINVAL,
	  "multipart: the Content-Type has no boundary" },
	{ "multipart/form-data; charset=utf-8", UC_EINVAL,
	  "multipart: the Content-Type has no boundary" },
	{ "multipart/form-data; boundary=", UC_EINVAL,
	  "multipart: the boundary must be 1 to 70" },
	{ "multipart/form-data; boundary=\"\"", UC_EINVAL,
	  "multipart: the boundary must be 1 to 70" },
	{ "multipart/form-data; boundary=\"ab \"", UC_EINVAL,
	  "multipart: the boundary ends with a space" },
	{ "multipart/form-data; boundary=a@b", UC_EINVAL,
	  "multipart: the boundary has a character" },
	{ "multipart/form-data; boundary=\"a\\\"b\"", UC_EINVAL,
	  "multipart: the boundary has a character" },
	{ "multipart/form-data; boundary=\"a\r\nb\"", UC_EINVAL,
	  "multipart: the boundary has a character" },
	{ "multipart/form-data; boundary=a; boundary=b", UC_EINVAL,
	  "multipart: the Content-Type has two boundaries" },
	{ "multipart/form-data; boundary=\"abc", UC_EINVAL,
	  "multipart: malformed parameters" },
	{ "multipart/form-data; boundary=a b", UC_EINVAL,
	  "multipart: malformed parameters" },
	{ "multipart/form-data; =x", UC_EINVAL,
	  "multipart: malformed parameters" },
	{ "multipart/mixed; boundary=XyZ", UC_EMEDIA,
	  "multipart: the Content-Type is not multipart/form-data" },
	{ "application/json", UC_EMEDIA, "multipart: the Content-Type" },
	{ "", UC_EMEDIA, "multipart: the Content-Type" },
	{ NULL, UC_EMEDIA, "multipart: the Content-Type" },
};

Test(http_multipart, content_type)
{
	size_t i;

	for (i = 0; i < NELEM(ct_vecs); i++) {
		const struct ct_vec *v = &ct_vecs[i];
		struct uc_error err = { 0 };
		struct uc_multipart *mp = (void *)&err;
		enum uc_status rc;

		rc = uc_multipart_new(v->ct, NULL, NULL, &mp, &err);
		cr_expect_eq(rc, v->rc, "%s: %s", v->ct, err.message);
		if (rc == UC_OK && v->rc == UC_OK) {
			cr_expect_eq(mp->dlen, 4 + strlen(v->boundary));
			cr_expect(memcmp(mp->delim + 4, v->boundary,
			    strlen(v->boundary)) == 0, "%s", v->ct);
		} else if (rc != UC_OK) {
			cr_expect_null(mp);
			cr_expect(strncmp(err.message, v->boundary,
			    strlen(v->boundary)) == 0, "%s: '%s'", v->ct,
			    err.message);
		}
		uc_multipart_free(mp);
	}
}

struct cd_vec {
	const char *disposition;	/* after "form-data; " */
	const char *name, *filename;	/* filename NULL: not a file */
};

static const struct cd_vec cd_vecs[] = {
	{ "name=\"a\"", "a", NULL },
	{ "name=a", "a", NULL },
	{ "name=\"a b;c\"", "a b;c", NULL },
	{ "name=\"q\\\"uote\\\\\"", "q\"uote\\", NULL },
	{ "name=f; filename=\"report.pdf\"", "f", "report.pdf" },
	{ "name=f; filename=report.pdf", "f", "report.pdf" },
	{ "filename=\"x.txt\"; name=\"f\"", "f", "x.txt" },
	{ "name=f; filename=\"C:\\evidence\\log.txt\"", "f",
	  "C:\\evidence\\log.txt" },
	{ "name=f; filename=\"B\xc3\xa1o c\xc3\xa1o.pdf\"", "f",
	  "B\xc3\xa1o c\xc3\xa1o.pdf" },
	{ "name=f; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.pdf", "f",
	  "B\xc3\xa1o c\xc3\xa1o.pdf" },
	{ "name=f; filename*=utf-8'vi'%e2%82%ac", "f", "\xe2\x82\xac" },
	{ "name=f; filename=\"fallback.pdf\"; "
	  "filename*=UTF-8''%E2%82%AC.pdf", "f", "\xe2\x82\xac.pdf" },
	{ "name=f; filename*=UTF-8''%E2%82%AC.pdf; "
	  "filename=\"fallback.pdf\"", "f", "\xe2\x82\xac.pdf" },
	{ "name=f; filename*=\"UTF-8''a%20b\"", "f", "a b" },
	{ "name=f; size=12; creation-date=\"x\"", "f", NULL },
	{ "name=\"T\xc3\xaan\"", "T\xc3\xaan", NULL },
};

static enum uc_status
one_part(const char *headers, const char *content, struct rec *r,
    struct uc_error *err)
{
	char body[1024];
	int n;

	n = snprintf(body, sizeof(body), "--XyZ\r\n%s\r\n\r\n%s\r\n--XyZ--",
	    headers, content);
	cr_assert(n > 0 && (size_t)n < sizeof(body));
	return run(CT, NULL, body, (size_t)n, 0, 0, r, err);
}

Test(http_multipart, disposition)
{
	char hdr[512], want[512];
	size_t i;

	for (i = 0; i < NELEM(cd_vecs); i++) {
		const struct cd_vec *v = &cd_vecs[i];
		struct uc_error err = { 0 };
		struct rec r = { 0 };

		snprintf(hdr, sizeof(hdr), DISP "%s", v->disposition);
		snprintf(want, sizeof(want), "{%s|%s|text/plain|%d}v{end}",
		    v->name, v->filename ? v->filename : "-",
		    v->filename != NULL);
		cr_expect_eq(one_part(hdr, "v", &r, &err), UC_OK, "%s: %s",
		    v->disposition, err.message);
		cr_expect_str_eq(log_of(&r), want, "%s", v->disposition);
		uc_buf_cleanup(&r.log);
	}
}

struct bad_vec {
	const char *what;
	const char *body;
	enum uc_status rc;
	const char *message;	/* its start */
};

static const struct bad_vec bad_vecs[] = {
	{ "missing final boundary",
	  "--XyZ\r\n" DISP "name=a\r\n\r\nv\r\n", UC_EINVAL,
	  "multipart: missing closing boundary" },
	{ "final boundary cut short",
	  "--XyZ\r\n" DISP "name=a\r\n\r\nv\r\n--XyZ-", UC_EINVAL,
	  "multipart: missing closing boundary" },
	{ "ends inside the headers",
	  "--XyZ\r\n" DISP "name=a\r\n", UC_EINVAL,
	  "multipart: missing closing boundary" },
	{ "empty body", "", UC_EINVAL,
	  "multipart: missing closing boundary" },
	{ "no boundary in the body", "just some text\r\n", UC_EINVAL,
	  "multipart: missing closing boundary" },
	{ "boundary followed by junk",
	  "--XyZ\r\n" DISP "name=a\r\n\r\nv\r\n--XyZjunk\r\n--XyZ--",
	  UC_EINVAL, "multipart: a boundary is followed by bytes" },
	{ "boundary followed by one dash",
	  "--XyZ\r\n" DISP "name=a\r\n\r\nv\r\n--XyZ-x", UC_EINVAL,
	  "multipart: a boundary is followed by bytes" },
	{ "boundary line ending in bare LF",
	  "--XyZ\n" DISP "name=a\r\n\r\nv\r\n--XyZ--", UC_EINVAL,
	  "multipart: a boundary is followed by bytes" },
	{ "boundary line with CR and no LF",
	  "--XyZ\r" DISP "name=a\r\n\r\nv\r\n--XyZ--", UC_EINVAL,
	  "multipart: a boundary is followed by bytes" },
	{ "preamble line starting with the boundary",
	  "--XyZ-preamble\r\n--XyZ\r\n" DISP "name=a\r\n\r\nv\r\n--XyZ--",
	  UC_EINVAL, "multipart: a boundary is followed by bytes" },
	{ "header line ending in bare LF",
	  "--XyZ\r\n" DISP "name=a\n\r\nv\r\n--XyZ--", UC_EINVAL,
	  "multipart: part 1 has a header line not ending in CRLF" },
	{ "folded header",
	  "--XyZ\r\n" DISP "\r\n name=a\r\n\r\nv\r\n--XyZ--", UC_EINVAL,
	  "multipart: part 1 has a folded header line" },
	{ "no headers",
	  "--XyZ\r\n\r\nv\r\n--XyZ--", UC_EINVAL,
	  "multipart: part 1 has no Content-Disposition" },
	{ "no Content-Disposition",
	  "--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--", UC_EINVAL,
	  "multipart: part 1 has no Content-Disposition" },
	{ "two Content-Dispositions",
	  "--XyZ\r\n" DISP "name=a\r\n" DISP "name=b\r\n\r\nv\r\n--XyZ--",
	  UC_EINVAL, "multipart: part 1 has two Content-Disposition" },
	{ "header without a colon",
	  "--XyZ\r\n" DISP "name=a\r\nnonsense\r\n\r\nv\r\n--XyZ--",
	  UC_EINVAL, "multipart: part 1 has a malformed header line" },
	{ "space before the colon",
	  "--XyZ\r\nContent-Disposition : form-data; name=a\r\n\r\nv\r\n"
	  "--XyZ--", UC_EINVAL,
	  "multipart: part 1 has a malformed header name" },
	{ "not form-data",
	  "--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n"
	  "--XyZ--", UC_EINVAL, "multipart: part 1 is not form-data" },
	{ "no name",
	  "--XyZ\r\n" DISP "filename=a\r\n\r\nv\r\n--XyZ--", UC_EINVAL,
	  "multipart: part 1 has no name" },
	{ "empty name",
	  "--XyZ\r\n" DISP "name=\"\"\r\n\r\nv\r\n--XyZ--", UC_EINVAL,
	  "multipart: part 1 has no name" },
	{ "two names",
	  "--XyZ\r\n" DISP "name=a; name=b\r\n\r\nv\r\n--XyZ--", UC_EINVAL,
	  "multipart: part 1 has two name parameters" },
	{ "unterminated quote",
	  "--XyZ\r\n" DISP "name=\"a\r\n\r\nv\r\n--XyZ--", UC_EINVAL,
	  "multipart: part 1 has a malformed Content-Disposition" },
	{ "filename* in another charset",
	  "--XyZ\r\n" DISP "name=a; filename*=iso-8859-1''%e9\r\n\r\nv\r\n"
	  "--XyZ--", UC_EINVAL,
	  "multipart: part 1 has a filename* not in UTF-8" },
	{ "filename* without quotes",
	  "--XyZ\r\n" DISP "name=a; filename*=abc\r\n\r\nv\r\n--XyZ--",
	  UC_EINVAL, "multipart: part 1 has a malformed filename*" },
	{ "filename* with a bad escape",
	  "--XyZ\r\n" DISP "name=a; filename*=UTF-8''%zz\r\n\r\nv\r\n"
	  "--XyZ--", UC_EINVAL,
	  "multipart: part 1 has a bad %-escape in filename*" },
	{ "filename* decoding to NUL",
	  "--XyZ\r\n" DISP "name=a; filename*=UTF-8''a%00b\r\n\r\nv\r\n"
	  "--XyZ--", UC_EINVAL,
	  "multipart: part 1: the filename* has a control character" },
	{ "filename* not UTF-8",
	  "--XyZ\r\n" DISP "name=a; filename*=UTF-8''%C3\r\n\r\nv\r\n"
	  "--XyZ--", UC_EINVAL,
	  "multipart: part 1: the filename* is not UTF-8" },
	{ "filename not UTF-8",
	  "--XyZ\r\n" DISP "name=a; filename=\"\xff.txt\"\r\n\r\nv\r\n"
	  "--XyZ--", UC_EINVAL,
	  "multipart: part 1: the filename is not UTF-8" },
	{ "filename with a tab",
	  "--XyZ\r\n" DISP "name=a; filename=\"a\tb\"\r\n\r\nv\r\n--XyZ--",
	  UC_EINVAL,
	  "multipart: part 1: the filename has a control character" },
	{ "empty Content-Type",
	  "--XyZ\r\n" DISP "name=a\r\nContent-Type:\r\n\r\nv\r\n--XyZ--",
	  UC_EINVAL, "multipart: part 1 has an empty Content-Type" },
	{ "base64 transfer encoding",
	  "--XyZ\r\n" DISP "name=a\r\nContent-Transfer-Encoding: base64\r\n"
	  "\r\ndg==\r\n--XyZ--", UC_EINVAL,
	  "multipart: part 1: Content-Transfer-Encoding 'base64'" },
	{ "second part bad",
	  "--XyZ\r\n" DISP "name=a\r\n\r\nv\r\n--XyZ\r\nX: y\r\n\r\nw\r\n"
	  "--XyZ--", UC_EINVAL,
	  "multipart: part 2 has no Content-Disposition" },
};

Test(http_multipart, refuses)
{
	size_t i, c, len;

	for (i = 0; i < NELEM(bad_vecs); i++) {
		const struct bad_vec *v = &bad_vecs[i];

		len = strlen(v->body);
		for (c = 0; c <= len; c++) {
			struct uc_error err = { 0 };
			struct rec r = { 0 };

			cr_expect_eq(run(CT, NULL, v->body, len, c, 0, &r,
			    &err), v->rc, "%s (chunk %zu): %s", v->what, c,
			    err.message);
			cr_expect(strncmp(err.message, v->message,
			    strlen(v->message)) == 0, "%s (chunk %zu): '%s'",
			    v->what, c, err.message);
			uc_buf_cleanup(&r.log);
		}
	}
}

static char *
parts_body(size_t nparts, size_t *len)
{
	struct uc_buf b;
	size_t i;

	uc_buf_init(&b, 1 << 20);
	for (i = 0; i < nparts; i++)
		cr_assert_eq(uc_buf_appendf(&b, "--XyZ\r\n" DISP "name=p%zu"
		    "\r\n\r\n%zu\r\n", i, i), UC_OK);
	cr_assert_eq(uc_buf_appends(&b, "--XyZ--\r\n"), UC_OK);
	*len = b.len;
	return uc_buf_take(&b);
}

Test(http_multipart, part_cap)
{
	struct uc_multipart_caps caps = { 0, 3, 0 };
	struct uc_error err = { 0 };
	struct rec r = { 0 };
	size_t len;
	char *body = parts_body(3, &len);

	cr_expect_eq(run(CT, &caps, body, len, 0, 0, &r, &err), UC_OK);
	uc_buf_cleanup(&r.log);
	uc_free(body);
	body = parts_body(4, &len);
	cr_expect_eq(run(CT, &caps, body, len, 0, 0, &r, &err), UC_EINVAL);
	cr_expect_str_eq(err.message, "multipart: more than 3 parts");
	cr_expect_null(strstr(log_of(&r), "{p3|"));
	uc_buf_cleanup(&r.log);
	uc_free(body);
	/* the default: 16 */
	body = parts_body(17, &len);
	cr_expect_eq(run(CT, NULL, body, len, 0, 0, &r, &err), UC_EINVAL);
	cr_expect_str_eq(err.message, "multipart: more than 16 parts");
	uc_buf_cleanup(&r.log);
	uc_free(body);
}

Test(http_multipart, header_cap)
{
	struct uc_multipart_caps caps = { 64, 0, 0 };
	/* the block: DISP "name=a" CRLF (40), "X: " digits CRLF, CRLF */
	const char *fits = "--XyZ\r\n" DISP "name=a\r\nX: 12345678901234"
	    "567\r\n\r\nv\r\n--XyZ--";
	const char *over = "--XyZ\r\n" DISP "name=a\r\nX: 12345678901234"
	    "5678\r\n\r\nv\r\n--XyZ--";
	size_t c;

	for (c = 0; c <= strlen(over); c++) {
		struct uc_error err = { 0 };
		struct rec r = { 0 };

		cr_expect_eq(run(CT, &caps, fits, strlen(fits), c, 0, &r,
		    &err), UC_OK, "chunk %zu: %s", c, err.message);
		uc_buf_cleanup(&r.log);
		cr_expect_eq(run(CT, &caps, over, strlen(over), c, 0, &r,
		    &err), UC_EINVAL, "chunk %zu", c);
		cr_expect_str_eq(err.message, "multipart: part header too "
		    "long (over 64 bytes)");
		uc_buf_cleanup(&r.log);
	}
}

Test(http_multipart, header_cap_default)
{
	struct uc_error err = { 0 };
	struct rec r = { 0 };
	struct uc_buf b;
	size_t i;

	uc_buf_init(&b, 1 << 20);
	cr_assert_eq(uc_buf_appends(&b, "--XyZ\r\n" DISP "name=a\r\n"),
	    UC_OK);
	for (i = 0; i < 200; i++)	/* 200 * 50 bytes > 8 KiB */
		cr_assert_eq(uc_buf_appends(&b, "X-Padding: 0123456789"
		    "0123456789012345678901234567\r\n"), UC_OK);
	cr_assert_eq(uc_buf_appends(&b, "\r\nv\r\n--XyZ--"), UC_OK);
	cr_expect_eq(run(CT, NULL, b.data, b.len, 7, 0, &r, &err),
	    UC_EINVAL);
	cr_expect_str_eq(err.message, "multipart: part header too long "
	    "(over 8192 bytes)");
	uc_buf_cleanup(&r.log);
	uc_buf_cleanup(&b);
}

/* Text fields are capped; files are not (the store caps them). */
Test(http_multipart, field_cap)
{
	struct uc_multipart_caps caps = { 0, 0, 5 };
	static const char *const ok[] = {
		"--XyZ\r\n" DISP "name=a\r\n\r\n12345\r\n--XyZ--",
		"--XyZ\r\n" DISP "name=a\r\n\r\n12\r\n--XyZ\r\n" DISP
		"name=b\r\n\r\n12345\r\n--XyZ--",
		"--XyZ\r\n" DISP "name=a; filename=x\r\n\r\n1234567890\r\n"
		"--XyZ--",
	};
	const char *over = "--XyZ\r\n" DISP "name=a\r\n\r\n12345\r\r\n--XyZ--";
	size_t i, c;

	for (c = 0; c <= strlen(over); c++) {
		struct uc_error err = { 0 };
		struct rec r = { 0 };

		for (i = 0; i < NELEM(ok); i++) {
			cr_expect_eq(run(CT, &caps, ok[i], strlen(ok[i]), c, 0,
			    &r, &err), UC_OK, "%zu chunk %zu: %s", i, c,
			    err.message);
			uc_buf_cleanup(&r.log);
		}
		cr_expect_eq(run(CT, &caps, over, strlen(over), c, 0, &r,
		    &err), UC_ETOOBIG, "chunk %zu", c);
		cr_expect_str_eq(err.message, "multipart: the field 'a' is "
		    "over 5 bytes");
		uc_buf_cleanup(&r.log);
	}
}

/* A large file goes through in pieces, never held by the parser. */
Test(http_multipart, large_file_streams)
{
	static const char head[] = "--XyZ\r\n" DISP "name=f; filename=big"
	    "\r\n\r\n";
	static const char tail[] = "\r\n--XyZ--\r\n";
	struct uc_multipart_cb cb = { on_begin, on_data, on_end, NULL };
	struct uc_multipart *mp = NULL;
	struct uc_error err = { 0 };
	struct rec r = { 0 };
	char chunk[4096];
	size_t i, total = 0;

	cb.arg = &r;
	memset(chunk, 'e', sizeof(chunk));
	chunk[100] = '\r';	/* near misses along the way */
	chunk[200] = '\r';
	chunk[201] = '\n';
	uc_buf_init(&r.log, 64 << 20);
	cr_assert_eq(uc_multipart_new(CT, NULL, &cb, &mp, &err), UC_OK);
	cr_assert_eq(uc_multipart_feed(mp, head, sizeof(head) - 1, &err),
	    UC_OK);
	for (i = 0; i < 4096; i++, total += sizeof(chunk))	/* 16 MiB */
		cr_assert_eq(uc_multipart_feed(mp, chunk, sizeof(chunk), &err),
		    UC_OK);
	cr_assert_eq(uc_multipart_feed(mp, tail, sizeof(tail) - 1, &err),
	    UC_OK);
	cr_expect_eq(uc_multipart_finish(mp, &err), UC_OK);
	cr_expect_eq(r.log.len, strlen("{f|big|text/plain|1}{end}") + total);
	cr_expect_eq(mp->caps.header_max, UC_MULTIPART_HEADER_MAX);
	uc_multipart_free(mp);
	uc_buf_cleanup(&r.log);
}

Test(http_multipart, callback_error_stops_and_sticks)
{
	static const char body[] = "--XyZ\r\n" DISP "name=a\r\n\r\nv\r\n"
	    "--XyZ--";
	int at;

	for (at = 1; at <= 3; at++) {	/* begin, data, end */
		struct uc_multipart_cb cb = { on_begin, on_data, on_end,
		    NULL };
		struct uc_multipart *mp = NULL;
		struct uc_error err = { 0 };
		struct rec r = { 0 };

		r.fail_at = at;
		cb.arg = &r;
		uc_buf_init(&r.log, 4096);
		cr_assert_eq(uc_multipart_new(CT, NULL, &cb, &mp, &err),
		    UC_OK);
		cr_expect_eq(uc_multipart_feed(mp, body, sizeof(body) - 1,
		    &err), UC_EIO, "callback %d", at);
		cr_expect_str_eq(err.message, "test: callback refused");
		cr_expect_eq(uc_multipart_feed(mp, "x", 1, &err), UC_EIO);
		cr_expect_eq(uc_multipart_finish(mp, &err), UC_EIO);
		cr_expect_str_eq(err.message, "multipart: the body was "
		    "already refused");
		uc_multipart_free(mp);
		uc_buf_cleanup(&r.log);
	}
}

Test(http_multipart, null_callbacks_and_free)
{
	static const char body[] = "--XyZ\r\n" DISP "name=a\r\n\r\nv\r\n"
	    "--XyZ--";
	struct uc_multipart *mp = NULL;
	struct uc_error err = { 0 };

	cr_assert_eq(uc_multipart_new(CT, NULL, NULL, &mp, &err), UC_OK);
	cr_expect_eq(uc_multipart_feed(mp, body, sizeof(body) - 1, &err),
	    UC_OK);
	cr_expect_eq(uc_multipart_feed(mp, "", 0, &err), UC_OK);
	cr_expect_eq(uc_multipart_finish(mp, &err), UC_OK);
	uc_multipart_free(mp);
	uc_multipart_free(NULL);
}
