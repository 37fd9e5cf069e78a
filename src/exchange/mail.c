/*
 * mail.c - see mail.h. The message is built whole in memory (a few
 * kilobytes), then libcurl reads it from there; the SMTP exchange
 * (EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA, dot-stuffing) is
 * libcurl's.
 */
#include "exchange/mail.h"
#include "core/buf.h"
#include "core/mem.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAIL_MAX (4u << 20)	/* the whole message, headers and bodies */
#define WORD_BYTES 45		/* raw bytes per encoded word: 60 base64
				 * characters, 72 with =?UTF-8?B?...?= */
#define LINE_CHARS 76		/* base64 body lines (RFC 2045) */
#define VN_OFFSET_S (7 * 3600)	/* Asia/Ho_Chi_Minh, no summer time */

/* A buffer whose first failed append is remembered, not returned. */
struct out {
	struct uc_buf b;
	int full;
};

static void
put(struct out *o, const char *p, size_t n)
{
	if (!o->full && uc_buf_append(&o->b, p, n) != UC_OK)
		o->full = 1;
}

static void
puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* Printable ASCII that needs no encoding in a header. */
static int
plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* CR or LF (or any control) would end the header and start another. */
static int
unsafe(const char *s)
{
	for (; s != NULL && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static void
base64(struct out *o, const unsigned char *p, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_ORIGINAL);
	char *b = uc_xmalloc(len);

	sodium_bin2base64(b, len, p, n, sodium_base64_VARIANT_ORIGINAL);
	puts_(o, b);
	uc_free(b);
}

/* Bytes of the UTF-8 character starting with c (1 for a stray byte). */
static size_t
utf8_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* RFC 2047: s as "B" encoded words of whole characters, folded onto
 * continuation lines (the space between two words is not text). */
static void
words(struct out *o, const char *s)
{
	size_t n = strlen(s), i = 0, j, k;

	while (i < n) {
		for (j = i; j < n; j += k) {
			k = utf8_len((unsigned char)s[j]);
			if (j + k > n || j + k - i > WORD_BYTES)
				break;
		}
		if (j == i)
			j = n < i + WORD_BYTES ? n : i + WORD_BYTES;
		puts_(o, i ? "\r\n =?UTF-8?B?" : "=?UTF-8?B?");
		base64(o, (const unsigned char *)s + i, j - i);
		puts_(o, "?=");
		i = j;
	}
}

/* A header value: as is when it is short plain ASCII, else encoded. */
static void
value(struct out *o, const char *s)
{
	if (plain(s) && strstr(s, "=?") == NULL && strlen(s) < 900)
		puts_(o, s);
	else
		words(o, s);
}

/* "Name <address>", the name quoted or encoded as it needs. */
static void
mailbox(struct out *o, const char *name, const char *addr)
{
	const char *p;

	if (name != NULL && *name != '\0' && plain(name) &&
	    strstr(name, "=?") == NULL) {
		puts_(o, "\"");
		for (p = name; *p; p++) {
			if (*p == '"' || *p == '\\')
				puts_(o, "\\");
			put(o, p, 1);
		}
		puts_(o, "\" ");
	} else if (name != NULL && *name != '\0') {
		words(o, name);
		puts_(o, " ");
	}
	puts_(o, "<");
	puts_(o, addr);
	puts_(o, ">");
}

void
uc_mail_date(int64_t ms, char *buf, size_t len)
{
	static const char *const day[] = { "Sun", "Mon", "Tue", "Wed",
		"Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr",
		"May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)(ms / 1000) + VN_OFFSET_S;
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%s, %02d %s %04d %02d:%02d:%02d +0700",
	    day[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* One body part: UTF-8 text with CRLF line ends, in base64 lines. */
static void
part(struct out *o, const char *boundary, const char *type,
    const char *text)
{
	struct out crlf = { { 0 }, 0 };
	struct out b64 = { { 0 }, 0 };
	const char *p;
	size_t i;

	uc_buf_init(&crlf.b, MAIL_MAX);
	uc_buf_init(&b64.b, MAIL_MAX);
	for (p = text; *p; p++)
		if (*p == '\n')
			puts_(&crlf, "\r\n");
		else if (*p != '\r')
			put(&crlf, p, 1);
	base64(&b64, (const unsigned char *)(crlf.b.data ? crlf.b.data :
	    ""), crlf.b.len);
	if (boundary != NULL) {
		puts_(o, "\r\n--");
		puts_(o, boundary);
		puts_(o, "\r\n");
	}
	puts_(o, "Content-Type: ");
	puts_(o, type);
	puts_(o, "; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n"
	    "\r\n");
	for (i = 0; i < b64.b.len; i += LINE_CHARS) {
		put(o, b64.b.data + i, b64.b.len - i < LINE_CHARS ?
		    b64.b.len - i : LINE_CHARS);
		puts_(o, "\r\n");
	}
	o->full |= crlf.full | b64.full;
	uc_buf_cleanup(&crlf.b);
	uc_buf_cleanup(&b64.b);
}

static enum uc_status
check(const struct uc_mail_server *srv, const struct uc_mail *m,
    struct uc_error *err)
{
	int i;

	if (m->to == NULL || *m->to == '\0' || strpbrk(m->to, "<> ") ||
	    unsafe(m->to))
		return uc_error_set(err, UC_EINVAL, "mail: bad recipient");
	if (srv->from == NULL || *srv->from == '\0' ||
	    strpbrk(srv->from, "<> ") || unsafe(srv->from))
		return uc_error_set(err, UC_EINVAL, "mail: bad sender");
	if (unsafe(m->to_name) || unsafe(srv->from_name) ||
	    unsafe(m->subject) || unsafe(m->message_id) ||
	    m->message_id == NULL || strpbrk(m->message_id, "<> "))
		return uc_error_set(err, UC_EINVAL, "mail: a header holds a "
		    "line break or a bracket");
	for (i = 0; i < m->nheaders; i++)
		if (!plain(m->headers[i].name) || strpbrk(m->headers[i].name,
		    ": ") || unsafe(m->headers[i].value))
			return uc_error_set(err, UC_EINVAL, "mail: bad header "
			    "%s", m->headers[i].name);
	return UC_OK;
}

static void
headers(struct out *o, const struct uc_mail_server *srv,
    const struct uc_mail *m)
{
	char date[40];
	int i;

	uc_mail_date(m->date_ms, date, sizeof(date));
	puts_(o, "From: ");
	mailbox(o, srv->from_name, srv->from);
	puts_(o, "\r\nTo: ");
	mailbox(o, m->to_name, m->to);
	puts_(o, "\r\nSubject: ");
	value(o, m->subject ? m->subject : "");
	puts_(o, "\r\nDate: ");
	puts_(o, date);
	puts_(o, "\r\nMessage-ID: <");
	puts_(o, m->message_id);
	puts_(o, ">\r\nMIME-Version: 1.0\r\nContent-Language: vi\r\n"
	    "Auto-Submitted: auto-generated\r\n");
	for (i = 0; i < m->nheaders; i++) {
		puts_(o, m->headers[i].name);
		puts_(o, ": ");
		value(o, m->headers[i].value ? m->headers[i].value : "");
		puts_(o, "\r\n");
	}
}

enum uc_status
uc_mail_build(const struct uc_mail_server *srv, const struct uc_mail *m,
    char **out, struct uc_error *err)
{
	struct out o = { { 0 }, 0 };
	unsigned char rnd[12];
	char boundary[64], hex[sizeof(rnd) * 2 + 1];
	enum uc_status rc;

	*out = NULL;
	if ((rc = check(srv, m, err)) != UC_OK)
		return rc;
	uc_buf_init(&o.b, MAIL_MAX);
	headers(&o, srv, m);
	if (m->html == NULL || *m->html == '\0') {
		part(&o, NULL, "text/plain", m->text ? m->text : "");
	} else {
		/* "=_" never occurs in base64, so no body holds the line */
		randombytes_buf(rnd, sizeof(rnd));
		sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
		snprintf(boundary, sizeof(boundary), "=_ungcuu_%s", hex);
		puts_(&o, "Content-Type: multipart/alternative; boundary=\"");
		puts_(&o, boundary);
		puts_(&o, "\"\r\n\r\nThis is a MIME message.\r\n");
		part(&o, boundary, "text/plain", m->text ? m->text : "");
		part(&o, boundary, "text/html", m->html);
		puts_(&o, "\r\n--");
		puts_(&o, boundary);
		puts_(&o, "--\r\n");
	}
	if (o.full) {
		uc_buf_cleanup(&o.b);
		return uc_error_set(err, UC_ETOOBIG, "mail: over %u bytes",
		    MAIL_MAX);
	}
	*out = uc_buf_take(&o.b);
	return UC_OK;
}

/* ---- sending ---- */

struct reader {
	const char *p;
	size_t left;
};

static size_t
read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct reader *r = arg;
	size_t n = size * nitems;

	if (n > r->left)
		n = r->left;
	memcpy(buf, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

static void
options(CURL *c, const struct uc_mail_server *srv, char *errbuf)
{
	curl_easy_setopt(c, CURLOPT_URL, srv->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, srv->timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, srv->timeout_ms);
	curl_easy_setopt(c, CURLOPT_USE_SSL, srv->tls_required ?
	    (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	if (srv->ca_file != NULL && *srv->ca_file != '\0')
		curl_easy_setopt(c, CURLOPT_CAINFO, srv->ca_file);
	if (srv->user != NULL && *srv->user != '\0') {
		curl_easy_setopt(c, CURLOPT_USERNAME, srv->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, srv->password ?
		    srv->password : "");
	}
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
}

static enum uc_status
outcome(CURL *c, CURLcode cc, const char *errbuf, int *permanent,
    struct uc_error *err)
{
	long code = 0;

	if (cc == CURLE_OK)
		return UC_OK;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	/* a 5xx refuses this message for good; a refused login is the
	 * server's configuration or ours, worth trying again once fixed */
	*permanent = code >= 500 && code < 600 && cc != CURLE_LOGIN_DENIED;
	return uc_error_set(err, UC_EIO, "smtp: %s (reply %ld)",
	    *errbuf ? errbuf : curl_easy_strerror(cc), code);
}

enum uc_status
uc_mail_send(const struct uc_mail_server *srv, const struct uc_mail *m,
    int *permanent, struct uc_error *err)
{
	char errbuf[CURL_ERROR_SIZE] = "", *msg = NULL, *envelope;
	struct curl_slist *rcpt = NULL;
	struct reader r;
	CURL *c = NULL;
	enum uc_status rc;

	*permanent = 0;
	if ((rc = uc_mail_build(srv, m, &msg, err)) != UC_OK) {
		*permanent = 1;
		return rc;
	}
	if ((c = curl_easy_init()) == NULL) {
		uc_free(msg);
		return uc_error_set(err, UC_EIO, "smtp: curl_easy_init");
	}
	r.p = msg;
	r.left = strlen(msg);
	envelope = uc_xmalloc(strlen(m->to) + strlen(srv->from) + 3);
	snprintf(envelope, strlen(m->to) + 3, "<%s>", m->to);
	rcpt = curl_slist_append(NULL, envelope);
	snprintf(envelope, strlen(srv->from) + 3, "<%s>", srv->from);
	options(c, srv, errbuf);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, envelope);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READDATA, &r);
	rc = rcpt == NULL ? uc_error_set(err, UC_EIO, "smtp: out of memory")
	    : outcome(c, curl_easy_perform(c), errbuf, permanent, err);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	uc_free(envelope);
	uc_free(msg);
	return rc;
}
