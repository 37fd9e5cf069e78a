/*
 * multipart.c - see multipart.h.
 *
 * The scan for a delimiter (in the preamble and in a part's content)
 * keeps only m, the number of delimiter bytes matched so far, across
 * chunks. The delimiter "\r\n--" boundary holds one CR, at its start,
 * and a boundary holds no CR, so when a byte breaks a partial match no
 * later start can lie inside the bytes matched: they are content (sent
 * again from mp->delim, never buffered) and the scan goes on at the
 * byte that broke the match. A part's header block is the one thing
 * buffered, up to caps.header_max bytes; its strings are copied to
 * mp->strs, which needs no more room than the block itself.
 */
#include "http/multipart.h"
#include "core/mem.h"
#include "core/parse.h"

#include <string.h>
#include <strings.h>

enum state {
	S_PREAMBLE,	/* before the first delimiter */
	S_AFTER,	/* a delimiter: "--", padding or CRLF follows */
	S_DASH,		/* "-" after a delimiter */
	S_PAD,		/* transport padding after a delimiter */
	S_LF,		/* CR after a delimiter */
	S_HEADERS,	/* a part's header block */
	S_DATA,		/* a part's content */
	S_EPILOGUE,	/* after the close delimiter: ignored */
	S_FAILED	/* refused; mp->failed says why */
};

#define DELIM_MAX (4 + UC_MULTIPART_BOUNDARY_MAX)

struct uc_multipart {
	struct uc_multipart_caps caps;
	struct uc_multipart_cb cb;
	enum state st;
	enum uc_status failed;		/* the first error */
	char delim[DELIM_MAX];		/* "\r\n--" boundary */
	size_t dlen;
	size_t m;			/* delimiter bytes matched */
	size_t nparts;			/* boundary lines seen */
	int in_part;			/* begun and not yet ended */
	size_t part_len;		/* content bytes of the part */
	struct uc_multipart_part part;
	char *hdr;			/* header block, header_max bytes */
	size_t hlen;
	size_t line;			/* start of the current line */
	char *strs;			/* the part's strings */
	size_t slen;
};

struct span {
	const char *p;
	size_t n;
};

/* RFC 2046 bchars: bcharsnospace and space (not last). */
static const char bchars[] = "0123456789"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static const char *
skip_ows(const char *p, const char *end)
{
	while (p < end && is_ows(*p))
		p++;
	return p;
}

static int
span_is(struct span s, const char *lit)
{
	return s.n == strlen(lit) && strncasecmp(s.p, lit, s.n) == 0;
}

static struct span
trim(const char *p, const char *end)
{
	struct span s;

	p = skip_ows(p, end);
	while (end > p && is_ows(end[-1]))
		end--;
	s.p = p;
	s.n = (size_t)(end - p);
	return s;
}

/* The first item of a header value (the media or disposition type). */
static struct span
first_item(const char **pp, const char *end)
{
	const char *p = *pp, *q = p;

	while (q < end && *q != ';')
		q++;
	*pp = q;
	return trim(p, q);
}

/* p is just past the opening quote; \" and \\ are escapes, any other
 * backslash is itself (Windows paths in old browsers' filenames). */
static const char *
quoted_end(const char *p, const char *end)
{
	while (p < end) {
		if (*p == '\\' && p + 1 < end && (p[1] == '"' || p[1] == '\\'))
			p += 2;
		else if (*p == '"')
			return p;
		else
			p++;
	}
	return NULL;
}

static size_t
unquote(char *dst, struct span v)
{
	size_t i, n = 0;

	for (i = 0; i < v.n; i++) {
		if (v.p[i] == '\\' && i + 1 < v.n &&
		    (v.p[i + 1] == '"' || v.p[i + 1] == '\\'))
			i++;
		dst[n++] = v.p[i];
	}
	return n;
}

/*
 * The next `; name=value` of a header value; value is a token or a
 * quoted-string (returned without its quotes, escapes still in).
 * UC_ENOTFOUND at the end, UC_EINVAL when malformed.
 */
static enum uc_status
next_param(const char **pp, const char *end, struct span *name,
    struct span *value, int *quoted)
{
	const char *p = skip_ows(*pp, end), *q;

	if (p < end && *p == ';')
		p = skip_ows(p + 1, end);
	else if (p < end)
		return UC_EINVAL;
	if (p == end)
		return UC_ENOTFOUND;	/* a trailing ';' is tolerated */
	for (q = p; q < end && *q != '=' && *q != ';' && !is_ows(*q); q++)
		;
	name->p = p;
	name->n = (size_t)(q - p);
	p = skip_ows(q, end);
	if (name->n == 0 || p == end || *p != '=')
		return UC_EINVAL;
	p = skip_ows(p + 1, end);
	*quoted = p < end && *p == '"';
	if (*quoted) {
		if ((q = quoted_end(p + 1, end)) == NULL)
			return UC_EINVAL;
		value->p = p + 1;
		*pp = q + 1;
	} else {
		for (q = p; q < end && *q != ';' && !is_ows(*q); q++)
			;
		value->p = p;
		*pp = q;
	}
	value->n = (size_t)(q - value->p);
	return UC_OK;
}

/* A quoted boundary needs no unquoting: a backslash is not a bchar. */
static enum uc_status
set_boundary(struct uc_multipart *mp, struct span v, struct uc_error *err)
{
	size_t i;

	if (v.n == 0 || v.n > UC_MULTIPART_BOUNDARY_MAX)
		return uc_error_set(err, UC_EINVAL, "multipart: the boundary "
		    "must be 1 to %d characters long, not %zu",
		    UC_MULTIPART_BOUNDARY_MAX, v.n);
	for (i = 0; i < v.n; i++)
		if (memchr(bchars, v.p[i], sizeof(bchars) - 1) == NULL)
			return uc_error_set(err, UC_EINVAL, "multipart: the "
			    "boundary has a character RFC 2046 does not "
			    "allow (0x%02x)", (unsigned char)v.p[i]);
	if (v.p[v.n - 1] == ' ')
		return uc_error_set(err, UC_EINVAL, "multipart: the boundary "
		    "ends with a space");
	memcpy(mp->delim, "\r\n--", 4);
	memcpy(mp->delim + 4, v.p, v.n);
	mp->dlen = 4 + v.n;
	return UC_OK;
}

static enum uc_status
parse_content_type(struct uc_multipart *mp, const char *ct,
    struct uc_error *err)
{
	const char *p = ct, *end;
	struct span name, value;
	int quoted, seen = 0;
	enum uc_status rc;

	if (ct == NULL || !span_is(first_item(&p, ct + strlen(ct)),
	    "multipart/form-data"))
		return uc_error_set(err, UC_EMEDIA, "multipart: the "
		    "Content-Type is not multipart/form-data");
	end = ct + strlen(ct);
	while ((rc = next_param(&p, end, &name, &value, &quoted)) == UC_OK) {
		if (!span_is(name, "boundary"))
			continue;
		if (seen++)
			return uc_error_set(err, UC_EINVAL, "multipart: the "
			    "Content-Type has two boundaries");
		if ((rc = set_boundary(mp, value, err)) != UC_OK)
			return rc;
	}
	if (rc != UC_ENOTFOUND)
		return uc_error_set(err, UC_EINVAL, "multipart: malformed "
		    "parameters in the Content-Type");
	if (!seen)
		return uc_error_set(err, UC_EINVAL, "multipart: the "
		    "Content-Type has no boundary");
	return UC_OK;
}

/* ---- part headers ---- */

static enum uc_status
bad_part(struct uc_multipart *mp, struct uc_error *err, const char *what)
{
	return uc_error_set(err, UC_EINVAL, "multipart: part %zu %s",
	    mp->part.index + 1, what);
}

static enum uc_status
check_text(struct uc_multipart *mp, const char *s, size_t n,
    const char *what, struct uc_error *err)
{
	size_t i;

	if (uc_utf8_len(s, n) < 0)
		return uc_error_set(err, UC_EINVAL, "multipart: part %zu: the "
		    "%s is not UTF-8", mp->part.index + 1, what);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return uc_error_set(err, UC_EINVAL, "multipart: part "
			    "%zu: the %s has a control character",
			    mp->part.index + 1, what);
	return UC_OK;
}

/* Room in strs: each string is shorter than its place in the block. */
static char *
strs_end(struct uc_multipart *mp, size_t n)
{
	uc_assert(mp->slen + n + 1 <= mp->caps.header_max + 1);
	return mp->strs + mp->slen;
}

static enum uc_status
keep(struct uc_multipart *mp, const char **dst, struct span v, int quoted,
    const char *what, struct uc_error *err)
{
	char *s = strs_end(mp, v.n);
	size_t n;

	if (*dst != NULL)
		return uc_error_set(err, UC_EINVAL, "multipart: part %zu has "
		    "two %s parameters", mp->part.index + 1, what);
	if (quoted) {
		n = unquote(s, v);
	} else {
		memcpy(s, v.p, v.n);
		n = v.n;
	}
	s[n] = '\0';
	mp->slen += n + 1;
	*dst = s;
	return check_text(mp, s, n, what, err);
}

/* RFC 5987 ext-value: charset "'" [language] "'" percent-encoded. */
static enum uc_status
keep_ext(struct uc_multipart *mp, const char **dst, struct span v,
    struct uc_error *err)
{
	const char *end = v.p + v.n, *q1, *q2, *p;
	char *s = strs_end(mp, v.n);
	size_t n = 0;

	if (*dst != NULL)
		return bad_part(mp, err, "has two filename* parameters");
	q1 = memchr(v.p, '\'', v.n);
	q2 = q1 ? memchr(q1 + 1, '\'', (size_t)(end - q1 - 1)) : NULL;
	if (q2 == NULL)
		return bad_part(mp, err, "has a malformed filename*");
	if (!span_is(trim(v.p, q1), "UTF-8"))
		return bad_part(mp, err, "has a filename* not in UTF-8");
	for (p = q2 + 1; p < end; n++) {
		if (*p != '%') {
			s[n] = *p++;
			continue;
		}
		if (end - p < 3 || uc_hex_digit(p[1]) < 0 ||
		    uc_hex_digit(p[2]) < 0)
			return bad_part(mp, err, "has a bad %-escape in "
			    "filename*");
		s[n] = (char)(uc_hex_digit(p[1]) << 4 | uc_hex_digit(p[2]));
		p += 3;
	}
	s[n] = '\0';
	mp->slen += n + 1;
	*dst = s;
	return check_text(mp, s, n, "filename*", err);
}

static enum uc_status
parse_disposition(struct uc_multipart *mp, struct span v,
    struct uc_error *err)
{
	const char *p = v.p, *end = v.p + v.n, *fname = NULL, *fstar = NULL;
	struct span name, value;
	enum uc_status rc;
	int quoted;

	if (!span_is(first_item(&p, end), "form-data"))
		return bad_part(mp, err, "is not form-data");
	while ((rc = next_param(&p, end, &name, &value, &quoted)) == UC_OK) {
		if (span_is(name, "name"))
			rc = keep(mp, &mp->part.name, value, quoted, "name",
			    err);
		else if (span_is(name, "filename"))
			rc = keep(mp, &fname, value, quoted, "filename", err);
		else if (span_is(name, "filename*"))
			rc = keep_ext(mp, &fstar, value, err);
		if (rc != UC_OK)
			return rc;
	}
	if (rc != UC_ENOTFOUND)
		return bad_part(mp, err, "has a malformed "
		    "Content-Disposition");
	if (mp->part.name == NULL || mp->part.name[0] == '\0')
		return bad_part(mp, err, "has no name");
	/* RFC 6266 4.3: filename* wins over filename */
	mp->part.filename = fstar ? fstar : fname;
	mp->part.is_file = mp->part.filename != NULL;
	return UC_OK;
}

static enum uc_status
parse_type(struct uc_multipart *mp, struct span v, struct uc_error *err)
{
	const char *ct = NULL;
	enum uc_status rc;

	if (v.n == 0)
		return bad_part(mp, err, "has an empty Content-Type");
	if ((rc = keep(mp, &ct, v, 0, "Content-Type", err)) == UC_OK)
		mp->part.content_type = ct;
	return rc;
}

/* RFC 7578 4.7: senders do not encode; refuse what we would not undo. */
static enum uc_status
parse_cte(struct uc_multipart *mp, struct span v, struct uc_error *err)
{
	if (span_is(v, "binary") || span_is(v, "8bit") || span_is(v, "7bit"))
		return UC_OK;
	return uc_error_set(err, UC_EINVAL, "multipart: part %zu: "
	    "Content-Transfer-Encoding '%.*s' is not supported",
	    mp->part.index + 1, (int)(v.n > 32 ? 32 : v.n), v.p);
}

static const struct {
	const char *name;
	enum uc_status (*parse)(struct uc_multipart *, struct span,
	    struct uc_error *);
} part_headers[] = {
	{ "Content-Disposition", parse_disposition },
	{ "Content-Type", parse_type },
	{ "Content-Transfer-Encoding", parse_cte },
};

#define NHEADERS (sizeof(part_headers) / sizeof(part_headers[0]))

/* One "Name: value" line, end at its CR; unknown names are ignored. */
static enum uc_status
header_line(struct uc_multipart *mp, const char *p, const char *end,
    unsigned *seen, struct uc_error *err)
{
	const char *colon = memchr(p, ':', (size_t)(end - p)), *q;
	struct span name;
	size_t i;

	if (colon == NULL || colon == p)
		return bad_part(mp, err, "has a malformed header line");
	for (q = p; q < colon; q++)
		if ((unsigned char)*q <= ' ' || *q == 0x7f)
			return bad_part(mp, err, "has a malformed header "
			    "name");
	name.p = p;
	name.n = (size_t)(colon - p);
	for (i = 0; i < NHEADERS; i++) {
		if (!span_is(name, part_headers[i].name))
			continue;
		if (*seen & 1u << i)
			return uc_error_set(err, UC_EINVAL, "multipart: part "
			    "%zu has two %s headers", mp->part.index + 1,
			    part_headers[i].name);
		*seen |= 1u << i;
		return part_headers[i].parse(mp, trim(colon + 1, end), err);
	}
	return UC_OK;
}

/* The block hdr[0..line): lines that each end with CRLF. */
static enum uc_status
parse_headers(struct uc_multipart *mp, struct uc_error *err)
{
	const char *p = mp->hdr, *end = mp->hdr + mp->line, *nl;
	unsigned seen = 0;
	enum uc_status rc;

	memset(&mp->part, 0, sizeof(mp->part));
	mp->part.index = mp->nparts - 1;
	mp->part.content_type = "text/plain";	/* RFC 7578 4.4 */
	mp->slen = 0;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		uc_assert(nl != NULL && nl > p && nl[-1] == '\r');
		if ((rc = header_line(mp, p, nl - 1, &seen, err)) != UC_OK)
			return rc;
		p = nl + 1;
	}
	if (!(seen & 1u))
		return bad_part(mp, err, "has no Content-Disposition");
	return UC_OK;
}

/* ---- the body ---- */

static enum uc_status
begin_part(struct uc_multipart *mp, struct uc_error *err)
{
	enum uc_status rc;

	if ((rc = parse_headers(mp, err)) != UC_OK)
		return rc;
	mp->in_part = 1;
	mp->part_len = 0;
	mp->m = 0;
	mp->st = S_DATA;
	return mp->cb.begin ? mp->cb.begin(mp->cb.arg, &mp->part, err) :
	    UC_OK;
}

static enum uc_status
end_part(struct uc_multipart *mp, struct uc_error *err)
{
	if (!mp->in_part)
		return UC_OK;
	mp->in_part = 0;
	return mp->cb.end ? mp->cb.end(mp->cb.arg, err) : UC_OK;
}

/* A header line has just ended with LF. */
static enum uc_status
header_line_done(struct uc_multipart *mp, struct uc_error *err)
{
	const char *l = mp->hdr + mp->line;
	size_t n = mp->hlen - mp->line;

	if (n < 2 || l[n - 2] != '\r')
		return bad_part(mp, err, "has a header line not ending in "
		    "CRLF");
	if (n == 2)
		return begin_part(mp, err);
	if (is_ows(l[0]))
		return bad_part(mp, err, "has a folded header line");
	mp->line = mp->hlen;
	return UC_OK;
}

static enum uc_status
read_headers(struct uc_multipart *mp, const char *p, size_t n,
    size_t *used, struct uc_error *err)
{
	const char *nl = memchr(p, '\n', n);
	size_t take = nl ? (size_t)(nl - p) + 1 : n;

	if (take > mp->caps.header_max - mp->hlen)
		return uc_error_set(err, UC_EINVAL, "multipart: part header "
		    "too long (over %zu bytes)", mp->caps.header_max);
	memcpy(mp->hdr + mp->hlen, p, take);
	mp->hlen += take;
	*used = take;
	return nl ? header_line_done(mp, err) : UC_OK;
}

/* Content bytes of the current part; in the preamble, dropped. */
static enum uc_status
emit(struct uc_multipart *mp, const char *p, size_t n,
    struct uc_error *err)
{
	if (n == 0 || !mp->in_part)
		return UC_OK;
	if (!mp->part.is_file && n > mp->caps.field_max - mp->part_len)
		return uc_error_set(err, UC_ETOOBIG, "multipart: the field "
		    "'%s' is over %zu bytes", mp->part.name,
		    mp->caps.field_max);
	mp->part_len += n;
	return mp->cb.data ? mp->cb.data(mp->cb.arg, p, n, err) : UC_OK;
}

/* Look for the delimiter, emitting what precedes it (see the top). */
static enum uc_status
scan(struct uc_multipart *mp, const char *p, size_t n, size_t *used,
    struct uc_error *err)
{
	size_t i = 0, run = 0;
	const char *cr;
	enum uc_status rc;

	while (i < n) {
		if (mp->m == 0) {
			if ((cr = memchr(p + i, '\r', n - i)) == NULL)
				break;
			i = (size_t)(cr - p);
			if ((rc = emit(mp, p + run, i - run, err)) != UC_OK)
				return rc;
			mp->m = 1;
			run = ++i;
		} else if (p[i] == mp->delim[mp->m]) {
			run = ++i;
			if (++mp->m == mp->dlen) {
				mp->m = 0;
				mp->st = S_AFTER;
				*used = i;
				return UC_OK;
			}
		} else {
			rc = emit(mp, mp->delim, mp->m, err);
			mp->m = 0;
			run = i;
			if (rc != UC_OK)
				return rc;
		}
	}
	*used = n;
	return emit(mp, p + run, n - run, err);
}

/* A boundary line is complete: a part's headers follow. */
static enum uc_status
boundary_line(struct uc_multipart *mp, struct uc_error *err)
{
	enum uc_status rc;

	if ((rc = end_part(mp, err)) != UC_OK)
		return rc;
	if (++mp->nparts > mp->caps.parts_max)
		return uc_error_set(err, UC_EINVAL, "multipart: more than %zu "
		    "parts", mp->caps.parts_max);
	mp->st = S_HEADERS;
	mp->hlen = 0;
	mp->line = 0;
	return UC_OK;
}

/* One byte after a delimiter: "--" closes, [padding] CRLF goes on. */
static enum uc_status
after_delim(struct uc_multipart *mp, char c, struct uc_error *err)
{
	int line_start = mp->st == S_AFTER || mp->st == S_PAD;

	if (mp->st == S_AFTER && c == '-') {
		mp->st = S_DASH;
		return UC_OK;
	}
	if (mp->st == S_DASH && c == '-') {
		mp->st = S_EPILOGUE;
		return end_part(mp, err);
	}
	if (line_start && (is_ows(c) || c == '\r')) {
		mp->st = c == '\r' ? S_LF : S_PAD;
		return UC_OK;
	}
	if (mp->st == S_LF && c == '\n')
		return boundary_line(mp, err);
	return uc_error_set(err, UC_EINVAL, "multipart: a boundary is "
	    "followed by bytes other than CRLF or \"--\"");
}

static enum uc_status
step(struct uc_multipart *mp, const char *p, size_t n, size_t *used,
    struct uc_error *err)
{
	switch (mp->st) {
	case S_PREAMBLE:
	case S_DATA:
		return scan(mp, p, n, used, err);
	case S_AFTER:
	case S_DASH:
	case S_PAD:
	case S_LF:
		*used = 1;
		return after_delim(mp, *p, err);
	case S_HEADERS:
		return read_headers(mp, p, n, used, err);
	case S_EPILOGUE:
		*used = n;
		return UC_OK;
	default:
		uc_assert_fail("multipart: bad state", __FILE__, __LINE__);
	}
}

static enum uc_status
refused(struct uc_multipart *mp, struct uc_error *err)
{
	return uc_error_set(err, mp->failed, "multipart: the body was "
	    "already refused");
}

enum uc_status
uc_multipart_feed(struct uc_multipart *mp, const char *data, size_t len,
    struct uc_error *err)
{
	enum uc_status rc = UC_OK;
	size_t used;

	if (mp->st == S_FAILED)
		return refused(mp, err);
	while (len > 0) {
		used = 0;
		if ((rc = step(mp, data, len, &used, err)) != UC_OK)
			break;
		uc_assert(used > 0 && used <= len);
		data += used;
		len -= used;
	}
	if (rc != UC_OK) {
		mp->failed = rc;
		mp->st = S_FAILED;
	}
	return rc;
}

enum uc_status
uc_multipart_finish(struct uc_multipart *mp, struct uc_error *err)
{
	if (mp->st == S_FAILED)
		return refused(mp, err);
	if (mp->st != S_EPILOGUE) {
		mp->failed = UC_EINVAL;
		mp->st = S_FAILED;
		return uc_error_set(err, UC_EINVAL, "multipart: missing "
		    "closing boundary");
	}
	return UC_OK;
}

static void
set_caps(struct uc_multipart_caps *dst, const struct uc_multipart_caps *c)
{
	dst->header_max = c && c->header_max ? c->header_max :
	    UC_MULTIPART_HEADER_MAX;
	dst->parts_max = c && c->parts_max ? c->parts_max :
	    UC_MULTIPART_PARTS_MAX;
	dst->field_max = c && c->field_max ? c->field_max :
	    UC_MULTIPART_FIELD_MAX;
}

enum uc_status
uc_multipart_new(const char *content_type,
    const struct uc_multipart_caps *caps, const struct uc_multipart_cb *cb,
    struct uc_multipart **out, struct uc_error *err)
{
	struct uc_multipart *mp = uc_xcalloc(1, sizeof(*mp));
	enum uc_status rc;

	*out = NULL;
	if ((rc = parse_content_type(mp, content_type, err)) != UC_OK)
		goto fail;
	set_caps(&mp->caps, caps);
	if (cb != NULL)
		mp->cb = *cb;
	mp->hdr = uc_xmalloc(mp->caps.header_max);
	mp->strs = uc_xmalloc(mp->caps.header_max + 1);
	mp->st = S_PREAMBLE;
	mp->m = 2;	/* the body may open with "--" boundary, no CRLF */
	*out = mp;
	return UC_OK;
fail:
	uc_multipart_free(mp);
	return rc;
}

void
uc_multipart_free(struct uc_multipart *mp)
{
	if (mp == NULL)
		return;
	uc_free(mp->hdr);
	uc_free(mp->strs);
	uc_free(mp);
}
