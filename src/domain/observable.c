/*
 * observable.c - see observable.h.
 *
 * Each type has a writer that reads (s, n), a value without its NUL,
 * and appends the canonical form to a struct obuf, or adds one field
 * error and returns UC_EVALID. The domain, IPv4 and IPv6 writers are
 * shared by cidr, url and email; they return the reason as a clause
 * ("has an empty label") that the caller puts after its own subject.
 *
 * IPv6 text is parsed with inet_pton but written here (RFC 5952), so
 * that glibc's "::0.1.0.2" for "::1:2" is never the canonical form. IDN
 * labels are lower-cased with a simple case map (Latin, Vietnamese,
 * Greek, Cyrillic) and encoded with RFC 3492 punycode; full UTS 46
 * mapping and NFC are out of scope, so combining marks are refused.
 */
#include "domain/observable.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DOMAIN_MAX	253
#define LABEL_MAX	63
#define URL_REST_MAX	2048
#define USERINFO_MAX	256
#define EMAIL_MAX	254
#define LOCAL_MAX	64
#define FILE_NAME_MAX	255
#define ACCOUNT_MAX	256

/* The canonical form under construction; full is set, and writing
 * stops, when it would pass UC_OBSERVABLE_MAX. */
struct obuf {
	char s[UC_OBSERVABLE_MAX + 1];
	size_t n;
	int full;
};

typedef enum uc_status (*norm_fn)(const char *s, size_t n, struct obuf *o,
    struct uc_error *err);

static enum uc_status bad(struct uc_error *err, const char *fmt, ...)
    UC_PRINTF(2, 3);
static void putf(struct obuf *o, const char *fmt, ...) UC_PRINTF(2, 3);

/* A "value"/"format" field error with a formatted message. */
static enum uc_status
bad(struct uc_error *err, const char *fmt, ...)
{
	char msg[sizeof(err->fields[0].message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return uc_error_field(err, "value", "format", "%s", msg);
}

static void
put(struct obuf *o, const char *p, size_t len)
{
	if (o->full || len > UC_OBSERVABLE_MAX - o->n) {
		o->full = 1;
		return;
	}
	memcpy(o->s + o->n, p, len);
	o->n += len;
	o->s[o->n] = '\0';
}

static void
putf(struct obuf *o, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (len > 0)
		put(o, tmp, (size_t)len < sizeof(tmp) ? (size_t)len :
		    sizeof(tmp) - 1);
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static int
lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

/* Length of the UTF-8 sequence at s (n bytes left) with its code point
 * in *cp; 0 when it is not UTF-8 (overlong, surrogate, > U+10FFFF). */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80)
		len = 1, c = s[0];
	else if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	*cp = c;
	return len;
}

/* C0, DEL and C1 controls. */
static int
is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

/* NULL when s is UTF-8 without controls (and without '/' when
 * no_slash), else the reason. */
static const char *
check_text(const char *s, size_t n, int no_slash)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, len;
	uint32_t c;

	for (i = 0; i < n; i += len) {
		if ((len = utf8_next(u + i, n - i, &c)) == 0)
			return "is not valid UTF-8";
		if (is_control(c))
			return "contains a control character";
		if (no_slash && c == '/')
			return "contains '/'";
	}
	return NULL;
}

/* ---- IPv4 and IPv6 ---- */

/* Strict dotted quad into a[]: NULL, or the reason. */
static const char *
parse_v4(const char *s, size_t n, unsigned char a[4])
{
	size_t i = 0, start;
	unsigned v;
	int part;

	for (part = 0; part < 4; part++) {
		if (part > 0 && (i >= n || s[i++] != '.'))
			return "is not a dotted-quad IPv4 address";
		for (start = i, v = 0; i < n && is_digit(s[i]) &&
		    i - start < 4; i++)
			v = v * 10 + (unsigned)(s[i] - '0');
		if (i == start)
			return "is not a dotted-quad IPv4 address";
		if (i - start > 1 && s[start] == '0')
			return "has an IPv4 part with a leading zero, "
			    "which could be read as octal";
		if (v > 255)
			return "has an IPv4 part over 255";
		a[part] = (unsigned char)v;
	}
	return i == n ? NULL : "is not a dotted-quad IPv4 address";
}

static void
write_v4(const unsigned char a[4], struct obuf *o)
{
	putf(o, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

static const char *
parse_v6(const char *s, size_t n, unsigned char a[16])
{
	char tmp[64];

	if (memchr(s, '%', n) != NULL)
		return "has an IPv6 zone index ('%'), which is not part "
		    "of the address";
	if (n == 0 || n >= sizeof(tmp) || memchr(s, ':', n) == NULL)
		return "is not an IPv6 address";
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET6, tmp, a) != 1)
		return "is not an IPv6 address";
	return NULL;
}

/* The longest run of two or more zero groups, the first on a tie
 * (RFC 5952 4.2): its start in *best (-1 if none) and its length. */
static int
zero_run(const unsigned w[8], int *best)
{
	int i, run = 0, bestlen = 1;

	*best = -1;
	for (i = 0; i < 8; i++) {
		run = w[i] == 0 ? run + 1 : 0;
		if (run > bestlen) {
			bestlen = run;
			*best = i - run + 1;
		}
	}
	return bestlen;
}

static void
write_v6(const unsigned char a[16], struct obuf *o)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0xff, 0xff };
	unsigned w[8];
	int i, best, len;

	if (memcmp(a, mapped, sizeof(mapped)) == 0) {
		put(o, "::ffff:", 7);
		write_v4(a + 12, o);
		return;
	}
	for (i = 0; i < 8; i++)
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
	len = zero_run(w, &best);
	for (i = 0; i < 8; i++) {
		if (i == best) {
			put(o, "::", 2);
			i += len - 1;
			continue;
		}
		if (i > 0 && (best < 0 || i != best + len))
			put(o, ":", 1);
		putf(o, "%x", w[i]);
	}
}

static void
write_ip(const unsigned char *a, int v6, struct obuf *o)
{
	if (v6)
		write_v6(a, o);
	else
		write_v4(a, o);
}

static enum uc_status
norm_ipv4(const char *s, size_t n, struct obuf *o, struct uc_error *err)
{
	unsigned char a[4];
	const char *why = parse_v4(s, n, a);

	if (why != NULL)
		return bad(err, "value %s", why);
	write_v4(a, o);
	return UC_OK;
}

static enum uc_status
norm_ipv6(const char *s, size_t n, struct obuf *o, struct uc_error *err)
{
	unsigned char a[16];
	const char *why = parse_v6(s, n, a);

	if (why != NULL)
		return bad(err, "value %s", why);
	write_v6(a, o);
	return UC_OK;
}

/* ---- CIDR ---- */

/* Prefix length: "0" or 1-3 digits without a leading zero, <= max. */
static int
parse_prefix(const char *s, size_t n, int max)
{
	int v = 0;
	size_t i;

	if (n == 0 || n > 3 || (n > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= max ? v : -1;
}

/* Clear the host bits of a (len bytes) under prefix; 1 if any was set. */
static int
clear_host(unsigned char *a, size_t len, int prefix)
{
	size_t i;
	int set = 0;

	for (i = 0; i < len; i++) {
		int keep = prefix >= 8 ? 8 : prefix > 0 ? prefix : 0;
		unsigned char mask = (unsigned char)(0xff00u >> keep);

		set |= (a[i] & ~mask) != 0;
		a[i] &= mask;
		prefix -= 8;
	}
	return set;
}

static enum uc_status
norm_cidr(const char *s, size_t n, struct obuf *o, struct uc_error *err)
{
	const char *slash = memchr(s, '/', n), *why;
	int v6 = memchr(s, ':', n) != NULL, prefix;
	unsigned char a[16];
	size_t alen;

	if (slash == NULL)
		return bad(err, "value needs a prefix length, as in "
		    "10.0.0.0/8 or 2001:db8::/32");
	alen = (size_t)(slash - s);
	why = v6 ? parse_v6(s, alen, a) : parse_v4(s, alen, a);
	if (why != NULL)
		return bad(err, "the address of value %s", why);
	prefix = parse_prefix(slash + 1, n - alen - 1, v6 ? 128 : 32);
	if (prefix < 0)
		return bad(err, "value needs a prefix length from 0 to %d",
		    v6 ? 128 : 32);
	if (clear_host(a, v6 ? 16 : 4, prefix)) {
		struct obuf net = { .n = 0 };

		write_ip(a, v6, &net);
		return bad(err, "value has host bits set: the network is "
		    "%s/%d", net.s, prefix);
	}
	write_ip(a, v6, o);
	putf(o, "/%d", prefix);
	return UC_OK;
}

/* ---- domains, with IDN ---- */

/* Simple lower-case mapping for Latin-1, Latin Extended-A, Vietnamese
 * (Latin Extended Additional, O/U horn), Greek and Cyrillic. */
static uint32_t
lower_cp(uint32_t c)
{
	if (c < 0x80)
		return (uint32_t)lower_ascii((int)c);
	if ((c >= 0xc0 && c <= 0xde && c != 0xd7) ||
	    (c >= 0x391 && c <= 0x3ab && c != 0x3a2) ||
	    (c >= 0x410 && c <= 0x42f))
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	if (c == 0x178)
		return 0xff;
	if (((c >= 0x100 && c <= 0x12f) || (c >= 0x132 && c <= 0x137) ||
	    (c >= 0x14a && c <= 0x177) || (c >= 0x1e00 && c <= 0x1e95) ||
	    (c >= 0x1ea0 && c <= 0x1eff)) && c % 2 == 0)
		return c + 1;
	if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) &&
	    c % 2 == 1)
		return c + 1;
	if (c == 0x1a0 || c == 0x1af)
		return c + 1;
	return c;
}

/* Non-ASCII code points refused in a label: controls and Latin-1
 * punctuation, modifiers, punctuation and symbol blocks, ideographic
 * punctuation, private use, presentation and full-width forms,
 * specials, emoji, tags and non-characters. */
static int
idn_refused(uint32_t c)
{
	return c < 0xc0 || c == 0xd7 || c == 0xf7 ||
	    (c >= 0x2b0 && c <= 0x2ff) || (c >= 0x2000 && c <= 0x2bff) ||
	    (c >= 0x3000 && c <= 0x3004) || (c >= 0x3008 && c <= 0x3020) ||
	    (c >= 0xe000 && c <= 0xf8ff) || (c >= 0xfe00 && c <= 0xfe6f) ||
	    (c >= 0xfeff && c <= 0xffff) || (c >= 0x1f000 && c <= 0x1faff) ||
	    c >= 0xe0000 || (c & 0xfffe) == 0xfffe;
}

static char
puny_digit(uint32_t d)
{
	return (char)(d < 26 ? 'a' + d : '0' + (d - 26));
}

/* RFC 3492 6.1 bias adaptation. */
static uint32_t
puny_adapt(uint32_t delta, uint32_t npoints, int first)
{
	uint32_t k = 0;

	delta = first ? delta / 700 : delta / 2;
	delta += delta / npoints;
	while (delta > (36 - 1) * 26 / 2) {
		delta /= 36 - 1;
		k += 36;
	}
	return k + (36 - 1 + 1) * delta / (delta + 38);
}

/* Emit delta as a generalised variable-length integer (RFC 3492 6.3);
 * returns the new output length or -1 when it would pass cap. */
static int
puny_varint(uint32_t q, uint32_t bias, char *out, int o, int cap)
{
	uint32_t k, t;

	for (k = 36;; k += 36) {
		t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
		if (q < t)
			break;
		if (o >= cap)
			return -1;
		out[o++] = puny_digit(t + (q - t) % (36 - t));
		q = (q - t) / (36 - t);
	}
	if (o >= cap)
		return -1;
	out[o++] = puny_digit(q);
	return o;
}

/* RFC 3492 encoding of cp[0..n) into out; its length, or -1 when it
 * would pass cap bytes. n is at most LABEL_MAX, so delta cannot
 * overflow: it stays below 0x110000 * (LABEL_MAX + 1). */
static int
puny_encode(const uint32_t *cp, size_t n, char *out, int cap)
{
	uint32_t code = 0x80, bias = 72, delta = 0, m;
	size_t j, h, b = 0;
	int o = 0;

	for (j = 0; j < n; j++) {
		if (cp[j] >= 0x80)
			continue;
		if (o >= cap)
			return -1;
		out[o++] = (char)cp[j];
	}
	if ((b = (size_t)o) > 0) {
		if (o >= cap)
			return -1;
		out[o++] = '-';
	}
	for (h = b; h < n; delta++, code++) {
		for (m = UINT32_MAX, j = 0; j < n; j++)
			if (cp[j] >= code && cp[j] < m)
				m = cp[j];
		delta += (m - code) * (uint32_t)(h + 1);
		for (code = m, j = 0; j < n; j++) {
			if (cp[j] < code) {
				delta++;
			} else if (cp[j] == code) {
				if ((o = puny_varint(delta, bias, out, o,
				    cap)) < 0)
					return -1;
				bias = puny_adapt(delta, (uint32_t)h + 1,
				    h == b);
				delta = 0;
				h++;
			}
		}
	}
	return o;
}

static int
is_combining(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	    (c >= 0x1dc0 && c <= 0x1dff);
}

/* The reason a lower-cased code point cannot be in a label, or NULL. */
static const char *
point_refused(uint32_t c)
{
	if (is_combining(c))
		return "has a combining mark: write each letter "
		    "precomposed (NFC)";
	if (c < 0x80 ? !(is_digit((int)c) || (c >= 'a' && c <= 'z') ||
	    c == '-') : idn_refused(c))
		return "has a character that domain names do not allow "
		    "(letters, digits and '-' only)";
	return NULL;
}

/* Decode and lower-case one label into cp[]; the count, or -1 with the
 * reason in *why. */
static int
label_points(const char *s, size_t n, uint32_t cp[LABEL_MAX],
    const char **why)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, len;
	int k = 0;
	uint32_t c;

	*why = NULL;
	for (i = 0; i < n && *why == NULL; i += len) {
		if ((len = utf8_next(u + i, n - i, &c)) == 0)
			*why = "is not valid UTF-8";
		else if (k == LABEL_MAX)
			*why = "has a label longer than 63 characters";
		else if ((*why = point_refused(lower_cp(c))) == NULL)
			cp[k++] = lower_cp(c);
	}
	return *why == NULL ? k : -1;
}

/* Append one label as an A-label; NULL, or the reason. */
static const char *
label_write(const char *s, size_t n, struct obuf *o)
{
	uint32_t cp[LABEL_MAX];
	char tmp[LABEL_MAX];
	const char *why = NULL;
	int k, i, ascii = 1, len;

	if (n == 0)
		return "has an empty label";
	if ((k = label_points(s, n, cp, &why)) < 0)
		return why;
	if (cp[0] == '-' || cp[k - 1] == '-')
		return "has a label that starts or ends with '-'";
	for (i = 0; i < k; i++)
		ascii &= cp[i] < 0x80;
	if (ascii) {
		for (i = 0; i < k; i++)
			tmp[i] = (char)cp[i];
		put(o, tmp, (size_t)k);
		return NULL;
	}
	len = puny_encode(cp, (size_t)k, tmp, LABEL_MAX - 4);
	if (len < 0)
		return "has a label longer than 63 characters once "
		    "encoded (punycode)";
	put(o, "xn--", 4);
	put(o, tmp, (size_t)len);
	return NULL;
}

/* Append the canonical domain of s[0..n); NULL, or the reason. */
static const char *
domain_write(const char *s, size_t n, struct obuf *o)
{
	const char *why;
	size_t start = o->n, tld = o->n, i = 0, j;
	int labels = 0;

	if (n > 0 && s[n - 1] == '.')
		n--;	/* the root */
	for (;;) {
		for (j = i; j < n && s[j] != '.'; j++)
			;
		if (labels++ > 0)
			put(o, ".", 1);
		tld = o->n;
		if ((why = label_write(s + i, j - i, o)) != NULL)
			return why;
		if (j == n)
			break;
		i = j + 1;
	}
	if (o->n - start > DOMAIN_MAX)
		return "is longer than 253 characters";
	if (labels < 2)
		return "needs at least two labels, as in example.vn";
	for (i = tld; i < o->n && is_digit(o->s[i]); i++)
		;
	return i == o->n ? "has an all-numeric top-level label" : NULL;
}

static enum uc_status
norm_domain(const char *s, size_t n, struct obuf *o, struct uc_error *err)
{
	const char *why = domain_write(s, n, o);

	return why != NULL ? bad(err, "value %s", why) : UC_OK;
}

/* ---- URL ---- */

static const struct scheme {
	const char *name;
	unsigned port;
} schemes[] = {
	{ "http", 80 }, { "https", 443 }, { "ftp", 21 },
};

/* The scheme at s[0..len), or NULL. */
static const struct scheme *
scheme_of(const char *s, size_t len)
{
	size_t i, j;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		if (strlen(schemes[i].name) != len)
			continue;
		for (j = 0; j < len && lower_ascii(s[j]) ==
		    schemes[i].name[j]; j++)
			;
		if (j == len)
			return &schemes[i];
	}
	return NULL;
}

/* RFC 3986 userinfo: unreserved, pct-encoded, sub-delims and ':'. */
static int
userinfo_ok(const char *s, size_t n)
{
	size_t i;

	if (n > USERINFO_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') || is_digit(s[i]) ||
		    strchr("-._~%!$&'()*+,;=:", s[i]) != NULL))
			return 0;
	return 1;
}

/* Port digits into *port (0 when empty): -1 if not 1-65535. */
static int
parse_port(const char *s, size_t n, unsigned *port)
{
	size_t i;

	*port = 0;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]) || *port > 6553)
			return -1;
		*port = *port * 10 + (unsigned)(s[i] - '0');
	}
	return n > 0 && (*port == 0 || *port > 65535) ? -1 : 0;
}

/* Host: "[v6]", a dotted quad when all digits and dots, else a domain.
 * NULL, or the reason. */
static const char *
host_write(const char *s, size_t n, struct obuf *o)
{
	unsigned char a[16];
	const char *why;
	size_t i;

	if (n > 0 && s[0] == '[') {
		if (n < 2 || s[n - 1] != ']')
			return "has an IPv6 address without its ']'";
		if ((why = parse_v6(s + 1, n - 2, a)) != NULL)
			return why;
		put(o, "[", 1);
		write_v6(a, o);
		put(o, "]", 1);
		return NULL;
	}
	for (i = 0; i < n && (is_digit(s[i]) || s[i] == '.'); i++)
		;
	if (i < n || n == 0)
		return domain_write(s, n, o);
	if ((why = parse_v4(s, n, a)) != NULL)
		return why;
	write_v4(a, o);
	return NULL;
}

/* The port separator of host[:port]: after a "[...]", else the first
 * ':'; NULL when there is no port. */
static const char *
port_colon(const char *s, size_t n)
{
	const char *close;

	if (n > 0 && s[0] == '[') {
		close = memchr(s, ']', n);
		return close != NULL && close + 1 < s + n && close[1] == ':' ?
		    close + 1 : NULL;
	}
	return memchr(s, ':', n);
}

static enum uc_status
authority_write(const char *s, size_t n, const struct scheme *sch,
    struct obuf *o, struct uc_error *err)
{
	const char *at = NULL, *colon, *why;
	size_t i, hlen;
	unsigned port = 0;

	for (i = 0; i < n; i++)	/* the last '@', as browsers read it */
		if (s[i] == '@')
			at = s + i;
	if (at != NULL) {
		if (!userinfo_ok(s, (size_t)(at - s)))
			return bad(err, "the user info of the URL has a "
			    "character outside RFC 3986 or is too long");
		if (at > s) {
			put(o, s, (size_t)(at - s));
			put(o, "@", 1);
		}
		n -= (size_t)(at + 1 - s);
		s = at + 1;
	}
	colon = port_colon(s, n);
	hlen = colon != NULL ? (size_t)(colon - s) : n;
	if ((why = host_write(s, hlen, o)) != NULL)
		return bad(err, "the URL host %s", why);
	if (colon != NULL && parse_port(colon + 1, n - hlen - 1, &port) < 0)
		return bad(err, "the URL port must be from 1 to 65535");
	if (port != 0 && port != sch->port)
		putf(o, ":%u", port);
	return UC_OK;
}

/* Path, query and fragment: verbatim, but UTF-8 without controls or
 * spaces, and at most URL_REST_MAX bytes. */
static enum uc_status
rest_write(const char *s, size_t n, struct obuf *o, struct uc_error *err)
{
	const char *why;

	if (n > URL_REST_MAX)
		return bad(err, "the URL path and query are longer than %d "
		    "bytes", URL_REST_MAX);
	if ((why = check_text(s, n, 0)) != NULL)
		return bad(err, "the URL path %s", why);
	if (memchr(s, ' ', n) != NULL)
		return bad(err, "the URL path contains a space (write it "
		    "as %%20)");
	if (n == 0 || s[0] == '?' || s[0] == '#')
		put(o, "/", 1);
	put(o, s, n);
	return UC_OK;
}

static enum uc_status
norm_url(const char *s, size_t n, struct obuf *o, struct uc_error *err)
{
	const struct scheme *sch;
	size_t i, a, end;
	enum uc_status rc;

	/* RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
	for (i = 0; i < n && i < 32 && (((s[i] | 0x20) >= 'a' &&
	    (s[i] | 0x20) <= 'z') || (i > 0 && (is_digit(s[i]) ||
	    strchr("+-.", s[i]) != NULL))); i++)
		;
	if (i == 0 || i >= n || s[i] != ':')
		return bad(err, "value is not a URL: it needs a scheme, as "
		    "in https://");
	if ((sch = scheme_of(s, i)) == NULL)
		return bad(err, "value has the scheme '%.*s': only http, "
		    "https and ftp are accepted", (int)i, s);
	if (n - i < 3 || s[i + 1] != '/' || s[i + 2] != '/')
		return bad(err, "value is not a URL: '//' must follow "
		    "'%s:'", sch->name);
	a = i + 3;
	for (end = a; end < n && strchr("/?#\\", s[end]) == NULL; end++)
		;
	putf(o, "%s://", sch->name);
	rc = authority_write(s + a, end - a, sch, o, err);
	return rc != UC_OK ? rc : rest_write(s + end, n - end, o, err);
}

/* ---- email ---- */

/* RFC 5322 dot-atom: atext runs separated by single dots. */
static int
dot_atom(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.' ? s[i + 1] == '.' : !((s[i] >= 'a' &&
		    s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    is_digit(s[i]) || (s[i] != '\0' &&
		    strchr("!#$%&'*+-/=?^_`{|}~", s[i]) != NULL)))
			return 0;
	}
	return 1;
}

static enum uc_status
norm_email(const char *s, size_t n, struct obuf *o, struct uc_error *err)
{
	const char *at = NULL, *why;
	size_t i, local;

	for (i = 0; i < n; i++)
		if (s[i] == '@')
			at = s + i;
	if (at == NULL)
		return bad(err, "value is not an email address: no '@'");
	local = (size_t)(at - s);
	if (local == 0 || local > LOCAL_MAX)
		return bad(err, "the local part of the email address needs "
		    "1 to %d characters", LOCAL_MAX);
	if (!dot_atom(s, local))
		return bad(err, "the local part of the email address takes "
		    "letters, digits, !#$%%&'*+-/=?^_`{|}~ and single dots");
	put(o, s, local);
	put(o, "@", 1);
	if ((why = domain_write(at + 1, n - local - 1, o)) != NULL)
		return bad(err, "the email domain %s", why);
	if (o->n > EMAIL_MAX)
		return bad(err, "value is longer than %d characters",
		    EMAIL_MAX);
	return UC_OK;
}

/* ---- hashes, file names, accounts ---- */

static enum uc_status
hex_write(const char *s, size_t n, size_t want, const char *what,
    struct obuf *o, struct uc_error *err)
{
	size_t i;

	if (n != want)
		return bad(err, "value must be %zu hexadecimal digits for "
		    "%s, not %zu characters", want, what, n);
	for (i = 0; i < n; i++) {
		char c = (char)lower_ascii(s[i]);

		if (!is_hex(c))
			return bad(err, "value has a character that is not "
			    "a hexadecimal digit");
		put(o, &c, 1);
	}
	return UC_OK;
}

static enum uc_status
norm_md5(const char *s, size_t n, struct obuf *o, struct uc_error *err)
{
	return hex_write(s, n, 32, "MD5", o, err);
}

static enum uc_status
norm_sha1(const char *s, size_t n, struct obuf *o, struct uc_error *err)
{
	return hex_write(s, n, 40, "SHA-1", o, err);
}

static enum uc_status
norm_sha256(const char *s, size_t n, struct obuf *o, struct uc_error *err)
{
	return hex_write(s, n, 64, "SHA-256", o, err);
}

static enum uc_status
norm_filename(const char *s, size_t n, struct obuf *o,
    struct uc_error *err)
{
	const char *why;

	if (n > FILE_NAME_MAX)
		return bad(err, "value is longer than %d bytes",
		    FILE_NAME_MAX);
	if ((why = check_text(s, n, 1)) != NULL)
		return bad(err, "value %s", why);
	if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' &&
	    s[1] == '.'))
		return bad(err, "value names a directory, not a file");
	put(o, s, n);
	return UC_OK;
}

static enum uc_status
norm_account(const char *s, size_t n, struct obuf *o,
    struct uc_error *err)
{
	const char *why;

	if (n > ACCOUNT_MAX)
		return bad(err, "value is longer than %d bytes", ACCOUNT_MAX);
	if ((why = check_text(s, n, 0)) != NULL)
		return bad(err, "value %s", why);
	put(o, s, n);
	return UC_OK;
}

/* ---- the type table ---- */

const char *const uc_observable_types[] = {
	"ipv4", "ipv6", "cidr", "domain", "url", "email", "md5", "sha1",
	"sha256", "filename", "account", NULL
};

/* In the order of uc_observable_types. */
static const struct kind {
	norm_fn fn;
	int trim;	/* ignore ASCII white space around the value */
} kinds[] = {
	{ norm_ipv4, 1 }, { norm_ipv6, 1 }, { norm_cidr, 1 },
	{ norm_domain, 1 }, { norm_url, 1 }, { norm_email, 1 },
	{ norm_md5, 1 }, { norm_sha1, 1 }, { norm_sha256, 1 },
	{ norm_filename, 0 }, { norm_account, 1 },
};

_Static_assert(sizeof(kinds) / sizeof(kinds[0]) + 1 ==
    sizeof(uc_observable_types) / sizeof(uc_observable_types[0]),
    "one writer per observable type");

static int
kind_of(const char *type)
{
	int i;

	for (i = 0; type != NULL && uc_observable_types[i] != NULL; i++)
		if (strcmp(type, uc_observable_types[i]) == 0)
			return i;
	return -1;
}

int
uc_observable_type_valid(const char *type)
{
	return kind_of(type) >= 0;
}

static enum uc_status
bad_type(struct uc_error *err)
{
	struct obuf list = { .n = 0 };
	int i;

	for (i = 0; uc_observable_types[i] != NULL; i++)
		putf(&list, "%s%s", i > 0 ? ", " : "",
		    uc_observable_types[i]);
	return uc_error_field(err, "type", "enum", "type must be one of %s",
	    list.s);
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_space((*s)[0]))
		(*s)++, (*n)--;
	while (*n > 0 && is_space((*s)[*n - 1]))
		(*n)--;
}

/* Trim, check and write value as kind k into o. */
static enum uc_status
normalise(int k, const char *value, struct obuf *o, struct uc_error *err)
{
	size_t n = value != NULL ? strnlen(value,
	    UC_OBSERVABLE_INPUT_MAX + 1) : 0;
	enum uc_status rc;

	if (n > UC_OBSERVABLE_INPUT_MAX)
		return bad(err, "value is longer than %d bytes",
		    UC_OBSERVABLE_INPUT_MAX);
	if (value != NULL && kinds[k].trim)
		trim(&value, &n);
	if (n == 0)
		return uc_error_field(err, "value", "required",
		    "value is required");
	o->n = 0;
	o->full = 0;
	o->s[0] = '\0';
	if ((rc = kinds[k].fn(value, n, o, err)) != UC_OK)
		return rc;
	return o->full ? bad(err, "value is too long") : UC_OK;
}

enum uc_status
uc_observable_normalise(const char *type, const char *value, char *out,
    size_t outlen, struct uc_error *err)
{
	struct obuf o;
	int k = kind_of(type);
	enum uc_status rc;

	rc = k < 0 ? bad_type(err) : normalise(k, value, &o, err);
	if (rc == UC_OK && o.n >= outlen)
		rc = uc_error_set(err, UC_ETOOBIG, "the canonical %s needs "
		    "%zu bytes", type, o.n + 1);
	if (rc == UC_OK)
		memcpy(out, o.s, o.n + 1);	/* value may be out */
	else if (outlen > 0)
		out[0] = '\0';
	return rc;
}

/* ---- guessing ---- */

static int
accepts(const char *type, const char *value)
{
	char tmp[UC_OBSERVABLE_MAX + 1];

	return uc_observable_normalise(type, value, tmp, sizeof(tmp),
	    NULL) == UC_OK;
}

/* The extension after the last '.': 1-8 letters and digits, at least
 * one letter; else NULL. */
static const char *
extension(const char *s)
{
	const char *dot = strrchr(s, '.');
	int letters = 0;
	size_t n;

	if (dot == NULL || dot == s)
		return NULL;
	for (n = 1; dot[n] != '\0' && n <= 9; n++) {
		if ((dot[n] | 0x20) >= 'a' && (dot[n] | 0x20) <= 'z')
			letters++;
		else if (!is_digit(dot[n]))
			return NULL;
	}
	return letters > 0 && n <= 9 ? dot + 1 : NULL;
}

/* File extensions common in incidents, some of them also TLDs. */
static int
file_extension(const char *s)
{
	static const char *const exts[] = { "exe", "dll", "scr", "bat",
		"cmd", "ps1", "vbs", "js", "jse", "hta", "lnk", "msi", "jar",
		"sys", "bin", "elf", "sh", "py", "php", "asp", "aspx", "jsp",
		"doc", "docx", "docm", "xls", "xlsx", "xlsm", "ppt", "pptx",
		"pdf", "rtf", "txt", "zip", "rar", "7z", "gz", "tar", "iso",
		"img", "apk", "html", "htm", "eml", "log", NULL };
	const char *ext = extension(s);
	size_t i, j;

	for (i = 0; ext != NULL && exts[i] != NULL; i++) {
		for (j = 0; ext[j] != '\0' && lower_ascii(ext[j]) ==
		    exts[i][j]; j++)
			;
		if (ext[j] == '\0' && exts[i][j] == '\0')
			return 1;
	}
	return 0;
}

/* DOMAIN\user: a backslash inside, no white space. */
static int
account_like(const char *s)
{
	const char *bs = strchr(s, '\\');

	return bs != NULL && bs != s && bs[1] != '\0' &&
	    strpbrk(s, " \t\r\n") == NULL;
}

static const char *
type_name(const char *type)
{
	return uc_observable_types[kind_of(type)];
}

const char *
uc_observable_guess(const char *value)
{
	static const char *const exact[] = { "md5", "sha1", "sha256", "url",
		"cidr", "ipv4", "ipv6", "email", NULL };
	size_t i;

	if (value == NULL)
		return NULL;
	for (i = 0; exact[i] != NULL; i++)
		if (accepts(exact[i], value))
			return type_name(exact[i]);
	if (file_extension(value) && accepts("filename", value))
		return type_name("filename");
	if (accepts("domain", value))
		return type_name("domain");
	if (account_like(value) && accepts("account", value))
		return type_name("account");
	if (extension(value) != NULL && accepts("filename", value))
		return type_name("filename");
	return NULL;
}
